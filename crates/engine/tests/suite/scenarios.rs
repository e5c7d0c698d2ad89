//! The scenario library: every catalogue entry builds, runs and is judged,
//! on the simulator and on real threads; the lessons that go wrong are
//! caught going wrong, with the seed that shows it.

use crate::common::*;
use interleave_engine::cancel::CancelToken;
use interleave_engine::lessons::{self, build_from_pairs, build_from_pairs_seeded};
use interleave_engine::model::Model;
use interleave_engine::outcome::{Outcome, RunResult};
use interleave_engine::params::{ParamKind, Params};
use interleave_engine::scenarios::{BACKENDS, BACKEND_SPEC, CATALOG, MAX_ACTORS};
use interleave_engine::sim::simulate;
use interleave_engine::threads::ThreadsConfig;
use interleave_engine::trace::{ActorState, EventKind};

/// Whether a default run shows the lesson by holding its check (true) or by
/// going wrong on purpose (the naive deadlock, the unsafe counter).
fn default_goes_wrong(id: &str) -> bool {
    matches!(id, "deadlock" | "race")
}

fn assert_default_outcome(id: &str, r: &RunResult, how: &str) {
    if default_goes_wrong(id) {
        assert!(
            matches!(r.outcome, Outcome::Deadlock { .. } | Outcome::InvariantViolated { .. }),
            "{id} ({how}): {:?}",
            r.outcome
        );
    } else {
        assert_eq!(r.outcome, Outcome::Completed, "{id} ({how}): {:?}", r.outcome.message());
    }
}

#[test]
fn every_catalogue_entry_starts_with_the_backend_and_builds_with_its_defaults() {
    assert_eq!(CATALOG.len(), 14);
    let ids: Vec<&str> = CATALOG.iter().map(|s| s.id).collect();
    assert_eq!(
        ids,
        [
            "spinner",
            "bounded-buffer",
            "deadlock",
            "barrier",
            "race",
            "primes",
            "connection-pool",
            "rate-limiter",
            "event",
            "worker-pool",
            "gather",
            "timeout",
            "async-spinner",
            "processes"
        ]
    );
    for s in CATALOG {
        assert_eq!(s.params[0], BACKEND_SPEC, "{}", s.id);
        assert!(!s.title.is_empty() && !s.summary.is_empty() && s.lesson.to_lowercase().contains("seed"), "{}", s.id);
        for p in s.params {
            assert!(p.validate(&p.default_text()).is_ok(), "{}.{}", s.id, p.name);
            assert!(!["seed", "schedule"].contains(&p.name), "{}.{} is a reserved URL key", s.id, p.name);
        }
        for (backend, why) in s.backend_notes {
            assert!(BACKENDS.contains(backend) && !why.is_empty(), "{}: {backend}", s.id);
        }
        if interleave_engine::registry::built(s.id).is_none() {
            // A lesson that is only its program (no model in Rust): it compiles.
            let src = interleave_engine::py::lessons::source(s.id).unwrap_or_else(|| panic!("{} has a program", s.id));
            interleave_engine::py::compile(src).unwrap_or_else(|e| panic!("{}: {}", s.id, e.sentence(src)));
            continue;
        }
        let m = lessons::build(s.id, &Params::defaults(s.params)).unwrap_or_else(|e| panic!("{}: {e}", s.id));
        assert_eq!(m.id, s.id);
        assert!(!m.checks.is_empty(), "{} has a check", s.id);
        assert!(m.source.lines().count() > 3, "{} has a source", s.id);
        assert!(lessons::build_seeded(s.id, &Params::defaults(s.params), 7).is_ok(), "{}", s.id);
    }
}

#[test]
fn at_the_largest_parameters_no_scenario_has_more_actors_than_the_pool() {
    for s in CATALOG.iter().filter(|s| interleave_engine::registry::built(s.id).is_some()) {
        let ints: Vec<(&str, i64)> = s
            .params
            .iter()
            .filter_map(|p| match p.kind {
                ParamKind::Int { max, .. } => Some((p.name, max)),
                _ => None,
            })
            .collect();
        let choices: Vec<(&str, &[&str])> = s
            .params
            .iter()
            .skip(1)
            .filter_map(|p| match p.kind {
                ParamKind::Choice(o) => Some((p.name, o)),
                _ => None,
            })
            .collect();
        // Every option of every choice, with every number at its maximum.
        let mut combos: Vec<Vec<(&str, String)>> = vec![vec![]];
        for (name, options) in &choices {
            combos = combos
                .into_iter()
                .flat_map(|c| options.iter().map(move |o| [c.clone(), vec![(*name, o.to_string())]].concat()))
                .collect();
        }
        for combo in combos {
            let mut pairs: Vec<(&str, String)> = ints.iter().map(|(n, v)| (*n, v.to_string())).collect();
            pairs.extend(combo);
            let raw: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (*n, v.as_str())).collect();
            let m = build_from_pairs(s.id, &raw).unwrap_or_else(|e| panic!("{}: {e}", s.id));
            assert!(m.actors.len() <= MAX_ACTORS, "{} {raw:?}: {} actors", s.id, m.actors.len());
        }
    }
}

#[test]
fn every_scenario_with_its_defaults_runs_judged_on_the_simulator() {
    for s in CATALOG.iter().filter(|s| interleave_engine::registry::built(s.id).is_some()) {
        for seed in 0..3 {
            let m = build_from_pairs_seeded(s.id, &[], seed).unwrap();
            let r = simulate(&m, seed);
            assert_default_outcome(s.id, &r, &format!("sim seed {seed}"));
            assert!(r.check_report(&m).is_some(), "{} reports its check", s.id);
        }
    }
}

#[test]
fn every_scenario_with_its_defaults_runs_judged_on_real_threads() {
    for s in CATALOG.iter().filter(|s| interleave_engine::registry::built(s.id).is_some()) {
        if s.id == "spinner" {
            continue; // 3 s of work: tests/spinner.rs covers it
        }
        let m = build_from_pairs_seeded(s.id, &[], 1).unwrap();
        let r = on_threads(&m);
        if s.id == "race" {
            // Losing updates on real threads is likely, not certain: judged below.
            assert!(matches!(r.outcome, Outcome::Completed | Outcome::InvariantViolated { .. }), "{:?}", r.outcome);
            continue;
        }
        assert_default_outcome(s.id, &r, "threads");
    }
}

// ---- the bounded buffer ---------------------------------------------------

#[test]
fn the_bounded_buffer_stays_within_capacity_and_every_item_leaves_once_in_order() {
    for (pairs, items) in [(vec![], 10), (vec![("capacity", "1"), ("producers", "3"), ("consumers", "1")], 15)] {
        let m = lesson("bounded-buffer", &pairs);
        assert_eq!(outcome_kinds(&m, 30), set(&["completed"]), "{pairs:?}");
        let r = simulate(&m, 4);
        let consumed: Vec<i64> = r.produced.iter().filter(|p| p.label == "consumed").map(|p| p.value).collect();
        assert_eq!(consumed.len(), items);
    }
    let m = lesson("bounded-buffer", &[("produce_ms", "0"), ("consume_ms", "0"), ("items", "20")]);
    assert_eq!(threads_outcomes(&m, 2), set(&["completed"]));
}

#[test]
fn with_notify_one_on_one_shared_condition_a_wake_up_is_lost_and_everyone_waits() {
    // capacity=1, seed 0: a producer's notify() wakes the other producer,
    // which finds the buffer still full and waits again.
    let m = lesson("bounded-buffer", &[("wakeup", "notify_one"), ("capacity", "1")]);
    let r = simulate(&m, 0);
    let Outcome::Deadlock { cycle } = &r.outcome else { panic!("{:?}", r.outcome) };
    assert!(cycle.iter().all(|l| l.object_name == "cond" && l.held_by.is_none()), "{cycle:?}");
    let msg = r.outcome.message().unwrap();
    assert!(msg.starts_with("lost wake-up: ") && msg.contains("nobody is left to notify"), "{msg}");
    // The replay of the printed schedule shows the same hang.
    let schedule = interleave_engine::schedule::Schedule::parse(r.schedule.as_deref().unwrap()).unwrap();
    assert_eq!(interleave_engine::sim::replay(&m, &schedule).unwrap().outcome, r.outcome);
    // notify_all never hangs on the same parameters.
    let m = lesson("bounded-buffer", &[("wakeup", "notify_all"), ("capacity", "1")]);
    assert_eq!(outcome_kinds(&m, 50), set(&["completed"]));
}

// ---- deadlock ------------------------------------------------------------

#[test]
fn naive_locking_deadlocks_and_the_cycle_is_named() {
    let r = simulate(&lesson("deadlock", &[]), 0);
    assert_eq!(
        r.outcome.message().unwrap(),
        "deadlock: task1 waits for lock_b, held by task2; task2 waits for lock_a, held by task1"
    );
    let r = simulate(&lesson("deadlock", &[("philosophers", "5")]), 0);
    assert_eq!(r.outcome.deadlocked_actors(), vec![0, 1, 2, 3, 4], "{:?}", r.outcome.message());
    // A long hold: on a loaded machine (the suite's other tests run beside
    // it) a philosopher may start late; each must still find its fork taken.
    let r = on_threads(&lesson("deadlock", &[("philosophers", "3"), ("hold", "1000")]));
    assert_eq!(r.outcome.deadlocked_actors().len(), 3, "{:?}", r.outcome);
}

#[test]
fn ordered_philosophers_never_deadlock() {
    for n in ["2", "3", "5", "8"] {
        let m = lesson("deadlock", &[("philosophers", n), ("strategy", "ordered")]);
        assert_eq!(outcome_kinds(&m, 100), set(&["completed"]), "{n}");
    }
}

#[test]
fn with_a_timeout_philosophers_back_off_retry_and_all_eat() {
    for n in ["2", "5", "8"] {
        let m = lesson("deadlock", &[("philosophers", n), ("strategy", "timeout")]);
        for r in runs(&m, 20) {
            assert_eq!(r.outcome, Outcome::Completed, "{n}");
            assert!(lessons::retries(&r).unwrap() >= 1, "everyone took its first fork: someone retried");
        }
    }
    let r = on_threads(&lesson("deadlock", &[("strategy", "timeout")]));
    assert_eq!(r.outcome, Outcome::Completed);
    assert!(lessons::retries(&r).unwrap() >= 1);
}

// ---- barrier ---------------------------------------------------------------

#[test]
fn at_the_barrier_no_worker_starts_a_phase_before_all_finished_the_last() {
    for seed in 0..20 {
        let m = lessons::barrier(4, 3, seed).unwrap();
        let r = simulate(&m, seed);
        assert_eq!(r.outcome, Outcome::Completed, "seed {seed}");
        assert_eq!(lessons::phase_waits(&r).len(), 3);
    }
    // Different seeds, different phase durations.
    assert_ne!(lessons::barrier(4, 3, 1).unwrap().source, lessons::barrier(4, 3, 2).unwrap().source);
    let r = on_threads(&lessons::barrier(6, 2, 3).unwrap());
    assert_eq!(r.outcome, Outcome::Completed);
    let waits = lessons::phase_waits(&r);
    assert_eq!(waits.len(), 2);
    assert!(waits.iter().all(|&w| w >= 0), "{waits:?}");
}

// ---- race --------------------------------------------------------------------

#[test]
fn an_unlocked_counter_loses_updates_under_seed_0_and_on_real_threads() {
    let m = lesson("race", &[]);
    let r = simulate(&m, 0);
    let lost = lessons::lost_updates(&m, &r).unwrap();
    assert!(lost > 0);
    let Outcome::InvariantViolated { check, detail } = &r.outcome else { panic!("{:?}", r.outcome) };
    assert_eq!(check, "no increment is lost");
    assert!(detail.ends_with(&format!("{lost} updates lost")), "{detail}");
    let losses: Vec<i64> = (0..5).map(|_| lessons::lost_updates(&m, &on_threads(&m)).unwrap()).take_while(|&l| l == 0).collect();
    assert!(losses.len() < 5, "five runs on real threads lost nothing");
}

#[test]
fn a_pause_between_read_and_write_loses_most_updates_and_a_lock_still_loses_none() {
    // Four threads that all read, sleep 2 ms, then write: each round keeps one increment of four.
    let m = lesson("race", &[("threads", "4"), ("increments", "50"), ("pause_ms", "2")]);
    assert!(m.source.contains("time.sleep(0.002)"), "the code view shows the pause:\n{}", m.source);
    let lost = lessons::lost_updates(&m, &simulate(&m, 0)).unwrap();
    assert!(lost >= 100, "at least half of 200 lost on the simulator: {lost}");
    let lost = lessons::lost_updates(&m, &on_threads(&m)).unwrap();
    assert!(lost >= 100, "at least half of 200 lost on real threads: {lost}");
    let locked = lesson("race", &[("threads", "4"), ("increments", "10"), ("pause_ms", "1"), ("mode", "locked")]);
    let r = on_threads(&locked);
    assert_eq!((&r.outcome, lessons::lost_updates(&locked, &r)), (&Outcome::Completed, Some(0)));
}

#[test]
fn locked_and_atomic_counters_never_lose_an_update() {
    for mode in ["locked", "atomic"] {
        let m = lesson("race", &[("mode", mode), ("increments", "200")]);
        assert_eq!(outcome_kinds(&m, 20), set(&["completed"]), "{mode}");
        let r = on_threads(&m);
        assert_eq!((r.outcome, lessons::lost_updates(&m, &on_threads(&m))), (Outcome::Completed, Some(0)), "{mode}");
    }
}

// ---- primes ----------------------------------------------------------------

/// Four slow numbers of the fixture (tens of ms each): several switch intervals.
const SLOW: [u64; 4] = [3_333_333_333_333_301, 3_333_335_652_092_209, 4_444_444_444_444_423, 4_444_444_488_888_889];

/// The most workers computing at once, in the trace's order of events.
fn most_computing_at_once(r_trace: &[(usize, bool)]) -> usize {
    let mut on = std::collections::BTreeSet::new();
    let mut most = 0;
    for &(a, working) in r_trace {
        if working {
            on.insert(a);
        } else {
            on.remove(&a);
        }
        most = most.max(on.len());
    }
    most
}

fn working_events(run: &interleave_engine::threads::ThreadsRun) -> Vec<(usize, bool)> {
    run.trace()
        .window()
        .filter_map(|e| match &e.kind {
            EventKind::Actor { actor, state, .. } => Some((*actor, *state == ActorState::Working)),
            _ => None,
        })
        .collect()
}

fn run_traced(m: &Model) -> (RunResult, Vec<(usize, bool)>) {
    use interleave_engine::threads::{native_clock, ThreadsRun};
    let handles = std::sync::Mutex::new(Vec::new());
    let spawn = |job: Box<dyn FnOnce() + Send>| handles.lock().unwrap().push(std::thread::spawn(job));
    let config = ThreadsConfig { window: 1 << 18, ..ThreadsConfig::default() };
    let mut run = ThreadsRun::start(m, config, native_clock(), CancelToken::new(), &spawn);
    let r = loop {
        if let Some(r) = run.poll() {
            break r;
        }
        std::thread::sleep(std::time::Duration::from_micros(500));
    };
    for h in handles.lock().unwrap().drain(..) {
        h.join().unwrap();
    }
    assert_eq!(r.summary.dropped_events, 0);
    (r, working_events(&run))
}

#[test]
fn with_the_gil_two_workers_never_compute_at_once_and_without_it_they_do() {
    let (r, events) = run_traced(&lessons::primes(2, true, &SLOW).unwrap());
    assert_eq!(r.outcome, Outcome::Completed);
    assert_eq!(most_computing_at_once(&events), 1, "the GIL serialises the workers");
    assert!(events.iter().filter(|e| e.1).count() > SLOW.len(), "the numbers were computed in slices");
    let (r, events) = run_traced(&lessons::primes(2, false, &SLOW).unwrap());
    assert_eq!(r.outcome, Outcome::Completed);
    assert_eq!(most_computing_at_once(&events), 2, "without the GIL the workers overlap");
}

#[test]
fn the_primes_check_finds_nine_of_twenty_each_checked_once_and_timed() {
    let m = lesson("primes", &[]);
    let r = simulate(&m, 0);
    assert_eq!(r.outcome, Outcome::Completed);
    let results = lessons::prime_results(&r);
    assert_eq!(results.len(), 20);
    assert_eq!(results.iter().filter(|p| p.prime).count(), 9);
    let slow = results.iter().find(|p| p.n == 9_999_999_999_999_917).unwrap();
    assert!(slow.micros > 50_000, "the largest prime takes tens of ms of virtual time: {slow:?}");
}

#[test]
fn in_the_simulator_the_gil_takes_the_speed_up_away() {
    let elapsed = |workers, gil| simulate(&lessons::primes(workers, gil, &SLOW).unwrap(), 1).summary.elapsed_ms;
    let one = elapsed(1, false);
    let four = elapsed(4, false);
    let four_gil = elapsed(4, true);
    assert!(four < one / 2.0, "four workers: {four} vs one: {one}");
    assert!(four_gil >= one * 0.99, "with the GIL: {four_gil} vs one: {one}");
}

// ---- the rest ----------------------------------------------------------------

#[test]
fn the_connection_pool_never_lends_more_connections_than_it_has() {
    let m = lesson("connection-pool", &[("clients", "12"), ("connections", "2"), ("query_ms", "20")]);
    for r in runs(&m, 20) {
        assert_eq!(r.outcome, Outcome::Completed);
    }
    assert_eq!(on_threads(&m).outcome, Outcome::Completed);
}

#[test]
fn the_rate_limiter_never_admits_more_than_burst_plus_rate_times_the_window() {
    let m = lesson("rate-limiter", &[("requests", "12"), ("rate", "20"), ("burst", "3")]);
    for r in runs(&m, 10) {
        assert_eq!(r.outcome, Outcome::Completed);
        let t = lessons::admitted_times(&r);
        assert_eq!(t.len(), 12);
        assert_eq!(t.iter().filter(|&&t| t == 0).count(), 3, "the burst goes at once");
    }
    let r = on_threads(&m);
    assert_eq!(r.outcome, Outcome::Completed, "{:?}", r.outcome.message());
}

#[test]
fn a_rate_bound_check_catches_too_many_admissions() {
    use interleave_engine::model::CheckKind;
    let mut b = interleave_engine::builder::ModelBuilder::new("t");
    b.actor("a", |b| {
        b.answer(0);
    });
    b.check("bound", CheckKind::RateBound { label: "answer".into(), rate: 1, burst: 0 });
    let r = simulate(&b.build().unwrap(), 0);
    assert!(matches!(r.outcome, Outcome::InvariantViolated { .. }), "{:?}", r.outcome);
}

#[test]
fn no_worker_works_before_ready_and_all_stop_after_shutdown() {
    let m = lesson("event", &[("workers", "5")]);
    for r in runs(&m, 20) {
        assert_eq!(r.outcome, Outcome::Completed);
        assert!(r.counter("work_done").unwrap() >= 5);
    }
    assert_eq!(on_threads(&m).outcome, Outcome::Completed);
}

#[test]
fn every_job_is_processed_or_reported_exactly_once() {
    let m = lesson("worker-pool", &[("jobs", "20"), ("workers", "4"), ("fail_every", "3")]);
    for r in runs(&m, 20).chain(std::iter::once(on_threads(&m))) {
        assert_eq!(r.outcome, Outcome::Completed);
        let (done, failed) = lessons::job_report(&r);
        assert_eq!(failed.len(), 6);
        assert!(failed.iter().all(|j| j % 3 == 0));
        assert_eq!(done.len() + failed.len(), 20);
    }
}
