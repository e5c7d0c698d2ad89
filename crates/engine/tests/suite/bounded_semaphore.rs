//! The bounded semaphore (`threading.BoundedSemaphore`): a semaphore that
//! refuses a release above its initial value with Python's ValueError,
//! where a plain semaphore silently grows (the bug it exists to catch).

use crate::common::*;
use interleave_engine::builder::ModelBuilder;
use interleave_engine::model::Model;
use interleave_engine::outcome::Outcome;
use interleave_engine::sim::simulate;

/// A pool of `permits`; three workers take one each and give it back; one
/// of them gives it back twice (a release in both `try` and `finally`).
fn pool(bounded: bool, double_release: bool) -> Model {
    let mut b = ModelBuilder::new("t");
    let s = if bounded { b.bounded_semaphore("pool", 2) } else { b.semaphore("pool", 2) };
    let inside = b.counter("inside", 0);
    for t in ["w0", "w1", "w2"] {
        b.actor(t, |b| {
            b.acquire(s).add(inside, 1).sleep(5).add(inside, -1).release(s);
            if double_release && t == "w0" {
                b.release(s);
            }
        });
    }
    b.check_counter_within("never more inside than the pool has", inside, 0, 2);
    b.build().unwrap()
}

#[test]
fn used_correctly_it_is_a_semaphore() {
    let m = pool(true, false);
    assert_eq!(m.line_text(1), Some("pool = threading.BoundedSemaphore(2)"));
    assert_eq!(outcome_kinds(&m, 300), set(&["completed"]));
    assert_eq!(threads_outcomes(&m, 3), set(&["completed"]));
    assert_eq!(crate::eventloop::drive(&m, 0.001, None).0.outcome, Outcome::Completed);
}

#[test]
fn one_release_too_many_is_pythons_value_error() {
    let m = pool(true, true);
    // Whichever release finds the count already at 2 raises: w0's extra
    // one, or a worker's own when the extra one came first. No schedule
    // completes and none lets a third worker in.
    assert_eq!(outcome_kinds(&m, 300), set(&["failed"]));
    let sentence = |r: &interleave_engine::outcome::RunResult| match &r.outcome {
        Outcome::Failed { message } => message.split_once(": ").map(|(_, m)| m.to_string()),
        _ => None,
    };
    let raised_by = |r: &interleave_engine::outcome::RunResult| match &r.outcome {
        Outcome::Failed { message } => message.split(' ').next().unwrap_or("").to_string(),
        _ => String::new(),
    };
    let on_loop = crate::eventloop::drive(&m, 0.001, None).0;
    let results: Vec<_> = runs(&m, 100).chain([on_threads(&m), on_loop]).collect();
    for r in &results {
        assert_eq!(sentence(r).as_deref(), Some("ValueError: Semaphore released too many times"), "{:?}", r.outcome);
    }
    let who: std::collections::BTreeSet<String> = results.iter().map(raised_by).collect();
    assert!(who.contains("w0") && who.len() >= 2, "the raiser depends on the schedule: {who:?}");
}

#[test]
fn a_plain_semaphore_takes_the_extra_release_and_lets_too_many_in() {
    // The same bug on a plain Semaphore raises nothing: the pool grows to 3
    // permits and, in some schedules, three workers are inside at once.
    let m = pool(false, true);
    let kinds = outcome_kinds(&m, 300);
    assert!(!kinds.contains("failed"), "{kinds:?}");
    let mut b = ModelBuilder::new("t");
    let s = b.semaphore("pool", 1);
    let inside = b.counter("inside", 0);
    b.actor("buggy", |b| {
        b.release(s); // the extra release, before anyone takes it
    });
    for t in ["w0", "w1"] {
        b.actor(t, |b| {
            b.sleep(1).acquire(s).add(inside, 1).sleep(5).add(inside, -1).release(s);
        });
    }
    b.check_counter_within("at most one inside", inside, 0, 1);
    let m = b.build().unwrap();
    assert_eq!(outcome_kinds(&m, 50), set(&["invariant-violated"]));
    let r = simulate(&m, 0);
    assert_eq!(r.counter("inside"), Some(0));
}
