//! The Web Worker thread pool (wasm-bindgen-rayon), started once per page.
//!
//! The pool can never be torn down, and an actor blocked on a lock keeps its
//! thread, so the pool is sized for the largest scenario (every actor at once
//! plus one spare), not for the number of cores.

use crate::browser;
use interleave_engine::scenarios::MAX_ACTORS;
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen_futures::JsFuture;

/// What the page can offer for real threads.
#[derive(Clone, Debug, PartialEq)]
pub enum PoolStatus {
    Starting { threads: usize },
    Ready { threads: usize, cores: usize },
    /// Real threads cannot exist on this page; the sentence says why.
    Unavailable { reason: String },
}

impl PoolStatus {
    pub fn is_ready(&self) -> bool {
        matches!(self, PoolStatus::Ready { .. })
    }

    /// Why the workers backend cannot run now, if it cannot, in English:
    /// what a failed run's report (`message`, the contract's) says.
    pub fn workers_unavailable_reason(&self) -> Option<String> {
        match self {
            PoolStatus::Ready { .. } => None,
            PoolStatus::Starting { .. } => Some("the Web Worker pool is still starting".into()),
            PoolStatus::Unavailable { reason } => Some(reason.clone()),
        }
    }

    /// The same, in the page's language, for the page to show.
    pub fn workers_unavailable_said(&self) -> Option<String> {
        match self {
            PoolStatus::Starting { .. } => Some(crate::i18n::t("pool-still-starting").to_string()),
            other => other.workers_unavailable_reason().map(|r| said(&r)),
        }
    }
}

/// Threads the pool is started with.
pub fn pool_size() -> usize {
    (MAX_ACTORS + 1).max(browser::hardware_concurrency())
}

/// An unavailability reason in the page's language: the page's own reasons
/// are kept in English (the run-finished report's `message` carries them),
/// and said here; a browser's error text stays as the browser wrote it.
pub fn said(reason: &str) -> String {
    if reason == NOT_ISOLATED {
        crate::i18n::t("pool-not-isolated").to_string()
    } else {
        reason.to_string()
    }
}

pub const NOT_ISOLATED: &str = "Real threads are unavailable: this page is not cross-origin isolated \
     (the server did not send Cross-Origin-Opener-Policy: same-origin and \
     Cross-Origin-Embedder-Policy: require-corp), so the browser will not share memory with Web Workers. \
     The event loop still works.";

static STARTED: AtomicBool = AtomicBool::new(false);

/// Starts the pool if the page allows it. Call once; a second call reports
/// the pool as unavailable rather than starting another.
pub async fn start() -> PoolStatus {
    if !browser::cross_origin_isolated() {
        return PoolStatus::Unavailable { reason: NOT_ISOLATED.into() };
    }
    if STARTED.swap(true, Ordering::SeqCst) {
        return PoolStatus::Unavailable { reason: "the pool was already started".into() };
    }
    let threads = pool_size();
    match JsFuture::from(wasm_bindgen_rayon::init_thread_pool(threads)).await {
        Ok(_) => PoolStatus::Ready { threads, cores: browser::hardware_concurrency() },
        Err(e) => PoolStatus::Unavailable {
            reason: format!("the Web Worker pool failed to start: {}", js_error_text(&e)),
        },
    }
}

pub fn js_error_text(e: &wasm_bindgen::JsValue) -> String {
    e.as_string()
        .or_else(|| js_sys::Reflect::get(e, &"message".into()).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| format!("{e:?}"))
}

/// Runs `job` on a Web Worker of the pool. The worker may then wait for the
/// allocator's lock instead of spinning, and keeps a cache of small blocks,
/// which it gives back when the job ends (see [`crate::alloc`]): every job
/// the page puts on the pool goes through here.
pub fn spawn(job: Box<dyn FnOnce() + Send + 'static>) {
    rayon::spawn(move || {
        #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
        crate::alloc::mark_worker_thread();
        job();
        #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
        crate::alloc::release_thread_cache();
    });
}
