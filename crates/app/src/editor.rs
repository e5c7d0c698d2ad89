//! The program editor: CodeMirror 6 (web/editor/editor.mjs, bundled by
//! scripts/editor into the site's `editor.js`), loaded by a dynamic `import()`
//! the first time a program page opens, so the first load of a lesson does not
//! carry it. The page's `<textarea>` stays the program's one source of text:
//! the editor writes every change into it (firing `input`), and the page hands
//! its own changes back through [`Handle::set_text`]. If the file cannot be
//! loaded, the textarea is the editor, as before.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = "export function load_editor() { return import(new URL('editor.js', document.baseURI).href); }")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn load_editor() -> Result<js_sys::Promise, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    type Module;
    #[wasm_bindgen(method, catch)]
    fn attach(this: &Module, textarea: &web_sys::HtmlTextAreaElement, host: &web_sys::Element) -> Result<Handle, JsValue>;

    /// A mounted editor.
    pub type Handle;
    /// Replaces the text (a link, Reset) without firing `input`.
    #[wasm_bindgen(method, js_name = setText)]
    pub fn set_text(this: &Handle, text: &str);
    #[wasm_bindgen(method, js_name = setReadOnly)]
    pub fn set_read_only(this: &Handle, on: bool);
    /// Underlines `from..to` (UTF-16 offsets) with `message`; `None` clears it.
    #[wasm_bindgen(method, js_name = setError)]
    pub fn set_error(this: &Handle, from: u32, to: u32, message: Option<String>);
    #[wasm_bindgen(method)]
    pub fn destroy(this: &Handle);
}

/// Loads the editor (once per page; the browser keeps the module) and mounts
/// it in `host` over `textarea`.
pub async fn mount(textarea: web_sys::HtmlTextAreaElement, host: web_sys::Element) -> Result<Handle, String> {
    let promise = load_editor().map_err(|e| format!("{e:?}"))?;
    let module: Module = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|e| format!("{e:?}"))?.unchecked_into();
    module.attach(&textarea, &host).map_err(|e| format!("{e:?}"))
}

/// Byte offset `at` of `src` as a UTF-16 offset (CodeMirror's positions).
pub fn utf16_offset(src: &str, at: usize) -> u32 {
    let at = (0..=at.min(src.len())).rev().find(|&i| src.is_char_boundary(i)).unwrap_or(0);
    src[..at].encode_utf16().count() as u32
}
