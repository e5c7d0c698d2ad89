//! # interleave-engine
//!
//! The pure heart of Interleave, a concurrency playground. Everything here is
//! plain Rust with no browser dependency, so it is tested natively and used
//! unchanged by the web app (compiled to wasm) and by the native benchmarks.
//!
//! * [`params`]: typed scenario parameters and their validation;
//! * [`scenarios`]: the catalogue of scenarios, each a lesson from the course notes;
//! * [`contract`]: the URL format and the run report, the automation contract;
//! * [`kernels`]: real CPU work (primality, sums) that runtimes execute;
//! * [`cancel`]: cooperative cancellation, because threads cannot be killed.
//!
//! Architecture invariant: this crate never depends on wasm-bindgen, web-sys,
//! js-sys or yew, and never reads a clock itself (callers pass one).

pub mod builder;
pub mod cancel;
pub mod check;
pub mod contract;
pub mod digest;
pub mod kernels;
pub mod lessons;
pub mod machine;
pub mod model;
pub mod outcome;
pub mod params;
pub mod program;
pub mod rng;
pub mod scenarios;
pub mod schedule;
pub mod sim;
pub mod trace;
pub mod waitfor;
