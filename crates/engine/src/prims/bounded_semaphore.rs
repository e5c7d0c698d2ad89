//! `threading.BoundedSemaphore`: a [`Semaphore`] that refuses a release
//! above its initial value with Python's `ValueError: Semaphore released
//! too many times` (a plain semaphore silently grows: the bug this catches).

use super::semaphore::Semaphore;
use super::{Cx, Effect, Primitive};
use crate::model::{ActorId, Op};
use crate::trace::ObjectState;

/// The sentence CPython raises on a release above the initial value.
pub const TOO_MANY: &str = "ValueError: Semaphore released too many times";

#[derive(Clone, Debug, Hash)]
pub struct BoundedSemaphore {
    pub inner: Semaphore,
    /// Its initial value, which it may never exceed.
    pub bound: u32,
}

impl BoundedSemaphore {
    pub fn new(permits: u32) -> Self {
        BoundedSemaphore { inner: Semaphore::new(permits), bound: permits }
    }
}

impl Primitive for BoundedSemaphore {
    #[inline]
    fn may_block(&self, op: Op) -> bool {
        self.inner.may_block(op)
    }

    #[inline]
    fn ready(&self, a: ActorId, op: Op) -> bool {
        self.inner.ready(a, op)
    }

    #[inline]
    fn apply(&mut self, cx: &mut Cx<'_>, op: Op) -> Effect {
        if matches!(op, Op::Release { .. }) && self.inner.permits >= self.bound as i64 {
            return Effect::Fail(TOO_MANY.to_string());
        }
        self.inner.apply(cx, op)
    }

    /// Shown as a semaphore: its state is the same.
    #[inline]
    fn lists_blocked(&self) -> bool {
        true
    }

    #[inline]
    fn show(&self, blocked: Vec<ActorId>) -> ObjectState {
        self.inner.show(blocked)
    }
}

/// Its declaration in Python. On the chart and in words it is a semaphore.
pub fn declaration(name: &str, permits: u32) -> String {
    format!("{name} = threading.BoundedSemaphore({permits})")
}
