//! The threads runtime: one real thread per actor, real blocking primitives.
//!
//! Threads come from a spawner the caller injects (`rayon::spawn` on the
//! wasm-bindgen-rayon pool in the browser; [`run_native`] uses std threads).
//! Each object is a small monitor (a std `Mutex` over its state and a
//! `Condvar`); every blocking wait sleeps in short slices and checks the
//! [`CancelToken`], so Stop returns every thread promptly even from a
//! deadlock (a thread cannot be killed, only asked to stop: seed 000).
//!
//! Actors push trace events into a lock-free ring ([`ArrayQueue`]); the
//! consumer ([`ThreadsRun::poll`]) drains it without taking any lock an
//! actor can hold, records the events in its own [`Trace`] and keeps the
//! [`WaitFor`] graph from them. Events about an object are pushed while its
//! state lock is held, so the stream is consistent per object. A cycle in
//! the graph ends the run with [`Outcome::Deadlock`] and cancels the
//! actors; a watchdog also ends it when every live actor has been stuck in
//! an untimed wait with no progress for [`ThreadsConfig::stall_ms`] (the
//! deadlocks a wait-for graph cannot name: semaphores, queues, barriers).
//! A panic inside an actor becomes [`Outcome::Failed`] (natively; wasm
//! builds abort on panic).

use crate::cancel::CancelToken;
use crate::check;
use crate::kernels::{burn_cpu, PrimeCheck};
use crate::model::{ActorId, Cond, Kernel, Model, ObjId, ObjectKind, Op};
use crate::prims::{self, counter, Cx, Effect, Object, Primitive};
use crate::outcome::{Key, Outcome, Produced, RunResult, WaitLink};
use crate::program::{Cursor, Next};
use crate::trace::{ActorAgg, ActorState, EventKind, Extremes, ObjectState, Trace, DEFAULT_WINDOW};
use crate::waitfor::WaitFor;
use crate::py::vm::{Objects, PyError, Resume, Step, World};
use crossbeam_queue::ArrayQueue;
use crossbeam_utils::CachePadded;
use std::sync::atomic::{AtomicU64, AtomicU8, AtomicUsize, Ordering::*};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

/// Trial divisions between two looks at the clock in a sliced prime check
/// (well under a millisecond).
const CRUNCH_CHUNK: u64 = 20_000;

thread_local! {
    /// The account of the actor this thread is running (see `Shared::accounts`).
    static ACCOUNT: std::cell::RefCell<ActorAgg> = std::cell::RefCell::new(ActorAgg::new());
}

/// A monotonic clock in milliseconds, callable from any thread.
pub type Clock = Arc<dyn Fn() -> f64 + Send + Sync>;

/// Starts a job on some thread (a std thread, `rayon::spawn`, ...).
pub type Spawner<'a> = &'a dyn Fn(Box<dyn FnOnce() + Send + 'static>);

/// How the threads runtime runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ThreadsConfig {
    /// Capacity of the event ring between the actors and the consumer.
    pub ring: usize,
    /// Events the consumer's trace keeps.
    pub window: usize,
    /// Longest single blocking wait before re-checking cancellation.
    pub slice_ms: u64,
    /// The watchdog's patience: every live actor stuck this long is a deadlock.
    pub stall_ms: f64,
    /// Record trace events at all (off: only the outcome; for benchmarks).
    pub tracing: bool,
    /// End the run on a detected deadlock (off: wait for Stop; for tests).
    pub detect_deadlock: bool,
    /// Most events one [`ThreadsRun::poll`] records. A page polls once per
    /// frame and must keep its frame: past this, the ring fills and further
    /// events are dropped (and counted), never waited for.
    pub drain_max: usize,
}

impl Default for ThreadsConfig {
    fn default() -> Self {
        ThreadsConfig {
            ring: 1 << 16,
            window: DEFAULT_WINDOW,
            slice_ms: 10,
            stall_ms: 250.0,
            tracing: true,
            detect_deadlock: true,
            drain_max: 1 << 20,
        }
    }
}

fn lock<S>(m: &Mutex<S>) -> MutexGuard<'_, S> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

struct Mon<S> {
    s: Mutex<S>,
    cv: Condvar,
}

impl<S> Mon<S> {
    fn new(s: S) -> Self {
        Mon { s: Mutex::new(s), cv: Condvar::new() }
    }
}

/// An object in its monitor, with the actors blocked on it (in the order
/// they came).
struct Slot {
    obj: Object,
    blocked: Vec<ActorId>,
}

impl Slot {
    fn add_waiter(&mut self, a: ActorId) {
        self.blocked.push(a);
    }
    fn remove_waiter(&mut self, a: ActorId) {
        self.blocked.retain(|&w| w != a);
    }
    fn show(&self) -> ObjectState {
        self.obj.show(if self.obj.lists_blocked() { self.blocked.clone() } else { Vec::new() })
    }
}

/// A shared object on real threads: a monitor around its state, or (a
/// counter) an atomic.
enum Obj {
    Mon(Mon<Slot>),
    Counter(counter::Atomic),
}

const RUNNING: u8 = 0;
const STUCK: u8 = 1;
const TIMED: u8 = 2;
const FINISHED: u8 = 3;

enum Stop {
    Cancelled,
    Failed(String),
}

type Flow<T> = Result<T, Stop>;

/// An object and what the runtime says of it.
struct Entry {
    obj: Obj,
    name: String,
    kind: ObjectKind,
}

/// A Python program's side of a run (see [`ThreadsRun::start_program`]).
struct ProgramShared {
    /// The interpreter: one thread at a time runs its local work and one
    /// step under this lock, so lost updates come only from the program's
    /// own separate steps. Compiled functions (`is_prime`, `burn_cpu`) and
    /// blocking operations run outside it, in parallel.
    world: Mutex<World>,
    /// Starts the thread of an actor the program starts.
    spawn: SpawnFn,
    /// Threads started so far (the main thread included).
    actors: AtomicUsize,
    /// Which of them are daemons: once every other thread has returned,
    /// the run is over and they are stopped, as Python ends its daemons.
    daemon: Vec<std::sync::atomic::AtomicBool>,
    /// The first error the program raised (read by the consumer, which
    /// must never wait for the world's lock).
    error: OnceLock<PyError>,
}

/// A spawner the runtime can keep (a program starts threads while it runs).
pub type SpawnFn = Arc<dyn Fn(Box<dyn FnOnce() + Send + 'static>) + Send + Sync>;

/// The most objects a program may make on real threads.
pub const MAX_PROGRAM_OBJECTS: usize = 1024;

struct Shared {
    model: Model,
    /// Every object, set once: a model's from the start, a program's as it
    /// makes them (ids in order).
    objs: Vec<OnceLock<Entry>>,
    /// Each actor's name and, for a child process's, its process.
    actor_names: Vec<OnceLock<(String, Option<u32>)>>,
    py: Option<ProgramShared>,
    /// Events on their way to the consumer, with their time. An event after
    /// a drop (the ring was full) carries its time as `-(t + 1)` (times are
    /// never negative; a flag beside it would make every slot 8 bytes
    /// larger): the consumer marks that stretch of the run as not recorded.
    ring: ArrayQueue<(f64, EventKind)>,
    // Written by every actor (or on every drop): each on a cache line of its
    // own, so the fields every event reads (`tracing`, `clock`, `start`) are
    // not invalidated by them (false sharing cost about 10% of a traced run).
    dropped: CachePadded<AtomicU64>,
    gap: CachePadded<std::sync::atomic::AtomicBool>,
    tracing: bool,
    clock: Clock,
    start: f64,
    cancel: CancelToken,
    slice: Duration,
    status: Vec<AtomicU8>,
    stuck_on: Vec<AtomicUsize>,
    /// Whether the actor's blocking wait is a queue's `join()` (its
    /// deadlock sentence says so).
    joining: Vec<std::sync::atomic::AtomicBool>,
    progress: CachePadded<AtomicU64>,
    alive: CachePadded<AtomicUsize>,
    failure: OnceLock<String>,
    produced: Mutex<(Option<i64>, Vec<Produced>)>,
    /// Each actor's own account of its states and times, kept by the actor
    /// thread itself (in `ACCOUNT`, published here when it returns) whether
    /// or not its events reach the consumer: the ring may drop events, this
    /// never does.
    accounts: Vec<Mutex<ActorAgg>>,
}

impl Objects for Shared {
    fn state(&self, o: ObjId) -> Option<ObjectState> {
        match &self.entry(o)?.obj {
            Obj::Mon(m) => Some(lock(&m.s).show()),
            Obj::Counter(c) => Some(ObjectState::Counter { value: c.value.load(SeqCst) }),
        }
    }
}

impl Shared {
    fn now(&self) -> f64 {
        (self.clock)() - self.start
    }

    fn emit(&self, kind: EventKind) {
        if self.tracing {
            self.push(self.now(), kind);
        }
    }

    /// Into the ring, or counted as dropped (never waited for).
    fn push(&self, t: f64, kind: EventKind) {
        // Read first: a swap on every push would bounce the flag's cache
        // line between all the actors' cores.
        let gap = self.gap.load(Relaxed) && self.gap.swap(false, Relaxed);
        let stamped = if gap { -(t.max(0.0) + 1.0) } else { t };
        if self.ring.push((stamped, kind)).is_err() {
            self.dropped.fetch_add(1, Relaxed);
            self.gap.store(true, Relaxed);
        }
    }

    fn emit_actor(&self, actor: ActorId, state: ActorState, line: u32) {
        if !self.tracing {
            return;
        }
        let t = self.now();
        // Only the actor's own thread calls this for it: its account lives in
        // that thread (no lock, no shared cache line) until it returns.
        ACCOUNT.with(|acc| acc.borrow_mut().enter(t, state.clone(), line));
        self.push(t, EventKind::Actor { actor, state, line });
    }

    /// Every object's state now, read from the objects themselves.
    fn object_states(&self) -> Vec<ObjectState> {
        self.objs
            .iter()
            .map_while(|e| e.get())
            .map(|e| match &e.obj {
                Obj::Mon(m) => lock(&m.s).show(),
                Obj::Counter(c) => ObjectState::Counter { value: c.value.load(SeqCst) },
            })
            .collect()
    }

    fn entry(&self, o: ObjId) -> Option<&Entry> {
        self.objs.get(o).and_then(OnceLock::get)
    }

    fn object_name(&self, o: ObjId) -> &str {
        self.entry(o).map(|e| e.name.as_str()).unwrap_or("?")
    }

    fn actor_name(&self, a: ActorId) -> &str {
        self.actor_names.get(a).and_then(OnceLock::get).map(|(n, _)| n.as_str()).unwrap_or("?")
    }

    /// The objects made so far (a prefix of `objs`).
    fn object_count(&self) -> usize {
        self.objs.iter().take_while(|e| e.get().is_some()).count()
    }

    fn actor_count(&self) -> usize {
        match &self.py {
            Some(p) => p.actors.load(SeqCst),
            None => self.model.actors.len(),
        }
    }

    /// The model as it stands: a program's grows as it makes objects and threads.
    fn current_model(&self) -> std::borrow::Cow<'_, Model> {
        if self.py.is_none() {
            return std::borrow::Cow::Borrowed(&self.model);
        }
        let mut m = self.model.clone();
        m.objects = self
            .objs
            .iter()
            .map_while(|e| e.get())
            .map(|e| crate::model::ObjectDecl { name: e.name.clone(), kind: e.kind, line: 0, items: vec![] })
            .collect();
        m.actors = (0..self.actor_count())
            .map(|a| crate::model::ActorDecl {
                name: self.actor_name(a).to_string(),
                pid: self.actor_names.get(a).and_then(OnceLock::get).and_then(|(_, p)| *p),
                code: vec![],
                line: 0,
            })
            .collect();
        std::borrow::Cow::Owned(m)
    }

    fn extremes_of(&self, o: ObjId) -> Option<Extremes> {
        match &self.entry(o)?.obj {
            Obj::Counter(c) => Some(Extremes { min: c.min.load(SeqCst), max: c.max.load(SeqCst) }),
            _ => None,
        }
    }

    fn emit_object(&self, object: ObjId, state: ObjectState) {
        self.emit(EventKind::Object { object, state });
    }

    fn stick(&self, a: ActorId, object: ObjId, timed: bool) {
        self.stuck_on[a].store(object, Relaxed);
        self.status[a].store(if timed { TIMED } else { STUCK }, SeqCst);
    }

    fn unstick(&self, a: ActorId) {
        self.status[a].store(RUNNING, SeqCst);
        self.progress.fetch_add(1, SeqCst);
    }

    fn counter(&self, o: ObjId) -> Option<&counter::Atomic> {
        match &self.entry(o)?.obj {
            Obj::Counter(c) => Some(c),
            _ => None,
        }
    }

    fn mon(&self, o: ObjId) -> Option<&Mon<Slot>> {
        match &self.entry(o)?.obj {
            Obj::Mon(m) => Some(m),
            _ => None,
        }
    }

    fn wrote_counter(&self, o: ObjId, v: i64) {
        if let Some(c) = self.counter(o) {
            c.min.fetch_min(v, SeqCst);
            c.max.fetch_max(v, SeqCst);
        }
        self.emit_object(o, ObjectState::Counter { value: v });
    }

    fn eval(&self, c: &Cond, ok: bool, reg: i64) -> bool {
        c.holds(
            ok,
            reg,
            |o| self.counter(o).map(|c| c.value.load(SeqCst)),
            |o| self.mon(o).is_some_and(|m| lock(&m.s).obj.is_set()),
        )
    }

    /// Waits on `mon` until `take` succeeds (Some), the deadline passes
    /// (None) or the run is cancelled.
    #[allow(clippy::too_many_arguments)]
    fn block_on<R>(
        &self,
        a: ActorId,
        line: u32,
        object: ObjId,
        mon: &Mon<Slot>,
        waiting: bool,
        deadline: Option<f64>,
        mut take: impl FnMut(&mut Slot) -> Option<R>,
    ) -> Flow<Option<R>> {
        let mut g = lock(&mon.s);
        let mut blocked = false;
        loop {
            if let Some(r) = take(&mut g) {
                if blocked {
                    g.remove_waiter(a);
                    self.unstick(a);
                    // Before the object's new state: the consumer must never
                    // see `a` holding what it still seems to wait for.
                    self.emit_actor(a, ActorState::Running, line);
                }
                self.emit_object(object, g.show());
                return Ok(Some(r));
            }
            if !blocked {
                blocked = true;
                g.add_waiter(a);
                let timed = deadline.is_some();
                let state =
                    if waiting { ActorState::Waiting { object, timed } } else { ActorState::Blocked { object, timed } };
                self.emit_actor(a, state, line);
                self.emit_object(object, g.show());
                self.stick(a, object, timed);
            }
            let leave = |g: &mut MutexGuard<'_, Slot>| {
                g.remove_waiter(a);
                self.emit_object(object, g.show());
                self.unstick(a);
            };
            if self.cancel.is_cancelled() {
                leave(&mut g);
                return Err(Stop::Cancelled);
            }
            let mut slice = self.slice;
            if let Some(d) = deadline {
                let left = d - self.now();
                if left <= 0.0 {
                    leave(&mut g);
                    return Ok(None);
                }
                slice = slice.min(Duration::from_secs_f64(left / 1000.0));
            }
            g = mon.cv.wait_timeout(g, slice).unwrap_or_else(|e| e.into_inner()).0;
        }
    }

    /// Sleeps (without the CPU) in slices, checking for Stop.
    fn sleep(&self, ms: u32) -> Flow<()> {
        if ms == 0 {
            std::thread::yield_now();
            return Ok(());
        }
        let end = self.now() + ms as f64;
        loop {
            if self.cancel.is_cancelled() {
                return Err(Stop::Cancelled);
            }
            let left = end - self.now();
            if left <= 0.0 {
                return Ok(());
            }
            std::thread::sleep(self.slice.min(Duration::from_secs_f64(left / 1000.0)));
        }
    }

    fn fail<T>(&self, a: ActorId, line: u32, what: String) -> Flow<T> {
        let _ = self.failure.set(format!("{} failed at line {line}: {what}", self.actor_name(a)));
        Err(Stop::Failed(what))
    }

    fn produce(&self, a: ActorId, key: Key, value: i64, answer: bool) {
        self.emit(EventKind::Value { actor: a, label: key.to_string(), value });
        let mut p = lock(&self.produced);
        if answer {
            p.0 = Some(value);
        }
        p.1.push(Produced::new(a, key, value));
    }

    #[allow(clippy::too_many_arguments)]
    fn run_op(
        &self,
        a: ActorId,
        line: u32,
        op: Op,
        reg: &mut i64,
        ok: &mut bool,
        crunch: &mut Option<(PrimeCheck, f64)>,
        place: prims::queue::Place,
    ) -> Flow<()> {
        match op {
            Op::Wait { condvar } | Op::WaitTimed { condvar, .. } | Op::NotifyOne { condvar } | Op::NotifyAll { condvar } => {
                let Some(ObjectKind::Condvar { mutex }) = self.entry(condvar).map(|e| e.kind) else { return Ok(()) };
                let (Some(cm), Some(mm)) = (self.mon(condvar), self.mon(mutex)) else { return Ok(()) };
                // Always the condition's monitor first, then its lock's: the
                // one order every thread takes them in.
                let mut cs = lock(&cm.s);
                let mut ms = lock(&mm.s);
                let (Some(cv), Some(l)) = (cs.obj.as_condvar_mut(), ms.obj.holdable_mut()) else { return Ok(()) };
                let waits = matches!(op, Op::Wait { .. } | Op::WaitTimed { .. });
                let depth = match op {
                    // Joins the wait set before letting go of the lock: a
                    // notifier (who must hold the lock) cannot miss it.
                    Op::Wait { .. } | Op::WaitTimed { .. } => cv.begin_wait(l, a),
                    _ => cv.notify(l, a, matches!(op, Op::NotifyAll { .. })).then_some(0),
                };
                let Some(depth) = depth else {
                    drop((ms, cs));
                    let what = prims::condvar::unheld(self.object_name(condvar), self.object_name(mutex));
                    return self.fail(a, line, what);
                };
                self.emit_object(condvar, cs.show());
                if waits {
                    self.emit_object(mutex, ms.show());
                    mm.cv.notify_all();
                }
                drop((ms, cs));
                cm.cv.notify_all();
                if waits {
                    let deadline = match op {
                        Op::WaitTimed { timeout_ms, .. } => Some(self.now() + timeout_ms as f64),
                        _ => None,
                    };
                    let notified = |s: &mut Slot| (!s.obj.as_condvar().is_some_and(|c| c.waiting(a))).then_some(());
                    let woken = self.block_on(a, line, condvar, cm, true, deadline, notified)?.is_some();
                    if deadline.is_some() {
                        if !woken {
                            self.emit_actor(a, ActorState::Running, line);
                        }
                        // Its time is up: it leaves the wait set, unless a
                        // notify took it out meanwhile.
                        *ok = woken || {
                            let mut cs = lock(&cm.s);
                            let gave_up = cs.obj.as_condvar_mut().is_some_and(|c| c.give_up(a));
                            if gave_up {
                                self.emit_object(condvar, cs.show());
                            }
                            !gave_up
                        };
                    }
                    self.block_on(a, line, mutex, mm, false, None, |s| {
                        let l = s.obj.holdable_mut()?;
                        l.free_for(a).then(|| l.acquire_restore(a, depth))
                    })?;
                }
            }
            Op::Sleep { ms } => {
                if ms > 0 {
                    self.emit_actor(a, ActorState::Sleeping, line);
                    self.status[a].store(TIMED, SeqCst);
                }
                let r = self.sleep(ms);
                self.status[a].store(RUNNING, SeqCst);
                r?;
            }
            Op::Work { ms } => {
                self.emit_actor(a, ActorState::Working, line);
                self.status[a].store(TIMED, SeqCst);
                let clock = || self.now();
                let r = burn_cpu(ms as f64, &clock, &self.cancel);
                self.status[a].store(RUNNING, SeqCst);
                r.map_err(|_| Stop::Cancelled)?;
            }
            Op::Crunch { slice_ms } => {
                let (mut check, start) = crunch.take().unwrap_or((PrimeCheck::new((*reg).max(0) as u64), self.now()));
                self.emit_actor(a, ActorState::Working, line);
                self.status[a].store(TIMED, SeqCst);
                let slice_start = self.now();
                let answer = loop {
                    if let Some(p) = check.run(CRUNCH_CHUNK) {
                        break Some(p);
                    }
                    if self.cancel.is_cancelled() {
                        self.status[a].store(RUNNING, SeqCst);
                        return Err(Stop::Cancelled);
                    }
                    if slice_ms > 0 && self.now() - slice_start >= slice_ms as f64 {
                        break None;
                    }
                };
                self.status[a].store(RUNNING, SeqCst);
                *ok = answer.is_some();
                match answer {
                    Some(p) => {
                        *reg = p as i64;
                        let n = check.n;
                        let us = ((self.now() - start) * 1000.0).round() as i64;
                        self.produce(a, Key::Kernel(Kernel::IsPrime { n }), p as i64, false);
                        self.produce(a, Key::PrimeMicros(n), us, false);
                    }
                    None => *crunch = Some((check, start)),
                }
            }
            _ => match op.object() {
                Some(o) => match self.entry(o).map(|e| &e.obj) {
                    None => return Ok(()),
                    Some(obj) => match obj {
                    Obj::Counter(c) => {
                        if let Some(v) = counter::run(&mut &*c, reg, op) {
                            self.wrote_counter(o, v);
                        }
                    }
                    Obj::Mon(mon) => {
                        let deadline = op.timeout_ms().map(|t| self.now() + t as f64);
                        let waiting = matches!(op, Op::EventWait { .. });
                        let name = self.object_name(o);
                        let (r0, k0) = (*reg, *ok);
                        let joining = matches!(op, Op::QueueJoin { .. });
                        if joining {
                            self.joining[a].store(true, Relaxed);
                        }
                        let got = self.block_on(a, line, o, mon, waiting, deadline, |s| {
                            s.obj.ready(a, op).then(|| {
                                let mut cx = Cx::new(a, self.now(), r0, k0, name);
                                cx.place = place.clone();
                                let effect = s.obj.apply(&mut cx, op);
                                (effect, cx)
                            })
                        });
                        if joining {
                            self.joining[a].store(false, Relaxed);
                        }
                        let got = got?;
                        mon.cv.notify_all();
                        // None: its timeout passed first.
                        let Some((effect, cx)) = got else {
                            *ok = false;
                            return Ok(());
                        };
                        (*reg, *ok) = (cx.reg, cx.ok);
                        if let Some((label, v)) = cx.value {
                            self.produce(a, label, v, false);
                        }
                        match effect {
                            Effect::Done => {}
                            Effect::Park(token) => {
                                let free = |s: &mut Slot| (!s.obj.parked(a, token)).then_some(());
                                self.block_on(a, line, o, mon, true, None, free)?;
                            }
                            Effect::Fail(what) => return self.fail(a, line, what),
                        }
                    }
                    },
                },
                None => {
                    if let Some(p) = crate::program::local(op, reg) {
                        self.produce(a, p.key, p.value, p.answer);
                    }
                }
            },
        }
        Ok(())
    }

    fn interpret(self: &Arc<Self>, a: ActorId) -> Flow<()> {
        if self.py.is_some() {
            return self.interpret_program(a);
        }
        let code = &self.model.actors[a].code;
        let mut cur = Cursor::new();
        let (mut reg, mut ok) = (0i64, false);
        let mut crunch = None;
        let mut shown_line = u32::MAX;
        loop {
            if self.cancel.is_cancelled() {
                return Err(Stop::Cancelled);
            }
            let (op, line) = match cur.advance(code, &mut |c| self.eval(c, ok, reg)) {
                Next::Done => return Ok(()),
                Next::Busy => {
                    std::thread::yield_now();
                    continue;
                }
                Next::Op(op, line) => (op, line),
            };
            if line != shown_line {
                self.emit_actor(a, ActorState::Running, line);
                shown_line = line;
            }
            self.run_op(a, line, op, &mut reg, &mut ok, &mut crunch, prims::queue::Place::Back)?;
            if matches!(
                op,
                Op::Lock { .. }
                    | Op::TryLock { .. }
                    | Op::Wait { .. }
                    | Op::WaitTimed { .. }
                    | Op::QueueJoin { .. }
                    | Op::Acquire { .. }
                    | Op::BarrierWait { .. }
                    | Op::Put { .. }
                    | Op::PutTimed { .. }
                    | Op::Get { .. }
                    | Op::GetTimed { .. }
                    | Op::EventWait { .. }
                    | Op::Sleep { .. }
                    | Op::Work { .. }
                    | Op::Crunch { .. }
            ) {
                // It may have shown another state meanwhile.
                shown_line = u32::MAX;
            }
            self.progress.fetch_add(1, Relaxed);
            cur.finish_op();
        }
    }

    /// A program's thread: its local work and next step under the world's
    /// lock, then the step itself outside it.
    fn interpret_program(self: &Arc<Self>, a: ActorId) -> Flow<()> {
        let Some(p) = &self.py else { return Ok(()) };
        let (mut reg, mut ok) = (0i64, false);
        let mut crunch = None;
        let mut shown_line = u32::MAX;
        loop {
            if self.cancel.is_cancelled() {
                return Err(Stop::Cancelled);
            }
            let step = {
                let mut w = lock(&p.world);
                let step = w.advance(a, Resume { reg, ok, now: self.now(), objects: &**self });
                for d in w.take_created() {
                    self.install(d);
                }
                for (id, name, pid) in w.take_spawned() {
                    if let Some(d) = p.daemon.get(id) {
                        d.store(w.is_daemon(id), SeqCst);
                    }
                    self.start_actor(id, name, pid);
                }
                if let Some((_, e)) = w.error() {
                    if p.error.set(e.clone()).is_ok() {
                        if let PyError::Fatal(m) = e {
                            let _ = self.failure.set(m.clone());
                        }
                    }
                }
                step
            };
            let (op, line, place) = match step {
                Step::Done => return Ok(()),
                Step::Op { op, line, reg: r, place } => {
                    if let Some(v) = r {
                        reg = v;
                    }
                    (op, line, place)
                }
            };
            if line != shown_line {
                self.emit_actor(a, ActorState::Running, line);
                shown_line = line;
            }
            self.run_op(a, line, op, &mut reg, &mut ok, &mut crunch, place)?;
            if !matches!(op, Op::Py) {
                shown_line = u32::MAX;
            }
            self.progress.fetch_add(1, Relaxed);
        }
    }

    /// Declares an object a program made.
    fn install(&self, d: crate::model::ObjectDecl) {
        let Some(slot) = self.objs.iter().find(|e| e.get().is_none()) else { return };
        let obj = match d.kind {
            ObjectKind::Counter { initial } => Obj::Counter(counter::Atomic::new(initial)),
            _ => Obj::Mon(Mon::new(Slot { obj: Object::new(&d), blocked: Vec::new() })),
        };
        let _ = slot.set(Entry { obj, name: d.name, kind: d.kind });
    }

    /// Starts the thread of actor `a`, which a program started.
    fn start_actor(self: &Arc<Self>, a: ActorId, name: String, pid: Option<u32>) {
        let Some(p) = &self.py else { return };
        if a >= self.status.len() {
            return;
        }
        let _ = self.actor_names[a].set((name, pid));
        self.status[a].store(RUNNING, SeqCst);
        self.alive.fetch_add(1, SeqCst);
        p.actors.fetch_max(a + 1, SeqCst);
        let sh = self.clone();
        (p.spawn)(Box::new(move || sh.actor_main(a)));
    }

    fn actor_main(self: &Arc<Self>, a: ActorId) {
        // Whatever happens below (even a panic while reporting a panic), the
        // actor counts as returned when this guard drops.
        struct Returned<'s>(&'s Shared, ActorId);
        impl Drop for Returned<'_> {
            fn drop(&mut self) {
                self.0.status[self.1].store(FINISHED, SeqCst);
                self.0.alive.fetch_sub(1, SeqCst);
            }
        }
        let _returned = Returned(self, a);
        // A fresh account for this run (a pool thread serves many runs),
        // published below before the actor counts as returned.
        ACCOUNT.with(|acc| *acc.borrow_mut() = ActorAgg::new());
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.interpret(a)));
        let report = std::panic::AssertUnwindSafe(|| match r {
            Ok(Ok(())) => self.emit_actor(a, ActorState::Done, 0),
            Ok(Err(Stop::Cancelled)) => {}
            Ok(Err(Stop::Failed(message))) => self.emit_actor(a, ActorState::Failed { message }, 0),
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic".into());
                let _ = self.failure.set(format!("{} panicked: {what}", self.actor_name(a)));
                self.emit_actor(a, ActorState::Failed { message: what }, 0);
            }
        });
        let _ = std::panic::catch_unwind(report);
        if self.tracing {
            let account = ACCOUNT.with(|acc| std::mem::replace(&mut *acc.borrow_mut(), ActorAgg::new()));
            *lock(&self.accounts[a]) = account;
        }
    }
}

/// A run on real threads, observed by a consumer that calls [`ThreadsRun::poll`].
pub struct ThreadsRun {
    shared: Arc<Shared>,
    trace: Trace,
    waitfor: WaitFor,
    config: ThreadsConfig,
    outcome: Option<Outcome>,
    watch: (u64, f64),
}

impl ThreadsRun {
    /// Starts one thread per actor through `spawn`. `clock` must be
    /// callable from every thread; `cancel` is the Stop button.
    pub fn start(model: &Model, config: ThreadsConfig, clock: Clock, cancel: CancelToken, spawn: Spawner<'_>) -> Self {
        let shared = Self::shared(model, config, clock, cancel, None, model.actors.len());
        for a in 0..model.actors.len() {
            let sh = shared.clone();
            spawn(Box::new(move || sh.actor_main(a)));
        }
        Self::observe(shared, model, config)
    }

    /// Starts a Python program (see [`crate::py`]) from its main thread
    /// (actor 0); every thread it starts gets a thread of its own through
    /// `spawn`, up to [`crate::py::vm::MAX_THREADS`] beside the main one.
    pub fn start_program(id: &str, world: World, config: ThreadsConfig, clock: Clock, cancel: CancelToken, spawn: SpawnFn) -> Self {
        let model = Model::of_program(id, world.program());
        let max = crate::py::vm::MAX_THREADS + 1;
        let program = ProgramShared {
            world: Mutex::new(world),
            spawn: spawn.clone(),
            actors: AtomicUsize::new(1),
            error: OnceLock::new(),
            daemon: (0..max).map(|_| std::sync::atomic::AtomicBool::new(false)).collect(),
        };
        let shared = Self::shared(&model, config, clock, cancel, Some(program), max);
        let _ = shared.actor_names[0].set(("MainThread".into(), None));
        shared.status[0].store(RUNNING, SeqCst);
        let sh = shared.clone();
        spawn(Box::new(move || sh.actor_main(0)));
        let mut first = model.clone();
        first.actors = vec![crate::model::ActorDecl { name: "MainThread".into(), pid: None, code: vec![], line: 1 }];
        Self::observe(shared, &first, config)
    }

    fn shared(model: &Model, config: ThreadsConfig, clock: Clock, cancel: CancelToken, py: Option<ProgramShared>, n: usize) -> Arc<Shared> {
        let program = py.is_some();
        let objs: Vec<OnceLock<Entry>> = if program {
            (0..MAX_PROGRAM_OBJECTS).map(|_| OnceLock::new()).collect()
        } else {
            model
                .objects
                .iter()
                .map(|o| {
                    let obj = match o.kind {
                        ObjectKind::Counter { initial } => Obj::Counter(counter::Atomic::new(initial)),
                        _ => Obj::Mon(Mon::new(Slot { obj: Object::new(o), blocked: Vec::new() })),
                    };
                    OnceLock::from(Entry { obj, name: o.name.clone(), kind: o.kind })
                })
                .collect()
        };
        let actor_names = (0..n)
            .map(|a| if program { OnceLock::new() } else { OnceLock::from((model.actor_name(a).to_string(), None)) })
            .collect();
        let start = clock();
        Arc::new(Shared {
            model: model.clone(),
            objs,
            actor_names,
            py,
            ring: ArrayQueue::new(config.ring.max(16)),
            dropped: CachePadded::new(AtomicU64::new(0)),
            gap: CachePadded::new(std::sync::atomic::AtomicBool::new(false)),
            tracing: config.tracing,
            clock,
            start,
            cancel,
            slice: Duration::from_millis(config.slice_ms.max(1)),
            // A program's threads count once started.
            status: (0..n).map(|_| AtomicU8::new(if program { FINISHED } else { RUNNING })).collect(),
            stuck_on: (0..n).map(|_| AtomicUsize::new(0)).collect(),
            joining: (0..n).map(|_| std::sync::atomic::AtomicBool::new(false)).collect(),
            progress: CachePadded::new(AtomicU64::new(0)),
            alive: CachePadded::new(AtomicUsize::new(if program { 1 } else { n })),
            failure: OnceLock::new(),
            produced: Mutex::new((None, Vec::new())),
            accounts: (0..n).map(|_| Mutex::new(ActorAgg::new())).collect(),
        })
    }

    fn observe(shared: Arc<Shared>, model: &Model, config: ThreadsConfig) -> Self {
        ThreadsRun {
            trace: Trace::new(model, config.window),
            waitfor: WaitFor::new(model),
            config,
            outcome: None,
            watch: (u64::MAX, 0.0),
            shared,
        }
    }

    /// The model as it stands (a program's grows as it makes objects and
    /// threads). Never waits for a lock an actor can hold.
    pub fn model(&self) -> Model {
        self.shared.current_model().into_owned()
    }

    /// Reads the program's interpreter if it is free this instant (`None`:
    /// busy, try again later, or not a program); never waits.
    pub fn with_world<R>(&self, f: impl FnOnce(&World) -> R) -> Option<R> {
        let p = self.shared.py.as_ref()?;
        let w = p.world.try_lock().ok()?;
        Some(f(&w))
    }

    /// A program's output so far, if the interpreter is free this instant
    /// (`None`: try again at the next frame; the page never waits for it).
    pub fn output(&self) -> Option<Vec<crate::py::vm::Output>> {
        let p = self.shared.py.as_ref()?;
        let w = p.world.try_lock().ok()?;
        Some(w.output().to_vec())
    }

    /// Asks every actor to stop (they return within a wait slice).
    pub fn stop(&mut self) {
        if self.outcome.is_none() {
            self.outcome = Some(Outcome::Cancelled);
        }
        self.shared.cancel.cancel();
    }

    /// The consumer's trace (up to the last [`ThreadsRun::poll`]).
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// Actor threads that have not returned yet.
    pub fn alive(&self) -> usize {
        self.shared.alive.load(SeqCst)
    }

    /// How the run ended, once decided (threads may still be returning).
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }

    fn drain(&mut self) {
        let mut n = 0;
        while let Some((stamped, kind)) = self.shared.ring.pop() {
            let (t, gap) = if stamped < 0.0 { (-stamped - 1.0, true) } else { (stamped, false) };
            if gap {
                self.trace.note_gap(self.trace.last_ms(), t);
            }
            self.grow(&kind);
            self.waitfor.observe(&kind);
            self.trace.record(t, kind);
            n += 1;
            if n >= self.config.drain_max {
                break;
            }
        }
        let d = self.shared.dropped.swap(0, Relaxed);
        if d > 0 {
            self.trace.note_dropped(d);
        }
    }

    /// A program's event may name an actor or object the consumer has not
    /// seen yet: declare it first.
    fn grow(&mut self, kind: &EventKind) {
        if self.shared.py.is_none() {
            return;
        }
        let (actor, object) = match kind {
            EventKind::Actor { actor, state, .. } => match state {
                ActorState::Blocked { object, .. } | ActorState::Waiting { object, .. } => (Some(*actor), Some(*object)),
                _ => (Some(*actor), None),
            },
            EventKind::Object { object, .. } => (None, Some(*object)),
            EventKind::Value { actor, .. } => (Some(*actor), None),
        };
        if let Some(a) = actor {
            while self.trace.actors().len() <= a {
                self.trace.add_actor();
                self.waitfor.add_actor();
            }
        }
        if let Some(o) = object {
            while self.trace.objects().len() <= o {
                let Some(e) = self.shared.entry(self.trace.objects().len()) else { break };
                self.trace.add_object(&e.kind);
                self.waitfor.add_object(e.kind.is_lock());
            }
        }
    }

    fn stuck_links(&self) -> Option<Vec<WaitLink>> {
        let sh = &self.shared;
        let mut links = Vec::new();
        let model = sh.current_model();
        for a in 0..sh.status.len() {
            match sh.status[a].load(SeqCst) {
                FINISHED => {}
                STUCK => {
                    let o = sh.stuck_on[a].load(Relaxed);
                    let held_by = sh.mon(o).and_then(|m| m.s.try_lock().ok()).and_then(|s| s.obj.holder());
                    let mut link = WaitLink::new(&model, a, o, held_by);
                    link.joining = sh.joining[a].load(Relaxed);
                    links.push(link);
                }
                _ => return None,
            }
        }
        (!links.is_empty()).then_some(links)
    }

    fn decide(&mut self) {
        let sh = self.shared.clone();
        let counter = |o: ObjId| sh.counter(o).map(|c| c.value.load(SeqCst));
        let extremes = |o: ObjId| sh.extremes_of(o);
        let checks = || {
            match sh.py.as_ref().and_then(|p| p.error.get()) {
                Some(PyError::Assertion { check, detail }) => {
                    return Some(Outcome::InvariantViolated { check: check.clone(), detail: detail.clone() })
                }
                Some(PyError::Uncaught(m) | PyError::Fatal(m)) => return Some(Outcome::Failed { message: m.clone() }),
                None => {}
            }
            let (answer, produced) = lock(&sh.produced).clone();
            check::evaluate(&sh.model, &counter, &extremes, answer, &produced)
        };
        // A program's daemon threads do not keep it alive.
        let returned = match &sh.py {
            Some(p) => (0..sh.status.len())
                .all(|a| sh.status[a].load(SeqCst) == FINISHED || p.daemon.get(a).is_some_and(|d| d.load(SeqCst))),
            None => sh.alive.load(SeqCst) == 0,
        };
        self.outcome = check::verdict(sh.failure.get().map(String::as_str), returned, checks, || self.deadlock());
    }

    /// A deadlock, as far as the consumer can tell: a cycle in the wait-for
    /// graph (a true snapshot only if no event was lost), or the watchdog:
    /// everyone stuck, nobody progressing, for a while.
    fn deadlock(&mut self) -> Option<Vec<WaitLink>> {
        if !self.config.detect_deadlock {
            return None;
        }
        let sh = self.shared.clone();
        let complete = self.trace.dropped() == 0;
        if let Some(cycle) = self.waitfor.find_cycle(&sh.current_model()).filter(|_| complete) {
            return Some(cycle);
        }
        let now = sh.now();
        let progress = sh.progress.load(SeqCst);
        match self.stuck_links() {
            Some(links) if progress == self.watch.0 => {
                if now - self.watch.1 >= self.config.stall_ms {
                    return Some(links);
                }
            }
            _ => self.watch = (progress, now),
        }
        None
    }

    /// Drains events, looks for the end of the run; never blocks. Returns the
    /// result once the outcome is decided and every actor thread has returned.
    pub fn poll(&mut self) -> Option<RunResult> {
        self.drain();
        if self.outcome.is_none() {
            if self.shared.cancel.is_cancelled() {
                self.outcome = Some(Outcome::Cancelled);
            } else {
                self.decide();
            }
            if self.outcome.is_some() {
                self.shared.cancel.cancel();
            }
        }
        let outcome = self.outcome.clone()?;
        if self.alive() > 0 {
            return None;
        }
        self.drain();
        let sh = self.shared.clone();
        let end = sh.now();
        if sh.tracing {
            // What is still in the ring is not recorded (the page's work per
            // frame stays bounded) but counted, and the trace's totals are
            // replaced by the actors' and objects' own complete accounting:
            // a finished run's views never depend on which events arrived.
            let mut rest = sh.dropped.swap(0, Relaxed);
            while sh.ring.pop().is_some() {
                rest += 1;
            }
            if rest > 0 {
                self.trace.note_gap(self.trace.last_ms(), end);
            }
            self.trace.note_dropped(rest);
            // Open intervals stay open (`since_ms` is when each actor
            // entered its last state); the summary closes them at `end`.
            let actors = sh.accounts.iter().take(sh.actor_count()).map(|acc| lock(acc).clone()).collect();
            let extremes = (0..sh.object_count()).map(|o| sh.extremes_of(o)).collect();
            self.trace.reconcile(actors, sh.object_states(), extremes, end);
        }
        let (answer, produced) = lock(&sh.produced).clone();
        Some(RunResult {
            outcome,
            answer,
            produced,
            counters: sh
                .current_model()
                .objects
                .iter()
                .enumerate()
                .filter_map(|(o, d)| sh.counter(o).map(|c| (d.name.clone(), c.value.load(SeqCst))))
                .collect(),
            summary: self.trace.summary(end),
            schedule: None,
        })
    }
}

/// A monotonic clock from `std::time::Instant` (native only: it panics on
/// `wasm32-unknown-unknown`).
#[cfg(not(target_arch = "wasm32"))]
pub fn native_clock() -> Clock {
    let t0 = std::time::Instant::now();
    Arc::new(move || t0.elapsed().as_secs_f64() * 1000.0)
}

/// Runs a Python program on std threads to the end (or until `cancel`),
/// joining every thread before returning. Native only.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_native_program(id: &str, world: World, config: ThreadsConfig, cancel: CancelToken) -> RunResult {
    run_native_program_then(id, world, config, cancel, |_| ()).0
}

/// [`run_native_program`], then `read` of its world at the end (what it
/// printed, its asyncio tasks' rows).
#[cfg(not(target_arch = "wasm32"))]
pub fn run_native_program_then<R>(id: &str, world: World, config: ThreadsConfig, cancel: CancelToken, read: impl FnOnce(&World) -> R) -> (RunResult, Option<R>) {
    let handles: Arc<Mutex<Vec<std::thread::JoinHandle<()>>>> = Arc::new(Mutex::new(Vec::new()));
    let h = handles.clone();
    let spawn: SpawnFn = Arc::new(move |job: Box<dyn FnOnce() + Send>| {
        lock(&h).push(std::thread::spawn(job));
    });
    let mut run = ThreadsRun::start_program(id, world, config, native_clock(), cancel, spawn);
    let result = loop {
        if let Some(r) = run.poll() {
            break r;
        }
        std::thread::sleep(Duration::from_micros(500));
    };
    loop {
        let next = lock(&handles).pop();
        match next {
            Some(j) => {
                let _ = j.join();
            }
            None => break,
        }
    }
    let read = run.with_world(read);
    (result, read)
}

/// Runs `model` on std threads to the end (or until `cancel`), joining every
/// thread before returning. Native only.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_native(model: &Model, config: ThreadsConfig, cancel: CancelToken) -> RunResult {
    let handles = Mutex::new(Vec::new());
    let spawn = |job: Box<dyn FnOnce() + Send>| {
        lock(&handles).push(std::thread::spawn(job));
    };
    let mut run = ThreadsRun::start(model, config, native_clock(), cancel, &spawn);
    let result = loop {
        if let Some(r) = run.poll() {
            break r;
        }
        // Drain often: a full ring drops events (they are counted).
        std::thread::sleep(Duration::from_micros(500));
    };
    for h in lock(&handles).drain(..) {
        let _ = h.join();
    }
    result
}
