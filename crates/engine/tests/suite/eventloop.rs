//! The event-loop runtime, on a single-threaded executor with a fake timer:
//! sleeping lets the other tasks run, working blocks them all.

use crate::common::*;
use futures::executor::LocalPool;
use futures::task::LocalSpawnExt;
use interleave_engine::cancel::CancelToken;
use interleave_engine::eventloop::{EventLoopRun, Host};
use interleave_engine::model::Model;
use interleave_engine::outcome::{Outcome, RunResult};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// A clock that moves by `tick` ms whenever it is read (so CPU work, which
/// reads it in a loop, takes "time"), and timers fired by the test's driver.
#[derive(Clone)]
struct FakeHost(Rc<RefCell<FakeState>>);

struct FakeState {
    now: f64,
    tick: f64,
    timers: Vec<(f64, Waker)>,
}

struct FakeSleep {
    host: FakeHost,
    at: f64,
    yielded: bool,
}

impl Future for FakeSleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut s = self.host.0.borrow_mut();
        if self.yielded && s.now >= self.at {
            return Poll::Ready(());
        }
        s.timers.push((self.at, cx.waker().clone()));
        drop(s);
        self.yielded = true;
        Poll::Pending
    }
}

impl Host for FakeHost {
    type Sleep = FakeSleep;
    fn now_ms(&self) -> f64 {
        let mut s = self.0.borrow_mut();
        s.now += s.tick;
        s.now
    }
    fn sleep(&self, ms: f64) -> FakeSleep {
        let at = self.0.borrow().now + ms;
        FakeSleep { host: self.clone(), at, yielded: false }
    }
}

fn host(tick: f64) -> FakeHost {
    FakeHost(Rc::new(RefCell::new(FakeState { now: 0.0, tick, timers: vec![] })))
}

/// Runs the loop, firing timers in time order, until every task returned.
/// `cancel_after` stops the run once that much fake time has passed.
pub(crate) fn drive(model: &Model, tick: f64, cancel_after: Option<f64>) -> (RunResult, EventLoopRun) {
    let h = host(tick);
    let (run, tasks) = EventLoopRun::new(model, h.clone(), CancelToken::new(), 1 << 16);
    let mut pool = LocalPool::new();
    for t in tasks {
        pool.spawner().spawn_local(t).unwrap();
    }
    loop {
        pool.run_until_stalled();
        if let Some(r) = run.result() {
            return (r, run);
        }
        let due = {
            let mut s = h.0.borrow_mut();
            let next = s.timers.iter().map(|t| t.0).fold(f64::INFINITY, f64::min);
            assert!(next.is_finite(), "the loop is idle with no timer and no result");
            s.now = s.now.max(next);
            let now = s.now;
            let (due, later): (Vec<_>, Vec<_>) = s.timers.drain(..).partition(|t| t.0 <= now);
            s.timers = later;
            due
        };
        for (_, w) in due {
            w.wake();
        }
        if cancel_after.is_some_and(|c| h.0.borrow().now >= c) {
            run.cancel();
        }
    }
}

#[test]
fn on_the_event_loop_sleeping_lets_the_spinner_turn() {
    let m = lesson("spinner", &[("slow", "sleep")]);
    let (r, run) = drive(&m, 0.001, None);
    assert_eq!((r.outcome.clone(), r.answer), (Outcome::Completed, Some(42)));
    assert!(r.counter("ticks").unwrap() >= 25, "{:?}", r.counters);
    assert!(run.max_gap_ms() < 50.0, "{}", run.max_gap_ms());
}

#[test]
fn on_the_event_loop_working_freezes_the_spinner_until_the_work_is_done() {
    let m = lesson("spinner", &[("slow", "work")]);
    let (r, run) = drive(&m, 1.0, None);
    assert_eq!((r.outcome.clone(), r.answer), (Outcome::Completed, Some(42)));
    assert!(r.counter("ticks").unwrap() <= 2, "{:?}", r.counters);
    assert!(run.max_gap_ms() >= 3000.0, "{}", run.max_gap_ms());
}

#[test]
fn on_the_event_loop_no_update_is_lost_without_an_await_between_read_and_write() {
    let m = lesson("race", &[("mode", "unsafe"), ("pause", "none"), ("threads", "4"), ("increments", "50")]);
    let (r, _) = drive(&m, 0.001, None);
    assert_eq!((r.outcome.clone(), r.counter("n")), (Outcome::Completed, Some(200)));
}

#[test]
fn on_the_event_loop_an_await_between_read_and_write_loses_updates() {
    let m = lesson("race", &[("mode", "unsafe"), ("threads", "4"), ("increments", "50")]);
    let (r, _) = drive(&m, 0.001, None);
    assert!(r.counter("n").unwrap() < 200);
    assert!(matches!(r.outcome, Outcome::InvariantViolated { .. }));
}

#[test]
fn on_the_event_loop_two_locks_in_opposite_order_deadlock_and_the_cycle_is_named() {
    let m = lesson("deadlock", &[("strategy", "naive")]);
    let (r, _) = drive(&m, 0.001, None);
    let Outcome::Deadlock { cycle } = &r.outcome else { panic!("{:?}", r.outcome) };
    let names: Vec<&str> = cycle.iter().map(|l| l.actor_name.as_str()).collect();
    assert_eq!(names, ["task1", "task2"]);
    for variant in ["ordered", "timeout"] {
        let m = lesson("deadlock", &[("strategy", variant), ("rounds", "2")]);
        assert_eq!(drive(&m, 0.001, None).0.outcome, Outcome::Completed, "{variant}");
    }
}

#[test]
fn on_the_event_loop_every_primitive_lesson_completes() {
    for (id, pairs) in [
        ("bounded-buffer", vec![("items", "3")]),
        ("connection-pool", vec![]),
        ("barrier", vec![]),
        ("event", vec![]),
        ("worker-pool", vec![]),
        ("rate-limiter", vec![("requests", "4")]),
        ("race", vec![("mode", "locked")]),
    ] {
        let m = lesson(id, &pairs);
        assert_eq!(drive(&m, 0.001, None).0.outcome, Outcome::Completed, "{id}");
    }
}

#[test]
fn on_the_event_loop_a_consumer_nobody_feeds_is_reported_stuck() {
    let mut b = interleave_engine::builder::ModelBuilder::new("t");
    let q = b.queue("q", 1);
    b.actor("consumer", |b| {
        b.get(q);
    });
    let (r, _) = drive(&b.build().unwrap(), 0.001, None);
    assert!(matches!(r.outcome, Outcome::Deadlock { .. }), "{:?}", r.outcome);
}

#[test]
fn on_the_event_loop_stop_ends_every_task() {
    let m = lesson("spinner", &[("slow", "sleep")]);
    let (r, _) = drive(&m, 0.001, Some(500.0));
    assert_eq!(r.outcome, Outcome::Cancelled);
    assert_eq!(r.answer, None);
}

/// One thread runs one task at a time: busy is the time a task really ran,
/// so the tasks' busy times add up to no more than the run, and a task that
/// waited for its turn was ready, not busy (issue 11: four workers each
/// showed 100% busy although one of them checked all the numbers).
#[test]
fn on_the_event_loop_busy_is_the_time_a_task_really_ran() {
    let m = lesson("primes", &[("workers", "4"), ("numbers", "small")]);
    let (r, _) = drive(&m, 0.01, None);
    assert_eq!(r.outcome, Outcome::Completed);
    let busy: f64 = r.summary.actors.iter().map(|a| a.busy_ms).sum();
    assert!(busy <= r.summary.elapsed_ms + 1e-6, "busy {busy} ms in a run of {} ms", r.summary.elapsed_ms);
    assert!(r.summary.actors.iter().all(|a| a.busy_ms > 0.0));
    assert!(r.summary.actors.iter().any(|a| a.ready_ms > 0.0), "somebody waited for its turn");
}

/// Runs a lesson file's program on the loop with the fake timer.
fn drive_program(name: &str, given: &[(&str, &str)], tick: f64) -> (RunResult, EventLoopRun) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons").join(format!("{name}.py"));
    let src = std::fs::read_to_string(path).unwrap();
    drive_source(name, &src, given, tick)
}

/// Runs a program from its text on the loop with the fake timer (each read
/// of the clock moves it by `tick` ms).
pub(crate) fn drive_source(name: &str, src: &str, given: &[(&str, &str)], tick: f64) -> (RunResult, EventLoopRun) {
    use interleave_engine::py::{self, vm::World};
    let given: Vec<(String, String)> = given.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let world = World::new(py::compile(src).unwrap(), &given, 0);
    let h = host(tick);
    let pool = Rc::new(RefCell::new(LocalPool::new()));
    let spawner = pool.borrow().spawner();
    let spawn: Rc<dyn Fn(interleave_engine::eventloop::Task)> = Rc::new(move |t| spawner.spawn_local(t).unwrap());
    let (run, main) = EventLoopRun::new_program(name, world, h.clone(), CancelToken::new(), 1 << 16, spawn.clone());
    spawn(main);
    loop {
        pool.borrow_mut().run_until_stalled();
        if let Some(r) = run.result() {
            return (r, run);
        }
        let due = {
            let mut s = h.0.borrow_mut();
            let next = s.timers.iter().map(|t| t.0).fold(f64::INFINITY, f64::min);
            assert!(next.is_finite(), "the loop is idle with no timer and no result");
            s.now = s.now.max(next);
            let now = s.now;
            let (due, later): (Vec<_>, Vec<_>) = s.timers.drain(..).partition(|t| t.0 <= now);
            s.timers = later;
            due
        };
        for (_, w) in due {
            w.wake();
        }
    }
}

/// The spinner from its Python text: sleeping lets the spinner's thread
/// draw its frames; computing freezes the loop, so it draws almost none.
#[test]
fn the_spinner_program_turns_while_slow_sleeps_and_freezes_while_it_works() {
    let frames = |run: &EventLoopRun| {
        run.with_trace(|_| ());
        run.output_of(1).matches('\r').count()
    };
    let (r, run) = drive_program("spinner", &[("slow", "sleep")], 0.001);
    assert_eq!(r.outcome, Outcome::Completed);
    assert!(frames(&run) >= 25, "{}", frames(&run));
    let (r, run) = drive_program("spinner", &[("slow", "work")], 1.0);
    assert_eq!(r.outcome, Outcome::Completed);
    assert!(frames(&run) <= 4, "{}", frames(&run));
    assert!(run.max_gap_ms() >= 3000.0, "{}", run.max_gap_ms());
}

#[test]
fn the_bounded_buffer_program_runs_on_the_loop() {
    let (r, _) = drive_program("bounded-buffer", &[], 0.001);
    assert_eq!(r.outcome, Outcome::Completed);
    assert_eq!(r.summary.actors.len(), 5, "the main thread, two producers, two consumers");
}
