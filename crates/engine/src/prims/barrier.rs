//! `threading.Barrier(parties)`: each `wait` arrives; the last of a
//! generation releases them all and the barrier resets. When a generation
//! trips, the run produces how long its first arrival waited.

use super::{Cx, Effect, Primitive};
use crate::model::{ActorId, Op};
use crate::outcome::Key;
use crate::i18n::{self, Lang};
use crate::trace::ObjectState;

#[derive(Clone, Debug)]
pub struct Barrier {
    pub parties: u32,
    pub arrived: u32,
    pub gen: u64,
    /// When the current generation's first actor arrived.
    pub first: f64,
}

/// For a state's fingerprint ([`crate::fingerprint`]): the float by its bits.
impl std::hash::Hash for Barrier {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (self.parties, self.arrived, self.gen, self.first.to_bits()).hash(h);
    }
}

impl Barrier {
    pub fn new(parties: u32) -> Self {
        Barrier { parties, arrived: 0, gen: 0, first: 0.0 }
    }
}

pub fn accepts(op: Op) -> bool {
    matches!(op, Op::BarrierWait { .. })
}

/// The Python text of `op` on the object called `name`.
pub fn text(op: Op, name: &str) -> String {
    match op {
        Op::BarrierWait { .. } => format!("{name}.wait()"),
        _ => String::new(),
    }
}

impl Primitive for Barrier {
    #[inline]
    fn apply(&mut self, cx: &mut Cx<'_>, _op: Op) -> Effect {
        if self.arrived == 0 {
            self.first = cx.now;
        }
        self.arrived += 1;
        if self.arrived >= self.parties {
            self.arrived = 0;
            self.gen += 1;
            let key = Key::BarrierWait { barrier: cx.name.to_string(), gen: self.gen };
            cx.value = Some((key, (cx.now - self.first).round() as i64));
            Effect::Done
        } else {
            Effect::Park(self.gen)
        }
    }

    #[inline]
    fn parked(&self, _a: ActorId, gen: u64) -> bool {
        self.gen == gen
    }

    #[inline]
    fn show(&self, _blocked: Vec<ActorId>) -> ObjectState {
        ObjectState::Barrier { arrived: self.arrived, parties: self.parties, generation: self.gen }
    }
}

/// Its declaration in Python.
pub fn declaration(name: &str, parties: u32) -> String {
    format!("{name} = threading.Barrier({parties})")
}

/// Its chart: a ceiling at its parties; the level counts arrivals.
pub fn axis(parties: u32) -> (Option<(f64, String)>, &'static str) {
    (Some((parties as f64, format!("{parties} parties"))), "arrived")
}

pub fn describe(lang: Lang, arrived: u32, parties: u32, generation: u64) -> String {
    i18n::format(lang, "obj-barrier", &[("arrived", &arrived), ("parties", &parties), ("round", &generation)])
}
