//! The deterministic simulator: virtual time, one actor step at a time.
//!
//! Operations take no virtual time; `sleep` and `work` take their duration,
//! and timeouts fire at their deadline. When no actor can go on, virtual time
//! jumps to the next timer; when there is none, the run is stuck (a
//! deadlock). Which enabled actor goes next is chosen either by a seeded
//! policy ([`SplitMix64`]) or by the caller ([`Sim::runnable`] and
//! [`Sim::step`]); every choice is recorded in a [`Schedule`], whose printed
//! form replays the run exactly ([`replay`]). Same model and seed, same
//! trace, same digest.
//!
//! Compute kernels run for real (their results must be right) but take no
//! virtual time.
//!
//! Under [`Timing::Any`] a sleep, a stretch of work or a timeout may also
//! end before its time, whenever the scheduler picks its actor: the choices
//! are every order some timing allows (what Explore searches by default).
//! Such an early end is counted like a preemption ([`Sim::early`]), so a
//! search's bound bounds both, and a loop on a timeout stays finite.

use crate::machine::Machine;
use crate::model::{ActorId, Model};
use crate::outcome::{Outcome, RunResult};
use crate::policy::{Policy, Replay, Seeded};
use crate::chain::Chain;
use crate::schedule::Schedule;
use crate::trace::{Trace, DEFAULT_WINDOW};
use std::fmt;

/// Which timings a simulation allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Timing {
    /// Virtual time: sleeps, work and timeouts end at their deadlines; the
    /// choices are who runs among the actors ready at the same moment.
    #[default]
    Virtual,
    /// Any timing: a sleep, a stretch of work or a timeout may also end
    /// before its time, when the scheduler picks its actor (an early end,
    /// [`Sim::early`]); otherwise the clock goes on as under `Virtual`.
    /// Every order some timing allows is a choice.
    Any,
}

impl Timing {
    /// As links (`timing=`) and the contract say it.
    pub fn word(self) -> &'static str {
        match self {
            Timing::Virtual => "virtual",
            Timing::Any => "any",
        }
    }

    pub fn parse(word: &str) -> Option<Timing> {
        match word {
            "virtual" => Some(Timing::Virtual),
            "any" => Some(Timing::Any),
            _ => None,
        }
    }
}

/// How a simulation runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimConfig {
    pub seed: u64,
    /// Steps after which the run ends as failed (a livelock guard). The
    /// recorded schedule grows by one entry per step; for long runs the seed,
    /// not the printed schedule, is the compact way to replay.
    pub max_steps: u64,
    /// Trace events kept in the window.
    pub window: usize,
    pub timing: Timing,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig { seed: 0, max_steps: 5_000_000, window: DEFAULT_WINDOW, timing: Timing::Virtual }
    }
}

impl SimConfig {
    pub fn seeded(seed: u64) -> Self {
        SimConfig { seed, ..Self::default() }
    }
}

/// Why a step was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepError {
    /// The run is over.
    Finished,
    /// This actor cannot go on now.
    NotRunnable { actor: ActorId },
}

impl fmt::Display for StepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepError::Finished => write!(f, "the run is over"),
            StepError::NotRunnable { actor } => write!(f, "actor {actor} cannot run now"),
        }
    }
}

impl std::error::Error for StepError {}

/// Why a schedule did not replay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayError {
    /// At `step`, the schedule names an actor that cannot run (it was made
    /// for another scenario or other parameters).
    Diverged { step: usize, actor: ActorId },
    /// The schedule ended before the run did.
    Incomplete { steps: usize },
    /// The run ended before the schedule did.
    TooLong { steps: usize },
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayError::Diverged { step, actor } => {
                write!(f, "step {step} of the schedule runs actor {actor}, which cannot run then")
            }
            ReplayError::Incomplete { steps } => write!(f, "the schedule ended after {steps} steps, before the run"),
            ReplayError::TooLong { steps } => write!(f, "the run ended after {steps} steps, before the schedule"),
        }
    }
}

impl std::error::Error for ReplayError {}

/// A simulation in progress.
#[derive(Clone, Debug)]
pub struct Sim {
    machine: Machine,
    now: f64,
    /// The policy of [`Sim::step_random`].
    seeded: Seeded,
    /// The actors chosen so far (a [`Chain`]: a search's clones share it).
    schedule: Chain<ActorId>,
    steps: u64,
    max_steps: u64,
    outcome: Option<Outcome>,
    timing: Timing,
    /// The last step ended a sleep, work or timeout before its time ([`Sim::early`]).
    last_early: bool,
}

impl Sim {
    pub fn new(model: &Model, config: SimConfig) -> Self {
        Self::on(Machine::new(model, config.window), config)
    }

    /// A simulation of a Python program (see [`crate::py`]).
    pub fn for_program(id: &str, world: crate::py::vm::World, config: SimConfig) -> Self {
        Self::on(Machine::for_program(id, world, config.window), config)
    }

    fn on(machine: Machine, config: SimConfig) -> Self {
        Sim {
            machine,
            now: 0.0,
            seeded: Seeded::new(config.seed),
            schedule: Chain::new(),
            steps: 0,
            max_steps: config.max_steps,
            outcome: None,
            timing: config.timing,
            last_early: false,
        }
    }

    /// Copies every part shared with other clones ([`Machine::unshare`]).
    pub fn unshare(&mut self) {
        self.machine.unshare();
    }

    /// Ready to be cloned many times ([`Machine::share`]): a search calls
    /// it before it clones a state for each of its choices.
    pub fn share(&mut self) {
        self.machine.share();
    }

    /// Virtual time, in milliseconds.
    pub fn now(&self) -> f64 {
        self.now
    }

    pub fn machine(&self) -> &Machine {
        &self.machine
    }

    /// For a search: see [`Machine::share_kernel_answers`].
    pub fn share_kernel_answers(&mut self) {
        self.machine.share_kernel_answers();
    }

    pub fn timing(&self) -> Timing {
        self.timing
    }

    /// Under any timing, `a` is a choice only because its sleep, work or
    /// timeout could end now (it is not ready by itself): switching away
    /// from it is no preemption.
    pub fn waits_for_timer(&self, a: ActorId) -> bool {
        self.timing == Timing::Any && self.machine.readiness(a, self.now) != crate::machine::Readiness::Enabled
    }

    /// Under any timing, stepping `a` now would end its sleep, work or
    /// timeout before the clock would: while another actor is ready, or
    /// before an earlier timer. A search counts it as a preemption. (The
    /// clock's own next timer is no early end: time moves on to it.)
    pub fn early(&self, a: ActorId) -> bool {
        self.waits_for_timer(a) && !self.on_time(a)
    }

    /// Whether the last step ended a sleep, work or timeout before its time.
    pub fn last_early(&self) -> bool {
        self.last_early
    }

    /// `a`'s timer is the clock's next: nobody is ready, and none ends sooner.
    fn on_time(&self, a: ActorId) -> bool {
        use crate::machine::Readiness;
        let deadline = match self.machine.readiness(a, self.now) {
            Readiness::Timed { until, .. } => until,
            Readiness::Blocked { deadline: Some(d) } => d,
            _ => return false,
        };
        self.machine.enabled(self.now).is_empty() && self.machine.next_timer(self.now).is_some_and(|t| deadline <= t)
    }

    /// The state's fingerprint ([`crate::fingerprint`]): equal for two
    /// schedules that reached the same state, whatever their histories.
    pub fn fingerprint(&self) -> u128 {
        use std::hash::Hash;
        let mut f = crate::fingerprint::Fingerprint::default();
        self.now.to_bits().hash(&mut f);
        // (Searched states have no outcome yet: no text to make for them.)
        match &self.outcome {
            None => 0u8.hash(&mut f),
            Some(o) => f.debug(o),
        }
        self.machine.fingerprint(&mut f);
        f.finish128()
    }

    pub fn trace(&self) -> &Trace {
        self.machine.trace()
    }

    /// The schedule so far (copied out: see [`Sim::recent`] to look at
    /// it without a copy).
    pub fn schedule(&self) -> Schedule {
        Schedule { steps: self.schedule.to_vec() }
    }

    /// How many steps the schedule has.
    pub fn schedule_len(&self) -> usize {
        self.schedule.len()
    }

    /// The actors chosen from step `from` on, the latest first.
    pub fn chosen_since(&self, from: usize) -> impl Iterator<Item = ActorId> + '_ {
        self.schedule.since(from)
    }

    /// The actor the last step moved.
    pub fn last_chosen(&self) -> Option<ActorId> {
        self.schedule.last()
    }

    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// How the run ended, once it has.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }

    /// Ends the run as cancelled (the Stop button).
    pub fn cancel(&mut self) {
        if self.outcome.is_none() {
            self.outcome = Some(Outcome::Cancelled);
        }
    }

    /// The actors that can run now, in id order; empty once the run is over.
    /// Advances virtual time to the next timer when no actor can run (under
    /// any timing, an actor with a timer is a choice instead).
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    pub fn runnable(&mut self) -> Vec<ActorId> {
        loop {
            if self.outcome.is_some() {
                return vec![];
            }
            if let Some(o) = self.machine.verdict(self.now) {
                self.outcome = Some(o);
                return vec![];
            }
            if self.steps >= self.max_steps {
                self.outcome = Some(Outcome::Failed {
                    message: format!("stopped after {} steps: does a loop never end?", self.max_steps),
                });
                return vec![];
            }
            // (Under any timing an actor with a timer is a choice too, so
            // time moves on only when one of them is picked: see `take`.)
            let enabled = match self.timing {
                Timing::Virtual => self.machine.enabled(self.now),
                Timing::Any => self.machine.choices(self.now),
            };
            if !enabled.is_empty() {
                return enabled;
            }
            match self.machine.next_timer(self.now) {
                Some(t) => {
                    self.now = t.max(self.now);
                    self.machine.sync(self.now, None);
                }
                // Unreachable: verdict reports a stall first.
                None => return vec![],
            }
        }
    }

    /// Steps `actor` (chosen by the caller).
    pub fn step(&mut self, actor: ActorId) -> Result<(), StepError> {
        let r = self.runnable();
        self.step_from(&r, actor)
    }

    /// Steps `actor` out of `runnable`, what [`Sim::runnable`] returned for
    /// this very state: a search clones a node's state for each of its
    /// choices and steps each clone from the node's own answer, instead of
    /// asking every clone again (the verdict, the stall and the choices
    /// were computed twice a step).
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    pub fn step_from(&mut self, runnable: &[ActorId], actor: ActorId) -> Result<(), StepError> {
        if self.outcome.is_some() {
            return Err(StepError::Finished);
        }
        self.take(runnable, actor)
    }

    fn take(&mut self, runnable: &[ActorId], actor: ActorId) -> Result<(), StepError> {
        if !runnable.contains(&actor) {
            return Err(StepError::NotRunnable { actor });
        }
        self.last_early = self.early(actor);
        if self.waits_for_timer(actor) {
            if self.on_time(actor) {
                // The clock's own choice: time moves on to its timer.
                if let Some(t) = self.machine.next_timer(self.now) {
                    self.now = t.max(self.now);
                    self.machine.sync(self.now, None);
                }
            } else {
                self.machine.expire(actor, self.now);
            }
        }
        self.machine.step(actor, self.now);
        self.schedule.push(actor);
        self.steps += 1;
        Ok(())
    }

    /// One step of the actor `policy` picks: `Ok(Some(actor))` once taken,
    /// `Ok(None)` when the run is over or the policy pauses, an error when it
    /// picks an actor that cannot run now (a replay that diverged).
    pub fn step_by(&mut self, policy: &mut dyn Policy) -> Result<Option<ActorId>, StepError> {
        let r = self.runnable();
        if r.is_empty() {
            return Ok(None);
        }
        let Some(a) = policy.pick(&r) else { return Ok(None) };
        self.take(&r, a).map(|()| Some(a))
    }

    /// Steps an actor chosen by the seeded policy; `None` once the run is over.
    pub fn step_random(&mut self) -> Option<ActorId> {
        let mut seeded = std::mem::replace(&mut self.seeded, Seeded::new(0));
        let a = self.step_by(&mut seeded).ok().flatten();
        self.seeded = seeded;
        a
    }

    /// Runs at most `max` steps by the seeded policy; true once the run is over.
    pub fn run_for(&mut self, max: u64) -> bool {
        for _ in 0..max {
            if self.step_random().is_none() {
                return true;
            }
        }
        self.runnable();
        self.outcome.is_some()
    }

    /// Runs to the end by the seeded policy.
    pub fn run(mut self) -> RunResult {
        while self.step_random().is_some() {}
        self.result()
    }

    /// The result so far (the outcome is `Cancelled` if the run has not ended).
    pub fn result(&self) -> RunResult {
        let outcome = self.outcome.clone().unwrap_or(Outcome::Cancelled);
        self.machine.result(outcome, self.now, Some(self.schedule().encode()))
    }
}

/// Runs `model` with the seeded policy.
pub fn simulate(model: &Model, seed: u64) -> RunResult {
    Sim::new(model, SimConfig::seeded(seed)).run()
}

/// [`simulate`] for a program (a lesson page's run on the simulator).
pub fn simulate_program(id: &str, world: crate::py::vm::World, seed: u64) -> RunResult {
    Sim::for_program(id, world, SimConfig { max_steps: PROGRAM_MAX_STEPS, ..SimConfig::seeded(seed) }).run()
}

/// Replays `schedule` exactly (through [`Replay`], as the page does).
pub fn replay(model: &Model, schedule: &Schedule) -> Result<RunResult, ReplayError> {
    replay_timed(model, schedule, Timing::Virtual)
}

/// [`replay`] under `timing`.
pub fn replay_timed(model: &Model, schedule: &Schedule, timing: Timing) -> Result<RunResult, ReplayError> {
    replay_on(Sim::new(model, SimConfig { max_steps: u64::MAX, timing, ..SimConfig::default() }), schedule)
}

/// [`replay`] for a program: its world, fresh, follows `schedule` to the end.
pub fn replay_program(id: &str, world: crate::py::vm::World, schedule: &Schedule) -> Result<RunResult, ReplayError> {
    replay_program_timed(id, world, schedule, Timing::Virtual)
}

/// [`replay_program`] under `timing` (a schedule found under any timing
/// replays only under it).
pub fn replay_program_timed(id: &str, world: crate::py::vm::World, schedule: &Schedule, timing: Timing) -> Result<RunResult, ReplayError> {
    replay_on(Sim::for_program(id, world, SimConfig { max_steps: PROGRAM_MAX_STEPS, timing, ..SimConfig::default() }), schedule)
}

/// The most steps a program runs on the simulator (then it ends, failed, with a sentence).
pub const PROGRAM_MAX_STEPS: u64 = 5_000_000;

fn replay_on(mut sim: Sim, schedule: &Schedule) -> Result<RunResult, ReplayError> {
    let mut policy = Replay::new(schedule);
    loop {
        match sim.step_by(&mut policy) {
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(StepError::Finished) => return Err(ReplayError::TooLong { steps: policy.taken() }),
            Err(StepError::NotRunnable { actor }) => {
                return Err(ReplayError::Diverged { step: policy.taken() - 1, actor })
            }
        }
    }
    if !policy.done() {
        return Err(ReplayError::TooLong { steps: policy.taken() });
    }
    sim.runnable();
    if sim.outcome().is_none() {
        return Err(ReplayError::Incomplete { steps: schedule.len() });
    }
    Ok(sim.result())
}
