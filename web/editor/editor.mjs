// The program editor: CodeMirror 6 with its Python mode, loaded by the page
// only the first time a program page opens (it is not part of the first load;
// `make bench` reports its bytes as editor_gzip_bytes). scripts/editor bundles
// this file into target/editor/editor.js, which Trunk copies into the site.
//
// The page keeps its <textarea id="program-editor"> as the one source of the
// program's text: the editor writes every change into it and fires `input`, so
// the app sees what it saw before; the app pushes its own changes (a link, Reset)
// back with `setText`. Without this file (a failed load) the textarea stays and
// works as it always did.
import { EditorState, Compartment } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { indentOnInput, bracketMatching, syntaxHighlighting, HighlightStyle, indentUnit } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';
import { python } from '@codemirror/lang-python';
import { setDiagnostics, lintGutter } from '@codemirror/lint';

const theme = EditorView.theme({
  '&': {
    fontSize: '0.9rem', border: '1px solid var(--line)', borderRadius: '6px',
    background: 'var(--card)', color: 'var(--fg)',
  },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '1px' },
  '.cm-scroller': {
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace',
    lineHeight: '1.4', maxHeight: 'var(--editor-max-height, 75vh)', overflow: 'auto',
  },
  '.cm-gutters': { background: 'var(--bg)', color: 'var(--muted)', borderRight: '1px solid var(--line)' },
  '.cm-activeLine, .cm-activeLineGutter': { background: 'color-mix(in srgb, var(--accent) 8%, transparent)' },
  '&.cm-editor.cm-readonly .cm-content': { opacity: '0.75' },
  // An error at a line's end is a point: drawn larger than CodeMirror's 6 px
  // triangle, so that it is seen from the back of a room.
  '.cm-lintPoint-error:after': {
    left: '-5px', borderLeft: '5px solid transparent', borderRight: '5px solid transparent',
    borderBottom: '8px solid var(--bad)',
  },
});

// Colours from the page's style sheet (--code-*), so light, dark and the
// projector mode each choose theirs.
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword, t.operatorKeyword], color: 'var(--code-keyword)' },
  { tag: [t.string, t.special(t.string)], color: 'var(--code-string)' },
  { tag: [t.number, t.bool, t.null], color: 'var(--code-number)' },
  { tag: [t.comment, t.lineComment], color: 'var(--code-comment)', fontStyle: 'italic' },
  { tag: [t.function(t.definition(t.variableName)), t.definition(t.className)], color: 'var(--code-definition)', fontWeight: '600' },
  { tag: [t.self, t.className], color: 'var(--code-class)' },
  { tag: t.invalid, color: 'var(--bad)' },
]);

/** Mounts the editor in `host`, over `textarea` (hidden), and returns its handle. */
export function attach(textarea, host) {
  const readOnly = new Compartment();
  let pushing = false;
  const view = new EditorView({
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(), drawSelection(),
        indentOnInput(), bracketMatching(), highlightActiveLine(), lintGutter(),
        syntaxHighlighting(highlight),
        indentUnit.of('    '), EditorState.tabSize.of(4), python(), theme,
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        readOnly.of(EditorState.readOnly.of(textarea.disabled)),
        EditorView.contentAttributes.of({ 'aria-label': 'The program (Python)', 'aria-describedby': 'program-error' }),
        EditorView.updateListener.of((u) => {
          if (!u.docChanged || pushing) return;
          textarea.value = u.state.doc.toString();
          textarea.dispatchEvent(new Event('input', { bubbles: true }));
        }),
      ],
    }),
  });
  host.replaceChildren(view.dom);
  textarea.hidden = true;
  textarea.closest('.editor')?.setAttribute('data-editor', 'codemirror');
  view.dom.id = 'program-code';
  return {
    /** The app's own change (a link, Reset): replaces the text, fires nothing. */
    setText(text) {
      if (view.state.doc.toString() === text) return;
      pushing = true;
      try {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      } finally {
        pushing = false;
      }
    },
    setReadOnly(on) {
      view.dispatch({ effects: readOnly.reconfigure(EditorState.readOnly.of(on)) });
      view.dom.classList.toggle('cm-readonly', on);
    },
    destroy() {
      view.destroy();
      textarea.hidden = false;
      textarea.closest('.editor')?.removeAttribute('data-editor');
    },
    /** The compile error, underlined: UTF-16 offsets from and to, and its sentence; or none. */
    setError(from, to, message) {
      const len = view.state.doc.length;
      const at = Math.min(from, len);
      // An error at a line's end ("expected ':'") has no character to
      // underline: it is shown as a point there (CodeMirror's lint point).
      const end = view.state.doc.sliceString(at, at + 1) === '\n' ? at : Math.min(Math.max(to, at + 1), len);
      const diagnostics = message == null ? [] : [{ from: at, to: end, severity: 'error', message }];
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
  };
}
