//! The barrier: nobody starts the next phase before everyone finished this one.

use crate::common::*;
use interleave_engine::builder::ModelBuilder;
use interleave_engine::outcome::Outcome;
use interleave_engine::sim::simulate;

#[test]
fn no_worker_runs_ahead_of_the_others() {
    let m = lesson("barrier", &[("workers", "3"), ("phases", "3")]);
    assert_eq!(outcome_kinds(&m, 300), set(&["completed"]));
}

#[test]
fn everyone_leaves_a_phase_when_the_slowest_arrives() {
    // The run lasts the sum over phases of the slowest worker's duration,
    // and the first to arrive waits for the difference (the wait cost).
    use interleave_engine::lessons::{barrier, phase_waits};
    for seed in 0..10 {
        let m = barrier(3, 3, seed).unwrap();
        let r = simulate(&m, seed);
        let waits = phase_waits(&r);
        assert_eq!(waits.len(), 3, "one wait cost per phase");
        assert!(waits.iter().all(|&w| w >= 0 && w <= 100), "{waits:?}");
        assert!(r.summary.elapsed_ms >= 150.0 && r.summary.elapsed_ms <= 450.0);
    }
}

#[test]
fn a_barrier_missing_a_party_never_opens() {
    let mut b = ModelBuilder::new("t");
    let bar = b.barrier("barrier", 3);
    for t in ["a", "b"] {
        b.actor(t, |b| {
            b.barrier_wait(bar);
        });
    }
    let r = simulate(&b.build().unwrap(), 0);
    let Outcome::Deadlock { cycle } = r.outcome else { panic!("{:?}", r.outcome) };
    assert_eq!(cycle.len(), 2);
}

#[test]
fn the_barrier_can_be_reused_generation_after_generation() {
    let mut b = ModelBuilder::new("t");
    let bar = b.barrier("barrier", 2);
    let n = b.counter("n", 0);
    for t in ["a", "b"] {
        b.actor(t, |b| {
            b.repeat(5, |b| {
                b.barrier_wait(bar).add(n, 1);
            });
        });
    }
    let m = b.build().unwrap();
    assert!(runs(&m, 100).all(|r| r.counter("n") == Some(10) && r.outcome == Outcome::Completed));
}

#[test]
fn on_real_threads_no_worker_runs_ahead() {
    let m = lesson("barrier", &[("workers", "3"), ("phases", "3")]);
    assert_eq!(threads_outcomes(&m, 2), set(&["completed"]));
}
