//! The parser: tokens to a [`Module`], by recursive descent for statements
//! and precedence climbing for expressions (Python's own precedence
//! table). It stops at the first error, which is a sentence with the span
//! it is about ("Expected ':', found newline").

use super::ast::*;
use super::lexer::{tokenize, Tok, Token};
use super::SyntaxError;

/// The most deeply nested brackets, blocks or operators a program may have
/// (a limit, so that hostile text cannot exhaust the stack).
pub const MAX_DEPTH: usize = 100;

const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
    "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
    "pass", "raise", "return", "try", "while", "with", "yield",
];

pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Parses a whole program.
pub fn parse_module(src: &str) -> Result<Module, SyntaxError> {
    let lexed = tokenize(src)?;
    let end = src.len() as u32;
    let mut p = Parser { src, toks: lexed.tokens, pos: 0, depth: 0, hidden: 0 };
    let mut body = Vec::new();
    let r = (|| -> Result<(), SyntaxError> {
        while !p.at_eof() {
            body.push(p.statement()?);
        }
        Ok(())
    })();
    match (r, lexed.unclosed) {
        (Ok(()), None) => Ok(Module { body }),
        // Reaching the end inside an open bracket: the bracket is the error.
        (Err(e), Some(u)) if e.span.start >= end => Err(u),
        (Ok(()), Some(u)) => Err(u),
        (Err(e), _) => Err(e),
    }
}

/// Parses one expression (all of `src`).
pub fn parse_expression(src: &str) -> Result<Expr, SyntaxError> {
    parse_expr_in(src, 0, src.len())
}

/// Parses `src[start..end]` as one expression, with spans into `src`.
fn parse_expr_in(src: &str, start: usize, end: usize) -> Result<Expr, SyntaxError> {
    let text = &src[start..end];
    // Inside brackets newlines are free, as in an f-string's braces.
    let wrapped = format!("({text}\n)");
    let lexed = tokenize(&wrapped).map_err(|e| shift_err(e, start, text.len()))?;
    if let Some(u) = lexed.unclosed {
        return Err(shift_err(u, start, text.len()));
    }
    let mut toks = lexed.tokens;
    // Drop the wrapping brackets; shift spans back onto `src`.
    toks.retain(|t| !matches!(t.tok, Tok::Newline | Tok::Indent | Tok::Dedent));
    let n = toks.len();
    if n < 3 {
        return Err(SyntaxError { message: "Expected an expression".into(), span: Span::new(start, end) });
    }
    toks.pop(); // Eof
    toks.pop(); // ")"
    toks.remove(0); // "("
    for t in &mut toks {
        t.span = shift(t.span, start);
    }
    toks.push(Token { tok: Tok::Newline, span: Span::new(end, end) });
    toks.push(Token { tok: Tok::Eof, span: Span::new(end, end) });
    let mut p = Parser { src, toks, pos: 0, depth: 0, hidden: 0 };
    let e = p.expr_list()?;
    if !matches!(p.tok(), Tok::Newline) {
        return Err(p.unexpected("the end of the expression"));
    }
    Ok(e)
}

fn shift(s: Span, by: usize) -> Span {
    let f = |x: u32| (x as usize).saturating_sub(1) + by;
    Span::new(f(s.start), f(s.end))
}

fn shift_err(mut e: SyntaxError, by: usize, len: usize) -> SyntaxError {
    e.span = shift(e.span, by);
    e.span.start = e.span.start.min((by + len) as u32);
    e.span.end = e.span.end.min((by + len) as u32).max(e.span.start);
    e
}

struct Parser<'s> {
    src: &'s str,
    toks: Vec<Token>,
    pos: usize,
    depth: usize,
    /// Hidden variables made so far (`async with`, `async for`).
    hidden: u32,
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Name(n) if is_keyword(n) => format!("`{n}`"),
        Tok::Name(n) => format!("name `{n}`"),
        Tok::Int(_) | Tok::Float(_) => "a number".into(),
        Tok::Str(_) | Tok::FStr { .. } => "a string".into(),
        Tok::Op(o) => format!("'{o}'"),
        Tok::Newline => "newline".into(),
        Tok::Indent => "indent".into(),
        Tok::Dedent => "dedent".into(),
        Tok::Eof => "end of file".into(),
    }
}

impl<'s> Parser<'s> {
    fn tok(&self) -> &Tok {
        &self.toks[self.pos.min(self.toks.len() - 1)].tok
    }
    fn span(&self) -> Span {
        self.toks[self.pos.min(self.toks.len() - 1)].span
    }
    fn peek_tok(&self, k: usize) -> &Tok {
        &self.toks[(self.pos + k).min(self.toks.len() - 1)].tok
    }
    fn prev_span(&self) -> Span {
        self.toks[self.pos.saturating_sub(1)].span
    }
    fn at_eof(&self) -> bool {
        matches!(self.tok(), Tok::Eof)
    }
    fn bump(&mut self) -> Token {
        let t = self.toks[self.pos.min(self.toks.len() - 1)].clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }
    fn is_op(&self, op: &str) -> bool {
        matches!(self.tok(), Tok::Op(o) if *o == op)
    }
    fn is_kw(&self, kw: &str) -> bool {
        matches!(self.tok(), Tok::Name(n) if n == kw)
    }
    fn eat_op(&mut self, op: &str) -> bool {
        if self.is_op(op) {
            self.bump();
            true
        } else {
            false
        }
    }
    fn eat_kw(&mut self, kw: &str) -> bool {
        if self.is_kw(kw) {
            self.bump();
            true
        } else {
            false
        }
    }
    fn error<T>(&self, message: impl Into<String>, span: Span) -> Result<T, SyntaxError> {
        Err(SyntaxError { message: message.into(), span })
    }
    fn unexpected(&self, wanted: &str) -> SyntaxError {
        SyntaxError { message: format!("Expected {wanted}, found {}", describe(self.tok())), span: self.span() }
    }
    fn expect_op(&mut self, op: &str) -> Result<Span, SyntaxError> {
        if self.is_op(op) {
            Ok(self.bump().span)
        } else {
            Err(self.unexpected(&format!("'{op}'")))
        }
    }
    fn expect_kw(&mut self, kw: &str) -> Result<Span, SyntaxError> {
        if self.is_kw(kw) {
            Ok(self.bump().span)
        } else {
            Err(self.unexpected(&format!("`{kw}`")))
        }
    }
    fn deeper(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.error(format!("the program is nested too deeply (more than {MAX_DEPTH} levels)"), self.span());
        }
        Ok(())
    }

    fn name(&mut self) -> Result<Name, SyntaxError> {
        match self.tok().clone() {
            Tok::Name(n) if !is_keyword(&n) => {
                let span = self.bump().span;
                Ok(Name { id: n, span })
            }
            Tok::Name(n) => self.error(format!("`{n}` is a keyword and cannot be used as a name"), self.span()),
            _ => Err(self.unexpected("a name")),
        }
    }

    // ---- statements ----

    fn statement(&mut self) -> Result<Stmt, SyntaxError> {
        self.deeper()?;
        let r = self.statement_inner();
        self.depth -= 1;
        r
    }

    fn statement_inner(&mut self) -> Result<Stmt, SyntaxError> {
        let start = self.span();
        if matches!(self.tok(), Tok::Indent) {
            return self.error("Unexpected indentation", start);
        }
        if matches!(self.tok(), Tok::Dedent) {
            return self.error("unindent does not match any outer indentation level", start);
        }
        if let Tok::Name(n) = self.tok() {
            match n.as_str() {
                "if" => return self.if_stmt(),
                "while" => return self.while_stmt(),
                "for" => return self.for_stmt(false),
                "def" => return self.def_stmt(vec![], false, start),
                "class" => return self.class_stmt(vec![], start),
                "with" => return self.with_stmt(false),
                "try" => return self.try_stmt(),
                "async" => {
                    self.bump();
                    return match self.tok() {
                        Tok::Name(k) if k == "def" => self.def_stmt(vec![], true, start),
                        Tok::Name(k) if k == "for" => self.for_stmt(true),
                        Tok::Name(k) if k == "with" => self.with_stmt(true),
                        _ => Err(self.unexpected("`def`, `for` or `with` after `async`")),
                    };
                }
                "elif" | "else" | "except" | "finally" => {
                    return self.error(format!("`{n}` without a matching statement before it"), start);
                }
                _ => {}
            }
        }
        if self.is_op("@") {
            let mut decorators = Vec::new();
            while self.eat_op("@") {
                decorators.push(self.expr()?);
                self.newline()?;
            }
            let is_async = self.eat_kw("async");
            return match self.tok() {
                Tok::Name(k) if k == "def" => self.def_stmt(decorators, is_async, start),
                Tok::Name(k) if k == "class" && !is_async => self.class_stmt(decorators, start),
                _ => Err(self.unexpected("`def` or `class` after a decorator")),
            };
        }
        // Simple statements on one line, separated by ';'.
        let s = self.simple()?;
        // `a; b`: the next simple statement is parsed as a statement of its own.
        if self.eat_op(";") {
            if matches!(self.tok(), Tok::Newline) {
                self.bump();
            }
            return Ok(s);
        }
        self.newline()?;
        Ok(s)
    }

    fn newline(&mut self) -> Result<(), SyntaxError> {
        match self.tok() {
            Tok::Newline => {
                self.bump();
                Ok(())
            }
            Tok::Eof => Ok(()),
            _ => Err(self.unexpected("newline")),
        }
    }

    fn simple(&mut self) -> Result<Stmt, SyntaxError> {
        let start = self.span();
        let kw = match self.tok() {
            Tok::Name(n) if is_keyword(n) => Some(n.clone()),
            _ => None,
        };
        let kind = match kw.as_deref() {
            Some("pass") => {
                self.bump();
                StmtKind::Pass
            }
            Some("break") => {
                self.bump();
                StmtKind::Break
            }
            Some("continue") => {
                self.bump();
                StmtKind::Continue
            }
            Some("return") => {
                self.bump();
                StmtKind::Return(if self.ends_simple() { None } else { Some(self.expr_list()?) })
            }
            Some("raise") => {
                self.bump();
                let e = if self.ends_simple() { None } else { Some(self.expr()?) };
                if self.eat_kw("from") {
                    self.expr()?;
                }
                StmtKind::Raise(e)
            }
            Some("assert") => {
                self.bump();
                let test = self.expr()?;
                let msg = if self.eat_op(",") { Some(self.expr()?) } else { None };
                StmtKind::Assert { test, msg }
            }
            Some("global") | Some("nonlocal") => {
                self.bump();
                let mut names = vec![self.name()?];
                while self.eat_op(",") {
                    names.push(self.name()?);
                }
                if kw.as_deref() == Some("global") {
                    StmtKind::Global(names)
                } else {
                    StmtKind::Nonlocal(names)
                }
            }
            Some("del") => {
                self.bump();
                let mut targets = vec![self.expr()?];
                while self.eat_op(",") {
                    targets.push(self.expr()?);
                }
                StmtKind::Del(targets)
            }
            Some("import") => {
                self.bump();
                let mut names = vec![self.alias(true)?];
                while self.eat_op(",") {
                    names.push(self.alias(true)?);
                }
                StmtKind::Import(names)
            }
            Some("from") => {
                self.bump();
                let module = self.dotted()?;
                self.expect_kw("import")?;
                let paren = self.eat_op("(");
                let mut names = Vec::new();
                if self.is_op("*") {
                    return self.error("`from ... import *` is not available here: name what you import", self.span());
                }
                loop {
                    names.push(self.alias(false)?);
                    if !self.eat_op(",") {
                        break;
                    }
                    if paren && self.is_op(")") {
                        break;
                    }
                }
                if paren {
                    self.expect_op(")")?;
                }
                StmtKind::ImportFrom { module, names }
            }
            _ => return self.expr_statement(),
        };
        Ok(Stmt { kind, span: start.to(self.prev_span()) })
    }

    fn ends_simple(&self) -> bool {
        matches!(self.tok(), Tok::Newline | Tok::Eof) || self.is_op(";")
    }

    fn dotted(&mut self) -> Result<Name, SyntaxError> {
        let first = self.name()?;
        let mut id = first.id;
        let mut span = first.span;
        while self.eat_op(".") {
            let n = self.name()?;
            id.push('.');
            id.push_str(&n.id);
            span = span.to(n.span);
        }
        Ok(Name { id, span })
    }

    fn alias(&mut self, dotted: bool) -> Result<Alias, SyntaxError> {
        let name = if dotted { self.dotted()? } else { self.name()? };
        let asname = if self.eat_kw("as") { Some(self.name()?) } else { None };
        Ok(Alias { name, asname })
    }

    /// `yield`, `yield value`, `yield a, b` or `yield from iterable`.
    fn yield_expr(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.bump().span;
        if self.eat_kw("from") {
            let e = self.expr()?;
            return Ok(Expr { span: start.to(e.span), kind: ExprKind::YieldFrom(Box::new(e)) });
        }
        if matches!(self.tok(), Tok::Newline | Tok::Eof) || [")", "]", "}", "=", ";"].iter().any(|o| self.is_op(o)) {
            return Ok(Expr { span: start, kind: ExprKind::Yield(None) });
        }
        let e = self.expr_list()?;
        Ok(Expr { span: start.to(e.span), kind: ExprKind::Yield(Some(Box::new(e))) })
    }

    /// What may stand on the right of `=` or alone as a statement: an
    /// expression list or a `yield`.
    fn expr_list_or_yield(&mut self) -> Result<Expr, SyntaxError> {
        if self.is_kw("yield") {
            return self.yield_expr();
        }
        self.expr_list()
    }

    fn expr_statement(&mut self) -> Result<Stmt, SyntaxError> {
        let start = self.span();
        let first = self.expr_list_or_yield()?;
        const AUG: [(&str, BinOp); 12] = [
            ("+=", BinOp::Add),
            ("-=", BinOp::Sub),
            ("*=", BinOp::Mult),
            ("/=", BinOp::Div),
            ("//=", BinOp::FloorDiv),
            ("%=", BinOp::Mod),
            ("**=", BinOp::Pow),
            ("<<=", BinOp::LShift),
            (">>=", BinOp::RShift),
            ("|=", BinOp::BitOr),
            ("^=", BinOp::BitXor),
            ("&=", BinOp::BitAnd),
        ];
        if let Tok::Op(o) = self.tok() {
            if let Some((_, op)) = AUG.iter().find(|(s, _)| s == o) {
                let op = *op;
                self.check_target(&first, true)?;
                self.bump();
                let value = self.expr_list_or_yield()?;
                return Ok(Stmt { kind: StmtKind::AugAssign { target: first, op, value }, span: start.to(self.prev_span()) });
            }
        }
        if self.is_op(":") {
            // An annotation: `x: int = 0`.
            self.bump();
            self.expr()?;
            self.check_target(&first, true)?;
            if self.eat_op("=") {
                let value = self.expr_list_or_yield()?;
                return Ok(Stmt {
                    kind: StmtKind::Assign { targets: vec![first], value },
                    span: start.to(self.prev_span()),
                });
            }
            return Ok(Stmt { kind: StmtKind::Pass, span: start.to(self.prev_span()) });
        }
        if self.is_op(":=") {
            return self.error("`:=` (the walrus operator) is not available here", self.span());
        }
        if !self.is_op("=") {
            return Ok(Stmt { span: first.span, kind: StmtKind::Expr(first) });
        }
        let mut targets = vec![first];
        let mut value;
        loop {
            self.expect_op("=")?;
            value = self.expr_list_or_yield()?;
            if !self.is_op("=") {
                break;
            }
            targets.push(value);
        }
        for t in &targets {
            self.check_target(t, false)?;
        }
        Ok(Stmt { kind: StmtKind::Assign { targets, value }, span: start.to(self.prev_span()) })
    }

    /// Whether `e` can be assigned to (a name, attribute, subscript, or for
    /// a plain assignment a tuple or list of those).
    fn check_target(&self, e: &Expr, aug: bool) -> Result<(), SyntaxError> {
        match &e.kind {
            ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(()),
            ExprKind::Tuple(items) | ExprKind::List(items) if !aug => {
                items.iter().try_for_each(|i| self.check_target(i, false))
            }
            ExprKind::Starred(inner) if !aug => self.check_target(inner, false),
            ExprKind::Call { .. } => self.error("cannot assign to a function call", e.span),
            ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::Str(_) | ExprKind::Bool(_) | ExprKind::None => {
                self.error("cannot assign to a literal", e.span)
            }
            _ if aug => self.error("this expression cannot be the target of an augmented assignment", e.span),
            _ => self.error("cannot assign to this expression", e.span),
        }
    }

    /// `:` then a block: an indented suite, or simple statements on the line.
    fn block(&mut self, after: &str) -> Result<Vec<Stmt>, SyntaxError> {
        self.expect_op(":")?;
        if !matches!(self.tok(), Tok::Newline) {
            let mut body = vec![self.simple()?];
            while self.eat_op(";") {
                if matches!(self.tok(), Tok::Newline | Tok::Eof) {
                    break;
                }
                body.push(self.simple()?);
            }
            self.newline()?;
            return Ok(body);
        }
        self.bump();
        if !matches!(self.tok(), Tok::Indent) {
            return self.error(format!("Expected an indented block after {after}"), self.span());
        }
        self.bump();
        let mut body = Vec::new();
        while !matches!(self.tok(), Tok::Dedent | Tok::Eof) {
            body.push(self.statement()?);
        }
        if matches!(self.tok(), Tok::Dedent) {
            self.bump();
        }
        Ok(body)
    }

    fn if_stmt(&mut self) -> Result<Stmt, SyntaxError> {
        let start = self.bump().span;
        let test = self.expr()?;
        let body = self.block("`if` statement")?;
        let orelse = if self.is_kw("elif") {
            vec![self.if_stmt()?]
        } else if self.eat_kw("else") {
            self.block("`else` clause")?
        } else {
            vec![]
        };
        Ok(Stmt { kind: StmtKind::If { test, body, orelse }, span: start.to(self.prev_span()) })
    }

    fn while_stmt(&mut self) -> Result<Stmt, SyntaxError> {
        let start = self.bump().span;
        let test = self.expr()?;
        let body = self.block("`while` statement")?;
        let orelse = if self.eat_kw("else") { self.block("`else` clause")? } else { vec![] };
        Ok(Stmt { kind: StmtKind::While { test, body, orelse }, span: start.to(self.prev_span()) })
    }

    fn for_stmt(&mut self, is_async: bool) -> Result<Stmt, SyntaxError> {
        let start = self.bump().span;
        let target = self.target_list()?;
        self.expect_kw("in")?;
        let iter = self.expr_list()?;
        let body = self.block("`for` statement")?;
        if is_async {
            if self.is_kw("else") {
                return self.error("`else` after `async for` is not available here", self.span());
            }
            let span = start.to(self.prev_span());
            let stmts = super::desugar::async_for(target, iter, body, span, &mut self.hidden);
            return Ok(Self::all(stmts, span));
        }
        let orelse = if self.eat_kw("else") { self.block("`else` clause")? } else { vec![] };
        Ok(Stmt { kind: StmtKind::For { target, iter, body, orelse }, span: start.to(self.prev_span()) })
    }

    /// The target of a `for` or a comprehension: names and tuples of them.
    fn target_list(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.span();
        let mut items = vec![self.target_item()?];
        let mut tuple = false;
        while self.eat_op(",") {
            tuple = true;
            if self.is_kw("in") {
                break;
            }
            items.push(self.target_item()?);
        }
        let e = if tuple {
            Expr { kind: ExprKind::Tuple(items), span: start.to(self.prev_span()) }
        } else {
            items.pop().unwrap()
        };
        self.check_target(&e, false)?;
        Ok(e)
    }

    /// One target of a `for`: `x`, `(a, b)`, or `*rest` beside others.
    fn target_item(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.span();
        if self.eat_op("*") {
            let inner = self.binary(0)?;
            return Ok(Expr { span: start.to(inner.span), kind: ExprKind::Starred(Box::new(inner)) });
        }
        self.binary(0)
    }

    fn params(&mut self, close: &str) -> Result<Vec<Param>, SyntaxError> {
        let mut params: Vec<Param> = Vec::new();
        while !self.is_op(close) {
            if self.is_op("/") {
                return self.error("`/` in parameters is not available here", self.span());
            }
            // `*args` then `**kwargs`, last (keyword-only parameters after
            // `*args`, and a bare `*`, are not in the subset).
            let star = if self.eat_op("**") {
                2
            } else if self.eat_op("*") {
                1
            } else {
                0
            };
            if let Some(last) = params.last() {
                if last.star == 2 || (last.star == 1 && star != 2) {
                    return self.error("parameters after `*args` or `**kwargs` are not available here", self.span());
                }
            }
            if star == 1 && !matches!(self.tok(), Tok::Name(_)) {
                return self.error("a bare `*` in parameters is not available here; name it (`*args`)", self.span());
            }
            let name = self.name()?;
            if params.iter().any(|p| p.name.id == name.id) {
                return self.error(format!("duplicate parameter `{}`", name.id), name.span);
            }
            if close == ")" && self.eat_op(":") {
                self.expr()?;
            }
            let default = if star == 0 && self.eat_op("=") { Some(self.expr()?) } else { None };
            if star == 0 && default.is_none() && params.iter().any(|p| p.default.is_some()) {
                return self.error("a parameter without a default follows one with a default", name.span);
            }
            params.push(Param { name, default, star });
            if !self.eat_op(",") {
                break;
            }
        }
        Ok(params)
    }

    fn def_stmt(&mut self, decorators: Vec<Expr>, is_async: bool, start: Span) -> Result<Stmt, SyntaxError> {
        self.expect_kw("def")?;
        let name = self.name()?;
        self.expect_op("(")?;
        let params = self.params(")")?;
        self.expect_op(")")?;
        if self.eat_op("->") {
            self.expr()?;
        }
        let body = self.block("function definition")?;
        let def = FunctionDef { name, params, body, decorators, is_async };
        Ok(Stmt { kind: StmtKind::FunctionDef(Box::new(def)), span: start.to(self.prev_span()) })
    }

    fn class_stmt(&mut self, decorators: Vec<Expr>, start: Span) -> Result<Stmt, SyntaxError> {
        self.expect_kw("class")?;
        let name = self.name()?;
        let mut bases = Vec::new();
        if self.eat_op("(") {
            while !self.is_op(")") {
                bases.push(self.expr()?);
                if !self.eat_op(",") {
                    break;
                }
            }
            self.expect_op(")")?;
        }
        let body = self.block("class definition")?;
        let def = ClassDef { name, bases, body, decorators };
        Ok(Stmt { kind: StmtKind::ClassDef(Box::new(def)), span: start.to(self.prev_span()) })
    }

    fn with_stmt(&mut self, is_async: bool) -> Result<Stmt, SyntaxError> {
        let start = self.bump().span;
        let mut items = Vec::new();
        loop {
            let context = self.expr()?;
            let target = if self.eat_kw("as") {
                let t = self.binary(0)?;
                self.check_target(&t, false)?;
                Some(t)
            } else {
                None
            };
            items.push(WithItem { context, target });
            if !self.eat_op(",") {
                break;
            }
        }
        let body = self.block("`with` statement")?;
        let span = start.to(self.prev_span());
        if is_async {
            return Ok(Self::all(super::desugar::async_with(items, body, span, &mut self.hidden), span));
        }
        Ok(Stmt { kind: StmtKind::With { items, body }, span })
    }

    /// Statements that stand for one (`if True:` around them).
    fn all(body: Vec<Stmt>, span: Span) -> Stmt {
        let test = Expr { kind: ExprKind::Bool(true), span };
        Stmt { kind: StmtKind::If { test, body, orelse: vec![] }, span }
    }

    fn try_stmt(&mut self) -> Result<Stmt, SyntaxError> {
        let start = self.bump().span;
        let body = self.block("`try` statement")?;
        let mut handlers = Vec::new();
        while self.is_kw("except") {
            let hs = self.bump().span;
            if self.is_op("*") {
                return self.error("`except*` is not available here", self.span());
            }
            let (kind, name) = if self.is_op(":") {
                (None, None)
            } else {
                let k = self.expr()?;
                let n = if self.eat_kw("as") { Some(self.name()?) } else { None };
                (Some(k), n)
            };
            let hbody = self.block("`except` clause")?;
            handlers.push(Handler { kind, name, body: hbody, span: hs.to(self.prev_span()) });
        }
        let orelse = if !handlers.is_empty() && self.eat_kw("else") { self.block("`else` clause")? } else { vec![] };
        let finalbody = if self.eat_kw("finally") { self.block("`finally` clause")? } else { vec![] };
        if handlers.is_empty() && finalbody.is_empty() {
            return self.error("Expected `except` or `finally` after `try` block", self.span());
        }
        Ok(Stmt { kind: StmtKind::Try { body, handlers, orelse, finalbody }, span: start.to(self.prev_span()) })
    }

    // ---- expressions ----

    /// Expressions separated by commas: a tuple without brackets.
    fn expr_list(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.span();
        let first = self.expr_or_star()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.ends_expr_list() {
                break;
            }
            items.push(self.expr_or_star()?);
        }
        Ok(Expr { kind: ExprKind::Tuple(items), span: start.to(self.prev_span()) })
    }

    fn ends_expr_list(&self) -> bool {
        matches!(self.tok(), Tok::Newline | Tok::Eof)
            || [")", "]", "}", "=", ";", ":"].iter().any(|o| self.is_op(o))
            || (matches!(self.tok(), Tok::Op(o) if o.ends_with('=') && *o != "==" && *o != "<=" && *o != ">=" && *o != "!="))
    }

    fn expr_or_star(&mut self) -> Result<Expr, SyntaxError> {
        if self.is_op("*") {
            let start = self.bump().span;
            let inner = self.binary(0)?;
            return Ok(Expr { span: start.to(inner.span), kind: ExprKind::Starred(Box::new(inner)) });
        }
        self.expr()
    }

    /// One expression: a lambda, a conditional expression, or below.
    pub(crate) fn expr(&mut self) -> Result<Expr, SyntaxError> {
        self.deeper()?;
        let r = self.expr_inner();
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self) -> Result<Expr, SyntaxError> {
        if self.is_kw("lambda") {
            let start = self.bump().span;
            let params = self.params(":")?;
            self.expect_op(":")?;
            let body = self.expr()?;
            return Ok(Expr { span: start.to(body.span), kind: ExprKind::Lambda { params, body: Box::new(body) } });
        }
        let body = self.or_test()?;
        if self.is_op(":=") {
            let ExprKind::Name(id) = &body.kind else {
                return self.error("cannot use an assignment expression (`:=`) here: its target must be a name", body.span);
            };
            let target = Name { id: id.clone(), span: body.span };
            self.bump();
            let value = self.expr()?;
            return Ok(Expr { span: body.span.to(value.span), kind: ExprKind::NamedExpr { target, value: Box::new(value) } });
        }
        if self.is_kw("if") {
            self.bump();
            let test = self.or_test()?;
            self.expect_kw("else")?;
            let orelse = self.expr()?;
            return Ok(Expr {
                span: body.span.to(orelse.span),
                kind: ExprKind::IfExp { test: Box::new(test), body: Box::new(body), orelse: Box::new(orelse) },
            });
        }
        Ok(body)
    }

    fn or_test(&mut self) -> Result<Expr, SyntaxError> {
        let first = self.and_test()?;
        if !self.is_kw("or") {
            return Ok(first);
        }
        let mut values = vec![first];
        while self.eat_kw("or") {
            values.push(self.and_test()?);
        }
        let span = values[0].span.to(values[values.len() - 1].span);
        Ok(Expr { kind: ExprKind::BoolOp { op: BoolOp::Or, values }, span })
    }

    fn and_test(&mut self) -> Result<Expr, SyntaxError> {
        let first = self.not_test()?;
        if !self.is_kw("and") {
            return Ok(first);
        }
        let mut values = vec![first];
        while self.eat_kw("and") {
            values.push(self.not_test()?);
        }
        let span = values[0].span.to(values[values.len() - 1].span);
        Ok(Expr { kind: ExprKind::BoolOp { op: BoolOp::And, values }, span })
    }

    fn not_test(&mut self) -> Result<Expr, SyntaxError> {
        if self.is_kw("not") {
            let start = self.bump().span;
            self.deeper()?;
            let operand = self.not_test();
            self.depth -= 1;
            let operand = operand?;
            return Ok(Expr { span: start.to(operand.span), kind: ExprKind::UnaryOp { op: UnaryOp::Not, operand: Box::new(operand) } });
        }
        self.comparison()
    }

    fn cmp_op(&self) -> Option<(CmpOp, usize)> {
        match self.tok() {
            Tok::Op("==") => Some((CmpOp::Eq, 1)),
            Tok::Op("!=") => Some((CmpOp::NotEq, 1)),
            Tok::Op("<") => Some((CmpOp::Lt, 1)),
            Tok::Op("<=") => Some((CmpOp::LtE, 1)),
            Tok::Op(">") => Some((CmpOp::Gt, 1)),
            Tok::Op(">=") => Some((CmpOp::GtE, 1)),
            Tok::Name(n) if n == "in" => Some((CmpOp::In, 1)),
            Tok::Name(n) if n == "not" && matches!(self.peek_tok(1), Tok::Name(m) if m == "in") => Some((CmpOp::NotIn, 2)),
            Tok::Name(n) if n == "is" => {
                if matches!(self.peek_tok(1), Tok::Name(m) if m == "not") {
                    Some((CmpOp::IsNot, 2))
                } else {
                    Some((CmpOp::Is, 1))
                }
            }
            _ => None,
        }
    }

    fn comparison(&mut self) -> Result<Expr, SyntaxError> {
        let left = self.binary(0)?;
        let mut ops = Vec::new();
        while let Some((op, n)) = self.cmp_op() {
            for _ in 0..n {
                self.bump();
            }
            ops.push((op, self.binary(0)?));
        }
        if ops.is_empty() {
            return Ok(left);
        }
        let span = left.span.to(ops[ops.len() - 1].1.span);
        Ok(Expr { kind: ExprKind::Compare { left: Box::new(left), ops }, span })
    }

    fn bin_op(&self) -> Option<(BinOp, usize)> {
        let Tok::Op(o) = self.tok() else { return None };
        Some(match *o {
            "|" => (BinOp::BitOr, 1),
            "^" => (BinOp::BitXor, 2),
            "&" => (BinOp::BitAnd, 3),
            "<<" => (BinOp::LShift, 4),
            ">>" => (BinOp::RShift, 4),
            "+" => (BinOp::Add, 5),
            "-" => (BinOp::Sub, 5),
            "*" => (BinOp::Mult, 6),
            "/" => (BinOp::Div, 6),
            "//" => (BinOp::FloorDiv, 6),
            "%" => (BinOp::Mod, 6),
            _ => return None,
        })
    }

    /// Binary operators binding tighter than `min` (left-associative).
    fn binary(&mut self, min: usize) -> Result<Expr, SyntaxError> {
        self.deeper()?;
        let mut left = self.unary()?;
        while let Some((op, prec)) = self.bin_op() {
            if prec <= min {
                break;
            }
            self.bump();
            let right = self.binary(prec)?;
            left = Expr { span: left.span.to(right.span), kind: ExprKind::BinOp { left: Box::new(left), op, right: Box::new(right) } };
        }
        self.depth -= 1;
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, SyntaxError> {
        let op = match self.tok() {
            Tok::Op("-") => UnaryOp::Neg,
            Tok::Op("+") => UnaryOp::Pos,
            Tok::Op("~") => UnaryOp::Invert,
            _ => return self.power(),
        };
        let start = self.bump().span;
        self.deeper()?;
        let operand = self.unary();
        self.depth -= 1;
        let operand = operand?;
        // A negative literal is a literal (`-1`), as the page shows it.
        if op == UnaryOp::Neg {
            if let ExprKind::Int(v) = operand.kind {
                return Ok(Expr { kind: ExprKind::Int(v.wrapping_neg()), span: start.to(operand.span) });
            }
        }
        Ok(Expr { span: start.to(operand.span), kind: ExprKind::UnaryOp { op, operand: Box::new(operand) } })
    }

    fn power(&mut self) -> Result<Expr, SyntaxError> {
        let base = self.await_primary()?;
        if self.eat_op("**") {
            self.deeper()?;
            let exp = self.unary();
            self.depth -= 1;
            let exp = exp?;
            return Ok(Expr { span: base.span.to(exp.span), kind: ExprKind::BinOp { left: Box::new(base), op: BinOp::Pow, right: Box::new(exp) } });
        }
        Ok(base)
    }

    fn await_primary(&mut self) -> Result<Expr, SyntaxError> {
        if self.is_kw("await") {
            let start = self.bump().span;
            let e = self.primary()?;
            return Ok(Expr { span: start.to(e.span), kind: ExprKind::Await(Box::new(e)) });
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, SyntaxError> {
        let mut e = self.atom()?;
        loop {
            if self.eat_op(".") {
                let attr = self.name()?;
                e = Expr { span: e.span.to(attr.span), kind: ExprKind::Attribute { value: Box::new(e), attr } };
            } else if self.is_op("(") {
                self.bump();
                self.deeper()?;
                let (args, keywords) = self.call_args()?;
                self.depth -= 1;
                let end = self.expect_op(")")?;
                e = Expr { span: e.span.to(end), kind: ExprKind::Call { func: Box::new(e), args, keywords } };
            } else if self.is_op("[") {
                self.bump();
                self.deeper()?;
                let index = self.subscript()?;
                self.depth -= 1;
                let end = self.expect_op("]")?;
                e = Expr { span: e.span.to(end), kind: ExprKind::Subscript { value: Box::new(e), index: Box::new(index) } };
            } else {
                return Ok(e);
            }
        }
    }

    fn call_args(&mut self) -> Result<(Vec<Expr>, Vec<Keyword>), SyntaxError> {
        let mut args = Vec::new();
        let mut keywords: Vec<Keyword> = Vec::new();
        while !self.is_op(")") {
            if self.is_op("**") {
                // `f(**options)`: kept as a keyword named `**`.
                let start = self.bump().span;
                if keywords.iter().any(|k| k.arg.id == "**") {
                    return self.error("one `**` in a call is available here", start);
                }
                let value = self.expr()?;
                keywords.push(Keyword { arg: Name { id: "**".into(), span: start }, value });
            } else if let (Tok::Name(n), Tok::Op("=")) = (self.tok().clone(), self.peek_tok(1).clone()) {
                let arg = self.name()?;
                self.bump();
                let value = self.expr()?;
                if keywords.iter().any(|k| k.arg.id == arg.id) {
                    return self.error(format!("keyword argument `{n}` repeated"), arg.span);
                }
                keywords.push(Keyword { arg, value });
            } else {
                let a = self.expr_or_star()?;
                if !keywords.is_empty() {
                    return self.error("a positional argument follows a keyword argument", a.span);
                }
                if self.is_kw("for") {
                    let generators = self.comprehension()?;
                    let span = a.span.to(self.prev_span());
                    args.push(Expr { kind: ExprKind::GeneratorExp { elt: Box::new(a), generators }, span });
                    if !self.is_op(")") {
                        return Err(self.unexpected("')' after a generator expression"));
                    }
                    break;
                }
                args.push(a);
            }
            if !self.eat_op(",") {
                break;
            }
        }
        Ok((args, keywords))
    }

    fn subscript(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.span();
        let first = self.slice_item()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op("]") {
                break;
            }
            items.push(self.slice_item()?);
        }
        Ok(Expr { kind: ExprKind::Tuple(items), span: start.to(self.prev_span()) })
    }

    fn slice_item(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.span();
        let part = |p: &mut Self| -> Result<Option<Box<Expr>>, SyntaxError> {
            if p.is_op(":") || p.is_op("]") || p.is_op(",") {
                Ok(None)
            } else {
                Ok(Some(Box::new(p.expr()?)))
            }
        };
        let lower = part(self)?;
        if !self.is_op(":") {
            return lower.map(|b| *b).ok_or_else(|| self.unexpected("an index"));
        }
        self.bump();
        let upper = part(self)?;
        let step = if self.eat_op(":") { part(self)? } else { None };
        Ok(Expr { kind: ExprKind::Slice { lower, upper, step }, span: start.to(self.prev_span()) })
    }

    /// `for target in iter [if cond]...`, repeated.
    fn comprehension(&mut self) -> Result<Vec<Comprehension>, SyntaxError> {
        let mut gens = Vec::new();
        while self.eat_kw("for") {
            let target = self.target_list()?;
            self.expect_kw("in")?;
            let iter = self.or_test()?;
            let mut ifs = Vec::new();
            while self.eat_kw("if") {
                ifs.push(self.or_test()?);
            }
            gens.push(Comprehension { target, iter, ifs });
        }
        Ok(gens)
    }

    fn atom(&mut self) -> Result<Expr, SyntaxError> {
        let t = self.tok().clone();
        let span = self.span();
        match t {
            Tok::Int(v) => {
                self.bump();
                Ok(Expr { kind: ExprKind::Int(v), span })
            }
            Tok::Float(v) => {
                self.bump();
                Ok(Expr { kind: ExprKind::Float(v), span })
            }
            Tok::Str(_) | Tok::FStr { .. } => self.strings(),
            Tok::Name(n) => match n.as_str() {
                "True" | "False" => {
                    self.bump();
                    Ok(Expr { kind: ExprKind::Bool(n == "True"), span })
                }
                "None" => {
                    self.bump();
                    Ok(Expr { kind: ExprKind::None, span })
                }
                "yield" => self.error("`yield` here needs brackets around it: `(yield x)`", span),
                _ if is_keyword(&n) => Err(self.unexpected("an expression")),
                _ => {
                    self.bump();
                    Ok(Expr { kind: ExprKind::Name(n), span })
                }
            },
            Tok::Op("(") => {
                self.bump();
                self.deeper()?;
                let r = self.paren(span);
                self.depth -= 1;
                r
            }
            Tok::Op("[") => {
                self.bump();
                self.deeper()?;
                let r = self.list(span);
                self.depth -= 1;
                r
            }
            Tok::Op("{") => {
                self.bump();
                self.deeper()?;
                let r = self.dict(span);
                self.depth -= 1;
                r
            }
            Tok::Op("...") => {
                self.bump();
                Ok(Expr { kind: ExprKind::None, span })
            }
            Tok::Indent => self.error("Unexpected indentation", span),
            _ => Err(self.unexpected("an expression")),
        }
    }

    fn paren(&mut self, start: Span) -> Result<Expr, SyntaxError> {
        if self.is_op(")") {
            let end = self.bump().span;
            return Ok(Expr { kind: ExprKind::Tuple(vec![]), span: start.to(end) });
        }
        if self.is_kw("yield") {
            let y = self.yield_expr()?;
            let end = self.expect_op(")")?;
            return Ok(Expr { kind: y.kind, span: start.to(end) });
        }
        let first = self.expr_or_star()?;
        if self.is_kw("for") {
            let generators = self.comprehension()?;
            let end = self.expect_op(")")?;
            return Ok(Expr { kind: ExprKind::GeneratorExp { elt: Box::new(first), generators }, span: start.to(end) });
        }
        if !self.is_op(",") {
            self.expect_op(")")?;
            // The brackets are part of what the step view highlights.
            return Ok(Expr { kind: first.kind, span: start.to(self.prev_span()) });
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op(")") {
                break;
            }
            items.push(self.expr_or_star()?);
        }
        let end = self.expect_op(")")?;
        Ok(Expr { kind: ExprKind::Tuple(items), span: start.to(end) })
    }

    fn list(&mut self, start: Span) -> Result<Expr, SyntaxError> {
        let mut items = Vec::new();
        while !self.is_op("]") {
            let e = self.expr_or_star()?;
            if items.is_empty() && self.is_kw("for") {
                let generators = self.comprehension()?;
                let end = self.expect_op("]")?;
                return Ok(Expr { kind: ExprKind::ListComp { elt: Box::new(e), generators }, span: start.to(end) });
            }
            items.push(e);
            if !self.eat_op(",") {
                break;
            }
        }
        let end = self.expect_op("]")?;
        Ok(Expr { kind: ExprKind::List(items), span: start.to(end) })
    }

    fn dict(&mut self, start: Span) -> Result<Expr, SyntaxError> {
        if self.is_op("}") {
            let end = self.bump().span;
            return Ok(Expr { kind: ExprKind::Dict(vec![]), span: start.to(end) });
        }
        if self.is_op("**") {
            return self.error("`**` in a dict display is not available here", self.span());
        }
        let first = self.expr()?;
        if !self.eat_op(":") {
            if self.is_kw("for") {
                let generators = self.comprehension()?;
                let end = self.expect_op("}")?;
                return Ok(Expr { kind: ExprKind::SetComp { elt: Box::new(first), generators }, span: start.to(end) });
            }
            // A set.
            let mut items = vec![first];
            while self.eat_op(",") {
                if self.is_op("}") {
                    break;
                }
                items.push(self.expr()?);
            }
            let end = self.expect_op("}")?;
            return Ok(Expr { kind: ExprKind::Set(items), span: start.to(end) });
        }
        let value = self.expr()?;
        if self.is_kw("for") {
            let generators = self.comprehension()?;
            let end = self.expect_op("}")?;
            return Ok(Expr {
                kind: ExprKind::DictComp { key: Box::new(first), value: Box::new(value), generators },
                span: start.to(end),
            });
        }
        let mut items = vec![(first, value)];
        while self.eat_op(",") {
            if self.is_op("}") {
                break;
            }
            let k = self.expr()?;
            self.expect_op(":")?;
            let v = self.expr()?;
            items.push((k, v));
        }
        let end = self.expect_op("}")?;
        Ok(Expr { kind: ExprKind::Dict(items), span: start.to(end) })
    }

    /// Adjacent string literals, concatenated; with an f-string among them,
    /// an f-string.
    fn strings(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.span();
        let mut parts: Vec<FPart> = Vec::new();
        let mut any_f = false;
        loop {
            match self.tok().clone() {
                Tok::Str(s) => {
                    self.bump();
                    match parts.last_mut() {
                        Some(FPart::Lit(l)) => l.push_str(&s),
                        _ => parts.push(FPart::Lit(s)),
                    }
                }
                Tok::FStr { body, raw } => {
                    self.bump();
                    any_f = true;
                    for p in self.fstring(body, raw)? {
                        match (parts.last_mut(), p) {
                            (Some(FPart::Lit(l)), FPart::Lit(s)) => l.push_str(&s),
                            (_, p) => parts.push(p),
                        }
                    }
                }
                _ => break,
            }
        }
        let span = start.to(self.prev_span());
        if !any_f {
            let s = match parts.pop() {
                Some(FPart::Lit(s)) => s,
                _ => String::new(),
            };
            return Ok(Expr { kind: ExprKind::Str(s), span });
        }
        Ok(Expr { kind: ExprKind::FString(parts), span })
    }

    /// Splits an f-string's body into text and `{expression!c:spec}` parts.
    fn fstring(&mut self, body: Span, raw: bool) -> Result<Vec<FPart>, SyntaxError> {
        let src = self.src;
        let (b0, b1) = (body.start as usize, body.end as usize);
        let bytes = src.as_bytes();
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut i = b0;
        while i < b1 {
            let c = bytes[i];
            if c == b'{' && bytes.get(i + 1) == Some(&b'{') {
                lit.push('{');
                i += 2;
                continue;
            }
            if c == b'}' {
                if bytes.get(i + 1) == Some(&b'}') {
                    lit.push('}');
                    i += 2;
                    continue;
                }
                return self.error("f-string: single '}' is not allowed", Span::new(i, i + 1));
            }
            if c == b'{' {
                // Find the end of the expression at bracket depth 0.
                let open = i;
                let mut depth = 0usize;
                let mut j = i + 1;
                let mut quote: Option<u8> = None;
                let mut expr_end = None;
                while j < b1 {
                    let d = bytes[j];
                    if let Some(q) = quote {
                        if d == q {
                            quote = None;
                        }
                    } else if d == b'\'' || d == b'"' {
                        quote = Some(d);
                    } else if matches!(d, b'(' | b'[' | b'{') {
                        depth += 1;
                    } else if matches!(d, b')' | b']') || (d == b'}' && depth > 0) {
                        depth = depth.saturating_sub(1);
                    } else if depth == 0 && (d == b'}' || d == b':' || (d == b'!' && bytes.get(j + 1) != Some(&b'='))) {
                        expr_end = Some(j);
                        break;
                    }
                    j += 1;
                }
                let Some(e_end) = expr_end else {
                    return self.error("f-string: expecting '}'", Span::new(open, b1));
                };
                if src[open + 1..e_end].trim().is_empty() {
                    return self.error("f-string: valid expression required before '}'", Span::new(e_end, e_end + 1));
                }
                let expr = parse_expr_in(src, open + 1, e_end)?;
                let mut k = e_end;
                let mut conversion = None;
                if bytes[k] == b'!' {
                    let c = bytes.get(k + 1).copied().unwrap_or(0) as char;
                    if !matches!(c, 'r' | 's' | 'a') {
                        return self.error("f-string: invalid conversion character: expected 's', 'r', or 'a'", Span::new(k, k + 2));
                    }
                    conversion = Some(c);
                    k += 2;
                }
                let mut spec = None;
                if k < b1 && bytes[k] == b':' {
                    let s0 = k + 1;
                    let mut m = s0;
                    while m < b1 && bytes[m] != b'}' {
                        if bytes[m] == b'{' {
                            return self.error("f-string: nested replacement fields in a format spec are not available here", Span::new(m, m + 1));
                        }
                        m += 1;
                    }
                    spec = Some(src[s0..m].to_string());
                    k = m;
                }
                if k >= b1 || bytes[k] != b'}' {
                    return self.error("f-string: expecting '}'", Span::new(open, k.min(b1)));
                }
                if !lit.is_empty() {
                    parts.push(FPart::Lit(std::mem::take(&mut lit)));
                }
                parts.push(FPart::Value { expr, conversion, spec });
                i = k + 1;
                continue;
            }
            if c == b'\\' && !raw {
                let (ch, len) = super::lexer::escape(&src[i..b1])
                    .map_err(|m| SyntaxError { message: m, span: Span::new(i, i + 2) })?;
                if let Some(ch) = ch {
                    lit.push(ch);
                }
                i += len;
                continue;
            }
            let ch = src[i..].chars().next().unwrap_or('?');
            lit.push(ch);
            i += ch.len_utf8();
        }
        if !lit.is_empty() {
            parts.push(FPart::Lit(lit));
        }
        Ok(parts)
    }
}
