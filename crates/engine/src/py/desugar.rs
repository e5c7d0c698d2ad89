//! `async with` and `async for`, written as the statements they stand for
//! (PEP 492's own definitions), so the compiler and the interpreter need
//! nothing of their own for them. The hidden variables are named with a
//! dot (`.am1`), which no program can write and no view shows.

use super::ast::*;

fn name(id: &str, span: Span) -> Expr {
    Expr { kind: ExprKind::Name(id.to_string()), span }
}

fn call(func: Expr, args: Vec<Expr>, span: Span) -> Expr {
    Expr { kind: ExprKind::Call { func: Box::new(func), args, keywords: vec![] }, span }
}

fn method(obj: Expr, m: &str, args: Vec<Expr>, span: Span) -> Expr {
    let attr = Expr { kind: ExprKind::Attribute { value: Box::new(obj), attr: Name { id: m.to_string(), span } }, span };
    call(attr, args, span)
}

fn awaited(e: Expr, span: Span) -> Expr {
    Expr { kind: ExprKind::Await(Box::new(e)), span }
}

fn stmt(kind: StmtKind, span: Span) -> Stmt {
    Stmt { kind, span }
}

fn assign(target: Expr, value: Expr, span: Span) -> Stmt {
    stmt(StmtKind::Assign { targets: vec![target], value }, span)
}

fn none(span: Span) -> Expr {
    Expr { kind: ExprKind::None, span }
}

/// `async with a as x, b: body`:
///
/// ```text
/// .am1 = a
/// x = await .am1.__aenter__()
/// .ao1 = True
/// try:
///     (the same for b, around) body
/// except BaseException as .ae1:
///     .ao1 = False
///     if not await .am1.__aexit__(type(.ae1), .ae1, None):
///         raise
/// finally:
///     if .ao1:
///         await .am1.__aexit__(None, None, None)
/// ```
pub fn async_with(items: Vec<WithItem>, body: Vec<Stmt>, span: Span, counter: &mut u32) -> Vec<Stmt> {
    let mut body = body;
    for item in items.into_iter().rev() {
        *counter += 1;
        let k = *counter;
        let (m, e, ok) = (format!(".am{k}"), format!(".ae{k}"), format!(".ao{k}"));
        let at = item.context.span;
        let mut out = vec![assign(name(&m, at), item.context, at)];
        let enter = awaited(method(name(&m, at), "__aenter__", vec![], at), at);
        out.push(match item.target {
            Some(t) => assign(t, enter, at),
            None => stmt(StmtKind::Expr(enter), at),
        });
        out.push(assign(name(&ok, at), Expr { kind: ExprKind::Bool(true), span: at }, at));
        let exc = name(&e, at);
        let kind = call(name("type", at), vec![exc.clone()], at);
        let exit_with = awaited(method(name(&m, at), "__aexit__", vec![kind, exc, none(at)], at), at);
        let not_exit = Expr { kind: ExprKind::UnaryOp { op: UnaryOp::Not, operand: Box::new(exit_with) }, span: at };
        let handler = Handler {
            kind: Some(name("BaseException", at)),
            name: Some(Name { id: e.clone(), span: at }),
            body: vec![
                assign(name(&ok, at), Expr { kind: ExprKind::Bool(false), span: at }, at),
                stmt(StmtKind::If { test: not_exit, body: vec![stmt(StmtKind::Raise(None), at)], orelse: vec![] }, at),
            ],
            span: at,
        };
        let exit_none = awaited(method(name(&m, at), "__aexit__", vec![none(at), none(at), none(at)], at), at);
        let finalbody = vec![stmt(StmtKind::If { test: name(&ok, at), body: vec![stmt(StmtKind::Expr(exit_none), at)], orelse: vec![] }, at)];
        out.push(stmt(StmtKind::Try { body, handlers: vec![handler], orelse: vec![], finalbody }, span));
        body = out;
    }
    body
}

/// `async for x in it: body`:
///
/// ```text
/// .ai1 = it.__aiter__()
/// while True:
///     try:
///         x = await .ai1.__anext__()
///     except StopAsyncIteration:
///         break
///     body
/// ```
pub fn async_for(target: Expr, iter: Expr, body: Vec<Stmt>, span: Span, counter: &mut u32) -> Vec<Stmt> {
    *counter += 1;
    let it = format!(".ai{counter}");
    let at = iter.span;
    let first = assign(name(&it, at), method(iter, "__aiter__", vec![], at), at);
    let next = assign(target, awaited(method(name(&it, at), "__anext__", vec![], at), at), at);
    let stop = Handler { kind: Some(name("StopAsyncIteration", at)), name: None, body: vec![stmt(StmtKind::Break, at)], span: at };
    let mut looped = vec![stmt(StmtKind::Try { body: vec![next], handlers: vec![stop], orelse: vec![], finalbody: vec![] }, at)];
    looped.extend(body);
    let forever = Expr { kind: ExprKind::Bool(true), span: at };
    vec![first, stmt(StmtKind::While { test: forever, body: looped, orelse: vec![] }, span)]
}
