//! Helpers shared by the litmus tests.
#![allow(dead_code)]

use interleave_engine::contract::OutcomeKind;
use interleave_engine::lessons::build_from_pairs;
use interleave_engine::model::Model;
use interleave_engine::outcome::RunResult;
use interleave_engine::sim::simulate;
use std::collections::BTreeSet;

/// The model of a lesson with these parameters. Besides the catalogue's
/// parameters it understands a few knobs only tests turn (through the
/// public builders): `hold`, `rounds` (deadlock), `pause=none` (race),
/// `pairs` (a buffer without production or consumption time), `numbers=small`.
pub fn lesson(id: &str, pairs: &[(&str, &str)]) -> Model {
    use interleave_engine::lessons;
    let get = |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
    let num = |k: &str, d: u32| get(k).map(|v| v.parse::<u32>().unwrap()).unwrap_or(d);
    match id {
        "deadlock" if get("hold").is_some() || get("rounds").is_some() => lessons::deadlock(
            num("philosophers", 2),
            get("strategy").unwrap_or("naive"),
            num("hold", lessons::DEADLOCK_HOLD_MS),
            num("rounds", 1),
        )
        .unwrap(),
        "race" if get("pause") == Some("none") => {
            lessons::race_with(get("mode").unwrap_or("unsafe"), num("threads", 4), num("increments", 1000), None)
                .unwrap()
        }
        "bounded-buffer" if get("pairs").is_some() => lessons::bounded_buffer(&lessons::BufferConfig {
            producers: num("pairs", 2),
            consumers: num("pairs", 2),
            capacity: num("capacity", 3),
            items: num("items", 5),
            produce_ms: 0,
            consume_ms: 0,
            notify_all: get("wakeup") != Some("notify_one"),
        })
        .unwrap(),
        "primes" if get("numbers") == Some("small") => {
            lessons::primes(num("workers", 4), get("gil") == Some("on"), &small_numbers()).unwrap()
        }
        _ => build_from_pairs(id, pairs).expect("the lesson builds"),
    }
}

/// The lessons that have a model built in Rust (`registry::MODELS`): the
/// tests of the model runtimes run these. A lesson added since the lessons
/// became programs (`gather`) has none; its program is tested in `py_run`.
pub fn built_ids() -> impl Iterator<Item = &'static str> {
    interleave_engine::registry::MODELS.iter().map(|b| b.scenario.id)
}

/// Twenty seven-digit numbers (instant to check), for quick primes tests.
pub fn small_numbers() -> Vec<u64> {
    (0..20).map(|i| 1_000_001 + 2 * i).collect()
}

/// Every result over seeds `0..n`.
pub fn runs(model: &Model, n: u64) -> impl Iterator<Item = RunResult> + '_ {
    (0..n).map(move |seed| simulate(model, seed))
}

/// The set of outcome kinds over seeds `0..n`.
pub fn outcome_kinds(model: &Model, n: u64) -> BTreeSet<String> {
    runs(model, n).map(|r| kind_name(r.outcome.kind())).collect()
}

pub fn kind_name(k: OutcomeKind) -> String {
    serde_json::to_value(k).unwrap().as_str().unwrap().to_string()
}

pub fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The set of outcome kinds of `n` runs on real threads.
pub fn threads_outcomes(model: &Model, n: usize) -> BTreeSet<String> {
    (0..n).map(|_| kind_name(on_threads(model).outcome.kind())).collect()
}

/// One run on real std threads with the default configuration.
pub fn on_threads(model: &Model) -> RunResult {
    use interleave_engine::threads::{run_native, ThreadsConfig};
    run_native(model, ThreadsConfig::default(), interleave_engine::cancel::CancelToken::new())
}

/// Parameters that keep a lesson quick in a debug build (the primes lesson's
/// fixture takes seconds of real CPU).
pub fn quick(id: &str) -> Vec<(&'static str, &'static str)> {
    match id {
        "primes" => vec![("numbers", "small")],
        "bounded-buffer" => vec![("produce_ms", "10"), ("consume_ms", "20")],
        // Short enough that its printed schedule stays well inside a link's limit.
        "race" => vec![("increments", "500")],
        _ => vec![],
    }
}

/// A program from its text on real std threads with the default configuration.
pub fn program_on_threads(src: &str) -> RunResult {
    use interleave_engine::py::{self, vm::World};
    use interleave_engine::threads::{run_native_program, ThreadsConfig};
    let world = World::new(py::compile(src).unwrap(), &[], 0);
    run_native_program("program", world, ThreadsConfig::default(), interleave_engine::cancel::CancelToken::new())
}

/// A program from its text on the event loop (a fake timer; each read of
/// the clock moves it by a microsecond): its result and its output.
pub fn program_on_loop(src: &str) -> (RunResult, String) {
    let (r, run) = crate::eventloop::drive_source("program", src, &[], 0.001);
    let out: String = run.output().iter().map(|o| o.text.as_str()).collect();
    (r, out)
}
