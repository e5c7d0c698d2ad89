//! A challenge (`challenge=`, [`interleave_engine::challenge`]): the page
//! opens step by step on the simulator, the student chooses who runs next,
//! and after every step (and when the run ends) the page judges the
//! condition. Solved: the page says so and fires `interleave:challenge-solved`
//! (posted to a parent frame too) with the schedule that solved it. The
//! lesson page and the program page both call [`new_try`] when a run starts
//! and [`judge_open`] after each step and at the run's end.

use super::prelude::*;
use crate::state::ChallengeStatus;
use interleave_engine::challenge::Challenge;
use interleave_engine::outcome::Outcome;

/// The name of the event fired on `window` when a challenge is solved (part of the contract).
pub(crate) const CHALLENGE_SOLVED: &str = "interleave:challenge-solved";

/// A run starts: a challenge that the last run ended without is open again.
pub(crate) fn new_try(ctx: &Ctx) {
    if ctx.latest.borrow().challenge == ChallengeStatus::Missed {
        set(ctx, ChallengeStatus::Open);
    }
}

/// The status, at once (the run's end judges again before the next render) and for the page.
fn set(ctx: &Ctx, status: ChallengeStatus) {
    ctx.latest.borrow_mut().challenge = status.clone();
    ctx.dispatch.dispatch(Action::Challenge(status));
}

/// After a step, or when the run ended (`ended`): if the link's challenge
/// is still open and this is the simulator's run, judges it.
pub(crate) fn judge_open(ctx: &Ctx, run: &mut ActiveRun, scenario: &str, ended: Option<&Outcome>) {
    let s = ctx.latest.borrow();
    let (Some(c), ChallengeStatus::Open) = (s.options.challenge, &s.challenge) else { return };
    drop(s);
    if run.sim_progress().is_none() {
        return;
    }
    // The replay link: the simulator, the same parameters (and, for a
    // program, the program that ran, which its page keeps in the link), this schedule.
    let replay = |schedule: &str| -> Option<String> {
        let s = ctx.latest.borrow();
        match &s.view {
            View::Scenario { scenario, params } => {
                // (An edited program's text goes with it: `code`.)
                let options = PageOptions { seed: s.options.seed, schedule: Some(schedule.to_string()), backend_given: true, code: s.options.code.clone(), timing: s.options.timing, ..PageOptions::default() };
                Some(to_hash(scenario, params, &options))
            }
            View::Program(_) => {
                let interleave_engine::contract::Opened::Program { source: Ok(src), pairs, .. } = interleave_engine::contract::open(&browser::location_hash()) else {
                    return None;
                };
                let options = PageOptions { seed: s.options.seed, schedule: Some(schedule.to_string()), timing: s.options.timing, ..PageOptions::default() };
                Some(interleave_engine::contract::program_hash(None, &src, Some(interleave_engine::scenarios::Backend::Sim), &pairs, &options))
            }
            View::Gallery => None,
        }
    };
    if let Some(status) = judge(run, c, scenario, ended, replay) {
        set(ctx, status);
    }
}

/// The verdict, if there is one yet: solved (and the contract's event
/// fired), or missed (the run ended without it).
fn judge(run: &mut ActiveRun, challenge: Challenge, scenario: &str, ended: Option<&Outcome>, replay: impl Fn(&str) -> Option<String>) -> Option<ChallengeStatus> {
    // The simulator settles its outcome when asked who may run next.
    let _ = run.runnable();
    let outcome = ended.cloned().or_else(|| run.outcome());
    // Two in the critical section is a moment, not an end: the runner
    // watched every step for it (Run to end passes many between two looks).
    let crowded = run.crowded().filter(|_| challenge == Challenge::BothInCriticalSection).cloned();
    let inside = match &crowded {
        Some(c) => c.actors.clone(),
        None => run.with_world(|w| w.in_critical_section()).unwrap_or_default(),
    };
    if !challenge.met(outcome.as_ref(), &inside) {
        return outcome.is_some().then_some(ChallengeStatus::Missed);
    }
    let model = run.model();
    let names: Vec<&str> = inside.iter().filter_map(|&a| model.actors.get(a).map(|x| x.name.as_str())).collect();
    let (steps, schedule) = match crowded {
        Some(c) => (c.steps, Some(c.schedule)),
        None => (run.sim_progress().map(|p| p.0).unwrap_or(0), run.schedule_text()),
    };
    browser::announce(
        CHALLENGE_SOLVED,
        serde_json::json!({
            "scenario": scenario,
            "challenge": challenge.word(),
            "steps": steps,
            "replay": schedule.as_deref().and_then(replay),
            "schedule": schedule,
            "actors": names,
        }),
    );
    Some(ChallengeStatus::Solved(challenge.solved(crate::i18n::lang(), steps, &names)))
}

#[derive(Properties, PartialEq)]
pub(crate) struct ChallengeProps {
    pub(crate) challenge: Challenge,
    pub(crate) status: ChallengeStatus,
}

/// The goal, and once it is decided, the verdict.
#[function_component(ChallengeBanner)]
pub(crate) fn challenge_banner(p: &ChallengeProps) -> Html {
    let state = match p.status {
        ChallengeStatus::Open => "open",
        ChallengeStatus::Solved(_) => "solved",
        ChallengeStatus::Missed => "missed",
    };
    html! {
        <section id="challenge" class={classes!("challenge", state)} data-challenge={p.challenge.word()} data-state={state} aria-live="polite">
            <p id="challenge-goal">{ p.challenge.goal(crate::i18n::lang()) }</p>
            { match &p.status {
                ChallengeStatus::Open => html! {},
                ChallengeStatus::Solved(s) => html! {
                    <p id="challenge-result" class="ok">{ tf("ctl-challenge-solved", &[("solved", s)]) }</p>
                },
                ChallengeStatus::Missed => html! { <p id="challenge-result" class="warn">{ p.challenge.missed(crate::i18n::lang()) }</p> },
            } }
        </section>
    }
}
