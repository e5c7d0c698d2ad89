//! `threading.Lock`: a lock with one holder and no memory of depth.
//!
//! As in CPython, a holder that acquires it again waits for itself forever:
//! the wait-for graph names that one-actor cycle as a deadlock. A release by
//! an actor that does not hold it fails the actor.

use super::{Cx, Effect, Holdable, Primitive};
use crate::model::{ActorId, Op};
use crate::i18n::{self, Lang};
use crate::trace::ObjectState;

#[derive(Clone, Debug, Default, Hash)]
pub struct Mutex {
    pub holder: Option<ActorId>,
}

/// Lock, unlock and try-lock (shared with [`super::rlock`]).
pub fn accepts(op: Op) -> bool {
    matches!(op, Op::Lock { .. } | Op::Unlock { .. } | Op::TryLock { .. })
}

/// The Python text of `op` on the object called `name`.
pub fn text(op: Op, name: &str) -> String {
    use crate::builder::secs;
    match op {
        Op::Lock { .. } => format!("{name}.acquire()"),
        Op::Unlock { .. } => format!("{name}.release()"),
        Op::TryLock { timeout_ms: 0, .. } => format!("ok = {name}.acquire(blocking=False)"),
        Op::TryLock { timeout_ms, .. } => format!("ok = {name}.acquire(timeout={})", secs(timeout_ms)),
        _ => String::new(),
    }
}

impl Primitive for Mutex {
    #[inline]
    fn may_block(&self, op: Op) -> bool {
        matches!(op, Op::Lock { .. } | Op::TryLock { .. })
    }

    #[inline]
    fn ready(&self, _a: ActorId, op: Op) -> bool {
        match op {
            Op::Lock { .. } | Op::TryLock { .. } => self.holder.is_none(),
            _ => true,
        }
    }

    #[inline]
    fn apply(&mut self, cx: &mut Cx<'_>, op: Op) -> Effect {
        match op {
            Op::Lock { .. } => self.holder = Some(cx.actor),
            Op::TryLock { .. } => {
                self.holder = Some(cx.actor);
                cx.ok = true;
            }
            Op::Unlock { .. } => {
                if self.holder != Some(cx.actor) {
                    return Effect::Fail(format!("released {}, which it does not hold", cx.name));
                }
                self.holder = None;
            }
            _ => {}
        }
        Effect::Done
    }

    #[inline]
    fn lists_blocked(&self) -> bool {
        true
    }

    #[inline]
    fn show(&self, blocked: Vec<ActorId>) -> ObjectState {
        ObjectState::Mutex { holder: self.holder, waiters: blocked }
    }
}

impl Holdable for Mutex {
    #[inline]
    fn holder(&self) -> Option<ActorId> {
        self.holder
    }
    #[inline]
    fn free_for(&self, _a: ActorId) -> bool {
        self.holder.is_none()
    }
    #[inline]
    fn release_save(&mut self, _a: ActorId) -> u32 {
        self.holder = None;
        1
    }
    #[inline]
    fn acquire_restore(&mut self, a: ActorId, _depth: u32) {
        self.holder = Some(a);
    }
}

/// Its declaration in Python.
pub fn declaration(name: &str) -> String {
    format!("{name} = threading.Lock()")
}

/// Its chart: a ceiling of 1 ("held"); the level counts holder and waiters.
pub fn axis() -> (Option<(f64, String)>, &'static str) {
    (Some((1.0, "held".to_string())), "held + waiting")
}

pub fn level(holder: Option<ActorId>, waiters: &[ActorId]) -> f64 {
    holder.is_some() as i64 as f64 + waiters.len() as f64
}

/// "held by t1; waiting: t2", "free" (`name`: an actor's name).
pub fn describe(lang: Lang, holder: Option<ActorId>, depth: Option<u32>, waiters: &[ActorId], name: &dyn Fn(ActorId) -> String) -> String {
    let Some(h) = holder else { return i18n::text(lang, "obj-free").to_string() };
    let held = match depth {
        Some(d) if d > 1 => i18n::format(lang, "obj-held-deep", &[("holder", &name(h)), ("depth", &d)]),
        _ => i18n::format(lang, "obj-held", &[("holder", &name(h))]),
    };
    if waiters.is_empty() {
        held
    } else {
        let w: Vec<String> = waiters.iter().map(|a| name(*a)).collect();
        i18n::format(lang, "obj-held-waiting", &[("held", &held), ("waiting", &w.join(i18n::text(lang, "obj-list-sep")))])
    }
}
