//! Words for what a run did: states, objects, verdicts, captions. Pure
//! functions of the report or the model, shared by the components.

use super::prelude::*;

pub(crate) fn state_text(model: &Model, st: &ActorState) -> String {
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

pub(crate) fn object_text(model: &Model, st: &ObjectState) -> String {
    interleave_engine::prims::describe(model, st)
}

/// Escapes text for a double-quoted HTML attribute in a snippet we write out.
pub(crate) fn html_attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A backend as the choosers name it: what it is, and why it cannot run
/// here when it cannot.
pub(crate) fn backend_label(word: &str, unavailable: Option<&str>) -> String {
    let name = Backend::parse(word).map(Backend::label).unwrap_or(word);
    match unavailable {
        Some(why) => format!("{name}: unavailable, {why}"),
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

/// A check's verdict in words: held, failed, or not judged (and why).
pub(crate) fn check_words(c: &interleave_engine::contract::CheckReport) -> String {
    if !c.judged {
        // The detail already says "not judged: the run ended as ...".
        format!("– {} ({})", c.detail, c.name)
    } else if c.held {
        format!("✓ passed: {} ({})", c.name, c.detail)
    } else {
        format!("✗ failed: {} ({})", c.name, c.detail)
    }
}

/// The link that replays a finished `sim` run step for step: with its
/// schedule when that fits in a link, else by its seed (the same seed gives
/// the same run, unless steps were chosen by hand).
pub(crate) fn replay_hash(r: &RunReport, schedule: &str) -> String {
    match interleave_engine::scenarios::find(&r.scenario) {
        Some(s) => {
            let fits = schedule.len() <= interleave_engine::contract::MAX_SCHEDULE_BYTES;
            let o = PageOptions {
                seed: r.seed,
                schedule: fits.then(|| schedule.to_string()),
                backend_given: true,
                ..PageOptions::default()
            };
            to_hash(s, &r.params, &o)
        }
        None => "#/".to_string(),
    }
}

/// What the log shows of the run, in words that say how it was thinned.
pub(crate) fn log_caption(shown: usize, recorded: u64, emitted: u64) -> String {
    let mut s = format!("Event log, newest first: the last {} of {} recorded events", shown, thousands(recorded));
    if emitted > recorded {
        s.push_str(&format!(
            " ({} emitted; the page records at most 8,192 a frame and leaves the rest out of the log and the timeline; the totals and final views are exact)",
            thousands(emitted)
        ));
    }
    s
}

/// What the numbers of a finished spinner run say about the lesson.
pub(crate) fn verdict(r: &RunReport) -> String {
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
