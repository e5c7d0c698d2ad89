//! Compare: the runs on one time axis, their numbers side by side, and what the difference says.

use super::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct CompareProps {
    pub(crate) comparison: Comparison,
}

/// Compare: the runs on one time axis (drawn by the frame loop), their
/// numbers side by side, and what the difference says.
#[function_component(CompareView)]
pub(crate) fn compare_view(p: &CompareProps) -> Html {
    let c = &p.comparison;
    let state = match (c.running, c.reports.len(), c.backends.len()) {
        (Some(i), _, n) => tf("pnl-compare-running", &[("n", &(i + 1)), ("total", &n), ("backend", &c.backends.get(i).map(|b| b.word()).unwrap_or(""))]),
        (None, 0, _) => t("pnl-compare-press-run").to_string(),
        (None, done, n) if done < n => t("pnl-compare-stopped").to_string(),
        _ => t("pnl-compare-done").to_string(),
    };
    let row = |label: &str, f: &dyn Fn(&RunReport) -> String| html! {
        <tr><th scope="row">{ label }</th>{ for c.reports.iter().map(|r| html! { <td>{ f(r) }</td> }) }</tr>
    };
    let virtual_time = |r: &RunReport| if r.backend.virtual_time() { t("pnl-compare-virtual") } else { "" };
    html! {
        <figure class="view compare" id="compare-view" data-state={if c.running.is_some() { "running" } else if c.reports.is_empty() { "idle" } else { "finished" }}>
            <figcaption>{ tf("pnl-compare-caption", &[
                ("backends", &if c.backends.is_empty() { t("pnl-compare-two-backends").to_string() } else { c.backends.iter().map(|b| b.word()).collect::<Vec<_>>().join(t("pnl-compare-then")) }),
                ("state", &state),
            ]) }</figcaption>
            if let [a, b] = c.reports.as_slice() {
                <div class="verdict" id="compare-verdict">
                    { for compare_verdict(a, b).into_iter().map(|line| html! { <p>{ line }</p> }) }
                </div>
            }
            <canvas id={COMPARE_CANVAS_ID} width="900" height="80" role="img"
                aria-label={t("pnl-compare-canvas-label")} />
            if !c.reports.is_empty() {
                <table class="actors results" id="compare-table">
                    <caption>{ t("pnl-compare-side-by-side") }</caption>
                    <thead><tr><th scope="col">{ "" }</th>{ for c.reports.iter().map(|r| html! { <th scope="col">{ r.backend.word() }</th> }) }</tr></thead>
                    <tbody>
                        { row(t("pnl-compare-row-outcome"), &|r| outcome_word(r.outcome.as_str())) }
                        { row(t("pnl-compare-row-check"), &|r| r.check.as_ref().map(|c| check_words(r, c)).unwrap_or_else(|| "—".into())) }
                        { row(t("pnl-compare-row-time"), &|r| if r.backend.virtual_time() {
                            tf("pnl-compare-virtual-time", &[("virtual", &fmt_ms(virtual_ms(r))), ("real", &fmt_ms(r.wall_ms))])
                        } else {
                            fmt_ms(r.wall_ms)
                        }) }
                        { row(t("pnl-compare-row-frame-gap"), &|r| format!("{:.0} ms", r.max_frame_gap_ms)) }
                        { row(t("pnl-compare-row-busy"), &|r| format!("{}{}", fmt_ms(r.actors.iter().map(|a| a.busy_ms).sum()), virtual_time(r))) }
                    </tbody>
                </table>
                { for c.reports.iter().enumerate().map(|(k, r)| html! {
                    <section class="compare-run" id={format!("compare-run-{}", k + 1)}>
                        <h3>{ tf("pnl-compare-run-title", &[("n", &(k + 1)), ("backend", &backend_label(r.backend.word(), None))]) }</h3>
                        if let Some(res) = c.results.get(k) {
                            if let Some(note) = &res.note { <p class="verdict">{ note }</p> }
                            if !res.rows.is_empty() { { results_table(res, &format!("compare-results-{}", k + 1)) } }
                        }
                        if !r.actors.is_empty() { { actor_table(r, &format!("compare-actors-{}", k + 1)) } }
                    </section>
                }) }
            }
        </figure>
    }
}
