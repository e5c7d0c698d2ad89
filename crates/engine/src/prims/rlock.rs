//! `threading.RLock`: a re-entrant lock. Its holder may acquire it again;
//! it is free again once released as many times as it was acquired.
//!
//! A release by an actor that does not hold it is Python's
//! `RuntimeError: cannot release un-acquired lock`.

use super::{Cx, Effect, Holdable, Primitive};
use crate::model::{ActorId, Op};
use crate::trace::ObjectState;

/// The sentence CPython raises on a release by a thread that does not hold it.
pub const UNACQUIRED: &str = "RuntimeError: cannot release un-acquired lock";

#[derive(Clone, Debug, Default, Hash)]
pub struct RLock {
    pub holder: Option<ActorId>,
    /// How many times the holder has acquired it (0 when free).
    pub depth: u32,
}

impl Primitive for RLock {
    #[inline]
    fn may_block(&self, op: Op) -> bool {
        matches!(op, Op::Lock { .. } | Op::TryLock { .. })
    }

    #[inline]
    fn ready(&self, a: ActorId, op: Op) -> bool {
        match op {
            Op::Lock { .. } | Op::TryLock { .. } => self.free_for(a),
            _ => true,
        }
    }

    #[inline]
    fn apply(&mut self, cx: &mut Cx<'_>, op: Op) -> Effect {
        match op {
            Op::Lock { .. } | Op::TryLock { .. } => {
                self.holder = Some(cx.actor);
                self.depth += 1;
                if matches!(op, Op::TryLock { .. }) {
                    cx.ok = true;
                }
            }
            Op::Unlock { .. } => {
                if self.holder != Some(cx.actor) {
                    return Effect::Fail(UNACQUIRED.to_string());
                }
                self.depth -= 1;
                if self.depth == 0 {
                    self.holder = None;
                }
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
        ObjectState::RLock { holder: self.holder, depth: self.depth, waiters: blocked }
    }
}

impl Holdable for RLock {
    #[inline]
    fn holder(&self) -> Option<ActorId> {
        self.holder
    }
    #[inline]
    fn free_for(&self, a: ActorId) -> bool {
        self.holder.is_none() || self.holder == Some(a)
    }
    #[inline]
    fn release_save(&mut self, _a: ActorId) -> u32 {
        self.holder = None;
        std::mem::take(&mut self.depth)
    }
    #[inline]
    fn acquire_restore(&mut self, a: ActorId, depth: u32) {
        self.holder = Some(a);
        self.depth = depth.max(1);
    }
}

/// Its declaration in Python.
pub fn declaration(name: &str) -> String {
    format!("{name} = threading.RLock()")
}

/// Its chart: the level counts how deep it is held, plus waiters.
pub fn axis() -> (Option<(f64, String)>, &'static str) {
    (Some((1.0, "held".to_string())), "depth + waiting")
}

pub fn level(depth: u32, waiters: &[ActorId]) -> f64 {
    depth as f64 + waiters.len() as f64
}
