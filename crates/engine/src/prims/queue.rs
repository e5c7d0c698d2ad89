//! `queue.Queue(maxsize)`, `queue.LifoQueue(maxsize)` and
//! `queue.PriorityQueue(maxsize)`: a queue of integers (a program's items
//! are the world's boxes, named by the integer the queue carries). `put`
//! blocks while it is full, `get` while it is empty; as in Python, a
//! capacity of 0 means unbounded.
//!
//! Where a `put` places its item is said by the put itself ([`Place`], the
//! program's class of queue decides): at the back (FIFO), at the front
//! (LIFO), or in order of its [`SortKey`] (a priority queue: `get` takes the
//! smallest, compared as Python compares them; two items that cannot be
//! compared make the put fail with Python's `TypeError` words).
//!
//! As in Python, every `put` adds an unfinished task, `task_done()` finishes
//! one, and `join()` blocks until none is left.

use super::{Cx, Effect, Primitive};
use crate::model::{ActorId, Op};
use crate::i18n::{self, Lang};
use crate::trace::ObjectState;
use std::collections::VecDeque;
use std::sync::Arc;

/// An item in a queue: what it carries, and its sort key in a priority queue.
#[derive(Clone, Debug, Hash)]
pub struct Item {
    pub value: i64,
    pub key: Option<Arc<SortKey>>,
}

#[derive(Clone, Debug, Hash)]
pub struct Queue {
    pub cap: u32,
    pub items: VecDeque<Item>,
    /// Items put and not yet marked done with `task_done()`.
    pub unfinished: u64,
}

/// Where a `put` places its item.
#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub enum Place {
    /// At the back (`queue.Queue`): first in, first out.
    #[default]
    Back,
    /// At the front (`queue.LifoQueue`): last in, first out.
    Front,
    /// Before the first item greater than it (`queue.PriorityQueue`):
    /// `get` takes the smallest; equal items leave in the order they came.
    Sorted(Arc<SortKey>),
}

/// A Python value as a priority queue compares it (`<` and `==`).
#[derive(Clone, Debug, PartialEq)]
pub enum SortKey {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Arc<str>),
    Tuple(Vec<SortKey>),
    List(Vec<SortKey>),
    /// Anything else: not ordered; equal to another when both have the
    /// same type and the same `eq` (a dict's contents, an object's identity).
    Other { ty: Arc<str>, eq: Arc<str> },
}

/// For a state's fingerprint ([`crate::fingerprint`]): a float by its bits.
impl std::hash::Hash for SortKey {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        std::mem::discriminant(self).hash(h);
        match self {
            SortKey::Bool(b) => b.hash(h),
            SortKey::Int(i) => i.hash(h),
            SortKey::Float(f) => f.to_bits().hash(h),
            SortKey::Str(s) => s.hash(h),
            SortKey::Tuple(v) | SortKey::List(v) => v.hash(h),
            SortKey::Other { ty, eq } => (ty, eq).hash(h),
        }
    }
}

impl SortKey {
    /// Its Python type's name, as `TypeError` sentences say it.
    pub fn type_name(&self) -> &str {
        match self {
            SortKey::Bool(_) => "bool",
            SortKey::Int(_) => "int",
            SortKey::Float(_) => "float",
            SortKey::Str(_) => "str",
            SortKey::Tuple(_) => "tuple",
            SortKey::List(_) => "list",
            SortKey::Other { ty, .. } => ty,
        }
    }

    fn number(&self) -> Option<f64> {
        match *self {
            SortKey::Bool(b) => Some(b as i64 as f64),
            SortKey::Int(i) => Some(i as f64),
            SortKey::Float(f) => Some(f),
            _ => None,
        }
    }

    fn int(&self) -> Option<i64> {
        match *self {
            SortKey::Bool(b) => Some(b as i64),
            SortKey::Int(i) => Some(i),
            _ => None,
        }
    }

    /// Python's `self == other`.
    pub fn equals(&self, other: &SortKey) -> bool {
        if let (Some(x), Some(y)) = (self.int(), other.int()) {
            return x == y;
        }
        if let (Some(x), Some(y)) = (self.number(), other.number()) {
            return x == y;
        }
        match (self, other) {
            (SortKey::Str(x), SortKey::Str(y)) => x == y,
            (SortKey::Tuple(x), SortKey::Tuple(y)) | (SortKey::List(x), SortKey::List(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(u, v)| u.equals(v))
            }
            (SortKey::Other { ty: t, eq: e }, SortKey::Other { ty: u, eq: f }) => t == u && e == f,
            _ => false,
        }
    }

    /// Python's `self < other`, or its `TypeError` sentence.
    pub fn less(&self, other: &SortKey) -> Result<bool, String> {
        if let (Some(x), Some(y)) = (self.int(), other.int()) {
            return Ok(x < y);
        }
        if let (Some(x), Some(y)) = (self.number(), other.number()) {
            return Ok(x < y);
        }
        match (self, other) {
            (SortKey::Str(x), SortKey::Str(y)) => Ok(x < y),
            (SortKey::Tuple(x), SortKey::Tuple(y)) | (SortKey::List(x), SortKey::List(y)) => {
                match x.iter().zip(y).find(|(u, v)| !u.equals(v)) {
                    Some((u, v)) => u.less(v),
                    None => Ok(x.len() < y.len()),
                }
            }
            _ => Err(format!(
                "'<' not supported between instances of '{}' and '{}'",
                self.type_name(),
                other.type_name()
            )),
        }
    }
}

impl Queue {
    pub fn new(cap: u32, items: &[i64]) -> Self {
        Queue {
            cap,
            items: items.iter().map(|&value| Item { value, key: None }).collect(),
            unfinished: items.len() as u64,
        }
    }

    /// Where an item with `key` goes: before the first item greater than
    /// it (compared as `heapq` does, the new item on the left of `<`), or
    /// the item it cannot be compared with and the sentence.
    fn position(&self, key: &SortKey) -> Result<usize, (i64, String)> {
        let (mut lo, mut hi) = (0, self.items.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            let there = &self.items[mid];
            let Some(k) = there.key.as_deref() else {
                lo = mid + 1;
                continue;
            };
            match key.less(k) {
                Ok(true) => hi = mid,
                Ok(false) => lo = mid + 1,
                Err(what) => return Err((there.value, what)),
            }
        }
        Ok(lo)
    }
}

/// `task_done()` once too often: Python's words.
pub const TOO_MANY_TASK_DONE: &str = "task_done() called too many times";

pub fn accepts(op: Op) -> bool {
    matches!(op, Op::Put { .. } | Op::PutTimed { .. } | Op::Get { .. } | Op::GetTimed { .. } | Op::TaskDone { .. } | Op::QueueJoin { .. })
}

/// The Python text of `op` on the object called `name`.
pub fn text(op: Op, name: &str) -> String {
    match op {
        Op::Put { .. } => format!("{name}.put(item)"),
        Op::PutTimed { timeout_ms: 0, .. } => format!("{name}.put_nowait(item)"),
        Op::PutTimed { timeout_ms, .. } => format!("{name}.put(item, timeout={})", timeout_ms as f64 / 1000.0),
        Op::Get { .. } => format!("item = {name}.get()"),
        Op::GetTimed { timeout_ms, .. } => format!("item = {name}.get(timeout={})", timeout_ms as f64 / 1000.0),
        Op::TaskDone { .. } => format!("{name}.task_done()"),
        Op::QueueJoin { .. } => format!("{name}.join()"),
        _ => String::new(),
    }
}

/// Its declaration; a queue filled before the workers start says with what.
pub fn declaration(name: &str, capacity: u32, items: &[i64]) -> String {
    if items.is_empty() {
        return format!("{name} = queue.Queue(maxsize={capacity})");
    }
    let shown: Vec<String> = items.iter().take(4).map(|v| v.to_string()).collect();
    let more = if items.len() > 4 { ", ..." } else { "" };
    format!("{name} = queue.Queue(maxsize={capacity})  # holds {} items: {}{more}", items.len(), shown.join(", "))
}

impl Primitive for Queue {
    #[inline]
    fn may_block(&self, op: Op) -> bool {
        matches!(op, Op::Put { .. } | Op::PutTimed { .. } | Op::Get { .. } | Op::GetTimed { .. } | Op::QueueJoin { .. })
    }

    #[inline]
    fn ready(&self, _a: ActorId, op: Op) -> bool {
        match op {
            Op::Put { .. } | Op::PutTimed { .. } => self.cap == 0 || (self.items.len() as u32) < self.cap,
            Op::Get { .. } | Op::GetTimed { .. } => !self.items.is_empty(),
            Op::QueueJoin { .. } => self.unfinished == 0,
            _ => true,
        }
    }

    /// A put into a priority queue sets the last-ok flag: false when its
    /// item cannot be compared with one in the queue (then the register
    /// names that item and nothing was put). `task_done()` sets it false
    /// when it was called too many times.
    #[inline]
    fn apply(&mut self, cx: &mut Cx<'_>, op: Op) -> Effect {
        match op {
            Op::Put { .. } | Op::PutTimed { .. } => {
                let value = cx.reg;
                if matches!(op, Op::PutTimed { .. }) {
                    cx.ok = true;
                }
                match std::mem::take(&mut cx.place) {
                    Place::Back => self.items.push_back(Item { value, key: None }),
                    Place::Front => self.items.push_front(Item { value, key: None }),
                    Place::Sorted(key) => match self.position(&key) {
                        Ok(at) => {
                            self.items.insert(at, Item { value, key: Some(key) });
                            cx.ok = true;
                        }
                        Err((other, _)) => {
                            cx.ok = false;
                            cx.reg = other;
                            return Effect::Done;
                        }
                    },
                }
                self.unfinished += 1;
            }
            Op::Get { .. } | Op::GetTimed { .. } => {
                cx.ok = true;
                if let Some(v) = self.items.pop_front() {
                    cx.reg = v.value;
                }
            }
            Op::TaskDone { .. } => {
                cx.ok = self.unfinished > 0;
                self.unfinished = self.unfinished.saturating_sub(1);
            }
            _ => {}
        }
        Effect::Done
    }

    #[inline]
    fn show(&self, _blocked: Vec<ActorId>) -> ObjectState {
        ObjectState::Queue { len: self.items.len() as u32, capacity: self.cap }
    }
}

/// Its chart: a ceiling at its capacity (none for an unbounded queue); the
/// level counts items.
pub fn axis(capacity: u32) -> (Option<(f64, String)>, &'static str) {
    ((capacity > 0).then(|| (capacity as f64, format!("capacity {capacity}"))), "items")
}

/// "2 of 5 items"; for an unbounded queue "2 items" (not "of 0").
pub fn describe(lang: Lang, len: u32, capacity: u32) -> String {
    if capacity == 0 {
        return i18n::format(lang, "obj-queue-unbounded", &[("len", &len)]);
    }
    i18n::format(lang, "obj-queue", &[("len", &len), ("capacity", &capacity)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(xs: Vec<SortKey>) -> SortKey {
        SortKey::Tuple(xs)
    }

    #[test]
    fn join_waits_for_every_put_to_be_marked_done() {
        let mut q = Queue::new(0, &[]);
        let (put, get) = (Op::Put { queue: 0 }, Op::Get { queue: 0 });
        let (done, join) = (Op::TaskDone { queue: 0 }, Op::QueueJoin { queue: 0 });
        assert!(q.may_block(join) && !q.may_block(done));
        assert!(q.ready(0, join), "nothing put: join returns at once");
        let mut cx = Cx::new(0, 0.0, 7, false, "q");
        q.apply(&mut cx, put);
        assert!(!q.ready(0, join));
        q.apply(&mut cx, get);
        assert_eq!(cx.reg, 7);
        assert!(!q.ready(0, join), "taken is not done");
        q.apply(&mut cx, done);
        assert!(cx.ok && q.ready(0, join));
        q.apply(&mut cx, done);
        assert!(!cx.ok, "once too often");
        assert_eq!(q.unfinished, 0);
    }

    #[test]
    fn a_put_places_its_item_where_it_says() {
        let mut q = Queue::new(0, &[]);
        let put = |q: &mut Queue, reg: i64, place: Place| {
            let mut cx = Cx::new(0, 0.0, reg, false, "q");
            cx.place = place;
            q.apply(&mut cx, Op::Put { queue: 0 });
            (cx.ok, cx.reg)
        };
        for (v, k) in [(1, 30), (2, 10), (3, 20), (4, 10)] {
            assert_eq!(put(&mut q, v, Place::Sorted(Arc::new(SortKey::Int(k)))), (true, v));
        }
        let order: Vec<i64> = q.items.iter().map(|i| i.value).collect();
        assert_eq!(order, vec![2, 4, 3, 1], "smallest first; equal ones in the order they came");
        let dict = SortKey::Other { ty: "dict".into(), eq: "{}".into() };
        assert_eq!(put(&mut q, 5, Place::Sorted(Arc::new(dict))), (false, 3), "names the item it could not compare with");
        assert_eq!((q.items.len(), q.unfinished), (4, 4), "nothing was put");
        let mut l = Queue::new(0, &[]);
        put(&mut l, 1, Place::Front);
        put(&mut l, 2, Place::Front);
        assert_eq!(l.items.front().map(|i| i.value), Some(2), "newest first");
    }

    #[test]
    fn keys_compare_as_python_compares_them() {
        use SortKey::*;
        assert_eq!(Int(1).less(&Float(1.5)), Ok(true));
        assert_eq!(Bool(true).less(&Int(2)), Ok(true));
        assert_eq!(Str("b".into()).less(&Str("ab".into())), Ok(false));
        assert_eq!(t(vec![Int(1), Str("z".into())]).less(&t(vec![Int(2), Str("a".into())])), Ok(true));
        assert_eq!(t(vec![Int(1)]).less(&t(vec![Int(1), Int(0)])), Ok(true));
        let d = || Other { ty: "dict".into(), eq: "{}".into() };
        assert_eq!(d().less(&d()), Err("'<' not supported between instances of 'dict' and 'dict'".to_string()));
        // Equal first elements are not compared with `<`.
        assert_eq!(t(vec![Int(1), d()]).less(&t(vec![Int(1), d()])), Ok(false));
        assert_eq!(
            t(vec![Int(1), Str("a".into())]).less(&t(vec![Int(1), Int(2)])),
            Err("'<' not supported between instances of 'str' and 'int'".to_string())
        );
        assert_eq!(t(vec![]).less(&List(vec![])), Err("'<' not supported between instances of 'tuple' and 'list'".to_string()));
    }
}
