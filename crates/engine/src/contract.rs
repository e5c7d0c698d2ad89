//! The automation contract: the URL format and the report of a finished run.
//!
//! This module is the single definition of what course pages, share links
//! and the end-to-end tests rely on. It may grow; what is here must not change.
//!
//! * `#/<scenario>?<param>=<value>&...` opens a scenario configured;
//!   `autorun=1` also runs it. `backend` is a parameter like any other.
//! * `embed=1` gives the compact layout for an iframe; `views=a,b` chooses
//!   which views it shows (see [`VIEWS`]).
//! * `compare=<backend>` runs the scenario on its `backend`, then on this
//!   one, and shows both on one time axis; when both have ended the page
//!   also fires `interleave:compare-finished`.
//! * When a run ends the page fires `interleave:run-finished` with a
//!   [`RunReport`] as its detail.

use crate::i18n::Lang;
use crate::params::{resolve, Params, Value};
use crate::scenarios::{self, Scenario};
use serde::Serialize;

/// Hash fragments longer than this are cut before parsing (a hostile link
/// must not make the page do unbounded work).
/// Long enough for the longest schedule a link may carry ([`MAX_SCHEDULE_BYTES`]).
pub const MAX_HASH_BYTES: usize = 72 * 1024;
/// At most this many `name=value` pairs are read from a link.
pub const MAX_PAIRS: usize = 64;

/// Query keys that steer the page and the run rather than configure the scenario.
pub const RESERVED_KEYS: &[&str] = &["autorun", "embed", "views", "seed", "schedule", "timescale", "compare", "present", "code", "explore", "bound", "version", "challenge", "lang", "timing", "cores"];

/// What `explore=pct` runs: 1,000 PCT runs of depth 3 (bugs that need three
/// steps in a given order; most need one or two).
pub const SAMPLE_PCT: crate::explore::Method = crate::explore::Method::Pct { runs: 1000, depth: 3 };
/// What `explore=random` runs: 1,000 runs with a random scheduler.
pub const SAMPLE_RANDOM: crate::explore::Method = crate::explore::Method::Random { runs: 1000 };

/// The most Web Workers a link may ask a search to split across (`cores=`).
pub const MAX_CORES: u32 = 64;

/// The largest preemption bound a link may ask the explorer for (`bound=`).
pub const MAX_BOUND: u32 = 8;
/// The highest lesson version a link may name.
pub const MAX_VERSION: u32 = 1000;

/// The route of a program that is no lesson: `#/program?code=...`.
pub const PROGRAM: &str = "program";
/// The longest `code=` a link may carry (its base64url text).
pub const MAX_CODE_BYTES: usize = 48 * 1024;

/// The time scales the page offers (`timescale=N`: everything takes N times as long).
pub const TIMESCALES: &[u32] = &[1, 2, 5, 10, 20, 50];

/// The largest seed a link may carry (the largest integer JavaScript holds exactly).
pub const MAX_SEED: u64 = (1 << 53) - 1;
/// The longest schedule a link may carry, in bytes.
pub const MAX_SCHEDULE_BYTES: usize = 64 * 1024;

/// The views a page can show, as `views=` names them (in display order).
pub const VIEWS: &[&str] = &["spinner", "frames", "timeline", "resources", "graph", "code", "log"];

/// Everything in a link besides the scenario's own parameters: how the page
/// is laid out, whether it runs at once, and (for `backend=sim`) the seed
/// and the schedule that fix the run.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PageOptions {
    pub autorun: bool,
    /// The compact layout for an iframe.
    pub embed: bool,
    /// Projector mode: large type and thick lines (`present=1`).
    pub present: bool,
    /// The views to show, in [`VIEWS`] order; `None` shows them all.
    pub views: Option<Vec<&'static str>>,
    /// The simulator's seed (0 when absent).
    pub seed: Option<u64>,
    /// A recorded schedule to replay, as printed by the simulator. Only its
    /// size is checked here; the simulator parses it and says what is wrong.
    pub schedule: Option<String>,
    /// Everything takes this many times as long, to watch it (one of [`TIMESCALES`]; absent: 1).
    pub timescale: Option<u32>,
    /// An edited program (`code=`, still encoded: see [`decode_program`]).
    pub code: Option<String>,
    /// Explore every interleaving when the page is ready (`explore=1`), or
    /// sample runs (`explore=pct`, `explore=random`: see `sample`).
    pub explore: bool,
    /// Explore by sampled runs instead of a search (`explore=pct|random`,
    /// and the panel's method); `None`: every interleaving within the bound.
    pub sample: Option<crate::explore::Method>,
    /// The explorer's preemption bound (`bound=N`; absent: its default).
    pub bound: Option<u32>,
    /// The most Web Workers a search may split across (`cores=N`, 1 to
    /// [`MAX_CORES`]; absent: one per core the browser reports). A teacher
    /// can show the gain from one to all; `make bench` measures it.
    pub cores: Option<u32>,
    /// Which timings the simulator allows (`timing=any|virtual`): absent,
    /// Explore searches under any timing and a run on the simulator keeps
    /// its virtual clock ([`PageOptions::explore_timing`], [`PageOptions::run_timing`]).
    pub timing: Option<crate::sim::Timing>,
    /// A challenge (`challenge=fail-check|deadlock|both-in-critical-section`):
    /// the page opens step by step on the simulator, the student schedules,
    /// and the page says when the condition is reached.
    pub challenge: Option<crate::challenge::Challenge>,
    /// The page's language (`lang=zh|en`); `None`: the browser's.
    pub lang: Option<crate::i18n::Lang>,
    /// The version of the lesson a link's seed and schedule were recorded on
    /// (`version=N`, written with them; a link with a seed or a schedule and
    /// no version parses as 1). [`to_hash`] writes this, or, for options
    /// without one (a new run's), the lesson's own. 1: the built models that ran
    /// before the lessons ran as their Python programs. A schedule recorded on
    /// another version than the lesson's [`Scenario::version`] no longer fits
    /// it: the page says so and runs by the seed.
    pub version: Option<u32>,
    /// A second backend to run the same scenario on, after the first, to
    /// compare the two (one of [`scenarios::BACKENDS`], not the `backend`).
    pub compare: Option<&'static str>,
    /// The link chose the backend itself (a valid `backend=`). Not a key of
    /// its own: where real threads cannot be had, a lesson whose link did
    /// not choose runs on its [`Scenario::without_threads`] backend instead.
    pub backend_given: bool,
}

impl PageOptions {
    /// Whether `view` (one of [`VIEWS`]) is shown.
    pub fn shows(&self, view: &str) -> bool {
        self.views.as_ref().is_none_or(|v| v.contains(&view))
    }

    /// The backend to compare with when the run is on `backend`: none when
    /// `compare` names that same backend (there would be nothing to see).
    /// Links, the page's controls and Run all go by this one rule.
    pub fn compare_for(&self, backend: &str) -> Option<&'static str> {
        self.compare.filter(|c| *c != backend)
    }

    /// The timing Explore searches under: the link's, else any timing (a
    /// sleep orders nothing).
    pub fn explore_timing(&self) -> crate::sim::Timing {
        self.timing.unwrap_or(crate::sim::Timing::Any)
    }

    /// The timing a run on the simulator keeps: the link's, else its
    /// virtual clock (a counterexample found under any timing carries
    /// `timing=any`, so it replays under it).
    pub fn run_timing(&self) -> crate::sim::Timing {
        self.timing.unwrap_or(crate::sim::Timing::Virtual)
    }
}

/// A problem with a link, in `lang` (English: what tests and course pages see).
fn say(lang: Lang, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    crate::i18n::format(lang, key, args)
}

/// At most 40 characters of what a link gave, for quoting.
fn shown(v: &str) -> String {
    v.chars().take(40).collect()
}

fn flag(key: &str, v: &str, problems: &mut Vec<String>, lang: Lang) -> Option<bool> {
    match v {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        other => {
            problems.push(say(lang, "problem-flag", &[("key", &key), ("got", &shown(other))]));
            None
        }
    }
}

fn parse_views(v: &str, problems: &mut Vec<String>, lang: Lang) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for name in v.split(',').map(str::trim).filter(|n| !n.is_empty()).take(MAX_PAIRS) {
        match VIEWS.iter().find(|k| k.eq_ignore_ascii_case(name)) {
            Some(k) if !out.contains(k) => out.push(k),
            Some(_) => {}
            None => problems.push(say(lang, "problem-no-view", &[("got", &shown(name)), ("views", &VIEWS.join(", "))])),
        }
    }
    out.sort_by_key(|k| VIEWS.iter().position(|x| x == k));
    out
}

/// A parsed location hash, not yet validated against a scenario.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Route {
    /// `None` for the gallery (`#/` or no hash).
    pub scenario: Option<String>,
    /// The scenario's parameter pairs, in the order given.
    pub pairs: Vec<(String, String)>,
    pub options: PageOptions,
    /// What was wrong with the link itself (too long, too many pairs, bad flags).
    pub problems: Vec<String>,
}

/// Parses `#/<scenario>?a=b&c=d` (the leading `#` is optional). Never panics;
/// percent-encoding errors are decoded leniently (invalid sequences stay literal).
pub fn parse_hash(hash: &str) -> Route {
    parse_hash_in(hash, Lang::En)
}

/// [`parse_hash`], with its problems said in `lang`.
pub fn parse_hash_in(hash: &str, lang: Lang) -> Route {
    let mut route = Route::default();
    let mut h = hash;
    if h.len() > MAX_HASH_BYTES {
        let mut cut = MAX_HASH_BYTES;
        while !h.is_char_boundary(cut) {
            cut -= 1;
        }
        h = &h[..cut];
        route.problems.push(say(lang, "problem-link-too-long", &[("max", &MAX_HASH_BYTES)]));
    }
    let h = h.strip_prefix('#').unwrap_or(h);
    let h = h.strip_prefix('/').unwrap_or(h);
    let (path, query) = match h.split_once('?') {
        Some((p, q)) => (p, q),
        None => (h, ""),
    };
    let name = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let name = name.trim().trim_end_matches('/').to_string();
    if !name.is_empty() {
        route.scenario = Some(name);
    }
    for (i, (k, v)) in form_urlencoded::parse(query.as_bytes()).enumerate() {
        if i >= MAX_PAIRS {
            route.problems.push(say(lang, "problem-too-many-pairs", &[("max", &MAX_PAIRS)]));
            break;
        }
        if k == "explore" && (v == "pct" || v == "random") {
            route.options.explore = true;
            route.options.sample = Some(if v == "pct" { SAMPLE_PCT } else { SAMPLE_RANDOM });
        } else if k == "explore" && !matches!(&*v, "1" | "0" | "true" | "false") {
            route.problems.push(say(lang, "problem-explore", &[("got", &shown(&v))]));
        } else if k == "autorun" || k == "embed" || k == "present" || k == "explore" {
            if let Some(b) = flag(&k, &v, &mut route.problems, lang) {
                match &*k {
                    "autorun" => route.options.autorun = b,
                    "embed" => route.options.embed = b,
                    "explore" => route.options.explore = b,
                    _ => route.options.present = b,
                }
            }
        } else if k == "version" {
            match v.trim().parse::<u32>() {
                Ok(n) if (1..=MAX_VERSION).contains(&n) => route.options.version = Some(n),
                _ => route.problems.push(say(lang, "problem-whole-between", &[("key", &"version"), ("min", &1), ("max", &MAX_VERSION), ("got", &shown(&v))])),
            }
        } else if k == "challenge" {
            match crate::challenge::Challenge::parse(&v) {
                Some(c) => route.options.challenge = Some(c),
                None => route.problems.push(say(lang, "problem-one-of", &[
                    ("key", &"challenge"),
                    ("options", &crate::challenge::Challenge::ALL.map(|c| c.word()).join(", ")),
                    ("got", &shown(&v)),
                ])),
            }
        } else if k == "lang" {
            match crate::i18n::Lang::parse(&v) {
                Some(l) => route.options.lang = Some(l),
                None => route.problems.push(say(lang, "problem-one-of", &[
                    ("key", &"lang"),
                    ("options", &crate::i18n::Lang::ALL.map(|l| l.word()).join(", ")),
                    ("got", &shown(&v)),
                ])),
            }
        } else if k == "timing" {
            match crate::sim::Timing::parse(v.trim()) {
                Some(t) => route.options.timing = Some(t),
                None => route.problems.push(say(lang, "problem-one-of", &[("key", &"timing"), ("options", &"any, virtual"), ("got", &shown(&v))])),
            }
        } else if k == "cores" {
            match v.trim().parse::<u32>() {
                Ok(n) if (1..=MAX_CORES).contains(&n) => route.options.cores = Some(n),
                _ => route.problems.push(say(lang, "problem-whole-between", &[("key", &"cores"), ("min", &1), ("max", &MAX_CORES), ("got", &shown(&v))])),
            }
        } else if k == "bound" {
            match v.trim().parse::<u32>() {
                Ok(n) if n <= MAX_BOUND => route.options.bound = Some(n),
                _ => route.problems.push(say(lang, "problem-whole-between", &[("key", &"bound"), ("min", &0), ("max", &MAX_BOUND), ("got", &shown(&v))])),
            }
        } else if k == "seed" {
            match v.trim().parse::<u64>() {
                Ok(n) if n <= MAX_SEED => route.options.seed = Some(n),
                _ => route.problems.push(say(lang, "problem-whole-between", &[("key", &"seed"), ("min", &0), ("max", &MAX_SEED), ("got", &shown(&v))])),
            }
        } else if k == "timescale" {
            match v.trim().parse::<u32>() {
                Ok(1) => route.options.timescale = None,
                Ok(n) if TIMESCALES.contains(&n) => route.options.timescale = Some(n),
                _ => route.problems.push(say(lang, "problem-one-of", &[
                    ("key", &"timescale"),
                    ("options", &TIMESCALES.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")),
                    ("got", &shown(&v)),
                ])),
            }
        } else if k == "compare" {
            let v = v.trim();
            match scenarios::BACKENDS.iter().find(|b| **b == v) {
                Some(b) => route.options.compare = Some(b),
                None => route.problems.push(say(lang, "problem-one-of", &[("key", &"compare"), ("options", &scenarios::BACKENDS.join(", ")), ("got", &shown(v))])),
            }
        } else if k == "schedule" {
            let v = v.trim();
            if v.len() > MAX_SCHEDULE_BYTES {
                route.problems.push(say(lang, "problem-schedule-too-long", &[("max", &MAX_SCHEDULE_BYTES)]));
            } else if !v.is_empty() {
                route.options.schedule = Some(v.to_string());
            }
        } else if k == "code" {
            let v = v.trim();
            if v.len() > MAX_CODE_BYTES {
                route.problems.push(say(lang, "problem-code-too-long", &[("max", &MAX_CODE_BYTES)]));
            } else if !v.is_empty() {
                route.options.code = Some(v.to_string());
            }
        } else if k == "views" {
            let views = parse_views(&v, &mut route.problems, lang);
            route.options.views = if views.is_empty() { None } else { Some(views) };
        } else if !k.is_empty() {
            route.pairs.push((k.into_owned(), v.into_owned()));
        }
    }
    // A seed or schedule without a version was recorded before versions were written: on 1.
    if route.options.version.is_none() && (route.options.seed.is_some() || route.options.schedule.is_some()) {
        route.options.version = Some(1);
    }
    route
}

/// A route checked against the scenario catalogue: what the page will open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Opened {
    Gallery { problems: Vec<String> },
    /// A lesson; with `options.code`, its program edited (`#/<lesson>?code=`,
    /// readable: [`decode_program`] gives the text).
    Scenario { scenario: &'static Scenario, params: Params, options: PageOptions, problems: Vec<String> },
    /// A program that is no lesson (`#/program`, the template unless
    /// `code=` gives one).
    Program {
        /// The program's text; `Err`: the link's `code=` could not be read (a sentence).
        source: Result<String, String>,
        /// The backend the link chose, if it chose one.
        backend: Option<scenarios::Backend>,
        /// The program's parameters (its `param(...)` calls read them).
        pairs: Vec<(String, String)>,
        options: PageOptions,
        problems: Vec<String>,
    },
}

/// A program as `code=` carries it: its UTF-8 text, compressed with raw
/// DEFLATE (RFC 1951), in base64url without padding.
pub fn encode_program(src: &str) -> String {
    use base64::Engine;
    let packed = miniz_oxide::deflate::compress_to_vec(src.as_bytes(), 9);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
}

/// The program a `code=` carries, or a sentence saying why it cannot be read.
pub fn decode_program(code: &str) -> Result<String, String> {
    decode_program_in(code, Lang::En)
}

/// [`decode_program`], saying what is wrong in `lang`.
pub fn decode_program_in(code: &str, lang: Lang) -> Result<String, String> {
    use base64::Engine;
    let code = code.trim().trim_end_matches('=');
    let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(code)
        .map_err(|_| say(lang, "problem-code-not-base64", &[]))?;
    let limit = crate::py::MAX_SOURCE + 1;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, limit).map_err(|e| match e.status {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
            say(lang, "problem-code-too-big", &[("max", &crate::py::MAX_SOURCE)])
        }
        _ => say(lang, "problem-code-not-deflate", &[]),
    })?;
    String::from_utf8(bytes).map_err(|_| say(lang, "problem-code-not-utf8", &[]))
}

/// Resolves a hash into what to show, with every problem as a sentence.
pub fn open(hash: &str) -> Opened {
    open_in(hash, Lang::En)
}

/// [`open`], with every problem said in `lang` (the page's language).
pub fn open_in(hash: &str, lang: Lang) -> Opened {
    let route = parse_hash_in(hash, lang);
    let mut problems = route.problems;
    if route.scenario.as_deref() == Some(PROGRAM) {
        let source = match &route.options.code {
            Some(code) => decode_program_in(code, lang),
            None => Ok(crate::py::lessons::TEMPLATE.to_string()),
        };
        let mut backend = None;
        let mut pairs = Vec::new();
        for (k, v) in route.pairs {
            if k == scenarios::BACKEND {
                match scenarios::Backend::parse(v.trim()) {
                    Some(b) => backend = Some(b),
                    None => problems.push(say(lang, "problem-one-of", &[("key", &"backend"), ("options", &scenarios::BACKENDS.join(", ")), ("got", &shown(&v))])),
                }
            } else {
                pairs.push((k, v));
            }
        }
        let mut options = route.options;
        options.backend_given = backend.is_some();
        if options.compare.is_some() {
            problems.push(say(lang, "problem-compare-program", &[]));
            options.compare = None;
        }
        return Opened::Program { source, backend, pairs, options, problems };
    }
    match route.scenario {
        None => Opened::Gallery { problems },
        Some(id) => match scenarios::find(&id) {
            None => {
                problems.push(say(lang, "problem-no-scenario", &[("got", &shown(&id))]));
                Opened::Gallery { problems }
            }
            Some(scenario) => {
                let r = resolve(scenario.params, &route.pairs);
                problems.extend(r.problems.iter().map(|e| e.message_in(lang)));
                let mut options = route.options;
                // The lesson's program edited (`code=`): the lesson's page,
                // in its editor. One that cannot be read is said, and the
                // lesson's own program opens instead.
                if let Some(Err(why)) = options.code.as_deref().map(|c| decode_program_in(c, lang)) {
                    problems.push(why);
                    options.code = None;
                }
                // An edited program's run is a run of its text, whatever
                // version a hand-made link names beside it: [`to_hash`]
                // writes none, so none is kept.
                if options.code.is_some() {
                    options.version = None;
                }
                options.backend_given = route.pairs.iter().any(|(k, _)| k == scenarios::BACKEND)
                    && !r.problems.iter().any(|e| e.name() == scenarios::BACKEND);
                if let (Some(other), None) = (options.compare, options.compare_for(r.params.word(scenarios::BACKEND))) {
                    problems.push(say(lang, "problem-compare-same", &[("other", &other)]));
                    options.compare = None;
                }
                Opened::Scenario { scenario, params: r.params, options, problems }
            }
        },
    }
}

/// The hash that reopens `scenario` with `params` and `options` (in the
/// scenario's own parameter order, so links are stable and readable). The
/// backend is written only if it was chosen ([`PageOptions::backend_given`]):
/// a link without one runs on Web Workers where it can, and elsewhere on the
/// lesson's [`Scenario::without_threads`] backend.
pub fn to_hash(scenario: &Scenario, params: &Params, options: &PageOptions) -> String {
    // A seed or a schedule is a run of some version of the lesson: say which
    // (the one the options carry, from their link; else this one, a new run's).
    // An edited program's run is a run of the text the link carries (first),
    // whatever the lesson's version: none is written.
    let recorded = options.seed.is_some() || options.schedule.is_some();
    let version = if options.code.is_some() { None } else { options.version.or(recorded.then_some(scenario.version)) };
    let options = &PageOptions { version, ..options.clone() };
    let mut q = form_urlencoded::Serializer::new(String::new());
    if let Some(code) = &options.code {
        q.append_pair("code", code);
    }
    for spec in scenario.params {
        // A backend nobody chose stays unwritten, so that where real threads
        // cannot be had the lesson still runs on the backend that works there.
        if spec.name == scenarios::BACKEND && !options.backend_given {
            continue;
        }
        if let Some(v) = params.get(spec.name) {
            q.append_pair(spec.name, &v.to_string());
        }
    }
    append_options(&mut q, options);
    let q = q.finish();
    if q.is_empty() {
        format!("#/{}", scenario.id)
    } else {
        format!("#/{}?{}", scenario.id, q)
    }
}

/// Writes the page options of a link (after its parameters), in the one
/// order every link uses.
fn append_options(q: &mut form_urlencoded::Serializer<'_, String>, options: &PageOptions) {
    if options.embed {
        q.append_pair("embed", "1");
    }
    if options.present {
        q.append_pair("present", "1");
    }
    if let Some(views) = &options.views {
        q.append_pair("views", &views.join(","));
    }
    if let Some(seed) = options.seed {
        q.append_pair("seed", &seed.to_string());
    }
    if let Some(schedule) = &options.schedule {
        q.append_pair("schedule", schedule);
    }
    if let Some(v) = options.version {
        q.append_pair("version", &v.to_string());
    }
    if let Some(t) = options.timescale {
        q.append_pair("timescale", &t.to_string());
    }
    if let Some(b) = options.compare {
        q.append_pair("compare", b);
    }
    if options.explore {
        q.append_pair("explore", options.sample.map_or("1", |m| m.word()));
    }
    if let Some(n) = options.bound {
        q.append_pair("bound", &n.to_string());
    }
    if let Some(n) = options.cores {
        q.append_pair("cores", &n.to_string());
    }
    if let Some(t) = options.timing {
        q.append_pair("timing", t.word());
    }
    if let Some(c) = options.challenge {
        q.append_pair("challenge", c.word());
    }
    if options.autorun {
        q.append_pair("autorun", "1");
    }
    if let Some(l) = options.lang {
        q.append_pair("lang", l.word());
    }
}

/// The same link in another language: `lang=` set to `lang` (last, where
/// [`to_hash`] writes it), everything else as it was, byte for byte.
pub fn with_lang(hash: &str, lang: crate::i18n::Lang) -> String {
    let hash = if hash.is_empty() || hash == "#" { "#/" } else { hash };
    let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
    let mut kept: Vec<&str> = query.split('&').filter(|p| !p.is_empty() && *p != "lang" && !p.starts_with("lang=")).collect();
    let pair = format!("lang={}", lang.word());
    kept.push(&pair);
    format!("{path}?{}", kept.join("&"))
}

/// The hash that reopens a program: `#/<lesson>?code=...` or
/// `#/program?code=...`, with its backend (if chosen), parameters and options.
pub fn program_hash(lesson: Option<&str>, source: &str, backend: Option<scenarios::Backend>, pairs: &[(String, String)], options: &PageOptions) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("code", &encode_program(source));
    if let Some(b) = backend {
        q.append_pair(scenarios::BACKEND, b.word());
    }
    for (k, v) in pairs {
        q.append_pair(k, v);
    }
    append_options(&mut q, options);
    format!("#/{}?{}", lesson.unwrap_or(PROGRAM), q.finish())
}

/// How a run ended, as the contract spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutcomeKind {
    Completed,
    Deadlock,
    InvariantViolated,
    Cancelled,
    Failed,
}

impl OutcomeKind {
    /// The word the contract uses (the same as the serialised form).
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Completed => "completed",
            OutcomeKind::Deadlock => "deadlock",
            OutcomeKind::InvariantViolated => "invariant-violated",
            OutcomeKind::Cancelled => "cancelled",
            OutcomeKind::Failed => "failed",
        }
    }
}

/// The `detail` of the `interleave:run-finished` event (and of the message
/// posted to a parent frame, which adds `type`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunReport {
    pub scenario: String,
    pub backend: crate::scenarios::Backend,
    /// The values actually used, `backend` included.
    pub params: Params,
    pub outcome: OutcomeKind,
    /// A sentence for a person: why it failed, what was cancelled.
    pub message: Option<String>,
    pub wall_ms: f64,
    pub max_frame_gap_ms: f64,
    /// The scenario's answer (the spinner's is 42).
    pub result: Option<Value>,
    /// Time shares of every actor.
    pub actors: Vec<ActorReport>,
    /// The scenario's check, if it has one.
    pub check: Option<CheckReport>,
    /// The wait-for cycle of a deadlock, in order: actor, object it waits
    /// for, the actor holding that, ... (`null` without a deadlock).
    pub deadlock_cycle: Option<Vec<String>>,
    /// `sim` runs only: the seed, the schedule taken (replays the run), and a
    /// hash of the whole trace (equal hashes: identical runs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace_digest: Option<String>,
    /// The scenario's own numbers (`lost_updates`, `retries`,
    /// `speedup_vs_1_worker`, ...); absent when it has none.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub metrics: std::collections::BTreeMap<String, f64>,
    /// A program's asyncio tasks, in the order they were made, each with
    /// the thread whose event loop ran it, how it ended and its time in
    /// each state (absent when the run made none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<TaskReport>,
    /// The outcome itself, for the page to say in its language (not part
    /// of the event: `outcome` and `message` are).
    #[serde(skip)]
    pub ended: Option<crate::outcome::Outcome>,
}

/// One actor's time in a run, in milliseconds (virtual ones for `sim`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorReport {
    pub name: String,
    pub busy_ms: f64,
    pub blocked_ms: f64,
    pub waiting_ms: f64,
    /// Waiting without the CPU (`sleep`, I/O).
    pub sleeping_ms: f64,
    /// Able to run but waiting for its turn: on the event loop, whose one
    /// thread runs one task at a time (0 on the other backends).
    pub ready_ms: f64,
    /// `sim` runs only: the steps the actor took (the simulator's time can
    /// stand still while it works).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub steps: Option<u64>,
    /// The process the actor runs in, for an actor of a program's child
    /// process (`os.getpid()` there: 1001, 1002, ...); absent in the
    /// program's own process.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<u32>,
}

/// One asyncio task in a run, in milliseconds (virtual ones for `sim`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TaskReport {
    /// Its name (`Task-1` for `asyncio.run`'s own, as in CPython).
    pub name: String,
    /// Its coroutine's function (`main`), or "" when it has none.
    pub coro: String,
    /// The thread whose event loop ran it.
    pub thread: String,
    /// `done`, `failed`, `cancelled`, or what it was doing when the run
    /// ended (`ready`, `running`, `sleeping`, `waiting`).
    pub state: String,
    /// When it ended, if it did.
    pub ended_ms: Option<f64>,
    /// In the loop's ready queue.
    pub ready_ms: f64,
    pub running_ms: f64,
    /// Awaiting a timer.
    pub sleeping_ms: f64,
    /// Awaiting a future.
    pub waiting_ms: f64,
}

impl TaskReport {
    /// The report's rows of `tasks`, counted up to `end_ms` (the run's end).
    pub fn of(tasks: &crate::py::tasks::TaskRows, thread_name: impl Fn(crate::model::ActorId) -> String, end_ms: f64) -> Vec<TaskReport> {
        use crate::py::tasks::TaskState as S;
        tasks
            .rows
            .iter()
            .map(|r| TaskReport {
                name: r.name.clone(),
                coro: r.coro.clone(),
                thread: thread_name(r.thread),
                state: r.state.word().to_string(),
                ended_ms: r.state.is_finished().then_some(r.since_ms),
                ready_ms: r.ms_in(S::Ready, end_ms),
                running_ms: r.ms_in(S::Running, end_ms),
                sleeping_ms: r.ms_in(S::Sleeping, end_ms),
                waiting_ms: r.ms_in(S::Waiting, end_ms),
            })
            .collect()
    }
}

/// Whether the scenario's check held, and the numbers behind it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    pub name: String,
    pub held: bool,
    pub detail: String,
    /// Whether the check was judged at all: a run that deadlocked, was
    /// stopped or failed is not (`held` is then false, and `detail` says why).
    pub judged: bool,
}

impl RunReport {
    /// A report with nothing measured yet: for runs that end before they start.
    pub fn new(
        scenario: &str,
        backend: crate::scenarios::Backend,
        params: &Params,
        outcome: OutcomeKind,
        message: Option<String>,
    ) -> Self {
        RunReport {
            scenario: scenario.to_string(),
            backend,
            params: params.clone(),
            outcome,
            message,
            wall_ms: 0.0,
            max_frame_gap_ms: 0.0,
            result: None,
            actors: vec![],
            check: None,
            deadlock_cycle: None,
            seed: None,
            schedule: None,
            trace_digest: None,
            metrics: Default::default(),
            tasks: Vec::new(),
            ended: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_configured_link_opens_the_scenario_with_its_values() {
        match open("#/spinner?backend=eventloop&slow=work&autorun=1") {
            Opened::Scenario { scenario, params, options, problems } => {
                assert_eq!(scenario.id, "spinner");
                assert_eq!(params.word("backend"), "eventloop");
                assert_eq!(params.word("slow"), "work");
                assert!(options.autorun && !options.embed && options.views.is_none());
                assert!(problems.is_empty(), "{problems:?}");
            }
            other => panic!("expected the spinner, got {other:?}"),
        }
    }

    #[test]
    fn compare_names_a_second_backend_and_survives_the_round_trip() {
        let Opened::Scenario { scenario, params, options, problems } = open("#/primes?backend=workers&compare=eventloop") else {
            panic!("primes opens")
        };
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(options.compare, Some("eventloop"));
        let again = to_hash(scenario, &params, &options);
        assert!(again.contains("compare=eventloop"), "{again}");
        assert!(matches!(open(&again), Opened::Scenario { options: o, .. } if o == options));
    }

    #[test]
    fn compare_with_a_bad_or_the_same_backend_is_named_and_dropped() {
        let Opened::Scenario { options, problems, .. } = open("#/race?backend=sim&compare=gpu") else { panic!() };
        assert_eq!(options.compare, None);
        assert_eq!(problems, vec!["compare must be one of workers, eventloop, sim; got \"gpu\"".to_string()]);
        let Opened::Scenario { options, problems, .. } = open("#/race?backend=sim&compare=sim") else { panic!() };
        assert_eq!(options.compare, None);
        assert!(problems[0].contains("nothing to compare"), "{problems:?}");
    }

    #[test]
    fn the_gallery_is_the_empty_hash() {
        for h in ["", "#", "#/", "/"] {
            assert_eq!(open(h), Opened::Gallery { problems: vec![] }, "hash {h:?}");
        }
    }

    #[test]
    fn an_unknown_scenario_falls_back_to_the_gallery_and_says_so() {
        match open("#/%3Cscript%3Ealert(1)%3C%2Fscript%3E") {
            Opened::Gallery { problems } => {
                assert_eq!(problems.len(), 1);
                assert!(problems[0].contains("<script>alert(1)</script>"), "quoted as text: {}", problems[0]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_values_are_replaced_by_defaults_and_named() {
        match open("#/spinner?backend=gpu&slow=%E0%A4%A&autorun=maybe") {
            Opened::Scenario { params, options, problems, .. } => {
                assert_eq!(params.word("backend"), "workers");
                assert_eq!(params.word("slow"), "work");
                assert!(!options.autorun);
                assert_eq!(problems.len(), 3, "{problems:?}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_huge_link_is_cut_not_choked_on() {
        let h = format!("#/spinner?{}", "a=b&".repeat(100_000));
        match open(&h) {
            Opened::Scenario { problems, .. } => {
                assert!(problems.iter().any(|p| p.contains("longer than")));
                assert!(problems.iter().any(|p| p.contains("only the first")));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_backend_nobody_chose_stays_out_of_the_link() {
        for (hash, given, back) in [
            ("#/race?threads=2", false, "#/race?threads=2&increments=5000&mode=unsafe&pause_ms=0"),
            ("#/race?backend=sim&threads=2", true, "#/race?backend=sim&threads=2&increments=5000&mode=unsafe&pause_ms=0"),
            ("#/race?backend=gpu&threads=2", false, "#/race?threads=2&increments=5000&mode=unsafe&pause_ms=0"),
        ] {
            let Opened::Scenario { scenario, params, options, .. } = open(hash) else { panic!("{hash}") };
            assert_eq!(options.backend_given, given, "{hash}");
            assert_eq!(params.word(scenarios::BACKEND), if given { "sim" } else { "workers" });
            assert_eq!(to_hash(scenario, &params, &options), back);
        }
    }

    #[test]
    fn to_hash_round_trips() {
        let s = scenarios::find("spinner").unwrap();
        let mut p = Params::defaults(s.params);
        p.set(s.params, "backend", "eventloop").unwrap();
        let o = PageOptions {
            autorun: true,
            embed: true,
            present: true,
            views: Some(vec!["frames"]),
            seed: Some(7),
            schedule: Some("0*3.1~k3f9".into()),
            timescale: Some(10),
            compare: Some("workers"),
            code: None,
            explore: false,
            sample: None,
            bound: Some(3),
            cores: Some(2),
            timing: Some(crate::sim::Timing::Any),
            challenge: None,
            lang: Some(crate::i18n::Lang::Zh),
            // to_hash writes the lesson's version beside the seed.
            version: None,
            // The link names its backend.
            backend_given: true,
        };
        let h = to_hash(s, &p, &o);
        assert_eq!(
            h,
            "#/spinner?backend=eventloop&slow=work&embed=1&present=1&views=frames&seed=7&schedule=0*3.1%7Ek3f9&version=2&timescale=10&compare=workers&bound=3&cores=2&timing=any&autorun=1&lang=zh"
        );
        match open(&h) {
            Opened::Scenario { params, options, .. } => {
                assert_eq!(params, p);
                assert_eq!(options, PageOptions { version: Some(2), ..o.clone() });
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn explore_pct_and_random_sample_runs_and_write_back() {
        let s = scenarios::find("race").unwrap();
        for (word, method) in [("pct", SAMPLE_PCT), ("random", SAMPLE_RANDOM)] {
            let Opened::Scenario { params, options, problems, .. } = open(&format!("#/race?explore={word}")) else { panic!() };
            assert!(problems.is_empty(), "{problems:?}");
            assert!(options.explore);
            assert_eq!(options.sample, Some(method));
            assert!(to_hash(s, &params, &options).ends_with(&format!("&explore={word}")));
        }
        let Opened::Scenario { options, .. } = open("#/race?explore=1") else { panic!() };
        assert_eq!((options.explore, options.sample), (true, None));
        let Opened::Scenario { options, problems, .. } = open("#/race?explore=dfs") else { panic!() };
        assert!(!options.explore);
        assert_eq!(problems, vec!["explore must be 1, 0, pct or random; got \"dfs\"".to_string()]);
    }

    #[test]
    fn a_language_is_read_written_back_last_and_a_wrong_one_said() {
        use crate::i18n::Lang;
        let s = scenarios::find("race").unwrap();
        let Opened::Scenario { params, options, problems, .. } = open("#/race?lang=zh&threads=2") else { panic!() };
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(options.lang, Some(Lang::Zh));
        assert_eq!(to_hash(s, &params, &options), "#/race?threads=2&increments=5000&mode=unsafe&pause_ms=0&lang=zh");
        let Opened::Scenario { options, problems, .. } = open("#/race?lang=fr") else { panic!() };
        assert_eq!(options.lang, None);
        assert_eq!(problems, vec!["lang must be one of en, zh; got \"fr\"".to_string()]);
        // The gallery reads it too (the page asks parse_hash), and says a wrong one.
        assert_eq!(parse_hash("#/?lang=en").options.lang, Some(Lang::En));
        assert_eq!(open("#/?lang=xx"), Opened::Gallery { problems: vec!["lang must be one of en, zh; got \"xx\"".to_string()] });
        // Without lang= a link is what it was: nothing changes for old links.
        let Opened::Scenario { params, options, .. } = open("#/race?threads=2") else { panic!() };
        assert!(!to_hash(s, &params, &options).contains("lang"));
    }

    #[test]
    fn with_lang_replaces_only_the_language() {
        use crate::i18n::Lang;
        assert_eq!(with_lang("", Lang::Zh), "#/?lang=zh");
        assert_eq!(with_lang("#/", Lang::Zh), "#/?lang=zh");
        assert_eq!(with_lang("#/race?threads=2&lang=en&seed=3", Lang::Zh), "#/race?threads=2&seed=3&lang=zh");
        assert_eq!(with_lang("#/program?code=abc_-&language=x", Lang::En), "#/program?code=abc_-&language=x&lang=en");
        // What it writes parses back to the same language and the same rest.
        let h = with_lang("#/race?threads=2&mode=locked", Lang::Zh);
        let Opened::Scenario { params, options, .. } = open(&h) else { panic!() };
        assert_eq!(options.lang, Some(Lang::Zh));
        assert_eq!(params.word("mode"), "locked");
    }

    #[test]
    fn a_challenge_is_read_written_back_and_a_wrong_one_said() {
        use crate::challenge::Challenge;
        let s = scenarios::find("race").unwrap();
        let Opened::Scenario { params, options, problems, .. } = open("#/race?threads=2&challenge=fail-check") else { panic!() };
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(options.challenge, Some(Challenge::FailCheck));
        assert_eq!(to_hash(s, &params, &options), "#/race?threads=2&increments=5000&mode=unsafe&pause_ms=0&challenge=fail-check");
        let Opened::Scenario { options, problems, .. } = open("#/race?challenge=win") else { panic!() };
        assert_eq!(options.challenge, None);
        assert_eq!(problems, vec!["challenge must be one of fail-check, deadlock, both-in-critical-section; got \"win\"".to_string()]);
    }

    /// A link's seed and schedule name the lesson version they were recorded
    /// on; links from before versions were written are version 1, and stay so
    /// when the page writes them back; a new run's options get the lesson's own.
    #[test]
    fn links_name_the_lesson_version_of_their_runs() {
        let s = scenarios::find("race").unwrap();
        let old = "#/race?threads=2&seed=3&schedule=0*3.1~k3f9";
        let Opened::Scenario { params, options, .. } = open(old) else { panic!() };
        assert_eq!(options.version, Some(1));
        assert!(to_hash(s, &params, &options).contains("&version=1"));
        let fresh = PageOptions { seed: Some(3), ..PageOptions::default() };
        assert!(to_hash(s, &params, &fresh).ends_with("seed=3&version=2"), "{}", to_hash(s, &params, &fresh));
        // No run, no version.
        assert!(!to_hash(s, &params, &PageOptions::default()).contains("version"));
        let Opened::Scenario { problems, .. } = open("#/race?version=0") else { panic!() };
        assert_eq!(problems, ["version must be a whole number between 1 and 1000; got \"0\""]);
        // An edited program's run is of its own text: a version beside it
        // (hand-written; the page never writes one) is dropped, so the link
        // the page writes back reopens the same (found by contract_fuzz).
        let edited = "#/race?code=KyjKzCvRMNTkAgA&seed=3&version=4";
        let Opened::Scenario { params, options, problems, .. } = open(edited) else { panic!() };
        assert_eq!((options.version, problems.len()), (None, 0));
        let again = to_hash(s, &params, &options);
        assert!(!again.contains("version"), "{again}");
        let Opened::Scenario { options: o2, .. } = open(&again) else { panic!() };
        assert_eq!(o2, options);
    }

    #[test]
    fn outcome_words_are_their_serialised_form() {
        use OutcomeKind::*;
        for o in [Completed, Deadlock, InvariantViolated, Cancelled, Failed] {
            assert_eq!(serde_json::to_value(o).unwrap(), o.as_str());
        }
    }

    #[test]
    fn seeds_are_whole_numbers_javascript_can_hold() {
        match open("#/spinner?seed=9007199254740992&schedule=") {
            Opened::Scenario { options, problems, .. } => {
                assert_eq!(options.seed, None);
                assert_eq!(options.schedule, None);
                assert_eq!(problems.len(), 1);
                assert!(problems[0].starts_with("seed must be a whole number between 0 and 9007199254740991"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn views_are_validated_deduplicated_and_put_in_display_order() {
        match open("#/spinner?embed=1&views=frames,%3Cb%3E,spinner,frames") {
            Opened::Scenario { options, problems, .. } => {
                assert!(options.embed);
                assert_eq!(options.views, Some(vec!["spinner", "frames"]));
                assert_eq!(
                    problems,
                    vec!["there is no view called \"<b>\"; views are spinner, frames, timeline, resources, graph, code, log"]
                );
                assert!(options.shows("spinner") && options.shows("frames"));
            }
            other => panic!("{other:?}"),
        }
        match open("#/spinner?views=nothing") {
            Opened::Scenario { options, .. } => assert!(options.views.is_none() && options.shows("spinner")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_report_serialises_to_the_documented_shape() {
        let s = scenarios::find("spinner").unwrap();
        let mut r = RunReport::new("spinner", crate::scenarios::Backend::Workers, &Params::defaults(s.params), OutcomeKind::InvariantViolated, None);
        r.wall_ms = 3001.5;
        r.max_frame_gap_ms = 17.0;
        r.result = Some(Value::Int(42));
        let v: serde_json::Value = serde_json::to_value(&r).unwrap();
        assert!(v.get("seed").is_none() && v.get("trace_digest").is_none(), "sim fields only on sim runs");
        assert!(v["deadlock_cycle"].is_null());
        assert_eq!(v["outcome"], "invariant-violated");
        assert_eq!(v["result"], 42);
        assert_eq!(v["params"]["backend"], "workers");
        assert_eq!(v["max_frame_gap_ms"], 17.0);
    }
}
