//! A shared integer, read and written racily (`temp = n`, `n = temp + 1`)
//! or added to atomically.
//!
//! Its operations are written once, over [`Cell`]: the machine keeps a plain
//! integer ([`Counter`]); the threads runtime keeps an atomic ([`Atomic`]),
//! so a read and a write are each one real memory operation and a lost
//! update comes only from the program's own separate steps, never from
//! torn memory or from a lock we added.

use super::{Cx, Effect, Primitive};
use crate::model::{ActorId, Op};
use crate::i18n::{self, Lang};
use crate::trace::ObjectState;
use std::sync::atomic::{AtomicI64, Ordering::SeqCst};

/// Where a counter's value lives.
pub trait Cell {
    fn load(&self) -> i64;
    fn store(&mut self, v: i64);
    /// Adds `d`; returns the new value.
    fn add(&mut self, d: i64) -> i64;
}

/// Carries out a counter operation; returns the value written, if any.
pub fn run(cell: &mut impl Cell, reg: &mut i64, op: Op) -> Option<i64> {
    match op {
        Op::Load { .. } => {
            *reg = cell.load();
            None
        }
        Op::Store { plus, .. } => {
            let v = reg.wrapping_add(plus);
            cell.store(v);
            Some(v)
        }
        Op::Add { delta, .. } => Some(cell.add(delta)),
        Op::AddRegister { .. } => Some(cell.add(*reg)),
        _ => None,
    }
}

pub fn accepts(op: Op) -> bool {
    matches!(op, Op::Load { .. } | Op::Store { .. } | Op::Add { .. } | Op::AddRegister { .. })
}

/// The Python text of `op` on the object called `name`.
pub fn text(op: Op, name: &str) -> String {
    match op {
        Op::Load { .. } => format!("temp = {name}"),
        Op::Store { plus, .. } => format!("{name} = temp + {plus}"),
        Op::Add { delta, .. } if delta >= 0 => format!("{name} += {delta}  # atomic"),
        Op::Add { delta, .. } => format!("{name} -= {}  # atomic", -delta),
        Op::AddRegister { .. } => format!("{name} += temp  # atomic"),
        _ => String::new(),
    }
}

/// A counter in one thread's memory (the simulator, the event loop).
#[derive(Clone, Debug, Hash)]
pub struct Counter {
    pub value: i64,
}

impl Cell for Counter {
    fn load(&self) -> i64 {
        self.value
    }
    fn store(&mut self, v: i64) {
        self.value = v;
    }
    fn add(&mut self, d: i64) -> i64 {
        self.value = self.value.wrapping_add(d);
        self.value
    }
}

impl Primitive for Counter {
    #[inline]
    fn apply(&mut self, cx: &mut Cx<'_>, op: Op) -> Effect {
        run(self, &mut cx.reg, op);
        Effect::Done
    }

    #[inline]
    fn show(&self, _blocked: Vec<ActorId>) -> ObjectState {
        ObjectState::Counter { value: self.value }
    }
}

/// A counter shared by real threads: one atomic, with the extremes it
/// reached (for the checks that a value stayed within bounds).
#[derive(Debug)]
pub struct Atomic {
    pub value: AtomicI64,
    pub min: AtomicI64,
    pub max: AtomicI64,
}

impl Atomic {
    pub fn new(initial: i64) -> Self {
        Atomic { value: AtomicI64::new(initial), min: AtomicI64::new(initial), max: AtomicI64::new(initial) }
    }
}

impl Cell for &Atomic {
    fn load(&self) -> i64 {
        self.value.load(SeqCst)
    }
    fn store(&mut self, v: i64) {
        self.value.store(v, SeqCst);
    }
    fn add(&mut self, d: i64) -> i64 {
        self.value.fetch_add(d, SeqCst).wrapping_add(d)
    }
}

/// Its declaration in Python.
pub fn declaration(name: &str, initial: i64) -> String {
    format!("{name} = {initial}")
}

/// Its chart: its value (a lesson's check may give it a ceiling).
pub fn axis() -> (Option<(f64, String)>, &'static str) {
    (None, "value")
}

pub fn describe(lang: Lang, value: i64) -> String {
    i18n::format(lang, "obj-counter", &[("value", &value)])
}
