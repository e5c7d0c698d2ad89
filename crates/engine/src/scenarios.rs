//! The catalogue of scenarios: each one a lesson from the course material
//! (`shared/seeds/`), with its parameters.

use crate::params::{Default, ParamKind, ParamSpec};

/// A scenario as the gallery and the URL know it.
#[derive(Debug, PartialEq, Eq)]
pub struct Scenario {
    /// The id used in the URL (`#/<id>`): part of the automation contract.
    pub id: &'static str,
    pub title: &'static str,
    /// One line for the gallery.
    pub summary: &'static str,
    /// The lesson in plain words: the claim it makes visible and where it comes from.
    pub lesson: &'static str,
    pub params: &'static [ParamSpec],
}

/// The backends a scenario can run on, as `backend=` spells them.
pub const BACKEND: &str = "backend";
/// Every backend, in the order the page offers them.
pub const BACKENDS: &[&str] = &["workers", "eventloop", "sim"];

/// The `backend` parameter, the first of every scenario's parameters.
pub const BACKEND_SPEC: ParamSpec = ParamSpec {
    name: BACKEND,
    label: "Runs on",
    help: "workers: real threads of the Web Worker pool; eventloop: tasks on the page's own JS event loop; \
           sim: step by step on a deterministic scheduler (the same seed gives the same run)",
    kind: ParamKind::Choice(BACKENDS),
    default: Default::Word("workers"),
};

pub static SPINNER: Scenario = Scenario {
    id: "spinner",
    title: "The spinner",
    summary: "A spinner turns while slow() computes for 3 s, unless the work blocks the event loop.",
    lesson: "Fluent Python's first concurrency example (seed 002 §19.2, seed 000 §2): a spinner \
             animates while slow() works for about 3 s, then the page prints Answer: 42. On a Web \
             Worker the main thread stays free and the spinner keeps turning. On the event loop, \
             awaiting a timer (asyncio.sleep) keeps it turning too, but CPU work run inside the loop \
             (time.sleep inside a coroutine) blocks everything: the spinner freezes until the work is done.",
    params: &[
        BACKEND_SPEC,
        ParamSpec {
            name: "slow",
            label: "slow() does",
            help: "work: 3 s of real CPU work (like a computation, or time.sleep in a coroutine); \
                   sleep: waits 3 s without using the CPU (like asyncio.sleep or I/O)",
            kind: ParamKind::Choice(&["work", "sleep"]),
            default: Default::Word("work"),
        },
    ],
};

/// Every scenario, in gallery order.
pub static CATALOG: &[&Scenario] = &[&SPINNER];

/// The scenario with this id, if there is one.
pub fn find(id: &str) -> Option<&'static Scenario> {
    CATALOG.iter().copied().find(|s| s.id == id)
}

/// The most actors any scenario may have. Blocked actors hold a thread of
/// the browser's pool, so the pool is sized from this, not from the cores.
pub const MAX_ACTORS: usize = 16;

/// How long the spinner's `slow()` takes, in milliseconds (the seeds' 3 s).
pub const SPINNER_SLOW_MS: f64 = 3000.0;
/// What `slow()` returns.
pub const SPINNER_ANSWER: i64 = 42;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_url_safe() {
        for (i, s) in CATALOG.iter().enumerate() {
            assert!(s.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", s.id);
            assert!(CATALOG[i + 1..].iter().all(|t| t.id != s.id), "duplicate id {}", s.id);
        }
    }

    #[test]
    fn every_default_is_valid_for_its_own_spec() {
        for s in CATALOG {
            for p in s.params {
                let raw = crate::params::Value::from(p.default).to_string();
                assert!(p.validate(&raw).is_ok(), "{}.{} default {raw}", s.id, p.name);
            }
        }
    }
}
