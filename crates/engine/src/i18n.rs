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

/// The variables a message names, in order of first use.
pub fn variables(pattern: &str) -> Vec<&str> {
    let mut out = Vec::new();
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
}
