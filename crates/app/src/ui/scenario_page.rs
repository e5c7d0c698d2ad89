//! A scenario's page: its lesson, parameters, run controls and views.

use super::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct PageProps {
    pub(crate) scenario: ScenarioRef,
    pub(crate) params: Params,
    pub(crate) run: RunState,
    pub(crate) pool: PoolStatus,
    pub(crate) options: PageOptions,
    pub(crate) snapshot: Snapshot,
    pub(crate) results: Results,
    /// Fields holding a value that cannot be used: (field, typed, why).
    pub(crate) field_errors: Vec<(&'static str, String, String)>,
    pub(crate) comparison: Comparison,
    /// The backend the lesson moved to because real threads cannot be had here.
    pub(crate) fallback: Option<Backend>,
    /// The link's challenge, as far as the student has got (`options.challenge` names it).
    pub(crate) challenge: crate::state::ChallengeStatus,
    /// The lesson's program as the student edited it (`None`: its own).
    #[prop_or_default]
    pub(crate) edited: Option<Rc<str>>,
    /// The edited program of the current or last run, as its link carries it (`code=`).
    #[prop_or_default]
    pub(crate) run_code: Option<String>,
    /// Links opened so far ([`crate::state::AppState::opened`]).
    pub(crate) opened: u64,
}

#[function_component(ScenarioPage)]
pub(crate) fn scenario_page(p: &PageProps) -> Html {
    let ctx = use_context::<Ctx>().expect("the page provides its run controller");
    let on_run = { let c = ctx.clone(); Callback::from(move |_: MouseEvent| c.start_run(false)) };
    let on_stop = { let c = ctx.clone(); Callback::from(move |_: MouseEvent| c.stop_run()) };
    let on_reset = { let c = ctx.clone(); Callback::from(move |_: MouseEvent| c.reset()) };
    let on_run_to_end = { let c = ctx.clone(); Callback::from(move |_: MouseEvent| c.run_to_end()) };
    let on_step = { let c = ctx.clone(); Callback::from(move |actor: Option<usize>| c.step_or_start(actor)) };
    let on_param = { let c = ctx.clone(); Callback::from(move |(name, raw): (&'static str, String)| c.set_param(name, raw)) };
    let on_timescale = { let c = ctx.clone(); Callback::from(move |t: u32| c.set_timescale(t)) };
    let on_compare = { let c = ctx.clone(); Callback::from(move |other: String| c.set_compare(&other)) };
    let on_seed = { let c = ctx.clone(); Callback::from(move |raw: String| c.set_seed(raw)) };
    let on_present = { let c = ctx.clone(); Callback::from(move |_: MouseEvent| c.toggle_present()) };
    let s = p.scenario.0;
    let active = p.run.is_active();
    let workers_reason = p.pool.workers_unavailable_said();
    let not_isolated = matches!(p.pool, PoolStatus::Unavailable { .. }) && !browser::cross_origin_isolated();
    let chosen_unavailable = p.params.backend() == Backend::Workers && workers_reason.is_some();
    // Web Workers chosen where the pool can never start: Run cannot help.
    let never_threads = chosen_unavailable && matches!(p.pool, PoolStatus::Unavailable { .. });
    let embedded = p.options.embed;
    let shown = super::live_views::shown_views(&p.options, s.views);
    // The same configuration as a top-level page: where real threads can be had.
    let full_url = {
        // A fallback is not the lesson's choice: the full page uses real threads.
        let mut params = p.params.clone();
        if p.fallback.is_some() {
            let _ = params.set(s.params, BACKEND, Backend::Workers.word());
        }
        let full = PageOptions { backend_given: p.options.backend_given || p.fallback.is_some(), code: p.options.code.clone(), ..PageOptions::default() };
        browser::page_url(&to_hash(s, &params, &full))
    };
    let is_sim = p.params.backend() == Backend::Sim;
    let seed_error = p.field_errors.iter().find(|(n, _, _)| *n == "seed").map(|(_, _, why)| why.clone());
    let seed_shown = p.field_errors.iter().find(|(n, _, _)| *n == "seed").map(|(_, raw, _)| raw.clone())
        .unwrap_or_else(|| p.options.seed.unwrap_or(0).to_string());
    let backend_now = p.params.word(BACKEND);
    let compare = p.options.compare_for(backend_now);
    // The lesson's program: the code view shows the text that runs (its
    // own, or the student's edit); the names (log filters) are the run's,
    // as its program makes them.
    let model_source: Rc<str> = p.edited.clone().unwrap_or_else(|| interleave_engine::py::lessons::source(s.id).unwrap_or("").into());
    let actor_names: Rc<Vec<String>> = Rc::new(p.snapshot.actors.iter().map(|a| a.name.clone()).collect());
    let object_names: Rc<Vec<String>> = Rc::new(p.snapshot.objects.clone());
    // "Edit": the code view becomes the editor, in place. A run shows the
    // code view again, each thread on its line ("Edit the program" goes back).
    let edit_error = use_memo(p.edited.clone(), |src| src.as_deref().and_then(super::editor_pane::compile_error));
    // (Parsed once a program, not at every frame a run draws.)
    let small = use_memo(model_source.clone(), |src| interleave_engine::py::lessons::small_version(src));
    let editing = use_state(|| true);
    {
        // On a run starting, or one found ended: a quick run (autorun on the
        // simulator) can be started and ended before the page draws it
        // running, and the editor then stayed open with no way back to the
        // code view's threads (e2e flaked 2 in 6).
        let editing = editing.clone();
        let finished = matches!(p.run, RunState::Finished(_));
        use_effect_with((active, finished), move |(active, finished)| {
            if (*active || *finished) && *editing {
                editing.set(false);
            }
        });
    }
    let show_editor = p.edited.is_some() && *editing && !active;
    let on_edit = { let c = ctx.clone(); let editing = editing.clone(); Callback::from(move |_: MouseEvent| { editing.set(true); c.edit_lesson(); }) };
    let on_edit_again = { let editing = editing.clone(); Callback::from(move |_: MouseEvent| editing.set(true)) };
    let on_text = { let c = ctx.clone(); Callback::from(move |text: String| c.edit(text)) };
    let blocked = !p.field_errors.is_empty() || edit_error.is_some();
    let params_form = html! {
        <form class="params" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            { for s.params.iter().map(|spec| {
                let error = p.field_errors.iter().find(|(n, _, _)| *n == spec.name).map(|(_, raw, why)| (raw.as_str(), why.as_str()));
                param_control(s, spec, &p.params, active, workers_reason.as_deref(), &on_param, error)
            }) }
        </form>
    };
    // What the program printed: beside the run's pictures, or in a frame
    // whose pictures are tall (a timeline, the graph) under the code, which
    // a frame holds to a few lines: the shorter column takes it.
    let output_under_code = embedded && (shown.shows("timeline") || shown.shows("graph"));
    let output = if shown.shows("code") && (active || matches!(p.run, RunState::Finished(_))) {
        html! {
                        <figure class="view" id="output-view">
                            <figcaption>{ t("ctl-output-caption") }</figcaption>
                            <pre id="program-output" class="output">{
                                match (p.snapshot.output.is_empty(), matches!(p.run, RunState::Finished(_))) {
                                    (true, true) => t("ctl-output-nothing").to_string(),
                                    (true, false) => t("ctl-output-nothing-yet").to_string(),
                                    _ => p.snapshot.output.clone(),
                                }
                            }</pre>
                        </figure>
        }
    } else {
        html! {}
    };
    // (Only a frame folds its settings under this line.)
    let settings = if embedded { settings_line(s, &p.params, !p.field_errors.is_empty()) } else { String::new() };
    html! {
        <section class="scenario" aria-labelledby="scenario-title">
            // In a frame and on a projector the pictures come first: the
            // lesson's text folds under its summary, beside the title.
            if embedded || p.options.present {
                <div class="lesson-head">
                    <h1 id="scenario-title">{ crate::i18n::lesson(s, "title") }</h1>
                    <details class="lesson"><summary>{ t("ctl-lesson-summary") }</summary><p>{ crate::i18n::lesson(s, "lesson") }</p></details>
                </div>
            } else {
                <h1 id="scenario-title">{ crate::i18n::lesson(s, "title") }</h1>
                <p class="lesson">{ crate::i18n::lesson(s, "lesson") }</p>
            }
            // A challenge's goal first: on a phone it is what the student reads.
            if let Some(c) = p.options.challenge {
                <super::challenge::ChallengeBanner challenge={c} status={p.challenge.clone()} />
            }
            // A frame folds the settings under one line that says them (the
            // teacher chose them; a click opens them to change).
            if embedded {
                <details class="settings" id="settings">
                    <summary id="settings-summary" class={classes!((!p.field_errors.is_empty()).then_some("field-error"))} title={settings.clone()}>
                        { settings }
                    </summary>
                    { params_form }
                </details>
            } else {
                { params_form }
            }
            if let Some(to) = p.fallback {
                <p class="warn" id="backend-fallback">
                    { format!("{} ", tf("ctl-fallback", &[
                        ("reason", &if not_isolated { t("ctl-fallback-not-isolated") } else { t("ctl-fallback-no-pool") }),
                        ("backend", &fallback_name(to)),
                        ("why", &fallback_why(to)),
                    ])) }
                    <a id="open-with-threads" href={full_url.clone()} target="_blank" rel="noopener">{ t("ctl-open-with-threads") }</a>
                </p>
            } else if not_isolated {
                <p class="warn" id="threads-offer">
                    { format!("{} ", if browser::in_frame() { t("ctl-threads-offer-framed") } else { t("ctl-threads-offer") }) }
                    <a id="open-with-threads" href={full_url} target="_blank" rel="noopener">{ t("ctl-open-with-threads") }</a>
                </p>
            } else if chosen_unavailable {
                <p class="warn" id="backend-unavailable">{ tf("ctl-workers-not-yet", &[("why", &workers_reason.clone().unwrap_or_default())]) }</p>
            }
            if chosen_unavailable && not_isolated {
                <p class="warn" id="backend-unavailable">{ t("ctl-workers-not-here") }</p>
            }
            if is_sim && p.options.run_timing() == interleave_engine::sim::Timing::Any {
                <p class="hint" id="timing-any">{ t("ctl-timing-any") }</p>
            }
            { for s.backend_notes.iter().filter(|(b, _)| *b == p.params.word(BACKEND)).map(|(b, why)| html! {
                <p class="warn" id="backend-note">{ tf("ctl-backend-note", &[("backend", b), ("why", &interleave_engine::i18n::lesson_text(crate::i18n::lang(), s.id, &format!("note-{b}")).unwrap_or(why))]) }</p>
            }) }
            <div class="actions">
                <button id="run" class="primary" onclick={on_run.clone()} disabled={active || blocked || never_threads}
                    title={if never_threads { t("ctl-run-never-threads") } else if edit_error.is_some() { t("pnl-program-fix-first") } else if p.field_errors.is_empty() { "" } else { t("ctl-run-fix-field") }}>
                    { if compare.is_some() { t("ctl-run-both") } else { t("ctl-run") } }
                </button>
                <button id="stop" onclick={on_stop.clone()} disabled={!active}>{ t("ctl-stop") }</button>
                <button id="reset" onclick={on_reset.clone()} disabled={active}>{ t("ctl-reset") }</button>
                // The way into the editor: a command among the others (it
                // costs the first screen no row of its own).
                if p.edited.is_none() && !embedded && !p.options.present {
                    <button id="edit-program" onclick={on_edit.clone()} disabled={active}>{ t("ctl-edit-program") }</button>
                }
                if !embedded {
                    <button id="present-toggle" onclick={on_present} disabled={active} aria-pressed={p.options.present.to_string()}
                        title={t("ctl-present-title")}>
                        { if p.options.present { t("ctl-present-leave") } else { t("ctl-present") } }
                    </button>
                }
                if is_sim {
                    <span class="stepper" role="group" aria-label={t("ctl-step-by-step")}>
                        <button id="step" onclick={{ let f = on_step.clone(); Callback::from(move |_: MouseEvent| f.emit(None)) }}
                            disabled={(active && !p.snapshot.manual) || (!active && blocked)}>{ if active { t("ctl-step") } else { t("ctl-step-by-step") } }</button>
                        <button id="run-to-end" onclick={on_run_to_end.clone()} disabled={!(active && p.snapshot.manual)}>{ t("ctl-run-to-end") }</button>
                        <span class="ctl-group">
                        <label class="timescale" for="seed">{ format!("{} ", t("ctl-seed")) }
                            <input id="seed" type="number" min="0" max={interleave_engine::contract::MAX_SEED.to_string()} step="1"
                                value={seed_shown.clone()} disabled={active} aria-describedby="seed-help"
                                aria-invalid={seed_error.is_some().to_string()}
                                onchange={{
                                    let f = on_seed.clone();
                                    Callback::from(move |e: Event| {
                                        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                                        f.emit(input.value());
                                    })
                                }} />
                        </label>
                        <small id="seed-help" class={classes!("hint", seed_error.is_some().then_some("field-error"))} title={t("ctl-seed-help")}>
                            { seed_error.clone().unwrap_or_else(|| t("ctl-seed-help").to_string()) }
                        </small>
                        </span>
                    </span>
                }
                <span class="ctl-group ctl-extra">
                <label class="timescale" for="timescale">{ format!("{} ", t("ctl-timescale")) }
                    <select id="timescale" disabled={active} onchange={{
                        let f = on_timescale.clone();
                        Callback::from(move |e: Event| {
                            let sel: HtmlSelectElement = e.target_unchecked_into();
                            f.emit(sel.value().parse().unwrap_or(1));
                        })
                    }} aria-describedby="timescale-help">
                        { for TIMESCALES.iter().map(|t| html! {
                            <option value={t.to_string()} selected={p.options.timescale.unwrap_or(1) == *t}>{ tf("ctl-timescale-option", &[("n", t)]) }</option>
                        }) }
                    </select>
                </label>
                <small id="timescale-help" class="hint" title={t("ctl-timescale-help")}>{ t("ctl-timescale-help") }</small>
                </span>
                <span class="ctl-group ctl-extra">
                <label class="timescale" for="compare">{ format!("{} ", t("ctl-compare")) }
                    <select id="compare" disabled={active} aria-describedby="compare-help" onchange={{
                        let f = on_compare.clone();
                        Callback::from(move |e: Event| {
                            let sel: HtmlSelectElement = e.target_unchecked_into();
                            f.emit(sel.value());
                        })
                    }}>
                        <option value="" selected={compare.is_none()}>{ t("ctl-compare-none") }</option>
                        { for interleave_engine::scenarios::BACKENDS.iter().filter(|b| **b != backend_now).map(|b| {
                            let why = if Backend::parse(b) == Some(Backend::Workers) { workers_reason.clone() } else { None };
                            html! {
                                <option value={*b} selected={compare == Some(*b)} disabled={why.is_some()}
                                    title={why.clone().unwrap_or_default()}>
                                    { backend_label(b, why.as_deref()) }
                                </option>
                            }
                        }) }
                    </select>
                </label>
                <small id="compare-help" class="hint" title={t("ctl-compare-help")}>{ t("ctl-compare-help") }</small>
                </span>
            </div>
            // A comparison tells its lesson before either run's numbers.
            if compare.is_some() || !p.comparison.backends.is_empty() {
                <CompareView comparison={p.comparison.clone()} />
            }
            // The workspace: on a wide screen the program and the pictures of
            // its run side by side (the program left, every line of it shown),
            // the controls above; on a phone one column, the run first.
            <div class="workspace">
                <div class="pane pictures-pane">
                    if is_sim && active && p.snapshot.manual {
                        <div class="stepper" role="group" aria-label={t("ctl-who-runs-next")}>
                            <span class="hint">{ t("ctl-choose-next") }</span>
                            { for p.snapshot.runnable.iter().map(|&a| {
                                let f = on_step.clone();
                                let name = p.snapshot.actors.get(a).map(|x| x.name.clone()).unwrap_or_else(|| tf("ctl-actor-n", &[("n", &a)]));
                                html! { <button class="chip" id={format!("step-actor-{a}")} onclick={Callback::from(move |_: MouseEvent| f.emit(Some(a)))}>{ name }</button> }
                            }) }
                        </div>
                    }
                    if is_sim && !p.snapshot.story.is_empty() {
                        <ul class="story" id="step-story" aria-live="polite" aria-label={t("ctl-story-label")}>
                            { for p.snapshot.story.iter().rev().take(6).map(|line| html! { <li>{ line }</li> }) }
                        </ul>
                    }
                    <div class="stage">
                        if shown.shows("spinner") {
                            <figure class="heartbeat">
                                <canvas id={SPINNER_CANVAS_ID} width="160" height="160" role="img"
                                    aria-label={t("ctl-spinner-label")} />
                                <figcaption>{ t("ctl-spinner-caption") }</figcaption>
                            </figure>
                        }
                        <RunStatus run={p.run.clone()} results={p.results.clone()} sim={p.snapshot.sim.filter(|_| is_sim)} code={p.run_code.clone()} timing={p.options.timing}
                            manual={p.snapshot.manual} compared={!p.comparison.reports.is_empty() || p.comparison.running.is_some()} compact={embedded || p.options.present} />
                    </div>
                    // Step by step the page waits for the student: its frame gaps say nothing.
                    if shown.shows("frames") && !(is_sim && p.snapshot.manual && active) {
                        <figure class="chart">
                            <canvas id={GAP_CANVAS_ID} width="720" height="180" role="img"
                                aria-label={t("ctl-frames-label")} />
                            <figcaption>
                                { tf("ctl-frames-caption", &[("ms", &LONG_TASK_MS)]) }
                            </figcaption>
                        </figure>
                    }
                    <Views options={shown.clone()} snapshot={p.snapshot.clone()} source={model_source.clone()}
                        actor_names={actor_names.clone()} object_names={object_names.clone()} pane={Pane::Pictures} />
                    if !output_under_code {
                        { output.clone() }
                    }
                </div>
                <div class="pane program-pane">
                    if p.edited.is_some() {
                        <div class="edit-bar">
                            <p class="hint" id="edited-note">{ t("ctl-edited-note") }</p>
                            if !show_editor {
                                <button id="edit-in-place" onclick={on_edit_again} disabled={active}>{ t("pnl-program-edit") }</button>
                            }
                            <button id="reset-program" onclick={on_edit.clone()} disabled={active}>{ t("pnl-program-reset-lesson") }</button>
                        </div>
                        if show_editor {
                            <EditorPane source={model_source.clone()} error={(*edit_error).clone()} on_input={on_text} read_only={active}
                                max_rows={if embedded { 18 } else { 200 }} />
                        }
                    }
                    <Views options={shown.clone()} snapshot={p.snapshot.clone()} source={if show_editor { Rc::<str>::from("") } else { model_source.clone() }}
                        actor_names={actor_names.clone()} object_names={object_names.clone()} pane={Pane::Program} />
                    if output_under_code {
                        { output }
                    }
                </div>
            </div>
            if !embedded || p.options.explore {
                <ExplorePanel target={Target::lesson(s, &p.params, &p.options, p.edited.clone(), &small)} options={p.options.clone()} busy={active || edit_error.is_some()}
                    settled={!matches!(p.pool, PoolStatus::Starting { .. })} threads={explore_threads(&p.pool, &p.options)} opened={p.opened} />
            }
            if !embedded {
                <SharePanel scenario={p.scenario} params={p.params.clone()}
                    run_options={PageOptions { seed: p.options.seed, schedule: p.options.schedule.clone(), version: p.options.version, backend_given: p.options.backend_given, challenge: p.options.challenge, lang: p.options.lang, code: p.options.code.clone(), ..PageOptions::default() }} />
            }
        </section>
    }
}

/// The settings in one line, as a folded frame says them: each label and
/// its value ("Runs on: Step by step · Philosophers: 2 · Locking: naive").
fn settings_line(s: &'static Scenario, params: &Params, wrong: bool) -> String {
    let values = s.params.iter().map(|spec| {
        let word = params.get(spec.name).map(|v| v.to_string()).unwrap_or_default();
        let value = if spec.name == BACKEND { backend_label(&word, None) } else { word };
        tf("ctl-setting", &[("label", &crate::i18n::param(s, spec, "label")), ("value", &value)])
    }).collect::<Vec<_>>().join(" · ");
    tf(if wrong { "ctl-settings-wrong" } else { "ctl-settings" }, &[("values", &values)])
}

pub(crate) fn param_control(
    s: &'static Scenario,
    spec: &'static ParamSpec,
    params: &Params,
    disabled: bool,
    workers_reason: Option<&str>,
    on_param: &Callback<(&'static str, String)>,
    error: Option<(&str, &str)>,
) -> Html {
    let id = format!("param-{}", spec.name);
    // A wrong value stays where it was typed, marked, with its sentence.
    let current = match error {
        Some((raw, _)) => raw.to_string(),
        None => params.get(spec.name).map(|v| v.to_string()).unwrap_or_default(),
    };
    let kept = params.get(spec.name).map(|v| v.to_string()).unwrap_or_default();
    let control = match spec.kind {
        ParamKind::Choice(options) => {
            let on_param = on_param.clone();
            let onchange = Callback::from(move |e: Event| {
                let sel: HtmlSelectElement = e.target_unchecked_into();
                on_param.emit((spec.name, sel.value()));
            });
            html! {
                <select id={id.clone()} {onchange} {disabled} aria-describedby={format!("{id}-help")}>
                    { for options.iter().map(|o| {
                        let why = if spec.name == BACKEND && Backend::parse(o) == Some(Backend::Workers) { workers_reason } else { None };
                        let label = if spec.name == BACKEND { backend_label(o, why) } else { o.to_string() };
                        // An unavailable backend stays selectable only when the link chose it (the page says why).
                        html! {
                            <option value={*o} selected={*o == current} disabled={why.is_some() && *o != current}
                                title={why.map(str::to_string).unwrap_or_default()}>{ label }</option>
                        }
                    }) }
                </select>
            }
        }
        ParamKind::Int { min, max } => {
            let on_param = on_param.clone();
            let onchange = Callback::from(move |e: Event| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                on_param.emit((spec.name, input.value()));
            });
            html! {
                <input id={id.clone()} type="number" min={min.to_string()} max={max.to_string()}
                    value={current} {onchange} {disabled} aria-describedby={format!("{id}-help")}
                    aria-invalid={error.is_some().to_string()} class={classes!(error.is_some().then_some("invalid"))} />
            }
        }
    };
    // Held to two lines on a wide page (style.css); the whole of it on focus and as its title.
    let help = match spec.kind {
        ParamKind::Int { .. } => format!("{} ({})", crate::i18n::param(s, spec, "help"), spec.range_text()),
        ParamKind::Choice(_) => crate::i18n::param(s, spec, "help").to_string(),
    };
    html! {
        <div class={classes!("param", (spec.name == BACKEND).then_some("param-backend"))}>
            <label for={id.clone()}>{ crate::i18n::param(s, spec, "label") }</label>
            { control }
            if let Some((_, why)) = error {
                <small id={format!("{id}-help")} class="field-error" role="alert">
                    { tf("ctl-param-kept", &[("why", &why), ("kept", &kept)]) }
                </small>
            } else {
                <small id={format!("{id}-help")} title={help.clone()}>{ help }</small>
            }
        </div>
    }
}

fn fallback_name(b: Backend) -> &'static str {
    match b {
        Backend::Sim => t("ctl-fallback-name-sim"),
        Backend::EventLoop => t("ctl-fallback-name-eventloop"),
        Backend::Workers => t("ctl-fallback-name-workers"),
    }
}

fn fallback_why(b: Backend) -> &'static str {
    match b {
        Backend::Sim => t("ctl-fallback-why-sim"),
        Backend::EventLoop => t("ctl-fallback-why-eventloop"),
        Backend::Workers => "",
    }
}
