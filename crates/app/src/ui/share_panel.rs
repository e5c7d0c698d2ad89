//! The share panel: a link to this configuration, and the embed snippet.

use super::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct ShareProps {
    pub(crate) scenario: ScenarioRef,
    pub(crate) params: Params,
    /// The link's seed and schedule (the rest of the page options is the panel's to choose).
    pub(crate) run_options: PageOptions,
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

    let link = browser::page_url(&to_hash(s, &p.params, &p.run_options));
    let options = PageOptions {
        autorun: *autorun,
        embed: true,
        views: if views.len() == VIEWS.len() { None } else { Some((*views).clone()) },
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
                copied.set(Some(if ok { what } else { "select the text and copy it" }));
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
        <section class="share" aria-label="Share">
            <div class="share-row">
                <label for="share-link">{ "Link to this configuration" }</label>
                <input id="share-link" readonly=true value={link.clone()} onfocus={Callback::from(|e: FocusEvent| {
                    let i: web_sys::HtmlInputElement = e.target_unchecked_into(); i.select(); })} />
                <button id="copy-link" onclick={copy(link, "link copied")}>{ "Copy link" }</button>
                <button id="embed-toggle" aria-expanded={embed_open.to_string()}
                    onclick={{ let e = embed_open.clone(); Callback::from(move |_: MouseEvent| e.set(!*e)) }}>{ "Embed" }</button>
                if let Some(msg) = *copied { <span class="copied" role="status">{ msg }</span> }
            </div>
            if *embed_open {
                <fieldset class="embed-options" id="embed-panel">
                    <legend>{ "Embed in a course page" }</legend>
                    { for VIEWS.iter().map(|v| html! {
                        <label class="check"><input type="checkbox" id={format!("embed-view-{v}")} checked={views.contains(v)} onchange={toggle_view(v)} />{ format!(" show {v}") }</label>
                    }) }
                    <label class="check"><input type="checkbox" id="embed-autorun" checked={*autorun}
                        onchange={{ let a = autorun.clone(); Callback::from(move |_: Event| a.set(!*a)) }} />{ " run when the page opens" }</label>
                    <label class="check">{ "height (px) " }
                        <input type="number" id="embed-height" min="200" max="3000" value={height.to_string()}
                            onchange={{ let h = height.clone(); Callback::from(move |e: Event| {
                                let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                                if let Ok(v) = i.value().trim().parse::<u32>() { h.set(v.clamp(200, 3000)); }
                            }) }} />
                    </label>
                    <textarea id="embed-snippet" readonly=true rows="4" value={snippet.clone()} aria-label="iframe snippet" />
                    <button id="copy-embed" onclick={copy(snippet, "snippet copied")}>{ "Copy snippet" }</button>
                    <p class="hint">{ "The frame posts its height and its run events to your page; see the README's embedding section." }</p>
                </fieldset>
            }
        </section>
    }
}
