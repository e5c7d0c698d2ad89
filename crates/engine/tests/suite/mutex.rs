//! The mutex: one holder at a time; only the holder may release it.

use crate::common::*;
use interleave_engine::builder::ModelBuilder;
use interleave_engine::outcome::Outcome;
use interleave_engine::sim::simulate;
use std::collections::BTreeSet;

#[test]
fn no_two_actors_are_ever_inside_the_critical_section_together() {
    let mut b = ModelBuilder::new("t");
    let l = b.mutex("lock");
    let inside = b.counter("inside", 0);
    for t in ["a", "b", "c"] {
        b.actor(t, |b| {
            b.repeat(3, |b| {
                b.lock(l).add(inside, 1).sleep(0).add(inside, -1).unlock(l);
            });
        });
    }
    b.check_counter_within("mutual exclusion", inside, 0, 1);
    assert_eq!(outcome_kinds(&b.build().unwrap(), 500), set(&["completed"]));
}

#[test]
fn who_gets_the_lock_first_depends_on_the_schedule() {
    let mut b = ModelBuilder::new("t");
    let l = b.mutex("lock");
    let first = b.counter("first", 0);
    for (t, v) in [("a", 1), ("b", 2)] {
        b.actor(t, |b| {
            b.lock(l);
            b.if_(ModelBuilder_counter_is_zero(first), |b| {
                b.add(first, v);
            });
            b.unlock(l);
        });
    }
    let m = b.build().unwrap();
    let firsts: BTreeSet<i64> = runs(&m, 100).map(|r| r.counter("first").unwrap()).collect();
    assert_eq!(firsts, BTreeSet::from([1, 2]));
}

#[allow(non_snake_case)]
fn ModelBuilder_counter_is_zero(c: usize) -> interleave_engine::model::Cond {
    interleave_engine::builder::ActorBuilder::counter_is(c, interleave_engine::model::Cmp::Eq, 0)
}

#[test]
fn releasing_a_lock_you_do_not_hold_fails_the_run_with_a_sentence() {
    let mut b = ModelBuilder::new("t");
    let l = b.mutex("lock");
    b.actor("rogue", |b| {
        b.unlock(l);
    });
    let r = simulate(&b.build().unwrap(), 0);
    assert_eq!(
        r.outcome,
        Outcome::Failed { message: "rogue failed at line 4: released lock, which it does not hold".into() }
    );
}

#[test]
fn a_try_lock_without_timeout_fails_at_once_when_the_lock_is_held() {
    let mut b = ModelBuilder::new("t");
    let l = b.mutex("lock");
    let got = b.counter("got", 0);
    b.actor("holder", |b| {
        b.lock(l).sleep(100).unlock(l);
    });
    b.actor("tryer", |b| {
        b.sleep(10).try_lock(l, 0);
        b.if_(interleave_engine::model::Cond::LastOk, |b| {
            b.add(got, 1).unlock(l);
        });
    });
    let m = b.build().unwrap();
    assert!(runs(&m, 50).all(|r| r.counter("got") == Some(0)));
}

#[test]
fn a_try_lock_with_timeout_succeeds_if_the_lock_comes_free_in_time() {
    for (hold, expect) in [(30, 1), (300, 0)] {
        let mut b = ModelBuilder::new("t");
        let l = b.mutex("lock");
        let got = b.counter("got", 0);
        b.actor("holder", |b| {
            b.lock(l).sleep(hold).unlock(l);
        });
        b.actor("tryer", |b| {
            b.sleep(10).try_lock(l, 100);
            b.if_(interleave_engine::model::Cond::LastOk, |b| {
                b.add(got, 1).unlock(l);
            });
        });
        let m = b.build().unwrap();
        let got: BTreeSet<i64> = runs(&m, 50).map(|r| r.counter("got").unwrap()).collect();
        assert_eq!(got, BTreeSet::from([expect]), "hold {hold}");
    }
}

#[test]
fn on_real_threads_no_two_actors_are_ever_inside_together() {
    let mut b = ModelBuilder::new("t");
    let l = b.mutex("lock");
    let inside = b.counter("inside", 0);
    for t in ["a", "b", "c"] {
        b.actor(t, |b| {
            b.repeat(200, |b| {
                b.lock(l).add(inside, 1).sleep(0).add(inside, -1).unlock(l);
            });
        });
    }
    b.check_counter_within("mutual exclusion", inside, 0, 1);
    assert_eq!(threads_outcomes(&b.build().unwrap(), 3), set(&["completed"]));
}
