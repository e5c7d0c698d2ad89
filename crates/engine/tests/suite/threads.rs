//! The threads runtime: real threads, real blocking, Stop that always works.

use crate::common::*;
use interleave_engine::cancel::CancelToken;
use interleave_engine::outcome::Outcome;
use interleave_engine::threads::{native_clock, run_native, ThreadsConfig, ThreadsRun};
use interleave_engine::trace::ActorState;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[test]
fn on_real_threads_an_unlocked_counter_loses_updates() {
    let m = lesson("race", &[("mode", "unsafe"), ("threads", "8"), ("increments", "2000")]);
    let mut lost = Vec::new();
    for _ in 0..10 {
        let r = on_threads(&m);
        let l = 16_000 - r.counter("n").unwrap();
        lost.push(l);
        if l > 0 {
            assert!(matches!(r.outcome, Outcome::InvariantViolated { .. }), "{:?}", r.outcome);
            break;
        }
    }
    assert!(lost.iter().any(|&l| l > 0), "no update was lost in {lost:?}");
}

#[test]
fn on_real_threads_locked_and_atomic_counters_never_lose_an_update() {
    for mode in ["locked", "atomic"] {
        let m = lesson("race", &[("mode", mode), ("threads", "4"), ("increments", "500")]);
        for _ in 0..3 {
            let r = on_threads(&m);
            assert_eq!(r.counter("n"), Some(2000), "{mode}");
            assert_eq!(r.outcome, Outcome::Completed);
        }
    }
}

#[test]
fn on_real_threads_the_deadlock_is_detected_and_the_cycle_named() {
    // A long hold, so a thread started late on a loaded machine still meets the other's lock.
    let m = lesson("deadlock", &[("strategy", "naive"), ("hold", "1000")]);
    let r = on_threads(&m);
    let Outcome::Deadlock { cycle } = &r.outcome else { panic!("{:?}", r.outcome) };
    let names: Vec<(&str, &str)> = cycle.iter().map(|l| (l.actor_name.as_str(), l.object_name.as_str())).collect();
    assert_eq!(names, vec![("task1", "lock_b"), ("task2", "lock_a")]);
    assert!(r.summary.total_events > 0);
}

#[test]
fn on_real_threads_ordered_locks_and_timeouts_finish() {
    for variant in ["ordered", "timeout"] {
        let m = lesson("deadlock", &[("strategy", variant), ("hold", "5"), ("rounds", "3")]);
        assert_eq!(threads_outcomes(&m, 3), set(&["completed"]), "{variant}");
    }
}

#[test]
fn a_stuck_consumer_is_found_by_the_watchdog() {
    let mut b = interleave_engine::builder::ModelBuilder::new("t");
    let q = b.queue("q", 1);
    b.actor("consumer", |b| {
        b.get(q);
    });
    let r = run_native(&b.build().unwrap(), ThreadsConfig { stall_ms: 50.0, ..ThreadsConfig::default() }, CancelToken::new());
    let Outcome::Deadlock { cycle } = r.outcome else { panic!("{:?}", r.outcome) };
    assert_eq!(cycle[0].object_name, "q");
}

fn start_std(model: &interleave_engine::model::Model, config: ThreadsConfig) -> (ThreadsRun, Arc<Mutex<Vec<std::thread::JoinHandle<()>>>>) {
    let handles = Arc::new(Mutex::new(Vec::new()));
    let h2 = handles.clone();
    let spawn = move |job: Box<dyn FnOnce() + Send>| {
        h2.lock().unwrap().push(std::thread::Builder::new().name("actor".into()).spawn(job).unwrap());
    };
    let run = ThreadsRun::start(model, config, native_clock(), CancelToken::new(), &spawn);
    (run, handles)
}

#[test]
fn stop_during_a_deadlock_returns_every_thread_a_hundred_times_in_a_row() {
    let m = lesson("deadlock", &[("strategy", "naive"), ("hold", "20")]);
    let config = ThreadsConfig { detect_deadlock: false, ..ThreadsConfig::default() };
    let mut deadlocked = 0;
    for i in 0..100 {
        let (mut run, handles) = start_std(&m, config);
        // Wait (bounded) until both tasks are blocked.
        for _ in 0..500 {
            assert!(run.poll().is_none() || run.alive() == 0);
            let blocked = run.trace().actors().iter().filter(|a| matches!(a.state, ActorState::Blocked { .. })).count();
            if blocked == 2 || run.alive() == 0 {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        if run.alive() == 2 {
            deadlocked += 1;
        }
        run.stop();
        let mut result = None;
        for _ in 0..5000 {
            if let Some(r) = run.poll() {
                result = Some(r);
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let r = result.unwrap_or_else(|| panic!("iteration {i}: threads did not return"));
        assert_eq!(run.alive(), 0);
        let joined = handles.lock().unwrap().drain(..).map(|h| h.join().is_ok()).filter(|&ok| ok).count();
        assert_eq!(joined, 2, "iteration {i}");
        assert!(matches!(r.outcome, Outcome::Cancelled | Outcome::Completed), "{:?}", r.outcome);
    }
    assert!(deadlocked > 50, "only {deadlocked} of 100 runs deadlocked before Stop");
}

#[test]
fn a_panic_inside_an_actor_fails_the_run_instead_of_crashing_it() {
    let m = lesson("race", &[("mode", "atomic"), ("threads", "2"), ("increments", "10")]);
    let handles = Arc::new(Mutex::new(Vec::new()));
    let h2 = handles.clone();
    let spawn = move |job: Box<dyn FnOnce() + Send>| {
        h2.lock().unwrap().push(std::thread::Builder::new().name("boom".into()).spawn(job).unwrap());
    };
    let base = native_clock();
    let clock: interleave_engine::threads::Clock = Arc::new(move || {
        if std::thread::current().name() == Some("boom") {
            panic!("the clock broke");
        }
        base()
    });
    let mut run = ThreadsRun::start(&m, ThreadsConfig::default(), clock, CancelToken::new(), &spawn);
    let r = loop {
        if let Some(r) = run.poll() {
            break r;
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    for h in handles.lock().unwrap().drain(..) {
        assert!(h.join().is_ok(), "the panic was caught inside the thread");
    }
    assert!(matches!(&r.outcome, Outcome::Failed { message } if message.contains("the clock broke")), "{:?}", r.outcome);
}

#[test]
fn releasing_a_lock_not_held_fails_on_threads_too() {
    let mut b = interleave_engine::builder::ModelBuilder::new("t");
    let l = b.mutex("lock");
    b.actor("rogue", |b| {
        b.unlock(l);
    });
    let r = on_threads(&b.build().unwrap());
    assert_eq!(r.outcome.kind(), interleave_engine::contract::OutcomeKind::Failed);
}

#[test]
fn the_spinner_answers_42_on_threads_when_slow_sleeps_briefly() {
    // The lesson's 3 s are too long for a test: the same shape, shorter.
    let mut b = interleave_engine::builder::ModelBuilder::new("spinner");
    let done = b.event("done");
    b.actor("slow", |b| {
        b.work(20).answer(42).set_event(done);
    });
    b.actor("spin", |b| {
        b.wait_event(done);
    });
    let r = on_threads(&b.build().unwrap());
    assert_eq!((r.outcome, r.answer), (Outcome::Completed, Some(42)));
}

/// The page's consumer drains a bounded number of events per frame and the
/// ring drops the rest: the run's final accounting must not care. At the
/// largest race (16 threads x 10,000 increments), in every mode, with the
/// page's own cap: every actor did work and shows it, every actor ends
/// done, and the trace's final counter is the true one, however many events
/// were dropped (issue 11: threads showed `0 0 0 0` and stale states).
#[test]
fn thinned_events_never_change_a_finished_runs_accounting() {
    for mode in ["unsafe", "locked", "atomic"] {
        let m = lesson("race", &[("mode", mode), ("threads", "16"), ("increments", "10000"), ("pause", "none")]);
        // The page's figures: a 65,536-event ring drained 8,192 events at a time, once a frame.
        let config = ThreadsConfig { ring: 1 << 16, drain_max: 8_192, window: 20_000, ..ThreadsConfig::default() };
        let handles = Mutex::new(Vec::new());
        let spawn = |job: Box<dyn FnOnce() + Send>| {
            handles.lock().unwrap().push(std::thread::spawn(job));
        };
        let mut run = ThreadsRun::start(&m, config, native_clock(), CancelToken::new(), &spawn);
        let r = loop {
            if let Some(r) = run.poll() {
                break r;
            }
            std::thread::sleep(Duration::from_millis(16));
        };
        for h in handles.into_inner().unwrap() {
            h.join().unwrap();
        }
        let trace = run.trace();
        assert!(trace.reconciled(), "{mode}");
        assert!(trace.dropped() > 0, "{mode}: the test must exercise thinning ({} events)", trace.total_events());
        assert_eq!(trace.emitted_events(), trace.total_events() + trace.dropped());
        // Where the events were dropped is known: those stretches are drawn as not recorded.
        assert!(!trace.gaps().is_empty(), "{mode}");
        assert!(trace.gaps().windows(2).all(|w| w[0].1 <= w[1].0), "{mode}: gaps in time order");
        assert_eq!(r.summary.actors.len(), 16);
        for (i, a) in r.summary.actors.iter().enumerate() {
            assert!(a.busy_ms > 0.0, "{mode}: t{i} did 10,000 increments but shows busy {}", a.busy_ms);
            assert_eq!(a.state, ActorState::Done, "{mode}: t{i}");
            // (The atomic add is one line, so it changes state only twice.)
            if mode != "atomic" {
                assert!(a.events >= 10_000, "{mode}: t{i} counted {} state changes", a.events);
            }
        }
        let n = r.counter("n").unwrap();
        let drawn = trace.objects().iter().find_map(|o| match o {
            interleave_engine::trace::ObjectState::Counter { value } => Some(*value),
            _ => None,
        });
        assert_eq!(drawn, Some(n), "{mode}: the trace's final counter is the true one");
        if mode != "unsafe" {
            assert_eq!(n, 160_000, "{mode}");
        }
        // Every mutex ends free, with nobody waiting.
        for o in trace.objects() {
            if let interleave_engine::trace::ObjectState::Mutex { holder, waiters } = o {
                assert_eq!((holder, waiters.len()), (&None, 0), "{mode}");
            }
        }
        assert!(r.summary.elapsed_ms >= trace.last_ms() - 1e-9);
    }
}
