//! The abstract machine: the state of every object and actor, and what one
//! step of an actor does to it. It has no clock and no scheduler of its
//! own: the simulator drives it in virtual time with a seeded policy, and
//! the event-loop runtime drives it in real time with one async task per
//! actor (a single thread, so no locking is needed).
//!
//! After every change, [`Machine::sync`] compares what each actor and object
//! looks like with what was last reported and records the differences in
//! the [`Trace`]; the [`WaitFor`] graph is kept from those same events.

use crate::check;
use crate::model::{ActorDecl, ActorId, Cond, Kernel, Model, ObjId, Op};
use crate::py::vm::{PyError, Resume, Step, World};
use crate::prims::{self, Cx, Effect, Object, Primitive};
use crate::outcome::{Key, Outcome, Produced, RunResult, WaitLink};
use crate::program::{Cursor, Next};
use crate::trace::{ActorState, EventKind, ObjectState, Trace};
use crate::waitfor::WaitFor;
use crate::kernels::{PrimeCheck, ITERATIONS_PER_MS};


/// Where an actor is within its current operation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Phase {
    /// About to run the operation at its cursor.
    Fresh,
    /// Spinning in control flow (a busy-wait): may go on at any time.
    Spin,
    /// In `cond.wait()`: in the condition's wait set until notified (or,
    /// a timed wait, until `deadline`), then taking the lock back (`depth`
    /// deep, as it held it).
    CvWait { cv: ObjId, mutex: ObjId, depth: u32, deadline: Option<f64> },
    /// Parked on an object (a barrier's generation `token`) until the
    /// object says it may go on.
    Parked { object: ObjId, token: u64 },
    /// Sleeping or working until `until`.
    Timed { until: f64, working: bool },
}

impl Phase {
    /// Its part of a fingerprint (floats by their bits).
    fn fingerprint(&self, f: &mut crate::fingerprint::Fingerprint) {
        use std::hash::Hash;
        std::mem::discriminant(self).hash(f);
        match *self {
            Phase::Fresh | Phase::Spin => {}
            Phase::CvWait { cv, mutex, depth, deadline } => (cv, mutex, depth, deadline.map(f64::to_bits)).hash(f),
            Phase::Parked { object, token } => (object, token).hash(f),
            Phase::Timed { until, working } => (until.to_bits(), working).hash(f),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Hash)]
enum Status {
    Live,
    Done,
    Failed(String),
}

#[derive(Clone, Debug)]
struct ActorRt {
    cursor: Cursor,
    next: Option<(Op, u32)>,
    /// The object the next operation may block on (kept, because every
    /// readiness test asks; `None` when it touches none or cannot block).
    obj: Option<ObjId>,
    line: u32,
    reg: i64,
    ok: bool,
    phase: Phase,
    deadline: Option<f64>,
    status: Status,
    /// A prime check in progress (resumed slice by slice) and when it began.
    crunch: Option<(PrimeCheck, f64)>,
    /// Values to produce when the current timed phase ends.
    pending: Vec<(Key, i64)>,
    /// Where its next `put` places its item (a program's queue class says).
    place: prims::queue::Place,
}

impl ActorRt {
    /// The actor is at `next` (its next operation, a busy-wait, or its end) at `now`.
    fn arrive_at(&mut self, next: Next, objects: &[Object], now: f64) {
        self.deadline = None;
        match next {
            Next::Op(op, line) => {
                self.next = Some((op, line));
                self.obj = op.object().filter(|&o| objects.get(o).is_some_and(|x| x.may_block(op)));
                self.line = line;
                self.phase = Phase::Fresh;
                self.deadline = op.timeout_ms().map(|t| now + t as f64);
            }
            Next::Busy => {
                self.next = None;
                self.phase = Phase::Spin;
            }
            Next::Done => {
                self.next = None;
                self.line = 0;
                self.phase = Phase::Fresh;
                self.status = Status::Done;
            }
        }
    }
}

/// What an actor can do at a given moment, for a driver.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Readiness {
    /// Stepping it now makes progress.
    Enabled,
    /// It cannot go on until another actor acts, or until `deadline`.
    Blocked { deadline: Option<f64> },
    /// It sleeps or works until `until`.
    Timed { until: f64, working: bool },
    Finished,
}

thread_local! {
    /// `sync`'s list of how each actor looks now (kept empty between calls).
    static LOOKS: crate::room::Shelf<Vec<(ActorState, u32)>> = const { crate::room::Shelf::new() };
}

/// The state of a run.
#[derive(Clone, Debug)]
pub struct Machine {
    /// Shared by the clones a search makes (a program's model grows as
    /// it makes objects and threads: copied on that write).
    model: std::sync::Arc<Model>,
    actors: Vec<ActorRt>,
    objects: Vec<Object>,
    shown_actors: Vec<(ActorState, u32)>,
    shown_objects: Vec<ObjectState>,
    trace: Trace,
    waitfor: WaitFor,
    answer: Option<i64>,
    produced: Vec<Produced>,
    failure: Option<String>,
    charge_compute: bool,
    /// A Python program's heap and threads, when the actors run one
    /// ([`Machine::for_program`]): then their steps come from it, not from
    /// the model's instructions.
    py: Option<Box<World>>,
    /// In a search, the compute kernels' answers, shared by every clone
    /// ([`Machine::share_kernel_answers`]). Not part of the state.
    kernel_answers: Option<KernelAnswers>,
}

/// Compute kernels are pure: a search that reaches `is_prime(n)` in a
/// thousand executions computes it once (the primes lesson's 16-digit
/// numbers take tens of milliseconds each). At most [`KernelAnswers::MAX`]
/// are kept; beyond, a kernel is computed again.
#[derive(Clone, Debug, Default)]
struct KernelAnswers(std::sync::Arc<std::sync::Mutex<std::collections::HashMap<Kernel, i64>>>);

impl KernelAnswers {
    const MAX: usize = 1 << 16;

    fn answer(&self, kernel: Kernel) -> i64 {
        let known = self.0.lock().ok().and_then(|m| m.get(&kernel).copied());
        known.unwrap_or_else(|| {
            // Computed outside the lock: another thread's kernel need not wait.
            let value = kernel.run();
            if let Ok(mut m) = self.0.lock() {
                if m.len() < Self::MAX {
                    m.insert(kernel, value);
                }
            }
            value
        })
    }
}

impl Machine {
    /// A machine at time 0 with every actor at its first line. Records the
    /// actors' initial states.
    pub fn new(model: &Model, window: usize) -> Self {
        Self::build(model, window, None)
    }

    /// A machine running a Python program, from its main thread (actor 0,
    /// `MainThread`); objects and threads appear as the program makes them.
    pub fn for_program(id: &str, world: World, window: usize) -> Self {
        let mut model = Model::of_program(id, world.program());
        model.actors.push(ActorDecl { name: "MainThread".into(), pid: None, code: vec![], line: 1 });
        Self::build(&model, window, Some(Box::new(world)))
    }

    /// Copies every part shared with other clones (its model, the
    /// program's world): for a clone about to be explored on another thread.
    pub fn unshare(&mut self) {
        self.model = std::sync::Arc::new((*self.model).clone());
        if let Some(w) = self.py.as_mut() {
            w.unshare();
        }
    }

    /// Lets the clones made next share the program's threads (each copied
    /// when a clone first changes it) instead of copying them all.
    pub fn share(&mut self) {
        if let Some(w) = self.py.as_mut() {
            w.share();
        }
    }

    /// The program's interpreter, if it runs one.
    pub fn world(&self) -> Option<&World> {
        self.py.as_deref()
    }

    /// This machine's part of a state's fingerprint ([`crate::fingerprint`]):
    /// each actor's place, register, phase and deadline, each object's
    /// state, the wait-for graph, what was produced, the answer, a failure
    /// and the program's world. Not the trace or what the page is shown.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    pub fn fingerprint(&self, f: &mut crate::fingerprint::Fingerprint) {
        use std::hash::Hash;
        self.model.actors.len().hash(f);
        self.model.objects.len().hash(f);
        if self.py.is_some() {
            // A program's place is in its world; the cursor here only counts
            // its steps (history), so it is left out, or no loop would ever
            // come back to a state it was in.
            // (Hashed field by field, floats by their bits: formatting them
            // was a tenth of a search's time.)
            for r in &self.actors {
                (r.next, r.obj, r.line, r.reg, r.ok).hash(f);
                r.phase.fingerprint(f);
                r.deadline.map(f64::to_bits).hash(f);
                r.status.hash(f);
                r.crunch.map(|(c, t)| (c, t.to_bits())).hash(f);
                r.pending.hash(f);
                r.place.hash(f);
            }
        } else {
            f.debug(&self.actors);
        }
        self.objects.hash(f);
        self.waitfor.hash(f);
        self.produced.hash(f);
        self.answer.hash(f);
        self.failure.hash(f);
        if let Some(w) = &self.py {
            w.fingerprint(f);
        }
    }

    fn build(model: &Model, window: usize, py: Option<Box<World>>) -> Self {
        let objects = model.objects.iter().map(Object::new).collect();
        let actors = model
            .actors
            .iter()
            .map(|_| Self::new_actor_rt())
            .collect();
        let mut m = Machine {
            model: std::sync::Arc::new(model.clone()),
            actors,
            objects,
            shown_actors: vec![(ActorState::Idle, 0); model.actors.len()],
            shown_objects: model.objects.iter().map(|o| ObjectState::initial(&o.kind)).collect(),
            trace: Trace::new(model, window),
            waitfor: WaitFor::new(model),
            answer: None,
            produced: Vec::new(),
            failure: None,
            charge_compute: true,
            py,
            kernel_answers: None,
        };
        for a in 0..m.actors.len() {
            m.arrive(a, 0.0);
        }
        m.sync(0.0, None);
        m
    }

    /// Whether a sliced prime check ([`Op::Crunch`]) takes virtual time
    /// (the simulator: [`crate::kernels::ITERATIONS_PER_MS`]) or only the
    /// real time it really takes (the event loop, which has a real clock).
    pub fn set_charge_compute(&mut self, charge: bool) {
        self.charge_compute = charge;
    }

    /// For a search: this machine and its clones compute each kernel once
    /// and remember its answer. A run on a clock (the event loop) must not:
    /// there the computing is what the student watches.
    pub fn share_kernel_answers(&mut self) {
        self.kernel_answers = Some(KernelAnswers::default());
    }

    /// How many kernel answers this machine and its clones remember (`None`:
    /// it computes every kernel it meets).
    pub fn kernel_answers_known(&self) -> Option<usize> {
        self.kernel_answers.as_ref().map(|k| k.0.lock().map(|m| m.len()).unwrap_or(0))
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    pub fn actor_count(&self) -> usize {
        self.actors.len()
    }

    /// The phase of `a` (for drivers and tests).
    /// Actor `a`'s register: `temp` in the source (the value it last read).
    pub fn register(&self, a: ActorId) -> i64 {
        self.actors.get(a).map(|r| r.reg).unwrap_or(0)
    }

    /// The operation actor `a` runs at its next step, if it is at one.
    pub fn next_op(&self, a: ActorId) -> Option<Op> {
        self.actors.get(a).and_then(|r| r.next).map(|(op, _)| op)
    }

    /// The line of the operation actor `a` runs at its next step (0: none).
    pub fn line(&self, a: ActorId) -> u32 {
        self.actors.get(a).map(|r| r.line).unwrap_or(0)
    }

    pub fn phase(&self, a: ActorId) -> Phase {
        self.actors[a].phase
    }

    fn counter_value(&self, o: ObjId) -> Option<i64> {
        self.objects.get(o).and_then(Object::counter)
    }

    fn eval(objects: &[Object], ok: bool, reg: i64, c: &Cond) -> bool {
        c.holds(ok, reg, |o| objects.get(o).and_then(Object::counter), |o| objects.get(o).is_some_and(Object::is_set))
    }

    fn new_actor_rt() -> ActorRt {
        ActorRt {
            cursor: Cursor::new(),
            next: None,
            obj: None,
            line: 0,
            reg: 0,
            ok: false,
            phase: Phase::Fresh,
            deadline: None,
            status: Status::Live,
            crunch: None,
            pending: Vec::new(),
            place: prims::queue::Place::Back,
        }
    }

    /// Declares the objects and actors the program made since last asked;
    /// the new actors arrive at their first step.
    fn adopt(&mut self, now: f64) {
        let Some(w) = self.py.as_mut() else { return };
        let created = w.take_created();
        let spawned = w.take_spawned();
        for d in created {
            self.objects.push(Object::new(&d));
            self.shown_objects.push(ObjectState::initial(&d.kind));
            self.trace.add_object(&d.kind);
            self.waitfor.add_object(d.kind.is_lock());
            std::sync::Arc::make_mut(&mut self.model).objects.push(d);
        }
        for (id, name, pid) in spawned {
            debug_assert_eq!(id, self.actors.len());
            let line = self.actors.first().map(|r| r.line).unwrap_or(0);
            self.actors.push(Self::new_actor_rt());
            self.shown_actors.push((ActorState::Idle, 0));
            self.trace.add_actor();
            self.waitfor.add_actor();
            std::sync::Arc::make_mut(&mut self.model).actors.push(ActorDecl { name, pid, code: vec![], line });
            self.arrive(id, now);
        }
    }

    /// Runs the program's thread `a` to its next step.
    fn arrive_py(&mut self, a: ActorId, now: f64) {
        let Machine { py, objects, actors, .. } = self;
        let Some(w) = py.as_mut() else { return };
        let r = &actors[a];
        let step = w.advance(a, Resume { reg: r.reg, ok: r.ok, now, objects });
        self.adopt(now);
        let r = &mut self.actors[a];
        let next = match step {
            Step::Op { op, line, reg, place } => {
                if let Some(v) = reg {
                    r.reg = v;
                }
                r.place = place;
                Next::Op(op, line)
            }
            Step::Done => Next::Done,
        };
        r.arrive_at(next, &self.objects, now);
    }

    /// Moves `a` to its next operation (taking control flow) at time `now`.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn arrive(&mut self, a: ActorId, now: f64) {
        if self.py.is_some() {
            return self.arrive_py(a, now);
        }
        let objects = &self.objects;
        let r = &mut self.actors[a];
        let ok = r.ok;
        let reg = r.reg;
        let code = &self.model.actors[a].code;
        let next = r.cursor.advance(code, &mut |c| Self::eval(objects, ok, reg, c));
        r.arrive_at(next, objects, now);
    }

    fn holder(&self, m: ObjId) -> Option<ActorId> {
        self.objects.get(m).and_then(Object::holder)
    }

    /// Whether `a` is in condition `cv`'s wait set (not yet notified).
    fn in_wait_set(&self, cv: ObjId, a: ActorId) -> bool {
        self.objects.get(cv).and_then(Object::as_condvar).is_some_and(|c| c.waiting(a))
    }

    /// Whether `a` could take lock `m` now.
    fn lock_free_for(&self, m: ObjId, a: ActorId) -> bool {
        self.objects.get(m).and_then(Object::holdable).is_some_and(|h| h.free_for(a))
    }

    fn op_enabled(&self, a: ActorId, op: Op, now: f64) -> bool {
        let r = &self.actors[a];
        match r.obj {
            Some(o) => self.objects[o].ready(a, op) || r.deadline.is_some_and(|d| now >= d),
            None => true,
        }
    }

    /// What `a` can do at `now`.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    pub fn readiness(&self, a: ActorId, now: f64) -> Readiness {
        let r = &self.actors[a];
        if r.status != Status::Live {
            return Readiness::Finished;
        }
        let enabled = match r.phase {
            Phase::Fresh => match r.next {
                Some((op, _)) => self.op_enabled(a, op, now),
                None => false,
            },
            Phase::Spin => true,
            Phase::CvWait { cv, mutex, deadline, .. } => {
                if self.in_wait_set(cv, a) {
                    // A timed wait whose time is up gives up its place.
                    deadline.is_some_and(|d| now >= d)
                } else {
                    self.lock_free_for(mutex, a)
                }
            }
            Phase::Parked { object, token } => !self.objects[object].parked(a, token),
            Phase::Timed { until, working } => {
                if now >= until {
                    true
                } else {
                    return Readiness::Timed { until, working };
                }
            }
        };
        if enabled {
            Readiness::Enabled
        } else {
            let deadline = match r.phase {
                Phase::Fresh => r.deadline,
                Phase::CvWait { cv, deadline, .. } if self.in_wait_set(cv, a) => deadline,
                _ => None,
            };
            Readiness::Blocked { deadline }
        }
    }

    /// The actors that can make progress at `now`, in id order.
    pub fn enabled(&self, now: f64) -> Vec<ActorId> {
        (0..self.actors.len()).filter(|&a| self.readiness(a, now) == Readiness::Enabled).collect()
    }

    /// The earliest time at which a sleeping actor wakes or a timeout fires.
    pub fn next_timer(&self, now: f64) -> Option<f64> {
        (0..self.actors.len())
            .filter_map(|a| match self.readiness(a, now) {
                Readiness::Timed { until, .. } => Some(until),
                Readiness::Blocked { deadline } => deadline,
                _ => None,
            })
            .min_by(|x, y| x.total_cmp(y))
    }

    /// Under any timing ([`crate::sim::Timing::Any`]), the actors the
    /// scheduler may pick at `now`, in id order: those enabled, and those
    /// whose sleep, stretch of work or timeout could end now.
    pub fn choices(&self, now: f64) -> Vec<ActorId> {
        (0..self.actors.len())
            .filter(|&a| {
                matches!(self.readiness(a, now), Readiness::Enabled | Readiness::Timed { .. } | Readiness::Blocked { deadline: Some(_) })
            })
            .collect()
    }

    /// Ends `a`'s sleep, stretch of work or timeout at `now`, whatever its
    /// deadline was (any timing: the scheduler picked it to end now).
    pub fn expire(&mut self, a: ActorId, now: f64) {
        let r = &mut self.actors[a];
        match &mut r.phase {
            Phase::Timed { until, .. } => *until = until.min(now),
            Phase::CvWait { deadline: Some(d), .. } => *d = d.min(now),
            Phase::Fresh => {
                if let Some(d) = &mut r.deadline {
                    *d = d.min(now);
                }
            }
            _ => {}
        }
    }

    /// Every actor has ended (a program's daemon threads do not count once
    /// every other thread has ended, as in Python).
    pub fn all_finished(&self) -> bool {
        match &self.py {
            Some(w) => self.actors.iter().enumerate().all(|(a, r)| r.status != Status::Live || w.is_daemon(a)),
            None => self.actors.iter().all(|r| r.status != Status::Live),
        }
    }

    fn fail(&mut self, a: ActorId, what: &str) {
        let line = self.actors[a].line;
        let msg = format!("{} failed at line {line}: {what}", self.model.actor_name(a));
        self.actors[a].status = Status::Failed(what.to_string());
        if self.failure.is_none() {
            self.failure = Some(msg);
        }
    }

    fn finish(&mut self, a: ActorId, now: f64) {
        self.actors[a].cursor.finish_op();
        self.arrive(a, now);
    }

    fn produce(&mut self, a: ActorId, key: Key, value: i64, now: f64) {
        self.trace.record(now, EventKind::Value { actor: a, label: key.to_string(), value });
        self.produced.push(Produced::new(a, key, value));
    }

    /// Runs one step of `a` at `now` (a no-op if it is not enabled), then
    /// records what changed. Returns whether it made progress.
    pub fn step(&mut self, a: ActorId, now: f64) -> bool {
        if self.readiness(a, now) != Readiness::Enabled {
            return false;
        }
        let advanced = self.py.as_ref().map(|w| w.advances());
        let yields = self.actors[a].phase == Phase::Fresh && matches!(self.actors[a].next, Some((Op::Sleep { ms: 0 }, _)));
        self.step_inner(a, now);
        if let Some(w) = self.py.as_mut() {
            if advanced == Some(w.advances()) {
                w.machine_step(a, yields);
            }
        }
        self.sync(now, Some(a));
        true
    }

    fn step_inner(&mut self, a: ActorId, now: f64) {
        match self.actors[a].phase {
            Phase::Spin => return self.arrive(a, now),
            Phase::CvWait { cv, mutex, depth, deadline } => {
                if self.in_wait_set(cv, a) {
                    // Its time is up (only then is it enabled in the set):
                    // it leaves the set and, next, takes the lock back.
                    if let Some(c) = self.objects[cv].as_condvar_mut() {
                        c.give_up(a);
                    }
                    let r = &mut self.actors[a];
                    r.ok = false;
                    r.phase = Phase::CvWait { cv, mutex, depth, deadline: None };
                    debug_assert!(deadline.is_some());
                    return;
                }
                if let Some(lock) = self.objects[mutex].holdable_mut() {
                    lock.acquire_restore(a, depth);
                }
                return self.finish(a, now);
            }
            Phase::Parked { .. } => return self.finish(a, now),
            Phase::Timed { .. } => {
                for (label, value) in std::mem::take(&mut self.actors[a].pending) {
                    self.produce(a, label, value, now);
                }
                return self.finish(a, now);
            }
            Phase::Fresh => {}
        }
        let Some((op, _)) = self.actors[a].next else { return };
        match op {
            Op::Wait { condvar } | Op::WaitTimed { condvar, .. } | Op::NotifyOne { condvar } | Op::NotifyAll { condvar } => {
                let Some(mutex) = self.objects[condvar].as_condvar().map(|c| c.mutex) else { return };
                let Some((cv, lock)) = prims::pair_mut(&mut self.objects, condvar, mutex) else { return };
                let (Some(cv), Some(lock)) = (cv.as_condvar_mut(), lock.holdable_mut()) else { return };
                let done = match op {
                    Op::Wait { .. } | Op::WaitTimed { .. } => match cv.begin_wait(lock, a) {
                        Some(depth) => {
                            let r = &mut self.actors[a];
                            let deadline = match op {
                                Op::WaitTimed { timeout_ms, .. } => {
                                    r.ok = true;
                                    Some(now + timeout_ms as f64)
                                }
                                _ => None,
                            };
                            r.phase = Phase::CvWait { cv: condvar, mutex, depth, deadline };
                            return;
                        }
                        None => false,
                    },
                    _ => cv.notify(lock, a, matches!(op, Op::NotifyAll { .. })),
                };
                if !done {
                    let what = prims::condvar::unheld(self.model.object_name(condvar), self.model.object_name(mutex));
                    return self.fail(a, &what);
                }
            }
            Op::Sleep { ms } | Op::Work { ms } => {
                let working = matches!(op, Op::Work { .. });
                self.actors[a].phase = Phase::Timed { until: now + ms as f64, working };
                return;
            }
            Op::Crunch { slice_ms } => {
                let r = &mut self.actors[a];
                let (mut check, start) = r.crunch.take().unwrap_or((PrimeCheck::new(r.reg.max(0) as u64), now));
                let before = check.iterations;
                let budget = if slice_ms == 0 { u64::MAX } else { slice_ms as u64 * ITERATIONS_PER_MS };
                let answer = check.run(budget);
                let ms = (check.iterations - before) as f64 / ITERATIONS_PER_MS as f64;
                r.ok = answer.is_some();
                let mut values = Vec::new();
                match answer {
                    Some(p) => {
                        r.reg = p as i64;
                        let n = check.n;
                        values.push((Key::Kernel(Kernel::IsPrime { n }), p as i64));
                        values.push((Key::PrimeMicros(n), ((now + ms - start) * 1000.0).round() as i64));
                    }
                    None => r.crunch = Some((check, start)),
                }
                if self.charge_compute && ms > 0.0 {
                    self.actors[a].pending = values;
                    self.actors[a].phase = Phase::Timed { until: now + ms, working: true };
                    return;
                }
                for (label, value) in values {
                    self.produce(a, label, value, now);
                }
            }
            _ => match op.object() {
                Some(o) => {
                    let r = &mut self.actors[a];
                    if !self.objects[o].ready(a, op) {
                        // Enabled only because its timeout passed.
                        r.ok = false;
                        return self.finish(a, now);
                    }
                    let mut cx = Cx::new(a, now, r.reg, r.ok, self.model.object_name(o));
                    cx.place = std::mem::take(&mut r.place);
                    let effect = self.objects[o].apply(&mut cx, op);
                    let Cx { reg, ok, value, .. } = cx;
                    (r.reg, r.ok) = (reg, ok);
                    if let Some((label, v)) = value {
                        self.produce(a, label, v, now);
                    }
                    match effect {
                        Effect::Done => {}
                        Effect::Park(token) => {
                            self.actors[a].phase = Phase::Parked { object: o, token };
                            return;
                        }
                        Effect::Fail(what) => return self.fail(a, &what),
                    }
                }
                None => {
                    let known = self.kernel_answers.as_ref();
                    let compute = |k: Kernel| known.map_or_else(|| k.run(), |known| known.answer(k));
                    if let Some(p) = crate::program::local_with(op, &mut self.actors[a].reg, compute) {
                        if p.answer {
                            self.answer = Some(p.value);
                        }
                        self.produce(a, p.key, p.value, now);
                    }
                }
            },
        }
        self.finish(a, now);
    }

    fn show_actor(&self, a: ActorId, now: f64) -> (ActorState, u32) {
        let r = &self.actors[a];
        let state = match &r.status {
            Status::Done => return (ActorState::Done, 0),
            Status::Failed(m) => return (ActorState::Failed { message: m.clone() }, r.line),
            Status::Live => match r.phase {
                Phase::Timed { working: true, .. } => ActorState::Working,
                Phase::Timed { working: false, until } if now < until => ActorState::Sleeping,
                Phase::CvWait { cv, deadline, .. } if self.in_wait_set(cv, a) => {
                    ActorState::Waiting { object: cv, timed: deadline.is_some() }
                }
                Phase::Parked { object, .. } => ActorState::Waiting { object, timed: false },
                _ => match self.readiness(a, now) {
                    Readiness::Enabled | Readiness::Timed { .. } | Readiness::Finished => ActorState::Running,
                    Readiness::Blocked { deadline } => {
                        let timed = deadline.is_some();
                        match (r.phase, r.next) {
                            (Phase::CvWait { mutex, .. }, _) => ActorState::Blocked { object: mutex, timed: false },
                            (_, Some((Op::EventWait { event, .. }, _))) => ActorState::Waiting { object: event, timed },
                            (_, Some((op, _))) => match op.object() {
                                Some(object) => ActorState::Blocked { object, timed },
                                None => ActorState::Running,
                            },
                            _ => ActorState::Running,
                        }
                    }
                },
            },
        };
        (state, r.line)
    }

    fn show_object(&self, o: ObjId, actors: &[(ActorState, u32)]) -> ObjectState {
        let blocked_on = |o: ObjId| -> Vec<ActorId> {
            actors
                .iter()
                .enumerate()
                .filter(|(_, (s, _))| matches!(s, ActorState::Blocked { object, .. } if *object == o))
                .map(|(a, _)| a)
                .collect()
        };
        let obj = &self.objects[o];
        if obj.lists_blocked() {
            obj.show(blocked_on(o))
        } else {
            obj.show(Vec::new())
        }
    }

    fn emit(&mut self, now: f64, kind: EventKind) {
        self.waitfor.observe(&kind);
        self.trace.record(now, kind);
    }

    /// Records every actor and object whose visible state changed: `first`
    /// (the actor that just stepped) first, then objects, then the others.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    pub fn sync(&mut self, now: f64, first: Option<ActorId>) {
        // (A list this thread keeps, emptied: a search's clones would each
        // grow their own at their first step.)
        let mut actors = crate::room::Lent::take(&LOOKS);
        actors.extend((0..self.actors.len()).map(|a| self.show_actor(a, now)));
        let emit_actor = |m: &mut Machine, a: ActorId| {
            if m.shown_actors[a] != actors[a] {
                m.shown_actors[a] = actors[a].clone();
                let (state, line) = actors[a].clone();
                m.emit(now, EventKind::Actor { actor: a, state, line });
            }
        };
        if let Some(a) = first {
            emit_actor(self, a);
        }
        for o in 0..self.objects.len() {
            let s = self.show_object(o, &actors);
            if self.shown_objects[o] != s {
                self.shown_objects[o] = s.clone();
                self.emit(now, EventKind::Object { object: o, state: s });
            }
        }
        for a in (0..self.actors.len()).filter(|a| Some(*a) != first) {
            emit_actor(self, a);
        }
    }

    /// The deadlock cycle in the wait-for graph, if one has closed.
    pub fn cycle(&self) -> Option<Vec<WaitLink>> {
        self.waitfor.find_cycle(&self.model)
    }

    /// Every live actor is stuck at `now` and no timer is pending: the run
    /// can never go on. Lists each stuck actor and what it waits on.
    pub fn stall(&self, now: f64) -> Option<Vec<WaitLink>> {
        // (Asked at every step of a run and every node of a search: no list made.)
        let any_enabled = || (0..self.actors.len()).any(|a| self.readiness(a, now) == Readiness::Enabled);
        if self.all_finished() || any_enabled() || self.next_timer(now).is_some() {
            return None;
        }
        let mut links = Vec::new();
        for a in 0..self.actors.len() {
            if self.actors[a].status != Status::Live {
                continue;
            }
            let object = match self.show_actor(a, now).0 {
                ActorState::Blocked { object, .. } | ActorState::Waiting { object, .. } => object,
                _ => continue,
            };
            let held_by = self.holder(object);
            let mut link = WaitLink::new(&self.model, a, object, held_by);
            link.joining = matches!(self.actors[a].next, Some((Op::QueueJoin { .. }, _))) && self.actors[a].phase == Phase::Fresh;
            links.push(link);
        }
        Some(links)
    }

    /// How the run has ended, if it has: a failure, a deadlock (a cycle, or
    /// a stall), or every actor done (then the checks decide).
    pub fn verdict(&self, now: f64) -> Option<Outcome> {
        let counter = |o: ObjId| self.counter_value(o);
        let extremes = |o: ObjId| self.trace.extremes(o);
        let fatal = self.py.as_ref().and_then(|w| w.fatal());
        check::verdict(
            self.failure.as_deref().or(fatal),
            self.all_finished(),
            || match self.py.as_ref().and_then(|w| w.error()) {
                Some((_, PyError::Assertion { check, detail })) => {
                    Some(Outcome::InvariantViolated { check: check.clone(), detail: detail.clone() })
                }
                Some((_, PyError::Uncaught(message) | PyError::Fatal(message))) => {
                    Some(Outcome::Failed { message: message.clone() })
                }
                None => check::evaluate(&self.model, &counter, &extremes, self.answer, &self.produced),
            },
            || self.cycle().or_else(|| self.stall(now)),
        )
    }

    /// The result of the run with `outcome`, as of `now`.
    pub fn result(&self, outcome: Outcome, now: f64, schedule: Option<String>) -> RunResult {
        RunResult {
            outcome,
            answer: self.answer,
            produced: self.produced.clone(),
            counters: self
                .model
                .objects
                .iter()
                .enumerate()
                .filter_map(|(o, d)| self.counter_value(o).map(|v| (d.name.clone(), v)))
                .collect(),
            summary: self.trace.summary(now),
            schedule,
        }
    }
}
