//! From the syntax tree to bytecode: one [`Code`] per function, lambda,
//! comprehension and class body, and one for the module.
//!
//! Names are resolved here, by Python's rules: a name a function assigns
//! (and does not declare `global` or `nonlocal`) is local to it; one it
//! only reads is its enclosing function's, or else global, or else a
//! built-in. Class bodies are scopes of their own that the functions in
//! them do not see. Locals live in an environment on the heap, so a closure
//! sees the variable itself, not a copy (as in Python: late binding).
//!
//! What is not in the playground's subset is refused here, with one
//! sentence at its place ("`yield` is not available here ...").

use super::ast::*;
use super::SyntaxError;
use std::collections::HashMap;

/// One bytecode instruction. Operands index the [`Program`]'s tables.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Ins {
    Const(u32),
    LoadLocal(u16),
    StoreLocal(u16),
    /// A variable of an enclosing function, `depth` environments up.
    LoadDeref(u16, u16),
    StoreDeref(u16, u16),
    LoadGlobal(u32),
    StoreGlobal(u32),
    DelLocal(u16),
    LoadAttr(u32),
    /// `obj.name` about to be called: pushes the callable and the receiver
    /// (or `Absent`), so a method call makes no bound-method object.
    LoadMethod(u32),
    StoreAttr(u32),
    Subscript,
    StoreSubscript,
    DelSubscript,
    /// Builds a slice from the three values on the stack (None where absent).
    BuildSlice,
    Binary(BinOp),
    /// `target op= value`: like `Binary`, but a list's `+=` extends it.
    InPlace(BinOp),
    Unary(UnaryOp),
    Compare(CmpOp),
    BuildList(u32),
    BuildTuple(u32),
    BuildDict(u32),
    /// Concatenates this many strings (an f-string).
    BuildString(u32),
    /// Formats the top of the stack: conversion (0, 'r', 's', 'a') and spec.
    Format(u8, u32),
    /// Appends the top of the stack to the list `depth` below it.
    ListAppend(u32),
    /// The list on top becomes a set (a set display, a set comprehension).
    ToSet,
    /// Stores key and value into the dict below them.
    DictSet(u32),
    Jump(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    GetIter,
    /// Pushes the iterator's next item, or pops it and jumps when done.
    ForIter(u32),
    /// Calls with this many positional arguments; `kw` indexes a list of
    /// keyword names (u32::MAX: none) whose values follow the positional ones.
    Call(u32, u32),
    /// A call whose positional arguments were gathered into one list
    /// (`f(a, *rest)`): its keyword names (as `Call`'s), whether a method,
    /// and whether a dict of more keywords follows them (`f(**options)`).
    CallSpread(u32, bool, bool),
    /// Pops an iterable and extends the list under it (a `*x` argument).
    ListExtend,
    /// Like `Call`, below the arguments a callable and its receiver (`LoadMethod`).
    CallMethod(u32, u32),
    Return,
    /// A function from code `code`, with `n` default values on the stack.
    MakeFunction(u32, u32),
    /// A class from the body `code` with `n` bases on the stack.
    MakeClass(u32, u32),
    Pop,
    Dup,
    /// Duplicates the top two.
    Dup2,
    Rot2,
    Rot3,
    Unpack(u32),
    /// `a, *rest, z = ...`: the names before and after the starred one;
    /// the starred one gets a list of the rest.
    UnpackEx(u16, u16),
    /// Handlers: `SetupExcept` jumps to its handler with the exception on
    /// the stack; `SetupFinally` runs its block on every way out.
    SetupExcept(u32),
    SetupFinally(u32),
    PopBlock,
    /// Ends a finally block: re-raises or goes on with what was pending.
    EndFinally,
    /// Leaves an except handler (clears the exception being handled).
    PopExcept,
    /// Whether the exception on top matches the class below it (pops the class).
    ExcMatch,
    /// Re-raises the exception on top of the stack.
    Reraise,
    Raise(u8),
    /// `with`: calls `__enter__` of the top, pushes `__exit__` and a block.
    SetupWith(u32),
    /// Calls the `__exit__` below the top (which is None or an exception).
    WithExit,
    /// An assert failed: the message (if `1`) is on top; `2`: also the
    /// two operands of the failed comparison, for the detail.
    AssertFail(u8),
    /// `import name` (the module onto the stack).
    Import(u32),
    /// Pushes attribute `name` of the module on top (which stays).
    ImportFrom(u32),
    /// `yield`: the generator gives the top of the stack to whoever asked
    /// and waits; resumed, the value sent in is on top.
    Yield,
    /// `yield from`: below the value sent in, the iterator delegated to;
    /// its items are given until it ends, then its return value is pushed.
    YieldFrom,
    /// `await`: the awaitable on top becomes what `YieldFrom` delegates to
    /// (a coroutine itself; an object's `__await__()`).
    GetAwaitable,
    /// `return` through finally blocks: unwinds to the nearest one.
    Nop,
}

/// A compiled function body (or lambda, comprehension, class body, module).
#[derive(Clone, Debug)]
pub struct Code {
    pub name: String,
    pub ins: Vec<Ins>,
    /// Where each instruction comes from.
    pub spans: Vec<Span>,
    pub params: Vec<String>,
    /// How many of the params have defaults (the last ones).
    pub ndefaults: usize,
    /// Every local's name (params first).
    pub locals: Vec<String>,
    pub is_class: bool,
    /// The locals of `*args` and `**kwargs`, when it has them (after the params).
    pub varargs: Option<u16>,
    pub varkw: Option<u16>,
    /// Library code the playground brings (`concurrent.futures`): a thread
    /// running it is shown at the line of the program that called it.
    pub library: bool,
    /// An `async def`: a call makes a coroutine (a generator that `await`
    /// drives), which runs nothing until awaited or made a task.
    pub coroutine: bool,
    /// A `yield` in its body: a call makes a generator, which runs the body
    /// as it is asked for items.
    pub is_generator: bool,
}

/// `super()` with no arguments outside a method of a top-level class.
const SUPER_OUTSIDE: &str = "`super()` without arguments works here in a method of a class defined at the top of the program; elsewhere write `super(Class, self)`";

/// A compiled program.
#[derive(Clone, Debug)]
pub struct Program {
    pub codes: Vec<Code>,
    pub consts: Vec<Const>,
    pub names: Vec<String>,
    /// Global variable names; `LoadGlobal(i)` reads `globals[i]`.
    pub globals: Vec<String>,
    /// Keyword-name lists of calls.
    pub kwnames: Vec<Vec<String>>,
    /// Globals that some function declares `global` (and so may write):
    /// reading or writing them is a step.
    pub shared_globals: Vec<bool>,
    /// Byte offset where each line starts.
    pub line_starts: Vec<u32>,
    pub source: String,
    /// The global holding the function to call when the program's module
    /// code ends (`concurrent.futures`' `_python_exit`, which ends the pools'
    /// threads, as CPython's `threading._register_atexit` does).
    pub at_exit: Option<u32>,
    /// The program's named checks: the message of every `assert ..., "name"`
    /// whose message is a plain string, in source order, once each. A run that
    /// completes held them all; a failed one names itself.
    pub checks: Vec<String>,
}

impl Program {
    /// The 1-based line of byte offset `at`.
    pub fn line_of(&self, at: u32) -> u32 {
        match self.line_starts.binary_search(&at) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

#[derive(Clone, Copy, PartialEq)]
enum ScopeKind {
    Module,
    Function,
    Class,
}

struct Scope {
    kind: ScopeKind,
    locals: Vec<String>,
    index: HashMap<String, u16>,
    globals: Vec<String>,
    nonlocals: Vec<String>,
    code: Code,
    /// Open loops: where `continue` goes, the `break` jumps to patch, and
    /// how many blocks were open when the loop began.
    loops: Vec<(u32, Vec<usize>, usize)>,
    /// Open blocks (try, with, except handlers) inside the current
    /// function, innermost last, for `break`, `continue` and `return`
    /// leaving them.
    blocks: Vec<Blk>,
}

/// A block that code leaving it early must close.
#[derive(Clone)]
enum Blk {
    /// A `with`: call `__exit__(None, None, None)`.
    With,
    /// A `try` body with handlers: drop the handler.
    Except,
    /// An `except` body: forget the exception being handled.
    Handler,
    /// A `try` body with `finally`: drop it, then run the finally body.
    Finally(Vec<Stmt>),
}

struct Compiler<'s> {
    src: &'s str,
    scopes: Vec<Scope>,
    prog: Program,
    global_index: HashMap<String, u32>,
    name_index: HashMap<String, u32>,
    /// Before every global name of the code being compiled: "" for the
    /// program, `concurrent.futures:` for that module's code (no program
    /// can name those; a builtin is looked up without it).
    prefix: &'static str,
    /// The library's globals that its functions declare `global`.
    library_declared: Vec<String>,
    /// The function compiled next is an `async def`.
    next_async: bool,
}

type R<T> = Result<T, SyntaxError>;

fn err<T>(span: Span, message: impl Into<String>) -> R<T> {
    Err(SyntaxError { message: message.into(), span })
}

/// Compiles a parsed module.
pub fn compile(src: &str, module: &Module) -> Result<Program, SyntaxError> {
    let mut line_starts = vec![0u32];
    for (i, b) in src.bytes().enumerate() {
        if b == b'\n' {
            line_starts.push(i as u32 + 1);
        }
    }
    let mut c = Compiler {
        src,
        scopes: Vec::new(),
        prog: Program {
            codes: Vec::new(),
            consts: Vec::new(),
            names: Vec::new(),
            globals: Vec::new(),
            kwnames: Vec::new(),
            shared_globals: Vec::new(),
            line_starts,
            source: src.to_string(),
            checks: Vec::new(),
            at_exit: None,
        },
        global_index: HashMap::new(),
        name_index: HashMap::new(),
        prefix: "",
        library_declared: Vec::new(),
        next_async: false,
    };
    for n in ["__init__", "__enter__", "__exit__"] {
        c.name(n);
    }
    // Code 0 is the module.
    c.prog.codes.push(Code {
        name: "<module>".into(),
        ins: vec![],
        spans: vec![],
        params: vec![],
        ndefaults: 0,
        locals: vec![],
        is_class: false,
        varargs: None,
        varkw: None,
        is_generator: false,
        library: false,
        coroutine: false,
    });
    // `concurrent.futures` is Python of the playground's own, compiled with
    // the program that imports it and run before it.
    let asyncio = imports(&module.body, "asyncio");
    // (asyncio's run_in_executor and to_thread use a thread pool of concurrent.futures.)
    let bridged = asyncio && (src.contains("run_in_executor") || src.contains("to_thread"));
    static FUTURES_LIB: std::sync::OnceLock<Module> = std::sync::OnceLock::new();
    static MULTIPROCESSING_LIB: std::sync::OnceLock<Module> = std::sync::OnceLock::new();
    static ASYNCIO_LIB: std::sync::OnceLock<Module> = std::sync::OnceLock::new();
    let futures = imports(&module.body, "concurrent") || bridged;
    let futures = c.library(futures, &FUTURES_LIB, FUTURES, FUTURES_PREFIX, "concurrent.futures")?;
    // (A process pool is made of multiprocessing's processes and queues.)
    let processes = imports(&module.body, "multiprocessing") || (futures.is_some() && src.contains("ProcessPoolExecutor"));
    let multiprocessing = c.library(processes, &MULTIPROCESSING_LIB, MULTIPROCESSING, MULTIPROCESSING_PREFIX, "multiprocessing")?;
    let asyncio = c.library(asyncio, &ASYNCIO_LIB, ASYNCIO, ASYNCIO_PREFIX, "asyncio")?;
    c.push_scope(ScopeKind::Module, "<module>", &[], &module.body)?;
    // The libraries' module code runs first, in this order.
    for code in [multiprocessing, asyncio, futures].into_iter().flatten() {
        let start = Span::default();
        c.emit(Ins::MakeFunction(code, 0), start);
        c.emit(Ins::Call(0, u32::MAX), start);
        c.emit(Ins::Pop, start);
    }
    if futures.is_some() {
        let exit = format!("{FUTURES_PREFIX}_python_exit");
        c.prog.at_exit = c.global_index.get(&exit).copied();
    }
    c.block(&module.body)?;
    let none = c.constant(Const::None);
    let end = Span::new(src.len(), src.len());
    c.emit(Ins::Const(none), end);
    c.emit(Ins::Return, end);
    let scope = c.scopes.pop().expect("module scope");
    c.prog.codes[0] = scope.code;
    let mut shared = vec![false; c.prog.globals.len()];
    collect_declared_globals(&module.body, false, &mut |n| {
        if let Some(&g) = c.global_index.get(n) {
            shared[g as usize] = true;
        }
    });
    for n in &c.library_declared {
        if let Some(&g) = c.global_index.get(n) {
            shared[g as usize] = true;
        }
    }
    c.prog.shared_globals = shared;
    let _ = c.src;
    Ok(c.prog)
}

/// Calls `f` with every name declared `global` inside a function.
fn collect_declared_globals(body: &[Stmt], in_function: bool, f: &mut dyn FnMut(&str)) {
    for s in body {
        match &s.kind {
            StmtKind::Global(names) if in_function => names.iter().for_each(|n| f(&n.id)),
            StmtKind::FunctionDef(d) => collect_declared_globals(&d.body, true, f),
            StmtKind::ClassDef(d) => collect_declared_globals(&d.body, in_function, f),
            StmtKind::If { body, orelse, .. } | StmtKind::While { body, orelse, .. } | StmtKind::For { body, orelse, .. } => {
                collect_declared_globals(body, in_function, f);
                collect_declared_globals(orelse, in_function, f);
            }
            StmtKind::With { body, .. } => collect_declared_globals(body, in_function, f),
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                collect_declared_globals(body, in_function, f);
                for h in handlers {
                    collect_declared_globals(&h.body, in_function, f);
                }
                collect_declared_globals(orelse, in_function, f);
                collect_declared_globals(finalbody, in_function, f);
            }
            _ => {}
        }
    }
}

/// Names a body binds (its locals, before `global`/`nonlocal`).
/// The names `:=` binds in `e` (not inside a lambda, whose scope is its own).
fn walrus_targets(e: &Expr, out: &mut Vec<String>) {
    let mut go = |e: &Expr| walrus_targets(e, out);
    match &e.kind {
        ExprKind::NamedExpr { target, value } => {
            walrus_targets(value, out);
            if !out.contains(&target.id) {
                out.push(target.id.clone());
            }
        }
        ExprKind::List(xs) | ExprKind::Tuple(xs) | ExprKind::Set(xs) => xs.iter().for_each(go),
        ExprKind::Dict(kv) => kv.iter().for_each(|(k, v)| {
            walrus_targets(k, out);
            walrus_targets(v, out);
        }),
        ExprKind::FString(parts) => parts.iter().for_each(|p| {
            if let FPart::Value { expr, .. } = p {
                walrus_targets(expr, out)
            }
        }),
        ExprKind::Attribute { value, .. }
        | ExprKind::UnaryOp { operand: value, .. }
        | ExprKind::Await(value)
        | ExprKind::Starred(value)
        | ExprKind::Yield(Some(value))
        | ExprKind::YieldFrom(value) => go(value),
        ExprKind::Subscript { value, index } => {
            go(value);
            walrus_targets(index, out);
        }
        ExprKind::Slice { lower, upper, step } => [lower, upper, step].into_iter().flatten().for_each(|x| walrus_targets(x, out)),
        ExprKind::Call { func, args, keywords } => {
            go(func);
            args.iter().for_each(|a| walrus_targets(a, out));
            keywords.iter().for_each(|k| walrus_targets(&k.value, out));
        }
        ExprKind::BinOp { left, right, .. } => {
            go(left);
            walrus_targets(right, out);
        }
        ExprKind::BoolOp { values, .. } => values.iter().for_each(go),
        ExprKind::Compare { left, ops } => {
            go(left);
            ops.iter().for_each(|(_, x)| walrus_targets(x, out));
        }
        ExprKind::IfExp { test, body, orelse } => {
            go(test);
            walrus_targets(body, out);
            walrus_targets(orelse, out);
        }
        // A comprehension's own targets are its own; a `:=` in it is refused
        // when compiled. A lambda is a scope of its own.
        _ => {}
    }
}

fn bound_names(body: &[Stmt], out: &mut Vec<String>, globals: &mut Vec<String>, nonlocals: &mut Vec<String>) {
    let target = collect_targets;
    // `:=` in the statement's own expressions binds here too.
    for s in body {
        match &s.kind {
            StmtKind::Expr(e) | StmtKind::Return(Some(e)) | StmtKind::If { test: e, .. } | StmtKind::While { test: e, .. } => walrus_targets(e, out),
            StmtKind::Assign { value: e, .. } | StmtKind::AugAssign { value: e, .. } | StmtKind::For { iter: e, .. } | StmtKind::Assert { test: e, .. } => walrus_targets(e, out),
            _ => {}
        }
    }
    let add = |n: &str, out: &mut Vec<String>| {
        if !out.iter().any(|x| x == n) {
            out.push(n.to_string())
        }
    };
    for s in body {
        match &s.kind {
            StmtKind::Assign { targets, .. } => targets.iter().for_each(|t| target(t, out)),
            StmtKind::AugAssign { target: t, .. } => target(t, out),
            StmtKind::For { target: t, body, orelse, .. } => {
                target(t, out);
                bound_names(body, out, globals, nonlocals);
                bound_names(orelse, out, globals, nonlocals);
            }
            StmtKind::While { body, orelse, .. } | StmtKind::If { body, orelse, .. } => {
                bound_names(body, out, globals, nonlocals);
                bound_names(orelse, out, globals, nonlocals);
            }
            StmtKind::With { items, body } => {
                for i in items {
                    if let Some(t) = &i.target {
                        target(t, out)
                    }
                }
                bound_names(body, out, globals, nonlocals);
            }
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                bound_names(body, out, globals, nonlocals);
                for h in handlers {
                    if let Some(n) = &h.name {
                        add(&n.id, out);
                    }
                    bound_names(&h.body, out, globals, nonlocals);
                }
                bound_names(orelse, out, globals, nonlocals);
                bound_names(finalbody, out, globals, nonlocals);
            }
            StmtKind::FunctionDef(d) => add(&d.name.id, out),
            StmtKind::ClassDef(d) => add(&d.name.id, out),
            StmtKind::Import(aliases) => {
                for a in aliases {
                    
                    let n = a.asname.as_ref().map(|n| n.id.clone()).unwrap_or_else(|| {
                        a.name.id.split('.').next().unwrap_or("").to_string()
                    });
                    add(&n, out);
                }
            }
            StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    add(&a.asname.as_ref().unwrap_or(&a.name).id, out);
                }
            }
            StmtKind::Global(ns) => ns.iter().for_each(|n| add(&n.id, globals)),
            StmtKind::Nonlocal(ns) => ns.iter().for_each(|n| add(&n.id, nonlocals)),
            StmtKind::Del(ts) => ts.iter().for_each(|t| target(t, out)),
            _ => {}
        }
    }
}

enum Place {
    Local(u16),
    Deref(u16, u16),
    Global(u32),
}

impl<'s> Compiler<'s> {
    fn push_scope(&mut self, kind: ScopeKind, name: &str, params: &[Param], body: &[Stmt]) -> R<()> {
        let mut locals: Vec<String> = Vec::new();
        for p in params {
            if locals.contains(&p.name.id) {
                return err(p.name.span, format!("duplicate argument '{}' in function definition", p.name.id));
            }
            locals.push(p.name.id.clone());
        }
        let mut globals = Vec::new();
        let mut nonlocals = Vec::new();
        if kind != ScopeKind::Module {
            bound_names(body, &mut locals, &mut globals, &mut nonlocals);
        }
        locals.retain(|n| !globals.contains(n) && !nonlocals.contains(n));
        let index = locals.iter().enumerate().map(|(i, n)| (n.clone(), i as u16)).collect();
        let code = Code {
            name: name.to_string(),
            ins: vec![],
            spans: vec![],
            params: params.iter().filter(|p| p.star == 0).map(|p| p.name.id.clone()).collect(),
            ndefaults: params.iter().filter(|p| p.default.is_some()).count(),
            locals: locals.clone(),
            is_class: kind == ScopeKind::Class,
            varargs: params.iter().position(|p| p.star == 1).map(|i| i as u16),
            varkw: params.iter().position(|p| p.star == 2).map(|i| i as u16),
            is_generator: false,
            library: false,
            coroutine: false,
        };
        if locals.len() > u16::MAX as usize {
            return err(Span::default(), "a function has too many local variables");
        }
        self.scopes.push(Scope { kind, locals, index, globals, nonlocals, code, loops: vec![], blocks: vec![] });
        Ok(())
    }

    /// A `yield` here makes the function a generator; elsewhere it is refused.
    fn generator_here(&mut self, span: Span) -> R<()> {
        let s = self.scope();
        if s.code.coroutine {
            return err(span, "async generators (`yield` in an `async def`) are not available here yet");
        }
        match (s.kind, s.code.name.as_str()) {
            (ScopeKind::Function, "<listcomp>" | "<genexpr>") => err(span, "`yield` inside a comprehension is not available (nor in Python 3.8 and later)"),
            (ScopeKind::Function, "<lambda>") => err(span, "`yield` inside a `lambda` is not available here; write a `def`"),
            (ScopeKind::Function, _) => {
                s.code.is_generator = true;
                Ok(())
            }
            _ => err(span, "'yield' outside function"),
        }
    }

    fn scope(&mut self) -> &mut Scope {
        self.scopes.last_mut().expect("a scope")
    }

    fn emit(&mut self, i: Ins, span: Span) -> usize {
        let code = &mut self.scope().code;
        code.ins.push(i);
        code.spans.push(span);
        code.ins.len() - 1
    }

    fn here(&mut self) -> u32 {
        self.scope().code.ins.len() as u32
    }

    fn patch(&mut self, at: usize, to: u32) {
        let ins = &mut self.scope().code.ins[at];
        *ins = match *ins {
            Ins::Jump(_) => Ins::Jump(to),
            Ins::PopJumpIfFalse(_) => Ins::PopJumpIfFalse(to),
            Ins::PopJumpIfTrue(_) => Ins::PopJumpIfTrue(to),
            Ins::JumpIfFalseOrPop(_) => Ins::JumpIfFalseOrPop(to),
            Ins::JumpIfTrueOrPop(_) => Ins::JumpIfTrueOrPop(to),
            Ins::ForIter(_) => Ins::ForIter(to),
            Ins::SetupExcept(_) => Ins::SetupExcept(to),
            Ins::SetupFinally(_) => Ins::SetupFinally(to),
            Ins::SetupWith(_) => Ins::SetupWith(to),
            other => other,
        };
    }

    fn constant(&mut self, k: Const) -> u32 {
        if let Some(i) = self.prog.consts.iter().position(|c| *c == k) {
            return i as u32;
        }
        self.prog.consts.push(k);
        self.prog.consts.len() as u32 - 1
    }

    fn name(&mut self, n: &str) -> u32 {
        if let Some(&i) = self.name_index.get(n) {
            return i;
        }
        self.prog.names.push(n.to_string());
        let i = self.prog.names.len() as u32 - 1;
        self.name_index.insert(n.to_string(), i);
        i
    }

    fn global(&mut self, n: &str) -> u32 {
        let n = format!("{}{n}", self.prefix);
        if let Some(&i) = self.global_index.get(&n) {
            return i;
        }
        self.prog.globals.push(n.clone());
        let i = self.prog.globals.len() as u32 - 1;
        self.global_index.insert(n, i);
        i
    }

    /// Compiles the library module `body` (its globals named with `prefix`)
    /// as a code of its own, marked as library code; its index.
    /// Library `text` (parsed once into `parsed`), compiled when `wanted`.
    fn library(&mut self, wanted: bool, parsed: &'static std::sync::OnceLock<Module>, text: &str, prefix: &'static str, name: &str) -> R<Option<u32>> {
        if !wanted {
            return Ok(None);
        }
        // (A constant of the playground's: the suite runs it, so it parses.)
        let lib = parsed.get_or_init(|| super::parse(text).unwrap_or_else(|_| panic!("{name} parses")));
        self.library_module(prefix, &format!("<{name}>"), &lib.body).map(Some)
    }

    fn library_module(&mut self, prefix: &'static str, name: &str, body: &[Stmt]) -> R<u32> {
        let (outer, first) = (std::mem::replace(&mut self.prefix, prefix), self.prog.codes.len());
        self.push_scope(ScopeKind::Module, name, &[], body)?;
        let code = self.prog.codes.len() as u32;
        let placeholder = self.scope().code.clone();
        self.prog.codes.push(placeholder);
        self.block(body)?;
        let none = self.constant(Const::None);
        self.emit(Ins::Const(none), Span::default());
        self.emit(Ins::Return, Span::default());
        let scope = self.scopes.pop().expect("module scope");
        self.prog.codes[code as usize] = scope.code;
        for c in &mut self.prog.codes[first..] {
            c.library = true;
        }
        collect_declared_globals(body, false, &mut |n| self.library_declared.push(format!("{prefix}{n}")));
        self.prefix = outer;
        Ok(code)
    }

    fn resolve(&mut self, n: &str, span: Span) -> R<Place> {
        let top = self.scopes.len() - 1;
        let s = &self.scopes[top];
        if s.kind != ScopeKind::Module && !s.globals.iter().any(|g| g == n) {
            if let Some(&i) = s.index.get(n) {
                return Ok(Place::Local(i));
            }
            // Enclosing functions (class scopes are not visible from inside).
            let mut depth = 0u16;
            for s in self.scopes[..top].iter().rev() {
                match s.kind {
                    ScopeKind::Module => break,
                    ScopeKind::Class => continue,
                    ScopeKind::Function => {
                        depth += 1;
                        if s.globals.iter().any(|g| g == n) {
                            break;
                        }
                        if let Some(&i) = s.index.get(n) {
                            return Ok(Place::Deref(depth, i));
                        }
                    }
                }
            }
            if self.scopes[top].nonlocals.iter().any(|x| x == n) {
                return err(span, format!("no binding for nonlocal '{n}' found"));
            }
        }
        Ok(Place::Global(self.global(n)))
    }

    fn load_name(&mut self, n: &str, span: Span) -> R<()> {
        let i = match self.resolve(n, span)? {
            Place::Local(i) => Ins::LoadLocal(i),
            Place::Deref(d, i) => Ins::LoadDeref(d, i),
            Place::Global(g) => Ins::LoadGlobal(g),
        };
        self.emit(i, span);
        Ok(())
    }

    /// `super()` in a method: CPython finds the method's class and its first
    /// argument itself; here the call is written `super(Class, self)`, the
    /// class by its name (a class defined at the top of the program).
    fn zero_arg_super(&mut self, at: Span, span: Span) -> R<()> {
        let top = self.scopes.len() - 1;
        let in_method = top >= 1 && self.scopes[top].kind == ScopeKind::Function && self.scopes[top - 1].kind == ScopeKind::Class;
        let (class, this) = match (in_method, self.scopes[top].code.params.first()) {
            (true, Some(this)) => (self.scopes[top - 1].code.name.clone(), this.clone()),
            _ => return err(at, SUPER_OUTSIDE),
        };
        for n in ["super", class.as_str()] {
            match self.resolve(n, at)? {
                Place::Global(g) => self.emit(Ins::LoadGlobal(g), at),
                _ => return err(at, SUPER_OUTSIDE),
            };
        }
        self.load_name(&this, at)?;
        self.emit(Ins::Call(2, u32::MAX), span);
        Ok(())
    }

    fn store_name(&mut self, n: &str, span: Span) -> R<()> {
        let i = match self.resolve(n, span)? {
            Place::Local(i) => Ins::StoreLocal(i),
            Place::Deref(d, i) => Ins::StoreDeref(d, i),
            Place::Global(g) => Ins::StoreGlobal(g),
        };
        self.emit(i, span);
        Ok(())
    }

    fn block(&mut self, body: &[Stmt]) -> R<()> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> R<()> {
        let span = s.span;
        match &s.kind {
            StmtKind::Expr(e) => {
                self.expr(e)?;
                self.emit(Ins::Pop, span);
            }
            StmtKind::Assign { targets, value } => {
                self.expr(value)?;
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.emit(Ins::Dup, t.span);
                    }
                    self.store(t)?;
                }
            }
            StmtKind::AugAssign { target, op, value } => match &target.kind {
                ExprKind::Name(n) => {
                    self.load_name(n, target.span)?;
                    self.expr(value)?;
                    self.emit(Ins::InPlace(*op), span);
                    self.store_name(n, target.span)?;
                }
                ExprKind::Attribute { value: obj, attr } => {
                    self.expr(obj)?;
                    self.emit(Ins::Dup, target.span);
                    let a = self.name(&attr.id);
                    self.emit(Ins::LoadAttr(a), target.span);
                    self.expr(value)?;
                    self.emit(Ins::InPlace(*op), span);
                    self.emit(Ins::Rot2, span);
                    self.emit(Ins::StoreAttr(a), target.span);
                }
                ExprKind::Subscript { value: obj, index } => {
                    self.expr(obj)?;
                    self.expr(index)?;
                    self.emit(Ins::Dup2, target.span);
                    self.emit(Ins::Subscript, target.span);
                    self.expr(value)?;
                    self.emit(Ins::InPlace(*op), span);
                    self.emit(Ins::Rot3, span);
                    self.emit(Ins::StoreSubscript, target.span);
                }
                _ => return err(target.span, "this cannot be assigned to"),
            },
            StmtKind::Pass => {}
            StmtKind::Break | StmtKind::Continue => {
                let brk = matches!(s.kind, StmtKind::Break);
                let Some((start, open)) = self.scope().loops.last().map(|l| (l.0, l.2)) else {
                    return err(span, if brk { "'break' outside loop" } else { "'continue' not properly in loop" });
                };
                self.leave_blocks(open, false, span)?;
                if brk {
                    let j = self.emit(Ins::Jump(0), span);
                    self.scope().loops.last_mut().expect("loop").1.push(j);
                } else {
                    self.emit(Ins::Jump(start), span);
                }
            }
            StmtKind::Return(v) => {
                if self.scope().kind != ScopeKind::Function {
                    return err(span, "'return' outside function");
                }
                match v {
                    Some(e) => self.expr(e)?,
                    None => {
                        let k = self.constant(Const::None);
                        self.emit(Ins::Const(k), span);
                    }
                }
                self.leave_blocks(0, true, span)?;
                self.emit(Ins::Return, span);
            }
            StmtKind::Raise(e) => match e {
                Some(e) => {
                    self.expr(e)?;
                    self.emit(Ins::Raise(1), span);
                }
                None => {
                    self.emit(Ins::Raise(0), span);
                }
            },
            StmtKind::Assert { test, msg } => {
                if let Some(Expr { kind: ExprKind::Str(name), .. }) = msg {
                    if !self.prog.checks.contains(name) {
                        self.prog.checks.push(name.clone());
                    }
                }
                // The two sides of a failed comparison go into the detail.
                let compare = match &test.kind {
                    ExprKind::Compare { left, ops } if ops.len() == 1 => Some((left, &ops[0])),
                    _ => None,
                };
                match compare {
                    Some((left, (op, right))) => {
                        self.expr(left)?;
                        self.expr(right)?;
                        self.emit(Ins::Dup2, test.span);
                        self.emit(Ins::Compare(*op), test.span);
                        let j = self.emit(Ins::PopJumpIfTrue(0), test.span);
                        self.assert_msg(msg, span)?;
                        self.emit(Ins::AssertFail(if msg.is_some() { 3 } else { 2 }), span);
                        let end = self.here();
                        self.patch(j, end);
                        self.emit(Ins::Pop, span);
                        self.emit(Ins::Pop, span);
                    }
                    None => {
                        self.expr(test)?;
                        let j = self.emit(Ins::PopJumpIfTrue(0), test.span);
                        self.assert_msg(msg, span)?;
                        self.emit(Ins::AssertFail(msg.is_some() as u8), span);
                        let end = self.here();
                        self.patch(j, end);
                    }
                }
            }
            StmtKind::Global(names) => {
                if self.scope().kind == ScopeKind::Module {
                    // Allowed and meaningless at module level.
                    let _ = names;
                }
            }
            StmtKind::Nonlocal(names) => {
                for n in names {
                    self.resolve(&n.id, n.span)?;
                }
            }
            StmtKind::Del(targets) => {
                for t in targets {
                    match &t.kind {
                        ExprKind::Subscript { value, index } => {
                            self.expr(value)?;
                            self.expr(index)?;
                            self.emit(Ins::DelSubscript, t.span);
                        }
                        ExprKind::Name(n) => match self.resolve(n, t.span)? {
                            Place::Local(i) => {
                                self.emit(Ins::DelLocal(i), t.span);
                            }
                            _ => return err(t.span, "`del` of a global or enclosing variable is not available here"),
                        },
                        _ => return err(t.span, "`del` of this is not available here"),
                    }
                }
            }
            StmtKind::Import(aliases) => {
                for a in aliases {
                    known_module(&a.name)?;
                    // `import concurrent.futures` binds `concurrent`, the package.
                    let package = a.asname.is_none() && a.name.id == "concurrent.futures";
                    let m = self.name(if package { "concurrent" } else { &a.name.id });
                    self.emit(Ins::Import(m), a.name.span);
                    let bind = match &a.asname {
                        Some(n) => n.id.clone(),
                        None if package => "concurrent".to_string(),
                        None => {
                            if a.name.id.contains('.') {
                                return err(a.name.span, format!("`import {}` is not available here; import the module itself", a.name.id));
                            }
                            a.name.id.clone()
                        }
                    };
                    self.store_name(&bind, a.name.span)?;
                }
            }
            StmtKind::ImportFrom { module, names } => {
                known_module(module)?;
                let m = self.name(&module.id);
                self.emit(Ins::Import(m), module.span);
                for a in names {
                    if a.name.id == "*" {
                        return err(a.name.span, "`from ... import *` is not available here; name what you import");
                    }
                    let n = self.name(&a.name.id);
                    self.emit(Ins::ImportFrom(n), a.name.span);
                    let bind = a.asname.as_ref().unwrap_or(&a.name);
                    self.store_name(&bind.id, bind.span)?;
                }
                self.emit(Ins::Pop, span);
            }
            StmtKind::If { test, body, orelse } => {
                self.expr(test)?;
                let j = self.emit(Ins::PopJumpIfFalse(0), test.span);
                self.block(body)?;
                if orelse.is_empty() {
                    let end = self.here();
                    self.patch(j, end);
                } else {
                    let k = self.emit(Ins::Jump(0), span);
                    let e = self.here();
                    self.patch(j, e);
                    self.block(orelse)?;
                    let end = self.here();
                    self.patch(k, end);
                }
            }
            StmtKind::While { test, body, orelse } => {
                let start = self.here();
                let infinite = matches!(test.kind, ExprKind::Bool(true));
                let j = if infinite {
                    None
                } else {
                    self.expr(test)?;
                    Some(self.emit(Ins::PopJumpIfFalse(0), test.span))
                };
                let blocks = self.scope().blocks.len();
                self.scope().loops.push((start, vec![], blocks));
                self.block(body)?;
                self.emit(Ins::Jump(start), span);
                let (_, breaks, _) = self.scope().loops.pop().expect("loop");
                let e = self.here();
                if let Some(j) = j {
                    self.patch(j, e);
                }
                self.block(orelse)?;
                let end = self.here();
                for b in breaks {
                    self.patch(b, end);
                }
            }
            StmtKind::For { target, iter, body, orelse } => {
                self.expr(iter)?;
                self.emit(Ins::GetIter, iter.span);
                let start = self.here();
                let f = self.emit(Ins::ForIter(0), target.span);
                self.store(target)?;
                let blocks = self.scope().blocks.len();
                self.scope().loops.push((start, vec![], blocks));
                self.block(body)?;
                self.emit(Ins::Jump(start), span);
                let (_, breaks, _) = self.scope().loops.pop().expect("loop");
                let e = self.here();
                self.patch(f, e);
                self.block(orelse)?;
                // A break leaves the iterator on the stack.
                if breaks.is_empty() {
                } else {
                    let skip = self.emit(Ins::Jump(0), span);
                    let b = self.here();
                    for j in breaks {
                        self.patch(j, b);
                    }
                    self.emit(Ins::Pop, span);
                    let end = self.here();
                    self.patch(skip, end);
                }
            }
            StmtKind::FunctionDef(d) => {
                self.next_async = d.is_async;
                let decorators = &d.decorators;
                for dec in decorators {
                    self.expr(dec)?;
                }
                self.function(&d.name.id, &d.params, FnBody::Block(&d.body), span)?;
                for dec in decorators {
                    self.emit(Ins::Call(1, u32::MAX), dec.span);
                }
                self.store_name(&d.name.id, d.name.span)?;
            }
            StmtKind::ClassDef(d) => {
                for dec in &d.decorators {
                    return err(dec.span, "class decorators are not available here");
                }
                for b in &d.bases {
                    self.expr(b)?;
                }
                let code = self.prog.codes.len() as u32;
                self.prog.codes.push(Code {
                    name: d.name.id.clone(),
                    ins: vec![],
                    spans: vec![],
                    params: vec![],
                    ndefaults: 0,
                    locals: vec![],
                    is_class: true,
                    varargs: None,
                    varkw: None,
                    is_generator: false,
                    library: false,
                    coroutine: false,
                });
                self.push_scope(ScopeKind::Class, &d.name.id, &[], &d.body)?;
                self.block(&d.body)?;
                let k = self.constant(Const::None);
                self.emit(Ins::Const(k), span);
                self.emit(Ins::Return, span);
                let sc = self.scopes.pop().expect("class scope");
                // A class's variables become its attributes: name them all.
                for l in &sc.code.locals {
                    self.name(l);
                }
                self.prog.codes[code as usize] = sc.code;
                self.emit(Ins::MakeClass(code, d.bases.len() as u32), span);
                self.store_name(&d.name.id, d.name.span)?;
            }
            StmtKind::With { items, body } => self.with(items, body, span)?,
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                let fin = if finalbody.is_empty() {
                    None
                } else {
                    self.scope().blocks.push(Blk::Finally(finalbody.clone()));
                    Some(self.emit(Ins::SetupFinally(0), span))
                };
                if handlers.is_empty() {
                    self.block(body)?;
                    self.block(orelse)?;
                } else {
                    self.scope().blocks.push(Blk::Except);
                    let setup = self.emit(Ins::SetupExcept(0), span);
                    self.block(body)?;
                    self.emit(Ins::PopBlock, span);
                    self.scope().blocks.pop();
                    self.block(orelse)?;
                    let to_end = self.emit(Ins::Jump(0), span);
                    let h = self.here();
                    self.patch(setup, h);
                    // The exception is on the stack.
                    let mut ends = vec![to_end];
                    for handler in handlers {
                        let next = match &handler.kind {
                            Some(kind) => {
                                self.emit(Ins::Dup, handler.span);
                                self.expr(kind)?;
                                self.emit(Ins::ExcMatch, handler.span);
                                Some(self.emit(Ins::PopJumpIfFalse(0), handler.span))
                            }
                            None => None,
                        };
                        match &handler.name {
                            Some(n) => self.store_name(&n.id, n.span)?,
                            None => {
                                self.emit(Ins::Pop, handler.span);
                            }
                        }
                        self.scope().blocks.push(Blk::Handler);
                        self.block(&handler.body)?;
                        self.scope().blocks.pop();
                        self.emit(Ins::PopExcept, handler.span);
                        ends.push(self.emit(Ins::Jump(0), handler.span));
                        match next {
                            Some(j) => {
                                let here = self.here();
                                self.patch(j, here);
                            }
                            None => break,
                        }
                    }
                    // No handler matched: raise it again.
                    self.emit(Ins::Reraise, span);
                    let end = self.here();
                    for j in ends {
                        self.patch(j, end);
                    }
                }
                if let Some(f) = fin {
                    self.emit(Ins::PopBlock, span);
                    self.scope().blocks.pop();
                    // Normal way out: push "nothing pending" and run the block.
                    let k = self.constant(Const::None);
                    self.emit(Ins::Const(k), span);
                    let h = self.here();
                    self.patch(f, h);
                    self.block(finalbody)?;
                    self.emit(Ins::EndFinally, span);
                }
            }
        }
        Ok(())
    }

    /// Closes the blocks opened since `keep` (innermost first) for a
    /// `break`, `continue` or `return` (whose value is on top: `returning`).
    fn leave_blocks(&mut self, keep: usize, returning: bool, span: Span) -> R<()> {
        let open: Vec<Blk> = self.scope().blocks[keep..].to_vec();
        let saved = self.scope().blocks.clone();
        for (i, b) in open.iter().enumerate().rev() {
            match b {
                Blk::With => {
                    self.emit(Ins::PopBlock, span);
                    if returning {
                        self.emit(Ins::Rot2, span);
                    }
                    let k = self.constant(Const::None);
                    self.emit(Ins::Const(k), span);
                    self.emit(Ins::WithExit, span);
                }
                Blk::Except => {
                    self.emit(Ins::PopBlock, span);
                }
                Blk::Handler => {
                    self.emit(Ins::PopExcept, span);
                }
                Blk::Finally(body) => {
                    self.emit(Ins::PopBlock, span);
                    // The finally body runs with only the outer blocks open.
                    self.scope().blocks.truncate(keep + i);
                    self.block(body)?;
                    self.scope().blocks = saved.clone();
                }
            }
        }
        Ok(())
    }

    fn assert_msg(&mut self, msg: &Option<Expr>, span: Span) -> R<()> {
        if let Some(m) = msg {
            self.expr(m)?;
        }
        let _ = span;
        Ok(())
    }

    fn with(&mut self, items: &[WithItem], body: &[Stmt], span: Span) -> R<()> {
        let Some((first, rest)) = items.split_first() else { return self.block(body) };
        self.expr(&first.context)?;
        self.scope().blocks.push(Blk::With);
        let setup = self.emit(Ins::SetupWith(0), first.context.span);
        match &first.target {
            Some(t) => self.store(t)?,
            None => {
                self.emit(Ins::Pop, first.context.span);
            }
        }
        if rest.is_empty() {
            self.block(body)?;
        } else {
            self.with(rest, body, span)?;
        }
        self.emit(Ins::PopBlock, span);
        self.scope().blocks.pop();
        let k = self.constant(Const::None);
        self.emit(Ins::Const(k), span);
        let h = self.here();
        self.patch(setup, h);
        // On top: None (normal exit) or the exception; below it __exit__.
        self.emit(Ins::WithExit, first.context.span);
        Ok(())
    }

    fn store(&mut self, t: &Expr) -> R<()> {
        match &t.kind {
            ExprKind::Name(n) => self.store_name(n, t.span),
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                let a = self.name(&attr.id);
                self.emit(Ins::StoreAttr(a), t.span);
                Ok(())
            }
            ExprKind::Subscript { value, index } => {
                self.expr(value)?;
                self.expr(index)?;
                self.emit(Ins::StoreSubscript, t.span);
                Ok(())
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let stars: Vec<usize> = items.iter().enumerate().filter(|(_, i)| matches!(i.kind, ExprKind::Starred(_))).map(|(k, _)| k).collect();
                match stars.as_slice() {
                    [] => {
                        self.emit(Ins::Unpack(items.len() as u32), t.span);
                    }
                    [k] => {
                        let (before, after) = (*k, items.len() - k - 1);
                        if before > u16::MAX as usize || after > u16::MAX as usize {
                            return err(t.span, "too many names to unpack");
                        }
                        self.emit(Ins::UnpackEx(before as u16, after as u16), t.span);
                    }
                    [_, second, ..] => return err(items[*second].span, "multiple starred expressions in assignment"),
                }
                for i in items {
                    match &i.kind {
                        ExprKind::Starred(inner) => self.store(inner)?,
                        _ => self.store(i)?,
                    }
                }
                Ok(())
            }
            ExprKind::Starred(_) => err(t.span, "starred assignment target must be in a list or tuple"),
            _ => err(t.span, "this cannot be assigned to"),
        }
    }

    fn function(&mut self, name: &str, params: &[Param], body: FnBody, span: Span) -> R<()> {
        let mut seen_default = false;
        for p in params {
            match &p.default {
                Some(d) => {
                    seen_default = true;
                    self.expr(d)?;
                }
                None if seen_default && p.star == 0 => return err(p.name.span, "parameter without a default follows parameter with a default"),
                None => {}
            }
        }
        let ndefaults = params.iter().filter(|p| p.default.is_some()).count() as u32;
        let code = self.prog.codes.len() as u32;
        self.prog.codes.push(Code {
            name: name.into(),
            ins: vec![],
            spans: vec![],
            params: vec![],
            ndefaults: 0,
            locals: vec![],
            is_class: false,
            varargs: None,
            varkw: None,
            is_generator: false,
            library: false,
            coroutine: false,
        });
        match body {
            FnBody::Block(b) => {
                self.push_scope(ScopeKind::Function, name, params, b)?;
                if std::mem::take(&mut self.next_async) {
                    let code = &mut self.scope().code;
                    code.coroutine = true;
                    code.is_generator = true;
                }
                self.block(b)?;
                let k = self.constant(Const::None);
                self.emit(Ins::Const(k), span);
                self.emit(Ins::Return, span);
            }
            FnBody::Expr(e) => {
                self.push_scope(ScopeKind::Function, name, params, &[])?;
                self.expr(e)?;
                self.emit(Ins::Return, e.span);
            }
            FnBody::Comp { kind, generators } => {
                // A comprehension: one parameter (the outermost iterator), its
                // targets are its own locals.
                let mut locals = vec![".0".to_string()];
                for g in generators {
                    collect_targets(&g.target, &mut locals);
                }
                let fake: Vec<Param> = vec![Param { name: Name { id: ".0".into(), span }, default: None, star: 0 }];
                self.push_scope(ScopeKind::Function, name, &fake, &[])?;
                let coroutine = std::mem::take(&mut self.next_async);
                let s = self.scope();
                if coroutine {
                    s.code.coroutine = true;
                    s.code.is_generator = true;
                }
                if let CompKind::Gen(_) = kind {
                    s.code.is_generator = true;
                }
                for l in locals.into_iter().skip(1) {
                    if !s.index.contains_key(&l) {
                        s.index.insert(l.clone(), s.locals.len() as u16);
                        s.locals.push(l.clone());
                        s.code.locals.push(l);
                    }
                }
                self.comprehension(kind, generators, span)?;
                self.emit(Ins::Return, span);
            }
        }
        let sc = self.scopes.pop().expect("function scope");
        self.prog.codes[code as usize] = sc.code;
        self.emit(Ins::MakeFunction(code, ndefaults), span);
        Ok(())
    }

    fn comprehension(&mut self, kind: CompKind, generators: &[Comprehension], span: Span) -> R<()> {
        match kind {
            CompKind::List(_) => {
                self.emit(Ins::BuildList(0), span);
            }
            CompKind::Dict(..) => {
                self.emit(Ins::BuildDict(0), span);
            }
            CompKind::Gen(_) => {}
        }
        let mut fors = Vec::new();
        for (i, g) in generators.iter().enumerate() {
            if i == 0 {
                self.emit(Ins::LoadLocal(0), g.iter.span);
            } else {
                self.expr(&g.iter)?;
                self.emit(Ins::GetIter, g.iter.span);
            }
            let start = self.here();
            let f = self.emit(Ins::ForIter(0), g.target.span);
            self.store(&g.target)?;
            let mut skips = Vec::new();
            for cond in &g.ifs {
                self.expr(cond)?;
                skips.push(self.emit(Ins::PopJumpIfFalse(0), cond.span));
            }
            fors.push((start, f, skips));
        }
        let depth = generators.len() as u32 + 1;
        match kind {
            CompKind::List(elt) => {
                self.expr(elt)?;
                self.emit(Ins::ListAppend(depth), elt.span);
            }
            CompKind::Dict(k, v) => {
                self.expr(k)?;
                self.expr(v)?;
                self.emit(Ins::DictSet(depth), k.span.to(v.span));
            }
            CompKind::Gen(elt) => {
                self.expr(elt)?;
                self.emit(Ins::Yield, elt.span);
                self.emit(Ins::Pop, elt.span);
            }
        }
        for (start, f, skips) in fors.into_iter().rev() {
            for s in skips {
                self.patch(s, start);
            }
            self.emit(Ins::Jump(start), span);
            let end = self.here();
            self.patch(f, end);
        }
        if let CompKind::Gen(_) = kind {
            let k = self.constant(Const::None);
            self.emit(Ins::Const(k), span);
        }
        Ok(())
    }

    fn exprs(&mut self, es: &[Expr]) -> R<()> {
        for e in es {
            if let ExprKind::Starred(_) = e.kind {
                return err(e.span, "`*` unpacking here is not available in the playground");
            }
            self.expr(e)?;
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> R<()> {
        let span = e.span;
        match &e.kind {
            ExprKind::Name(n) => self.load_name(n, span)?,
            ExprKind::Int(v) => {
                let k = self.constant(Const::Int(*v));
                self.emit(Ins::Const(k), span);
            }
            ExprKind::Float(v) => {
                let k = self.constant(Const::Float(*v));
                self.emit(Ins::Const(k), span);
            }
            ExprKind::Str(s) => {
                let k = self.constant(Const::Str(s.clone()));
                self.emit(Ins::Const(k), span);
            }
            ExprKind::Bool(b) => {
                let k = self.constant(Const::Bool(*b));
                self.emit(Ins::Const(k), span);
            }
            ExprKind::None => {
                let k = self.constant(Const::None);
                self.emit(Ins::Const(k), span);
            }
            ExprKind::FString(parts) => {
                for p in parts {
                    match p {
                        FPart::Lit(s) => {
                            let k = self.constant(Const::Str(s.clone()));
                            self.emit(Ins::Const(k), span);
                        }
                        FPart::Value { expr, conversion, spec } => {
                            self.expr(expr)?;
                            let spec = self.constant(Const::Str(spec.clone().unwrap_or_default()));
                            let conv = conversion.map(|c| c as u8).unwrap_or(0);
                            self.emit(Ins::Format(conv, spec), expr.span);
                        }
                    }
                }
                self.emit(Ins::BuildString(parts.len() as u32), span);
            }
            ExprKind::List(items) => {
                self.exprs(items)?;
                self.emit(Ins::BuildList(items.len() as u32), span);
            }
            ExprKind::Set(items) => {
                self.exprs(items)?;
                self.emit(Ins::BuildList(items.len() as u32), span);
                self.emit(Ins::ToSet, span);
            }
            ExprKind::SetComp { elt, generators } => {
                self.comp(CompKind::List(elt), generators, span)?;
                self.emit(Ins::ToSet, span);
            }
            ExprKind::Tuple(items) => {
                self.exprs(items)?;
                self.emit(Ins::BuildTuple(items.len() as u32), span);
            }
            ExprKind::Dict(pairs) => {
                for (k, v) in pairs {
                    self.expr(k)?;
                    self.expr(v)?;
                }
                self.emit(Ins::BuildDict(pairs.len() as u32), span);
            }
            ExprKind::ListComp { elt, generators } => self.comp(CompKind::List(elt), generators, span)?,
            ExprKind::GeneratorExp { elt, generators } => self.comp(CompKind::Gen(elt), generators, span)?,
            ExprKind::DictComp { key, value, generators } => self.comp(CompKind::Dict(key, value), generators, span)?,
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                let a = self.name(&attr.id);
                self.emit(Ins::LoadAttr(a), span);
            }
            ExprKind::Subscript { value, index } => {
                self.expr(value)?;
                self.expr(index)?;
                self.emit(Ins::Subscript, span);
            }
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step] {
                    match part {
                        Some(p) => self.expr(p)?,
                        None => {
                            let k = self.constant(Const::None);
                            self.emit(Ins::Const(k), span);
                        }
                    }
                }
                self.emit(Ins::BuildSlice, span);
            }
            ExprKind::Call { func, args, keywords } if args.is_empty() && keywords.is_empty() && matches!(&func.kind, ExprKind::Name(n) if n == "super") => {
                self.zero_arg_super(func.span, span)?;
            }
            ExprKind::Call { func, args, keywords } => {
                let method = match &func.kind {
                    ExprKind::Attribute { value, attr } => {
                        self.expr(value)?;
                        let a = self.name(&attr.id);
                        self.emit(Ins::LoadMethod(a), func.span);
                        true
                    }
                    _ => {
                        self.expr(func)?;
                        false
                    }
                };
                let dstar = keywords.iter().position(|k| k.arg.id == "**");
                let spread = dstar.is_some() || args.iter().any(|a| matches!(a.kind, ExprKind::Starred(_)));
                if spread {
                    // `f(a, *rest)`: one list of every positional argument.
                    self.emit(Ins::BuildList(0), span);
                    for a in args {
                        match &a.kind {
                            ExprKind::Starred(inner) => {
                                self.expr(inner)?;
                                self.emit(Ins::ListExtend, a.span);
                            }
                            _ => {
                                self.expr(a)?;
                                self.emit(Ins::ListAppend(1), a.span);
                            }
                        }
                    }
                } else {
                    self.exprs(args)?;
                }
                let kw = if keywords.iter().all(|k| k.arg.id == "**") {
                    u32::MAX
                } else {
                    let mut names = Vec::new();
                    for k in keywords.iter().filter(|k| k.arg.id != "**") {
                        if names.contains(&k.arg.id) {
                            return err(k.arg.span, format!("keyword argument repeated: {}", k.arg.id));
                        }
                        names.push(k.arg.id.clone());
                        self.expr(&k.value)?;
                    }
                    self.prog.kwnames.push(names);
                    self.prog.kwnames.len() as u32 - 1
                };
                // `**options` goes last, after the named ones.
                if let Some(d) = dstar {
                    self.expr(&keywords[d].value)?;
                }
                let argc = args.len() as u32;
                self.emit(
                    match (spread, method) {
                        (true, _) => Ins::CallSpread(kw, method, dstar.is_some()),
                        (false, true) => Ins::CallMethod(argc, kw),
                        (false, false) => Ins::Call(argc, kw),
                    },
                    span,
                );
            }
            ExprKind::BinOp { left, op, right } => {
                self.expr(left)?;
                self.expr(right)?;
                self.emit(Ins::Binary(*op), span);
            }
            ExprKind::UnaryOp { op, operand } => {
                self.expr(operand)?;
                self.emit(Ins::Unary(*op), span);
            }
            ExprKind::BoolOp { op, values } => {
                let mut jumps = Vec::new();
                for (i, v) in values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < values.len() {
                        let j = match op {
                            BoolOp::And => Ins::JumpIfFalseOrPop(0),
                            BoolOp::Or => Ins::JumpIfTrueOrPop(0),
                        };
                        jumps.push(self.emit(j, v.span));
                    }
                }
                let end = self.here();
                for j in jumps {
                    self.patch(j, end);
                }
            }
            ExprKind::Compare { left, ops } => {
                self.expr(left)?;
                if ops.len() == 1 {
                    self.expr(&ops[0].1)?;
                    self.emit(Ins::Compare(ops[0].0), span);
                } else {
                    // a < b < c: each middle operand once; stop at the first false.
                    let mut jumps = Vec::new();
                    for (i, (op, right)) in ops.iter().enumerate() {
                        self.expr(right)?;
                        if i + 1 < ops.len() {
                            self.emit(Ins::Dup, right.span);
                            self.emit(Ins::Rot3, right.span);
                            self.emit(Ins::Compare(*op), span);
                            jumps.push(self.emit(Ins::JumpIfFalseOrPop(0), span));
                        } else {
                            self.emit(Ins::Compare(*op), span);
                        }
                    }
                    let done = self.emit(Ins::Jump(0), span);
                    let cleanup = self.here();
                    for j in jumps {
                        self.patch(j, cleanup);
                    }
                    // The false result is on top, the middle operand below it.
                    self.emit(Ins::Rot2, span);
                    self.emit(Ins::Pop, span);
                    let end = self.here();
                    self.patch(done, end);
                }
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test)?;
                let j = self.emit(Ins::PopJumpIfFalse(0), test.span);
                self.expr(body)?;
                let k = self.emit(Ins::Jump(0), span);
                let e = self.here();
                self.patch(j, e);
                self.expr(orelse)?;
                let end = self.here();
                self.patch(k, end);
            }
            ExprKind::Lambda { params, body } => self.function("<lambda>", params, FnBody::Expr(body), span)?,
            ExprKind::Await(v) => {
                let s = self.scope();
                match (s.kind, s.code.coroutine) {
                    (ScopeKind::Function, true) => {}
                    _ => return err(span, "'await' outside async function"),
                }
                self.expr(v)?;
                self.emit(Ins::GetAwaitable, span);
                let k = self.constant(Const::None);
                self.emit(Ins::Const(k), span);
                self.emit(Ins::YieldFrom, span);
            }
            ExprKind::Yield(v) => {
                self.generator_here(span)?;
                match v {
                    Some(v) => self.expr(v)?,
                    None => {
                        let k = self.constant(Const::None);
                        self.emit(Ins::Const(k), span);
                    }
                }
                self.emit(Ins::Yield, span);
            }
            ExprKind::YieldFrom(v) => {
                self.generator_here(span)?;
                self.expr(v)?;
                self.emit(Ins::GetIter, span);
                let k = self.constant(Const::None);
                self.emit(Ins::Const(k), span);
                self.emit(Ins::YieldFrom, span);
            }
            ExprKind::Starred(_) => return err(span, "`*` unpacking here is not available in the playground"),
            ExprKind::NamedExpr { target, value } => {
                // (In a comprehension CPython binds it in the enclosing
                // function, which this compiler's comprehensions cannot.)
                if matches!(self.scope().code.name.as_str(), "<listcomp>" | "<genexpr>") {
                    return err(span, "`:=` inside a comprehension is not available here");
                }
                self.expr(value)?;
                self.emit(Ins::Dup, span);
                self.store_name(&target.id, target.span)?;
            }
        }
        Ok(())
    }

    fn comp(&mut self, kind: CompKind, generators: &[Comprehension], span: Span) -> R<()> {
        let Some(first) = generators.first() else { return err(span, "a comprehension needs a `for`") };
        // `[await f(x) for x in xs]` in an `async def`: the comprehension is a
        // coroutine of its own, awaited where it stands (as CPython has it).
        let exprs = match kind {
            CompKind::List(e) | CompKind::Gen(e) => vec![e],
            CompKind::Dict(k, v) => vec![k, v],
        };
        let inner = generators.iter().enumerate().flat_map(|(i, g)| g.ifs.iter().chain((i > 0).then_some(&g.iter)));
        let awaits = exprs.into_iter().chain(inner).any(has_await);
        if awaits {
            let s = self.scope();
            if !(s.kind == ScopeKind::Function && s.code.coroutine) {
                return err(span, "'await' outside async function");
            }
            if let CompKind::Gen(_) = kind {
                return err(span, "async generators (`yield` in an `async def`) are not available here yet");
            }
            self.next_async = true;
        }
        let name = if let CompKind::Gen(_) = kind { "<genexpr>" } else { "<listcomp>" };
        self.function(name, &[], FnBody::Comp { kind, generators }, span)?;
        self.expr(&first.iter)?;
        self.emit(Ins::GetIter, first.iter.span);
        self.emit(Ins::Call(1, u32::MAX), span);
        if awaits {
            self.emit(Ins::GetAwaitable, span);
            let k = self.constant(Const::None);
            self.emit(Ins::Const(k), span);
            self.emit(Ins::YieldFrom, span);
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum CompKind<'a> {
    List(&'a Expr),
    Dict(&'a Expr, &'a Expr),
    /// A generator expression: a generator that yields each item.
    Gen(&'a Expr),
}

enum FnBody<'a> {
    Block(&'a [Stmt]),
    Expr(&'a Expr),
    Comp { kind: CompKind<'a>, generators: &'a [Comprehension] },
}

/// Whether `e` awaits (outside a `lambda` of its own).
fn has_await(e: &Expr) -> bool {
    let any = |xs: &[Expr]| xs.iter().any(has_await);
    let comp = |gs: &[Comprehension]| gs.iter().any(|g| has_await(&g.iter) || any(&g.ifs));
    match &e.kind {
        ExprKind::Await(_) => true,
        ExprKind::List(xs) | ExprKind::Tuple(xs) | ExprKind::Set(xs) => any(xs),
        ExprKind::Dict(kv) => kv.iter().any(|(k, v)| has_await(k) || has_await(v)),
        ExprKind::FString(parts) => parts.iter().any(|p| matches!(p, FPart::Value { expr, .. } if has_await(expr))),
        ExprKind::ListComp { elt, generators } | ExprKind::GeneratorExp { elt, generators } | ExprKind::SetComp { elt, generators } => {
            has_await(elt) || comp(generators)
        }
        ExprKind::DictComp { key, value, generators } => has_await(key) || has_await(value) || comp(generators),
        ExprKind::Attribute { value, .. } | ExprKind::UnaryOp { operand: value, .. } | ExprKind::Starred(value) | ExprKind::YieldFrom(value) => {
            has_await(value)
        }
        ExprKind::Yield(v) => v.as_deref().is_some_and(has_await),
        ExprKind::NamedExpr { value, .. } => has_await(value),
        ExprKind::Subscript { value, index } => has_await(value) || has_await(index),
        ExprKind::Slice { lower, upper, step } => [lower, upper, step].into_iter().flatten().any(|x| has_await(x)),
        ExprKind::Call { func, args, keywords } => has_await(func) || any(args) || keywords.iter().any(|k| has_await(&k.value)),
        ExprKind::BinOp { left, right, .. } => has_await(left) || has_await(right),
        ExprKind::BoolOp { values, .. } => any(values),
        ExprKind::Compare { left, ops } => has_await(left) || ops.iter().any(|(_, x)| has_await(x)),
        ExprKind::IfExp { test, body, orelse } => has_await(test) || has_await(body) || has_await(orelse),
        ExprKind::Lambda { .. } | ExprKind::Name(_) | ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::Str(_) | ExprKind::Bool(_) | ExprKind::None => false,
    }
}

/// The modules the playground has.
pub const MODULES: [&str; 13] = ["threading", "queue", "time", "random", "logging", "math", "itertools", "concurrent.futures", "asyncio", "multiprocessing", "ctypes", "os", "interleave"];

/// `concurrent.futures`, in the playground's Python.
pub const FUTURES: &str = include_str!("futures.py");

/// Before the names of `concurrent.futures`' globals.
pub const FUTURES_PREFIX: &str = "concurrent.futures:";

/// `asyncio`, in the playground's Python.
pub const ASYNCIO: &str = include_str!("asyncio.py");

/// Before the names of `asyncio`'s globals.
pub const ASYNCIO_PREFIX: &str = "asyncio:";

/// `multiprocessing`, in the playground's Python.
pub const MULTIPROCESSING: &str = include_str!("multiprocessing.py");

/// Before the names of `multiprocessing`'s globals.
pub const MULTIPROCESSING_PREFIX: &str = "multiprocessing:";

/// Whether `body` imports the module `name` (or one in it) anywhere.
fn imports(body: &[Stmt], name: &str) -> bool {
    let is = |m: &str| m == name || m.starts_with(&format!("{name}."));
    body.iter().any(|s| match &s.kind {
        StmtKind::Import(aliases) => aliases.iter().any(|a| is(&a.name.id)),
        StmtKind::ImportFrom { module, .. } => is(&module.id),
        StmtKind::FunctionDef(d) => imports(&d.body, name),
        StmtKind::ClassDef(d) => imports(&d.body, name),
        StmtKind::If { body, orelse, .. } | StmtKind::While { body, orelse, .. } | StmtKind::For { body, orelse, .. } => {
            imports(body, name) || imports(orelse, name)
        }
        StmtKind::With { body, .. } => imports(body, name),
        StmtKind::Try { body, handlers, orelse, finalbody } => {
            imports(body, name) || handlers.iter().any(|h| imports(&h.body, name)) || imports(orelse, name) || imports(finalbody, name)
        }
        _ => false,
    })
}

fn known_module(n: &Name) -> R<()> {
    if MODULES.contains(&n.id.as_str()) || n.id == "concurrent" || n.id.contains('.') {
        return Ok(());
    }
    err(n.span, format!("`import {}` is not available here; the playground knows threading, queue, time, random, logging, math, itertools, concurrent.futures, asyncio, multiprocessing, ctypes, os and interleave", n.id))
}

fn collect_targets(e: &Expr, out: &mut Vec<String>) {
    match &e.kind {
        ExprKind::Name(n) => {
            if !out.contains(n) {
                out.push(n.clone())
            }
        }
        ExprKind::Tuple(items) | ExprKind::List(items) => items.iter().for_each(|i| collect_targets(i, out)),
        ExprKind::Starred(inner) => collect_targets(inner, out),
        _ => {}
    }
}
