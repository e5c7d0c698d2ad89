//! The scenario model: a scenario is a value.
//!
//! A [`Model`] names its shared objects (mutexes, condition variables,
//! semaphores, barriers, bounded queues, events, counters), its actors (each
//! a small program of [`Instr`]uctions), the [`Check`]s that judge a finished
//! run, and a pseudo-Python source text in which every operation knows its
//! line. Nothing here runs anything: the simulator, the threads runtime and
//! the event-loop runtime all interpret the same value.
//!
//! Models are written with [`crate::builder`]; the scenarios of the course
//! are in [`crate::lessons`].

use crate::outcome::Key;
use serde::{Deserialize, Serialize};

/// Index of an actor in [`Model::actors`].
pub type ActorId = usize;
/// Index of a shared object in [`Model::objects`].
pub type ObjId = usize;

/// A complete scenario, ready to run on any runtime.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// The scenario id this model was built for (`"deadlock"`, ...).
    pub id: String,
    pub objects: Vec<ObjectDecl>,
    pub actors: Vec<ActorDecl>,
    pub checks: Vec<Check>,
    /// Pseudo-Python, one statement per line; `Instr::Op::line` is 1-based into it.
    pub source: String,
}

/// A shared object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectDecl {
    pub name: String,
    pub kind: ObjectKind,
    /// Where it is declared in the source.
    pub line: u32,
    /// Items a queue holds when the run starts (a job list filled before
    /// the workers start, as `pool.submit(...)` does in the seeds).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<i64>,
}

/// What a shared object is, with its configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ObjectKind {
    /// A non-reentrant lock (`threading.Lock`).
    Mutex,
    /// A re-entrant lock (`threading.RLock`).
    #[serde(rename = "rlock")]
    RLock,
    /// A condition variable bound to a mutex (`threading.Condition(lock)`).
    Condvar { mutex: ObjId },
    /// A counting semaphore with this many initial permits.
    Semaphore { permits: u32 },
    /// A semaphore that may not be released above its initial value
    /// (`threading.BoundedSemaphore`).
    BoundedSemaphore { permits: u32 },
    /// A barrier for this many parties; it resets after each generation.
    Barrier { parties: u32 },
    /// A bounded FIFO queue of integers (`queue.Queue(maxsize)`; as in
    /// Python, a capacity of 0 means unbounded).
    Queue { capacity: u32 },
    /// A flag that can be set, cleared and waited for (`threading.Event`).
    Event,
    /// A shared integer, read and written racily or added to atomically.
    Counter { initial: i64 },
    /// A token bucket (seed 004 §16.5.2, `TokenBucket`): it holds at most
    /// `burst` tokens, starts full and refills at `rate` tokens per second.
    TokenBucket { rate: u32, burst: u32 },
}

impl ObjectKind {
    /// Whether it is a lock (it has a holder; a condition can be bound to it).
    pub fn is_lock(&self) -> bool {
        matches!(self, ObjectKind::Mutex | ObjectKind::RLock)
    }

    /// The word used in trace summaries and the code view.
    pub fn word(&self) -> &'static str {
        match self {
            ObjectKind::Mutex => "mutex",
            ObjectKind::RLock => "rlock",
            ObjectKind::BoundedSemaphore { .. } => "bounded semaphore",
            ObjectKind::Condvar { .. } => "condvar",
            ObjectKind::Semaphore { .. } => "semaphore",
            ObjectKind::Barrier { .. } => "barrier",
            ObjectKind::Queue { .. } => "queue",
            ObjectKind::Event => "event",
            ObjectKind::Counter { .. } => "counter",
            ObjectKind::TokenBucket { .. } => "token bucket",
        }
    }
}

/// One actor (a thread, or a task on the event loop).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorDecl {
    pub name: String,
    /// The process it runs in, for an actor of a child process of a
    /// program (`os.getpid()` there: 1001, 1002, ...); None in the
    /// program's own process and in a built model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pid: Option<u32>,
    pub code: Vec<Instr>,
    /// The `def` line of its function in the source.
    pub line: u32,
}

/// One instruction. Only [`Instr::Op`] is visible (it is a step, it has a
/// line); the others are control flow, taken without a step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "i", rename_all = "kebab-case")]
pub enum Instr {
    Op { op: Op, line: u32 },
    Jump { to: usize },
    /// Jumps unless the condition holds (the test of an `if` or a `while`).
    JumpUnless { cond: Cond, to: usize },
    /// Starts `for _ in range(n)`; with `n == 0` jumps to `end`.
    LoopBegin { n: u32, end: usize },
    /// Ends the loop that began at `begin`.
    LoopEnd { begin: usize },
}

/// A condition tested by `if` and `while`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "c", rename_all = "kebab-case")]
pub enum Cond {
    /// The last try-lock / timed acquire / timed wait succeeded.
    LastOk,
    /// The last try-lock / timed acquire / timed wait timed out.
    LastFailed,
    /// `counter <cmp> value`, read (racily) at the moment of the test.
    Counter { counter: ObjId, cmp: Cmp, value: i64 },
    EventIsSet { event: ObjId },
    EventNotSet { event: ObjId },
    /// `register <cmp> value` (the item just taken, the number being checked).
    Register { cmp: Cmp, value: i64 },
    /// `register % by == 0` (every k-th job).
    RegisterDivisibleBy { by: i64 },
}

impl Cond {
    /// Whether the condition holds for an actor whose last-ok flag is `ok`
    /// and register `reg`; `counter` and `is_set` read the shared objects.
    /// Every runtime tests conditions through this one function.
    pub fn holds(&self, ok: bool, reg: i64, counter: impl Fn(ObjId) -> Option<i64>, is_set: impl Fn(ObjId) -> bool) -> bool {
        match *self {
            Cond::Register { cmp, value } => cmp.holds(reg, value),
            Cond::RegisterDivisibleBy { by } => by > 0 && reg % by == 0,
            Cond::LastOk => ok,
            Cond::LastFailed => !ok,
            Cond::Counter { counter: c, cmp, value } => counter(c).is_some_and(|v| cmp.holds(v, value)),
            Cond::EventIsSet { event } => is_set(event),
            Cond::EventNotSet { event } => !is_set(event),
        }
    }
}

/// A comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Cmp {
    pub fn holds(self, a: i64, b: i64) -> bool {
        match self {
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
            Cmp::Eq => a == b,
            Cmp::Ne => a != b,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
            Cmp::Eq => "==",
            Cmp::Ne => "!=",
        }
    }
}

/// A named compute kernel (real CPU work whose result is kept).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "k", rename_all = "kebab-case")]
pub enum Kernel {
    IsPrime { n: u64 },
    SumOfSquares { n: u64 },
}

impl Kernel {
    /// Runs the kernel (see [`crate::kernels`]); `is_prime` answers 1 or 0.
    pub fn run(self) -> i64 {
        match self {
            Kernel::IsPrime { n } => crate::kernels::is_prime(n) as i64,
            Kernel::SumOfSquares { n } => crate::kernels::sum_of_squares(n) as i64,
        }
    }

    pub fn label(self) -> String {
        match self {
            Kernel::IsPrime { n } => format!("is_prime({n})"),
            Kernel::SumOfSquares { n } => format!("sum_of_squares({n})"),
        }
    }
}

/// What an [`Op::Emit`] reports the register as (a [`crate::outcome::Produced`] label).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Label {
    /// An item a consumer took from a buffer.
    Consumed,
    /// A job a worker finished.
    Processed,
    /// A job that raised: reported on the error path.
    Failed,
}

impl Label {
    pub fn word(self) -> &'static str {
        match self {
            Label::Consumed => "consumed",
            Label::Processed => "processed",
            Label::Failed => "failed",
        }
    }
}

/// One visible operation. Durations are whole milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Op {
    Lock { mutex: ObjId },
    Unlock { mutex: ObjId },
    /// `lock.acquire(timeout=t)`; `timeout_ms == 0` is a non-blocking try.
    /// Sets the last-ok flag tested by [`Cond::LastOk`].
    TryLock { mutex: ObjId, timeout_ms: u32 },
    /// `cond.wait()`: releases the bound mutex, waits for a notify, re-acquires.
    Wait { condvar: ObjId },
    /// `cond.wait(timeout)`: as `Wait`, but after `timeout_ms` without a
    /// notify it leaves the wait set and re-acquires the mutex all the same.
    /// Sets the last-ok flag: true if notified, false if it timed out.
    WaitTimed { condvar: ObjId, timeout_ms: u32 },
    NotifyOne { condvar: ObjId },
    NotifyAll { condvar: ObjId },
    /// `sem.acquire()`, or with a timeout (sets the last-ok flag).
    Acquire { sem: ObjId, timeout_ms: Option<u32> },
    Release { sem: ObjId },
    BarrierWait { barrier: ObjId },
    /// Puts the actor's register into the queue (blocks while full).
    Put { queue: ObjId },
    /// `queue.put(item, timeout=t)`: as `Put`, but gives up after
    /// `timeout_ms` (0: `put_nowait()`); sets the last-ok flag.
    PutTimed { queue: ObjId, timeout_ms: u32 },
    /// Takes the oldest item into the register (blocks while empty).
    Get { queue: ObjId },
    /// `queue.get(timeout=t)`: as `Get`, but gives up after `timeout_ms`
    /// (0: `get_nowait()`); sets the last-ok flag.
    GetTimed { queue: ObjId, timeout_ms: u32 },
    /// `queue.task_done()`: one unfinished task fewer. Sets the last-ok
    /// flag: false when none was left (Python raises `ValueError`).
    TaskDone { queue: ObjId },
    /// `queue.join()`: blocks until every item put has been marked done.
    QueueJoin { queue: ObjId },
    EventSet { event: ObjId },
    /// `event.wait()`, or with a timeout (sets the last-ok flag).
    EventWait { event: ObjId, timeout_ms: Option<u32> },
    EventClear { event: ObjId },
    /// Waiting without the CPU (I/O, `asyncio.sleep`): yields. `0` is a bare yield.
    Sleep { ms: u32 },
    /// CPU-bound work that really burns the thread for this long.
    Work { ms: u32 },
    /// `temp = counter` (into the actor's register).
    Load { counter: ObjId },
    /// `counter = temp + plus`.
    Store { counter: ObjId, plus: i64 },
    /// An atomic `counter += delta`.
    Add { counter: ObjId, delta: i64 },
    /// An atomic `counter += temp` (adds the register, e.g. a kernel's result).
    AddRegister { counter: ObjId },
    /// `register = value` (what the next `put` sends).
    Set { value: i64 },
    Compute { kernel: Kernel },
    /// Records the scenario's answer (`Answer: 42`).
    Answer { value: i64 },
    /// Reports the register as a produced value under `label`.
    Emit { label: Label },
    /// `is_prime(register)` by trial division, computing for at most
    /// `slice_ms` (0: to the end) and resuming where it stopped on the next
    /// call: the GIL's switch interval. Sets the last-ok flag when the
    /// answer is known; then the register holds it (1 or 0), and the run
    /// produces `is_prime(n)` (the answer) and `is_prime(n) us` (the time
    /// from the first slice to the answer, in microseconds).
    Crunch { slice_ms: u32 },
    /// `ok = bucket.acquire()`: takes a token if there is one (never
    /// blocks); an admitted request produces `admitted` with its time in
    /// microseconds.
    TakeToken { bucket: ObjId },
    /// A step of a Python program that touches no synchronization object:
    /// a read or a write of shared data, output, starting a thread (what
    /// it does is the interpreter's, [`crate::py::vm`]). Always enabled.
    Py,
}

impl Op {
    /// How long it may block before it gives up (a try-lock, a timed
    /// acquire or wait); `None`: it waits as long as it takes.
    pub fn timeout_ms(&self) -> Option<u32> {
        match *self {
            Op::TryLock { timeout_ms, .. } => Some(timeout_ms),
            Op::Acquire { timeout_ms, .. } | Op::EventWait { timeout_ms, .. } => timeout_ms,
            Op::GetTimed { timeout_ms, .. } | Op::PutTimed { timeout_ms, .. } | Op::WaitTimed { timeout_ms, .. } => Some(timeout_ms),
            _ => None,
        }
    }

    /// The object this operation touches, if any.
    pub fn object(&self) -> Option<ObjId> {
        use Op::*;
        match *self {
            Lock { mutex } | Unlock { mutex } | TryLock { mutex, .. } => Some(mutex),
            Wait { condvar } | WaitTimed { condvar, .. } | NotifyOne { condvar } | NotifyAll { condvar } => Some(condvar),
            Acquire { sem, .. } | Release { sem } => Some(sem),
            BarrierWait { barrier } => Some(barrier),
            Put { queue } | PutTimed { queue, .. } | Get { queue } | GetTimed { queue, .. } | TaskDone { queue } | QueueJoin { queue } => {
                Some(queue)
            }
            EventSet { event } | EventWait { event, .. } | EventClear { event } => Some(event),
            Load { counter } | Store { counter, .. } | Add { counter, .. } | AddRegister { counter } => Some(counter),
            TakeToken { bucket } => Some(bucket),
            Sleep { .. } | Work { .. } | Set { .. } | Compute { .. } | Answer { .. } | Emit { .. } | Crunch { .. } | Py => None,
        }
    }
}

/// What a finished run is judged by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// The lesson in words: "no increment is lost".
    pub name: String,
    pub kind: CheckKind,
}

/// The kinds of check, evaluated by [`crate::check`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "check", rename_all = "kebab-case")]
pub enum CheckKind {
    /// The counter ends at exactly this value.
    CounterEquals { counter: ObjId, expected: i64 },
    /// The counter never left `min..=max` during the run (a trace check).
    CounterStayedWithin { counter: ObjId, min: i64, max: i64 },
    /// The scenario answered this value.
    AnswerEquals { expected: i64 },
    /// The counter ends at `expected`; the detail counts the lost updates.
    NoLostUpdates { counter: ObjId, expected: i64 },
    /// The values produced under any of `labels` are exactly `values`,
    /// each once (every item consumed once, every job processed or failed once).
    ProducedOnce { labels: Vec<Key>, values: Vec<i64> },
    /// Each of `labels` was produced exactly once (every number checked once).
    LabelsOnce { labels: Vec<Key> },
    /// Values produced under `label` that share `value / group` appear in
    /// increasing order (each producer's items leave in the order made).
    ProducedInOrder { label: Key, group: i64 },
    /// The values under `label` are times in microseconds; over any window
    /// of them, no more than `burst + rate * window` appear.
    RateBound { label: Key, rate: u32, burst: u32 },
    /// A program's `assert ..., "name"`: the program judges it itself (a
    /// failed one ends the run as a violated invariant with its two sides).
    Assert,
}

/// Why a model could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildError {
    UnknownScenario(String),
    /// A parameter the builder needs is missing or has a value it cannot use.
    BadParam { name: String, detail: String },
    /// The program refers to an object of the wrong kind (a bug in a builder).
    Invalid(String),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::UnknownScenario(id) => write!(f, "there is no model for scenario \"{id}\""),
            BuildError::BadParam { name, detail } => write!(f, "parameter {name}: {detail}"),
            BuildError::Invalid(d) => write!(f, "invalid model: {d}"),
        }
    }
}

impl std::error::Error for BuildError {}

impl Model {
    /// The model of a program before it runs: no objects and no actors yet
    /// (they appear as it makes them), its source, and its named asserts as
    /// checks, so a run's report says which checks held.
    pub fn of_program(id: &str, prog: &crate::py::compile::Program) -> Model {
        Model {
            id: id.to_string(),
            objects: vec![],
            actors: vec![],
            checks: prog.checks.iter().map(|name| Check { name: name.clone(), kind: CheckKind::Assert }).collect(),
            source: prog.source.clone(),
        }
    }

    pub fn object_name(&self, o: ObjId) -> &str {
        self.objects.get(o).map(|d| d.name.as_str()).unwrap_or("?")
    }

    pub fn actor_name(&self, a: ActorId) -> &str {
        self.actors.get(a).map(|d| d.name.as_str()).unwrap_or("?")
    }

    /// The process actor `a` runs in, if it is a child process's.
    pub fn actor_pid(&self, a: ActorId) -> Option<u32> {
        self.actors.get(a).and_then(|d| d.pid)
    }

    /// The source line `line` (1-based), for a code view.
    /// The same scenario `factor` times slower, to watch it: every sleep,
    /// every stretch of CPU work and every timeout takes `factor` times as
    /// long, so the proportions (and the lesson) stay the same. A token
    /// bucket's refill rate is not scaled (it is a whole number per second).
    pub fn slowed(mut self, factor: u32) -> Model {
        let f = factor.max(1);
        if f == 1 {
            return self;
        }
        let scale = |ms: u32| ms.saturating_mul(f);
        for actor in &mut self.actors {
            for instr in &mut actor.code {
                if let Instr::Op { op, .. } = instr {
                    match op {
                        Op::Sleep { ms } | Op::Work { ms } => *ms = scale(*ms),
                        Op::TryLock { timeout_ms, .. } => *timeout_ms = scale(*timeout_ms),
                        Op::Acquire { timeout_ms: Some(t), .. }
                        | Op::EventWait { timeout_ms: Some(t), .. }
                        | Op::WaitTimed { timeout_ms: t, .. } => {
                            *t = scale(*t)
                        }
                        Op::Crunch { slice_ms } => *slice_ms = scale(*slice_ms),
                        _ => {}
                    }
                }
            }
        }
        self
    }

    /// Whether actors read a counter into `temp` (the race's `temp = n`):
    /// then the value an actor read is part of what a student must see.
    pub fn uses_temp(&self) -> bool {
        self.actors.iter().flat_map(|a| &a.code).any(|i| {
            matches!(i, Instr::Op { op: Op::Load { .. } | Op::Store { .. } | Op::AddRegister { .. }, .. })
        })
    }

    pub fn line_text(&self, line: u32) -> Option<&str> {
        self.source.lines().nth((line as usize).checked_sub(1)?)
    }

    /// Checks that every operation names an object of the right kind and
    /// every jump lands inside the program. Builders call it; a runtime can
    /// then trust the model.
    pub fn validate(&self) -> Result<(), BuildError> {
        let kind = |o: ObjId| self.objects.get(o).map(|d| d.kind);
        let bad = |a: &ActorDecl, what: String| BuildError::Invalid(format!("actor {}: {what}", a.name));
        for d in &self.objects {
            if let ObjectKind::Condvar { mutex } = d.kind {
                if !kind(mutex).is_some_and(|k| k.is_lock()) {
                    return Err(BuildError::Invalid(format!("{} is not bound to a lock", d.name)));
                }
            }
        }
        for a in &self.actors {
            let len = a.code.len();
            for ins in &a.code {
                match ins {
                    Instr::Op { op, .. } => {
                        if let Some(o) = op.object() {
                            let k = kind(o).ok_or_else(|| bad(a, format!("no object {o}")))?;
                            if !crate::prims::accepts(k, *op) {
                                return Err(bad(a, format!("{op:?} on a {}", k.word())));
                            }
                        }
                    }
                    Instr::Jump { to } | Instr::LoopEnd { begin: to } | Instr::LoopBegin { end: to, .. } => {
                        if *to > len {
                            return Err(bad(a, format!("jump to {to} outside the program")));
                        }
                    }
                    Instr::JumpUnless { to, cond } => {
                        if *to > len {
                            return Err(bad(a, format!("jump to {to} outside the program")));
                        }
                        match cond {
                            Cond::Counter { counter, .. } if !matches!(kind(*counter), Some(ObjectKind::Counter { .. })) => {
                                return Err(bad(a, "condition on a non-counter".into()))
                            }
                            Cond::EventIsSet { event } | Cond::EventNotSet { event } if kind(*event) != Some(ObjectKind::Event) => {
                                return Err(bad(a, "condition on a non-event".into()))
                            }
                            Cond::RegisterDivisibleBy { by } if *by <= 0 => {
                                return Err(bad(a, "divisibility by a non-positive number".into()))
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        Ok(())
    }
}
