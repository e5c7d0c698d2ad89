//! The page's memory allocator: dlmalloc (the allocator Rust's standard
//! library uses on wasm) behind a lock that lets Web Workers sleep.
//!
//! Why: with threads, std's wasm allocator guards dlmalloc with a lock that
//! every thread *spins* on, because the main thread may never wait
//! (`memory.atomic.wait32` traps there). A program on real threads allocates
//! at every step of the interpreter, so with 16 actors on 2 cores the threads
//! that want the lock spin away whole time slices of the core the holder
//! needs; the page's main thread, which allocates to draw, spun with them
//! (main-thread tasks of 50 to 370 ms in the first part of a 16-thread run,
//! issue 13's bench), and two workers gained less from the second core than
//! natively. The fix is the one proposed when std chose to spin
//! (rust-lang/rust#58855): only the main thread spins; Web Workers wait
//! (`memory.atomic.wait32`) and are woken by the unlock, so a contended lock
//! costs them no CPU and its holder keeps its core.
//!
//! The lock is Drepper's three-state futex mutex ("Futexes are tricky",
//! mutex 2): 0 free, 1 held, 2 held and someone may wait. Whoever takes the
//! lock after contention takes it in state 2, so its unlock wakes a sleeper.
//!
//! Which threads may wait: those that called [`mark_worker_thread`] (every
//! job the page puts on the pool calls it first: `pool::spawn`). Any other
//! thread spins, as with std's allocator: spinning is always allowed, and the
//! only wrong answer would be a main thread that waits.
//!
//! **A cache per Web Worker.** Even a lock that sleeps serialises the
//! threads: Explore split across two workers cloned simulators through the
//! one lock and explored 4,716 executions a second against one worker's
//! 9,150 (2026-12-04). So each worker keeps, for every small size, a list of
//! blocks of its own, as tcmalloc's and mimalloc's thread caches do: most
//! allocations and frees of a worker never touch the lock, and the rest take
//! it once for a batch. The pieces:
//! - A *small* layout (at most [`SMALL_MAX`] bytes, alignment at most 8,
//!   dlmalloc's own) belongs to a size class (8-byte steps up to 512 bytes,
//!   64-byte steps above), and is always
//!   allocated from dlmalloc at its class's size, on every thread. So any
//!   small block can serve any request of its class, whichever thread made or
//!   frees it.
//! - A worker's free list of a class is a chain through the blocks' first
//!   word. It refills from dlmalloc [`REFILL`] blocks at a time under one
//!   lock, and when it holds more than its cap (about [`CACHE_BYTES`] per
//!   class, and at least [`MIN_CAP`] blocks) gives half back under one lock.
//!   At most about 600 KiB wait in one worker's cache.
//! - [`release_thread_cache`] gives a worker's blocks back: every pool job
//!   does it when it ends, so an idle worker keeps nothing.
//! - The main thread (and any thread not marked) uses no cache: it allocates
//!   little, and its blocks simply meet the workers' in dlmalloc.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::{Cell, UnsafeCell};
use core::sync::atomic::{AtomicI32, AtomicUsize, Ordering};

/// Bytes dlmalloc has handed out and not had back (a worker's cached free
/// blocks count as in use: at most about 600 KiB a worker).
static IN_USE: AtomicUsize = AtomicUsize::new(0);

/// The memory the page's Rust has allocated and not freed, in bytes: what
/// Explore checks against its memory budget.
pub fn bytes_in_use() -> usize {
    IN_USE.load(Ordering::Relaxed)
}

/// The page's global allocator (see the module's documentation).
pub struct Allocator {
    state: AtomicI32,
    heap: UnsafeCell<dlmalloc::Dlmalloc>,
}

// SAFETY: `heap` is only touched while `state` is held (see `Held`).
unsafe impl Sync for Allocator {}

#[global_allocator]
static ALLOCATOR: Allocator = Allocator { state: AtomicI32::new(0), heap: UnsafeCell::new(dlmalloc::Dlmalloc::new()) };

/// The largest request, in bytes, that a worker's cache serves.
pub const SMALL_MAX: usize = 2048;
/// Size classes: 8, 16, ..., 512 bytes in steps of 8, then 576, 640, ...,
/// [`SMALL_MAX`] in steps of 64.
const CLASSES: usize = 512 / 8 + (SMALL_MAX - 512) / 64;
/// A class's list gives half back when it holds more than about this many
/// bytes (and at least [`MIN_CAP`] blocks).
const CACHE_BYTES: usize = 4096;
/// The fewest blocks a class's list may keep.
const MIN_CAP: usize = 8;
/// Blocks taken from dlmalloc at once, at most, when a class's list is empty.
const REFILL: usize = 16;
/// What `Cache::on` holds on a marked worker. A word, not a bool: should an
/// allocation ever run on a new worker before its TLS block exists, it would
/// read this slot at an address near 0 (the bottom of the main thread's
/// stack, zeros), and a 32-bit pattern is not there by accident, so such an
/// allocation takes the lock and writes nowhere.
const ON: u32 = 0x5EED_CA5E;

/// A worker's own free blocks, per size class.
struct Cache {
    on: u32,
    head: [*mut u8; CLASSES],
    count: [u16; CLASSES],
}

std::thread_local! {
    // Const-initialised and without a destructor: plain wasm TLS slots,
    // which allocate nothing (they are read inside the allocator).
    static MAY_WAIT: Cell<bool> = const { Cell::new(false) };
    static CACHE: UnsafeCell<Cache> = const {
        UnsafeCell::new(Cache { on: 0, head: [core::ptr::null_mut(); CLASSES], count: [0; CLASSES] })
    };
}

/// Says that the calling thread is a Web Worker, which may wait for the
/// allocator's lock and keeps a cache of blocks (never call it on the main
/// thread).
pub fn mark_worker_thread() {
    MAY_WAIT.with(|m| m.set(true));
    // SAFETY: this thread's own slot; no allocation is under way on it.
    CACHE.with(|c| unsafe { (*c.get()).on = ON });
}

/// Gives every block of the calling thread's cache back to dlmalloc (a
/// pool job does it when it ends).
pub fn release_thread_cache() {
    let a = &ALLOCATOR;
    CACHE.with(|c| {
        // SAFETY: this thread's own cache, not otherwise borrowed now.
        let cache = unsafe { &mut *c.get() };
        if cache.on != ON || cache.count.iter().all(|&n| n == 0) {
            return;
        }
        let _held = a.lock();
        for class in 0..CLASSES {
            // SAFETY: under the lock; the blocks are dlmalloc's, of this class.
            unsafe { a.give_back(cache, class, cache.count[class] as usize) };
        }
    });
}

/// The size class of a small layout.
#[inline]
fn class_of(layout: &Layout) -> Option<usize> {
    let size = layout.size();
    if size > SMALL_MAX || layout.align() > 8 {
        None
    } else if size <= 512 {
        Some(size.max(1).div_ceil(8) - 1)
    } else {
        Some(512 / 8 + (size - 512).div_ceil(64) - 1)
    }
}

/// The bytes of a class's blocks: the largest request of the class.
#[inline]
fn class_size(class: usize) -> usize {
    if class < 512 / 8 { (class + 1) * 8 } else { 512 + (class + 1 - 512 / 8) * 64 }
}

/// Most blocks a class's list keeps.
#[inline]
fn cap(class: usize) -> usize {
    (CACHE_BYTES / class_size(class)).max(MIN_CAP)
}

/// Blocks a class's empty list takes from dlmalloc at once.
#[inline]
fn refill(class: usize) -> usize {
    cap(class).min(REFILL)
}

/// The calling thread's cache, if it is a marked worker.
#[inline]
fn with_cache<R>(f: impl FnOnce(Option<&mut Cache>) -> R) -> R {
    CACHE.with(|c| {
        // SAFETY: this thread's own cache; the allocator is not re-entered
        // while it is borrowed (dlmalloc itself never allocates).
        let cache = unsafe { &mut *c.get() };
        f(if cache.on == ON { Some(cache) } else { None })
    })
}

/// The lock, held while alive.
struct Held<'a>(&'a Allocator);

impl Allocator {
    fn lock(&self) -> Held<'_> {
        if self.state.compare_exchange(0, 1, Ordering::Acquire, Ordering::Relaxed).is_ok() {
            return Held(self);
        }
        if !MAY_WAIT.with(Cell::get) {
            // The main thread may not wait: it spins, and takes the lock in
            // state 2 so that its unlock wakes whoever sleeps meanwhile.
            loop {
                if self.state.load(Ordering::Relaxed) == 0
                    && self.state.compare_exchange(0, 2, Ordering::Acquire, Ordering::Relaxed).is_ok()
                {
                    return Held(self);
                }
                core::hint::spin_loop();
            }
        }
        // A worker: a short spin (the holder is usually done in well under a
        // microsecond), then sleep until an unlock wakes it.
        for _ in 0..64 {
            core::hint::spin_loop();
            if self.state.load(Ordering::Relaxed) == 0
                && self.state.compare_exchange(0, 1, Ordering::Acquire, Ordering::Relaxed).is_ok()
            {
                return Held(self);
            }
        }
        while self.state.swap(2, Ordering::Acquire) != 0 {
            // SAFETY: the address is a valid, aligned i32 of shared memory;
            // this is a Web Worker (see `mark_worker_thread`).
            unsafe {
                wasm32::memory_atomic_wait32(self.state.as_ptr(), 2, -1);
            }
        }
        Held(self)
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        if self.0.state.swap(0, Ordering::Release) == 2 {
            // SAFETY: a valid, aligned i32 of shared memory; any thread may notify.
            unsafe {
                wasm32::memory_atomic_notify(self.0.state.as_ptr(), 1);
            }
        }
    }
}

impl Allocator {
    /// A small block of `class` (from the cache where there is one).
    #[inline]
    unsafe fn alloc_small(&self, class: usize) -> *mut u8 {
        with_cache(|cache| match cache {
            Some(cache) => {
                if cache.count[class] == 0 {
                    let _held = self.lock();
                    for _ in 0..refill(class) {
                        // SAFETY: under the lock.
                        let p = unsafe { self.dl_malloc(class_size(class), 8) };
                        if p.is_null() {
                            break;
                        }
                        // SAFETY: a fresh block of at least 8 bytes, 8-aligned.
                        unsafe { push(cache, class, p) };
                    }
                    if cache.count[class] == 0 {
                        return core::ptr::null_mut();
                    }
                }
                // SAFETY: the list is not empty.
                unsafe { pop(cache, class) }
            }
            None => {
                let _held = self.lock();
                // SAFETY: under the lock.
                unsafe { self.dl_malloc(class_size(class), 8) }
            }
        })
    }

    /// Frees a small block of `class` (into the cache where there is one).
    #[inline]
    unsafe fn free_small(&self, ptr: *mut u8, class: usize) {
        with_cache(|cache| match cache {
            Some(cache) => {
                // SAFETY: `ptr` is a block of this class, no longer used.
                unsafe { push(cache, class, ptr) };
                if cache.count[class] as usize > cap(class) {
                    let _held = self.lock();
                    // SAFETY: under the lock.
                    unsafe { self.give_back(cache, class, cap(class) / 2) };
                }
            }
            None => {
                let _held = self.lock();
                // SAFETY: under the lock; allocated at its class's size.
                unsafe { self.dl_free(ptr, class_size(class), 8) }
            }
        })
    }

    // dlmalloc's calls, counted in IN_USE. The lock must be held.
    unsafe fn dl_malloc(&self, size: usize, align: usize) -> *mut u8 {
        let p = unsafe { (*self.heap.get()).malloc(size, align) };
        if !p.is_null() {
            IN_USE.fetch_add(size, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dl_calloc(&self, size: usize, align: usize) -> *mut u8 {
        let p = unsafe { (*self.heap.get()).calloc(size, align) };
        if !p.is_null() {
            IN_USE.fetch_add(size, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dl_free(&self, ptr: *mut u8, size: usize, align: usize) {
        IN_USE.fetch_sub(size, Ordering::Relaxed);
        unsafe { (*self.heap.get()).free(ptr, size, align) }
    }

    unsafe fn dl_realloc(&self, ptr: *mut u8, size: usize, align: usize, new_size: usize) -> *mut u8 {
        let p = unsafe { (*self.heap.get()).realloc(ptr, size, align, new_size) };
        if !p.is_null() {
            IN_USE.fetch_add(new_size, Ordering::Relaxed);
            IN_USE.fetch_sub(size, Ordering::Relaxed);
        }
        p
    }

    /// Frees `n` blocks of a class's list to dlmalloc. The lock must be held.
    unsafe fn give_back(&self, cache: &mut Cache, class: usize, n: usize) {
        for _ in 0..n.min(cache.count[class] as usize) {
            // SAFETY: the list is not empty; the caller holds the lock.
            unsafe {
                let p = pop(cache, class);
                self.dl_free(p, class_size(class), 8);
            }
        }
    }
}

/// Puts a free block on a class's list (its first word links to the next).
#[inline]
unsafe fn push(cache: &mut Cache, class: usize, p: *mut u8) {
    // SAFETY: `p` is a free block of at least 8 bytes, 8-aligned.
    unsafe { (p as *mut *mut u8).write(cache.head[class]) };
    cache.head[class] = p;
    cache.count[class] += 1;
}

/// Takes a block off a class's list, which must not be empty.
#[inline]
unsafe fn pop(cache: &mut Cache, class: usize) -> *mut u8 {
    let p = cache.head[class];
    // SAFETY: `p` is the list's head, a free block whose first word links on.
    cache.head[class] = unsafe { (p as *mut *mut u8).read() };
    cache.count[class] -= 1;
    p
}

// SAFETY: every call goes to dlmalloc under the lock. A small layout's block
// is always dlmalloc's block of its class's size (at least the layout's size,
// 8-aligned, which is at least the layout's alignment), whether it comes from
// dlmalloc or a cache, and goes back to dlmalloc with that size; any other
// layout goes to dlmalloc with its own size and alignment, exactly as std's
// wasm allocator calls it.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if let Some(class) = class_of(&layout) {
            return unsafe { self.alloc_small(class) };
        }
        let _held = self.lock();
        unsafe { self.dl_malloc(layout.size(), layout.align()) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if let Some(class) = class_of(&layout) {
            let p = unsafe { self.alloc_small(class) };
            if !p.is_null() {
                unsafe { core::ptr::write_bytes(p, 0, layout.size()) };
            }
            return p;
        }
        let _held = self.lock();
        unsafe { self.dl_calloc(layout.size(), layout.align()) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(class) = class_of(&layout) {
            return unsafe { self.free_small(ptr, class) };
        }
        let _held = self.lock();
        unsafe { self.dl_free(ptr, layout.size(), layout.align()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY (the layout): `GlobalAlloc::realloc` promises that
        // `new_size` with the old alignment is a valid layout.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (class_of(&layout), class_of(&new)) {
            (None, None) => {
                let _held = self.lock();
                unsafe { self.dl_realloc(ptr, layout.size(), layout.align(), new_size) }
            }
            (Some(a), Some(b)) if a == b => ptr,
            // Into or out of the small classes: a new block, the bytes
            // copied, the old block freed (a small block must stay exactly
            // its class's dlmalloc block).
            _ => unsafe {
                let p = self.alloc(new);
                if !p.is_null() {
                    core::ptr::copy_nonoverlapping(ptr, p, layout.size().min(new_size));
                    self.dealloc(ptr, layout);
                }
                p
            },
        }
    }
}
