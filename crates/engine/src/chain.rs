//! An append-only sequence whose clones share the part they have in common.
//!
//! A search clones the simulator at every step it branches, and each clone
//! carries the schedule that led to it (and the search its place in the
//! depth-first order). As `Vec`s those made a clone cost its whole depth, and
//! a search `d` steps deep kept about `d` pending clones: memory and time
//! in `d²`. Explore on the race lesson at its default parameters (executions
//! 20,000 steps long) grew past a gigabyte and the page's workers died of it.
//! A [`Chain`] keeps full chunks frozen behind an `Arc`, shared by every
//! clone, and only a short tail of its own: a clone costs at most
//! `CHUNK` items, whatever the length.

use std::sync::Arc;

/// Items a clone copies at most (the unfrozen tail).
const CHUNK: usize = 32;

/// See the module doc.
pub struct Chain<T> {
    /// Full chunks, newest first, shared with the clones made after them.
    frozen: Option<Arc<Link<T>>>,
    /// The items after the last full chunk (fewer than `CHUNK`).
    tail: Vec<T>,
    len: usize,
}

struct Link<T> {
    items: Box<[T]>,
    parent: Option<Arc<Link<T>>>,
}

impl<T> Drop for Link<T> {
    /// Frees a long chain in a loop, not by recursion (a run of ten
    /// million steps is 300,000 links: recursion would overflow the stack).
    fn drop(&mut self) {
        let mut next = self.parent.take();
        while let Some(link) = next {
            match Arc::try_unwrap(link) {
                Ok(mut only) => next = only.parent.take(),
                Err(_) => break,
            }
        }
    }
}

impl<T> Default for Chain<T> {
    fn default() -> Self {
        Chain { frozen: None, tail: Vec::new(), len: 0 }
    }
}

impl<T: Clone> Clone for Chain<T> {
    fn clone(&self) -> Self {
        // Room for the whole chunk: a clone is made to be pushed on (a
        // search's child takes one more step), and growing it again cost
        // a reallocation per clone.
        let mut tail = Vec::with_capacity(CHUNK);
        tail.extend_from_slice(&self.tail);
        Chain { frozen: self.frozen.clone(), tail, len: self.len }
    }
}

impl<T: Copy + std::fmt::Debug> std::fmt::Debug for Chain<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.to_vec()).finish()
    }
}

impl<T: Copy> Chain<T> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn push(&mut self, item: T) {
        if self.tail.capacity() == 0 {
            self.tail.reserve_exact(CHUNK);
        }
        self.tail.push(item);
        self.len += 1;
        if self.tail.len() == CHUNK {
            let items = std::mem::take(&mut self.tail).into_boxed_slice();
            self.frozen = Some(Arc::new(Link { items, parent: self.frozen.take() }));
        }
    }

    /// The last item pushed.
    pub fn last(&self) -> Option<T> {
        match self.tail.last() {
            Some(&x) => Some(x),
            None => self.frozen.as_ref().and_then(|l| l.items.last().copied()),
        }
    }

    /// The items, newest first.
    pub fn iter_rev(&self) -> impl Iterator<Item = T> + '_ {
        let links = std::iter::successors(self.frozen.as_deref(), |l| l.parent.as_deref());
        self.tail.iter().rev().copied().chain(links.flat_map(|l| l.items.iter().rev().copied()))
    }

    /// The items from index `from` on, newest first.
    pub fn since(&self, from: usize) -> impl Iterator<Item = T> + '_ {
        self.iter_rev().take(self.len.saturating_sub(from))
    }

    /// The items in order, as a `Vec`.
    pub fn to_vec(&self) -> Vec<T> {
        let mut v: Vec<T> = self.iter_rev().collect();
        v.reverse();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::Chain;

    #[test]
    fn a_clone_goes_on_apart_and_both_keep_their_items_in_order() {
        let mut a = Chain::new();
        for i in 0..100u32 {
            a.push(i);
        }
        let mut b = a.clone();
        b.push(1000);
        a.push(2000);
        let mut want: Vec<u32> = (0..100).collect();
        want.push(2000);
        assert_eq!(a.to_vec(), want);
        want[100] = 1000;
        assert_eq!(b.to_vec(), want);
        assert_eq!((a.len(), a.last(), b.last()), (101, Some(2000), Some(1000)));
        assert_eq!(b.since(97).collect::<Vec<_>>(), vec![1000, 99, 98, 97]);
        assert_eq!(Chain::<u8>::new().last(), None);
        // At a chunk's edge: the tail is empty, the last item is frozen.
        let mut c = Chain::new();
        for i in 0..64u32 {
            c.push(i);
        }
        assert_eq!((c.last(), c.since(62).collect::<Vec<_>>()), (Some(63), vec![63, 62]));
    }

    #[test]
    fn a_chain_of_ten_million_items_is_dropped_without_overflowing_the_stack() {
        let mut a = Chain::new();
        for i in 0..10_000_000u32 {
            a.push(i);
        }
        let b = a.clone();
        drop(a);
        assert_eq!(b.len(), 10_000_000);
        drop(b);
    }
}
