//! The page inside an iframe: what it tells its parent and what it accepts.
//!
//! Messages to the parent (`window.parent.postMessage`, target origin `*`;
//! nothing in them is secret):
//! * `{type: "interleave:ready", scenario}` once the page can take commands;
//! * `{type: "interleave:resize", height}` whenever its content height changes;
//! * `{type: "interleave:run-started", scenario, backend}` when a run starts;
//! * `{type: "interleave:run-finished", ...RunReport}` when it ends.
//!
//! Messages from the parent: `{type: "interleave:command", command: "run" |
//! "stop" | "reset"}`. Only messages whose source is the parent window are
//! read; anything else claiming our `type` is answered with
//! `{type: "interleave:error", message}` and otherwise ignored.

use crate::browser;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub const COMMAND: &str = "interleave:command";

/// What the parent may ask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Run,
    Stop,
    Reset,
}

/// Validates a message's data: `Ok(None)` for messages that are not ours.
pub fn parse_command(data: &JsValue) -> Result<Option<Command>, String> {
    if !data.is_object() {
        return Ok(None);
    }
    let get = |k: &str| js_sys::Reflect::get(data, &k.into()).ok().and_then(|v| v.as_string());
    if get("type").as_deref() != Some(COMMAND) {
        return Ok(None);
    }
    match get("command").as_deref() {
        Some("run") => Ok(Some(Command::Run)),
        Some("stop") => Ok(Some(Command::Stop)),
        Some("reset") => Ok(Some(Command::Reset)),
        Some(other) => Err(format!(
            "unknown command \"{}\"; commands are run, stop, reset",
            other.chars().take(40).collect::<String>()
        )),
        None => Err("a command message needs a string field \"command\"".into()),
    }
}

/// Posts `msg` (a JSON object) to the parent, if framed.
pub fn post(msg: serde_json::Value) {
    browser::post_to_parent(&msg.to_string());
}

/// Listens for the parent's commands for the life of the page.
pub fn listen(on_command: impl Fn(Command) + 'static) {
    let w = browser::window();
    let cb = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        let w = browser::window();
        let from_parent = match (e.source(), w.parent()) {
            (Some(src), Ok(Some(parent))) => js_sys::Object::is(&src, &parent) && !js_sys::Object::is(&parent, &w),
            _ => false,
        };
        if !from_parent {
            return;
        }
        match parse_command(&e.data()) {
            Ok(Some(c)) => on_command(c),
            Ok(None) => {}
            Err(message) => post(serde_json::json!({ "type": "interleave:error", "message": message })),
        }
    });
    let _ = w.add_event_listener_with_callback("message", cb.as_ref().unchecked_ref());
    cb.forget();
}

/// Tells the parent the page's height whenever it changes.
pub fn report_height() {
    let Some(doc) = browser::window().document() else { return };
    let last = std::cell::Cell::new(-1i32);
    let cb = Closure::<dyn Fn(js_sys::Array)>::new(move |_entries: js_sys::Array| {
        // The body's own height (standards mode): it shrinks as well as grows,
        // unlike the root element's, which is at least the frame's viewport.
        let Some(body) = browser::window().document().and_then(|d| d.body()) else { return };
        let h = body.get_bounding_client_rect().height().ceil() as i32;
        if h != last.get() {
            last.set(h);
            post(serde_json::json!({ "type": "interleave:resize", "height": h }));
        }
    });
    if let Ok(obs) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        if let Some(body) = doc.body() {
            obs.observe(&body);
        }
        std::mem::forget(obs);
    }
    cb.forget();
}
