//! Compute kernels: real CPU work that the runtimes run on a thread (or,
//! to show the lesson, on the event loop). Results are kept and returned so
//! the optimiser cannot remove the work.
//!
//! The engine has no clock of its own (`std::time::Instant` panics on
//! `wasm32-unknown-unknown`): callers pass `now_ms`, a monotonic clock in
//! milliseconds (`performance.now()` in the browser, `Instant` natively).

use crate::cancel::CancelToken;

/// The run was stopped before the work finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

/// Deterministic primality test by trial division over 6k ± 1, as the seed's
/// `is_prime` (seed 002 §19.3) does with `math.isqrt`.
pub fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    if n < 4 {
        return true;
    }
    if n % 2 == 0 || n % 3 == 0 {
        return false;
    }
    let mut i: u64 = 5;
    // i * i <= n without overflow for n up to u64::MAX.
    while i <= n / i {
        if n % i == 0 || n % (i + 2) == 0 {
            return false;
        }
        i += 6;
    }
    true
}

/// Trial divisions per millisecond the simulator charges: roughly what
/// native code does (an `is_prime` iteration is two 64-bit divisions).
pub const ITERATIONS_PER_MS: u64 = 250_000;

/// [`is_prime`] that can stop after a budget of iterations and resume where
/// it stopped (a thread that gives up the GIL mid-computation, seed 004
/// §16.1.2). Counts the iterations it ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PrimeCheck {
    pub n: u64,
    i: u64,
    answer: Option<bool>,
    /// Loop iterations run so far.
    pub iterations: u64,
}

impl PrimeCheck {
    pub fn new(n: u64) -> Self {
        let answer = if n < 2 {
            Some(false)
        } else if n < 4 {
            Some(true)
        } else if n % 2 == 0 || n % 3 == 0 {
            Some(false)
        } else {
            None
        };
        PrimeCheck { n, i: 5, answer, iterations: 0 }
    }

    /// The answer, once known.
    pub fn answer(&self) -> Option<bool> {
        self.answer
    }

    /// Runs at most `budget` iterations; the answer once it is known.
    ///
    /// Never inlined, on purpose: WebAssembly engines start a function in a
    /// baseline tier and swap in optimised code only at the next call (V8 has
    /// no on-stack replacement for wasm). Inlined into a runtime's large
    /// interpreter function, this loop ran whole primes in baseline code on
    /// Web Workers; as its own small function it is called once per chunk
    /// and is optimised after the first few.
    #[inline(never)]
    pub fn run(&mut self, budget: u64) -> Option<bool> {
        if self.answer.is_some() {
            return self.answer;
        }
        let n = std::hint::black_box(self.n);
        let mut i = self.i;
        let mut left = budget;
        while left > 0 {
            if i > n / i {
                self.answer = Some(true);
                break;
            }
            if n % i == 0 || n % (i + 2) == 0 {
                self.answer = Some(false);
                break;
            }
            i += 6;
            left -= 1;
        }
        self.iterations += budget - left;
        self.i = i;
        self.answer
    }
}

/// Sum of k² for k in 1..=n, computed the long way (it is CPU work on purpose).
pub fn sum_of_squares(n: u64) -> u64 {
    (1..=n).fold(0u64, |acc, k| acc.wrapping_add(k.wrapping_mul(k)))
}

/// Burns the calling thread for `duration_ms` of real CPU work (primality
/// tests on successive odd numbers), checking the clock and `cancel` between
/// chunks of well under a millisecond. Returns how many primes it found.
pub fn burn_cpu(duration_ms: f64, now_ms: &dyn Fn() -> f64, cancel: &CancelToken) -> Result<u64, Cancelled> {
    let start = now_ms();
    let mut n: u64 = 1_000_000_001;
    let mut found = 0u64;
    loop {
        for _ in 0..64 {
            if is_prime(std::hint::black_box(n)) {
                found += 1;
            }
            n += 2;
        }
        if cancel.is_cancelled() {
            return Err(Cancelled);
        }
        if now_ms() - start >= duration_ms {
            return Ok(found);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn primality_agrees_with_a_sieve_below_ten_thousand() {
        let n = 10_000usize;
        let mut sieve = vec![true; n];
        sieve[0] = false;
        sieve[1] = false;
        for i in 2..n {
            if sieve[i] {
                for j in (i * i..n).step_by(i) {
                    sieve[j] = false;
                }
            }
        }
        for (i, &p) in sieve.iter().enumerate() {
            assert_eq!(is_prime(i as u64), p, "{i}");
        }
    }

    #[test]
    fn primality_of_large_numbers_from_the_seed() {
        // From PRIME_FIXTURE (seed 002 §19.3).
        assert!(is_prime(142_702_110_479_723));
        assert!(is_prime(4_444_444_444_444_423));
        assert!(!is_prime(4_444_444_444_444_444));
        assert!(!is_prime(u64::MAX));
    }

    #[test]
    fn a_prime_check_in_slices_agrees_with_one_in_one_go() {
        for n in [2u64, 9, 25, 1_000_003, 1_000_001 * 1_000_003, 142_702_110_479_723] {
            let mut p = PrimeCheck::new(n);
            let mut slices = 0;
            while p.run(100).is_none() {
                slices += 1;
            }
            assert_eq!(p.answer(), Some(is_prime(n)), "{n}");
            assert!(n != 142_702_110_479_723 || slices > 10, "{n} took {slices} slices");
        }
    }

    #[test]
    fn sum_of_squares_matches_the_closed_form() {
        for n in [0u64, 1, 2, 10, 1000] {
            assert_eq!(sum_of_squares(n), n * (n + 1) * (2 * n + 1) / 6);
        }
    }

    #[test]
    fn burn_cpu_lasts_as_long_as_asked_and_does_work() {
        let t0 = Instant::now();
        let clock = move || t0.elapsed().as_secs_f64() * 1000.0;
        let found = burn_cpu(50.0, &clock, &CancelToken::new()).unwrap();
        let took = clock();
        assert!(took >= 50.0, "{took}");
        assert!(found > 0);
    }

    #[test]
    fn burn_cpu_stops_when_cancelled() {
        let t0 = Instant::now();
        let clock = move || t0.elapsed().as_secs_f64() * 1000.0;
        let cancel = CancelToken::new();
        let c2 = cancel.clone();
        let h = std::thread::spawn(move || burn_cpu(60_000.0, &clock, &c2));
        std::thread::sleep(std::time::Duration::from_millis(20));
        cancel.cancel();
        assert_eq!(h.join().unwrap(), Err(Cancelled));
    }
}
