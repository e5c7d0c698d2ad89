//! The engine's benchmark (not a test: no threshold, just figures).
//!
//! `cargo bench -p interleave-engine` prints, from one run:
//! * how many trace events per second a [`Trace`] records;
//! * how much tracing slows a contended mutex loop on native threads
//!   (the same model run with tracing on and off, alternately, medians);
//! * how many steps per second the simulator takes.
//!
//! Each figure ends with a line `name: value` for scripts to read.

use interleave_engine::cancel::CancelToken;
use interleave_engine::lessons::build_from_pairs;
use interleave_engine::sim::{Sim, SimConfig};
use interleave_engine::threads::{run_native, ThreadsConfig};
use interleave_engine::trace::{ActorState, EventKind, ObjectState, Trace};
use std::hint::black_box;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn trace_events_per_s() -> f64 {
    let model = build_from_pairs("race", &[("threads", "4")]).unwrap();
    let n = 2_000_000u64;
    let mut best = 0.0f64;
    for _ in 0..3 {
        let mut t = Trace::new(&model, 4096);
        let t0 = Instant::now();
        for i in 0..n {
            let kind = if i % 2 == 0 {
                EventKind::Actor { actor: (i % 4) as usize, state: ActorState::Running, line: (i % 7) as u32 }
            } else {
                EventKind::Object { object: 1, state: ObjectState::Counter { value: i as i64 } }
            };
            t.record(i as f64 * 0.001, kind);
        }
        black_box(t.digest());
        best = best.max(n as f64 / t0.elapsed().as_secs_f64());
    }
    best
}

fn trace_overhead() -> (f64, f64, f64, u64) {
    let model = build_from_pairs("race", &[("mode", "locked"), ("threads", "4"), ("increments", "10000")])
        .unwrap();
    let run = |tracing: bool| {
        let t0 = Instant::now();
        let r = run_native(&model, ThreadsConfig { tracing, ..ThreadsConfig::default() }, CancelToken::new());
        assert_eq!(r.counter("n"), Some(40_000));
        (t0.elapsed().as_secs_f64() * 1000.0, r.summary.dropped_events)
    };
    let (mut on, mut off, mut dropped) = (vec![], vec![], 0);
    run(true);
    run(false);
    for _ in 0..7 {
        let (ms, d) = run(true);
        on.push(ms);
        dropped += d;
        off.push(run(false).0);
    }
    let (on, off) = (median(on), median(off));
    (on / off, on, off, dropped)
}

fn sim_steps_per_s() -> f64 {
    let model = build_from_pairs("race", &[("mode", "locked"), ("threads", "8"), ("increments", "2000")]).unwrap();
    let mut best = 0.0f64;
    for seed in 0..3 {
        let mut sim = Sim::new(&model, SimConfig { seed, max_steps: u64::MAX, window: 4096, ..SimConfig::default() });
        let t0 = Instant::now();
        while sim.step_random().is_some() {}
        best = best.max(sim.steps() as f64 / t0.elapsed().as_secs_f64());
    }
    best
}

fn main() {
    // `cargo bench` passes `--bench`; other arguments are ignored.
    let events = trace_events_per_s();
    println!("trace recording: {events:.0} events/s");
    let (ratio, on, off, dropped) = trace_overhead();
    println!("contended mutex loop (4 threads x 10000 lock/load/store/unlock): traced {on:.1} ms, untraced {off:.1} ms, {dropped} events dropped");
    let steps = sim_steps_per_s();
    println!("simulator: {steps:.0} steps/s");
    println!("trace_events_per_s: {events:.0}");
    println!("trace_overhead: {ratio:.2}");
    println!("sim_steps_per_s: {steps:.0}");
}
