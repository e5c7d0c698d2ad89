//! The gallery of lessons: an introduction, then the lessons grouped and
//! ordered as the notes teach them ([`interleave_engine::scenarios::GALLERY`]),
//! each card naming its chapter and its claim.

use super::prelude::*;
use interleave_engine::scenarios::{find, GALLERY};

#[function_component(Gallery)]
pub(crate) fn gallery() -> Html {
    html! {
        <section class="gallery" aria-labelledby="gallery-title">
            <h1 id="gallery-title">{ "Lessons" }</h1>
            <p class="gallery-intro" id="gallery-intro">
                { "Each lesson is a claim from the course notes, made visible and checked: open one, choose how it runs (real threads of Web Workers, tasks on the page's event loop, or step by step on a deterministic simulator where you choose who runs next), and watch it. What you read is the Python program that runs; you can edit it, explore every way it can end, and share a link that reopens exactly the same run." }
            </p>
            { for GALLERY.iter().enumerate().map(|(i, g)| html! {
                <section class="gallery-group" aria-labelledby={format!("group-{i}")}>
                    <h2 id={format!("group-{i}")}>{ format!("{}. {}", i + 1, g.title) }</h2>
                    <p class="hint">{ g.intro }</p>
                    <ul class="cards">
                        { for g.ids.iter().filter_map(|id| find(id)).map(|s| html! {
                            <li class="card">
                                <a href={format!("#/{}", s.id)} id={format!("open-{}", s.id)}>
                                    <h3>{ s.title }</h3>
                                    <p class="chapter">{ s.chapter }</p>
                                    <p>{ s.summary }</p>
                                </a>
                            </li>
                        }) }
                    </ul>
                </section>
            }) }
            <section class="gallery-group" aria-labelledby="group-own">
                <h2 id="group-own">{ "Your own program" }</h2>
                <ul class="cards">
                    <li class="card">
                        <a href="#/program" id="open-program">
                            <h3>{ "A program of your own" }</h3>
                            <p>{ "Write threads in Python, with locks, conditions, semaphores, events and queues, and run them on real threads, on the event loop or step by step." }</p>
                        </a>
                    </li>
                </ul>
            </section>
        </section>
    }
}
