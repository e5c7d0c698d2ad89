//! loom on the two models `make bench` explores (issue 14, item 6): two
//! threads each incrementing a shared counter twice without a lock (load,
//! then store), and three dining philosophers taking their forks in order
//! (no deadlock: the search is complete). loom explores every execution
//! (no preemption bound, its DPOR); the closure runs once per execution, so
//! counting its calls counts them. Prints one JSON object.

use loom::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use loom::sync::{Arc, Mutex};
use std::sync::atomic::AtomicU64;
use std::time::Instant;

static EXECUTIONS: AtomicU64 = AtomicU64::new(0);

fn count() {
    EXECUTIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
}

/// Runs `f` under loom; (executions, milliseconds).
fn measure(f: impl Fn() + Sync + Send + 'static) -> (u64, f64) {
    EXECUTIONS.store(0, std::sync::atomic::Ordering::Relaxed);
    let t0 = Instant::now();
    let mut b = loom::model::Builder::new();
    b.max_branches = 1_000_000;
    b.check(f);
    (EXECUTIONS.load(std::sync::atomic::Ordering::Relaxed), t0.elapsed().as_secs_f64() * 1000.0)
}

fn race() {
    count();
    let n = Arc::new(AtomicUsize::new(0));
    let ts: Vec<_> = (0..2)
        .map(|_| {
            let n = n.clone();
            loom::thread::spawn(move || {
                for _ in 0..2 {
                    let v = n.load(SeqCst);
                    n.store(v + 1, SeqCst);
                }
            })
        })
        .collect();
    for t in ts {
        t.join().unwrap();
    }
}

fn philosophers() {
    count();
    let forks: Arc<Vec<Mutex<()>>> = Arc::new((0..3).map(|_| Mutex::new(())).collect());
    let meals = Arc::new(AtomicUsize::new(0));
    let ts: Vec<_> = (0..3)
        .map(|i| {
            let (forks, meals) = (forks.clone(), meals.clone());
            loom::thread::spawn(move || {
                let (a, b) = (i, (i + 1) % 3);
                let (first, second) = (a.min(b), a.max(b));
                let _f = forks[first].lock().unwrap();
                let _s = forks[second].lock().unwrap();
                meals.fetch_add(1, SeqCst);
            })
        })
        .collect();
    for t in ts {
        t.join().unwrap();
    }
    assert_eq!(meals.load(SeqCst), 3);
}

fn main() {
    let reps: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(5);
    let median = |mut v: Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    let mut out = serde_json::Map::new();
    // The philosophers take loom about 15 s a search here: measured once.
    for (name, f, reps) in [("race_2x2", race as fn(), reps), ("philosophers_3", philosophers as fn(), 1)] {
        let runs: Vec<(u64, f64)> = (0..reps).map(|_| measure(f)).collect();
        let executions = runs[0].0;
        let ms = median(runs.iter().map(|r| r.1).collect());
        out.insert(format!("loom_{name}_executions"), executions.into());
        out.insert(format!("loom_{name}_ms"), ms.into());
        out.insert(format!("loom_{name}_per_s"), (executions as f64 / ms * 1000.0).into());
    }
    println!("{}", serde_json::Value::Object(out));
}
