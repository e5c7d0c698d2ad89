//! The live views of a run, drawn on canvases from the frame loop: a
//! timeline (one lane per actor, coloured and sized by state), resource
//! charts (one row per shared object) and the wait-for graph.
//!
//! [`ViewState`] reads only the events that are new since the last frame
//! (`Trace::since`) and folds them into per-actor segments and per-object
//! series, decimated past a fixed size, so drawing costs the same with
//! 100,000 events as with 100. Nothing here renders per event: the page
//! draws at most once per animation frame.

use crate::i18n::{t, tf};
use crate::frames::{context, ink};
use interleave_engine::model::{CheckKind, Model, ObjectKind};
use interleave_engine::outcome::Outcome;
use interleave_engine::trace::{ActorState, EventKind, ObjectState, Trace};
use std::f64::consts::PI;

pub const TIMELINE_CANVAS_ID: &str = "timeline";
pub const RESOURCES_CANVAS_ID: &str = "resources";
pub const GRAPH_CANVAS_ID: &str = "wait-for-graph";

/// Most segments kept per lane and points per series before halving.
const MAX_SEGMENTS: usize = 3_000;

/// The state classes the timeline shows, with their legend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Idle,
    /// A stretch whose events the page did not record (thinned on the way).
    Unrecorded,
    /// On the event axis only: able to go on, with no event of its own
    /// (waiting its turn, or stepping without changing line or state).
    Ready,
    Done,
    /// An asyncio task that was cancelled (task rows only).
    Cancelled,
    Sleeping,
    Running,
    Working,
    Waiting,
    Blocked,
    Failed,
}

impl Class {
    fn of(s: &ActorState) -> Class {
        match s {
            ActorState::Idle => Class::Idle,
            ActorState::Running => Class::Running,
            ActorState::Working => Class::Working,
            ActorState::Sleeping => Class::Sleeping,
            ActorState::Blocked { .. } => Class::Blocked,
            ActorState::Waiting { .. } => Class::Waiting,
            ActorState::Done => Class::Done,
            ActorState::Failed { .. } => Class::Failed,
        }
    }

    /// Okabe–Ito colours, and a bar height per class, so states differ in
    /// greyscale and for colour-blind readers too (height carries the meaning).
    pub fn style(self) -> (&'static str, f64) {
        match self {
            Class::Idle => ("transparent", 0.0),
            Class::Unrecorded => ("#CC79A7", 0.3),
            Class::Ready => ("#A6D4EE", 0.22),
            Class::Done => ("#999999", 0.12),
            Class::Cancelled => ("#009E73", 0.3),
            Class::Sleeping => ("#F0E442", 0.35),
            Class::Running => ("#56B4E9", 1.0),
            Class::Working => ("#0072B2", 1.0),
            Class::Waiting => ("#E69F00", 0.6),
            Class::Blocked => ("#D55E00", 0.6),
            Class::Failed => ("#000000", 1.0),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Class::Idle => t("view-class-idle"),
            Class::Unrecorded => t("view-class-unrecorded"),
            Class::Ready => t("view-class-ready"),
            Class::Done => t("view-class-done"),
            Class::Cancelled => t("view-class-cancelled"),
            Class::Sleeping => t("view-class-sleeping"),
            Class::Running => t("view-class-running"),
            Class::Working => t("view-class-working"),
            Class::Waiting => t("view-class-waiting"),
            Class::Blocked => t("view-class-blocked"),
            Class::Failed => t("view-class-failed"),
        }
    }

    /// The classes shown in the legend, in legend order (`Unrecorded` is
    /// added when a run's events were thinned).
    pub const LEGEND: [Class; 6] =
        [Class::Running, Class::Working, Class::Sleeping, Class::Waiting, Class::Blocked, Class::Done];
}

/// Halves a series when it grows past its cap, keeping the more telling of
/// each pair, so long runs keep a bounded picture of the whole run.
fn decimate<T: Copy>(v: &mut Vec<(f64, T)>, keep: impl Fn(T, T) -> T) {
    if v.len() <= MAX_SEGMENTS {
        return;
    }
    let mut out = Vec::with_capacity(v.len() / 2 + 1);
    for pair in v.chunks(2) {
        match pair {
            [a, b] => out.push((a.0, keep(a.1, b.1))),
            [a] => out.push(*a),
            _ => {}
        }
    }
    *v = out;
}

/// One object's level over time, and what its axis means.
struct Series {
    points: Vec<(f64, f64)>,
    /// A reference line (capacity, parties, permits, expected total).
    limit: Option<(f64, String)>,
    unit: &'static str,
}

/// What the views have gathered of one run.
pub struct ViewState {
    next_seq: u64,
    /// Per actor: (start time, class) of each segment.
    lanes: Vec<Vec<(f64, Class)>>,
    series: Vec<Series>,
    /// Latest object states (for the wait-for graph).
    objects: Vec<ObjectState>,
    actor_states: Vec<ActorState>,
    last_ms: f64,
    pub events_seen: u64,
    /// The time of the last event recorded (after it, a thinned run's
    /// picture comes from the final accounting only).
    recorded_until: f64,
    /// Set once the run has ended: (events drawn, events the run emitted).
    pub finished: Option<(u64, u64)>,
    /// Stretches of the run whose events never reached the page.
    unrecorded: Vec<(f64, f64)>,
    /// The same lanes on an axis of events instead of time: an actor's event
    /// is a mark at its number (running there), and between its events it
    /// is "ready" (it could go on; steps that keep its line and state make
    /// no event, so the marks are its events, not all its steps). Drawn when the run's clock
    /// never moved (the simulator, with no sleep or work): on a time axis
    /// every lane would stand at 0 ms.
    event_lanes: Vec<Vec<(f64, Class)>>,
    /// Event numbers the page missed (fallen out of the trace's window).
    event_unrecorded: Vec<(f64, f64)>,
    /// The number after the last event recorded.
    last_seq: f64,
    /// asyncio's tasks, a row each below the threads' lanes: (name, the
    /// thread whose loop runs it, segments), from the world's rows
    /// ([`interleave_engine::py::tasks`]), which are complete (a row past
    /// its most changes keeps its end and says so).
    task_lanes: Vec<(String, usize, Vec<(f64, Class)>)>,
    /// Each task's state at the end of its row, as the report words it.
    task_states: Vec<&'static str>,
    /// How many changes `task_lanes` was built from (rebuilt when it moves).
    task_changes: usize,
    /// Task changes the world did not keep (over its bound per row).
    pub tasks_dropped: usize,
}

/// How a task's row draws its state.
/// A timeline row's label: the actor's name, and for an actor of a child
/// process, its process (`os.getpid()` there), so that a process's threads
/// read as one process's.
fn lane_label(model: &Model, a: usize) -> String {
    match model.actor_pid(a) {
        Some(pid) => format!("{} · pid {pid}", model.actor_name(a)),
        None => model.actor_name(a).to_string(),
    }
}

fn task_class(s: interleave_engine::py::tasks::TaskState) -> Class {
    use interleave_engine::py::tasks::TaskState as S;
    match s {
        S::Ready => Class::Ready,
        S::Running => Class::Running,
        S::Sleeping => Class::Sleeping,
        S::Waiting => Class::Waiting,
        S::Done => Class::Done,
        S::Failed => Class::Failed,
        S::Cancelled => Class::Cancelled,
    }
}

impl ViewState {
    pub fn new(model: &Model) -> Self {
        let expected = |o: usize| {
            model.checks.iter().find_map(|c| match c.kind {
                CheckKind::CounterEquals { counter, expected } if counter == o => Some(expected),
                _ => None,
            })
        };
        let series = model
            .objects
            .iter()
            .enumerate()
            .map(|(o, d)| {
                let (limit, unit) = match d.kind {
                    // A counter's ceiling is what its check expects.
                    ObjectKind::Counter { .. } => (expected(o).map(|e| (e as f64, tf("view-expected", &[("value", &e)]))), t("view-value")),
                    kind => interleave_engine::prims::axis(kind),
                };
                let initial = level(&ObjectState::initial(&d.kind), &d.kind);
                Series { points: vec![(0.0, initial)], limit, unit }
            })
            .collect();
        ViewState {
            next_seq: 0,
            lanes: vec![Vec::new(); model.actors.len()],
            series,
            objects: model.objects.iter().map(|d| ObjectState::initial(&d.kind)).collect(),
            actor_states: vec![ActorState::Idle; model.actors.len()],
            last_ms: 0.0,
            events_seen: 0,
            recorded_until: 0.0,
            finished: None,
            unrecorded: Vec::new(),
            event_lanes: vec![Vec::new(); model.actors.len()],
            event_unrecorded: Vec::new(),
            last_seq: 0.0,
            task_lanes: Vec::new(),
            task_states: Vec::new(),
            task_changes: 0,
            tasks_dropped: 0,
        }
    }

    /// Folds in the rows of the program's asyncio tasks (call it with the
    /// world's rows each frame, and once more when the run has ended).
    pub fn update_tasks(&mut self, rows: &interleave_engine::py::tasks::TaskRows) {
        let changes: usize = rows.rows.iter().map(|r| r.changes.len() + r.dropped + 1).sum();
        if changes == self.task_changes {
            return;
        }
        self.task_changes = changes;
        self.tasks_dropped = rows.rows.iter().map(|r| r.dropped).sum();
        self.task_states = rows.rows.iter().map(|r| r.state.word()).collect();
        self.task_lanes = rows
            .rows
            .iter()
            .map(|r| {
                let mut lane: Vec<(f64, Class)> = Vec::with_capacity(r.changes.len());
                for &(t, st) in &r.changes {
                    let c = task_class(st);
                    match lane.last_mut() {
                        // Changes at one instant: the last one holds.
                        Some(l) if l.0 == t => l.1 = c,
                        Some(l) if l.1 == c => {}
                        _ => lane.push((t, c)),
                    }
                }
                decimate(&mut lane, |a, b| a.max(b));
                let name = if r.coro.is_empty() { r.name.clone() } else { format!("{} {}()", r.name, r.coro) };
                (name, r.thread, lane)
            })
            .collect();
        if let Some(end) = rows.rows.iter().flat_map(|r| r.changes.last()).map(|c| c.0).reduce(f64::max) {
            self.last_ms = self.last_ms.max(end);
        }
    }

    /// Whether the run has asyncio tasks to draw.
    pub fn has_tasks(&self) -> bool {
        !self.task_lanes.is_empty()
    }

    /// The task rows' last states: `words` as the report says them (`done`),
    /// else as the legend does.
    pub fn tasks_text(&self, words: bool) -> String {
        self.task_lanes
            .iter()
            .zip(&self.task_states)
            .map(|((name, _, lane), word)| {
                let state = if words { word } else { lane.last().map(|l| l.1.label()).unwrap_or_default() };
                format!("{name}: {state}")
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether the timeline is drawn on the event axis: events happened, and
    /// the clock never moved.
    pub fn on_event_axis(&self) -> bool {
        self.last_ms == 0.0 && self.last_seq > 0.0
    }

    /// The run has ended: folds in its last recorded events, then draws the
    /// end from the runtime's complete accounting (every actor's final state
    /// from the moment it entered it, every object's final level), so the
    /// finished picture agrees with the report however many events were
    /// thinned on the way. A stretch of a lane the page has no events for is
    /// drawn as "not recorded", never as the last state it happened to see.
    pub fn finish(&mut self, model: &Model, trace: &Trace) {
        self.update(model, trace);
        let end = trace.last_ms().max(self.last_ms);
        let thinned = trace.dropped() > 0;
        for (a, agg) in trace.actors().iter().enumerate() {
            let Some(lane) = self.lanes.get_mut(a) else { continue };
            let c = Class::of(&agg.state);
            let entered = agg.since_ms.min(end);
            let last = lane.last().copied();
            if last.map(|l| l.1) == Some(c) {
                continue;
            }
            let last_t = last.map(|l| l.0).unwrap_or(0.0);
            if thinned && last.is_some() && self.recorded_until < entered && last_t < self.recorded_until {
                lane.push((self.recorded_until, Class::Unrecorded));
            }
            match lane.last_mut() {
                Some(l) if l.0 >= entered => l.1 = c,
                _ => lane.push((entered, c)),
            }
        }
        // The event lanes end in the runtime's final states too.
        for (a, agg) in trace.actors().iter().enumerate() {
            let Some(lane) = self.event_lanes.get_mut(a) else { continue };
            let c = Class::of(&agg.state);
            match lane.last_mut() {
                Some(l) if l.1 == c => {}
                Some(l) if l.0 >= self.last_seq => l.1 = c,
                _ => lane.push((self.last_seq, c)),
            }
        }
        for (o, st) in trace.objects().iter().enumerate() {
            let (Some(series), Some(decl)) = (self.series.get_mut(o), model.objects.get(o)) else { continue };
            series.points.push((end, level(st, &decl.kind)));
        }
        self.objects = trace.objects().to_vec();
        self.actor_states = trace.actors().iter().map(|a| a.state.clone()).collect();
        self.last_ms = end;
        self.finished = Some((trace.total_events(), trace.emitted_events()));
    }

    /// The final value of each object's chart, as a sentence (what the
    /// resource canvas shows, for its text description).
    pub fn levels_text(&self, model: &Model) -> String {
        self.charted(model)
            .into_iter()
            .map(|(o, s)| format!("{}: {} {}", model.object_name(o), s.unit, fmt_num(s.points.last().map(|p| p.1).unwrap_or(0.0))))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// How the timeline was drawn, when it was thinned: "drawn from 8,192 of
    /// 41,730 events; totals are exact".
    pub fn thinning_text(&self) -> Option<String> {
        match self.finished {
            Some((drawn, all)) if drawn < all => {
                Some(tf("view-thinned", &[("drawn", &thousands(drawn)), ("all", &thousands(all))]))
            }
            _ => None,
        }
    }

    /// A program's model grows as it starts threads and makes objects:
    /// lanes and charts for the new ones.
    fn grow(&mut self, model: &Model) {
        while self.lanes.len() < model.actors.len() {
            self.lanes.push(Vec::new());
            self.event_lanes.push(Vec::new());
            self.actor_states.push(ActorState::Idle);
        }
        while self.series.len() < model.objects.len() {
            let d = &model.objects[self.series.len()];
            let (limit, unit) = match d.kind {
                ObjectKind::Counter { .. } => (None, t("view-value")),
                kind => interleave_engine::prims::axis(kind),
            };
            let initial = level(&ObjectState::initial(&d.kind), &d.kind);
            self.series.push(Series { points: vec![(self.last_ms, initial)], limit, unit });
            self.objects.push(ObjectState::initial(&d.kind));
        }
    }

    /// Folds in the events recorded since the last call.
    pub fn update(&mut self, model: &Model, trace: &Trace) {
        self.grow(model);
        for e in trace.since(self.next_seq) {
            if e.seq > self.next_seq {
                // Events that left the trace's window before the page read them.
                self.event_unrecorded.push((self.next_seq as f64, e.seq as f64));
                if self.event_unrecorded.len() > MAX_SEGMENTS {
                    self.event_unrecorded = self.event_unrecorded.chunks(2).map(|c| (c[0].0, c[c.len() - 1].1)).collect();
                }
            }
            self.next_seq = e.seq + 1;
            self.last_seq = self.next_seq as f64;
            self.events_seen += 1;
            self.last_ms = self.last_ms.max(e.t_ms);
            self.recorded_until = self.recorded_until.max(e.t_ms);
            match &e.kind {
                EventKind::Actor { actor, state, .. } => {
                    let Some(lane) = self.lanes.get_mut(*actor) else { continue };
                    let c = Class::of(state);
                    if lane.last().map(|l| l.1) != Some(c) {
                        lane.push((e.t_ms, c));
                        decimate(lane, |a, b| a.max(b));
                    }
                    if let Some(lane) = self.event_lanes.get_mut(*actor) {
                        let x = e.seq as f64;
                        if lane.last().is_none_or(|l| l.1 != c || c == Class::Running) {
                            lane.push((x, c));
                        }
                        // Running is this event's mark; then the actor is
                        // ready (able to go on) until its next event.
                        if c == Class::Running {
                            lane.push((x + 1.0, Class::Ready));
                        }
                        decimate(lane, |a, b| a.max(b));
                    }
                    if let Some(s) = self.actor_states.get_mut(*actor) {
                        *s = state.clone();
                    }
                }
                EventKind::Object { object, state } => {
                    let (Some(series), Some(decl)) = (self.series.get_mut(*object), model.objects.get(*object)) else {
                        continue;
                    };
                    series.points.push((e.t_ms, level(state, &decl.kind)));
                    decimate(&mut series.points, |a, b| a.max(b));
                    if let Some(o) = self.objects.get_mut(*object) {
                        *o = state.clone();
                    }
                }
                EventKind::Value { .. } => {}
            }
        }
        self.last_ms = self.last_ms.max(trace.last_ms());
        if trace.gaps().len() != self.unrecorded.len() || trace.gaps().last() != self.unrecorded.last() {
            self.unrecorded = trace.gaps().to_vec();
        }
    }

    /// Draws the view on canvas `only` (one of the `*_CANVAS_ID`s), or
    /// every view whose canvas is on the page.
    pub fn draw(&self, model: &Model, outcome: Option<&Outcome>, only: Option<&str>) {
        let due = |id: &str| only.is_none_or(|o| o == id);
        if due(TIMELINE_CANVAS_ID) {
            self.draw_timeline(model);
        }
        if self.finished.is_some() && only.is_none() {
            self.describe(model);
        }
        if due(RESOURCES_CANVAS_ID) {
            self.draw_resources(model);
        }
        if due(GRAPH_CANVAS_ID) {
            self.draw_graph(model, outcome);
        }
    }

    /// Once the run has ended: what each canvas shows, as text (for screen
    /// readers, and for tests that check the picture against the report).
    fn describe(&self, model: &Model) {
        let set = |id: &str, label: String, data: &[(&str, String)]| {
            if let Some((canvas, _)) = context(id) {
                let _ = canvas.set_attribute("aria-label", &label);
                for (k, v) in data {
                    let _ = canvas.set_attribute(k, v);
                }
            }
        };
        let (drawn, all) = self.finished.unwrap_or_default();
        let states: Vec<String> = self
            .actor_states
            .iter()
            .enumerate()
            .map(|(a, st)| format!("{}: {}", model.actor_name(a), Class::of(st).label()))
            .collect();
        let mut text = tf("view-timeline-label", &[("end", &fmt_ms(self.last_ms)), ("states", &states.join(", "))]);
        if let Some(x) = self.thinning_text() {
            text.push(' ');
            text.push_str(&tf("view-timeline-thinned", &[("how", &x)]));
        }
        if self.on_event_axis() {
            text.push(' ');
            text.push_str(&tf("view-timeline-events", &[("events", &thousands(self.last_seq as u64))]));
        }
        let tasks = self.tasks_text(true);
        if !tasks.is_empty() && !self.on_event_axis() {
            text.push(' ');
            text.push_str(&tf("view-timeline-tasks", &[("tasks", &self.tasks_text(false))]));
        }
        set(
            TIMELINE_CANVAS_ID,
            text,
            &[
                ("data-tasks", tasks),
                // Each actor of a child process, and its process.
                ("data-pids", (0..model.actors.len()).filter_map(|a| model.actor_pid(a).map(|p| format!("{}: {p}", model.actor_name(a)))).collect::<Vec<_>>().join(", ")),
                ("data-end-ms", format!("{:.3}", self.last_ms)),
                ("data-drawn", drawn.to_string()),
                ("data-events", all.to_string()),
                ("data-axis", if self.on_event_axis() { "events" } else { "ms" }.to_string()),
            ],
        );
        let levels = self.levels_text(model);
        let label = if levels.is_empty() { t("view-resources-none").to_string() } else { format!("Resource charts, final values: {levels}.") };
        set(RESOURCES_CANVAS_ID, label, &[("data-final", levels.clone())]);
        set(GRAPH_CANVAS_ID, format!("Wait-for graph at the end: {}.", states.join(", ")), &[("data-states", states.join(", "))]);
    }

    fn draw_timeline(&self, model: &Model) {
        // The tasks' rows are in time: on the event axis they are left out.
        let events = self.on_event_axis();
        let tasks: &[(String, usize, Vec<(f64, Class)>)] = if events { &[] } else { &self.task_lanes };
        // Many actors get narrower lanes: a frame of ten requests keeps to
        // about 600 px (issue 15), and sixteen threads to one screen.
        let rows = self.lanes.len() + tasks.len();
        let lane_h = if rows > 8 { 16.0 } else { 22.0 };
        // Room for a task's name and its coroutine's ("↳ Task-2 fetch_data()"),
        // or an actor's and its process's ("Worker-0 · pid 1002").
        let processes = model.actors.iter().any(|d| d.pid.is_some());
        let mut left = if tasks.is_empty() && !processes { 92.0 } else { 150.0 };
        let want_h = (rows as f64 * lane_h + 24.0).ceil() as u32;
        let Some((ctx, w, h, fg)) = prepare(TIMELINE_CANVAS_ID, want_h) else { return };
        if processes {
            // Room for the longest label ("SpawnPoolWorker-1 · pid 1001"),
            // in the lanes' font, up to a third of the width.
            ctx.set_font(if lane_h >= 20.0 { "12px sans-serif" } else { "11px sans-serif" });
            let widest = (0..model.actors.len()).filter_map(|a| ctx.measure_text(&lane_label(model, a)).ok()).map(|m| m.width()).fold(0.0, f64::max);
            left = (widest + 12.0).clamp(left, w / 3.0);
        }
        // A little room after the last event, so the states actors are left
        // in (blocked forever, in a deadlock) show as bars too.
        let end = if events { self.last_seq } else { self.last_ms };
        let span = end * 1.06 + 1.0;
        let axis = Axis { left, right: w - 4.0, span };
        let (lanes, unrecorded) = if events { (&self.event_lanes, &self.event_unrecorded) } else { (&self.lanes, &self.unrecorded) };
        draw_lanes(&ctx, &fg, &|a| lane_label(model, a), lanes, unrecorded, &axis, 0.0, lane_h);
        if !tasks.is_empty() {
            // Each task on a row of its own, under the threads: the loop's
            // thread runs one of them at a time.
            let task_rows: Vec<Vec<(f64, Class)>> = tasks.iter().map(|t| t.2.clone()).collect();
            let name = |k: usize| format!("↳ {}", tasks[k].0);
            draw_lanes(&ctx, &fg, &name, &task_rows, &[], &axis, self.lanes.len() as f64 * lane_h, lane_h);
        }
        ctx.set_fill_style_str(&fg);
        ctx.set_text_align("left");
        let mut axis_text = if events {
            tf("view-axis-events", &[("events", &thousands(self.last_seq as u64))])
        } else {
            tf("view-axis-run", &[("end", &fmt_ms(self.last_ms))])
        };
        if let Some(t) = self.thinning_text() {
            axis_text.push_str(&format!(" · {t}"));
        }
        let _ = ctx.fill_text(&axis_text, left, h - 9.0);
    }

    /// What the compare view needs of this run, borrowed.
    pub fn picture<'a>(&'a self, backend: &'a str, gaps: &'a [(f64, f64)], note: &'a str) -> Picture<'a> {
        Picture { backend, lanes: &self.lanes, unrecorded: &self.unrecorded, last_ms: self.last_ms, gaps, note }
    }

    /// The same, kept after the run's canvases move on to the next run.
    pub fn freeze(&self, backend: &str, gaps: &[(f64, f64)], note: String) -> Frozen {
        Frozen {
            backend: backend.to_string(),
            lanes: self.lanes.clone(),
            unrecorded: self.unrecorded.clone(),
            last_ms: self.last_ms,
            gaps: gaps.to_vec(),
            note,
        }
    }

    /// The shared objects the resources view charts, with their series. A
    /// program thread's end event (what `join` waits for) is in the timeline
    /// as the thread's "done", not a row of its own here.
    fn charted(&self, model: &Model) -> Vec<(usize, &Series)> {
        self.series.iter().enumerate().filter(|(o, _)| !interleave_engine::py::vm::is_thread_end(model.object_name(*o))).collect()
    }

    fn draw_resources(&self, model: &Model) {
        let row_h = 56.0;
        let left = 150.0;
        let shown = self.charted(model);
        // A run that made no lock, semaphore, queue or event has nothing to
        // chart here: once it has ended, the view says so.
        let none = shown.is_empty() && self.finished.is_some();
        let want_h = if none { 28 } else { (shown.len() as f64 * row_h + 8.0).ceil() as u32 };
        let Some((ctx, w, _h, fg)) = prepare(RESOURCES_CANVAS_ID, want_h) else { return };
        if none {
            ctx.set_fill_style_str(&fg);
            ctx.set_text_align("left");
            ctx.set_text_baseline("top");
            ctx.set_font("13px sans-serif");
            let _ = ctx.fill_text(t("view-resources-none"), 4.0, 7.0);
            return;
        }
        let span = self.last_ms.max(1.0);
        let x_of = |t: f64| left + (t / span).clamp(0.0, 1.0) * (w - left - 4.0);
        for (row, &(o, s)) in shown.iter().enumerate() {
            let y0 = row as f64 * row_h + 4.0;
            let plot_h = row_h - 14.0;
            let max = s
                .points
                .iter()
                .map(|p| p.1)
                .fold(s.limit.as_ref().map(|l| l.0).unwrap_or(1.0), f64::max)
                .max(1.0);
            let min = s.points.iter().map(|p| p.1).fold(0.0, f64::min);
            let y_of = |v: f64| y0 + plot_h - (v - min) / (max - min).max(1.0) * plot_h;
            ctx.set_fill_style_str(&fg);
            ctx.set_text_align("left");
            ctx.set_text_baseline("top");
            ctx.set_font("bold 12px sans-serif");
            let _ = ctx.fill_text(model.object_name(o), 4.0, y0);
            ctx.set_font("11px sans-serif");
            let now = s.points.last().map(|p| p.1).unwrap_or(0.0);
            let _ = ctx.fill_text(&format!("{}: {}", s.unit, fmt_num(now)), 4.0, y0 + 16.0);
            if let Some((lim, label)) = &s.limit {
                let y = y_of(*lim);
                ctx.set_stroke_style_str("#D55E00");
                ctx.set_line_width(1.0);
                let _ = ctx.set_line_dash(&js_sys::Array::of2(&4.0.into(), &3.0.into()));
                ctx.begin_path();
                ctx.move_to(left, y);
                ctx.line_to(w - 4.0, y);
                ctx.stroke();
                let _ = ctx.set_line_dash(&js_sys::Array::new());
                let _ = ctx.fill_text(label, 4.0, y0 + 30.0);
            }
            // A step line: the level holds until the next change.
            ctx.set_stroke_style_str("#0072B2");
            ctx.set_line_width(2.0);
            ctx.begin_path();
            let mut prev: Option<f64> = None;
            for &(t, v) in &s.points {
                let (x, y) = (x_of(t), y_of(v));
                match prev {
                    None => ctx.move_to(x, y),
                    Some(py) => {
                        ctx.line_to(x, py);
                        ctx.line_to(x, y);
                    }
                }
                prev = Some(y);
            }
            if let Some(py) = prev {
                ctx.line_to(x_of(self.last_ms), py);
            }
            ctx.stroke();
            ctx.set_stroke_style_str("rgba(128,128,128,0.35)");
            ctx.set_line_width(1.0);
            ctx.begin_path();
            ctx.move_to(left, y0 + plot_h + 0.5);
            ctx.line_to(w - 4.0, y0 + plot_h + 0.5);
            ctx.stroke();
        }
    }

    /// Actors and objects on a circle; an arrow from an actor to the object
    /// it waits for, from an object to the actor holding it. The deadlock's
    /// cycle is drawn thick, dashed and in vermillion, and named.
    fn draw_graph(&self, model: &Model, outcome: Option<&Outcome>) {
        let Some((canvas, ctx)) = context(GRAPH_CANVAS_ID) else { return };
        let (w, h) = (canvas.width() as f64, canvas.height() as f64);
        let fg = ink(&canvas);
        ctx.clear_rect(0.0, 0.0, w, h);
        // Only objects that can be waited on belong in the graph.
        let objs: Vec<usize> = model
            .objects
            .iter()
            .enumerate()
            .filter(|(_, d)| !matches!(d.kind, ObjectKind::Counter { .. }))
            .map(|(i, _)| i)
            .collect();
        let n_a = self.actor_states.len();
        let total = (n_a + objs.len()).max(1);
        let (cx, cy, r) = (w / 2.0, h / 2.0 + 6.0, (w.min(h) / 2.0 - 40.0).max(30.0));
        let cycle: Vec<(usize, usize)> = match outcome {
            Some(Outcome::Deadlock { cycle }) => cycle.iter().map(|l| (l.actor, l.object)).collect(),
            _ => vec![],
        };
        // A deadlock's cycle goes first, in its order, so it is drawn as a
        // ring; then actors and objects alternate around the circle.
        let mut order: Vec<(bool, usize)> = Vec::with_capacity(total);
        for &(a, o) in &cycle {
            order.push((true, a));
            if objs.contains(&o) {
                order.push((false, o));
            }
        }
        let (mut ai, mut oi) = (0, 0);
        while ai < n_a || oi < objs.len() {
            if ai < n_a {
                if !order.contains(&(true, ai)) {
                    order.push((true, ai));
                }
                ai += 1;
            }
            if oi < objs.len() {
                if !order.contains(&(false, objs[oi])) {
                    order.push((false, objs[oi]));
                }
                oi += 1;
            }
        }
        let pos = |is_actor: bool, id: usize| -> (f64, f64) {
            let k = order.iter().position(|&(a, i)| a == is_actor && i == id).unwrap_or(0);
            let ang = -PI / 2.0 + 2.0 * PI * k as f64 / total as f64;
            (cx + r * ang.cos(), cy + r * ang.sin())
        };
        let in_cycle_wait = |a: usize, o: usize| cycle.contains(&(a, o));
        let in_cycle_hold = |o: usize, a: usize| {
            cycle.iter().any(|&(_, co)| co == o) && cycle.iter().any(|&(ca, _)| ca == a)
        };
        let arrow = |from: (f64, f64), to: (f64, f64), colour: &str, width: f64, dashed: bool| {
            let (dx, dy) = (to.0 - from.0, to.1 - from.1);
            let len = (dx * dx + dy * dy).sqrt().max(1.0);
            let (ux, uy) = (dx / len, dy / len);
            let pad = 20.0;
            let (sx, sy) = (from.0 + ux * pad, from.1 + uy * pad);
            let (ex, ey) = (to.0 - ux * pad, to.1 - uy * pad);
            ctx.set_stroke_style_str(colour);
            ctx.set_fill_style_str(colour);
            ctx.set_line_width(width);
            let dash = if dashed { js_sys::Array::of2(&8.0.into(), &4.0.into()) } else { js_sys::Array::new() };
            let _ = ctx.set_line_dash(&dash);
            ctx.begin_path();
            ctx.move_to(sx, sy);
            ctx.line_to(ex, ey);
            ctx.stroke();
            let _ = ctx.set_line_dash(&js_sys::Array::new());
            let head = 6.0 + width * 1.5;
            ctx.begin_path();
            ctx.move_to(ex, ey);
            ctx.line_to(ex - ux * head - uy * head * 0.6, ey - uy * head + ux * head * 0.6);
            ctx.line_to(ex - ux * head + uy * head * 0.6, ey - uy * head - ux * head * 0.6);
            ctx.close_path();
            ctx.fill();
        };
        // Edges: waits (actor -> object), holds (object -> actor).
        for (a, s) in self.actor_states.iter().enumerate() {
            if let ActorState::Blocked { object, .. } | ActorState::Waiting { object, .. } = s {
                if objs.contains(object) {
                    let hot = in_cycle_wait(a, *object);
                    arrow(pos(true, a), pos(false, *object), if hot { "#D55E00" } else { "#E69F00" }, if hot { 4.0 } else { 1.5 }, hot);
                }
            }
        }
        for &o in &objs {
            if let Some(Some(a)) = self.objects.get(o).and_then(ObjectState::holder).as_ref() {
                let hot = in_cycle_hold(o, *a);
                arrow(pos(false, o), pos(true, *a), if hot { "#D55E00" } else { "#0072B2" }, if hot { 4.0 } else { 1.5 }, hot);
            }
        }
        // Nodes: actors as circles, objects as squares.
        ctx.set_font("12px sans-serif");
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        for a in 0..n_a {
            let (x, y) = pos(true, a);
            let (colour, _) = Class::of(&self.actor_states[a]).style();
            ctx.set_fill_style_str(if colour == "transparent" { "#dddddd" } else { colour });
            ctx.begin_path();
            let _ = ctx.arc(x, y, 16.0, 0.0, 2.0 * PI);
            ctx.fill();
            ctx.set_stroke_style_str(&fg);
            ctx.set_line_width(if cycle.iter().any(|&(ca, _)| ca == a) { 3.0 } else { 1.0 });
            ctx.stroke();
            ctx.set_fill_style_str(&fg);
            let _ = ctx.fill_text(model.actor_name(a), x, y + 28.0);
        }
        for &o in &objs {
            let (x, y) = pos(false, o);
            ctx.set_fill_style_str("rgba(128,128,128,0.25)");
            ctx.fill_rect(x - 14.0, y - 14.0, 28.0, 28.0);
            ctx.set_stroke_style_str(&fg);
            ctx.set_line_width(if cycle.iter().any(|&(_, co)| co == o) { 3.0 } else { 1.0 });
            ctx.stroke_rect(x - 14.0, y - 14.0, 28.0, 28.0);
            ctx.set_fill_style_str(&fg);
            let _ = ctx.fill_text(model.object_name(o), x, y + 26.0);
        }
        ctx.set_text_align("left");
        ctx.set_text_baseline("top");
        if !cycle.is_empty() {
            ctx.set_font("bold 15px sans-serif");
            ctx.set_fill_style_str("#D55E00");
            let _ = ctx.fill_text(t("view-graph-deadlock"), 8.0, 6.0);
        } else if objs.is_empty() {
            ctx.set_font("13px sans-serif");
            ctx.set_fill_style_str(&fg);
            let _ = ctx.fill_text(t("view-graph-empty-1"), 8.0, 6.0);
            let _ = ctx.fill_text(t("view-graph-empty-2"), 8.0, 24.0);
        } else {
            ctx.set_font("11px sans-serif");
            ctx.set_fill_style_str(&fg);
            let _ = ctx.fill_text(t("view-graph-legend"), 8.0, 6.0);
        }
    }
}

/// The canvases the frame loop draws during a run, in the order they take
/// turns.
pub const LIVE_CANVASES: [&str; 4] = [TIMELINE_CANVAS_ID, RESOURCES_CANVAS_ID, GRAPH_CANVAS_ID, COMPARE_CANVAS_ID];

/// Blanks every view canvas on the page (a new scenario keeps the same
/// canvas elements, and with them the last run's pixels).
pub fn clear_canvases() {
    for id in LIVE_CANVASES {
        if let Some((canvas, ctx)) = context(id) {
            let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
            ctx.clear_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
        }
    }
}

/// Whether an element with this id is on the page.
pub fn on_page(id: &str) -> bool {
    web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)).is_some()
}

/// A time axis: `span` ms across the pixels from `left` to `right`.
struct Axis {
    left: f64,
    right: f64,
    span: f64,
}

impl Axis {
    fn x(&self, t: f64) -> f64 {
        self.left + (t / self.span).clamp(0.0, 1.0) * (self.right - self.left)
    }
}

/// One lane per actor from `top`, names on the left. Each lane is first
/// reduced to one class per pixel column (the most telling state of the
/// segments that share it: blocked over running), then to runs of equal
/// columns; runs are filled grouped by class, so the fill colour crosses
/// from wasm to the canvas once per class, not once per rectangle. The cost
/// is bounded by the width, not by the number of events.
#[allow(clippy::too_many_arguments)]
fn draw_lanes(
    ctx: &web_sys::CanvasRenderingContext2d,
    fg: &str,
    name: &dyn Fn(usize) -> String,
    lanes: &[Vec<(f64, Class)>],
    unrecorded: &[(f64, f64)],
    axis: &Axis,
    top: f64,
    lane_h: f64,
) {
    ctx.set_font(if lane_h >= 20.0 { "12px sans-serif" } else { "11px sans-serif" });
    ctx.set_text_baseline("middle");
    ctx.set_fill_style_str(fg);
    ctx.set_text_align("right");
    let x0 = axis.left.floor();
    let width = (axis.right.ceil() - x0).max(1.0) as usize;
    let mut columns: Vec<Option<Class>> = vec![None; width];
    // (class, lane, first column, end column) of every run.
    let mut runs: Vec<(Class, usize, usize, usize)> = Vec::new();
    for (a, lane) in lanes.iter().enumerate() {
        let y0 = top + a as f64 * lane_h + 2.0;
        let _ = ctx.fill_text(&name(a), axis.left - 6.0, y0 + lane_h / 2.0 - 1.0);
        columns.iter_mut().for_each(|c| *c = None);
        for (i, &(t, c)) in lane.iter().enumerate() {
            let end = lane.get(i + 1).map(|n| n.0).unwrap_or(axis.span);
            let from = ((axis.x(t) - x0).floor().max(0.0) as usize).min(width - 1);
            let to = ((axis.x(end) - x0).ceil() as usize).clamp(from + 1, width);
            // The segment owns the columns it covers fully; a column it only
            // touches keeps the more telling class.
            for (k, col) in columns[from..to].iter_mut().enumerate() {
                let whole = k > 0 && k + 1 < to - from;
                *col = Some(match *col {
                    Some(prev) if !whole => prev.max(c),
                    _ => c,
                });
            }
        }
        // What the page never received is drawn as such, not as the state
        // it last saw (a full ring drops events; the totals stay exact).
        for &(from, to) in unrecorded {
            let a = ((axis.x(from) - x0).floor().max(0.0) as usize).min(width - 1);
            let b = ((axis.x(to) - x0).ceil() as usize).clamp(a + 1, width);
            for col in columns[a..b].iter_mut() {
                if matches!(col, Some(c) if *c != Class::Done && *c != Class::Idle) {
                    *col = Some(Class::Unrecorded);
                }
            }
        }
        let mut k = 0;
        while k < width {
            let Some(c) = columns[k] else {
                k += 1;
                continue;
            };
            let start = k;
            while k < width && columns[k] == Some(c) {
                k += 1;
            }
            runs.push((c, a, start, k));
        }
    }
    runs.sort_unstable_by_key(|r| r.0);
    let mut current: Option<Class> = None;
    for (c, a, from, to) in runs {
        let (colour, frac) = c.style();
        if frac <= 0.0 {
            continue;
        }
        if current != Some(c) {
            ctx.set_fill_style_str(colour);
            current = Some(c);
        }
        let y0 = top + a as f64 * lane_h + 2.0;
        let bar_h = (lane_h - 4.0) * frac;
        ctx.fill_rect(x0 + from as f64, y0 + (lane_h - 4.0) - bar_h, (to - from) as f64, bar_h);
    }
}

pub const COMPARE_CANVAS_ID: &str = "compare-canvas";

/// One run as the compare view draws it: its lanes, how long it has run,
/// and the main thread's frame gaps meanwhile.
pub struct Picture<'a> {
    pub backend: &'a str,
    pub lanes: &'a [Vec<(f64, Class)>],
    pub unrecorded: &'a [(f64, f64)],
    pub last_ms: f64,
    /// (time since the run started, gap) of every main-thread frame.
    pub gaps: &'a [(f64, f64)],
    /// What to say after the backend's name ("running…", "420 ms").
    pub note: &'a str,
}

/// A finished run's [`Picture`], owned.
#[derive(Clone, Debug, Default)]
pub struct Frozen {
    pub backend: String,
    pub lanes: Vec<Vec<(f64, Class)>>,
    pub unrecorded: Vec<(f64, f64)>,
    pub last_ms: f64,
    pub gaps: Vec<(f64, f64)>,
    pub note: String,
}

impl Frozen {
    pub fn picture(&self) -> Picture<'_> {
        Picture {
            backend: &self.backend,
            lanes: &self.lanes,
            unrecorded: &self.unrecorded,
            last_ms: self.last_ms,
            gaps: &self.gaps,
            note: &self.note,
        }
    }
}

/// Gaps longer than this are drawn as the page being frozen.
const FROZEN_MS: f64 = 250.0;

/// Compare: the runs stacked, on one time axis (the longest run's), each
/// with its actors' lanes and a strip for the main thread below them, where
/// every frame gap over 50 ms is a block as wide as the time the page could
/// not draw. The event loop's freeze and the workers' smooth frames sit one
/// above the other.
pub fn draw_compare(model: &Model, runs: &[Picture<'_>]) {
    let lanes = runs.iter().map(|r| r.lanes.len()).max().unwrap_or(0).max(1);
    let lane_h = if lanes > 8 { 13.0 } else { 18.0 };
    let (head_h, strip_h, gap_after) = (22.0, 26.0, 14.0);
    let block_h = head_h + lanes as f64 * lane_h + strip_h + gap_after;
    let want_h = (block_h * runs.len().max(1) as f64 + 22.0).ceil() as u32;
    let Some((ctx, w, h, fg)) = prepare(COMPARE_CANVAS_ID, want_h) else { return };
    let end_of = |r: &Picture<'_>| r.last_ms.max(r.gaps.last().map(|g| g.0).unwrap_or(0.0));
    let longest = runs.iter().map(end_of).fold(0.0, f64::max);
    let axis = Axis { left: 110.0, right: w - 8.0, span: longest * 1.04 + 1.0 };
    for (k, r) in runs.iter().enumerate() {
        let top = k as f64 * block_h;
        ctx.set_fill_style_str(&fg);
        ctx.set_text_align("left");
        ctx.set_text_baseline("top");
        ctx.set_font("bold 13px sans-serif");
        let _ = ctx.fill_text(&format!("{}. {}", k + 1, r.backend), 4.0, top + 4.0);
        ctx.set_font("12px sans-serif");
        let _ = ctx.fill_text(r.note, axis.left, top + 5.0);
        draw_lanes(&ctx, &fg, &|a| model.actor_name(a).to_string(), r.lanes, r.unrecorded, &axis, top + head_h, lane_h);
        // The main thread's strip: thin blue where frames came on time, a
        // block where they did not.
        let y = top + head_h + r.lanes.len() as f64 * lane_h + 4.0;
        ctx.set_fill_style_str(&fg);
        ctx.set_text_align("right");
        ctx.set_text_baseline("middle");
        ctx.set_font("11px sans-serif");
        let _ = ctx.fill_text(if r.backend == interleave_engine::scenarios::Backend::Sim.word() { t("view-virtual-time") } else { t("view-main-thread") }, axis.left - 6.0, y + 9.0);
        if let Some(&(t_end, _)) = r.gaps.last() {
            ctx.set_fill_style_str("#0072B2");
            ctx.fill_rect(axis.x(0.0), y + 14.0, axis.x(t_end) - axis.x(0.0), 4.0);
        }
        for &(t, gap) in r.gaps.iter().filter(|g| g.1 > crate::frames::LONG_TASK_MS) {
            let (x0, x1) = (axis.x(t - gap), axis.x(t));
            let frozen = gap > FROZEN_MS;
            ctx.set_fill_style_str(if frozen { "#D55E00" } else { "#E69F00" });
            ctx.fill_rect(x0, y, (x1 - x0).max(2.0), 18.0);
            if frozen && x1 - x0 > 90.0 {
                ctx.set_fill_style_str("#ffffff");
                ctx.set_text_align("center");
                let _ = ctx.fill_text(&tf("view-frozen", &[("gap", &fmt_ms(gap))]), (x0 + x1) / 2.0, y + 9.0);
            }
        }
    }
    // The shared axis.
    ctx.set_fill_style_str(&fg);
    ctx.set_text_baseline("bottom");
    ctx.set_font("11px sans-serif");
    for (frac, align) in [(0.0, "left"), (0.5, "center"), (1.0, "right")] {
        ctx.set_text_align(align);
        let _ = ctx.fill_text(&fmt_ms(axis.span * frac), axis.left + frac * (axis.right - axis.left), h - 2.0);
    }
}

/// The canvas `id`, sized for how wide it is shown (times the device pixel
/// ratio, so text stays crisp on a projector and readable on a phone) and
/// `height` CSS pixels tall, cleared, and scaled so drawing is in CSS
/// pixels: its context, logical width and height, and the theme's text
/// colour. None when the view is not on the page.
fn prepare(id: &str, height: u32) -> Option<(web_sys::CanvasRenderingContext2d, f64, f64, String)> {
    let (canvas, ctx) = context(id)?;
    let dpr = web_sys::window().map(|w| w.device_pixel_ratio()).filter(|r| r.is_finite() && *r > 0.0).unwrap_or(1.0).min(3.0);
    // Projector mode draws everything `zoom` times as large: the drawing
    // code works in a `zoom` times narrower logical space.
    let zoom = PRESENT_ZOOM.with(|z| z.get());
    // Before the first layout (or when hidden) the canvas keeps its own width.
    let shown = canvas.client_width();
    let css_w = if shown > 0 { shown as f64 } else { canvas.width() as f64 / dpr };
    let css_h = (height as f64 * zoom).round();
    let (want_w, want_h) = ((css_w * dpr).round() as u32, (css_h * dpr).round() as u32);
    if canvas.width() != want_w {
        canvas.set_width(want_w);
    }
    if canvas.height() != want_h {
        canvas.set_height(want_h);
        let _ = canvas.style().set_property("height", &format!("{css_h}px"));
    }
    // Written only when it changes: a DOM write here would make the next
    // canvas's `client_width` above lay the page out again, every frame.
    let zoom_text = zoom.to_string();
    if canvas.get_attribute("data-zoom").as_deref() != Some(zoom_text.as_str()) {
        let _ = canvas.set_attribute("data-zoom", &zoom_text);
    }
    let _ = ctx.set_transform(dpr * zoom, 0.0, 0.0, dpr * zoom, 0.0, 0.0);
    let w = css_w / zoom;
    ctx.clear_rect(0.0, 0.0, w, height as f64);
    Some((ctx, w, height as f64, ink(&canvas)))
}

/// The smallest type the charts draw (CSS px, before projector zoom).
pub const SMALLEST_FONT_PX: f64 = 11.0;

/// How much larger projector mode draws the charts: the smallest label at
/// 21 px (at least 20 px at 1024×768, issue 15).
pub const PRESENT_ZOOM_FACTOR: f64 = 1.9;

thread_local! {
    static PRESENT_ZOOM: std::cell::Cell<f64> = const { std::cell::Cell::new(1.0) };
}

/// How much larger the charts draw now (1 outside projector mode).
pub fn present_zoom() -> f64 {
    PRESENT_ZOOM.with(|z| z.get())
}

/// Projector mode on or off, for the charts drawn from now on.
pub fn set_present(on: bool) {
    PRESENT_ZOOM.with(|z| z.set(if on { PRESENT_ZOOM_FACTOR } else { 1.0 }));
}

/// An object's level: the number its resource chart plots.
fn level(s: &ObjectState, kind: &ObjectKind) -> f64 {
    interleave_engine::prims::level(s, *kind)
}

pub fn fmt_ms(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else {
        format!("{ms:.0} ms")
    }
}

/// 41730 as "41,730".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}
