//! The page's words, in its language: [`t`] and [`tf`] look a message up in
//! the engine's catalogues (`crates/engine/i18n/<lang>/*.ftl`, see
//! [`interleave_engine::i18n`]) in the language the page speaks now.
//!
//! The language is the app state's (`AppState::lang`); the root component
//! sets it here before it renders ([`set`]), and keys the page by it, so a
//! switch redraws every component in the new language. Only the main thread
//! renders, so a thread-local is the whole story.

use interleave_engine::i18n::{self, Lang};
use std::cell::Cell;

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The language the page speaks now.
pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// Speaks `lang` from now on (the state's transitions call this, so the
/// sentences they write are in the new language).
pub fn speak(lang: Lang) {
    LANG.with(|l| l.set(lang));
}

/// Speaks `lang` from now on, and says so to the document (`<html lang>`,
/// which also picks the CJK fonts in the style sheet).
pub fn set(lang: Lang) {
    speak(lang);
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        if root.get_attribute("lang").as_deref() != Some(lang.html_tag()) {
            let _ = root.set_attribute("lang", lang.html_tag());
        }
    }
}

/// The message `key` in the page's language.
pub fn t(key: &str) -> &'static str {
    i18n::text(lang(), key)
}

/// The message `key` with its variables filled (`("n", &3)` fills `{ $n }`).
pub fn tf(key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    i18n::format(lang(), key, args)
}

/// A lesson's title, summary or chapter in the page's language (the
/// scenario's own English where the catalogue has none).
pub fn lesson(s: &interleave_engine::scenarios::Scenario, part: &str) -> &'static str {
    i18n::lesson_text(lang(), s.id, part).unwrap_or(match part {
        "title" => s.title,
        "summary" => s.summary,
        "chapter" => s.chapter,
        _ => s.lesson,
    })
}

/// The browser's preferred language among ours (`navigator.languages`).
pub fn browser_lang() -> Lang {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else { return Lang::En };
    let tags: Vec<String> = nav.languages().iter().filter_map(|v| v.as_string()).collect();
    if tags.is_empty() {
        Lang::from_browser(&[nav.language().unwrap_or_default()])
    } else {
        Lang::from_browser(&tags)
    }
}

/// A lesson parameter's label or help (`part`: `label`, `help`) in the
/// page's language, keyed `param-<lesson>-<name>-<part>` (the spec's own
/// English where the catalogue has none).
pub fn param(s: &interleave_engine::scenarios::Scenario, spec: &interleave_engine::params::ParamSpec, part: &str) -> &'static str {
    let key = format!("param-{}-{}-{part}", s.id, spec.name);
    if i18n::has(lang(), &key) || i18n::has(Lang::En, &key) {
        i18n::text(lang(), &key)
    } else if part == "label" {
        spec.label
    } else {
        spec.help
    }
}

/// A sentence the page keeps showing (what a link could not use), said
/// again in the page's language whenever it is drawn after a switch: it
/// holds how to say it, not the words (the words of the last language it
/// was said in are kept, so a redraw in the same language costs nothing).
#[derive(Clone)]
pub struct Said {
    say: std::rc::Rc<dyn Fn(Lang) -> String>,
    last: std::rc::Rc<std::cell::RefCell<(Lang, String)>>,
}

impl Said {
    /// `say` in the page's language now, and again in any other later.
    pub fn new(say: impl Fn(Lang) -> String + 'static) -> Self {
        Said::known(say(lang()), say)
    }

    /// `words`, already said in the page's language now, and `say` for any
    /// other later.
    pub fn known(words: String, say: impl Fn(Lang) -> String + 'static) -> Self {
        Said { say: std::rc::Rc::new(say), last: std::rc::Rc::new(std::cell::RefCell::new((lang(), words))) }
    }

    /// The sentence in the page's language now.
    pub fn text(&self) -> String {
        let now = lang();
        let mut last = self.last.borrow_mut();
        if last.0 != now {
            *last = (now, (self.say)(now));
        }
        last.1.clone()
    }
}

impl PartialEq for Said {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.say, &other.say)
    }
}

impl std::fmt::Debug for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.last.borrow().1)
    }
}
