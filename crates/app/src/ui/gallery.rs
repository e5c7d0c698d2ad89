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
            </ul>
        </section>
    }
}
