//! `queue.Queue(maxsize)`: a FIFO of integers. `put` blocks while it is
//! full, `get` while it is empty; as in Python, a capacity of 0 means
//! unbounded.

use super::{Cx, Effect, Primitive};
use crate::model::{ActorId, Op};
use crate::trace::ObjectState;
use std::collections::VecDeque;

#[derive(Clone, Debug)]
pub struct Queue {
    pub cap: u32,
    pub items: VecDeque<i64>,
}

impl Queue {
    pub fn new(cap: u32, items: &[i64]) -> Self {
        Queue { cap, items: items.iter().copied().collect() }
    }
}

pub fn accepts(op: Op) -> bool {
    matches!(op, Op::Put { .. } | Op::Get { .. } | Op::GetTimed { .. })
}

/// The Python text of `op` on the object called `name`.
pub fn text(op: Op, name: &str) -> String {
    match op {
        Op::Put { .. } => format!("{name}.put(item)"),
        Op::Get { .. } => format!("item = {name}.get()"),
        Op::GetTimed { timeout_ms, .. } => format!("item = {name}.get(timeout={})", timeout_ms as f64 / 1000.0),
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
        matches!(op, Op::Put { .. } | Op::Get { .. } | Op::GetTimed { .. })
    }

    #[inline]
    fn ready(&self, _a: ActorId, op: Op) -> bool {
        match op {
            Op::Put { .. } => self.cap == 0 || (self.items.len() as u32) < self.cap,
            Op::Get { .. } | Op::GetTimed { .. } => !self.items.is_empty(),
            _ => true,
        }
    }

    #[inline]
    fn apply(&mut self, cx: &mut Cx<'_>, op: Op) -> Effect {
        match op {
            Op::Put { .. } => self.items.push_back(cx.reg),
            Op::Get { .. } | Op::GetTimed { .. } => {
                cx.ok = true;
                if let Some(v) = self.items.pop_front() {
                    cx.reg = v;
                }
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

/// Its chart: a ceiling at its capacity; the level counts items.
pub fn axis(capacity: u32) -> (Option<(f64, String)>, &'static str) {
    (Some((capacity as f64, format!("capacity {capacity}"))), "items")
}

pub fn describe(len: u32, capacity: u32) -> String {
    format!("{len} of {capacity} items")
}
