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
use xxhash_rust::xxh3::Xxh3;

/// Collects a state's parts; [`Fingerprint::finish128`] gives the 128 bits.
pub struct Fingerprint(Xxh3);

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint(Xxh3::new())
    }
}

impl Hasher for Fingerprint {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
    fn finish(&self) -> u64 {
        self.0.digest()
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
    /// written straight into the hash, without allocating.
    pub fn debug(&mut self, part: &dyn Debug) {
        let _ = write!(self, "{part:?}");
        self.write_u8(0xff);
    }

    pub fn finish128(&self) -> u128 {
        self.0.digest128()
    }
}
