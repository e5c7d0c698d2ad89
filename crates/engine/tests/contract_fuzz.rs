//! Fuzzing the URL decoder: whatever a link holds (garbage, broken
//! percent-encoding, markup, huge values), opening it never panics, every
//! parameter ends up valid, and what the page writes back reopens the same.
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
    let mut names: Vec<String> = vec!["autorun".into(), "embed".into(), "views".into(), "seed".into(), "schedule".into(), "timescale".into(), "compare".into(), "x".into(), "".into()];
    let mut words: Vec<String> = vec!["1".into(), "0".into(), "-1".into(), "99999999999999999999".into()];
    words.extend(interleave_engine::contract::VIEWS.iter().map(|v| v.to_string()));
    words.push("spinner,frames,,x".into());
    words.extend(["9007199254740991", "9007199254740992", "0*3.1.0*2~k3f9", "~", "10", "50", "3"].map(String::from));
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
    }
}

#[test]
fn no_link_shaped_input_panics_or_yields_an_invalid_parameter() {
    let mut runner = TestRunner::new(Config { cases: cases(), failure_persistence: None, ..Config::default() });
    let prefixes = prop_oneof![Just(""), Just("#/"), Just("#/spinner?"), Just("/")];
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
