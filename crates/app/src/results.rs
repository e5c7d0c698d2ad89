//! What each scenario measured, for the page and the report's `metrics`:
//! primes' per-number times and the speed-up against one worker measured in
//! this session, the race's lost updates, the retries of the timeout
//! strategy, each barrier phase's wait, the worker pool's processed and
//! failed jobs, the rate limiter's admissions.

use interleave_engine::lessons;
use interleave_engine::model::Model;
use interleave_engine::outcome::RunResult;
use interleave_engine::params::Params;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

/// A scenario's numbers: flat metrics, and rows for a table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    pub metrics: BTreeMap<String, f64>,
    /// (label, value) rows, in display order.
    pub rows: Vec<(String, String)>,
    /// A sentence on what the numbers show, when there is one to say.
    pub note: Option<String>,
}

thread_local! {
    /// Wall times of one-worker primes runs in this session, by (backend, gil).
    static ONE_WORKER_MS: RefCell<HashMap<(String, String), f64>> = RefCell::new(HashMap::new());
}

pub fn of(id: &str, model: &Model, r: &RunResult, params: &Params, wall_ms: f64) -> Results {
    let mut out = Results::default();
    let backend = params.word("backend").to_string();
    let virtual_time = params.backend().virtual_time();
    match id {
        "primes" => {
            let mut rows = lessons::prime_results(r);
            rows.sort_by_key(|p| p.n);
            for p in &rows {
                out.rows.push((
                    format!("{}", p.n),
                    format!(
                        "{} · {:.1} ms · {}",
                        if p.prime { "prime" } else { "composite" },
                        p.micros as f64 / 1000.0,
                        model.actor_name(p.actor)
                    ),
                ));
            }
            out.metrics.insert("numbers_checked".into(), rows.len() as f64);
            out.metrics.insert("primes_found".into(), rows.iter().filter(|p| p.prime).count() as f64);
            if r.outcome == interleave_engine::outcome::Outcome::Completed && !virtual_time {
                let key = (backend.clone(), params.word("gil").to_string());
                let workers = params.int("workers");
                if workers == 1 {
                    ONE_WORKER_MS.with(|m| m.borrow_mut().insert(key.clone(), wall_ms));
                }
                match ONE_WORKER_MS.with(|m| m.borrow().get(&key).copied()) {
                    Some(one) => {
                        let speedup = one / wall_ms.max(1e-9);
                        out.metrics.insert("one_worker_ms".into(), one);
                        out.metrics.insert("speedup_vs_1_worker".into(), speedup);
                        out.note = Some(format!(
                            "Speed-up against one worker (measured in this session on {backend}, gil={}): {speedup:.2}× with {workers} workers.",
                            key.1
                        ));
                    }
                    None => {
                        out.note = Some(format!(
                            "Run once with workers=1 (same backend, gil={}) to measure the speed-up against one worker.",
                            key.1
                        ))
                    }
                }
            }
        }
        "race" => {
            if let Some(lost) = lessons::lost_updates(model, r) {
                let expected = params.int("threads") * params.int("increments");
                out.metrics.insert("expected".into(), expected as f64);
                out.metrics.insert("actual".into(), (expected - lost) as f64);
                out.metrics.insert("lost_updates".into(), lost as f64);
                out.rows.push(("expected total".into(), expected.to_string()));
                out.rows.push(("actual total".into(), (expected - lost).to_string()));
                out.rows.push(("lost updates".into(), lost.to_string()));
            }
        }
        // Only the timeout strategy retries: no figure of a strategy that did not run.
        "deadlock" if params.word("strategy") == "timeout" => {
            if let Some(n) = lessons::retries(r) {
                out.metrics.insert("retries".into(), n as f64);
                out.rows.push(("retries (timeout strategy)".into(), n.to_string()));
            }
        }
        "barrier" => {
            for (k, w) in lessons::phase_waits(r).iter().enumerate() {
                out.metrics.insert(format!("phase_{}_wait_ms", k + 1), *w as f64);
                out.rows.push((format!("phase {}: the first to arrive waited", k + 1), format!("{w} ms")));
            }
        }
        "worker-pool" => {
            let (done, failed) = lessons::job_report(r);
            out.metrics.insert("processed".into(), done.len() as f64);
            out.metrics.insert("failed".into(), failed.len() as f64);
            out.rows.push(("processed".into(), format!("{} jobs", done.len())));
            out.rows.push(("reported failed".into(), format!("{} jobs: {:?}", failed.len(), failed)));
        }
        "rate-limiter" => {
            let t = lessons::admitted_times(r);
            out.metrics.insert("admitted".into(), t.len() as f64);
            let shown: Vec<String> = t.iter().map(|us| format!("{:.0}", *us as f64 / 1000.0)).collect();
            out.rows.push(("admitted at (ms)".into(), shown.join(", ")));
        }
        _ => {}
    }
    // Throughput, where the scenario has a unit of work (real time only: the
    // simulator's clock is virtual).
    let units = match id {
        "primes" => out.metrics.get("numbers_checked").map(|n| (*n, "numbers")),
        "race" => Some(((params.int("threads") * params.int("increments")) as f64, "increments")),
        "bounded-buffer" => Some(((params.int("producers") * params.int("items")) as f64, "items")),
        "connection-pool" => Some((params.int("clients") as f64, "queries")),
        "worker-pool" => Some((params.int("jobs") as f64, "jobs")),
        "rate-limiter" => out.metrics.get("admitted").map(|n| (*n, "requests")),
        _ => None,
    };
    if let (Some((n, unit)), true) = (units, !virtual_time && wall_ms > 0.0 && r.outcome == interleave_engine::outcome::Outcome::Completed) {
        let per_s = n / (wall_ms / 1000.0);
        out.metrics.insert("throughput_per_s".into(), per_s);
        out.rows.push(("throughput".into(), format!("{} {unit} per second", if per_s >= 100.0 { format!("{per_s:.0}") } else { format!("{per_s:.1}") })));
    }
    out
}
