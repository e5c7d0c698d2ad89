//! `threading.Semaphore` and `threading.BoundedSemaphore`: permits taken by
//! `acquire` (which blocks at zero) and given back by `release`.
//!
//! A bounded semaphore refuses a release above its initial value with
//! Python's `ValueError: Semaphore released too many times`.

use super::{Cx, Effect, Primitive};
use crate::model::{ActorId, Op};
use crate::trace::ObjectState;

/// The sentence CPython raises on a release above a bounded semaphore's value.
pub const TOO_MANY: &str = "ValueError: Semaphore released too many times";

#[derive(Clone, Debug)]
pub struct Semaphore {
    pub permits: i64,
    /// A bounded semaphore's initial value (its ceiling).
    pub bound: Option<u32>,
}

impl Semaphore {
    pub fn new(permits: u32, bound: Option<u32>) -> Self {
        Semaphore { permits: permits as i64, bound }
    }
}

pub fn accepts(op: Op) -> bool {
    matches!(op, Op::Acquire { .. } | Op::Release { .. })
}

impl Primitive for Semaphore {
    fn ready(&self, _a: ActorId, op: Op) -> bool {
        !matches!(op, Op::Acquire { .. }) || self.permits > 0
    }

    fn apply(&mut self, cx: &mut Cx<'_>, op: Op) -> Effect {
        match op {
            Op::Acquire { .. } => {
                self.permits -= 1;
                cx.ok = true;
            }
            Op::Release { .. } => {
                if self.bound.is_some_and(|b| self.permits >= b as i64) {
                    return Effect::Fail(TOO_MANY.to_string());
                }
                self.permits += 1;
            }
            _ => {}
        }
        Effect::Done
    }

    fn show(&self, blocked: &[ActorId]) -> ObjectState {
        ObjectState::Semaphore { permits: self.permits, waiters: blocked.to_vec() }
    }
}
