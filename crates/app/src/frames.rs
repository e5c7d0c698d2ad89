//! The main thread's heartbeat: one `requestAnimationFrame` loop that draws
//! the spinner, measures the gap between frames during a run, and charts the
//! gaps live.
//!
//! A gap is the time the main thread went without running either an
//! animation frame or a 16 ms timer tick. On a visible page the frames set
//! the pace; the timer keeps the measure (and the end of a run) working where
//! the browser pauses animation frames, as it does for an off-screen
//! cross-origin iframe in a course page. A blocked main thread stops both.
//!
//! The spinner is drawn here, from the main thread, on purpose: a CSS
//! animation runs on the compositor and keeps turning while the main thread
//! is blocked, so it would prove nothing. When the event loop is blocked, no
//! frame runs, the spinner stops, and the next frame measures the gap.

use crate::browser::{self, now_ms};
use std::cell::RefCell;
use std::f64::consts::PI;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

pub const SPINNER_CANVAS_ID: &str = "spinner-canvas";
pub const GAP_CANVAS_ID: &str = "gap-chart";

/// How often the live numbers are pushed to the UI during a run.
const TICK_MS: f64 = 200.0;
/// The timer heartbeat's period, one frame at 60 Hz.
const HEARTBEAT_MS: i32 = 16;
/// Gaps above this are long tasks (the threshold browsers report).
pub const LONG_TASK_MS: f64 = 50.0;

/// What the UI shows while a run is live.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LiveFrames {
    pub elapsed_ms: f64,
    pub max_gap_ms: f64,
    pub frames: u32,
}

struct Recording {
    start: f64,
    last: f64,
    /// (time since start, gap) of every frame of the run.
    gaps: Vec<(f64, f64)>,
    max_gap: f64,
}

#[derive(Default)]
struct Inner {
    rec: Option<Recording>,
    /// The last run's gaps, kept for the chart after it ends.
    last_gaps: Vec<(f64, f64)>,
    spinning: bool,
    on_tick: Option<Box<dyn Fn(LiveFrames)>>,
    last_tick: f64,
    /// Called with the longest gap at the first frame after the run's work ended.
    on_finish: Option<Box<dyn FnOnce(f64)>>,
    /// Moves the run on (drains events, steps the simulator) at every tick.
    poll: Option<Box<dyn FnMut()>>,
    /// Draws the run's views: every frame during a run, a few times a second otherwise.
    draw: Option<Box<dyn FnMut()>>,
    frames: u64,
    dirty: bool,
}

/// The rAF loop. Cheap to clone; all clones share one loop.
#[derive(Clone, Default)]
pub struct FrameMonitor {
    inner: Rc<RefCell<Inner>>,
}

impl PartialEq for FrameMonitor {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl FrameMonitor {
    /// Starts the loop; it runs for the life of the page.
    pub fn start() -> Self {
        let monitor = FrameMonitor::default();
        monitor.inner.borrow_mut().dirty = true;
        let holder: Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>> = Rc::new(RefCell::new(None));
        let h2 = holder.clone();
        let m = monitor.clone();
        *holder.borrow_mut() = Some(Closure::new(move |_ts: f64| {
            m.frame();
            if let Some(cb) = h2.borrow().as_ref() {
                let _ = browser::window().request_animation_frame(cb.as_ref().unchecked_ref());
            }
        }));
        if let Some(cb) = holder.borrow().as_ref() {
            let _ = browser::window().request_animation_frame(cb.as_ref().unchecked_ref());
        }
        // The closure lives as long as the page: it re-registers itself each frame.
        std::mem::forget(holder);
        let m = monitor.clone();
        let beat = Closure::<dyn FnMut()>::new(move || m.heartbeat());
        let _ = browser::window().set_interval_with_callback_and_timeout_and_arguments_0(
            beat.as_ref().unchecked_ref(),
            HEARTBEAT_MS,
        );
        beat.forget();
        monitor
    }

    /// Begins measuring frame gaps and spinning; `on_tick` receives live
    /// numbers every 200 ms, `poll` runs at every frame or tick until the run
    /// ends (it may call [`FrameMonitor::finish_at_next_frame`]).
    pub fn begin_run(&self, on_tick: impl Fn(LiveFrames) + 'static, poll: impl FnMut() + 'static) {
        let now = now_ms();
        let mut i = self.inner.borrow_mut();
        i.rec = Some(Recording { start: now, last: now, gaps: Vec::with_capacity(512), max_gap: 0.0 });
        i.spinning = true;
        i.on_tick = Some(Box::new(on_tick));
        i.poll = Some(Box::new(poll));
        i.last_tick = now;
        i.on_finish = None;
        i.dirty = true;
    }

    /// Ends the run at the next frame or tick: its gap (which covers any
    /// block that just ended) is counted, then `done` gets the longest gap.
    pub fn finish_at_next_frame(&self, done: impl FnOnce(f64) + 'static) {
        let mut i = self.inner.borrow_mut();
        if i.rec.is_none() {
            drop(i);
            done(0.0);
            return;
        }
        i.on_finish = Some(Box::new(done));
    }

    /// Sets what draws the views (replacing the previous run's).
    pub fn set_draw(&self, draw: impl FnMut() + 'static) {
        let mut i = self.inner.borrow_mut();
        i.draw = Some(Box::new(draw));
        i.dirty = true;
    }

    /// The frame gaps of the run in progress, or of the last one.
    pub fn with_gaps<R>(&self, f: impl FnOnce(&[(f64, f64)]) -> R) -> R {
        let i = self.inner.borrow();
        f(i.rec.as_ref().map(|r| r.gaps.as_slice()).unwrap_or(&i.last_gaps))
    }

    /// Forgets the run, in progress or last: its finish callback, polling,
    /// live numbers, views and gaps. A run left behind (a link followed
    /// mid-run, Reset) must not report or draw into what the page shows next.
    pub fn forget_run(&self) {
        let mut i = self.inner.borrow_mut();
        i.rec = None;
        i.spinning = false;
        i.on_tick = None;
        i.on_finish = None;
        i.poll = None;
        i.draw = None;
        i.last_gaps.clear();
        i.dirty = true;
    }

    /// An animation frame: measure, then draw.
    fn frame(&self) {
        let now = now_ms();
        self.tick(now);
        let mut i = self.inner.borrow_mut();
        i.frames += 1;
        let views_due = i.spinning || i.dirty || i.frames % 15 == 0;
        if i.spinning || i.dirty {
            draw_spinner(now, i.spinning);
            let gaps = i.rec.as_ref().map(|r| &r.gaps).unwrap_or(&i.last_gaps);
            draw_gaps(gaps);
            i.dirty = false;
        }
        let hook = if views_due { i.draw.take() } else { None };
        drop(i);
        if let Some(mut draw) = hook {
            draw();
            self.inner.borrow_mut().draw.get_or_insert(draw);
        }
    }

    /// A timer tick: measure only (drawing belongs to frames).
    fn heartbeat(&self) {
        if self.inner.borrow().rec.is_some() {
            self.tick(now_ms());
        }
    }

    /// The main thread ran at `now`: record the gap since it last did, push
    /// live numbers, and end the run if its work is done.
    fn tick(&self, now: f64) {
        let mut finished: Option<(Box<dyn FnOnce(f64)>, f64)> = None;
        {
            let mut i = self.inner.borrow_mut();
            let Some(rec) = i.rec.as_mut() else { return };
            let gap = now - rec.last;
            rec.last = now;
            rec.gaps.push((now - rec.start, gap));
            rec.max_gap = rec.max_gap.max(gap);
            let live = LiveFrames { elapsed_ms: now - rec.start, max_gap_ms: rec.max_gap, frames: rec.gaps.len() as u32 };
            if now - i.last_tick >= TICK_MS {
                i.last_tick = now;
                if let Some(f) = i.on_tick.as_ref() {
                    f(live);
                }
            }
            if i.on_finish.is_some() {
                let rec = i.rec.take().expect("checked above");
                let f = i.on_finish.take().expect("checked");
                i.spinning = false;
                i.on_tick = None;
                i.poll = None;
                i.last_gaps = rec.gaps;
                i.dirty = true;
                finished = Some((f, rec.max_gap));
            }
        }
        // Called outside the borrow: it may start another run.
        if let Some((f, max_gap)) = finished {
            f(max_gap);
            return;
        }
        // Outside the borrow too: polling may end the run.
        let hook = self.inner.borrow_mut().poll.take();
        if let Some(mut poll) = hook {
            poll();
            let mut i = self.inner.borrow_mut();
            if i.rec.is_some() && i.poll.is_none() {
                i.poll = Some(poll);
            }
        }
    }
}

pub(crate) fn context(id: &str) -> Option<(HtmlCanvasElement, CanvasRenderingContext2d)> {
    let canvas: HtmlCanvasElement = browser::window().document()?.get_element_by_id(id)?.dyn_into().ok()?;
    let ctx = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    Some((canvas, ctx))
}

/// The text colour of the canvas element, so drawings follow the theme.
pub(crate) fn ink(canvas: &HtmlCanvasElement) -> String {
    browser::window()
        .get_computed_style(canvas)
        .ok()
        .flatten()
        .and_then(|s| s.get_property_value("color").ok())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "#222".into())
}

// Okabe–Ito colours: distinguishable with colour-blindness and in greyscale
// (dark blue vs light orange).
const BLUE: &str = "#0072B2";
const ORANGE: &str = "#E69F00";
const VERMILLION: &str = "#D55E00";

fn draw_spinner(now: f64, spinning: bool) {
    let Some((canvas, ctx)) = context(SPINNER_CANVAS_ID) else { return };
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    let fg = ink(&canvas);
    ctx.clear_rect(0.0, 0.0, w, h);
    let (cx, cy, r) = (w / 2.0, h / 2.0 - 8.0, (w.min(h) / 2.0 - 18.0).max(8.0));
    ctx.set_line_width(8.0);
    ctx.set_stroke_style_str("rgba(128,128,128,0.3)");
    ctx.begin_path();
    let _ = ctx.arc(cx, cy, r, 0.0, 2.0 * PI);
    ctx.stroke();
    if spinning {
        // One turn a second; the character changes every 100 ms like the seed's `\|/-` cycle.
        let a = (now / 1000.0) * 2.0 * PI;
        ctx.set_stroke_style_str(BLUE);
        ctx.begin_path();
        let _ = ctx.arc(cx, cy, r, a, a + PI / 2.0);
        ctx.stroke();
        let ch = ['\\', '|', '/', '-'][((now / 100.0) as usize) % 4];
        ctx.set_fill_style_str(&fg);
        ctx.set_font("bold 28px monospace");
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        let _ = ctx.fill_text(&ch.to_string(), cx, cy);
        ctx.set_font("14px sans-serif");
        let _ = ctx.fill_text("thinking!", cx, h - 10.0);
    }
}

/// The gap chart's y axis: a gap in ms and its label.
const GAP_LABELS: [(f64, &str); 5] = [(16.7, "16.7 ms"), (LONG_TASK_MS, "50"), (250.0, "250"), (1000.0, "1 s"), (10_000.0, "10 s")];

/// Frame gaps of the run on a log scale (1 ms to 10 s), one bar per frame.
fn draw_gaps(gaps: &[(f64, f64)]) {
    let Some((canvas, ctx)) = context(GAP_CANVAS_ID) else { return };
    let fg = ink(&canvas);
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
    // Projector mode: a fixed-size bitmap shown at the page's width, drawn
    // in a smaller logical space so its labels come out large (21 px and
    // more at 1024 px).
    // (It is shown about 1.3 times its bitmap's size already.)
    let zoom = (crate::views::present_zoom() / 1.3).max(1.0);
    let _ = ctx.set_transform(zoom, 0.0, 0.0, zoom, 0.0, 0.0);
    let _ = canvas.set_attribute("data-zoom", &zoom.to_string());
    let (w, h) = (canvas.width() as f64 / zoom, canvas.height() as f64 / zoom);
    ctx.set_font("11px sans-serif");
    // The y labels' column is as wide as the widest label in this browser's
    // font: Firefox measures "16.7 ms" 44.5 px wide where Chromium gives 39 px,
    // so a fixed margin cut it there. 4 px on each side of the text.
    let widest = GAP_LABELS.iter().filter_map(|(_, l)| ctx.measure_text(l).ok()).map(|m| m.width()).fold(0.0, f64::max);
    let left = (widest + 8.0).ceil();
    let (bottom, top) = (h - 18.0, 6.0);
    // The run's own length (a short run fills the chart too), at least 100 ms.
    let span = (gaps.last().map(|g| g.0).unwrap_or(0.0) * 1.02).max(100.0);
    let y_of = |ms: f64| {
        let l = ms.clamp(1.0, 10_000.0).log10() / 4.0;
        bottom - l * (bottom - top)
    };
    ctx.set_fill_style_str(&fg);
    ctx.set_text_align("right");
    ctx.set_text_baseline("middle");
    ctx.set_line_width(1.0);
    for &(ms, label) in &GAP_LABELS {
        let y = y_of(ms);
        ctx.set_stroke_style_str("rgba(128,128,128,0.35)");
        ctx.begin_path();
        ctx.move_to(left, y);
        ctx.line_to(w, y);
        ctx.stroke();
        let _ = ctx.fill_text(label, left - 4.0, y);
    }
    ctx.set_text_align("left");
    let end = if span >= 1000.0 { format!("{:.1} s", span / 1000.0) } else { format!("{span:.0} ms") };
    let label = crate::i18n::tf("view-axis-run", &[("end", &end)]);
    let _ = ctx.fill_text(&label, left, h - 6.0);
    // Each bar spans the time the main thread went without a frame, so a
    // freeze shows as a wide block, not a thin line.
    let x_of = |t: f64| left + t.max(0.0) / span * (w - left);
    for &(t, gap) in gaps {
        let (x0, x1) = (x_of(t - gap), x_of(t));
        let y = y_of(gap);
        ctx.set_fill_style_str(if gap > 250.0 {
            VERMILLION
        } else if gap > LONG_TASK_MS {
            ORANGE
        } else {
            BLUE
        });
        ctx.fill_rect(x0, y, (x1 - x0).max(1.0), bottom - y);
    }
}
