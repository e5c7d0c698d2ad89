//! A schedule is a value: the sequence of actors the simulator chose, with
//! a compact printable form that replays the run exactly (a share link).
//!
//! The text form is runs of `actor` or `actor*count` (both base 36) joined
//! by `.`, then `~` and a four-digit base-36 checksum of what precedes it:
//! `0*3.1.0*2~k3f9`. A garbled or truncated text fails the checksum or the
//! parse and is an error, never a panic.

use crate::digest::fnv32;
use crate::model::ActorId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Longest schedule text accepted (a hostile link must not cost much).
pub const MAX_TEXT: usize = 64 * 1024;
/// Most steps a parsed schedule may expand to.
pub const MAX_STEPS: usize = 10_000_000;

/// The actors chosen, step by step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub steps: Vec<ActorId>,
}

/// Why a schedule text was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScheduleError {
    TooLong,
    MissingChecksum,
    BadChecksum,
    BadRun { index: usize },
    TooManySteps,
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScheduleError::TooLong => write!(f, "the schedule is longer than {MAX_TEXT} characters"),
            ScheduleError::MissingChecksum => write!(f, "the schedule has no checksum (was it cut short?)"),
            ScheduleError::BadChecksum => write!(f, "the schedule's checksum does not match (it was changed or cut)"),
            ScheduleError::BadRun { index } => write!(f, "run {index} of the schedule cannot be read"),
            ScheduleError::TooManySteps => write!(f, "the schedule has more than {MAX_STEPS} steps"),
        }
    }
}

impl std::error::Error for ScheduleError {}

fn b36(mut n: u64) -> String {
    const D: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    if n == 0 {
        return "0".into();
    }
    let mut out = Vec::new();
    while n > 0 {
        out.push(D[(n % 36) as usize]);
        n /= 36;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn parse_b36(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 12 {
        return None;
    }
    let mut n: u64 = 0;
    for c in s.chars() {
        let d = c.to_digit(36)? as u64;
        n = n.checked_mul(36)?.checked_add(d)?;
    }
    Some(n)
}

fn checksum(body: &str) -> String {
    let c = fnv32(body.as_bytes()) % (36u32.pow(4));
    format!("{:0>4}", b36(c as u64))
}

impl Schedule {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, actor: ActorId) {
        self.steps.push(actor);
    }

    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The compact printable form (see the module doc).
    pub fn encode(&self) -> String {
        let mut runs: Vec<String> = Vec::new();
        let mut i = 0;
        while i < self.steps.len() {
            let a = self.steps[i];
            let mut j = i + 1;
            while j < self.steps.len() && self.steps[j] == a {
                j += 1;
            }
            let n = j - i;
            runs.push(if n == 1 { b36(a as u64) } else { format!("{}*{}", b36(a as u64), b36(n as u64)) });
            i = j;
        }
        let body = runs.join(".");
        let sum = checksum(&body);
        format!("{body}~{sum}")
    }

    /// Parses [`Schedule::encode`]'s form.
    pub fn parse(text: &str) -> Result<Schedule, ScheduleError> {
        if text.len() > MAX_TEXT {
            return Err(ScheduleError::TooLong);
        }
        let text = text.trim();
        let (body, sum) = text.rsplit_once('~').ok_or(ScheduleError::MissingChecksum)?;
        if sum.len() != 4 || checksum(body) != sum {
            return Err(ScheduleError::BadChecksum);
        }
        let mut steps = Vec::new();
        if body.is_empty() {
            return Ok(Schedule { steps });
        }
        for (index, run) in body.split('.').enumerate() {
            let (a, n) = match run.split_once('*') {
                Some((a, n)) => (a, parse_b36(n).filter(|&n| n >= 2).ok_or(ScheduleError::BadRun { index })?),
                None => (run, 1),
            };
            let a = parse_b36(a).filter(|&a| a < 1 << 20).ok_or(ScheduleError::BadRun { index })? as usize;
            if steps.len() as u64 + n > MAX_STEPS as u64 {
                return Err(ScheduleError::TooManySteps);
            }
            steps.extend(std::iter::repeat_n(a, n as usize));
        }
        Ok(Schedule { steps })
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encode())
    }
}

impl std::str::FromStr for Schedule {
    type Err = ScheduleError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Schedule::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schedule_prints_compactly_and_parses_back() {
        let s = Schedule { steps: vec![0, 0, 0, 1, 0, 0, 37, 37] };
        let t = s.encode();
        assert!(t.starts_with("0*3.1.0*2.11*2~"), "{t}");
        assert_eq!(Schedule::parse(&t), Ok(s));
        assert_eq!(Schedule::parse(&Schedule::new().encode()), Ok(Schedule::new()));
    }

    #[test]
    fn every_truncation_and_garbling_is_an_error_not_a_panic() {
        let s = Schedule { steps: (0..200).map(|i| (i * 7 % 5) as usize).collect() };
        let t = s.encode();
        for cut in 0..t.len() {
            assert!(Schedule::parse(&t[..cut]).is_err(), "cut at {cut}");
        }
        for bad in ["~", "zz~0000", "0*1~abcd", "0*zzzzzzzzzzzzz~0000", "é~é", "0..1~0000", "*~****"] {
            assert!(Schedule::parse(bad).is_err(), "{bad}");
        }
        let mut garbled = t.clone().into_bytes();
        garbled[3] = b'z';
        assert!(Schedule::parse(&String::from_utf8(garbled).unwrap()).is_err());
    }

    #[test]
    fn a_huge_run_count_is_refused() {
        let body = "0*zzzzzzzz";
        let t = format!("{body}~{}", checksum(body));
        assert_eq!(Schedule::parse(&t), Err(ScheduleError::TooManySteps));
    }
}
