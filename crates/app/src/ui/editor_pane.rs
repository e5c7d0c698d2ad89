//! The program's editor, one component for the lesson page ("Edit", in
//! place of the code view) and the program page: a `<textarea>` that holds
//! the text, with CodeMirror mounted over it once loaded (`crate::editor`:
//! fetched the first time an editor is shown), and the compile error under
//! it, at its line and column, underlined in the editor itself.

use super::prelude::*;

/// Where a program's text fails to compile: line, column, the sentence, and
/// the span as UTF-16 offsets (the editor's underline).
pub(crate) type CompileError = (u32, u32, String, (u32, u32));

/// The User Timing measure of a compile (README, automation contract).
const COMPILE_MEASURE: &str = "interleave:compile";

/// `src`'s compile error, if it has one. Each compile (one a change, as the
/// student types) is the User Timing measure `interleave:compile`.
pub(crate) fn compile_error(src: &str) -> Option<CompileError> {
    crate::browser::measured(COMPILE_MEASURE, || interleave_engine::py::compile(src)).err().map(|e| {
        let (line, col) = interleave_engine::py::line_col(src, e.span.start as usize);
        let span = (crate::editor::utf16_offset(src, e.span.start as usize), crate::editor::utf16_offset(src, e.span.end as usize));
        (line, col, super::text::said(&e.sentence(src)), span)
    })
}

#[derive(Properties, PartialEq)]
pub(crate) struct EditorProps {
    pub(crate) source: Rc<str>,
    /// Its compile error (the page holds it too: Run waits until it is fixed).
    pub(crate) error: Option<CompileError>,
    /// Every change the student makes, as the whole text.
    pub(crate) on_input: Callback<String>,
    /// A run is going: the text is what runs, and stays as it is.
    pub(crate) read_only: bool,
    /// The most lines the box grows to before it scrolls.
    pub(crate) max_rows: usize,
    /// Hidden (in a frame, after a run: the code view takes its place).
    #[prop_or_default]
    pub(crate) folded: bool,
}

#[function_component(EditorPane)]
pub(crate) fn editor_pane(p: &EditorProps) -> Html {
    let editor = use_mut_ref(|| None::<crate::editor::Handle>);
    let ready = use_state(|| false);
    let textarea = use_node_ref();
    let host = use_node_ref();
    {
        let (editor, ready, textarea, host) = (editor.clone(), ready.clone(), textarea.clone(), host.clone());
        use_effect_with((), move |_| {
            let alive = Rc::new(Cell::new(true));
            if let (Some(textarea), Some(host)) = (textarea.cast::<web_sys::HtmlTextAreaElement>(), host.cast::<web_sys::Element>()) {
                let (editor, alive) = (editor.clone(), alive.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    match crate::editor::mount(textarea, host).await {
                        Ok(handle) if alive.get() => {
                            *editor.borrow_mut() = Some(handle);
                            ready.set(true);
                        }
                        Ok(handle) => handle.destroy(),
                        Err(why) => web_sys::console::warn_1(&format!("the code editor did not load ({why}); the plain text box stays").into()),
                    }
                });
            }
            move || {
                alive.set(false);
                if let Some(h) = editor.borrow_mut().take() {
                    h.destroy();
                }
            }
        });
    }
    {
        let editor = editor.clone();
        let deps = (p.source.clone(), p.read_only, p.error.clone(), *ready);
        use_effect_with(deps, move |(text, read_only, error, _)| {
            if let Some(h) = editor.borrow().as_ref() {
                h.set_text(text);
                h.set_read_only(*read_only);
                match error {
                    Some((_, _, sentence, (from, to))) => h.set_error(*from, *to, Some(sentence.clone())),
                    None => h.set_error(0, 0, None),
                }
            }
        });
    }
    let on_input = {
        let f = p.on_input.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                f.emit(t.value());
            }
        })
    };
    let lines = p.source.lines().count().max(1);
    html! {
        <div class={classes!("editor", p.folded.then_some("folded"))}>
            <label for="program-editor">{ t("pnl-program-editor-label") }</label>
            <textarea id="program-editor" ref={textarea} class="code-editor" spellcheck="false" autocomplete="off" wrap="off"
                rows={(lines + 1).clamp(8, p.max_rows).to_string()} value={p.source.to_string()} oninput={on_input} disabled={p.read_only}
                aria-invalid={p.error.is_some().to_string()} aria-describedby="program-error" />
            <div id="program-code-host" ref={host} class="code-host" />
            if let Some((line, col, sentence, _)) = &p.error {
                <p class="warn" id="program-error" data-line={line.to_string()} data-column={col.to_string()}>{ sentence.clone() }</p>
            } else {
                <p class="quiet" id="program-error">{ tf(if lines == 1 { "pnl-program-compiles-one" } else { "pnl-program-compiles-many" }, &[("lines", &lines)]) }</p>
            }
        </div>
    }
}
