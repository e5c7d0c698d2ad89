//! Words for what a run did: states, objects, verdicts, captions. Pure
//! functions of the report or the model, shared by the components.

use super::prelude::*;

pub(crate) fn state_text(model: &Model, st: &ActorState) -> String {
    match st {
        ActorState::Idle => t("ctl-state-idle").to_string(),
        ActorState::Running => t("ctl-state-running").to_string(),
        ActorState::Working => t("ctl-state-working").to_string(),
        ActorState::Sleeping => t("ctl-state-sleeping").to_string(),
        ActorState::Blocked { object, .. } => tf("ctl-state-blocked", &[("object", &model.object_name(*object))]),
        ActorState::Waiting { object, .. } => tf("ctl-state-waiting", &[("object", &model.object_name(*object))]),
        ActorState::Done => t("ctl-state-done").to_string(),
        ActorState::Failed { message } => tf("ctl-state-failed", &[("message", &said(message))]),
    }
}

pub(crate) fn object_text(model: &Model, st: &ObjectState) -> String {
    interleave_engine::prims::describe(crate::i18n::lang(), model, st)
}

/// Escapes text for a double-quoted HTML attribute in a snippet we write out.
pub(crate) fn html_attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// What the choosers call a backend ([`Backend::label`]), in the page's language.
pub(crate) fn backend_name(b: Backend) -> &'static str {
    match b {
        Backend::Workers => t("ctl-backend-workers"),
        Backend::EventLoop => t("ctl-backend-eventloop"),
        Backend::Sim => t("ctl-backend-sim"),
    }
}

/// A backend as the choosers name it: what it is, and why it cannot run
/// here when it cannot.
pub(crate) fn backend_label(word: &str, unavailable: Option<&str>) -> String {
    let name = Backend::parse(word).map(backend_name).unwrap_or(word);
    match unavailable {
        Some(why) => tf("ctl-backend-unavailable", &[("backend", &name), ("why", &why)]),
        None => name.to_string(),
    }
}

/// How long a simulated run lasted in virtual time: its longest actor life.
pub(crate) fn virtual_ms(r: &RunReport) -> f64 {
    r.actors.iter().map(|a| a.busy_ms + a.blocked_ms + a.waiting_ms + a.sleeping_ms + a.ready_ms).fold(0.0, f64::max)
}

/// What two runs of one scenario on two backends show, one sentence per
/// question: responsiveness (did the page freeze?), correctness (did the
/// check hold?), and speed (which finished first?) are kept apart, so no
/// sentence seems to contradict another.
pub(crate) fn compare_verdict(a: &RunReport, b: &RunReport) -> Vec<String> {
    let mut out = Vec::new();
    let frozen = |r: &RunReport| r.max_frame_gap_ms > 250.0;
    for (x, y) in [(a, b), (b, a)] {
        if frozen(x) && !frozen(y) {
            let (time, gap) = (fmt_ms(x.max_frame_gap_ms), format!("{:.0}", y.max_frame_gap_ms));
            out.push(tf("ctl-compare-froze", &[("frozen", &x.backend), ("time", &time), ("other", &y.backend), ("gap", &gap)]));
        }
    }
    if let (Some(ca), Some(cb)) = (&a.check, &b.check) {
        if ca.judged && cb.judged && ca.held != cb.held {
            let (ok, bad) = if ca.held { (a, b) } else { (b, a) };
            out.push(tf("ctl-compare-check", &[("held", &ok.backend), ("failed", &bad.backend)]));
        }
    }
    if a.outcome != b.outcome {
        let (oa, ob) = (outcome_word(a.outcome.as_str()), outcome_word(b.outcome.as_str()));
        out.push(tf("ctl-compare-outcomes", &[("outcome_a", &oa), ("backend_a", &a.backend), ("outcome_b", &ob), ("backend_b", &b.backend)]));
    }
    if !a.backend.virtual_time() && !b.backend.virtual_time() && a.wall_ms > 0.0 && b.wall_ms > 0.0 {
        let (fast, slow) = if a.wall_ms <= b.wall_ms { (a, b) } else { (b, a) };
        let (fast_time, slow_time, ratio) = (fmt_ms(fast.wall_ms), fmt_ms(slow.wall_ms), format!("{:.2}", slow.wall_ms / fast.wall_ms));
        let args: [(&str, &dyn std::fmt::Display); 5] =
            [("fast", &fast.backend), ("fast_time", &fast_time), ("slow", &slow.backend), ("slow_time", &slow_time), ("ratio", &ratio)];
        // The faster run may have paid for it with the page.
        out.push(if frozen(fast) && !frozen(slow) { tf("ctl-compare-speed-blocked", &args) } else { tf("ctl-compare-speed", &args) });
    } else if a.backend.virtual_time() || b.backend.virtual_time() {
        out.push(t("ctl-compare-virtual").to_string());
    }
    out
}

/// A check's verdict in words: held, failed, or not judged (and why).
pub(crate) fn check_words(r: &RunReport, c: &interleave_engine::contract::CheckReport) -> String {
    if !c.judged {
        // The contract's detail says "not judged: the run ended as ..." in
        // English; the page says it in its language.
        let ended = run_message(r).unwrap_or_else(|| outcome_word(r.outcome.as_str()));
        tf("ctl-check-not-judged", &[("name", &said(&c.name)), ("ended", &ended)])
    } else if c.held {
        // "it held" or "all N checks held", said in the page's language.
        let n = c.name.split("; ").count();
        let detail = if n == 1 { t("ctl-check-it-held").to_string() } else { tf("ctl-check-all-held", &[("n", &n)]) };
        tf("ctl-check-passed", &[("name", &said(&c.name)), ("detail", &detail)])
    } else {
        tf("ctl-check-failed", &[("name", &said(&c.name)), ("detail", &said(&c.detail))])
    }
}

/// How the run ended, in a sentence in the page's language (the report's
/// English `message` where the report does not carry its outcome).
pub(crate) fn run_message(r: &RunReport) -> Option<String> {
    match &r.ended {
        Some(o) => o.message_in(crate::i18n::lang()),
        None => r.message.as_deref().map(said),
    }
}

/// A link's schedule the run refused (`why`, the engine's English), and
/// the seed it runs from instead: said in the language of the moment.
pub(crate) fn schedule_refused(why: String, seed: u64) -> crate::i18n::Said {
    crate::i18n::Said::new(move |l| {
        interleave_engine::i18n::format(l, "pnl-program-schedule-refused", &[("error", &interleave_engine::i18n::said(l, &why)), ("seed", &seed)])
    })
}

/// An English sentence the engine made (a Python error, a failed assert, a
/// step's note) in the page's language: see [`interleave_engine::i18n::said`].
pub(crate) fn said(english: &str) -> String {
    interleave_engine::i18n::said(crate::i18n::lang(), english)
}

/// The link that replays a finished `sim` run step for step: with its
/// schedule when that fits in a link, else by its seed (the same seed gives
/// the same run, unless steps were chosen by hand).
pub(crate) fn replay_hash(r: &RunReport, schedule: &str, code: Option<String>, timing: Option<interleave_engine::sim::Timing>) -> String {
    match interleave_engine::scenarios::find(&r.scenario) {
        Some(s) => {
            let fits = schedule.len() <= interleave_engine::contract::MAX_SCHEDULE_BYTES;
            let o = PageOptions {
                seed: r.seed,
                schedule: fits.then(|| schedule.to_string()),
                backend_given: true,
                code,
                timing,
                ..PageOptions::default()
            };
            to_hash(s, &r.params, &o)
        }
        None => "#/".to_string(),
    }
}

/// What the log shows of the run, in words that say how it was thinned.
pub(crate) fn log_caption(shown: usize, recorded: u64, emitted: u64) -> String {
    let (shown, recorded_text) = (shown.to_string(), thousands(recorded));
    if emitted > recorded {
        tf("ctl-log-caption-thinned", &[("shown", &shown), ("recorded", &recorded_text), ("emitted", &thousands(emitted))])
    } else {
        tf("ctl-log-caption", &[("shown", &shown), ("recorded", &recorded_text)])
    }
}

/// What the numbers of a finished spinner run say about the lesson.
pub(crate) fn verdict(r: &RunReport) -> String {
    if r.outcome != OutcomeKind::Completed {
        return String::new();
    }
    let gap = r.max_frame_gap_ms;
    if gap >= 1000.0 {
        tf("ctl-spinner-frozen", &[("seconds", &format!("{:.1}", gap / 1000.0))])
    } else if r.backend == Backend::Workers {
        tf("ctl-spinner-workers", &[("gap", &format!("{gap:.0}"))])
    } else {
        tf("ctl-spinner-eventloop", &[("gap", &format!("{gap:.0}"))])
    }
}

/// How a run ended in one word, in the page's language: the contract's own
/// word in English ("completed", "invariant-violated"), "完成" in Chinese
/// (`outcome-word-*`). A word not in the catalogue stays as it is.
pub(crate) fn outcome_word(word: &str) -> String {
    let key = format!("outcome-word-{word}");
    if interleave_engine::i18n::has(crate::i18n::lang(), &key) { t(&key).to_string() } else { word.to_string() }
}
