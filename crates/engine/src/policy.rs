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
//!
//! [`Pct`] is probabilistic concurrency testing, for programs too large to
//! search (the explorer's sampling runs).

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

/// PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi and
/// Nagarakatte, ASPLOS 2010): each actor gets a random priority (at least
/// `depth`) when it first can run; the highest-priority runnable actor
/// always runs; at `depth - 1` random steps among the first `steps`, the
/// actor that runs drops below every initial priority (to `depth - 1`, then
/// `depth - 2`, ...). A run finds a bug that needs `depth` ordering
/// constraints with probability at least `1 / (n * steps^(depth - 1))` for
/// `n` actors, whatever the program.
#[derive(Clone, Debug)]
pub struct Pct {
    rng: SplitMix64,
    priority: Vec<Option<u64>>,
    change_at: Vec<u64>,
    taken: u64,
    next_low: u64,
}

impl Pct {
    pub fn new(seed: u64, depth: u32, steps: u64) -> Self {
        let mut rng = SplitMix64::new(seed);
        let depth = depth.max(1);
        let change_at = (1..depth).map(|_| 1 + rng.next_u64() % steps.max(1)).collect();
        Pct { rng, priority: Vec::new(), change_at, taken: 0, next_low: depth as u64 - 1 }
    }
}

impl Policy for Pct {
    fn pick(&mut self, runnable: &[ActorId]) -> Option<ActorId> {
        let low = self.change_at.len() as u64 + 1;
        for &a in runnable {
            if self.priority.len() <= a {
                self.priority.resize(a + 1, None);
            }
            if self.priority[a].is_none() {
                // Above every changed priority; ties (rare) go to the lower id.
                self.priority[a] = Some(low + (self.rng.next_u64() >> 1));
            }
        }
        let &a = runnable.iter().max_by_key(|&&a| (self.priority[a], std::cmp::Reverse(a)))?;
        self.taken += 1;
        if self.change_at.contains(&self.taken) {
            self.priority[a] = Some(self.next_low);
            self.next_low = self.next_low.saturating_sub(1);
        }
        Some(a)
    }
}
