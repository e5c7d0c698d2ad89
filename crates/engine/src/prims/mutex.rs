//! `threading.Lock`: a lock with one holder and no memory of depth.
//!
//! As in CPython, a holder that acquires it again waits for itself forever:
//! the wait-for graph names that one-actor cycle as a deadlock. A release by
//! an actor that does not hold it fails the actor.

use super::{Cx, Effect, Holdable, Primitive};
use crate::model::{ActorId, Op};
use crate::trace::ObjectState;

#[derive(Clone, Debug, Default)]
pub struct Mutex {
    pub holder: Option<ActorId>,
}

/// Lock, unlock and try-lock (shared with [`super::rlock`]).
pub fn accepts(op: Op) -> bool {
    matches!(op, Op::Lock { .. } | Op::Unlock { .. } | Op::TryLock { .. })
}

impl Primitive for Mutex {
    fn ready(&self, _a: ActorId, op: Op) -> bool {
        match op {
            Op::Lock { .. } | Op::TryLock { .. } => self.holder.is_none(),
            _ => true,
        }
    }

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

    fn show(&self, blocked: &[ActorId]) -> ObjectState {
        ObjectState::Mutex { holder: self.holder, waiters: blocked.to_vec() }
    }
}

impl Holdable for Mutex {
    fn holder(&self) -> Option<ActorId> {
        self.holder
    }
    fn free_for(&self, _a: ActorId) -> bool {
        self.holder.is_none()
    }
    fn release_save(&mut self, _a: ActorId) -> u32 {
        self.holder = None;
        1
    }
    fn acquire_restore(&mut self, a: ActorId, _depth: u32) {
        self.holder = Some(a);
    }
}
