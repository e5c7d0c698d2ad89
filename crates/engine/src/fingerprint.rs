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

/// Collects a state's parts; [`Fingerprint::finish128`] gives the 128 bits.
///
/// The parts are written into a buffer and hashed once at the end: a state
/// is thousands of small writes (a few bytes each), and XXH3's streaming
/// update cost more per write than the copy (measured with `perf` on the
/// race lesson's search, 2026-12-06: a fifth of the search's time).
/// The buffer is the thread's own, kept from one fingerprint to the next
/// (allocating it afresh was a twelfth of the search's time).
pub struct Fingerprint(Lent<Vec<u8>>);

thread_local! {
    /// Buffers to reuse, a few: a fingerprint is made while another is
    /// (a heap cell's or a thread's digest, during a state's).
    static BUFFERS: Shelf<Vec<u8>> = const { Shelf::new() };
}

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint(Lent::take(&BUFFERS))
    }
}

// Every part of a state is a few bytes written here, thousands a state; the
// page's build is for size ("z"), where these would each be a chain of calls
// (`write_u64` -> `write` -> `extend_from_slice` -> ...): inlined always.
impl Hasher for Fingerprint {
    #[inline(always)]
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }
    #[inline(always)]
    fn write_u8(&mut self, n: u8) {
        self.0.push(n);
    }
    #[inline(always)]
    fn write_u16(&mut self, n: u16) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }
    #[inline(always)]
    fn write_u32(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }
    #[inline(always)]
    fn write_u64(&mut self, n: u64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }
    #[inline(always)]
    fn write_usize(&mut self, n: usize) {
        // (As 8 bytes everywhere: a state hashes alike natively and in wasm.)
        self.0.extend_from_slice(&(n as u64).to_le_bytes());
    }
    #[inline(always)]
    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
    fn finish(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(&self.0)
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
        xxhash_rust::xxh3::xxh3_128(&self.0)
    }
}
