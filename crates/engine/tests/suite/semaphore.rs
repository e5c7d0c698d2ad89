//! The counting semaphore: a connection pool (seeds 001 and 004).

use crate::common::*;
use interleave_engine::builder::ModelBuilder;
use interleave_engine::model::Cond;
use interleave_engine::outcome::Outcome;
use interleave_engine::sim::simulate;
use std::collections::BTreeSet;

#[test]
fn never_more_workers_hold_a_connection_than_the_pool_has() {
    for permits in ["1", "2", "3"] {
        let m = lesson("connection-pool", &[("clients", "6"), ("connections", permits), ("query_ms", "0")]);
        assert_eq!(outcome_kinds(&m, 300), set(&["completed"]), "permits {permits}");
    }
}

#[test]
fn with_two_connections_six_requests_of_100_ms_take_300_ms() {
    let m = lesson("connection-pool", &[("clients", "6"), ("connections", "2"), ("query_ms", "100")]);
    let ends: BTreeSet<u64> = runs(&m, 50).map(|r| r.summary.elapsed_ms as u64).collect();
    assert_eq!(ends, BTreeSet::from([300]));
}

#[test]
fn an_acquire_with_timeout_gives_up_when_no_permit_comes_back() {
    let mut b = ModelBuilder::new("t");
    let s = b.semaphore("sem", 1);
    let got = b.counter("got", 0);
    b.actor("hog", |b| {
        b.acquire(s).sleep(500).release(s);
    });
    b.actor("patient", |b| {
        b.sleep(1).acquire_timeout(s, 100);
        b.if_(Cond::LastOk, |b| {
            b.add(got, 1).release(s);
        });
    });
    let m = b.build().unwrap();
    assert!(runs(&m, 50).all(|r| r.counter("got") == Some(0) && r.outcome == Outcome::Completed));
}

#[test]
fn a_semaphore_nobody_releases_is_reported_as_stuck_not_hung() {
    let mut b = ModelBuilder::new("t");
    let s = b.semaphore("sem", 0);
    b.actor("w", |b| {
        b.acquire(s);
    });
    let r = simulate(&b.build().unwrap(), 0);
    let Outcome::Deadlock { cycle } = r.outcome else { panic!("{:?}", r.outcome) };
    assert_eq!((cycle[0].actor_name.as_str(), cycle[0].object_name.as_str(), cycle[0].held_by), ("w", "sem", None));
}

#[test]
fn on_real_threads_the_pool_is_never_oversubscribed() {
    let m = lesson("connection-pool", &[("clients", "6"), ("connections", "2"), ("query_ms", "5")]);
    assert_eq!(threads_outcomes(&m, 3), set(&["completed"]));
}
