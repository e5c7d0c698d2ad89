//! Browser tests of the app's runtime pieces, run in headless Chromium by
//! wasm-bindgen-test (`make test-wasm`). Its server sends COOP/COEP, so the
//! page is cross-origin isolated and the Web Worker pool can start.

use futures_channel::oneshot;
use interleave_app::browser::{self, announce_run_finished, RUN_FINISHED};
use interleave_app::pool::{self, PoolStatus};
use interleave_app::runner::{run_spinner, Backend, Slow, SlowEnd};
use interleave_engine::contract::{OutcomeKind, RunReport};
use interleave_engine::params::{Params, Value};
use interleave_engine::scenarios::SPINNER;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The pool is global and starts once per page; every test that needs it awaits this.
async fn pool_ready() -> usize {
    thread_local! { static STATUS: RefCell<Option<PoolStatus>> = const { RefCell::new(None) }; }
    if let Some(PoolStatus::Ready { threads, .. }) = STATUS.with(|s| s.borrow().clone()) {
        return threads;
    }
    let st = pool::start().await;
    STATUS.with(|s| *s.borrow_mut() = Some(st.clone()));
    match st {
        PoolStatus::Ready { threads, .. } => threads,
        other => panic!("the pool did not start: {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn the_test_page_is_isolated_and_the_pool_runs_rayon_on_other_threads() {
    assert!(browser::cross_origin_isolated());
    let threads = pool_ready().await;
    assert_eq!(threads, pool::pool_size());
    assert!(threads > interleave_engine::scenarios::MAX_ACTORS);
    // A parallel sum on the pool, awaited (never blocking) on the main thread.
    let (tx, rx) = oneshot::channel();
    rayon::spawn(move || {
        use rayon::prelude::*;
        let sum: u64 = (1..=100_000u64).into_par_iter().sum();
        let _ = tx.send((sum, rayon::current_thread_index()));
    });
    let (sum, index) = rx.await.unwrap();
    assert_eq!(sum, 100_000 * 100_001 / 2);
    assert!(index.is_some(), "the closure ran on a pool thread");
}

async fn run(backend: Backend, slow: Slow, stop_after_ms: Option<u32>) -> (SlowEnd, f64) {
    let (tx, rx) = oneshot::channel();
    let mut h = run_spinner(backend, slow, move |end, wall| {
        let _ = tx.send((end, wall));
    });
    if let Some(ms) = stop_after_ms {
        gloo_timers::future::TimeoutFuture::new(ms).await;
        h.stop();
    }
    rx.await.unwrap()
}

#[wasm_bindgen_test]
async fn slow_work_on_a_worker_answers_42_after_about_three_seconds() {
    pool_ready().await;
    let (end, wall) = run(Backend::Workers, Slow::Work, None).await;
    assert_eq!(end, SlowEnd::Answer(42));
    assert!(wall >= 2990.0, "{wall}");
}

#[wasm_bindgen_test]
async fn stop_cancels_sleep_on_a_worker_and_on_the_event_loop() {
    pool_ready().await;
    for backend in [Backend::Workers, Backend::EventLoop] {
        let (end, wall) = run(backend, Slow::Sleep, Some(100)).await;
        assert_eq!(end, SlowEnd::Cancelled, "{backend:?}");
        assert!(wall < 2000.0, "{backend:?} stopped early: {wall}");
    }
}

#[wasm_bindgen_test]
async fn the_run_finished_event_carries_the_report_as_plain_json() {
    let seen: Rc<RefCell<Option<JsValue>>> = Rc::default();
    let s2 = seen.clone();
    let cb = Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
        *s2.borrow_mut() = Some(e.detail());
    });
    let w = browser::window();
    w.add_event_listener_with_callback(RUN_FINISHED, cb.as_ref().unchecked_ref()).unwrap();
    let report = RunReport {
        scenario: "spinner".into(),
        backend: "eventloop".into(),
        params: Params::defaults(SPINNER.params),
        outcome: OutcomeKind::Completed,
        message: None,
        wall_ms: 3001.0,
        max_frame_gap_ms: 3004.5,
        result: Some(Value::Int(42)),
    };
    announce_run_finished(&report);
    w.remove_event_listener_with_callback(RUN_FINISHED, cb.as_ref().unchecked_ref()).unwrap();
    let detail = seen.borrow().clone().expect("the event fired synchronously");
    let json: String = js_sys::JSON::stringify(&detail).unwrap().into();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["outcome"], "completed");
    assert_eq!(v["result"], 42);
    assert_eq!(v["params"]["slow"], "work");
    assert_eq!(v["max_frame_gap_ms"], 3004.5);
}
