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

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::{Cell, UnsafeCell};
use core::sync::atomic::{AtomicI32, Ordering};

/// The page's global allocator (see the module's documentation).
pub struct Allocator {
    state: AtomicI32,
    heap: UnsafeCell<dlmalloc::Dlmalloc>,
}

// SAFETY: `heap` is only touched while `state` is held (see `Held`).
unsafe impl Sync for Allocator {}

#[global_allocator]
static ALLOCATOR: Allocator = Allocator { state: AtomicI32::new(0), heap: UnsafeCell::new(dlmalloc::Dlmalloc::new()) };

std::thread_local! {
    // Const-initialised and without a destructor: a plain wasm TLS slot,
    // which allocates nothing (this is read inside the allocator).
    static MAY_WAIT: Cell<bool> = const { Cell::new(false) };
}

/// Says that the calling thread is a Web Worker, which may wait for the
/// allocator's lock (never call it on the main thread).
pub fn mark_worker_thread() {
    MAY_WAIT.with(|m| m.set(true));
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

// SAFETY: every call goes to dlmalloc under the lock, with the layout's own
// size and alignment, exactly as std's wasm allocator calls it.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _held = self.lock();
        unsafe { (*self.heap.get()).malloc(layout.size(), layout.align()) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let _held = self.lock();
        unsafe { (*self.heap.get()).calloc(layout.size(), layout.align()) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let _held = self.lock();
        unsafe { (*self.heap.get()).free(ptr, layout.size(), layout.align()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _held = self.lock();
        unsafe { (*self.heap.get()).realloc(ptr, layout.size(), layout.align(), new_size) }
    }
}
