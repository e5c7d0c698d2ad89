//! The page's state and the only ways it changes. Pure data: no browser
//! calls here, so every transition is easy to follow. Side effects (starting
//! a run, touching the URL) live in `ui.rs`, which dispatches these actions.

use crate::frames::LiveFrames;
use crate::pool::PoolStatus;
use interleave_engine::contract::{Opened, PageOptions, RunReport};
use interleave_engine::params::Params;
use interleave_engine::scenarios::Scenario;
use std::rc::Rc;
use yew::Reducible;

#[derive(Clone, Debug, PartialEq)]
pub enum View {
    Gallery,
    Scenario { scenario: &'static Scenario, params: Params },
    /// A program that is no lesson (a lesson's, edited, is `Scenario` with `AppState::edited`).
    Program(ProgramView),
}

/// What a program's link opened.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgramView {
    /// The program's text; `Err`: why the link's `code=` could not be read.
    pub source: Result<String, String>,
    pub backend: Option<interleave_engine::scenarios::Backend>,
    /// Its parameters, for its `param(...)` calls.
    pub pairs: Vec<(String, String)>,
}

/// One actor as the page shows it during a run.
#[derive(Clone, Debug, PartialEq)]
pub struct ActorLive {
    pub name: String,
    /// "running", "blocked on lock_a", ...
    pub state: String,
    pub line: u32,
    pub line_text: String,
    /// A program: what its last step read or wrote ("reads value = 3").
    pub did: Option<String>,
    /// A program: where on `line` its next step is, as character columns
    /// (0-based, end exclusive): the exact expression the step evaluates.
    pub span: Option<(usize, usize)>,
    /// A program: its innermost function's local variables now (name, value).
    pub locals: Vec<(String, String)>,
}

/// One line of the event log.
#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    pub seq: u64,
    pub actor: Option<usize>,
    pub object: Option<usize>,
    pub text: String,
}

/// What the text views show, taken from the run at most every 200 ms (and
/// after every step): it outlives the run, until the next one or Reset.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Snapshot {
    pub actors: Vec<ActorLive>,
    pub log: Vec<LogLine>,
    /// Step by step: who may move next.
    pub runnable: Vec<usize>,
    pub manual: bool,
    /// Events recorded (the log and the timeline come from these).
    pub events: u64,
    /// Events the run emitted (more than `events` when the page thinned them).
    pub emitted: u64,
    /// The simulator: steps taken and virtual time.
    pub sim: Option<(u64, f64)>,
    /// Step by step: what each step did, in a sentence, newest last.
    pub story: Vec<String>,
    /// The run's objects by name (a program's grow as it makes them).
    pub objects: Vec<String>,
    /// A program's shared data now: (name, value), as `World::shared_data` gives it.
    pub shared: Vec<(String, String)>,
    /// What the program printed (its last 400 lines; empty: nothing, or not readable this instant).
    pub output: String,
    /// A program's asyncio tasks so far (each a row of the timeline).
    pub tasks: usize,
    /// Whether a program's actors run in child processes (their rows say
    /// which process).
    pub processes: bool,
}

/// A challenge's state (`challenge=`): still to do, solved (the page's
/// sentence), or the run ended without it.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum ChallengeStatus {
    #[default]
    Open,
    Solved(String),
    Missed,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RunState {
    Idle,
    Running { live: LiveFrames },
    /// The work ended; waiting for one more frame to measure the last gap.
    Finishing,
    Finished(Box<RunReport>),
}

impl RunState {
    pub fn is_active(&self) -> bool {
        matches!(self, RunState::Running { .. } | RunState::Finishing)
    }
}

/// A comparison (`compare=`): the runs so far and which one is going.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Comparison {
    /// The backends, in the order they run.
    pub backends: Vec<interleave_engine::scenarios::Backend>,
    /// The reports of the runs that have ended, in that order.
    pub reports: Vec<RunReport>,
    /// Each ended run's own numbers, in the same order.
    pub results: Vec<crate::results::Results>,
    /// The index of the run in progress.
    pub running: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub view: View,
    /// What was wrong with the link that opened this view, as sentences.
    pub problems: Vec<crate::i18n::Said>,
    pub pool: PoolStatus,
    pub run: RunState,
    /// Layout and views from the link (`embed`, `views`, `autorun`).
    pub options: PageOptions,
    /// The link asked to run as soon as the page can, and it has not yet.
    pub autorun_pending: bool,
    /// Links opened so far in this visit (a new one, even of the same
    /// lesson, starts its `explore=1` search again; a control changing the
    /// link in place does not).
    pub opened: u64,
    /// The text views' data from the current or last run.
    pub snapshot: Snapshot,
    /// The scenario's own numbers from the last run.
    pub results: crate::results::Results,
    /// The current or last comparison (empty when none was run).
    pub comparison: Comparison,
    /// Values typed into a field that cannot be used: (field, what was
    /// typed, why). The field shows both; the run waits until it is fixed.
    pub field_errors: Vec<(&'static str, String, String)>,
    /// Real threads cannot be had here and the link did not choose a
    /// backend: the lesson runs on this one instead (and the page says so).
    pub fallback: Option<interleave_engine::scenarios::Backend>,
    /// The link's challenge, as far as the student has got.
    pub challenge: ChallengeStatus,
    /// The lesson's program as the student edited it (from the editor or
    /// the link's `code=`, which `options.code` keeps in step); `None`: the
    /// lesson's own, which the code view shows.
    pub edited: Option<Rc<str>>,
    /// The edited program of the current or last run, as `code=` (its replay link carries it).
    pub run_code: Option<String>,
    /// The page's language: the link's (`lang=`), else the one chosen on
    /// the page in this visit, else the browser's.
    pub lang: interleave_engine::i18n::Lang,
    /// The browser's preferred language (`navigator.languages`).
    pub browser_lang: interleave_engine::i18n::Lang,
    /// The language chosen with the switch in this visit, kept across
    /// the lessons opened after it (and written into their links).
    pub chosen_lang: Option<interleave_engine::i18n::Lang>,
}

impl AppState {
    pub fn from_hash(hash: &str, pool: PoolStatus, browser_lang: interleave_engine::i18n::Lang) -> Self {
        let mut s = AppState {
            view: View::Gallery,
            problems: vec![],
            pool,
            run: RunState::Idle,
            options: PageOptions::default(),
            autorun_pending: false,
            opened: 0,
            snapshot: Snapshot::default(),
            results: Default::default(),
            comparison: Default::default(),
            field_errors: vec![],
            fallback: None,
            challenge: ChallengeStatus::Open,
            edited: None,
            run_code: None,
            lang: browser_lang,
            browser_lang,
            chosen_lang: None,
        };
        s.open(hash);
        s
    }

    /// Where the pool can never start (the page is not cross-origin
    /// isolated, or the pool failed), a lesson on Web Workers whose link did
    /// not choose them moves to its `without_threads` backend, before any
    /// run, instead of failing.
    fn fall_back(&mut self) {
        use interleave_engine::scenarios::{Backend, BACKEND};
        let View::Scenario { scenario, params } = &mut self.view else { return };
        let never = matches!(self.pool, PoolStatus::Unavailable { .. });
        if !never || self.options.backend_given || params.backend() != Backend::Workers || self.run.is_active() {
            return;
        }
        let to = scenario.without_threads;
        if params.set(scenario.params, BACKEND, to.word()).is_ok() {
            self.fallback = Some(to);
            // Nothing to compare with where there are no threads.
            if self.options.compare == Some(Backend::Workers.word()) || self.options.compare_for(to.word()).is_none() {
                self.options.compare = None;
            }
        }
    }

    fn open(&mut self, hash: &str) {
        // The language first: the link's, else the one chosen in this visit
        // (which the lesson's links then carry), else the browser's; the
        // sentences below are said in it.
        let link_lang = interleave_engine::contract::parse_hash(hash).options.lang;
        self.lang = link_lang.or(self.chosen_lang).unwrap_or(self.browser_lang);
        crate::i18n::speak(self.lang);
        let opened = open_link(hash, self.lang);
        // Said again in the other language after a switch: the link says
        // the same things wrong in any language.
        let problems: Vec<crate::i18n::Said> = opened_problems(&opened)
            .iter()
            .enumerate()
            .map(|(i, words)| {
                let hash = hash.to_string();
                crate::i18n::Said::known(words.clone(), move |l| opened_problems(&open_link(&hash, l)).get(i).cloned().unwrap_or_default())
            })
            .collect();
        self.problems = problems;
        match opened {
            Opened::Gallery { .. } => {
                self.view = View::Gallery;
                self.edited = None;
                self.options = PageOptions::default();
                self.autorun_pending = false;
            }
            Opened::Scenario { scenario, params, options, .. } => {
                self.view = View::Scenario { scenario, params };
                // `open_in` has read it: a code= that cannot be is gone, and said.
                self.edited = options.code.as_deref().and_then(|c| interleave_engine::contract::decode_program(c).ok()).map(Rc::from);
                self.autorun_pending = options.autorun || options.challenge.is_some();
                self.options = options;
            }
            Opened::Program { source, backend, pairs, options, .. } => {
                self.edited = None;
                self.view = View::Program(ProgramView { source, backend, pairs });
                self.autorun_pending = options.autorun || options.challenge.is_some();
                self.options = options;
            }
        }
        self.challenge = ChallengeStatus::Open;
        self.opened += 1;
        self.run = RunState::Idle;
        self.snapshot = Snapshot::default();
        self.comparison = Comparison::default();
        self.field_errors.clear();
        self.fallback = None;
        self.fall_back();
        if link_lang.is_none() && !matches!(self.view, View::Gallery) {
            self.options.lang = self.chosen_lang;
        }
    }
}

/// What `hash` opens, said in `lang`, with a challenge's demand applied: a
/// challenge is played step by step on the simulator, and starts so as
/// soon as the page is ready (a link that chose another backend is told).
fn open_link(hash: &str, lang: interleave_engine::i18n::Lang) -> Opened {
    use interleave_engine::scenarios::{Backend, BACKEND};
    let challenge_backend = |word: &str| interleave_engine::i18n::format(lang, "problem-challenge-backend", &[("word", &word)]);
    let mut opened = interleave_engine::contract::open_in(hash, lang);
    match &mut opened {
        Opened::Gallery { .. } => {}
        Opened::Scenario { scenario, params, options, problems } => {
            if options.challenge.is_some() {
                if params.backend() != Backend::Sim {
                    if options.backend_given {
                        problems.push(challenge_backend(params.word(BACKEND)));
                    }
                    let _ = params.set(scenario.params, BACKEND, Backend::Sim.word());
                }
                options.backend_given = true;
            }
        }
        Opened::Program { backend, options, problems, .. } => {
            if options.challenge.is_some() {
                if let Some(b) = backend.filter(|b| *b != Backend::Sim) {
                    problems.push(challenge_backend(b.word()));
                }
                *backend = Some(Backend::Sim);
            }
        }
    }
    opened
}

/// What was wrong with the link, in the language it was opened in.
fn opened_problems(o: &Opened) -> &[String] {
    match o {
        Opened::Gallery { problems } | Opened::Scenario { problems, .. } | Opened::Program { problems, .. } => problems,
    }
}

pub enum Action {
    /// The location hash changed (a link was followed or typed).
    Navigate(String),
    /// A control changed one parameter (already validated by the control's kind).
    SetParam { name: &'static str, raw: String },
    Pool(PoolStatus),
    Started,
    Live(LiveFrames),
    Snapshot(Snapshot),
    Results(crate::results::Results),
    /// Something about the link turned out unusable when the run started.
    Problem(crate::i18n::Said),
    Finishing,
    Finished(RunReport),
    AutorunTaken,
    /// The page options changed (the time scale).
    SetOptions(PageOptions),
    DismissProblems,
    /// A comparison began, moved on, or ended.
    Compare(Comparison),
    /// The seed field changed (the simulator's seed, as typed).
    SetSeed(String),
    /// Forget the last run's results.
    Reset,
    /// The challenge was solved, or the run ended without it.
    Challenge(ChallengeStatus),
    /// The language switch: the page speaks this from now on.
    SetLang(interleave_engine::i18n::Lang),
    /// The lesson's program edited (the whole text), or back to its own (`None`).
    Edit(Option<String>),
}

/// The seed typed into its field, or the sentence saying why it cannot be one.
pub fn parse_seed(raw: &str) -> Result<u64, String> {
    use interleave_engine::contract::MAX_SEED;
    match raw.trim().parse::<u64>() {
        Ok(n) if n <= MAX_SEED => Ok(n),
        _ => Err(format!("seed must be a whole number between 0 and {MAX_SEED}; got \"{}\"", raw.trim())),
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Navigate(hash) => s.open(&hash),
            Action::SetParam { name, raw } => {
                if let View::Scenario { scenario, params } = &mut s.view {
                    // A wrong value stays in its field, marked with its
                    // sentence; the last good value is kept for the run.
                    s.field_errors.retain(|(n, _, _)| *n != name);
                    if name == interleave_engine::scenarios::BACKEND {
                        // The student chose: no longer a fallback, and links say it.
                        s.fallback = None;
                        s.options.backend_given = true;
                    }
                    if let Err(e) = params.set(scenario.params, name, &raw) {
                        s.field_errors.push((name, raw, e.message_in(crate::i18n::lang())));
                    }
                }
            }
            Action::Pool(p) => {
                s.pool = p;
                s.fall_back();
            }
            Action::Started => {
                s.run = RunState::Running { live: LiveFrames::default() };
                s.run_code = s.options.code.clone().filter(|_| s.edited.is_some());
                s.snapshot = Snapshot::default();
                s.results = Default::default();
            }
            Action::Live(live) => {
                if let RunState::Running { .. } = s.run {
                    s.run = RunState::Running { live };
                }
            }
            Action::Snapshot(mut snap) => {
                // On real threads the interpreter may be busy when the page
                // looks: what it printed and shares stays as last seen.
                if snap.output.is_empty() {
                    snap.output = std::mem::take(&mut s.snapshot.output);
                }
                if snap.shared.is_empty() {
                    snap.shared = std::mem::take(&mut s.snapshot.shared);
                }
                s.snapshot = snap;
            }
            Action::Results(r) => s.results = r,
            Action::Problem(p) => s.problems.push(p),
            Action::Finishing => {
                if let RunState::Running { .. } = s.run {
                    s.run = RunState::Finishing;
                }
            }
            Action::Finished(r) => s.run = RunState::Finished(Box::new(r)),
            Action::AutorunTaken => s.autorun_pending = false,
            Action::SetOptions(o) => s.options = o,
            Action::DismissProblems => s.problems.clear(),
            Action::SetSeed(raw) => {
                s.field_errors.retain(|(n, _, _)| *n != "seed");
                match parse_seed(&raw) {
                    Ok(n) => s.options.seed = (n > 0).then_some(n),
                    Err(why) => s.field_errors.push(("seed", raw, why)),
                }
            }
            Action::Compare(c) => s.comparison = c,
            Action::Edit(text) => {
                if matches!(s.view, View::Scenario { .. }) {
                    s.options.code = text.as_deref().map(interleave_engine::contract::encode_program);
                    s.edited = text.map(Rc::from);
                }
            }
            Action::Challenge(c) => s.challenge = c,
            Action::SetLang(l) => {
                s.lang = l;
                crate::i18n::speak(l);
                s.chosen_lang = Some(l);
                if !matches!(s.view, View::Gallery) {
                    s.options.lang = Some(l);
                }
            }
            Action::Reset => {
                if !s.run.is_active() {
                    s.run = RunState::Idle;
                    s.snapshot = Snapshot::default();
                    s.comparison = Comparison::default();
                }
            }
        }
        Rc::new(s)
    }
}
