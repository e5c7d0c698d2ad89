//! Who runs next: the simulator's scheduling policies.
//!
//! The simulator asks a [`Policy`] to pick one of the actors that can run
//! now; the policy may also pause (a student who has not chosen yet, a replay
//! that has run out). Every choice goes into the run's schedule, whatever
//! chose it. Three policies cover the page and the tests, and they compose:
//!
//! * [`Seeded`]: the frozen SplitMix64 draw, `runnable[rng.below(len)]`.
//!   Same seed, same choices, forever (old links depend on it).
//! * [`Replay`]: the actors of a printed schedule, one per step, as
//!   recorded; an actor that cannot run then makes the step fail, and the
//!   caller says the schedule diverged. Replay is written here once: the
//!   page's replay of a link and [`crate::sim::replay`] both use it.
//! * [`Manual`]: the actor the student chose, once.
//!
//! [`Then`] asks one policy, then the other when the first pauses: a link's
//! schedule replayed, then the run goes on from its seed.

use crate::model::ActorId;
use crate::rng::SplitMix64;
use crate::schedule::Schedule;

/// Picks who runs next.
pub trait Policy {
    /// One of `runnable` (never empty, in id order), or `None` to pause.
    /// A replay may name an actor outside `runnable`: the step then fails.
    fn pick(&mut self, runnable: &[ActorId]) -> Option<ActorId>;
}

/// The seeded random policy.
#[derive(Clone, Debug)]
pub struct Seeded(SplitMix64);

impl Seeded {
    pub fn new(seed: u64) -> Self {
        Seeded(SplitMix64::new(seed))
    }
}

impl Policy for Seeded {
    fn pick(&mut self, runnable: &[ActorId]) -> Option<ActorId> {
        Some(runnable[self.0.below(runnable.len())])
    }
}

/// A recorded schedule, step by step.
#[derive(Clone, Debug)]
pub struct Replay {
    steps: Vec<ActorId>,
    next: usize,
}

impl Replay {
    pub fn new(schedule: &Schedule) -> Self {
        Replay { steps: schedule.steps.clone(), next: 0 }
    }

    /// Steps taken from the schedule so far.
    pub fn taken(&self) -> usize {
        self.next
    }

    /// Whether every recorded step has been taken.
    pub fn done(&self) -> bool {
        self.next >= self.steps.len()
    }
}

impl Policy for Replay {
    fn pick(&mut self, _runnable: &[ActorId]) -> Option<ActorId> {
        let a = *self.steps.get(self.next)?;
        self.next += 1;
        Some(a)
    }
}

/// The student's choice, taken once.
#[derive(Clone, Copy, Debug, Default)]
pub struct Manual {
    pub next: Option<ActorId>,
}

impl Policy for Manual {
    fn pick(&mut self, _runnable: &[ActorId]) -> Option<ActorId> {
        self.next.take()
    }
}

/// The first policy, and the second whenever the first pauses.
#[derive(Clone, Debug)]
pub struct Then<A, B>(pub A, pub B);

impl<A: Policy, B: Policy> Policy for Then<A, B> {
    fn pick(&mut self, runnable: &[ActorId]) -> Option<ActorId> {
        self.0.pick(runnable).or_else(|| self.1.pick(runnable))
    }
}

impl<P: Policy + ?Sized> Policy for Box<P> {
    fn pick(&mut self, runnable: &[ActorId]) -> Option<ActorId> {
        (**self).pick(runnable)
    }
}

/// No policy at all pauses at once (an optional replay that is absent).
impl<P: Policy> Policy for Option<P> {
    fn pick(&mut self, runnable: &[ActorId]) -> Option<ActorId> {
        self.as_mut()?.pick(runnable)
    }
}
