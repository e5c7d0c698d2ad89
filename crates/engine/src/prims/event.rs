//! `threading.Event`: a flag that is set, cleared and waited for.

use super::{Cx, Effect, Primitive};
use crate::model::{ActorId, Op};
use crate::i18n::{self, Lang};
use crate::trace::ObjectState;

#[derive(Clone, Debug, Default, Hash)]
pub struct Event {
    pub set: bool,
}

pub fn accepts(op: Op) -> bool {
    matches!(op, Op::EventSet { .. } | Op::EventWait { .. } | Op::EventClear { .. })
}

/// The Python text of `op` on the object called `name`.
pub fn text(op: Op, name: &str) -> String {
    use crate::builder::secs;
    match op {
        Op::EventSet { .. } => format!("{name}.set()"),
        Op::EventWait { timeout_ms: None, .. } => format!("{name}.wait()"),
        Op::EventWait { timeout_ms: Some(t), .. } => format!("ok = {name}.wait(timeout={})", secs(t)),
        Op::EventClear { .. } => format!("{name}.clear()"),
        _ => String::new(),
    }
}

impl Primitive for Event {
    #[inline]
    fn may_block(&self, op: Op) -> bool {
        matches!(op, Op::EventWait { .. })
    }

    #[inline]
    fn ready(&self, _a: ActorId, op: Op) -> bool {
        !matches!(op, Op::EventWait { .. }) || self.set
    }

    #[inline]
    fn apply(&mut self, cx: &mut Cx<'_>, op: Op) -> Effect {
        match op {
            Op::EventSet { .. } => self.set = true,
            Op::EventClear { .. } => self.set = false,
            Op::EventWait { .. } => cx.ok = true,
            _ => {}
        }
        Effect::Done
    }

    #[inline]
    fn show(&self, _blocked: Vec<ActorId>) -> ObjectState {
        ObjectState::Event { set: self.set }
    }
}

/// Its declaration in Python.
pub fn declaration(name: &str) -> String {
    format!("{name} = threading.Event()")
}

/// Its chart: 1 when set.
pub fn axis() -> (Option<(f64, String)>, &'static str) {
    (Some((1.0, "set".to_string())), "set")
}

pub fn describe(lang: Lang, set: bool) -> String {
    i18n::text(lang, if set { "obj-event-set" } else { "obj-event-clear" }).to_string()
}
