//! The live views' figures (the canvases are drawn by the frame loop).

use super::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct ViewsProps {
    pub(crate) options: PageOptions,
    pub(crate) snapshot: Snapshot,
    pub(crate) source: Rc<str>,
    pub(crate) actor_names: Rc<Vec<String>>,
    pub(crate) object_names: Rc<Vec<String>>,
    /// Which of the views: the pictures of the run, or the program and its log.
    pub(crate) pane: Pane,
}

/// The two panes of a lesson's workspace: side by side on a wide screen
/// (the program left, the pictures right), one above the other on a phone.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pane {
    /// The timeline, the shared objects' charts, the wait-for graph.
    Pictures,
    /// The code view and the event log.
    Program,
}

/// The views a page shows: projector mode and a frame show only those that
/// tell the lesson (`lesson_views`; a frame is to fit in about 600 px),
/// unless the link chose its own (the link itself is left as it was).
pub(crate) fn shown_views(options: &PageOptions, lesson_views: &[&'static str]) -> PageOptions {
    if (options.present || options.embed) && options.views.is_none() {
        PageOptions { views: Some(lesson_views.to_vec()), ..options.clone() }
    } else {
        options.clone()
    }
}

/// What a program of one's own shows in a frame or on a projector: who ran
/// when, and the code with each thread on its line.
pub(crate) const PROGRAM_VIEWS: &[&str] = &["timeline", "code"];

/// The live views. Canvases are drawn by the frame loop ([`ViewState`]);
/// the code view and the event log render the 200 ms snapshot.
#[function_component(Views)]
pub(crate) fn views(p: &ViewsProps) -> Html {
    let o = &p.options;
    let pictures = p.pane == Pane::Pictures;
    let program = p.pane == Pane::Program;
    // The simulator's clock moves only for sleeps and work: a run whose
    // steps took none is drawn by event (`ViewState::on_event_axis`).
    let instant = p.snapshot.sim.is_some_and(|(steps, ms)| steps > 0 && ms == 0.0);
    // asyncio's tasks have rows of their own (not on the event axis).
    let tasks = p.snapshot.tasks > 0 && !instant;
    html! {
        <div class="views">
            if pictures && o.shows("timeline") {
                { canvas_view("timeline-view", t("ctl-timeline-caption"), TIMELINE_CANVAS_ID, (900, 60),
                    t("ctl-timeline-label"),
                    html! {
                    <>
                        <ul class="legend" aria-label={t("ctl-timeline-legend")}>
                            { for Class::LEGEND.iter().chain((p.snapshot.emitted > p.snapshot.events).then_some(&Class::Unrecorded))
                                .chain((instant || tasks).then_some(&Class::Ready))
                                .chain(tasks.then_some(&Class::Cancelled)).map(|c| {
                                let (colour, frac) = c.style();
                                // A frame says each class in its word, the rest in its title.
                                let label = c.label();
                                let shown = if o.embed { label.split_once(" (").or_else(|| label.split_once('（')).map_or(label, |(word, _)| word) } else { label };
                                html! { <li title={label}><span class="swatch" style={format!("background:{colour};height:{:.0}px", 4.0 + 10.0 * frac)}></span>{ shown }</li> }
                            }) }
                        </ul>
                        // The simulator's clock moves only for sleeps and work:
                        // a run whose steps took none stands at 0 ms.
                        if instant {
                            // In a frame, in a sentence (the frame keeps to about 600 px).
                            <p class="hint" id="timeline-instant">{ t(if o.embed { "ctl-timeline-instant-short" } else { "ctl-timeline-instant" }) }</p>
                        }
                        if tasks && !o.embed {
                            <p class="hint" id="timeline-tasks">{ t("ctl-timeline-tasks") }</p>
                        }
                        if p.snapshot.processes && !o.embed {
                            <p class="hint" id="timeline-processes">{ t("ctl-timeline-processes") }</p>
                        }
                    </>
                    }) }
            }
            if pictures && o.shows("resources") {
                { canvas_view("resources-view", t("ctl-resources-caption"), RESOURCES_CANVAS_ID, (900, 60),
                    t("ctl-resources-label"), html! {}) }
            }
            if pictures && o.shows("graph") {
                { canvas_view("graph-view", t("ctl-graph-caption"), GRAPH_CANVAS_ID, (560, 400),
                    t("ctl-graph-label"), html! {}) }
            }
            if program && o.shows("code") && !p.source.is_empty() {
                <CodeView source={p.source.clone()} actors={p.snapshot.actors.clone()} shared={p.snapshot.shared.clone()} manual={p.snapshot.manual} compact={o.embed} />
            }
            if program && o.shows("log") {
                <EventLog lines={p.snapshot.log.clone()} events={p.snapshot.events} emitted={p.snapshot.emitted}
                    actor_names={p.actor_names.clone()} object_names={p.object_names.clone()} />
            }
        </div>
    }
}

/// A view the frame loop draws on a canvas: its figure, caption, whatever
/// goes above the canvas (a legend), and the canvas with its description.
pub(crate) fn canvas_view(figure: &'static str, caption: &'static str, canvas: &'static str, (w, h): (u32, u32), label: &'static str, above: Html) -> Html {
    html! {
        <figure class="view" id={figure}>
            <figcaption>{ caption }</figcaption>
            { above }
            <canvas id={canvas} width={w.to_string()} height={h.to_string()} role="img" aria-label={label} />
        </figure>
    }
}
