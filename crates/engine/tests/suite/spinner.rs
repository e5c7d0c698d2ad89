//! The spinner (seed 002 §19.2) as a model: `slow()` answers 42 after 3 s.

use crate::common::*;
use interleave_engine::outcome::Outcome;
use interleave_engine::params::Params;
use interleave_engine::scenarios::SPINNER;
use interleave_engine::sim::simulate;

#[test]
fn slow_answers_42_after_three_seconds_whether_it_works_or_sleeps() {
    for slow in ["work", "sleep"] {
        let mut p = Params::defaults(SPINNER.params);
        p.set(SPINNER.params, "slow", slow).unwrap();
        let m = interleave_engine::lessons::build("spinner", &p).unwrap();
        let r = simulate(&m, 0);
        assert_eq!(r.outcome, Outcome::Completed);
        assert_eq!(r.answer, Some(42));
        let answered = r.summary.elapsed_ms;
        assert!((3000.0..=3100.0).contains(&answered), "the spinner stops within a tick of the answer: {answered}");
        assert!(r.counter("ticks").unwrap() >= 30, "the spinner turned while slow() ran");
    }
}

#[test]
fn every_operation_knows_its_line_in_the_source() {
    for id in crate::common::built_ids() {
        let m = lesson(id, &[]);
        for a in &m.actors {
            for i in &a.code {
                if let interleave_engine::model::Instr::Op { line, .. } = i {
                    let text = m.line_text(*line).unwrap_or_else(|| panic!("{id}: line {line}"));
                    assert!(text.starts_with("    "), "{id}: {text:?} is inside a def");
                }
            }
        }
    }
    let m = lesson("spinner", &[("slow", "sleep")]);
    assert!(m.source.contains("time.sleep(3.0)"), "{}", m.source);
}

#[test]
fn an_unknown_scenario_is_a_build_error() {
    assert!(interleave_engine::lessons::build("nope", &Params::default()).is_err());
}

#[test]
fn a_slowed_spinner_takes_ten_times_as_long_and_still_answers_42() {
    use interleave_engine::params::Params;
    use interleave_engine::scenarios::SPINNER;
    let model = interleave_engine::lessons::build("spinner", &Params::defaults(SPINNER.params)).unwrap();
    let fast = interleave_engine::sim::simulate(&model, 0);
    let slow = interleave_engine::sim::simulate(&model.clone().slowed(10), 0);
    assert_eq!(slow.answer, Some(42));
    assert!((slow.summary.elapsed_ms - 10.0 * fast.summary.elapsed_ms).abs() < 1.0, "{} vs {}", slow.summary.elapsed_ms, fast.summary.elapsed_ms);
}
