//! Helpers shared by the litmus tests.
#![allow(dead_code)]

use interleave_engine::contract::OutcomeKind;
use interleave_engine::lessons::build_from_pairs;
use interleave_engine::model::Model;
use interleave_engine::outcome::RunResult;
use interleave_engine::sim::simulate;
use std::collections::BTreeSet;

/// The model of a lesson with these parameters.
pub fn lesson(id: &str, pairs: &[(&str, &str)]) -> Model {
    build_from_pairs(id, pairs).expect("the lesson builds")
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
        _ => vec![],
    }
}
