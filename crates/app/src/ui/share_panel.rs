//! The share panel: a link to this configuration, and the embed snippet.

use super::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct ShareProps {
    pub(crate) scenario: ScenarioRef,
    pub(crate) params: Params,
    /// The link's seed and schedule (the rest of the page options is the panel's to choose).
    pub(crate) run_options: PageOptions,
}

/// The challenges the embed panel offers for a lesson: those its lesson
/// can reach (with the right parameters: the race unsafe, the naive
/// philosophers, the buffer with notify_one).
fn challenges_of(id: &str) -> &'static [interleave_engine::challenge::Challenge] {
    use interleave_engine::challenge::Challenge;
    match id {
        "race" => &[Challenge::FailCheck],
        "deadlock" | "bounded-buffer" => &[Challenge::Deadlock],
        _ => &[],
    }
}

/// "Copy link" and "Embed": the configuration as a link and as an iframe snippet.
#[function_component(SharePanel)]
pub(crate) fn share_panel(p: &ShareProps) -> Html {
    let s = p.scenario.0;
    let copied = use_state(|| None::<&'static str>);
    let embed_open = use_state(|| false);
    let views = use_state(|| VIEWS.to_vec());
    let autorun = use_state(|| false);
    let height = use_state(|| 640u32);
    let challenge = use_state(|| p.run_options.challenge);

    let link = browser::page_url(&to_hash(s, &p.params, &p.run_options));
    let options = PageOptions {
        autorun: *autorun,
        embed: true,
        views: if views.len() == VIEWS.len() { None } else { Some((*views).clone()) },
        challenge: *challenge,
        ..p.run_options.clone()
    };
    let frame_src = browser::page_url(&to_hash(s, &p.params, &options));
    let snippet = format!(
        "<iframe src=\"{}\" title=\"Interleave: {}\" width=\"100%\" height=\"{}\" style=\"border:0\" loading=\"lazy\" allow=\"cross-origin-isolated\"></iframe>",
        html_attr(&frame_src),
        html_attr(s.title),
        *height
    );
    let copy = |text: String, what: &'static str| {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            let text = text.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let ok = browser::copy_text(&text).await;
                copied.set(Some(if ok { what } else { t("pnl-share-copy-failed") }));
            });
        })
    };
    let toggle_view = |v: &'static str| {
        let views = views.clone();
        Callback::from(move |_: Event| {
            let mut next: Vec<&'static str> = (*views).clone();
            if next.contains(&v) {
                next.retain(|x| *x != v);
            } else {
                next.push(v);
                next.sort_by_key(|k| VIEWS.iter().position(|x| x == k));
            }
            views.set(next);
        })
    };
    html! {
        <section class="share" aria-label={t("pnl-share-label")}>
            <div class="share-row">
                <label for="share-link">{ t("pnl-share-link-label") }</label>
                <input id="share-link" readonly=true value={link.clone()} onfocus={Callback::from(|e: FocusEvent| {
                    let i: web_sys::HtmlInputElement = e.target_unchecked_into(); i.select(); })} />
                <button id="copy-link" onclick={copy(link, t("pnl-share-link-copied"))}>{ t("pnl-share-copy-link") }</button>
                <button id="embed-toggle" aria-expanded={embed_open.to_string()}
                    onclick={{ let e = embed_open.clone(); Callback::from(move |_: MouseEvent| e.set(!*e)) }}>{ t("pnl-share-embed") }</button>
                if let Some(msg) = *copied { <span class="copied" role="status">{ msg }</span> }
            </div>
            if *embed_open {
                <fieldset class="embed-options" id="embed-panel">
                    <legend>{ t("pnl-embed-legend") }</legend>
                    { for VIEWS.iter().map(|v| html! {
                        <label class="check"><input type="checkbox" id={format!("embed-view-{v}")} checked={views.contains(v)} onchange={toggle_view(v)} />{ tf("pnl-embed-show-view", &[("view", v)]) }</label>
                    }) }
                    <label class="check"><input type="checkbox" id="embed-autorun" checked={*autorun}
                        onchange={{ let a = autorun.clone(); Callback::from(move |_: Event| a.set(!*a)) }} />{ t("pnl-embed-autorun") }</label>
                    <label class="check">{ t("pnl-embed-height") }
                        <input type="number" id="embed-height" min="200" max="3000" value={height.to_string()}
                            onchange={{ let h = height.clone(); Callback::from(move |e: Event| {
                                let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                                if let Ok(v) = i.value().trim().parse::<u32>() { h.set(v.clamp(200, 3000)); }
                            }) }} />
                    </label>
                    if !challenges_of(s.id).is_empty() {
                    <label class="check" for="embed-challenge">{ t("pnl-embed-challenge") }
                        <select id="embed-challenge" onchange={{ let c = challenge.clone(); Callback::from(move |e: Event| {
                            let sel: HtmlSelectElement = e.target_unchecked_into();
                            c.set(interleave_engine::challenge::Challenge::parse(&sel.value()));
                        }) }}>
                            <option value="" selected={challenge.is_none()}>{ t("pnl-embed-challenge-none") }</option>
                            { for challenges_of(s.id).iter().map(|c| html! {
                                <option value={c.word()} selected={*challenge == Some(*c)}>{ match c {
                                    interleave_engine::challenge::Challenge::FailCheck => t("pnl-embed-challenge-fail-check"),
                                    _ => t("pnl-embed-challenge-deadlock"),
                                } }</option>
                            }) }
                        </select>
                    </label>
                    }
                    <textarea id="embed-snippet" readonly=true rows="4" value={snippet.clone()} aria-label={t("pnl-embed-snippet-label")} />
                    <button id="copy-embed" onclick={copy(snippet, t("pnl-embed-snippet-copied"))}>{ t("pnl-embed-copy-snippet") }</button>
                    <details class="embed-help" id="embed-help">
                        <summary>{ t("pnl-embed-help-summary") }</summary>
                        <p>{ t("pnl-embed-help-paste") }</p>
                        <p>{ t("pnl-embed-help-messages") }</p>
                        <ul>
                            <li><code>{ "interleave:ready" }</code>{ t("pnl-embed-help-ready") }<code>{ "interleave:resize" }</code>{ t("pnl-embed-help-resize") }</li>
                            <li><code>{ "interleave:run-started" }</code>{ t("pnl-embed-help-and") }<code>{ "interleave:run-finished" }</code>{ t("pnl-embed-help-run-finished") }</li>
                            <li><code>{ "interleave:challenge-solved" }</code>{ t("pnl-embed-help-solved") }<code>{ "interleave:explore-finished" }</code>{ t("pnl-embed-help-explore-finished") }</li>
                        </ul>
                        <p>{ tf("pnl-embed-help-commands", &[("call", &"frame.contentWindow.postMessage({type: \"interleave:command\", command: \"run\"}, origin)")]) }</p>
                        <pre class="output">{ "addEventListener('message', (e) => {\n  if (e.data?.type === 'interleave:resize') frame.style.height = e.data.height + 'px';\n  if (e.data?.type === 'interleave:run-finished') console.log(e.data.outcome);\n});" }</pre>
                    </details>
                </fieldset>
            }
        </section>
    }
}
