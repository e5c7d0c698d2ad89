//! The playground's Python: the subset of Python 3 the course notes use,
//! with our own lexer and parser (so that every error is a sentence at a
//! line and column, and the interpreter's steps are ours to define).
//!
//! This is the first layer of issue 13: [`parse`] turns source text into a
//! syntax tree ([`ast`]) or one [`SyntaxError`]. The interpreter that runs
//! the tree under the engine's schedulers comes next.

pub mod ast;
pub mod compile;
mod desugar;
pub mod format;
pub mod lessons;
pub mod lexer;
pub mod parser;
pub mod tasks;
pub mod value;
pub mod vm;

use ast::Span;

/// The most source text a program may have (bytes).
pub const MAX_SOURCE: usize = 100_000;

/// A program that cannot be parsed: one sentence, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

/// A 1-based line and column (in characters) of byte offset `at` in `src`.
pub fn line_col(src: &str, at: usize) -> (u32, u32) {
    let at = at.min(src.len());
    let at = (0..=at).rev().find(|&i| src.is_char_boundary(i)).unwrap_or(0);
    let before = &src[..at];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) as u32 + 1;
    (line, col)
}

impl SyntaxError {
    /// "line 3, column 5: Expected ':', found newline".
    pub fn sentence(&self, src: &str) -> String {
        let (line, col) = line_col(src, self.span.start as usize);
        format!("line {line}, column {col}: {}", self.message)
    }
}

/// Parses and compiles a program, ready for [`vm::World::new`].
pub fn compile(src: &str) -> Result<compile::Program, SyntaxError> {
    let module = parse(src)?;
    compile::compile(src, &module)
}

/// Parses a program.
pub fn parse(src: &str) -> Result<ast::Module, SyntaxError> {
    if src.len() > MAX_SOURCE {
        return Err(SyntaxError {
            message: format!("the program is {} bytes long; the playground takes at most {MAX_SOURCE}", src.len()),
            span: Span::new(MAX_SOURCE, MAX_SOURCE),
        });
    }
    parser::parse_module(src)
}
