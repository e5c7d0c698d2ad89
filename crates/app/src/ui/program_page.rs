//! A program's page: a program of the student's own (`#/program`, from a
//! template, or `#/program?code=...`), which they edit, run on any backend
//! and share. What runs is the text in the editor, through the engine's
//! interpreter; the views are the same as a lesson's. (A lesson's program,
//! edited, stays on the lesson's page: `#/<lesson>?code=...`.)

use super::prelude::*;
use interleave_engine::contract::{program_hash, PROGRAM};
use interleave_engine::contract::CheckReport;
use interleave_engine::params::Value as ParamValue;
use interleave_engine::py::{self, vm::World};

#[derive(Properties, PartialEq)]
pub(crate) struct ProgramProps {
    pub(crate) view: ProgramView,
    pub(crate) pool: PoolStatus,
    pub(crate) options: PageOptions,
    /// The link asked to run at once (`autorun=1`).
    pub(crate) autorun: bool,
    /// The link's challenge, as far as the student has got (`options.challenge` names it).
    pub(crate) challenge: crate::state::ChallengeStatus,
    /// Links opened so far ([`crate::state::AppState::opened`]).
    pub(crate) opened: u64,
}

#[derive(Clone, PartialEq)]
enum Phase {
    Idle,
    Running,
    Finished(Box<RunReport>),
}

#[function_component(ProgramPage)]
pub(crate) fn program_page(p: &ProgramProps) -> Html {
    let ctx = use_context::<Ctx>().expect("the page provides its run controller");
    let source = use_state(|| p.view.source.clone().unwrap_or_default());
    let default_backend = p.view.backend.unwrap_or(match p.pool {
        PoolStatus::Unavailable { .. } => Backend::Sim,
        _ => Backend::Workers,
    });
    let backend = use_state(|| default_backend);
    let phase = use_state(|| Phase::Idle);
    let output = use_state(String::new);
    let snapshot = use_state(Snapshot::default);
    let names = use_state(|| (Rc::new(Vec::<String>::new()), Rc::new(Vec::<String>::new())));
    // Step by step: each step in a sentence, newest last.
    let story = use_state(Vec::<String>::new);
    // Another program's link: its text and backend replace the editor's.
    {
        let (source, backend, view) = (source.clone(), backend.clone(), p.view.clone());
        use_effect_with(view, move |v| {
            source.set(v.source.clone().unwrap_or_default());
            backend.set(v.backend.unwrap_or(default_backend));
        });
    }
    let error = use_memo((*source).clone(), |src| super::editor_pane::compile_error(src));
    // Why the link's code= could not be read, read again in the page's
    // language of the moment (it may have been switched since).
    let link_error = use_memo((p.view.source.as_ref().err().cloned(), p.options.code.clone(), crate::i18n::lang()), |(why, code, lang)| {
        why.as_ref().map(|why| code.as_deref().and_then(|c| interleave_engine::contract::decode_program_in(c, *lang).err()).unwrap_or_else(|| why.clone()))
    });
    // In a frame the program is shown once: the editor, or, once it has
    // run, the code view with each thread on its line ("Edit the program"
    // goes back to the editor; a new run comes back to the code view).
    let editing = use_state(|| true);
    {
        let editing = editing.clone();
        use_effect_with(matches!(*phase, Phase::Running), move |running| {
            if *running {
                editing.set(false);
            }
        });
    }
    let ran = matches!(*phase, Phase::Running | Phase::Finished(_));
    let code_in_place = p.options.embed && ran && !*editing;
    let on_edit = { let editing = editing.clone(); Callback::from(move |_: MouseEvent| editing.set(true)) };
    // In a frame or on a projector: the timeline and the code, unless the link chose views.
    let shown = super::live_views::shown_views(&p.options, super::live_views::PROGRAM_VIEWS);
    let id: &'static str = PROGRAM;
    let active = matches!(*phase, Phase::Running);
    let link = program_hash(None, &source, p.options.backend_given.then_some(*backend), &p.view.pairs, &PageOptions { seed: p.options.seed, lang: p.options.lang, ..PageOptions::default() });

    let start = {
        let (ctx, phase, output, snapshot, names) = (ctx.clone(), phase.clone(), output.clone(), snapshot.clone(), names.clone());
        let (pairs, seed, pool) = (p.view.pairs.clone(), p.options.seed.unwrap_or(0), p.pool.clone());
        let backend_given = p.options.backend_given;
        let schedule_text = p.options.schedule.clone();
        let challenge = p.options.challenge;
        let lang = p.options.lang;
        let timing = p.options.timing;
        let story = story.clone();
        Rc::new(move |src: String, b: Backend, manual: bool| {
            if matches!(*phase, Phase::Running) {
                return;
            }
            let mut params = Params::default();
            params.insert(BACKEND, ParamValue::Text(b.word().into()));
            let finish_now = |message: String, kind: OutcomeKind| {
                let report = RunReport::new(id, b, &params, kind, Some(message));
                browser::announce_run_finished(&report);
                phase.set(Phase::Finished(Box::new(report)));
            };
            let prog = match py::compile(&src) {
                Ok(prog) => prog,
                Err(e) => return finish_now(format!("the program does not compile: {}", e.sentence(&src)), OutcomeKind::Failed),
            };
            if b == Backend::Workers {
                if let Some(reason) = pool.workers_unavailable_reason() {
                    return finish_now(reason, OutcomeKind::Failed);
                }
            }
            let pool_threads = match pool {
                PoolStatus::Ready { threads, .. } => threads,
                _ => 0,
            };
            let world = World::new(prog, &pairs, seed);
            let run = match super::controller::start_program(&ctx.dispatch, id, world, b, pool_threads, seed, schedule_text.as_deref(), manual && b == Backend::Sim, false, timing.unwrap_or_default()) {
                Ok(r) => r,
                Err(e) => return finish_now(e, OutcomeKind::Failed),
            };
            // The link now carries the program that runs.
            browser::replace_hash(&program_hash(None, &src, backend_given.then_some(b), &pairs, &PageOptions { seed: (seed > 0).then_some(seed), challenge, lang, timing, ..PageOptions::default() }));
            ctx.forget_run();
            *ctx.handle.borrow_mut() = Some(run);
            phase.set(Phase::Running);
            super::challenge::new_try(&ctx);
            story.set(Vec::new());
            output.set(String::new());
            snapshot.set(Snapshot::default());
            embed::post(serde_json::json!({ "type": "interleave:run-started", "scenario": id, "backend": b.word() }));
            let views: Rc<RefCell<Option<ViewState>>> = Rc::new(RefCell::new(None));
            {
                let (h, v) = (ctx.handle.clone(), views.clone());
                let mut turn_tasks = 0usize;
                ctx.monitor.set_draw(move || {
                    let Ok(run) = h.try_borrow() else { return };
                    let Some(run) = run.as_ref() else { return };
                    let model = run.model();
                    let mut v = v.borrow_mut();
                    let v = v.get_or_insert_with(|| ViewState::new(&model));
                    run.with_trace(|t| {
                        if let Some(t) = t {
                            v.update(&model, t);
                        }
                    });
                    // asyncio's task rows, from the world (every 8th frame: on
                    // real threads the world is the interpreter's, under its lock).
                    turn_tasks += 1;
                    if turn_tasks % 8 == 1 {
                        run.with_world(|w| v.update_tasks(w.tasks()));
                    }
                    v.draw(&model, run.outcome().as_ref(), None);
                });
            }
            let on_tick = {
                let (h, output, snapshot, names) = (ctx.handle.clone(), output.clone(), snapshot.clone(), names.clone());
                move |_frames| {
                    let mut run = h.borrow_mut();
                    let Some(run) = run.as_mut() else { return };
                    let model = run.model();
                    if let Some(pieces) = run.output() {
                        output.set(output_text(&pieces));
                    }
                    if names.0.len() != model.actors.len() || names.1.len() != model.objects.len() {
                        names.set((
                            Rc::new(model.actors.iter().map(|a| a.name.clone()).collect()),
                            Rc::new(model.objects.iter().map(|o| o.name.clone()).collect()),
                        ));
                    }
                    snapshot.set(super::controller::snapshot(&model, run, super::controller::LIVE_LOG_LINES));
                }
            };
            let poll = {
                let (h, monitor, phase, output, snapshot, names) =
                    (ctx.handle.clone(), ctx.monitor.clone(), phase.clone(), output.clone(), snapshot.clone(), names.clone());
                let d = ctx.dispatch.clone();
                let params = params.clone();
                let ctx2 = ctx.clone();
                move || {
                    let done = h.borrow_mut().as_mut().and_then(|r| r.poll().map(|res| (res, r.elapsed_ms())));
                    let Some((result, wall_ms)) = done else { return };
                    let (model, pieces, declared, refused, last, tasks) = {
                        let mut run = h.borrow_mut();
                        let Some(run) = run.as_mut() else { return };
                        let model = run.model();
                        // The final pictures (and their descriptions) from the
                        // run's complete state, even for a run that ended
                        // before the page drew a frame of it.
                        {
                            let mut v = views.borrow_mut();
                            let v = v.get_or_insert_with(|| ViewState::new(&model));
                            run.with_world(|w| v.update_tasks(w.tasks()));
                            run.with_trace(|t| t.map(|t| v.finish(&model, t)));
                            v.draw(&model, run.outcome().as_ref(), None);
                        }
                        let pieces = run.output().unwrap_or_default();
                        let (declared, refused) = run.with_world(|w| (w.params().to_vec(), w.problems().to_vec())).unwrap_or_default();
                        let last = super::controller::snapshot(&model, run, super::controller::LOG_LINES);
                        let tasks = super::controller::task_reports(&model, run);
                        (model, pieces, declared, refused, last, tasks)
                    };
                    output.set(output_text(&pieces));
                    snapshot.set(last);
                    names.set((
                        Rc::new(model.actors.iter().map(|a| a.name.clone()).collect()),
                        Rc::new(model.objects.iter().map(|o| o.name.clone()).collect()),
                    ));
                    let mut params = params.clone();
                    for d in declared {
                        let v = d.value.parse::<i64>().map(ParamValue::Int).unwrap_or(ParamValue::Text(d.value.clone()));
                        params.insert(&d.name, v);
                    }
                    // A parameter the program's param(...) refused: said, and its default used.
                    for why in refused {
                        d.dispatch(Action::Problem(crate::i18n::Said::new(move |l| interleave_engine::i18n::said(l, &why))));
                    }
                    let (phase, ctx2) = (phase.clone(), ctx2.clone());
                    monitor.finish_at_next_frame(move |max_gap| {
                        let mut report = result.report(&model, id, b, &params, wall_ms, max_gap);
                        report.tasks = tasks;
                        if let interleave_engine::outcome::Outcome::InvariantViolated { check, detail } = &result.outcome {
                            report.check = Some(CheckReport { name: check.clone(), held: false, detail: detail.clone(), judged: true });
                        }
                        if b == Backend::Sim {
                            report.seed = Some(seed);
                        }
                        if let Some(run) = ctx2.handle.borrow().as_ref() {
                            run.report_steps(&mut report);
                        }
                        browser::announce_run_finished(&report);
                        phase.set(Phase::Finished(Box::new(report)));
                        if let Some(run) = ctx2.handle.borrow_mut().as_mut() {
                            super::challenge::judge_open(&ctx2, run, id, Some(&result.outcome));
                        }
                    });
                }
            };
            ctx.monitor.begin_run(on_tick, poll);
        })
    };

    // autorun=1: once the pool has settled (it may be the backend).
    {
        let start = start.clone();
        let go = p.autorun && !matches!(p.pool, PoolStatus::Starting { .. });
        let d = ctx.dispatch.clone();
        // The link's own program and backend: the editor's state may not
        // have taken them yet in this render.
        let (src, b) = (p.view.source.clone().unwrap_or_default(), p.view.backend.unwrap_or(default_backend));
        let challenge = p.options.challenge.is_some();
        use_effect_with(go, move |go| {
            if *go {
                d.dispatch(Action::AutorunTaken);
                // A challenge starts step by step: the student is the scheduler.
                start(src, b, challenge);
            }
        });
    }

    let on_run = {
        let (s, source, backend) = (start.clone(), source.clone(), backend.clone());
        Callback::from(move |_: MouseEvent| s((*source).clone(), *backend, false))
    };
    // Step by step (the simulator): start paused, or take one step of
    // `actor` (None: the seeded scheduler's choice), told in a sentence.
    let on_step = {
        let (s, source, ctx, story, snapshot, phase) = (start.clone(), source.clone(), ctx.clone(), story.clone(), snapshot.clone(), phase.clone());
        Callback::from(move |actor: Option<usize>| {
            if !matches!(*phase, Phase::Running) {
                return s((*source).clone(), Backend::Sim, true);
            }
            let mut h = ctx.handle.borrow_mut();
            let Some(run) = h.as_mut() else { return };
            let before = run.sim_progress().map(|p| p.0).unwrap_or(0);
            let refused = run.step(actor).err();
            let model = run.model();
            let snap = super::controller::snapshot(&model, run, super::controller::LOG_LINES);
            let after = run.sim_progress().map(|p| p.0).unwrap_or(0);
            let mut told = (*story).clone();
            if let Some(e) = refused {
                told.push(tf("pnl-program-step-refused", &[("error", &e)]));
            } else if after > before {
                if let Some(a) = run.last_stepped() {
                    let state = snap.actors.get(a).map(|x| x.state.clone()).unwrap_or_default();
                    let sentence = super::controller::program_step_sentence(run, &model, after, a, Some(&state));
                    told.push(sentence);
                    let excess = told.len().saturating_sub(200);
                    told.drain(..excess);
                }
            }
            super::challenge::judge_open(&ctx, run, id, None);
            drop(h);
            story.set(told);
            snapshot.set(snap);
        })
    };
    let on_run_to_end = {
        let c = ctx.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(run) = c.handle.borrow_mut().as_mut() {
                run.run_to_end();
            }
        })
    };
    let on_stop = { let c = ctx.clone(); Callback::from(move |_: MouseEvent| c.stop_run()) };
    let on_input = {
        let source = source.clone();
        Callback::from(move |text: String| source.set(text))
    };
    let on_backend = {
        let backend = backend.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                if let Some(b) = Backend::parse(&s.value()) {
                    backend.set(b);
                }
            }
        })
    };
    let on_reset = {
        let source = source.clone();
        Callback::from(move |_: MouseEvent| source.set(py::lessons::TEMPLATE.to_string()))
    };
    // (Parsed once a program, not at every frame a run draws.)
    let small = use_memo((*source).clone(), |src| py::lessons::small_version(src));
    let explore_target = {
        let (src, pairs, seed) = ((*source).clone(), p.view.pairs.clone(), p.options.seed.unwrap_or(0));
        let (src2, pairs2, src3, pairs3) = (src.clone(), pairs.clone(), src.clone(), pairs.clone());
        let mut params = Params::default();
        for (k, v) in &pairs {
            params.insert(k, ParamValue::Text(v.clone()));
        }
        let smaller = Smaller::of(
            &small,
            |name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
            |changed| {
                let mut small = pairs.clone();
                for (k, v) in changed {
                    match small.iter_mut().find(|(name, _)| name == k) {
                        Some(pair) => pair.1 = v.clone(),
                        None => small.push((k.clone(), v.clone())),
                    }
                }
                program_hash(None, &src, p.view.backend, &small, &smaller_options(&p.options))
            },
        );
        Target {
            key: format!("{id}\u{0}{src}\u{0}{pairs:?}\u{0}{seed}"),
            id,
            params,
            world: Rc::new(move || {
                let prog = py::compile(&src).map_err(|e| tf("pnl-program-does-not-compile", &[("error", &super::text::said(&e.sentence(&src)))]))?;
                Ok(World::new(prog, &pairs, seed))
            }),
            replay: Rc::new(move |schedule, timing| {
                let options = PageOptions { seed: (seed > 0).then_some(seed), schedule: Some(schedule.to_string()), timing: timing_in_link(timing), ..PageOptions::default() };
                program_hash(None, &src2, Some(Backend::Sim), &pairs2, &options)
            }),
            explain: Rc::new(move |schedule, timing| {
                let (Ok(prog), Ok(sched)) = (py::compile(&src3), Schedule::parse(schedule)) else { return vec![] };
                explain_program(id, World::new(prog, &pairs3, seed), seed, &sched, timing)
            }),
            smaller,
        }
    };
    let workers_reason = p.pool.workers_unavailable_said();
    let title = t("pnl-program-title-own");
    let outcome_text = match &*phase {
        Phase::Idle => None,
        Phase::Running => Some(("running", t("pnl-program-running").to_string())),
        Phase::Finished(r) => Some((r.outcome.as_str(), match (&r.outcome, run_message(r)) {
            (OutcomeKind::Completed, _) => t("pnl-program-completed").to_string(),
            (_, Some(m)) => m,
            (k, None) => super::text::outcome_word(k.as_str()),
        })),
    };
    html! {
        <section class="scenario program" aria-labelledby="program-title">
            // In a frame the introduction folds beside the title.
            if p.options.embed {
                <div class="lesson-head">
                    <h1 id="program-title">{ title }</h1>
                    <details class="lesson"><summary>{ t("pnl-program-about") }</summary><p>{ t("pnl-program-intro") }</p></details>
                </div>
            } else {
                <h1 id="program-title">{ title }</h1>
                <p class="lesson">{ t("pnl-program-intro") }</p>
            }
            if let Some(why) = link_error.as_ref() {
                <p class="warn" id="program-link-error">{ why.clone() }</p>
            }
            if let Some(c) = p.options.challenge {
                <super::challenge::ChallengeBanner challenge={c} status={p.challenge.clone()} />
            }
            if *backend == Backend::Sim && p.options.run_timing() == interleave_engine::sim::Timing::Any {
                <p class="hint" id="timing-any">{ t("ctl-timing-any") }</p>
            }
            <div class="actions">
                <label>{ t("pnl-program-run-on") }
                    <select id="program-backend" onchange={on_backend} disabled={active}>
                        { for Backend::ALL.iter().map(|b| {
                            let off = *b == Backend::Workers && workers_reason.is_some() && matches!(p.pool, PoolStatus::Unavailable { .. });
                            html! { <option value={b.word()} selected={*b == *backend} disabled={off}>{ backend_name(*b) }</option> }
                        }) }
                    </select>
                </label>
                <button id="run" class="primary" onclick={on_run} disabled={active || error.is_some()}
                    title={if error.is_some() { t("pnl-program-fix-first") } else { "" }}>{ t("pnl-program-run") }</button>
                <button id="stop" onclick={on_stop} disabled={!active}>{ t("pnl-program-stop") }</button>
                if *backend == Backend::Sim {
                    <span class="stepper" role="group" aria-label={t("pnl-program-stepper-label")}>
                        <button id="step" onclick={{ let f = on_step.clone(); Callback::from(move |_: MouseEvent| f.emit(None)) }}
                            disabled={(active && !snapshot.manual) || (!active && error.is_some())}>{ if active { t("pnl-program-step") } else { t("pnl-program-step-by-step") } }</button>
                        <button id="run-to-end" onclick={on_run_to_end} disabled={!(active && snapshot.manual)}>{ t("pnl-program-run-to-end") }</button>
                    </span>
                }
                if code_in_place {
                    <button id="edit-in-place" onclick={on_edit} disabled={active}>{ t("pnl-program-edit") }</button>
                }
                <button id="reset-program" onclick={on_reset} disabled={active}>{ t("pnl-program-reset-template") }</button>
                if p.options.embed {
                    <a id="program-link" href={browser::page_url(&link)} target="_blank" rel="noopener">{ t("pnl-program-open-playground") }</a>
                } else {
                    <a id="program-link" href={link.clone()}>{ t("pnl-program-link") }</a>
                    <a id="new-program" href="#/program">{ t("pnl-program-new") }</a>
                }
            </div>
            // The workspace, as on a lesson's page: the program (the editor,
            // then the code view of a run) and the pictures of its run, side by
            // side on a wide screen.
            <div class="workspace">
                <div class="pane pictures-pane">
                    if let Some((kind, text)) = outcome_text {
                        <p id="program-outcome" class={classes!("outcome", kind)} data-outcome={kind} role="status">{ text }</p>
                    }
                    if active && snapshot.manual {
                        <div class="stepper" role="group" aria-label={t("pnl-program-next-label")}>
                            <span class="hint">{ t("pnl-program-choose-next") }</span>
                            { for snapshot.runnable.iter().map(|&a| {
                                let f = on_step.clone();
                                let name = snapshot.actors.get(a).map(|x| x.name.clone()).unwrap_or_else(|| tf("pnl-program-actor", &[("n", &a)]));
                                html! { <button class="chip" id={format!("step-actor-{a}")} onclick={Callback::from(move |_: MouseEvent| f.emit(Some(a)))}>{ name }</button> }
                            }) }
                        </div>
                    }
                    if !story.is_empty() {
                        <ul class="story" id="step-story" aria-live="polite" aria-label={t("pnl-program-story-label")}>
                            { for story.iter().rev().map(|line| html! { <li>{ line.clone() }</li> }) }
                        </ul>
                    }
                    <figure class="view" id="output-view">
                        <figcaption>{ t("pnl-program-output-caption") }</figcaption>
                        <pre id="program-output" class="output">{
                            if output.is_empty() && matches!(*phase, Phase::Finished(_)) { t("pnl-program-printed-nothing").to_string() } else { (*output).clone() }
                        }</pre>
                    </figure>
                    <Views options={shown.clone()} snapshot={(*snapshot).clone()} source={if active || matches!(*phase, Phase::Finished(_)) { Rc::<str>::from(source.as_str()) } else { Rc::<str>::from("") }}
                        actor_names={names.0.clone()} object_names={names.1.clone()} pane={Pane::Pictures} />
                </div>
                <div class="pane program-pane">
                    <EditorPane source={Rc::<str>::from(source.as_str())} error={(*error).clone()} on_input={on_input} read_only={active}
                        max_rows={if p.options.embed { 18 } else { 60 }} folded={code_in_place} />
                    <Views options={shown.clone()} snapshot={(*snapshot).clone()} source={if ran && (code_in_place || !p.options.embed) { Rc::<str>::from(source.as_str()) } else { Rc::<str>::from("") }}
                        actor_names={names.0.clone()} object_names={names.1.clone()} pane={Pane::Program} />
                </div>
            </div>
            if !p.options.embed || p.options.explore {
                <ExplorePanel target={explore_target} options={p.options.clone()} busy={active || error.is_some()}
                    settled={!matches!(p.pool, PoolStatus::Starting { .. })} threads={explore_threads(&p.pool, &p.options)} opened={p.opened} />
            }
        </section>
    }
}
