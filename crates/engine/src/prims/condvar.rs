//! `threading.Condition(lock)`: a wait set bound to a lock (a `Lock` or an
//! `RLock`).
//!
//! `wait()` is three moves, each carried out through this module by every
//! runtime: [`Condvar::begin_wait`] (the caller must hold the lock; it
//! joins the wait set and lets go of the lock, all of it for an `RLock`),
//! then waiting until a notify takes it out of the set
//! ([`Condvar::waiting`]), then taking the lock back as deep as before
//! (see [`super::Holdable`]). `notify()` and `notify_all()` also need the
//! lock held. Notified waiters leave in the order they came.
//!
//! `wait(timeout)` ([`Op::WaitTimed`]) is the same three moves, except
//! that when its time is up before a notify, the waiter takes itself out
//! of the set ([`Condvar::give_up`]) and then takes the lock back all the
//! same: it returns True if it was notified, False if it timed out.

use super::Holdable;
use crate::model::{ActorId, ObjId, Op};
use crate::i18n::{self, Lang};
use crate::trace::ObjectState;
use std::collections::VecDeque;

#[derive(Clone, Debug, Hash)]
pub struct Condvar {
    /// The lock it is bound to.
    pub mutex: ObjId,
    pub waiters: VecDeque<ActorId>,
}

pub fn accepts(op: Op) -> bool {
    matches!(op, Op::Wait { .. } | Op::WaitTimed { .. } | Op::NotifyOne { .. } | Op::NotifyAll { .. })
}

/// The Python text of `op` on the object called `name`.
pub fn text(op: Op, name: &str) -> String {
    match op {
        Op::Wait { .. } => format!("{name}.wait()"),
        Op::WaitTimed { timeout_ms, .. } => format!("ok = {name}.wait(timeout={})", crate::builder::secs(timeout_ms)),
        Op::NotifyOne { .. } => format!("{name}.notify()"),
        Op::NotifyAll { .. } => format!("{name}.notify_all()"),
        _ => String::new(),
    }
}

/// The sentence for a wait or notify without the lock.
pub fn unheld(cv: &str, lock: &str) -> String {
    format!("used {cv} without holding {lock}")
}

impl Condvar {
    pub fn new(mutex: ObjId) -> Self {
        Condvar { mutex, waiters: VecDeque::new() }
    }

    /// Whether `a` is still in the wait set (not yet notified).
    pub fn waiting(&self, a: ActorId) -> bool {
        self.waiters.contains(&a)
    }

    /// `wait()` begins: `a` must hold `lock`; it joins the wait set, then
    /// lets go of the lock. Returns how deep it held the lock, or `None`
    /// when it does not hold it.
    pub fn begin_wait(&mut self, lock: &mut dyn Holdable, a: ActorId) -> Option<u32> {
        if lock.holder() != Some(a) {
            return None;
        }
        self.waiters.push_back(a);
        Some(lock.release_save(a))
    }

    /// A timed `wait()` whose time is up: `a` leaves the wait set. Returns
    /// whether it was still in it (it timed out; false: a notify came first).
    pub fn give_up(&mut self, a: ActorId) -> bool {
        let before = self.waiters.len();
        self.waiters.retain(|&w| w != a);
        self.waiters.len() != before
    }

    /// `notify()` (one) or `notify_all()` by `a`, who must hold `lock`.
    /// Returns whether it did.
    pub fn notify(&mut self, lock: &dyn Holdable, a: ActorId, all: bool) -> bool {
        if lock.holder() != Some(a) {
            return false;
        }
        if all {
            self.waiters.clear();
        } else {
            self.waiters.pop_front();
        }
        true
    }

    pub fn state(&self) -> ObjectState {
        ObjectState::Condvar { waiters: self.waiters.iter().copied().collect() }
    }
}

impl super::Primitive for Condvar {
    /// Not called: a condition's operations need its lock too, so the
    /// runtimes call [`Condvar::begin_wait`] and [`Condvar::notify`].
    #[inline]
    fn apply(&mut self, _cx: &mut super::Cx<'_>, _op: Op) -> super::Effect {
        super::Effect::Done
    }
    #[inline]
    fn show(&self, _blocked: Vec<ActorId>) -> ObjectState {
        self.state()
    }
}

/// Its declaration in Python (`lock`: its lock's name).
pub fn declaration(name: &str, lock: &str) -> String {
    format!("{name} = threading.Condition({lock})")
}

/// Its chart: no ceiling; the level counts the wait set.
pub fn axis() -> (Option<(f64, String)>, &'static str) {
    (None, "waiting")
}

pub fn describe(lang: Lang, waiters: &[ActorId]) -> String {
    i18n::format(lang, "obj-condvar", &[("waiting", &waiters.len())])
}
