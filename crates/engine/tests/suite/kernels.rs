//! Compute kernels inside scenarios: real work whose results are kept.

use crate::common::*;
use interleave_engine::outcome::Outcome;
use interleave_engine::sim::simulate;

#[test]
fn every_worker_count_finds_the_same_primes() {
    for workers in ["1", "3", "8"] {
        let m = lesson("primes", &[("workers", workers), ("numbers", "small")]);
        let r = simulate(&m, 1);
        assert_eq!(r.outcome, Outcome::Completed, "{workers}");
        assert_eq!(r.produced.len(), 40, "every result and its time is kept");
        assert!(r.produced.iter().all(|p| p.label.starts_with("is_prime(")));
    }
}

#[test]
fn on_real_threads_the_workers_find_the_same_primes() {
    let m = lesson("primes", &[("workers", "4"), ("numbers", "small")]);
    let r = on_threads(&m);
    assert_eq!(r.outcome, Outcome::Completed);
    assert_eq!(interleave_engine::lessons::prime_results(&r).len(), 20);
}

#[test]
fn the_fixture_lesson_expects_the_seed_s_nine_primes() {
    let m = lesson("primes", &[]);
    assert_eq!(m.checks[0].name, "9 of the 20 numbers are prime");
    assert_eq!(m.actors.len(), 4);
}
