//! Builders that keep scenarios short to write, and write their source text.
//!
//! Every builder call appends one pseudo-Python line (in the style of the
//! course notes) and records that line on the instruction, so the code view
//! and the trace's "current line" can never disagree with the program.
//!
//! ```
//! use interleave_engine::builder::ModelBuilder;
//! let mut m = ModelBuilder::new("example");
//! let lock = m.mutex("lock");
//! let n = m.counter("n", 0);
//! for name in ["t1", "t2"] {
//!     m.actor(name, |b| {
//!         b.repeat(3, |b| {
//!             b.lock(lock).add(n, 1).unlock(lock);
//!         });
//!     });
//! }
//! m.check_counter_equals("no increment is lost", n, 6);
//! let model = m.build().unwrap();
//! assert_eq!(model.line_text(model.objects[0].line), Some("lock = threading.Lock()"));
//! ```

use crate::model::{
    ActorDecl, BuildError, Check, CheckKind, Cmp, Cond, Instr, Kernel, Model, ObjId, ObjectDecl, ObjectKind, Op,
};

/// Builds a [`Model`]: declare objects first, then actors, then checks.
#[derive(Debug)]
pub struct ModelBuilder {
    id: String,
    header: Vec<String>,
    objects: Vec<ObjectDecl>,
    actors: Vec<(String, Vec<Instr>, Vec<String>)>,
    checks: Vec<Check>,
}

impl ModelBuilder {
    pub fn new(id: &str) -> Self {
        ModelBuilder { id: id.to_string(), header: Vec::new(), objects: Vec::new(), actors: Vec::new(), checks: Vec::new() }
    }

    /// A line of prose (a comment) at the top of the source.
    pub fn comment(&mut self, text: &str) -> &mut Self {
        self.header.push(format!("# {text}"));
        self
    }

    fn object(&mut self, name: &str, kind: ObjectKind) -> ObjId {
        self.objects.push(ObjectDecl { name: name.to_string(), kind, line: 0, items: Vec::new() });
        self.objects.len() - 1
    }

    pub fn mutex(&mut self, name: &str) -> ObjId {
        self.object(name, ObjectKind::Mutex)
    }
    pub fn condvar(&mut self, name: &str, mutex: ObjId) -> ObjId {
        self.object(name, ObjectKind::Condvar { mutex })
    }
    pub fn semaphore(&mut self, name: &str, permits: u32) -> ObjId {
        self.object(name, ObjectKind::Semaphore { permits })
    }
    /// A semaphore that refuses a release above `permits`.
    pub fn bounded_semaphore(&mut self, name: &str, permits: u32) -> ObjId {
        self.object(name, ObjectKind::BoundedSemaphore { permits })
    }
    /// A re-entrant lock (`threading.RLock`); taken and released with the
    /// same calls as a mutex.
    pub fn rlock(&mut self, name: &str) -> ObjId {
        self.object(name, ObjectKind::RLock)
    }
    pub fn barrier(&mut self, name: &str, parties: u32) -> ObjId {
        self.object(name, ObjectKind::Barrier { parties })
    }
    pub fn queue(&mut self, name: &str, capacity: u32) -> ObjId {
        self.object(name, ObjectKind::Queue { capacity })
    }
    /// A queue that holds `items` when the run starts (filled before the
    /// workers start).
    pub fn queue_with(&mut self, name: &str, capacity: u32, items: Vec<i64>) -> ObjId {
        let q = self.object(name, ObjectKind::Queue { capacity });
        self.objects[q].items = items;
        q
    }
    /// A token bucket: `burst` tokens, refilled at `rate` per second.
    pub fn token_bucket(&mut self, name: &str, rate: u32, burst: u32) -> ObjId {
        self.object(name, ObjectKind::TokenBucket { rate, burst })
    }
    pub fn event(&mut self, name: &str) -> ObjId {
        self.object(name, ObjectKind::Event)
    }
    pub fn counter(&mut self, name: &str, initial: i64) -> ObjId {
        self.object(name, ObjectKind::Counter { initial })
    }

    /// Adds an actor whose program `body` writes.
    pub fn actor(&mut self, name: &str, body: impl FnOnce(&mut ActorBuilder)) -> &mut Self {
        let names: Vec<String> = self.objects.iter().map(|o| o.name.clone()).collect();
        let mut b = ActorBuilder { names, code: Vec::new(), lines: Vec::new(), depth: 1, retry: Vec::new(), text: None };
        body(&mut b);
        if b.lines.is_empty() {
            b.lines.push("    pass".into());
        }
        self.actors.push((name.to_string(), b.code, b.lines));
        self
    }

    pub fn check(&mut self, name: &str, kind: CheckKind) -> &mut Self {
        self.checks.push(Check { name: name.to_string(), kind });
        self
    }
    pub fn check_counter_equals(&mut self, name: &str, counter: ObjId, expected: i64) -> &mut Self {
        self.check(name, CheckKind::CounterEquals { counter, expected })
    }
    pub fn check_counter_within(&mut self, name: &str, counter: ObjId, min: i64, max: i64) -> &mut Self {
        self.check(name, CheckKind::CounterStayedWithin { counter, min, max })
    }
    pub fn check_answer(&mut self, name: &str, expected: i64) -> &mut Self {
        self.check(name, CheckKind::AnswerEquals { expected })
    }

    /// Lays out the source, numbers the lines and validates the model.
    pub fn build(&self) -> Result<Model, BuildError> {
        let mut src: Vec<String> = self.header.clone();
        let mut objects = self.objects.clone();
        for o in objects.iter_mut() {
            let names = |m: ObjId| self.objects.get(m).map(|d| d.name.clone()).unwrap_or_else(|| "?".into());
            let text = crate::prims::declaration(o, &names);
            src.push(text);
            o.line = src.len() as u32;
        }
        let mut actors = Vec::new();
        for (name, code, lines) in &self.actors {
            src.push(String::new());
            src.push(format!("def {name}():"));
            let def_line = src.len() as u32;
            let code = code
                .iter()
                .map(|i| match i {
                    Instr::Op { op, line } => Instr::Op { op: *op, line: line + def_line },
                    other => other.clone(),
                })
                .collect();
            src.extend(lines.iter().cloned());
            actors.push(ActorDecl { name: name.clone(), pid: None, code, line: def_line });
        }
        let mut source = src.join("\n");
        source.push('\n');
        let model = Model { id: self.id.clone(), objects, actors, checks: self.checks.clone(), source };
        model.validate()?;
        Ok(model)
    }
}

/// Writes one actor's program. Methods chain.
#[derive(Debug)]
pub struct ActorBuilder {
    names: Vec<String>,
    code: Vec<Instr>,
    /// Source lines of the body (indented), numbered from 1 after the `def`.
    lines: Vec<String>,
    depth: usize,
    retry: Vec<usize>,
    text: Option<String>,
}

pub(crate) fn secs(ms: u32) -> String {
    let s = ms as f64 / 1000.0;
    if ms % 1000 == 0 {
        format!("{s:.1}")
    } else {
        format!("{s}")
    }
}

impl ActorBuilder {
    fn n(&self, o: ObjId) -> &str {
        self.names.get(o).map(|s| s.as_str()).unwrap_or("?")
    }

    fn line(&mut self, text: String) -> u32 {
        self.lines.push(format!("{}{}", "    ".repeat(self.depth), text));
        self.lines.len() as u32
    }

    /// The source text the next operation (or `if` / `while` header) shows
    /// instead of its default.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.text = Some(text.to_string());
        self
    }

    /// A comment line (no operation).
    pub fn comment(&mut self, text: &str) -> &mut Self {
        self.line(format!("# {text}"));
        self
    }

    fn default_text(&self, op: &Op) -> String {
        if let Some(o) = op.object() {
            return crate::prims::op_text(*op, self.n(o));
        }
        match *op {
            Op::Sleep { ms: 0 } => "time.sleep(0)  # yield".to_string(),
            Op::Sleep { ms } => format!("time.sleep({})  # waits without the CPU", secs(ms)),
            Op::Work { ms } => format!("burn_cpu({})  # really computes", secs(ms)),
            Op::Set { value } => format!("item = {value}"),
            Op::Compute { kernel } => format!("result = {}", kernel.label()),
            Op::Answer { value } => format!("return {value}"),
            Op::Emit { label } => format!("{}.append(item)", label.word()),
            Op::Crunch { slice_ms: 0 } => "result = is_prime(n)".to_string(),
            Op::Crunch { slice_ms } => format!("done = is_prime_for(n, {})  # computes at most {slice_ms} ms", secs(slice_ms)),
            _ => String::new(),
        }
    }

    /// Appends any operation.
    pub fn op(&mut self, op: Op) -> &mut Self {
        let text = self.text.take().unwrap_or_else(|| self.default_text(&op));
        let line = self.line(text);
        self.code.push(Instr::Op { op, line });
        self
    }

    pub fn lock(&mut self, mutex: ObjId) -> &mut Self {
        self.op(Op::Lock { mutex })
    }
    pub fn unlock(&mut self, mutex: ObjId) -> &mut Self {
        self.op(Op::Unlock { mutex })
    }
    pub fn try_lock(&mut self, mutex: ObjId, timeout_ms: u32) -> &mut Self {
        self.op(Op::TryLock { mutex, timeout_ms })
    }
    pub fn wait(&mut self, condvar: ObjId) -> &mut Self {
        self.op(Op::Wait { condvar })
    }
    pub fn notify_one(&mut self, condvar: ObjId) -> &mut Self {
        self.op(Op::NotifyOne { condvar })
    }
    pub fn notify_all(&mut self, condvar: ObjId) -> &mut Self {
        self.op(Op::NotifyAll { condvar })
    }
    pub fn acquire(&mut self, sem: ObjId) -> &mut Self {
        self.op(Op::Acquire { sem, timeout_ms: None })
    }
    pub fn acquire_timeout(&mut self, sem: ObjId, timeout_ms: u32) -> &mut Self {
        self.op(Op::Acquire { sem, timeout_ms: Some(timeout_ms) })
    }
    pub fn release(&mut self, sem: ObjId) -> &mut Self {
        self.op(Op::Release { sem })
    }
    pub fn barrier_wait(&mut self, barrier: ObjId) -> &mut Self {
        self.op(Op::BarrierWait { barrier })
    }
    pub fn put(&mut self, queue: ObjId) -> &mut Self {
        self.op(Op::Put { queue })
    }
    pub fn get(&mut self, queue: ObjId) -> &mut Self {
        self.op(Op::Get { queue })
    }
    pub fn set_event(&mut self, event: ObjId) -> &mut Self {
        self.op(Op::EventSet { event })
    }
    pub fn wait_event(&mut self, event: ObjId) -> &mut Self {
        self.op(Op::EventWait { event, timeout_ms: None })
    }
    pub fn wait_event_timeout(&mut self, event: ObjId, timeout_ms: u32) -> &mut Self {
        self.op(Op::EventWait { event, timeout_ms: Some(timeout_ms) })
    }
    pub fn clear_event(&mut self, event: ObjId) -> &mut Self {
        self.op(Op::EventClear { event })
    }
    pub fn sleep(&mut self, ms: u32) -> &mut Self {
        self.op(Op::Sleep { ms })
    }
    pub fn work(&mut self, ms: u32) -> &mut Self {
        self.op(Op::Work { ms })
    }
    pub fn load(&mut self, counter: ObjId) -> &mut Self {
        self.op(Op::Load { counter })
    }
    pub fn store(&mut self, counter: ObjId, plus: i64) -> &mut Self {
        self.op(Op::Store { counter, plus })
    }
    pub fn add(&mut self, counter: ObjId, delta: i64) -> &mut Self {
        self.op(Op::Add { counter, delta })
    }
    pub fn add_register(&mut self, counter: ObjId) -> &mut Self {
        self.op(Op::AddRegister { counter })
    }
    pub fn set(&mut self, value: i64) -> &mut Self {
        self.op(Op::Set { value })
    }
    pub fn compute(&mut self, kernel: Kernel) -> &mut Self {
        self.op(Op::Compute { kernel })
    }
    pub fn answer(&mut self, value: i64) -> &mut Self {
        self.op(Op::Answer { value })
    }
    pub fn emit(&mut self, label: crate::model::Label) -> &mut Self {
        self.op(Op::Emit { label })
    }
    pub fn crunch(&mut self, slice_ms: u32) -> &mut Self {
        self.op(Op::Crunch { slice_ms })
    }
    pub fn take_token(&mut self, bucket: ObjId) -> &mut Self {
        self.op(Op::TakeToken { bucket })
    }

    fn block(&mut self, header: String, body: impl FnOnce(&mut ActorBuilder)) {
        self.line(header);
        self.depth += 1;
        let before = self.lines.len();
        body(self);
        if self.lines.len() == before {
            self.line("pass".into());
        }
        self.depth -= 1;
    }

    /// `for _ in range(n): body`.
    pub fn repeat(&mut self, n: u32, body: impl FnOnce(&mut ActorBuilder)) -> &mut Self {
        let begin = self.code.len();
        self.code.push(Instr::LoopBegin { n, end: 0 });
        self.block(format!("for _ in range({n}):"), body);
        self.code.push(Instr::LoopEnd { begin });
        let end = self.code.len();
        self.code[begin] = Instr::LoopBegin { n, end };
        self
    }

    fn cond_text(&self, c: &Cond) -> String {
        match c {
            Cond::LastOk => "ok".into(),
            Cond::LastFailed => "not ok".into(),
            Cond::Counter { counter, cmp, value } => format!("{} {} {value}", self.n(*counter), cmp.symbol()),
            Cond::EventIsSet { event } => format!("{}.is_set()", self.n(*event)),
            Cond::EventNotSet { event } => format!("not {}.is_set()", self.n(*event)),
            Cond::Register { cmp, value } => format!("item {} {value}", cmp.symbol()),
            Cond::RegisterDivisibleBy { by } => format!("item % {by} == 0"),
        }
    }

    /// `while cond: body`.
    pub fn while_(&mut self, cond: Cond, body: impl FnOnce(&mut ActorBuilder)) -> &mut Self {
        let test = self.code.len();
        self.code.push(Instr::JumpUnless { cond: cond.clone(), to: 0 });
        let header = match self.text.take() {
            Some(t) => t,
            None => format!("while {}:", self.cond_text(&cond)),
        };
        self.block(header, body);
        self.code.push(Instr::Jump { to: test });
        let end = self.code.len();
        self.code[test] = Instr::JumpUnless { cond, to: end };
        self
    }

    /// `if cond: body`.
    pub fn if_(&mut self, cond: Cond, body: impl FnOnce(&mut ActorBuilder)) -> &mut Self {
        let test = self.code.len();
        self.code.push(Instr::JumpUnless { cond: cond.clone(), to: 0 });
        let header = match self.text.take() {
            Some(t) => t,
            None => format!("if {}:", self.cond_text(&cond)),
        };
        self.block(header, body);
        let end = self.code.len();
        self.code[test] = Instr::JumpUnless { cond, to: end };
        self
    }

    /// `if cond: then else: otherwise`.
    pub fn if_else(
        &mut self,
        cond: Cond,
        then: impl FnOnce(&mut ActorBuilder),
        otherwise: impl FnOnce(&mut ActorBuilder),
    ) -> &mut Self {
        let test = self.code.len();
        self.code.push(Instr::JumpUnless { cond: cond.clone(), to: 0 });
        let header = match self.text.take() {
            Some(t) => t,
            None => format!("if {}:", self.cond_text(&cond)),
        };
        self.block(header, then);
        let jump = self.code.len();
        self.code.push(Instr::Jump { to: 0 });
        let else_at = self.code.len();
        self.block("else:".into(), otherwise);
        let end = self.code.len();
        self.code[test] = Instr::JumpUnless { cond, to: else_at };
        self.code[jump] = Instr::Jump { to: end };
        self
    }

    /// `while True: body; break`: the body runs again wherever it calls
    /// [`ActorBuilder::restart`] (a `continue`), and once through otherwise.
    pub fn retry(&mut self, body: impl FnOnce(&mut ActorBuilder)) -> &mut Self {
        self.retry.push(self.code.len());
        self.block("while True:".into(), |b| {
            body(b);
            b.line("break".into());
        });
        self.retry.pop();
        self
    }

    /// `continue` to the start of the innermost [`ActorBuilder::retry`].
    pub fn restart(&mut self) -> &mut Self {
        if let Some(&start) = self.retry.last() {
            self.line("continue".into());
            self.code.push(Instr::Jump { to: start });
        }
        self
    }

    /// `counter <cmp> value` as a condition.
    pub fn counter_is(counter: ObjId, cmp: Cmp, value: i64) -> Cond {
        Cond::Counter { counter, cmp, value }
    }
}
