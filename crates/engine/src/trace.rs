//! One trace vocabulary for every runtime.
//!
//! Runtimes describe what happens as [`EventKind`]s: an actor changed state
//! or line, an object changed state, an actor produced a value. A [`Trace`]
//! timestamps and numbers them, keeps a bounded window of the most recent
//! ones (a ring), keeps running aggregates (time each actor spent busy,
//! blocked, waiting and sleeping; operations; the latest state of every
//! actor and object; each counter's extremes), and folds every event into a
//! stable digest, so memory stays bounded on long runs while the digest
//! still covers events that fell out of the window.

use crate::digest::Fnv64;
use crate::model::{ActorId, Model, ObjId, ObjectKind};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Events kept in the window unless a runtime says otherwise.
pub const DEFAULT_WINDOW: usize = 4096;

/// What an actor is doing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum ActorState {
    /// Not started yet.
    Idle,
    /// On its line, able to go on (holding a CPU, or ready to).
    Running,
    /// Burning the CPU (`work`).
    Working,
    /// Waiting without the CPU (`sleep`, I/O).
    Sleeping,
    /// Contending for an object (a lock, a permit, room in or an item from a
    /// queue); `timed` when the wait has a timeout (it cannot deadlock).
    Blocked { object: ObjId, timed: bool },
    /// Waiting to be told (a condition variable, an event, a barrier).
    Waiting { object: ObjId, timed: bool },
    Done,
    Failed { message: String },
}

impl ActorState {
    pub fn is_finished(&self) -> bool {
        matches!(self, ActorState::Done | ActorState::Failed { .. })
    }
}

/// The visible state of a shared object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ObjectState {
    Mutex { holder: Option<ActorId>, waiters: Vec<ActorId> },
    /// A re-entrant lock: its holder and how many times it acquired it.
    #[serde(rename = "rlock")]
    RLock { holder: Option<ActorId>, depth: u32, waiters: Vec<ActorId> },
    Condvar { waiters: Vec<ActorId> },
    Semaphore { permits: i64, waiters: Vec<ActorId> },
    Barrier { arrived: u32, parties: u32, generation: u64 },
    Queue { len: u32, capacity: u32 },
    Event { set: bool },
    Counter { value: i64 },
    /// Tokens in thousandths (as of the last take) and the bucket's size.
    TokenBucket { milli_tokens: i64, burst: u32 },
}

impl ObjectState {
    /// A lock's holder: `Some(holder)` for a lock, `None` for any other object.
    pub fn holder(&self) -> Option<Option<ActorId>> {
        match self {
            ObjectState::Mutex { holder, .. } | ObjectState::RLock { holder, .. } => Some(*holder),
            _ => None,
        }
    }

    /// The state of a freshly declared object.
    pub fn initial(kind: &ObjectKind) -> ObjectState {
        match *kind {
            ObjectKind::Mutex => ObjectState::Mutex { holder: None, waiters: vec![] },
            ObjectKind::RLock => ObjectState::RLock { holder: None, depth: 0, waiters: vec![] },
            ObjectKind::BoundedSemaphore { permits } => {
                ObjectState::Semaphore { permits: permits as i64, waiters: vec![] }
            }
            ObjectKind::Condvar { .. } => ObjectState::Condvar { waiters: vec![] },
            ObjectKind::Semaphore { permits } => ObjectState::Semaphore { permits: permits as i64, waiters: vec![] },
            ObjectKind::Barrier { parties } => ObjectState::Barrier { arrived: 0, parties, generation: 0 },
            ObjectKind::Queue { capacity } => ObjectState::Queue { len: 0, capacity },
            ObjectKind::Event => ObjectState::Event { set: false },
            ObjectKind::Counter { initial } => ObjectState::Counter { value: initial },
            ObjectKind::TokenBucket { burst, .. } => ObjectState::TokenBucket { milli_tokens: burst as i64 * 1000, burst },
        }
    }
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum EventKind {
    /// An actor's state or current line (0: no line) changed.
    Actor { actor: ActorId, state: ActorState, line: u32 },
    Object { object: ObjId, state: ObjectState },
    /// A value an actor produced: a kernel's result, the scenario's answer.
    Value { actor: ActorId, label: String, value: i64 },
}

/// A numbered, timestamped event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub seq: u64,
    /// Milliseconds since the run started (virtual time in the simulator).
    pub t_ms: f64,
    #[serde(flatten)]
    pub kind: EventKind,
}

/// Running totals for one actor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorAgg {
    pub state: ActorState,
    pub line: u32,
    pub since_ms: f64,
    /// Running or working.
    pub busy_ms: f64,
    pub blocked_ms: f64,
    pub waiting_ms: f64,
    pub sleeping_ms: f64,
    /// Able to run but waiting for its turn (on the event loop, whose one
    /// thread runs one task at a time). Only the event loop tells it apart
    /// from busy; elsewhere it stays 0.
    #[serde(default)]
    pub ready_ms: f64,
    /// Actor events recorded (roughly: operations run).
    pub events: u64,
}

impl ActorAgg {
    /// A new account: not started, nothing counted.
    pub fn new() -> Self {
        ActorAgg {
            state: ActorState::Idle,
            line: 0,
            since_ms: 0.0,
            busy_ms: 0.0,
            blocked_ms: 0.0,
            waiting_ms: 0.0,
            sleeping_ms: 0.0,
            ready_ms: 0.0,
            events: 0,
        }
    }

    /// The actor enters `state` on `line` at `now` (the time in its previous
    /// state is added up first). Runtimes that keep their own complete
    /// accounting (the threads runtime, whose events can be thinned on the
    /// way to the page) call this directly.
    pub fn enter(&mut self, now: f64, state: ActorState, line: u32) {
        self.close(now);
        self.state = state;
        self.line = line;
        self.events += 1;
    }

    /// Adds up the time in the current state up to `now`.
    pub fn close(&mut self, now: f64) {
        let d = (now - self.since_ms).max(0.0);
        match self.state {
            ActorState::Running | ActorState::Working => self.busy_ms += d,
            ActorState::Blocked { .. } => self.blocked_ms += d,
            ActorState::Waiting { .. } => self.waiting_ms += d,
            ActorState::Sleeping => self.sleeping_ms += d,
            _ => {}
        }
        self.since_ms = now;
    }
}

/// The extremes a counter reached (a trace check reads them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extremes {
    pub min: i64,
    pub max: i64,
}

/// A bounded recorder of events with aggregates and a digest.
#[derive(Clone, Debug)]
pub struct Trace {
    window: VecDeque<Event>,
    cap: usize,
    next_seq: u64,
    digest: Fnv64,
    actors: Vec<ActorAgg>,
    objects: Vec<ObjectState>,
    extremes: Vec<Option<Extremes>>,
    last_ms: f64,
    dropped: u64,
    reconciled: bool,
    /// Stretches of the run (from, to ms) whose events were dropped before
    /// they reached the trace, in time order; bounded (close ones merge).
    gaps: Vec<(f64, f64)>,
}

/// Most gaps a trace keeps apart before merging the closest.
const MAX_GAPS: usize = 1024;

/// What a finished (or running) trace adds up to; serialisable for the UI.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceSummary {
    pub total_events: u64,
    /// Events lost before reaching the trace (a full ring in the threads runtime).
    pub dropped_events: u64,
    /// The stream's digest, 16 hex digits.
    pub digest: String,
    pub elapsed_ms: f64,
    /// Actor events per second of (virtual or real) run time.
    pub throughput_per_s: f64,
    pub actors: Vec<ActorAgg>,
}

fn encode(h: &mut Fnv64, e: &Event) {
    h.u64(e.seq);
    h.f64(e.t_ms);
    let ids = |h: &mut Fnv64, v: &[ActorId]| {
        h.u64(v.len() as u64);
        for &a in v {
            h.u64(a as u64);
        }
    };
    match &e.kind {
        EventKind::Actor { actor, state, line } => {
            h.u8(1);
            h.u64(*actor as u64);
            h.u64(*line as u64);
            match state {
                ActorState::Idle => h.u8(0),
                ActorState::Running => h.u8(1),
                ActorState::Working => h.u8(2),
                ActorState::Sleeping => h.u8(3),
                ActorState::Blocked { object, timed } => {
                    h.u8(4);
                    h.u64(*object as u64);
                    h.u8(*timed as u8)
                }
                ActorState::Waiting { object, timed } => {
                    h.u8(5);
                    h.u64(*object as u64);
                    h.u8(*timed as u8)
                }
                ActorState::Done => h.u8(6),
                ActorState::Failed { message } => {
                    h.u8(7);
                    h.str(message)
                }
            }
        }
        EventKind::Object { object, state } => {
            h.u8(2);
            h.u64(*object as u64);
            match state {
                ObjectState::Mutex { holder, waiters } => {
                    h.u8(0);
                    h.i64(holder.map(|a| a as i64).unwrap_or(-1));
                    ids(h, waiters);
                }
                ObjectState::Condvar { waiters } => {
                    h.u8(1);
                    ids(h, waiters);
                }
                ObjectState::Semaphore { permits, waiters } => {
                    h.u8(2);
                    h.i64(*permits);
                    ids(h, waiters);
                }
                ObjectState::Barrier { arrived, parties, generation } => {
                    h.u8(3);
                    h.u64(*arrived as u64);
                    h.u64(*parties as u64);
                    h.u64(*generation);
                }
                ObjectState::Queue { len, capacity } => {
                    h.u8(4);
                    h.u64(*len as u64);
                    h.u64(*capacity as u64);
                }
                ObjectState::Event { set } => {
                    h.u8(5);
                    h.u8(*set as u8);
                }
                ObjectState::Counter { value } => {
                    h.u8(6);
                    h.i64(*value);
                }
                ObjectState::TokenBucket { milli_tokens, burst } => {
                    h.u8(7);
                    h.i64(*milli_tokens);
                    h.u64(*burst as u64);
                }
                ObjectState::RLock { holder, depth, waiters } => {
                    h.u8(8);
                    h.i64(holder.map(|a| a as i64).unwrap_or(-1));
                    h.u64(*depth as u64);
                    ids(h, waiters);
                }
            }
        }
        EventKind::Value { actor, label, value } => {
            h.u8(3);
            h.u64(*actor as u64);
            h.str(label);
            h.i64(*value);
        }
    }
}

impl Trace {
    /// A trace for `model`, keeping the last `window` events.
    /// Objects start in their declared state (not recorded as events).
    ///
    /// `window` 0 is a search's bare trace ([`crate::explore`]): it keeps
    /// only what a run's checks read (each counter's extremes): no event,
    /// no digest, no actor's times and no object's state (the machine has
    /// those); so a search's millions of clones and steps pay nothing for
    /// them.
    /// (Its counterexample is replayed with a window to be told.)
    pub fn new(model: &Model, window: usize) -> Self {
        let objects: Vec<ObjectState> = if window == 0 { Vec::new() } else { model.objects.iter().map(|o| ObjectState::initial(&o.kind)).collect() };
        let extremes = model
            .objects
            .iter()
            .map(|o| match o.kind {
                ObjectKind::Counter { initial } => Some(Extremes { min: initial, max: initial }),
                _ => None,
            })
            .collect();
        Trace {
            window: VecDeque::with_capacity(window.min(1 << 16)),
            cap: window,
            next_seq: 0,
            digest: Fnv64::new(),
            actors: if window == 0 { Vec::new() } else { (0..model.actors.len()).map(|_| ActorAgg::new()).collect() },
            objects,
            extremes,
            last_ms: 0.0,
            dropped: 0,
            reconciled: false,
            gaps: Vec::new(),
        }
    }

    /// An actor that appears during the run (a thread a program starts).
    pub fn add_actor(&mut self) {
        if self.cap > 0 {
            self.actors.push(ActorAgg::new());
        }
    }

    /// An object that appears during the run (a lock a program makes).
    pub fn add_object(&mut self, kind: &ObjectKind) {
        if self.cap > 0 {
            self.objects.push(ObjectState::initial(kind));
        }
        self.extremes.push(match kind {
            ObjectKind::Counter { initial } => Some(Extremes { min: *initial, max: *initial }),
            _ => None,
        });
    }

    /// Records one event at `t_ms`.
    pub fn record(&mut self, t_ms: f64, kind: EventKind) {
        let t_ms = if t_ms.is_finite() { t_ms.max(self.last_ms) } else { self.last_ms };
        self.last_ms = t_ms;
        match &kind {
            EventKind::Actor { actor, state, line } => {
                if let Some(a) = self.actors.get_mut(*actor) {
                    a.enter(t_ms, state.clone(), *line);
                }
            }
            EventKind::Object { object, state } => {
                if let Some(o) = self.objects.get_mut(*object) {
                    *o = state.clone();
                }
                if let (ObjectState::Counter { value }, Some(Some(x))) = (state, self.extremes.get_mut(*object)) {
                    x.min = x.min.min(*value);
                    x.max = x.max.max(*value);
                }
            }
            EventKind::Value { .. } => {}
        }
        if self.cap == 0 {
            self.next_seq += 1;
            return;
        }
        let e = Event { seq: self.next_seq, t_ms, kind };
        self.next_seq += 1;
        encode(&mut self.digest, &e);
        if self.window.len() == self.cap {
            self.window.pop_front();
        }
        self.window.push_back(e);
    }

    /// Notes events that were lost before they reached the trace.
    pub fn note_dropped(&mut self, n: u64) {
        self.dropped += n;
    }

    /// Events were dropped between `from` and `to` (ms): nothing recorded
    /// says what anyone did then.
    pub fn note_gap(&mut self, from: f64, to: f64) {
        let (from, to) = (from.min(to), from.max(to));
        match self.gaps.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => self.gaps.push((from, to)),
        }
        if self.gaps.len() > MAX_GAPS {
            // Merge each pair: a wider unrecorded stretch, never a narrower one.
            let merged: Vec<(f64, f64)> = self.gaps.chunks(2).map(|c| (c[0].0, c[c.len() - 1].1)).collect();
            self.gaps = merged;
        }
    }

    /// The stretches whose events were dropped, in time order.
    pub fn gaps(&self) -> &[(f64, f64)] {
        &self.gaps
    }

    /// Replaces the aggregates with a runtime's own complete accounting at
    /// the end of a run: every actor's state, line and times (closed at
    /// `end_ms`), every object's final state and every counter's extremes.
    /// The window and the digest are untouched (they hold what was
    /// recorded); from here on, [`Trace::actors`], [`Trace::objects`] and
    /// [`Trace::summary`] agree with the run even if events were dropped.
    pub fn reconcile(&mut self, actors: Vec<ActorAgg>, objects: Vec<ObjectState>, extremes: Vec<Option<Extremes>>, end_ms: f64) {
        let end = if end_ms.is_finite() { end_ms.max(self.last_ms) } else { self.last_ms };
        if actors.len() == self.actors.len() {
            self.actors = actors;
        }
        if objects.len() == self.objects.len() {
            self.objects = objects;
        }
        if extremes.len() == self.extremes.len() {
            self.extremes = extremes;
        }
        self.last_ms = end;
        self.reconciled = true;
    }

    /// Whether the aggregates come from the runtime's own accounting
    /// ([`Trace::reconcile`]) rather than from the recorded events alone.
    pub fn reconciled(&self) -> bool {
        self.reconciled
    }

    /// Events the runtime emitted: recorded, plus dropped on the way.
    pub fn emitted_events(&self) -> u64 {
        self.next_seq + self.dropped
    }

    /// The most recent events, oldest first.
    pub fn window(&self) -> impl ExactSizeIterator<Item = &Event> + '_ {
        self.window.iter()
    }

    /// Events with `seq >= from` still in the window (for incremental UI updates).
    pub fn since(&self, from: u64) -> impl Iterator<Item = &Event> + '_ {
        self.window.iter().filter(move |e| e.seq >= from)
    }

    /// Events lost before they reached the trace.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    pub fn total_events(&self) -> u64 {
        self.next_seq
    }

    pub fn digest(&self) -> u64 {
        self.digest.finish()
    }

    pub fn actors(&self) -> &[ActorAgg] {
        &self.actors
    }

    /// The latest state of every object.
    pub fn objects(&self) -> &[ObjectState] {
        &self.objects
    }

    /// The extremes counter `o` reached (None for other objects).
    pub fn extremes(&self, o: ObjId) -> Option<Extremes> {
        self.extremes.get(o).copied().flatten()
    }

    pub fn last_ms(&self) -> f64 {
        self.last_ms
    }

    /// Totals as of `now_ms` (open intervals are closed at `now_ms`).
    pub fn summary(&self, now_ms: f64) -> TraceSummary {
        let now = now_ms.max(self.last_ms);
        let actors: Vec<ActorAgg> = self
            .actors
            .iter()
            .map(|a| {
                let mut a = a.clone();
                a.close(now);
                a
            })
            .collect();
        let ops: u64 = actors.iter().map(|a| a.events).sum();
        TraceSummary {
            total_events: self.next_seq,
            dropped_events: self.dropped,
            digest: format!("{:016x}", self.digest()),
            elapsed_ms: now,
            throughput_per_s: if now > 0.0 { ops as f64 * 1000.0 / now } else { 0.0 },
            actors,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::ModelBuilder;

    fn model() -> Model {
        let mut m = ModelBuilder::new("t");
        let l = m.mutex("lock");
        let c = m.counter("c", 5);
        m.actor("a", |b| {
            b.lock(l).add(c, 1).unlock(l);
        });
        m.build().unwrap()
    }

    #[test]
    fn events_serialise_flat_and_round_trip() {
        let e = Event {
            seq: 3,
            t_ms: 1.5,
            kind: EventKind::Actor { actor: 0, state: ActorState::Blocked { object: 1, timed: false }, line: 4 },
        };
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["event"], "actor");
        assert_eq!(v["state"]["state"], "blocked");
        assert_eq!(v["line"], 4);
        let back: Event = serde_json::from_value(v).unwrap();
        assert_eq!(back, e);
    }

    #[test]
    fn the_window_is_bounded_but_the_totals_and_digest_cover_everything() {
        let m = model();
        let mut small = Trace::new(&m, 3);
        let mut big = Trace::new(&m, 100);
        for i in 0..10 {
            let k = EventKind::Object { object: 1, state: ObjectState::Counter { value: 5 + i } };
            small.record(i as f64, k.clone());
            big.record(i as f64, k);
        }
        assert_eq!(small.window().len(), 3);
        assert_eq!(small.window().next().unwrap().seq, 7);
        assert_eq!((small.total_events(), small.digest()), (big.total_events(), big.digest()));
        assert_eq!(small.extremes(1), Some(Extremes { min: 5, max: 14 }));
    }

    /// A search's bare trace (window 0) keeps what checks read, a
    /// counter's extremes, and nothing else.
    #[test]
    fn a_bare_trace_keeps_only_the_extremes() {
        let m = model();
        let mut bare = Trace::new(&m, 0);
        bare.record(0.0, EventKind::Actor { actor: 0, state: ActorState::Running, line: 1 });
        for i in 0..10 {
            bare.record(i as f64, EventKind::Object { object: 1, state: ObjectState::Counter { value: 5 - i } });
        }
        assert_eq!(bare.extremes(1), Some(Extremes { min: -4, max: 5 }));
        assert_eq!((bare.window().len(), bare.actors().len(), bare.objects().len()), (0, 0, 0));
        assert_eq!(bare.total_events(), 11);
    }

    #[test]
    fn time_in_each_state_adds_up() {
        let m = model();
        let mut t = Trace::new(&m, 10);
        t.record(0.0, EventKind::Actor { actor: 0, state: ActorState::Running, line: 1 });
        t.record(10.0, EventKind::Actor { actor: 0, state: ActorState::Blocked { object: 0, timed: false }, line: 1 });
        t.record(25.0, EventKind::Actor { actor: 0, state: ActorState::Sleeping, line: 2 });
        let s = t.summary(30.0);
        let a = &s.actors[0];
        assert_eq!((a.busy_ms, a.blocked_ms, a.sleeping_ms), (10.0, 15.0, 5.0));
        assert_eq!(s.digest.len(), 16);
    }
}
