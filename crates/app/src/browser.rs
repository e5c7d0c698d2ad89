//! Thin helpers over the browser: the clock, the location hash, and the
//! automation contract's `interleave:run-finished` event.

use interleave_engine::contract::RunReport;
use wasm_bindgen::{JsCast, JsValue};

/// The name of the event fired on `window` when a run ends (part of the contract).
pub const RUN_FINISHED: &str = "interleave:run-finished";
/// Fired instead of a run when the link insists on a backend that cannot run
/// here (`backend=workers` where real threads cannot be had).
pub const RUN_UNAVAILABLE: &str = "interleave:run-unavailable";
/// Fired after the last run of a comparison (`compare=`), with `{scenario, runs: [RunReport, ...]}`.
pub const COMPARE_FINISHED: &str = "interleave:compare-finished";
/// Fired when a search of every interleaving (Explore, `explore=1`) ends.
pub const EXPLORE_FINISHED: &str = "interleave:explore-finished";

/// Milliseconds from a monotonic clock, on the main thread and on Web Worker
/// threads alike (`performance` lives on the global object of both).
pub fn now_ms() -> f64 {
    PERF.with(|p| p.now())
}

thread_local! {
    static PERF: web_sys::Performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .expect("every browser global has performance")
        .unchecked_into();
}

/// Runs `f` and records how long it took as the User Timing measure `name`
/// (`performance.getEntriesByName(name)`: what `make bench` reads, and any
/// browser's performance panel shows). At most [`MEASURES_KEPT`] of a name
/// are kept, the newest.
pub fn measured<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let start = format!("{name}:start");
    PERF.with(|p| {
        let _ = p.mark(&start);
    });
    let out = f();
    PERF.with(|p| {
        if p.get_entries_by_name(name).length() >= MEASURES_KEPT {
            p.clear_measures_with_measure_name(name);
        }
        let _ = p.measure_with_start_mark(name, &start);
        p.clear_marks_with_mark_name(&start);
    });
    out
}

/// See [`measured`]: a page open for hours keeps no more than this.
const MEASURES_KEPT: u32 = 1000;

/// Milliseconds since the Unix epoch, the same on every thread:
/// `performance.timeOrigin + performance.now()` (each worker's own
/// `now()` counts from that worker's start).
pub fn epoch_ms() -> f64 {
    thread_local! {
        static ORIGIN: f64 = js_sys::Reflect::get(&js_sys::global(), &"performance".into())
            .and_then(|p| js_sys::Reflect::get(&p, &"timeOrigin".into()))
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
    }
    ORIGIN.with(|o| *o) + now_ms()
}

pub fn window() -> web_sys::Window {
    web_sys::window().expect("the app runs in a window")
}

/// Whether SharedArrayBuffer may be shared with workers (COOP + COEP present).
pub fn cross_origin_isolated() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &"crossOriginIsolated".into())
        .map(|v| v.as_bool() == Some(true))
        .unwrap_or(false)
}

pub fn hardware_concurrency() -> usize {
    let n = window().navigator().hardware_concurrency();
    if n.is_finite() && n >= 1.0 {
        n as usize
    } else {
        1
    }
}

pub fn location_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Replaces the hash without adding a history entry or firing `hashchange`.
pub fn replace_hash(hash: &str) {
    let w = window();
    if w.location().hash().unwrap_or_default() == hash {
        return;
    }
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(hash));
    }
}

/// Whether this page is framed (embedded in a course page).
pub fn in_frame() -> bool {
    let w = window();
    match w.parent() {
        Ok(Some(parent)) => !js_sys::Object::is(&parent, &w),
        _ => false,
    }
}

/// Posts a JSON object to the parent window, if this page is framed (target
/// origin `*`: nothing posted is secret).
pub fn post_to_parent(json: &str) {
    if !in_frame() {
        return;
    }
    if let (Ok(Some(parent)), Ok(msg)) = (window().parent(), js_sys::JSON::parse(json)) {
        let _ = parent.post_message(&msg, "*");
    }
}

/// Fires the contract's event on `window` and, when framed, posts the same
/// object with `type` to the parent.
pub fn announce_run_finished(report: &RunReport) {
    announce(RUN_FINISHED, serde_json::to_value(report).expect("a report always serialises"));
}

/// Fires `name` on `window` with `detail`, and posts `detail` with
/// `type: name` to the parent when framed.
pub fn announce(name: &str, mut detail: serde_json::Value) {
    let parsed = js_sys::JSON::parse(&detail.to_string()).expect("serde_json writes valid JSON");
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&parsed);
    if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = window().dispatch_event(&ev);
    }
    if detail.is_object() {
        detail["type"] = name.into();
        post_to_parent(&detail.to_string());
    }
}

/// This page's address with `hash` in place of the current one.
pub fn page_url(hash: &str) -> String {
    let loc = window().location();
    format!("{}{}{}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default(), hash)
}

/// The current page as a full (not embedded) page: the link of the
/// compact layout's title, which opens in a new tab.
pub fn full_page_url() -> String {
    let hash = location_hash();
    let route = interleave_engine::contract::open(&hash);
    match route {
        interleave_engine::contract::Opened::Scenario { scenario, params, options, .. } => {
            let full = interleave_engine::contract::PageOptions { backend_given: options.backend_given, code: options.code, ..Default::default() };
            page_url(&interleave_engine::contract::to_hash(scenario, &params, &full))
        }
        interleave_engine::contract::Opened::Program { source, backend, pairs, options, .. } => {
            let full = interleave_engine::contract::PageOptions { seed: options.seed, ..Default::default() };
            match source {
                Ok(src) => page_url(&interleave_engine::contract::program_hash(None, &src, backend, &pairs, &full)),
                Err(_) => page_url("#/program"),
            }
        }
        interleave_engine::contract::Opened::Gallery { .. } => page_url("#/"),
    }
}

/// Copies text with the async clipboard API; false where it is refused
/// (no permission, or not a secure context).
pub async fn copy_text(text: &str) -> bool {
    let clipboard = window().navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text)).await.is_ok()
}
