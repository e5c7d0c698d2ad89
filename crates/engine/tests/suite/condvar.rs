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

// ---- programs: `cond.wait(timeout)` ----

use crate::py_run::run_with;

/// Nobody notifies: `wait(0.05)` returns False after its time (virtual on
/// the simulator), holding the lock again (it can notify, and leave `with`).
const TIMED_OUT: &str = r#"
import threading
import time

c = threading.Condition()
with c:
    t0 = time.monotonic()
    got = c.wait(0.05)
    waited = time.monotonic() - t0
    c.notify()
r = threading.Condition(threading.RLock())
with r:
    with r:
        late = r.wait(timeout=0.02)
        r.notify_all()
with c:
    assert c.wait(0) is False and c.wait(-1) is False, "no time: no wait"
print(got, round(waited, 3), late)
assert got is False, "nobody notified"
assert waited >= 0.049, "it waited its time"
assert waited < 5, "it did not wait forever"
"#;

#[test]
fn a_timed_wait_nobody_notifies_returns_false_after_its_time_on_every_backend() {
    for seed in 0..10 {
        let (o, out) = run_with(TIMED_OUT, &[], seed);
        assert_eq!((o, out.as_str()), (Outcome::Completed, "False 0.05 False\n"), "seed {seed}");
    }
    assert_eq!(program_on_threads(TIMED_OUT).outcome, Outcome::Completed);
    let (r, out) = program_on_loop(TIMED_OUT);
    assert_eq!(r.outcome, Outcome::Completed);
    assert!(out.starts_with("False 0.05") && out.ends_with(" False\n"), "{out}");
}

/// A notify in time: `wait(timeout=5)` returns True, and the waiter holds
/// the lock when it returns.
#[test]
fn a_notified_timed_wait_returns_true_holding_the_lock_on_every_backend() {
    let src = r#"
import threading

c = threading.Condition()
items = []

def producer():
    for i in range(3):
        with c:
            items.append(i)
            c.notify()

got = []
timeouts = 0
with c:
    t = threading.Thread(target=producer)
    t.start()
    while len(got) < 3:
        while not items:
            if not c.wait(timeout=5):
                timeouts += 1
        got.append(items.pop(0))
        c.notify_all()
t.join()
assert got == [0, 1, 2], "every item, in order"
assert timeouts == 0, "no wait timed out"
print(got)
"#;
    for seed in 0..20 {
        assert_eq!(run_with(src, &[], seed), (Outcome::Completed, "[0, 1, 2]\n".to_string()), "seed {seed}");
    }
    for _ in 0..3 {
        assert_eq!(program_on_threads(src).outcome, Outcome::Completed);
    }
    assert_eq!(program_on_loop(src).0.outcome, Outcome::Completed);
}

/// A consumer that polls with a timeout while the producer is slow: some
/// waits time out, it still gets every item, and nothing deadlocks.
#[test]
fn timed_waits_that_time_out_still_see_every_item() {
    let src = r#"
import threading
import time

c = threading.Condition()
items = []

def producer():
    for i in range(3):
        time.sleep(0.03)
        with c:
            items.append(i)
            c.notify()

t = threading.Thread(target=producer)
t.start()
got = []
timeouts = 0
with c:
    while len(got) < 3:
        if items:
            got.append(items.pop(0))
        elif not c.wait(0.01):
            timeouts += 1
t.join()
assert got == [0, 1, 2], "every item"
assert timeouts >= 1, "some wait timed out"
print(got)
"#;
    for seed in 0..10 {
        let (o, out) = run_with(src, &[], seed);
        assert_eq!((o, out.as_str()), (Outcome::Completed, "[0, 1, 2]\n"), "seed {seed}");
    }
    assert_eq!(program_on_threads(src).outcome, Outcome::Completed);
    assert_eq!(program_on_loop(src).0.outcome, Outcome::Completed);
}

/// `wait_for(predicate, timeout=None)`: CPython's loop around `wait`. It
/// returns the predicate's last answer: true once it holds, false when its
/// time is up; the waiter holds the lock again either way.
#[test]
fn wait_for_waits_until_the_predicate_holds_or_its_time_is_up_on_every_backend() {
    let src = r#"
import threading
import time

c = threading.Condition()
items = []

def producer():
    for i in range(3):
        time.sleep(0.01)
        with c:
            items.append(i)
            c.notify_all()

class Box:
    def __init__(self):
        self.n = 0
    def full(self):
        return self.n >= 1

box = Box()
t = threading.Thread(target=producer)
t.start()
with c:
    now = c.wait_for(lambda: True)
    ok = c.wait_for(lambda: len(items) == 3)
    t0 = time.monotonic()
    late = c.wait_for(lambda: len(items) > 3, timeout=0.05)
    waited = time.monotonic() - t0
    zero = c.wait_for(box.full, 0)
    c.notify()
t.join()
print(now, ok, late, zero, items)
assert ok is True and late is False and zero is False, "the predicate's answers"
assert waited >= 0.049, "it waited its time"
"#;
    let expected = "True True False False [0, 1, 2]\n";
    for seed in 0..10 {
        let (o, out) = run_with(src, &[], seed);
        assert_eq!((o, out.as_str()), (Outcome::Completed, expected), "seed {seed}");
    }
    assert_eq!(program_on_threads(src).outcome, Outcome::Completed);
    let (r, out) = program_on_loop(src);
    assert_eq!((r.outcome, out.as_str()), (Outcome::Completed, expected));
    // A predicate that raises raises out of wait_for; the next one starts afresh.
    let src = "import threading\nc = threading.Condition()\nwith c:\n    try:\n        c.wait_for(lambda: 1 / 0)\n    except ZeroDivisionError:\n        print('raised')\n    print(c.wait_for(lambda: 5, timeout=1))\n";
    assert_eq!(run_with(src, &[], 0), (Outcome::Completed, "raised\n5\n".to_string()));
    // Without the lock, as in Python, waiting fails.
    let (o, _) = run_with("import threading\nc = threading.Condition()\nc.wait_for(lambda: False)\n", &[], 0);
    assert!(matches!(&o, Outcome::Failed { message } if message.contains("without holding")), "{o:?}");
}
