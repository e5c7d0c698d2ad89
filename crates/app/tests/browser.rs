//! Browser tests of the app's runtimes, run in headless Chromium by
//! wasm-bindgen-test (`make test-wasm`). Its server sends COOP/COEP, so the
//! page is cross-origin isolated and the Web Worker pool can start.

use futures_channel::oneshot;
use interleave_app::browser::{self, announce_run_finished, RUN_FINISHED};
use interleave_app::pool::{self, PoolStatus};
use interleave_app::runner::{ActiveRun, Backend};
use interleave_engine::builder::ModelBuilder;
use interleave_engine::contract::{OutcomeKind, RunReport};
use interleave_engine::lessons;
use interleave_engine::model::Model;
use interleave_engine::outcome::{Outcome, RunResult};
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

async fn sleep_ms(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// Polls `run` as the page does (every few ms, never blocking) until it ends.
async fn finish(run: &mut ActiveRun) -> RunResult {
    loop {
        if let Some(r) = run.poll() {
            return r;
        }
        sleep_ms(5).await;
    }
}

fn spinner(slow: &str) -> Model {
    let mut p = Params::defaults(SPINNER.params);
    p.set(SPINNER.params, "slow", slow).unwrap();
    lessons::build("spinner", &p).unwrap()
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

#[wasm_bindgen_test]
async fn the_spinner_model_answers_42_on_workers_on_the_event_loop_and_in_the_simulator() {
    let threads = pool_ready().await;
    for (backend, slow) in [(Backend::Workers, "work"), (Backend::EventLoop, "sleep"), (Backend::Sim, "work")] {
        let model = spinner(slow);
        let t0 = browser::now_ms();
        let mut run = ActiveRun::start(&model, backend, threads, 7, None, false, false).unwrap();
        let r = finish(&mut run).await;
        let wall = browser::now_ms() - t0;
        assert_eq!(r.outcome, Outcome::Completed, "{backend:?}");
        assert_eq!(r.answer, Some(42), "{backend:?}");
        if backend == Backend::Sim {
            assert!(r.schedule.is_some(), "a sim run records its schedule");
            assert!(r.summary.elapsed_ms >= 3000.0, "3 s of virtual time: {}", r.summary.elapsed_ms);
        } else {
            assert!(wall >= 2990.0, "{backend:?} took about 3 s of real time: {wall}");
        }
    }
}

#[wasm_bindgen_test]
async fn the_same_seed_gives_the_same_trace_in_the_browser_simulator() {
    let model = spinner("work");
    let mut a = ActiveRun::start(&model, Backend::Sim, 0, 11, None, false, false).unwrap();
    let mut b = ActiveRun::start(&model, Backend::Sim, 0, 11, None, false, false).unwrap();
    let (ra, rb) = (finish(&mut a).await, finish(&mut b).await);
    assert_eq!(ra.summary.digest, rb.summary.digest);
    assert_eq!(ra.schedule, rb.schedule);
}

/// Two workers, two locks, opposite order, each holding its first lock long
/// enough that the other takes its own: they always deadlock on real threads.
fn sure_deadlock() -> Model {
    let mut m = ModelBuilder::new("sure-deadlock");
    let a = m.mutex("lock_a");
    let b = m.mutex("lock_b");
    m.actor("task1", |t| {
        t.lock(a).sleep(20).lock(b).unlock(b).unlock(a);
    });
    m.actor("task2", |t| {
        t.lock(b).sleep(20).lock(a).unlock(a).unlock(b);
    });
    m.build().unwrap()
}

#[wasm_bindgen_test]
async fn workers_detect_the_deadlock_and_name_the_cycle() {
    let threads = pool_ready().await;
    let mut run = ActiveRun::start(&sure_deadlock(), Backend::Workers, threads, 0, None, false, false).unwrap();
    let r = finish(&mut run).await;
    match r.outcome {
        Outcome::Deadlock { cycle } => {
            let names: Vec<_> = cycle.iter().map(|l| (l.actor_name.as_str(), l.object_name.as_str())).collect();
            assert_eq!(names.len(), 2, "{names:?}");
            assert!(names.contains(&("task1", "lock_b")) && names.contains(&("task2", "lock_a")), "{names:?}");
        }
        other => panic!("expected a deadlock, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn stop_during_a_deadlock_returns_every_pool_thread_a_hundred_times_in_a_row() {
    let threads = pool_ready().await;
    let model = sure_deadlock();
    let memory = || wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>().buffer().unchecked_into::<js_sys::SharedArrayBuffer>().byte_length();
    let mut slowest_ms = 0.0f64;
    let mut after_warmup = 0;
    for i in 0..100 {
        let mut run = ActiveRun::start(&model, Backend::Workers, threads, 0, None, false, false).unwrap();
        // Both actors take their first lock and block on the second (the detector
        // needs 250 ms of no progress to call it; Stop comes first).
        sleep_ms(60).await;
        let t0 = browser::now_ms();
        run.stop();
        let r = finish(&mut run).await;
        slowest_ms = slowest_ms.max(browser::now_ms() - t0);
        assert_eq!(r.outcome, Outcome::Cancelled, "round {i}");
        if i == 9 {
            after_warmup = memory();
        }
    }
    // Every thread came back (a later run gets the whole pool again) and the
    // heap did not keep growing: a leaked run (its trace alone is about 1 MB)
    // would add some 90 MB over 90 rounds; fragmentation may add a page or two.
    let grown = memory().saturating_sub(after_warmup);
    assert!(grown < 4 << 20, "wasm memory grew by {grown} bytes across 90 stopped deadlocks");
    let mut last = ActiveRun::start(&spinner("work"), Backend::Sim, threads, 0, None, false, false).unwrap();
    assert_eq!(finish(&mut last).await.answer, Some(42));
    console_log!("slowest Stop of 100 deadlocked runs on the pool: {slowest_ms:.1} ms; memory grew {grown} bytes after round 10");
}

#[wasm_bindgen_test]
async fn stop_ends_a_sleeping_event_loop_run() {
    let mut run = ActiveRun::start(&spinner("sleep"), Backend::EventLoop, 0, 0, None, false, false).unwrap();
    sleep_ms(100).await;
    let t0 = browser::now_ms();
    run.stop();
    let r = finish(&mut run).await;
    assert_eq!(r.outcome, Outcome::Cancelled, "stopped, not finished: it did not wait for the 3 s timer");
    console_log!("Stop of a sleeping event-loop run took {:.0} ms", browser::now_ms() - t0);
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
    let mut report =
        RunReport::new("spinner", interleave_engine::scenarios::Backend::EventLoop, &Params::defaults(SPINNER.params), OutcomeKind::Completed, None);
    report.wall_ms = 3001.0;
    report.max_frame_gap_ms = 3004.5;
    report.result = Some(Value::Int(42));
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

/// The page's allocator keeps a cache of small blocks per Web Worker
/// (`interleave_app::alloc`). Four workers and the main thread allocate,
/// grow, shrink and free blocks of every size class and beyond, and hand a
/// third of them to one another to free: every block keeps its own bytes
/// until it is freed (no block is ever given out twice), whoever made it.
#[wasm_bindgen_test]
async fn blocks_made_and_freed_on_different_workers_never_overlap() {
    use std::sync::{Arc, Mutex};
    pool_ready().await;
    // A block's bytes say who made it and which block it is.
    fn fill(tag: u32, n: usize) -> Vec<u8> {
        (0..n).map(|i| (tag as usize).wrapping_mul(31).wrapping_add(i) as u8).collect()
    }
    fn intact(tag: u32, v: &[u8]) -> bool {
        v.iter().enumerate().all(|(i, &b)| b == (tag as usize).wrapping_mul(31).wrapping_add(i) as u8)
    }
    // Sizes around every edge: 1..=600 bytes, the 64-byte classes, past 2048.
    fn size(r: &mut u64) -> usize {
        *r ^= *r << 13;
        *r ^= *r >> 7;
        *r ^= *r << 17;
        match *r % 4 {
            0 | 1 => 1 + (*r >> 8) as usize % 600,
            2 => 500 + (*r >> 8) as usize % 1700,
            _ => 1 + (*r >> 8) as usize % 5000,
        }
    }
    let shared: Arc<Mutex<Vec<(u32, Vec<u8>)>>> = Arc::new(Mutex::new(Vec::new()));
    let mut done = Vec::new();
    for w in 0..4u32 {
        let (tx, rx) = oneshot::channel();
        done.push(rx);
        let shared = shared.clone();
        pool::spawn(Box::new(move || {
            let mut r = 0x9E37_79B9_7F4A_7C15u64 ^ (w as u64 + 1);
            let mut mine: Vec<(u32, Vec<u8>)> = Vec::new();
            let mut bad = 0;
            for i in 0..20_000u32 {
                let tag = w * 1_000_000 + i;
                let mut v = fill(tag, size(&mut r));
                if i % 5 == 0 {
                    // Grow or shrink across classes (realloc), then refill.
                    let n = size(&mut r);
                    v.resize(n, 0);
                    v.shrink_to_fit();
                    v = v.iter().copied().take(0).chain(fill(tag, n)).collect();
                }
                mine.push((tag, v));
                if mine.len() > 300 {
                    let (t, v) = mine.swap_remove((r % 300) as usize);
                    bad += usize::from(!intact(t, &v));
                    if i % 3 == 0 {
                        shared.lock().unwrap().push((t, v));
                    }
                }
                if i % 7 == 0 {
                    if let Some((t, v)) = shared.lock().unwrap().pop() {
                        bad += usize::from(!intact(t, &v));
                    }
                }
                if i % 1000 == 999 {
                    // A burst of one size, all alive at once: a cache's list
                    // grows past its cap and gives back, then refills; half
                    // the burst goes to the other threads to free.
                    let n = [8, 24, 40, 56, 200, 700, 2048][(i / 1000) as usize % 7];
                    let burst: Vec<(u32, Vec<u8>)> =
                        (0..1500).map(|k| (tag + 100_000 + k, fill(tag + 100_000 + k, n))).collect();
                    let mut list = shared.lock().unwrap();
                    for (k, (t, v)) in burst.into_iter().enumerate() {
                        bad += usize::from(!intact(t, &v));
                        if k % 2 == 0 {
                            list.push((t, v));
                        }
                    }
                }
            }
            bad += mine.iter().filter(|(t, v)| !intact(*t, v)).count();
            let _ = tx.send(bad);
        }));
    }
    // The main thread takes its part meanwhile, without a cache. It may not
    // wait (Atomics.wait traps there), so it spins for the list's lock.
    let on_main = || loop {
        if let Ok(g) = shared.try_lock() {
            return g;
        }
        std::hint::spin_loop();
    };
    let mut r = 7u64;
    for round in 0..50u32 {
        for i in 0..100u32 {
            let tag = 9_000_000 + round * 100 + i;
            let v = fill(tag, size(&mut r));
            on_main().push((tag, v));
        }
        sleep_ms(2).await;
    }
    let mut bad = 0;
    for rx in done {
        bad += rx.await.unwrap();
    }
    let left = std::mem::take(&mut *on_main());
    bad += left.iter().filter(|(t, v)| !intact(*t, v)).count();
    assert_eq!(bad, 0, "blocks were overwritten while in use");
}
