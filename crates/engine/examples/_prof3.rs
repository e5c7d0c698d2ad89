use interleave_engine::py::{self, vm::World};
use interleave_engine::sim::{Sim, SimConfig};
use std::collections::BTreeSet;
fn main() {
    for id in ["spinner", "race", "deadlock", "bounded-buffer", "worker-pool", "barrier", "event", "connection-pool", "rate-limiter"] {
        let given: Vec<(String, String)> = [("threads", "2"), ("increments", "3"), ("mode", "locked")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let mut empty = BTreeSet::new();
        for seed in 0..5 {
            let world = World::new(py::compile(py::lessons::source(id).unwrap()).unwrap(), &given, seed);
            let mut sim = Sim::for_program(id, world, SimConfig::seeded(seed));
            let mut n = 0;
            while sim.outcome().is_none() && n < 3000 {
                let Some(a) = sim.step_random() else { break };
                n += 1;
                if let Some((line, text, did)) = sim.machine().world().unwrap().last_step(a) {
                    if did.is_empty() { empty.insert(format!("{line} `{text}`")); }
                }
            }
        }
        println!("{id}: {:?}", empty);
    }
}
