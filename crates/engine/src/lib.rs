//! # interleave-engine
//!
//! The pure heart of Interleave, a concurrency playground. Everything here is
//! plain Rust with no browser dependency, so it is tested natively and used
//! unchanged by the web app (compiled to wasm) and by the native benchmarks.
//!
//! ## Background
//!
//! The course notes behind the playground (`shared/seeds/`) teach Python's
//! threads, processes and coroutines through a handful of classic programs:
//! the spinner that keeps turning while `slow()` computes, the counter that
//! loses increments without a lock, two locks taken in opposite order, the
//! bounded buffer guarded by a condition variable. Reading about a race is
//! not the same as watching one happen; this crate makes them happen, step
//! by step and on real threads, and reports what it saw.
//!
//! ## The idea
//!
//! A scenario is a value: a [`model::Model`] names its shared objects
//! (mutexes, condition variables, semaphores, barriers, bounded queues,
//! events, counters), gives each actor a small program of operations, and
//! says how a finished run is judged. Three runtimes interpret the same
//! value:
//!
//! * [`sim`], a deterministic simulator in virtual time, where a seeded
//!   policy (or the caller) picks which actor moves next; the choices form a
//!   [`schedule::Schedule`] whose printed form replays the run exactly, the
//!   way shuttle's schedules do;
//! * [`threads`], one real thread per actor with real blocking primitives,
//!   threads supplied by the caller (a Web Worker pool in the browser);
//! * [`eventloop`], one async task per actor on one thread, where `sleep`
//!   yields to the loop and `work` blocks it, which is the coroutine lesson.
//!
//! Every runtime speaks one [`trace`] vocabulary (actor states and lines,
//! object states, produced values), keeps a bounded window of it with
//! running totals and a digest, keeps a [`waitfor`] graph from it, and ends
//! with an [`outcome::Outcome`]: completed, deadlock (with the cycle, in
//! order), invariant violated, cancelled, failed. A deadlock, a broken
//! invariant or a bad program is an outcome, never a panic.
//!
//! ## Writing a scenario
//!
//! With [`builder::ModelBuilder`], declare the objects, then each actor's
//! program, then the checks; the builder writes the pseudo-Python source as
//! it goes, so every operation knows its line:
//!
//! ```
//! use interleave_engine::builder::ModelBuilder;
//! use interleave_engine::sim::simulate;
//!
//! let mut m = ModelBuilder::new("race");
//! let n = m.counter("n", 0);
//! for t in ["t0", "t1"] {
//!     m.actor(t, |b| {
//!         b.repeat(2, |b| {
//!             b.load(n).store(n, 1); // temp = n; n = temp + 1
//!         });
//!     });
//! }
//! m.check_counter_equals("no increment is lost", n, 4);
//! let model = m.build().unwrap();
//! let lost = (0..100).any(|seed| simulate(&model, seed).counter("n") != Some(4));
//! assert!(lost, "some schedule interleaves the read and the write");
//! ```
//!
//! The course's own scenarios are in [`lessons`] ([`lessons::build`] takes a
//! scenario id and its [`params::Params`]).
//!
//! ## Map
//!
//! * [`model`], [`builder`], [`program`]: what a scenario is, how to write
//!   one, how its control flow is walked;
//! * [`lessons`]: the course's scenarios as models, and their parameters;
//! * [`prims`]: each primitive (lock, re-entrant lock, condition,
//!   semaphore, barrier, queue, event, counter, token bucket) in a module of
//!   its own, the one code every runtime carries its operations out through;
//! * [`machine`]: the abstract state machine shared by the simulator and
//!   the event loop;
//! * [`sim`], [`threads`], [`eventloop`]: the runtimes; [`explore`]: every
//!   interleaving within a preemption bound, on the simulator;
//! * [`trace`], [`digest`], [`waitfor`], [`check`], [`outcome`]: what a run
//!   records, how it is hashed, how deadlocks are found and runs judged;
//! * [`schedule`], [`rng`], [`policy`]: replayable schedules, the frozen generator, and the
//!   scheduling policies (seeded, replay, manual) the simulator and the page share;
//! * [`params`]: typed scenario parameters and their validation;
//! * [`scenarios`]: the catalogue of scenarios, each a lesson from the course notes;
//! * [`contract`]: the URL format and the run report, the automation contract;
//! * [`kernels`]: real CPU work (primality, sums) that runtimes execute;
//! * [`cancel`]: cooperative cancellation, because threads cannot be killed.
//!
//! Architecture invariant: this crate never depends on wasm-bindgen, web-sys,
//! js-sys or yew, and never reads a clock itself (callers pass one; the
//! native-only helpers [`threads::native_clock`] and [`threads::run_native`]
//! are compiled out on wasm32), nor spawns a thread itself outside them.
//!
//! The page's build is for size (`opt-level = "z"`, issue 13), and a search
//! runs mostly in V8's baseline code, which keeps every call the build left:
//! the functions a search runs at every state (its walk, its fingerprint, a
//! step's core) are built for speed there, `#[optimize(speed)]` (nightly, as
//! the wasm build is). Measured 2026-12-07 on the race search (2 x 2, bound 8;
//! the engine alone built for wasm, run in V8 under callgrind, instructions a
//! search): TurboFan 213.4 -> 189.6 M, Liftoff 284.7 -> 257.2 M, for +5.5 KB
//! gzipped (eleven functions); five more (the walker's loop, a call, `sync`,
//! a step and its choices), with `bench/wasm-engine/count.sh`: 192.7 -> 189.7
//! and 259.6 -> 258.4 M, for no bytes. A function is worth the mark when a
//! profile of a search in V8 (`bench/wasm-engine/profile.sh`) puts it high
//! and a count says it gains; natively nothing changes.
#![cfg_attr(target_arch = "wasm32", feature(optimize_attribute))]

pub mod builder;
pub mod cancel;
pub mod chain;
pub mod challenge;
pub mod check;
pub mod contract;
pub mod digest;
pub mod eventloop;
pub mod explore;
pub mod fingerprint;
pub mod i18n;
pub mod kernels;
pub mod lessons;
pub mod machine;
pub mod model;
pub mod outcome;
pub mod params;
pub mod policy;
pub mod prims;
pub mod py;
pub mod registry;
pub mod program;
pub mod rng;
pub(crate) mod room;
pub mod scenarios;
pub mod schedule;
pub mod sim;
pub mod threads;
pub mod trace;
pub mod waitfor;
