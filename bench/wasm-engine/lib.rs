//! `race(n)`: the race lesson's Python (2 threads x 2 unsafe increments),
//! searched `n` times as the page's Explore does (bound 8, the cache of
//! states, any timing); returns the steps taken (3,787 a search).
use interleave_engine::explore::{explore_program, ExploreConfig, Parallel};
use interleave_engine::py::{self, vm::World};
use interleave_engine::sim::Timing;

#[no_mangle]
pub extern "C" fn race(n: u32) -> u64 {
    searches(n, false)
}

/// The same search as the page's `cores=1` makes it: a split search
/// (`Parallel::work`) on one thread.
#[no_mangle]
pub extern "C" fn race_pool(n: u32) -> u64 {
    searches(n, true)
}

/// What the page has done before its first search starts: the program
/// compiled and its world made (on the main thread, whose compiled code the
/// workers share). run.mjs calls it before it times anything, so that a
/// first search's time holds what the page's does.
#[no_mangle]
pub extern "C" fn prepare() -> u32 {
    PREPARED.with(|p| *p.borrow_mut() = Some(race_world()));
    1
}

/// The race lesson compiled, its world made at 2 threads x 2 unsafe
/// increments.
fn race_world() -> World {
    let source = py::lessons::source("race").expect("the race lesson");
    let given: Vec<(String, String)> =
        [("mode", "unsafe"), ("threads", "2"), ("increments", "2")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    World::new(py::compile(source).expect("it compiles"), &given, 0)
}

thread_local! {
    /// The world [`prepare`] made: each search starts from a copy, as the
    /// page's workers start from the world the main thread made.
    static PREPARED: std::cell::RefCell<Option<World>> = const { std::cell::RefCell::new(None) };
}

fn searches(n: u32, pool: bool) -> u64 {
    let config = ExploreConfig {
        preemptions: 8,
        max_executions: 100_000,
        max_total_steps: 3_000_000,
        max_states: 500_000,
        cache: true,
        timing: Timing::Any,
        ..ExploreConfig::default()
    };
    let mut steps = 0;
    for _ in 0..n {
        let world = PREPARED.with(|p| p.borrow().clone()).unwrap_or_else(race_world);
        steps += if pool {
            let search = Parallel::new_program("race", world, config.clone());
            search.work();
            search.result().steps
        } else {
            explore_program("race", world, &config).steps
        };
    }
    steps
}
