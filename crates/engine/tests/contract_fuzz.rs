//! Fuzzing what comes from outside. The URL decoder: whatever a link holds
//! (garbage, broken percent-encoding, markup, huge values), opening it
//! never panics, every parameter ends up valid, and what the page writes
//! back reopens the same. The Python parser: no text, and no lesson file
//! mangled by random edits, panics it; every error is a sentence inside the
//! text.
//!
//! `cargo test` runs 2,000 cases per property; `make test` (its `test-fuzz`
//! step) runs 1,000,000 of each in release mode
//! (`FUZZ_CASES` sets the number).

use interleave_engine::contract::{open, parse_hash, to_hash, Opened, MAX_PAIRS};
use interleave_engine::scenarios::CATALOG;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn cases() -> u32 {
    std::env::var("FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(2_000)
}

/// Link-shaped text: the hash syntax, real names and values, percent escapes
/// (valid, truncated, invalid UTF-8), markup and arbitrary characters.
fn linkish() -> impl Strategy<Value = String> {
    // Every reserved key (the contract's own list, so a new key is fuzzed
    // from the day it exists), an unknown one and an empty one.
    let mut names: Vec<String> = interleave_engine::contract::RESERVED_KEYS.iter().map(|k| k.to_string()).collect();
    names.extend(["x".into(), "".into()]);
    let mut words: Vec<String> = vec!["1".into(), "0".into(), "-1".into(), "99999999999999999999".into()];
    words.extend(interleave_engine::contract::VIEWS.iter().map(|v| v.to_string()));
    words.push("spinner,frames,,x".into());
    words.extend(["9007199254740991", "9007199254740992", "0*3.1.0*2~k3f9", "~", "10", "50", "3", "64", "65", "any", "virtual", "zh", "pct"].map(String::from));
    for s in CATALOG {
        names.push(s.id.into());
        for p in s.params {
            names.push(p.name.into());
            words.push(p.default_text());
            if let interleave_engine::params::ParamKind::Choice(opts) = p.kind {
                words.extend(opts.iter().map(|o| o.to_string()));
            }
        }
    }
    let token = prop_oneof![
        Just("#".to_string()),
        Just("/".to_string()),
        Just("?".to_string()),
        Just("&".to_string()),
        Just("=".to_string()),
        Just("+".to_string()),
        Just("%".to_string()),
        Just("%2".to_string()),
        Just("%E0%A4%A".to_string()),
        Just("%FF%FE".to_string()),
        Just("%3Cscript%3E".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        "%[0-9A-Fa-f]{2}",
        proptest::sample::select(names),
        proptest::sample::select(words),
        "\\PC{0,12}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(token, 0..40).prop_map(|v| v.concat())
}

fn check(hash: &str) {
    let route = parse_hash(hash);
    assert!(route.pairs.len() <= MAX_PAIRS);
    match open(hash) {
        Opened::Gallery { problems } => {
            assert!(problems.iter().all(|p| p.chars().count() < 400), "messages stay short");
        }
        Opened::Scenario { scenario, params, options, problems } => {
            assert!(problems.iter().all(|p| p.chars().count() < 400), "messages stay short");
            for spec in scenario.params {
                let v = params.get(spec.name).expect("every parameter has a value");
                assert!(spec.validate(&v.to_string()).is_ok(), "{} = {v} is valid", spec.name);
            }
            // What the page writes back into the URL reopens exactly the same.
            let again = to_hash(scenario, &params, &options);
            match open(&again) {
                Opened::Scenario { scenario: s2, params: p2, options: o2, problems: pr2 } => {
                    assert_eq!((s2.id, &p2, &o2), (scenario.id, &params, &options));
                    assert!(pr2.is_empty(), "a written-back link has no problems: {pr2:?}");
                }
                other => panic!("{again} reopened as {other:?}"),
            }
        }
        Opened::Program { source, backend, pairs, options, problems } => {
            assert!(problems.iter().all(|p| p.chars().count() < 400), "messages stay short");
            if let Ok(src) = source {
                assert!(src.len() <= interleave_engine::py::MAX_SOURCE);
                // What the page writes back reopens the same program.
                let again = interleave_engine::contract::program_hash(None, &src, backend, &pairs, &options);
                match open(&again) {
                    Opened::Program { source: s2, backend: b2, pairs: p2, options: o2, problems: pr2 } => {
                        assert_eq!((s2.as_deref(), b2, &p2), (Ok(src.as_str()), backend, &pairs));
                        // Its options too (the code as written back: the same text).
                        let code = Some(interleave_engine::contract::encode_program(&src));
                        assert_eq!(o2, interleave_engine::contract::PageOptions { code, ..options.clone() });
                        assert!(pr2.is_empty(), "a written-back link has no problems: {pr2:?}");
                    }
                    other => panic!("{again} reopened as {other:?}"),
                }
            }
        }
    }
}

#[test]
fn no_link_shaped_input_panics_or_yields_an_invalid_parameter() {
    let mut runner = TestRunner::new(Config { cases: cases(), failure_persistence: None, ..Config::default() });
    let prefixes = prop_oneof![Just(""), Just("#/"), Just("#/spinner?"), Just("/"), Just("#/program?"), Just("#/race?code=KyjKzCvRMNTkAgA&")];
    runner
        .run(&(prefixes, linkish()), |(p, s)| {
            check(&format!("{p}{s}"));
            Ok(())
        })
        .unwrap();
}

#[test]
fn no_arbitrary_text_panics() {
    let mut runner = TestRunner::new(Config { cases: cases(), failure_persistence: None, ..Config::default() });
    runner
        .run(&"\\PC{0,300}|(.|\\n){0,300}", |s| {
            check(&s);
            Ok(())
        })
        .unwrap();
}

#[test]
fn huge_links_are_cut_without_panicking() {
    for unit in ["a=b&", "%", "é", "%E0", "&&&&", "=", "#/spinner?slow="] {
        let h = format!("#/spinner?{}", unit.repeat(50_000));
        check(&h);
    }
}

// ---- The playground's Python parser (issue 13): hostile programs ----

/// The lesson files, then the suite's other programs: the seeds of the mutations.
fn lesson_sources() -> Vec<String> {
    let v = py_files("lessons");
    assert!(v.len() >= 10, "every lesson has its file");
    // Then the programs the suite runs beside CPython (sets, formatting,
    // key functions, __str__, ...): the parts of the language the lessons
    // do not use get mutated too.
    v.into_iter().chain(py_files("tests/programs")).collect()
}

/// The `.py` files of a folder of the engine crate, sorted.
fn py_files(folder: &str) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut v: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{folder}: {e}"))
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "py"))
        .map(|e| std::fs::read_to_string(e.path()).expect("a .py file"))
        .collect();
    v.sort();
    v
}

/// Parses and compiles `src`; whatever happens, it is a program or one
/// error inside the text.
fn parse_checked(src: &str) {
    use interleave_engine::py::{compile, line_col};
    match compile(src) {
        Ok(_) => {}
        Err(e) => {
            assert!(e.span.start <= e.span.end && e.span.end as usize <= src.len().max(interleave_engine::py::MAX_SOURCE));
            let (line, col) = line_col(src, e.span.start as usize);
            assert!(line >= 1 && col >= 1);
            assert!(!e.message.is_empty());
            let _ = e.sentence(src);
        }
    }
}

/// Python-shaped text: keywords, names, operators, brackets, quotes,
/// indentation and newlines in any order.
fn pythonish() -> impl Strategy<Value = String> {
    let words = [
        "def ", "class ", "if ", "elif ", "else", "while ", "for ", " in ", "with ", " as ", "try", "except ", "finally",
        "return ", "lambda ", "not ", " and ", " or ", "import ", "from ", "pass", "break", "True", "None", "self.",
        "value", "x", "_", "(", ")", "[", "]", "{", "}", ":", ",", ".", "=", "+=", "==", "**", "//", "-", "*", "@", ";",
        "\n", "\n    ", "\n        ", "    ", "\t", "\\\n", "'", "\"", "'''", "f'", "f\"{", "}", "#", "0", "1_000", "3.5",
        "1e3", "0x", "é", "线程", "\r\n", "\u{feff}",
    ];
    let token = prop_oneof![
        4 => proptest::sample::select(words.to_vec()).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(token, 0..80).prop_map(|v| v.concat())
}

/// Each parser property takes half the cases: a million inputs in all at
/// `make test`'s setting.
fn half() -> u32 {
    (cases() / 2).max(1)
}

/// Runs `src` (if it compiles) for at most `steps` steps on the simulator:
/// it ends, or it is still going, but nothing panics.
fn run_checked(src: &str, steps: u64) {
    use interleave_engine::py::{compile, vm::World};
    use interleave_engine::sim::{Sim, SimConfig};
    let Ok(prog) = compile(src) else { return };
    let world = World::new(prog, &[("threads".into(), "2".into())], 1);
    let mut sim = Sim::for_program("fuzz", world, SimConfig { seed: 1, max_steps: steps, ..SimConfig::default() });
    while sim.outcome().is_none() {
        sim.step_random();
    }
}

#[test]
fn no_python_shaped_text_panics_the_parser() {
    let mut runner = TestRunner::new(Config { cases: half(), failure_persistence: None, ..Config::default() });
    runner.run(&pythonish(), |src| {
        parse_checked(&src);
        Ok(())
    })
    .unwrap();
}

#[test]
fn no_mutated_lesson_panics_the_parser() {
    let lessons = lesson_sources();
    let n = lessons.len();
    // A lesson, then up to eight edits: delete, duplicate or insert a run of
    // bytes (kept on character boundaries), or swap two lines.
    let edit = (0u8..4, any::<u16>(), any::<u16>(), "\\PC{0,4}");
    let strategy = (0..n, proptest::collection::vec(edit, 1..8));
    let ran = std::cell::Cell::new(0u32);
    let mut runner = TestRunner::new(Config { cases: half(), failure_persistence: None, ..Config::default() });
    runner
        .run(&strategy, |(i, edits)| {
            let mut s = lessons[i].clone();
            for (kind, a, b, text) in edits {
                let len = s.len().max(1);
                let floor = |s: &str, mut k: usize| {
                    k = k.min(s.len());
                    while !s.is_char_boundary(k) {
                        k -= 1;
                    }
                    k
                };
                let x = floor(&s, a as usize % len);
                let y = floor(&s, (x + b as usize % 40).min(s.len()));
                match kind {
                    0 => s.replace_range(x..y, ""),
                    1 => {
                        let run = s[x..y].to_string();
                        s.insert_str(y, &run);
                    }
                    2 => s.insert_str(x, &text),
                    _ => {
                        let mut lines: Vec<&str> = s.lines().collect();
                        if lines.len() > 1 {
                            let (p, q) = (a as usize % lines.len(), b as usize % lines.len());
                            lines.swap(p, q);
                        }
                        s = lines.join("\n");
                    }
                }
            }
            parse_checked(&s);
            // One case in ten also runs (the interpreter on hostile programs).
            let k = ran.get() + 1;
            ran.set(k);
            if k % 10 == 0 {
                run_checked(&s, 300);
            }
            Ok(())
        })
        .unwrap();
}

/// A case the fuzz found (2026-12-02): lesson 3 with two of its lines swapped.
#[test]
fn a_lesson_with_two_lines_swapped_runs_without_a_panic() {
    let s = lesson_sources()[3].clone();
    let mut lines: Vec<&str> = s.lines().collect();
    let (p, q) = (6767 % lines.len(), 24494 % lines.len());
    lines.swap(p, q);
    let s = lines.join("\n");
    eprintln!("swapped lines {} and {}:\n{}\n{}", p + 1, q + 1, lines[p], lines[q]);
    parse_checked(&s);
    run_checked(&s, 300);
}
