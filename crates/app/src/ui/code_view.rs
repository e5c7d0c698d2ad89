//! The scenario's code, with each actor on its current line.

use super::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct CodeProps {
    pub(crate) source: Rc<str>,
    pub(crate) actors: Vec<ActorLive>,
    /// A program's shared data now (empty: none, or not a program).
    pub(crate) shared: Vec<(String, String)>,
    /// Step by step: each actor's local variables are shown beside its line
    /// (otherwise in its chip's tooltip: a live run moves them too fast to read).
    #[prop_or_default]
    pub(crate) manual: bool,
    /// In a frame the shared data folds under its caption (a click opens
    /// it) and the caption is short: the frame keeps to about 600 px after
    /// a run.
    #[prop_or_default]
    pub(crate) compact: bool,
}

/// The scenario's source, with each actor marked on its current line.
#[function_component(CodeView)]
pub(crate) fn code_view(p: &CodeProps) -> Html {
    // A lesson is longer than its box: the box scrolls (not the page) so
    // that the first marked line is in view whenever it changes. Only then:
    // reading a line's position lays the page out at once, and with 16
    // threads moving that was a layout per snapshot (up to 67 ms each in a
    // live race, issue 13's frame figures).
    let list = use_node_ref();
    {
        let list = list.clone();
        let first = p.actors.iter().map(|a| a.line).filter(|&l| l > 0).min();
        use_effect_with(first, move |_| {
            let Some(ol) = list.cast::<web_sys::HtmlElement>() else { return };
            let Ok(Some(li)) = ol.query_selector("li.current") else { return };
            let Some(li) = li.dyn_ref::<web_sys::HtmlElement>() else { return };
            let (top, height, seen) = (li.offset_top(), ol.client_height(), ol.scroll_top());
            if top < seen || top + li.offset_height() > seen + height {
                ol.set_scroll_top((top - height / 3).max(0));
            }
        });
    }
    html! {
        <figure class="view code-view" id="code-view">
            <figcaption>{ t(if p.compact { "ctl-code-caption-short" } else { "ctl-code-caption" }) }</figcaption>
            <ol class="code" ref={list}>
                { for p.source.lines().enumerate().map(|(i, line)| {
                    let n = i as u32 + 1;
                    let here: Vec<&ActorLive> = p.actors.iter().filter(|a| a.line == n).collect();
                    html! {
                        <li class={classes!((!here.is_empty()).then_some("current"))} data-line={n.to_string()}>
                            <code>{ marked(line, &here) }</code>
                            { for here.iter().map(|a| {
                                let did = a.did.as_ref().map(|d| format!(" · {d}")).unwrap_or_default();
                                let locals = a.locals.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join(", ");
                                let title = if locals.is_empty() { a.state.clone() } else { tf("ctl-code-chip-title", &[("state", &a.state), ("locals", &locals)]) };
                                html! {
                                    <>
                                        <span class="chip" title={title}>{ format!("{} · {}{did}", a.name, a.state) }</span>
                                        if p.manual && !locals.is_empty() {
                                            <span class="locals" data-actor={a.name.clone()} title={tf("ctl-code-locals-title", &[("name", &a.name)])}>{ locals }</span>
                                        }
                                    </>
                                }
                            }) }
                        </li>
                    }
                }) }
            </ol>
            if !p.shared.is_empty() {
                // The caption above the table, not in it: the table scrolls
                // sideways in place for a long value, its caption wraps.
                if p.compact {
                    <details class="shared-fold">
                        // (One line folded; the long caption once opened.)
                        <summary class="shared-caption">{ t("ctl-shared-label") }</summary>
                        <p class="shared-caption">{ t("ctl-shared-caption") }</p>
                        { shared_table(&p.shared) }
                    </details>
                } else {
                    <p class="shared-caption">{ t("ctl-shared-caption") }</p>
                    { shared_table(&p.shared) }
                }
            }
        </figure>
    }
}

/// The shared data, a row a name.
fn shared_table(shared: &[(String, String)]) -> Html {
    html! {
        <table class="shared-data" id="shared-data" aria-label={t("ctl-shared-label")}>
            <tbody>
                { for shared.iter().map(|(k, v)| html! { <tr><th scope="row"><code>{ k.clone() }</code></th><td><code>{ brief(v) }</code></td></tr> }) }
            </tbody>
        </table>
    }
}

/// A value in the shared data: its repr, or (when long) "a list of 10
/// items", said in the page's language.
fn brief(v: &str) -> String {
    if v.starts_with("a ") { super::text::said(v) } else { v.to_string() }
}

/// A line of code with the expressions of its actors' next steps marked
/// (`<mark class="step-expr">`); overlapping ones merge.
fn marked(line: &str, here: &[&ActorLive]) -> Html {
    let n = line.chars().count();
    let mut on = vec![false; n];
    for (c0, c1) in here.iter().filter_map(|a| a.span) {
        for flag in on.iter_mut().take(c1.min(n)).skip(c0) {
            *flag = true;
        }
    }
    if !on.contains(&true) {
        return html! { { line.to_string() } };
    }
    // Runs of marked and unmarked characters, in order.
    let chars: Vec<char> = line.chars().collect();
    let mut parts: Vec<Html> = Vec::new();
    let mut i = 0;
    while i < n {
        let j = (i..n).find(|&j| on[j] != on[i]).unwrap_or(n);
        let text: String = chars[i..j].iter().collect();
        parts.push(if on[i] { html! { <mark class="step-expr">{ text }</mark> } } else { html! { { text } } });
        i = j;
    }
    parts.into_iter().collect::<Html>()
}
