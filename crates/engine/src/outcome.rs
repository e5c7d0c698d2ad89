//! How a run ended, as a value: never a panic.
//!
//! [`Outcome`] is what every runtime returns; [`RunResult`] adds what the run
//! produced (the answer, kernel results, final counters) and the trace's
//! totals, and turns into the contract's [`RunReport`].

use crate::contract::{ActorReport, CheckReport, OutcomeKind, RunReport};
use crate::model::{ActorId, Kernel, Label, Model, ObjId};
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
    /// The actor waits in a queue's `join()` (for its items to be marked
    /// done, not for an item or a free place).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub joining: bool,
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
            joining: false,
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

    /// A sentence for a person (None when the run simply completed), in
    /// English: the contract's `message`.
    pub fn message(&self) -> Option<String> {
        self.message_in(crate::i18n::Lang::En)
    }

    /// [`Outcome::message`] in `lang`, for the page (the names in it are
    /// the program's own).
    pub fn message_in(&self, lang: crate::i18n::Lang) -> Option<String> {
        use crate::i18n::{format as tf, text};
        match self {
            Outcome::Completed => None,
            Outcome::Deadlock { cycle } if is_lost_wakeup(cycle) => {
                let waiting: Vec<&WaitLink> = cycle.iter().filter(|l| !is_join_on(l, cycle)).collect();
                let joining: Vec<&str> = cycle.iter().filter(|l| is_join_on(l, cycle)).map(|l| l.actor_name.as_str()).collect();
                let names: Vec<&str> = waiting.iter().map(|l| l.actor_name.as_str()).collect();
                let mut conds: Vec<&str> = waiting.iter().map(|l| l.object_name.as_str()).collect();
                conds.dedup();
                let list = text(lang, "outcome-list-sep");
                let joins = if joining.is_empty() {
                    String::new()
                } else {
                    tf(lang, "outcome-lost-wakeup-joins", &[("joining", &joining.join(list))])
                };
                Some(tf(lang, "outcome-lost-wakeup", &[("names", &names.join(list)), ("conditions", &conds.join(list)), ("joins", &joins)]))
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
                            tf(lang, "outcome-waits-held", &[("actor", &l.actor_name), ("object", &l.object_name), ("holder", &holder)])
                        }
                        None if l.joining => tf(lang, "outcome-waits-join", &[("actor", &l.actor_name), ("queue", &l.object_name)]),
                        None => tf(lang, "outcome-waits-on", &[("actor", &l.actor_name), ("object", &l.object_name)]),
                    })
                    .collect();
                Some(tf(lang, "outcome-deadlock", &[("links", &parts.join(text(lang, "outcome-clause-sep")))]))
            }
            Outcome::InvariantViolated { check, detail } => {
                Some(tf(lang, "outcome-invariant", &[("check", &crate::i18n::said(lang, check)), ("detail", &crate::i18n::said(lang, detail))]))
            }
            Outcome::Cancelled => Some(text(lang, "outcome-cancelled").to_string()),
            Outcome::Failed { message } => Some(crate::i18n::said(lang, message)),
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
    links.iter().any(|l| l.object_kind == "condvar")
        && links.iter().all(|l| (l.object_kind == "condvar" && l.held_by.is_none()) || is_join_on(l, links))
}

/// Whether `l` is a program's `join` on a thread that is itself stuck in
/// `links` (it waits on that thread's end, the event `"<thread> ended"`).
fn is_join_on(l: &WaitLink, links: &[WaitLink]) -> bool {
    l.object_kind == "event"
        && l.object_name.strip_suffix(crate::py::vm::THREAD_END).is_some_and(|t| links.iter().any(|m| m.actor_name == t && m.actor != l.actor))
}

/// What a produced value is: the typed key every producer writes and every
/// reader matches on. Its text ([`Key`]'s `Display`, the `label` of a
/// [`Produced`] and of a trace event) is what reports and digests carry; it
/// is parsed back only where a report comes in from outside (JSON).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub enum Key {
    /// The scenario's answer: `answer`.
    Answer,
    /// A kernel's result: `is_prime(n)` (1 or 0), `sum_of_squares(n)`.
    Kernel(Kernel),
    /// How long `is_prime(n)` took from its first slice to its answer, in
    /// microseconds: `is_prime(n) us`.
    PrimeMicros(u64),
    /// A barrier's generation `gen` (1-based) tripped; how long its first
    /// arrival waited, in ms: `barrier 1 wait_ms`.
    BarrierWait { barrier: String, gen: u64 },
    /// A request a token bucket admitted, at its time in µs: `admitted`.
    Admitted,
    /// An item consumed, a job processed or failed: `consumed`, ...
    Item(Label),
    /// A label this version does not know (from a report made elsewhere).
    Other(String),
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Answer => f.write_str("answer"),
            Key::Kernel(k) => f.write_str(&k.label()),
            Key::PrimeMicros(n) => write!(f, "is_prime({n}) us"),
            Key::BarrierWait { barrier, gen } => write!(f, "{barrier} {gen} wait_ms"),
            Key::Admitted => f.write_str("admitted"),
            Key::Item(l) => f.write_str(l.word()),
            Key::Other(s) => f.write_str(s),
        }
    }
}

impl From<Key> for String {
    fn from(k: Key) -> String {
        k.to_string()
    }
}

impl From<String> for Key {
    /// The inverse of `Display` (tested on every kind), for reports read
    /// back from JSON.
    fn from(s: String) -> Key {
        let num = |t: &str| t.parse::<u64>().ok();
        let kernel = |t: &str| -> Option<Kernel> {
            if let Some(n) = t.strip_prefix("is_prime(").and_then(|r| r.strip_suffix(')')).and_then(num) {
                return Some(Kernel::IsPrime { n });
            }
            let n = t.strip_prefix("sum_of_squares(").and_then(|r| r.strip_suffix(')')).and_then(num)?;
            Some(Kernel::SumOfSquares { n })
        };
        match s.as_str() {
            "answer" => return Key::Answer,
            "admitted" => return Key::Admitted,
            "consumed" => return Key::Item(Label::Consumed),
            "processed" => return Key::Item(Label::Processed),
            "failed" => return Key::Item(Label::Failed),
            _ => {}
        }
        if let Some(k) = kernel(&s) {
            return Key::Kernel(k);
        }
        if let Some(n) = s.strip_suffix(" us").and_then(kernel) {
            if let Kernel::IsPrime { n } = n {
                return Key::PrimeMicros(n);
            }
        }
        if let Some(rest) = s.strip_suffix(" wait_ms") {
            if let Some((barrier, gen)) = rest.rsplit_once(' ') {
                if let Some(gen) = num(gen) {
                    return Key::BarrierWait { barrier: barrier.to_string(), gen };
                }
            }
        }
        Key::Other(s)
    }
}

impl From<&str> for Key {
    fn from(s: &str) -> Key {
        Key::from(s.to_string())
    }
}

/// A value an actor produced.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "ProducedText", into = "ProducedText")]
pub struct Produced {
    pub actor: ActorId,
    /// What it is.
    pub key: Key,
    /// The key's text, as reports and the trace carry it.
    pub label: String,
    pub value: i64,
}

impl Produced {
    pub fn new(actor: ActorId, key: Key, value: i64) -> Self {
        Produced { actor, label: key.to_string(), key, value }
    }
}

/// A produced value as JSON carries it.
#[derive(Clone, Serialize, Deserialize)]
struct ProducedText {
    actor: ActorId,
    label: String,
    value: i64,
}

impl From<ProducedText> for Produced {
    fn from(p: ProducedText) -> Self {
        Produced { actor: p.actor, key: Key::from(p.label.clone()), label: p.label, value: p.value }
    }
}

impl From<Produced> for ProducedText {
    fn from(p: Produced) -> Self {
        ProducedText { actor: p.actor, label: p.label, value: p.value }
    }
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
        r.ended = Some(self.outcome.clone());
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
                pid: model.actor_pid(i),
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

#[cfg(test)]
mod key_tests {
    use super::*;

    #[test]
    fn every_key_reads_back_from_its_own_text() {
        let keys = [
            Key::Answer,
            Key::Kernel(Kernel::IsPrime { n: 1_000_003 }),
            Key::Kernel(Kernel::SumOfSquares { n: 7 }),
            Key::PrimeMicros(1_000_003),
            Key::BarrierWait { barrier: "phase barrier".into(), gen: 3 },
            Key::Admitted,
            Key::Item(Label::Consumed),
            Key::Item(Label::Processed),
            Key::Item(Label::Failed),
            Key::Other("something else".into()),
        ];
        for k in keys {
            assert_eq!(Key::from(k.to_string()), k, "{k}");
        }
        // The texts reports and digests carry are the ones they always were.
        assert_eq!(Key::PrimeMicros(11).to_string(), "is_prime(11) us");
        assert_eq!(Key::BarrierWait { barrier: "barrier".into(), gen: 1 }.to_string(), "barrier 1 wait_ms");
        let p = Produced::new(2, Key::Kernel(Kernel::IsPrime { n: 5 }), 1);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, r#"{"actor":2,"label":"is_prime(5)","value":1}"#);
        assert_eq!(serde_json::from_str::<Produced>(&json).unwrap(), p);
    }
}
