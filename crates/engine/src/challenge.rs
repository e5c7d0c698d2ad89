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

use crate::i18n::Lang;
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
    pub fn goal(self, lang: Lang) -> &'static str {
        crate::i18n::text(lang, &format!("challenge-{}-goal", self.word()))
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
    pub fn solved(self, lang: Lang, steps: u64, names: &[&str]) -> String {
        use crate::i18n::{format, text};
        let steps = format(lang, "challenge-steps", &[("n", &steps)]);
        let names = names.join(text(lang, "challenge-names-and"));
        format(lang, &format!("challenge-{}-solved", self.word()), &[("steps", &steps), ("names", &names)])
    }

    /// The page's sentence when the run ended without the condition.
    pub fn missed(self, lang: Lang) -> &'static str {
        crate::i18n::text(lang, &format!("challenge-{}-missed", self.word()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_challenge_speaks_every_language() {
        for c in Challenge::ALL {
            for lang in Lang::ALL {
                for said in [c.goal(lang).to_string(), c.solved(lang, 3, &["t1", "t2"]), c.missed(lang).to_string()] {
                    assert!(!said.contains("⟦") && !said.contains("{$"), "{} in {}: {said}", c.word(), lang.word());
                }
            }
        }
        assert_eq!(Challenge::FailCheck.solved(Lang::En, 1, &[]), "Solved in 1 step: in this interleaving the check fails.");
        assert_eq!(
            Challenge::BothInCriticalSection.solved(Lang::En, 9, &["t1", "t2"]),
            "Solved in 9 steps: t1 and t2 are in the critical section at once."
        );
        assert_eq!(Challenge::Deadlock.solved(Lang::Zh, 4, &[]), "用 4 步完成：在这个交错执行中，线程发生了死锁。");
    }

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
