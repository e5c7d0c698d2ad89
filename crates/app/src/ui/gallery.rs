//! The gallery of lessons: an introduction, then the lessons grouped and
//! ordered as the notes teach them ([`interleave_engine::scenarios::GALLERY`]),
//! each card naming its chapter and its claim.

use super::prelude::*;
use interleave_engine::scenarios::{find, GALLERY};

#[function_component(Gallery)]
pub(crate) fn gallery() -> Html {
    html! {
        <section class="gallery" aria-labelledby="gallery-title">
            <h1 id="gallery-title">{ t("gallery-title") }</h1>
            <p class="gallery-intro" id="gallery-intro">{ t("gallery-intro") }</p>
            { for GALLERY.iter().enumerate().map(|(i, g)| html! {
                <section class="gallery-group" aria-labelledby={format!("group-{i}")}>
                    <h2 id={format!("group-{i}")}>{ format!("{}. {}", i + 1, t(&format!("group-{i}-title"))) }</h2>
                    <p class="hint">{ t(&format!("group-{i}-intro")) }</p>
                    <ul class="cards">
                        { for g.ids.iter().filter_map(|id| find(id)).map(|s| html! {
                            <li class="card">
                                <a href={format!("#/{}", s.id)} id={format!("open-{}", s.id)}>
                                    <h3>{ crate::i18n::lesson(s, "title") }</h3>
                                    <p class="chapter">{ crate::i18n::lesson(s, "chapter") }</p>
                                    <p>{ crate::i18n::lesson(s, "summary") }</p>
                                </a>
                            </li>
                        }) }
                    </ul>
                </section>
            }) }
            <section class="gallery-group" aria-labelledby="group-own">
                <h2 id="group-own">{ t("gallery-own-title") }</h2>
                <ul class="cards">
                    <li class="card">
                        <a href="#/program" id="open-program">
                            <h3>{ t("gallery-own-card") }</h3>
                            <p>{ t("gallery-own-summary") }</p>
                        </a>
                    </li>
                </ul>
            </section>
        </section>
    }
}
