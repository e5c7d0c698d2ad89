//! `threading.Barrier(parties)`: each `wait` arrives; the last of a
//! generation releases them all and the barrier resets. When a generation
//! trips, the run produces how long its first arrival waited.

use super::{Cx, Effect, Primitive};
use crate::model::{ActorId, Op};
use crate::trace::ObjectState;

/// The label of the value a barrier produces when generation `gen`
/// (1-based) trips: how long its first arrival waited, in milliseconds.
pub fn label(barrier: &str, gen: u64) -> String {
    format!("{barrier} {gen} wait_ms")
}

#[derive(Clone, Debug)]
pub struct Barrier {
    pub parties: u32,
    pub arrived: u32,
    pub gen: u64,
    /// When the current generation's first actor arrived.
    pub first: f64,
}

impl Barrier {
    pub fn new(parties: u32) -> Self {
        Barrier { parties, arrived: 0, gen: 0, first: 0.0 }
    }
}

pub fn accepts(op: Op) -> bool {
    matches!(op, Op::BarrierWait { .. })
}

impl Primitive for Barrier {
    fn apply(&mut self, cx: &mut Cx<'_>, _op: Op) -> Effect {
        if self.arrived == 0 {
            self.first = cx.now;
        }
        self.arrived += 1;
        if self.arrived >= self.parties {
            self.arrived = 0;
            self.gen += 1;
            cx.value = Some((label(cx.name, self.gen), (cx.now - self.first).round() as i64));
            Effect::Done
        } else {
            Effect::Park(self.gen)
        }
    }

    fn parked(&self, _a: ActorId, gen: u64) -> bool {
        self.gen == gen
    }

    fn show(&self, _blocked: &[ActorId]) -> ObjectState {
        ObjectState::Barrier { arrived: self.arrived, parties: self.parties, generation: self.gen }
    }
}
