//! The explorer: every interleaving within a preemption bound, with
//! partial-order reduction that never loses an outcome brute force finds,
//! and counterexamples that replay.

use crate::common::*;
use interleave_engine::explore::{explore, ExploreConfig};
use interleave_engine::model::Model;
use interleave_engine::outcome::Outcome;
use interleave_engine::schedule::Schedule;
use interleave_engine::sim::replay;
use std::collections::BTreeSet;

fn brute(model: &Model) -> ExploreConfig {
    let _ = model;
    ExploreConfig { preemptions: u32::MAX, reduce: false, cache: false, ..ExploreConfig::default() }
}

fn keys(e: &interleave_engine::explore::Exploration) -> BTreeSet<String> {
    e.outcomes.keys().cloned().collect()
}

fn race(mode: &str, threads: &str, increments: &str) -> Model {
    lesson("race", &[("mode", mode), ("pause", "none"), ("threads", threads), ("increments", increments)])
}

#[test]
fn the_unsafe_race_loses_an_update_and_reduction_finds_every_outcome_brute_force_does() {
    let m = race("unsafe", "2", "2");
    let all = explore(&m, &brute(&m));
    assert!(all.complete);
    // Two threads, two increments each: the counter can end at 2, 3 or 4.
    assert_eq!(
        keys(&all),
        BTreeSet::from(["completed: n = 4".to_string(), "invariant-violated: n = 2".into(), "invariant-violated: n = 3".into()])
    );
    let reduced = explore(&m, &ExploreConfig { preemptions: u32::MAX, cache: false, ..ExploreConfig::default() });
    assert!(reduced.complete);
    assert_eq!(keys(&reduced), keys(&all), "reduction loses no outcome");
    // Every step touches n: no two commute, so there is nothing to reduce
    // (the 70 orders of 4 + 4 steps, each a distinct interleaving).
    assert_eq!((all.executions, reduced.executions), (70, 70));
    assert_eq!(all.states, None, "no cache, no count of states");
    // The cache: orders that reach the same state (t0 read 0 and wrote 1,
    // then t1 ...) are run to the end once.
    let cached = explore(&m, &ExploreConfig { preemptions: u32::MAX, ..ExploreConfig::default() });
    assert!(cached.complete);
    assert_eq!(keys(&cached), keys(&all), "the cache loses no outcome");
    assert!(cached.executions < 70 && cached.merged > 0, "{} executions, {} merged", cached.executions, cached.merged);
    let states = cached.states.expect("a cache counts its states");
    assert!(states > 0 && states < all.steps, "{states} states");
    // With the default bound, the lost update is found with one preemption.
    let bounded = explore(&m, &ExploreConfig::default());
    let c = bounded.counterexample.expect("a failing interleaving");
    assert_eq!(c.preemptions, 1);
    let r = replay(&m, &Schedule::parse(&c.schedule).unwrap()).unwrap();
    assert_eq!(r.outcome, c.outcome, "the counterexample replays to the same failure");
    assert!(matches!(r.outcome, Outcome::InvariantViolated { .. }));
}

#[test]
fn the_locked_and_atomic_races_never_fail() {
    for mode in ["locked", "atomic"] {
        let m = race(mode, "2", "2");
        let e = explore(&m, &ExploreConfig { preemptions: u32::MAX, ..ExploreConfig::default() });
        assert!(e.complete, "{mode}");
        assert_eq!(e.failing, 0, "{mode}: {:?}", e.outcomes);
        assert_eq!(keys(&e), BTreeSet::from(["completed: n = 4".to_string()]), "{mode}");
    }
}

#[test]
fn the_naive_philosophers_can_deadlock_and_the_ordered_ones_cannot() {
    for n in ["2", "3"] {
        let naive = lesson("deadlock", &[("philosophers", n), ("strategy", "naive"), ("hold", "0")]);
        let e = explore(&naive, &ExploreConfig::default());
        assert!(e.outcomes.keys().any(|k| k.starts_with("deadlock")), "{n} naive: {:?}", e.outcomes);
        let c = e.counterexample.expect("the cycle");
        assert!(matches!(c.outcome, Outcome::Deadlock { .. }));
        let r = replay(&naive, &Schedule::parse(&c.schedule).unwrap()).unwrap();
        assert_eq!(r.outcome, c.outcome);

        let ordered = lesson("deadlock", &[("philosophers", n), ("strategy", "ordered"), ("hold", "0")]);
        let e = explore(&ordered, &ExploreConfig::default());
        assert!(e.complete, "{n} ordered");
        assert_eq!(e.failing, 0, "{n} ordered: {:?}", e.outcomes);
    }
}

#[test]
fn reduction_agrees_with_brute_force_on_every_lesson_that_is_small_enough() {
    let cases: Vec<Model> = vec![
        race("unsafe", "3", "1"),
        lesson("bounded-buffer", &[("pairs", "1"), ("capacity", "1"), ("items", "2")]),
        lesson("deadlock", &[("philosophers", "2"), ("strategy", "timeout"), ("hold", "0")]),
        lesson("event", &[("workers", "2")]),
    ];
    let (mut with, mut without) = (0, 0);
    for m in &cases {
        let all = explore(m, &ExploreConfig { preemptions: 2, reduce: false, ..ExploreConfig::default() });
        let reduced = explore(m, &ExploreConfig { preemptions: 2, ..ExploreConfig::default() });
        assert!(all.complete && reduced.complete, "{}", m.id);
        assert_eq!(keys(&reduced), keys(&all), "{}: reduction loses no outcome", m.id);
        eprintln!("{}: {} executions, {} with reduction", m.id, all.executions, reduced.executions);
        (with, without) = (with + reduced.executions, without + all.executions);
    }
    assert!(with < without, "reduction explores fewer executions: {with} < {without}");
}

#[test]
fn the_notify_one_buffer_loses_its_wake_up_and_notify_all_does_not() {
    let one = lesson("bounded-buffer", &[("pairs", "2"), ("capacity", "1"), ("items", "1"), ("wakeup", "notify_one")]);
    let e = explore(&one, &ExploreConfig { preemptions: 1, ..ExploreConfig::default() });
    eprintln!("notify_one: {} executions, {:?}", e.executions, e.outcomes);
    assert!(e.outcomes.keys().any(|k| k.starts_with("deadlock")), "{:?}", e.outcomes);
    let c = e.counterexample.expect("the lost wake-up");
    let r = replay(&one, &Schedule::parse(&c.schedule).unwrap()).unwrap();
    let Outcome::Deadlock { cycle } = &r.outcome else { panic!("{:?}", r.outcome) };
    assert!(interleave_engine::outcome::is_lost_wakeup(cycle), "every stuck actor waits on the condition: {cycle:?}");
    // notify_all: no schedule within one preemption loses it.
    let all = lesson("bounded-buffer", &[("pairs", "2"), ("capacity", "1"), ("items", "1")]);
    let e = explore(&all, &ExploreConfig { preemptions: 1, ..ExploreConfig::default() });
    assert!(e.complete, "{} executions", e.executions);
    assert_eq!(e.failing, 0, "{:?}", e.outcomes);
}

/// The page runs the search in slices: slice by slice it finds exactly what
/// it finds in one go, and a stopped search says it is not complete.
#[test]
fn a_search_in_slices_finds_what_one_search_finds_and_a_stopped_one_is_not_complete() {
    use interleave_engine::explore::Explorer;
    let m = lesson("deadlock", &[("philosophers", "3"), ("strategy", "naive")]);
    let config = ExploreConfig { preemptions: 2, ..ExploreConfig::default() };
    let whole = explore(&m, &config);
    let mut e = Explorer::new_model(&m, config.clone());
    let mut slices = 0;
    while !e.run(7) {
        slices += 1;
    }
    assert!(slices > 3, "{slices} slices");
    assert_eq!(e.result(), whole);
    let mut e = Explorer::new_model(&m, config);
    e.run(7);
    e.stop();
    assert!(e.run(7));
    assert!(!e.result().complete);
}

/// Sampled runs (PCT, random) of the unsafe race: what they find is a
/// subset of what the search finds, they find the lost update, they never
/// claim completeness, and PCT's guarantee is stated with its n and k.
#[test]
fn sampled_runs_find_the_lost_update_and_say_what_they_guarantee() {
    use interleave_engine::explore::Method;
    let m = race("unsafe", "2", "2");
    let all = explore(&m, &brute(&m));
    for method in [Method::Pct { runs: 200, depth: 2 }, Method::Random { runs: 200 }] {
        let e = explore(&m, &ExploreConfig { method, ..ExploreConfig::default() });
        assert!(!e.complete, "{method:?}: sampling is never a proof");
        assert_eq!(e.executions, 200, "{method:?}");
        assert!(keys(&e).is_subset(&keys(&all)), "{method:?}: {:?}", e.outcomes);
        assert!(e.failing > 0, "{method:?} finds the lost update: {:?}", e.outcomes);
        let c = e.counterexample.expect("a failing run");
        let r = replay(&m, &Schedule::parse(&c.schedule).unwrap()).unwrap();
        assert_eq!(r.outcome, c.outcome, "{method:?}: its failing run replays");
        assert_eq!(e.method, method);
        assert_eq!(e.longest, 8 + e.actors as u64 - 2, "every run takes the same steps here");
    }
    let pct = explore(&m, &ExploreConfig { method: Method::Pct { runs: 100, depth: 2 }, ..ExploreConfig::default() });
    let said = pct.guarantee().unwrap();
    assert!(said.contains("100 PCT runs of depth 2") && said.contains(&format!("n = {} threads", pct.actors)), "{said}");
    assert!(explore(&m, &ExploreConfig::default()).guarantee().is_none());
    // The same runs, the same findings: sampling is seeded.
    let again = explore(&m, &ExploreConfig { method: Method::Pct { runs: 100, depth: 2 }, ..ExploreConfig::default() });
    assert_eq!(again, pct);
}

/// PCT is a priority scheduler: with depth 1 (no change point) the
/// thread with the higher priority runs all its increments before the other
/// reads, so no update is lost in any run; the lost update needs an order
/// of two steps (t1 reads, then t2 reads before t1 writes): depth 2 finds it.
#[test]
fn pct_needs_depth_two_for_the_lost_update() {
    use interleave_engine::explore::Method;
    let m = race("unsafe", "2", "2");
    let failing = |depth| explore(&m, &ExploreConfig { method: Method::Pct { runs: 300, depth }, ..ExploreConfig::default() }).failing;
    assert_eq!(failing(1), 0);
    assert!(failing(2) > 0);
}

/// The search split across threads walks the same tree: on every small
/// lesson and on a Python program, with 1, 2 and 4 threads, the same
/// executions, steps, outcomes and counterexample as one search; a stopped
/// one says it is not complete; a budget too small leaves it incomplete.
#[test]
fn a_search_split_across_threads_finds_exactly_what_one_search_finds() {
    use interleave_engine::explore::{explore_parallel, explore_program_parallel, Parallel};
    let cases: Vec<Model> = vec![
        race("unsafe", "2", "2"),
        race("locked", "2", "2"),
        lesson("deadlock", &[("philosophers", "3"), ("strategy", "naive"), ("hold", "0")]),
        lesson("bounded-buffer", &[("pairs", "2"), ("capacity", "1"), ("items", "1"), ("wakeup", "notify_one")]),
        lesson("event", &[("workers", "2")]),
    ];
    for m in &cases {
        // The split search keeps no cache (which thread reached a state
        // first would decide what is cut): it equals one search without one.
        let config = ExploreConfig { preemptions: 2, cache: false, ..ExploreConfig::default() };
        let one = explore(m, &config);
        assert!(one.complete, "{}", m.id);
        for threads in [1, 2, 4] {
            let split = explore_parallel(m, &config, threads);
            assert_eq!(split, one, "{} on {threads} threads", m.id);
        }
    }
    // A Python program: the race lesson's own source, 2 threads x 2.
    let src = interleave_engine::py::lessons::source("race").unwrap();
    let pairs = vec![("threads".to_string(), "2".to_string()), ("increments".to_string(), "2".to_string())];
    let world = || interleave_engine::py::vm::World::new(interleave_engine::py::compile(src).expect("compiles"), &pairs, 0);
    let config = ExploreConfig { preemptions: 2, cache: false, ..ExploreConfig::default() };
    let one = interleave_engine::explore::explore_program("race", world(), &config);
    assert!(one.failing > 0, "{:?}", one.outcomes);
    for threads in [2, 3] {
        assert_eq!(explore_program_parallel("race", world(), &config, threads), one, "program on {threads} threads");
    }
    // Stopped before it starts: nothing explored, not complete.
    let m = lesson("deadlock", &[("philosophers", "3"), ("strategy", "naive")]);
    let search = Parallel::new_model(&m, config.clone());
    search.stop();
    std::thread::scope(|s| {
        s.spawn(|| search.work());
        s.spawn(|| search.work());
    });
    let r = search.result();
    assert!(!r.complete);
    assert_eq!(r.executions, 0);
    // A budget of 10 executions: incomplete, about 10 explored.
    let big = race("unsafe", "3", "2");
    assert!(explore(&big, &config).executions > 100);
    let small = ExploreConfig { max_executions: 10, ..config };
    let r = explore_parallel(&big, &small, 2);
    assert!(!r.complete, "{} executions", r.executions);
    assert!(r.executions >= 10 && r.executions < 40, "{} executions", r.executions);
}

/// The state cache loses nothing: on every small lesson, with and without
/// reduction and under a bound, the cached search finds the same outcomes,
/// fails as often (some or none), is as complete, and its shortest
/// counterexample needs as few preemptions; it runs fewer schedules to
/// their end, and its counterexample replays.
#[test]
fn the_state_cache_finds_every_outcome_the_search_without_it_finds() {
    let cases: Vec<Model> = vec![
        race("unsafe", "2", "2"),
        race("unsafe", "3", "1"),
        race("locked", "2", "2"),
        lesson("deadlock", &[("philosophers", "3"), ("strategy", "naive"), ("hold", "0")]),
        lesson("deadlock", &[("philosophers", "2"), ("strategy", "timeout"), ("hold", "0")]),
        lesson("bounded-buffer", &[("pairs", "2"), ("capacity", "1"), ("items", "1"), ("wakeup", "notify_one")]),
        lesson("bounded-buffer", &[("pairs", "1"), ("capacity", "1"), ("items", "2")]),
        lesson("event", &[("workers", "2")]),
        lesson("barrier", &[("workers", "2"), ("phases", "2")]),
    ];
    let (mut with, mut without) = (0, 0);
    for m in &cases {
        for (preemptions, reduce) in [(1, true), (3, true), (2, false)] {
            let base = ExploreConfig { preemptions, reduce, ..ExploreConfig::default() };
            let plain = explore(m, &ExploreConfig { cache: false, ..base.clone() });
            let cached = explore(m, &base);
            let what = format!("{} (bound {preemptions}, reduce {reduce})", m.id);
            // Where the search without it runs out of budget, the cached one
            // may finish (it never does worse).
            assert!(cached.complete || !plain.complete, "{what}");
            if plain.complete {
                assert_eq!(keys(&cached), keys(&plain), "{what}: the cache loses no outcome");
            } else {
                assert!(keys(&plain).is_subset(&keys(&cached)), "{what}: the cache loses no outcome");
            }
            assert_eq!(cached.failing > 0, plain.failing > 0, "{what}");
            assert_eq!(
                cached.counterexample.as_ref().map(|c| c.preemptions),
                plain.counterexample.as_ref().map(|c| c.preemptions),
                "{what}: as few preemptions"
            );
            if let Some(c) = &cached.counterexample {
                let r = replay(m, &Schedule::parse(&c.schedule).unwrap()).unwrap();
                assert_eq!(r.outcome, c.outcome, "{what}: the counterexample replays");
            }
            assert!(cached.executions <= plain.executions, "{what}");
            (with, without) = (with + cached.executions, without + plain.executions);
        }
    }
    eprintln!("cached: {with} executions, without: {without}");
    assert!(with < without, "the cache saves work: {with} < {without}");
}

/// Two threads on the globals `x` and `y`, each running one or two of
/// `statements` chosen by `r` (thread `t`'s first one is `opening[t]` where
/// given), started and joined by a main function that ends by failing an
/// assert that shows `final_state`, so each final state is an outcome of
/// its own (and a deadlock is one too).
fn two_threads(r: &mut interleave_engine::rng::SplitMix64, prelude: &str, statements: &[&str], opening: Option<[usize; 2]>, final_state: &str) -> String {
    let mut pick = |n: usize| (r.next_u64() % n as u64) as usize;
    let mut src = format!("import threading\n{prelude}");
    for t in 0..2 {
        src.push_str(&format!("def t{t}():\n    global x, y\n"));
        for i in 0..(1 + pick(2)) {
            let chosen = pick(statements.len());
            let first = opening.map(|o| o[t]).filter(|_| i == 0);
            src.push_str(&format!("    {}\n", statements[first.unwrap_or(chosen)]));
        }
    }
    // A local list: the main thread's loops over it are not steps.
    src.push_str("def main():\n    ts = [threading.Thread(target=t0), threading.Thread(target=t1)]\n    for t in ts:\n        t.start()\n    for t in ts:\n        t.join()\n");
    src.push_str(&format!("    assert {final_state} == None, \"the final state\"\nmain()\n"));
    src
}

/// A small random program: two threads, each one or two statements on
/// two shared variables and two locks, chosen by `seed` ([`two_threads`]).
fn random_program(seed: u64) -> String {
    const STATEMENTS: [&str; 9] = [
        "x = y + 1",
        "y = x * 2",
        "x += 1",
        "tmp = x\n    y = tmp + 3",
        "with a:\n        x += 1",
        "with a:\n        y = x",
        "with b:\n        with a:\n            y = x + y",
        "with a:\n        with b:\n            x = y - 1",
        "if x > 0:\n        y = 7",
    ];
    // One program in four opens with the two locks in opposite orders.
    let opening = (seed % 4 == 0).then_some([7, 6]);
    let prelude = "x = 0\ny = 0\na = threading.Lock()\nb = threading.Lock()\n";
    two_threads(&mut interleave_engine::rng::SplitMix64::new(seed), prelude, &STATEMENTS, opening, "[x, y]")
}

/// The same random programs with sleeps of two lengths among their
/// statements (`seed` picks where), for searches under any timing.
fn random_timed_program(seed: u64) -> String {
    let mut r = interleave_engine::rng::SplitMix64::new(seed ^ 0x5EED);
    random_program(seed)
        .lines()
        .map(|l| {
            let indent = l.len() - l.trim_start().len();
            if indent == 4 && l.trim_start() != "global x, y" && !l.trim_start().starts_with("ts") && !l.trim_start().starts_with("for") && !l.trim_start().starts_with("assert") && r.next_u64() % 2 == 0 {
                format!("    time.sleep(0.0{})\n{l}", 1 + r.next_u64() % 2)
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .replacen("import threading", "import threading\nimport time", 1)
        + "\n"
}

/// Brute force (every order, no bound, no cache, within 5,000 executions:
/// a debug build's test must stay quick) against reduction, the cache and
/// both on the program `src` under `timing`: each of them is complete and
/// finds exactly brute force's outcomes. `None` where brute force ran out
/// of budget (too big to be a witness); else brute force's exploration and
/// the executions of the reduced and cached search.
fn same_outcomes_as_brute_force(src: &str, timing: interleave_engine::sim::Timing, what: &str) -> Option<(interleave_engine::explore::Exploration, u64)> {
    use interleave_engine::explore::explore_program;
    use interleave_engine::py::{compile, vm::World};
    let world = || World::new(compile(src).unwrap_or_else(|e| panic!("{e:?}\n{src}")), &[], 0);
    let every = ExploreConfig { preemptions: u32::MAX, timing, ..ExploreConfig::default() };
    let all = explore_program("program", world(), &ExploreConfig { reduce: false, cache: false, max_executions: 5_000, ..every.clone() });
    if !all.complete {
        return None;
    }
    let mut best = 0;
    for (reduce, cache) in [(true, false), (false, true), (true, true)] {
        let e = explore_program("program", world(), &ExploreConfig { reduce, cache, ..every.clone() });
        assert!(e.complete, "{what}");
        assert_eq!(keys(&e), keys(&all), "{what}, reduce {reduce}, cache {cache}: an outcome lost\n{src}");
        if reduce && cache {
            best = e.executions;
        }
    }
    Some((all, best))
}

/// Under any timing too (sleeps end at any moment, an early end a
/// choice), reduction and the cache lose no outcome brute force finds.
#[test]
fn under_any_timing_reduction_and_the_cache_never_lose_an_outcome_of_a_random_program_that_sleeps() {
    let (mut checked, mut sleeps, mut brute_runs, mut best_runs) = (0, 0, 0, 0);
    for seed in 0..40 {
        let src = random_timed_program(seed);
        sleeps += src.contains("time.sleep") as u32;
        let Some((all, best)) = same_outcomes_as_brute_force(&src, interleave_engine::sim::Timing::Any, &format!("seed {seed}")) else { continue };
        checked += 1;
        brute_runs += all.executions;
        best_runs += best;
    }
    eprintln!("random programs that sleep, any timing: {checked} checked ({sleeps} with sleeps); brute force {brute_runs} executions, reduced and cached {best_runs}");
    assert!(checked >= 15, "only {checked} of 40 programs were small enough for brute force");
}

/// Partial-order reduction and the state cache, alone and together, never
/// lose an outcome that brute force (every order, no bound, no cache)
/// finds: a property over 40 random programs.
#[test]
fn reduction_and_the_cache_never_lose_an_outcome_of_a_random_program() {
    let (mut brute_runs, mut best_runs, mut deadlocks, mut checked) = (0, 0, 0, 0);
    for seed in 0..40 {
        let src = random_program(seed);
        let Some((all, best)) = same_outcomes_as_brute_force(&src, interleave_engine::sim::Timing::Virtual, &format!("seed {seed}")) else { continue };
        checked += 1;
        brute_runs += all.executions;
        best_runs += best;
        deadlocks += all.outcomes.keys().any(|k| k.starts_with("deadlock")) as u32;
    }
    eprintln!("random programs: {checked} checked; brute force {brute_runs} executions, reduced and cached {best_runs}; {deadlocks} can deadlock");
    assert!(checked >= 20, "only {checked} of 40 programs were small enough for brute force");
    assert!(deadlocks > 0, "some random programs take the two locks in both orders");
    assert!(best_runs * 2 < brute_runs, "{best_runs} against {brute_runs}");
}

/// The split search shares one cache: on one thread it is exactly the
/// single cached search; on two, which thread reaches a state first decides
/// which schedule is cut, but the outcomes, completeness and the fewest
/// preemptions of a failure are the same.
#[test]
fn a_split_search_with_the_cache_finds_what_one_cached_search_finds() {
    use interleave_engine::explore::explore_parallel;
    for m in [
        race("unsafe", "2", "2"),
        lesson("deadlock", &[("philosophers", "3"), ("strategy", "naive"), ("hold", "0")]),
        lesson("bounded-buffer", &[("pairs", "2"), ("capacity", "1"), ("items", "1"), ("wakeup", "notify_one")]),
    ] {
        let config = ExploreConfig { preemptions: 2, ..ExploreConfig::default() };
        let one = explore(&m, &config);
        assert!(one.states.is_some_and(|n| n > 0), "{}", m.id);
        assert_eq!(explore_parallel(&m, &config, 1), one, "{} on one thread", m.id);
        let two = explore_parallel(&m, &config, 2);
        assert_eq!((two.complete, keys(&two)), (one.complete, keys(&one)), "{} on two threads", m.id);
        assert_eq!(two.counterexample.map(|c| c.preemptions), one.counterexample.map(|c| c.preemptions), "{}", m.id);
        assert!(two.states.is_some_and(|n| n > 0), "{}", m.id);
    }
}

fn explore_py(src: &str, cache: bool) -> interleave_engine::explore::Exploration {
    use interleave_engine::py::{compile, vm::World};
    let world = World::new(compile(src).expect("compiles"), &[], 0);
    interleave_engine::explore::explore_program("program", world, &ExploreConfig { preemptions: 3, cache, ..ExploreConfig::default() })
}

/// Livelock (issue 14, item 2): a loop that comes back to a state it was
/// in, with every thread that could run taking a step in it, can go on
/// forever. A thread spinning on a flag nobody sets is one; the same spin
/// with a thread that sets the flag is not (a loop in which the setter
/// could run and never does is an unfair schedule, not a livelock).
#[test]
fn a_spin_on_a_flag_nobody_sets_is_a_livelock_and_one_somebody_sets_is_not() {
    let alone = "import threading\nflag = False\ndef w():\n    while not flag:\n        pass\nt = threading.Thread(target=w)\nt.start()\nt.join()\n";
    let e = explore_py(alone, true);
    assert!(e.complete, "{:?}", e.outcomes);
    assert_eq!(keys(&e), BTreeSet::from(["livelock".to_string()]));
    assert_eq!(e.failing, e.executions);
    let l = e.livelock.expect("the loop");
    assert_eq!(l.actors, vec!["Thread-1".to_string()], "{l:?}");
    assert!(l.cycle >= 1 && l.cycle < l.steps, "{l:?}");
    assert!(l.sentence().starts_with("Thread-1 can go on forever without getting anywhere"), "{}", l.sentence());
    assert!(interleave_engine::i18n::said_fully(&l.sentence()), "said in Chinese too: {}", l.sentence());
    // Without the cache there are no states to compare: the run stops at the step budget.
    let plain = explore_py(alone, false);
    assert_eq!(keys(&plain), BTreeSet::from(["failed".to_string()]));
    assert_eq!(plain.livelock, None);

    let set = "import threading\nflag = False\ndef w():\n    while not flag:\n        pass\ndef s():\n    global flag\n    flag = True\nts = [threading.Thread(target=w), threading.Thread(target=s)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\n";
    let e = explore_py(set, true);
    assert!(e.complete, "{:?}", e.outcomes);
    assert_eq!(keys(&e), BTreeSet::from(["completed".to_string()]), "only unfair loops: {:?}", e.livelock);
    assert!(e.merged > 0, "the unfair loops are cut");
}

/// Two polite threads that each raise a flag, see the other's, and lower
/// theirs again: in lockstep they can dance forever (a livelock with both
/// taking turns), and most orders let one through.
#[test]
fn two_polite_threads_can_livelock() {
    let src = r#"
import threading
a = False
b = False
def left():
    global a
    while True:
        a = True
        if not b:
            break
        a = False
    a = False
def right():
    global b
    while True:
        b = True
        if not a:
            break
        b = False
    b = False
def main():
    ts = [threading.Thread(target=left), threading.Thread(target=right)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
main()
"#;
    let e = explore_py(src, true);
    assert!(e.complete, "{:?}", e.outcomes);
    assert_eq!(keys(&e), BTreeSet::from(["completed".to_string(), "livelock".to_string()]), "{:?}", e.outcomes);
    let l = e.livelock.expect("the dance");
    assert_eq!(l.actors, vec!["Thread-1".to_string(), "Thread-2".to_string()], "both take turns: {l:?}");
    // Its schedule replays: the program is back where the loop began, still running.
    let world = interleave_engine::py::vm::World::new(interleave_engine::py::compile(src).unwrap(), &[], 0);
    let mut sim = interleave_engine::sim::Sim::for_program("program", world, Default::default());
    for &a in &Schedule::parse(&l.schedule).unwrap().steps {
        assert!(sim.runnable().contains(&a), "the schedule is followed");
        sim.step(a).unwrap();
    }
    assert!(!sim.runnable().is_empty(), "the loop can go on");
}

/// Timing (issue 14, item 1): under any timing a sleep orders nothing. The
/// late thread sleeps longer than the early one, so on the simulator's clock
/// the early one always reads first; under any timing the late one can
/// write first, and the search finds it, with a schedule that replays only
/// under any timing.
#[test]
fn a_sleep_orders_nothing_under_any_timing() {
    use interleave_engine::explore::explore_program;
    use interleave_engine::py::{compile, vm::World};
    use interleave_engine::sim::{replay_program_timed, Timing};
    let src = "import threading\nimport time\nx = 0\nseen = -1\ndef late():\n    global x\n    time.sleep(0.2)\n    x = 1\ndef early():\n    global seen\n    time.sleep(0.1)\n    seen = x\nts = [threading.Thread(target=late), threading.Thread(target=early)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nassert seen == 0, \"the early thread reads first\"\n";
    let world = || World::new(compile(src).expect("compiles"), &[], 0);
    let on_the_clock = explore_program("program", world(), &ExploreConfig { timing: Timing::Virtual, ..ExploreConfig::default() });
    assert!(on_the_clock.complete);
    assert_eq!(keys(&on_the_clock), BTreeSet::from(["completed".to_string()]));
    let any = explore_program("program", world(), &ExploreConfig { timing: Timing::Any, ..ExploreConfig::default() });
    assert!(any.complete);
    assert_eq!(keys(&any), BTreeSet::from(["completed".to_string(), "invariant-violated: 1 (left) against 0 (right)".to_string()]), "{:?}", any.outcomes);
    let c = any.counterexample.expect("the late thread writes first");
    // The late thread's sleep ends before the early one's: one early end,
    // counted as a preemption (the bound bounds both).
    assert_eq!(c.preemptions, 1, "{c:?}");
    let at_zero = explore_program("program", world(), &ExploreConfig { timing: Timing::Any, preemptions: 0, ..ExploreConfig::default() });
    assert_eq!(keys(&at_zero), keys(&on_the_clock), "with no preemption, any timing is the clock's");
    let schedule = Schedule::parse(&c.schedule).unwrap();
    let r = replay_program_timed("program", world(), &schedule, Timing::Any).unwrap();
    assert_eq!(r.outcome, c.outcome, "it replays under any timing");
    assert_ne!(replay_program_timed("program", world(), &schedule, Timing::Virtual).map(|r| r.outcome).ok(), Some(c.outcome), "and not on the clock");
}

/// Any timing only adds orders: on the lessons every outcome the clock's
/// orders give is found under any timing too, and each counterexample
/// found under any timing replays under it.
#[test]
fn any_timing_finds_every_outcome_the_clock_allows() {
    use interleave_engine::sim::{replay_timed, Timing};
    let cases: Vec<Model> = vec![
        race("unsafe", "2", "2"),
        lesson("deadlock", &[("philosophers", "2"), ("strategy", "naive")]),
        lesson("deadlock", &[("philosophers", "3"), ("strategy", "naive")]),
        lesson("deadlock", &[("philosophers", "2"), ("strategy", "ordered")]),
        lesson("deadlock", &[("philosophers", "2"), ("strategy", "timeout")]),
        lesson("event", &[("workers", "2")]),
        lesson("barrier", &[("workers", "2"), ("phases", "2")]),
    ];
    let mut compared = 0;
    for m in &cases {
        let base = ExploreConfig { preemptions: 2, max_executions: 20_000, max_total_steps: 300_000, ..ExploreConfig::default() };
        let clock = explore(m, &ExploreConfig { timing: Timing::Virtual, ..base.clone() });
        let any = explore(m, &ExploreConfig { timing: Timing::Any, ..base });
        if clock.complete && any.complete {
            compared += 1;
            assert!(keys(&clock).is_subset(&keys(&any)), "{}: {:?} against {:?}", m.id, keys(&clock), keys(&any));
        }
        if let Some(c) = &any.counterexample {
            let r = replay_timed(m, &Schedule::parse(&c.schedule).unwrap(), Timing::Any).unwrap();
            assert_eq!(r.outcome, c.outcome, "{}: the counterexample replays under any timing", m.id);
        }
    }
    assert!(compared >= 4, "only {compared} lessons were searched completely both ways");
    // The naive philosophers, who hold their first fork a while: on the
    // clock they always deadlock; under any timing one can also eat first.
    let m = lesson("deadlock", &[("philosophers", "2"), ("strategy", "naive")]);
    let any = explore(&m, &ExploreConfig { timing: Timing::Any, ..ExploreConfig::default() });
    assert!(any.complete);
    assert_eq!(keys(&any), BTreeSet::from(["completed: meals = 2".to_string(), "deadlock: meals = 0".to_string()]));
}

/// Starvation (issue 14, item 2): a greedy thread that takes and gives back
/// a lock in a loop, and a needy one that wants it once. Whenever the lock
/// is free the needy thread could go on, and a scheduler that keeps
/// choosing the greedy one (fair to it, since it is always ready) never
/// lets it: a loop in which the needy thread starves. It is found with its
/// own words; the same loop without the needy thread is no starvation.
#[test]
fn a_thread_that_could_take_a_free_lock_but_is_never_chosen_starves() {
    let src = "import threading\nlock = threading.Lock()\ndone = False\ndef greedy():\n    while not done:\n        with lock:\n            pass\ndef needy():\n    global done\n    with lock:\n        done = True\nts = [threading.Thread(target=greedy, name=\"greedy\"), threading.Thread(target=needy, name=\"needy\")]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\n";
    let e = explore_py(src, true);
    assert!(e.complete, "{:?}", e.outcomes);
    assert_eq!(keys(&e), BTreeSet::from(["completed".to_string(), "starvation".to_string()]), "{:?} {:?}", e.livelock, e.starvation);
    assert_eq!(e.livelock, None);
    let s = e.starvation.clone().expect("the loop");
    assert_eq!(s.starved, vec!["needy".to_string()], "{s:?}");
    assert_eq!(s.actors, vec!["greedy".to_string()], "{s:?}");
    assert_eq!(e.starvations, e.outcomes["starvation"]);
    assert!(s.sentence().starts_with("needy can starve: after step"), "{}", s.sentence());
    assert!(interleave_engine::i18n::said_fully(&s.sentence()), "said in Chinese too: {}", s.sentence());
    // The loop replays, and the needy thread can still get in after it.
    let world = || interleave_engine::py::vm::World::new(interleave_engine::py::compile(src).unwrap(), &[], 0);
    let sched = Schedule::parse(&s.schedule).unwrap();
    assert!(matches!(interleave_engine::sim::replay_program("program", world(), &sched), Err(interleave_engine::sim::ReplayError::Incomplete { .. })));
    // Alone, the greedy thread's loop is a livelock of its own (it waits for
    // a flag nobody sets), not a starvation.
    let alone = src.replace(", threading.Thread(target=needy, name=\"needy\")", "");
    let e = explore_py(&alone, true);
    assert_eq!(keys(&e), BTreeSet::from(["livelock".to_string()]), "{:?}", e.starvation);
}

/// The explorer clones a running program at every step it takes, and the
/// clones share every part that neither has changed (the heap's cells, the
/// parameters, what was printed: copied by the first clone that writes
/// them). A clone's steps must never reach the program it was cloned
/// from: each lesson, cloned every 25 steps of its first 300, each clone run
/// 100 steps on under another schedule, goes on exactly as the same run never cloned
/// (the same trace digest, output, state and fingerprint).
#[test]
fn a_clone_of_a_running_program_never_changes_the_program_it_was_cloned_from() {
    use interleave_engine::policy::Seeded;
    use interleave_engine::py::lessons;
    use interleave_engine::sim::{Sim, SimConfig};
    const IDS: [&str; 14] = ["spinner", "race", "deadlock", "bounded-buffer", "primes", "worker-pool", "barrier", "event", "connection-pool", "rate-limiter", "gather", "timeout", "async-spinner", "processes"];
    for id in IDS {
        let given = [("threads", "3"), ("increments", "20"), ("mode", "unsafe"), ("philosophers", "3"), ("workers", "3")];
        let sim = || {
            let prog = interleave_engine::py::compile(lessons::source(id).unwrap()).unwrap();
            let given: Vec<(String, String)> = given.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            Sim::for_program(id, interleave_engine::py::vm::World::new(prog, &given, 7), SimConfig { seed: 7, ..SimConfig::default() })
        };
        let seen = |s: &Sim| {
            let out: String = s.machine().world().unwrap().output().iter().map(|o| o.text.clone()).collect();
            (s.trace().digest(), out, s.steps(), s.fingerprint(), format!("{:?}", s.outcome()))
        };
        let mut alone = sim();
        let mut cloned = sim();
        for step in 0..600 {
            if step < 300 && step % 25 == 0 && cloned.outcome().is_none() {
                let mut other = cloned.clone();
                // Half the clones copy what they share first, as a split
                // search does for a subtree another thread takes.
                if step % 50 == 0 {
                    other.unshare();
                    assert_eq!(other.fingerprint(), cloned.fingerprint(), "{id}: a copy is the same state");
                }
                let mut policy = Seeded::new(1000 + step);
                for _ in 0..100 {
                    if !matches!(other.step_by(&mut policy), Ok(Some(_))) {
                        break;
                    }
                }
            }
            let (a, b) = (alone.step_random(), cloned.step_random());
            assert_eq!(a, b, "{id}: step {step} chose another actor after a clone ran");
            if a.is_none() {
                break;
            }
        }
        assert_eq!(seen(&alone), seen(&cloned), "{id}: a clone's steps changed the program it was cloned from");
    }
}

/// A state's fingerprint hashes the heap as a graph, not as an array: two
/// threads that each make a list, one after the other in either order,
/// leave the same state (each list in its slot), though the lists' cells
/// (and their calls' environments) are numbered the other way round. The
/// cache then counts that state once.
#[test]
fn two_schedules_that_made_the_same_objects_in_another_order_reach_the_same_fingerprint() {
    use interleave_engine::py::{compile, vm::World};
    use interleave_engine::sim::{Sim, SimConfig};
    let src = "import threading\n\nslots = [None, None]\n\n\ndef work(i):\n    mine = [i, i * 10]\n    slots[i] = mine\n\n\nt0 = threading.Thread(target=work, args=(0,))\nt1 = threading.Thread(target=work, args=(1,))\nt0.start()\nt1.start()\nt0.join()\nt1.join()\nassert slots == [[0, 0], [1, 10]]\n";
    let end_after = |first: usize, second: usize| {
        let mut sim = Sim::for_program("program", World::new(compile(src).unwrap(), &[], 0), SimConfig::default());
        // The main thread starts both and waits in t0.join().
        while sim.runnable().contains(&0) {
            sim.step(0).unwrap();
        }
        assert_eq!(sim.runnable(), vec![1, 2], "both threads started");
        for a in [first, second] {
            while sim.runnable().contains(&a) {
                sim.step(a).unwrap();
            }
        }
        sim
    };
    let (a, b) = (end_after(1, 2), end_after(2, 1));
    assert_ne!(a.schedule(), b.schedule());
    assert_eq!(a.fingerprint(), b.fingerprint(), "the same objects, made in another order, are the same state");
    // And a state that differs is told apart: the lists' contents.
    let other = src.replace("i * 10", "i * 100");
    let mut c = Sim::for_program("program", World::new(compile(&other).unwrap(), &[], 0), SimConfig::default());
    while c.runnable().contains(&0) {
        c.step(0).unwrap();
    }
    for a in [1, 2] {
        while c.runnable().contains(&a) {
            c.step(a).unwrap();
        }
    }
    assert_ne!(a.fingerprint(), c.fingerprint(), "other contents, another state");
}

/// Random programs whose threads make, share, alias and change lists
/// (`seed` picks the statements): the heap's shape and the order its cells
/// were made in vary from one schedule to the next.
fn random_heap_program(seed: u64) -> String {
    const STATEMENTS: [&str; 8] = [
        "x.append(len(y))",
        "y.append([len(x)])",
        "x, y = y, x",
        "tmp = [len(x), len(y)]\n    y.append(tmp)",
        "with a:\n        x.append([len(y)])",
        "if len(x) > len(y):\n        y = x",
        "x = x + [1]",
        "if y:\n        y.pop()",
    ];
    // The final state, aliasing included (x is y, or not).
    let prelude = "x = []\ny = []\na = threading.Lock()\n";
    two_threads(&mut interleave_engine::rng::SplitMix64::new(seed ^ 0x4EA9), prelude, &STATEMENTS, None, "[x, y, x is y]")
}

/// The cache compares states by the heap's shape, not its cells' numbers
/// ([`World::fingerprint`]): on programs whose lists are made, shared,
/// aliased and changed in an order that depends on the schedule, it never
/// merges two states that end differently (the outcomes are brute force's).
#[test]
fn the_cache_loses_no_outcome_of_a_random_program_that_makes_shares_and_aliases_lists() {
    let (mut checked, mut outcomes) = (0, 0);
    for seed in 0..20 {
        let src = random_heap_program(seed);
        let Some((all, _)) = same_outcomes_as_brute_force(&src, interleave_engine::sim::Timing::Virtual, &format!("heap seed {seed}")) else { continue };
        checked += 1;
        outcomes += all.outcomes.len();
    }
    assert!(checked >= 8, "only {checked} of 20 programs small enough for brute force");
    assert!(outcomes >= 2 * checked, "the programs end in several ways ({outcomes} outcomes over {checked})");
}

/// The race lesson's own Python with these parameters.
fn race_world(threads: &str, increments: &str) -> interleave_engine::py::vm::World {
    let src = interleave_engine::py::lessons::source("race").unwrap();
    let pairs = [("threads", threads), ("increments", increments), ("mode", "unsafe")].map(|(k, v)| (k.to_string(), v.to_string()));
    interleave_engine::py::vm::World::new(interleave_engine::py::compile(src).expect("compiles"), &pairs, 0)
}

#[test]
fn a_search_stops_at_its_step_budget_even_where_no_run_reaches_its_end() {
    // 2 threads x 20 increments with the cache: most schedules end at a
    // state already explored, not at a run's end. The budget was checked
    // only at a run's end, and such a search went on past it (a page's
    // 3,000,000 steps became 4,800,000 on 2 x 100).
    use interleave_engine::explore::{explore_program, explore_program_parallel, Limit};
    let config = ExploreConfig { max_total_steps: 10_000, ..ExploreConfig::default() };
    let one = explore_program("race", race_world("2", "20"), &config);
    assert!(!one.complete);
    assert_eq!(one.limit, Some(Limit::Steps));
    // One node's children at most past the budget (2 threads here).
    assert!(one.steps <= 10_002, "{} steps", one.steps);
    let split = explore_program_parallel("race", race_world("2", "20"), &config, 2);
    assert_eq!((split.complete, split.limit), (false, Some(Limit::Steps)));
    // Each thread looks at the shared flag every 64 nodes.
    assert!(split.steps <= 10_000 + 2 * 64 * 2, "{} steps", split.steps);
    // Complete within the budget: no limit is named.
    let small = explore_program("race", race_world("2", "2"), &config);
    assert_eq!((small.complete, small.limit), (true, None));
}

static GAUGE_READS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A memory gauge whose reading grows by a megabyte each time it is read.
fn growing_memory() -> usize {
    GAUGE_READS.fetch_add(1, std::sync::atomic::Ordering::Relaxed) << 20
}

#[test]
fn a_search_stops_when_memory_reaches_its_limit_and_keeps_what_it_found() {
    use interleave_engine::explore::{explore_program, explore_program_parallel, Limit, MemoryGauge};
    let full = explore_program("race", race_world("2", "3"), &ExploreConfig::default());
    assert!(full.complete && full.failing > 0);
    for threads in [0, 2] {
        GAUGE_READS.store(0, std::sync::atomic::Ordering::Relaxed);
        // Over the limit after about 300 steps of the search.
        let config = ExploreConfig { memory: Some(MemoryGauge { in_use: growing_memory, limit: 300 << 20 }), ..ExploreConfig::default() };
        let e = if threads == 0 {
            explore_program("race", race_world("2", "3"), &config)
        } else {
            explore_program_parallel("race", race_world("2", "3"), &config, threads)
        };
        assert_eq!((e.complete, e.limit), (false, Some(Limit::Memory)), "on {threads} threads");
        assert!(e.steps < full.steps, "{} of {} steps", e.steps, full.steps);
        // What it found, it found: every outcome is one the full search has.
        assert!(keys(&e).is_subset(&keys(&full)), "{:?} against {:?}", e.outcomes, full.outcomes);
    }
}

#[test]
fn a_search_computes_each_kernel_once_and_a_run_on_its_own_computes_every_one() {
    // The primes lesson's numbers take tens of milliseconds each: a search
    // that met them in every execution took longer than its budget allowed
    // (no report in 40 s natively); with answers shared it is complete.
    use interleave_engine::py::{compile, vm::World};
    use interleave_engine::sim::{Sim, SimConfig};
    let src = "import threading\nfrom interleave import is_prime\nfound = []\n\ndef check(n):\n    found.append(is_prime(n))\n\n\
               ts = [threading.Thread(target=check, args=(n,)) for n in [1000003, 1000033, 1000003, 1000001]]\n\
               for t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nassert sorted(found) == [False, True, True, True]\n";
    let world = || World::new(compile(src).unwrap(), &[], 0);
    let mut first = Sim::for_program("p", world(), SimConfig::seeded(0));
    first.share_kernel_answers();
    let mut clone = first.clone();
    let r = first.run();
    assert!(matches!(r.outcome, Outcome::Completed), "{:?}", r.outcome);
    // The clone knows what the first computed: three distinct numbers.
    assert_eq!(clone.machine().kernel_answers_known(), Some(3));
    while clone.outcome().is_none() {
        clone.step_random();
    }
    assert_eq!(clone.machine().kernel_answers_known(), Some(3), "nothing computed twice");
    // A run of its own (the simulator of a lesson, the event loop) keeps none:
    // on a clock, the computing is what the student watches.
    assert_eq!(Sim::for_program("p", world(), SimConfig::seeded(0)).machine().kernel_answers_known(), None);
    // And the search is complete, each interleaving with the right answers.
    let e = interleave_engine::explore::explore_program("p", world(), &ExploreConfig::default());
    assert!(e.complete && e.failing == 0, "{:?}", e.outcomes);
}

#[test]
fn the_small_version_a_lesson_offers_is_searched_completely_within_the_pages_budget() {
    // What Explore offers when a search of a lesson runs out (its
    // `param(..., explore=N)` values) must be a search that finishes, under
    // any timing as the page searches, within the page's budgets.
    use interleave_engine::explore::explore_program;
    use interleave_engine::sim::Timing;
    let mut offered = 0;
    // Primes' small version (2 workers) is searched in the page's test
    // (explore.test.mjs): in this unoptimised build its twenty 16-digit
    // numbers and 3,362 executions take a minute.
    for id in ["spinner", "race", "deadlock", "bounded-buffer", "worker-pool", "barrier", "event", "connection-pool", "rate-limiter", "gather", "timeout", "async-spinner", "processes"] {
        let src = interleave_engine::py::lessons::source(id).unwrap();
        let small: Vec<(String, String)> = interleave_engine::py::lessons::small_version(src).into_iter().map(|(k, _, v)| (k, v)).collect();
        if small.is_empty() {
            continue;
        }
        offered += 1;
        let world = interleave_engine::py::vm::World::new(interleave_engine::py::compile(src).unwrap(), &small, 0);
        let config = ExploreConfig { max_executions: 100_000, max_total_steps: 3_000_000, max_states: 500_000, timing: Timing::Any, ..ExploreConfig::default() };
        let e = explore_program(id, world, &config);
        assert!(e.complete, "{id} at {small:?}: {:?} after {} steps", e.limit, e.steps);
    }
    assert_eq!(offered, 8, "every lesson but the spinner and the deadlock (2 philosophers already) names a small version; primes' is searched in the page");
    assert_eq!(interleave_engine::py::lessons::small_version(interleave_engine::py::lessons::source("primes").unwrap()),
        vec![("workers".to_string(), "4".to_string(), "2".to_string())]);
}
