use interleave_engine::explore::ExploreConfig;
use interleave_engine::py::{self, vm::World};
use interleave_engine::sim::Timing;
use std::time::Instant;
fn main() {
    let id = std::env::args().nth(1).unwrap();
    let src = py::lessons::source(&id).unwrap();
    let given: Vec<(String, String)> = std::env::args().skip(2).map(|kv| { let (k, v) = kv.split_once('=').unwrap(); (k.to_string(), v.to_string()) }).collect();
    let bound: u32 = std::env::var("BOUND").map(|b| b.parse().unwrap()).unwrap_or(2);
    let timing = if std::env::var("ANY").is_ok() { Timing::Any } else { Timing::Virtual };
    let config = ExploreConfig { preemptions: bound, max_executions: 100_000, max_total_steps: 3_000_000, max_states: 500_000, timing, ..ExploreConfig::default() };
    let world = World::new(py::compile(src).unwrap(), &given, 0);
    let t0 = Instant::now();
    let e = interleave_engine::explore::explore_program(&id, world, &config);
    println!("{id}: complete {} {} executions, {} merged, {} steps, {:?} states, {:.3}s outcomes {:?}", e.complete, e.executions, e.merged, e.steps, e.states, t0.elapsed().as_secs_f64(), e.outcomes);
}
