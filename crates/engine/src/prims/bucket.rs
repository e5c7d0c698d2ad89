//! A token bucket (seed 004 §16.5.2, `TokenBucket`): it holds at most
//! `burst` tokens, starts full and refills at `rate` tokens per second.
//! `acquire` takes a token if there is one and never blocks; an admitted
//! request produces [`Key::Admitted`] with its time in microseconds.

use super::{Cx, Effect, Primitive};
use crate::model::{ActorId, Op};
use crate::outcome::Key;
use crate::i18n::{self, Lang};
use crate::trace::ObjectState;

#[derive(Clone, Debug)]
pub struct Bucket {
    pub rate: u32,
    pub burst: u32,
    pub tokens: f64,
    /// When it was last refilled (ms).
    pub last: f64,
}

/// For a state's fingerprint ([`crate::fingerprint`]): floats by their bits.
impl std::hash::Hash for Bucket {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (self.rate, self.burst, self.tokens.to_bits(), self.last.to_bits()).hash(h);
    }
}

impl Bucket {
    pub fn new(rate: u32, burst: u32) -> Self {
        Bucket { rate, burst, tokens: burst as f64, last: 0.0 }
    }

    /// Refills to `now` (ms) and takes a token if there is one.
    pub fn take(&mut self, now: f64) -> bool {
        let elapsed = (now - self.last).max(0.0);
        self.tokens = (self.tokens + elapsed * self.rate as f64 / 1000.0).min(self.burst as f64);
        self.last = now.max(self.last);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

pub fn accepts(op: Op) -> bool {
    matches!(op, Op::TakeToken { .. })
}

/// The Python text of `op` on the object called `name`.
pub fn text(op: Op, name: &str) -> String {
    match op {
        Op::TakeToken { .. } => format!("ok = {name}.acquire()"),
        _ => String::new(),
    }
}

impl Primitive for Bucket {
    #[inline]
    fn apply(&mut self, cx: &mut Cx<'_>, _op: Op) -> Effect {
        cx.ok = self.take(cx.now);
        if cx.ok {
            cx.value = Some((Key::Admitted, (cx.now * 1000.0).round() as i64));
        }
        Effect::Done
    }

    #[inline]
    fn show(&self, _blocked: Vec<ActorId>) -> ObjectState {
        ObjectState::TokenBucket { milli_tokens: (self.tokens * 1000.0).floor() as i64, burst: self.burst }
    }
}

/// Its declaration in Python (the notes' own class).
pub fn declaration(name: &str, rate: u32, burst: u32) -> String {
    format!("{name} = TokenBucket(rate={rate}, capacity={burst})")
}

/// Its chart: a ceiling at its burst; the level counts tokens.
pub fn axis(burst: u32) -> (Option<(f64, String)>, &'static str) {
    (Some((burst as f64, format!("burst {burst}"))), "tokens")
}

pub fn describe(lang: Lang, milli_tokens: i64, burst: u32) -> String {
    let tokens = format!("{:.2}", milli_tokens as f64 / 1000.0);
    i18n::format(lang, "obj-bucket", &[("tokens", &tokens), ("burst", &burst)])
}
