//! The wait-for graph, and the cycles in it that are deadlocks.
//!
//! Edges: an actor waits (with no timeout) for a mutex; a mutex is held by an
//! actor. Each actor waits for at most one object and each mutex has at most
//! one holder, so the graph is a functional one and finding a cycle is
//! following a chain. Semaphores, queues, events and barriers have no
//! holder: a cycle through them cannot be named soundly, so runtimes report
//! those deadlocks when every live actor is stuck (see [`crate::outcome::Outcome::Deadlock`]).
//!
//! The graph can be kept from the trace alone ([`WaitFor::observe`]), which
//! is how the threads runtime keeps it.

use crate::model::{ActorId, Model, ObjId};
use crate::outcome::WaitLink;
use crate::trace::{ActorState, EventKind};

/// Who waits for which mutex, and who holds it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct WaitFor {
    waits: Vec<Option<ObjId>>,
    /// Each object: whether it is a mutex, and its holder. (One list, not
    /// two: a search clones this at every step.)
    holders: Vec<(bool, Option<ActorId>)>,
}

impl WaitFor {
    pub fn new(model: &Model) -> Self {
        WaitFor {
            waits: vec![None; model.actors.len()],
            holders: model.objects.iter().map(|o| (o.kind.is_lock(), None)).collect(),
        }
    }

    /// An actor that appears during the run.
    pub fn add_actor(&mut self) {
        self.waits.push(None);
    }

    /// An object that appears during the run.
    pub fn add_object(&mut self, is_lock: bool) {
        self.holders.push((is_lock, None));
    }

    /// `actor` now waits, untimed, for `object` (or for nothing).
    pub fn set_waiting(&mut self, actor: ActorId, object: Option<ObjId>) {
        if let Some(w) = self.waits.get_mut(actor) {
            *w = object.filter(|&o| self.holders.get(o).is_some_and(|h| h.0));
        }
    }

    pub fn set_holder(&mut self, object: ObjId, holder: Option<ActorId>) {
        if let Some(h) = self.holders.get_mut(object) {
            h.1 = holder;
        }
    }

    /// Updates the graph from one trace event.
    pub fn observe(&mut self, kind: &EventKind) {
        match kind {
            EventKind::Actor { actor, state, .. } => {
                let w = match state {
                    ActorState::Blocked { object, timed: false } => Some(*object),
                    _ => None,
                };
                self.set_waiting(*actor, w);
            }
            EventKind::Object { object, state } => {
                if let Some(holder) = state.holder() {
                    self.set_holder(*object, holder)
                }
            }
            _ => {}
        }
    }

    /// A cycle, if there is one: links in order, starting at the lowest actor.
    pub fn find_cycle(&self, model: &Model) -> Option<Vec<WaitLink>> {
        let n = self.waits.len();
        for start in 0..n {
            // Follow the chain from `start` at most n steps.
            let mut path: Vec<(ActorId, ObjId, ActorId)> = Vec::new();
            let mut a = start;
            for _ in 0..=n {
                let Some(o) = self.waits[a] else { break };
                let Some(h) = self.holders.get(o).and_then(|h| h.1) else { break };
                path.push((a, o, h));
                if let Some(pos) = path.iter().position(|&(x, _, _)| x == h) {
                    let cyc = &path[pos..];
                    let low = cyc.iter().enumerate().min_by_key(|(_, l)| l.0).map(|(i, _)| i).unwrap_or(0);
                    let links = cyc[low..]
                        .iter()
                        .chain(cyc[..low].iter())
                        .map(|&(a, o, h)| WaitLink::new(model, a, o, Some(h)))
                        .collect();
                    return Some(links);
                }
                a = h;
            }
        }
        None
    }
}
