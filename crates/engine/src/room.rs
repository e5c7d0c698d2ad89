//! Room a thread keeps between uses: lists that every step of a search
//! makes and forgets (a fingerprint's bytes, a heap walk's numbering, a
//! node's choices), lent to one use and given back emptied, so that the
//! next use allocates nothing.
//!
//! One pattern, said once: a thread-local [`Shelf`] of a few emptied rooms;
//! [`Lent::take`] takes one (or makes one, if the shelf is empty: a use
//! nested in another of the same kind finds the next one down); dropping the
//! [`Lent`] clears the room and shelves it again, however the use ends
//! (a panic included), unless it is huge or the shelf is full.
//!
//! ```ignore
//! thread_local! {
//!     static LISTS: Shelf<Vec<u32>> = const { Shelf::new() };
//! }
//! let mut list = Lent::take(&LISTS); // empty, with the last use's capacity
//! list.push(1);
//! // dropped: cleared and shelved
//! ```

use std::cell::RefCell;
use std::ops::{Deref, DerefMut};
use std::thread::LocalKey;

/// How many rooms a shelf keeps (uses of one kind nest this deep, at most,
/// without allocating: a state's fingerprint, a cell's digest inside it).
const KEEP: usize = 4;

/// The largest room kept, in bytes of capacity: a huge state's room is
/// given back to the allocator, not held by the thread for ever.
pub const KEEP_BYTES: usize = 1 << 20;

/// What can be kept between uses: emptied without losing its capacity.
pub trait Room: Default {
    /// Empties it, keeping what it has allocated.
    fn clear(&mut self);
    /// The bytes it holds allocated.
    fn bytes(&self) -> usize;
}

impl<T> Room for Vec<T> {
    #[inline]
    fn clear(&mut self) {
        Vec::clear(self);
    }
    #[inline]
    fn bytes(&self) -> usize {
        self.capacity() * std::mem::size_of::<T>()
    }
}

impl<A: Room, B: Room> Room for (A, B) {
    #[inline]
    fn clear(&mut self) {
        self.0.clear();
        self.1.clear();
    }
    #[inline]
    fn bytes(&self) -> usize {
        self.0.bytes() + self.1.bytes()
    }
}

/// A thread's kept rooms of one kind (declare it in `thread_local!`).
pub struct Shelf<T>(RefCell<Vec<T>>);

impl<T> Shelf<T> {
    pub const fn new() -> Shelf<T> {
        Shelf(RefCell::new(Vec::new()))
    }
}

impl<T> Default for Shelf<T> {
    fn default() -> Self {
        Shelf::new()
    }
}

/// A room lent to one use: empty when taken, emptied and shelved again
/// when dropped.
pub struct Lent<T: Room + 'static> {
    room: T,
    shelf: &'static LocalKey<Shelf<T>>,
}

impl<T: Room + 'static> Lent<T> {
    /// An empty room from `shelf`: a kept one, or a new one.
    #[inline]
    pub fn take(shelf: &'static LocalKey<Shelf<T>>) -> Lent<T> {
        // (A thread whose locals are being torn down gets a new room.)
        let room = shelf.try_with(|s| s.0.borrow_mut().pop()).ok().flatten().unwrap_or_default();
        Lent { room, shelf }
    }
}

impl<T: Room + 'static> Drop for Lent<T> {
    #[inline]
    fn drop(&mut self) {
        if self.room.bytes() > KEEP_BYTES {
            return;
        }
        let mut room = std::mem::take(&mut self.room);
        room.clear();
        let _ = self.shelf.try_with(|s| {
            // (`try_borrow_mut`: never a panic inside a drop.)
            if let Ok(mut s) = s.0.try_borrow_mut() {
                if s.len() < KEEP {
                    s.push(room);
                }
            }
        });
    }
}

impl<T: Room + 'static> Deref for Lent<T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        &self.room
    }
}

impl<T: Room + 'static> DerefMut for Lent<T> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut T {
        &mut self.room
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static LISTS: Shelf<Vec<u32>> = const { Shelf::new() };
    }

    fn shelved() -> Vec<usize> {
        LISTS.with(|s| s.0.borrow().iter().map(|v| v.capacity()).collect())
    }

    /// A room comes back empty with its capacity; nested uses each get
    /// their own; a huge one and one past the shelf's size are let go.
    #[test]
    fn rooms_are_lent_emptied_and_kept_within_limits() {
        {
            let mut a = Lent::take(&LISTS);
            a.extend(0..100);
        }
        assert_eq!(shelved().len(), 1);
        {
            let a = Lent::take(&LISTS);
            assert!(a.is_empty() && a.capacity() >= 100, "the kept room, emptied");
            let b = Lent::take(&LISTS);
            assert_eq!(b.capacity(), 0, "a nested use gets another room");
        }
        assert_eq!(shelved().len(), 2);
        {
            let mut huge = Lent::take(&LISTS);
            huge.resize(KEEP_BYTES / 4 + 1, 0);
        }
        assert!(shelved().iter().all(|&c| c * 4 <= KEEP_BYTES), "a huge room is not kept");
        {
            let rooms: Vec<_> = (0..KEEP + 2).map(|_| Lent::take(&LISTS)).collect();
            drop(rooms);
        }
        assert_eq!(shelved().len(), KEEP);
        // A use that panics gives its room back too.
        let before = shelved().len();
        let _ = std::panic::catch_unwind(|| {
            let _a = Lent::take(&LISTS);
            panic!("a use that fails");
        });
        assert_eq!(shelved().len(), before);
    }
}
