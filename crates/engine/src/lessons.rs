//! The course's scenarios as models, and the parameters they take.
//!
//! [`build`] turns a scenario id and its parameters into a [`Model`]. The
//! spinner takes the parameters of [`crate::scenarios::SPINNER`]; the others
//! are described by [`params_for`] (they are not in the UI's catalogue yet).
//! Each builder's doc names the claim of the course notes it makes visible.

use crate::builder::ModelBuilder;
use crate::model::{BuildError, Cmp, Cond, Model};
use crate::params::{resolve, Default, ParamKind, ParamSpec, Params};
use crate::scenarios;

/// Ids of every scenario that has a model, in gallery order.
pub const MODEL_IDS: &[&str] = &["spinner", "deadlock", "race", "bounded-buffer", "pool", "phases", "primes"];

/// Fluent Python's `PRIME_FIXTURE` (seed 002 §19.3): twenty numbers, nine of them prime.
pub const PRIME_FIXTURE: [u64; 20] = [
    2,
    142_702_110_479_723,
    299_593_572_317_531,
    3_333_333_333_333_301,
    3_333_333_333_333_333,
    3_333_335_652_092_209,
    4_444_444_444_444_423,
    4_444_444_444_444_444,
    4_444_444_488_888_889,
    5_555_553_133_149_889,
    5_555_555_555_555_503,
    5_555_555_555_555_555,
    6_666_666_666_666_666,
    6_666_666_666_666_719,
    6_666_667_141_414_921,
    7_777_777_536_340_681,
    7_777_777_777_777_753,
    7_777_777_777_777_777,
    9_999_999_999_999_917,
    9_999_999_999_999_999,
];
/// How many of [`PRIME_FIXTURE`] are prime.
pub const PRIME_FIXTURE_PRIMES: i64 = 9;

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

/// Two locks taken in opposite order (seed 004 §16.6.1).
pub static DEADLOCK_PARAMS: &[ParamSpec] = &[
    choice(
        "variant",
        "Locking",
        "naive: task2 takes the locks in the opposite order; ordered: both take lock_a first; \
         timeout: each tries the second lock with a timeout and backs off",
        &["naive", "ordered", "timeout"],
        "naive",
    ),
    int("hold", "Hold (ms)", "how long each task sleeps while holding its first lock", 0, 1000, 100),
    int("rounds", "Rounds", "how many times each task takes both locks", 1, 50, 1),
];

/// The unlocked counter (seed 004 §16.2.2, seed 003).
pub static RACE_PARAMS: &[ParamSpec] = &[
    choice(
        "mode",
        "Counter",
        "unsafe: temp = n; n = temp + 1; locked: the same under a lock; atomic: one indivisible n += 1",
        &["unsafe", "locked", "atomic"],
        "unsafe",
    ),
    int("threads", "Threads", "how many threads increment the counter", 1, 16, 4),
    int("increments", "Increments", "how many times each thread increments", 1, 10_000, 100),
    choice(
        "pause",
        "Between read and write",
        "yield: time.sleep(0) between the read and the write (a thread switch is likely there); none: nothing",
        &["yield", "none"],
        "yield",
    ),
];

/// The bounded buffer with a condition variable (seed 004 §16.2.2).
pub static BUFFER_PARAMS: &[ParamSpec] = &[
    int("pairs", "Producer/consumer pairs", "how many producers (and as many consumers)", 1, 4, 2),
    int("items", "Items each", "how many items each producer puts and each consumer takes", 1, 50, 5),
    int("capacity", "Capacity", "how many items the buffer holds", 1, 10, 3),
    choice(
        "guard",
        "Guard",
        "while: re-check the condition after waking (correct); if: check it once (a woken consumer may find the buffer empty)",
        &["while", "if"],
        "while",
    ),
    choice(
        "notify",
        "Notify",
        "all: wake every waiter; one: wake one (it may be the wrong kind, and everyone ends up waiting)",
        &["all", "one"],
        "all",
    ),
];

/// A semaphore capping concurrency: a connection pool (seed 004, seed 001).
pub static POOL_PARAMS: &[ParamSpec] = &[
    int("workers", "Workers", "threads that want a connection", 1, 16, 6),
    int("permits", "Connections", "the semaphore's permits", 1, 8, 2),
    int("io", "Request (ms)", "how long each request holds its connection", 0, 2000, 100),
];

/// Workers meeting at a barrier between phases (seed 004).
pub static PHASES_PARAMS: &[ParamSpec] = &[
    int("workers", "Workers", "parties of the barrier", 1, 8, 3),
    int("phases", "Phases", "how many phases each worker runs", 1, 10, 3),
];

/// Checking numbers for primality with k workers (seed 002 §19.3).
pub static PRIMES_PARAMS: &[ParamSpec] = &[
    int("workers", "Workers", "how many workers share the twenty numbers", 1, 8, 4),
    choice(
        "numbers",
        "Numbers",
        "fixture: the seed's twenty large numbers (seconds of CPU); small: twenty seven-digit numbers (instant)",
        &["fixture", "small"],
        "fixture",
    ),
];

/// The parameters of a modelled scenario.
pub fn params_for(id: &str) -> Option<&'static [ParamSpec]> {
    match id {
        "spinner" => Some(scenarios::SPINNER.params),
        "deadlock" => Some(DEADLOCK_PARAMS),
        "race" => Some(RACE_PARAMS),
        "bounded-buffer" => Some(BUFFER_PARAMS),
        "pool" => Some(POOL_PARAMS),
        "phases" => Some(PHASES_PARAMS),
        "primes" => Some(PRIMES_PARAMS),
        _ => None,
    }
}

/// Reads parameters with the spec's default for anything missing.
struct Args<'a> {
    specs: &'static [ParamSpec],
    params: &'a Params,
}

impl Args<'_> {
    fn spec(&self, name: &str) -> Result<&'static ParamSpec, BuildError> {
        self.specs
            .iter()
            .find(|s| s.name == name)
            .ok_or_else(|| BuildError::BadParam { name: name.into(), detail: "not a parameter of this scenario".into() })
    }

    fn int(&self, name: &str) -> Result<i64, BuildError> {
        let spec = self.spec(name)?;
        let ParamKind::Int { min, max } = spec.kind else {
            return Err(BuildError::BadParam { name: name.into(), detail: "not a number".into() });
        };
        let v = match (self.params.get(name), spec.default) {
            (Some(crate::params::Value::Int(v)), _) => *v,
            (_, Default::Int(d)) => d,
            _ => min,
        };
        if v < min || v > max {
            return Err(BuildError::BadParam { name: name.into(), detail: format!("{v} is outside {min}..={max}") });
        }
        Ok(v)
    }

    fn word(&self, name: &str) -> Result<&str, BuildError> {
        let spec = self.spec(name)?;
        let ParamKind::Choice(options) = spec.kind else {
            return Err(BuildError::BadParam { name: name.into(), detail: "not a choice".into() });
        };
        let w = match (self.params.get(name), spec.default) {
            (Some(crate::params::Value::Text(w)), _) => w.as_str(),
            (_, Default::Word(d)) => d,
            _ => "",
        };
        options
            .iter()
            .copied()
            .find(|o| *o == w)
            .ok_or_else(|| BuildError::BadParam { name: name.into(), detail: format!("\"{w}\" is not one of {}", options.join(", ")) })
    }
}

/// The model of scenario `id` with `params` (missing ones take their default).
pub fn build(id: &str, params: &Params) -> Result<Model, BuildError> {
    let specs = params_for(id).ok_or_else(|| BuildError::UnknownScenario(id.chars().take(40).collect()))?;
    let a = Args { specs, params };
    match id {
        "spinner" => spinner(a.word("slow")? == "work"),
        "deadlock" => deadlock(a.word("variant")?, a.int("hold")? as u32, a.int("rounds")? as u32),
        "race" => race(a.word("mode")?, a.int("threads")? as u32, a.int("increments")? as u32, a.word("pause")? == "yield"),
        "bounded-buffer" => bounded_buffer(
            a.int("pairs")? as u32,
            a.int("items")? as u32,
            a.int("capacity")? as u32,
            a.word("guard")? == "while",
            a.word("notify")? == "all",
        ),
        "pool" => pool(a.int("workers")? as u32, a.int("permits")? as u32, a.int("io")? as u32),
        "phases" => phases(a.int("workers")? as u32, a.int("phases")? as u32),
        "primes" => primes(a.int("workers")? as u32, a.word("numbers")? == "small"),
        _ => Err(BuildError::UnknownScenario(id.chars().take(40).collect())),
    }
}

/// The model of a catalogue scenario (the spinner today) with its parameters.
pub fn build_scenario(scenario: &scenarios::Scenario, params: &Params) -> Result<Model, BuildError> {
    build(scenario.id, params)
}

/// Builds from raw `name=value` pairs (tests, the command line): bad values
/// fall back to defaults, as links do.
pub fn build_from_pairs(id: &str, pairs: &[(&str, &str)]) -> Result<Model, BuildError> {
    let specs = params_for(id).ok_or_else(|| BuildError::UnknownScenario(id.chars().take(40).collect()))?;
    let raw: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    build(id, &resolve(specs, &raw).params)
}

/// The spinner (seed 002 §19.2): `slow()` works or sleeps for 3 s and
/// returns 42 while a spinner ticks until it is told to stop.
pub fn spinner(work: bool) -> Result<Model, BuildError> {
    let ms = scenarios::SPINNER_SLOW_MS as u32;
    let mut m = ModelBuilder::new("spinner");
    m.comment("Fluent Python's first concurrency example: the spinner");
    let done = m.event("done");
    let ticks = m.counter("ticks", 0);
    m.actor("spin", |b| {
        b.while_(Cond::EventNotSet { event: done }, |b| {
            b.text("ticks += 1  # draw the next frame: | / - \\").add(ticks, 1);
            b.sleep(100);
        });
    });
    m.actor("slow", |b| {
        if work {
            b.work(ms);
        } else {
            b.sleep(ms);
        }
        b.answer(scenarios::SPINNER_ANSWER);
        b.set_event(done);
    });
    m.check_answer("slow() answers 42", scenarios::SPINNER_ANSWER);
    m.build()
}

/// Two tasks, two locks (seed 004 §16.6.1): in opposite order they can
/// deadlock; in one global order they cannot; with a timeout and back-off
/// they recover.
pub fn deadlock(variant: &str, hold: u32, rounds: u32) -> Result<Model, BuildError> {
    let mut m = ModelBuilder::new("deadlock");
    m.comment(&format!("two tasks, two locks: {variant}"));
    let la = m.mutex("lock_a");
    let lb = m.mutex("lock_b");
    let done = m.counter("done", 0);
    let plain = |first, second| {
        move |b: &mut crate::builder::ActorBuilder| {
            b.repeat(rounds, |b| {
                b.lock(first);
                if hold > 0 {
                    b.sleep(hold);
                }
                b.lock(second);
                b.add(done, 1);
                b.unlock(second).unlock(first);
            });
        }
    };
    let backoff = |first, second, backoff_ms: u32| {
        move |b: &mut crate::builder::ActorBuilder| {
            b.repeat(rounds, |b| {
                b.retry(|b| {
                    b.lock(first);
                    if hold > 0 {
                        b.sleep(hold);
                    }
                    b.try_lock(second, 50);
                    b.if_(Cond::LastFailed, |b| {
                        b.unlock(first);
                        b.sleep(backoff_ms);
                        b.restart();
                    });
                    b.add(done, 1);
                    b.unlock(second).unlock(first);
                });
            });
        }
    };
    match variant {
        "naive" => {
            m.actor("task1", plain(la, lb));
            m.actor("task2", plain(lb, la));
        }
        "ordered" => {
            m.actor("task1", plain(la, lb));
            m.actor("task2", plain(la, lb));
        }
        "timeout" => {
            m.actor("task1", backoff(la, lb, 20));
            m.actor("task2", backoff(lb, la, 35));
        }
        other => return Err(BuildError::BadParam { name: "variant".into(), detail: format!("\"{other}\"") }),
    }
    m.check_counter_equals("both tasks finish every round", done, 2 * rounds as i64);
    m.build()
}

/// The racy counter (seed 004 §16.2.2): `temp = n; n = temp + 1` from
/// several threads loses updates; a lock or an atomic add does not.
pub fn race(mode: &str, threads: u32, increments: u32, pause: bool) -> Result<Model, BuildError> {
    let mut m = ModelBuilder::new("race");
    m.comment(&format!("{threads} threads increment a shared counter {increments} times each ({mode})"));
    let lock = m.mutex("lock");
    let n = m.counter("n", 0);
    for t in 0..threads {
        m.actor(&format!("t{t}"), |b| {
            b.repeat(increments, |b| match mode {
                "atomic" => {
                    b.add(n, 1);
                }
                _ => {
                    let locked = mode == "locked";
                    if locked {
                        b.lock(lock);
                    }
                    b.load(n);
                    if pause {
                        b.sleep(0);
                    }
                    b.store(n, 1);
                    if locked {
                        b.unlock(lock);
                    }
                }
            });
        });
    }
    m.check_counter_equals("no increment is lost", n, threads as i64 * increments as i64);
    m.build()
}

/// The bounded buffer (seed 004 §16.2.2, `BoundedBuffer`): producers wait
/// while it is full, consumers while it is empty, on one condition variable.
pub fn bounded_buffer(pairs: u32, items: u32, capacity: u32, guard_while: bool, notify_all: bool) -> Result<Model, BuildError> {
    let mut m = ModelBuilder::new("bounded-buffer");
    m.comment(&format!("a buffer of {capacity}; `count` is len(buffer)"));
    let lock = m.mutex("lock");
    let cond = m.condvar("cond", lock);
    let count = m.counter("count", 0);
    let cap = capacity as i64;
    let guard = |b: &mut crate::builder::ActorBuilder, c: Cond| {
        if guard_while {
            b.while_(c, |b| {
                b.wait(cond);
            });
        } else {
            b.if_(c, |b| {
                b.wait(cond);
            });
        }
    };
    let notify = |b: &mut crate::builder::ActorBuilder| {
        if notify_all {
            b.notify_all(cond);
        } else {
            b.notify_one(cond);
        }
    };
    for p in 0..pairs {
        m.actor(&format!("producer{p}"), |b| {
            b.repeat(items, |b| {
                b.lock(lock);
                guard(b, Cond::Counter { counter: count, cmp: Cmp::Ge, value: cap });
                b.text("buffer.append(item)").add(count, 1);
                notify(b);
                b.unlock(lock);
            });
        });
    }
    for c in 0..pairs {
        m.actor(&format!("consumer{c}"), |b| {
            b.repeat(items, |b| {
                b.lock(lock);
                guard(b, Cond::Counter { counter: count, cmp: Cmp::Le, value: 0 });
                b.text("item = buffer.pop(0)").add(count, -1);
                notify(b);
                b.unlock(lock);
            });
        });
    }
    m.check_counter_within("no consumer takes from an empty buffer, no producer overfills it", count, 0, cap);
    m.check_counter_equals("every item put is taken", count, 0);
    m.build()
}

/// A connection pool (seed 004, seed 001): a semaphore lets at most
/// `permits` workers hold a connection at once.
pub fn pool(workers: u32, permits: u32, io: u32) -> Result<Model, BuildError> {
    let mut m = ModelBuilder::new("pool");
    let sem = m.semaphore("pool", permits);
    let in_use = m.counter("in_use", 0);
    let served = m.counter("served", 0);
    for w in 0..workers {
        m.actor(&format!("worker{w}"), |b| {
            b.acquire(sem);
            b.add(in_use, 1);
            b.sleep(io);
            b.add(in_use, -1).add(served, 1);
            b.release(sem);
        });
    }
    m.check_counter_within("never more connections in use than the pool has", in_use, 0, permits as i64);
    m.check_counter_equals("every worker is served", served, workers as i64);
    m.build()
}

/// Barrier phases (seed 004): nobody starts phase k+1 before everyone has
/// finished phase k.
pub fn phases(workers: u32, phases: u32) -> Result<Model, BuildError> {
    let mut m = ModelBuilder::new("phases");
    let barrier = m.barrier("barrier", workers);
    let ahead = m.counter("in_phase", 0);
    for w in 0..workers {
        m.actor(&format!("worker{w}"), |b| {
            b.repeat(phases, |b| {
                b.add(ahead, 1);
                b.sleep(10 * (w + 1));
                b.barrier_wait(barrier);
                b.add(ahead, -1);
                b.barrier_wait(barrier);
            });
        });
    }
    m.check_counter_within("no worker runs ahead of the others", ahead, 0, workers as i64);
    m.build()
}

/// The primes benchmark (seed 002 §19.3): worker `i` checks every k-th
/// number of the fixture and adds up the primes it found.
pub fn primes(workers: u32, small: bool) -> Result<Model, BuildError> {
    let numbers: Vec<u64> =
        if small { (0..20).map(|i| 1_000_001 + 2 * i).collect() } else { PRIME_FIXTURE.to_vec() };
    let expected = if small {
        numbers.iter().filter(|&&n| crate::kernels::is_prime(n)).count() as i64
    } else {
        PRIME_FIXTURE_PRIMES
    };
    let mut m = ModelBuilder::new("primes");
    let found = m.counter("found", 0);
    let workers = workers.max(1) as usize;
    for w in 0..workers {
        m.actor(&format!("worker{w}"), |b| {
            for n in numbers.iter().skip(w).step_by(workers) {
                b.text(&format!("temp = is_prime({n})")).compute(crate::model::Kernel::IsPrime { n: *n });
                b.add_register(found);
            }
        });
    }
    m.check_counter_equals(&format!("all {expected} primes are found"), found, expected);
    m.build()
}
