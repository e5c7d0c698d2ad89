//! The Yew components. They render [`AppState`] and turn clicks into
//! actions and runs; they hold no model of their own.

use crate::browser;
use crate::frames::{FrameMonitor, GAP_CANVAS_ID, LONG_TASK_MS, SPINNER_CANVAS_ID};
use crate::pool::{self, PoolStatus};
use crate::runner::{run_spinner, Backend, RunHandle, Slow, SlowEnd};
use crate::state::{Action, AppState, RunState, View};
use interleave_engine::contract::{to_hash, OutcomeKind, RunReport};
use interleave_engine::params::{ParamKind, ParamSpec, Params, Value};
use interleave_engine::scenarios::{Scenario, BACKEND, CATALOG};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

type Handle = Rc<RefCell<Option<RunHandle>>>;

fn initial_pool() -> PoolStatus {
    if browser::cross_origin_isolated() {
        PoolStatus::Starting { threads: pool::pool_size() }
    } else {
        PoolStatus::Unavailable { reason: pool::NOT_ISOLATED.into() }
    }
}

/// Starts a run of the open scenario, unless one is already going.
fn start_run(state: &UseReducerHandle<AppState>, monitor: &FrameMonitor, handle: &Handle) {
    let View::Scenario { scenario, params } = &state.view else { return };
    if state.run.is_active() {
        return;
    }
    let backend_word = params.word(BACKEND).to_string();
    let backend = Backend::parse(&backend_word).unwrap_or(Backend::EventLoop);
    let slow = if params.word("slow") == "sleep" { Slow::Sleep } else { Slow::Work };
    let base = RunReport {
        scenario: scenario.id.to_string(),
        backend: backend_word,
        params: params.clone(),
        outcome: OutcomeKind::Completed,
        message: None,
        wall_ms: 0.0,
        max_frame_gap_ms: 0.0,
        result: None,
    };
    let d = state.dispatcher();
    if backend == Backend::Workers {
        if let Some(reason) = state.pool.workers_unavailable_reason() {
            let report = RunReport { outcome: OutcomeKind::Failed, message: Some(reason), ..base };
            browser::announce_run_finished(&report);
            d.dispatch(Action::Finished(report));
            return;
        }
    }
    d.dispatch(Action::Started);
    let live = d.clone();
    monitor.begin_run(move |frames| live.dispatch(Action::Live(frames)));
    let m = monitor.clone();
    let h = run_spinner(backend, slow, move |end, wall_ms| {
        d.dispatch(Action::Finishing);
        m.finish_at_next_frame(move |max_gap| {
            let (outcome, result, message) = match end {
                SlowEnd::Answer(a) => (OutcomeKind::Completed, Some(Value::Int(a)), None),
                SlowEnd::Cancelled => (OutcomeKind::Cancelled, None, Some("stopped before slow() returned".to_string())),
                SlowEnd::Failed(msg) => (OutcomeKind::Failed, None, Some(msg)),
            };
            let report = RunReport { outcome, result, message, wall_ms, max_frame_gap_ms: max_gap, ..base };
            browser::announce_run_finished(&report);
            d.dispatch(Action::Finished(report));
        });
    });
    *handle.borrow_mut() = Some(h);
}

fn stop_run(handle: &Handle) {
    if let Some(h) = handle.borrow_mut().as_mut() {
        h.stop();
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| AppState::from_hash(&browser::location_hash(), initial_pool()));
    let monitor = use_memo((), |_| FrameMonitor::start());
    let handle: Handle = use_mut_ref(|| None);

    // The pool starts once, when the page is isolated.
    {
        let d = state.dispatcher();
        let needs_start = matches!(state.pool, PoolStatus::Starting { .. });
        use_effect_with((), move |_| {
            if needs_start {
                wasm_bindgen_futures::spawn_local(async move { d.dispatch(Action::Pool(pool::start().await)) });
            }
        });
    }

    // Following a link (or editing the URL) reopens the page; a live run is stopped.
    {
        let d = state.dispatcher();
        let handle = handle.clone();
        use_effect_with((), move |_| {
            let cb = Closure::<dyn Fn()>::new(move || {
                stop_run(&handle);
                d.dispatch(Action::Navigate(browser::location_hash()));
            });
            let w = browser::window();
            let _ = w.add_event_listener_with_callback("hashchange", cb.as_ref().unchecked_ref());
            move || {
                let _ = w.remove_event_listener_with_callback("hashchange", cb.as_ref().unchecked_ref());
            }
        });
    }

    // autorun=1: run once the page has settled. Starting the pool spawns
    // workers from the main thread, which would show up as frame gaps in
    // any run measured meanwhile, whatever its backend.
    {
        let ready = matches!(state.view, View::Scenario { .. }) && !matches!(state.pool, PoolStatus::Starting { .. });
        let go = state.autorun_pending && ready;
        let (s, m, h) = (state.clone(), (*monitor).clone(), handle.clone());
        use_effect_with(go, move |go| {
            if *go {
                s.dispatch(Action::AutorunTaken);
                start_run(&s, &m, &h);
            }
        });
    }

    let on_run = {
        let (s, m, h) = (state.clone(), (*monitor).clone(), handle.clone());
        Callback::from(move |_: MouseEvent| start_run(&s, &m, &h))
    };
    let on_stop = {
        let h = handle.clone();
        Callback::from(move |_: MouseEvent| stop_run(&h))
    };
    let on_reset = {
        let (d, m) = (state.dispatcher(), (*monitor).clone());
        Callback::from(move |_: MouseEvent| {
            m.clear();
            d.dispatch(Action::Reset);
        })
    };
    let on_param = {
        let s = state.clone();
        Callback::from(move |(name, raw): (&'static str, String)| {
            if let View::Scenario { scenario, params } = &s.view {
                let mut next = params.clone();
                if next.set(scenario.params, name, &raw).is_ok() {
                    browser::replace_hash(&to_hash(scenario, &next, false));
                }
            }
            s.dispatch(Action::SetParam { name, raw });
        })
    };
    let on_dismiss = {
        let d = state.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::DismissProblems))
    };

    html! {
        <>
            <header class="top">
                <a class="brand" href="#/">{ "Interleave" }</a>
                <span class="tagline">{ "a concurrency playground: real threads, the event loop, step by step" }</span>
                <PoolBadge status={state.pool.clone()} />
            </header>
            if !state.problems.is_empty() {
                <div class="notice" role="status" id="link-problems">
                    <strong>{ "Some of the link could not be used:" }</strong>
                    <ul>{ for state.problems.iter().map(|p| html! { <li>{ p }</li> }) }</ul>
                    <p>{ "Defaults were used instead." }</p>
                    <button class="quiet" onclick={on_dismiss}>{ "Dismiss" }</button>
                </div>
            }
            <main>
                {
                    match &state.view {
                        View::Gallery => html! { <Gallery /> },
                        View::Scenario { scenario, params } => html! {
                            <ScenarioPage scenario={ScenarioRef(scenario)} params={params.clone()} run={state.run.clone()}
                                pool={state.pool.clone()} on_param={on_param} on_run={on_run} on_stop={on_stop} on_reset={on_reset} />
                        },
                    }
                }
            </main>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct PoolProps {
    status: PoolStatus,
}

#[function_component(PoolBadge)]
fn pool_badge(p: &PoolProps) -> Html {
    let (state, text, threads) = match &p.status {
        PoolStatus::Starting { threads } => ("starting", format!("Starting {threads} Web Worker threads…"), *threads),
        PoolStatus::Ready { threads, cores } => {
            ("ready", format!("Web Worker pool: {threads} threads on {cores} cores"), *threads)
        }
        PoolStatus::Unavailable { .. } => ("unavailable", "Real threads unavailable".to_string(), 0),
    };
    let reason = match &p.status {
        PoolStatus::Unavailable { reason } => Some(reason.clone()),
        _ => None,
    };
    html! {
        <div class={classes!("pool", state)} id="pool-status" data-state={state} data-threads={threads.to_string()}>
            <span class="dot" aria-hidden="true"></span>
            <span>{ text }</span>
            if let Some(r) = reason { <p class="pool-reason" id="pool-reason">{ r }</p> }
        </div>
    }
}

#[function_component(Gallery)]
fn gallery() -> Html {
    html! {
        <section class="gallery" aria-labelledby="gallery-title">
            <h1 id="gallery-title">{ "Scenarios" }</h1>
            <ul class="cards">
                { for CATALOG.iter().map(|s| html! {
                    <li class="card">
                        <a href={format!("#/{}", s.id)} id={format!("open-{}", s.id)}>
                            <h2>{ s.title }</h2>
                            <p>{ s.summary }</p>
                        </a>
                    </li>
                }) }
            </ul>
        </section>
    }
}

/// `&'static Scenario` compared by id, for props.
#[derive(Clone, Copy)]
pub struct ScenarioRef(&'static Scenario);

impl PartialEq for ScenarioRef {
    fn eq(&self, other: &Self) -> bool {
        self.0.id == other.0.id
    }
}

#[derive(Properties, PartialEq)]
struct PageProps {
    scenario: ScenarioRef,
    params: Params,
    run: RunState,
    pool: PoolStatus,
    on_param: Callback<(&'static str, String)>,
    on_run: Callback<MouseEvent>,
    on_stop: Callback<MouseEvent>,
    on_reset: Callback<MouseEvent>,
}

#[function_component(ScenarioPage)]
fn scenario_page(p: &PageProps) -> Html {
    let s = p.scenario.0;
    let active = p.run.is_active();
    let workers_reason = p.pool.workers_unavailable_reason();
    let chosen_unavailable = p.params.word(BACKEND) == "workers" && workers_reason.is_some();
    html! {
        <section class="scenario" aria-labelledby="scenario-title">
            <h1 id="scenario-title">{ s.title }</h1>
            <p class="lesson">{ s.lesson }</p>
            <form class="params" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { for s.params.iter().map(|spec| param_control(spec, &p.params, active, workers_reason.as_deref(), &p.on_param)) }
            </form>
            if chosen_unavailable {
                <p class="warn" id="backend-unavailable">{ format!("Web Workers cannot run here: {}", workers_reason.clone().unwrap_or_default()) }</p>
            }
            <div class="actions">
                <button id="run" class="primary" onclick={p.on_run.clone()} disabled={active}>{ "Run" }</button>
                <button id="stop" onclick={p.on_stop.clone()} disabled={!active}>{ "Stop" }</button>
                <button id="reset" onclick={p.on_reset.clone()} disabled={active}>{ "Reset" }</button>
            </div>
            <div class="stage">
                <canvas id={SPINNER_CANVAS_ID} width="160" height="160" role="img"
                    aria-label="The spinner, drawn by the main thread at every animation frame" />
                <RunStatus run={p.run.clone()} />
            </div>
            <figure class="chart">
                <canvas id={GAP_CANVAS_ID} width="720" height="180" role="img"
                    aria-label="Gaps between main-thread animation frames during the run, log scale" />
                <figcaption>
                    { "Gaps between main-thread frames during the run (log scale). Blue: smooth; " }
                    { format!("orange: longer than {LONG_TASK_MS} ms; vermillion: longer than 250 ms (the page was frozen).") }
                </figcaption>
            </figure>
        </section>
    }
}

fn param_control(
    spec: &'static ParamSpec,
    params: &Params,
    disabled: bool,
    workers_reason: Option<&str>,
    on_param: &Callback<(&'static str, String)>,
) -> Html {
    let id = format!("param-{}", spec.name);
    let current = params.get(spec.name).map(|v| v.to_string()).unwrap_or_default();
    let control = match spec.kind {
        ParamKind::Choice(options) => {
            let on_param = on_param.clone();
            let onchange = Callback::from(move |e: Event| {
                let sel: HtmlSelectElement = e.target_unchecked_into();
                on_param.emit((spec.name, sel.value()));
            });
            html! {
                <select id={id.clone()} {onchange} {disabled} aria-describedby={format!("{id}-help")}>
                    { for options.iter().map(|o| {
                        let unavailable = spec.name == BACKEND && *o == "workers" && workers_reason.is_some();
                        let label = if unavailable { format!("{o} (unavailable)") } else { o.to_string() };
                        html! { <option value={*o} selected={*o == current}>{ label }</option> }
                    }) }
                </select>
            }
        }
        ParamKind::Int { min, max } => {
            let on_param = on_param.clone();
            let onchange = Callback::from(move |e: Event| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                on_param.emit((spec.name, input.value()));
            });
            html! {
                <input id={id.clone()} type="number" min={min.to_string()} max={max.to_string()}
                    value={current} {onchange} {disabled} aria-describedby={format!("{id}-help")} />
            }
        }
    };
    html! {
        <div class="param">
            <label for={id.clone()}>{ spec.label }</label>
            { control }
            <small id={format!("{id}-help")}>{ format!("{} ({})", spec.help, spec.range_text()) }</small>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct StatusProps {
    run: RunState,
}

#[function_component(RunStatus)]
fn run_status(p: &StatusProps) -> Html {
    match &p.run {
        RunState::Idle => html! { <div class="status" id="run-status" data-state="idle" role="status">{ "Press Run." }</div> },
        RunState::Running { live } => html! {
            <div class="status" id="run-status" data-state="running" role="status">
                <p>{ format!("Running… {:.1} s", live.elapsed_ms / 1000.0) }</p>
                <p>{ format!("Longest frame gap so far: {:.0} ms", live.max_gap_ms) }</p>
            </div>
        },
        RunState::Finishing => html! { <div class="status" id="run-status" data-state="finishing" role="status">{ "Finishing…" }</div> },
        RunState::Finished(r) => {
            let answer = match &r.result {
                Some(v) => format!("Answer: {v}"),
                None => match r.outcome {
                    OutcomeKind::Cancelled => "Stopped.".to_string(),
                    _ => "No answer.".to_string(),
                },
            };
            html! {
                <div class="status" id="run-status" data-state="finished" data-outcome={outcome_word(r.outcome)} role="status">
                    <p class="answer" id="answer">{ answer }</p>
                    if let Some(m) = &r.message { <p class="message">{ m }</p> }
                    <dl class="metrics">
                        <dt>{ "Outcome" }</dt><dd id="outcome">{ outcome_word(r.outcome) }</dd>
                        <dt>{ "Wall time" }</dt><dd id="wall-ms">{ format!("{:.0} ms", r.wall_ms) }</dd>
                        <dt>{ "Longest frame gap" }</dt><dd id="max-gap">{ format!("{:.0} ms", r.max_frame_gap_ms) }</dd>
                    </dl>
                    <p class="verdict">{ verdict(r) }</p>
                </div>
            }
        }
    }
}

fn outcome_word(o: OutcomeKind) -> &'static str {
    match o {
        OutcomeKind::Completed => "completed",
        OutcomeKind::Deadlock => "deadlock",
        OutcomeKind::InvariantViolated => "invariant-violated",
        OutcomeKind::Cancelled => "cancelled",
        OutcomeKind::Failed => "failed",
    }
}

/// What the numbers of a finished spinner run say about the lesson.
fn verdict(r: &RunReport) -> String {
    if r.outcome != OutcomeKind::Completed {
        return String::new();
    }
    let gap = r.max_frame_gap_ms;
    if gap >= 1000.0 {
        format!(
            "The page was frozen for {:.1} s: slow() did its work on the event loop, so nothing else could run, \
             not even the spinner or the Stop button. This is time.sleep() inside a coroutine.",
            gap / 1000.0
        )
    } else if r.backend == "workers" {
        format!(
            "The spinner kept turning (longest gap {gap:.0} ms): slow() ran on a Web Worker thread while the main thread stayed free."
        )
    } else {
        format!(
            "The spinner kept turning (longest gap {gap:.0} ms): slow() awaited a timer and gave the event loop back, like asyncio.sleep()."
        )
    }
}
