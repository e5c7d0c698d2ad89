//! Runs the spinner's `slow()` on a backend and reports how it ended.
//!
//! * `workers`: on a thread of the wasm-bindgen-rayon pool (`rayon::spawn`);
//!   the main thread only awaits a channel, so it never blocks.
//! * `eventloop`: as a task on the page's own event loop
//!   (wasm-bindgen-futures). `sleep` awaits a timer and yields; `work` runs
//!   synchronously and blocks the loop, which is the lesson.
//!
//! Every wait is cancellable (the pool's threads can never be killed, only
//! asked to stop), except CPU work on the event loop: nothing else runs on
//! the main thread until it ends, not even the Stop button.

use crate::browser::now_ms;
use futures_channel::oneshot;
use futures_util::future::{select, Either};
use gloo_timers::future::TimeoutFuture;
use interleave_engine::cancel::CancelToken;
use interleave_engine::kernels::{burn_cpu, Cancelled};
use interleave_engine::scenarios::{SPINNER_ANSWER, SPINNER_SLOW_MS};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Workers,
    EventLoop,
}

impl Backend {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "workers" => Some(Backend::Workers),
            "eventloop" => Some(Backend::EventLoop),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slow {
    Work,
    Sleep,
}

/// How `slow()` ended.
#[derive(Clone, Debug, PartialEq)]
pub enum SlowEnd {
    Answer(i64),
    Cancelled,
    Failed(String),
}

/// A run in progress; dropping it does not stop it, `stop` does.
pub struct RunHandle {
    cancel: CancelToken,
    wake: Option<oneshot::Sender<()>>,
}

impl RunHandle {
    pub fn stop(&mut self) {
        self.cancel.cancel();
        if let Some(tx) = self.wake.take() {
            let _ = tx.send(());
        }
    }
}

/// Sleeps on a worker thread without using the CPU, waking every 10 ms to
/// honour Stop.
fn sleep_cancellable(ms: f64, cancel: &CancelToken) -> Result<(), Cancelled> {
    let end = now_ms() + ms;
    loop {
        if cancel.is_cancelled() {
            return Err(Cancelled);
        }
        let left = end - now_ms();
        if left <= 0.0 {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_micros((left.min(10.0) * 1000.0) as u64));
    }
}

/// Resolves at the next animation frame, so the page paints before a block,
/// or after 50 ms where the browser pauses frames (an off-screen iframe).
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = crate::browser::window().request_animation_frame(resolve.unchecked_ref());
    });
    let _ = select(JsFuture::from(promise), TimeoutFuture::new(50)).await;
}

/// Starts `slow()` on `backend`; `done` gets the ending and the wall time in ms.
pub fn run_spinner(backend: Backend, slow: Slow, done: impl FnOnce(SlowEnd, f64) + 'static) -> RunHandle {
    let cancel = CancelToken::new();
    let (wake_tx, wake_rx) = oneshot::channel::<()>();
    let start = now_ms();
    let c = cancel.clone();
    match backend {
        Backend::Workers => {
            let (tx, rx) = oneshot::channel::<Result<i64, Cancelled>>();
            rayon::spawn(move || {
                let r = match slow {
                    Slow::Work => burn_cpu(SPINNER_SLOW_MS, &now_ms, &c).map(|_| SPINNER_ANSWER),
                    Slow::Sleep => sleep_cancellable(SPINNER_SLOW_MS, &c).map(|_| SPINNER_ANSWER),
                };
                let _ = tx.send(r);
            });
            spawn_local(async move {
                let end = match rx.await {
                    Ok(Ok(answer)) => SlowEnd::Answer(answer),
                    Ok(Err(Cancelled)) => SlowEnd::Cancelled,
                    Err(_) => SlowEnd::Failed("the worker thread ended without an answer".into()),
                };
                done(end, now_ms() - start);
            });
        }
        Backend::EventLoop => spawn_local(async move {
            let end = match slow {
                Slow::Sleep => match select(TimeoutFuture::new(SPINNER_SLOW_MS as u32), wake_rx).await {
                    Either::Left(_) => SlowEnd::Answer(SPINNER_ANSWER),
                    Either::Right(_) => SlowEnd::Cancelled,
                },
                Slow::Work => {
                    // Let the page paint the spinner once, then block the loop.
                    next_frame().await;
                    match burn_cpu(SPINNER_SLOW_MS, &now_ms, &c) {
                        Ok(_) => SlowEnd::Answer(SPINNER_ANSWER),
                        Err(Cancelled) => SlowEnd::Cancelled,
                    }
                }
            };
            done(end, now_ms() - start);
        }),
    }
    RunHandle { cancel, wake: Some(wake_tx) }
}
