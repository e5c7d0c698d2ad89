//! What each scenario measured, for the page and the report's `metrics`: the
//! registry's numbers (`interleave_engine::registry`: lost updates, retries,
//! phase waits, jobs, admissions, per-number times, throughput), and the one
//! thing that needs the session: the speed-up against a one-worker run
//! measured in it.

use interleave_engine::outcome::{Outcome, RunResult};
use interleave_engine::params::Params;
use interleave_engine::registry;
use std::cell::RefCell;
use std::collections::HashMap;

/// A scenario's numbers: flat metrics, rows for a table, a sentence.
pub type Results = interleave_engine::registry::Numbers;

thread_local! {
    /// Wall times of one-worker runs in this session, by (scenario, backend,
    /// the other parameters): the baseline of the speed-up.
    static ONE_WORKER_MS: RefCell<HashMap<(String, String), f64>> = RefCell::new(HashMap::new());
}

/// The scenario's numbers (from the registry: what its program reported), and for a scenario compared
/// with one worker, the speed-up against the one-worker run measured in this
/// session on the same backend with the same other parameters.
pub fn of(id: &str, numbers: Results, r: &RunResult, params: &Params, wall_ms: f64) -> Results {
    let mut out = numbers;
    let Some(count) = registry::entry(id).and_then(|e| e.speedup_over) else { return out };
    if r.outcome != Outcome::Completed || params.backend().virtual_time() {
        return out;
    }
    let backend = params.backend().word();
    // The other parameters, as the link writes them: the same configuration but for the count.
    let others: Vec<String> = params
        .iter()
        .filter(|(k, _)| *k != count && *k != "backend")
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let key = (format!("{id} {backend}"), others.join("&"));
    let workers = params.int(count);
    if workers == 1 {
        ONE_WORKER_MS.with(|m| m.borrow_mut().insert(key.clone(), wall_ms));
    }
    let same = if others.is_empty() { String::new() } else { format!(", {}", others.join(", ")) };
    match ONE_WORKER_MS.with(|m| m.borrow().get(&key).copied()) {
        Some(one) => {
            let speedup = one / wall_ms.max(1e-9);
            out.metrics.insert("one_worker_ms".into(), one);
            out.metrics.insert("speedup_vs_1_worker".into(), speedup);
            out.note = Some(crate::i18n::tf(
                "result-speedup",
                &[("backend", &backend), ("same", &same), ("speedup", &format!("{speedup:.2}")), ("workers", &workers)],
            ));
        }
        None => {
            out.note = Some(crate::i18n::tf("result-speedup-hint", &[("count", &count), ("same", &same)]))
        }
    }
    out
}
