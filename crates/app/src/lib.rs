//! # interleave-app
//!
//! The Interleave playground in the browser: a Yew app compiled to wasm with
//! threads (shared memory, atomics). It renders state and sends commands; the
//! scenario model, parameters and the URL contract come from
//! `interleave-engine`.
//!
//! * [`browser`]: the clock, the hash, the `interleave:run-finished` event;
//! * [`pool`]: the wasm-bindgen-rayon Web Worker pool, started once;
//! * [`frames`]: the main thread's animation-frame loop (spinner, frame gaps);
//! * [`runner`]: runs a scenario on Web Workers or on the event loop;
//! * [`state`]: the page's state and its transitions (pure);
//! * [`ui`]: the components.
//!
//! Architecture invariant: the main thread never blocks on a lock or a
//! channel. Work that blocks runs on the pool; the main thread awaits.
//! The single exception is the lesson itself: `eventloop` + `work`.

// Wasm threads: the lock's wait on Web Workers (see `alloc`).
#![cfg_attr(all(target_arch = "wasm32", target_feature = "atomics"), feature(stdarch_wasm_atomic_wait))]

#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
pub mod alloc;
pub mod browser;
pub mod editor;
pub mod embed;
pub mod frames;
pub mod i18n;
pub mod pool;
pub mod results;
pub mod runner;
pub mod state;
pub mod ui;
pub mod views;

// wasm-bindgen-rayon's worker script calls back into the module through this export.
pub use wasm_bindgen_rayon::init_thread_pool;

/// Mounts the app on `<main id="app">`'s parent document body.
pub fn start() {
    console_error_panic_hook::set_once();
    yew::Renderer::<ui::App>::new().render();
}
