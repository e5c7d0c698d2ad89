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
