//! The condition variable, through the bounded buffer of seed 004 §16.2.2.

use crate::common::*;
use interleave_engine::builder::ModelBuilder;
use interleave_engine::outcome::Outcome;
use interleave_engine::sim::simulate;

#[test]
fn with_while_and_notify_all_no_consumer_ever_takes_from_an_empty_buffer() {
    let m = lesson("bounded-buffer", &[("pairs", "2"), ("items", "4"), ("capacity", "2")]);
    assert_eq!(outcome_kinds(&m, 1000), set(&["completed"]));
}

#[test]
fn with_notify_one_everyone_can_end_up_waiting() {
    let m = lesson("bounded-buffer", &[("pairs", "2"), ("items", "4"), ("capacity", "1"), ("wakeup", "notify_one")]);
    let stuck = (0..1000).map(|s| simulate(&m, s)).find(|r| matches!(r.outcome, Outcome::Deadlock { .. }));
    let r = stuck.expect("some schedule wakes the wrong waiter");
    let Outcome::Deadlock { cycle } = r.outcome else { unreachable!() };
    assert!(cycle.iter().all(|l| l.object_name == "cond" && l.held_by.is_none()), "{cycle:?}");
}

#[test]
fn a_notification_wakes_the_waiter_which_gets_the_lock_back() {
    let mut b = ModelBuilder::new("t");
    let l = b.mutex("lock");
    let c = b.condvar("cond", l);
    let ready = b.counter("ready", 0);
    let seen = b.counter("seen", 0);
    b.actor("waiter", |b| {
        b.lock(l);
        b.while_(ActorB::counter_is(ready, Cmp::Eq, 0), |b| {
            b.wait(c);
        });
        b.load(ready).store(seen, 0).unlock(l);
    });
    b.actor("notifier", |b| {
        b.lock(l).add(ready, 1).notify_one(c).unlock(l);
    });
    let m = b.build().unwrap();
    assert!(runs(&m, 200).all(|r| r.counter("seen") == Some(1) && r.outcome == Outcome::Completed));
}

use interleave_engine::builder::ActorBuilder as ActorB;
use interleave_engine::model::Cmp;

#[test]
fn waiting_without_holding_the_lock_fails_the_run() {
    let mut b = ModelBuilder::new("t");
    let l = b.mutex("lock");
    let c = b.condvar("cond", l);
    b.actor("t", |b| {
        b.wait(c);
    });
    let r = simulate(&b.build().unwrap(), 0);
    assert!(matches!(r.outcome, Outcome::Failed { ref message } if message.contains("without holding lock")), "{:?}", r.outcome);
}

#[test]
fn a_notification_with_nobody_waiting_is_lost() {
    let mut b = ModelBuilder::new("t");
    let l = b.mutex("lock");
    let c = b.condvar("cond", l);
    b.actor("early", |b| {
        b.lock(l).notify_one(c).unlock(l);
    });
    b.actor("late", |b| {
        b.sleep(10).lock(l).wait(c).unlock(l);
    });
    let r = simulate(&b.build().unwrap(), 3);
    let Outcome::Deadlock { cycle } = r.outcome else { panic!("{:?}", r.outcome) };
    assert_eq!(cycle.len(), 1);
    assert_eq!(cycle[0].actor_name, "late");
}

#[test]
fn on_real_threads_the_correct_bounded_buffer_always_completes() {
    let m = lesson("bounded-buffer", &[("pairs", "2"), ("items", "50"), ("capacity", "2")]);
    assert_eq!(threads_outcomes(&m, 3), set(&["completed"]));
}
