//! The page's languages: Chinese and English, one catalogue each.
//!
//! The catalogues are Project Fluent files, `crates/engine/i18n/en.ftl` and
//! `zh.ftl`, compiled into tables by `build.rs` (parsed by `fluent-syntax`,
//! so a malformed file stops the build). A message is text with variables
//! (`{ $n }`); [`text`] looks a key up, [`format`] fills the variables. A key
//! missing from one language falls back to English at run time, and the
//! tests below fail for it, naming the keys.
//!
//! The language is part of the link (`lang=zh|en`, [`crate::contract`]);
//! without one the page follows the browser's `navigator.languages`
//! ([`Lang::from_browser`]). The contract's own words (outcomes, events,
//! parameter names) are never translated: course pages read them.

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// A language of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// As `lang=` spells it.
    pub fn word(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    pub fn parse(word: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.word() == word.trim())
    }

    /// The document's `lang` attribute (it also picks the fonts).
    pub fn html_tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language's name in itself, for the switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "中文",
        }
    }

    /// The first of the browser's preferred languages (BCP 47 tags, as
    /// `navigator.languages` lists them) that the page speaks; English if none.
    pub fn from_browser<S: AsRef<str>>(tags: &[S]) -> Lang {
        tags.iter()
            .find_map(|t| {
                let primary = t.as_ref().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
                Lang::parse(&primary)
            })
            .unwrap_or_default()
    }

    fn table(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Lang::En => EN,
            Lang::Zh => ZH,
        }
    }
}

fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    let table = lang.table();
    table.binary_search_by(|(k, _)| (*k).cmp(key)).ok().map(|i| table[i].1)
}

/// The message `key` in `lang`, in English where `lang` lacks it, and a
/// visible marker, `⟦missing text⟧`, where English lacks it too: a slip
/// shows on the page (the e2e tests look for the marker) and never panics;
/// the tests below catch it first.
pub fn text(lang: Lang, key: &str) -> &'static str {
    lookup(lang, key).or_else(|| lookup(Lang::En, key)).unwrap_or("⟦missing text⟧")
}

/// Whether `lang`'s catalogue has `key` (for texts that are optional, such
/// as a lesson's translated title).
pub fn has(lang: Lang, key: &str) -> bool {
    lookup(lang, key).is_some()
}

/// The message `key` with its variables filled: `args` pairs a variable's
/// name (without `$`) with its text. A variable the message names and
/// `args` lacks stays as `{$name}`, visibly.
pub fn format(lang: Lang, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    fill(text(lang, key), args)
}

fn fill(pattern: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    if pattern.contains('\u{1}') {
        return fill(&select(pattern, args), args);
    }
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(start) = rest.find("{$") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = &after[..end];
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, v)) => {
                use std::fmt::Write as _;
                let _ = write!(out, "{v}");
            }
            None => out.push_str(&rest[start..start + 2 + end + 1]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A pattern with its plural selectors (compiled by `build.rs`) resolved:
/// each is replaced by the text of the variant its variable picks. A
/// variant named by the number itself wins (`[0]`); then `one` for 1 (the
/// only plural category English needs; Chinese has none); then the default.
/// The number is the variable's text without its group separators ("1,000").
fn select(pattern: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(start) = rest.find('\u{1}') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('\u{4}') else { break };
        let body = &rest[start + 1..start + end];
        let mut parts = body.split('\u{2}');
        let name = parts.next().unwrap_or("");
        let variants: Vec<(&str, &str)> = parts.filter_map(|v| v.split_once('\u{3}')).collect();
        let number = args.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string().replace([',', ' '], ""));
        let pick = |key: &str| variants.iter().find(|(k, _)| k.trim_start_matches('*') == key).map(|(_, t)| *t);
        let chosen = number
            .as_deref()
            .and_then(|n| pick(n).or_else(|| (n == "1").then(|| pick("one")).flatten()))
            .or_else(|| variants.iter().find(|(k, _)| k.starts_with('*')).map(|(_, t)| *t))
            .unwrap_or("");
        out.push_str(chosen);
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

/// The variables a message names (a plural selector's first, then the
/// others in order of first use).
pub fn variables(pattern: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(start) = rest.find('\u{1}') {
        let name = rest[start + 1..].split(['\u{2}', '\u{4}']).next().unwrap_or("");
        if !out.contains(&name) {
            out.push(name);
        }
        rest = &rest[start + 1..];
    }
    let mut rest = pattern;
    while let Some(start) = rest.find("{$") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        if !out.contains(&&after[..end]) {
            out.push(&after[..end]);
        }
        rest = &after[end + 1..];
    }
    out
}

/// Every key of a language's catalogue (for tests and tools).
pub fn keys(lang: Lang) -> impl Iterator<Item = &'static str> {
    lang.table().iter().map(|(k, _)| *k)
}

/// The raw message (variables unfilled), if the language has it.
pub fn raw(lang: Lang, key: &str) -> Option<&'static str> {
    lookup(lang, key)
}

/// A lesson's text in `lang` (`part`: `title`, `summary`, `chapter`,
/// `lesson`), keyed `lesson-<id>-<part>`; `None` where the catalogue has
/// none, and the scenario's own English stands.
pub fn lesson_text(lang: Lang, id: &str, part: &str) -> Option<&'static str> {
    lookup(lang, &format!("lesson-{id}-{part}"))
}

/// The prefix of the messages [`said`] fits sentences to.
const SAID: &str = "py-";
/// Captures that are phrases of their own, said in turn.
const PHRASES: &[&str] = &["error", "wanted", "found", "after", "kind"];
/// Captures that are names joined by " and " (a livelock's threads): the
/// joining word is said in the language, the names stay.
const LISTS: &[&str] = &["threads", "starved", "again"];
/// Captures that are numbers (a line, a column): digits only.
const NUMBERS: &[&str] = &["line", "column"];

#[derive(Debug)]
enum Piece {
    Text(&'static str),
    Var(&'static str),
}

/// The `py-` messages as pieces, the most specific (most literal text) first.
fn said_patterns() -> &'static [(&'static str, Vec<Piece>)] {
    static PATTERNS: std::sync::OnceLock<Vec<(&'static str, Vec<Piece>)>> = std::sync::OnceLock::new();
    PATTERNS.get_or_init(|| {
        let mut out: Vec<(&'static str, Vec<Piece>)> = Lang::En
            .table()
            .iter()
            .filter(|(k, _)| k.starts_with(SAID))
            .map(|&(k, mut rest)| {
                let mut pieces = Vec::new();
                while let Some(start) = rest.find("{$") {
                    let Some(end) = rest[start..].find('}') else { break };
                    if start > 0 {
                        pieces.push(Piece::Text(&rest[..start]));
                    }
                    pieces.push(Piece::Var(&rest[start + 2..start + end]));
                    rest = &rest[start + end + 1..];
                }
                if !rest.is_empty() {
                    pieces.push(Piece::Text(rest));
                }
                (k, pieces)
            })
            .collect();
        let literal = |p: &[Piece]| p.iter().map(|x| if let Piece::Text(t) = x { t.len() } else { 0 }).sum::<usize>();
        out.sort_by(|a, b| literal(&b.1).cmp(&literal(&a.1)).then(a.0.cmp(b.0)));
        out
    })
}

/// The captures of `text` under `pieces`, if it fits them all (a capture
/// is never empty; the shortest that lets the rest fit is taken).
fn fit<'t>(pieces: &[Piece], text: &'t str) -> Option<Vec<(&'static str, &'t str)>> {
    match pieces.split_first() {
        None => text.is_empty().then(Vec::new),
        Some((Piece::Text(t), rest)) => fit(rest, text.strip_prefix(t)?),
        Some((Piece::Var(name), rest)) => {
            let ok = |v: &str| !v.is_empty() && (!NUMBERS.contains(name) || v.bytes().all(|b| b.is_ascii_digit()));
            match rest.first() {
                None => ok(text).then(|| vec![(*name, text)]),
                Some(Piece::Text(next)) => text.match_indices(next).filter(|(i, _)| ok(&text[..*i])).find_map(|(i, _)| {
                    let mut found = fit(rest, &text[i..])?;
                    found.insert(0, (*name, &text[..i]));
                    Some(found)
                }),
                // Two variables side by side cannot be told apart.
                Some(Piece::Var(_)) => None,
            }
        }
    }
}

/// Code quoted as it is (`` `x` ``, `':'`): the same in every language.
fn is_code(s: &str) -> bool {
    s.len() >= 2 && ((s.starts_with('`') && s.ends_with('`')) || (s.starts_with('\'') && s.ends_with('\'')))
}

/// An English sentence the engine made where it arose (a syntax error, a
/// step's note, a program's parameter problem: `i18n/en/python.ftl`), in
/// `lang`: the `py-` message whose English it fits, most specific first,
/// with the captures put into `lang`'s message (phrases said in turn). A
/// sentence no message fits stays as it is: the program's own words, and
/// Python's exception texts (CPython gives them in English too).
pub fn said(lang: Lang, english: &str) -> String {
    if lang == Lang::En {
        return english.to_string();
    }
    say(lang, english, 0).0
}

/// Whether [`said`] knows every part of `english` (code quoted as it is
/// aside): what the tests hold every error message of the engine to.
pub fn said_fully(english: &str) -> bool {
    say(Lang::Zh, english, 0).1
}

/// The `py-` message `english` fits first, if any (for tests).
pub fn said_key(english: &str) -> Option<&'static str> {
    said_patterns().iter().find(|(_, p)| fit(p, english).is_some()).map(|(k, _)| *k)
}

fn say(lang: Lang, english: &str, depth: u32) -> (String, bool) {
    if depth < 4 {
        for (key, pieces) in said_patterns() {
            let Some(found) = fit(pieces, english) else { continue };
            let mut complete = true;
            let filled: Vec<(&str, String)> = found
                .into_iter()
                .map(|(name, v)| {
                    if PHRASES.contains(&name) {
                        let (s, known) = say(lang, v, depth + 1);
                        complete &= known || is_code(v);
                        (name, s)
                    } else if LISTS.contains(&name) {
                        (name, v.replace(" and ", &std::format!(" {} ", text(lang, "list-and"))))
                    } else {
                        (name, v.to_string())
                    }
                })
                .collect();
            let args: Vec<(&str, &dyn std::fmt::Display)> = filled.iter().map(|(n, v)| (*n, v as &dyn std::fmt::Display)).collect();
            return (fill(text(lang, key), &args), complete);
        }
    }
    (english.to_string(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_s_first_language_we_speak_wins() {
        assert_eq!(Lang::from_browser(&["zh-CN", "en-US"]), Lang::Zh);
        assert_eq!(Lang::from_browser(&["fr-FR", "zh-Hans-CN", "en"]), Lang::Zh);
        assert_eq!(Lang::from_browser(&["en-GB", "zh"]), Lang::En);
        assert_eq!(Lang::from_browser(&["ZH_tw"]), Lang::Zh);
        assert_eq!(Lang::from_browser::<&str>(&[]), Lang::En);
        assert_eq!(Lang::from_browser(&["de", "ja"]), Lang::En);
    }

    #[test]
    fn variables_are_filled_and_a_missing_one_shows() {
        assert_eq!(fill("{$n} runs of {$m}", &[("n", &3), ("m", &"race")]), "3 runs of race");
        assert_eq!(fill("a {$x} b", &[]), "a {$x} b");
        assert_eq!(fill("no vars", &[("n", &1)]), "no vars");
        assert_eq!(fill("open {$", &[]), "open {$");
        assert_eq!(variables("{$a} and {$b} and {$a}"), vec!["a", "b"]);
        // A plural selector, as build.rs compiles `{ $n -> [one] run *[other] runs }`.
        let runs = "{$n} \u{1}n\u{2}one\u{3}run\u{2}*other\u{3}runs of {$m}\u{4}.";
        assert_eq!(variables(runs), vec!["n", "m"]);
        assert_eq!(fill(runs, &[("n", &1), ("m", &"x")]), "1 run.");
        assert_eq!(fill(runs, &[("n", &2), ("m", &"x")]), "2 runs of x.");
        assert_eq!(fill(runs, &[("n", &"1,000"), ("m", &"x")]), "1,000 runs of x.");
        assert_eq!(fill(runs, &[("n", &0), ("m", &"x")]), "0 runs of x.");
        // A list of names is joined in the language; the names stay.
        let live = "t0 and t1 can go on forever without getting anywhere: after step 3, 4 more steps, in which every thread that could run takes a turn, bring the program back to the same state";
        assert!(said(Lang::Zh, live).starts_with("t0 和 t1 可能永远进行下去"), "{}", said(Lang::Zh, live));
        assert_eq!(said(Lang::En, live), live);
        // The catalogue's own plurals, compiled from Fluent's syntax.
        let complete = |b: &dyn std::fmt::Display, e: &dyn std::fmt::Display| {
            format(Lang::En, "pnl-explore-complete", &[("bound", b), ("executions", e), ("time", &"2 ms")])
        };
        assert_eq!(complete(&1, &1), "Complete: every interleaving with at most 1 preemption, 1 execution in 2 ms.");
        assert_eq!(complete(&0, &"1,206"), "Complete: every interleaving with at most 0 preemptions, 1,206 executions in 2 ms.");
        assert_eq!(
            format(Lang::Zh, "pnl-explore-complete", &[("bound", &1), ("executions", &1), ("time", &"2 ms")]),
            fill(text(Lang::Zh, "pnl-explore-complete"), &[("bound", &1), ("executions", &1), ("time", &"2 ms")])
        );
    }

    /// Every key in every language, with the same variables, and no empty
    /// message: a translation that is missing or drops a number fails here,
    /// with the list of keys.
    #[test]
    fn every_key_has_every_language_with_the_same_variables() {
        let mut problems = Vec::new();
        for lang in Lang::ALL {
            for other in Lang::ALL {
                for key in keys(lang) {
                    match raw(other, key) {
                        None => problems.push(format!("{key}: in {} but not in {}", lang.word(), other.word())),
                        Some(v) if v.trim().is_empty() => problems.push(format!("{key}: empty in {}", other.word())),
                        Some(v) => {
                            let mut a = variables(raw(lang, key).unwrap());
                            let mut b = variables(v);
                            a.sort();
                            b.sort();
                            if a != b {
                                problems.push(format!("{key}: variables {a:?} in {} but {b:?} in {}", lang.word(), other.word()));
                            }
                        }
                    }
                }
            }
        }
        problems.sort();
        problems.dedup();
        assert!(problems.is_empty(), "the catalogues disagree:\n{}", problems.join("\n"));
    }

    /// Every lesson has its title, summary, chapter and lesson text in each
    /// language, every parameter its label and help (`param-<id>-<name>-label`,
    /// `-help`), and every gallery group its title and intro.
    #[test]
    fn every_lesson_and_group_is_translated() {
        let mut missing = Vec::new();
        for s in crate::scenarios::CATALOG {
            for part in ["title", "summary", "chapter", "lesson"] {
                for lang in Lang::ALL {
                    if lesson_text(lang, s.id, part).is_none() {
                        missing.push(format!("lesson-{}-{part} ({})", s.id, lang.word()));
                    }
                }
            }
            for p in s.params {
                for part in ["label", "help"] {
                    let key = format!("param-{}-{}-{part}", s.id, p.name);
                    for lang in Lang::ALL {
                        if raw(lang, &key).is_none() {
                            missing.push(format!("{key} ({})", lang.word()));
                        }
                    }
                }
            }
        }
        for s in crate::scenarios::CATALOG {
            for (b, why) in s.backend_notes {
                for lang in Lang::ALL {
                    match lesson_text(lang, s.id, &format!("note-{b}")) {
                        None => missing.push(format!("lesson-{}-note-{b} ({})", s.id, lang.word())),
                        Some(text) if lang == Lang::En => assert_eq!(text, *why, "the English note is the scenario's own"),
                        Some(_) => {}
                    }
                }
            }
        }
        for i in 0..crate::scenarios::GALLERY.len() {
            for part in ["title", "intro"] {
                for lang in Lang::ALL {
                    if raw(lang, &format!("group-{i}-{part}")).is_none() {
                        missing.push(format!("group-{i}-{part} ({})", lang.word()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "missing:\n{}", missing.join("\n"));
    }

    /// The English catalogue's lesson texts and parameter labels and helps are
    /// the scenarios' own: one truth.
    #[test]
    fn english_lesson_texts_are_the_scenarios_own() {
        for s in crate::scenarios::CATALOG {
            assert_eq!(lesson_text(Lang::En, s.id, "title"), Some(s.title), "{}", s.id);
            assert_eq!(lesson_text(Lang::En, s.id, "summary"), Some(s.summary), "{}", s.id);
            assert_eq!(lesson_text(Lang::En, s.id, "chapter"), Some(s.chapter), "{}", s.id);
            assert_eq!(lesson_text(Lang::En, s.id, "lesson"), Some(s.lesson), "{}", s.id);
            for p in s.params {
                let key = |part: &str| format!("param-{}-{}-{part}", s.id, p.name);
                assert_eq!(raw(Lang::En, &key("label")), Some(p.label), "{}", key("label"));
                assert_eq!(raw(Lang::En, &key("help")), Some(p.help), "{}", key("help"));
            }
        }
        for (i, g) in crate::scenarios::GALLERY.iter().enumerate() {
            assert_eq!(raw(Lang::En, &format!("group-{i}-title")), Some(g.title));
            assert_eq!(raw(Lang::En, &format!("group-{i}-intro")), Some(g.intro));
        }
    }

    /// Every key the code asks for (`t("…")`, `tf("…"`, in the app and the
    /// engine) is in the English catalogue, so a typo fails here rather
    /// than showing a marker on the page.
    #[test]
    fn every_key_the_code_uses_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut used = Vec::new();
        let mut stack = vec![root.join("app/src"), root.join("engine/src")];
        let this_file = std::path::Path::new(file!()).file_name().unwrap().to_owned();
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") && path.file_name() != Some(&this_file) {
                    let src = std::fs::read_to_string(&path).unwrap();
                    for call in ["t(\"", "tf(\""] {
                        let mut at = 0;
                        while let Some(i) = src[at..].find(call) {
                            let start = at + i;
                            let before = src[..start].chars().next_back();
                            at = start + call.len();
                            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                                continue;
                            }
                            if let Some(end) = src[at..].find('"') {
                                used.push((path.display().to_string(), src[at..at + end].to_string()));
                            }
                        }
                    }
                }
            }
        }
        assert!(used.len() > 10, "the scan found only {} keys: is it looking in the right place?", used.len());
        let missing: Vec<String> = used.iter().filter(|(_, k)| raw(Lang::En, k).is_none()).map(|(p, k)| format!("{k} ({p})")).collect();
        assert!(missing.is_empty(), "keys used but not in en.ftl:\n{}", missing.join("\n"));
    }

    /// Each Python sentence's own English, with its captures filled, is fit
    /// by that message and no other (a more general one never shadows it),
    /// and Chinese says something else.
    #[test]
    fn every_python_sentence_fits_its_own_message() {
        for (key, pieces) in said_patterns() {
            let sample: String = pieces
                .iter()
                .map(|p| match p {
                    Piece::Text(t) => t.to_string(),
                    Piece::Var(v) if NUMBERS.contains(v) => "7".to_string(),
                    Piece::Var(_) => "q".to_string(),
                })
                .collect();
            assert_eq!(said_key(&sample), Some(*key), "{sample:?}");
            assert_ne!(said(Lang::Zh, &sample), sample, "{key}");
            assert_eq!(said(Lang::En, &sample), sample);
        }
    }

    #[test]
    fn sentences_inside_sentences_are_said_too() {
        let e = "line 3, column 5: Expected an indented block after `if` statement";
        assert_eq!(said(Lang::Zh, e), "第 3 行，第 5 列：`if` 语句之后应有一个缩进的代码块");
        assert!(said_fully(e));
        let e = "the program does not compile: line 1, column 7: Expected ':', found name `x`";
        assert_eq!(said(Lang::Zh, e), "程序无法编译：第 1 行，第 7 列：这里应是':'，却遇到了名字 `x`");
        assert!(said_fully(e));
        // A value or a name is never said: `newline` here is a variable.
        assert_eq!(said(Lang::Zh, "reads newline = 1"), "读取 newline = 1");
        // Python's own exception text stays as CPython writes it.
        let e = "t1 raised ZeroDivisionError: division by zero (line 4)";
        assert_eq!(said(Lang::Zh, e), "t1 抛出了 ZeroDivisionError: division by zero（第 4 行）");
        assert!(!said_fully(e));
        // What no message fits is left as it is.
        assert_eq!(said(Lang::Zh, "counter lost updates"), "counter lost updates");
        // A line is a number: this is not a line.
        assert_eq!(said_key("line x, column 2: y"), None);
    }

    /// The string literals in a call's arguments, from `from` (just after
    /// its opening parenthesis) to its closing one, each with whether it is
    /// a `format!` string.
    fn literals_in_call(src: &str) -> Vec<(String, bool)> {
        let b = src.as_bytes();
        let (mut i, mut depth, mut out) = (0, 1i32, Vec::new());
        while i < b.len() && depth > 0 {
            match b[i] {
                b'(' | b'{' | b'[' => depth += 1,
                b')' | b'}' | b']' => depth -= 1,
                b'\'' if b.get(i + 2) == Some(&b'\'') => i += 2,
                b'\'' if b.get(i + 1) == Some(&b'\\') => i += 3,
                b'"' => {
                    let start = i + 1;
                    i += 1;
                    while i < b.len() && b[i] != b'"' {
                        i += if b[i] == b'\\' { 2 } else { 1 };
                    }
                    let formatted = src[..start - 1].trim_end().ends_with("format!(");
                    out.push((src[start..i].to_string(), formatted));
                }
                _ => {}
            }
            i += 1;
        }
        out
    }

    /// What a literal says: escapes undone, and a `format!` string's
    /// placeholders filled with code (`` `7` ``: a phrase made elsewhere is
    /// checked where it is made).
    fn literal_text(lit: &str, formatted: bool) -> String {
        let lit = lit.replace("\\\\", "\\").replace("\\\"", "\"");
        if !formatted {
            return lit;
        }
        let (mut out, mut chars) = (String::new(), lit.chars().peekable());
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => out.push(chars.next().unwrap()),
                '}' if chars.peek() == Some(&'}') => out.push(chars.next().unwrap()),
                '{' => {
                    for c in chars.by_ref() {
                        if c == '}' {
                            break;
                        }
                    }
                    out.push_str("`7`");
                }
                _ => out.push(c),
            }
        }
        out
    }

    /// Each lesson's checks (its asserts' messages) and the labels of what
    /// it reports are said in Chinese: read from the lesson files, so a new
    /// assert without its translation fails here, named. The checks of a
    /// run come as one list ("a; b; c"), said part by part.
    #[test]
    fn every_lesson_s_checks_and_labels_are_said_in_chinese() {
        let mut said_here = Vec::new();
        for id in crate::scenarios::CATALOG.iter().map(|s| s.id) {
            let src = crate::py::lessons::source(id).unwrap();
            for line in src.lines().map(str::trim) {
                let words = if line.starts_with("assert ") && line.ends_with('"') {
                    line[..line.len() - 1].rsplit_once('"').map(|(_, m)| m.to_string())
                } else if let Some(rest) = line.split_once("label=\"").map(|(_, r)| r) {
                    rest.split_once('"').map(|(m, _)| m.to_string())
                } else if let Some(rest) = line.split_once("label=f\"").map(|(_, r)| r) {
                    // The barrier's "phase {k + 1}: ...", as a run writes it.
                    rest.split_once('"').map(|(m, _)| m.replace("{k + 1}", "2"))
                } else if let Some(rest) = line.strip_prefix("report(\"") {
                    // Without a label, a report's name is its label ("lost updates").
                    rest.split_once('"').map(|(m, _)| m.replace('_', " "))
                } else {
                    None
                };
                let Some(words) = words else { continue };
                let zh = said(Lang::Zh, &words);
                assert!(said_fully(&words) && zh != words, "{id}: \"{words}\" is not said in Chinese (python.ftl, py-lesson-)");
                said_here.push(words);
            }
        }
        assert!(said_here.len() >= 29, "{said_here:?}");
        assert_eq!(said(Lang::Zh, "no increment is lost"), "没有任何一次递增丢失");
        assert_eq!(
            said(Lang::Zh, "the buffer never holds fewer than 0 or more than capacity items; every item is consumed exactly once; each producer's items leave in the order it made them"),
            "缓冲区中的数据项从不少于 0 个，也从不多于 capacity 个；每个数据项恰好被消费一次；每个生产者的数据项按它生产的顺序离开缓冲区"
        );
        assert_eq!(said(Lang::Zh, "a list of 10 items"), "list，共 10 项");
        // A student's own words stay as written; so does English.
        assert_eq!(said(Lang::Zh, "my counter is right"), "my counter is right");
        assert_eq!(said(Lang::En, "no increment is lost"), "no increment is lost");
    }

    /// Why a link's schedule cannot be read, said in Chinese too.
    #[test]
    fn every_schedule_error_is_said_in_chinese() {
        use crate::schedule::ScheduleError::*;
        for e in [TooLong, MissingChecksum, BadChecksum, BadRun { index: 3 }, TooManySteps] {
            let english = e.to_string();
            assert!(said_fully(&english) && said(Lang::Zh, &english) != english, "{english}");
        }
        assert_eq!(said(Lang::Zh, &BadRun { index: 3 }.to_string()), "无法读取调度中的第 3 段");
    }

    /// Every error the Python front end can write is a sentence the page
    /// says in Chinese: read from the source's own calls, so a new message
    /// without its translation fails here, named.
    #[test]
    fn every_error_the_python_front_end_writes_is_said_in_chinese() {
        let sources = [
            include_str!("py/lexer.rs"),
            include_str!("py/parser.rs"),
            include_str!("py/compile.rs"),
            include_str!("py/mod.rs"),
        ];
        let (mut seen, mut missing) = (0, Vec::new());
        for src in sources {
            for call in ["error(", "err(", "unexpected(", "block(", "ok_or(", "map_err(", "message: format!("] {
                for (i, _) in src.match_indices(call) {
                    if call.ends_with('(') && src[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let args = &src[i + call.len()..];
                    let found = literals_in_call(args);
                    for (k, (lit, formatted)) in found.iter().enumerate() {
                        let formatted = *formatted || (call == "message: format!(" && k == 0);
                        let text = literal_text(lit, formatted);
                        let sentence = match call {
                            "unexpected(" => format!("Expected {text}, found newline"),
                            "block(" => format!("Expected an indented block after {text}"),
                            _ => text,
                        };
                        if sentence.trim().is_empty() || !sentence.contains(' ') && !is_code(&sentence) {
                            continue;
                        }
                        seen += 1;
                        if !said_fully(&sentence) {
                            missing.push(sentence);
                        }
                    }
                }
            }
        }
        for found in ["name `x`", "a number", "a string", "newline", "indent", "dedent", "end of file", "`if`", "'+'"] {
            seen += 1;
            let sentence = format!("Expected an expression, found {found}");
            if !said_fully(&sentence) {
                missing.push(sentence);
            }
        }
        assert!(seen > 70, "only {seen} messages were found in the source: has its shape changed?");
        assert!(missing.is_empty(), "no message in i18n/*/python.ftl fits these (add them):\n{}", missing.join("\n"));
    }

}
