//! A state's fingerprint: what the explorer's cache ([`crate::explore`])
//! compares to know that two schedules reached the same state.
//!
//! A fingerprint covers everything a run's future and its outcome depend
//! on (the actors, the objects, the program's heap, frames and globals,
//! virtual time, the random stream) and nothing of its history (the trace,
//! the schedule, step counts, what was printed, the notes that name a lost
//! update): two states with equal fingerprints end the same ways under the
//! same schedules. Hashes are 128 bits (XXH3-128), so a false match is out of
//! reach for any search the page can afford.

use std::fmt::{self, Debug, Write};
use std::hash::Hasher;

use crate::room::{Lent, Shelf};

/// A 128-bit fingerprint as the blocks a search allocates keep it (a heap
/// cell's digest, a state on the way to a node): two halves, aligned to 8.
/// A `u128` is aligned to 16 on wasm32, and the page's allocator serves
/// such blocks from its locked heap, not from the worker's own cache
/// (`crates/app/src/alloc.rs`): a cell written at every step took the lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Bits128([u64; 2]);

impl From<u128> for Bits128 {
    #[inline(always)]
    fn from(n: u128) -> Bits128 {
        Bits128([n as u64, (n >> 64) as u64])
    }
}

impl From<Bits128> for u128 {
    #[inline(always)]
    fn from(b: Bits128) -> u128 {
        b.0[0] as u128 | (b.0[1] as u128) << 64
    }
}

/// Collects a state's parts; [`Fingerprint::finish128`] gives the 128 bits.
///
/// The parts are written into a buffer and hashed once at the end: a state
/// is thousands of small writes (a few bytes each), and XXH3's streaming
/// update cost more per write than the copy (measured with `perf` on the
/// race lesson's search, 2026-12-06: a fifth of the search's time).
/// The buffer is the thread's own, kept from one fingerprint to the next
/// (allocating it afresh was a twelfth of the search's time).
///
/// A part is copied into bytes the buffer already has (`put`: one bounds
/// check and one store), not pushed: in the page's build for size, each
/// `extend_from_slice` stayed a call (`append_elements`, with its `reserve`),
/// 12 % of a search's time in V8 (node `--cpu-prof` of the engine built
/// for wasm at "z", 2026-12-07).
pub struct Fingerprint {
    buf: Lent<Scratch>,
    /// How many bytes of `buf` this fingerprint has written.
    len: usize,
}

/// Bytes to write over: their old content is never read (a fingerprint
/// reads only what it wrote), so emptying keeps them.
#[derive(Default)]
struct Scratch(Vec<u8>);

impl crate::room::Room for Scratch {
    fn clear(&mut self) {}
    fn bytes(&self) -> usize {
        self.0.capacity()
    }
}

thread_local! {
    /// Buffers to reuse, a few: a fingerprint is made while another is
    /// (a heap cell's or a thread's digest, during a state's).
    static BUFFERS: Shelf<Scratch> = const { Shelf::new() };
}

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint { buf: Lent::take(&BUFFERS), len: 0 }
    }
}

impl Fingerprint {
    /// Writes `bytes` after what is written.
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        match self.buf.0.get_mut(self.len..end) {
            Some(room) => room.copy_from_slice(bytes),
            None => self.grow(bytes),
        }
        self.len = end;
    }

    /// [`Fingerprint::put`] when the buffer is too short: at least doubled.
    #[cold]
    #[inline(never)]
    fn grow(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        let size = end.max(2 * self.buf.0.len()).max(256);
        self.buf.0.resize(size, 0);
        self.buf.0[self.len..end].copy_from_slice(bytes);
    }

    /// What is written.
    fn written(&self) -> &[u8] {
        &self.buf.0[..self.len]
    }
}

// Every part of a state is a few bytes written here, thousands a state; the
// page's build is for size ("z"), where these would each be a chain of calls
// (`write_u64` -> `write` -> ...): inlined always, every width (the
// defaults of those not written here would be calls too).
impl Hasher for Fingerprint {
    #[inline(always)]
    fn write(&mut self, bytes: &[u8]) {
        self.put(bytes);
    }
    #[inline(always)]
    fn write_u8(&mut self, n: u8) {
        self.put(&[n]);
    }
    #[inline(always)]
    fn write_u16(&mut self, n: u16) {
        self.put(&n.to_le_bytes());
    }
    #[inline(always)]
    fn write_u32(&mut self, n: u32) {
        self.put(&n.to_le_bytes());
    }
    #[inline(always)]
    fn write_u64(&mut self, n: u64) {
        self.put(&n.to_le_bytes());
    }
    #[inline(always)]
    fn write_u128(&mut self, n: u128) {
        self.put(&n.to_le_bytes());
    }
    #[inline(always)]
    fn write_usize(&mut self, n: usize) {
        // (As 8 bytes everywhere: a state hashes alike natively and in wasm.)
        self.put(&(n as u64).to_le_bytes());
    }
    #[inline(always)]
    fn write_i8(&mut self, n: i8) {
        self.write_u8(n as u8);
    }
    #[inline(always)]
    fn write_i16(&mut self, n: i16) {
        self.write_u16(n as u16);
    }
    #[inline(always)]
    fn write_i32(&mut self, n: i32) {
        self.write_u32(n as u32);
    }
    #[inline(always)]
    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
    #[inline(always)]
    fn write_i128(&mut self, n: i128) {
        self.write_u128(n as u128);
    }
    #[inline(always)]
    fn write_isize(&mut self, n: isize) {
        self.write_usize(n as usize);
    }
    fn finish(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(self.written())
    }
}

impl Write for Fingerprint {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.write(s.as_bytes());
        Ok(())
    }
}

impl Fingerprint {
    /// A part that has no `Hash` (it holds floats): its `Debug` text,
    /// written straight into the buffer.
    pub fn debug(&mut self, part: &dyn Debug) {
        let _ = write!(self, "{part:?}");
        self.write_u8(0xff);
    }

    pub fn finish128(&self) -> u128 {
        xxhash_rust::xxh3::xxh3_128(self.written())
    }
}
