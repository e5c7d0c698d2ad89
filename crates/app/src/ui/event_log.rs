//! The event log, filterable by actor and by object.

use super::prelude::*;

/// A select of "all" or one name, kept in `chosen` (the index).
pub(crate) fn filter_select(id: &'static str, label: &str, names: &[String], chosen: UseStateHandle<Option<usize>>) -> Html {
    let current = *chosen;
    let onchange = Callback::from(move |e: Event| {
        let sel: HtmlSelectElement = e.target_unchecked_into();
        chosen.set(sel.value().parse().ok());
    });
    html! {
        <>
            <label for={id}>{ label }</label>
            <select {id} {onchange}>
                <option value="" selected={current.is_none()}>{ t("ctl-log-all") }</option>
                { for names.iter().enumerate().map(|(i, n)| html! { <option value={i.to_string()} selected={current == Some(i)}>{ n }</option> }) }
            </select>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct LogProps {
    pub(crate) lines: Vec<LogLine>,
    pub(crate) events: u64,
    pub(crate) emitted: u64,
    pub(crate) actor_names: Rc<Vec<String>>,
    pub(crate) object_names: Rc<Vec<String>>,
}

/// The last events as text, filterable by actor and by object.
#[function_component(EventLog)]
pub(crate) fn event_log(p: &LogProps) -> Html {
    let actor = use_state(|| None::<usize>);
    let object = use_state(|| None::<usize>);
    let shown: Vec<&LogLine> = p
        .lines
        .iter()
        .filter(|l| match (*actor, *object) {
            (Some(a), _) => l.actor == Some(a),
            (None, Some(o)) => l.object == Some(o),
            (None, None) => true,
        })
        .collect();
    html! {
        <figure class="view" id="event-log">
            <figcaption id="event-log-caption">{ log_caption(p.lines.iter().filter(|l| l.seq < STORY_LINES).count(), p.events, p.emitted) }</figcaption>
            <div class="log-filters">
                { filter_select("log-actor", &format!("{} ", t("ctl-log-actor")), &p.actor_names, actor.clone()) }
                { filter_select("log-object", &format!(" {} ", t("ctl-log-object")), &p.object_names, object.clone()) }
            </div>
            <ol class="log" role="log" aria-label={t("ctl-log-label")} tabindex="0">
                { for shown.iter().rev().map(|l| html! { <li key={l.seq.to_string()}>{ &l.text }</li> }) }
            </ol>
        </figure>
    }
}
