//! `threading.Semaphore`: permits taken by `acquire` (which blocks at zero)
//! and given back by `release` (which never refuses: see
//! [`super::bounded_semaphore`] for the one that does).

use super::{Cx, Effect, Primitive};
use crate::model::{ActorId, Op};
use crate::i18n::{self, Lang};
use crate::trace::ObjectState;

#[derive(Clone, Debug, Hash)]
pub struct Semaphore {
    pub permits: i64,
}

impl Semaphore {
    pub fn new(permits: u32) -> Self {
        Semaphore { permits: permits as i64 }
    }
}

pub fn accepts(op: Op) -> bool {
    matches!(op, Op::Acquire { .. } | Op::Release { .. })
}

/// The Python text of `op` on the object called `name`.
pub fn text(op: Op, name: &str) -> String {
    use crate::builder::secs;
    match op {
        Op::Acquire { timeout_ms: None, .. } => format!("{name}.acquire()"),
        Op::Acquire { timeout_ms: Some(t), .. } => format!("ok = {name}.acquire(timeout={})", secs(t)),
        Op::Release { .. } => format!("{name}.release()"),
        _ => String::new(),
    }
}

impl Primitive for Semaphore {
    #[inline]
    fn may_block(&self, op: Op) -> bool {
        matches!(op, Op::Acquire { .. })
    }

    #[inline]
    fn ready(&self, _a: ActorId, op: Op) -> bool {
        !matches!(op, Op::Acquire { .. }) || self.permits > 0
    }

    #[inline]
    fn apply(&mut self, cx: &mut Cx<'_>, op: Op) -> Effect {
        match op {
            Op::Acquire { .. } => {
                self.permits -= 1;
                cx.ok = true;
            }
            Op::Release { .. } => self.permits += 1,
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
        ObjectState::Semaphore { permits: self.permits, waiters: blocked }
    }
}

/// Its declaration in Python.
pub fn declaration(name: &str, permits: u32) -> String {
    format!("{name} = threading.Semaphore({permits})")
}

/// Its chart: a ceiling at its permits; the level counts permits in use.
pub fn axis(permits: u32) -> (Option<(f64, String)>, &'static str) {
    (Some((permits as f64, format!("{permits} permits"))), "in use")
}

/// Permits in use out of `total` (a count above `total` shows the bug a
/// bounded semaphore refuses).
pub fn level(permits: i64, total: u32) -> f64 {
    (total as i64 - permits) as f64
}

pub fn describe(lang: Lang, permits: i64, waiters: &[ActorId]) -> String {
    i18n::format(lang, "obj-semaphore", &[("permits", &permits), ("waiting", &waiters.len())])
}
