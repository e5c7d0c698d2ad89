//! A run's status: live numbers, then the outcome, the check and each actor's time.

use super::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct StatusProps {
    pub(crate) run: RunState,
    pub(crate) results: Results,
    /// The simulator's steps and virtual time, while it runs.
    #[prop_or_default]
    pub(crate) sim: Option<(u64, f64)>,
    #[prop_or_default]
    pub(crate) manual: bool,
    /// Part of a comparison: each run's tables are in the compare view.
    #[prop_or_default]
    pub(crate) compared: bool,
    /// The embedded layout: the outcome and the check in two lines, the
    /// numbers folded under them (a click opens them).
    #[prop_or_default]
    pub(crate) compact: bool,
    /// The edited program that ran (`code=`), which its replay link carries.
    #[prop_or_default]
    pub(crate) code: Option<String>,
    /// The link's `timing=` (a run under any timing replays only under it).
    #[prop_or_default]
    pub(crate) timing: Option<interleave_engine::sim::Timing>,
}

/// Time per actor, each state's share of its life beside its time; the
/// simulator's steps too, since its time can stand still.
pub(crate) fn actor_table(r: &RunReport, id: &str) -> Html {
    let sim = r.backend == Backend::Sim;
    // The event loop's one thread runs one task at a time: a task able to
    // run waits for its turn (ready), which is not busy.
    let ready = r.backend == Backend::EventLoop;
    html! {
        <table class="actors" id={id.to_string()}>
            <caption>{ if sim { t("ctl-actors-caption-sim") } else { t("ctl-actors-caption") } }</caption>
            <thead><tr><th scope="col">{ t("ctl-col-actor") }</th><th scope="col">{ t("ctl-col-busy") }</th><th scope="col">{ t("ctl-col-blocked") }</th><th scope="col">{ t("ctl-col-waiting") }</th><th scope="col">{ t("ctl-col-sleeping") }</th>
                if ready { <th scope="col" title={t("ctl-col-ready-title")}>{ t("ctl-col-ready") }</th> }
                if sim { <th scope="col">{ t("ctl-col-steps") }</th> }</tr></thead>
            <tbody>
                { for r.actors.iter().map(|a| {
                    let life = a.busy_ms + a.blocked_ms + a.waiting_ms + a.sleeping_ms + a.ready_ms;
                    let cell = |ms: f64| if life > 0.0 {
                        format!("{ms:.0} ({:.0}%)", 100.0 * ms / life)
                    } else {
                        format!("{ms:.0}")
                    };
                    html! {
                        <tr><th scope="row">{ &a.name }</th><td>{ cell(a.busy_ms) }</td>
                            <td>{ cell(a.blocked_ms) }</td><td>{ cell(a.waiting_ms) }</td>
                            <td>{ cell(a.sleeping_ms) }</td>
                            if ready { <td>{ cell(a.ready_ms) }</td> }
                            if sim { <td>{ a.steps.map(|n| n.to_string()).unwrap_or_default() }</td> }</tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

pub(crate) fn results_table(results: &Results, id: &str) -> Html {
    html! {
        <table class="actors results" id={id.to_string()}>
            <caption>{ t("ctl-results-caption") }</caption>
            <tbody>
                { for results.rows.iter().map(|(k, v)| html! { <tr><th scope="row">{ said(k) }</th><td>{ v }</td></tr> }) }
            </tbody>
        </table>
    }
}

#[function_component(RunStatus)]
pub(crate) fn run_status(p: &StatusProps) -> Html {
    match &p.run {
        RunState::Idle => html! { <div class="status" id="run-status" data-state="idle" role="status">{ t("ctl-status-idle") }</div> },
        // The simulator's time is virtual: its status counts steps, not wall time or frames.
        RunState::Running { .. } if p.sim.is_some() => {
            let (steps, virt) = p.sim.unwrap_or_default();
            html! {
                <div class="status" id="run-status" data-state="running" role="status">
                    <p id="sim-progress">{ tf("ctl-status-sim-progress", &[("steps", &steps), ("time", &fmt_ms(virt))]) }</p>
                    <p>{ if p.manual { t("ctl-status-manual") } else { t("ctl-status-simulating") } }</p>
                </div>
            }
        }
        RunState::Running { live } => html! {
            <div class="status" id="run-status" data-state="running" role="status">
                <p>{ tf("ctl-status-running", &[("seconds", &format!("{:.1}", live.elapsed_ms / 1000.0))]) }</p>
                <p>{ tf("ctl-status-gap-so-far", &[("ms", &format!("{:.0}", live.max_gap_ms))]) }</p>
            </div>
        },
        RunState::Finishing => html! { <div class="status" id="run-status" data-state="finishing" role="status">{ t("ctl-status-finishing") }</div> },
        RunState::Finished(r) => {
            let answer = match (&r.result, r.outcome) {
                (Some(v), _) => tf("ctl-answer", &[("value", v)]),
                (None, OutcomeKind::Completed) => t("ctl-answer-completed").to_string(),
                (None, OutcomeKind::Cancelled) => t("ctl-answer-cancelled").to_string(),
                (None, OutcomeKind::Deadlock) => t("ctl-answer-deadlock").to_string(),
                (None, OutcomeKind::InvariantViolated) => t("ctl-answer-invariant-violated").to_string(),
                (None, OutcomeKind::Failed) => t("ctl-answer-failed").to_string(),
            };
            let sim = r.backend == Backend::Sim;
            let message = run_message(r);
            html! {
                <div class="status" id="run-status" data-state="finished" data-outcome={r.outcome.as_str()} role="status">
                    <p class="answer" id="answer">{ answer }</p>
                    if let Some(m) = message.clone() { <p class="message" id="run-message">{ m }</p> }
                    if let Some(cycle) = &r.deadlock_cycle {
                        <p class="cycle" id="deadlock-cycle">
                            <strong>{ format!("{} ", t("ctl-wait-for-cycle")) }</strong>
                            { cycle.chunks(2).map(|c| c.join(" → ")).collect::<Vec<_>>().join(" → ") }
                            { format!(" → {}", cycle.first().cloned().unwrap_or_default()) }
                        </p>
                    }
                    // A check the run never reached says nothing the message above does not.
                    // Nor a failed one whose sentence the message already said.
                    if p.compact {
                        if let Some(c) = r.check.as_ref().filter(|c| c.judged && !(!c.held && message.as_deref().is_some_and(|m| m.contains(&said(&c.detail))))) {
                            { { let words = check_words(r, c); html! { <p class="check-line" data-held={c.held.to_string()} title={words.clone()}>{ words }</p> } } }
                        }
                    }
                    <details class="numbers" open={!p.compact}>
                        <summary>{ t("ctl-numbers") }</summary>
                        <dl class="metrics">
                            <dt>{ t("ctl-metric-outcome") }</dt><dd id="outcome" data-outcome={r.outcome.as_str()}>{ outcome_word(r.outcome.as_str()) }</dd>
                            if let Some(c) = &r.check {
                                <dt>{ t("ctl-metric-check") }</dt>
                                <dd id="check" data-held={c.held.to_string()} data-judged={c.judged.to_string()}>{ check_words(r, c) }</dd>
                            }
                            if sim {
                                <dt>{ t("ctl-metric-virtual-time") }</dt><dd id="virtual-ms">{ fmt_ms(virtual_ms(r)) }</dd>
                                <dt>{ t("ctl-metric-steps") }</dt><dd id="sim-steps">{ r.actors.iter().filter_map(|a| a.steps).sum::<u64>() }</dd>
                            }
                            <dt>{ if sim { t("ctl-metric-real-time") } else { t("ctl-metric-wall-time") } }</dt><dd id="wall-ms">{ format!("{:.0} ms", r.wall_ms) }</dd>
                            <dt>{ t("ctl-metric-max-gap") }</dt><dd id="max-gap">{ format!("{:.0} ms", r.max_frame_gap_ms) }</dd>
                            if let Some(seed) = r.seed {
                                <dt>{ t("ctl-seed") }</dt><dd id="sim-seed">{ seed }</dd>
                            }
                            if let Some(d) = &r.trace_digest {
                                <dt>{ t("ctl-metric-trace-digest") }</dt><dd id="trace-digest"><code>{ d }</code></dd>
                            }
                        </dl>
                        if r.scenario == "spinner" { <p class="verdict">{ verdict(r) }</p> }
                        if p.compared {
                            <p class="hint">{ t("ctl-compared-hint") }</p>
                        } else {
                            if let Some(note) = &p.results.note { <p class="verdict" id="results-note">{ note }</p> }
                            if !p.results.rows.is_empty() { { results_table(&p.results, "results") } }
                            if !r.actors.is_empty() { { actor_table(r, "actor-times") } }
                        }
                        if let Some(schedule) = &r.schedule {
                            <p class="replay">
                                <a id="replay-link" href={replay_hash(r, schedule, p.code.clone(), p.timing)}>{ t("ctl-replay") }</a>
                                { if schedule.len() <= interleave_engine::contract::MAX_SCHEDULE_BYTES {
                                    format!(" {}", t("ctl-replay-schedule"))
                                } else {
                                    format!(" {}", tf("ctl-replay-seed", &[("kib", &(schedule.len() / 1024))]))
                                } }
                            </p>
                        }
                    </details>
                </div>
            }
        }
    }
}
