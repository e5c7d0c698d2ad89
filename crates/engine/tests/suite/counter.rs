//! The shared counter (seed 004 §16.2.2): a racy read-then-write loses
//! updates; a lock or an atomic add never does.

use crate::common::*;
use interleave_engine::builder::ModelBuilder;
use interleave_engine::sim::simulate;
use std::collections::BTreeSet;

#[test]
fn two_racy_increments_end_at_one_or_two_and_nothing_else() {
    let mut b = ModelBuilder::new("t");
    let n = b.counter("n", 0);
    for t in ["t0", "t1"] {
        b.actor(t, |b| {
            b.load(n).store(n, 1);
        });
    }
    let m = b.build().unwrap();
    let finals: BTreeSet<i64> = runs(&m, 200).map(|r| r.counter("n").unwrap()).collect();
    assert_eq!(finals, BTreeSet::from([1, 2]));
}

#[test]
fn an_unlocked_counter_loses_updates_under_some_schedules() {
    let m = lesson("race", &[("mode", "unsafe"), ("threads", "4"), ("increments", "20")]);
    let lost: Vec<i64> = runs(&m, 50).map(|r| 80 - r.counter("n").unwrap()).collect();
    assert!(lost.iter().any(|&l| l > 0), "{lost:?}");
    assert!(lost.iter().all(|&l| l >= 0));
    assert!(outcome_kinds(&m, 50).contains("invariant-violated"));
}

#[test]
fn a_locked_counter_never_loses_an_update() {
    let m = lesson("race", &[("mode", "locked"), ("threads", "4"), ("increments", "20")]);
    assert!(runs(&m, 300).all(|r| r.counter("n") == Some(80)));
    assert_eq!(outcome_kinds(&m, 300), set(&["completed"]));
}

#[test]
fn an_atomic_counter_never_loses_an_update() {
    let m = lesson("race", &[("mode", "atomic"), ("threads", "4"), ("increments", "20")]);
    assert_eq!(outcome_kinds(&m, 300), set(&["completed"]));
}

#[test]
fn without_a_yield_the_racy_counter_still_races_in_the_simulator() {
    let m = lesson("race", &[("mode", "unsafe"), ("threads", "2"), ("increments", "10"), ("pause", "none")]);
    assert!(runs(&m, 100).any(|r| r.counter("n").unwrap() < 20));
}

#[test]
fn a_lost_update_is_reported_as_the_broken_lesson() {
    let m = lesson("race", &[("mode", "unsafe"), ("threads", "4"), ("increments", "20")]);
    let r = runs(&m, 50).find(|r| r.counter("n") != Some(80)).unwrap();
    let n = r.counter("n").unwrap();
    match r.outcome {
        interleave_engine::outcome::Outcome::InvariantViolated { check, detail } => {
            assert_eq!(check, "no increment is lost");
            assert_eq!(detail, format!("expected 80, got {n}: {} updates lost", 80 - n));
        }
        other => panic!("{other:?}"),
    }
    let _ = simulate(&m, 0);
}

#[test]
fn on_real_threads_two_racy_increments_end_at_one_or_two() {
    let mut b = ModelBuilder::new("t");
    let n = b.counter("n", 0);
    for t in ["t0", "t1"] {
        b.actor(t, |b| {
            b.load(n).sleep(0).store(n, 1);
        });
    }
    let m = b.build().unwrap();
    for _ in 0..5 {
        let v = on_threads(&m).counter("n").unwrap();
        assert!(v == 1 || v == 2, "{v}");
    }
}
