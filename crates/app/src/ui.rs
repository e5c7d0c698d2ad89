//! The Yew components. They render [`AppState`] and turn clicks into
//! actions and runs; they hold no model of their own.

use crate::browser;
use crate::frames::{FrameMonitor, GAP_CANVAS_ID, LONG_TASK_MS, SPINNER_CANVAS_ID};
use crate::pool::{self, PoolStatus};
use crate::runner::{ActiveRun, Backend};
use crate::state::{Action, ActorLive, AppState, LogLine, RunState, Snapshot, View};
use crate::state::Comparison;
use crate::views::{
    clear_canvases, draw_compare, fmt_ms, on_page, thousands, Class, Frozen, Picture, ViewState, COMPARE_CANVAS_ID, LIVE_CANVASES, GRAPH_CANVAS_ID, RESOURCES_CANVAS_ID,
    TIMELINE_CANVAS_ID,
};
use interleave_engine::lessons;
use interleave_engine::model::Model;
use interleave_engine::schedule::Schedule;
use interleave_engine::trace::{ActorState, EventKind, ObjectState};
use crate::embed;
use crate::results::{self, Results};
use interleave_engine::contract::{to_hash, OutcomeKind, PageOptions, RunReport, TIMESCALES, VIEWS};
use interleave_engine::params::{ParamKind, ParamSpec, Params};
use interleave_engine::scenarios::{Scenario, BACKEND, CATALOG};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

type Handle = Rc<RefCell<Option<ActiveRun>>>;

fn state_text(model: &Model, st: &ActorState) -> String {
    match st {
        ActorState::Idle => "not started".to_string(),
        ActorState::Running => "running".to_string(),
        ActorState::Working => "working (CPU)".to_string(),
        ActorState::Sleeping => "sleeping".to_string(),
        ActorState::Blocked { object, .. } => format!("blocked on {}", model.object_name(*object)),
        ActorState::Waiting { object, .. } => format!("waiting on {}", model.object_name(*object)),
        ActorState::Done => "done".to_string(),
        ActorState::Failed { message } => format!("failed: {message}"),
    }
}

fn object_text(model: &Model, st: &ObjectState) -> String {
    let names = |v: &[usize]| v.iter().map(|a| model.actor_name(*a)).collect::<Vec<_>>().join(", ");
    match st {
        ObjectState::Mutex { holder, waiters } => match holder {
            Some(h) if waiters.is_empty() => format!("held by {}", model.actor_name(*h)),
            Some(h) => format!("held by {}; waiting: {}", model.actor_name(*h), names(waiters)),
            None => "free".to_string(),
        },
        ObjectState::Condvar { waiters } => format!("{} waiting", waiters.len()),
        ObjectState::Semaphore { permits, waiters } => format!("{permits} permits left, {} waiting", waiters.len()),
        ObjectState::Barrier { arrived, parties, generation } => format!("{arrived} of {parties} arrived (round {generation})"),
        ObjectState::Queue { len, capacity } => format!("{len} of {capacity} items"),
        ObjectState::Event { set } => if *set { "set".to_string() } else { "clear".to_string() },
        ObjectState::Counter { value } => format!("= {value}"),
        ObjectState::TokenBucket { milli_tokens, burst } => format!("{:.2} of {burst} tokens", *milli_tokens as f64 / 1000.0),
    }
}

/// Events kept in the page's log view.
/// Lines of the event log once a run has ended (or is stepped by hand).
const LOG_LINES: usize = 200;
/// Lines of the event log while a run is live: it is replaced five times a
/// second, and a shorter list costs the main thread (and a screen reader)
/// less each time.
const LIVE_LOG_LINES: usize = 40;

/// What the text views show now: actors with their lines, the last events,
/// and (step by step) who may move next.
fn snapshot(model: &Model, run: &mut ActiveRun, lines: usize) -> Snapshot {
    let runnable = run.runnable();
    let manual = run.is_manual();
    let sim = run.sim_progress();
    let temps: Vec<Option<i64>> =
        (0..model.actors.len()).map(|a| if model.uses_temp() { run.temp(a) } else { None }).collect();
    run.with_trace(|trace| {
        let Some(trace) = trace else { return Snapshot::default() };
        let actors = trace
            .actors()
            .iter()
            .enumerate()
            .map(|(i, a)| ActorLive {
                name: model.actor_name(i).to_string(),
                state: state_text(model, &a.state),
                line: a.line,
                line_text: model.line_text(a.line).unwrap_or("").trim().to_string(),
                temp: temps.get(i).copied().flatten(),
            })
            .collect();
        let n = trace.window().len();
        let log = trace
            .window()
            .skip(n.saturating_sub(lines))
            .map(|e| {
                let (actor, object, what) = match &e.kind {
                    EventKind::Actor { actor, state, line } => (
                        Some(*actor),
                        None,
                        format!("{}: {} (line {line})", model.actor_name(*actor), state_text(model, state)),
                    ),
                    EventKind::Object { object, state } => {
                        (None, Some(*object), format!("{}: {}", model.object_name(*object), object_text(model, state)))
                    }
                    EventKind::Value { actor, label, value } => {
                        (Some(*actor), None, format!("{}: {label} = {value}", model.actor_name(*actor)))
                    }
                };
                // The simulator's clock is virtual (many steps take no time at
                // all): its events are numbered, with their virtual time.
                let text = if sim.is_some() {
                    format!("#{:<5} {:>7.1} ms (virtual)  {what}", e.seq + 1, e.t_ms)
                } else {
                    format!("{:>9.1} ms  {what}", e.t_ms)
                };
                LogLine { seq: e.seq, actor, object, text }
            })
            .collect::<Vec<LogLine>>();
        let mut log = log;
        // A thinned run's last recorded events stop before its end: the log
        // ends with the final state from the run's own accounting.
        if trace.reconciled() && trace.dropped() > 0 {
            let end = trace.last_ms();
            let mut k = 0u64;
            let mut line = |actor, object, what: String| {
                k += 1;
                LogLine { seq: u64::MAX - 1000 + k, actor, object, text: format!("{end:>9.1} ms  {what}  (final, exact)") }
            };
            let mut tail = vec![line(None, None, format!("… {} events not recorded …", thousands(trace.dropped())))];
            for (a, agg) in trace.actors().iter().enumerate() {
                tail.push(line(Some(a), None, format!("{}: {}", model.actor_name(a), state_text(model, &agg.state))));
            }
            for (o, st) in trace.objects().iter().enumerate() {
                tail.push(line(None, Some(o), format!("{}: {}", model.object_name(o), object_text(model, st))));
            }
            log.extend(tail);
        }
        Snapshot {
            actors,
            log,
            runnable,
            manual,
            events: trace.total_events(),
            emitted: trace.emitted_events(),
            sim,
            story: vec![],
        }
    })
}

/// What the student sees of the world before and after one step.
struct Seen {
    temps: Vec<i64>,
    objects: Vec<ObjectState>,
    states: Vec<ActorState>,
    lines: Vec<u32>,
    ops: Vec<Option<interleave_engine::model::Op>>,
}

fn seen(model: &Model, run: &ActiveRun) -> Seen {
    run.with_trace(|t| {
        let t = t.expect("the simulator has a trace");
        Seen {
            temps: (0..model.actors.len()).map(|a| run.temp(a).unwrap_or(0)).collect(),
            objects: t.objects().to_vec(),
            states: t.actors().iter().map(|a| a.state.clone()).collect(),
            lines: (0..model.actors.len()).map(|a| run.next_line(a)).collect(),
            ops: (0..model.actors.len()).map(|a| run.next_op(a)).collect(),
        }
    })
}

/// One step in a sentence: who ran which line, and everything it changed
/// that the page shows: the value read into `temp`, a counter written (and
/// whose update that write lost), an object's new state, the actor's own.
/// `writers` remembers who last wrote each counter.
fn step_sentence(model: &Model, k: u64, a: usize, before: &Seen, after: &Seen, writers: &mut Vec<Option<usize>>) -> String {
    let who = model.actor_name(a);
    // The step ran the operation the actor was at; then it moved on.
    let line = before.lines.get(a).copied().unwrap_or(0);
    let next = after.lines.get(a).copied().unwrap_or(0);
    let code = model.line_text(line).unwrap_or("").trim();
    let mut parts: Vec<String> = Vec::new();
    writers.resize(model.objects.len(), None);
    let mut wrote = false;
    // A write of `temp + 1` over the counter: it may write the value that is
    // already there (the counter does not change), and that is the lost update.
    let stored = match before.ops.get(a).copied().flatten() {
        Some(interleave_engine::model::Op::Store { counter, .. }) => Some(counter),
        _ => None,
    };
    for (o, (b, n)) in before.objects.iter().zip(&after.objects).enumerate() {
        if b == n && stored != Some(o) {
            continue;
        }
        let name = model.object_name(o);
        match (b, n) {
            (ObjectState::Counter { value: old }, ObjectState::Counter { value: new }) => {
                wrote = true;
                let mut s = format!("writes {name} = {new} over {name} = {old}");
                if new <= old {
                    match writers[o] {
                        Some(w) if w != a => s.push_str(&format!(": {}'s update is lost", model.actor_name(w))),
                        _ => s.push_str(": an update is lost"),
                    }
                }
                writers[o] = Some(a);
                parts.push(s);
            }
            _ => parts.push(format!("{name} is now {}", object_text(model, n))),
        }
    }
    if model.uses_temp() && !wrote {
        if let (Some(b), Some(n)) = (before.temps.get(a), after.temps.get(a)) {
            if let Some(from) = code.strip_prefix("temp =").map(str::trim) {
                parts.push(format!("reads {from} = {n} (temp = {n})"));
            } else if b != n {
                parts.push(format!("temp = {n}"));
            }
        }
    }
    if before.states.get(a) != after.states.get(a) {
        if let Some(st) = after.states.get(a) {
            parts.push(format!("is now {}", state_text(model, st)));
        }
    }
    if parts.is_empty() {
        parts.push(if next == line {
            "gives up its turn: any thread may run next".to_string()
        } else if next > 0 {
            format!("moves on to line {next} `{}`", model.line_text(next).unwrap_or("").trim())
        } else {
            "moves on".to_string()
        });
    }
    let place = if line > 0 { format!(", line {line} `{code}`") } else { String::new() };
    format!("Step {k}: {who}{place}: {}.", parts.join("; "))
}

/// Everything a run needs from the component, stable across renders.
#[derive(Clone)]
struct Ctx {
    /// The state as of the last render (long-lived listeners must not act
    /// on the snapshot they were created with).
    latest: Rc<RefCell<AppState>>,
    dispatch: UseReducerDispatcher<AppState>,
    monitor: FrameMonitor,
    handle: Handle,
    /// The model of the current (or last) run.
    model: Rc<RefCell<Option<Rc<Model>>>>,
    /// A comparison in progress, or the last one (for its canvas).
    compare: Rc<RefCell<CompareRuns>>,
    /// Step by step: each step in a sentence, and who last wrote each counter.
    story: Rc<RefCell<(Vec<String>, Vec<Option<usize>>)>>,
}

/// The compare view's data, beside [`crate::state::Comparison`] (which has
/// the reports): the finished runs' pictures, and what is still to run.
#[derive(Default)]
struct CompareRuns {
    /// Whether the current run is part of a comparison.
    active: bool,
    /// The backends still to run, in order.
    queue: Vec<&'static str>,
    done: Vec<Frozen>,
    state: Comparison,
}

impl Ctx {
    /// Starts a run of the open scenario, unless one is already going;
    /// `manual` (simulator only) waits for Step.
    fn start_run(&self, manual: bool) {
        let state = self.latest.borrow().clone();
        let View::Scenario { params, .. } = &state.view else { return };
        if state.run.is_active() {
            return;
        }
        let first = params.word(BACKEND).to_string();
        let mut c = self.compare.borrow_mut();
        *c = CompareRuns::default();
        if let (Some(other), false) = (state.options.compare_for(&first), manual) {
            c.active = true;
            c.queue = vec![other];
            c.state = Comparison {
                backends: [first.as_str(), other].iter().filter_map(|w| Backend::parse(w)).collect(),
                reports: vec![],
                results: vec![],
                running: Some(0),
            };
            self.dispatch.dispatch(Action::Compare(c.state.clone()));
        }
        drop(c);
        self.launch(manual, &first);
    }

    /// After a run of a comparison: keep its picture and report, then start
    /// the next backend at the next frame (so the page paints the first
    /// result), or announce the comparison's end. A stopped run ends it.
    fn compare_next(&self, report: &RunReport, numbers: &Results, picture: Frozen) {
        let mut c = self.compare.borrow_mut();
        if !c.active {
            return;
        }
        c.done.push(picture);
        c.state.reports.push(report.clone());
        c.state.results.push(numbers.clone());
        let next = if report.outcome == OutcomeKind::Cancelled { None } else { c.queue.first().copied() };
        if let Some(next) = next {
            c.queue.remove(0);
            c.state.running = Some(c.state.reports.len());
            self.dispatch.dispatch(Action::Compare(c.state.clone()));
            drop(c);
            let ctx = self.clone();
            wasm_bindgen_futures::spawn_local(async move {
                crate::runner::next_frame().await;
                // Unless the page moved on meanwhile (forget_run).
                if ctx.compare.borrow().active {
                    ctx.launch(false, next);
                }
            });
        } else {
            c.active = false;
            c.queue.clear();
            c.state.running = None;
            self.dispatch.dispatch(Action::Compare(c.state.clone()));
            browser::announce(
                browser::COMPARE_FINISHED,
                serde_json::json!({ "scenario": report.scenario, "runs": c.state.reports }),
            );
        }
    }

    /// Starts a run of the open scenario on `backend_word`.
    fn launch(&self, manual: bool, backend_word: &str) {
        let state = self.latest.borrow().clone();
        let View::Scenario { scenario, params } = &state.view else { return };
        let scenario: &'static Scenario = scenario;
        let mut params = params.clone();
        if params.set(scenario.params, BACKEND, backend_word).is_err() {
            return;
        }
        let backend_word = backend_word.to_string();
        let backend = Backend::parse(&backend_word).unwrap_or(Backend::EventLoop);
        let d = self.dispatch.clone();
        let fail = |message: String| {
            let report = RunReport::new(scenario.id, backend, &params, OutcomeKind::Failed, Some(message));
            browser::announce_run_finished(&report);
            d.dispatch(Action::Finished(report.clone()));
            self.compare_next(&report, &Results::default(), Frozen { backend: backend_word.clone(), note: "could not run".into(), ..Frozen::default() });
        };
        if backend == Backend::Workers {
            if let Some(reason) = state.pool.workers_unavailable_reason() {
                return fail(reason);
            }
        }
        let seed = state.options.seed.unwrap_or(0);
        let timescale = state.options.timescale.unwrap_or(1);
        let model = match lessons::build_seeded(scenario.id, &params, seed) {
            Ok(m) => Rc::new(m.slowed(timescale)),
            Err(e) => return fail(format!("the scenario could not be built: {e}")),
        };
        let schedule = match (backend, &state.options.schedule) {
            (Backend::Sim, Some(text)) => match Schedule::parse(text) {
                Ok(s) => Some(s),
                Err(e) => {
                    d.dispatch(Action::Problem(format!(
                        "the schedule in the link is not valid ({e}); the run uses seed {seed} instead"
                    )));
                    None
                }
            },
            _ => None,
        };
        let pool_threads = match state.pool {
            PoolStatus::Ready { threads, .. } => threads,
            _ => 0,
        };
        let run = match ActiveRun::start(&model, backend, pool_threads, seed, schedule.as_ref(), manual, timescale > 1) {
            Ok(r) => r,
            Err(e) if schedule.is_some() => {
                // A schedule for another configuration, or cut short: say so, run from the seed.
                d.dispatch(Action::Problem(format!("{e}; the run uses seed {seed} instead")));
                match ActiveRun::start(&model, backend, pool_threads, seed, None, manual, timescale > 1) {
                    Ok(r) => r,
                    Err(e) => return fail(e),
                }
            }
            Err(e) => return fail(e),
        };
        *self.handle.borrow_mut() = Some(run);
        *self.model.borrow_mut() = Some(model.clone());
        *self.story.borrow_mut() = Default::default();
        // Mark the state active at once, so a second command in the same tick is refused.
        self.latest.borrow_mut().run = RunState::Running { live: Default::default() };
        d.dispatch(Action::Started);
        embed::post(serde_json::json!({ "type": "interleave:run-started", "scenario": scenario.id, "backend": backend_word }));

        // The canvases: every frame, from the events new since the last one.
        let views = Rc::new(RefCell::new(ViewState::new(&model)));
        {
            let (h, m, v) = (self.handle.clone(), model.clone(), views.clone());
            let (compare, monitor, word) = (self.compare.clone(), self.monitor.clone(), backend_word.clone());
            let mut live_note = String::new();
            let mut turn = 0usize;
            self.monitor.set_draw(move || {
                let Ok(run) = h.try_borrow() else { return };
                let Some(run) = run.as_ref() else { return };
                let mut v = v.borrow_mut();
                run.with_trace(|t| {
                    if let Some(t) = t {
                        v.update(&m, t);
                    }
                });
                // While the run is live the canvases take turns, one per
                // frame (each is redrawn every second to fourth frame), so a
                // frame pays for one view, not all of them; once it has
                // ended every view is drawn.
                let outcome = run.outcome();
                let only = if outcome.is_none() {
                    let shown: Vec<&str> = LIVE_CANVASES.iter().copied().filter(|id| on_page(id)).collect();
                    turn = turn.wrapping_add(1);
                    match shown.len() {
                        0 => return,
                        n => Some(shown[turn % n]),
                    }
                } else {
                    None
                };
                v.draw(&m, outcome.as_ref(), only);
                // Compare: the finished runs, then this one while it goes.
                let c = compare.borrow();
                if (c.active || !c.done.is_empty()) && only.is_none_or(|o| o == COMPARE_CANVAS_ID) {
                    let live = c.active && c.state.running == Some(c.done.len());
                    if live {
                        live_note = format!("running… {}", fmt_ms(run.elapsed_ms()));
                    }
                    monitor.with_gaps(|gaps| {
                        let mut pictures: Vec<Picture<'_>> = c.done.iter().map(Frozen::picture).collect();
                        if live {
                            let gaps = if backend.virtual_time() { &[][..] } else { gaps };
                            pictures.push(v.picture(&word, gaps, &live_note));
                        }
                        draw_compare(&m, &pictures);
                    });
                }
            });
        }
        let on_tick = {
            let (h, d, m, story) = (self.handle.clone(), d.clone(), model.clone(), self.story.clone());
            move |frames| {
                d.dispatch(Action::Live(frames));
                if let Some(mut snap) = h.borrow_mut().as_mut().map(|r| snapshot(&m, r, if r.is_manual() { LOG_LINES } else { LIVE_LOG_LINES })) {
                    snap.story = story.borrow().0.clone();
                    d.dispatch(Action::Snapshot(snap));
                }
            }
        };
        let poll = {
            let (h, monitor, model, ctx) = (self.handle.clone(), self.monitor.clone(), model.clone(), self.clone());
            move || {
                let done = h.borrow_mut().as_mut().and_then(|r| r.poll().map(|res| (res, r.elapsed_ms(), snapshot(&model, r, LOG_LINES))));
                let Some((result, wall_ms, mut last)) = done else { return };
                // The finished views come from the run's complete final
                // state (the trace is reconciled with the runtime's own
                // accounting), not from whichever events reached the page.
                if let Some(run) = h.borrow().as_ref() {
                    run.with_trace(|t| t.map(|t| views.borrow_mut().finish(&model, t)));
                }
                last.story = ctx.story.borrow().0.clone();
                d.dispatch(Action::Snapshot(last));
                d.dispatch(Action::Finishing);
                let (d, params, backend_word) = (d.clone(), params.clone(), backend_word.clone());
                let model = model.clone();
                let (ctx, views, gaps_of) = (ctx.clone(), views.clone(), monitor.clone());
                monitor.finish_at_next_frame(move |max_gap| {
                    let mut report = result.report(&model, scenario.id, backend, &params, wall_ms, max_gap);
                    if backend == Backend::Sim {
                        report.seed = Some(seed);
                    }
                    let numbers = results::of(scenario.id, &model, &result, &params, wall_ms);
                    report.metrics = numbers.metrics.clone();
                    // The simulator's time can stand still (steps that cost
                    // nothing): each actor's steps say what it did.
                    if let Some(steps) = result.schedule.as_deref().and_then(|t| Schedule::parse(t).ok()) {
                        for (i, a) in report.actors.iter_mut().enumerate() {
                            a.steps = Some(steps.steps.iter().filter(|&&s| s == i).count() as u64);
                        }
                    }
                    d.dispatch(Action::Results(numbers.clone()));
                    browser::announce_run_finished(&report);
                    d.dispatch(Action::Finished(report.clone()));
                    let note = if backend == Backend::Sim {
                        format!("{} of virtual time, simulated in {}", fmt_ms(virtual_ms(&report)), fmt_ms(report.wall_ms))
                    } else {
                        format!("{}, longest frame gap {:.0} ms", fmt_ms(report.wall_ms), report.max_frame_gap_ms)
                    };
                    // The simulator's lanes are in virtual time: real frame gaps have no place on its axis.
                    let gaps = if backend == Backend::Sim { Vec::new() } else { gaps_of.with_gaps(<[_]>::to_vec) };
                    let picture = views.borrow().freeze(&backend_word, &gaps, note);
                    ctx.compare_next(&report, &numbers, picture);
                });
            }
        };
        self.monitor.begin_run(on_tick, poll);
    }

    fn stop_run(&self) {
        if let Some(run) = self.handle.borrow_mut().as_mut() {
            run.stop();
        }
    }

    /// Step by step: one step (of `actor`, or the seeded policy's choice),
    /// told in a sentence.
    fn step(&self, actor: Option<usize>) {
        let Some(model) = self.model.borrow().clone() else { return };
        let mut h = self.handle.borrow_mut();
        let Some(run) = h.as_mut() else { return };
        let before = seen(&model, run);
        let steps_before = run.sim_progress().map(|p| p.0).unwrap_or(0);
        if let Err(e) = run.step(actor) {
            self.dispatch.dispatch(Action::Problem(e));
        }
        let mut snap = snapshot(&model, run, LOG_LINES);
        let steps_after = run.sim_progress().map(|p| p.0).unwrap_or(0);
        {
            let mut story = self.story.borrow_mut();
            if steps_after > steps_before {
                if let Some(a) = run.last_stepped() {
                    let after = seen(&model, run);
                    let (lines, writers) = &mut *story;
                    lines.push(step_sentence(&model, steps_after, a, &before, &after, writers));
                    let excess = lines.len().saturating_sub(LOG_LINES);
                    lines.drain(..excess);
                }
            }
            snap.story = story.0.clone();
        }
        drop(h);
        self.dispatch.dispatch(Action::Snapshot(snap));
    }

    fn run_to_end(&self) {
        if let Some(run) = self.handle.borrow_mut().as_mut() {
            run.run_to_end();
        }
    }

    fn reset(&self) {
        if self.latest.borrow().run.is_active() {
            return;
        }
        self.forget_run();
        self.dispatch.dispatch(Action::Reset);
    }

    /// Leaves the current or last run behind (a link followed, Reset): Stop
    /// lets its threads return, and nothing of it reports, polls, draws or
    /// starts a compared run into what the page shows next.
    fn forget_run(&self) {
        self.stop_run();
        self.monitor.forget_run();
        *self.handle.borrow_mut() = None;
        *self.model.borrow_mut() = None;
        *self.compare.borrow_mut() = CompareRuns::default();
        clear_canvases();
    }
}

fn initial_pool() -> PoolStatus {
    if browser::cross_origin_isolated() {
        PoolStatus::Starting { threads: pool::pool_size() }
    } else {
        PoolStatus::Unavailable { reason: pool::NOT_ISOLATED.into() }
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| AppState::from_hash(&browser::location_hash(), initial_pool()));
    let latest = use_mut_ref(|| (*state).clone());
    *latest.borrow_mut() = (*state).clone();
    let monitor = use_memo((), |_| FrameMonitor::start());
    let handle: Handle = use_mut_ref(|| None);
    let model_ref = use_mut_ref(|| None);
    let compare = use_mut_ref(CompareRuns::default);
    let story = use_mut_ref(Default::default);
    let ctx = Ctx { latest, dispatch: state.dispatcher(), monitor: (*monitor).clone(), handle, model: model_ref, compare, story };

    // Once per page: the pool (if isolated), link-following, and, when framed,
    // the parent's commands and our height.
    {
        let ctx = ctx.clone();
        let needs_pool = matches!(state.pool, PoolStatus::Starting { .. });
        use_effect_with((), move |_| {
            if needs_pool {
                let d = ctx.dispatch.clone();
                wasm_bindgen_futures::spawn_local(async move { d.dispatch(Action::Pool(pool::start().await)) });
            }
            let nav = ctx.clone();
            let cb = Closure::<dyn Fn()>::new(move || {
                nav.forget_run();
                nav.dispatch.dispatch(Action::Navigate(browser::location_hash()));
            });
            let w = browser::window();
            let _ = w.add_event_listener_with_callback("hashchange", cb.as_ref().unchecked_ref());
            cb.forget();
            if browser::in_frame() {
                let c = ctx.clone();
                embed::listen(move |cmd| match cmd {
                    embed::Command::Run => c.start_run(false),
                    embed::Command::Stop => c.stop_run(),
                    embed::Command::Reset => c.reset(),
                });
                embed::report_height();
                let scenario = match &ctx.latest.borrow().view {
                    View::Scenario { scenario, .. } => Some(scenario.id),
                    View::Gallery => None,
                };
                embed::post(serde_json::json!({ "type": "interleave:ready", "scenario": scenario }));
            }
        });
    }

    // autorun=1: run once the page has settled. Starting the pool spawns
    // workers from the main thread, which would show up as frame gaps in
    // any run measured meanwhile, whatever its backend.
    {
        let ready = matches!(state.view, View::Scenario { .. }) && !matches!(state.pool, PoolStatus::Starting { .. });
        let go = state.autorun_pending && ready;
        let ctx = ctx.clone();
        use_effect_with(go, move |go| {
            if *go {
                ctx.dispatch.dispatch(Action::AutorunTaken);
                ctx.start_run(false);
            }
        });
    }

    let on_run = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.start_run(false))
    };
    let on_step = {
        let ctx = ctx.clone();
        Callback::from(move |actor: Option<usize>| {
            if ctx.latest.borrow().run.is_active() {
                ctx.step(actor);
            } else {
                ctx.start_run(true);
            }
        })
    };
    let on_timescale = {
        let s = state.clone();
        Callback::from(move |t: u32| {
            let options = PageOptions { timescale: (t > 1).then_some(t), autorun: false, ..s.options.clone() };
            if let View::Scenario { scenario, params } = &s.view {
                browser::replace_hash(&to_hash(scenario, params, &options));
            }
            s.dispatch(Action::SetOptions(options));
        })
    };
    let on_compare = {
        let s = state.clone();
        Callback::from(move |other: String| {
            let compare = interleave_engine::scenarios::BACKENDS.iter().copied().find(|b| *b == other);
            let options = PageOptions { compare, autorun: false, ..s.options.clone() };
            if let View::Scenario { scenario, params } = &s.view {
                browser::replace_hash(&to_hash(scenario, params, &options));
            }
            s.dispatch(Action::SetOptions(options));
        })
    };
    let on_seed = {
        let s = state.clone();
        Callback::from(move |raw: String| {
            if let (Ok(n), View::Scenario { scenario, params }) = (crate::state::parse_seed(&raw), &s.view) {
                let options = PageOptions { seed: (n > 0).then_some(n), schedule: None, autorun: false, ..s.options.clone() };
                browser::replace_hash(&to_hash(scenario, params, &options));
                s.dispatch(Action::SetOptions(options));
            }
            s.dispatch(Action::SetSeed(raw));
        })
    };
    let on_run_to_end = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.run_to_end())
    };
    let on_stop = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.stop_run())
    };
    let on_reset = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.reset())
    };
    let on_param = {
        let s = state.clone();
        Callback::from(move |(name, raw): (&'static str, String)| {
            if let View::Scenario { scenario, params } = &s.view {
                let mut next = params.clone();
                if next.set(scenario.params, name, &raw).is_ok() {
                    let compare = s.options.compare_for(next.word(BACKEND));
                    let options = PageOptions { autorun: false, compare, ..s.options.clone() };
                    if compare != s.options.compare {
                        s.dispatch(Action::SetOptions(options.clone()));
                    }
                    browser::replace_hash(&to_hash(scenario, &next, &options));
                }
            }
            s.dispatch(Action::SetParam { name, raw });
        })
    };
    let on_dismiss = {
        let d = state.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::DismissProblems))
    };

    let embed_mode = state.options.embed && matches!(state.view, View::Scenario { .. });
    html! {
        <>
            if embed_mode {
                <header class="top compact">
                    <a class="brand" href={browser::full_page_url()} target="_blank" rel="noopener">{ "Interleave ↗" }</a>
                    <PoolBadge status={state.pool.clone()} compact=true />
                </header>
            } else {
                <header class="top">
                    <a class="brand" href="#/">{ "Interleave" }</a>
                    <span class="tagline">{ "a concurrency playground: real threads, the event loop, step by step" }</span>
                    <PoolBadge status={state.pool.clone()} />
                </header>
            }
            if !state.problems.is_empty() {
                <div class="notice" role="status" id="link-problems">
                    <strong>{ "Some of the link could not be used:" }</strong>
                    <ul>{ for state.problems.iter().map(|p| html! { <li>{ p }</li> }) }</ul>
                    <p>{ "Defaults were used instead." }</p>
                    <button class="quiet" onclick={on_dismiss}>{ "Dismiss" }</button>
                </div>
            }
            <main class={classes!(embed_mode.then_some("embedded"))}>
                {
                    match &state.view {
                        View::Gallery => html! { <Gallery /> },
                        View::Scenario { scenario, params } => html! {
                            <ScenarioPage scenario={ScenarioRef(scenario)} params={params.clone()} run={state.run.clone()}
                                pool={state.pool.clone()} options={state.options.clone()} snapshot={state.snapshot.clone()} results={state.results.clone()}
                                on_param={on_param} on_run={on_run} on_stop={on_stop} on_reset={on_reset}
                                on_step={on_step} on_run_to_end={on_run_to_end} on_timescale={on_timescale}
                                on_compare={on_compare} comparison={state.comparison.clone()}
                                on_seed={on_seed} field_errors={state.field_errors.clone()} />
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
    /// The embedded layout: the page explains unavailability beside the controls instead.
    #[prop_or_default]
    compact: bool,
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
            if let Some(r) = reason.filter(|_| !p.compact) { <p class="pool-reason" id="pool-reason">{ r }</p> }
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
    options: PageOptions,
    snapshot: Snapshot,
    results: Results,
    on_param: Callback<(&'static str, String)>,
    on_run: Callback<MouseEvent>,
    on_stop: Callback<MouseEvent>,
    on_reset: Callback<MouseEvent>,
    /// Step by step: one step, of this actor or the scheduler's choice.
    on_step: Callback<Option<usize>>,
    on_run_to_end: Callback<MouseEvent>,
    on_timescale: Callback<u32>,
    /// The simulator's seed, as typed.
    on_seed: Callback<String>,
    /// Fields holding a value that cannot be used: (field, typed, why).
    field_errors: Vec<(&'static str, String, String)>,
    /// The second backend to compare with ("" for none).
    on_compare: Callback<String>,
    comparison: Comparison,
}

#[function_component(ScenarioPage)]
fn scenario_page(p: &PageProps) -> Html {
    let s = p.scenario.0;
    let active = p.run.is_active();
    let workers_reason = p.pool.workers_unavailable_reason();
    let not_isolated = matches!(p.pool, PoolStatus::Unavailable { .. }) && !browser::cross_origin_isolated();
    let chosen_unavailable = p.params.backend() == Backend::Workers && workers_reason.is_some();
    let embedded = p.options.embed;
    // The same configuration as a top-level page: where real threads can be had.
    let full_url = browser::page_url(&to_hash(s, &p.params, &PageOptions::default()));
    let is_sim = p.params.backend() == Backend::Sim;
    let seed_error = p.field_errors.iter().find(|(n, _, _)| *n == "seed").map(|(_, _, why)| why.clone());
    let seed_shown = p.field_errors.iter().find(|(n, _, _)| *n == "seed").map(|(_, raw, _)| raw.clone())
        .unwrap_or_else(|| p.options.seed.unwrap_or(0).to_string());
    let backend_now = p.params.word(BACKEND);
    let compare = p.options.compare_for(backend_now);
    // The model, for its source (code view) and names (log filters).
    let model = {
        let (id, params, seed) = (s.id, p.params.clone(), p.options.seed.unwrap_or(0));
        use_memo((id, params, seed), |(id, params, seed)| lessons::build_seeded(id, params, *seed).ok())
    };
    let model_source: Rc<str> = model.as_ref().as_ref().map(|m| m.source.as_str()).unwrap_or("").into();
    let actor_names: Rc<Vec<String>> = Rc::new(model.as_ref().as_ref().map(|m| m.actors.iter().map(|a| a.name.clone()).collect()).unwrap_or_default());
    let object_names: Rc<Vec<String>> = Rc::new(model.as_ref().as_ref().map(|m| m.objects.iter().map(|o| o.name.clone()).collect()).unwrap_or_default());
    html! {
        <section class="scenario" aria-labelledby="scenario-title">
            <h1 id="scenario-title">{ s.title }</h1>
            if embedded {
                <details class="lesson"><summary>{ "The lesson" }</summary><p>{ s.lesson }</p></details>
            } else {
                <p class="lesson">{ s.lesson }</p>
            }
            <form class="params" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { for s.params.iter().map(|spec| {
                    let error = p.field_errors.iter().find(|(n, _, _)| *n == spec.name).map(|(_, raw, why)| (raw.as_str(), why.as_str()));
                    param_control(spec, &p.params, active, workers_reason.as_deref(), &p.on_param, error)
                }) }
            </form>
            if not_isolated {
                <p class="warn" id="threads-offer">
                    { "Real threads need a cross-origin isolated page, and this one is not" }
                    { if browser::in_frame() { " (the course page that frames it is not isolated)" } else { "" } }
                    { ". The event loop works here. " }
                    <a id="open-with-threads" href={full_url} target="_blank" rel="noopener">{ "Open with real threads ↗" }</a>
                </p>
            } else if chosen_unavailable {
                <p class="warn" id="backend-unavailable">{ format!("Web Workers cannot run yet: {}", workers_reason.clone().unwrap_or_default()) }</p>
            }
            if chosen_unavailable && not_isolated {
                <p class="warn" id="backend-unavailable">{ "Web Workers cannot run here: choose eventloop, or open the page with real threads." }</p>
            }
            { for s.backend_notes.iter().filter(|(b, _)| *b == p.params.word(BACKEND)).map(|(b, why)| html! {
                <p class="warn" id="backend-note">{ format!("On {b}: {why}") }</p>
            }) }
            <div class="actions">
                <button id="run" class="primary" onclick={p.on_run.clone()} disabled={active || !p.field_errors.is_empty()}
                    title={if p.field_errors.is_empty() { String::new() } else { "fix the marked field first".to_string() }}>
                    { if compare.is_some() { "Run both" } else { "Run" } }
                </button>
                <button id="stop" onclick={p.on_stop.clone()} disabled={!active}>{ "Stop" }</button>
                <button id="reset" onclick={p.on_reset.clone()} disabled={active}>{ "Reset" }</button>
                if is_sim {
                    <span class="stepper" role="group" aria-label="Step by step">
                        <button id="step" onclick={{ let f = p.on_step.clone(); Callback::from(move |_: MouseEvent| f.emit(None)) }}
                            disabled={(active && !p.snapshot.manual) || (!active && !p.field_errors.is_empty())}>{ if active { "Step" } else { "Step by step" } }</button>
                        <button id="run-to-end" onclick={p.on_run_to_end.clone()} disabled={!(active && p.snapshot.manual)}>{ "Run to end" }</button>
                        <label class="timescale" for="seed">{ "Seed " }
                            <input id="seed" type="number" min="0" max={interleave_engine::contract::MAX_SEED.to_string()} step="1"
                                value={seed_shown.clone()} disabled={active} aria-describedby="seed-help"
                                aria-invalid={seed_error.is_some().to_string()}
                                onchange={{
                                    let f = p.on_seed.clone();
                                    Callback::from(move |e: Event| {
                                        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                                        f.emit(input.value());
                                    })
                                }} />
                        </label>
                        <small id="seed-help" class={classes!("hint", seed_error.is_some().then_some("field-error"))}>
                            { seed_error.clone().unwrap_or_else(|| "the same seed gives the same run".to_string()) }
                        </small>
                    </span>
                }
                <label class="timescale" for="timescale">{ "Time scale " }
                    <select id="timescale" disabled={active} onchange={{
                        let f = p.on_timescale.clone();
                        Callback::from(move |e: Event| {
                            let sel: HtmlSelectElement = e.target_unchecked_into();
                            f.emit(sel.value().parse().unwrap_or(1));
                        })
                    }} aria-describedby="timescale-help">
                        { for TIMESCALES.iter().map(|t| html! {
                            <option value={t.to_string()} selected={p.options.timescale.unwrap_or(1) == *t}>{ format!("{t}× slower") }</option>
                        }) }
                    </select>
                </label>
                <small id="timescale-help" class="hint">{ "every sleep, stretch of work and timeout takes this many times as long, to watch it" }</small>
                <label class="timescale" for="compare">{ "Compare with " }
                    <select id="compare" disabled={active} aria-describedby="compare-help" onchange={{
                        let f = p.on_compare.clone();
                        Callback::from(move |e: Event| {
                            let sel: HtmlSelectElement = e.target_unchecked_into();
                            f.emit(sel.value());
                        })
                    }}>
                        <option value="" selected={compare.is_none()}>{ "nothing (one run)" }</option>
                        { for interleave_engine::scenarios::BACKENDS.iter().filter(|b| **b != backend_now).map(|b| {
                            let why = if Backend::parse(b) == Some(Backend::Workers) { workers_reason.clone() } else { None };
                            html! {
                                <option value={*b} selected={compare == Some(*b)} disabled={why.is_some()}
                                    title={why.clone().unwrap_or_default()}>
                                    { backend_label(b, why.as_deref()) }
                                </option>
                            }
                        }) }
                    </select>
                </label>
                <small id="compare-help" class="hint">{ "run the same scenario on a second backend afterwards, and see both on one time axis" }</small>
            </div>
            if compare.is_some() || !p.comparison.backends.is_empty() {
                <CompareView comparison={p.comparison.clone()} />
            }
            <div class="stage">
                if p.options.shows("spinner") {
                    <figure class="heartbeat">
                        <canvas id={SPINNER_CANVAS_ID} width="160" height="160" role="img"
                            aria-label="The spinner, drawn by the main thread at every animation frame" />
                        <figcaption>{ "The main thread's spinner: it turns during a run, and stops whenever the page is blocked." }</figcaption>
                    </figure>
                }
                <RunStatus run={p.run.clone()} results={p.results.clone()} sim={p.snapshot.sim.filter(|_| is_sim)}
                    manual={p.snapshot.manual} compared={!p.comparison.reports.is_empty() || p.comparison.running.is_some()} />
            </div>
            if p.options.shows("frames") {
                <figure class="chart">
                    <canvas id={GAP_CANVAS_ID} width="720" height="180" role="img"
                        aria-label="Gaps between main-thread animation frames during the run, log scale" />
                    <figcaption>
                        { "Gaps between main-thread frames during the run (log scale). Blue: smooth; " }
                        { format!("orange: longer than {LONG_TASK_MS} ms; vermillion: longer than 250 ms (the page was frozen).") }
                    </figcaption>
                </figure>
            }
            if is_sim && active && p.snapshot.manual {
                <div class="stepper" role="group" aria-label="Who runs next">
                    <span class="hint">{ "Choose who runs next:" }</span>
                    { for p.snapshot.runnable.iter().map(|&a| {
                        let f = p.on_step.clone();
                        let name = p.snapshot.actors.get(a).map(|x| x.name.clone()).unwrap_or_else(|| format!("actor {a}"));
                        html! { <button class="chip" id={format!("step-actor-{a}")} onclick={Callback::from(move |_: MouseEvent| f.emit(Some(a)))}>{ name }</button> }
                    }) }
                </div>
            }
            if is_sim && !p.snapshot.story.is_empty() {
                <ol class="story" id="step-story" aria-live="polite" aria-label="What each step did">
                    { for p.snapshot.story.iter().rev().take(6).map(|line| html! { <li>{ line }</li> }) }
                </ol>
            }
            <Views options={p.options.clone()} snapshot={p.snapshot.clone()} source={model_source.clone()}
                actor_names={actor_names.clone()} object_names={object_names.clone()} />
            if !embedded {
                <SharePanel scenario={p.scenario} params={p.params.clone()}
                    run_options={PageOptions { seed: p.options.seed, schedule: p.options.schedule.clone(), ..PageOptions::default() }} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ShareProps {
    scenario: ScenarioRef,
    params: Params,
    /// The link's seed and schedule (the rest of the page options is the panel's to choose).
    run_options: PageOptions,
}

/// "Copy link" and "Embed": the configuration as a link and as an iframe snippet.
#[function_component(SharePanel)]
fn share_panel(p: &ShareProps) -> Html {
    let s = p.scenario.0;
    let copied = use_state(|| None::<&'static str>);
    let embed_open = use_state(|| false);
    let views = use_state(|| VIEWS.to_vec());
    let autorun = use_state(|| false);
    let height = use_state(|| 640u32);

    let link = browser::page_url(&to_hash(s, &p.params, &p.run_options));
    let options = PageOptions {
        autorun: *autorun,
        embed: true,
        views: if views.len() == VIEWS.len() { None } else { Some((*views).clone()) },
        ..p.run_options.clone()
    };
    let frame_src = browser::page_url(&to_hash(s, &p.params, &options));
    let snippet = format!(
        "<iframe src=\"{}\" title=\"Interleave: {}\" width=\"100%\" height=\"{}\" style=\"border:0\" loading=\"lazy\" allow=\"cross-origin-isolated\"></iframe>",
        html_attr(&frame_src),
        html_attr(s.title),
        *height
    );
    let copy = |text: String, what: &'static str| {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            let text = text.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let ok = browser::copy_text(&text).await;
                copied.set(Some(if ok { what } else { "select the text and copy it" }));
            });
        })
    };
    let toggle_view = |v: &'static str| {
        let views = views.clone();
        Callback::from(move |_: Event| {
            let mut next: Vec<&'static str> = (*views).clone();
            if next.contains(&v) {
                next.retain(|x| *x != v);
            } else {
                next.push(v);
                next.sort_by_key(|k| VIEWS.iter().position(|x| x == k));
            }
            views.set(next);
        })
    };
    html! {
        <section class="share" aria-label="Share">
            <div class="share-row">
                <label for="share-link">{ "Link to this configuration" }</label>
                <input id="share-link" readonly=true value={link.clone()} onfocus={Callback::from(|e: FocusEvent| {
                    let i: web_sys::HtmlInputElement = e.target_unchecked_into(); i.select(); })} />
                <button id="copy-link" onclick={copy(link, "link copied")}>{ "Copy link" }</button>
                <button id="embed-toggle" aria-expanded={embed_open.to_string()}
                    onclick={{ let e = embed_open.clone(); Callback::from(move |_: MouseEvent| e.set(!*e)) }}>{ "Embed" }</button>
                if let Some(msg) = *copied { <span class="copied" role="status">{ msg }</span> }
            </div>
            if *embed_open {
                <fieldset class="embed-options" id="embed-panel">
                    <legend>{ "Embed in a course page" }</legend>
                    { for VIEWS.iter().map(|v| html! {
                        <label class="check"><input type="checkbox" id={format!("embed-view-{v}")} checked={views.contains(v)} onchange={toggle_view(v)} />{ format!(" show {v}") }</label>
                    }) }
                    <label class="check"><input type="checkbox" id="embed-autorun" checked={*autorun}
                        onchange={{ let a = autorun.clone(); Callback::from(move |_: Event| a.set(!*a)) }} />{ " run when the page opens" }</label>
                    <label class="check">{ "height (px) " }
                        <input type="number" id="embed-height" min="200" max="3000" value={height.to_string()}
                            onchange={{ let h = height.clone(); Callback::from(move |e: Event| {
                                let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                                if let Ok(v) = i.value().trim().parse::<u32>() { h.set(v.clamp(200, 3000)); }
                            }) }} />
                    </label>
                    <textarea id="embed-snippet" readonly=true rows="4" value={snippet.clone()} aria-label="iframe snippet" />
                    <button id="copy-embed" onclick={copy(snippet, "snippet copied")}>{ "Copy snippet" }</button>
                    <p class="hint">{ "The frame posts its height and its run events to your page; see the README's embedding section." }</p>
                </fieldset>
            }
        </section>
    }
}

/// Escapes text for a double-quoted HTML attribute in a snippet we write out.
fn html_attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

fn param_control(
    spec: &'static ParamSpec,
    params: &Params,
    disabled: bool,
    workers_reason: Option<&str>,
    on_param: &Callback<(&'static str, String)>,
    error: Option<(&str, &str)>,
) -> Html {
    let id = format!("param-{}", spec.name);
    // A wrong value stays where it was typed, marked, with its sentence.
    let current = match error {
        Some((raw, _)) => raw.to_string(),
        None => params.get(spec.name).map(|v| v.to_string()).unwrap_or_default(),
    };
    let kept = params.get(spec.name).map(|v| v.to_string()).unwrap_or_default();
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
                        let why = if spec.name == BACKEND && Backend::parse(o) == Some(Backend::Workers) { workers_reason } else { None };
                        let label = if spec.name == BACKEND { backend_label(o, why) } else { o.to_string() };
                        // An unavailable backend stays selectable only when the link chose it (the page says why).
                        html! {
                            <option value={*o} selected={*o == current} disabled={why.is_some() && *o != current}
                                title={why.map(str::to_string).unwrap_or_default()}>{ label }</option>
                        }
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
                    value={current} {onchange} {disabled} aria-describedby={format!("{id}-help")}
                    aria-invalid={error.is_some().to_string()} class={classes!(error.is_some().then_some("invalid"))} />
            }
        }
    };
    html! {
        <div class="param">
            <label for={id.clone()}>{ spec.label }</label>
            { control }
            if let Some((_, why)) = error {
                <small id={format!("{id}-help")} class="field-error" role="alert">
                    { format!("{why}. The last good value, {kept}, is kept until this is fixed.") }
                </small>
            } else {
                <small id={format!("{id}-help")}>
                    { match spec.kind {
                        ParamKind::Int { .. } => format!("{} ({})", spec.help, spec.range_text()),
                        ParamKind::Choice(_) => spec.help.to_string(),
                    } }
                </small>
            }
        </div>
    }
}

/// A backend as the choosers name it: what it is, and why it cannot run
/// here when it cannot.
fn backend_label(word: &str, unavailable: Option<&str>) -> String {
    let name = Backend::parse(word).map(Backend::label).unwrap_or(word);
    match unavailable {
        Some(why) => format!("{name}: unavailable, {why}"),
        None => name.to_string(),
    }
}

#[derive(Properties, PartialEq)]
struct CompareProps {
    comparison: Comparison,
}

/// Compare: the runs on one time axis (drawn by the frame loop), their
/// numbers side by side, and what the difference says.
#[function_component(CompareView)]
fn compare_view(p: &CompareProps) -> Html {
    let c = &p.comparison;
    let state = match (c.running, c.reports.len(), c.backends.len()) {
        (Some(i), _, n) => format!("running {} of {n}: {}", i + 1, c.backends.get(i).map(|b| b.word()).unwrap_or("")),
        (None, 0, _) => "press Run both".to_string(),
        (None, done, n) if done < n => "stopped before the second run".to_string(),
        _ => "done".to_string(),
    };
    let row = |label: &str, f: &dyn Fn(&RunReport) -> String| html! {
        <tr><th scope="row">{ label }</th>{ for c.reports.iter().map(|r| html! { <td>{ f(r) }</td> }) }</tr>
    };
    let virtual_time = |r: &RunReport| if r.backend.virtual_time() { " (virtual)" } else { "" };
    html! {
        <figure class="view compare" id="compare-view" data-state={if c.running.is_some() { "running" } else if c.reports.is_empty() { "idle" } else { "finished" }}>
            <figcaption>{ format!("Compare: {} ({state})", if c.backends.is_empty() { "two backends".to_string() } else { c.backends.iter().map(|b| b.word()).collect::<Vec<_>>().join(" then ") }) }</figcaption>
            if let [a, b] = c.reports.as_slice() {
                <div class="verdict" id="compare-verdict">
                    { for compare_verdict(a, b).into_iter().map(|line| html! { <p>{ line }</p> }) }
                </div>
            }
            <canvas id={COMPARE_CANVAS_ID} width="900" height="80" role="img"
                aria-label="The runs one above the other on one time axis: each actor's lane, and the main thread's frames (a block where the page could not draw)" />
            if !c.reports.is_empty() {
                <table class="actors results" id="compare-table">
                    <caption>{ "Side by side" }</caption>
                    <thead><tr><th scope="col">{ "" }</th>{ for c.reports.iter().map(|r| html! { <th scope="col">{ r.backend.word() }</th> }) }</tr></thead>
                    <tbody>
                        { row("Outcome", &|r| r.outcome.as_str().to_string()) }
                        { row("Check", &|r| r.check.as_ref().map(check_words).unwrap_or_else(|| "—".into())) }
                        { row("Time", &|r| if r.backend.virtual_time() {
                            format!("{} virtual ({} real)", fmt_ms(virtual_ms(r)), fmt_ms(r.wall_ms))
                        } else {
                            fmt_ms(r.wall_ms)
                        }) }
                        { row("Longest frame gap", &|r| format!("{:.0} ms", r.max_frame_gap_ms)) }
                        { row("Busy (all actors)", &|r| format!("{}{}", fmt_ms(r.actors.iter().map(|a| a.busy_ms).sum()), virtual_time(r))) }
                    </tbody>
                </table>
                { for c.reports.iter().enumerate().map(|(k, r)| html! {
                    <section class="compare-run" id={format!("compare-run-{}", k + 1)}>
                        <h3>{ format!("{}. On {}", k + 1, backend_label(r.backend.word(), None)) }</h3>
                        if let Some(res) = c.results.get(k) {
                            if let Some(note) = &res.note { <p class="verdict">{ note }</p> }
                            if !res.rows.is_empty() { { results_table(res, &format!("compare-results-{}", k + 1)) } }
                        }
                        if !r.actors.is_empty() { { actor_table(r, &format!("compare-actors-{}", k + 1)) } }
                    </section>
                }) }
            }
        </figure>
    }
}

/// How long a simulated run lasted in virtual time: its longest actor life.
fn virtual_ms(r: &RunReport) -> f64 {
    r.actors.iter().map(|a| a.busy_ms + a.blocked_ms + a.waiting_ms + a.sleeping_ms + a.ready_ms).fold(0.0, f64::max)
}

/// What two runs of one scenario on two backends show, one sentence per
/// question: responsiveness (did the page freeze?), correctness (did the
/// check hold?), and speed (which finished first?) are kept apart, so no
/// sentence seems to contradict another.
fn compare_verdict(a: &RunReport, b: &RunReport) -> Vec<String> {
    let mut out = Vec::new();
    let frozen = |r: &RunReport| r.max_frame_gap_ms > 250.0;
    for (x, y) in [(a, b), (b, a)] {
        if frozen(x) && !frozen(y) {
            out.push(format!(
                "On {} the page froze for {} (no frame, no spinner, no Stop); on {} its longest frame gap was {:.0} ms.",
                x.backend,
                fmt_ms(x.max_frame_gap_ms),
                y.backend,
                y.max_frame_gap_ms
            ));
        }
    }
    if let (Some(ca), Some(cb)) = (&a.check, &b.check) {
        if ca.judged && cb.judged && ca.held != cb.held {
            let (ok, bad) = if ca.held { (a, b) } else { (b, a) };
            out.push(format!("The check held on {} and failed on {}.", ok.backend, bad.backend));
        }
    }
    if a.outcome != b.outcome {
        out.push(format!("The runs ended differently: {} on {}, {} on {}.", a.outcome.as_str(), a.backend, b.outcome.as_str(), b.backend));
    }
    if !a.backend.virtual_time() && !b.backend.virtual_time() && a.wall_ms > 0.0 && b.wall_ms > 0.0 {
        let (fast, slow) = if a.wall_ms <= b.wall_ms { (a, b) } else { (b, a) };
        let mut speed = format!(
            "Speed is another question: {} finished in {}, {} in {} ({:.2}× as long).",
            fast.backend,
            fmt_ms(fast.wall_ms),
            slow.backend,
            fmt_ms(slow.wall_ms),
            slow.wall_ms / fast.wall_ms
        );
        if frozen(fast) && !frozen(slow) {
            speed.push_str(&format!(" {} was faster but blocked the page; {} kept it responsive.", fast.backend, slow.backend));
        }
        out.push(speed);
    } else if a.backend.virtual_time() || b.backend.virtual_time() {
        out.push("The simulator's times are virtual: it charges each step its modelled cost, with no real contention.".to_string());
    }
    out
}

#[derive(Properties, PartialEq)]
struct StatusProps {
    run: RunState,
    results: Results,
    /// The simulator's steps and virtual time, while it runs.
    #[prop_or_default]
    sim: Option<(u64, f64)>,
    #[prop_or_default]
    manual: bool,
    /// Part of a comparison: each run's tables are in the compare view.
    #[prop_or_default]
    compared: bool,
}

/// A check's verdict in words: held, failed, or not judged (and why).
fn check_words(c: &interleave_engine::contract::CheckReport) -> String {
    if !c.judged {
        // The detail already says "not judged: the run ended as ...".
        format!("– {} ({})", c.detail, c.name)
    } else if c.held {
        format!("✓ passed: {} ({})", c.name, c.detail)
    } else {
        format!("✗ failed: {} ({})", c.name, c.detail)
    }
}

/// Time per actor, each state's share of its life beside its time; the
/// simulator's steps too, since its time can stand still.
fn actor_table(r: &RunReport, id: &str) -> Html {
    let sim = r.backend == Backend::Sim;
    // The event loop's one thread runs one task at a time: a task able to
    // run waits for its turn (ready), which is not busy.
    let ready = r.backend == Backend::EventLoop;
    html! {
        <table class="actors" id={id.to_string()}>
            <caption>{ if sim { "Time per actor, virtual ms (share of its life), and steps taken" } else { "Time per actor, ms (share of its life)" } }</caption>
            <thead><tr><th scope="col">{ "actor" }</th><th scope="col">{ "busy" }</th><th scope="col">{ "blocked" }</th><th scope="col">{ "waiting" }</th><th scope="col">{ "sleeping" }</th>
                if ready { <th scope="col" title="able to run, waiting for the loop's one thread">{ "ready (its turn)" }</th> }
                if sim { <th scope="col">{ "steps" }</th> }</tr></thead>
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

fn results_table(results: &Results, id: &str) -> Html {
    html! {
        <table class="actors results" id={id.to_string()}>
            <caption>{ "What this run measured" }</caption>
            <tbody>
                { for results.rows.iter().map(|(k, v)| html! { <tr><th scope="row">{ k }</th><td>{ v }</td></tr> }) }
            </tbody>
        </table>
    }
}

#[function_component(RunStatus)]
fn run_status(p: &StatusProps) -> Html {
    match &p.run {
        RunState::Idle => html! { <div class="status" id="run-status" data-state="idle" role="status">{ "Press Run." }</div> },
        // The simulator's time is virtual: its status counts steps, not wall time or frames.
        RunState::Running { .. } if p.sim.is_some() => {
            let (steps, virt) = p.sim.unwrap_or_default();
            html! {
                <div class="status" id="run-status" data-state="running" role="status">
                    <p id="sim-progress">{ format!("Step {steps} · virtual time {}", fmt_ms(virt)) }</p>
                    <p>{ if p.manual { "Step by step: press Step, or choose who runs next." } else { "Simulating…" } }</p>
                </div>
            }
        }
        RunState::Running { live } => html! {
            <div class="status" id="run-status" data-state="running" role="status">
                <p>{ format!("Running… {:.1} s", live.elapsed_ms / 1000.0) }</p>
                <p>{ format!("Longest frame gap so far: {:.0} ms", live.max_gap_ms) }</p>
            </div>
        },
        RunState::Finishing => html! { <div class="status" id="run-status" data-state="finishing" role="status">{ "Finishing…" }</div> },
        RunState::Finished(r) => {
            let answer = match (&r.result, r.outcome) {
                (Some(v), _) => format!("Answer: {v}"),
                (None, OutcomeKind::Completed) => "Completed.".to_string(),
                (None, OutcomeKind::Cancelled) => "Stopped.".to_string(),
                (None, OutcomeKind::Deadlock) => "Deadlock.".to_string(),
                (None, OutcomeKind::InvariantViolated) => "The check failed.".to_string(),
                (None, OutcomeKind::Failed) => "The run failed.".to_string(),
            };
            let sim = r.backend == Backend::Sim;
            html! {
                <div class="status" id="run-status" data-state="finished" data-outcome={r.outcome.as_str()} role="status">
                    <p class="answer" id="answer">{ answer }</p>
                    if let Some(m) = &r.message { <p class="message" id="run-message">{ m }</p> }
                    if let Some(cycle) = &r.deadlock_cycle {
                        <p class="cycle" id="deadlock-cycle">
                            <strong>{ "Wait-for cycle: " }</strong>
                            { cycle.chunks(2).map(|c| c.join(" → ")).collect::<Vec<_>>().join(" → ") }
                            { format!(" → {}", cycle.first().cloned().unwrap_or_default()) }
                        </p>
                    }
                    <dl class="metrics">
                        <dt>{ "Outcome" }</dt><dd id="outcome">{ r.outcome.as_str() }</dd>
                        if let Some(c) = &r.check {
                            <dt>{ "Check" }</dt>
                            <dd id="check" data-held={c.held.to_string()} data-judged={c.judged.to_string()}>{ check_words(c) }</dd>
                        }
                        if sim {
                            <dt>{ "Virtual time" }</dt><dd id="virtual-ms">{ fmt_ms(virtual_ms(r)) }</dd>
                            <dt>{ "Steps" }</dt><dd id="sim-steps">{ r.actors.iter().filter_map(|a| a.steps).sum::<u64>() }</dd>
                        }
                        <dt>{ if sim { "Real time to simulate" } else { "Wall time" } }</dt><dd id="wall-ms">{ format!("{:.0} ms", r.wall_ms) }</dd>
                        <dt>{ "Longest frame gap" }</dt><dd id="max-gap">{ format!("{:.0} ms", r.max_frame_gap_ms) }</dd>
                        if let Some(seed) = r.seed {
                            <dt>{ "Seed" }</dt><dd id="sim-seed">{ seed }</dd>
                        }
                        if let Some(d) = &r.trace_digest {
                            <dt>{ "Trace digest" }</dt><dd id="trace-digest"><code>{ d }</code></dd>
                        }
                    </dl>
                    if r.scenario == "spinner" { <p class="verdict">{ verdict(r) }</p> }
                    if p.compared {
                        <p class="hint">{ "Each run's numbers are in the comparison above, under its backend's name." }</p>
                    } else {
                        if let Some(note) = &p.results.note { <p class="verdict" id="results-note">{ note }</p> }
                        if !p.results.rows.is_empty() { { results_table(&p.results, "results") } }
                        if !r.actors.is_empty() { { actor_table(r, "actor-times") } }
                    }
                    if let Some(schedule) = &r.schedule {
                        <p class="replay">
                            <a id="replay-link" href={replay_hash(r, schedule)}>{ "Replay this exact run" }</a>
                            { if schedule.len() <= interleave_engine::contract::MAX_SCHEDULE_BYTES {
                                " (the link carries the schedule the simulator took)".to_string()
                            } else {
                                format!(" (its {} KiB schedule is too long for a link: this one replays by its seed, which gives the same run unless steps were chosen by hand)", schedule.len() / 1024)
                            } }
                        </p>
                    }
                </div>
            }
        }
    }
}

/// The link that replays a finished `sim` run step for step: with its
/// schedule when that fits in a link, else by its seed (the same seed gives
/// the same run, unless steps were chosen by hand).
fn replay_hash(r: &RunReport, schedule: &str) -> String {
    match interleave_engine::scenarios::find(&r.scenario) {
        Some(s) => {
            let fits = schedule.len() <= interleave_engine::contract::MAX_SCHEDULE_BYTES;
            let o = PageOptions { seed: r.seed, schedule: fits.then(|| schedule.to_string()), ..PageOptions::default() };
            to_hash(s, &r.params, &o)
        }
        None => "#/".to_string(),
    }
}

#[derive(Properties, PartialEq)]
struct ViewsProps {
    options: PageOptions,
    snapshot: Snapshot,
    source: Rc<str>,
    actor_names: Rc<Vec<String>>,
    object_names: Rc<Vec<String>>,
}

/// The live views. Canvases are drawn by the frame loop ([`ViewState`]);
/// the code view and the event log render the 200 ms snapshot.
#[function_component(Views)]
fn views(p: &ViewsProps) -> Html {
    let o = &p.options;
    html! {
        <div class="views">
            if o.shows("timeline") {
                { canvas_view("timeline-view", "Timeline: what each actor is doing", TIMELINE_CANVAS_ID, (900, 60),
                    "Timeline: one lane per actor, coloured by state; the event log below has the same in text",
                    html! {
                        <ul class="legend" aria-label="Timeline legend">
                            { for Class::LEGEND.iter().chain((p.snapshot.emitted > p.snapshot.events).then_some(&Class::Unrecorded)).map(|c| {
                                let (colour, frac) = c.style();
                                html! { <li><span class="swatch" style={format!("background:{colour};height:{:.0}px", 4.0 + 10.0 * frac)}></span>{ c.label() }</li> }
                            }) }
                        </ul>
                    }) }
            }
            if o.shows("resources") {
                { canvas_view("resources-view", "Shared objects over time (dashed: the limit)", RESOURCES_CANVAS_ID, (900, 60),
                    "Resource charts: one row per shared object", html! {}) }
            }
            if o.shows("graph") {
                { canvas_view("graph-view", "Who holds and who waits for what (the wait-for graph)", GRAPH_CANVAS_ID, (560, 400),
                    "Wait-for graph: actors, objects, and who waits for and holds what", html! {}) }
            }
            if o.shows("code") && !p.source.is_empty() {
                <CodeView source={p.source.clone()} actors={p.snapshot.actors.clone()} />
            }
            if o.shows("log") {
                <EventLog lines={p.snapshot.log.clone()} events={p.snapshot.events} emitted={p.snapshot.emitted}
                    actor_names={p.actor_names.clone()} object_names={p.object_names.clone()} />
            }
        </div>
    }
}

/// A view the frame loop draws on a canvas: its figure, caption, whatever
/// goes above the canvas (a legend), and the canvas with its description.
fn canvas_view(figure: &'static str, caption: &'static str, canvas: &'static str, (w, h): (u32, u32), label: &'static str, above: Html) -> Html {
    html! {
        <figure class="view" id={figure}>
            <figcaption>{ caption }</figcaption>
            { above }
            <canvas id={canvas} width={w.to_string()} height={h.to_string()} role="img" aria-label={label} />
        </figure>
    }
}

#[derive(Properties, PartialEq)]
struct CodeProps {
    source: Rc<str>,
    actors: Vec<ActorLive>,
}

/// The scenario's source, with each actor marked on its current line.
#[function_component(CodeView)]
fn code_view(p: &CodeProps) -> Html {
    html! {
        <figure class="view code-view" id="code-view">
            <figcaption>{ "The code, with each actor on its current line" }</figcaption>
            <ol class="code">
                { for p.source.lines().enumerate().map(|(i, line)| {
                    let n = i as u32 + 1;
                    let here: Vec<&ActorLive> = p.actors.iter().filter(|a| a.line == n).collect();
                    html! {
                        <li class={classes!((!here.is_empty()).then_some("current"))} data-line={n.to_string()}>
                            <code>{ line }</code>
                            { for here.iter().map(|a| {
                                let temp = a.temp.map(|t| format!(" · temp = {t}")).unwrap_or_default();
                                html! { <span class="chip" title={a.state.clone()}>{ format!("{} · {}{temp}", a.name, a.state) }</span> }
                            }) }
                        </li>
                    }
                }) }
            </ol>
        </figure>
    }
}

/// A select of "all" or one name, kept in `chosen` (the index).
fn filter_select(id: &'static str, label: &'static str, names: &[String], chosen: UseStateHandle<Option<usize>>) -> Html {
    let current = *chosen;
    let onchange = Callback::from(move |e: Event| {
        let sel: HtmlSelectElement = e.target_unchecked_into();
        chosen.set(sel.value().parse().ok());
    });
    html! {
        <>
            <label for={id}>{ label }</label>
            <select {id} {onchange}>
                <option value="" selected={current.is_none()}>{ "all" }</option>
                { for names.iter().enumerate().map(|(i, n)| html! { <option value={i.to_string()} selected={current == Some(i)}>{ n }</option> }) }
            </select>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct LogProps {
    lines: Vec<LogLine>,
    events: u64,
    emitted: u64,
    actor_names: Rc<Vec<String>>,
    object_names: Rc<Vec<String>>,
}

/// What the log shows of the run, in words that say how it was thinned.
fn log_caption(shown: usize, recorded: u64, emitted: u64) -> String {
    let mut s = format!("Event log, newest first: the last {} of {} recorded events", shown, thousands(recorded));
    if emitted > recorded {
        s.push_str(&format!(
            " ({} emitted; the page records at most 8,192 a frame and leaves the rest out of the log and the timeline; the totals and final views are exact)",
            thousands(emitted)
        ));
    }
    s
}

/// The last events as text, filterable by actor and by object.
#[function_component(EventLog)]
fn event_log(p: &LogProps) -> Html {
    let actor = use_state(|| None::<usize>);
    let object = use_state(|| None::<usize>);
    let shown: Vec<&LogLine> = p
        .lines
        .iter()
        .filter(|l| match (*actor, *object) {
            (Some(a), _) => l.actor == Some(a),
            (None, Some(o)) => l.object == Some(o),
            (None, None) => true,
        })
        .collect();
    html! {
        <figure class="view" id="event-log">
            <figcaption id="event-log-caption">{ log_caption(p.lines.len(), p.events, p.emitted) }</figcaption>
            <div class="log-filters">
                { filter_select("log-actor", "Actor ", &p.actor_names, actor.clone()) }
                { filter_select("log-object", " Object ", &p.object_names, object.clone()) }
            </div>
            <ol class="log" role="log" aria-label="Event log" tabindex="0">
                { for shown.iter().rev().map(|l| html! { <li key={l.seq.to_string()}>{ &l.text }</li> }) }
            </ol>
        </figure>
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
    } else if r.backend == Backend::Workers {
        format!(
            "The spinner kept turning (longest gap {gap:.0} ms): slow() ran on a Web Worker thread while the main thread stayed free."
        )
    } else {
        format!(
            "The spinner kept turning (longest gap {gap:.0} ms): slow() awaited a timer and gave the event loop back, like asyncio.sleep()."
        )
    }
}
