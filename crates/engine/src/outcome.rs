//! How a run ended, as a value: never a panic.
//!
//! [`Outcome`] is what every runtime returns; [`RunResult`] adds what the run
//! produced (the answer, kernel results, final counters) and the trace's
//! totals, and turns into the contract's [`RunReport`].

use crate::contract::{ActorReport, CheckReport, OutcomeKind, RunReport};
use crate::model::{ActorId, Model, ObjId};
use crate::params::{Params, Value};
use crate::trace::TraceSummary;
use serde::{Deserialize, Serialize};

/// One link of a wait-for cycle: `actor` waits for `object`, held by `held_by`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitLink {
    pub actor: ActorId,
    pub actor_name: String,
    pub object: ObjId,
    pub object_name: String,
    /// The actor holding `object` (the next link's actor in a cycle), if
    /// the object has a holder (mutexes do; semaphores and queues do not).
    pub held_by: Option<ActorId>,
    /// What the object is ("mutex", "condvar", ...: [`crate::model::ObjectKind::word`]).
    #[serde(default)]
    pub object_kind: String,
}

impl WaitLink {
    pub fn new(model: &Model, actor: ActorId, object: ObjId, held_by: Option<ActorId>) -> Self {
        WaitLink {
            actor,
            actor_name: model.actor_name(actor).to_string(),
            object,
            object_name: model.object_name(object).to_string(),
            held_by,
            object_kind: model.objects.get(object).map(|o| o.kind.word()).unwrap_or("").to_string(),
        }
    }
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    Completed,
    /// Actors wait for each other forever. `cycle` lists the links in order
    /// (each actor waits for an object held by the next). When every live
    /// actor is stuck without a cycle (a consumer waiting on a queue nobody
    /// fills), it lists each stuck actor and its object, with `held_by` empty.
    Deadlock { cycle: Vec<WaitLink> },
    InvariantViolated { check: String, detail: String },
    Cancelled,
    Failed { message: String },
}

impl Outcome {
    pub fn kind(&self) -> OutcomeKind {
        match self {
            Outcome::Completed => OutcomeKind::Completed,
            Outcome::Deadlock { .. } => OutcomeKind::Deadlock,
            Outcome::InvariantViolated { .. } => OutcomeKind::InvariantViolated,
            Outcome::Cancelled => OutcomeKind::Cancelled,
            Outcome::Failed { .. } => OutcomeKind::Failed,
        }
    }

    /// A sentence for a person (None when the run simply completed).
    pub fn message(&self) -> Option<String> {
        match self {
            Outcome::Completed => None,
            Outcome::Deadlock { cycle } if is_lost_wakeup(cycle) => {
                let names: Vec<&str> = cycle.iter().map(|l| l.actor_name.as_str()).collect();
                let mut conds: Vec<&str> = cycle.iter().map(|l| l.object_name.as_str()).collect();
                conds.dedup();
                Some(format!(
                    "lost wake-up: {} all wait on {}, and nobody is left to notify it (a notify() woke \
                     an actor that could not go on, which went back to waiting, and the one that \
                     could was never woken)",
                    names.join(", "),
                    conds.join(", ")
                ))
            }
            Outcome::Deadlock { cycle } => {
                let parts: Vec<String> = cycle
                    .iter()
                    .map(|l| match l.held_by {
                        Some(h) => {
                            let holder = cycle
                                .iter()
                                .find(|m| m.actor == h)
                                .map(|m| m.actor_name.clone())
                                .unwrap_or_else(|| format!("actor {h}"));
                            format!("{} waits for {}, held by {holder}", l.actor_name, l.object_name)
                        }
                        None => format!("{} waits on {}", l.actor_name, l.object_name),
                    })
                    .collect();
                Some(format!("deadlock: {}", parts.join("; ")))
            }
            Outcome::InvariantViolated { check, detail } => Some(format!("{check}: {detail}")),
            Outcome::Cancelled => Some("the run was stopped".into()),
            Outcome::Failed { message } => Some(message.clone()),
        }
    }

    /// The actors in a deadlock, in cycle order (empty otherwise).
    pub fn deadlocked_actors(&self) -> Vec<ActorId> {
        match self {
            Outcome::Deadlock { cycle } => cycle.iter().map(|l| l.actor).collect(),
            _ => vec![],
        }
    }
}

/// Every stuck actor waits on a condition variable: nobody holds anything
/// they need, yet nobody will ever call `notify` again.
pub fn is_lost_wakeup(links: &[WaitLink]) -> bool {
    !links.is_empty() && links.iter().all(|l| l.object_kind == "condvar" && l.held_by.is_none())
}

/// A value an actor produced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Produced {
    pub actor: ActorId,
    pub label: String,
    pub value: i64,
}

/// Everything a finished run returns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    pub outcome: Outcome,
    /// The scenario's answer (`Answer: 42`), if an actor gave one.
    pub answer: Option<i64>,
    /// Kernel results and answers, in the order produced.
    pub produced: Vec<Produced>,
    /// Final value of every counter, by name, in declaration order.
    pub counters: Vec<(String, i64)>,
    pub summary: TraceSummary,
    /// The schedule taken, printable (the simulator only).
    pub schedule: Option<String>,
}

impl RunResult {
    /// The final value of the counter called `name`.
    pub fn counter(&self, name: &str) -> Option<i64> {
        self.counters.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
    }

    /// The contract's report of this run of `model`.
    pub fn report(
        &self,
        model: &Model,
        scenario: &str,
        backend: crate::scenarios::Backend,
        params: &Params,
        wall_ms: f64,
        max_frame_gap_ms: f64,
    ) -> RunReport {
        let mut r = RunReport::new(scenario, backend, params, self.outcome.kind(), self.outcome.message());
        r.wall_ms = wall_ms;
        r.max_frame_gap_ms = max_frame_gap_ms;
        r.result = self.answer.map(Value::Int);
        r.actors = self
            .summary
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| ActorReport {
                name: model.actor_name(i).to_string(),
                busy_ms: a.busy_ms,
                blocked_ms: a.blocked_ms,
                waiting_ms: a.waiting_ms,
                sleeping_ms: a.sleeping_ms,
                ready_ms: a.ready_ms,
                steps: None,
            })
            .collect();
        r.check = self.check_report(model);
        if let Outcome::Deadlock { cycle } = &self.outcome {
            r.deadlock_cycle = Some(cycle.iter().flat_map(|l| [l.actor_name.clone(), l.object_name.clone()]).collect());
        }
        if self.schedule.is_some() {
            r.schedule = self.schedule.clone();
            r.trace_digest = Some(self.summary.digest.clone());
        }
        r
    }

    /// Whether the model's checks held. A run that did not complete was not judged.
    pub fn check_report(&self, model: &Model) -> Option<CheckReport> {
        if model.checks.is_empty() {
            return None;
        }
        let names = model.checks.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join("; ");
        Some(match &self.outcome {
            Outcome::InvariantViolated { check, detail } => {
                CheckReport { name: check.clone(), held: false, detail: detail.clone(), judged: true }
            }
            Outcome::Completed => CheckReport {
                name: names,
                held: true,
                detail: match model.checks.len() {
                    1 => "it held".to_string(),
                    n => format!("all {n} checks held"),
                },
                judged: true,
            },
            other => CheckReport {
                name: names,
                held: false,
                detail: format!("not judged: the run ended as {}", other.message().unwrap_or_default()),
                judged: false,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_map_to_the_contract_and_serialise_tagged() {
        let o = Outcome::InvariantViolated { check: "no increment is lost".into(), detail: "n ended at 7".into() };
        assert_eq!(o.kind(), OutcomeKind::InvariantViolated);
        assert_eq!(o.message().unwrap(), "no increment is lost: n ended at 7");
        let v = serde_json::to_value(&o).unwrap();
        assert_eq!(v["kind"], "invariant-violated");
        assert_eq!(Outcome::Completed.kind(), OutcomeKind::Completed);
        assert_eq!(Outcome::Cancelled.kind(), OutcomeKind::Cancelled);
        assert_eq!(Outcome::Completed.message(), None);
    }
}
