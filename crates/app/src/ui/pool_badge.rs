//! The Web Worker pool's badge in the header.

use super::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct PoolProps {
    pub(crate) status: PoolStatus,
    /// The embedded layout: the page explains unavailability beside the controls instead.
    #[prop_or_default]
    pub(crate) compact: bool,
    /// The page's language (the badge sits outside the page's keyed body).
    pub(crate) lang: Lang,
}

#[function_component(PoolBadge)]
pub(crate) fn pool_badge(p: &PoolProps) -> Html {
    let (state, text, threads) = match &p.status {
        PoolStatus::Starting { threads } => ("starting", tf("pool-starting", &[("threads", threads)]), *threads),
        PoolStatus::Ready { threads, cores } => ("ready", tf("pool-ready", &[("threads", threads), ("cores", cores)]), *threads),
        PoolStatus::Unavailable { .. } => ("unavailable", t("pool-unavailable").to_string(), 0),
    };
    let reason = match &p.status {
        PoolStatus::Unavailable { reason } => Some(pool::said(reason)),
        _ => None,
    };
    html! {
        <div class={classes!("pool", state)} id="pool-status" data-state={state} data-threads={threads.to_string()}>
            <span class="dot" aria-hidden="true"></span>
            <span>{ text }</span>
            if let Some(r) = reason.filter(|_| !p.compact) { <p class="pool-reason" id="pool-reason">{ r }</p> }
        </div>
    }
}
