//! The catalogue of scenarios: each one a lesson from the course material
//! (`shared/seeds/`), with its parameters and, per backend that cannot
//! show it, why. [`crate::lessons::build`] turns any catalogue id into a model.

use crate::params::{Default, ParamKind, ParamSpec};

/// A scenario as the gallery and the URL know it.
#[derive(Debug, PartialEq, Eq)]
pub struct Scenario {
    /// The id used in the URL (`#/<id>`): part of the automation contract.
    pub id: &'static str,
    pub title: &'static str,
    /// Where in the notes its claim is (the gallery's card says it).
    pub chapter: &'static str,
    /// One line for the gallery.
    pub summary: &'static str,
    /// The lesson in plain words: the claim it makes visible and where it comes from.
    pub lesson: &'static str,
    pub params: &'static [ParamSpec],
    /// For each backend that cannot show the lesson, one sentence saying why
    /// (`(backend, why)`); backends not listed show it.
    pub backend_notes: &'static [(&'static str, &'static str)],
    /// The backend it runs on where real threads cannot be had (a frame on
    /// a course page that is not cross-origin isolated), when the link did
    /// not choose one: the one that still tells its lesson.
    pub without_threads: Backend,
    /// The lesson's version: what a link's seed and schedule replay on
    /// (`version=`). 1: the built models; 2: the notes' Python program
    /// (`crates/engine/lessons/<id>.py`); 3 and on: a later change to that
    /// program (worker-pool: 3, the notes' task_done/join). Raise it when the
    /// lesson's steps change.
    pub version: u32,
    /// The views that tell the lesson, in [`crate::contract::VIEWS`] order:
    /// what projector mode and a frame show when the link chose none
    /// (`present=1`, `embed=1`).
    pub views: &'static [&'static str],
}

/// The backends a scenario can run on, as `backend=` spells them.
pub const BACKEND: &str = "backend";

/// Where a run executes. Code compares these, never the words; the words
/// are the contract's (`backend=`, the report's `backend`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// Real threads of the Web Worker pool (std threads natively).
    Workers,
    /// Tasks on the page's own event loop.
    EventLoop,
    /// The deterministic simulator, in virtual time.
    Sim,
}

impl Backend {
    /// Every backend, in the order the page offers them.
    pub const ALL: [Backend; 3] = [Backend::Workers, Backend::EventLoop, Backend::Sim];

    /// As `backend=` spells it.
    pub fn word(self) -> &'static str {
        match self {
            Backend::Workers => "workers",
            Backend::EventLoop => "eventloop",
            Backend::Sim => "sim",
        }
    }

    pub fn parse(word: &str) -> Option<Backend> {
        Backend::ALL.into_iter().find(|b| b.word() == word)
    }

    /// What the choosers call it.
    pub fn label(self) -> &'static str {
        match self {
            Backend::Workers => "Web Workers (real threads)",
            Backend::EventLoop => "Event loop (one thread, cooperative)",
            Backend::Sim => "Step by step (deterministic simulator)",
        }
    }

    /// Whether its clock is virtual (the simulator's): no frame gaps, no wall-time speed.
    pub fn virtual_time(self) -> bool {
        self == Backend::Sim
    }
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.word())
    }
}
/// Every backend's word, in the order the page offers them ([`Backend::ALL`]).
pub const BACKENDS: &[&str] = &["workers", "eventloop", "sim"];

/// The `backend` parameter, the first of every scenario's parameters.
pub const BACKEND_SPEC: ParamSpec = ParamSpec {
    name: BACKEND,
    label: "Runs on",
    help: "workers: real threads of the Web Worker pool; eventloop: tasks on the page's own JS event loop; \
           sim: step by step on a deterministic scheduler (the same seed gives the same run)",
    kind: ParamKind::Choice(BACKENDS),
    default: Default::Word("workers"),
};

pub static SPINNER: Scenario = Scenario {
    id: "spinner",
    chapter: "seed 002 §19.2, seed 000 §2: threads, processes and coroutines",
    title: "The spinner",
    summary: "A spinner turns while slow() computes for 3 s, unless the work blocks the event loop.",
    lesson: "Fluent Python's first concurrency example (seed 002 §19.2, seed 000 §2): a spinner \
             animates while slow() works for about 3 s, then the page prints Answer: 42. On a Web \
             Worker the main thread stays free and the spinner keeps turning. On the event loop, \
             awaiting a timer (asyncio.sleep) keeps it turning too, but CPU work run inside the loop \
             (time.sleep inside a coroutine) blocks everything: the spinner freezes until the work is done.",
    params: &[
        BACKEND_SPEC,
        ParamSpec {
            name: "slow",
            label: "slow() does",
            help: "work: 3 s of real CPU work (like a computation, or time.sleep in a coroutine); \
                   sleep: waits 3 s without using the CPU (like asyncio.sleep or I/O)",
            kind: ParamKind::Choice(&["work", "sleep"]),
            default: Default::Word("work"),
        },
    ],
    backend_notes: &[],
    without_threads: Backend::EventLoop,
    version: 2,
    views: &["spinner", "frames", "code"],
};

const fn int(name: &'static str, label: &'static str, help: &'static str, min: i64, max: i64, d: i64) -> ParamSpec {
    ParamSpec { name, label, help, kind: ParamKind::Int { min, max }, default: Default::Int(d) }
}

const fn choice(
    name: &'static str,
    label: &'static str,
    help: &'static str,
    options: &'static [&'static str],
    d: &'static str,
) -> ParamSpec {
    ParamSpec { name, label, help, kind: ParamKind::Choice(options), default: Default::Word(d) }
}

pub static BOUNDED_BUFFER: Scenario = Scenario {
    id: "bounded-buffer",
    chapter: "seed 004 §16.2.2: Condition (BoundedBuffer)",
    title: "The bounded buffer",
    summary: "Producers and consumers share a buffer of fixed size through one condition variable.",
    lesson: "Seed 004 (threading.Condition, BoundedBuffer): producers wait while the buffer is full, \
             consumers while it is empty, and whoever changes it calls notify_all(). The buffer never \
             holds fewer than 0 or more than capacity items, every item is consumed exactly once, and \
             each producer's items leave in the order it made them. With notify() (notify_one) on the one \
             condition that producers and consumers share, a wake-up can go to an actor of the wrong kind, \
             which waits again: everyone ends up waiting and nobody is left to notify (a lost wake-up).",
    params: &[
        BACKEND_SPEC,
        int("producers", "Producers", "threads that put items", 1, 8, 2),
        int("consumers", "Consumers", "threads that take items", 1, 8, 2),
        int("capacity", "Capacity", "how many items the buffer holds", 1, 10, 3),
        int("items", "Items per producer", "how many items each producer makes", 1, 50, 5),
        int("produce_ms", "Produce (ms)", "how long making one item takes (outside the lock)", 0, 1000, 100),
        int("consume_ms", "Consume (ms)", "how long using one item takes (outside the lock)", 0, 1000, 200),
        choice(
            "wakeup",
            "Wake-up",
            "notify_all: wake every waiter (each re-checks its condition); notify_one: wake one, which may be \
             of the wrong kind (the lost wake-up)",
            &["notify_all", "notify_one"],
            "notify_all",
        ),
    ],
    backend_notes: &[],
    without_threads: Backend::Sim,
    version: 2,
    views: &["timeline", "code"],
};

pub static DEADLOCK: Scenario = Scenario {
    id: "deadlock",
    chapter: "seed 004 §16.6.1: deadlock and lock ordering",
    title: "Deadlock",
    summary: "Two locks taken in opposite order (or N philosophers and N forks) wait for each other forever.",
    lesson: "Seed 004 §16.6.1: task1 holds lock_a and waits for lock_b while task2 holds lock_b and waits \
             for lock_a; with N philosophers each holding its left fork, the cycle is longer but the same. \
             The fixes of the seed: take the locks in one global order (ordered: never deadlocks), or \
             acquire(timeout=...) the second, and on failure release the first, back off and retry \
             (timeout: always finishes, and the retries are counted).",
    params: &[
        BACKEND_SPEC,
        int(
            "philosophers",
            "Philosophers",
            "2: the seed's two tasks and two locks; more: dining philosophers, each needing two forks",
            2,
            8,
            2,
        ),
        choice(
            "strategy",
            "Locking",
            "naive: each takes its own lock first, then the next one (a cycle); ordered: lower-numbered lock \
             first; timeout: the second lock with a timeout, backing off and retrying on failure",
            &["naive", "ordered", "timeout"],
            "naive",
        ),
    ],
    backend_notes: &[],
    without_threads: Backend::Sim,
    version: 2,
    views: &["graph", "code"],
};

pub static BARRIER: Scenario = Scenario {
    id: "barrier",
    chapter: "seed 004 §16.2.2: Barrier (parallel_computation)",
    title: "Barrier phases",
    summary: "Workers run phases of random length and wait for each other at a barrier between phases.",
    lesson: "Seed 004 (threading.Barrier, parallel_computation): every worker finishes phase k before any \
             starts phase k+1, whatever each phase's random duration; the price is that the fastest \
             worker waits for the slowest, phase after phase (the wait cost shown per phase). The \
             durations come from the run's seed.",
    params: &[
        BACKEND_SPEC,
        int("workers", "Workers", "parties of the barrier", 1, 16, 4),
        int("phases", "Phases", "how many phases each worker runs", 1, 10, 2),
    ],
    backend_notes: &[],
    without_threads: Backend::Sim,
    version: 2,
    views: &["timeline", "code"],
};

pub static RACE: Scenario = Scenario {
    id: "race",
    chapter: "seed 004 §16.2.2: race conditions (UnsafeCounter, SafeCounter)",
    title: "A race on a counter",
    summary: "Threads increment a shared counter with temp = self.value; self.value = temp + 1, and updates get lost.",
    lesson: "Seed 004 (UnsafeCounter vs SafeCounter): value = temp + 1 after temp = value is not one step; \
             another thread can write in between, and its increment is lost (expected vs actual, the \
             difference are the lost updates). A pause between the read and the write (here a yield) \
             makes the window wide. Under a lock (SafeCounter), or with one indivisible step, nothing is lost.",
    params: &[
        BACKEND_SPEC,
        int("threads", "Threads", "how many threads increment the counter", 1, 16, 4),
        int("increments", "Increments", "how many times each thread increments", 1, 10_000, 5000),
        choice(
            "mode",
            "Counter",
            "unsafe: UnsafeCounter (temp = self.value; time.sleep(PAUSE); self.value = temp + 1); locked: SafeCounter, the same under its lock; atomic: one indivisible list.append per increment",
            &["unsafe", "locked", "atomic"],
            "unsafe",
        ),
        int(
            "pause_ms",
            "Pause (ms)",
            "how long each thread sleeps between reading self.value and writing it back (0: time.sleep(0), which only lets another thread run); under the lock, the lock is held meanwhile",
            0,
            20,
            0,
        ),
    ],
    backend_notes: &[],
    without_threads: Backend::Sim,
    version: 2,
    views: &["resources", "code"],
};

pub static PRIMES: Scenario = Scenario {
    id: "primes",
    chapter: "seed 002 §19.3, seed 004 §16.1.2: CPU-bound work and the GIL",
    title: "Primes on k workers",
    summary: "Workers pull the seed's twenty large numbers from a job queue and check each for primality.",
    lesson: "Seed 002 §19.3 (procs.py, PRIME_FIXTURE): CPU-bound work gets faster with more workers only \
             when they really run in parallel; with k = 1 it is sequential. With gil=on every worker must \
             hold one global lock while it computes and give it up every 5 ms (seed 004 §16.1.2, the \
             switch interval), as CPython's threads do: the workers take turns and the speed-up disappears. \
             9 of the 20 numbers are prime.",
    params: &[
        BACKEND_SPEC,
        int("workers", "Workers", "how many workers pull numbers from the job queue (1: sequential)", 1, 16, 4),
        choice(
            "gil",
            "GIL",
            "off: workers compute in parallel; on: a worker computes only while holding the global lock, \
             released every 5 ms",
            &["off", "on"],
            "off",
        ),
    ],
    backend_notes: &[
        (
            "eventloop",
            "the page freezes for the whole computation, which is the lesson of the spinner; there is no speed-up on one thread",
        ),
        (
            "sim",
            "computing takes no virtual time here: every number reads 0.0 ms and there is no speed-up to see; \
             it shows which worker takes which number, and Explore searches those orders",
        ),
    ],
    without_threads: Backend::Sim,
    version: 2,
    views: &["timeline", "code"],
};

pub static CONNECTION_POOL: Scenario = Scenario {
    id: "connection-pool",
    chapter: "seed 004 §16.2.2: Semaphore (ConnectionPool)",
    title: "A connection pool",
    summary: "More clients than connections: a semaphore makes the rest wait their turn.",
    lesson: "Seed 004 (threading.Semaphore, ConnectionPool): a semaphore with as many permits as connections \
             caps how many clients use one at a time; the others block in acquire() until a connection is \
             released. Never more than `connections` are in use.",
    params: &[
        BACKEND_SPEC,
        int("clients", "Clients", "threads that each need a connection for one query", 1, 16, 8),
        int("connections", "Connections", "the semaphore's permits", 1, 8, 3),
        int("query_ms", "Query (ms)", "how long each query holds its connection", 0, 2000, 100),
    ],
    backend_notes: &[],
    without_threads: Backend::Sim,
    version: 2,
    views: &["timeline", "code"],
};

pub static RATE_LIMITER: Scenario = Scenario {
    id: "rate-limiter",
    chapter: "seed 004 §16.5.2: rate limiting (TokenBucket)",
    title: "A rate limiter",
    summary: "Requests take tokens from a bucket that refills at a fixed rate; a burst passes, then they queue.",
    lesson: "Seed 004 §16.5.2 (TokenBucket, ThrottledClient): the bucket starts full and refills at `rate` \
             tokens per second up to `burst`; a request that finds no token sleeps and tries again. However \
             the requests arrive, no window of time admits more than burst + rate × its length.",
    params: &[
        BACKEND_SPEC,
        int("requests", "Requests", "concurrent requests (one task each)", 1, 16, 10),
        int("rate", "Rate (per s)", "tokens added per second", 1, 50, 3),
        int("burst", "Burst", "the bucket's capacity (and its initial tokens)", 1, 20, 6),
    ],
    backend_notes: &[],
    without_threads: Backend::Sim,
    version: 2,
    views: &["timeline", "code"],
};

pub static EVENT: Scenario = Scenario {
    id: "event",
    chapter: "seed 004 §16.2.2: Event (ServiceManager)",
    title: "Ready and shutdown events",
    summary: "Workers wait for a ready event, work until a shutdown event, then stop.",
    lesson: "Seed 004 (threading.Event, ServiceManager): workers block in ready.wait() until the initializer \
             calls ready.set(), then work until shutdown.is_set(); the initializer sets shutdown and clears \
             ready. No worker works before ready is set, and every worker stops after shutdown.",
    params: &[BACKEND_SPEC, int("workers", "Workers", "service workers", 1, 15, 2)],
    backend_notes: &[],
    without_threads: Backend::Sim,
    version: 2,
    views: &["timeline", "code"],
};

pub static WORKER_POOL: Scenario = Scenario {
    id: "worker-pool",
    chapter: "seed 004 §16.2.3: Queue (TaskQueue, WorkerPool)",
    title: "A worker pool",
    summary: "Workers take jobs from a queue; failing jobs are reported on the error path.",
    lesson: "Seed 004 (TaskQueue, WorkerPool): a fixed set of workers takes jobs from one queue until it \
             meets the None sentinel; a job that raises is caught and logged, and the worker goes on. \
             Every job is processed or reported exactly once.",
    params: &[
        BACKEND_SPEC,
        int("jobs", "Jobs", "tasks the main thread submits to the running pool", 1, 100, 10),
        int("workers", "Workers", "threads of the pool", 1, 16, 3),
        int("fail_every", "Fail every", "every k-th job raises (0: none does)", 0, 20, 4),
    ],
    backend_notes: &[],
    without_threads: Backend::Sim,
    version: 3,
    views: &["timeline", "code"],
};

pub static GATHER: Scenario = Scenario {
    id: "gather",
    chapter: "seed 004 §16.4.2: gather, create_task, TaskGroup",
    title: "Tasks on one event loop",
    summary: "Three requests of 2, 1 and 3 s: gathered they take 3 s, awaited one by one 6 s; a failing task cancels its TaskGroup.",
    lesson: "Seed 004 §16.4.2 (asyncio.gather, create_task, TaskGroup) and seed 003 §3: coroutines that await \
             asyncio.sleep wait at the same time on one thread's event loop, so three requests of 2, 1 and 3 s \
             gathered, or in a TaskGroup, take as long as the longest, about 3 s; awaited one after another they \
             take the sum, 6 s. With a task that fails: gather(return_exceptions=True) returns the error in its \
             place, a TaskGroup cancels the other tasks at once, and awaiting one by one stops at the error. \
             Each task is a row of the timeline.",
    params: &[
        BACKEND_SPEC,
        ParamSpec {
            name: "mode",
            label: "The requests are",
            help: "gather: asyncio.gather(...) of the three; taskgroup: tg.create_task(...) in an async with TaskGroup; \
                   sequential: awaited one after another",
            kind: ParamKind::Choice(&["gather", "taskgroup", "sequential"]),
            default: Default::Word("gather"),
        },
        ParamSpec {
            name: "fail",
            label: "A failing task",
            help: "yes: a fourth task raises ValueError after 0.5 s (the notes' failing_task)",
            kind: ParamKind::Choice(&["no", "yes"]),
            default: Default::Word("no"),
        },
    ],
    backend_notes: &[],
    without_threads: Backend::Sim,
    version: 2,
    views: &["timeline", "code"],
};

pub static TIMEOUT: Scenario = Scenario {
    id: "timeout",
    chapter: "seed 004 §16.5.4, §16.7.1: wait_for, asyncio.timeout, cancel",
    title: "Cancelling a task",
    summary: "A 10 s task cancelled at the timeout: its cleanup runs, then the caller gets TimeoutError.",
    lesson: "Seed 004 §16.5.4 (the timeout pattern: wait_for cancels SlowTask) and §16.7.1 (asyncio.timeout), \
             seed 000 §2.3 (spinner.cancel()): a task is cancelled by raising CancelledError at the await where \
             it stands, so its except and finally blocks run, here a 0.1 s cleanup that itself awaits, and only \
             then does the caller get TimeoutError (or CancelledError). The whole takes the timeout plus the \
             cleanup; a timeout longer than the work cancels nothing. Each task is a row of the timeline.",
    params: &[
        BACKEND_SPEC,
        ParamSpec {
            name: "how",
            label: "Cancelled by",
            help: "wait_for: asyncio.wait_for(..., timeout); timeout: async with asyncio.timeout(...); \
                   cancel: task.cancel(), called by the loop after the timeout",
            kind: ParamKind::Choice(&["wait_for", "timeout", "cancel"]),
            default: Default::Word("wait_for"),
        },
        int("timeout_ms", "Timeout (ms)", "when the slow task (10 s of work) is cancelled", 100, 12000, 2000),
    ],
    backend_notes: &[],
    without_threads: Backend::Sim,
    version: 2,
    views: &["timeline", "code"],
};

pub static ASYNC_SPINNER: Scenario = Scenario {
    id: "async-spinner",
    chapter: "seed 002 §19.2.3, seed 000 §2.3: the spinner as a coroutine",
    title: "The spinner as a coroutine",
    summary: "spin() and slow() as tasks of one event loop: awaiting, the spinner turns; time.sleep blocks the loop and it never does.",
    lesson: "Fluent Python's spinner as coroutines (seed 002 §19.2.3, seed 000 §2.3): supervisor() makes spin() a \
             task, awaits slow() and then cancels the spinner, which stops at its await. The loop runs one task at a \
             time and switches only at an await: while slow() awaits asyncio.sleep(3) the spinner draws a frame \
             every 0.1 s; if slow() calls time.sleep(3) instead, the loop is blocked for 3 s, the spinner's task \
             stays ready and never draws a frame; with asyncio.to_thread the blocking call runs on a thread of its \
             own and the spinner turns again. Each task is a row of the timeline.",
    params: &[
        BACKEND_SPEC,
        ParamSpec {
            name: "slow",
            label: "slow() does",
            help: "await: await asyncio.sleep(3); block: time.sleep(3), which blocks the event loop; \
                   thread: await asyncio.to_thread(time.sleep, 3), the blocking call on a thread",
            kind: ParamKind::Choice(&["await", "block", "thread"]),
            default: Default::Word("await"),
        },
    ],
    backend_notes: &[],
    without_threads: Backend::Sim,
    version: 2,
    views: &["timeline", "code"],
};

pub static PROCESSES: Scenario = Scenario {
    id: "processes",
    chapter: "seed 004 §16.3.1, §16.3.2: processes share nothing",
    title: "Processes share nothing",
    summary: "Workers add to a count: threads share the one; each process adds to a copy of its own, and its parent still sees 0.",
    lesson: "Seed 004 §16.3.1 (a child sets global_var = 100, the parent still prints 0) and §16.3.2 (Queue, Value and \
             a Lock between processes), seed 002 §19.1: a process has memory of its own. Workers add to a global count: as \
             threads they share it, and with a lock nothing is lost; as processes each adds to its own copy (every process \
             runs the program again, as __mp_main__) and the parent's count stays 0. Processes share only what the system \
             shares for them: a multiprocessing.Value, which without its lock loses updates as a thread's counter does, or a \
             Queue, where each worker puts its count and what crosses is a copy.",
    params: &[
        BACKEND_SPEC,
        ParamSpec {
            name: "unit",
            label: "The workers are",
            help: "process: multiprocessing.Process, memory of its own; thread: threading.Thread, the parent's memory",
            kind: ParamKind::Choice(&["process", "thread"]),
            default: Default::Word("process"),
        },
        ParamSpec {
            name: "share",
            label: "The count is",
            help: "global: a global variable each worker adds to; value: a multiprocessing.Value in shared memory; \
                   queue: each worker counts its own and puts it in a multiprocessing.Queue",
            kind: ParamKind::Choice(&["global", "value", "queue"]),
            default: Default::Word("global"),
        },
        ParamSpec {
            name: "lock",
            label: "With a lock",
            help: "yes: each increment under a lock (the Value's own get_lock()); no: count += 1 alone, a read and a write",
            kind: ParamKind::Choice(&["yes", "no"]),
            default: Default::Word("yes"),
        },
        int("workers", "Workers", "how many threads or processes add to the count", 1, 8, 4),
        int("increments", "Increments", "how many times each worker adds 1", 1, 1000, 100),
    ],
    backend_notes: &[],
    without_threads: Backend::Sim,
    version: 2,
    views: &["timeline", "code"],
};

/// Every scenario, in gallery order.
pub static CATALOG: &[&Scenario] = &[
    &SPINNER,
    &BOUNDED_BUFFER,
    &DEADLOCK,
    &BARRIER,
    &RACE,
    &PRIMES,
    &CONNECTION_POOL,
    &RATE_LIMITER,
    &EVENT,
    &WORKER_POOL,
    &GATHER,
    &TIMEOUT,
    &ASYNC_SPINNER,
    &PROCESSES,
];

/// The scenario with this id, if there is one.
pub fn find(id: &str) -> Option<&'static Scenario> {
    CATALOG.iter().copied().find(|s| s.id == id)
}

/// The most actors any scenario may have. Blocked actors hold a thread of
/// the browser's pool, so the pool is sized from this, not from the cores.
pub const MAX_ACTORS: usize = 16;

/// How long the spinner's `slow()` takes, in milliseconds (the seeds' 3 s).
pub const SPINNER_SLOW_MS: f64 = 3000.0;
/// What `slow()` returns.
pub const SPINNER_ANSWER: i64 = 42;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lesson_names_the_views_that_tell_it() {
        for s in CATALOG {
            assert!(!s.views.is_empty(), "{}", s.id);
            let at: Vec<usize> = s.views.iter().map(|v| crate::contract::VIEWS.iter().position(|x| x == v).unwrap_or_else(|| panic!("{}: {v} is no view", s.id))).collect();
            assert!(at.windows(2).all(|w| w[0] < w[1]), "{}: in VIEWS order", s.id);
        }
    }

    #[test]
    fn ids_are_unique_and_url_safe() {
        for (i, s) in CATALOG.iter().enumerate() {
            assert!(s.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", s.id);
            assert!(CATALOG[i + 1..].iter().all(|t| t.id != s.id), "duplicate id {}", s.id);
        }
    }

    #[test]
    fn every_default_is_valid_for_its_own_spec() {
        for s in CATALOG {
            for p in s.params {
                let raw = crate::params::Value::from(p.default).to_string();
                assert!(p.validate(&raw).is_ok(), "{}.{} default {raw}", s.id, p.name);
            }
        }
    }
}

/// The gallery, in the notes' order: the execution units, the GIL, threads
/// sharing memory, the primitives that coordinate them, and the problems
/// that coordination runs into. Every scenario of [`CATALOG`] is in one
/// group (a test says so).
pub struct GalleryGroup {
    pub title: &'static str,
    /// What the group shows, in a sentence.
    pub intro: &'static str,
    pub ids: &'static [&'static str],
}

pub static GALLERY: &[GalleryGroup] = &[
    GalleryGroup {
        title: "Threads, processes and coroutines",
        intro: "The notes' first example, the spinner, as a thread and as a coroutine on the event loop: a call that blocks stops the whole loop. A process has memory of its own: what a child changes, its parent does not see.",
        ids: &["spinner", "async-spinner", "processes"],
    },
    GalleryGroup {
        title: "CPU-bound work and the GIL",
        intro: "More workers make CPU-bound work faster only where they run in parallel; under the GIL one thread computes at a time.",
        ids: &["primes"],
    },
    GalleryGroup {
        title: "Threads that share memory",
        intro: "Threads share the process's memory: a read and a write that another thread can cut in two lose updates, and a lock makes them one step.",
        ids: &["race"],
    },
    GalleryGroup {
        title: "Coordinating threads",
        intro: "The primitives of threading and queue: threads that wait for a condition, for a permit, for an event, for each other, or for work.",
        ids: &["bounded-buffer", "connection-pool", "event", "barrier", "worker-pool"],
    },
    GalleryGroup {
        title: "When coordination goes wrong, and patterns that hold",
        intro: "Two locks taken in opposite orders wait for each other forever; ordered locks and timeouts do not. A token bucket paces requests.",
        ids: &["deadlock", "rate-limiter"],
    },
    GalleryGroup {
        title: "Coroutines: tasks on one event loop",
        intro: "asyncio runs coroutines as tasks on one thread's event loop: a task runs until it awaits, so tasks that await timers wait at the same time, a task that fails can take its group down, and a cancelled task runs its cleanup before it ends.",
        ids: &["gather", "timeout"],
    },
];

#[cfg(test)]
mod gallery_tests {
    use super::*;

    #[test]
    fn every_scenario_is_in_exactly_one_gallery_group_and_names_its_chapter() {
        for s in CATALOG {
            let n = GALLERY.iter().filter(|g| g.ids.contains(&s.id)).count();
            assert_eq!(n, 1, "{} is in {n} groups", s.id);
            assert!(s.chapter.starts_with("seed "), "{}: {}", s.id, s.chapter);
        }
        for g in GALLERY {
            for id in g.ids {
                assert!(find(id).is_some(), "{id} in {} is no scenario", g.title);
            }
        }
    }
}
