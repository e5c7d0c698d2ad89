//! Judging a finished run: the model's [`Check`](crate::model::Check)s,
//! evaluated on the final state (counter values, the answer) and on the
//! trace (the extremes each counter reached).

use crate::model::{CheckKind, Model, ObjId};
use crate::outcome::{Key, Outcome, Produced};
use crate::trace::Extremes;

/// The first check that fails, as an [`Outcome::InvariantViolated`].
/// `counter` gives final values, `extremes` the range each counter covered
/// during the run (from the trace, or kept by the runtime), `produced` the
/// values actors produced, in order.
/// How a run has ended, if it has: written once for every runtime. A
/// failure (the program misused something, or panicked) comes first; then a
/// run whose actors have all returned is judged by its checks (`checks`
/// runs [`evaluate`]); then a deadlock, if the runtime sees one (`deadlock`:
/// a cycle of the wait-for graph, or everyone stuck).
pub fn verdict(
    failure: Option<&str>,
    all_returned: bool,
    checks: impl FnOnce() -> Option<Outcome>,
    deadlock: impl FnOnce() -> Option<Vec<crate::outcome::WaitLink>>,
) -> Option<Outcome> {
    if let Some(message) = failure {
        return Some(Outcome::Failed { message: message.to_string() });
    }
    if all_returned {
        return Some(checks().unwrap_or(Outcome::Completed));
    }
    deadlock().map(|cycle| Outcome::Deadlock { cycle })
}

pub fn evaluate(
    model: &Model,
    counter: &dyn Fn(ObjId) -> Option<i64>,
    extremes: &dyn Fn(ObjId) -> Option<Extremes>,
    answer: Option<i64>,
    produced: &[Produced],
) -> Option<Outcome> {
    for c in &model.checks {
        let detail = match &c.kind {
            CheckKind::NoLostUpdates { counter: o, expected } => match counter(*o) {
                Some(v) if v == *expected => None,
                Some(v) => Some(format!(
                    "expected {expected}, got {v}: {} updates lost",
                    expected - v
                )),
                None => Some(format!("{} is not a counter", model.object_name(*o))),
            },
            CheckKind::ProducedOnce { labels, values } => produced_once(labels, values, produced),
            CheckKind::LabelsOnce { labels } => labels_once(labels, produced),
            CheckKind::ProducedInOrder { label, group } => in_order(label, *group, produced),
            CheckKind::RateBound { label, rate, burst } => rate_bound(label, *rate, *burst, produced),
            other => simple(model, other.clone(), counter, extremes, answer),
        };
        if let Some(detail) = detail {
            return Some(Outcome::InvariantViolated { check: c.name.clone(), detail });
        }
    }
    None
}

fn simple(
    model: &Model,
    kind: CheckKind,
    counter: &dyn Fn(ObjId) -> Option<i64>,
    extremes: &dyn Fn(ObjId) -> Option<Extremes>,
    answer: Option<i64>,
) -> Option<String> {
    {
        match kind {
            CheckKind::CounterEquals { counter: o, expected } => match counter(o) {
                Some(v) if v == expected => None,
                Some(v) => Some(format!("{} ended at {v}, expected {expected}", model.object_name(o))),
                None => Some(format!("{} is not a counter", model.object_name(o))),
            },
            CheckKind::CounterStayedWithin { counter: o, min, max } => match extremes(o) {
                Some(x) if x.min >= min && x.max <= max => None,
                Some(x) => Some(format!(
                    "{} went from {} to {}, outside {min}..={max}",
                    model.object_name(o),
                    x.min,
                    x.max
                )),
                None => Some(format!("{} is not a counter", model.object_name(o))),
            },
            CheckKind::AnswerEquals { expected } => match answer {
                Some(v) if v == expected => None,
                Some(v) => Some(format!("the answer was {v}, expected {expected}")),
                None => Some("no answer was given".to_string()),
            },
            _ => None,
        }
    }
}

fn produced_once(labels: &[Key], values: &[i64], produced: &[Produced]) -> Option<String> {
    use std::collections::BTreeMap;
    let mut want: BTreeMap<i64, i64> = BTreeMap::new();
    for v in values {
        *want.entry(*v).or_default() += 1;
    }
    let mut got: BTreeMap<i64, i64> = BTreeMap::new();
    for p in produced.iter().filter(|p| labels.contains(&p.key)) {
        *got.entry(p.value).or_default() += 1;
    }
    let missing: Vec<i64> = want.iter().filter(|(v, n)| got.get(v).copied().unwrap_or(0) < **n).map(|(v, _)| *v).collect();
    let twice: Vec<i64> = got.iter().filter(|(v, n)| **n > want.get(v).copied().unwrap_or(0)).map(|(v, _)| *v).collect();
    if missing.is_empty() && twice.is_empty() {
        return None;
    }
    let list = |v: &[i64]| v.iter().take(8).map(|x| x.to_string()).collect::<Vec<_>>().join(", ");
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("{} never reported ({})", missing.len(), list(&missing)));
    }
    if !twice.is_empty() {
        parts.push(format!("{} reported twice or unexpected ({})", twice.len(), list(&twice)));
    }
    Some(format!("of {} expected: {}", values.len(), parts.join("; ")))
}

fn labels_once(labels: &[Key], produced: &[Produced]) -> Option<String> {
    let bad: Vec<String> = labels
        .iter()
        .filter_map(|l| {
            let n = produced.iter().filter(|p| &p.key == l).count();
            (n != 1).then(|| format!("{l} {n} times"))
        })
        .collect();
    if bad.is_empty() {
        None
    } else {
        Some(format!("{} of {}: {}", bad.len(), labels.len(), bad.into_iter().take(6).collect::<Vec<_>>().join(", ")))
    }
}

fn in_order(label: &Key, group: i64, produced: &[Produced]) -> Option<String> {
    let group = group.max(1);
    let mut last: std::collections::BTreeMap<i64, i64> = Default::default();
    for p in produced.iter().filter(|p| &p.key == label) {
        let g = p.value.div_euclid(group);
        if let Some(&prev) = last.get(&g) {
            if p.value < prev {
                return Some(format!("{} left after {prev}", p.value));
            }
        }
        last.insert(g, p.value);
    }
    None
}

fn rate_bound(label: &Key, rate: u32, burst: u32, produced: &[Produced]) -> Option<String> {
    let mut t: Vec<i64> = produced.iter().filter(|p| &p.key == label).map(|p| p.value).collect();
    t.sort_unstable();
    for i in 0..t.len() {
        for j in i..t.len() {
            let window_us = (t[j] - t[i]) as f64 + 2.0;
            let bound = burst as f64 + rate as f64 * window_us / 1e6 + 1e-6;
            let n = (j - i + 1) as f64;
            if n > bound {
                return Some(format!(
                    "{} admitted within {:.1} ms, more than {burst} + {rate}/s × the window allows",
                    j - i + 1,
                    (t[j] - t[i]) as f64 / 1000.0
                ));
            }
        }
    }
    None
}
