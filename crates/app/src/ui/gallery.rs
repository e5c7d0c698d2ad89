//! The gallery of scenarios.

use super::prelude::*;

#[function_component(Gallery)]
pub(crate) fn gallery() -> Html {
    html! {
        <section class="gallery" aria-labelledby="gallery-title">
            <h1 id="gallery-title">{ "Scenarios" }</h1>
            <ul class="cards">
                { for CATALOG.iter().map(|s| html! {
                    <li class="card">
                        <a href={format!("#/{}", s.id)} id={format!("open-{}", s.id)}>
                            <h2>{ s.title }</h2>
                            <p>{ s.summary }</p>
                        </a>
                    </li>
                }) }
                <li class="card">
                    <a href="#/program" id="open-program">
                        <h2>{ "A program of your own" }</h2>
                        <p>{ "Write threads in Python, with locks, conditions, semaphores, events and queues, and run them on real threads, on the event loop or step by step." }</p>
                    </a>
                </li>
            </ul>
        </section>
    }
}
