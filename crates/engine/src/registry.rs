//! One registry of scenarios: for each, its catalogue entry and what the
//! page reads from it ([`REGISTRY`], [`entry`]), and, apart, how its model is
//! built in Rust from parameters and a seed and how that model's own numbers
//! are read from a finished run ([`MODELS`], [`built`]). Nothing else matches
//! a scenario's id. The page runs every lesson as its program and never
//! builds a model, so its build does not link [`MODELS`] (about 55 KB of
//! code before compression); the engine's tests, pins and benchmarks do.

use crate::lessons::{self, Args, BufferConfig, DEADLOCK_HOLD_MS, PRIME_FIXTURE};
use crate::model::{BuildError, Model};
use crate::outcome::{Outcome, RunResult};
use crate::params::Params;
use crate::scenarios::{self, Scenario};
use std::collections::BTreeMap;

/// A scenario's own numbers: flat metrics (the report's `metrics`), rows
/// for the page's table, and a sentence on what they show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Numbers {
    pub metrics: BTreeMap<String, f64>,
    /// (label, value) rows, in display order.
    pub rows: Vec<(String, String)>,
    pub note: Option<String>,
}

/// One scenario as the page knows it (its lesson runs as its program).
pub struct Entry {
    pub scenario: &'static Scenario,
    /// Its unit of work and how many a run did (for the throughput), if it has one.
    pub units: Option<fn(&Params, &Numbers) -> Option<(f64, &'static str)>>,
    /// The parameter that counts its workers, if its runs are compared with
    /// a run on one worker (the speed-up).
    pub speedup_over: Option<&'static str>,
}

/// One scenario's model built in Rust (the model every lesson had before it
/// was its program): the engine's tests, pins and benchmarks build it.
pub struct Built {
    pub scenario: &'static Scenario,
    /// Its model for these parameters and this seed.
    pub build: fn(&Args<'_>, u64) -> Result<Model, BuildError>,
    /// Its own numbers from a finished run.
    pub numbers: fn(&Model, &RunResult, &Params) -> Numbers,
}

fn none(_: &Model, _: &RunResult, _: &Params) -> Numbers {
    Numbers::default()
}

fn u(a: &Args<'_>, name: &str) -> Result<u32, BuildError> {
    a.int(name).map(|v| v as u32)
}

fn primes_numbers(model: &Model, r: &RunResult, _: &Params) -> Numbers {
    let mut out = Numbers::default();
    let mut rows = lessons::prime_results(r);
    rows.sort_by_key(|p| p.n);
    for p in &rows {
        out.rows.push((
            format!("{}", p.n),
            format!(
                "{} · {:.1} ms · {}",
                if p.prime { "prime" } else { "composite" },
                p.micros as f64 / 1000.0,
                model.actor_name(p.actor)
            ),
        ));
    }
    out.metrics.insert("numbers_checked".into(), rows.len() as f64);
    out.metrics.insert("primes_found".into(), rows.iter().filter(|p| p.prime).count() as f64);
    out
}

fn race_numbers(model: &Model, r: &RunResult, params: &Params) -> Numbers {
    let mut out = Numbers::default();
    if let Some(lost) = lessons::lost_updates(model, r) {
        let expected = params.int("threads") * params.int("increments");
        out.metrics.insert("expected".into(), expected as f64);
        out.metrics.insert("actual".into(), (expected - lost) as f64);
        out.metrics.insert("lost_updates".into(), lost as f64);
        out.rows.push(("expected total".into(), expected.to_string()));
        out.rows.push(("actual total".into(), (expected - lost).to_string()));
        out.rows.push(("lost updates".into(), lost.to_string()));
    }
    out
}

fn deadlock_numbers(_: &Model, r: &RunResult, params: &Params) -> Numbers {
    let mut out = Numbers::default();
    // Only the timeout strategy retries: no figure of a strategy that did not run.
    if params.word("strategy") == "timeout" {
        if let Some(n) = lessons::retries(r) {
            out.metrics.insert("retries".into(), n as f64);
            out.rows.push(("retries (timeout strategy)".into(), n.to_string()));
        }
    }
    out
}

fn barrier_numbers(_: &Model, r: &RunResult, _: &Params) -> Numbers {
    let mut out = Numbers::default();
    for (k, w) in lessons::phase_waits(r).iter().enumerate() {
        out.metrics.insert(format!("phase_{}_wait_ms", k + 1), *w as f64);
        out.rows.push((format!("phase {}: the first to arrive waited", k + 1), format!("{w} ms")));
    }
    out
}

fn worker_pool_numbers(_: &Model, r: &RunResult, _: &Params) -> Numbers {
    let mut out = Numbers::default();
    let (done, failed) = lessons::job_report(r);
    out.metrics.insert("processed".into(), done.len() as f64);
    out.metrics.insert("failed".into(), failed.len() as f64);
    out.rows.push(("processed".into(), format!("{} jobs", done.len())));
    out.rows.push(("reported failed".into(), format!("{} jobs: {:?}", failed.len(), failed)));
    out
}

fn rate_limiter_numbers(_: &Model, r: &RunResult, _: &Params) -> Numbers {
    let mut out = Numbers::default();
    let t = lessons::admitted_times(r);
    out.metrics.insert("admitted".into(), t.len() as f64);
    let shown: Vec<String> = t.iter().map(|us| format!("{:.0}", *us as f64 / 1000.0)).collect();
    out.rows.push(("admitted at (ms)".into(), shown.join(", ")));
    out
}

/// Every scenario, in the catalogue's order.
pub static REGISTRY: &[Entry] = &[
    Entry {
        scenario: &scenarios::SPINNER,
        units: None,
        speedup_over: None,
    },
    Entry {
        scenario: &scenarios::BOUNDED_BUFFER,
        units: Some(|p, _| Some(((p.int("producers") * p.int("items")) as f64, "items"))),
        speedup_over: None,
    },
    Entry {
        scenario: &scenarios::DEADLOCK,
        units: None,
        speedup_over: None,
    },
    Entry {
        scenario: &scenarios::BARRIER,
        units: None,
        speedup_over: None,
    },
    Entry {
        scenario: &scenarios::RACE,
        units: Some(|p, _| Some(((p.int("threads") * p.int("increments")) as f64, "increments"))),
        speedup_over: None,
    },
    Entry {
        scenario: &scenarios::PRIMES,
        units: Some(|_, n| n.metrics.get("numbers_checked").map(|n| (*n, "numbers"))),
        speedup_over: Some("workers"),
    },
    Entry {
        scenario: &scenarios::CONNECTION_POOL,
        units: Some(|p, _| Some((p.int("clients") as f64, "queries"))),
        speedup_over: None,
    },
    Entry {
        scenario: &scenarios::RATE_LIMITER,
        units: Some(|_, n| n.metrics.get("admitted").map(|n| (*n, "requests"))),
        speedup_over: None,
    },
    Entry {
        scenario: &scenarios::EVENT,
        units: None,
        speedup_over: None,
    },
    Entry {
        scenario: &scenarios::WORKER_POOL,
        units: Some(|p, _| Some((p.int("jobs") as f64, "jobs"))),
        speedup_over: None,
    },
    Entry {
        scenario: &scenarios::GATHER,
        units: None,
        speedup_over: None,
    },
    Entry {
        scenario: &scenarios::TIMEOUT,
        units: None,
        speedup_over: None,
    },
    Entry {
        scenario: &scenarios::ASYNC_SPINNER,
        units: None,
        speedup_over: None,
    },
    Entry {
        scenario: &scenarios::PROCESSES,
        units: None,
        speedup_over: None,
    },
];

/// Every scenario's built model, in the catalogue's order: apart from
/// [`REGISTRY`] so that a build that never builds one (the page, where every
/// lesson runs as its program) does not link the builders.
pub static MODELS: &[Built] = &[
    Built {
        scenario: &scenarios::SPINNER,
        build: |a, _| lessons::spinner(a.word("slow")? == "work"),
        numbers: none,
    },
    Built {
        scenario: &scenarios::BOUNDED_BUFFER,
        build: |a, _| {
            lessons::bounded_buffer(&BufferConfig {
                producers: u(a, "producers")?,
                consumers: u(a, "consumers")?,
                capacity: u(a, "capacity")?,
                items: u(a, "items")?,
                produce_ms: u(a, "produce_ms")?,
                consume_ms: u(a, "consume_ms")?,
                notify_all: a.word("wakeup")? == "notify_all",
            })
        },
        numbers: none,
    },
    Built {
        scenario: &scenarios::DEADLOCK,
        build: |a, _| lessons::deadlock(u(a, "philosophers")?, a.word("strategy")?, DEADLOCK_HOLD_MS, 1),
        numbers: deadlock_numbers,
    },
    Built {
        scenario: &scenarios::BARRIER,
        build: |a, seed| lessons::barrier(u(a, "workers")?, u(a, "phases")?, seed),
        numbers: barrier_numbers,
    },
    Built {
        scenario: &scenarios::RACE,
        build: |a, _| lessons::race_with(a.word("mode")?, u(a, "threads")?, u(a, "increments")?, Some(u(a, "pause_ms")?)),
        numbers: race_numbers,
    },
    Built {
        scenario: &scenarios::PRIMES,
        build: |a, _| lessons::primes(u(a, "workers")?, a.word("gil")? == "on", &PRIME_FIXTURE),
        numbers: primes_numbers,
    },
    Built {
        scenario: &scenarios::CONNECTION_POOL,
        build: |a, _| lessons::connection_pool(u(a, "clients")?, u(a, "connections")?, u(a, "query_ms")?),
        numbers: none,
    },
    Built {
        scenario: &scenarios::RATE_LIMITER,
        build: |a, _| lessons::rate_limiter(u(a, "requests")?, u(a, "rate")?, u(a, "burst")?),
        numbers: rate_limiter_numbers,
    },
    Built {
        scenario: &scenarios::EVENT,
        build: |a, _| lessons::event(u(a, "workers")?),
        numbers: none,
    },
    Built {
        scenario: &scenarios::WORKER_POOL,
        build: |a, _| lessons::worker_pool(u(a, "jobs")?, u(a, "workers")?, u(a, "fail_every")?),
        numbers: worker_pool_numbers,
    },
];

/// The built model of scenario `id`.
pub fn built(id: &str) -> Option<&'static Built> {
    MODELS.iter().find(|b| b.scenario.id == id)
}

/// The entry of scenario `id`.
pub fn entry(id: &str) -> Option<&'static Entry> {
    REGISTRY.iter().find(|e| e.scenario.id == id)
}

/// A scenario's numbers from a finished run, with its throughput where it
/// has a unit of work (real time only: the simulator's clock is virtual).
pub fn numbers(id: &str, model: &Model, r: &RunResult, params: &Params, wall_ms: f64) -> Numbers {
    let (Some(e), Some(b)) = (entry(id), built(id)) else { return Numbers::default() };
    let out = (b.numbers)(model, r, params);
    with_throughput(e, out, r, params, wall_ms)
}

/// A lesson's numbers when it ran as its program: what the program
/// reported with `report(name, value, label=...)` (numbers are metrics under
/// that name; every figure is a row under its label), with
/// the lesson's throughput as for [`numbers`]. A program that is no lesson
/// has its figures and no throughput.
pub fn program_numbers(id: &str, reported: &[crate::py::vm::Reported], r: &RunResult, params: &Params, wall_ms: f64) -> Numbers {
    let mut out = Numbers::default();
    for f in reported {
        if let Some(n) = f.number {
            out.metrics.insert(f.name.clone(), n);
        }
        out.rows.push((f.label.clone(), f.text.clone()));
    }
    match entry(id) {
        Some(e) => with_throughput(e, out, r, params, wall_ms),
        None => out,
    }
}

fn with_throughput(e: &Entry, mut out: Numbers, r: &RunResult, params: &Params, wall_ms: f64) -> Numbers {
    let real_time = !params.backend().virtual_time();
    if let (Some(units), true) = (e.units, real_time && wall_ms > 0.0 && r.outcome == Outcome::Completed) {
        if let Some((n, unit)) = units(params, &out) {
            let per_s = n / (wall_ms / 1000.0);
            out.metrics.insert("throughput_per_s".into(), per_s);
            let shown = if per_s >= 100.0 { format!("{per_s:.0}") } else { format!("{per_s:.1}") };
            out.rows.push(("throughput".into(), format!("{shown} {unit} per second")));
        }
    }
    out
}
