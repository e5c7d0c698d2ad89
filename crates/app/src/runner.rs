//! Runs a scenario's model on a backend; the page polls it once per frame.
//!
//! * `workers`: the engine's threads runtime, one actor per thread of the
//!   wasm-bindgen-rayon pool (`rayon::spawn`). Its waits are real blocking
//!   waits on the workers, each cancellable; the main thread only drains the
//!   lock-free event ring in [`ActiveRun::poll`] and never blocks.
//! * `eventloop`: the engine's async runtime, one task per actor on the
//!   page's own event loop (wasm-bindgen-futures). `sleep` awaits a timer and
//!   yields; `work` runs synchronously and blocks the loop: the lesson.
//! * `sim`: the deterministic simulator in virtual time, advanced a bounded
//!   number of steps per poll, so even a long simulation keeps the page smooth.

use crate::pool;
use crate::browser::{epoch_ms, now_ms};
use futures_util::future::select;
use gloo_timers::future::TimeoutFuture;
use interleave_engine::cancel::CancelToken;
use interleave_engine::eventloop::{EventLoopRun, Host};
use interleave_engine::model::{ActorId, Model};
use interleave_engine::outcome::{Outcome, RunResult};
use interleave_engine::schedule::Schedule;
use interleave_engine::policy::{Manual, Replay, Seeded, Then};
use interleave_engine::sim::{replay, Sim, SimConfig};
use interleave_engine::threads::{Clock, SpawnFn, ThreadsConfig, ThreadsRun};
use interleave_engine::py::vm::World;
use interleave_engine::trace::Trace;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};

pub use interleave_engine::scenarios::Backend;

/// The simulator's share of a frame: it steps until this much time has
/// passed in a poll (a step can be a slice of real computation).
pub const SIM_BUDGET_MS: f64 = 6.0;
/// Trace events each runtime keeps in its window for the views.
pub const TRACE_WINDOW: usize = 20_000;

/// The browser's event loop, as the engine's async runtime needs it.
#[derive(Clone)]
struct PageLoop;

impl Host for PageLoop {
    type Sleep = Pin<Box<dyn Future<Output = ()>>>;

    fn now_ms(&self) -> f64 {
        now_ms()
    }

    /// A timer; `sleep(0)` is a bare yield to the loop, like `asyncio.sleep(0)`:
    /// a message to ourselves, because browsers stretch nested zero-delay
    /// timers to 4 ms (a race of 20,000 yields would take 80 s).
    fn sleep(&self, ms: f64) -> Self::Sleep {
        if ms <= 0.0 {
            Box::pin(yield_to_loop())
        } else {
            Box::pin(TimeoutFuture::new(ms.min(u32::MAX as f64).round() as u32))
        }
    }
}

/// Resolves in a new task of the event loop (a MessageChannel message: a
/// macrotask, so the page can paint in between, with no timer clamping).
async fn yield_to_loop() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        TimeoutFuture::new(0).await;
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        channel.port1().set_onmessage(Some(resolve.unchecked_ref()));
    });
    let _ = channel.port2().post_message(&wasm_bindgen::JsValue::NULL);
    let _ = JsFuture::from(promise).await;
    channel.port1().set_onmessage(None);
}

enum Runtime {
    Threads(ThreadsRun),
    EventLoop(EventLoopRun),
    Sim(Box<SimRun>),
}

/// The simulator, driven by its seed, by a recorded schedule, or by the user.
struct SimRun {
    sim: Sim,
    /// Who runs next when the run moves by itself (or the student presses
    /// Step without choosing): a link's schedule, then the seed.
    policy: Then<Option<Replay>, Seeded>,
    /// Step by step: only [`ActiveRun::step`] moves the run.
    manual: bool,
    /// Paced: virtual time may not run ahead of real time (a slowed run, to watch).
    paced: bool,
    /// Steps between two looks at the frame's time budget: a model's steps
    /// are tiny; a program's may each check a prime (a tenth of a second).
    batch: u64,
    /// The first moment two actors were in the critical section at once,
    /// watched after every step: "Run to end" takes many steps between two
    /// looks by the page, and the moment may pass within them.
    crowded: Option<Crowded>,
}

/// Two actors (or more) in a program's `critical_section()` at once: who,
/// after how many steps, and the schedule that led there.
#[derive(Clone, Debug, PartialEq)]
pub struct Crowded {
    pub actors: Vec<ActorId>,
    pub steps: u64,
    pub schedule: String,
}

impl SimRun {
    /// At most `n` steps, by the policy; true once over.
    fn advance(&mut self, n: u64) -> bool {
        for _ in 0..n {
            match self.sim.step_by(&mut self.policy) {
                Ok(Some(_)) => self.watch(),
                // A schedule that no longer fits was checked before the run
                // started; the seed takes over where it ends.
                Ok(None) | Err(_) => break,
            }
        }
        self.sim.runnable();
        self.sim.outcome().is_some()
    }

    /// After a step: notes the first moment two actors are in the critical section.
    fn watch(&mut self) {
        if self.crowded.is_some() {
            return;
        }
        let Some(world) = self.sim.machine().world() else { return };
        if world.critical_count() >= 2 {
            self.crowded = Some(Crowded { actors: world.in_critical_section(), steps: self.sim.steps(), schedule: self.sim.schedule().encode() });
        }
    }
}

/// A run in progress.
pub struct ActiveRun {
    runtime: Runtime,
    cancel: CancelToken,
    started_ms: f64,
    finished: bool,
}

/// Resolves at the next animation frame, so the page paints before a block,
/// or after 50 ms where the browser pauses frames (an off-screen iframe).
pub(crate) async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = crate::browser::window().request_animation_frame(resolve.unchecked_ref());
    });
    let _ = select(JsFuture::from(promise), TimeoutFuture::new(50)).await;
}

impl ActiveRun {
    /// Starts `model` on `backend`. `pool_threads` is the size of the Web
    /// Worker pool (0 when there is none); `schedule`, for `sim`, replays a
    /// recorded run instead of drawing from `seed`; `manual`, for `sim`,
    /// moves only when [`ActiveRun::step`] is called; `paced`, for `sim`,
    /// keeps virtual time from running ahead of real time.
    pub fn start(
        model: &Model,
        backend: Backend,
        pool_threads: usize,
        seed: u64,
        schedule: Option<&Schedule>,
        manual: bool,
        paced: bool,
    ) -> Result<ActiveRun, String> {
        let cancel = CancelToken::new();
        let runtime = match backend {
            Backend::Workers => {
                let actors = model.actors.len();
                if actors > pool_threads {
                    return Err(format!(
                        "this scenario needs {actors} threads at once and the Web Worker pool has {pool_threads}"
                    ));
                }
                // performance.now() counts from each worker's own start; the
                // epoch clock lines every thread's timestamps up.
                let clock: Clock = Arc::new(epoch_ms);
                // At most this many events per frame: recording costs the main
                // thread about a microsecond each.
                let config = ThreadsConfig { window: TRACE_WINDOW, drain_max: 8_192, ..ThreadsConfig::default() };
                let spawn = |job: Box<dyn FnOnce() + Send>| pool::spawn(job);
                Runtime::Threads(ThreadsRun::start(model, config, clock, cancel.clone(), &spawn))
            }
            Backend::EventLoop => {
                let (run, tasks) = EventLoopRun::new(model, PageLoop, cancel.clone(), TRACE_WINDOW);
                // Let the page paint the running state before a task can block it.
                spawn_local(async move {
                    next_frame().await;
                    for t in tasks {
                        spawn_local(t);
                    }
                });
                Runtime::EventLoop(run)
            }
            Backend::Sim => {
                let replaying = match schedule {
                    Some(s) => {
                        // Check it first (fast, in virtual time): a schedule made for
                        // another scenario or cut short must not run half-way.
                        replay(model, s).map_err(|e| format!("the schedule cannot be replayed: {e}"))?;
                        Some(Replay::new(s))
                    }
                    None => None,
                };
                let config = SimConfig { window: TRACE_WINDOW, max_steps: u64::MAX, ..SimConfig::seeded(seed) };
                let policy = Then(replaying, Seeded::new(seed));
                Runtime::Sim(Box::new(SimRun { sim: Sim::new(model, config), policy, manual, paced, batch: 32, crowded: None }))
            }
        };
        Ok(ActiveRun { runtime, cancel, started_ms: now_ms(), finished: false })
    }

    /// Starts a Python program (see the engine's `py`) on `backend`: its
    /// threads become actors as it starts them.
    pub fn start_program(
        id: &str,
        world: World,
        backend: Backend,
        pool_threads: usize,
        seed: u64,
        schedule: Option<&Schedule>,
        manual: bool,
        paced: bool,
        timing: interleave_engine::sim::Timing,
    ) -> Result<ActiveRun, String> {
        let cancel = CancelToken::new();
        let runtime = match backend {
            Backend::Workers => {
                let need = interleave_engine::py::vm::MAX_THREADS + 1;
                if pool_threads < need {
                    return Err(format!("a program may run {need} threads at once and the Web Worker pool has {pool_threads}"));
                }
                let clock: Clock = Arc::new(epoch_ms);
                let config = ThreadsConfig { window: TRACE_WINDOW, drain_max: 8_192, ..ThreadsConfig::default() };
                let spawn: SpawnFn = Arc::new(pool::spawn);
                Runtime::Threads(ThreadsRun::start_program(id, world, config, clock, cancel.clone(), spawn))
            }
            Backend::EventLoop => {
                let spawn: std::rc::Rc<dyn Fn(interleave_engine::eventloop::Task)> = std::rc::Rc::new(|t| spawn_local(t));
                let (run, main) = EventLoopRun::new_program(id, world, PageLoop, cancel.clone(), TRACE_WINDOW, spawn);
                spawn_local(async move {
                    next_frame().await;
                    main.await;
                });
                Runtime::EventLoop(run)
            }
            Backend::Sim => {
                let replaying = match schedule {
                    Some(s) => {
                        // Checked first, as a model's: a schedule of another
                        // program or version must not run half-way.
                        match interleave_engine::sim::replay_program_timed(id, world.clone(), s, timing) {
                            Ok(_) => {}
                            // Step by step, a schedule may stop part-way (the
                            // explorer's way into a critical section): Step
                            // walks it, then the seed's choices go on.
                            Err(interleave_engine::sim::ReplayError::Incomplete { .. }) if manual => {}
                            Err(e) => return Err(format!("the schedule cannot be replayed: {e}")),
                        }
                        Some(Replay::new(s))
                    }
                    None => None,
                };
                let config = SimConfig { window: TRACE_WINDOW, max_steps: interleave_engine::sim::PROGRAM_MAX_STEPS, timing, ..SimConfig::seeded(seed) };
                let policy = Then(replaying, Seeded::new(seed));
                Runtime::Sim(Box::new(SimRun { sim: Sim::for_program(id, world, config), policy, manual, paced, batch: 1, crowded: None }))
            }
        };
        Ok(ActiveRun { runtime, cancel, started_ms: now_ms(), finished: false })
    }

    /// The model as it stands: a program's grows as it makes objects and threads.
    pub fn model(&self) -> Model {
        match &self.runtime {
            Runtime::Threads(run) => run.model(),
            Runtime::EventLoop(run) => run.model(),
            Runtime::Sim(run) => run.sim.machine().model().clone(),
        }
    }

    /// Reads a program's interpreter (None: not a program, or, on real
    /// threads, busy this instant: the main thread never waits for it).
    pub fn with_world<R>(&self, f: impl FnOnce(&World) -> R) -> Option<R> {
        match &self.runtime {
            Runtime::Threads(run) => run.with_world(f),
            Runtime::EventLoop(run) => run.with_world(f),
            Runtime::Sim(run) => run.sim.machine().world().map(f),
        }
    }

    /// A program's output so far (None: not readable this instant, on real threads).
    pub fn output(&self) -> Option<Vec<interleave_engine::py::vm::Output>> {
        match &self.runtime {
            Runtime::Threads(run) => run.output(),
            Runtime::EventLoop(run) => Some(run.output()),
            Runtime::Sim(run) => Some(run.sim.machine().world().map(|w| w.output().to_vec()).unwrap_or_default()),
        }
    }

    /// Moves the run on without blocking: drains the workers' events, or
    /// advances the simulator. Returns the result once, when the run is over.
    pub fn poll(&mut self) -> Option<RunResult> {
        if self.finished {
            return None;
        }
        let r = match &mut self.runtime {
            Runtime::Threads(run) => run.poll(),
            Runtime::EventLoop(run) => run.result(),
            Runtime::Sim(run) => {
                let over = if run.manual {
                    run.sim.outcome().is_some()
                } else {
                    let until = now_ms() + SIM_BUDGET_MS;
                    let real = now_ms() - self.started_ms;
                    loop {
                        if run.paced && run.sim.now() > real {
                            break run.sim.outcome().is_some();
                        }
                        if run.advance(if run.paced { 1 } else { run.batch }) {
                            break true;
                        }
                        if now_ms() >= until {
                            break false;
                        }
                    }
                };
                over.then(|| run.sim.result())
            }
        };
        self.finished = r.is_some();
        r
    }

    /// Asks the run to stop; `poll` reports it once every actor has returned.
    pub fn stop(&mut self) {
        self.cancel.cancel();
        match &mut self.runtime {
            Runtime::Threads(run) => run.stop(),
            Runtime::EventLoop(run) => run.cancel(),
            Runtime::Sim(run) => run.sim.cancel(),
        }
    }

    /// How the run ended, once decided (threads may still be returning).
    pub fn outcome(&self) -> Option<Outcome> {
        match &self.runtime {
            Runtime::Threads(run) => run.outcome().cloned(),
            Runtime::EventLoop(run) => run.outcome(),
            Runtime::Sim(run) => run.sim.outcome().cloned(),
        }
    }

    /// Step by step (`sim` only): whether the run waits for the user.
    pub fn is_manual(&self) -> bool {
        matches!(&self.runtime, Runtime::Sim(run) if run.manual)
    }

    /// The actors that can move next (`sim` only; empty otherwise).
    pub fn runnable(&mut self) -> Vec<ActorId> {
        match &mut self.runtime {
            Runtime::Sim(run) if run.sim.outcome().is_none() => run.sim.runnable(),
            _ => vec![],
        }
    }

    /// One step (`sim` only): `actor` if given and able to run, else the
    /// seeded policy's choice. The step goes into the schedule either way.
    pub fn step(&mut self, actor: Option<ActorId>) -> Result<(), String> {
        let Runtime::Sim(run) = &mut self.runtime else { return Err("only the simulator steps".into()) };
        match actor {
            // The student's choice, through the same path as any policy's.
            Some(a) => {
                run.sim.step_by(&mut Manual { next: Some(a) }).map_err(|e| e.to_string())?;
                run.watch();
                Ok(())
            }
            None => {
                run.advance(1);
                Ok(())
            }
        }
    }

    /// The simulator: the first moment two actors were in the critical section at once.
    pub fn crowded(&self) -> Option<&Crowded> {
        match &self.runtime {
            Runtime::Sim(run) => run.crowded.as_ref(),
            _ => None,
        }
    }

    /// Leaves step-by-step mode: the simulator runs on to the end by itself.
    pub fn run_to_end(&mut self) {
        if let Runtime::Sim(run) = &mut self.runtime {
            run.manual = false;
        }
    }

    /// The simulator: steps taken so far and virtual time (None elsewhere).
    pub fn sim_progress(&self) -> Option<(u64, f64)> {
        match &self.runtime {
            Runtime::Sim(run) => Some((run.sim.steps(), run.sim.now())),
            _ => None,
        }
    }

    /// The simulator: each actor's steps into the run's report (`steps`,
    /// which virtual time may not show); nothing elsewhere. Counted from the
    /// simulator's own schedule: the printed one of a long run is longer than
    /// a link may be, and is not parsed back.
    pub fn report_steps(&self, report: &mut interleave_engine::contract::RunReport) {
        let Runtime::Sim(run) = &self.runtime else { return };
        let mut n = vec![0u64; run.sim.machine().actor_count()];
        for a in run.sim.chosen_since(0) {
            if let Some(c) = n.get_mut(a) {
                *c += 1;
            }
        }
        for (actor, steps) in report.actors.iter_mut().zip(n) {
            actor.steps = Some(steps);
        }
    }

    /// The simulator: the schedule so far, as a link's `schedule=` writes it.
    pub fn schedule_text(&self) -> Option<String> {
        match &self.runtime {
            Runtime::Sim(run) => Some(run.sim.schedule().encode()),
            _ => None,
        }
    }

    /// The simulator: the actor its last step moved.
    pub fn last_stepped(&self) -> Option<ActorId> {
        match &self.runtime {
            Runtime::Sim(run) => run.sim.last_chosen(),
            _ => None,
        }
    }

    /// The simulator under any timing: its last step ended a sleep, work or
    /// timeout before its time.
    pub fn last_early(&self) -> bool {
        matches!(&self.runtime, Runtime::Sim(run) if run.sim.last_early())
    }

    /// Milliseconds since the run started (wall time, whatever the backend).
    pub fn elapsed_ms(&self) -> f64 {
        now_ms() - self.started_ms
    }

    /// Reads the run's trace as of the last poll.
    pub fn with_trace<R>(&self, f: impl FnOnce(Option<&Trace>) -> R) -> R {
        match &self.runtime {
            Runtime::Threads(run) => f(Some(run.trace())),
            Runtime::EventLoop(run) => run.with_trace(|t| f(Some(t))),
            Runtime::Sim(run) => f(Some(run.sim.trace())),
        }
    }
}
