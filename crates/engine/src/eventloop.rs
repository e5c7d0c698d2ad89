//! The event-loop runtime: one async task per actor on a single thread.
//!
//! It is pure async code, generic over a [`Host`] that supplies a clock and a
//! timer (`performance.now()` and gloo-timers in the browser, spawned with
//! `wasm_bindgen_futures::spawn_local`; a fake timer in the tests). The
//! shared objects are the [`Machine`]'s, behind an `Rc<RefCell<_>>`: on one
//! thread no lock is needed, exactly like asyncio's primitives.
//!
//! The lesson it makes visible (seeds 000 and 002): `sleep` awaits the
//! host's timer and lets the other tasks run, but `work` runs synchronously
//! and blocks the whole loop until it is done, and nothing switches tasks
//! between two operations without an `await` (so `temp = n; n = temp + 1`
//! cannot race here unless a `sleep(0)` sits between them).

use crate::cancel::CancelToken;
use crate::kernels::burn_cpu;
use crate::machine::{Machine, Phase, Readiness};
use crate::model::{ActorId, Model};
use crate::outcome::{Outcome, RunResult};
use crate::trace::Trace;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// What the event loop needs from its host.
pub trait Host: Clone + 'static {
    /// A timer future.
    type Sleep: Future<Output = ()> + 'static;
    /// A monotonic clock in milliseconds.
    fn now_ms(&self) -> f64;
    /// Completes after `ms` milliseconds, yielding to the loop meanwhile
    /// (`ms == 0` must still yield once).
    fn sleep(&self, ms: f64) -> Self::Sleep;
}

/// A task for the host to spawn.
pub type Task = Pin<Box<dyn Future<Output = ()>>>;

struct Inner {
    machine: Machine,
    start: f64,
    epoch: u64,
    wakers: Vec<Waker>,
    outcome: Option<Outcome>,
    tasks_left: usize,
    done_wakers: Vec<Waker>,
    cancel: CancelToken,
    max_gap: f64,
    /// Per actor: the time its task really ran on the loop (between being
    /// resumed and giving the loop back). A task that is able to run but
    /// waits for its turn is ready, not busy.
    ran_ms: Vec<f64>,
    /// Spawns the task of a thread a program starts (programs only).
    spawn: Option<Rc<dyn Fn(Task)>>,
}

impl Inner {
    fn wake_all(&mut self) -> Vec<Waker> {
        self.epoch += 1;
        std::mem::take(&mut self.wakers)
    }

    /// Ends the run if the machine says it has ended.
    fn judge(&mut self, now: f64) {
        if self.outcome.is_none() {
            if self.cancel.is_cancelled() {
                self.outcome = Some(Outcome::Cancelled);
            } else if let Some(o) = self.machine.verdict(now) {
                self.outcome = Some(o);
            }
        }
    }
}

/// A run on the event loop: a handle to observe it, stop it and await it.
#[derive(Clone)]
pub struct EventLoopRun {
    inner: Rc<RefCell<Inner>>,
}

fn wake(ws: Vec<Waker>) {
    for w in ws {
        w.wake();
    }
}

/// Completes when the epoch moves on (another task acted) or the run ends.
struct Changed {
    inner: Rc<RefCell<Inner>>,
    epoch: u64,
}

impl Future for Changed {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut i = self.inner.borrow_mut();
        if i.epoch != self.epoch || i.outcome.is_some() {
            Poll::Ready(())
        } else {
            i.wakers.push(cx.waker().clone());
            Poll::Pending
        }
    }
}

/// Completes when the run has ended (so a sleeping task stops at once).
struct Stopped {
    inner: Rc<RefCell<Inner>>,
}

impl Future for Stopped {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut i = self.inner.borrow_mut();
        if i.outcome.is_some() {
            Poll::Ready(())
        } else {
            i.wakers.push(cx.waker().clone());
            Poll::Pending
        }
    }
}

/// The first of two futures to complete.
struct Either<A, B>(Pin<Box<A>>, Pin<Box<B>>);

impl<A: Future<Output = ()>, B: Future<Output = ()>> Future for Either<A, B> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0.as_mut().poll(cx).is_ready() || self.1.as_mut().poll(cx).is_ready() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

/// Completes when every actor task has returned.
struct AllDone {
    inner: Rc<RefCell<Inner>>,
}

impl Future for AllDone {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut i = self.inner.borrow_mut();
        if i.tasks_left == 0 {
            Poll::Ready(())
        } else {
            i.done_wakers.push(cx.waker().clone());
            Poll::Pending
        }
    }
}

impl EventLoopRun {
    /// Prepares a run of `model`: returns its handle and one task per actor,
    /// for the host to spawn on its loop.
    pub fn new<H: Host>(model: &Model, host: H, cancel: CancelToken, window: usize) -> (EventLoopRun, Vec<Task>) {
        let inner = Self::inner(Machine::new(model, window), &host, cancel, None);
        let tasks = (0..model.actors.len()).map(|a| actor_task(inner.clone(), host.clone(), a)).collect();
        (EventLoopRun { inner }, tasks)
    }

    fn inner<H: Host>(mut machine: Machine, host: &H, cancel: CancelToken, spawn: Option<Rc<dyn Fn(Task)>>) -> Rc<RefCell<Inner>> {
        // Prime checks take the real time they take, blocking the loop.
        machine.set_charge_compute(false);
        let n = machine.actor_count();
        Rc::new(RefCell::new(Inner {
            machine,
            start: host.now_ms(),
            epoch: 0,
            wakers: Vec::new(),
            outcome: None,
            tasks_left: n,
            done_wakers: Vec::new(),
            cancel,
            max_gap: 0.0,
            ran_ms: vec![0.0; n],
            spawn,
        }))
    }

    /// Prepares a run of a Python program (see [`crate::py`]): the main
    /// thread's task, for the host to spawn; each thread the program starts
    /// becomes a task of its own through `spawn`. Its threads switch only
    /// where they block or sleep (`time.sleep` is the `await`).
    pub fn new_program<H: Host>(
        id: &str,
        world: crate::py::vm::World,
        host: H,
        cancel: CancelToken,
        window: usize,
        spawn: Rc<dyn Fn(Task)>,
    ) -> (EventLoopRun, Task) {
        let inner = Self::inner(Machine::for_program(id, world, window), &host, cancel, Some(spawn));
        let task = actor_task(inner.clone(), host, 0);
        (EventLoopRun { inner }, task)
    }

    /// Stops the run: every task returns at its next turn.
    pub fn cancel(&self) {
        let ws = {
            let mut i = self.inner.borrow_mut();
            i.cancel.cancel();
            if i.outcome.is_none() {
                i.outcome = Some(Outcome::Cancelled);
            }
            i.wake_all()
        };
        wake(ws);
    }

    pub fn outcome(&self) -> Option<Outcome> {
        self.inner.borrow().outcome.clone()
    }

    /// Reads the trace (do not hold on to the borrow across an await).
    pub fn with_trace<R>(&self, f: impl FnOnce(&Trace) -> R) -> R {
        f(self.inner.borrow().machine.trace())
    }

    /// The model as it stands (a program's grows as it starts threads).
    pub fn model(&self) -> Model {
        self.inner.borrow().machine.model().clone()
    }

    /// Reads the program's interpreter (None: the run is not a program's).
    pub fn with_world<R>(&self, f: impl FnOnce(&crate::py::vm::World) -> R) -> Option<R> {
        self.inner.borrow().machine.world().map(f)
    }

    /// A program's output so far: (actor, text) pieces, oldest first.
    pub fn output(&self) -> Vec<crate::py::vm::Output> {
        self.inner.borrow().machine.world().map(|w| w.output().to_vec()).unwrap_or_default()
    }

    /// What actor `a` of a program has printed so far.
    pub fn output_of(&self, a: ActorId) -> String {
        let i = self.inner.borrow();
        i.machine.world().map(|w| w.output().iter().filter(|o| o.actor == a).map(|o| o.text.as_str()).collect()).unwrap_or_default()
    }

    /// The longest time one task ran without giving the loop back (ms): what
    /// a `work` inside a coroutine costs everyone else.
    pub fn max_gap_ms(&self) -> f64 {
        self.inner.borrow().max_gap
    }

    /// The result, once every task has returned.
    pub fn result(&self) -> Option<RunResult> {
        let i = self.inner.borrow();
        if i.tasks_left > 0 {
            return None;
        }
        let outcome = i.outcome.clone().unwrap_or(Outcome::Cancelled);
        let now = i.machine.trace().last_ms();
        let mut r = i.machine.result(outcome, now, None);
        // Busy is the time a task really ran; the rest of its "running"
        // time it was ready, waiting for the one thread the loop has.
        for (agg, &ran) in r.summary.actors.iter_mut().zip(&i.ran_ms) {
            agg.ready_ms = (agg.busy_ms - ran).max(0.0);
            agg.busy_ms = ran;
        }
        Some(r)
    }

    /// Completes with the result once every task has returned.
    pub async fn finished(&self) -> RunResult {
        AllDone { inner: self.inner.clone() }.await;
        self.result().unwrap_or_else(|| unreachable_result())
    }
}

fn unreachable_result() -> RunResult {
    RunResult {
        outcome: Outcome::Failed { message: "the event loop ended without a result".into() },
        answer: None,
        produced: vec![],
        counters: vec![],
        summary: crate::trace::TraceSummary {
            total_events: 0,
            dropped_events: 0,
            digest: String::new(),
            elapsed_ms: 0.0,
            throughput_per_s: 0.0,
            actors: vec![],
        },
        schedule: None,
    }
}

/// Spawns every actor through `spawn` and awaits the result.
pub async fn run_eventloop<H: Host>(model: &Model, host: H, cancel: CancelToken, spawn: &dyn Fn(Task)) -> RunResult {
    let (run, tasks) = EventLoopRun::new(model, host, cancel, crate::trace::DEFAULT_WINDOW);
    for t in tasks {
        spawn(t);
    }
    run.finished().await
}

/// Gives each actor a program started since the last look a task of its own.
fn adopt_new_actors<H: Host>(inner: &Rc<RefCell<Inner>>, host: &H) {
    let (spawn, new) = {
        let mut i = inner.borrow_mut();
        let (have, now) = (i.ran_ms.len(), i.machine.actor_count());
        if now <= have {
            return;
        }
        i.ran_ms.resize(now, 0.0);
        i.tasks_left += now - have;
        (i.spawn.clone(), have..now)
    };
    if let Some(spawn) = spawn {
        for a in new {
            spawn(Box::pin(actor_task(inner.clone(), host.clone(), a)));
        }
    }
}

fn actor_task<H: Host>(inner: Rc<RefCell<Inner>>, host: H, a: ActorId) -> Pin<Box<dyn Future<Output = ()>>> {
    Box::pin(actor_body(inner, host, a))
}

async fn actor_body<H: Host>(inner: Rc<RefCell<Inner>>, host: H, a: ActorId) {
    let start = inner.borrow().start;
    let now = |h: &H| h.now_ms() - start;
    let mut slice_start = now(&host);
    // When this task last got the loop; each await gives it back.
    let mut resumed = slice_start;
    let charge = |resumed: f64| {
        let t = host.now_ms() - start;
        if let Some(r) = inner.borrow_mut().ran_ms.get_mut(a) {
            *r += (t - resumed).max(0.0);
        }
    };
    loop {
        let t = now(&host);
        let (readiness, phase, epoch) = {
            let mut i = inner.borrow_mut();
            i.judge(t);
            if i.outcome.is_some() {
                break;
            }
            (i.machine.readiness(a, t), i.machine.phase(a), i.epoch)
        };
        match readiness {
            Readiness::Finished => break,
            Readiness::Enabled if phase == Phase::Spin => {
                // A busy-wait must still let the loop breathe.
                charge(resumed);
                yield_now(&host, &inner, &mut slice_start).await;
                resumed = now(&host);
                let ws = {
                    let mut i = inner.borrow_mut();
                    i.machine.step(a, t);
                    i.wake_all()
                };
                wake(ws);
                adopt_new_actors(&inner, &host);
            }
            Readiness::Enabled => {
                let ws = {
                    let mut i = inner.borrow_mut();
                    i.machine.step(a, t);
                    i.judge(t);
                    i.wake_all()
                };
                wake(ws);
                adopt_new_actors(&inner, &host);
                // A `sleep` just started: await the host's timer (even for 0 ms).
                let phase = inner.borrow().machine.phase(a);
                if let Phase::Timed { until, working: false } = phase {
                    note_gap(&inner, &host, start, &mut slice_start);
                    let stopped = Stopped { inner: inner.clone() };
                    charge(resumed);
                    Either(Box::pin(stopped), Box::pin(host.sleep((until - t).max(0.0)))).await;
                    slice_start = now(&host);
                    resumed = slice_start;
                }
            }
            Readiness::Timed { until, working: true } => {
                // Real CPU work, synchronously: the whole loop waits.
                let cancel = inner.borrow().cancel.clone();
                let clock = || host.now_ms();
                let _ = burn_cpu((until - t).max(0.0), &clock, &cancel);
            }
            Readiness::Timed { until, working: false } => {
                note_gap(&inner, &host, start, &mut slice_start);
                let stopped = Stopped { inner: inner.clone() };
                charge(resumed);
                Either(Box::pin(stopped), Box::pin(host.sleep((until - t).max(0.0)))).await;
                slice_start = now(&host);
                resumed = slice_start;
            }
            Readiness::Blocked { deadline } => {
                note_gap(&inner, &host, start, &mut slice_start);
                let changed = Changed { inner: inner.clone(), epoch };
                charge(resumed);
                match deadline {
                    Some(d) => Either(Box::pin(changed), Box::pin(host.sleep((d - t).max(0.0)))).await,
                    None => changed.await,
                }
                slice_start = now(&host);
                resumed = slice_start;
            }
        }
    }
    note_gap(&inner, &host, start, &mut slice_start);
    charge(resumed);
    let (ws, done) = {
        let mut i = inner.borrow_mut();
        i.tasks_left -= 1;
        let done = if i.tasks_left == 0 { std::mem::take(&mut i.done_wakers) } else { vec![] };
        (i.wake_all(), done)
    };
    wake(ws);
    wake(done);
}

fn note_gap<H: Host>(inner: &Rc<RefCell<Inner>>, host: &H, start: f64, slice_start: &mut f64) {
    let t = host.now_ms() - start;
    let mut i = inner.borrow_mut();
    i.max_gap = i.max_gap.max(t - *slice_start);
}

async fn yield_now<H: Host>(host: &H, inner: &Rc<RefCell<Inner>>, slice_start: &mut f64) {
    let start = inner.borrow().start;
    note_gap(inner, host, start, slice_start);
    host.sleep(0.0).await;
    *slice_start = host.now_ms() - start;
}
