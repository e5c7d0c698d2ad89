//! Challenges (issue 14, item 3): the Deadlock Empire's win conditions. A
//! link with `challenge=` makes the student the scheduler of a step-by-step
//! run; the page says when the condition is reached and fires
//! `interleave:challenge-solved`.
//!
//! * `fail-check`: the run ends with one of the lesson's checks failing (the
//!   race's "no increment is lost").
//! * `deadlock`: the run ends with its actors waiting for each other forever.
//! * `both-in-critical-section`: two actors are in a critical section at the
//!   same moment. A program marks its critical section with
//!   `critical_section()` (from `interleave`), a step of its own, as the
//!   Deadlock Empire's levels do: an actor is in it while that call is its
//!   next step ([`crate::py::vm::World::in_critical_section`]).

use crate::model::ActorId;
use crate::outcome::Outcome;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Challenge {
    FailCheck,
    Deadlock,
    BothInCriticalSection,
}

impl Challenge {
    pub const ALL: [Challenge; 3] = [Challenge::FailCheck, Challenge::Deadlock, Challenge::BothInCriticalSection];

    /// As a link writes it.
    pub fn word(self) -> &'static str {
        match self {
            Challenge::FailCheck => "fail-check",
            Challenge::Deadlock => "deadlock",
            Challenge::BothInCriticalSection => "both-in-critical-section",
        }
    }

    pub fn parse(word: &str) -> Option<Challenge> {
        Challenge::ALL.into_iter().find(|c| c.word() == word.trim())
    }

    /// What the student is asked to do, in a sentence.
    pub fn goal(self) -> &'static str {
        match self {
            Challenge::FailCheck => "Challenge: you are the scheduler. Choose who runs next until the lesson's check fails.",
            Challenge::Deadlock => "Challenge: you are the scheduler. Choose who runs next until every thread waits for another forever.",
            Challenge::BothInCriticalSection => {
                "Challenge: you are the scheduler. Choose who runs next until two threads are in the critical section (at critical_section()) at once."
            }
        }
    }

    /// Whether the condition holds: `ended` is the run's outcome once it has
    /// ended; `in_critical` the actors in the critical section now.
    pub fn met(self, ended: Option<&Outcome>, in_critical: &[ActorId]) -> bool {
        match self {
            Challenge::FailCheck => matches!(ended, Some(Outcome::InvariantViolated { .. })),
            Challenge::Deadlock => matches!(ended, Some(Outcome::Deadlock { .. })),
            Challenge::BothInCriticalSection => in_critical.len() >= 2,
        }
    }

    /// The page's sentence once the condition holds, after `steps` steps.
    pub fn solved(self, steps: u64, names: &[&str]) -> String {
        let steps = if steps == 1 { "1 step".to_string() } else { format!("{steps} steps") };
        match self {
            Challenge::FailCheck => format!("Solved in {steps}: in this interleaving the check fails."),
            Challenge::Deadlock => format!("Solved in {steps}: in this interleaving the threads deadlock."),
            Challenge::BothInCriticalSection => {
                format!("Solved in {steps}: {} are in the critical section at once.", names.join(" and "))
            }
        }
    }

    /// The page's sentence when the run ended without the condition.
    pub fn missed(self) -> &'static str {
        match self {
            Challenge::FailCheck => "The run ended and the check held: this interleaving is safe. Reset and try another order.",
            Challenge::Deadlock => "The run ended without a deadlock. Reset and try another order.",
            Challenge::BothInCriticalSection => "The run ended without two threads in the critical section at once. Reset and try another order.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_challenge_reads_back_from_its_word() {
        for c in Challenge::ALL {
            assert_eq!(Challenge::parse(c.word()), Some(c));
        }
        assert_eq!(Challenge::parse("win"), None);
    }

    #[test]
    fn each_condition_is_its_own() {
        let failed = Outcome::InvariantViolated { check: "c".into(), detail: String::new() };
        let stuck = Outcome::Deadlock { cycle: vec![] };
        assert!(Challenge::FailCheck.met(Some(&failed), &[]));
        assert!(!Challenge::FailCheck.met(Some(&stuck), &[0, 1]));
        assert!(!Challenge::FailCheck.met(None, &[]));
        assert!(Challenge::Deadlock.met(Some(&stuck), &[]));
        assert!(!Challenge::Deadlock.met(Some(&Outcome::Completed), &[]));
        assert!(Challenge::BothInCriticalSection.met(None, &[1, 2]));
        assert!(!Challenge::BothInCriticalSection.met(Some(&failed), &[1]));
    }
}
