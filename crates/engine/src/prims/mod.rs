//! The primitives: each kind of shared object in a module of its own.
//!
//! A module holds everything about its kind: its state, which operations it
//! accepts, which of them can go on now and which block ([`Primitive::ready`]),
//! what each does ([`Primitive::apply`]), what it looks like in the trace
//! ([`Primitive::show`]), the Python text of its declaration, its words on
//! the page and its level on the chart. Every runtime carries out an
//! operation on an object through that one code:
//!
//! * the [`crate::machine`] (the simulator and the event loop) calls
//!   `ready` to know who is enabled and `apply` to take a step;
//! * the [`crate::threads`] runtime keeps each object in a monitor (a std
//!   `Mutex` and `Condvar`) and, under its lock, waits in cancellable 10 ms
//!   slices until `ready` holds, then calls `apply`.
//!
//! [`Object`] ties the modules in: its enum and the `match`es below are the
//! registry (adding a primitive adds one arm to each). Counters are the
//! exception to the monitor: on real threads they are atomics (see
//! [`counter`]), because the race lesson's lost updates must come from the
//! program's separate read and write steps, never from a lock we added.

pub mod barrier;
pub mod bounded_semaphore;
pub mod bucket;
pub mod condvar;
pub mod counter;
pub mod event;
pub mod mutex;
pub mod queue;
pub mod rlock;
pub mod semaphore;

use crate::model::{ActorId, Model, ObjId, ObjectDecl, ObjectKind, Op};
use crate::i18n::Lang;
use crate::trace::ObjectState;

/// What an operation sees of its actor, and what it gives back.
#[derive(Clone, Debug)]
pub struct Cx<'a> {
    pub actor: ActorId,
    /// Milliseconds since the run started.
    pub now: f64,
    /// The actor's register: `temp`, the item a `put` sends, the item a `get` took.
    pub reg: i64,
    /// The last-ok flag a try-lock or a timed wait sets.
    pub ok: bool,
    /// The object's name, for labels and sentences.
    pub name: &'a str,
    /// A value the operation produced (a barrier's wait, an admitted request).
    pub value: Option<(crate::outcome::Key, i64)>,
    /// Where a `put` places its item (a program's class of queue says).
    pub place: queue::Place,
}

impl<'a> Cx<'a> {
    pub fn new(actor: ActorId, now: f64, reg: i64, ok: bool, name: &'a str) -> Self {
        Cx { actor, now, reg, ok, name, value: None, place: queue::Place::Back }
    }
}

/// What carrying out an operation did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Done: the actor goes on to its next instruction.
    Done,
    /// The actor now waits until [`Primitive::parked`] with this token says
    /// no more (a barrier's generation).
    Park(u64),
    /// The program misused the object: the actor fails with this sentence
    /// (Python's own words where Python raises).
    Fail(String),
}

/// One kind of shared object. `a` is the actor doing the operation.
pub trait Primitive {
    /// Whether `op` can go on now. False: it blocks until the object
    /// changes, or until its timeout (then the runtime sets the last-ok flag
    /// to false and the actor goes on without calling [`Primitive::apply`]).
    #[inline]
    fn ready(&self, _a: ActorId, _op: Op) -> bool {
        true
    }
    /// Whether `op` can ever block on this object (a property of the
    /// operation, not of the state): a runtime asks [`Primitive::ready`] only
    /// for those.
    fn may_block(&self, _op: Op) -> bool {
        false
    }
    /// Carries out `op` (only called when it is ready).
    fn apply(&mut self, cx: &mut Cx<'_>, op: Op) -> Effect;
    /// After [`Effect::Park`]: whether the actor still waits.
    #[inline]
    fn parked(&self, _a: ActorId, _token: u64) -> bool {
        false
    }
    /// The visible state; `blocked` are the actors blocked on it now, as the
    /// runtime knows them (empty unless [`Primitive::lists_blocked`]).
    fn show(&self, blocked: Vec<ActorId>) -> ObjectState;
    /// Whether its visible state lists who is blocked on it (then a runtime
    /// that must work that out, the machine, does so before `show`).
    #[inline]
    fn lists_blocked(&self) -> bool {
        false
    }
}

/// A lock that can be held (a condition variable is bound to one).
pub trait Holdable {
    fn holder(&self) -> Option<ActorId>;
    /// Whether `a` could take it now.
    fn free_for(&self, a: ActorId) -> bool;
    /// `cond.wait()` lets go of it entirely; returns how deep `a` held it.
    fn release_save(&mut self, a: ActorId) -> u32;
    /// ... and takes it back as deep as before.
    fn acquire_restore(&mut self, a: ActorId, depth: u32);
}

/// The state of one shared object: the registry of primitives.
#[derive(Clone, Debug, Hash)]
pub enum Object {
    Mutex(mutex::Mutex),
    RLock(rlock::RLock),
    Condvar(condvar::Condvar),
    Semaphore(semaphore::Semaphore),
    BoundedSemaphore(bounded_semaphore::BoundedSemaphore),
    Barrier(barrier::Barrier),
    Queue(queue::Queue),
    Event(event::Event),
    Counter(counter::Counter),
    Bucket(bucket::Bucket),
}

macro_rules! each {
    ($self:expr, $p:ident => $e:expr) => {
        match $self {
            Object::Mutex($p) => $e,
            Object::RLock($p) => $e,
            Object::Condvar($p) => $e,
            Object::Semaphore($p) => $e,
            Object::BoundedSemaphore($p) => $e,
            Object::Barrier($p) => $e,
            Object::Queue($p) => $e,
            Object::Event($p) => $e,
            Object::Counter($p) => $e,
            Object::Bucket($p) => $e,
        }
    };
}

impl Object {
    /// A freshly declared object.
    pub fn new(d: &ObjectDecl) -> Object {
        match d.kind {
            ObjectKind::Mutex => Object::Mutex(mutex::Mutex::default()),
            ObjectKind::RLock => Object::RLock(rlock::RLock::default()),
            ObjectKind::Condvar { mutex } => Object::Condvar(condvar::Condvar::new(mutex)),
            ObjectKind::Semaphore { permits } => Object::Semaphore(semaphore::Semaphore::new(permits)),
            ObjectKind::BoundedSemaphore { permits } => {
                Object::BoundedSemaphore(bounded_semaphore::BoundedSemaphore::new(permits))
            }
            ObjectKind::Barrier { parties } => Object::Barrier(barrier::Barrier::new(parties)),
            ObjectKind::Queue { capacity } => Object::Queue(queue::Queue::new(capacity, &d.items)),
            ObjectKind::Event => Object::Event(event::Event::default()),
            ObjectKind::Counter { initial } => Object::Counter(counter::Counter { value: initial }),
            ObjectKind::TokenBucket { rate, burst } => Object::Bucket(bucket::Bucket::new(rate, burst)),
        }
    }

    /// The lock it is, if it is one.
    pub fn holdable(&self) -> Option<&dyn Holdable> {
        match self {
            Object::Mutex(m) => Some(m),
            Object::RLock(m) => Some(m),
            _ => None,
        }
    }

    pub fn holdable_mut(&mut self) -> Option<&mut dyn Holdable> {
        match self {
            Object::Mutex(m) => Some(m),
            Object::RLock(m) => Some(m),
            _ => None,
        }
    }

    /// Who holds it (locks only).
    pub fn holder(&self) -> Option<ActorId> {
        self.holdable().and_then(|h| h.holder())
    }

    pub fn as_condvar(&self) -> Option<&condvar::Condvar> {
        match self {
            Object::Condvar(c) => Some(c),
            _ => None,
        }
    }

    pub fn as_condvar_mut(&mut self) -> Option<&mut condvar::Condvar> {
        match self {
            Object::Condvar(c) => Some(c),
            _ => None,
        }
    }

    /// A counter's value.
    pub fn counter(&self) -> Option<i64> {
        match self {
            Object::Counter(c) => Some(c.value),
            _ => None,
        }
    }

    /// Whether an event is set.
    pub fn is_set(&self) -> bool {
        matches!(self, Object::Event(e) if e.set)
    }
}

impl Primitive for Object {
    #[inline]
    fn ready(&self, a: ActorId, op: Op) -> bool {
        each!(self, p => p.ready(a, op))
    }
    fn may_block(&self, op: Op) -> bool {
        each!(self, p => p.may_block(op))
    }
    #[inline]
    fn apply(&mut self, cx: &mut Cx<'_>, op: Op) -> Effect {
        each!(self, p => p.apply(cx, op))
    }
    #[inline]
    fn parked(&self, a: ActorId, token: u64) -> bool {
        each!(self, p => p.parked(a, token))
    }
    #[inline]
    fn show(&self, blocked: Vec<ActorId>) -> ObjectState {
        each!(self, p => p.show(blocked))
    }
    #[inline]
    fn lists_blocked(&self) -> bool {
        each!(self, p => p.lists_blocked())
    }
}

/// Two distinct objects of `objects`, both mutable (a condition variable
/// and its lock).
pub fn pair_mut(objects: &mut [Object], x: ObjId, y: ObjId) -> Option<(&mut Object, &mut Object)> {
    if x == y || x >= objects.len() || y >= objects.len() {
        return None;
    }
    if x < y {
        let (l, r) = objects.split_at_mut(y);
        Some((&mut l[x], &mut r[0]))
    } else {
        let (l, r) = objects.split_at_mut(x);
        Some((&mut r[0], &mut l[y]))
    }
}

/// Whether an object of `kind` accepts `op` (a model that breaks this is
/// rejected when it is built, so no runtime skips a wrong kind silently).
pub fn accepts(kind: ObjectKind, op: Op) -> bool {
    match kind {
        ObjectKind::Mutex | ObjectKind::RLock => mutex::accepts(op),
        ObjectKind::Condvar { .. } => condvar::accepts(op),
        ObjectKind::Semaphore { .. } | ObjectKind::BoundedSemaphore { .. } => semaphore::accepts(op),
        ObjectKind::Barrier { .. } => barrier::accepts(op),
        ObjectKind::Queue { .. } => queue::accepts(op),
        ObjectKind::Event => event::accepts(op),
        ObjectKind::Counter { .. } => counter::accepts(op),
        ObjectKind::TokenBucket { .. } => bucket::accepts(op),
    }
}

/// The Python text of an operation on the object called `name`.
pub fn op_text(op: Op, name: &str) -> String {
    match op {
        Op::Lock { .. } | Op::Unlock { .. } | Op::TryLock { .. } => mutex::text(op, name),
        Op::Wait { .. } | Op::WaitTimed { .. } | Op::NotifyOne { .. } | Op::NotifyAll { .. } => condvar::text(op, name),
        Op::Acquire { .. } | Op::Release { .. } => semaphore::text(op, name),
        Op::BarrierWait { .. } => barrier::text(op, name),
        Op::Put { .. } | Op::PutTimed { .. } | Op::Get { .. } | Op::GetTimed { .. } | Op::TaskDone { .. } | Op::QueueJoin { .. } => {
            queue::text(op, name)
        }
        Op::EventSet { .. } | Op::EventWait { .. } | Op::EventClear { .. } => event::text(op, name),
        Op::Load { .. } | Op::Store { .. } | Op::Add { .. } | Op::AddRegister { .. } => counter::text(op, name),
        Op::TakeToken { .. } => bucket::text(op, name),
        _ => String::new(),
    }
}

/// The Python line that declares `d` (`names`: every object's name).
pub fn declaration(d: &ObjectDecl, names: &dyn Fn(ObjId) -> String) -> String {
    let n = &d.name;
    match d.kind {
        ObjectKind::Mutex => mutex::declaration(n),
        ObjectKind::RLock => rlock::declaration(n),
        ObjectKind::Condvar { mutex } => condvar::declaration(n, &names(mutex)),
        ObjectKind::Semaphore { permits } => semaphore::declaration(n, permits),
        ObjectKind::BoundedSemaphore { permits } => bounded_semaphore::declaration(n, permits),
        ObjectKind::Barrier { parties } => barrier::declaration(n, parties),
        ObjectKind::Queue { capacity } => queue::declaration(n, capacity, &d.items),
        ObjectKind::Event => event::declaration(n),
        ObjectKind::Counter { initial } => counter::declaration(n, initial),
        ObjectKind::TokenBucket { rate, burst } => bucket::declaration(n, rate, burst),
    }
}

/// How a chart draws an object of `kind`: its ceiling (a level and its
/// label), if it has one, and what its level counts.
pub fn axis(kind: ObjectKind) -> (Option<(f64, String)>, &'static str) {
    match kind {
        ObjectKind::Mutex => mutex::axis(),
        ObjectKind::RLock => rlock::axis(),
        ObjectKind::Condvar { .. } => condvar::axis(),
        ObjectKind::Semaphore { permits } | ObjectKind::BoundedSemaphore { permits } => semaphore::axis(permits),
        ObjectKind::Barrier { parties } => barrier::axis(parties),
        ObjectKind::Queue { capacity } => queue::axis(capacity),
        ObjectKind::Event => event::axis(),
        ObjectKind::Counter { .. } => counter::axis(),
        ObjectKind::TokenBucket { burst, .. } => bucket::axis(burst),
    }
}

/// The level a chart draws for an object in `state`.
pub fn level(state: &ObjectState, kind: ObjectKind) -> f64 {
    match (state, kind) {
        (ObjectState::Mutex { holder, waiters }, _) => mutex::level(*holder, waiters),
        (ObjectState::RLock { depth, waiters, .. }, _) => rlock::level(*depth, waiters),
        (
            ObjectState::Semaphore { permits, .. },
            ObjectKind::Semaphore { permits: total } | ObjectKind::BoundedSemaphore { permits: total },
        ) => semaphore::level(*permits, total),
        (ObjectState::Semaphore { permits, .. }, _) => *permits as f64,
        (ObjectState::Condvar { waiters }, _) => waiters.len() as f64,
        (ObjectState::Barrier { arrived, .. }, _) => *arrived as f64,
        (ObjectState::Queue { len, .. }, _) => *len as f64,
        (ObjectState::Event { set }, _) => *set as i64 as f64,
        (ObjectState::Counter { value }, _) => *value as f64,
        (ObjectState::TokenBucket { milli_tokens, .. }, _) => *milli_tokens as f64 / 1000.0,
    }
}

/// An object's state in words, in `lang` ("held by t1; waiting: t2",
/// "被 t1 持有；等待中：t2"; the `obj-` messages of `views.ftl`).
pub fn describe(lang: Lang, model: &Model, state: &ObjectState) -> String {
    let name = |a: ActorId| model.actor_name(a).to_string();
    match state {
        ObjectState::Mutex { holder, waiters } => mutex::describe(lang, *holder, None, waiters, &name),
        ObjectState::RLock { holder, depth, waiters } => mutex::describe(lang, *holder, Some(*depth), waiters, &name),
        ObjectState::Condvar { waiters } => condvar::describe(lang, waiters),
        ObjectState::Semaphore { permits, waiters } => semaphore::describe(lang, *permits, waiters),
        ObjectState::Barrier { arrived, parties, generation } => barrier::describe(lang, *arrived, *parties, *generation),
        ObjectState::Queue { len, capacity } => queue::describe(lang, *len, *capacity),
        ObjectState::Event { set } => event::describe(lang, *set),
        ObjectState::Counter { value } => counter::describe(lang, *value),
        ObjectState::TokenBucket { milli_tokens, burst } => bucket::describe(lang, *milli_tokens, *burst),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every state of every object in the page's languages: English as it
    /// always read (the event log and the e2e tests read it), Chinese with
    /// no English word left in it (only the actors' names and numbers).
    #[test]
    fn object_states_read_in_each_language() {
        let model = crate::lessons::build_from_pairs("deadlock", &[]).expect("the deadlock model builds");
        let (t1, t2) = (0, 1);
        let states = [
            (ObjectState::Mutex { holder: None, waiters: vec![] }, "free"),
            (ObjectState::Mutex { holder: Some(t1), waiters: vec![] }, "held by {t1}"),
            (ObjectState::Mutex { holder: Some(t1), waiters: vec![t2, t1] }, "held by {t1}; waiting: {t2}, {t1}"),
            (ObjectState::RLock { holder: Some(t2), depth: 2, waiters: vec![] }, "held by {t2} (2 deep)"),
            (ObjectState::RLock { holder: Some(t2), depth: 1, waiters: vec![] }, "held by {t2}"),
            (ObjectState::Condvar { waiters: vec![t1, t2] }, "2 waiting"),
            (ObjectState::Semaphore { permits: 3, waiters: vec![t1] }, "3 permits left, 1 waiting"),
            (ObjectState::Barrier { arrived: 1, parties: 3, generation: 2 }, "1 of 3 arrived (round 2)"),
            (ObjectState::Queue { len: 2, capacity: 5 }, "2 of 5 items"),
            (ObjectState::Event { set: true }, "set"),
            (ObjectState::Event { set: false }, "clear"),
            (ObjectState::Counter { value: -4 }, "= -4"),
            (ObjectState::TokenBucket { milli_tokens: 1500, burst: 4 }, "1.50 of 4 tokens"),
        ];
        let names = [model.actor_name(t1).to_string(), model.actor_name(t2).to_string()];
        for (state, english) in states {
            let want = english.replace("{t1}", &names[0]).replace("{t2}", &names[1]);
            assert_eq!(describe(Lang::En, &model, &state), want);
            let zh = describe(Lang::Zh, &model, &state);
            let mut rest = zh.clone();
            for n in &names {
                rest = rest.replace(n.as_str(), "");
            }
            assert!(!rest.chars().any(|c| c.is_ascii_alphabetic()), "{state:?} in Chinese: {zh}");
            assert!(!zh.contains('{'), "{state:?}: a variable left unfilled: {zh}");
        }
    }
}
