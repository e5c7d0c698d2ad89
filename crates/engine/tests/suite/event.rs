//! The event: set, clear, wait (with or without a timeout).

use crate::common::*;
use interleave_engine::builder::ModelBuilder;
use interleave_engine::model::Cond;
use interleave_engine::outcome::Outcome;
use std::collections::BTreeSet;

#[test]
fn a_waiter_goes_on_only_after_the_event_is_set() {
    let mut b = ModelBuilder::new("t");
    let e = b.event("ready");
    let data = b.counter("data", 0);
    let seen = b.counter("seen", 0);
    b.actor("setter", |b| {
        b.add(data, 7).set_event(e);
    });
    b.actor("waiter", |b| {
        b.wait_event(e).load(data).store(seen, 0);
    });
    let m = b.build().unwrap();
    let seen: BTreeSet<i64> = runs(&m, 200).map(|r| r.counter("seen").unwrap()).collect();
    assert_eq!(seen, BTreeSet::from([7]));
}

#[test]
fn a_wait_with_timeout_reports_whether_the_event_came() {
    for (set_at, expect) in [(50, 1), (500, 0)] {
        let mut b = ModelBuilder::new("t");
        let e = b.event("ready");
        let ok = b.counter("ok", 0);
        b.actor("setter", |b| {
            b.sleep(set_at).set_event(e);
        });
        b.actor("waiter", |b| {
            b.wait_event_timeout(e, 100);
            b.if_(Cond::LastOk, |b| {
                b.add(ok, 1);
            });
        });
        let m = b.build().unwrap();
        let oks: BTreeSet<i64> = runs(&m, 50).map(|r| r.counter("ok").unwrap()).collect();
        assert_eq!(oks, BTreeSet::from([expect]), "set at {set_at}");
    }
}

#[test]
fn a_cleared_event_blocks_again() {
    let mut b = ModelBuilder::new("t");
    let e = b.event("e");
    b.actor("t", |b| {
        b.set_event(e).wait_event(e).clear_event(e).wait_event(e);
    });
    let r = interleave_engine::sim::simulate(&b.build().unwrap(), 0);
    assert!(matches!(r.outcome, Outcome::Deadlock { .. }), "{:?}", r.outcome);
}

#[test]
fn on_real_threads_the_waiter_sees_what_was_written_before_the_set() {
    let mut b = ModelBuilder::new("t");
    let e = b.event("ready");
    let data = b.counter("data", 0);
    let seen = b.counter("seen", 0);
    b.actor("setter", |b| {
        b.sleep(2).add(data, 7).set_event(e);
    });
    b.actor("waiter", |b| {
        b.wait_event(e).load(data).store(seen, 0);
    });
    let m = b.build().unwrap();
    for _ in 0..3 {
        assert_eq!(on_threads(&m).counter("seen"), Some(7));
    }
}
