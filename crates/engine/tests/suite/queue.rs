//! The bounded queue: `put` blocks while full, `get` while empty; FIFO.

use crate::common::*;
use interleave_engine::builder::ModelBuilder;
use interleave_engine::outcome::Outcome;
use interleave_engine::sim::simulate;
use std::collections::BTreeSet;

fn pipeline(capacity: u32) -> interleave_engine::model::Model {
    let mut b = ModelBuilder::new("t");
    let q = b.queue("q", capacity);
    let in_queue = b.counter("in_queue", 0);
    let sum = b.counter("sum", 0);
    let order_ok = b.counter("order_ok", 0);
    b.actor("producer", |b| {
        for i in 1..=5 {
            b.set(i).put(q).add(in_queue, 1);
        }
    });
    b.actor("consumer", |b| {
        for i in 1..=5 {
            b.get(q).add(in_queue, -1);
            // item == i ?  (load the expected value into a counter and compare)
            b.store(sum, 0);
            b.if_(interleave_engine::builder::ActorBuilder::counter_is(sum, interleave_engine::model::Cmp::Eq, i), |b| {
                b.add(order_ok, 1);
            });
        }
    });
    b.check_counter_equals("items come out in the order they went in", order_ok, 5);
    b.build().unwrap()
}

#[test]
fn items_come_out_in_the_order_they_went_in() {
    for cap in [1, 2, 5] {
        assert_eq!(outcome_kinds(&pipeline(cap), 300), set(&["completed"]), "capacity {cap}");
    }
}

#[test]
fn the_queue_never_holds_more_than_its_capacity() {
    let m = pipeline(2);
    let ends: BTreeSet<i64> = runs(&m, 300).map(|r| r.counter("in_queue").unwrap()).collect();
    assert_eq!(ends, BTreeSet::from([0]));
    for seed in 0..100 {
        let mut sim = interleave_engine::sim::Sim::new(&m, interleave_engine::sim::SimConfig::seeded(seed));
        while sim.step_random().is_some() {
            for o in sim.trace().objects() {
                if let interleave_engine::trace::ObjectState::Queue { len, capacity } = o {
                    assert!(len <= capacity);
                }
            }
        }
    }
}

#[test]
fn a_consumer_with_no_producer_is_reported_stuck_on_the_queue() {
    let mut b = ModelBuilder::new("t");
    let q = b.queue("q", 1);
    b.actor("consumer", |b| {
        b.get(q);
    });
    let r = simulate(&b.build().unwrap(), 0);
    let Outcome::Deadlock { cycle } = r.outcome else { panic!("{:?}", r.outcome) };
    assert_eq!((cycle[0].actor_name.as_str(), cycle[0].object_name.as_str()), ("consumer", "q"));
}

#[test]
fn on_real_threads_items_come_out_in_order() {
    for cap in [1, 3] {
        assert_eq!(threads_outcomes(&pipeline(cap), 3), set(&["completed"]), "capacity {cap}");
    }
}

// ---- programs: `task_done()` and `join()`, `PriorityQueue`, `LifoQueue` ----

use crate::py_run::run_with;

/// The docs' worker pattern: daemon workers mark each item done; the main
/// thread's `q.join()` returns once every item is processed.
const JOIN_WORKERS: &str = r#"
import queue
import threading

q = queue.Queue()
done = []

def worker():
    while True:
        item = q.get()
        done.append(item * 10)
        q.task_done()

for n in range(2):
    threading.Thread(target=worker, daemon=True).start()
for i in range(6):
    q.put(i)
q.join()
assert sorted(done) == [0, 10, 20, 30, 40, 50], "every item was processed before join returned"
print(sorted(done))
"#;

#[test]
fn join_returns_once_every_item_is_marked_done_on_every_backend() {
    for seed in 0..20 {
        let (o, out) = run_with(JOIN_WORKERS, &[], seed);
        assert_eq!((o, out.as_str()), (Outcome::Completed, "[0, 10, 20, 30, 40, 50]\n"), "seed {seed}");
    }
    for _ in 0..3 {
        let r = program_on_threads(JOIN_WORKERS);
        assert_eq!(r.outcome, Outcome::Completed);
    }
    let (r, out) = program_on_loop(JOIN_WORKERS);
    assert_eq!((r.outcome, out.as_str()), (Outcome::Completed, "[0, 10, 20, 30, 40, 50]\n"));
}

/// Workers that stop on a sentinel, each marked done too; `join()` twice.
#[test]
fn join_with_sentinels_and_an_empty_queue_returns_at_once() {
    let src = r#"
import queue
import threading

q = queue.Queue(maxsize=2)
q.join()
results = []

def worker():
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            break
        results.append(item)
        q.task_done()

workers = [threading.Thread(target=worker) for k in range(3)]
for w in workers:
    w.start()
for i in range(5):
    q.put(i)
for w in workers:
    q.put(None)
q.join()
for w in workers:
    w.join()
assert sorted(results) == [0, 1, 2, 3, 4], "each item once"
assert q.empty(), "nothing left"
print("ok")
"#;
    for seed in 0..20 {
        assert_eq!(run_with(src, &[], seed), (Outcome::Completed, "ok\n".to_string()), "seed {seed}");
    }
    assert_eq!(program_on_threads(src).outcome, Outcome::Completed);
    assert_eq!(program_on_loop(src).0.outcome, Outcome::Completed);
}

#[test]
fn task_done_called_too_many_times_raises_value_error_in_pythons_words() {
    let src = r#"
import queue

q = queue.Queue()
q.put(1)
q.get()
q.task_done()
try:
    q.task_done()
except ValueError as e:
    print("caught:", e)
q.task_done()
"#;
    let caught = "caught: task_done() called too many times\n";
    let (o, out) = run_with(src, &[], 0);
    assert!(out.starts_with(caught), "{out}");
    let Outcome::Failed { message } = o else { panic!("{o:?}") };
    assert!(message.contains("ValueError: task_done() called too many times"), "{message}");
    let r = program_on_threads(src);
    assert!(matches!(&r.outcome, Outcome::Failed { message } if message.contains("task_done() called too many times")), "{:?}", r.outcome);
    let (r, out) = program_on_loop(src);
    assert!(out.starts_with(caught), "{out}");
    assert!(matches!(r.outcome, Outcome::Failed { .. }), "{:?}", r.outcome);
}

/// A join nobody can satisfy: the worker takes the item and never marks it
/// done. Every backend ends the run as a deadlock that names the join.
#[test]
fn a_join_nobody_can_satisfy_is_a_deadlock() {
    let src = r#"
import queue
import threading

jobs = queue.Queue()

def worker():
    jobs.get()

t = threading.Thread(target=worker)
t.start()
jobs.put("job")
t.join()
jobs.join()
print("never")
"#;
    let expect = |o: &Outcome, backend: &str| {
        let Outcome::Deadlock { cycle } = o else { panic!("{backend}: {o:?}") };
        assert_eq!(cycle.len(), 1, "{backend}: {cycle:?}");
        assert_eq!((cycle[0].actor_name.as_str(), cycle[0].object_name.as_str()), ("MainThread", "jobs"), "{backend}");
        assert!(cycle[0].joining, "{backend}");
        assert_eq!(o.message().unwrap(), "deadlock: MainThread waits in jobs.join(), and no thread left will call jobs.task_done()", "{backend}");
    };
    for seed in 0..10 {
        let (o, out) = run_with(src, &[], seed);
        assert_eq!(out, "", "seed {seed}");
        expect(&o, "sim");
    }
    expect(&program_on_threads(src).outcome, "threads");
    expect(&program_on_loop(src).0.outcome, "event loop");
    // And the plainest one: nobody ever takes the item.
    let (o, _) = run_with("import queue\nq = queue.Queue()\nq.put(1)\nq.join()\n", &[], 0);
    assert!(matches!(o, Outcome::Deadlock { .. }), "{o:?}");
}

#[test]
fn a_priority_queue_gives_the_smallest_item_first_and_a_lifo_queue_the_newest() {
    let src = r#"
import queue
from queue import PriorityQueue

q = queue.PriorityQueue()
for item in [(3, "c"), (1, "a"), (2, "b"), (1, "A"), (2.5, "x"), (True, "t")]:
    q.put(item)
out = []
while not q.empty():
    out.append(q.get())
print(out)
words = PriorityQueue(maxsize=3)
for w in ["pear", "apple", "fig"]:
    words.put(w)
print(words.full(), [words.get(), words.get(), words.get()])
stack = queue.LifoQueue()
for i in range(4):
    stack.put(i)
print([stack.get() for k in range(4)])
"#;
    // True == 1, so its second element decides: 'A' < 'a' < 't'.
    let expected = "[(1, 'A'), (1, 'a'), (True, 't'), (2, 'b'), (2.5, 'x'), (3, 'c')]\nTrue ['apple', 'fig', 'pear']\n[3, 2, 1, 0]\n";
    let (o, out) = run_with(src, &[], 0);
    assert_eq!((o, out.as_str()), (Outcome::Completed, expected));
    let (r, out) = program_on_loop(src);
    assert_eq!((r.outcome, out.as_str()), (Outcome::Completed, expected));
}

/// Producers on several threads fill a priority queue; consumers drain it:
/// each consumer sees its items in increasing order once all are in.
#[test]
fn a_priority_queue_filled_by_threads_drains_in_order_on_every_backend() {
    let src = r#"
import queue
import threading

q = queue.PriorityQueue()

def producer(base):
    for i in range(4):
        q.put((i * 10 + base, "job"))

ps = [threading.Thread(target=producer, args=(b,)) for b in range(3)]
for p in ps:
    p.start()
for p in ps:
    p.join()
got = []
while not q.empty():
    got.append(q.get()[0])
assert got == sorted(got), "smallest first"
assert len(got) == 12, "every item"
stack = queue.LifoQueue()
def pusher():
    for i in range(3):
        stack.put(i)
t = threading.Thread(target=pusher)
t.start()
t.join()
assert [stack.get(), stack.get(), stack.get()] == [2, 1, 0], "newest first"
print(got)
"#;
    let expected = "[0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32]\n";
    for seed in 0..20 {
        let (o, out) = run_with(src, &[], seed);
        assert_eq!((o, out.as_str()), (Outcome::Completed, expected), "seed {seed}");
    }
    for _ in 0..3 {
        assert_eq!(program_on_threads(src).outcome, Outcome::Completed);
    }
    assert_eq!(program_on_loop(src).0.outcome, Outcome::Completed);
}

#[test]
fn items_a_priority_queue_cannot_order_raise_type_error_in_pythons_words() {
    let src = r#"
import queue

q = queue.PriorityQueue()
q.put({"job": 1})
try:
    q.put({"job": 2})
except TypeError as e:
    print(e)
print(q.qsize())
q.get()
q.task_done()
q.join()
t = queue.PriorityQueue()
t.put((1, "a"))
try:
    t.put((1, 2))
except TypeError as e:
    print(e)
print(t.qsize())
e = queue.PriorityQueue()
e.put((1, {}))
e.put((1, {}))
print(e.qsize())
e.put([1])
"#;
    let expected = "'<' not supported between instances of 'dict' and 'dict'\n1\n'<' not supported between instances of 'int' and 'str'\n1\n2\n";
    let (o, out) = run_with(src, &[], 0);
    assert!(out.starts_with(expected), "{out}");
    let Outcome::Failed { message } = o else { panic!("{o:?}") };
    assert!(message.contains("TypeError: '<' not supported between instances of 'list' and 'tuple'"), "{message}");
    let (r, out) = program_on_loop(src);
    assert!(out.starts_with(expected), "{out}");
    assert!(matches!(r.outcome, Outcome::Failed { .. }));
    let r = program_on_threads(src);
    assert!(matches!(&r.outcome, Outcome::Failed { message } if message.contains("'list' and 'tuple'")), "{:?}", r.outcome);
}

/// `put(item, timeout=t)` and `put_nowait(item)` on a full queue raise
/// `queue.Full` and put nothing, as in CPython; a consumer that makes room
/// in time lets the put through. On every backend.
#[test]
fn a_put_that_times_out_on_a_full_queue_raises_full_and_puts_nothing() {
    let src = r#"
import queue
import threading
import time

q = queue.Queue(maxsize=2)
q.put("a")
q.put_nowait("b")
said = []
try:
    q.put_nowait("c")
except queue.Full:
    said.append("full at once")
try:
    q.put("c", timeout=0.05)
except queue.Full:
    said.append("full after 50 ms")
try:
    q.put("c", block=False)
except queue.Full:
    said.append("full, not blocking")
assert q.qsize() == 2, "nothing was put"

def consumer():
    time.sleep(0.01)
    said.append("took " + q.get())

t = threading.Thread(target=consumer)
t.start()
q.put("d", timeout=5)
t.join()
said.append("put d")
rest = [q.get(), q.get()]
assert rest == ["b", "d"], "the timed put went in behind b"
try:
    q.put("e", timeout=-1)
except ValueError as e:
    said.append(str(e))
print(said)
"#;
    let expected = "['full at once', 'full after 50 ms', 'full, not blocking', 'took a', 'put d', \"'timeout' must be a non-negative number\"]\n";
    for seed in 0..10 {
        let (o, out) = run_with(src, &[], seed);
        assert_eq!((o, out.as_str()), (Outcome::Completed, expected), "seed {seed}");
    }
    let (r, out) = program_on_loop(src);
    assert_eq!((r.outcome, out.as_str()), (Outcome::Completed, expected));
    for _ in 0..3 {
        assert_eq!(program_on_threads(src).outcome, Outcome::Completed);
    }
}
