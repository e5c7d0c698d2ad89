//! The native half of `make bench` (issue #7). Not a test: no threshold, just figures.
//!
//! ```text
//! cargo run --release -p interleave-engine --example bench -- suite [REPS]
//! cargo run --release -p interleave-engine --example bench -- primes K
//! ```
//!
//! * `suite` prints one JSON object: the tracing overhead of a contended
//!   mutex loop (tracing on / off, alternated, medians), the simulator's
//!   steps per second, the simulator against native threads on the same
//!   model, how many trace events the `race` run the browser bench uses
//!   produces, and `available_parallelism`.
//! * `primes K` runs the `primes` scenario (PRIME_FIXTURE, `gil=off`) once on
//!   K native threads through [`run_native`], with the same configuration as
//!   the page's workers backend, and prints `{"workers":K,"ms":...,"makespan_ms":...}`
//!   (wall time, and the longest actor life in the trace), and how long
//!   building the model took (`model_build_ms`, not part of the run). `bench/browser.mjs`
//!   calls it between its browser runs, so native and wasm timings alternate
//!   and see the same machine noise.

use interleave_engine::cancel::CancelToken;
use interleave_engine::lessons::{build_from_pairs, prime_results, primes, PRIME_FIXTURE, PRIME_FIXTURE_PRIMES};
use interleave_engine::model::Model;
use interleave_engine::outcome::Outcome;
use interleave_engine::sim::{Sim, SimConfig};
use interleave_engine::threads::{run_native, ThreadsConfig};
use serde_json::json;
use std::time::Instant;

/// The window the page's runtimes keep (crates/app/src/runner.rs, TRACE_WINDOW).
const PAGE_WINDOW: usize = 20_000;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn ms_since(t0: Instant) -> f64 {
    t0.elapsed().as_secs_f64() * 1000.0
}

fn page_config() -> ThreadsConfig {
    ThreadsConfig { window: PAGE_WINDOW, ..ThreadsConfig::default() }
}

/// One primes run on `k` threads: (wall ms, makespan ms). The makespan is
/// what the trace says, the longest actor life (busy + blocked + waiting),
/// the same figure the page's report gives per actor.
fn primes_once(k: u32) -> (f64, f64, f64) {
    let t0 = Instant::now();
    let model = primes(k, false, &PRIME_FIXTURE).expect("the primes model builds");
    let build_ms = ms_since(t0);
    let t0 = Instant::now();
    let r = run_native(&model, page_config(), CancelToken::new());
    let ms = ms_since(t0);
    assert_eq!(r.outcome, Outcome::Completed, "primes on {k} threads: {:?}", r.outcome);
    assert_eq!(r.counter("found"), Some(PRIME_FIXTURE_PRIMES));
    assert_eq!(prime_results(&r).len(), PRIME_FIXTURE.len());
    let makespan = r.summary.actors.iter().map(|a| a.busy_ms + a.blocked_ms + a.waiting_ms).fold(0.0, f64::max);
    (ms, makespan, build_ms)
}

/// The contended mutex loop of benches/engine.rs: 4 threads x 10,000
/// lock / load / store / unlock, tracing on and off alternately.
fn trace_overhead(reps: usize) -> serde_json::Value {
    let model = build_from_pairs("race", &[("mode", "locked"), ("threads", "4"), ("increments", "10000")])
        .expect("the race model builds");
    let run = |tracing: bool| {
        let t0 = Instant::now();
        let r = run_native(&model, ThreadsConfig { tracing, ..ThreadsConfig::default() }, CancelToken::new());
        let ms = ms_since(t0);
        assert_eq!(r.counter("n"), Some(40_000));
        (ms, r.summary.dropped_events, r.summary.total_events)
    };
    // Warm up (thread creation, allocator).
    run(true);
    run(false);
    let (mut on, mut off, mut dropped, mut events) = (vec![], vec![], 0, 0);
    for i in 0..reps {
        // Alternate which goes first, so neither always runs on a warmer machine.
        let order = if i % 2 == 0 { [true, false] } else { [false, true] };
        for tracing in order {
            let (ms, d, e) = run(tracing);
            if tracing {
                on.push(ms);
                dropped += d;
                events += e;
            } else {
                off.push(ms);
            }
        }
    }
    let ratios: Vec<f64> = on.iter().zip(&off).map(|(a, b)| a / b).collect();
    let (on_ms, off_ms) = (median(on), median(off));
    json!({
        "trace_overhead": on_ms / off_ms,
        "trace_overhead_pairs_median": median(ratios),
        "trace_on_ms": on_ms,
        "trace_off_ms": off_ms,
        "trace_events_per_run": events / reps as u64,
        "trace_dropped_total": dropped,
        "trace_reps": reps,
    })
}

fn sim_run(model: &Model, seed: u64) -> (f64, u64) {
    let mut sim = Sim::new(model, SimConfig { seed, max_steps: u64::MAX, window: PAGE_WINDOW, ..SimConfig::default() });
    let t0 = Instant::now();
    while sim.step_random().is_some() {}
    let ms = ms_since(t0);
    assert_eq!(sim.outcome(), Some(&Outcome::Completed));
    (ms, sim.steps())
}

/// Steps per second of the simulator, and the simulator against native
/// threads on one model: `race`, locked, 4 threads x 10,000 increments (the
/// loop the tracing overhead uses). `sim_vs_native_threads` is the wall time
/// of a whole simulated run (seeded random policy, to the end) divided by the
/// wall time of the same model on 4 native threads (tracing on), medians.
fn simulator(reps: usize) -> serde_json::Value {
    let model = build_from_pairs("race", &[("mode", "locked"), ("threads", "4"), ("increments", "10000")])
        .expect("the race model builds");
    let (mut sim_ms, mut native_ms, mut rates, mut steps) = (vec![], vec![], vec![], 0);
    sim_run(&model, 99);
    for seed in 0..reps as u64 {
        let (ms, s) = sim_run(&model, seed);
        sim_ms.push(ms);
        rates.push(s as f64 / ms * 1000.0);
        steps = s;
        let t0 = Instant::now();
        let r = run_native(&model, page_config(), CancelToken::new());
        native_ms.push(ms_since(t0));
        assert_eq!(r.counter("n"), Some(40_000));
    }
    let (s, n) = (median(sim_ms), median(native_ms));
    json!({
        "sim_steps_per_s": median(rates),
        "sim_steps_per_run": steps,
        "sim_ms": s,
        "sim_native_threads_ms": n,
        "sim_vs_native_threads": s / n,
        "sim_reps": reps,
    })
}

/// Explore (issue 14) on the models loom is measured on (`bench/loom`): two
/// threads x two unsafe increments, three philosophers taking their forks in
/// order; every interleaving (no preemption bound, as loom), with sleep sets.
fn explorer(reps: usize) -> serde_json::Value {
    use interleave_engine::explore::{explore, ExploreConfig};
    use interleave_engine::py::{self, vm::World};
    let mut out = serde_json::Map::new();
    let models = [
        ("race_2x2", build_from_pairs("race", &[("mode", "unsafe"), ("threads", "2"), ("increments", "2"), ("pause", "none")])),
        ("philosophers_3", build_from_pairs("deadlock", &[("philosophers", "3"), ("strategy", "ordered"), ("hold", "0"), ("rounds", "1")])),
    ];
    for (name, model) in models {
        let model = model.expect("the model builds");
        // Without the cache of states, as loom runs (it keeps none): the
        // executions and rate compared with loom's; then with it, as the page runs.
        let config = ExploreConfig { preemptions: u32::MAX, max_executions: u64::MAX, max_total_steps: u64::MAX, cache: false, ..ExploreConfig::default() };
        for (suffix, config) in [("", config.clone()), ("_cached", ExploreConfig { cache: true, ..config })] {
            let (mut times, mut found) = (vec![], None);
            for _ in 0..reps {
                let t0 = Instant::now();
                let e = explore(&model, &config);
                times.push(ms_since(t0));
                assert!(e.complete, "{name}: the search is complete");
                found = Some(e);
            }
            let e = found.expect("at least one search");
            let ms = median(times);
            out.insert(format!("explore_{name}{suffix}_executions"), e.executions.into());
            out.insert(format!("explore_{name}{suffix}_ms"), ms.into());
            out.insert(format!("explore_{name}{suffix}_per_s"), (e.executions as f64 / ms * 1000.0).into());
            out.insert(format!("explore_{name}{suffix}_states"), e.states.into());
        }
    }
    // The race lesson's own Python, 2 x 2, as the page explores it (bound 8):
    // the native side of explore_page_per_s.
    let race = py::lessons::source("race").unwrap();
    let given: Vec<(String, String)> =
        [("mode", "unsafe"), ("threads", "2"), ("increments", "2")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    // The raw rate, without the cache (with it this search ends after a few
    // executions: see explore_program_race_2x2_cached_ms below).
    let config = ExploreConfig { preemptions: 8, max_executions: 100_000, max_total_steps: 3_000_000, cache: false, ..ExploreConfig::default() };
    let (mut times, mut executions) = (vec![], 0);
    for _ in 0..reps {
        let world = World::new(py::compile(race).unwrap(), &given, 0);
        let t0 = Instant::now();
        let e = interleave_engine::explore::explore_program("race", world, &config);
        times.push(ms_since(t0));
        executions = e.executions;
    }
    let ms = median(times);
    out.insert("explore_program_race_2x2_executions".into(), executions.into());
    out.insert("explore_program_race_2x2_per_s".into(), (executions as f64 / ms * 1000.0).into());
    // With the cache, as the page searches it: complete, and how long it takes.
    let cached = ExploreConfig { cache: true, ..config.clone() };
    let (mut times, mut found) = (vec![], None);
    for _ in 0..reps {
        let world = World::new(py::compile(race).unwrap(), &given, 0);
        let t0 = Instant::now();
        let e = interleave_engine::explore::explore_program("race", world, &cached);
        times.push(ms_since(t0));
        found = Some(e);
    }
    let e = found.expect("at least one search");
    out.insert("explore_program_race_2x2_cached_ms".into(), median(times).into());
    out.insert("explore_program_race_2x2_cached_complete".into(), e.complete.into());
    out.insert("explore_program_race_2x2_cached_executions".into(), e.executions.into());
    out.insert("explore_program_race_2x2_cached_states".into(), e.states.into());
    // The same search split across every core (issue 14, item 1), side by
    // side with one thread in the same sitting: the gain from one to all.
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    // (The search stops at its budget of 100,000 executions, a few more on
    // several threads: executions per second are compared.)
    let (mut one, mut all) = (vec![], vec![]);
    for _ in 0..reps {
        for (threads, into) in [(1, &mut one), (cores, &mut all)] {
            let world = World::new(py::compile(race).unwrap(), &given, 0);
            let t0 = Instant::now();
            let e = interleave_engine::explore::explore_program_parallel("race", world, &config, threads);
            into.push(e.executions as f64 / ms_since(t0) * 1000.0);
            assert!(e.executions >= executions, "the split search explores as much: {} against {executions}", e.executions);
        }
    }
    out.insert("explore_threads".into(), cores.into());
    out.insert("explore_program_race_2x2_one_thread_per_s".into(), median(one.clone()).into());
    out.insert("explore_threads_speedup".into(), (median(all) / median(one)).into());
    serde_json::Value::Object(out)
}

/// Trace events of the run the browser's frame-time figure uses (race,
/// locked, 16 threads x 10,000), measured natively with the page's window.
fn race16() -> serde_json::Value {
    let model = build_from_pairs("race", &[("mode", "locked"), ("threads", "16"), ("increments", "10000")])
        .expect("the race model builds");
    let t0 = Instant::now();
    let r = run_native(&model, page_config(), CancelToken::new());
    json!({
        "race16_trace_events": r.summary.total_events + r.summary.dropped_events,
        "race16_native_ms": ms_since(t0),
    })
}

/// The playground's Python (issue 13): compiling a 200-line program, and the
/// interpreted race lesson against its built model on the same run (locked,
/// 4 threads x 10,000 increments) on the simulator and on native threads.
fn python(reps: usize) -> serde_json::Value {
    use interleave_engine::py::{self, vm::World};
    use interleave_engine::threads::run_native_program;
    let lessons = ["bounded-buffer", "race", "barrier"];
    let big: String = lessons.iter().map(|id| py::lessons::source(id).unwrap()).collect::<Vec<_>>().join("\n");
    let src: String = big.lines().take(200).collect::<Vec<_>>().join("\n");
    let lines = src.lines().count();
    let mut compile_ms = vec![];
    for _ in 0..reps * 10 {
        let t0 = Instant::now();
        let prog = py::compile(&src);
        compile_ms.push(ms_since(t0));
        assert!(prog.is_ok(), "the 200-line program compiles");
    }
    let race = py::lessons::source("race").unwrap();
    let given: Vec<(String, String)> =
        [("mode", "locked"), ("threads", "4"), ("increments", "10000")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let model = build_from_pairs("race", &[("mode", "locked"), ("threads", "4"), ("increments", "10000")]).expect("the race model builds");
    let (mut py_ms, mut model_ms, mut py_rates, mut py_threads_ms, mut model_threads_ms) = (vec![], vec![], vec![], vec![], vec![]);
    let mut py_steps = 0;
    for seed in 0..reps as u64 {
        let world = World::new(py::compile(race).unwrap(), &given, seed);
        let mut sim = Sim::for_program("race", world, SimConfig { seed, max_steps: u64::MAX, window: PAGE_WINDOW, ..SimConfig::default() });
        let t0 = Instant::now();
        while sim.step_random().is_some() {}
        let ms = ms_since(t0);
        assert_eq!(sim.outcome(), Some(&Outcome::Completed));
        py_steps = sim.steps();
        py_rates.push(sim.steps() as f64 / ms * 1000.0);
        py_ms.push(ms);
        model_ms.push(sim_run(&model, seed).0);
        let world = World::new(py::compile(race).unwrap(), &given, seed);
        let t0 = Instant::now();
        let r = run_native_program("race", world, page_config(), CancelToken::new());
        py_threads_ms.push(ms_since(t0));
        assert_eq!(r.outcome, Outcome::Completed);
        let t0 = Instant::now();
        run_native(&model, page_config(), CancelToken::new());
        model_threads_ms.push(ms_since(t0));
    }
    let (p, m, pt, mt) = (median(py_ms), median(model_ms), median(py_threads_ms), median(model_threads_ms));
    json!({
        "py_compile_lines": lines,
        "py_compile_200_lines_ms": median(compile_ms),
        "py_sim_steps_per_s": median(py_rates),
        "py_sim_steps_per_run": py_steps,
        "py_sim_ms": p,
        "py_vs_model_sim": p / m,
        "py_threads_ms": pt,
        "py_vs_model_threads": pt / mt,
    })
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("primes") => {
            let k: u32 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
            let (ms, makespan, build_ms) = primes_once(k);
            println!("{}", json!({ "workers": k, "ms": ms, "makespan_ms": makespan, "model_build_ms": build_ms }));
        }
        Some("sim") => {
            // The simulator alone (for profiling): steps per second, medians.
            let reps: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5);
            let model = build_from_pairs("race", &[("mode", "locked"), ("threads", "4"), ("increments", "10000")])
                .expect("the race model builds");
            let rates: Vec<f64> = (0..reps as u64)
                .map(|seed| {
                    let (ms, s) = sim_run(&model, seed);
                    s as f64 / ms * 1000.0
                })
                .collect();
            println!("{}", json!({ "sim_steps_per_s": median(rates) }));
        }
        Some("explore") => {
            let reps: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(3);
            println!("{}", explorer(reps));
        }
        Some("python") => {
            let reps: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5);
            println!("{}", python(reps));
        }
        Some("suite") | None => {
            let reps: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(9);
            let mut out = serde_json::Map::new();
            out.insert(
                "native_threads".into(),
                json!(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)),
            );
            for part in [trace_overhead(reps), simulator(reps.min(5)), race16(), python(reps.min(5)), explorer(reps.min(5))] {
                if let serde_json::Value::Object(m) = part {
                    out.extend(m);
                }
            }
            println!("{}", serde_json::Value::Object(out));
        }
        Some(other) => {
            eprintln!("unknown command {other:?}: use `suite [REPS]`, `sim [REPS]` or `primes K`");
            std::process::exit(2);
        }
    }
}
