//! Explore (issue 14): every interleaving of the lesson's program within a
//! preemption bound, split across the Web Worker pool where the page has one
//! (one thread per core, [`Parallel`]), or searched in slices of a few
//! milliseconds a frame on the main thread where it has not (so it works on
//! every page, isolated or not), with its progress, Stop, the ways the runs
//! end, and the failing run with the fewest preemptions, which opens step by
//! step. Sampled runs (PCT, random) always run in slices.

use super::prelude::*;
use interleave_engine::contract::{SAMPLE_PCT, SAMPLE_RANDOM};
use interleave_engine::explore::{ExploreConfig, Explorer, Exploration, Limit, MemoryGauge, Method, Parallel};
use interleave_engine::sim::Timing;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Milliseconds of search per frame: the page keeps its frames.
const SLICE_MS: f64 = 8.0;
/// The page's budget of work: steps over the whole search, and executions.
const MAX_TOTAL_STEPS: u64 = 3_000_000;
const MAX_EXECUTIONS: u64 = 100_000;
/// The most states the search's cache keeps in the page: about 140 bytes
/// each (its key, the visits, the map's own room), so about 70 MB of the
/// page's memory at most; beyond it the search goes on without caching more.
const MAX_STATES: usize = 500_000;
/// The most memory the page's Rust may have in use while a search goes on:
/// the page has 1 GiB (the build's `--max-memory`), and a search of long
/// runs over a large state keeps a clone of the program per pending
/// schedule (the race lesson at its default 4 threads x 5,000 increments
/// needed over ten gigabytes, and the workers died of it).
const MAX_MEMORY: usize = 640 << 20;

/// The page's memory budget for a search: the allocator's count against
/// [`MAX_MEMORY`] (none where the build has no counting allocator).
fn memory_gauge() -> Option<MemoryGauge> {
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    return Some(MemoryGauge { in_use: crate::alloc::bytes_in_use, limit: MAX_MEMORY });
    #[cfg(not(all(target_arch = "wasm32", target_feature = "atomics")))]
    None
}
/// The preemption bound when the link gives none.
pub(crate) const DEFAULT_BOUND: u32 = 2;

/// What to explore: how to make the search (for a bound) and the link that
/// replays a schedule it found. Compared by `key` (what it explores).
#[derive(Clone)]
pub(crate) struct Target {
    pub(crate) key: String,
    pub(crate) id: &'static str,
    pub(crate) params: Params,
    /// The program to explore, compiled, as it starts (or why it cannot).
    pub(crate) world: Rc<dyn Fn() -> Result<interleave_engine::py::vm::World, String>>,
    /// The link that opens a schedule found under a timing on the simulator.
    pub(crate) replay: Rc<dyn Fn(&str, Timing) -> String>,
    /// The steps of a schedule, each in a sentence (the counterexample told).
    pub(crate) explain: Rc<dyn Fn(&str, Timing) -> Vec<String>>,
    /// The program's small version (its `param(..., explore=...)` values),
    /// where it differs from these parameters: offered when a search runs
    /// out of budget.
    pub(crate) smaller: Option<Smaller>,
}

/// A link to search a program's small version, and its values said.
#[derive(Clone, PartialEq)]
pub(crate) struct Smaller {
    pub(crate) link: String,
    /// "threads = 2, increments = 2".
    pub(crate) said: String,
}

impl Smaller {
    /// The small version (`py::lessons::small_version` of the program,
    /// which the page keeps from one render to the next: it parses the
    /// text) where it differs from the values `current` gives (None: the
    /// parameter's default), and the link `hash` makes of the changed pairs.
    pub(crate) fn of(small: &[(String, String, String)], current: impl Fn(&str) -> Option<String>, hash: impl FnOnce(&[(String, String)]) -> String) -> Option<Smaller> {
        let changed: Vec<(String, String)> = small
            .iter()
            .filter(|(name, default, small)| current(name).as_ref().unwrap_or(default) != small)
            .map(|(name, _, small)| (name.clone(), small.clone()))
            .collect();
        if changed.is_empty() {
            return None;
        }
        let said = changed.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join(", ");
        Some(Smaller { link: hash(&changed), said })
    }
}

/// The options a search of the small version keeps from the page's: how
/// it searches and how the page looks, with `explore=1`.
pub(crate) fn smaller_options(options: &PageOptions) -> PageOptions {
    PageOptions {
        explore: true,
        bound: options.bound,
        timing: options.timing,
        cores: options.cores,
        code: options.code.clone(),
        embed: options.embed,
        present: options.present,
        views: options.views.clone(),
        lang: options.lang,
        ..PageOptions::default()
    }
}

/// The `timing=` a replay link carries: any timing is said (a run on the
/// simulator keeps its clock unless told); the clock needs no word.
pub(crate) fn timing_in_link(timing: Timing) -> Option<Timing> {
    (timing == Timing::Any).then_some(Timing::Any)
}

/// The most steps of a counterexample told in sentences.
pub(crate) const MAX_TOLD: usize = 400;

/// Tells `schedule` step by step on `run` (a paused simulator replaying
/// it), with "switch" where another thread takes over.
pub(crate) fn tell(run: &mut ActiveRun, mut sentence: impl FnMut(&mut ActiveRun, u64, usize) -> String) -> Vec<String> {
    let mut out = Vec::new();
    let mut last = None;
    for k in 1..=MAX_TOLD as u64 {
        if run.outcome().is_some() || run.runnable().is_empty() {
            break;
        }
        if run.step(None).is_err() {
            break;
        }
        let Some(a) = run.last_stepped() else { break };
        let s = sentence(run, k, a);
        out.push(if last.is_some() && last != Some(a) { tf("pnl-explore-switch", &[("step", &s)]) } else { s });
        last = Some(a);
    }
    if let Some(o) = run.outcome() {
        out.push(tf("pnl-explore-run-ends", &[("outcome", &ending(&o))]));
    }
    out
}

/// How a run ended, in a sentence: a failed check says it failed before
/// what it checks ("the check failed: no increment is lost: 2 (left)
/// against 4 (right)"), which alone would read as if it held.
fn ending(o: &interleave_engine::outcome::Outcome) -> String {
    let lang = crate::i18n::lang();
    match (o, o.message_in(lang)) {
        (interleave_engine::outcome::Outcome::InvariantViolated { .. }, Some(m)) => tf("pnl-explore-check-failed", &[("message", &m)]),
        (_, Some(m)) => m,
        (_, None) => super::text::outcome_word(o.kind().as_str()),
    }
}

impl PartialEq for Target {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Target {
    /// A lesson's program (its own, or `edited`), with the page's
    /// parameters and seed: what its Run runs.
    /// `small`: the program's small version ([`Smaller::of`]).
    pub(crate) fn lesson(s: &'static Scenario, params: &Params, options: &PageOptions, edited: Option<Rc<str>>, small: &[(String, String, String)]) -> Target {
        let seed = options.seed.unwrap_or(0);
        let (p1, p2, p3) = (params.clone(), params.clone(), params.clone());
        let (e1, e3) = (edited.clone(), edited.clone());
        let code = edited.as_ref().and(options.code.clone());
        let smaller = Smaller::of(
            small,
            |name| params.get(name).map(|v| v.to_string()),
            |changed| {
                let mut small = params.clone();
                for (k, v) in changed {
                    let _ = small.set(s.params, k, v);
                }
                to_hash(s, &small, &PageOptions { code: code.clone(), ..smaller_options(options) })
            },
        );
        Target {
            key: format!("{}?{:?}&{seed}\u{0}{}", s.id, params, edited.as_deref().unwrap_or("")),
            id: s.id,
            params: params.clone(),
            world: Rc::new(move || interleave_engine::py::lessons::program_world(s.id, e1.as_deref(), &p1, seed)),
            replay: Rc::new(move |schedule, timing| {
                let mut params = p2.clone();
                let _ = params.set(s.params, BACKEND, Backend::Sim.word());
                let options = PageOptions { seed: (seed > 0).then_some(seed), schedule: Some(schedule.to_string()), backend_given: true, code: code.clone(), timing: timing_in_link(timing), ..PageOptions::default() };
                to_hash(s, &params, &options)
            }),
            explain: Rc::new(move |schedule, timing| {
                let (Ok(world), Ok(sched)) = (interleave_engine::py::lessons::program_world(s.id, e3.as_deref(), &p3, seed), Schedule::parse(schedule)) else { return vec![] };
                explain_program(s.id, world, seed, &sched, timing)
            }),
            smaller,
        }
    }
}

/// A program's schedule told step by step (the counterexample).
pub(crate) fn explain_program(id: &str, world: interleave_engine::py::vm::World, seed: u64, sched: &Schedule, timing: Timing) -> Vec<String> {
    let Ok(mut run) = ActiveRun::start_program(id, world, Backend::Sim, 0, seed, Some(sched), true, false, timing) else { return vec![] };
    let mut seen = 0u64;
    tell(&mut run, |run, k, a| {
        let model = run.model();
        // A step that says nothing of its own (a lock taken, a sleep, a
        // join, a wait) says what it changed in the objects ("lock_a: held
        // by task1") or else the state it left its thread in, as step mode does.
        let silent = run.with_world(|w| w.last_step(a)).flatten().is_none_or(|(_, _, did)| did.is_empty());
        let changed: Vec<String> = run.with_trace(|trace| {
            let Some(trace) = trace else { return vec![] };
            let out = trace
                .since(seen)
                .filter_map(|e| match &e.kind {
                    interleave_engine::trace::EventKind::Object { object, state } => {
                        Some(tf("ctl-log-named", &[("name", &model.object_name(*object)), ("state", &super::text::object_text(&model, state))]))
                    }
                    _ => None,
                })
                .collect();
            seen = trace.window().last().map_or(seen, |e| e.seq + 1);
            out
        });
        let state = if !silent {
            None
        } else if !changed.is_empty() {
            Some(changed.join(t("story-parts-sep")))
        } else {
            super::controller::snapshot(&model, run, 0).actors.get(a).map(|x| x.state.clone())
        };
        program_step_sentence(run, &model, k, a, state.as_deref())
    })
}

#[derive(Properties, PartialEq)]
pub(crate) struct ExploreProps {
    pub(crate) target: Target,
    pub(crate) options: PageOptions,
    /// A run is going (they would share the main thread), or the program
    /// does not compile (its error is shown at its line): Explore waits.
    pub(crate) busy: bool,
    /// The pool has settled (`explore=1` waits for it, as `autorun=1` does).
    pub(crate) settled: bool,
    /// Threads of the Web Worker pool to split the search across (0: the
    /// pool is not there, and the search runs in slices on the main thread).
    pub(crate) threads: usize,
    /// Links opened so far: `explore=1` in a new one searches again.
    pub(crate) opened: u64,
}

/// A search under way: split across the pool, or in slices here.
enum Search {
    Slices(Explorer),
    Split { search: Arc<Parallel>, finished: Arc<AtomicUsize>, threads: usize, span: Arc<Span> },
}

/// When the pool's workers worked on a search: the first one's start and
/// the last one's end (ms since the epoch, as f64 bits: positive floats
/// order as their bits do). The search's own time, without the wait for a
/// free worker or for the page's next frame, which for a search of a few
/// milliseconds were most of what the page measured.
struct Span {
    first: std::sync::atomic::AtomicU64,
    last: std::sync::atomic::AtomicU64,
}

impl Default for Span {
    fn default() -> Self {
        Span { first: u64::MAX.into(), last: 0.into() }
    }
}

impl Span {
    fn worked(&self, from: f64, to: f64) {
        self.first.fetch_min(from.to_bits(), Ordering::SeqCst);
        self.last.fetch_max(to.to_bits(), Ordering::SeqCst);
    }

    fn ms(&self) -> Option<f64> {
        let (first, last) = (self.first.load(Ordering::SeqCst), self.last.load(Ordering::SeqCst));
        (first != u64::MAX && last != 0).then(|| (f64::from_bits(last) - f64::from_bits(first)).max(0.0))
    }
}

#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    /// `states`: distinct states in the cache so far (`None`: sampled
    /// runs, which keep no cache).
    Running { executions: u64, steps: u64, states: Option<u64>, elapsed_ms: f64, threads: usize },
    Done { found: Box<Exploration>, elapsed_ms: f64, stopped: bool, story: Vec<String>, threads: usize, timing: Timing },
    Failed(String),
}

/// Web Worker threads a search runs on where the pool is ready (0: none, it
/// runs in slices on the main thread): one per core the browser reports, or
/// fewer where the link says `cores=N`. The search splits across them
/// (`explore::Parallel`); each worker allocates from its own cache of blocks
/// ([`crate::alloc`]), without which two workers explored at half the rate of
/// one (every allocation through one lock, and every step clones a
/// simulator). Measured 2026-12-06 on the race lesson's Python, 3 x 2, bound
/// 3, headless Chromium on 2 cores: with one lock, one worker 2.79 s and two
/// 4.11 s; with the caches, one worker 2.40 s and two 1.90 s.
pub(crate) fn explore_threads(pool: &PoolStatus, options: &PageOptions) -> usize {
    match pool {
        PoolStatus::Ready { cores, threads } => {
            let asked = options.cores.map_or(usize::MAX, |n| n as usize);
            asked.min(*cores).min(*threads).max(1)
        }
        _ => 0,
    }
}

/// Where the search runs, in a sentence.
fn where_it_runs(threads: usize) -> String {
    match threads {
        0 => t("pnl-explore-on-main-thread").to_string(),
        1 => t("pnl-explore-on-a-worker").to_string(),
        n => tf("pnl-explore-on-threads", &[("threads", &n)]),
    }
}

/// The contract's `interleave:explore-finished` detail.
fn detail(scenario: &str, params: &Params, e: &Exploration, elapsed_ms: f64, threads: usize, timing: Timing) -> serde_json::Value {
    serde_json::json!({
        "timing": timing.word(),
        "elapsed_ms": elapsed_ms,
        "threads": threads,
        "scenario": scenario,
        "params": params,
        "complete": e.complete,
        "limit": e.limit.map(Limit::word),
        "executions": e.executions,
        "states": e.states,
        "states_full": e.states_full,
        "merged": e.merged,
        "steps": e.steps,
        "bound": e.bound,
        "outcomes": e.outcomes,
        "failing": e.failing,
        "method": e.method.word(),
        "critical_section": e.overlap.as_ref().map(|c| serde_json::json!({
            "executions": e.overlaps,
            "schedule": c.schedule,
            "preemptions": c.preemptions,
            "steps": c.steps,
            "message": c.sentence(),
        })),
        "guarantee": e.guarantee(),
        "livelock": e.livelock.as_ref().map(|l| loop_json(e.livelocks, l)),
        "starvation": e.starvation.as_ref().map(|l| loop_json(e.starvations, l)),
        "counterexample": e.counterexample.as_ref().map(|c| serde_json::json!({
            "schedule": c.schedule,
            "preemptions": c.preemptions,
            "steps": c.steps,
            "outcome": c.outcome.kind().as_str(),
            "message": c.outcome.message(),
        })),
    })
}

/// A loop in the contract: how many runs found one, and the one kept.
fn loop_json(count: u64, l: &interleave_engine::explore::Livelock) -> serde_json::Value {
    serde_json::json!({
        "executions": count,
        "schedule": l.schedule,
        "preemptions": l.preemptions,
        "steps": l.steps,
        "cycle": l.cycle,
        "actors": l.actors,
        "starved": l.starved,
        "message": l.sentence(),
    })
}

/// A loop the search found (`kind`: "livelock" or "starvation"), `count`
/// times: said with the one of fewest preemptions, and its Open link.
fn loop_found(kind: &'static str, count: u64, l: &interleave_engine::explore::Livelock, open: &str) -> Html {
    let counted = format!("{kind}s");
    html! {
        <p id={format!("explore-{kind}")} data-cycle={l.cycle.to_string()}>{
            tf(&format!("pnl-explore-{kind}"), &[
                (counted.as_str(), &thousands(count)),
                ("preemptions", &l.preemptions),
                ("steps", &l.steps),
                ("sentence", &super::text::said(&l.sentence())),
            ])
        }{ " " }<a id={format!("explore-{kind}-open")} href={open.to_string()}>{ t("pnl-explore-open") }</a>
        { t("pnl-explore-livelock-note") }</p>
    }
}

#[function_component(ExplorePanel)]
pub(crate) fn explore_panel(p: &ExploreProps) -> Html {
    let status = use_state(|| Status::Idle);
    let stop_flag = use_mut_ref(|| false);
    let bound = use_state(|| p.options.bound.unwrap_or(DEFAULT_BOUND));
    let method = use_state(|| p.options.sample.unwrap_or(Method::Every));
    let timing = use_state(|| p.options.explore_timing());
    let id = p.target.id;
    let start = {
        let (status, stop_flag, bound, method, timing) = (status.clone(), stop_flag.clone(), bound.clone(), method.clone(), timing.clone());
        let (params, world, explain, pool_threads) = (p.target.params.clone(), p.target.world.clone(), p.target.explain.clone(), p.threads);
        Rc::new(move || {
            if matches!(*status, Status::Running { .. }) {
                return;
            }
            let config = ExploreConfig {
                preemptions: *bound,
                max_executions: MAX_EXECUTIONS,
                max_total_steps: MAX_TOTAL_STEPS,
                max_states: MAX_STATES,
                memory: memory_gauge(),
                method: *method,
                timing: *timing,
                ..ExploreConfig::default()
            };
            let timing = *timing;
            let world = match world() {
                Ok(w) => w,
                Err(why) => return status.set(Status::Failed(why)),
            };
            // Every interleaving runs on the pool (sampled runs are cheap and
            // stay here), off the main thread.
            let threads = if *method == Method::Every { pool_threads } else { 0 };
            let mut search = if threads >= 1 {
                let search = Arc::new(Parallel::new_program(id, world, config));
                let finished = Arc::new(AtomicUsize::new(0));
                let span = Arc::new(Span::default());
                for _ in 0..threads {
                    let (search, finished, span) = (search.clone(), finished.clone(), span.clone());
                    crate::pool::spawn(Box::new(move || {
                        let from = browser::epoch_ms();
                        search.work();
                        span.worked(from, browser::epoch_ms());
                        drop(search);
                        finished.fetch_add(1, Ordering::SeqCst);
                    }));
                }
                Search::Split { search, finished, threads, span }
            } else {
                Search::Slices(Explorer::new_program(id, world, config))
            };
            *stop_flag.borrow_mut() = false;
            status.set(Status::Running { executions: 0, steps: 0, states: None, elapsed_ms: 0.0, threads });
            let (status, stop_flag, params, explain) = (status.clone(), stop_flag.clone(), params.clone(), explain.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let t0 = browser::now_ms();
                let mut shown = t0;
                let mut states = None;
                let mut stopped = false;
                loop {
                    crate::runner::next_frame().await;
                    if *stop_flag.borrow() && !stopped {
                        stopped = true;
                        match &mut search {
                            Search::Slices(e) => e.stop(),
                            Search::Split { search, .. } => search.stop(),
                        }
                    }
                    let progress = match &mut search {
                        Search::Slices(explorer) => {
                            let slice = browser::now_ms();
                            let mut done = stopped;
                            while !done && browser::now_ms() - slice < SLICE_MS {
                                done = explorer.run(64);
                            }
                            (!done).then(|| (explorer.progress().executions, explorer.progress().steps))
                        }
                        Search::Split { search, finished, threads, .. } => (finished.load(Ordering::SeqCst) < *threads).then(|| search.counts()),
                    };
                    let Some((executions, steps)) = progress else { break };
                    let now = browser::now_ms();
                    if now - shown >= 200.0 {
                        shown = now;
                        // On the pool, without waiting for a worker's lock
                        // (the main thread must not block): the last count
                        // stands while a shard is busy.
                        states = match &search {
                            Search::Slices(explorer) => explorer.progress().states,
                            Search::Split { search, .. } => search.states_now().or(states),
                        };
                        status.set(Status::Running { executions, steps, states, elapsed_ms: now - t0, threads });
                    }
                }
                // The search's own time: on the pool, from the first
                // worker's start to the last one's end.
                let worked = match &search {
                    Search::Split { span, .. } => span.ms(),
                    Search::Slices(_) => None,
                };
                let found = match search {
                    Search::Slices(e) => e.result(),
                    // Every worker let go of the search before it counted
                    // itself finished, so it is ours alone now.
                    Search::Split { search, .. } => match Arc::try_unwrap(search) {
                        Ok(p) => p.result(),
                        Err(p) => p.snapshot(),
                    },
                };
                let elapsed_ms = worked.unwrap_or_else(|| browser::now_ms() - t0);
                let story = found.counterexample.as_ref().map(|c| explain(&c.schedule, timing)).unwrap_or_default();
                browser::announce(browser::EXPLORE_FINISHED, detail(id, &params, &found, elapsed_ms, threads, timing));
                status.set(Status::Done { found: Box::new(found), elapsed_ms, stopped, story, threads, timing });
            });
        })
    };
    // explore=1: once the page has settled.
    {
        let start = start.clone();
        let go = p.options.explore && p.settled;
        use_effect_with((go, p.opened), move |(go, _)| {
            if *go {
                start();
            }
        });
    }
    let on_explore = { let f = start.clone(); Callback::from(move |_: MouseEvent| f()) };
    let on_stop = { let flag = stop_flag.clone(); Callback::from(move |_: MouseEvent| *flag.borrow_mut() = true) };
    let on_bound = {
        let bound = bound.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(n) = input.value().trim().parse::<u32>() {
                bound.set(n.min(interleave_engine::contract::MAX_BOUND));
            }
        })
    };
    let on_method = {
        let method = method.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            method.set(match select.value().as_str() {
                "pct" => SAMPLE_PCT,
                "random" => SAMPLE_RANDOM,
                _ => Method::Every,
            });
        })
    };
    let on_timing = {
        let timing = timing.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            timing.set(Timing::parse(&select.value()).unwrap_or(Timing::Any));
        })
    };
    let running = matches!(*status, Status::Running { .. });
    let sampling = *method != Method::Every;
    let runs = method.runs();
    // The failing run, on the simulator: its schedule replays it (under the
    // timing it was found under).
    let found_timing = match &*status {
        Status::Done { timing, .. } => *timing,
        _ => *timing,
    };
    let replay_link = |schedule: &str| (p.target.replay)(schedule, found_timing);
    html! {
        <section class="explore" id="explore-panel" aria-labelledby="explore-title">
            <h2 id="explore-title">{ t("pnl-explore-title") }</h2>
            <p class="hint">
                { t("pnl-explore-hint") }
            </p>
            <div class="actions">
                <button id="explore" onclick={on_explore} disabled={running || p.busy}>{ t("pnl-explore-button") }</button>
                <button id="explore-stop" onclick={on_stop} disabled={!running}>{ t("pnl-explore-stop") }</button>
                <label class="timescale" for="explore-method">{ t("pnl-explore-method-label") }
                    <select id="explore-method" disabled={running} onchange={on_method}>
                        <option value="every" selected={!sampling}>{ t("pnl-explore-method-every") }</option>
                        <option value="pct" selected={method.word() == "pct"}>{ tf("pnl-explore-method-pct", &[("runs", &thousands(SAMPLE_PCT.runs()))]) }</option>
                        <option value="random" selected={method.word() == "random"}>{ tf("pnl-explore-method-random", &[("runs", &thousands(SAMPLE_RANDOM.runs()))]) }</option>
                    </select>
                </label>
                <label class="timescale" for="explore-timing">{ t("pnl-explore-timing-label") }
                    <select id="explore-timing" disabled={running} onchange={on_timing}>
                        <option value="any" selected={*timing == Timing::Any}>{ t("pnl-explore-timing-any") }</option>
                        <option value="virtual" selected={*timing == Timing::Virtual}>{ t("pnl-explore-timing-virtual") }</option>
                    </select>
                </label>
                <label class="timescale" for="explore-bound">{ t("pnl-explore-bound-label") }
                    <input id="explore-bound" type="number" min="0" max={interleave_engine::contract::MAX_BOUND.to_string()} step="1"
                        value={bound.to_string()} disabled={running || sampling} onchange={on_bound} />
                </label>
            </div>
            {
                match &*status {
                    // Before a search, where the lesson names a smaller version than
                    // these parameters: a search of this size may not finish.
                    Status::Idle => match &p.target.smaller {
                        Some(small) => html! {
                            <p id="explore-smaller-hint" class="hint">{ t("pnl-explore-smaller-before") }{ " " }
                                <a id="explore-smaller-hint-link" href={small.link.clone()}>{ small.said.clone() }</a></p>
                        },
                        None => html! {},
                    },
                    Status::Failed(why) => html! { <p class="warn" id="explore-status">{ why.clone() }</p> },
                    Status::Running { executions, steps, states, elapsed_ms, threads } => html! {
                        <p id="explore-status" role="status" data-state="running" data-threads={threads.to_string()}
                            data-states={states.map(|n| n.to_string())}>
                            { match states {
                                // With the cache most schedules stop at a state
                                // already explored: states are the progress.
                                Some(n) => tf("pnl-explore-progress-states", &[
                                    ("executions", &thousands(*executions)),
                                    ("states", &thousands(*n)),
                                    ("rate", &thousands((*n as f64 / (elapsed_ms / 1000.0).max(0.001)) as u64)),
                                    ("steps", &thousands(*steps)),
                                    ("time", &fmt_ms(*elapsed_ms)),
                                ]),
                                None => tf("pnl-explore-progress", &[
                                    ("executions", &thousands(*executions)),
                                    ("steps", &thousands(*steps)),
                                    ("rate", &thousands((*executions as f64 / (elapsed_ms / 1000.0).max(0.001)) as u64)),
                                    ("time", &fmt_ms(*elapsed_ms)),
                                ]),
                            } }
                            { " " }{ where_it_runs(*threads) }
                            if sampling {
                                <progress max={runs.to_string()} value={executions.to_string()} />
                            } else {
                                <progress max={MAX_TOTAL_STEPS.to_string()} value={steps.to_string()} />
                            }
                        </p>
                    },
                    Status::Done { found, elapsed_ms, stopped, story, threads, timing: searched } => {
                        let e = &**found;
                        let sampled = e.method != Method::Every;
                        let most_runs = e.outcomes.values().copied().max().unwrap_or(1);
                        let (executions, time) = (thousands(e.executions), fmt_ms(*elapsed_ms));
                        let verdict = if sampled {
                            let pct = matches!(e.method, Method::Pct { .. });
                            let key = match (*stopped, pct) {
                                (true, true) => "pnl-explore-stopped-pct",
                                (true, false) => "pnl-explore-stopped-random",
                                (false, true) => "pnl-explore-sampled-pct",
                                (false, false) => "pnl-explore-sampled-random",
                            };
                            tf(key, &[("runs", &executions), ("time", &time)])
                        } else if e.complete {
                            tf("pnl-explore-complete", &[("bound", &e.bound), ("executions", &executions), ("time", &time)])
                        } else if *stopped {
                            tf("pnl-explore-stopped", &[("executions", &executions), ("time", &time)])
                        } else {
                            let (key, budget) = match e.limit {
                                Some(Limit::Executions) => ("pnl-explore-incomplete-executions", thousands(MAX_EXECUTIONS)),
                                Some(Limit::Memory) => ("pnl-explore-incomplete-memory", (MAX_MEMORY >> 20).to_string()),
                                _ => ("pnl-explore-incomplete-steps", thousands(MAX_TOTAL_STEPS)),
                            };
                            tf(key, &[("budget", &budget), ("executions", &executions), ("time", &time)])
                        };
                        let share = if e.executions > 0 { 100.0 * e.failing as f64 / e.executions as f64 } else { 0.0 };
                        html! {
                            <div id="explore-results" data-complete={e.complete.to_string()} data-executions={e.executions.to_string()} data-failing={e.failing.to_string()}
                                data-threads={threads.to_string()}>
                                <p id="explore-status" data-state="done">{ verdict }</p>
                                if let (Some(_), Some(small)) = (e.limit, &p.target.smaller) {
                                    <p id="explore-smaller"><a id="explore-smaller-link" href={small.link.clone()}>{
                                        tf("pnl-explore-smaller", &[("params", &small.said)])
                                    }</a></p>
                                }
                                if let Some(states) = e.states {
                                    <p id="explore-states" data-states={states.to_string()} data-merged={e.merged.to_string()} data-full={e.states_full.to_string()}>{
                                        // (Full: the count is what it remembers, not all it went through.)
                                        tf(if e.states_full { "pnl-explore-states-full" } else { "pnl-explore-states" }, &[("states", &thousands(states)), ("merged", &thousands(e.merged))])
                                    }</p>
                                }
                                <p id="explore-where" class="hint">{ where_it_runs(*threads) }</p>
                                <p id="explore-timing-said" class="hint" data-timing={searched.word()}>{
                                    if *searched == Timing::Any { t("pnl-explore-timing-any-said") } else { t("pnl-explore-timing-virtual-said") }
                                }</p>
                                if let Some(g) = e.guarantee() {
                                    <p id="explore-guarantee" class="hint">{ g }</p>
                                }
                                <table class="explore-outcomes">
                                    <thead><tr><th>{ t("pnl-explore-outcomes-how") }</th><th>{ t("pnl-explore-outcomes-executions") }</th><th class="bar" aria-hidden="true" /></tr></thead>
                                    <tbody>
                                        // A histogram: each count's bar against the largest
                                        // (drawn only; the number is in its cell).
                                        { for e.outcomes.iter().map(|(k, n)| {
                                            let most = most_runs.max(1);
                                            let width = format!("width: {:.1}%", 100.0 * *n as f64 / most as f64);
                                            let failed = !k.starts_with("completed");
                                            html! {
                                                <tr data-outcome={k.clone()} data-count={n.to_string()}>
                                                    <td>{ outcome_said(k) }</td>
                                                    <td>{ thousands(*n) }</td>
                                                    <td class="bar" aria-hidden="true"><span class={classes!(failed.then_some("failed"))} style={width} /></td>
                                                </tr>
                                            }
                                        }) }
                                    </tbody>
                                </table>
                                <p id="explore-failing">{
                                    if e.executions == 0 {
                                        t("pnl-explore-no-run-ended").to_string()
                                    } else if e.failing == 0 {
                                        if sampled { t("pnl-explore-no-run-fails").to_string() } else { t("pnl-explore-no-interleaving-fails").to_string() }
                                    } else {
                                        // With schedules cut at a state already explored, the
                                        // runs to the end are not every interleaving: their
                                        // share is said as what it is.
                                        let key = if sampled {
                                            "pnl-explore-runs-fail"
                                        } else if e.merged > 0 {
                                            "pnl-explore-runs-to-end-fail"
                                        } else {
                                            "pnl-explore-interleavings-fail"
                                        };
                                        tf(key, &[("failing", &thousands(e.failing)), ("executions", &executions), ("share", &format!("{share:.1}")), ("merged", &thousands(e.merged))])
                                    }
                                }</p>
                                if let Some(l) = &e.livelock {
                                    { loop_found("livelock", e.livelocks, l, &replay_link(&l.schedule)) }
                                }
                                if let Some(l) = &e.starvation {
                                    { loop_found("starvation", e.starvations, l, &replay_link(&l.schedule)) }
                                }
                                if let Some(c) = &e.overlap {
                                    <p id="explore-overlap">
                                        { tf("pnl-explore-overlap", &[
                                            ("overlaps", &thousands(e.overlaps)),
                                            ("executions", &executions),
                                            ("preemptions", &c.preemptions),
                                            ("steps", &c.steps),
                                            ("sentence", &c.sentence()),
                                        ]) }
                                        <a id="explore-overlap-open" href={format!("{}&challenge=both-in-critical-section", replay_link(&c.schedule))}>{ t("pnl-explore-open") }</a>
                                        { t("pnl-explore-overlap-note") }
                                    </p>
                                }
                                if let Some(c) = &e.counterexample {
                                    <p id="explore-counterexample">
                                        { tf("pnl-explore-counterexample", &[
                                            ("preemptions", &c.preemptions),
                                            ("steps", &c.steps),
                                            ("outcome", &ending(&c.outcome)),
                                        ]) }
                                        <a id="explore-open" href={replay_link(&c.schedule)}>{ t("pnl-explore-open") }</a>
                                        { t("pnl-explore-counterexample-note") }
                                    </p>
                                    if !story.is_empty() {
                                        <ol class="story" id="explore-story" aria-label={t("pnl-explore-story-label")}>
                                            { for story.iter().map(|line| html! { <li>{ line.clone() }</li> }) }
                                        </ol>
                                    }
                                }
                            </div>
                        }
                    }
                }
            }
        </section>
    }
}

/// An outcome the search counted, for the page: its word and, after it,
/// the run's own sentence, in the page's language
/// ("invariant-violated: 2 (left) against 4 (right)").
fn outcome_said(key: &str) -> String {
    match key.split_once(": ") {
        // (A Chinese page writes the full-width colon.)
        Some((word, detail)) => tf("outcome-with-detail", &[("word", &super::text::outcome_word(word)), ("detail", &super::text::said(detail))]),
        None => super::text::outcome_word(key),
    }
}
