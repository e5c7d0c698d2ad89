//! Judging a finished run: the model's [`Check`](crate::model::Check)s,
//! evaluated on the final state (counter values, the answer) and on the
//! trace (the extremes each counter reached).

use crate::model::{CheckKind, Model, ObjId};
use crate::outcome::Outcome;
use crate::trace::Extremes;

/// The first check that fails, as an [`Outcome::InvariantViolated`].
/// `counter` gives final values, `extremes` the range each counter covered
/// during the run (from the trace, or kept by the runtime).
pub fn evaluate(
    model: &Model,
    counter: &dyn Fn(ObjId) -> Option<i64>,
    extremes: &dyn Fn(ObjId) -> Option<Extremes>,
    answer: Option<i64>,
) -> Option<Outcome> {
    for c in &model.checks {
        let detail = match c.kind {
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
        };
        if let Some(detail) = detail {
            return Some(Outcome::InvariantViolated { check: c.name.clone(), detail });
        }
    }
    None
}
