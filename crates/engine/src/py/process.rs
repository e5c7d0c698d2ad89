//! Processes (`multiprocessing`, in `multiprocessing.py`): memory of their
//! own, and data that crosses only by copy.
//!
//! A child process is a thread of the world that reads and writes globals of
//! its own ([`World`]'s `globals`, one table a process). It starts as CPython's
//! `spawn` start method does: it runs the program's module code again, as
//! `__mp_main__` (so what is under `if __name__ == "__main__":` does not run),
//! then calls the target with the arguments the parent pickled.
//!
//! What crosses between processes is a pickle ([`World::pickle`]): a flat
//! tuple of plain values (numbers, strings, builtins) and tags, never a
//! reference to one of the sender's objects. Unpickling makes new objects in
//! the receiver; a class or a function crosses by its name and is found in the
//! receiver's own globals, as `pickle` finds it by `module.qualname`. The one
//! exception is what the operating system shares between processes, here the
//! instances of `multiprocessing.py`'s classes that say `_mp_shared = True`
//! (a queue, a pipe's ends, a `Value`, a lock), and the lists `_share` marks
//! (`multiprocessing.Array`'s): they cross as themselves.
//!
//! **Invariant:** no object a process can reach was reached through a
//! pickle from another process, except an `_mp_shared` one.

use super::*;

/// The tags of a pickle (each followed by what it says).
const T_VAL: i64 = 0; // a plain value
const T_LIST: i64 = 1; // n, then n items
const T_TUPLE: i64 = 2; // n, then n items
const T_DICT: i64 = 3; // n, then n keys and values
const T_SET: i64 = 4; // n, then n items
const T_INST: i64 = 5; // its class, n, then n (attribute name, value)
const T_GLOBAL: i64 = 6; // a global's name (a class or a function)
const T_MEMO: i64 = 7; // k: the k-th object made so far
const T_REF: i64 = 8; // an `_mp_shared` object itself
const T_EXC: i64 = 9; // its class, n args, then n (attribute name, value)
const T_BOUND: i64 = 10; // a bound method: its instance, then the method's name
const T_SLICE: i64 = 11; // start, stop, step (each an int or None)

/// CPython's words (spawn) for a process started while the module runs
/// again in a child.
const BOOTSTRAPPING: &str = "An attempt has been made to start a new process before the current process has finished its bootstrapping phase: each process runs the program again as __mp_main__, so start processes under `if __name__ == \"__main__\":`";

/// How deep a pickle may nest (CPython's recursion limit is 1,000).
const MAX_DEPTH: usize = 400;
/// How many values a pickle may hold.
const MAX_PICKLE: usize = 200_000;

struct Pickler {
    out: Vec<Value>,
    memo: std::collections::HashMap<u32, i64>,
    made: i64,
    /// Tuples being pickled (registered only once their items are).
    open: Vec<u32>,
    shared_sym: u32,
}

impl World {
    /// `_pickle(x)`: `x` as a pickle (see the module's text).
    pub(super) fn pickle(&mut self, a: ActorId, x: &Value) -> Res<Value> {
        let shared_sym = self.prog.names.iter().position(|n| n == "_mp_shared").map(|i| i as u32).unwrap_or(u32::MAX);
        let mut p = Pickler { out: Vec::new(), memo: Default::default(), made: 0, open: Vec::new(), shared_sym };
        self.pickle_value(a, x, &mut p, 0)?;
        self.alloc(Obj::Tuple(p.out))
    }

    fn cannot_pickle(&mut self, what: &str) -> Value {
        self.exc(Exc::TypeError, &format!("cannot pickle '{what}' object"))
    }

    /// The global of process `proc` that holds `v` (by identity), if any.
    fn global_holding(&self, proc: usize, v: &Value) -> Option<usize> {
        let Value::Obj(id) = v else { return None };
        self.globals[proc].iter().position(|g| matches!(g, Some(Value::Obj(x)) if x == id))
    }

    fn pickle_global(&mut self, a: ActorId, v: &Value, p: &mut Pickler) -> Res<()> {
        let proc = self.threads[a].proc as usize;
        let name = self.name_of(v).unwrap_or_default();
        match self.global_holding(proc, v) {
            // (A library's global crosses by its full name, `multiprocessing:_Status`.)
            Some(g) if self.prog.globals[g].rsplit(':').next() == Some(name.as_str()) => {
                p.out.push(Value::Int(T_GLOBAL));
                p.out.push(Value::str(&self.prog.globals[g].clone()));
                Ok(())
            }
            _ if name == "<lambda>" => Err(self.exc(Exc::AttributeError, "Can't pickle <function <lambda>>: attribute lookup <lambda> on __main__ failed")),
            _ => Err(self.exc(
                Exc::AttributeError,
                &format!("Can't pickle local object '{name}': only a function or class defined at the top of the program crosses to a process (pickle finds it there by its name)"),
            )),
        }
    }

    fn pickle_value(&mut self, a: ActorId, v: &Value, p: &mut Pickler, depth: usize) -> Res<()> {
        if depth > MAX_DEPTH {
            return Err(self.exc(Exc::RecursionError, "maximum recursion depth exceeded while pickling an object"));
        }
        if p.out.len() > MAX_PICKLE {
            return Err(self.exc(Exc::MemoryError, &format!("the playground pickles at most {MAX_PICKLE} values at a time")));
        }
        let id = match v {
            Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Str(_) | Value::Builtin(_) | Value::ExcClass(_) => {
                p.out.push(Value::Int(T_VAL));
                p.out.push(v.clone());
                return Ok(());
            }
            Value::Module(_) => return Err(self.cannot_pickle("module")),
            Value::Method(_) | Value::Absent => return Err(self.cannot_pickle("method")),
            Value::Obj(id) => *id,
        };
        if let Some(&k) = p.memo.get(&id) {
            p.out.push(Value::Int(T_MEMO));
            p.out.push(Value::Int(k));
            return Ok(());
        }
        if p.open.contains(&id) {
            return Err(self.exc(Exc::ValueError, "the playground cannot pickle a tuple that contains itself"));
        }
        if self.by_reference.contains(&id) {
            p.out.push(Value::Int(T_REF));
            p.out.push(v.clone());
            return Ok(());
        }
        let obj = self.heap[id as usize].obj.clone();
        let register = |p: &mut Pickler| {
            p.memo.insert(id, p.made);
            p.made += 1;
        };
        match obj {
            Obj::List(items) | Obj::Set(items) => {
                p.out.push(Value::Int(if matches!(self.heap[id as usize].obj, Obj::List(_)) { T_LIST } else { T_SET }));
                p.out.push(Value::Int(items.len() as i64));
                register(p);
                for x in &items {
                    self.pickle_value(a, x, p, depth + 1)?;
                }
            }
            Obj::Tuple(items) => {
                p.out.push(Value::Int(T_TUPLE));
                p.out.push(Value::Int(items.len() as i64));
                p.open.push(id);
                for x in &items {
                    self.pickle_value(a, x, p, depth + 1)?;
                }
                p.open.pop();
                register(p);
            }
            Obj::Dict(pairs) => {
                p.out.push(Value::Int(T_DICT));
                p.out.push(Value::Int(pairs.len() as i64));
                register(p);
                for (k, x) in &pairs {
                    self.pickle_value(a, k, p, depth + 1)?;
                    self.pickle_value(a, x, p, depth + 1)?;
                }
            }
            Obj::Instance { class, attrs } => {
                if p.shared_sym != u32::MAX && self.class_attr(class, p.shared_sym).is_some() {
                    p.out.push(Value::Int(T_REF));
                    p.out.push(v.clone());
                    return Ok(());
                }
                if attrs.iter().any(|(s, _)| *s == self.sym_thread) {
                    return Err(self.cannot_pickle("_thread.lock"));
                }
                p.out.push(Value::Int(T_INST));
                self.pickle_global(a, &Value::Obj(class), p)?;
                p.out.push(Value::Int(attrs.len() as i64));
                register(p);
                for (s, x) in &attrs {
                    p.out.push(Value::str(self.name(*s)));
                    self.pickle_value(a, x, p, depth + 1)?;
                }
            }
            Obj::Exception { class, args, attrs } => {
                p.out.push(Value::Int(T_EXC));
                match &class {
                    Value::ExcClass(_) => {
                        p.out.push(Value::Int(T_VAL));
                        p.out.push(class.clone());
                    }
                    _ => self.pickle_global(a, &class, p)?,
                }
                p.out.push(Value::Int(args.len() as i64));
                let attrs = attrs.map(|b| *b).unwrap_or_default();
                p.out.push(Value::Int(attrs.len() as i64));
                register(p);
                for x in &args {
                    self.pickle_value(a, x, p, depth + 1)?;
                }
                for (s, x) in &attrs {
                    p.out.push(Value::str(self.name(*s)));
                    self.pickle_value(a, x, p, depth + 1)?;
                }
            }
            Obj::Class { .. } | Obj::Function { .. } => self.pickle_global(a, v, p)?,
            Obj::Slice(lo, hi, step) => {
                p.out.push(Value::Int(T_SLICE));
                for x in [lo, hi, step] {
                    p.out.push(x.map_or(Value::None, Value::Int));
                }
            }
            Obj::Bound { this, func } => {
                let name = self.name_of(&func).unwrap_or_default();
                p.out.push(Value::Int(T_BOUND));
                self.pickle_value(a, &this, p, depth + 1)?;
                p.out.push(Value::str(&name));
            }
            Obj::Prim { kind, .. } => {
                return Err(self.cannot_pickle(match kind {
                    PrimKind::RLock => "_thread.RLock",
                    _ => "_thread.lock",
                }))
            }
            Obj::Thread(_) => return Err(self.cannot_pickle("_thread.lock")),
            Obj::Local(_) => return Err(self.cannot_pickle("_thread._local")),
            Obj::Generator(g) => {
                let what = if self.prog.codes[g.code as usize].coroutine { "coroutine" } else { "generator" };
                return Err(self.cannot_pickle(what));
            }
            _ => {
                let t = self.type_name(v);
                return Err(self.cannot_pickle(&t));
            }
        }
        Ok(())
    }

    /// `_unpickle(p)`: new objects of this process from a pickle.
    pub(super) fn unpickle(&mut self, a: ActorId, p: &Value) -> Res<Value> {
        let items = match self.obj(p) {
            Some(Obj::Tuple(items)) => items.clone(),
            _ => return Err(self.type_error("_unpickle(p) needs a pickle (what _pickle made)".into())),
        };
        let mut at = 0;
        let mut made = Vec::new();
        let v = self.unpickle_value(a, &items, &mut at, &mut made)?;
        if at != items.len() {
            return Err(self.exc(Exc::ValueError, "the pickle is damaged"));
        }
        Ok(v)
    }

    fn unpickle_value(&mut self, a: ActorId, items: &[Value], at: &mut usize, made: &mut Vec<Value>) -> Res<Value> {
        let damaged = |w: &mut World| w.exc(Exc::ValueError, "the pickle is damaged");
        let next = |at: &mut usize| -> Option<Value> {
            let v = items.get(*at).cloned();
            *at += 1;
            v
        };
        let int = |v: Option<Value>| match v {
            Some(Value::Int(n)) if n >= 0 => Some(n as usize),
            _ => None,
        };
        let Some(tag) = int(next(at)) else { return Err(damaged(self)) };
        Ok(match tag as i64 {
            T_VAL => next(at).ok_or_else(|| damaged(self))?,
            T_LIST | T_SET => {
                let Some(n) = int(next(at)) else { return Err(damaged(self)) };
                let v = self.alloc(if tag as i64 == T_LIST { Obj::List(vec![]) } else { Obj::Set(vec![]) })?;
                made.push(v.clone());
                let mut xs = Vec::with_capacity(n.min(items.len()));
                for _ in 0..n {
                    xs.push(self.unpickle_value(a, items, at, made)?);
                }
                let Value::Obj(i) = v else { unreachable!("alloc gives an object") };
                match &mut self.heap[i as usize].obj {
                    Obj::List(l) | Obj::Set(l) => *l = xs,
                    _ => {}
                }
                v
            }
            T_TUPLE => {
                let Some(n) = int(next(at)) else { return Err(damaged(self)) };
                let mut xs = Vec::with_capacity(n.min(items.len()));
                for _ in 0..n {
                    xs.push(self.unpickle_value(a, items, at, made)?);
                }
                let v = self.alloc(Obj::Tuple(xs))?;
                made.push(v.clone());
                v
            }
            T_DICT => {
                let Some(n) = int(next(at)) else { return Err(damaged(self)) };
                let v = self.alloc(Obj::Dict(vec![]))?;
                made.push(v.clone());
                let mut pairs = Vec::with_capacity(n.min(items.len()));
                for _ in 0..n {
                    let k = self.unpickle_value(a, items, at, made)?;
                    let x = self.unpickle_value(a, items, at, made)?;
                    pairs.push((k, x));
                }
                let Value::Obj(i) = v else { unreachable!("alloc gives an object") };
                if let Obj::Dict(d) = &mut self.heap[i as usize].obj {
                    *d = pairs;
                }
                v
            }
            T_INST => {
                let class = self.unpickle_value(a, items, at, made)?;
                let Some(Obj::Class { .. }) = self.obj(&class) else { return Err(damaged(self)) };
                let Value::Obj(class) = class else { return Err(damaged(self)) };
                let Some(n) = int(next(at)) else { return Err(damaged(self)) };
                let v = self.alloc(Obj::Instance { class, attrs: vec![] })?;
                made.push(v.clone());
                let mut attrs = Vec::with_capacity(n.min(items.len()));
                for _ in 0..n {
                    let s = self.symbol_named(next(at))?;
                    attrs.push((s, self.unpickle_value(a, items, at, made)?));
                }
                let Value::Obj(i) = v else { unreachable!("alloc gives an object") };
                if let Obj::Instance { attrs: mine, .. } = &mut self.heap[i as usize].obj {
                    *mine = attrs;
                }
                v
            }
            T_GLOBAL => {
                let Some(Value::Str(name)) = next(at) else { return Err(damaged(self)) };
                let proc = self.threads[a].proc as usize;
                let found = self.prog.globals.iter().position(|g| **g == *name).and_then(|g| self.globals[proc][g].clone());
                match found {
                    Some(v) => v,
                    None => {
                        let short = name.rsplit(':').next().unwrap_or(&name).to_string();
                        let module = if proc == 0 { "__main__" } else { "__mp_main__" };
                        return Err(self.exc(Exc::AttributeError, &format!("Can't get attribute '{short}' on <module '{module}'>")));
                    }
                }
            }
            T_MEMO => {
                let Some(k) = int(next(at)) else { return Err(damaged(self)) };
                made.get(k).cloned().ok_or_else(|| damaged(self))?
            }
            T_REF => next(at).ok_or_else(|| damaged(self))?,
            T_SLICE => {
                let mut part = || match next(at) {
                    Some(Value::Int(i)) => Ok(Some(i)),
                    Some(Value::None) => Ok(None),
                    _ => Err(()),
                };
                let (Ok(lo), Ok(hi), Ok(step)) = (part(), part(), part()) else { return Err(damaged(self)) };
                self.alloc(Obj::Slice(lo, hi, step))?
            }
            T_EXC => {
                let class = self.unpickle_value(a, items, at, made)?;
                let (Some(nargs), Some(nattrs)) = (int(next(at)), int(next(at))) else { return Err(damaged(self)) };
                let v = self.alloc(Obj::Exception { class, args: vec![], attrs: None })?;
                made.push(v.clone());
                let mut args = Vec::with_capacity(nargs.min(items.len()));
                for _ in 0..nargs {
                    args.push(self.unpickle_value(a, items, at, made)?);
                }
                let mut attrs = Vec::with_capacity(nattrs.min(items.len()));
                for _ in 0..nattrs {
                    let s = self.symbol_named(next(at))?;
                    attrs.push((s, self.unpickle_value(a, items, at, made)?));
                }
                let Value::Obj(i) = v else { unreachable!("alloc gives an object") };
                if let Obj::Exception { args: a2, attrs: t2, .. } = &mut self.heap[i as usize].obj {
                    *a2 = args;
                    *t2 = (!attrs.is_empty()).then(|| Box::new(attrs));
                }
                v
            }
            T_BOUND => {
                let this = self.unpickle_value(a, items, at, made)?;
                let Some(name) = next(at) else { return Err(damaged(self)) };
                let s = self.symbol_named(Some(name))?;
                match self.get_attr(a, &this, s)? {
                    (Attr::Value(v), _) => v,
                    _ => return Err(damaged(self)),
                }
            }
            _ => return Err(damaged(self)),
        })
    }

    /// The symbol of an attribute's name in a pickle.
    fn symbol_named(&mut self, v: Option<Value>) -> Res<u32> {
        let Some(Value::Str(s)) = v else { return Err(self.exc(Exc::ValueError, "the pickle is damaged")) };
        match self.prog.names.iter().position(|n| **n == *s) {
            Some(i) => Ok(i as u32),
            None => Err(self.exc(Exc::ValueError, "the pickle is damaged")),
        }
    }

    /// `_start_process(name, bootstrap, payload)`: a new process, whose main
    /// thread (the row `name`) runs the module code as `__mp_main__`, then
    /// `bootstrap(payload)`. Gives the thread (what `join` waits for) and
    /// the process's number (`os.getpid()` in it).
    pub(super) fn start_process(&mut self, a: ActorId, args: &[Value]) -> Res<Value> {
        let (Some(Value::Str(name)), Some(boot), Some(payload)) = (args.first().cloned(), args.get(1).cloned(), args.get(2).cloned()) else {
            return Err(self.type_error("_start_process(name, bootstrap, payload, process) needs a name, a function and a pickle".into()));
        };
        let Some(Obj::Function { code, .. }) = self.obj(&boot).cloned() else {
            return Err(self.type_error("_start_process: the bootstrap must be a function".into()));
        };
        // A child still running the module again (its bootstrap not begun):
        // the program starts processes outside `if __name__ == "__main__":`.
        if self.threads[a].proc != 0 && self.leads(a) && self.threads[a].boot.is_some() {
            return Err(self.exc(Exc::RuntimeError, BOOTSTRAPPING));
        }
        if self.threads.len() > MAX_THREADS {
            return Err(self.exc(Exc::RuntimeError, &format!("the playground starts at most {MAX_THREADS} threads and processes beside the main thread, ended ones included")));
        }
        // The child's own function object (nothing of the parent's but the pickle).
        let boot = self.alloc(Obj::Function { code, defaults: vec![], env: None })?;
        // A daemonic process ends with the program (CPython terminates it).
        // (Its flag is read here, from the Process given, and not by the
        // library's code, where reading it would be a step of its own.)
        let daemon = match args.get(3).and_then(|p| self.obj(p)) {
            Some(Obj::Instance { attrs, .. }) => attrs.iter().any(|(s, v)| self.prog.names[*s as usize] == "daemon" && matches!(v, Value::Bool(true))),
            _ => false,
        };
        let obj = self.alloc_raw(Obj::Thread(Box::new(ThreadObj {
            target: Value::None,
            args: vec![],
            kwargs: vec![],
            name: Arc::from("MainThread"),
            daemon,
            actor: None,
            done: None,
            owner: None,
        })));
        let proc = self.globals.len() as u32;
        self.globals.push(Shared::new(vec![None; self.prog.globals.len()]));
        self.leaders.push(self.threads.len());
        self.parents.push(self.threads[a].proc);
        let module = Frame { code: 0, pc: 0, stack: vec![], env: None, blocks: vec![], kind: FrameKind::Normal };
        self.add_thread(a, obj, name.clone(), (boot, vec![payload], vec![]), vec![module], proc);
        self.note(a, format!("starts process {name}"));
        let pid = Value::Int(PID_BASE + proc as i64);
        self.alloc(Obj::Tuple(vec![Value::Obj(obj), pid]))
    }
}
