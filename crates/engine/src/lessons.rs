//! The course's scenarios as models.
//!
//! [`build`] turns a catalogue id ([`crate::scenarios::CATALOG`]) and its
//! parameters into a [`Model`]; [`build_seeded`] does the same for models
//! that depend on the run's seed (the barrier's random phase durations).
//! Each builder's doc names the claim of the course notes it makes visible;
//! the builders are public so tests can turn knobs the catalogue does not
//! offer. The readers at the end ([`prime_results`], [`phase_waits`],
//! [`lost_updates`], [`retries`], [`admitted_times`], [`job_report`]) pull
//! each scenario's own numbers out of a [`RunResult`].

use crate::builder::{ActorBuilder, ModelBuilder};
use crate::model::{BuildError, CheckKind, Cmp, Cond, Kernel, Label, Model, ObjId};
use crate::outcome::{Key, RunResult};
use crate::params::{resolve, Default, ParamKind, ParamSpec, Params};
use crate::rng::SplitMix64;
use crate::scenarios::{self, MAX_ACTORS};

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

/// A scenario's parameters as its builder reads them: the spec's default for
/// anything missing, and a [`BuildError`] for a value outside its range.
pub struct Args<'a> {
    pub(crate) specs: &'static [ParamSpec],
    pub(crate) params: &'a Params,
}

impl Args<'_> {
    fn spec(&self, name: &str) -> Result<&'static ParamSpec, BuildError> {
        self.specs
            .iter()
            .find(|s| s.name == name)
            .ok_or_else(|| BuildError::BadParam { name: name.into(), detail: "not a parameter of this scenario".into() })
    }

    pub fn int(&self, name: &str) -> Result<i64, BuildError> {
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

    pub fn word(&self, name: &str) -> Result<&str, BuildError> {
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

fn unknown(id: &str) -> BuildError {
    BuildError::UnknownScenario(id.chars().take(40).collect())
}

fn specs_of(id: &str) -> Result<&'static [ParamSpec], BuildError> {
    scenarios::find(id).map(|s| s.params).ok_or_else(|| unknown(id))
}

/// The model of catalogue scenario `id` with `params` (missing ones take
/// their default), for seed 0. See [`build_seeded`].
pub fn build(id: &str, params: &Params) -> Result<Model, BuildError> {
    build_seeded(id, params, 0)
}

/// The model of catalogue scenario `id` with `params`, for a run with
/// `seed`. Only the barrier's model depends on the seed (its random phase
/// durations); the others ignore it.
pub fn build_seeded(id: &str, params: &Params, seed: u64) -> Result<Model, BuildError> {
    let entry = crate::registry::built(id).ok_or_else(|| unknown(id))?;
    let model = (entry.build)(&Args { specs: entry.scenario.params, params }, seed)?;
    if model.actors.len() > MAX_ACTORS {
        return Err(BuildError::BadParam {
            name: "workers".into(),
            detail: format!("{} actors, more than the {MAX_ACTORS} the pool has", model.actors.len()),
        });
    }
    Ok(model)
}

/// The model of a catalogue scenario with its parameters.
pub fn build_scenario(scenario: &scenarios::Scenario, params: &Params) -> Result<Model, BuildError> {
    build(scenario.id, params)
}

/// Builds from raw `name=value` pairs (tests, the command line): bad values
/// fall back to defaults, as links do.
pub fn build_from_pairs(id: &str, pairs: &[(&str, &str)]) -> Result<Model, BuildError> {
    build_from_pairs_seeded(id, pairs, 0)
}

/// [`build_from_pairs`] for a run with `seed`.
pub fn build_from_pairs_seeded(id: &str, pairs: &[(&str, &str)], seed: u64) -> Result<Model, BuildError> {
    let raw: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    build_seeded(id, &resolve(specs_of(id)?, &raw).params, seed)
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

/// How the bounded buffer is set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BufferConfig {
    pub producers: u32,
    pub consumers: u32,
    pub capacity: u32,
    pub items: u32,
    pub produce_ms: u32,
    pub consume_ms: u32,
    /// `notify_all()` (correct) or `notify()` on the one shared condition.
    pub notify_all: bool,
}

/// Item `i` of producer `p` is `p * ITEM_GROUP + i`.
pub const ITEM_GROUP: i64 = 1000;

/// The bounded buffer (seed 004, `BoundedBuffer`): producers wait while it
/// is full, consumers while it is empty, on one condition variable. The
/// items are split among the consumers as evenly as possible.
pub fn bounded_buffer(c: &BufferConfig) -> Result<Model, BuildError> {
    let mut m = ModelBuilder::new("bounded-buffer");
    m.comment(&format!(
        "a buffer of {}; `count` is len(buffer); {} producers make {} items each",
        c.capacity, c.producers, c.items
    ));
    let lock = m.mutex("lock");
    let cond = m.condvar("cond", lock);
    let buffer = m.queue("buffer", c.capacity);
    let count = m.counter("count", 0);
    let next: Vec<ObjId> =
        (0..c.producers).map(|p| m.counter(&format!("next_item{p}"), p as i64 * ITEM_GROUP)).collect();
    let cap = c.capacity as i64;
    let notify = |b: &mut ActorBuilder| {
        if c.notify_all {
            b.notify_all(cond);
        } else {
            b.notify_one(cond);
        }
    };
    for (p, &next) in next.iter().enumerate() {
        m.actor(&format!("producer{p}"), |b| {
            b.repeat(c.items, |b| {
                b.text(&format!("item = next_item{p}  # P{p}-i")).load(next);
                b.text(&format!("next_item{p} = item + 1")).store(next, 1);
                if c.produce_ms > 0 {
                    b.text(&format!("time.sleep({})  # making the item", c.produce_ms as f64 / 1000.0)).sleep(c.produce_ms);
                }
                b.lock(lock);
                b.while_(Cond::Counter { counter: count, cmp: Cmp::Ge, value: cap }, |b| {
                    b.wait(cond);
                });
                b.text("buffer.append(item)").put(buffer);
                b.add(count, 1);
                notify(b);
                b.unlock(lock);
            });
        });
    }
    let total = c.producers * c.items;
    for k in 0..c.consumers {
        let share = total / c.consumers + u32::from(k < total % c.consumers);
        m.actor(&format!("consumer{k}"), |b| {
            b.repeat(share, |b| {
                b.lock(lock);
                b.while_(Cond::Counter { counter: count, cmp: Cmp::Le, value: 0 }, |b| {
                    b.wait(cond);
                });
                b.text("item = buffer.pop(0)").get(buffer);
                b.add(count, -1);
                b.text("consumed.append(item)").emit(Label::Consumed);
                notify(b);
                b.unlock(lock);
                if c.consume_ms > 0 {
                    b.text(&format!("time.sleep({})  # using the item", c.consume_ms as f64 / 1000.0)).sleep(c.consume_ms);
                }
            });
        });
    }
    let all: Vec<i64> =
        (0..c.producers as i64).flat_map(|p| (0..c.items as i64).map(move |i| p * ITEM_GROUP + i)).collect();
    m.check_counter_within("the buffer never holds fewer than 0 or more than capacity items", count, 0, cap);
    m.check(
        "every item is consumed exactly once",
        CheckKind::ProducedOnce { labels: vec![Key::Item(Label::Consumed)], values: all },
    );
    m.check(
        "each producer's items leave in the order it made them",
        CheckKind::ProducedInOrder { label: Key::Item(Label::Consumed), group: ITEM_GROUP },
    );
    m.build()
}

/// How long each worker holds its first lock before taking the second (the
/// seed's `time.sleep(0.1)`).
pub const DEADLOCK_HOLD_MS: u32 = 100;
/// How long `acquire(timeout=...)` waits for the second lock.
pub const DEADLOCK_TIMEOUT_MS: u32 = 50;

/// Two tasks and two locks (seed 004 §16.6.1), or `n` dining philosophers.
/// `naive`: worker i takes lock i, then lock i+1 (a cycle: it can
/// deadlock); `ordered`: the lower-numbered lock first (never); `timeout`:
/// the second with a timeout, and on failure release the first, back off
/// and retry (always finishes; `retries` counts the retries).
pub fn deadlock(n: u32, strategy: &str, hold_ms: u32, rounds: u32) -> Result<Model, BuildError> {
    if !["naive", "ordered", "timeout"].contains(&strategy) {
        return Err(BuildError::BadParam { name: "strategy".into(), detail: format!("\"{strategy}\"") });
    }
    let n = n.max(2) as usize;
    let mut m = ModelBuilder::new("deadlock");
    let two = n == 2;
    m.comment(&if two {
        format!("two tasks, two locks: {strategy}")
    } else {
        format!("{n} philosophers, {n} forks: {strategy}")
    });
    let locks: Vec<ObjId> = (0..n)
        .map(|i| m.mutex(&if two { ["lock_a", "lock_b"][i].to_string() } else { format!("fork{i}") }))
        .collect();
    let meals = m.counter("meals", 0);
    let retries = m.counter("retries", 0);
    for i in 0..n {
        let (mut first, mut second) = (locks[i], locks[(i + 1) % n]);
        if strategy == "ordered" && first > second {
            std::mem::swap(&mut first, &mut second);
        }
        let name = if two { format!("task{}", i + 1) } else { format!("philosopher{i}") };
        let backoff = 20 + 15 * i as u32;
        m.actor(&name, |b| {
            b.repeat(rounds, |b| {
                if strategy == "timeout" {
                    b.retry(|b| {
                        b.lock(first);
                        if hold_ms > 0 {
                            b.sleep(hold_ms);
                        }
                        b.try_lock(second, DEADLOCK_TIMEOUT_MS);
                        b.if_(Cond::LastFailed, |b| {
                            b.unlock(first);
                            b.add(retries, 1);
                            b.sleep(backoff);
                            b.restart();
                        });
                        b.add(meals, 1);
                        b.unlock(second).unlock(first);
                    });
                } else {
                    b.lock(first);
                    if hold_ms > 0 {
                        b.sleep(hold_ms);
                    }
                    b.lock(second);
                    b.add(meals, 1);
                    b.unlock(second).unlock(first);
                }
            });
        });
    }
    m.check_counter_equals("every worker gets both locks every round", meals, (n as u32 * rounds) as i64);
    m.build()
}

/// The shortest and longest random phase (ms) of the barrier scenario.
pub const PHASE_MS: (u32, u32) = (50, 150);

/// Barrier phases (seed 004, `parallel_computation`): each worker's phase
/// lasts a random time drawn from `seed`; nobody starts phase k+1 before
/// everyone has finished phase k. Each trip of the barrier produces how long
/// its first arrival waited ([`phase_waits`]).
pub fn barrier(workers: u32, phases: u32, seed: u64) -> Result<Model, BuildError> {
    let workers = workers.max(1);
    let mut rng = SplitMix64::new(seed);
    let durations: Vec<Vec<u32>> = (0..workers)
        .map(|_| (0..phases).map(|_| PHASE_MS.0 + rng.below((PHASE_MS.1 - PHASE_MS.0 + 1) as usize) as u32).collect())
        .collect();
    let mut m = ModelBuilder::new("barrier");
    m.comment(&format!("{workers} workers, {phases} phases of random length (seed {seed})"));
    let bar = m.barrier("barrier", workers);
    let finished = m.counter("finished", 0);
    let early = m.counter("early", 0);
    for (w, ds) in durations.iter().enumerate() {
        m.actor(&format!("worker{w}"), |b| {
            for (k, &d) in ds.iter().enumerate() {
                if k > 0 {
                    let need = (k as u32 * workers) as i64;
                    b.text(&format!("if finished < {need}:  # someone is still in phase {k}"))
                        .if_(Cond::Counter { counter: finished, cmp: Cmp::Lt, value: need }, |b| {
                            b.add(early, 1);
                        });
                }
                b.text(&format!("time.sleep({})  # phase {} takes {d} ms", d as f64 / 1000.0, k + 1)).sleep(d);
                b.add(finished, 1);
                b.barrier_wait(bar);
            }
        });
    }
    m.check_counter_equals("no worker starts phase k+1 before every worker finished phase k", early, 0);
    m.check_counter_equals("every worker finishes every phase", finished, (workers * phases) as i64);
    m.build()
}

/// The racy counter (seed 004, `UnsafeCounter` / `SafeCounter`):
/// `temp = n; n = temp + 1` from several threads loses updates (a yield
/// between the two widens the window); a lock or an atomic add does not.
pub fn race(mode: &str, threads: u32, increments: u32) -> Result<Model, BuildError> {
    race_with(mode, threads, increments, Some(0))
}

/// [`race`], with a pause between the read and the write: `Some(0)` only
/// yields, `Some(ms)` sleeps that long (the window grows, and so do the lost
/// updates), `None` has no pause at all (the event loop then never switches
/// tasks there).
pub fn race_with(mode: &str, threads: u32, increments: u32, pause: Option<u32>) -> Result<Model, BuildError> {
    if !["unsafe", "locked", "atomic"].contains(&mode) {
        return Err(BuildError::BadParam { name: "mode".into(), detail: format!("\"{mode}\"") });
    }
    let mut m = ModelBuilder::new("race");
    m.comment(&format!("{threads} threads increment a shared counter {increments} times each ({mode})"));
    // Only the locked variant has a lock (its chart and its line in the code).
    let lock = (mode == "locked").then(|| m.mutex("lock"));
    let n = m.counter("n", 0);
    for t in 0..threads {
        m.actor(&format!("t{t}"), |b| {
            b.repeat(increments, |b| match mode {
                "atomic" => {
                    b.add(n, 1);
                }
                _ => {
                    if let Some(lock) = lock {
                        b.lock(lock);
                    }
                    b.load(n);
                    match pause {
                        Some(0) => {
                            b.text("time.sleep(0)  # another thread may run here").sleep(0);
                        }
                        Some(ms) => {
                            b.text(&format!("time.sleep({})  # another thread may run here", ms as f64 / 1000.0)).sleep(ms);
                        }
                        None => {}
                    }
                    b.store(n, 1);
                    if let Some(lock) = lock {
                        b.unlock(lock);
                    }
                }
            });
        });
    }
    m.check("no increment is lost", CheckKind::NoLostUpdates { counter: n, expected: threads as i64 * increments as i64 });
    m.build()
}

/// CPython's switch interval (seed 004 §16.1.2): a thread holding the GIL
/// gives it up after 5 ms.
pub const SWITCH_INTERVAL_MS: u32 = 5;

/// The primes benchmark (seed 002 §19.3, procs.py): `workers` take numbers
/// from one job queue until the poison pill 0 and check each for primality.
/// With `gil`, a worker computes only while holding the global lock and
/// gives it up every [`SWITCH_INTERVAL_MS`].
pub fn primes(workers: u32, gil: bool, numbers: &[u64]) -> Result<Model, BuildError> {
    let workers = workers.max(1);
    // Building a model must stay cheap (the page builds one to show its code):
    // the fixture's count is known; only other lists are tested here.
    let expected = if numbers == PRIME_FIXTURE.as_slice() {
        PRIME_FIXTURE_PRIMES
    } else {
        numbers.iter().filter(|&&n| crate::kernels::is_prime(n)).count() as i64
    };
    let mut m = ModelBuilder::new("primes");
    m.comment(&format!("{} numbers, {workers} workers, GIL {}", numbers.len(), if gil { "on" } else { "off" }));
    let mut items: Vec<i64> = numbers.iter().map(|&n| n as i64).collect();
    items.extend(std::iter::repeat(0).take(workers as usize));
    let jobs = m.queue_with("jobs", 0, items);
    // Only a run with a GIL has one (its chart and its line in the code).
    let the_gil = gil.then(|| m.mutex("gil"));
    let found = m.counter("found", 0);
    for w in 0..workers {
        m.actor(&format!("worker{w}"), |b| {
            b.text("n = jobs.get()").get(jobs);
            b.text("while n != 0:  # 0 is the poison pill").while_(Cond::Register { cmp: Cmp::Ne, value: 0 }, |b| {
                if let Some(the_gil) = the_gil {
                    b.lock(the_gil);
                    b.retry(|b| {
                        b.crunch(SWITCH_INTERVAL_MS);
                        b.text("if not done:").if_(Cond::LastFailed, |b| {
                            b.comment("the switch interval is over: let another thread in");
                            b.unlock(the_gil);
                            b.sleep(0);
                            b.lock(the_gil);
                            b.restart();
                        });
                    });
                    b.unlock(the_gil);
                } else {
                    // In slices too, without the lock: each slice is one bounded
                    // step for the simulator, so it never computes a whole
                    // number in one go on the page's main thread.
                    b.retry(|b| {
                        b.text("result = is_prime(n)  # computed in 5 ms slices").crunch(SWITCH_INTERVAL_MS);
                        b.text("if not done: continue").if_(Cond::LastFailed, |b| {
                            b.restart();
                        });
                    });
                }
                b.text("found += result").add_register(found);
                b.text("n = jobs.get()").get(jobs);
            });
        });
    }
    m.check_counter_equals(&format!("{expected} of the {} numbers are prime", numbers.len()), found, expected);
    m.check(
        "every number is checked exactly once",
        CheckKind::LabelsOnce { labels: numbers.iter().map(|&n| Key::Kernel(Kernel::IsPrime { n })).collect() },
    );
    m.build()
}

/// A connection pool (seed 004, `ConnectionPool`): a semaphore lets at most
/// `connections` clients hold a connection at once.
pub fn connection_pool(clients: u32, connections: u32, query_ms: u32) -> Result<Model, BuildError> {
    let mut m = ModelBuilder::new("connection-pool");
    m.comment(&format!("{clients} clients, {connections} connections"));
    let sem = m.semaphore("pool", connections);
    let in_use = m.counter("in_use", 0);
    let served = m.counter("served", 0);
    for c in 0..clients {
        m.actor(&format!("client{c}"), |b| {
            b.acquire(sem);
            b.add(in_use, 1);
            b.text(&format!("time.sleep({})  # the query", query_ms as f64 / 1000.0)).sleep(query_ms);
            b.add(in_use, -1).add(served, 1);
            b.release(sem);
        });
    }
    m.check_counter_within("never more connections in use than the pool has", in_use, 0, connections as i64);
    m.check_counter_equals("every client is served", served, clients as i64);
    m.build()
}

/// How long a request takes once admitted (the seed's `asyncio.sleep(0.1)`).
pub const REQUEST_MS: u32 = 100;

/// A rate limiter (seed 004 §16.5.2, `TokenBucket` / `ThrottledClient`):
/// each request takes a token, or sleeps `1 / rate` s and tries again.
pub fn rate_limiter(requests: u32, rate: u32, burst: u32) -> Result<Model, BuildError> {
    let rate = rate.max(1);
    let mut m = ModelBuilder::new("rate-limiter");
    m.comment(&format!("{requests} requests through a bucket of {burst} tokens refilled at {rate}/s"));
    let bucket = m.token_bucket("bucket", rate, burst);
    let served = m.counter("served", 0);
    let wait = (1000 + rate - 1) / rate;
    for r in 0..requests {
        m.actor(&format!("request{r}"), |b| {
            b.take_token(bucket);
            b.while_(Cond::LastFailed, |b| {
                b.text(&format!("await asyncio.sleep({})  # wait for a token", wait as f64 / 1000.0)).sleep(wait);
                b.take_token(bucket);
            });
            b.text(&format!("await asyncio.sleep({})  # the request", REQUEST_MS as f64 / 1000.0)).sleep(REQUEST_MS);
            b.add(served, 1);
        });
    }
    m.check(
        "no window of time admits more than burst + rate × its length",
        CheckKind::RateBound { label: Key::Admitted, rate, burst },
    );
    m.check_counter_equals("every request is served", served, requests as i64);
    m.build()
}

/// How long the initializer takes before it is ready, how long the service
/// runs, and one unit of a worker's work (the seed's 2 s, 3 s and 0.5 s, / 10).
pub const EVENT_MS: (u32, u32, u32) = (200, 300, 50);

/// Ready and shutdown events (seed 004, `ServiceManager`). `state` is 0
/// before ready, 1 while running and 2 after shutdown: it is written before
/// each event is set, so a worker that saw the event sees the state.
pub fn event(workers: u32) -> Result<Model, BuildError> {
    let (init_ms, run_ms, work_ms) = EVENT_MS;
    let mut m = ModelBuilder::new("event");
    m.comment(&format!("{workers} workers wait for ready, work until shutdown"));
    let ready = m.event("ready");
    let shutdown = m.event("shutdown");
    let state = m.counter("state", 0);
    let early = m.counter("early", 0);
    let work = m.counter("work_done", 0);
    let stopped = m.counter("stopped", 0);
    m.actor("initializer", |b| {
        b.text(&format!("time.sleep({})  # initialising the service", init_ms as f64 / 1000.0)).sleep(init_ms);
        b.text("state = READY").add(state, 1);
        b.set_event(ready);
        b.text(&format!("time.sleep({})  # the service runs", run_ms as f64 / 1000.0)).sleep(run_ms);
        b.text("state = SHUTDOWN").add(state, 1);
        b.set_event(shutdown);
        b.clear_event(ready);
    });
    for w in 0..workers {
        m.actor(&format!("worker{w}"), |b| {
            b.wait_event(ready);
            b.while_(Cond::EventNotSet { event: shutdown }, |b| {
                b.text("if state < READY:  # working before ready?")
                    .if_(Cond::Counter { counter: state, cmp: Cmp::Lt, value: 1 }, |b| {
                        b.add(early, 1);
                    });
                b.text(&format!("time.sleep({})  # working...", work_ms as f64 / 1000.0)).sleep(work_ms);
                b.add(work, 1);
            });
            b.text("if state == SHUTDOWN:  # stopped because of shutdown")
                .if_(Cond::Counter { counter: state, cmp: Cmp::Eq, value: 2 }, |b| {
                    b.add(stopped, 1);
                });
        });
    }
    m.check_counter_equals("no worker works before ready is set", early, 0);
    m.check_counter_equals("every worker stops after shutdown", stopped, workers as i64);
    m.build()
}

/// How long processing one job takes.
pub const JOB_MS: u32 = 30;

/// A worker pool (seed 004, `TaskQueue` / `WorkerPool`): jobs 1..=`jobs`
/// are queued, then one sentinel per worker; every `fail_every`-th job
/// raises and is reported on the error path; the worker goes on.
pub fn worker_pool(jobs: u32, workers: u32, fail_every: u32) -> Result<Model, BuildError> {
    let workers = workers.max(1);
    let mut m = ModelBuilder::new("worker-pool");
    m.comment(&format!("{jobs} jobs, {workers} workers, every {fail_every}th job fails (0: none)"));
    let mut items: Vec<i64> = (1..=jobs as i64).collect();
    items.extend(std::iter::repeat(0).take(workers as usize));
    let tasks = m.queue_with("tasks", 0, items);
    let done = m.counter("done", 0);
    let errors = m.counter("errors", 0);
    for w in 0..workers {
        m.actor(&format!("worker{w}"), |b| {
            b.text("job = tasks.get()").get(tasks);
            b.text("while job is not None:").while_(Cond::Register { cmp: Cmp::Ne, value: 0 }, |b| {
                b.text(&format!("time.sleep({})  # process(job)", JOB_MS as f64 / 1000.0)).sleep(JOB_MS);
                let ok = |b: &mut ActorBuilder| {
                    b.text("results.append(job)").emit(Label::Processed);
                    b.add(done, 1);
                };
                if fail_every > 0 {
                    b.text(&format!("if job % {fail_every} == 0:  # process(job) raised")).if_else(
                        Cond::RegisterDivisibleBy { by: fail_every as i64 },
                        |b| {
                            b.text("errors.append(job)  # logging.error(...)").emit(Label::Failed);
                            b.add(errors, 1);
                        },
                        ok,
                    );
                } else {
                    ok(b);
                }
                b.text("job = tasks.get()").get(tasks);
            });
        });
    }
    m.check(
        "every job is processed or reported exactly once",
        CheckKind::ProducedOnce {
            labels: vec![Key::Item(Label::Processed), Key::Item(Label::Failed)],
            values: (1..=jobs as i64).collect(),
        },
    );
    m.build()
}

/// One number of the primes scenario, as a run produced it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrimeResult {
    pub n: u64,
    pub prime: bool,
    /// From the first slice of its check to the answer (virtual time in the
    /// simulator), in microseconds.
    pub micros: i64,
    /// The worker that checked it.
    pub actor: usize,
}

/// Each number's result and time, in the order they were answered.
pub fn prime_results(r: &RunResult) -> Vec<PrimeResult> {
    r.produced
        .iter()
        .filter_map(|p| {
            let Key::Kernel(Kernel::IsPrime { n }) = p.key else { return None };
            let micros = r.produced.iter().find(|q| q.key == Key::PrimeMicros(n))?.value;
            Some(PrimeResult { n, prime: p.value == 1, micros, actor: p.actor })
        })
        .collect()
}

/// How long the first worker to arrive waited at the barrier, phase by
/// phase (ms; virtual in the simulator).
pub fn phase_waits(r: &RunResult) -> Vec<i64> {
    (1..)
        .map_while(|gen| {
            let key = Key::BarrierWait { barrier: "barrier".into(), gen };
            r.produced.iter().find(|p| p.key == key).map(|p| p.value)
        })
        .collect()
}

/// Expected minus actual for a counter checked for lost updates (the race).
pub fn lost_updates(model: &Model, r: &RunResult) -> Option<i64> {
    model.checks.iter().find_map(|c| match c.kind {
        CheckKind::NoLostUpdates { counter, expected } => Some(expected - r.counter(model.object_name(counter))?),
        _ => None,
    })
}

/// How many times workers backed off and retried (the deadlock scenario's
/// timeout strategy; 0 otherwise).
pub fn retries(r: &RunResult) -> Option<i64> {
    r.counter("retries")
}

/// When each request was admitted (µs since the start), in order.
pub fn admitted_times(r: &RunResult) -> Vec<i64> {
    let mut t: Vec<i64> = r.produced.iter().filter(|p| p.key == Key::Admitted).map(|p| p.value).collect();
    t.sort_unstable();
    t
}

/// The worker pool's jobs: (processed, failed), each in the order reported.
pub fn job_report(r: &RunResult) -> (Vec<i64>, Vec<i64>) {
    let of = |l: Label| r.produced.iter().filter(|p| p.key == Key::Item(l)).map(|p| p.value).collect();
    (of(Label::Processed), of(Label::Failed))
}
