use interleave_engine::explore::ExploreConfig;
use interleave_engine::py::{self, vm::World};
use std::time::Instant;
fn main() {
    let race = py::lessons::source("race").unwrap();
    let th = std::env::var("TH").unwrap_or("2".into()); let bound: u32 = std::env::var("BOUND").map(|b| b.parse().unwrap()).unwrap_or(8);
    let given: Vec<(String, String)> = [("mode", "unsafe"), ("threads", th.as_str()), ("increments", "2")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let cache = std::env::args().nth(1).as_deref() == Some("cache");
    let config = ExploreConfig { preemptions: bound, max_executions: 100_000, max_total_steps: 3_000_000, cache, ..ExploreConfig::default() };
    for _ in 0..3 {
        let world = World::new(py::compile(race).unwrap(), &given, 0);
        let t0 = Instant::now();
        let e = interleave_engine::explore::explore_program("race", world, &config);
        let s = t0.elapsed().as_secs_f64();
        println!("{} executions, {} merged, {} steps, {:.3}s, {:.0}/s, {:.0} steps/s", e.executions, e.merged, e.steps, s, (e.executions + e.merged) as f64 / s, e.steps as f64 / s);
    }
}
#[allow(dead_code)]
fn heap() {}
