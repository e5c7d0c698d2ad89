//! The re-entrant lock (`threading.RLock`): its holder may take it again,
//! it is free once released as often as taken, and a release by a thread
//! that does not hold it is Python's RuntimeError. A plain `Lock` taken
//! again by its holder waits for itself: a deadlock of one.

use crate::common::*;
use interleave_engine::builder::ModelBuilder;
use interleave_engine::model::{Cmp, Model};
use interleave_engine::outcome::Outcome;
use interleave_engine::sim::simulate;

/// Two threads, each taking the lock twice (a method that calls another
/// method under the same lock), counting who is inside.
fn nested(kind: &str) -> Model {
    let mut b = ModelBuilder::new("t");
    let l = if kind == "rlock" { b.rlock("lock") } else { b.mutex("lock") };
    let inside = b.counter("inside", 0);
    for t in ["a", "b"] {
        b.actor(t, |b| {
            b.repeat(3, |b| {
                b.lock(l).lock(l).add(inside, 1).sleep(0).add(inside, -1).unlock(l).sleep(0).unlock(l);
            });
        });
    }
    b.check_counter_within("one thread inside at a time", inside, 0, 1);
    b.build().unwrap()
}

#[test]
fn its_holder_takes_it_again_and_others_still_wait() {
    let m = nested("rlock");
    assert_eq!(outcome_kinds(&m, 500), set(&["completed"]));
    assert_eq!(threads_outcomes(&m, 3), set(&["completed"]));
    assert_eq!(crate::eventloop::drive(&m, 0.001, None).0.outcome, Outcome::Completed);
}

#[test]
fn a_plain_lock_taken_again_by_its_holder_deadlocks_on_itself() {
    // CPython's Lock has no owner: the second acquire waits for a release
    // that can never come. (The notes say it raises RuntimeError; it does not.)
    let m = nested("lock");
    assert_eq!(outcome_kinds(&m, 200), set(&["deadlock"]));
    let r = simulate(&m, 0);
    let Outcome::Deadlock { cycle } = r.outcome else { panic!("{:?}", r.outcome) };
    assert_eq!(cycle.len(), 1, "a cycle of one: {cycle:?}");
    assert_eq!(cycle[0].held_by, Some(cycle[0].actor), "it waits for itself");
    assert_eq!(cycle[0].object_name, "lock");
    let t = on_threads(&m);
    let Outcome::Deadlock { cycle } = t.outcome else { panic!("{:?}", t.outcome) };
    assert_eq!(cycle.len(), 1, "on threads too: {cycle:?}");
    assert_eq!(cycle[0].held_by, Some(cycle[0].actor));
    let l = crate::eventloop::drive(&m, 0.001, None).0;
    let Outcome::Deadlock { cycle } = l.outcome else { panic!("{:?}", l.outcome) };
    assert_eq!((cycle.len(), cycle[0].held_by), (1, Some(cycle[0].actor)), "and on the event loop");
}

#[test]
fn a_release_by_a_thread_that_does_not_hold_it_is_pythons_runtime_error() {
    let mut b = ModelBuilder::new("t");
    let l = b.rlock("lock");
    b.actor("owner", |b| {
        b.lock(l).sleep(50).unlock(l);
    });
    b.actor("rogue", |b| {
        b.sleep(10).unlock(l);
    });
    let m = b.build().unwrap();
    let expected = "rogue failed at line 10: RuntimeError: cannot release un-acquired lock";
    assert_eq!(m.line_text(10), Some("    lock.release()"));
    let on_loop = crate::eventloop::drive(&m, 0.001, None).0;
    for r in runs(&m, 50).chain([on_threads(&m), on_loop]) {
        assert_eq!(r.outcome, Outcome::Failed { message: expected.into() });
    }
}

#[test]
fn released_fewer_times_than_taken_it_stays_held() {
    let mut b = ModelBuilder::new("t");
    let l = b.rlock("lock");
    b.actor("forgetful", |b| {
        b.lock(l).lock(l).unlock(l);
    });
    b.actor("next", |b| {
        b.sleep(10).lock(l).unlock(l);
    });
    let m = b.build().unwrap();
    for r in runs(&m, 50).chain(std::iter::once(on_threads(&m))) {
        let Outcome::Deadlock { cycle } = &r.outcome else { panic!("{:?}", r.outcome) };
        assert_eq!((cycle[0].actor_name.as_str(), cycle[0].held_by), ("next", Some(0)), "{cycle:?}");
    }
}

#[test]
fn a_condition_on_an_rlock_lets_go_of_every_level_and_takes_them_back() {
    // The waiter holds the lock two deep; wait() must free it entirely (or
    // the notifier could never take it) and give both levels back (or the
    // second release would raise).
    let mut b = ModelBuilder::new("t");
    let l = b.rlock("lock");
    let cv = b.condvar("cond", l);
    let ready = b.counter("ready", 0);
    b.actor("waiter", |b| {
        b.lock(l).lock(l).add(ready, 1).wait(cv).unlock(l).unlock(l);
    });
    b.actor("notifier", |b| {
        b.while_(ModelBuilderCounter::is(ready, Cmp::Eq, 0), |b| {
            b.sleep(1);
        });
        b.lock(l).notify_all(cv).unlock(l);
    });
    let m = b.build().unwrap();
    assert_eq!(m.line_text(m.objects[1].line), Some("cond = threading.Condition(lock)"));
    assert_eq!(outcome_kinds(&m, 300), set(&["completed"]));
    assert_eq!(threads_outcomes(&m, 3), set(&["completed"]));
    assert_eq!(crate::eventloop::drive(&m, 0.001, None).0.outcome, Outcome::Completed);
}

struct ModelBuilderCounter;
impl ModelBuilderCounter {
    fn is(c: usize, cmp: Cmp, v: i64) -> interleave_engine::model::Cond {
        interleave_engine::builder::ActorBuilder::counter_is(c, cmp, v)
    }
}

#[test]
fn its_declaration_and_state_read_as_python_and_in_words() {
    let mut b = ModelBuilder::new("t");
    let l = b.rlock("lock");
    b.actor("a", |b| {
        b.lock(l).lock(l).sleep(5).unlock(l).unlock(l);
    });
    let m = b.build().unwrap();
    assert_eq!(m.line_text(1), Some("lock = threading.RLock()"));
    let r = simulate(&m, 0);
    assert_eq!(r.outcome, Outcome::Completed);
    // The deepest state the run showed, in the page's words.
    let mut sim = interleave_engine::sim::Sim::new(&m, Default::default());
    let mut deepest = String::new();
    while sim.step(0).is_ok() {
        let state = &sim.trace().objects()[0];
        if let interleave_engine::trace::ObjectState::RLock { depth: 2, .. } = state {
            deepest = interleave_engine::prims::describe(interleave_engine::i18n::Lang::En, &m, state);
        }
    }
    assert_eq!(deepest, "held by a (2 deep)");
}
