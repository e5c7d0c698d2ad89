//! The page: the reducer, the run controller, link-following and the frame
//! protocol, and the layout around the gallery or a scenario.

use super::prelude::*;

pub(crate) fn initial_pool() -> PoolStatus {
    if browser::cross_origin_isolated() {
        PoolStatus::Starting { threads: pool::pool_size() }
    } else {
        PoolStatus::Unavailable { reason: pool::NOT_ISOLATED.into() }
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| AppState::from_hash(&browser::location_hash(), initial_pool(), crate::i18n::browser_lang()));
    let latest = use_mut_ref(|| (*state).clone());
    *latest.borrow_mut() = (*state).clone();
    let monitor = use_memo((), |_| FrameMonitor::start());
    let handle: Handle = use_mut_ref(|| None);
    let model_ref = use_mut_ref(|| None);
    let compare = use_mut_ref(CompareRuns::default);
    let story = use_mut_ref(Default::default);
    let ctx = Ctx { latest, dispatch: state.dispatcher(), monitor: (*monitor).clone(), handle, model: model_ref, compare, story };

    // Once per page: the pool (if isolated), link-following, and, when framed,
    // the parent's commands and our height.
    {
        let ctx = ctx.clone();
        let needs_pool = matches!(state.pool, PoolStatus::Starting { .. });
        use_effect_with((), move |_| {
            if needs_pool {
                let d = ctx.dispatch.clone();
                wasm_bindgen_futures::spawn_local(async move { d.dispatch(Action::Pool(pool::start().await)) });
            }
            let nav = ctx.clone();
            let cb = Closure::<dyn Fn()>::new(move || {
                nav.forget_run();
                nav.dispatch.dispatch(Action::Navigate(browser::location_hash()));
            });
            let w = browser::window();
            let _ = w.add_event_listener_with_callback("hashchange", cb.as_ref().unchecked_ref());
            cb.forget();
            if browser::in_frame() {
                let c = ctx.clone();
                embed::listen(move |cmd| match cmd {
                    embed::Command::Run => c.start_run(false),
                    embed::Command::Stop => c.stop_run(),
                    embed::Command::Reset => c.reset(),
                });
                embed::report_height();
                let scenario = match &ctx.latest.borrow().view {
                    View::Scenario { scenario, .. } => Some(scenario.id),
                    View::Program(_) => Some(interleave_engine::contract::PROGRAM),
                    View::Gallery => None,
                };
                embed::post(serde_json::json!({ "type": "interleave:ready", "scenario": scenario }));
            }
        });
    }

    // autorun=1: run once the page has settled. Starting the pool spawns
    // workers from the main thread, which would show up as frame gaps in
    // any run measured meanwhile, whatever its backend.
    {
        let ready = matches!(state.view, View::Scenario { .. }) && !matches!(state.pool, PoolStatus::Starting { .. });
        let go = state.autorun_pending && ready;
        // A challenge starts step by step: the student is the scheduler.
        let manual = state.options.challenge.is_some();
        let ctx = ctx.clone();
        use_effect_with(go, move |go| {
            if *go {
                ctx.dispatch.dispatch(Action::AutorunTaken);
                ctx.start_run(manual);
            }
        });
    }

    let on_dismiss = {
        let d = state.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::DismissProblems))
    };

    let embed_mode = state.options.embed && matches!(state.view, View::Scenario { .. } | View::Program(_));
    let present = state.options.present && matches!(state.view, View::Scenario { .. } | View::Program(_));
    crate::views::set_present(present);
    crate::i18n::set(state.lang);
    let on_lang = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() else { return };
            if let Some(l) = Lang::parse(&sel.value()) {
                ctx.set_lang(l);
            }
        })
    };
    let lang_switch = html! {
        <select id="lang" class="lang" aria-label="Language / 语言" onchange={on_lang}>
            { for Lang::ALL.iter().map(|l| html! {
                <option value={l.word()} selected={*l == state.lang} lang={l.html_tag()}>{ l.name() }</option>
            }) }
        </select>
    };
    html! {
        <ContextProvider<Ctx> context={ctx.clone()}>
            if embed_mode {
                <header class="top compact">
                    <a class="brand" href={browser::full_page_url()} target="_blank" rel="noopener">{ "Interleave ↗" }</a>
                    <PoolBadge status={state.pool.clone()} compact=true lang={state.lang} />
                    { lang_switch }
                </header>
            } else {
                <header class="top">
                    <a class="brand" href="#/">{ "Interleave" }</a>
                    <span class="tagline">{ t("tagline") }</span>
                    <PoolBadge status={state.pool.clone()} lang={state.lang} />
                    { lang_switch }
                </header>
            }
            if !state.problems.is_empty() {
                <div class="notice" role="status" id="link-problems">
                    <strong>{ t("link-problems-title") }</strong>
                    <ul>{ for state.problems.iter().map(|p| html! { <li>{ p.text() }</li> }) }</ul>
                    <p>{ t("link-problems-defaults") }</p>
                    <button class="quiet" onclick={on_dismiss}>{ t("dismiss") }</button>
                </div>
            }
            // Keyed by the language: a switch remounts the page, so every
            // component draws its words again (the run, held by the
            // controller, goes on).
            <main key={state.lang.word()} class={classes!(embed_mode.then_some("embedded"), present.then_some("present"))}>
                {
                    match &state.view {
                        View::Gallery => html! { <Gallery /> },
                        View::Program(view) => html! {
                            <ProgramPage view={view.clone()} pool={state.pool.clone()} options={state.options.clone()}
                                autorun={state.autorun_pending} challenge={state.challenge.clone()} opened={state.opened} />
                        },
                        View::Scenario { scenario, params } => html! {
                            <ScenarioPage scenario={ScenarioRef(scenario)} params={params.clone()} run={state.run.clone()}
                                pool={state.pool.clone()} options={state.options.clone()} snapshot={state.snapshot.clone()} results={state.results.clone()}
                                comparison={state.comparison.clone()} field_errors={state.field_errors.clone()} fallback={state.fallback}
                                challenge={state.challenge.clone()} edited={state.edited.clone()} run_code={state.run_code.clone()} opened={state.opened} />
                        },
                    }
                }
            </main>
        </ContextProvider<Ctx>>
    }
}
