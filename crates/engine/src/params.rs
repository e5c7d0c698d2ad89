//! Typed scenario parameters: what a scenario accepts, its defaults and
//! ranges, and the validation that turns untrusted text (a URL, a form field)
//! into values or into errors a person can read.
//!
//! Validation never fails as a whole: [`resolve`] returns the values it could
//! use, a default for every one it could not, and the list of problems, so a
//! page opened from a bad link still runs and says what it ignored.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// The longest raw value quoted back in an error message.
const QUOTE_MAX: usize = 40;

/// What values a parameter takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// One of a fixed list of words.
    Choice(&'static [&'static str]),
    /// An integer in `min..=max`.
    Int { min: i64, max: i64 },
}

/// One parameter of a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParamSpec {
    pub name: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub kind: ParamKind,
    pub default: Default,
}

/// A default that can live in a `static` table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Default {
    Int(i64),
    Word(&'static str),
}

/// A validated parameter value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(untagged)]
pub enum Value {
    Int(i64),
    Text(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(n) => write!(f, "{n}"),
            Value::Text(s) => f.write_str(s),
        }
    }
}

impl From<Default> for Value {
    fn from(d: Default) -> Self {
        match d {
            Default::Int(n) => Value::Int(n),
            Default::Word(w) => Value::Text(w.to_string()),
        }
    }
}

/// Why a raw value was not used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamError {
    Unknown { name: String },
    NotAChoice { name: &'static str, got: String, options: &'static [&'static str] },
    NotANumber { name: &'static str, got: String },
    OutOfRange { name: &'static str, min: i64, max: i64, got: String },
    Repeated { name: &'static str },
}

impl ParamError {
    /// The parameter it is about.
    pub fn name(&self) -> &str {
        match self {
            ParamError::Unknown { name } => name,
            ParamError::NotAChoice { name, .. }
            | ParamError::NotANumber { name, .. }
            | ParamError::OutOfRange { name, .. }
            | ParamError::Repeated { name } => name,
        }
    }
}

impl ParamError {
    /// The sentence in `lang` (English: the contract's, as [`fmt::Display`] writes it).
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::format as tf;
        match self {
            ParamError::Unknown { name } => tf(lang, "param-error-unknown", &[("name", &quote(name))]),
            ParamError::NotAChoice { name, got, options } => {
                tf(lang, "param-error-not-a-choice", &[("name", name), ("options", &options.join(", ")), ("got", &quote(got))])
            }
            ParamError::NotANumber { name, got } => tf(lang, "param-error-not-a-number", &[("name", name), ("got", &quote(got))]),
            ParamError::OutOfRange { name, min, max, got } => {
                tf(lang, "param-error-out-of-range", &[("name", name), ("min", min), ("max", max), ("got", &quote(got))])
            }
            ParamError::Repeated { name } => tf(lang, "param-error-repeated", &[("name", name)]),
        }
    }
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_in(crate::i18n::Lang::En))
    }
}

impl std::error::Error for ParamError {}

/// Shortens untrusted text for quoting in a message (on a char boundary).
fn quote(s: &str) -> String {
    if s.chars().count() <= QUOTE_MAX {
        s.to_string()
    } else {
        let cut: String = s.chars().take(QUOTE_MAX).collect();
        format!("{cut}…")
    }
}

impl ParamSpec {
    /// Checks one raw value against this spec.
    pub fn validate(&self, raw: &str) -> Result<Value, ParamError> {
        let raw = raw.trim();
        match self.kind {
            ParamKind::Choice(options) => options
                .iter()
                .find(|o| o.eq_ignore_ascii_case(raw))
                .map(|o| Value::Text((*o).to_string()))
                .ok_or_else(|| ParamError::NotAChoice { name: self.name, got: raw.to_string(), options }),
            ParamKind::Int { min, max } => {
                let n: i64 = raw
                    .parse()
                    .map_err(|_| ParamError::NotANumber { name: self.name, got: raw.to_string() })?;
                if n < min || n > max {
                    Err(ParamError::OutOfRange { name: self.name, min, max, got: raw.to_string() })
                } else {
                    Ok(Value::Int(n))
                }
            }
        }
    }

    /// The default as it is written in a URL.
    pub fn default_text(&self) -> String {
        Value::from(self.default).to_string()
    }

    /// The range or choices, for display beside a control ("1–16", "work | sleep").
    pub fn range_text(&self) -> String {
        match self.kind {
            ParamKind::Choice(options) => options.join(" | "),
            ParamKind::Int { min, max } => format!("{min}–{max}"),
        }
    }
}

/// A full set of validated values, one for every spec of a scenario.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct Params(BTreeMap<String, Value>);

impl Params {
    /// The run's backend (`backend=`); workers when absent.
    pub fn backend(&self) -> crate::scenarios::Backend {
        crate::scenarios::Backend::parse(self.word(crate::scenarios::BACKEND)).unwrap_or(crate::scenarios::Backend::Workers)
    }

    /// Every parameter at its default.
    pub fn defaults(specs: &[ParamSpec]) -> Self {
        Params(specs.iter().map(|s| (s.name.to_string(), Value::from(s.default))).collect())
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// The text of a choice parameter ("" if absent: specs guarantee presence).
    pub fn word(&self, name: &str) -> &str {
        match self.0.get(name) {
            Some(Value::Text(s)) => s,
            _ => "",
        }
    }

    /// The value of an integer parameter (0 if absent: specs guarantee presence).
    pub fn int(&self, name: &str) -> i64 {
        match self.0.get(name) {
            Some(Value::Int(n)) => *n,
            _ => 0,
        }
    }

    /// Sets one parameter from raw text, validated against `specs`.
    pub fn set(&mut self, specs: &[ParamSpec], name: &str, raw: &str) -> Result<(), ParamError> {
        let spec = specs
            .iter()
            .find(|s| s.name == name)
            .ok_or_else(|| ParamError::Unknown { name: name.to_string() })?;
        let v = spec.validate(raw)?;
        self.0.insert(spec.name.to_string(), v);
        Ok(())
    }

    /// Sets `name` to `value` without a spec: a program's parameters, which
    /// its own `param(...)` calls checked.
    pub fn insert(&mut self, name: &str, value: Value) {
        self.0.insert(name.to_string(), value);
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// The outcome of validating untrusted pairs: values to run with, and what was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub params: Params,
    pub problems: Vec<ParamError>,
}

/// Validates `raw` pairs against `specs`. Unknown names, bad values and
/// repeats become problems; every parameter ends up with a usable value.
pub fn resolve(specs: &[ParamSpec], raw: &[(String, String)]) -> Resolved {
    let mut params = Params::defaults(specs);
    let mut problems = Vec::new();
    let mut seen: Vec<&'static str> = Vec::new();
    for (name, value) in raw {
        match specs.iter().find(|s| s.name == name.as_str()) {
            None => problems.push(ParamError::Unknown { name: name.clone() }),
            Some(spec) => {
                if seen.contains(&spec.name) {
                    problems.push(ParamError::Repeated { name: spec.name });
                } else {
                    seen.push(spec.name);
                }
                match spec.validate(value) {
                    Ok(v) => {
                        params.0.insert(spec.name.to_string(), v);
                    }
                    Err(e) => problems.push(e),
                }
            }
        }
    }
    Resolved { params, problems }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: &[ParamSpec] = &[
        ParamSpec {
            name: "threads",
            label: "Threads",
            help: "how many threads increment the counter",
            kind: ParamKind::Int { min: 1, max: 16 },
            default: Default::Int(4),
        },
        ParamSpec {
            name: "mode",
            label: "Mode",
            help: "how the counter is updated",
            kind: ParamKind::Choice(&["unsafe", "locked", "atomic"]),
            default: Default::Word("unsafe"),
        },
    ];

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn an_out_of_range_value_reads_as_the_issue_says() {
        let r = resolve(SPECS, &pairs(&[("threads", "40")]));
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].to_string(), "threads must be between 1 and 16; got 40");
        assert_eq!(r.params.int("threads"), 4, "the default is used instead");
    }

    #[test]
    fn good_values_are_used_and_choices_are_case_insensitive() {
        let r = resolve(SPECS, &pairs(&[("threads", " 16 "), ("mode", "ATOMIC")]));
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.params.int("threads"), 16);
        assert_eq!(r.params.word("mode"), "atomic");
    }

    #[test]
    fn unknown_garbled_and_repeated_values_are_reported_not_fatal() {
        let long = "x".repeat(5000);
        let r = resolve(
            SPECS,
            &pairs(&[("colour", "red"), ("threads", "ten"), ("mode", &long), ("mode", "locked")]),
        );
        let texts: Vec<String> = r.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(texts[0], "unknown parameter \"colour\" was ignored");
        assert_eq!(texts[1], "threads must be a whole number; got \"ten\"");
        assert!(texts[2].starts_with("mode must be one of unsafe, locked, atomic; got \"xxxx"));
        assert!(texts[2].chars().count() < 120, "long values are shortened in messages");
        assert_eq!(texts[3], "mode was given more than once; the last value was used");
        assert_eq!(r.params.word("mode"), "locked");
        assert_eq!(r.params.int("threads"), 4);
    }

    #[test]
    fn an_integer_that_overflows_is_not_a_number_not_a_panic() {
        let r = resolve(SPECS, &pairs(&[("threads", "99999999999999999999999")]));
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.params.int("threads"), 4);
    }

    #[test]
    fn params_serialise_as_a_flat_object() {
        let p = Params::defaults(SPECS);
        assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"mode":"unsafe","threads":4}"#);
    }
}
