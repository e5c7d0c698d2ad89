//! `threading.Event`: a flag that is set, cleared and waited for.

use super::{Cx, Effect, Primitive};
use crate::model::{ActorId, Op};
use crate::trace::ObjectState;

#[derive(Clone, Debug, Default)]
pub struct Event {
    pub set: bool,
}

pub fn accepts(op: Op) -> bool {
    matches!(op, Op::EventSet { .. } | Op::EventWait { .. } | Op::EventClear { .. })
}

impl Primitive for Event {
    fn ready(&self, _a: ActorId, op: Op) -> bool {
        !matches!(op, Op::EventWait { .. }) || self.set
    }

    fn apply(&mut self, cx: &mut Cx<'_>, op: Op) -> Effect {
        match op {
            Op::EventSet { .. } => self.set = true,
            Op::EventClear { .. } => self.set = false,
            Op::EventWait { .. } => cx.ok = true,
            _ => {}
        }
        Effect::Done
    }

    fn show(&self, _blocked: &[ActorId]) -> ObjectState {
        ObjectState::Event { set: self.set }
    }
}
