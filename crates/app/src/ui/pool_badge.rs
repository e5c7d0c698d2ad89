//! The Web Worker pool's badge in the header.

use super::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct PoolProps {
    pub(crate) status: PoolStatus,
    /// The embedded layout: the page explains unavailability beside the controls instead.
    #[prop_or_default]
    pub(crate) compact: bool,
}

#[function_component(PoolBadge)]
pub(crate) fn pool_badge(p: &PoolProps) -> Html {
    let (state, text, threads) = match &p.status {
        PoolStatus::Starting { threads } => ("starting", format!("Starting {threads} Web Worker threads…"), *threads),
        PoolStatus::Ready { threads, cores } => {
            ("ready", format!("Web Worker pool: {threads} threads on {cores} cores"), *threads)
        }
        PoolStatus::Unavailable { .. } => ("unavailable", "Real threads unavailable".to_string(), 0),
    };
    let reason = match &p.status {
        PoolStatus::Unavailable { reason } => Some(reason.clone()),
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
