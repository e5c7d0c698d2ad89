//! The run controller: starts, stops and steps runs, runs comparisons one
//! backend after the other, and turns a run's state into the text views'
//! [`Snapshot`] (with each step told in a sentence). Components reach it as
//! one context ([`Ctx`]); it holds the only handle to the run.

use super::prelude::*;
use crate::i18n::Said;
use interleave_engine::i18n::format as say_in;

pub(crate) type Handle = Rc<RefCell<Option<ActiveRun>>>;

/// Events kept in the page's log view.
/// Lines of the event log once a run has ended (or is stepped by hand).
pub(crate) const LOG_LINES: usize = 200;
/// The numbers of the log lines that give a thinned run's final state (after every event's).
pub(crate) const FINAL_LINES: u64 = u64::MAX - 1000;
/// The numbers of the log lines that tell a step (apart from the events' numbers).
pub(crate) const STORY_LINES: u64 = u64::MAX / 2;

/// Step by step: each step told in a sentence, with the stepped actor and
/// how many events were recorded once it was taken (so the log can put the
/// sentence right after its step's events).
#[derive(Default)]
pub(crate) struct Story {
    pub(crate) told: Vec<(u64, Option<usize>, String)>,
}

impl Story {
    /// Puts the sentences into `snap`: the story list, and the event log,
    /// each sentence after the last event of its step.
    pub(crate) fn tell(&self, snap: &mut Snapshot) {
        snap.story = self.told.iter().map(|(_, _, t)| t.clone()).collect();
        if self.told.is_empty() {
            return;
        }
        let first = snap.log.first().map(|l| l.seq).unwrap_or(0);
        let line = |k: usize, actor: Option<usize>, text: &str| LogLine {
            seq: STORY_LINES + k as u64,
            actor,
            object: None,
            text: format!("           {text}"),
        };
        let mut log = Vec::with_capacity(snap.log.len() + self.told.len());
        let mut told = self.told.iter().enumerate().filter(|(_, (until, _, _))| *until > first).peekable();
        for event in std::mem::take(&mut snap.log) {
            // Each sentence goes after the last event of its step.
            while let Some(&(k, (until, actor, text))) = told.peek() {
                if event.seq < *until || event.seq >= STORY_LINES {
                    break;
                }
                log.push(line(k, *actor, text));
                told.next();
            }
            log.push(event);
        }
        log.extend(told.map(|(k, (_, actor, text))| line(k, *actor, text)));
        snap.log = log;
    }
}

/// Lines of the event log while a run is live: it is replaced five times a
/// second, and a shorter list costs the main thread (and a screen reader)
/// less each time.
pub(crate) const LIVE_LOG_LINES: usize = 40;

/// What the text views show now: actors with their lines, the last events,
/// and (step by step) who may move next.
/// A finished run's asyncio tasks, for the report: each counted to the
/// run's end.
pub(crate) fn task_reports(model: &Model, run: &ActiveRun) -> Vec<interleave_engine::contract::TaskReport> {
    let end = run.with_trace(|t| t.map(|t| t.last_ms())).unwrap_or(0.0);
    run.with_world(|w| interleave_engine::contract::TaskReport::of(w.tasks(), |a| model.actor_name(a).to_string(), end)).unwrap_or_default()
}

pub(crate) fn snapshot(model: &Model, run: &mut ActiveRun, lines: usize) -> Snapshot {
    let runnable = run.runnable();
    let manual = run.is_manual();
    let sim = run.sim_progress();
    // A program's: what each actor's last step read or wrote, and the shared data.
    // (On real threads the interpreter may be busy this instant: then nothing, this time.)
    let output = run.output().map(|pieces| output_text(&pieces));
    let tasks = run.with_world(|w| w.tasks().rows.len()).unwrap_or(0);
    let (dids, spans, locals, shared) = run
        .with_world(|w| {
            let dids: Vec<Option<String>> = (0..model.actors.len()).map(|a| w.last_step(a).map(|(_, _, did)| did).filter(|d| !d.is_empty()).map(|d| super::text::said(&d))).collect();
            let spans: Vec<Option<(u32, usize, usize)>> = (0..model.actors.len()).map(|a| step_columns(w, a)).collect();
            let locals: Vec<Vec<(String, String)>> = (0..model.actors.len()).map(|a| w.locals(a)).collect();
            (dids, spans, locals, w.shared_data())
        })
        .unwrap_or_default();
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
                did: dids.get(i).cloned().flatten(),
                // Only where the interpreter and the trace agree on the line
                // (on real threads the trace can be a step behind), and
                // never for an actor that has ended.
                span: spans
                    .get(i)
                    .copied()
                    .flatten()
                    .filter(|(line, _, _)| *line == a.line && !a.state.is_finished())
                    .map(|(_, c0, c1)| (c0, c1)),
                locals: if a.state.is_finished() { vec![] } else { locals.get(i).cloned().unwrap_or_default() },
            })
            .collect();
        let n = trace.window().len();
        let log = trace
            .window()
            .skip(n.saturating_sub(lines))
            .map(|e| {
                let (actor, object, what) = match &e.kind {
                    // (Line 0: at no line, as a thread that has ended.)
                    EventKind::Actor { actor, state, line: 0 } => {
                        (Some(*actor), None, tf("ctl-log-named", &[("name", &model.actor_name(*actor)), ("state", &state_text(model, state))]))
                    }
                    EventKind::Actor { actor, state, line } => (
                        Some(*actor),
                        None,
                        tf("ctl-log-actor-line", &[("actor", &model.actor_name(*actor)), ("state", &state_text(model, state)), ("line", line)]),
                    ),
                    EventKind::Object { object, state } => {
                        (None, Some(*object), tf("ctl-log-named", &[("name", &model.object_name(*object)), ("state", &object_text(model, state))]))
                    }
                    EventKind::Value { actor, label, value } => {
                        (Some(*actor), None, tf("ctl-log-named", &[("name", &model.actor_name(*actor)), ("state", &format!("{label} = {value}"))]))
                    }
                };
                // The simulator's clock is virtual (many steps take no time at
                // all): its events are numbered, with their virtual time.
                let text = if sim.is_some() {
                    format!("#{:<5} {:>7.1} ms {}  {what}", e.seq + 1, e.t_ms, t("ctl-log-virtual"))
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
                LogLine { seq: FINAL_LINES + k, actor, object, text: format!("{end:>9.1} ms  {what}  {}", t("ctl-log-final")) }
            };
            let mut tail = vec![line(None, None, tf("ctl-log-unrecorded", &[("n", &thousands(trace.dropped()))]))];
            for (a, agg) in trace.actors().iter().enumerate() {
                tail.push(line(Some(a), None, tf("ctl-log-named", &[("name", &model.actor_name(a)), ("state", &state_text(model, &agg.state))])));
            }
            for (o, st) in trace.objects().iter().enumerate() {
                tail.push(line(None, Some(o), tf("ctl-log-named", &[("name", &model.object_name(o)), ("state", &object_text(model, st))])));
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
            objects: model.objects.iter().map(|o| o.name.clone()).collect(),
            shared,
            output: output.unwrap_or_default(),
            tasks,
            processes: model.actors.iter().any(|d| d.pid.is_some()),
        }
    })
}

/// Where actor `a`'s next step is: its line and the character columns of
/// its expression on that line (a step that spans lines is marked to the
/// end of its first). `None` for an empty span (not started).
fn step_columns(w: &interleave_engine::py::vm::World, a: usize) -> Option<(u32, usize, usize)> {
    let span = w.span(a);
    let prog = w.program();
    let src = prog.source.as_str();
    let (start, end) = (span.start as usize, span.end as usize);
    if end <= start || end > src.len() || !src.is_char_boundary(start) || !src.is_char_boundary(end) {
        return None;
    }
    let line = prog.line_of(span.start);
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
    let c0 = src[line_start..start].chars().count();
    let c1 = c0 + src[start..end.min(line_end)].chars().count();
    (c1 > c0).then_some((line, c0, c1))
}

/// What the program's output pieces say, as one text (the last 400 lines).
/// Starts a program's run, the lesson page's and the program page's alike.
/// A link's schedule (`schedule`, for the simulator) that cannot be read,
/// or does not fit this program (another configuration, cut short), is
/// said as a problem, and the run goes by its seed instead.
#[allow(clippy::too_many_arguments)]
pub(crate) fn start_program(
    d: &UseReducerDispatcher<AppState>,
    id: &'static str,
    world: interleave_engine::py::vm::World,
    backend: Backend,
    pool_threads: usize,
    seed: u64,
    schedule: Option<&str>,
    manual: bool,
    paced: bool,
    timing: interleave_engine::sim::Timing,
) -> Result<ActiveRun, String> {
    let schedule = match schedule.filter(|_| backend == Backend::Sim).map(Schedule::parse) {
        Some(Ok(s)) => Some(s),
        Some(Err(e)) => {
            d.dispatch(Action::Problem(Said::new(move |l| say_in(l, "problem-schedule-invalid", &[("why", &interleave_engine::i18n::said(l, &e.to_string())), ("seed", &seed)]))));
            None
        }
        None => None,
    };
    match ActiveRun::start_program(id, world.clone(), backend, pool_threads, seed, schedule.as_ref(), manual, paced, timing) {
        Err(e) if schedule.is_some() => {
            d.dispatch(Action::Problem(super::text::schedule_refused(e, seed)));
            ActiveRun::start_program(id, world, backend, pool_threads, seed, None, manual, paced, timing)
        }
        started => started,
    }
}

pub(crate) fn output_text(pieces: &[interleave_engine::py::vm::Output]) -> String {
    let all: String = pieces.iter().map(|o| o.text.as_str()).collect();
    // `\r` redraws a line (the spinner): keep what a terminal would show.
    let mut lines: Vec<String> = Vec::new();
    for raw in all.split('\n') {
        let shown = raw.rsplit('\r').find(|s| !s.trim().is_empty()).unwrap_or("").to_string();
        lines.push(shown);
    }
    let n = lines.len();
    lines[n.saturating_sub(400)..].join("\n")
}

/// A program's step `k`, by actor `a`, in a sentence: its line and text,
/// what it read or wrote, and (`now`) the state it is in afterwards.
pub(crate) fn program_step_sentence(run: &ActiveRun, model: &Model, k: u64, a: usize, now: Option<&str>) -> String {
    let mut said = tf("story-step", &[("k", &k), ("actor", &model.actor_name(a))]);
    let mut parts: Vec<String> = Vec::new();
    if let Some((line, text, did)) = run.with_world(|w| w.last_step(a)).flatten() {
        if line > 0 {
            said.push_str(&tf("story-line", &[("line", &line), ("text", &text)]));
        }
        parts.extend((!did.is_empty()).then(|| super::text::said(&did)));
    }
    parts.extend(now.map(|s| tf("story-now", &[("state", &s)])));
    if run.last_early() {
        parts.push(t("story-early").to_string());
    }
    if !parts.is_empty() {
        said.push_str(&tf("story-parts", &[("parts", &parts.join(t("story-parts-sep")))]));
    }
    said + t("story-end")
}

/// Everything a run needs from the component, stable across renders.
#[derive(Clone)]
pub(crate) struct Ctx {
    /// The state as of the last render (long-lived listeners must not act
    /// on the snapshot they were created with).
    pub(crate) latest: Rc<RefCell<AppState>>,
    pub(crate) dispatch: UseReducerDispatcher<AppState>,
    pub(crate) monitor: FrameMonitor,
    pub(crate) handle: Handle,
    /// The model of the current (or last) run.
    pub(crate) model: Rc<RefCell<Option<Rc<Model>>>>,
    /// A comparison in progress, or the last one (for its canvas).
    pub(crate) compare: Rc<RefCell<CompareRuns>>,
    /// Step by step: each step in a sentence, and who last wrote each counter.
    pub(crate) story: Rc<RefCell<Story>>,
}

/// One controller per page: contexts compare by identity.
impl PartialEq for Ctx {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.latest, &other.latest)
    }
}

/// The commands of the page's controls: each reads the state as of the last
/// render, keeps the link in step with what it changes, and dispatches.
impl Ctx {
    /// Step (of `actor`, or the scheduler's choice), or start step by step.
    pub(crate) fn step_or_start(&self, actor: Option<usize>) {
        if self.latest.borrow().run.is_active() {
            self.step(actor);
        } else {
            self.start_run(true);
        }
    }

    /// A control changed one parameter: a good value goes into the link; a
    /// wrong one stays in its field, marked (the reducer keeps it).
    pub(crate) fn set_param(&self, name: &'static str, raw: String) {
        let s = self.latest.borrow().clone();
        if let View::Scenario { scenario, params } = &s.view {
            let mut next = params.clone();
            if next.set(scenario.params, name, &raw).is_ok() {
                let compare = s.options.compare_for(next.word(BACKEND));
                let backend_given = s.options.backend_given || name == BACKEND;
                let options = PageOptions { autorun: false, compare, backend_given, ..s.options.clone() };
                if compare != s.options.compare {
                    self.dispatch.dispatch(Action::SetOptions(options.clone()));
                }
                browser::replace_hash(&to_hash(scenario, &next, &options));
            }
        }
        self.dispatch.dispatch(Action::SetParam { name, raw });
    }

    /// New page options (time scale, compare, seed), written to the link.
    fn set_options(&self, options: PageOptions) {
        let s = self.latest.borrow().clone();
        if let View::Scenario { scenario, params } = &s.view {
            browser::replace_hash(&to_hash(scenario, params, &options));
        }
        self.dispatch.dispatch(Action::SetOptions(options));
    }

    /// The lesson's program, edited: every change as the student types it
    /// (the link takes it when the program runs, or a setting changes).
    pub(crate) fn edit(&self, text: String) {
        self.dispatch.dispatch(Action::Edit(Some(text)));
    }

    /// "Edit" (the lesson's own program into the editor) and "Reset to the
    /// lesson" (its own text back): the link carries the program from now on.
    pub(crate) fn edit_lesson(&self) {
        let s = self.latest.borrow().clone();
        let View::Scenario { scenario, params } = &s.view else { return };
        let Some(src) = interleave_engine::py::lessons::source(scenario.id) else { return };
        let options = PageOptions { code: Some(interleave_engine::contract::encode_program(src)), autorun: false, ..s.options.clone() };
        browser::replace_hash(&to_hash(scenario, params, &options));
        self.dispatch.dispatch(Action::Edit(Some(src.to_string())));
    }

    /// The language switch: the page speaks `lang`, and its link says so
    /// (`lang=`, everything else in it unchanged; no run is disturbed).
    pub(crate) fn set_lang(&self, lang: Lang) {
        browser::replace_hash(&interleave_engine::contract::with_lang(&browser::location_hash(), lang));
        self.dispatch.dispatch(Action::SetLang(lang));
    }

    /// Projector mode on or off: the lesson reopens in it (a link of its own:
    /// `present=1`), so every chart is drawn at its size from the start.
    pub(crate) fn toggle_present(&self) {
        let s = self.latest.borrow().clone();
        if let View::Scenario { scenario, params } = &s.view {
            let options = PageOptions { present: !s.options.present, autorun: false, ..s.options.clone() };
            let _ = web_sys::window().map(|w| w.location().set_hash(&to_hash(scenario, params, &options)));
        }
    }

    pub(crate) fn set_timescale(&self, t: u32) {
        let o = self.latest.borrow().options.clone();
        self.set_options(PageOptions { timescale: (t > 1).then_some(t), autorun: false, ..o });
    }

    /// The second backend to compare with ("" for none).
    pub(crate) fn set_compare(&self, other: &str) {
        let o = self.latest.borrow().options.clone();
        let compare = interleave_engine::scenarios::BACKENDS.iter().copied().find(|b| *b == other);
        self.set_options(PageOptions { compare, autorun: false, ..o });
    }

    /// The seed field: a good seed goes into the link (and a recorded
    /// schedule, which belongs to another seed, leaves it).
    pub(crate) fn set_seed(&self, raw: String) {
        if let Ok(n) = crate::state::parse_seed(&raw) {
            let o = self.latest.borrow().options.clone();
            self.set_options(PageOptions { seed: (n > 0).then_some(n), schedule: None, autorun: false, ..o });
        }
        self.dispatch.dispatch(Action::SetSeed(raw));
    }

    /// Starts a run of the open scenario, unless one is already going;
    /// `manual` (simulator only) waits for Step.
    pub(crate) fn start_run(&self, manual: bool) {
        let state = self.latest.borrow().clone();
        let View::Scenario { params, .. } = &state.view else { return };
        if state.run.is_active() {
            return;
        }
        let first = params.word(BACKEND).to_string();
        // Real threads that can never start here (no isolation, or the pool
        // failed): the page says so and offers the full page; no failed run.
        if let (Some(Backend::Workers), PoolStatus::Unavailable { reason }) = (Backend::parse(&first), &state.pool) {
            let View::Scenario { scenario, .. } = &state.view else { return };
            browser::announce(
                browser::RUN_UNAVAILABLE,
                serde_json::json!({ "scenario": scenario.id, "backend": first, "reason": reason }),
            );
            return;
        }
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
    pub(crate) fn compare_next(&self, report: &RunReport, numbers: &Results, picture: Frozen) {
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
    pub(crate) fn launch(&self, manual: bool, backend_word: &str) {
        let state = self.latest.borrow().clone();
        let View::Scenario { scenario, params } = &state.view else { return };
        let scenario: &'static Scenario = scenario;
        let page_params = params.clone();
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
            self.compare_next(&report, &Results::default(), Frozen { backend: backend_word.clone(), note: t("story-could-not-run").into(), ..Frozen::default() });
        };
        if backend == Backend::Workers {
            if let Some(reason) = state.pool.workers_unavailable_reason() {
                return fail(reason);
            }
        }
        let seed = state.options.seed.unwrap_or(0);
        let timescale = state.options.timescale.unwrap_or(1);
        // What runs is the lesson's program, the text the page shows: its
        // own, or as the student edited it (and then the link carries it).
        let edited = state.edited.as_deref();
        let world = match interleave_engine::py::lessons::program_world(scenario.id, edited, &params, seed) {
            Ok(w) => w.slowed(timescale),
            Err(e) => return fail(e),
        };
        if edited.is_some() {
            browser::replace_hash(&to_hash(scenario, &page_params, &PageOptions { autorun: false, ..state.options.clone() }));
        }
        let recorded_on = state.options.version.unwrap_or(1);
        let schedule = match (backend, &state.options.schedule) {
            // An edited program's schedule was recorded on that text, whatever the lesson's version.
            (Backend::Sim, Some(text)) if edited.is_some() => Some(text.as_str()),
            (Backend::Sim, None) if edited.is_some() => None,
            // Recorded on another version of the lesson: its steps are not these.
            (Backend::Sim, Some(text)) if recorded_on != scenario.version && Schedule::parse(text).is_ok() => {
                let key = if recorded_on == 1 { "problem-schedule-version-1" } else { "problem-schedule-version" };
                let now = scenario.version;
                d.dispatch(Action::Problem(Said::new(move |l| say_in(l, key, &[("recorded", &recorded_on), ("now", &now), ("seed", &seed)]))));
                None
            }
            (Backend::Sim, Some(text)) => Some(text.as_str()),
            // A seed from a link that names an older version (2 and on:
            // version 1 is also what a hand-written `seed=` without a
            // version means, and is left unremarked): same seed, another run.
            (Backend::Sim, None) if state.options.seed.is_some() && recorded_on >= 2 && recorded_on != scenario.version => {
                let now = scenario.version;
                d.dispatch(Action::Problem(Said::new(move |l| say_in(l, "problem-seed-version", &[("recorded", &recorded_on), ("now", &now), ("seed", &seed)]))));
                None
            }
            _ => None,
        };
        let pool_threads = match state.pool {
            PoolStatus::Ready { threads, .. } => threads,
            _ => 0,
        };
        let paced = timescale > 1;
        let run = match start_program(&d, scenario.id, world, backend, pool_threads, seed, schedule, manual, paced, state.options.run_timing()) {
            Ok(r) => r,
            Err(e) => return fail(e),
        };
        // The program's model grows as it makes threads and objects: every
        // use below reads it from the run as it stands.
        let model = Rc::new(run.model());
        *self.handle.borrow_mut() = Some(run);
        *self.model.borrow_mut() = Some(model.clone());
        *self.story.borrow_mut() = Default::default();
        // Mark the state active at once, so a second command in the same tick is refused.
        self.latest.borrow_mut().run = RunState::Running { live: Default::default() };
        d.dispatch(Action::Started);
        super::challenge::new_try(self);
        embed::post(serde_json::json!({ "type": "interleave:run-started", "scenario": scenario.id, "backend": backend_word }));

        // The canvases: every frame, from the events new since the last one.
        let views = Rc::new(RefCell::new(ViewState::new(&model)));
        {
            let (h, v) = (self.handle.clone(), views.clone());
            let (compare, monitor, word) = (self.compare.clone(), self.monitor.clone(), backend_word.clone());
            let mut live_note = String::new();
            let mut turn = 0usize;
            let mut turn_tasks = 0usize;
            self.monitor.set_draw(move || {
                let Ok(run) = h.try_borrow() else { return };
                let Some(run) = run.as_ref() else { return };
                let m = run.model();
                let mut v = v.borrow_mut();
                run.with_trace(|t| {
                    if let Some(t) = t {
                        v.update(&m, t);
                    }
                });
                // asyncio's task rows, from the world (every 8th frame: on
                // real threads the world is the interpreter's, under its lock).
                turn_tasks += 1;
                if turn_tasks % 8 == 1 {
                    run.with_world(|w| v.update_tasks(w.tasks()));
                }
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
                        live_note = tf("story-running", &[("elapsed", &fmt_ms(run.elapsed_ms()))]);
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
            let (h, d, story) = (self.handle.clone(), d.clone(), self.story.clone());
            move |frames| {
                d.dispatch(Action::Live(frames));
                if let Some(mut snap) = h.borrow_mut().as_mut().map(|r| snapshot(&r.model(), r, if r.is_manual() { LOG_LINES } else { LIVE_LOG_LINES })) {
                    story.borrow().tell(&mut snap);
                    d.dispatch(Action::Snapshot(snap));
                }
            }
        };
        let poll = {
            let (h, monitor, ctx) = (self.handle.clone(), self.monitor.clone(), self.clone());
            move || {
                let done = h.borrow_mut().as_mut().and_then(|r| {
                    r.poll().map(|res| {
                        let model = Rc::new(r.model());
                        let reported = r.with_world(|w| w.reported().to_vec()).unwrap_or_default();
                        let tasks = task_reports(&model, r);
                        (res, r.elapsed_ms(), snapshot(&model, r, LOG_LINES), model, reported, tasks)
                    })
                });
                let Some((result, wall_ms, mut last, model, reported, tasks)) = done else { return };
                *ctx.model.borrow_mut() = Some(model.clone());
                // The finished views come from the run's complete final
                // state (the trace is reconciled with the runtime's own
                // accounting), not from whichever events reached the page.
                if let Some(run) = h.borrow().as_ref() {
                    run.with_world(|w| views.borrow_mut().update_tasks(w.tasks()));
                    run.with_trace(|t| t.map(|t| views.borrow_mut().finish(&model, t)));
                }
                ctx.story.borrow().tell(&mut last);
                d.dispatch(Action::Snapshot(last));
                d.dispatch(Action::Finishing);
                let (d, params, backend_word) = (d.clone(), params.clone(), backend_word.clone());
                let model = model.clone();
                let (ctx, views, gaps_of) = (ctx.clone(), views.clone(), monitor.clone());
                monitor.finish_at_next_frame(move |max_gap| {
                    let mut report = result.report(&model, scenario.id, backend, &params, wall_ms, max_gap);
                    report.tasks = tasks;
                    if backend == Backend::Sim {
                        report.seed = Some(seed);
                    }
                    let numbers = results::of(scenario.id, interleave_engine::registry::program_numbers(scenario.id, &reported, &result, &params, wall_ms), &result, &params, wall_ms);
                    report.metrics = numbers.metrics.clone();
                    // The lesson's answer (the spinner's 42), as the program reported it.
                    if let Some(n) = reported.iter().find(|f| f.name == "answer").and_then(|f| f.number) {
                        report.result = Some(interleave_engine::params::Value::Int(n as i64));
                    }
                    // The simulator's time can stand still (steps that cost
                    // nothing): each actor's steps say what it did.
                    if let Some(run) = ctx.handle.borrow().as_ref() {
                        run.report_steps(&mut report);
                    }
                    d.dispatch(Action::Results(numbers.clone()));
                    browser::announce_run_finished(&report);
                    d.dispatch(Action::Finished(report.clone()));
                    if let Some(run) = ctx.handle.borrow_mut().as_mut() {
                        ctx.judge_challenge(run, Some(&result.outcome));
                    }
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

    pub(crate) fn stop_run(&self) {
        if let Some(run) = self.handle.borrow_mut().as_mut() {
            run.stop();
        }
    }

    /// Step by step: one step (of `actor`, or the seeded policy's choice),
    /// told in a sentence.
    pub(crate) fn step(&self, actor: Option<usize>) {
        let mut h = self.handle.borrow_mut();
        let Some(run) = h.as_mut() else { return };
        let steps_before = run.sim_progress().map(|p| p.0).unwrap_or(0);
        // A refused step is told where the steps are (it is nothing the link did).
        let refused = run.step(actor).err();
        let model = Rc::new(run.model());
        *self.model.borrow_mut() = Some(model.clone());
        let mut snap = snapshot(&model, run, LOG_LINES);
        let steps_after = run.sim_progress().map(|p| p.0).unwrap_or(0);
        {
            let mut story = self.story.borrow_mut();
            let until = snap.log.iter().filter(|l| l.seq < STORY_LINES).map(|l| l.seq + 1).max().unwrap_or(0);
            if let Some(e) = refused {
                story.told.push((until, None, tf("story-refused", &[("why", &e)])));
            } else if steps_after > steps_before {
                if let Some(a) = run.last_stepped() {
                    let state = snap.actors.get(a).map(|x| x.state.clone());
                    let sentence = program_step_sentence(run, &model, steps_after, a, state.as_deref());
                    story.told.push((until, Some(a), sentence));
                    let excess = story.told.len().saturating_sub(LOG_LINES);
                    story.told.drain(..excess);
                }
            }
            story.tell(&mut snap);
        }
        self.dispatch.dispatch(Action::Snapshot(snap));
        self.judge_challenge(run, None);
    }

    /// A lesson's challenge still open: is it solved now, after a step, or
    /// when the run ended with `ended`?
    pub(crate) fn judge_challenge(&self, run: &mut ActiveRun, ended: Option<&interleave_engine::outcome::Outcome>) {
        let id = match &self.latest.borrow().view {
            View::Scenario { scenario, .. } => scenario.id,
            _ => return,
        };
        super::challenge::judge_open(self, run, id, ended);
    }

    pub(crate) fn run_to_end(&self) {
        if let Some(run) = self.handle.borrow_mut().as_mut() {
            run.run_to_end();
        }
    }

    pub(crate) fn reset(&self) {
        if self.latest.borrow().run.is_active() {
            return;
        }
        self.forget_run();
        self.dispatch.dispatch(Action::Reset);
    }

    /// Leaves the current or last run behind (a link followed, Reset): Stop
    /// lets its threads return, and nothing of it reports, polls, draws or
    /// starts a compared run into what the page shows next.
    pub(crate) fn forget_run(&self) {
        self.stop_run();
        self.monitor.forget_run();
        *self.handle.borrow_mut() = None;
        *self.model.borrow_mut() = None;
        *self.compare.borrow_mut() = CompareRuns::default();
        clear_canvases();
    }
}

/// The compare view's data, beside [`crate::state::Comparison`] (which has
/// the reports): the finished runs' pictures, and what is still to run.
#[derive(Default)]
pub(crate) struct CompareRuns {
    /// Whether the current run is part of a comparison.
    pub(crate) active: bool,
    /// The backends still to run, in order.
    pub(crate) queue: Vec<&'static str>,
    pub(crate) done: Vec<Frozen>,
    pub(crate) state: Comparison,
}
