//! A schedule is a value: record it, print it, replay it, get the same run.

use crate::common::*;
use interleave_engine::schedule::Schedule;
use interleave_engine::sim::{replay, simulate, ReplayError, Sim, SimConfig};

#[test]
fn the_same_seed_gives_the_same_trace_and_digest() {
    for id in built_ids() {
        let m = lesson(id, &quick(id));
        for seed in [0, 1, 42, u64::MAX] {
            let a = Sim::new(&m, SimConfig::seeded(seed));
            let b = Sim::new(&m, SimConfig::seeded(seed));
            let (ra, rb) = (a.run(), b.run());
            assert_eq!(ra, rb, "{id} seed {seed}");
            assert_eq!(ra.summary.digest, rb.summary.digest);
        }
    }
}

#[test]
fn different_seeds_give_different_runs_of_a_racy_program() {
    let m = lesson("race", &[]);
    let digests: std::collections::BTreeSet<String> = (0..20).map(|s| simulate(&m, s).summary.digest).collect();
    assert!(digests.len() > 10, "{}", digests.len());
}

#[test]
fn a_recorded_schedule_replays_to_an_identical_trace() {
    for id in built_ids() {
        let m = lesson(id, &quick(id));
        for seed in 0..5 {
            let mut sim = Sim::new(&m, SimConfig { seed, window: 1 << 20, ..SimConfig::default() });
            while sim.step_random().is_some() {}
            let text = sim.schedule().encode();
            let parsed: Schedule = text.parse().unwrap();
            let again = replay(&m, &parsed).unwrap();
            assert_eq!(again, sim.result(), "{id} seed {seed}");
        }
    }
}

#[test]
fn the_step_api_lets_the_caller_choose_and_records_the_choices() {
    let m = lesson("deadlock", &[("hold", "0")]);
    let mut sim = Sim::new(&m, SimConfig::default());
    // Always run the lowest runnable actor: task1 takes both locks first.
    loop {
        let r = sim.runnable();
        let Some(&a) = r.first() else { break };
        sim.step(a).unwrap();
    }
    assert_eq!(sim.outcome(), Some(&interleave_engine::outcome::Outcome::Completed));
    assert!(sim.schedule().encode().starts_with("0*"));
    assert!(sim.step(0).is_err());
}

#[test]
fn a_schedule_for_another_scenario_is_an_error_not_a_panic() {
    let dead = lesson("deadlock", &[]);
    let race = lesson("race", &[("threads", "8"), ("increments", "200")]);
    let sched = Schedule::parse(&simulate(&race, 3).schedule.unwrap()).unwrap();
    match replay(&dead, &sched) {
        Err(ReplayError::Diverged { .. }) | Err(ReplayError::TooLong { .. }) => {}
        other => panic!("{other:?}"),
    }
    let short = Schedule { steps: sched.steps[..3].to_vec() };
    assert_eq!(replay(&race, &short), Err(ReplayError::Incomplete { steps: 3 }));
}

#[test]
fn the_digest_covers_events_that_left_the_window() {
    let m = lesson("race", &[]);
    let small = Sim::new(&m, SimConfig { seed: 9, window: 8, ..SimConfig::default() }).run();
    let big = Sim::new(&m, SimConfig { seed: 9, window: 1 << 20, ..SimConfig::default() }).run();
    assert_eq!(small.summary.digest, big.summary.digest);
    assert!(small.summary.total_events > 8);
}

/// The policies the page drives the simulator with give the runs the seed
/// and the schedule give: a seeded policy is `simulate`, a replay of a
/// printed schedule is `replay`, a manual choice is that actor's step.
#[test]
fn the_pages_policies_are_the_simulators_runs() {
    use interleave_engine::policy::{Manual, Replay, Seeded, Then};
    use interleave_engine::sim::{simulate, Sim, SimConfig};
    let m = lesson("race", &[("mode", "unsafe"), ("threads", "3"), ("increments", "4")]);
    for seed in [0, 5, 99] {
        let want = simulate(&m, seed);
        let mut sim = Sim::new(&m, SimConfig::seeded(seed));
        let mut p = Then(None::<Replay>, Seeded::new(seed));
        while sim.step_by(&mut p).unwrap().is_some() {}
        sim.runnable();
        assert_eq!(sim.result().summary.digest, want.summary.digest, "seed {seed}");
        let printed = Schedule::parse(want.schedule.as_deref().unwrap()).unwrap();
        let mut again = Sim::new(&m, SimConfig::seeded(1234));
        let mut p = Then(Some(Replay::new(&printed)), Seeded::new(1234));
        while again.step_by(&mut p).unwrap().is_some() {}
        again.runnable();
        assert_eq!(again.result().summary.digest, want.summary.digest, "a replay ignores the seed");
    }
    let mut sim = Sim::new(&m, SimConfig::seeded(0));
    assert_eq!(sim.step_by(&mut Manual { next: Some(2) }), Ok(Some(2)));
    assert_eq!(sim.step_by(&mut Manual { next: None }), Ok(None), "a student who has not chosen pauses the run");
    assert_eq!(sim.schedule().steps, vec![2]);
}
