//! The interpreter: a [`World`] holds a compiled program's heap, its
//! globals and one resumable frame stack per thread, and runs one thread at
//! a time up to its next step.
//!
//! **Where threads can switch.** [`World::advance`] runs a thread's local
//! work and stops *before* its next step, which it returns: a machine
//! [`Op`] (an operation on a lock, condition, semaphore, event, barrier or
//! queue, a sleep, CPU work) or [`Op::Py`] (a read or a write of shared
//! data, output, starting a thread). The driver (the machine, under a
//! scheduler) decides when that step happens; the next `advance` carries it
//! out and runs on. A step is:
//!
//! * every read and every write of a global that some function declares
//!   `global`;
//! * every read and every write of an attribute or item of a *shared*
//!   object (one another thread can reach: stored in a global, in a shared
//!   object, or handed to a thread), and every call that reads or changes a
//!   shared list or dict (`append`, `pop`, `len`, `sorted`, `in`, one step
//!   per item of a `for` over it, ...);
//! * every operation on a `threading` or `queue` object, every sleep,
//!   every `print` and `logging` call, and `Thread.start`.
//!
//! Reads that find a function, a class, a module or a synchronization
//! object are not steps (nothing races on them in these programs), and
//! neither is work on local variables and on objects no other thread can
//! reach. So `self.value += 1` on a shared counter is two steps, a read and
//! a write, and another thread can run between them, as in CPython.
//!
//! After 1,000 instructions without a step, a thread yields anyway (an
//! [`Op::Py`] that does nothing), so a `while True: pass` is a run of steps
//! that the step budget ends, never a frozen page.

use super::compile::{Const, Ins, Program};
use super::value::*;
use crate::model::{ActorId, Kernel, ObjId, ObjectDecl, ObjectKind, Op};
use crate::prims::queue::{Place, SortKey};
use crate::prims::{Object, Primitive};
use crate::trace::ObjectState;
use crate::rng::SplitMix64;
use crate::room::{Lent, Shelf};
use std::fmt::Write as _;
use std::sync::Arc;

/// Instructions a thread runs without a step before it yields anyway.
pub const LOCAL_SLICE: u32 = 1_000;
/// Instructions a whole run may take (local work included): past it the
/// run stops, as a loop that never ends.
pub const MAX_INSTRUCTIONS: u64 = 50_000_000;
/// The most heap objects a program may hold.
pub const MAX_HEAP: usize = 2_000_000;
/// The deepest call stack.
pub const MAX_FRAMES: usize = 200;
/// The most threads a program may start (beside the main thread).
pub const MAX_THREADS: usize = 16;

/// `os.getpid()` of the program's process (a child's is this plus its number).
const PID_BASE: i64 = 1000;
/// `os.cpu_count()` in the playground, on every device.
const CPU_COUNT: i64 = 4;
/// Another thread's `join()` on MainThread (CPython would wait for the
/// main thread's code to end; the playground has no such wait).
const JOIN_MAIN: &str = "joining MainThread from another thread is not available here";
/// The most output kept (characters); later output is counted, not kept.
pub const MAX_OUTPUT: usize = 200_000;

/// What a thread does next.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Its next step, at this line; `reg`: what to put in the actor's
    /// register first (the item a `put` sends); `place`: where a `put`
    /// places it (the class of the queue says: FIFO, LIFO or by priority).
    Op { op: Op, line: u32, reg: Option<i64>, place: Place },
    /// It has ended.
    Done,
}

/// What the driver tells a thread when it resumes it.
pub struct Resume<'a> {
    /// The actor's register (the item a `get` took).
    pub reg: i64,
    /// The last-ok flag (a timed acquire or wait succeeded).
    pub ok: bool,
    /// Milliseconds since the run began.
    pub now: f64,
    pub objects: &'a dyn Objects,
}

/// What a program may read of the synchronization objects (`is_set()`,
/// `locked()`, `qsize()`): their visible state. The machine reads its own
/// objects; real threads read their monitors.
pub trait Objects {
    fn state(&self, o: ObjId) -> Option<ObjectState>;
}

impl Objects for [Object] {
    fn state(&self, o: ObjId) -> Option<ObjectState> {
        self.get(o).map(|x| x.show(Vec::new()))
    }
}

impl Objects for Vec<Object> {
    fn state(&self, o: ObjId) -> Option<ObjectState> {
        self.as_slice().state(o)
    }
}

fn is_set(r: &Resume, o: ObjId) -> bool {
    matches!(r.objects.state(o), Some(ObjectState::Event { set: true }))
}

/// How a program went wrong, if it did.
#[derive(Clone, Debug, PartialEq, Hash)]
pub enum PyError {
    /// An `assert` failed: its message (the check's name) and the detail.
    Assertion { check: String, detail: String },
    /// An exception nobody caught, in a sentence.
    Uncaught(String),
    /// The run cannot go on (it ran out of instructions); it ends now.
    Fatal(String),
}

/// One piece of output (a `print` or a log line).
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    pub actor: ActorId,
    pub t_ms: f64,
    pub text: String,
}

/// A figure the program reported with `report(name, value)`: the lesson's
/// own numbers (lost updates, retries, ...), read by the page and the
/// report's `metrics`.
#[derive(Clone, Debug, PartialEq)]
pub struct Reported {
    pub name: String,
    /// A number (a metric), or text shown as it is.
    pub number: Option<f64>,
    pub text: String,
    /// How the page labels it (`label=`; else the name, underscores as spaces).
    pub label: String,
}

/// For a state's fingerprint ([`crate::fingerprint`]): the float by its bits.
impl std::hash::Hash for Reported {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        std::hash::Hash::hash(&(&self.name, self.number.map(f64::to_bits), &self.text, &self.label), h);
    }
}

/// A thread's end is an event named after it with this suffix (`t0 ended`):
/// what `join` waits for.
pub const THREAD_END: &str = " ended";

/// Whether an object named `name` is a program thread's end event.
pub fn is_thread_end(name: &str) -> bool {
    name.ends_with(THREAD_END)
}

/// At most this many rows of shared data are shown.
pub const MAX_SHARED_SHOWN: usize = 40;
/// Local variables shown beside an actor's line, at most.
pub const MAX_LOCALS_SHOWN: usize = 6;

/// At most this many figures are kept (reporting a name again replaces it).
pub const MAX_REPORTED: usize = 64;

/// A parameter the program declared with `param(...)`.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamDecl {
    pub name: String,
    pub default: String,
    pub value: String,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub choices: Vec<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Hash)]
enum Pending {
    #[default]
    None,
    /// The instruction at the top frame's pc is a step that was yielded.
    Instr,
    /// Yielded without an instruction (a long local stretch).
    Preempt,
    /// The thread's start call yielded.
    Boot,
    /// The thread's last step (setting its end event) was yielded.
    End,
}

#[derive(Clone, Copy, Debug, PartialEq, Hash)]
enum BlockKind {
    Except,
    Finally,
    With,
    /// Inside an `except` body: the exception being handled is on `handling`.
    Handler,
}

#[derive(Clone, Debug, Hash)]
struct Block {
    kind: BlockKind,
    handler: u32,
    depth: usize,
}

#[derive(Clone, Debug, Hash)]
enum FrameKind {
    Normal,
    /// `Class(...)`: the result is the instance, not `__init__`'s None.
    Init(Value),
    /// A user `__exit__` called for this exception (None: a normal exit).
    Exit(Value),
    /// A class body: on return, the class is made from its variables.
    ClassBody { name: Arc<str>, bases: Vec<Value> },
    /// The predicate of a `cond.wait_for(...)`: when it returns a false
    /// value and time is left, the caller's call (`call`: what its stack
    /// held for it) runs again, to wait and then ask the predicate again.
    WaitFor { call: Vec<Value> },
    /// A `key=` function called for one item of a `sorted`, `min`, `max`
    /// or `list.sort`: on return, its value is that item's key, and the
    /// key of the next item is asked (or the call's result is pushed).
    Keyed(Box<Keyed>),
    /// An object's own `__str__` or `__repr__`, called for the value at
    /// `at` of the call `call` (callee, receiver, arguments: what the
    /// caller's stack held for it). On return its text takes the value's
    /// place and the call runs again (`print(account)`); with `spec`, an
    /// f-string's field, the text is formatted and pushed instead; with
    /// `at` usize::MAX (`repr(x)`), the text is the call's result.
    Stringify { call: Vec<Value>, at: usize, spec: Option<u32>, method: u32 },
    /// A property's getter whose value is then called (`obj.prop()`): on
    /// return, its value and Absent (the call's `this`) are pushed.
    PropertyForCall,
    /// The body of the generator `gen` (a heap object), running because
    /// `mode` asked it for its next item.
    Gen { gen: u32, mode: GenMode },
    /// A class's own special method called for an operator or a builtin
    /// (`obj[k] = v`, `x in obj`, `for x in obj`, `list(obj)`): `then`
    /// says what its value becomes.
    Dunder(Then),
}

/// What a special method's value becomes in the code that called it.
#[derive(Clone, Debug, Hash)]
enum Then {
    /// Nothing (`__setitem__`, `__delitem__`, `__setattr__`).
    Discard,
    /// Its truth, or with `true` the opposite (`in`, `not in`).
    Truth(bool),
    /// An iterator over it (`__iter__` for a `for`).
    Iter,
    /// It takes the object's place at `at` in the call `call` (callee,
    /// receiver, arguments: what the caller's stack held), which runs
    /// again: `list(obj)` becomes `list(obj.__iter__())`.
    Replace { call: Vec<Value>, at: usize },
}

/// The symbols of the special methods of [`Then`]'s protocols.
#[derive(Clone, Copy, Debug)]
struct Dunders {
    getitem: u32,
    setitem: u32,
    delitem: u32,
    len: u32,
    contains: u32,
    iter: u32,
    getattr: u32,
    setattr: u32,
    /// `items`, which `dict(obj)` asks a mapping of the program's for.
    items: u32,
}

/// Who asked a running generator for its next item, and so where that
/// item goes (a `yield`) and what its end means (a `return`).
#[derive(Clone, Debug, Hash)]
enum GenMode {
    /// `next(g)`, `g.send(v)`: the item is the call's value; the end raises
    /// `StopIteration` (or gives `next`'s default).
    Next { default: Option<Value> },
    /// A `for` over it (`en`: through this `enumerate`): the item is the
    /// loop's; the end ends the loop.
    For { en: Option<u32> },
    /// Taken whole by a builtin (`list(g)`, `sum(g)`): the items are
    /// gathered, and at the end the call `call` runs again with them as a
    /// list at `at`.
    Drain(Box<Drain>),
    /// The generator frame below delegates to it (`yield from`): the item
    /// is that generator's, and the end is the value of its `yield from`.
    Delegate,
    /// `g.close()`: GeneratorExit was thrown in; an end is close()'s None,
    /// an item is an error.
    Close,
}

/// A builtin's call that takes a generator's items (boxed in `GenMode`:
/// every frame is as large as its largest kind).
#[derive(Clone, Debug, Hash)]
struct Drain {
    call: Vec<Value>,
    at: usize,
    items: Vec<Value>,
}

/// A generator object: its function's frame while it waits, and where it is.
#[derive(Clone, Debug, Hash)]
pub struct Gen {
    code: u32,
    frame: Option<Frame>,
    state: GenState,
    /// The exceptions its `except` blocks were handling when it stopped
    /// at a `yield` (its entries of the thread's `handling`, put back when
    /// it runs again).
    handling: Vec<Value>,
}

#[derive(Clone, Copy, Debug, Hash, PartialEq)]
enum GenState {
    /// Made, its body not begun.
    Fresh,
    Suspended,
    Running,
    Done,
}

/// The most items a builtin takes from one generator (`list(g)`).
const MAX_DRAIN: usize = 1_000_000;

#[derive(Clone, Debug, Hash)]
struct Frame {
    code: u32,
    pc: usize,
    stack: Vec<Value>,
    env: Option<u32>,
    blocks: Vec<Block>,
    kind: FrameKind,
}

/// A part of the world that a search's clones share until one of them
/// changes it: a step runs one thread, so a clone of a world copies none of
/// its threads and the step copies one. (Each thread's frames, stacks and
/// last step were most of the memory a clone allocated: 25 blocks each,
/// `callgrind` on the race lesson's search, 2026-12-06.)
///
/// A thread is the world's own (`Mine`) until [`Shared::share`] (the
/// explorer, before it clones a state), then shared (`Both`) until written:
/// a run that is never cloned works on its own threads with no reference
/// counting at all (an `Arc::make_mut` at every access cost a plain run on
/// the simulator a quarter of its speed).
///
/// Shared, it keeps its part of a state's fingerprint once asked for (as a
/// heap cell does, [`Slot`]): every state that shares it reuses it, and a
/// write, which makes it `Mine` again, leaves it behind.
#[derive(Debug)]
enum Shared<T: Clone + Default> {
    Mine(T),
    Both(Arc<Kept<T>>),
}

/// A shared part and its digest.
#[derive(Debug, Default)]
struct Kept<T> {
    value: T,
    digest: std::sync::OnceLock<CellDigest>,
}

impl<T: Clone> Clone for Kept<T> {
    fn clone(&self) -> Self {
        Kept { value: self.value.clone(), digest: std::sync::OnceLock::new() }
    }
}

impl<T: Clone + Default> Clone for Shared<T> {
    fn clone(&self) -> Self {
        match self {
            Shared::Mine(t) => Shared::Mine(t.clone()),
            Shared::Both(a) => Shared::Both(a.clone()),
        }
    }
}

impl<T: Clone + Default> Shared<T> {
    fn new(t: T) -> Self {
        Shared::Mine(t)
    }

    /// Ready to be shared by the clones made next.
    fn share(&mut self) {
        if let Shared::Mine(t) = self {
            *self = Shared::Both(Arc::new(Kept { value: std::mem::take(t), digest: std::sync::OnceLock::new() }));
        }
    }

    /// Its digest, made by `make` (kept while it is shared).
    fn digest<R>(&self, make: impl FnOnce(&T) -> CellDigest, then: impl FnOnce(&CellDigest) -> R) -> R {
        match self {
            Shared::Mine(t) => then(&make(t)),
            Shared::Both(a) => then(a.digest.get_or_init(|| make(&a.value))),
        }
    }

    /// Its own from now on: copied if another clone shares it.
    #[cold]
    #[inline(never)]
    fn own(&mut self) {
        if let Shared::Both(a) = self {
            *self = Shared::Mine(Arc::unwrap_or_clone(std::mem::take(a)).value);
        }
    }

    /// A copy of its own (for a clone explored on another thread).
    fn unshare(&mut self) {
        if let Shared::Both(a) = self {
            *self = Shared::Mine(T::clone(&a.value));
        }
    }
}

impl<T: Clone + Default> std::ops::Deref for Shared<T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        match self {
            Shared::Mine(t) => t,
            Shared::Both(a) => &a.value,
        }
    }
}

impl<T: Clone + Default> std::ops::DerefMut for Shared<T> {
    // (Called at every access the interpreter makes to a thread's frames:
    // inline, with the copy out of line.)
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        if let Shared::Both(_) = self {
            self.own();
        }
        match self {
            Shared::Mine(t) => t,
            // (Never: made its own just above.)
            Shared::Both(a) => &mut Arc::make_mut(a).value,
        }
    }
}

/// What a thread calls once its frames are done: a callable and its arguments.
type Boot = (Value, Vec<Value>, Vec<(Arc<str>, Value)>);

#[derive(Clone, Debug, Default)]
struct PyThread {
    frames: Vec<Frame>,
    pending: Pending,
    handling: Vec<Value>,
    /// Its `Thread` object on the heap.
    obj: u32,
    name: Arc<str>,
    done_event: Option<ObjId>,
    boot: Option<Boot>,
    line: u32,
    /// The exception it raised last (a heap object) and the line where it
    /// was raised: the end of a `with` or `finally` it passes through, an
    /// `except` that does not match and a bare `raise` raise it again from
    /// their own lines, and its message keeps the first, as CPython's
    /// traceback ends at it.
    raised: Option<(u32, u32)>,
    span: super::ast::Span,
    /// The last step it took: where, and what it read or wrote.
    last: Option<(super::ast::Span, String)>,
    /// The version of each shared variable it last read or wrote (a few, newest last).
    seen: Vec<(Key, u64)>,
    /// Where the `put` it is yielding places its item.
    place: Place,
    /// The box a `put` is sending (dropped if nothing was put: its time ran
    /// out, or its item cannot be compared with one in a priority queue).
    put_box: Option<i64>,
    /// A `cond.wait_for(...)` under way: its deadline (ms), whether it
    /// has waited yet, and whether its call now waits (else it asks).
    wait_for: Option<WaitFor>,
    /// Its next step is `critical_section()`: it is in the critical section.
    critical: bool,
    /// Its process (0: the program's; `multiprocessing` starts others),
    /// whose globals it reads and writes.
    proc: u32,
}

impl PyThread {
    /// A thread of `proc` that runs `frames`, then `boot`; its `Thread`
    /// object `obj`, and the event its end sets.
    fn new(obj: u32, name: Arc<str>, done_event: Option<ObjId>, boot: Option<Boot>, frames: Vec<Frame>, proc: u32) -> PyThread {
        PyThread {
            frames,
            pending: Pending::None,
            handling: vec![],
            obj,
            name,
            done_event,
            boot,
            line: 1,
            raised: None,
            span: Default::default(),
            last: None,
            seen: Vec::new(),
            place: Place::Back,
            put_box: None,
            wait_for: None,
            critical: false,
            proc,
        }
    }

    /// Its part of a state's fingerprint (see [`World::fingerprint`]).
    fn fingerprint(&self, canon: &mut Canon, f: &mut crate::fingerprint::Fingerprint) {
        use std::hash::Hash;
        self.frames.len().hash(f);
        for fr in &self.frames {
            canon.frame(fr, f);
        }
        self.pending.hash(f);
        canon.values(&self.handling, f);
        canon.index(self.obj, f);
        self.done_event.hash(f);
        match &self.boot {
            None => 0u8.hash(f),
            Some((callee, args, kwargs)) => {
                1u8.hash(f);
                canon.value(callee, f);
                canon.values(args, f);
                canon.kwargs(kwargs, f);
            }
        }
        self.place.hash(f);
        self.put_box.hash(f);
        self.wait_for.hash(f);
        self.critical.hash(f);
        // (Only in a child process: runs without one hash as before.)
        if self.proc != 0 {
            self.proc.hash(f);
        }
        // (Only once it has raised: states of runs that raise nothing are
        // told apart exactly as before.)
        if let Some((x, line)) = self.raised {
            canon.index(x, f);
            line.hash(f);
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct WaitFor {
    deadline: Option<f64>,
    waited: bool,
    wait_next: bool,
}

/// For a state's fingerprint ([`crate::fingerprint`]): the float by its bits.
impl std::hash::Hash for WaitFor {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        std::hash::Hash::hash(&(self.deadline.map(f64::to_bits), self.waited, self.wait_next), h);
    }
}

/// A `sorted(..., key=f)`, `min`/`max(..., key=f)` or `list.sort(key=f)`
/// under way: its items, and the keys `f` has given so far (one for each
/// of the first items). A key function of the program's runs as any call
/// does (its reads of shared data are steps); the builtin's own reading of
/// a shared list was its one step, before the first key.
#[derive(Clone, Debug, Hash)]
struct Keyed {
    op: KeyedOp,
    key: Value,
    items: Vec<Value>,
    keys: Vec<Value>,
}

/// The builtins a `key=` may be: they only compute, so a key of theirs
/// needs no step of its own.
const KEY_BUILTINS: [Builtin; 16] = [
    Builtin::Len, Builtin::Sorted, Builtin::Min, Builtin::Max, Builtin::Sum, Builtin::Abs, Builtin::Str, Builtin::Int,
    Builtin::Float, Builtin::Bool, Builtin::List, Builtin::Tuple, Builtin::Repr, Builtin::Round, Builtin::Isqrt, Builtin::Sqrt,
];

#[derive(Clone, Copy, Debug, Hash, PartialEq)]
enum KeyedOp {
    Sorted { reverse: bool },
    Min,
    Max,
    /// `list.sort(key=...)` on the list (a heap object).
    SortList { list: u32, reverse: bool },
}

/// A shared variable: (heap object, attribute name) or (`u32::MAX`, global).
type Key = (u32, u32);

/// Shared variables whose writes are followed (to name a lost update), and
/// versions each thread remembers: beyond these, nothing is named.
const MAX_LINEAGE: usize = 256;
const MAX_SEEN: usize = 16;

enum Out {
    Value(Value),
    Pushed,
    Yield(Op, Option<i64>),
}

type Res<T> = Result<T, Value>;

/// The heap's cells, shared copy-on-write between the clones of a world:
/// the explorer clones the world at every step it takes and most steps
/// touch one cell or none, so a clone copies pointers, and a cell is copied
/// when a clone first writes it (`IndexMut`). Deep copies of every cell
/// were two fifths of a search's time (`perf`, 2026-12-06).
#[derive(Clone, Debug, Default)]
struct Heap(Vec<Arc<Slot>>);

/// A cell, and its part of a state's fingerprint once asked for: made once
/// for each version of the cell, which every clone sharing it reuses
/// ([`Canon::objects`]). Written (`IndexMut`), the cell forgets it.
#[derive(Clone, Debug)]
struct Slot {
    cell: Cell,
    canon: std::sync::OnceLock<CellDigest>,
}

/// A cell's content hashed with its references left out (a placeholder
/// where each was), and the references, in the order the content names them.
#[derive(Clone, Debug)]
struct CellDigest {
    content: crate::fingerprint::Bits128,
    refs: Box<[u32]>,
}

impl CellDigest {
    /// The digest of what `hash` writes (with a [`Canon`] that only
    /// collects the references).
    fn of(hash: impl FnOnce(&mut Canon, &mut crate::fingerprint::Fingerprint)) -> CellDigest {
        let mut c = Canon::collecting();
        let mut f = crate::fingerprint::Fingerprint::default();
        hash(&mut c, &mut f);
        // One block of the right size (none without references), copied
        // from the room the references were collected in, which is kept.
        let refs = Box::from(c.order());
        CellDigest { content: f.finish128().into(), refs }
    }
}

impl Slot {
    fn new(cell: Cell) -> Arc<Slot> {
        Arc::new(Slot { cell, canon: std::sync::OnceLock::new() })
    }

    fn digest(&self) -> &CellDigest {
        self.canon.get_or_init(|| {
            CellDigest::of(|c, f| {
                use std::hash::Hash;
                self.cell.shared.hash(f);
                c.obj(&self.cell.obj, f);
            })
        })
    }
}

impl Heap {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn get(&self, i: usize) -> Option<&Cell> {
        self.0.get(i).map(|c| &c.cell)
    }
    fn push(&mut self, c: Cell) {
        self.0.push(Slot::new(c));
    }
    /// Replaces cell `i` (without copying what it held).
    fn set(&mut self, i: usize, c: Cell) {
        self.0[i] = Slot::new(c);
    }
}

impl std::ops::Index<usize> for Heap {
    type Output = Cell;
    fn index(&self, i: usize) -> &Cell {
        &self.0[i].cell
    }
}

impl std::ops::IndexMut<usize> for Heap {
    fn index_mut(&mut self, i: usize) -> &mut Cell {
        let slot = Arc::make_mut(&mut self.0[i]);
        // (A run that no search fingerprints never made one: nothing to drop.)
        slot.canon.take();
        &mut slot.cell
    }
}

impl std::hash::Hash for Heap {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.0.len().hash(h);
        for c in &self.0 {
            c.cell.hash(h);
        }
    }
}

/// The heap's objects numbered in the order the fingerprint first mentions
/// them ([`World::fingerprint`]): the roots are hashed first, then every
/// object in the order of its number, and a reference is hashed as the
/// number its object has, or gets there. One walk both numbers and hashes,
/// so the numbers never depend on where a cell sits in the heap, and the
/// stream says the graph: what is numbered before it is hashed comes later.
/// `number[i]` for heap cell `i` (`u32::MAX`: not reached yet), `order` the
/// cells in number order: `room`, this thread's ([`crate::room`]), kept
/// from one fingerprint to the next, so that a state allocates neither.
struct Canon {
    room: Lent<(Vec<u32>, Vec<u32>)>,
    /// Numbering nothing: each reference is noted in `order` and hashed as
    /// a placeholder (a cell's [`CellDigest`]).
    collecting: bool,
}

thread_local! {
    /// The room of a state's [`Canon`].
    static CANON_ROOM: Shelf<(Vec<u32>, Vec<u32>)> = const { Shelf::new() };
    /// The room of a collecting [`Canon`] (a cell's digest, made during a
    /// state's fingerprint): it numbers nothing, so only its `order` list
    /// fills; the numbers' list stays empty and allocates nothing.
    static COLLECT_ROOM: Shelf<(Vec<u32>, Vec<u32>)> = const { Shelf::new() };
}

impl Canon {
    fn new(cells: usize) -> Canon {
        let mut room = Lent::take(&CANON_ROOM);
        room.0.resize(cells, u32::MAX);
        room.1.reserve(cells);
        Canon { room, collecting: false }
    }

    fn collecting() -> Canon {
        Canon { room: Lent::take(&COLLECT_ROOM), collecting: true }
    }

    /// The cells in number order (the references, if collecting).
    fn order(&self) -> &[u32] {
        &self.room.1
    }

    /// Cell `i`'s number, given now if it has none yet.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn number(&mut self, i: u32) -> u32 {
        let (number, order) = &mut *self.room;
        if self.collecting {
            order.push(i);
            return 0;
        }
        match number.get_mut(i as usize) {
            Some(n) if *n == u32::MAX => {
                *n = order.len() as u32;
                order.push(i);
                *n
            }
            Some(n) => *n,
            None => u32::MAX,
        }
    }

    /// A heap reference: its number.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn index(&mut self, i: u32, f: &mut crate::fingerprint::Fingerprint) {
        // (`write_u32`, what `u32::hash` calls: in the page's build for
        // size that wrapper stays a call, at every reference of a state.)
        use std::hash::Hasher;
        let n = self.number(i);
        f.write_u32(n);
    }

    /// An optional heap reference (an environment, a parent).
    fn opt_index(&mut self, i: Option<u32>, f: &mut crate::fingerprint::Fingerprint) {
        use std::hash::Hash;
        i.map(|i| self.number(i)).hash(f);
    }

    /// Every object the roots reach, in number order (hashing one may
    /// number more, which come after it).
    /// Each is its content's digest, made once per version of the cell and
    /// shared by the clones that share the cell, then the numbers of what it
    /// refers to: the same as hashing the content with the numbers in
    /// place, without hashing again the cells a step left alone (the
    /// bounded buffer's search at its defaults: 4.27 -> 3.98 s natively).
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn objects(&mut self, heap: &Heap, f: &mut crate::fingerprint::Fingerprint) {
        use std::hash::Hasher;
        let mut next = 0;
        while let Some(&i) = self.order().get(next) {
            next += 1;
            let d = heap.0[i as usize].digest();
            f.write_u128(d.content.into());
            for &r in d.refs.iter() {
                self.index(r, f);
            }
        }
        f.write_usize(self.order().len());
    }

    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn value(&mut self, v: &Value, f: &mut crate::fingerprint::Fingerprint) {
        use std::hash::Hash;
        match v {
            Value::Obj(i) | Value::Method(i) => {
                std::mem::discriminant(v).hash(f);
                self.index(*i, f);
            }
            _ => v.hash(f),
        }
    }

    fn opt(&mut self, v: Option<&Value>, f: &mut crate::fingerprint::Fingerprint) {
        use std::hash::Hasher;
        match v {
            None => f.write_u8(0),
            Some(v) => {
                f.write_u8(1);
                self.value(v, f);
            }
        }
    }

    fn values(&mut self, vs: &[Value], f: &mut crate::fingerprint::Fingerprint) {
        use std::hash::Hasher;
        f.write_usize(vs.len());
        for v in vs {
            self.value(v, f);
        }
    }

    fn kwargs(&mut self, kw: &[(Arc<str>, Value)], f: &mut crate::fingerprint::Fingerprint) {
        use std::hash::Hash;
        kw.len().hash(f);
        for (k, v) in kw {
            k.hash(f);
            self.value(v, f);
        }
    }

    fn attrs(&mut self, attrs: &[(u32, Value)], f: &mut crate::fingerprint::Fingerprint) {
        use std::hash::Hasher;
        f.write_usize(attrs.len());
        for (k, v) in attrs {
            f.write_u32(*k);
            self.value(v, f);
        }
    }

    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn obj(&mut self, o: &Obj, f: &mut crate::fingerprint::Fingerprint) {
        use std::hash::Hash;
        std::mem::discriminant(o).hash(f);
        match o {
            Obj::List(xs) | Obj::Tuple(xs) | Obj::Set(xs) => self.values(xs, f),
            Obj::Dict(kv) => {
                kv.len().hash(f);
                for (k, v) in kv {
                    self.value(k, f);
                    self.value(v, f);
                }
            }
            Obj::Instance { class, attrs } => {
                self.index(*class, f);
                self.attrs(attrs, f);
            }
            Obj::Class { name, bases, attrs } => {
                name.hash(f);
                self.values(bases, f);
                self.attrs(attrs, f);
            }
            Obj::Function { code, defaults, env } => {
                code.hash(f);
                self.values(defaults, f);
                self.opt_index(*env, f);
            }
            Obj::Bound { this, func } => {
                self.value(this, f);
                self.value(func, f);
            }
            Obj::Super { class, this } => {
                self.index(*class, f);
                self.value(this, f);
            }
            Obj::BoundBuiltin { this, name } => {
                self.value(this, f);
                name.hash(f);
            }
            Obj::Env { vals, parent, captured } => {
                vals.len().hash(f);
                for v in vals.iter() {
                    self.opt(v.as_ref(), f);
                }
                self.opt_index(*parent, f);
                captured.hash(f);
            }
            Obj::Exception { class, args, attrs } => {
                self.value(class, f);
                self.values(args, f);
                if let Some(attrs) = attrs {
                    self.attrs(attrs, f);
                }
            }
            Obj::Prim { id, kind } => (id, kind).hash(f),
            Obj::Thread(t) => {
                self.value(&t.target, f);
                self.values(&t.args, f);
                self.kwargs(&t.kwargs, f);
                (&t.name, t.daemon, t.actor, t.done).hash(f);
                self.opt_index(t.owner, f);
            }
            Obj::Iter(it) => {
                std::mem::discriminant(it).hash(f);
                match it {
                    Iter::Range { next, stop, step } => (next, stop, step).hash(f),
                    Iter::Seq { seq, at } => {
                        self.index(*seq, f);
                        at.hash(f);
                    }
                    Iter::Str { s, at } => (s, at).hash(f),
                    Iter::Items { items, at } | Iter::Cycle { items, at } => {
                        self.values(items, f);
                        at.hash(f);
                    }
                    Iter::Enumerate { it, next } => {
                        self.index(*it, f);
                        next.hash(f);
                    }
                }
            }
            Obj::Property(v) | Obj::ClassMethod(v) | Obj::StaticMethod(v) => self.value(v, f),
            Obj::Local(per_thread) => {
                per_thread.len().hash(f);
                for (actor, attrs) in per_thread {
                    actor.hash(f);
                    self.attrs(attrs, f);
                }
            }
            Obj::Slice(a, b, c) => (a, b, c).hash(f),
            Obj::Generator(g) => {
                (g.code, g.state).hash(f);
                self.values(&g.handling, f);
                match &g.frame {
                    Some(fr) => {
                        1u8.hash(f);
                        self.frame(fr, f);
                    }
                    None => 0u8.hash(f),
                }
            }
            Obj::Free => {}
        }
    }

    fn frame(&mut self, fr: &Frame, f: &mut crate::fingerprint::Fingerprint) {
        use std::hash::Hash;
        (fr.code, fr.pc).hash(f);
        self.values(&fr.stack, f);
        self.opt_index(fr.env, f);
        fr.blocks.hash(f);
        std::mem::discriminant(&fr.kind).hash(f);
        match &fr.kind {
            FrameKind::Init(v) | FrameKind::Exit(v) => self.value(v, f),
            FrameKind::ClassBody { name, bases } => {
                name.hash(f);
                self.values(bases, f);
            }
            FrameKind::WaitFor { call } => self.values(call, f),
            FrameKind::Dunder(then) => {
                std::mem::discriminant(then).hash(f);
                match then {
                    Then::Truth(not) => not.hash(f),
                    Then::Replace { call, at } => {
                        self.values(call, f);
                        at.hash(f);
                    }
                    Then::Discard | Then::Iter => {}
                }
            }
            FrameKind::Stringify { call, at, spec, method } => {
                self.values(call, f);
                (at, spec, method).hash(f);
            }
            FrameKind::Keyed(k) => {
                match k.op {
                    KeyedOp::SortList { list, reverse } => {
                        self.index(list, f);
                        reverse.hash(f);
                    }
                    op => op.hash(f),
                }
                self.value(&k.key, f);
                self.values(&k.items, f);
                self.values(&k.keys, f);
            }
            FrameKind::Gen { gen, mode } => {
                self.index(*gen, f);
                std::mem::discriminant(mode).hash(f);
                match mode {
                    GenMode::Next { default } => self.opt(default.as_ref(), f),
                    GenMode::For { en } => self.opt_index(*en, f),
                    GenMode::Drain(d) => {
                        let Drain { call, at, items } = &**d;
                        self.values(call, f);
                        at.hash(f);
                        self.values(items, f);
                    }
                    GenMode::Delegate | GenMode::Close => {}
                }
            }
            FrameKind::Normal | FrameKind::PropertyForCall => {}
        }
    }
}

#[path = "process.rs"]
mod process;

/// A running program: everything its threads share.
#[derive(Clone, Debug)]
pub struct World {
    prog: Arc<Program>,
    // (What a run seldom or never changes is shared by the world's clones,
    // and copied by the clone that changes it.)
    consts: Arc<[Value]>,
    heap: Heap,
    free: Vec<u32>,
    /// Each process's globals (0: the program's; a child process runs the
    /// module again into its own, as `spawn` does).
    globals: Vec<Shared<Vec<Option<Value>>>>,
    /// Each process's main thread (the first: the program's, actor 0).
    leaders: Vec<ActorId>,
    /// Each child process's parent (its process number).
    parents: Vec<u32>,
    /// Objects that cross between processes as themselves (`_share`:
    /// `multiprocessing.Array`'s lists, in memory the processes share).
    by_reference: Vec<u32>,
    threads: Vec<Shared<PyThread>>,
    boxes: Vec<Option<Value>>,
    free_boxes: Vec<usize>,
    next_obj: ObjId,
    created: Vec<ObjectDecl>,
    object_names: Arc<Vec<String>>,
    spawned: Vec<(ActorId, String, Option<u32>)>,
    output: Arc<Vec<Output>>,
    output_chars: usize,
    output_dropped: usize,
    rng: SplitMix64,
    given: Arc<Vec<(String, String)>>,
    params: Arc<Vec<ParamDecl>>,
    problems: Arc<Vec<String>>,
    reported: Arc<Vec<Reported>>,
    /// asyncio's tasks, a row each (told runs only; outside the fingerprint).
    tasks: Arc<crate::py::tasks::TaskRows>,
    /// Each followed shared variable: its version (writes so far) and its last writer.
    lineage: Vec<(Key, u64, ActorId)>,
    timescale: u32,
    error: Option<(ActorId, PyError)>,
    started: usize,
    sym_init: u32,
    /// The hidden attribute holding the thread of an instance of a class
    /// deriving from `threading.Thread` (one past the program's names: no
    /// program can name it), and `run`'s symbol.
    sym_thread: u32,
    sym_run: u32,
    sym_enter: u32,
    sym_exit: u32,
    /// `__str__` and `__repr__` (u32::MAX when the program names neither).
    sym_str: u32,
    sym_repr: u32,
    /// The container and attribute protocols a class of the program may
    /// define (`__getitem__`, `__len__`, ...; u32::MAX for a name no code
    /// of the program has).
    dn: Dunders,
    now: f64,
    instructions: u64,
    steps: u64,
    /// Calls of `advance` (story only, as `steps`).
    advances: u64,
    /// Whether its steps are told (`last`, `lineage`, what was printed):
    /// off in a search, which never reads them ([`World::untold`]).
    told: bool,
}

impl World {
    /// A world ready to run `prog`'s module code on actor 0 (the main
    /// thread). `given`: the parameters a link set (`param(...)` reads
    /// them); `seed`: the seed of `random`.
    pub fn new(prog: Program, given: &[(String, String)], seed: u64) -> World {
        let consts: Vec<Value> = prog
            .consts
            .iter()
            .map(|c| match c {
                Const::None => Value::None,
                Const::Bool(b) => Value::Bool(*b),
                Const::Int(i) => Value::Int(*i),
                Const::Float(f) => Value::Float(*f),
                Const::Str(s) => Value::str(s),
            })
            .collect();
        let sym = |n: &str| prog.names.iter().position(|x| x == n).map(|i| i as u32).unwrap_or(u32::MAX);
        let (sym_init, sym_enter, sym_exit) = (sym("__init__"), sym("__enter__"), sym("__exit__"));
        let (sym_str, sym_repr) = (sym("__str__"), sym("__repr__"));
        let dn = Dunders {
            getitem: sym("__getitem__"),
            setitem: sym("__setitem__"),
            delitem: sym("__delitem__"),
            len: sym("__len__"),
            contains: sym("__contains__"),
            iter: sym("__iter__"),
            getattr: sym("__getattr__"),
            setattr: sym("__setattr__"),
            items: sym("items"),
        };
        let (sym_thread, sym_run) = (prog.names.len() as u32, sym("run"));
        let globals = vec![None; prog.globals.len()];
        let mut w = World {
            prog: Arc::new(prog),
            consts: consts.into(),
            heap: Heap::default(),
            free: Vec::new(),
            globals: vec![Shared::new(globals)],
            leaders: vec![0],
            parents: Vec::new(),
            by_reference: Vec::new(),
            threads: Vec::new(),
            boxes: Vec::new(),
            free_boxes: Vec::new(),
            next_obj: 0,
            created: Vec::new(),
            object_names: Arc::default(),
            spawned: Vec::new(),
            output: Arc::default(),
            output_chars: 0,
            output_dropped: 0,
            rng: SplitMix64::new(seed ^ 0x5eed_0f_7a11),
            given: Arc::new(given.to_vec()),
            params: Arc::default(),
            problems: Arc::default(),
            reported: Arc::default(),
            tasks: Arc::default(),
            lineage: Vec::new(),
            timescale: 1,
            error: None,
            started: 0,
            sym_init,
            sym_thread,
            sym_run,
            sym_enter,
            sym_exit,
            sym_str,
            sym_repr,
            dn,
            now: 0.0,
            instructions: 0,
            steps: 0,
            advances: 0,
            told: true,
        };
        let main = w.alloc_raw(Obj::Thread(Box::new(ThreadObj {
            target: Value::None,
            args: vec![],
            kwargs: vec![],
            name: Arc::from("MainThread"),
            daemon: false,
            actor: Some(0),
            done: None,
            owner: None,
        })));
        w.heap[main as usize].shared = true;
        let module = Frame { code: 0, pc: 0, stack: vec![], env: None, blocks: vec![], kind: FrameKind::Normal };
        w.threads.push(Shared::new(PyThread::new(main, Arc::from("MainThread"), None, None, vec![module], 0)));
        w
    }

    /// The step actor `a` took last: its line, its source text, and what it
    /// read or wrote ("reads value = 3"; empty when it touched no data).
    /// Calls of [`World::advance`] so far (the machine's steps that ran
    /// the interpreter).
    pub fn advances(&self) -> u64 {
        self.advances
    }

    /// Actor `a` took a step that the machine carried out alone (a sleep
    /// or a wait beginning, a timeout ending): its last step is the
    /// operation it yielded, which reads and writes nothing. Without this
    /// the step was told with the line of the step before it.
    /// A step of `a` that the machine took alone (a lock taken, a sleep
    /// begun): `yielded` when it was a `time.sleep(0)`, which only offers
    /// the other threads a turn.
    pub fn machine_step(&mut self, a: ActorId, yielded: bool) {
        let told = self.told;
        if let Some(t) = self.threads.get_mut(a) {
            let did = if yielded && told { "yields: another thread may run now".to_string() } else { String::new() };
            t.last = Some((t.span, did));
        }
    }

    pub fn last_step(&self, a: ActorId) -> Option<(u32, String, String)> {
        let t = self.threads.get(a)?;
        let (span, did) = t.last.as_ref()?;
        let src = &self.prog.source;
        let text = src.get(span.start as usize..span.end as usize).unwrap_or("");
        let text = text.lines().next().unwrap_or("").trim();
        let text: String = if text.chars().count() > 60 { text.chars().take(57).chain("...".chars()).collect() } else { text.to_string() };
        // (An empty span: a step of no line of the program's, line 0.)
        let line = if span.end > span.start { self.prog.line_of(span.start) } else { 0 };
        Some((line, text, did.clone()))
    }

    /// Actor `a` read shared variable `k`: it remembers the version it saw.
    fn saw(&mut self, a: ActorId, k: Key) {
        if !self.told {
            return;
        }
        let v = self.lineage.iter().find(|(x, _, _)| *x == k).map(|l| l.1).unwrap_or(0);
        let seen = &mut self.threads[a].seen;
        seen.retain(|(x, _)| *x != k);
        if seen.len() >= MAX_SEEN {
            seen.remove(0);
        }
        seen.push((k, v));
    }

    /// Actor `a` writes shared variable `k`: if another thread wrote it since
    /// `a` read it, that thread's update is lost (`a` wrote over it from a
    /// stale read). Returns the sentence's tail, if so.
    fn wrote(&mut self, a: ActorId, k: Key) -> Option<String> {
        if !self.told {
            return None;
        }
        let read = self.threads[a].seen.iter().find(|(x, _)| *x == k).map(|s| s.1);
        let i = match self.lineage.iter().position(|(x, _, _)| *x == k) {
            Some(i) => i,
            None if self.lineage.len() < MAX_LINEAGE => {
                self.lineage.push((k, 0, a));
                self.lineage.len() - 1
            }
            None => return None,
        };
        let (_, version, writer) = self.lineage[i];
        let lost = match read {
            Some(rv) if version > rv && writer != a => Some(format!("{}'s update is lost", self.threads[writer].name)),
            _ => None,
        };
        self.lineage[i] = (k, version + 1, a);
        self.saw(a, k);
        lost
    }

    /// An instance's own attribute, as it is now (for "over value = 3").
    fn attr_now(&self, obj: &Value, n: u32) -> Option<Value> {
        match self.obj(obj)? {
            Obj::Instance { attrs, .. } => attrs.iter().find(|(k, _)| *k == n).map(|(_, v)| v.clone()),
            _ => None,
        }
    }

    /// Keeps no story of its steps from now on: what each step read or
    /// wrote, which thread's update was lost, what was printed. None of it
    /// changes what a step does (it is no part of a state's fingerprint);
    /// a search, which steps millions of times and shows none of it, sets
    /// this, and a replay of its schedule tells the story.
    pub fn untold(&mut self) {
        self.told = false;
        self.lineage.clear();
        for t in &mut self.threads {
            t.seen.clear();
            t.last = None;
        }
    }

    /// Whether `a`'s step being carried out is still to be told (its
    /// first note is the one kept): the sentence is worth making.
    fn telling(&self, a: ActorId) -> bool {
        self.told && self.threads[a].last.as_ref().is_some_and(|(_, did)| did.is_empty())
    }

    fn note(&mut self, a: ActorId, what: String) {
        if !self.told {
            return;
        }
        if let Some((_, did)) = self.threads[a].last.as_mut() {
            if did.is_empty() {
                *did = what;
            }
        }
    }

    fn short(&self, v: &Value) -> String {
        // A long list's repr would cost a step its length: its first items only.
        if let Value::Obj(o) = v {
            let n = match &self.heap[*o as usize].obj {
                Obj::List(xs) | Obj::Tuple(xs) | Obj::Set(xs) => xs.len(),
                Obj::Dict(kv) => kv.len(),
                _ => 0,
            };
            if n > 12 {
                let first: Vec<String> = match &self.heap[*o as usize].obj {
                    Obj::List(xs) | Obj::Tuple(xs) | Obj::Set(xs) => xs.iter().take(6).map(|x| self.short(x)).collect(),
                    Obj::Dict(kv) => kv.iter().take(6).map(|(k, x)| format!("{}: {}", self.short(k), self.short(x))).collect(),
                    _ => vec![],
                };
                let r = format!("[{}, ...] ({n} items)", first.join(", "));
                return if r.chars().count() > 40 { format!("{}... ({n} items)", r.chars().take(24).collect::<String>()) } else { r };
            }
        }
        let r = self.repr(v);
        if r.chars().count() > 40 { r.chars().take(37).chain("...".chars()).collect() } else { r }
    }

    pub fn program(&self) -> &Program {
        &self.prog
    }

    /// This world's part of a state's fingerprint ([`crate::fingerprint`]):
    /// the heap, the globals, each thread's frames and what it waits for,
    /// the queues' boxes, the objects made so far, the random stream, the
    /// reported values, an error and virtual time. Left out: the program
    /// and its constants (the same in every state of a run), what was
    /// printed, the step and instruction counts, and the notes that name a
    /// lost update (`lineage`, a thread's `seen`, `last`, line and span),
    /// which change how a step is told, never what happens.
    ///
    /// The heap is hashed as a graph, not as an array: its objects are
    /// numbered in the order a walk from the roots (the globals, then each
    /// thread's frames, then the queues' boxes) first reaches them, and a
    /// reference is hashed as that number. Two schedules that made the same
    /// objects in another order (each call makes its environment; two
    /// threads calling in turn swap their cells), or left other garbage,
    /// reach the same state, and the explorer's cache sees it: no program
    /// here can tell a heap from its renumbering (`is` and `==` on objects
    /// compare identities, which a renumbering keeps; nothing prints an
    /// address). Only the count of cells made and free is kept as it is
    /// (the heap's limit counts them).
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    pub fn fingerprint(&self, f: &mut crate::fingerprint::Fingerprint) {
        use std::hash::Hash;
        let mut canon = Canon::new(self.heap.len());
        // (How many cells are made and free, not which: the heap's limit,
        // MAX_HEAP, counts them.)
        (self.heap.len(), self.free.len()).hash(f);
        self.threads.len().hash(f);
        // (Only with a child process: runs without one hash as before.)
        if self.leaders.len() > 1 {
            self.leaders.hash(f);
            self.parents.hash(f);
        }
        // The roots, then what they reach. The globals and each thread are
        // hashed as a heap cell is (`Canon::objects`): their digest (kept
        // while clones share them), then the numbers of what they refer to.
        let mut refer = |d: &CellDigest| {
            std::hash::Hasher::write_u128(f, d.content.into());
            for &r in d.refs.iter() {
                canon.index(r, f);
            }
        };
        for globals in &self.globals {
            globals.digest(
                |globals| {
                    CellDigest::of(|c, f| {
                        globals.len().hash(f);
                        for g in globals {
                            c.opt(g.as_ref(), f);
                        }
                    })
                },
                &mut refer,
            );
        }
        for t in &self.threads {
            t.digest(|t| CellDigest::of(|c, f| t.fingerprint(c, f)), &mut refer);
        }
        self.boxes.len().hash(f);
        for b in &self.boxes {
            canon.opt(b.as_ref(), f);
        }
        // (Only once a program shares one: runs without hash as before.)
        if !self.by_reference.is_empty() {
            self.by_reference.len().hash(f);
            for &o in &self.by_reference {
                canon.index(o, f);
            }
        }
        canon.objects(&self.heap, f);
        self.free_boxes.hash(f);
        self.next_obj.hash(f);
        self.created.len().hash(f);
        self.spawned.hash(f);
        self.rng.hash(f);
        self.reported.hash(f);
        self.error.hash(f);
        self.started.hash(f);
        self.now.to_bits().hash(f);
    }

    /// Lets the clones made next share its threads ([`Shared`]).
    pub fn share(&mut self) {
        for g in &mut self.globals {
            g.share();
        }
        for t in &mut self.threads {
            t.share();
        }
    }

    /// Copies every cell and part shared with other clones of this world
    /// (see `Heap`): for a clone explored on another thread.
    pub fn unshare(&mut self) {
        for c in &mut self.heap.0 {
            *c = Arc::new((**c).clone());
        }
        for g in &mut self.globals {
            g.unshare();
        }
        for t in &mut self.threads {
            t.unshare();
        }
        self.consts = self.consts.iter().cloned().collect::<Vec<_>>().into();
        self.object_names = Arc::new((*self.object_names).clone());
        self.given = Arc::new((*self.given).clone());
        self.params = Arc::new((*self.params).clone());
        self.problems = Arc::new((*self.problems).clone());
        self.reported = Arc::new((*self.reported).clone());
        self.output = Arc::new((*self.output).clone());
        self.prog = Arc::new((*self.prog).clone());
    }

    /// Objects made since the last call (the driver declares them, in order).
    pub fn take_created(&mut self) -> Vec<ObjectDecl> {
        std::mem::take(&mut self.created)
    }

    /// Threads started since the last call: their actor ids, names and, for
    /// a child process's, its process (`os.getpid()` there).
    pub fn take_spawned(&mut self) -> Vec<(ActorId, String, Option<u32>)> {
        std::mem::take(&mut self.spawned)
    }

    pub fn output(&self) -> &[Output] {
        &self.output
    }

    pub fn error(&self) -> Option<&(ActorId, PyError)> {
        self.error.as_ref()
    }

    /// Why the run must end now, if it must.
    pub fn fatal(&self) -> Option<&str> {
        match &self.error {
            Some((_, PyError::Fatal(m))) => Some(m),
            _ => None,
        }
    }

    /// The parameters the program declared, as it read them.
    pub fn params(&self) -> &[ParamDecl] {
        &self.params
    }

    /// What the program's threads share, as a student would print it: every
    /// module-level variable that holds data (not a function, class, module,
    /// thread or synchronization object; not an UPPER_CASE constant), and the
    /// data attributes of the objects they hold, each with its value now.
    /// Long values are abbreviated ("a list of 20000 items"); at most
    /// [`MAX_SHARED_SHOWN`] rows.
    /// The classes the libraries define (`multiprocessing:Process`).
    fn library_classes(&self) -> Vec<u32> {
        let named = self.prog.globals.iter().zip(self.globals[0].iter());
        named
            .filter_map(|(n, v)| match v {
                Some(Value::Obj(c)) if n.contains(':') && matches!(self.heap[*c as usize].obj, Obj::Class { .. }) => Some(*c),
                _ => None,
            })
            .collect()
    }

    pub fn shared_data(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        // (Found once a call, when the first object is shown: this runs every frame.)
        let mut library: Option<Vec<u32>> = None;
        for (i, name) in self.prog.globals.iter().enumerate() {
            if out.len() >= MAX_SHARED_SHOWN {
                break;
            }
            let Some(Some(v)) = self.globals[0].get(i) else { continue };
            if name.starts_with("__") || name.contains(':') || (name.chars().any(|c| c.is_ascii_uppercase()) && !name.chars().any(|c| c.is_ascii_lowercase())) {
                continue;
            }
            if let Value::Obj(o) = v {
                if let Obj::Instance { attrs, class } = &self.heap[*o as usize].obj {
                    // (A library's object shows its public attributes only:
                    // a Process its name, not its `_target`.)
                    let library = library.get_or_insert_with(|| self.library_classes()).contains(class);
                    for (sym, av) in attrs.iter().filter(|(s, _)| *s != self.sym_thread && !(library && self.name(*s).starts_with('_'))) {
                        if let Some(t) = self.brief(av) {
                            out.push((format!("{name}.{}", self.name(*sym)), t));
                        }
                    }
                    continue;
                }
            }
            if let Some(t) = self.brief(v) {
                out.push((name.clone(), t));
            }
        }
        out.truncate(MAX_SHARED_SHOWN);
        out
    }

    /// Actor `a`'s local variables now, as the step view shows them beside its
    /// line: the innermost function's assigned locals, in their order (at most
    /// [`MAX_LOCALS_SHOWN`]; `self`, `_` and unassigned ones left out), data as
    /// the shared view abbreviates it, anything else by its type ("a Lock").
    /// Module-level code has none (its variables are the shared data).
    pub fn locals(&self, a: ActorId) -> Vec<(String, String)> {
        let Some(f) = self.threads.get(a).and_then(|t| t.frames.iter().rev().find(|f| !self.prog.codes[f.code as usize].library)) else {
            return vec![];
        };
        let Some(Obj::Env { vals, .. }) = f.env.and_then(|e| self.heap.get(e as usize)).map(|c| &c.obj) else { return vec![] };
        let code = &self.prog.codes[f.code as usize];
        let mut out = Vec::new();
        for (name, v) in code.locals.iter().zip(vals) {
            let Some(v) = v else { continue };
            if name == "self" || name == "_" || name.starts_with('.') {
                continue;
            }
            let text = self.brief(v).unwrap_or_else(|| format!("a {}", self.type_name(v)));
            out.push((name.clone(), text));
            if out.len() >= MAX_LOCALS_SHOWN {
                break;
            }
        }
        out
    }

    /// A value as the shared-data view shows it, or None for what is not data.
    fn brief(&self, v: &Value) -> Option<String> {
        const LONG: usize = 60;
        let cut = |s: String| if s.chars().count() > LONG { format!("{}…", s.chars().take(LONG).collect::<String>()) } else { s };
        match v {
            Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Str(_) => Some(cut(self.repr(v))),
            Value::Obj(o) => {
                let (kind, items): (&str, Vec<&Value>) = match &self.heap[*o as usize].obj {
                    Obj::List(xs) => ("list", xs.iter().collect()),
                    Obj::Tuple(xs) => ("tuple", xs.iter().collect()),
                    Obj::Set(xs) => ("set", xs.iter().collect()),
                    Obj::Dict(kv) => ("dict", kv.iter().map(|(_, v)| v).collect()),
                    _ => return None,
                };
                // A list of threads or locks is not data a student watches.
                let data = |x: &Value| match x {
                    Value::Obj(i) => matches!(self.heap[*i as usize].obj, Obj::List(_) | Obj::Tuple(_) | Obj::Dict(_) | Obj::Set(_)),
                    Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Str(_) => true,
                    _ => false,
                };
                if !items.iter().take(8).all(|x| data(x)) {
                    return None;
                }
                let n = items.len();
                // Shown whole only when small and flat (a repr costs its size, five times a second).
                let flat = items.iter().all(|x| !matches!(x, Value::Obj(_)));
                Some(if n <= 8 && flat { cut(self.repr(v)) } else { format!("a {kind} of {n} items") })
            }
            _ => None,
        }
    }

    /// What the program reported with `report(...)`, in the order first reported.
    pub fn reported(&self) -> &[Reported] {
        &self.reported
    }

    /// The rows of asyncio's tasks so far (none in a search).
    pub fn tasks(&self) -> &crate::py::tasks::TaskRows {
        &self.tasks
    }

    /// Every sleep, stretch of work and timeout takes `factor` times as long
    /// (the page's time scale, to watch a run).
    pub fn slowed(mut self, factor: u32) -> World {
        self.timescale = factor.max(1);
        self
    }

    /// Sentences about parameters a link gave that the program refused.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// The source span of actor `a`'s next step.
    pub fn span(&self, a: ActorId) -> super::ast::Span {
        self.threads.get(a).map(|t| t.span).unwrap_or_default()
    }

    /// The actors in the critical section now: those whose next step is
    /// `critical_section()` ([`crate::challenge`]).
    pub fn in_critical_section(&self) -> Vec<ActorId> {
        self.threads.iter().enumerate().filter(|(_, t)| t.critical).map(|(a, _)| a).collect()
    }

    /// How many actors are in the critical section now (no allocation: the
    /// explorer asks after every step).
    pub fn critical_count(&self) -> usize {
        self.threads.iter().filter(|t| t.critical).count()
    }

    pub fn is_daemon(&self, a: ActorId) -> bool {
        self.threads.get(a).is_some_and(|t| match &self.heap[t.obj as usize].obj {
            Obj::Thread(th) => th.daemon,
            _ => false,
        })
    }

    // ---- the heap ----

    fn alloc_raw(&mut self, obj: Obj) -> u32 {
        if let Some(i) = self.free.pop() {
            self.heap.set(i as usize, Cell { obj, shared: false });
            return i;
        }
        self.heap.push(Cell { obj, shared: false });
        self.heap.len() as u32 - 1
    }

    fn alloc(&mut self, obj: Obj) -> Res<Value> {
        if self.heap.len() >= MAX_HEAP && self.free.is_empty() {
            return Err(self.exc(Exc::MemoryError, &format!("the program holds more than {MAX_HEAP} objects")));
        }
        Ok(Value::Obj(self.alloc_raw(obj)))
    }

    fn obj(&self, v: &Value) -> Option<&Obj> {
        match v {
            Value::Obj(i) => self.heap.get(*i as usize).map(|c| &c.obj),
            _ => None,
        }
    }

    fn is_shared(&self, v: &Value) -> bool {
        matches!(v, Value::Obj(i) if self.heap[*i as usize].shared)
    }

    /// Whether reading `v` from shared memory is a step (it is data, not
    /// code or a synchronization object).
    fn is_data(&self, v: &Value) -> bool {
        match v {
            Value::Builtin(_) | Value::Module(_) | Value::ExcClass(_) | Value::Method(_) | Value::Absent => false,
            Value::Obj(i) => !matches!(
                self.heap[*i as usize].obj,
                Obj::Function { .. } | Obj::Class { .. } | Obj::Prim { .. } | Obj::Bound { .. } | Obj::BoundBuiltin { .. } | Obj::Thread(_)
            ),
            _ => true,
        }
    }

    /// Whether `v` is a list or dict another thread can reach.
    fn shared_container(&self, v: &Value) -> bool {
        match v {
            Value::Obj(i) => {
                let c = &self.heap[*i as usize];
                c.shared && matches!(c.obj, Obj::List(_) | Obj::Dict(_) | Obj::Set(_))
            }
            _ => false,
        }
    }

    /// Marks `v` and everything it reaches as shared.
    fn publish(&mut self, v: &Value) {
        let mut todo: Vec<u32> = match v {
            Value::Obj(i) => vec![*i],
            _ => return,
        };
        while let Some(i) = todo.pop() {
            if self.heap[i as usize].shared {
                continue;
            }
            let cell = &mut self.heap[i as usize];
            cell.shared = true;
            let mut kids: Vec<u32> = Vec::new();
            let mut push = |v: &Value| {
                if let Value::Obj(j) = v {
                    kids.push(*j)
                }
            };
            match &cell.obj {
                Obj::List(xs) | Obj::Tuple(xs) | Obj::Set(xs) => xs.iter().for_each(&mut push),
                Obj::Dict(kv) => kv.iter().for_each(|(k, v)| {
                    push(k);
                    push(v)
                }),
                Obj::Instance { class, attrs } => {
                    push(&Value::Obj(*class));
                    attrs.iter().for_each(|(_, v)| push(v))
                }
                Obj::Class { bases, attrs, .. } => {
                    bases.iter().for_each(&mut push);
                    attrs.iter().for_each(|(_, v)| push(v))
                }
                Obj::Function { defaults, env, .. } => {
                    defaults.iter().for_each(&mut push);
                    if let Some(e) = env {
                        push(&Value::Obj(*e))
                    }
                }
                Obj::Bound { this, func } => {
                    push(this);
                    push(func)
                }
                Obj::Super { class, this } => {
                    push(&Value::Obj(*class));
                    push(this)
                }
                Obj::BoundBuiltin { this, .. } => push(this),
                Obj::Env { vals, parent, .. } => {
                    vals.iter().flatten().for_each(&mut push);
                    if let Some(p) = parent {
                        push(&Value::Obj(*p))
                    }
                }
                Obj::Exception { class, args, attrs } => {
                    push(class);
                    args.iter().for_each(&mut push);
                    attrs.iter().flat_map(|a| a.iter()).for_each(|(_, v)| push(v))
                }
                Obj::Thread(t) => {
                    push(&t.target);
                    t.args.iter().for_each(&mut push);
                    t.kwargs.iter().for_each(|(_, v)| push(v));
                    if let Some(o) = t.owner {
                        push(&Value::Obj(o))
                    }
                }
                Obj::Iter(Iter::Seq { seq, .. } | Iter::Enumerate { it: seq, .. }) => push(&Value::Obj(*seq)),
                Obj::Iter(Iter::Items { items, .. } | Iter::Cycle { items, .. }) => items.iter().for_each(&mut push),
                Obj::Property(f) | Obj::ClassMethod(f) | Obj::StaticMethod(f) => push(f),
                // (A thread's own attributes are no other thread's to reach.)
                Obj::Local(_) => {}
                Obj::Generator(g) => {
                    g.handling.iter().for_each(&mut push);
                    if let Some(fr) = &g.frame {
                        fr.stack.iter().for_each(&mut push);
                        if let Some(e) = fr.env {
                            push(&Value::Obj(e))
                        }
                    }
                }
                _ => {}
            }
            todo.extend(kids);
        }
    }

    fn exc(&mut self, kind: Exc, msg: &str) -> Value {
        Value::Obj(self.alloc_raw(Obj::Exception { class: Value::ExcClass(kind), args: vec![Value::str(msg)], attrs: None }))
    }

    /// `KeyError(key)`: its text is the key's repr (`KeyError: 'k'`).
    fn key_error(&mut self, key: Value) -> Value {
        Value::Obj(self.alloc_raw(Obj::Exception { class: Value::ExcClass(Exc::KeyError), args: vec![key], attrs: None }))
    }

    fn type_error(&mut self, msg: String) -> Value {
        self.exc(Exc::TypeError, &msg)
    }

    fn name(&self, sym: u32) -> &str {
        self.prog.names.get(sym as usize).map(|s| s.as_str()).unwrap_or("?")
    }

    // ---- synchronization objects ----

    fn new_object(&mut self, kind: ObjectKind, a: ActorId, what: &str) -> ObjId {
        let base = self.binding_name(a).unwrap_or_else(|| format!("{what}{}", self.next_obj));
        self.new_object_as(kind, a, base)
    }

    /// A new object called `base` (or `base2`, `base3`, ... if taken).
    fn new_object_as(&mut self, kind: ObjectKind, a: ActorId, base: String) -> ObjId {
        let id = self.next_obj;
        self.next_obj += 1;
        let mut name = base.clone();
        let mut n = 2;
        while self.object_names.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        Arc::make_mut(&mut self.object_names).push(name.clone());
        self.created.push(ObjectDecl { name, kind, line: self.threads[a].line, items: vec![] });
        id
    }

    /// The name the value being made is about to be stored under (the
    /// next instruction's target), for naming a lock after its variable.
    fn binding_name(&self, a: ActorId) -> Option<String> {
        let f = self.threads[a].frames.last()?;
        let code = &self.prog.codes[f.code as usize];
        // `x = Lock()`, or `self._lock = Lock()` (the receiver is loaded first).
        let mut at = f.pc;
        // `forks = [Lock() for _ in range(n)]`: each is `forks[k]`, after the
        // variable the comprehension's list goes into (in the frame below).
        if matches!(code.ins.get(at), Some(Ins::ListAppend(_))) {
            let frames = &self.threads[a].frames;
            let below = frames.get(frames.len().checked_sub(2)?)?;
            let outer = &self.prog.codes[below.code as usize];
            let list = match outer.ins.get(below.pc)? {
                Ins::StoreAttr(s) => self.prog.names[*s as usize].clone(),
                Ins::StoreGlobal(g) => self.prog.globals[*g as usize].clone(),
                Ins::StoreLocal(l) => outer.locals.get(*l as usize)?.clone(),
                _ => return None,
            };
            let list = list.trim_start_matches('_');
            let k = self.object_names.iter().filter(|n| n.strip_prefix(list).is_some_and(|r| r.starts_with('['))).count();
            return Some(format!("{list}[{k}]")).filter(|_| !list.is_empty());
        }
        let n = loop {
            match code.ins.get(at)? {
                Ins::StoreAttr(s) => break self.prog.names[*s as usize].clone(),
                Ins::StoreGlobal(g) => break self.prog.globals[*g as usize].clone(),
                Ins::StoreLocal(l) => break code.locals.get(*l as usize)?.clone(),
                Ins::LoadLocal(_) | Ins::LoadGlobal(_) | Ins::LoadDeref(..) if at < f.pc + 2 => at += 1,
                _ => return None,
            }
        };
        if code.library {
            // `concurrent.futures`' own objects, named for what they are to the program.
            let n = n.rsplit(':').next().unwrap_or(&n);
            let named = match n {
                "_condition" => "future",
                "_idle_semaphore" => "idle_workers",
                "_shutdown_lock" => "pool_lock",
                "_global_shutdown_lock" => "pools_lock",
                "_wakeup" => "event_loop",
                "event" => "waiter_event",
                "lock" => "waiter_lock",
                other => other.trim_start_matches('_'),
            };
            return Some(named.to_string()).filter(|s| !s.is_empty());
        }
        Some(n.trim_start_matches('_').to_string()).filter(|s| !s.is_empty())
    }

    fn new_box(&mut self, v: Value) -> i64 {
        match self.free_boxes.pop() {
            Some(i) => {
                self.boxes[i] = Some(v);
                i as i64
            }
            None => {
                self.boxes.push(Some(v));
                self.boxes.len() as i64 - 1
            }
        }
    }

    fn take_box(&mut self, i: i64) -> Value {
        let i = i.max(0) as usize;
        match self.boxes.get_mut(i).and_then(Option::take) {
            Some(v) => {
                self.free_boxes.push(i);
                v
            }
            None => Value::None,
        }
    }

    // ---- running ----

    /// Runs actor `a` up to its next step (carrying out the step it was
    /// given last time first) and returns it.
    pub fn advance(&mut self, a: ActorId, r: Resume) -> Step {
        self.now = r.now;
        self.advances += 1;
        let Some(t) = self.threads.get_mut(a) else { return Step::Done };
        let pending = std::mem::replace(&mut t.pending, Pending::None);
        if pending != Pending::None {
            t.last = Some((t.span, String::new()));
        }
        let mut granted = pending == Pending::Instr;
        match pending {
            Pending::End => {
                self.note(a, "ends".into());
                return Step::Done;
            }
            Pending::Boot => granted = true,
            _ => {}
        }
        self.steps += 1;
        let mut budget = LOCAL_SLICE;
        loop {
            self.instructions += 1;
            if self.instructions > MAX_INSTRUCTIONS {
                if !matches!(self.error, Some((_, PyError::Fatal(_)))) {
                    let msg = format!(
                        "stopped after {} steps and {MAX_INSTRUCTIONS} instructions: does a loop never end?",
                        self.steps
                    );
                    self.error = Some((a, PyError::Fatal(msg)));
                }
                self.threads[a].frames.clear();
                self.threads[a].boot = None;
                return Step::Done;
            }
            if self.threads[a].frames.is_empty() {
                if let Some((callee, args, kw)) = self.threads[a].boot.clone() {
                    match self.call(a, callee, None, args, kw, granted, &r) {
                        Ok(Out::Yield(op, reg)) => {
                            self.threads[a].pending = Pending::Boot;
                            return self.yield_op(a, op, reg);
                        }
                        Ok(_) => self.threads[a].boot = None,
                        Err(e) => {
                            self.threads[a].boot = None;
                            self.uncaught(a, e);
                        }
                    }
                    granted = false;
                    continue;
                }
                // The program's module code is over: what it registered to
                // run at its end runs now, on the main thread (CPython's
                // `threading._register_atexit`: the pools' threads are told
                // to end and joined).
                if self.leads(a) && !matches!(self.error, Some((_, PyError::Fatal(_)))) {
                    let p = self.proc_of(a);
                    if let Some(exit) = self.prog.at_exit.and_then(|g| self.globals[p][g as usize].take()) {
                        match self.call(a, exit, None, vec![], vec![], false, &r) {
                            Ok(Out::Yield(op, reg)) => return self.yield_op(a, op, reg),
                            Ok(_) => {}
                            Err(e) => self.uncaught(a, e),
                        }
                        continue;
                    }
                }
                return match self.threads[a].done_event {
                    Some(event) => {
                        self.threads[a].pending = Pending::End;
                        Step::Op { op: Op::EventSet { event }, line: self.threads[a].line, reg: None, place: Place::Back }
                    }
                    None => Step::Done,
                };
            }
            budget -= 1;
            if budget == 0 {
                self.threads[a].pending = Pending::Preempt;
                return Step::Op { op: Op::Py, line: self.threads[a].line, reg: None, place: Place::Back };
            }
            let (ins, span, library) = {
                let t = &mut self.threads[a];
                let f = t.frames.last_mut().expect("a frame");
                let code = &self.prog.codes[f.code as usize];
                let Some(&ins) = code.ins.get(f.pc) else {
                    t.frames.pop();
                    continue;
                };
                let span = code.spans[f.pc];
                f.pc += 1;
                (ins, span, code.library)
            };
            if granted {
                // The step was granted where it was yielded: same span.
            } else if library {
                // A library's code (`concurrent.futures`) is shown where the
                // program called it, or nowhere (a pool's idle worker).
                let (span, line) = self.program_place(a);
                let t = &mut self.threads[a];
                t.span = span;
                t.line = line;
            } else {
                self.threads[a].span = span;
                self.threads[a].line = self.prog.line_of(span.start);
            }
            let g = granted;
            granted = false;
            match self.exec(a, ins, g, &r) {
                Ok(None) => {}
                Ok(Some((op, reg))) => {
                    let t = &mut self.threads[a];
                    t.pending = Pending::Instr;
                    if let Some(f) = t.frames.last_mut() {
                        f.pc -= 1;
                    }
                    return self.yield_op(a, op, reg);
                }
                Err(e) => {
                    let t = &mut self.threads[a];
                    if let Value::Obj(id) = e {
                        if t.raised.is_none_or(|(x, _)| x != id) {
                            t.raised = Some((id, t.line));
                        }
                    }
                    self.raise(a, e)
                }
            }
        }
    }

    /// Global `g` as a step's sentence names it: a library module's as
    /// Python writes it (`concurrent.futures._shutdown`).
    fn global_name(&self, g: u32) -> String {
        self.prog.globals[g as usize].replace(':', ".")
    }

    /// Where `a` is in the program's own code: the call its innermost frame
    /// of the program's code is making, and its line; an empty span and
    /// line 0 when no frame of `a` is the program's.
    #[cold]
    fn program_place(&self, a: ActorId) -> (super::ast::Span, u32) {
        for f in self.threads[a].frames.iter().rev() {
            let code = &self.prog.codes[f.code as usize];
            if !code.library {
                let span = code.spans.get(f.pc.saturating_sub(1)).copied().unwrap_or_default();
                return (span, self.prog.line_of(span.start));
            }
        }
        (super::ast::Span::default(), 0)
    }

    fn yield_op(&mut self, a: ActorId, op: Op, reg: Option<i64>) -> Step {
        let place = std::mem::take(&mut self.threads[a].place);
        Step::Op { op, line: self.threads[a].line, reg, place }
    }

    /// A value as a priority queue compares it.
    fn sort_key(&self, v: &Value, depth: usize) -> SortKey {
        match v {
            Value::Bool(b) => SortKey::Bool(*b),
            Value::Int(i) => SortKey::Int(*i),
            Value::Float(f) => SortKey::Float(*f),
            Value::Str(s) => SortKey::Str(s.clone()),
            Value::Obj(i) if depth < 32 => match &self.heap[*i as usize].obj {
                Obj::Tuple(xs) => SortKey::Tuple(xs.iter().map(|x| self.sort_key(x, depth + 1)).collect()),
                Obj::List(xs) => SortKey::List(xs.iter().map(|x| self.sort_key(x, depth + 1)).collect()),
                // Equal by contents (as far as their text says), not ordered.
                Obj::Dict(_) => SortKey::Other { ty: Arc::from(self.type_name(v).as_str()), eq: Arc::from(self.repr(v).as_str()) },
                // Equal only to itself.
                _ => SortKey::Other { ty: Arc::from(self.type_name(v).as_str()), eq: Arc::from(format!("#{i}").as_str()) },
            },
            _ => SortKey::Other { ty: Arc::from(self.type_name(v).as_str()), eq: Arc::from(self.repr(v).as_str()) },
        }
    }

    /// A step: yields `Op::Py` unless it was granted.
    fn step(granted: bool) -> Option<(Op, Option<i64>)> {
        (!granted).then_some((Op::Py, None))
    }

    fn frame(&mut self, a: ActorId) -> &mut Frame {
        self.threads[a].frames.last_mut().expect("a frame")
    }

    fn push(&mut self, a: ActorId, v: Value) {
        self.frame(a).stack.push(v);
    }

    fn pop(&mut self, a: ActorId) -> Value {
        self.frame(a).stack.pop().unwrap_or(Value::None)
    }

    fn top(&self, a: ActorId, depth: usize) -> Value {
        let s = &self.threads[a].frames.last().expect("a frame").stack;
        s.get(s.len().wrapping_sub(1 + depth)).cloned().unwrap_or(Value::None)
    }

    fn env_at(&self, a: ActorId, depth: u16) -> Option<u32> {
        let mut e = self.threads[a].frames.last()?.env?;
        for _ in 0..depth {
            e = match &self.heap[e as usize].obj {
                Obj::Env { parent, .. } => (*parent)?,
                _ => return None,
            };
        }
        Some(e)
    }

    fn env_get(&self, e: u32, slot: u16) -> Option<Value> {
        match &self.heap[e as usize].obj {
            Obj::Env { vals, .. } => vals.get(slot as usize).cloned().flatten(),
            _ => None,
        }
    }

    fn env_set(&mut self, e: u32, slot: u16, v: Option<Value>) {
        if let Obj::Env { vals, .. } = &mut self.heap[e as usize].obj {
            if let Some(x) = vals.get_mut(slot as usize) {
                *x = v;
            }
        }
    }

    fn local_name(&self, a: ActorId, slot: u16, depth: u16) -> String {
        // The code of the frame `depth` functions up is not kept; name the
        // variable from the current code when we can.
        let f = self.threads[a].frames.last().expect("a frame");
        if depth == 0 {
            return self.prog.codes[f.code as usize].locals.get(slot as usize).cloned().unwrap_or_default();
        }
        "a variable".into()
    }

    /// One instruction. `Some(op)`: it is a step that must wait for its turn.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn exec(&mut self, a: ActorId, ins: Ins, granted: bool, r: &Resume) -> Res<Option<(Op, Option<i64>)>> {
        match ins {
            Ins::Nop => {}
            Ins::Const(k) => {
                let v = self.consts[k as usize].clone();
                self.push(a, v);
            }
            Ins::LoadLocal(i) => {
                let e = self.threads[a].frames.last().and_then(|f| f.env);
                match e.and_then(|e| self.env_get(e, i)) {
                    Some(v) => self.push(a, v),
                    None => {
                        let n = self.local_name(a, i, 0);
                        return Err(self.exc(Exc::NameError, &format!("local variable '{n}' referenced before assignment")));
                    }
                }
            }
            Ins::StoreLocal(i) => {
                let v = self.pop(a);
                if let Some(e) = self.threads[a].frames.last().and_then(|f| f.env) {
                    self.env_set(e, i, Some(v));
                }
            }
            Ins::DelLocal(i) => {
                if let Some(e) = self.threads[a].frames.last().and_then(|f| f.env) {
                    self.env_set(e, i, None);
                }
            }
            Ins::LoadDeref(d, i) => {
                let Some(e) = self.env_at(a, d) else { return Err(self.exc(Exc::NameError, "free variable referenced before assignment")) };
                let Some(v) = self.env_get(e, i) else {
                    return Err(self.exc(Exc::NameError, "free variable referenced before assignment in enclosing scope"));
                };
                if self.heap[e as usize].shared && self.is_data(&v) {
                    if let Some(s) = Self::step(granted) {
                        return Ok(Some(s));
                    }
                    if self.telling(a) {
                        let what = format!("reads a shared variable = {}", self.short(&v));
                        self.note(a, what);
                    }
                }
                self.push(a, v);
            }
            Ins::StoreDeref(d, i) => {
                let Some(e) = self.env_at(a, d) else { return Ok(None) };
                if self.heap[e as usize].shared {
                    if let Some(s) = Self::step(granted) {
                        return Ok(Some(s));
                    }
                    let v = self.top(a, 0);
                    self.publish(&v);
                }
                let v = self.pop(a);
                self.env_set(e, i, Some(v));
            }
            Ins::LoadGlobal(g) => {
                let p = self.proc_of(a);
                let v = match &self.globals[p][g as usize] {
                    Some(v) => v.clone(),
                    None => {
                        let n = &self.prog.globals[g as usize];
                        // (A library's global is named after its module: `concurrent.futures:len`.)
                        let n = n.rsplit(':').next().unwrap_or(n);
                        match Builtin::global(n) {
                            Some(b) => Value::Builtin(b),
                            // The program is the main module: `if __name__ == "__main__":` runs.
                            // A child process runs it again as `__mp_main__` (spawn's way).
                            None if n == "__name__" => Value::str(if p == 0 { "__main__" } else { "__mp_main__" }),
                            None => match Exc::by_name(n) {
                                Some(e) => Value::ExcClass(e),
                                None => {
                                    let msg = format!("name '{n}' is not defined");
                                    return Err(self.exc(Exc::NameError, &msg));
                                }
                            },
                        }
                    }
                };
                if self.prog.shared_globals[g as usize] && self.is_data(&v) {
                    if let Some(s) = Self::step(granted) {
                        return Ok(Some(s));
                    }
                    if self.telling(a) {
                        let what = format!("reads {} = {}", self.global_name(g), self.short(&v));
                        self.note(a, what);
                    }
                    self.saw(a, (u32::MAX, g));
                }
                self.push(a, v);
            }
            Ins::StoreGlobal(g) => {
                if self.prog.shared_globals[g as usize] {
                    if let Some(s) = Self::step(granted) {
                        return Ok(Some(s));
                    }
                }
                let v = self.pop(a);
                self.publish(&v);
                if self.prog.shared_globals[g as usize] {
                    let lost = self.wrote(a, (u32::MAX, g));
                    if self.telling(a) {
                        let what = format!("writes {} = {}", self.global_name(g), self.short(&v));
                        let what = match (lost, &self.globals[self.proc_of(a)][g as usize]) {
                            (Some(lost), Some(old)) => format!("{what} over {} = {}: {lost}", self.global_name(g), self.short(old)),
                            _ => what,
                        };
                        self.note(a, what);
                    }
                }
                let p = self.proc_of(a);
                self.globals[p][g as usize] = Some(v);
            }
            Ins::LoadAttr(n) => {
                let obj = self.top(a, 0);
                let (v, step) = self.get_attr(a, &obj, n)?;
                if step {
                    if let Some(s) = Self::step(granted) {
                        return Ok(Some(s));
                    }
                }
                self.pop(a);
                if step {
                    if let Attr::Value(v) = &v {
                        if self.telling(a) {
                            let what = format!("reads {} = {}", self.name(n), self.short(v));
                            self.note(a, what);
                        }
                        if let Value::Obj(o) = obj {
                            self.saw(a, (o, n));
                        }
                    }
                }
                match v {
                    Attr::Value(v) => self.push(a, v),
                    Attr::Property(f) => {
                        return self.call_pushing(a, f, Some(obj), vec![], vec![], granted, r);
                    }
                    Attr::Missing(f) => {
                        let name = Value::str(self.name(n));
                        return self.call_dunder(a, f, obj, vec![name], None, r);
                    }
                }
            }
            Ins::LoadMethod(n) => {
                let obj = self.top(a, 0);
                let (callee, this, step) = self.get_method(a, &obj, n)?;
                if step {
                    if let Some(s) = Self::step(granted) {
                        return Ok(Some(s));
                    }
                }
                self.pop(a);
                match callee {
                    Attr::Value(v) => {
                        self.push(a, v);
                        self.push(a, this);
                    }
                    Attr::Property(_) | Attr::Missing(_) => {
                        // A property's value (or `__getattr__`'s), then called
                        // (`obj.prop()`): the call finds the value as its
                        // callee and Absent as its `this`, pushed when the
                        // getter returns.
                        let (f, args) = match callee {
                            Attr::Missing(f) => (f, vec![Value::str(self.name(n))]),
                            Attr::Property(f) | Attr::Value(f) => (f, vec![]),
                        };
                        let depth = self.threads[a].frames.len();
                        match self.call(a, f, Some(obj), args, vec![], granted, r)? {
                            Out::Value(v) => {
                                self.push(a, v);
                                self.push(a, Value::Absent);
                            }
                            Out::Pushed => {
                                if self.threads[a].frames.len() > depth {
                                    self.frame(a).kind = FrameKind::PropertyForCall;
                                }
                            }
                            Out::Yield(..) => return Err(self.type_error("a property cannot wait".into())),
                        }
                        return Ok(None);
                    }
                }
            }
            Ins::StoreAttr(n) => {
                let obj = self.top(a, 0);
                if let Some(f) = self.dunder(&obj, self.dn.setattr) {
                    let obj = self.pop(a);
                    let v = self.pop(a);
                    let name = Value::str(self.name(n));
                    return self.call_dunder(a, f, obj, vec![name, v], Some(Then::Discard), r);
                }
                if let Some(Obj::Local(_)) = self.obj(&obj) {
                    // `local.x = v`: this thread's own; no step.
                    let obj = self.pop(a);
                    let v = self.pop(a);
                    self.local_set(a, &obj, n, v);
                    return Ok(None);
                }
                let shared = self.is_shared(&obj);
                if shared {
                    if let Some(s) = Self::step(granted) {
                        return Ok(Some(s));
                    }
                }
                let obj = self.pop(a);
                let v = self.pop(a);
                if shared {
                    self.publish(&v);
                    let lost = match obj {
                        Value::Obj(o) => self.wrote(a, (o, n)),
                        _ => None,
                    };
                    if self.telling(a) {
                        let what = format!("writes {} = {}", self.name(n), self.short(&v));
                        let what = match (lost, self.attr_now(&obj, n)) {
                            (Some(lost), Some(old)) => format!("{what} over {} = {}: {lost}", self.name(n), self.short(&old)),
                            _ => what,
                        };
                        self.note(a, what);
                    }
                }
                self.set_attr(&obj, n, v)?;
            }
            Ins::Subscript => {
                let container = self.top(a, 1);
                if let Some(f) = self.dunder(&container, self.dn.getitem) {
                    let index = self.pop(a);
                    let container = self.pop(a);
                    return self.call_dunder(a, f, container, vec![index], None, r);
                }
                if self.shared_container(&container) {
                    if let Some(s) = Self::step(granted) {
                        return Ok(Some(s));
                    }
                }
                let index = self.pop(a);
                let container = self.pop(a);
                let v = self.subscript(&container, &index)?;
                if self.shared_container(&container) && self.telling(a) {
                    let what = format!("reads [{}] = {}", self.short(&index), self.short(&v));
                    self.note(a, what);
                }
                self.push(a, v);
            }
            Ins::StoreSubscript => {
                let container = self.top(a, 1);
                if let Some(f) = self.dunder(&container, self.dn.setitem) {
                    let index = self.pop(a);
                    let container = self.pop(a);
                    let v = self.pop(a);
                    return self.call_dunder(a, f, container, vec![index, v], Some(Then::Discard), r);
                }
                let shared = self.shared_container(&container);
                if shared {
                    if let Some(s) = Self::step(granted) {
                        return Ok(Some(s));
                    }
                }
                let index = self.pop(a);
                let container = self.pop(a);
                let v = self.pop(a);
                if shared {
                    self.publish(&v);
                }
                self.store_subscript(&container, index, v)?;
            }
            Ins::DelSubscript => {
                let container = self.top(a, 1);
                if let Some(f) = self.dunder(&container, self.dn.delitem) {
                    let index = self.pop(a);
                    let container = self.pop(a);
                    return self.call_dunder(a, f, container, vec![index], Some(Then::Discard), r);
                }
                if self.shared_container(&container) {
                    if let Some(s) = Self::step(granted) {
                        return Ok(Some(s));
                    }
                }
                let index = self.pop(a);
                let container = self.pop(a);
                self.del_subscript(&container, &index)?;
            }
            Ins::BuildSlice => {
                let step = self.pop(a);
                let upper = self.pop(a);
                let lower = self.pop(a);
                let int = |w: &mut World, v: &Value| -> Res<Option<i64>> {
                    match v {
                        Value::None => Ok(None),
                        Value::Int(i) => Ok(Some(*i)),
                        Value::Bool(b) => Ok(Some(*b as i64)),
                        _ => Err(w.type_error("slice indices must be integers or None".into())),
                    }
                };
                let s = Obj::Slice(int(self, &lower)?, int(self, &upper)?, int(self, &step)?);
                let v = self.alloc(s)?;
                self.push(a, v);
            }
            Ins::Binary(op) | Ins::InPlace(op) => {
                let (x, y) = (self.top(a, 1), self.top(a, 0));
                if self.shared_container(&x) || self.shared_container(&y) {
                    if let Some(s) = Self::step(granted) {
                        return Ok(Some(s));
                    }
                }
                let y = self.pop(a);
                let x = self.pop(a);
                use super::ast::BinOp as B;
                let set_op = matches!(op, B::BitOr | B::BitAnd | B::Sub | B::BitXor) && matches!(ins, Ins::InPlace(_));
                let v = if set_op && matches!((self.obj(&x), self.obj(&y)), (Some(Obj::Set(_)), Some(Obj::Set(_)))) {
                    // `s |= t` changes `s` itself, as CPython's does.
                    let Value::Obj(i) = x else { unreachable!("a set is an object") };
                    let Some(Obj::Set(new)) = self.binary(op, &x, &y).map(|v| self.obj(&v).cloned())? else { unreachable!("a set op makes a set") };
                    if self.is_shared(&x) {
                        new.iter().for_each(|v| self.publish(v));
                    }
                    self.heap[i as usize].obj = Obj::Set(new);
                    x
                } else if matches!(ins, Ins::InPlace(super::ast::BinOp::Add)) && matches!(self.obj(&x), Some(Obj::List(_))) {
                    let items = self.iterate(&y)?;
                    if self.is_shared(&x) {
                        items.iter().for_each(|i| self.publish(i));
                    }
                    if let Value::Obj(i) = x {
                        if let Obj::List(xs) = &mut self.heap[i as usize].obj {
                            xs.extend(items);
                        }
                    }
                    x
                } else {
                    self.binary(op, &x, &y)?
                };
                self.push(a, v);
            }
            Ins::Unary(op) => {
                let x = self.pop(a);
                let v = match op {
                    super::ast::UnaryOp::Not => Value::Bool(!self.truthy(&x)),
                    super::ast::UnaryOp::Neg => match x {
                        Value::Int(i) => Value::Int(i.checked_neg().ok_or_else(|| self.overflow())?),
                        Value::Bool(b) => Value::Int(-(b as i64)),
                        Value::Float(f) => Value::Float(-f),
                        _ => return Err(self.type_error(format!("bad operand type for unary -: '{}'", self.type_name(&x)))),
                    },
                    super::ast::UnaryOp::Pos => x,
                    super::ast::UnaryOp::Invert => match x {
                        Value::Int(i) => Value::Int(!i),
                        _ => return Err(self.type_error(format!("bad operand type for unary ~: '{}'", self.type_name(&x)))),
                    },
                };
                self.push(a, v);
            }
            Ins::Compare(op) => {
                let (x, y) = (self.top(a, 1), self.top(a, 0));
                if matches!(op, super::ast::CmpOp::In | super::ast::CmpOp::NotIn) {
                    if let Some(f) = self.dunder(&y, self.dn.contains) {
                        self.pop(a);
                        self.pop(a);
                        return self.call_dunder(a, f, y, vec![x], Some(Then::Truth(matches!(op, super::ast::CmpOp::NotIn))), r);
                    }
                }
                if self.shared_container(&x) || self.shared_container(&y) {
                    if let Some(s) = Self::step(granted) {
                        return Ok(Some(s));
                    }
                }
                let y = self.pop(a);
                let x = self.pop(a);
                let v = self.compare(op, &x, &y)?;
                self.push(a, Value::Bool(v));
            }
            Ins::BuildList(n) | Ins::BuildTuple(n) => {
                let s = &mut self.frame(a).stack;
                let items = s.split_off(s.len().saturating_sub(n as usize));
                let v = self.alloc(if matches!(ins, Ins::BuildList(_)) { Obj::List(items) } else { Obj::Tuple(items) })?;
                self.push(a, v);
            }
            Ins::BuildDict(n) => {
                let s = &mut self.frame(a).stack;
                let flat = s.split_off(s.len().saturating_sub(2 * n as usize));
                let mut kv: Vec<(Value, Value)> = Vec::new();
                for pair in flat.chunks(2) {
                    self.dict_insert(&mut kv, pair[0].clone(), pair[1].clone())?;
                }
                let v = self.alloc(Obj::Dict(kv))?;
                self.push(a, v);
            }
            Ins::BuildString(n) => {
                let s = &mut self.frame(a).stack;
                let parts = s.split_off(s.len().saturating_sub(n as usize));
                let mut out = String::new();
                for p in parts {
                    if let Value::Str(s) = p {
                        out.push_str(&s);
                    }
                }
                self.push(a, Value::str(&out));
            }
            Ins::Format(conv, spec) => {
                let v = self.top(a, 0);
                // `f"{account}"`: the object's own `__str__` (or `__repr__`
                // for `!r`), in a frame; its text is formatted on return.
                let plain = !matches!(conv, b'r' | b'a' | b's');
                if let Some((f, method)) = self.own_text_method(&v, matches!(conv, b'r' | b'a')) {
                    // (object.__format__ takes no spec.)
                    if plain && !matches!(&self.consts[spec as usize], Value::Str(s) if s.is_empty()) {
                        let t = self.type_name(&v);
                        return Err(self.type_error(format!("unsupported format string passed to {t}.__format__")));
                    }
                    let v = self.pop(a);
                    let depth = self.threads[a].frames.len();
                    match self.call(a, f, Some(v.clone()), vec![], vec![], false, r)? {
                        Out::Pushed if self.threads[a].frames.len() > depth => {
                            if let Some(top) = self.threads[a].frames.last_mut() {
                                top.kind = FrameKind::Stringify { call: vec![], at: 0, spec: Some(spec), method };
                            }
                            return Ok(None);
                        }
                        _ => self.push(a, v),
                    }
                }
                if self.shared_container(&v) {
                    if let Some(s) = Self::step(granted) {
                        return Ok(Some(s));
                    }
                }
                let v = self.pop(a);
                let spec = match &self.consts[spec as usize] {
                    Value::Str(s) => s.clone(),
                    _ => Arc::from(""),
                };
                let v = match conv {
                    b'r' | b'a' => Value::str(&self.repr(&v)),
                    b's' => Value::str(&self.to_str(&v)),
                    _ => v,
                };
                let s = if spec.is_empty() { self.to_str(&v) } else { self.format_spec(&v, &spec)? };
                self.push(a, Value::str(&s));
            }
            Ins::ToSet => {
                let items = match self.pop(a) {
                    Value::Obj(i) => match &mut self.heap[i as usize].obj {
                        Obj::List(xs) => std::mem::take(xs),
                        _ => vec![],
                    },
                    _ => vec![],
                };
                let items = self.set_of(items)?;
                let v = self.alloc(Obj::Set(items))?;
                self.push(a, v);
            }
            Ins::ListExtend => {
                // `*x` in a call: reading a shared list whole is one step.
                if self.shared_container(&self.top(a, 0)) {
                    if let Some(s) = Self::step(granted) {
                        return Ok(Some(s));
                    }
                }
                let v = self.pop(a);
                let iterable = matches!(v, Value::Str(_)) || matches!(self.obj(&v), Some(Obj::List(_) | Obj::Tuple(_) | Obj::Dict(_) | Obj::Set(_) | Obj::Iter(_)));
                if !iterable {
                    let t = self.type_name(&v);
                    return Err(self.type_error(format!("Value after * must be an iterable, not {t}")));
                }
                let items = self.iterate(&v)?;
                if let Value::Obj(i) = self.top(a, 0) {
                    if let Obj::List(xs) = &mut self.heap[i as usize].obj {
                        xs.extend(items);
                    }
                }
            }
            Ins::ListAppend(d) => {
                let v = self.pop(a);
                let l = self.top(a, d as usize - 1);
                if let Value::Obj(i) = l {
                    if let Obj::List(xs) = &mut self.heap[i as usize].obj {
                        xs.push(v);
                    }
                }
            }
            Ins::DictSet(d) => {
                let v = self.pop(a);
                let k = self.pop(a);
                let dict = self.top(a, d as usize - 1);
                if let Value::Obj(i) = dict {
                    let mut kv = match &mut self.heap[i as usize].obj {
                        Obj::Dict(kv) => std::mem::take(kv),
                        _ => vec![],
                    };
                    let r = self.dict_insert(&mut kv, k, v);
                    if let Obj::Dict(x) = &mut self.heap[i as usize].obj {
                        *x = kv;
                    }
                    r?;
                }
            }
            Ins::Jump(t) => self.frame(a).pc = t as usize,
            Ins::PopJumpIfFalse(t) | Ins::PopJumpIfTrue(t) => {
                let v = self.pop(a);
                let want = matches!(ins, Ins::PopJumpIfTrue(_));
                if self.truthy(&v) == want {
                    self.frame(a).pc = t as usize;
                }
            }
            Ins::JumpIfFalseOrPop(t) | Ins::JumpIfTrueOrPop(t) => {
                let v = self.top(a, 0);
                let want = matches!(ins, Ins::JumpIfTrueOrPop(_));
                if self.truthy(&v) == want {
                    self.frame(a).pc = t as usize;
                } else {
                    self.pop(a);
                }
            }
            Ins::GetIter => {
                let v = self.pop(a);
                if let Some(f) = self.dunder(&v, self.dn.iter) {
                    return self.call_dunder(a, f, v, vec![], Some(Then::Iter), r);
                }
                let it = self.get_iter(&v)?;
                self.push(a, it);
            }
            Ins::ForIter(end) => {
                let it = self.top(a, 0);
                let Value::Obj(i) = it else { return Err(self.type_error("not an iterator".into())) };
                let shared_seq = match &self.heap[i as usize].obj {
                    Obj::Iter(Iter::Seq { seq, .. }) => self.shared_container(&Value::Obj(*seq)),
                    Obj::Generator(_) => return self.for_generator(a, i, None, end, granted),
                    &Obj::Iter(Iter::Enumerate { it, .. }) if matches!(self.heap[it as usize].obj, Obj::Generator(_)) => {
                        return self.for_generator(a, it, Some(i), end, granted);
                    }
                    _ => false,
                };
                if shared_seq {
                    if let Some(s) = Self::step(granted) {
                        return Ok(Some(s));
                    }
                }
                match self.iter_next(i) {
                    Some(v) => {
                        if shared_seq && self.telling(a) {
                            let what = format!("takes the next item of a shared list: {}", self.short(&v));
                            self.note(a, what);
                        }
                        self.push(a, v)
                    }
                    None => {
                        if shared_seq {
                            self.note(a, "finds no next item in a shared list: its loop ends".into());
                        }
                        self.pop(a);
                        self.frame(a).pc = end as usize;
                    }
                }
            }
            Ins::Call(..) | Ins::CallMethod(..) | Ins::CallSpread(..) => {
                let (argc, kw, method, spread, dstar) = match ins {
                    Ins::Call(argc, kw) => (argc, kw, false, false, false),
                    Ins::CallMethod(argc, kw) => (argc, kw, true, false, false),
                    Ins::CallSpread(kw, method, dstar) => (1, kw, method, true, dstar),
                    _ => unreachable!("a call"),
                };
                let nkw = if kw == u32::MAX { 0 } else { self.prog.kwnames[kw as usize].len() } + dstar as usize;
                let s = &self.threads[a].frames.last().expect("a frame").stack;
                let n = argc as usize + nkw;
                let base = s.len().saturating_sub(n + 1 + method as usize);
                let callee = s[base].clone();
                let this = if method { Some(s[base + 1].clone()).filter(|v| !matches!(v, Value::Absent)) } else { None };
                let args_start = base + 1 + method as usize;
                let mut args: Vec<Value> = s[args_start..args_start + argc as usize].to_vec();
                if spread {
                    // The one list that `f(a, *rest)` gathered.
                    args = match args.first().and_then(|l| self.obj(l)) {
                        Some(Obj::List(xs)) => xs.clone(),
                        _ => vec![],
                    };
                }
                let mut kwargs: Vec<(Arc<str>, Value)> = if kw == u32::MAX {
                    vec![]
                } else {
                    let names = &self.prog.kwnames[kw as usize];
                    names.iter().zip(&s[args_start + argc as usize..]).map(|(n, v)| (Arc::from(n.as_str()), v.clone())).collect()
                };
                if dstar {
                    // `f(**options)`: the dict's items, named by its keys.
                    let d = s.last().cloned().unwrap_or(Value::None);
                    let Some(Obj::Dict(items)) = self.obj(&d).cloned() else {
                        let t = self.type_name(&d);
                        return Err(self.type_error(format!("argument after ** must be a mapping, not {t}")));
                    };
                    for (k, v) in items {
                        let Value::Str(k) = k else { return Err(self.type_error("keywords must be strings".into())) };
                        if kwargs.iter().any(|(x, _)| *x == k) {
                            return Err(self.type_error(format!("got multiple values for keyword argument '{k}'")));
                        }
                        kwargs.push((k, v));
                    }
                }
                let fi = self.threads[a].frames.len() - 1;
                match self.call(a, callee, this, args, kwargs, granted, r)? {
                    Out::Yield(op, reg) => return Ok(Some((op, reg))),
                    Out::Value(v) => {
                        let f = &mut self.threads[a].frames[fi];
                        f.stack.truncate(base);
                        f.stack.push(v);
                    }
                    Out::Pushed => self.threads[a].frames[fi].stack.truncate(base),
                }
            }
            Ins::Return => {
                let v = self.pop(a);
                self.do_return(a, v)?;
            }
            Ins::Yield => {
                let v = self.pop(a);
                self.gen_yield(a, v)?;
            }
            Ins::GetAwaitable => {
                let v = self.top(a, 0);
                let class = match self.obj(&v) {
                    Some(Obj::Generator(g)) if self.prog.codes[g.code as usize].coroutine => return Ok(None),
                    Some(Obj::Instance { class, .. }) => Some(*class),
                    _ => None,
                };
                // An object with `__await__` (an asyncio future): the
                // generator that method gives is what `await` drives.
                let sym = self.prog.names.iter().position(|n| n == "__await__").map(|i| i as u32);
                let Some(f) = class.zip(sym).and_then(|(c, s)| self.class_attr(c, s)) else {
                    let t = self.type_name(&v);
                    return Err(self.type_error(format!("object {t} can't be used in 'await' expression")));
                };
                self.pop(a);
                match self.call(a, f, Some(v), vec![], vec![], granted, r)? {
                    Out::Value(x) => self.push(a, x),
                    Out::Pushed => {}
                    Out::Yield(op, reg) => return Ok(Some((op, reg))),
                }
            }
            Ins::YieldFrom => {
                let sent = self.pop(a);
                let Value::Obj(sub) = self.top(a, 0) else { return Err(self.type_error("`yield from` needs an iterable".into())) };
                if matches!(self.heap[sub as usize].obj, Obj::Generator(_)) {
                    if !self.gen_resume(a, sub, Some(sent), GenMode::Delegate)? {
                        self.gen_ended(a, GenMode::Delegate, Value::None)?;
                    }
                } else {
                    match self.iter_next(sub) {
                        Some(v) => {
                            self.frame(a).pc -= 1;
                            self.gen_yield(a, v)?;
                        }
                        None => self.gen_ended(a, GenMode::Delegate, Value::None)?,
                    }
                }
            }
            Ins::MakeFunction(code, n) => {
                let s = &mut self.frame(a).stack;
                let defaults = s.split_off(s.len().saturating_sub(n as usize));
                let f = self.threads[a].frames.last().expect("a frame");
                let mut env = f.env;
                if self.prog.codes[f.code as usize].is_class {
                    // Functions in a class body do not see the class's scope.
                    env = env.and_then(|e| match &self.heap[e as usize].obj {
                        Obj::Env { parent, .. } => *parent,
                        _ => None,
                    });
                }
                if let Some(e) = env {
                    if let Obj::Env { captured, .. } = &mut self.heap[e as usize].obj {
                        *captured = true;
                    }
                }
                let v = self.alloc(Obj::Function { code, defaults, env })?;
                self.push(a, v);
            }
            Ins::MakeClass(code, n) => {
                let s = &mut self.frame(a).stack;
                let bases = s.split_off(s.len().saturating_sub(n as usize));
                // A class derives from classes of the program's, from
                // exceptions and from `object`; not from a built-in type.
                if let Some(b) = bases.iter().find_map(|b| match b {
                    Value::Builtin(b) if !matches!(b, Builtin::Object | Builtin::Thread) => Some(*b),
                    _ => None,
                }) {
                    return Err(self.exc(Exc::TypeError, &format!("a class cannot derive from `{}` here", b.name())));
                }
                let name: Arc<str> = Arc::from(self.prog.codes[code as usize].name.as_str());
                let env = self.new_env(code, None)?;
                self.push_frame(a, Frame { code, pc: 0, stack: vec![], env: Some(env), blocks: vec![], kind: FrameKind::ClassBody { name, bases } })?;
            }
            Ins::Pop => {
                self.pop(a);
            }
            Ins::Dup => {
                let v = self.top(a, 0);
                self.push(a, v);
            }
            Ins::Dup2 => {
                let (x, y) = (self.top(a, 1), self.top(a, 0));
                self.push(a, x);
                self.push(a, y);
            }
            Ins::Rot2 => {
                let s = &mut self.frame(a).stack;
                let n = s.len();
                if n >= 2 {
                    s.swap(n - 1, n - 2);
                }
            }
            Ins::Rot3 => {
                // [.., x, y, z] -> [.., z, x, y]
                let s = &mut self.frame(a).stack;
                let n = s.len();
                if n >= 3 {
                    let z = s.remove(n - 1);
                    s.insert(n - 3, z);
                }
            }
            Ins::Unpack(n) => {
                let v = self.top(a, 0);
                if self.shared_container(&v) {
                    if let Some(s) = Self::step(granted) {
                        return Ok(Some(s));
                    }
                }
                let v = self.pop(a);
                let items = self.iterate(&v)?;
                if items.len() != n as usize {
                    let msg = if items.len() > n as usize {
                        format!("too many values to unpack (expected {n})")
                    } else {
                        format!("not enough values to unpack (expected {n}, got {})", items.len())
                    };
                    return Err(self.exc(Exc::ValueError, &msg));
                }
                for v in items.into_iter().rev() {
                    self.push(a, v);
                }
            }
            Ins::UnpackEx(before, after) => {
                let v = self.top(a, 0);
                if self.shared_container(&v) {
                    if let Some(s) = Self::step(granted) {
                        return Ok(Some(s));
                    }
                }
                let v = self.pop(a);
                let mut items = self.iterate(&v)?;
                let (before, after) = (before as usize, after as usize);
                if items.len() < before + after {
                    let msg = format!("not enough values to unpack (expected at least {}, got {})", before + after, items.len());
                    return Err(self.exc(Exc::ValueError, &msg));
                }
                let tail = items.split_off(items.len() - after);
                let middle = items.split_off(before);
                let rest = self.alloc(Obj::List(middle))?;
                // Pushed last first: the first name is stored first.
                for v in tail.into_iter().rev() {
                    self.push(a, v);
                }
                self.push(a, rest);
                for v in items.into_iter().rev() {
                    self.push(a, v);
                }
            }
            Ins::SetupExcept(h) | Ins::SetupFinally(h) => {
                let depth = self.frame(a).stack.len();
                let kind = if matches!(ins, Ins::SetupExcept(_)) { BlockKind::Except } else { BlockKind::Finally };
                self.frame(a).blocks.push(Block { kind, handler: h, depth });
            }
            Ins::PopBlock => {
                self.frame(a).blocks.pop();
            }
            Ins::EndFinally => {
                let v = self.pop(a);
                if !matches!(v, Value::None) {
                    return Err(v);
                }
            }
            Ins::PopExcept => {
                let f = self.frame(a);
                if let Some(i) = f.blocks.iter().rposition(|b| b.kind == BlockKind::Handler) {
                    f.blocks.truncate(i);
                }
                self.threads[a].handling.pop();
            }
            Ins::ExcMatch => {
                let class = self.pop(a);
                let e = self.pop(a);
                let m = self.exc_matches(&e, &class)?;
                self.push(a, Value::Bool(m));
            }
            Ins::Reraise => {
                let e = self.pop(a);
                let f = self.frame(a);
                if let Some(i) = f.blocks.iter().rposition(|b| b.kind == BlockKind::Handler) {
                    f.blocks.truncate(i);
                }
                self.threads[a].handling.pop();
                return Err(e);
            }
            Ins::Raise(n) => {
                if n == 0 {
                    return match self.threads[a].handling.last().cloned() {
                        Some(e) => Err(e),
                        None => Err(self.exc(Exc::RuntimeError, "No active exception to reraise")),
                    };
                }
                let v = self.pop(a);
                return Err(self.make_exception(a, v, granted, r)?);
            }
            Ins::SetupWith(h) => {
                let ctx = self.top(a, 0);
                if let Some(Obj::Prim { id, kind }) = self.obj(&ctx).cloned() {
                    let op = match kind {
                        PrimKind::Lock | PrimKind::RLock => Op::Lock { mutex: id },
                        PrimKind::Condition(lock) => Op::Lock { mutex: lock },
                        PrimKind::Semaphore | PrimKind::BoundedSemaphore => Op::Acquire { sem: id, timeout_ms: None },
                        _ => return Err(self.type_error(format!("'{}' object does not support the context manager protocol", kind.class_name()))),
                    };
                    if !granted {
                        return Ok(Some((op, None)));
                    }
                    // The prim itself stands for its __exit__.
                    let depth = self.frame(a).stack.len();
                    self.frame(a).blocks.push(Block { kind: BlockKind::With, handler: h, depth });
                    self.push(a, Value::Bool(true));
                    return Ok(None);
                }
                let ctx = self.pop(a);
                let (enter, _, _) = self.get_method(a, &ctx, self.sym_enter)?;
                let (exit, this, _) = self.get_method(a, &ctx, self.sym_exit)?;
                let (Attr::Value(enter), Attr::Value(exit)) = (enter, exit) else {
                    return Err(self.type_error("__enter__ and __exit__ must be methods".into()));
                };
                let bound = self.alloc(Obj::Bound { this: this.clone(), func: exit })?;
                self.push(a, bound);
                let depth = self.frame(a).stack.len();
                self.frame(a).blocks.push(Block { kind: BlockKind::With, handler: h, depth });
                let fi = self.threads[a].frames.len() - 1;
                match self.call(a, enter, Some(this), vec![], vec![], false, r)? {
                    Out::Value(v) => self.threads[a].frames[fi].stack.push(v),
                    Out::Pushed => {}
                    Out::Yield(..) => return Err(self.type_error("__enter__ cannot wait here".into())),
                }
            }
            Ins::WithExit => {
                let exc = self.top(a, 0);
                let exit = self.top(a, 1);
                if let Some(Obj::Prim { id, kind }) = self.obj(&exit).cloned() {
                    let op = match kind {
                        PrimKind::Lock | PrimKind::RLock => Op::Unlock { mutex: id },
                        PrimKind::Condition(lock) => Op::Unlock { mutex: lock },
                        _ => Op::Release { sem: id },
                    };
                    if !granted {
                        return Ok(Some((op, None)));
                    }
                    self.pop(a);
                    self.pop(a);
                    if !matches!(exc, Value::None) {
                        return Err(exc);
                    }
                    return Ok(None);
                }
                self.pop(a);
                self.pop(a);
                let args = if matches!(exc, Value::None) {
                    vec![Value::None, Value::None, Value::None]
                } else {
                    let class = self.class_of_exc(&exc);
                    vec![class, exc.clone(), Value::None]
                };
                let fi = self.threads[a].frames.len();
                match self.call(a, exit, None, args, vec![], false, r)? {
                    Out::Value(v) => {
                        if !matches!(exc, Value::None) && !self.truthy(&v) {
                            return Err(exc);
                        }
                    }
                    Out::Pushed => {
                        if let Some(f) = self.threads[a].frames.get_mut(fi) {
                            f.kind = FrameKind::Exit(exc);
                        }
                    }
                    Out::Yield(..) => return Err(self.type_error("__exit__ cannot wait here".into())),
                }
            }
            Ins::AssertFail(flags) => {
                let msg = if flags & 1 == 1 { Some(self.pop(a)) } else { None };
                let detail = if flags & 2 == 2 {
                    let right = self.pop(a);
                    let left = self.pop(a);
                    format!("{} (left) against {} (right)", self.repr(&left), self.repr(&right))
                } else {
                    String::new()
                };
                let mut args = vec![];
                if let Some(m) = msg {
                    args.push(Value::str(&self.to_str(&m)));
                }
                args.push(Value::str(&detail));
                let e = self.alloc(Obj::Exception { class: Value::ExcClass(Exc::AssertionError), args, attrs: None })?;
                return Err(e);
            }
            Ins::Import(m) => {
                let n = self.name(m).to_string();
                match Module::by_name(&n) {
                    Some(m) => self.push(a, Value::Module(m)),
                    None => {
                        let msg = format!("`import {n}` is not available here; the playground knows threading, queue, time, random, logging, math, itertools, concurrent.futures, asyncio, multiprocessing, ctypes, os and interleave");
                        return Err(self.exc(Exc::NameError, &msg));
                    }
                }
            }
            Ins::ImportFrom(n) => {
                let m = self.top(a, 0);
                let (v, _) = self.get_attr(a, &m, n)?;
                match v {
                    Attr::Value(v) => self.push(a, v),
                    Attr::Property(_) | Attr::Missing(_) => return Err(self.type_error("cannot import a property".into())),
                }
            }
        }
        Ok(None)
    }

    fn overflow(&mut self) -> Value {
        self.exc(Exc::ArithmeticError, "the number is too large for the playground (more than 64 bits)")
    }

    fn new_env(&mut self, code: u32, parent: Option<u32>) -> Res<u32> {
        let n = self.prog.codes[code as usize].locals.len();
        match self.alloc(Obj::Env { vals: vec![None; n], parent, captured: false })? {
            Value::Obj(i) => Ok(i),
            _ => unreachable!("alloc gives an object"),
        }
    }

    fn push_frame(&mut self, a: ActorId, f: Frame) -> Res<()> {
        if self.threads[a].frames.len() >= MAX_FRAMES {
            return Err(self.exc(Exc::RecursionError, &format!("maximum recursion depth exceeded (the playground allows {MAX_FRAMES} calls deep)")));
        }
        self.threads[a].frames.push(f);
        Ok(())
    }

    fn release_env(&mut self, env: Option<u32>) {
        if let Some(e) = env {
            if let Obj::Env { captured: false, .. } = self.heap[e as usize].obj {
                self.heap.set(e as usize, Cell { obj: Obj::Free, shared: false });
                self.free.push(e);
            }
        }
    }

    fn do_return(&mut self, a: ActorId, v: Value) -> Res<()> {
        let f = self.threads[a].frames.pop().expect("a frame");
        let is_class = matches!(f.kind, FrameKind::ClassBody { .. });
        let then_absent = matches!(f.kind, FrameKind::PropertyForCall);
        let result = match f.kind {
            FrameKind::Normal | FrameKind::PropertyForCall => Some(v),
            FrameKind::Init(inst) => Some(inst),
            FrameKind::Dunder(then) => match then {
                Then::Discard => None,
                Then::Truth(not) => Some(Value::Bool(self.truthy(&v) != not)),
                Then::Iter => Some(self.get_iter(&v)?),
                Then::Replace { mut call, at } => {
                    self.release_env(f.env);
                    call[at] = v;
                    if let Some(top) = self.threads[a].frames.last_mut() {
                        top.stack.extend(call);
                        top.pc -= 1;
                    }
                    return Ok(());
                }
            },
            FrameKind::WaitFor { call } => {
                let truthy = self.truthy(&v);
                let t = &mut self.threads[a];
                let out_of_time = t.wait_for.is_some_and(|w| w.waited && w.deadline.is_some_and(|d| self.now >= d));
                if truthy || out_of_time || t.wait_for.is_none() {
                    t.wait_for = None;
                    Some(v)
                } else {
                    // Not yet: the call runs again, and waits this time.
                    if let Some(w) = t.wait_for.as_mut() {
                        w.wait_next = true;
                    }
                    self.release_env(f.env);
                    if let Some(top) = self.threads[a].frames.last_mut() {
                        top.stack.extend(call);
                        top.pc -= 1;
                    }
                    return Ok(());
                }
            }
            FrameKind::Stringify { mut call, at, spec, method } => {
                self.release_env(f.env);
                let Value::Str(text) = &v else {
                    let (m, t) = (self.name(method).to_string(), self.type_name(&v));
                    return Err(self.type_error(format!("{m} returned non-string (type {t})")));
                };
                let Some(top) = self.threads[a].frames.last_mut() else { return Ok(()) };
                match spec {
                    // An f-string's field: formatted here, as `Format` would.
                    Some(k) => {
                        let text = text.clone();
                        let spec = match &self.consts[k as usize] {
                            Value::Str(s) => s.clone(),
                            _ => Arc::from(""),
                        };
                        let s = if spec.is_empty() { text.to_string() } else { self.format_spec(&Value::Str(text), &spec)? };
                        self.push(a, Value::str(&s));
                    }
                    None if at == usize::MAX => top.stack.push(v),
                    None => {
                        call[at] = v;
                        top.stack.extend(call);
                        top.pc -= 1;
                    }
                }
                return Ok(());
            }
            FrameKind::Keyed(mut job) => {
                // One more key: ask for the next, or finish the call.
                self.release_env(f.env);
                job.keys.push(v);
                if let Out::Value(res) = self.keyed(a, job)? {
                    if let Some(top) = self.threads[a].frames.last_mut() {
                        top.stack.push(res);
                    }
                }
                return Ok(());
            }
            FrameKind::Gen { gen, mode } => {
                self.release_env(f.env);
                return self.gen_return(a, gen, mode, v);
            }
            FrameKind::Exit(exc) => {
                if !matches!(exc, Value::None) && !self.truthy(&v) {
                    self.release_env(f.env);
                    return Err(exc);
                }
                None
            }
            FrameKind::ClassBody { name, bases } => {
                let code = &self.prog.codes[f.code as usize];
                let mut attrs = Vec::new();
                if let Some(e) = f.env {
                    if let Obj::Env { vals, .. } = &self.heap[e as usize].obj {
                        for (i, v) in vals.iter().enumerate() {
                            if let (Some(v), Some(n)) = (v, code.locals.get(i)) {
                                if let Some(s) = self.prog.names.iter().position(|x| x == n) {
                                    attrs.push((s as u32, v.clone()));
                                }
                            }
                        }
                    }
                }
                let class = self.alloc(Obj::Class { name, bases, attrs })?;
                Some(class)
            }
        };
        if !is_class {
            self.release_env(f.env);
        }
        if let (Some(v), Some(top)) = (result, self.threads[a].frames.last_mut()) {
            top.stack.push(v);
            if then_absent {
                top.stack.push(Value::Absent);
            }
        }
        Ok(())
    }

    /// Unwinds `a`'s frames to the nearest handler of `e`.
    fn raise(&mut self, a: ActorId, mut e: Value) {
        loop {
            let Some(f) = self.threads[a].frames.last_mut() else {
                return self.uncaught(a, e);
            };
            match f.blocks.pop() {
                Some(b) => match b.kind {
                    BlockKind::Handler => {
                        self.threads[a].handling.pop();
                    }
                    BlockKind::Except | BlockKind::Finally | BlockKind::With => {
                        f.stack.truncate(b.depth);
                        f.stack.push(e.clone());
                        f.pc = b.handler as usize;
                        if b.kind == BlockKind::Except {
                            let depth = f.stack.len();
                            f.blocks.push(Block { kind: BlockKind::Handler, handler: 0, depth });
                            self.threads[a].handling.push(e);
                        }
                        return;
                    }
                },
                None => {
                    let f = self.threads[a].frames.pop().expect("a frame");
                    if !matches!(f.kind, FrameKind::ClassBody { .. }) {
                        self.release_env(f.env);
                    }
                    if let FrameKind::Gen { gen, mode } = f.kind {
                        // The generator is over; what it raises its caller raises.
                        if let Obj::Generator(g) = &mut self.heap[gen as usize].obj {
                            g.state = GenState::Done;
                            g.frame = None;
                        }
                        let class = match self.obj(&e) {
                            Some(Obj::Exception { class: Value::ExcClass(k), .. }) => Some(*k),
                            _ => None,
                        };
                        match (class, mode) {
                            // close(): the generator let GeneratorExit through, as it should.
                            (Some(Exc::GeneratorExit), GenMode::Close) => {
                                self.push(a, Value::None);
                                return;
                            }
                            (Some(Exc::StopIteration), _) => {
                                e = self.exc(Exc::RuntimeError, "generator raised StopIteration");
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
    }

    /// Starts the thread of `obj` (a `Thread` object) as actor
    /// `self.threads.len()`: it runs `frames`, then `boot`, in process `proc`.
    fn add_thread(&mut self, a: ActorId, obj: u32, name: Arc<str>, boot: Boot, frames: Vec<Frame>, proc: u32) -> ActorId {
        let actor = self.threads.len();
        let done = self.new_object_named(ObjectKind::Event, format!("{name}{THREAD_END}"));
        if let Obj::Thread(t) = &mut self.heap[obj as usize].obj {
            t.actor = Some(actor);
            t.done = Some(done);
        }
        self.publish(&Value::Obj(obj));
        let (line, span) = (self.threads[a].line, self.threads[a].span);
        let mut t = PyThread::new(obj, name.clone(), Some(done), Some(boot), frames, proc);
        (t.line, t.span) = (line, span);
        self.threads.push(Shared::new(t));
        // (A child process's actors say which process: os.getpid() there.)
        let pid = (proc != 0).then(|| (PID_BASE + proc as i64) as u32);
        self.spawned.push((actor, name.to_string(), pid));
        actor
    }

    /// The process `a` runs in (whose globals it reads): without a child
    /// process, 0 at once (the interpreter's hottest reads, `LoadGlobal`,
    /// ask this).
    #[inline]
    fn proc_of(&self, a: ActorId) -> usize {
        if self.globals.len() == 1 {
            0
        } else {
            self.threads[a].proc as usize
        }
    }

    /// Whether `a` is its process's main thread.
    fn leads(&self, a: ActorId) -> bool {
        self.leaders.get(self.threads[a].proc as usize) == Some(&a)
    }

    fn uncaught(&mut self, a: ActorId, e: Value) {
        // (A child process whose module code raised never calls its target.)
        self.threads[a].boot = None;
        let name = self.threads[a].name.clone();
        let line = match (self.threads[a].raised, &e) {
            (Some((x, line)), Value::Obj(id)) if x == *id => line,
            _ => self.threads[a].line,
        };
        let (class, args) = match self.obj(&e) {
            Some(Obj::Exception { class, args, .. }) => (class.clone(), args.clone()),
            _ => (Value::ExcClass(Exc::Exception), vec![]),
        };
        let class_name = self.class_name(&class);
        let is_assert = matches!(class, Value::ExcClass(Exc::AssertionError));
        let err = if is_assert {
            let check = match args.len() {
                2 => self.to_str(&args[0]),
                _ => format!("the assert at line {line}"),
            };
            let detail = args.last().map(|d| self.to_str(d)).unwrap_or_default();
            let detail = if detail.is_empty() { format!("the assert at line {line} failed") } else { detail };
            PyError::Assertion { check, detail }
        } else {
            let msg = match args.as_slice() {
                [_] => self.to_str(&e),
                _ => args.first().map(|m| self.to_str(m)).unwrap_or_default(),
            };
            let msg = if msg.is_empty() { class_name.clone() } else { format!("{class_name}: {msg}") };
            PyError::Uncaught(format!("{name} raised {msg} (line {line})"))
        };
        // (A child process's main thread says so, as CPython's `Process Process-1:`.)
        let whose = if self.threads[a].proc != 0 && self.leads(a) { "Process" } else { "Exception in thread" };
        let text = match &err {
            PyError::Assertion { check, detail } => format!("{whose} {name}: AssertionError: {check} ({detail})\n"),
            PyError::Uncaught(s) | PyError::Fatal(s) => format!("{whose} {s}\n"),
        };
        self.write(a, text);
        if self.error.is_none() {
            self.error = Some((a, err));
        }
    }

    fn write(&mut self, a: ActorId, text: String) {
        if !self.told {
            return;
        }
        if self.output_chars + text.len() > MAX_OUTPUT {
            self.output_dropped += 1;
            return;
        }
        self.output_chars += text.len();
        let t_ms = self.now;
        Arc::make_mut(&mut self.output).push(Output { actor: a, t_ms, text });
    }

    /// Output pieces not kept (over [`MAX_OUTPUT`]).
    pub fn output_dropped(&self) -> usize {
        self.output_dropped
    }

    // ---- attributes ----

    fn class_attr(&self, class: u32, n: u32) -> Option<Value> {
        let mut todo = vec![class];
        let mut seen = 0;
        while let Some(c) = todo.pop() {
            seen += 1;
            if seen > 64 {
                return None;
            }
            if let Obj::Class { attrs, bases, .. } = &self.heap[c as usize].obj {
                if let Some((_, v)) = attrs.iter().find(|(s, _)| *s == n) {
                    return Some(v.clone());
                }
                for b in bases.iter().rev() {
                    if let Value::Obj(i) = b {
                        todo.push(*i);
                    }
                }
            }
        }
        None
    }

    /// What `super()` in a method of `class` finds for `n`: the first of
    /// `class`'s bases (searched as [`Self::class_attr`] searches) that has it.
    fn super_attr(&self, class: u32, n: u32) -> Option<Value> {
        let Obj::Class { bases, .. } = &self.heap[class as usize].obj else { return None };
        bases.iter().find_map(|b| match b {
            Value::Obj(c) => self.class_attr(*c, n),
            _ => None,
        })
    }

    fn get_attr(&mut self, a: ActorId, obj: &Value, n: u32) -> Res<(Attr, bool)> {
        let name = self.name(n).to_string();
        // (Dunder names first, only for what has no such attribute of its own.)
        match name.as_str() {
            _ if !name.starts_with("__") => {}
            "__name__" => {
                if let Some(s) = self.name_of(obj) {
                    return Ok((Attr::Value(Value::str(&s)), false));
                }
            }
            "__class__" => {
                if let Some(t) = self.type_of(obj) {
                    return Ok((Attr::Value(t), false));
                }
            }
            _ => {}
        }
        match obj {
            Value::Builtin(Builtin::Object) if name == "__setattr__" => return Ok((Attr::Value(Value::Builtin(Builtin::ObjectSetAttr)), false)),
            Value::Module(Module::Concurrent) if name == "futures" => return Ok((Attr::Value(Value::Module(Module::Futures)), false)),
            Value::Module(m @ (Module::Futures | Module::Asyncio | Module::Multiprocessing)) => {
                // Its public names, from the globals its code defined.
                let prefix = match m {
                    Module::Futures => super::compile::FUTURES_PREFIX,
                    Module::Asyncio => super::compile::ASYNCIO_PREFIX,
                    _ => super::compile::MULTIPROCESSING_PREFIX,
                };
                let key = format!("{prefix}{name}");
                let g = self.prog.globals.iter().position(|x| *x == key).filter(|_| !name.starts_with('_'));
                let p = self.proc_of(a);
                return match g.and_then(|g| self.globals[p][g].clone()) {
                    Some(v) => Ok((Attr::Value(v), false)),
                    None => Err(self.exc(Exc::AttributeError, &format!("module '{}' has no attribute '{name}' in the playground", m.name()))),
                };
            }
            Value::Module(m) => {
                if let Some(b) = Builtin::of(*m, &name) {
                    return Ok((Attr::Value(Value::Builtin(b)), false));
                }
                match (*m, name.as_str()) {
                    (Module::Queue, "Empty") => return Ok((Attr::Value(Value::ExcClass(Exc::QueueEmpty)), false)),
                    (Module::Queue, "Full") => return Ok((Attr::Value(Value::ExcClass(Exc::QueueFull)), false)),
                    (Module::Threading, "BrokenBarrierError") => {
                        return Ok((Attr::Value(Value::ExcClass(Exc::BrokenBarrierError)), false))
                    }
                    (Module::Logging, "INFO" | "DEBUG" | "WARNING" | "ERROR") => return Ok((Attr::Value(Value::Int(20)), false)),
                    // (Only as `multiprocessing.Value`'s and `Array`'s typecodes.)
                    (Module::Ctypes, "c_int" | "c_long" | "c_short" | "c_longlong") => return Ok((Attr::Value(Value::str("i")), false)),
                    (Module::Ctypes, "c_double" | "c_float") => return Ok((Attr::Value(Value::str("d")), false)),
                    (Module::Ctypes, "c_bool") => return Ok((Attr::Value(Value::str("?")), false)),
                    (Module::Math, "pi") => return Ok((Attr::Value(Value::Float(std::f64::consts::PI)), false)),
                    (Module::Math, "e") => return Ok((Attr::Value(Value::Float(std::f64::consts::E)), false)),
                    (Module::Math, "inf") => return Ok((Attr::Value(Value::Float(f64::INFINITY)), false)),
                    _ => {}
                }
                let msg = format!("module '{}' has no attribute '{name}' in the playground", m.name());
                Err(self.exc(Exc::AttributeError, &msg))
            }
            Value::Obj(i) => {
                let i = *i;
                let shared = self.heap[i as usize].shared;
                match &self.heap[i as usize].obj {
                    Obj::Instance { class, attrs } => {
                        if let Some((_, v)) = attrs.iter().find(|(s, _)| *s == n) {
                            let v = v.clone();
                            let step = shared && self.is_data(&v);
                            return Ok((Attr::Value(v), step));
                        }
                        let class = *class;
                        match self.class_attr(class, n) {
                            Some(v) => match self.obj(&v) {
                                Some(Obj::Function { .. }) => {
                                    let b = self.alloc(Obj::Bound { this: obj.clone(), func: v })?;
                                    Ok((Attr::Value(b), false))
                                }
                                Some(Obj::Property(f)) => Ok((Attr::Property(f.clone()), false)),
                                Some(Obj::ClassMethod(f)) => {
                                    let f = f.clone();
                                    Ok((Attr::Value(self.alloc(Obj::Bound { this: Value::Obj(class), func: f })?), false))
                                }
                                Some(Obj::StaticMethod(f)) => Ok((Attr::Value(f.clone()), false)),
                                _ => {
                                    let step = shared && self.is_data(&v);
                                    Ok((Attr::Value(v), step))
                                }
                            },
                            None => match self.instance_thread(obj) {
                                // A Thread subclass's instance: the thread's own
                                // (start, join, name, ...).
                                Some(th) => self.get_attr(a, &Value::Obj(th), n),
                                None => {
                                    if let Some(f) = self.dunder(obj, self.dn.getattr) {
                                        return Ok((Attr::Missing(f), false));
                                    }
                                    let cname = self.class_name(&Value::Obj(class));
                                    Err(self.exc(Exc::AttributeError, &format!("'{cname}' object has no attribute '{name}'")))
                                }
                            },
                        }
                    }
                    Obj::Class { .. } => match self.class_attr(i, n) {
                        Some(v) => match self.obj(&v) {
                            Some(Obj::ClassMethod(f)) => {
                                let f = f.clone();
                                Ok((Attr::Value(self.alloc(Obj::Bound { this: obj.clone(), func: f })?), false))
                            }
                            Some(Obj::StaticMethod(f)) => Ok((Attr::Value(f.clone()), false)),
                            _ => Ok((Attr::Value(v), false)),
                        },
                        None => {
                            let cname = self.class_name(obj);
                            Err(self.exc(Exc::AttributeError, &format!("type object '{cname}' has no attribute '{name}'")))
                        }
                    },
                    Obj::Thread(t) => match name.as_str() {
                        "name" => Ok((Attr::Value(Value::Str(t.name.clone())), false)),
                        "daemon" => Ok((Attr::Value(Value::Bool(t.daemon)), false)),
                        "ident" | "native_id" => Ok((Attr::Value(t.actor.map(|x| Value::Int(x as i64)).unwrap_or(Value::None)), false)),
                        _ => self.builtin_method(a, obj, n, &name),
                    },
                    Obj::Local(per_thread) => {
                        let me = a as u32;
                        match per_thread.iter().find(|(t, _)| *t == me).and_then(|(_, attrs)| attrs.iter().find(|(s, _)| *s == n)) {
                            // A thread's own: no step, nothing shared.
                            Some((_, v)) => Ok((Attr::Value(v.clone()), false)),
                            None => Err(self.exc(Exc::AttributeError, &format!("'_thread._local' object has no attribute '{name}'"))),
                        }
                    }
                    Obj::Exception { args, .. } if name == "args" => {
                        let args = args.clone();
                        Ok((Attr::Value(self.alloc(Obj::Tuple(args))?), false))
                    }
                    Obj::Exception { attrs, class, .. } if name != "value" => {
                        if let Some((_, v)) = attrs.iter().flat_map(|a| a.iter()).find(|(s, _)| *s == n) {
                            let v = v.clone();
                            let step = shared && self.is_data(&v);
                            return Ok((Attr::Value(v), step));
                        }
                        // A method or class attribute of the program's exception class.
                        let found = match class {
                            Value::Obj(c) => self.class_attr(*c, n),
                            _ => None,
                        };
                        match found {
                            Some(v) => match self.obj(&v) {
                                Some(Obj::Function { .. }) => Ok((Attr::Value(self.alloc(Obj::Bound { this: obj.clone(), func: v })?), false)),
                                Some(Obj::Property(getter)) => Ok((Attr::Property(getter.clone()), false)),
                                _ => Ok((Attr::Value(v), false)),
                            },
                            None => {
                                let t = self.type_name(obj);
                                Err(self.exc(Exc::AttributeError, &format!("'{t}' object has no attribute '{name}'")))
                            }
                        }
                    }
                    // What a generator returned (`return x`), as `yield from` gives it.
                    Obj::Exception { class: Value::ExcClass(Exc::StopIteration), args, .. } if name == "value" => {
                        Ok((Attr::Value(args.first().cloned().unwrap_or(Value::None)), false))
                    }
                    Obj::Super { class, this } => {
                        let (class, this) = (*class, this.clone());
                        match self.super_attr(class, n) {
                            Some(v) => match self.obj(&v) {
                                Some(Obj::Function { .. }) => Ok((Attr::Value(self.alloc(Obj::Bound { this, func: v })?), false)),
                                _ => Ok((Attr::Value(v), false)),
                            },
                            // No class of the program's defines it: `object`'s,
                            // which does nothing.
                            None if n == self.sym_init => match self.instance_thread(&this) {
                                // Thread.__init__, on the instance's thread.
                                Some(th) => Ok((Attr::Value(self.alloc(Obj::BoundBuiltin { this: Value::Obj(th), name: n })?), false)),
                                // BaseException.__init__, which sets the args.
                                None if matches!(self.obj(&this), Some(Obj::Exception { .. })) => {
                                    Ok((Attr::Value(self.alloc(Obj::BoundBuiltin { this, name: n })?), false))
                                }
                                None => Ok((Attr::Value(Value::Builtin(Builtin::ObjectInit)), false)),
                            },
                            None => Err(self.exc(Exc::AttributeError, &format!("'super' object has no attribute '{name}'"))),
                        }
                    }
                    _ => self.builtin_method(a, obj, n, &name),
                }
            }
            Value::Str(_) => self.builtin_method(a, obj, n, &name),
            Value::Builtin(Builtin::Thread) if name == "__init__" => Ok((Attr::Value(Value::Builtin(Builtin::ThreadInit)), false)),
            _ => {
                let t = self.type_name(obj);
                Err(self.exc(Exc::AttributeError, &format!("'{t}' object has no attribute '{name}'")))
            }
        }
    }

    fn builtin_method(&mut self, _a: ActorId, obj: &Value, n: u32, name: &str) -> Res<(Attr, bool)> {
        if method_known(self.obj(obj), obj, name) {
            let b = self.alloc(Obj::BoundBuiltin { this: obj.clone(), name: n })?;
            return Ok((Attr::Value(b), false));
        }
        let t = self.type_name(obj);
        Err(self.exc(Exc::AttributeError, &format!("'{t}' object has no attribute '{name}' in the playground")))
    }

    /// `obj.name` to be called: the callable, its receiver, and whether
    /// reading it is a step.
    fn get_method(&mut self, a: ActorId, obj: &Value, n: u32) -> Res<(Attr, Value, bool)> {
        let name = self.name(n).to_string();
        if let Value::Obj(i) = obj {
            match &self.heap[*i as usize].obj {
                Obj::Instance { class, attrs } if !attrs.iter().any(|(s, _)| *s == n) => {
                    if let Some(v) = self.class_attr(*class, n) {
                        if let Some(Obj::Function { .. }) = self.obj(&v) {
                            return Ok((Attr::Value(v), obj.clone(), false));
                        }
                    }
                }
                Obj::Super { class, this } => {
                    let (class, this) = (*class, this.clone());
                    if let Some(v) = self.super_attr(class, n) {
                        if let Some(Obj::Function { .. }) = self.obj(&v) {
                            return Ok((Attr::Value(v), this, false));
                        }
                    }
                }
                Obj::Instance { .. } | Obj::Class { .. } => {}
                Obj::Exception { .. } if name == "args" || name == "value" => {}
                Obj::Thread(_) if matches!(name.as_str(), "name" | "daemon" | "ident" | "native_id") => {}
                _ => {
                    if method_known(self.obj(obj), obj, &name) {
                        return Ok((Attr::Value(Value::Method(n)), obj.clone(), false));
                    }
                }
            }
        }
        if let Value::Str(_) = obj {
            if method_known(None, obj, &name) {
                return Ok((Attr::Value(Value::Method(n)), obj.clone(), false));
            }
        }
        let (v, step) = self.get_attr(a, obj, n)?;
        Ok((v, Value::Absent, step))
    }

    /// `local.name = v` in thread `a`: its own attribute.
    fn local_set(&mut self, a: ActorId, obj: &Value, n: u32, v: Value) {
        let Value::Obj(i) = obj else { return };
        if let Obj::Local(per_thread) = &mut self.heap[*i as usize].obj {
            let me = a as u32;
            let attrs = match per_thread.iter().position(|(t, _)| *t == me) {
                Some(k) => &mut per_thread[k].1,
                None => {
                    per_thread.push((me, Vec::new()));
                    &mut per_thread.last_mut().expect("just pushed").1
                }
            };
            match attrs.iter_mut().find(|(s, _)| *s == n) {
                Some(slot) => slot.1 = v,
                None => attrs.push((n, v)),
            }
        }
    }

    fn set_attr(&mut self, obj: &Value, n: u32, v: Value) -> Res<()> {
        // `self.name = ...` or `self.daemon = ...` in a Thread subclass: the thread's.
        if matches!(self.name(n), "name" | "daemon") {
            if let Some(th) = self.instance_thread(obj) {
                return self.set_attr(&Value::Obj(th), n, v);
            }
        }
        match obj {
            Value::Obj(i) => match &mut self.heap[*i as usize].obj {
                Obj::Exception { attrs, .. } => {
                    let attrs = attrs.get_or_insert_with(Default::default);
                    match attrs.iter_mut().find(|(s, _)| *s == n) {
                        Some(slot) => slot.1 = v,
                        None => attrs.push((n, v)),
                    }
                    Ok(())
                }
                Obj::Instance { attrs, .. } | Obj::Class { attrs, .. } => {
                    match attrs.iter_mut().find(|(s, _)| *s == n) {
                        Some(slot) => slot.1 = v,
                        None => attrs.push((n, v)),
                    }
                    Ok(())
                }
                Obj::Thread(t) if self.prog.names[n as usize] == "daemon" => {
                    t.daemon = matches!(v, Value::Bool(true));
                    Ok(())
                }
                Obj::Thread(t) if self.prog.names[n as usize] == "name" => {
                    if let Value::Str(s) = v {
                        t.name = s;
                    }
                    Ok(())
                }
                _ => {
                    let t = self.type_name(obj);
                    let name = self.name(n).to_string();
                    Err(self.exc(Exc::AttributeError, &format!("'{t}' object attribute '{name}' cannot be set")))
                }
            },
            _ => {
                let t = self.type_name(obj);
                Err(self.exc(Exc::AttributeError, &format!("'{t}' object has no attribute '{}'", self.name(n).to_string())))
            }
        }
    }

    // ---- calls ----

    /// Calls `f` (with receiver `this`), pushing its result when it returns.
    fn call_pushing(&mut self, a: ActorId, f: Value, this: Option<Value>, args: Vec<Value>, kw: Vec<(Arc<str>, Value)>, granted: bool, r: &Resume) -> Res<Option<(Op, Option<i64>)>> {
        match self.call(a, f, this, args, kw, granted, r)? {
            Out::Value(v) => {
                self.push(a, v);
                Ok(None)
            }
            Out::Pushed => Ok(None),
            Out::Yield(..) => Err(self.type_error("a property cannot wait".into())),
        }
    }

    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn call(&mut self, a: ActorId, callee: Value, this: Option<Value>, args: Vec<Value>, kw: Vec<(Arc<str>, Value)>, granted: bool, r: &Resume) -> Res<Out> {
        match &callee {
            Value::Builtin(b) => return self.call_builtin(a, *b, args, kw, granted, r),
            Value::Method(n) => {
                let this = this.unwrap_or(Value::None);
                return self.call_method(a, this, *n, args, kw, granted, r);
            }
            Value::ExcClass(k) => {
                let v = self.alloc(Obj::Exception { class: Value::ExcClass(*k), args, attrs: None })?;
                return Ok(Out::Value(v));
            }
            _ => {}
        }
        let obj = self.obj(&callee).cloned();
        match obj {
            Some(Obj::Function { code, defaults, env }) => {
                let mut all = Vec::with_capacity(args.len() + 1);
                if let Some(t) = this {
                    all.push(t);
                }
                all.extend(args);
                match self.enter_function(a, code, &defaults, env, all, kw, FrameKind::Normal)? {
                    Some(generator) => Ok(Out::Value(generator)),
                    None => Ok(Out::Pushed),
                }
            }
            Some(Obj::Bound { this, func }) => self.call(a, func, Some(this), args, kw, granted, r),
            Some(Obj::BoundBuiltin { this, name }) => self.call_method(a, this, name, args, kw, granted, r),
            Some(Obj::Class { .. }) => {
                let class = match callee {
                    Value::Obj(i) => i,
                    _ => unreachable!("a class is an object"),
                };
                if self.exception_base(&callee).is_some() {
                    // Its args are the call's (as BaseException.__new__ has
                    // them); a class's own __init__ then runs on it.
                    let v = self.alloc(Obj::Exception { class: callee.clone(), args: args.clone(), attrs: None })?;
                    if let Some(Obj::Function { code, defaults, env }) = self.class_attr(class, self.sym_init).and_then(|f| self.obj(&f).cloned()) {
                        let mut all = vec![v.clone()];
                        all.extend(args);
                        if self.enter_function(a, code, &defaults, env, all, kw, FrameKind::Init(v))?.is_some() {
                            return Err(self.type_error("__init__() should return None, not 'generator'".into()));
                        }
                        return Ok(Out::Pushed);
                    }
                    return Ok(Out::Value(v));
                }
                let inst = self.alloc(Obj::Instance { class, attrs: vec![] })?;
                // A class deriving from threading.Thread: its instance is a
                // thread too, kept in a hidden attribute (start() runs run()).
                if self.subclass(&callee, &Value::Builtin(Builtin::Thread)) {
                    let Value::Obj(o) = inst else { unreachable!("an instance is an object") };
                    let t = self.new_thread_obj(&[], &[], Some(o))?;
                    let th = self.alloc(Obj::Thread(Box::new(t)))?;
                    let sym = self.sym_thread;
                    if let Obj::Instance { attrs, .. } = &mut self.heap[o as usize].obj {
                        attrs.push((sym, th));
                    }
                }
                match self.class_attr(class, self.sym_init) {
                    Some(init) => match self.obj(&init).cloned() {
                        Some(Obj::Function { code, defaults, env }) => {
                            let mut all = vec![inst.clone()];
                            all.extend(args);
                            if self.enter_function(a, code, &defaults, env, all, kw, FrameKind::Init(inst))?.is_some() {
                                return Err(self.type_error("__init__() should return None, not 'generator'".into()));
                            }
                            Ok(Out::Pushed)
                        }
                        _ => Ok(Out::Value(inst)),
                    },
                    None => {
                        // Thread's own __init__ takes Thread()'s arguments.
                        if let Some(th) = self.instance_thread(&inst) {
                            self.init_thread(th, &args, &kw)?;
                            return Ok(Out::Value(inst));
                        }
                        if !args.is_empty() {
                            let n = self.class_name(&callee);
                            return Err(self.type_error(format!("{n}() takes no arguments")));
                        }
                        Ok(Out::Value(inst))
                    }
                }
            }
            _ => {
                let t = self.type_name(&callee);
                Err(self.type_error(format!("'{t}' object is not callable")))
            }
        }
    }

    /// Calls the function `code`: its frame is pushed, or for a generator
    /// function kept in the generator that is returned.
    fn enter_function(&mut self, a: ActorId, code: u32, defaults: &[Value], env: Option<u32>, args: Vec<Value>, kw: Vec<(Arc<str>, Value)>, kind: FrameKind) -> Res<Option<Value>> {
        let c = &self.prog.codes[code as usize];
        let np = c.params.len();
        let fname = c.name.clone();
        let (varargs, varkw) = (c.varargs, c.varkw);
        let mut args = args;
        // Beyond the parameters: `*args` takes them, as a tuple.
        let extra = if args.len() > np {
            if varargs.is_none() {
                return Err(self.type_error(format!("{fname}() takes {np} positional arguments but {} were given", args.len())));
            }
            args.split_off(np)
        } else {
            vec![]
        };
        let mut slots: Vec<Option<Value>> = vec![None; c.locals.len()];
        let nargs = args.len();
        for (i, v) in args.into_iter().enumerate() {
            slots[i] = Some(v);
        }
        let mut more: Vec<(Value, Value)> = Vec::new();
        for (k, v) in kw {
            match c.params.iter().position(|p| **p == *k) {
                Some(i) if slots[i].is_none() => slots[i] = Some(v),
                Some(_) => return Err(self.type_error(format!("{fname}() got multiple values for argument '{k}'"))),
                // `**kwargs` takes the others, as a dict.
                None if varkw.is_some() => more.push((Value::Str(k), v)),
                None => return Err(self.type_error(format!("{fname}() got an unexpected keyword argument '{k}'"))),
            }
        }

        let first_default = np - c.ndefaults;
        for i in nargs..np {
            if slots[i].is_none() {
                if i >= first_default {
                    slots[i] = defaults.get(i - first_default).cloned();
                } else {
                    let p = c.params[i].clone();
                    return Err(self.type_error(format!("{fname}() missing 1 required positional argument: '{p}'")));
                }
            }
        }
        if let Some(i) = varargs {
            slots[i as usize] = Some(self.alloc(Obj::Tuple(extra))?);
        }
        if let Some(i) = varkw {
            slots[i as usize] = Some(self.alloc(Obj::Dict(more))?);
        }
        let e = self.alloc(Obj::Env { vals: slots, parent: env, captured: false })?;
        let Value::Obj(e) = e else { unreachable!("alloc gives an object") };
        let frame = Frame { code, pc: 0, stack: Vec::new(), env: Some(e), blocks: vec![], kind };
        if self.prog.codes[code as usize].is_generator {
            let g = Gen { code, frame: Some(frame), state: GenState::Fresh, handling: vec![] };
            return self.alloc(Obj::Generator(Box::new(g))).map(Some);
        }
        self.push_frame(a, frame).map(|_| None)
    }

    /// Runs the generator `g` on `a` until its next item, for `mode`: its
    /// frame goes on `a`'s stack, with `sent` as the value of the `yield` it
    /// waits at (None: an exception is thrown in, which the caller raises
    /// next). False: it has ended already (nothing was pushed).
    fn gen_resume(&mut self, a: ActorId, g: u32, sent: Option<Value>, mode: GenMode) -> Res<bool> {
        let Obj::Generator(gen) = &self.heap[g as usize].obj else { return Err(self.type_error("not a generator".into())) };
        match gen.state {
            GenState::Running => return Err(self.exc(Exc::ValueError, "generator already executing")),
            GenState::Done => return Ok(false),
            GenState::Fresh if !matches!(sent, Some(Value::None) | None) => {
                return Err(self.type_error("can't send non-None value to a just-started generator".into()));
            }
            _ => {}
        }
        let Obj::Generator(gen) = &mut self.heap[g as usize].obj else { unreachable!("a generator") };
        let fresh = gen.state == GenState::Fresh;
        let Some(mut frame) = gen.frame.take() else { return Ok(false) };
        gen.state = GenState::Running;
        let handling = std::mem::take(&mut gen.handling);
        self.threads[a].handling.extend(handling);
        let throwing = sent.is_none();
        if let (false, Some(v)) = (fresh, sent) {
            frame.stack.push(v);
        }
        // An exception thrown in goes on to the generator it delegates to
        // (`yield from`), as CPython's `throw` and `close` do: this frame
        // is then past its `yield from`, as when the delegate runs.
        let at_yield_from = self.prog.codes[frame.code as usize].ins.get(frame.pc) == Some(&Ins::YieldFrom);
        let sub = match frame.stack.last() {
            Some(&Value::Obj(sub)) if throwing && at_yield_from => {
                Some(sub).filter(|&s| matches!(&self.heap[s as usize].obj, Obj::Generator(x) if x.state == GenState::Suspended))
            }
            _ => None,
        };
        if sub.is_some() {
            frame.pc += 1;
        }
        frame.kind = FrameKind::Gen { gen: g, mode };
        self.push_frame(a, frame)?;
        if let Some(sub) = sub {
            self.gen_resume(a, sub, None, GenMode::Delegate)?;
        }
        Ok(true)
    }

    /// A `yield` of `v` in the generator frame on top of `a`'s stack: the
    /// item goes where its mode says, and the frame waits in its generator
    /// (for `list(g)` and its kind, it runs on).
    fn gen_yield(&mut self, a: ActorId, v: Value) -> Res<()> {
        let f = self.threads[a].frames.last_mut().expect("a frame");
        match &mut f.kind {
            FrameKind::Gen { mode: GenMode::Drain(d), .. } => {
                let items = &mut d.items;
                if items.len() >= MAX_DRAIN {
                    return Err(self.exc(Exc::MemoryError, &format!("a generator gave more than {MAX_DRAIN} items to take at once")));
                }
                items.push(v);
                f.stack.push(Value::None);
                return Ok(());
            }
            FrameKind::Gen { .. } => {}
            _ => return Err(self.type_error("`yield` outside a generator".into())),
        }
        let t = &mut self.threads[a];
        let mut f = t.frames.pop().expect("a frame");
        let FrameKind::Gen { gen, mode } = std::mem::replace(&mut f.kind, FrameKind::Normal) else { unreachable!("a generator's frame") };
        let mine = f.blocks.iter().filter(|b| b.kind == BlockKind::Handler).count();
        let keep = t.handling.len().saturating_sub(mine);
        let handling = t.handling.split_off(keep);
        if let Obj::Generator(g) = &mut self.heap[gen as usize].obj {
            g.frame = Some(f);
            g.state = GenState::Suspended;
            g.handling = handling;
        }
        match mode {
            GenMode::Next { .. } | GenMode::For { en: None } => self.push(a, v),
            GenMode::For { en: Some(en) } => {
                let n = match &mut self.heap[en as usize].obj {
                    Obj::Iter(Iter::Enumerate { next, .. }) => {
                        *next += 1;
                        *next - 1
                    }
                    _ => 0,
                };
                let t = self.alloc(Obj::Tuple(vec![Value::Int(n), v]))?;
                self.push(a, t);
            }
            GenMode::Delegate => {
                // The delegating generator gives the same item, and asks
                // again from its `yield from` when resumed.
                self.frame(a).pc -= 1;
                return self.gen_yield(a, v);
            }
            GenMode::Drain(_) => unreachable!("handled above"),
            GenMode::Close => return Err(self.exc(Exc::RuntimeError, "generator ignored GeneratorExit")),
        }
        Ok(())
    }

    /// The generator frame `f` (just popped from `a`'s stack) returned `v`:
    /// the generator is over, and its end goes where its mode says.
    fn gen_return(&mut self, a: ActorId, gen: u32, mode: GenMode, v: Value) -> Res<()> {
        if let Obj::Generator(g) = &mut self.heap[gen as usize].obj {
            g.state = GenState::Done;
            g.frame = None;
        }
        self.gen_ended(a, mode, v)
    }

    /// What the end of a generator (with value `v`) means for `mode`.
    fn gen_ended(&mut self, a: ActorId, mode: GenMode, v: Value) -> Res<()> {
        match mode {
            GenMode::Next { default: Some(d) } => self.push(a, d),
            GenMode::Next { default: None } => {
                let args = if matches!(v, Value::None) { vec![] } else { vec![v] };
                return Err(self.alloc(Obj::Exception { class: Value::ExcClass(Exc::StopIteration), args, attrs: None })?);
            }
            GenMode::For { .. } => {
                // The loop ends: past its `ForIter`.
                let f = self.frame(a);
                f.stack.pop();
                let code = f.code as usize;
                let at = f.pc.saturating_sub(1);
                if let Some(Ins::ForIter(end)) = self.prog.codes[code].ins.get(at).copied() {
                    self.frame(a).pc = end as usize;
                }
            }
            GenMode::Drain(d) => {
                let Drain { mut call, at, items } = *d;
                let list = self.alloc(Obj::List(items))?;
                call[at] = list;
                let f = self.frame(a);
                f.stack.extend(call);
                f.pc -= 1;
            }
            GenMode::Delegate => {
                let f = self.frame(a);
                f.stack.pop();
                f.stack.push(v);
            }
            GenMode::Close => self.push(a, Value::None),
        }
        Ok(())
    }

    /// `g.send(v)`, `g.__next__()`, `g.throw(e)`, `g.close()`.
    fn generator_method(&mut self, a: ActorId, g: u32, name: &str, args: &[Value]) -> Res<Out> {
        let done = |w: &Self| matches!(&w.heap[g as usize].obj, Obj::Generator(x) if x.state == GenState::Done);
        match name {
            "send" | "__next__" => {
                let sent = if name == "send" {
                    match args {
                        [v] => v.clone(),
                        _ => return Err(self.type_error(format!("generator.send() takes exactly one argument ({} given)", args.len()))),
                    }
                } else {
                    Value::None
                };
                if self.gen_resume(a, g, Some(sent), GenMode::Next { default: None })? {
                    return Ok(Out::Pushed);
                }
                Err(self.exc(Exc::StopIteration, ""))
            }
            "throw" => {
                let Some(e) = args.first().cloned() else { return Err(self.type_error("throw expected at least 1 argument, got 0".into())) };
                let none: Vec<Object> = Vec::new();
                let r = Resume { reg: 0, ok: false, now: self.now, objects: &none };
                let e = self.make_exception(a, e, true, &r)?;
                // Raised where it waits (a generator over already, or not
                // begun, raises it at once, as CPython does).
                if !done(self) {
                    // What the generator gives next is this call's value,
                    // pushed where the call's pieces were.
                    self.drop_call(a);
                    self.gen_resume(a, g, None, GenMode::Next { default: None })?;
                }
                if let Obj::Generator(x) = &mut self.heap[g as usize].obj {
                    if x.state == GenState::Fresh {
                        x.state = GenState::Done;
                        x.frame = None;
                    }
                }
                Err(e)
            }
            "close" => {
                let state = match &self.heap[g as usize].obj {
                    Obj::Generator(x) => x.state,
                    _ => GenState::Done,
                };
                match state {
                    GenState::Suspended => {
                        let e = self.exc(Exc::GeneratorExit, "");
                        self.drop_call(a);
                        self.gen_resume(a, g, None, GenMode::Close)?;
                        Err(e)
                    }
                    GenState::Running => Err(self.exc(Exc::ValueError, "generator already executing")),
                    GenState::Fresh | GenState::Done => {
                        if let Obj::Generator(x) = &mut self.heap[g as usize].obj {
                            x.state = GenState::Done;
                            x.frame = None;
                        }
                        Ok(Out::Value(Value::None))
                    }
                }
            }
            _ => Err(self.exc(Exc::AttributeError, &format!("'generator' object has no attribute '{name}'"))),
        }
    }

    /// Takes the call under way off `a`'s stack (its value is pushed later,
    /// by a generator's frame, after an exception thrown into it).
    fn drop_call(&mut self, a: ActorId) {
        let n = self.call_on_stack(a).len();
        let f = self.frame(a);
        let keep = f.stack.len().saturating_sub(n);
        f.stack.truncate(keep);
    }

    /// A `for` asks the generator `g` (through the `enumerate` `en`) for its
    /// next item: it runs until it gives one, or the loop ends.
    #[cold]
    fn for_generator(&mut self, a: ActorId, g: u32, en: Option<u32>, end: u32, granted: bool) -> Res<Option<(Op, Option<i64>)>> {
        if self.heap[g as usize].shared && !granted {
            return Ok(Some((Op::Py, None)));
        }
        if !self.gen_resume(a, g, Some(Value::None), GenMode::For { en })? {
            self.pop(a);
            self.frame(a).pc = end as usize;
        }
        Ok(None)
    }

    /// `list(g)`, `sum(g)` and the other builtins that take a whole
    /// iterable, given a generator (the first, at `i` of `args`): it runs to
    /// its end first, its items gathered, and the call then runs again with
    /// them as a list in its place. None: no generator among the arguments.
    fn drain_argument(&mut self, a: ActorId, args: &mut [Value], nkw: usize, granted: bool) -> Res<Option<Out>> {
        let Some(i) = args.iter().position(|v| matches!(self.obj(v), Some(Obj::Generator(_)))) else { return Ok(None) };
        let Value::Obj(g) = args[i] else { return Ok(None) };
        if self.heap[g as usize].shared && !granted {
            return Ok(Some(Out::Yield(Op::Py, None)));
        }
        if matches!(&self.heap[g as usize].obj, Obj::Generator(gen) if gen.state == GenState::Done) {
            // Over already: no items.
            args[i] = self.alloc(Obj::List(vec![]))?;
            return self.drain_argument(a, args, nkw, granted);
        }
        let call = self.call_on_stack(a);
        let at = call.len().checked_sub(nkw + args.len()).map(|s| s + i).filter(|&at| at > 0 && at < call.len());
        let Some(at) = at.filter(|&at| matches!(&call[at], Value::Obj(x) if *x == g)) else {
            return Err(self.type_error("a generator's items are taken only by a call written out here (`list(g)`, not `list(*gs)`)".into()));
        };
        self.gen_resume(a, g, Some(Value::None), GenMode::Drain(Box::new(Drain { call, at, items: vec![] })))?;
        Ok(Some(Out::Pushed))
    }

    fn kwarg<'k>(kw: &'k [(Arc<str>, Value)], n: &str) -> Option<&'k Value> {
        kw.iter().find(|(k, _)| &**k == n).map(|(_, v)| v)
    }

    fn seconds_ms(&mut self, v: &Value) -> Res<u32> {
        let s = match v {
            Value::Int(i) => *i as f64,
            Value::Float(f) => *f,
            Value::Bool(b) => *b as i64 as f64,
            _ => return Err(self.type_error(format!("a duration must be a number, not '{}'", self.type_name(v)))),
        };
        if !s.is_finite() || s < 0.0 {
            return Err(self.exc(Exc::ValueError, "a duration must be a non-negative number"));
        }
        Ok((s * 1000.0 * self.timescale as f64).round().min(86_400_000.0) as u32)
    }

    /// `report(name, value)`: keeps a figure of the run for the page.
    #[inline(never)]
    fn report(&mut self, args: &[Value], kw: &[(Arc<str>, Value)]) -> Res<Value> {
        let (Some(Value::Str(name)), Some(value)) = (args.first().cloned(), args.get(1).cloned()) else {
            return Err(self.type_error("report(name, value) needs a name (a string) and a value".into()));
        };
        let number = match value {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) if f.is_finite() => Some(f),
            Value::Bool(b) => Some(b as i64 as f64),
            _ => None,
        };
        let text = self.to_str(&value);
        let label = match Self::kwarg(kw, "label").cloned().or(args.get(2).cloned()) {
            Some(l) => self.to_str(&l),
            None => name.replace('_', " "),
        };
        let r = Reported { name: name.to_string(), number, text, label };
        match self.reported.iter().position(|x| x.name == r.name) {
            Some(i) => Arc::make_mut(&mut self.reported)[i] = r,
            None if self.reported.len() < MAX_REPORTED => Arc::make_mut(&mut self.reported).push(r),
            None => return Err(self.exc(Exc::ValueError, &format!("a program may report at most {MAX_REPORTED} figures"))),
        }
        Ok(Value::None)
    }

    /// A builtin's call. The helpers its bigger arms call once each
    /// (`make_prim`, `param`, `report`) are `#[inline(never)]`, as are
    /// `call_method`'s (`prim_method`, `container_method`, `str_method`,
    /// and `wait_for` below them): folded in, they made these dispatchers
    /// 25 KB each, which V8 compiles whole (lazily, then with TurboFan once
    /// hot) during a fresh page's first search even though a lesson runs a
    /// few of their arms. Apart, V8 compiles only the ones that run: the
    /// race's first search compiles 12 % fewer bytes with TurboFan and 5 %
    /// fewer with Liftoff, for the same instructions
    /// (`bench/wasm-engine/compiles.mjs` and `count.sh`).
    fn call_builtin(&mut self, a: ActorId, b: Builtin, mut args: Vec<Value>, kw: Vec<(Arc<str>, Value)>, granted: bool, r: &Resume) -> Res<Out> {
        use Builtin as B;
        // A generator given to a builtin that takes all of an iterable's
        // items runs to its end first.
        if matches!(b, B::List | B::Tuple | B::Set | B::Dict | B::Sum | B::Sorted | B::Min | B::Max | B::Any | B::All | B::Zip | B::Cycle | B::Enumerate | B::Iter)
            && (self.dn.iter != u32::MAX || (b == B::Dict && self.dn.items != u32::MAX))
        {
            if let Some(out) = self.convert_argument(a, b, &mut args, kw.len(), r)? {
                return Ok(out);
            }
        }
        if matches!(b, B::List | B::Tuple | B::Set | B::Dict | B::Sum | B::Sorted | B::Min | B::Max | B::Any | B::All | B::Zip | B::Cycle) {
            if let Some(out) = self.drain_argument(a, &mut args, kw.len(), granted)? {
                return Ok(out);
            }
        }
        let arg = |i: usize| args.get(i).cloned();
        if matches!(b, B::Print | B::Str | B::Repr | B::LogInfo | B::LogWarning | B::LogError | B::LogDebug) && self.sym_str.min(self.sym_repr) != u32::MAX {
            if let Some(out) = self.stringify_argument(a, b, &args, kw.len(), r)? {
                return Ok(out);
            }
        }
        // Reading a shared list or dict whole is one step.
        if matches!(b, B::Len | B::Sorted | B::Min | B::Max | B::Sum | B::List | B::Tuple | B::Dict | B::Set | B::Str | B::Repr | B::Any | B::All | B::Enumerate | B::Zip | B::Reversed)
            && args.iter().any(|v| self.shared_container(v))
            && !granted
        {
            return Ok(Out::Yield(Op::Py, None));
        }
        let v = match b {
            B::Print | B::LogInfo | B::LogWarning | B::LogError | B::LogDebug => {
                if !granted {
                    return Ok(Out::Yield(Op::Py, None));
                }
                let sep = match Self::kwarg(&kw, "sep") {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => " ".into(),
                };
                let end = match Self::kwarg(&kw, "end") {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => "\n".into(),
                };
                if !self.told {
                    // (Nothing printed is kept: see `untold`.)
                    return Ok(Out::Value(Value::None));
                }
                let parts: Vec<String> = args.iter().map(|v| self.to_str(v)).collect();
                let text = match b {
                    B::Print => format!("{}{end}", parts.join(&sep)),
                    _ => {
                        let level = match b {
                            B::LogWarning => "WARNING",
                            B::LogError => "ERROR",
                            B::LogDebug => "DEBUG",
                            _ => "INFO",
                        };
                        format!("{:.3} [{}] {level} {}\n", self.now / 1000.0, self.threads[a].name, parts.join(" "))
                    }
                };
                let shown: String = text.trim_end().chars().take(60).collect();
                self.note(a, format!("prints {shown:?}"));
                self.write(a, text);
                Value::None
            }
            B::BasicConfig | B::Seed => Value::None,
            B::Len => {
                let v = arg(0).unwrap_or(Value::None);
                if let Some(f) = self.dunder(&v, self.dn.len) {
                    return self.call(a, f, Some(v), vec![], vec![], false, r);
                }
                Value::Int(self.len(&v)? as i64)
            }
            B::Range => {
                let ints: Vec<i64> = args.iter().map(|v| self.as_int(v)).collect::<Res<_>>()?;
                let (start, stop, step) = match ints.as_slice() {
                    [stop] => (0, *stop, 1),
                    [start, stop] => (*start, *stop, 1),
                    [start, stop, step] => (*start, *stop, *step),
                    _ => return Err(self.type_error(format!("range expected 1 to 3 arguments, got {}", ints.len()))),
                };
                if step == 0 {
                    return Err(self.exc(Exc::ValueError, "range() arg 3 must not be zero"));
                }
                let mut items = Vec::new();
                let mut i = start;
                let n = if step > 0 { (stop - start).max(0) / step } else { (start - stop).max(0) / -step };
                if n > 10_000_000 {
                    return self.alloc(Obj::Iter(Iter::Range { next: start, stop, step })).map(Out::Value);
                }
                while (step > 0 && i < stop) || (step < 0 && i > stop) {
                    items.push(Value::Int(i));
                    i += step;
                }
                self.alloc(Obj::List(items))?
            }
            B::Sorted | B::List | B::Tuple | B::Reversed => {
                let mut items = match arg(0) {
                    Some(v) => self.iterate(&v)?,
                    None => vec![],
                };
                if b == B::Sorted {
                    let reverse = Self::kwarg(&kw, "reverse").is_some_and(|v| self.truthy(v));
                    if let Some(key) = self.key_function(&kw)? {
                        return self.keyed(a, Box::new(Keyed { op: KeyedOp::Sorted { reverse }, key, items, keys: vec![] }));
                    }
                    self.sort(&mut items, reverse)?;
                }
                if b == B::Reversed {
                    items.reverse();
                }
                self.alloc(if b == B::Tuple { Obj::Tuple(items) } else { Obj::List(items) })?
            }
            B::Min | B::Max => {
                let items = if args.len() == 1 { self.iterate(&args[0])? } else { args.clone() };
                let Some(mut best) = items.first().cloned() else {
                    if let (Some(d), 1) = (Self::kwarg(&kw, "default"), args.len()) {
                        return Ok(Out::Value(d.clone()));
                    }
                    return Err(self.exc(Exc::ValueError, &format!("{}() arg is an empty sequence", b.name())));
                };
                if let Some(key) = self.key_function(&kw)? {
                    let op = if b == B::Min { KeyedOp::Min } else { KeyedOp::Max };
                    return self.keyed(a, Box::new(Keyed { op, key, items, keys: vec![] }));
                }
                for v in &items[1..] {
                    let better = if b == B::Min { self.compare(super::ast::CmpOp::Lt, v, &best)? } else { self.compare(super::ast::CmpOp::Gt, v, &best)? };
                    if better {
                        best = v.clone();
                    }
                }
                best
            }
            B::Sum => {
                let items = self.iterate(&arg(0).unwrap_or(Value::None))?;
                let mut acc = arg(1).unwrap_or(Value::Int(0));
                for v in items {
                    acc = self.binary(super::ast::BinOp::Add, &acc, &v)?;
                }
                acc
            }
            B::Abs => match arg(0) {
                Some(Value::Int(i)) => Value::Int(i.checked_abs().ok_or_else(|| self.overflow())?),
                Some(Value::Float(f)) => Value::Float(f.abs()),
                Some(Value::Bool(x)) => Value::Int(x as i64),
                other => return Err(self.type_error(format!("bad operand type for abs(): '{}'", other.map(|v| self.type_name(&v)).unwrap_or_default()))),
            },
            B::Str => Value::str(&arg(0).map(|v| self.to_str(&v)).unwrap_or_default()),
            B::Repr => Value::str(&arg(0).map(|v| self.repr(&v)).unwrap_or_default()),
            B::Int => match arg(0) {
                None => Value::Int(0),
                Some(Value::Int(i)) => Value::Int(i),
                Some(Value::Bool(x)) => Value::Int(x as i64),
                Some(Value::Float(f)) if f.is_finite() && f.abs() < 9.2e18 => Value::Int(f.trunc() as i64),
                Some(Value::Str(s)) => match s.trim().parse::<i64>() {
                    Ok(i) => Value::Int(i),
                    Err(_) => return Err(self.exc(Exc::ValueError, &format!("invalid literal for int() with base 10: {}", self.repr(&Value::Str(s.clone()))))),
                },
                Some(v) => return Err(self.type_error(format!("int() argument must be a string or a number, not '{}'", self.type_name(&v)))),
            },
            B::Float => match arg(0) {
                None => Value::Float(0.0),
                Some(Value::Int(i)) => Value::Float(i as f64),
                Some(Value::Bool(x)) => Value::Float(x as i64 as f64),
                Some(Value::Float(f)) => Value::Float(f),
                Some(Value::Str(s)) => match s.trim().parse::<f64>() {
                    Ok(f) => Value::Float(f),
                    Err(_) => return Err(self.exc(Exc::ValueError, &format!("could not convert string to float: {}", self.repr(&Value::Str(s.clone()))))),
                },
                Some(v) => return Err(self.type_error(format!("float() argument must be a string or a number, not '{}'", self.type_name(&v)))),
            },
            B::Bool => Value::Bool(arg(0).map(|v| self.truthy(&v)).unwrap_or(false)),
            B::Dict => {
                let mut kv = Vec::new();
                if let Some(v) = arg(0) {
                    if let Some(Obj::Dict(d)) = self.obj(&v) {
                        kv = d.clone();
                    } else {
                        // Pairs: `dict(zip(names, values))`, `dict([("a", 1)])`.
                        for (n, item) in self.iterate(&v)?.into_iter().enumerate() {
                            let pair = match &item {
                                Value::Str(_) => self.iterate(&item)?,
                                _ => match self.obj(&item) {
                                    Some(Obj::Tuple(xs) | Obj::List(xs)) => xs.clone(),
                                    _ => {
                                        let t = self.type_name(&item);
                                        return Err(self.type_error(format!("cannot convert dictionary update sequence element #{n} to a sequence ('{t}')")));
                                    }
                                },
                            };
                            let [k, x] = <[Value; 2]>::try_from(pair).map_err(|p| {
                                self.exc(Exc::ValueError, &format!("dictionary update sequence element #{n} has length {}; 2 is required", p.len()))
                            })?;
                            self.dict_insert(&mut kv, k, x)?;
                        }
                    }
                }
                for (k, v) in kw {
                    self.dict_insert(&mut kv, Value::Str(k), v)?;
                }
                self.alloc(Obj::Dict(kv))?
            }
            B::Isinstance => {
                let v = arg(0).unwrap_or(Value::None);
                let c = arg(1).unwrap_or(Value::None);
                let classes = match self.obj(&c) {
                    Some(Obj::Tuple(cs)) => cs.clone(),
                    _ => vec![c],
                };
                let mut any = false;
                for c in classes {
                    any |= self.isinstance(&v, &c)?;
                }
                Value::Bool(any)
            }
            B::Enumerate => {
                let start = match Self::kwarg(&kw, "start").cloned().or(arg(1)) {
                    Some(v) => self.as_int(&v)?,
                    None => 0,
                };
                // Over an iterator, as it goes (itertools.cycle never ends).
                if let Some(Value::Obj(it)) = arg(0).filter(|v| matches!(self.obj(v), Some(Obj::Iter(_) | Obj::Generator(_)))) {
                    return self.alloc(Obj::Iter(Iter::Enumerate { it, next: start })).map(Out::Value);
                }
                let items = self.iterate(&arg(0).unwrap_or(Value::None))?;
                let mut out = Vec::new();
                for (i, v) in items.into_iter().enumerate() {
                    out.push(self.alloc(Obj::Tuple(vec![Value::Int(start + i as i64), v]))?);
                }
                self.alloc(Obj::Iter(Iter::Items { items: out, at: 0 }))?
            }
            B::Zip => {
                // In step, as CPython's: an iterator gives only as many
                // items as the shortest argument has (itertools.count and
                // cycle never end).
                enum Src {
                    Items(Vec<Value>),
                    It(u32),
                }
                let mut srcs = Vec::with_capacity(args.len());
                for v in &args {
                    srcs.push(match (v, self.obj(v)) {
                        (Value::Obj(i), Some(Obj::Iter(_))) => Src::It(*i),
                        _ => Src::Items(self.iterate(v)?),
                    });
                }
                let mut out = Vec::new();
                'rows: while !srcs.is_empty() {
                    let i = out.len();
                    let mut t = Vec::with_capacity(srcs.len());
                    for s in &srcs {
                        match s {
                            Src::Items(xs) => match xs.get(i) {
                                Some(x) => t.push(x.clone()),
                                None => break 'rows,
                            },
                            Src::It(it) => match self.iter_next(*it) {
                                Some(x) => t.push(x),
                                None => break 'rows,
                            },
                        }
                    }
                    if out.len() >= 10_000_000 {
                        return Err(self.exc(Exc::MemoryError, "too many items"));
                    }
                    out.push(self.alloc(Obj::Tuple(t))?);
                }
                self.alloc(Obj::Iter(Iter::Items { items: out, at: 0 }))?
            }
            B::Round => {
                let x = arg(0).unwrap_or(Value::None);
                let f = self.as_float(&x)?;
                match arg(1) {
                    None | Some(Value::None) => {
                        let r = f.round_ties_even();
                        if r.is_finite() && r.abs() < 9.2e18 {
                            Value::Int(r as i64)
                        } else {
                            return Err(self.overflow());
                        }
                    }
                    Some(d) => {
                        let d = self.as_int(&d)?.clamp(-300, 300) as i32;
                        let m = 10f64.powi(d);
                        // Correctly rounded, as CPython: from the float's
                        // exact decimal value (2.675 is 2.67499..., so 2.67).
                        let r = match d {
                            0.. if f.is_finite() => format!("{:.*}", d as usize, f).parse().unwrap_or(f),
                            _ => (f * m).round_ties_even() / m,
                        };
                        if matches!(x, Value::Int(_)) { Value::Int(r as i64) } else { Value::Float(r) }
                    }
                }
            }
            B::Any | B::All => {
                let items = self.iterate(&arg(0).unwrap_or(Value::None))?;
                let t: Vec<bool> = items.iter().map(|v| self.truthy(v)).collect();
                Value::Bool(if b == B::Any { t.iter().any(|x| *x) } else { t.iter().all(|x| *x) })
            }
            B::Divmod => {
                let (x, y) = (arg(0).unwrap_or(Value::None), arg(1).unwrap_or(Value::None));
                let q = self.binary(super::ast::BinOp::FloorDiv, &x, &y)?;
                let m = self.binary(super::ast::BinOp::Mod, &x, &y)?;
                self.alloc(Obj::Tuple(vec![q, m]))?
            }
            B::Property => self.alloc(Obj::Property(arg(0).unwrap_or(Value::None)))?,
            B::ClassMethod => self.alloc(Obj::ClassMethod(arg(0).unwrap_or(Value::None)))?,
            B::StaticMethod => self.alloc(Obj::StaticMethod(arg(0).unwrap_or(Value::None)))?,
            B::Local => self.alloc(Obj::Local(Vec::new()))?,
            B::GetAttr | B::HasAttr => {
                let obj = arg(0).unwrap_or(Value::None);
                let Some(Value::Str(name)) = arg(1) else {
                    return Err(self.type_error(format!("attribute name must be string, not '{}'", arg(1).map(|v| self.type_name(&v)).unwrap_or_default())));
                };
                let default = if b == B::GetAttr { arg(2) } else { Some(Value::Bool(false)) };
                let found = match self.prog.names.iter().position(|x| **x == *name) {
                    Some(n) => self.get_attr(a, &obj, n as u32),
                    None => {
                        let t = self.type_name(&obj);
                        Err(self.exc(Exc::AttributeError, &format!("'{t}' object has no attribute '{name}'")))
                    }
                };
                match found {
                    Ok((Attr::Value(v), step)) => {
                        // Reading a shared attribute is a step, as `obj.name` is.
                        if step && !granted {
                            return Ok(Out::Yield(Op::Py, None));
                        }
                        if b == B::HasAttr { Value::Bool(true) } else { v }
                    }
                    Ok((Attr::Property(_), _)) if b == B::HasAttr => Value::Bool(true),
                    Ok((Attr::Property(f), _)) => return self.call(a, f, Some(obj), vec![], vec![], granted, r),
                    // (hasattr() asks `__getattr__` too in CPython; here it answers yes.)
                    Ok((Attr::Missing(_), _)) if b == B::HasAttr => Value::Bool(true),
                    Ok((Attr::Missing(f), _)) => return self.call(a, f, Some(obj), vec![Value::Str(name)], vec![], granted, r),
                    Err(e) if matches!(self.class_of_exc(&e), Value::ExcClass(Exc::AttributeError)) && default.is_some() => default.unwrap_or(Value::None),
                    Err(e) => return Err(e),
                }
            }
            B::SetAttr | B::ObjectSetAttr => {
                let (obj, v) = (arg(0).unwrap_or(Value::None), arg(2).unwrap_or(Value::None));
                let Some(Value::Str(name)) = arg(1) else {
                    return Err(self.type_error("attribute name must be string".into()));
                };
                if b == B::SetAttr {
                    if let Some(f) = self.dunder(&obj, self.dn.setattr) {
                        return self.call(a, f, Some(obj), vec![Value::Str(name), v], vec![], false, r);
                    }
                }
                let Some(n) = self.prog.names.iter().position(|x| **x == *name) else {
                    return Err(self.exc(Exc::NotImplementedError, &format!("setattr() with a name the program never writes ('{name}') is not available in the playground")));
                };
                if let Some(Obj::Local(_)) = self.obj(&obj) {
                    self.local_set(a, &obj, n as u32, v);
                } else {
                    // Writing a shared attribute is a step, as `obj.name = v` is.
                    if self.is_shared(&obj) {
                        if !granted {
                            return Ok(Out::Yield(Op::Py, None));
                        }
                        self.publish(&v);
                    }
                    self.set_attr(&obj, n as u32, v)?;
                }
                Value::None
            }
            // `super(C, self)`; the compiler writes a method's `super()` so.
            B::Super => {
                let (Some(c), Some(this)) = (arg(0), arg(1)) else {
                    return Err(self.exc(Exc::RuntimeError, "super(): no arguments"));
                };
                let class = match (&c, self.obj(&c)) {
                    (Value::Obj(i), Some(Obj::Class { .. })) => *i,
                    _ => return Err(self.type_error("super() argument 1 must be a class".into())),
                };
                if !self.isinstance(&this, &c)? {
                    return Err(self.type_error("super(type, obj): obj must be an instance or subtype of type".into()));
                }
                self.alloc(Obj::Super { class, this })?
            }
            B::ObjectInit => Value::None,
            B::GeneratorType | B::CoroutineType => return Err(self.type_error(format!("cannot create '{}' instances", b.name()))),
            B::Object => return Err(self.type_error("object() is not available in the playground".into())),
            B::Param => self.param(a, &args, &kw)?,
            B::Report => self.report(&args, &kw)?,
            B::CriticalSection => {
                // A step of its own: the actor is in the critical section
                // while this call is its next step.
                self.threads[a].critical = !granted;
                if !granted {
                    return Ok(Out::Yield(Op::Py, None));
                }
                Value::None
            }
            B::BurnCpu => {
                let ms = self.seconds_ms(&arg(0).unwrap_or(Value::Int(0)))?;
                if !granted {
                    return Ok(Out::Yield(Op::Work { ms }, None));
                }
                Value::None
            }
            B::TaskRow => {
                // asyncio.py's Task, made: a row (its index), or -1 when
                // none is kept (a search, or past the most rows).
                let name = arg(0).map(|v| self.to_str(&v)).unwrap_or_default();
                // Its coroutine's function, as CPython's repr of a task names it.
                let coro = match arg(1).as_ref().and_then(|c| self.obj(c)) {
                    Some(Obj::Generator(g)) => self.prog.codes[g.code as usize].name.to_string(),
                    _ => String::new(),
                };
                let now = self.now;
                let row = if self.told { Arc::make_mut(&mut self.tasks).add(name, coro, a, now) } else { None };
                Value::Int(row.map(|r| r as i64).unwrap_or(-1))
            }
            B::TaskState => {
                let (Some(Value::Int(row)), Some(Value::Str(word))) = (arg(0), arg(1)) else {
                    return Err(self.type_error("_task_state(row, state) needs a row (an int) and a state (a string)".into()));
                };
                let Some(state) = crate::py::tasks::TaskState::parse(&word) else {
                    return Err(self.exc(Exc::ValueError, &format!("no task state is called {word:?}")));
                };
                if self.told && row >= 0 {
                    let now = self.now;
                    Arc::make_mut(&mut self.tasks).set(row as usize, state, now);
                }
                Value::None
            }
            B::StartProcess => {
                if !granted {
                    return Ok(Out::Yield(Op::Py, None));
                }
                self.start_process(a, &args)?
            }
            B::Pickle => {
                let x = arg(0).unwrap_or(Value::None);
                // (Reading a shared object is a step.)
                if !granted && self.is_shared(&x) {
                    return Ok(Out::Yield(Op::Py, None));
                }
                self.pickle(a, &x)?
            }
            B::Share => {
                let x = arg(0).unwrap_or(Value::None);
                if let Value::Obj(o) = x {
                    if !self.by_reference.contains(&o) {
                        self.by_reference.push(o);
                    }
                }
                x
            }
            B::Unpickle => self.unpickle(a, &arg(0).unwrap_or(Value::None))?,
            B::IsPrime => {
                let n = self.as_int(&arg(0).unwrap_or(Value::Int(0)))?;
                if n < 0 {
                    return Ok(Out::Value(Value::Bool(false)));
                }
                if !granted {
                    return Ok(Out::Yield(Op::Compute { kernel: Kernel::IsPrime { n: n as u64 } }, None));
                }
                Value::Bool(r.reg != 0)
            }
            B::Sleep => {
                let ms = self.seconds_ms(&arg(0).unwrap_or(Value::Int(0)))?;
                // A sleep of 0 only offers the others a turn: its two steps
                // say so (the machine's step, `machine_step`, says the first;
                // a longer sleep's say it sleeps, then runs again).
                if ms == 0 && granted && self.telling(a) {
                    self.note(a, "goes on after its yield".to_string());
                }
                if !granted {
                    return Ok(Out::Yield(Op::Sleep { ms }, None));
                }
                Value::None
            }
            B::PerfCounter => Value::Float(r.now / 1000.0),
            // (The program's process is 1000, its children 1001, 1002, ...;
            // its own parent, the shell, 999.)
            B::GetPid => Value::Int(PID_BASE + self.threads[a].proc as i64),
            // The playground's machine has CPU_COUNT cores on every device, so
            // that a link replays: the pools' defaults follow from it
            // (ThreadPoolExecutor's min(32, 4 + 4) = 8, ProcessPoolExecutor's 4).
            B::CpuCount => Value::Int(CPU_COUNT),
            B::GetPpid => Value::Int(match self.threads[a].proc {
                0 => PID_BASE - 1,
                p => PID_BASE + self.parents[p as usize - 1] as i64,
            }),
            B::RandInt => {
                let lo = self.as_int(&arg(0).unwrap_or(Value::Int(0)))?;
                let hi = self.as_int(&arg(1).unwrap_or(Value::Int(0)))?;
                if hi < lo {
                    return Err(self.exc(Exc::ValueError, &format!("empty range in randint({lo}, {hi})")));
                }
                let span = (hi - lo) as u64 + 1;
                Value::Int(lo + (self.rng.next_u64() % span) as i64)
            }
            B::Random => Value::Float((self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64),
            B::Uniform => {
                let lo = self.as_float(&arg(0).unwrap_or(Value::Int(0)))?;
                let hi = self.as_float(&arg(1).unwrap_or(Value::Int(0)))?;
                let u = (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                Value::Float(lo + (hi - lo) * u)
            }
            B::Choice => {
                let items = self.iterate(&arg(0).unwrap_or(Value::None))?;
                if items.is_empty() {
                    return Err(self.exc(Exc::IndexError, "Cannot choose from an empty sequence"));
                }
                items[self.rng.below(items.len())].clone()
            }
            B::Format => {
                let v = arg(0).unwrap_or(Value::None);
                let spec = match arg(1) {
                    None => String::new(),
                    Some(Value::Str(x)) => x.to_string(),
                    Some(o) => return Err(self.type_error(format!("format() argument 2 must be str, not {}", self.type_name(&o)))),
                };
                let s = if spec.is_empty() { self.to_str(&v) } else { self.format_spec(&v, &spec)? };
                Value::str(&s)
            }
            B::Set => {
                let items = match arg(0) {
                    Some(v) => self.iterate(&v)?,
                    None => vec![],
                };
                let items = self.set_of(items)?;
                self.alloc(Obj::Set(items))?
            }
            B::Iter => {
                let v = arg(0).unwrap_or(Value::None);
                self.get_iter(&v)?
            }
            B::Next if matches!(arg(0).as_ref().and_then(|v| self.obj(v)), Some(Obj::Generator(_))) => {
                let Some(Value::Obj(g)) = arg(0) else { unreachable!("a generator") };
                if matches!(&self.heap[g as usize].obj, Obj::Generator(x) if self.prog.codes[x.code as usize].coroutine) {
                    return Err(self.type_error("'coroutine' object is not an iterator".into()));
                }
                if self.heap[g as usize].shared && !granted {
                    return Ok(Out::Yield(Op::Py, None));
                }
                let default = arg(1);
                if self.gen_resume(a, g, Some(Value::None), GenMode::Next { default: default.clone() })? {
                    return Ok(Out::Pushed);
                }
                match default {
                    Some(d) => d,
                    None => return Err(self.exc(Exc::StopIteration, "")),
                }
            }
            B::Next => {
                let it = arg(0).unwrap_or(Value::None);
                let next = match (&it, self.obj(&it)) {
                    (Value::Obj(i), Some(Obj::Iter(_))) => self.iter_next(*i),
                    _ => return Err(self.type_error(format!("'{}' object is not an iterator", self.type_name(&it)))),
                };
                match (next, arg(1)) {
                    (Some(v), _) | (None, Some(v)) => v,
                    (None, None) => return Err(self.exc(Exc::StopIteration, "")),
                }
            }
            B::Type => {
                let v = arg(0).unwrap_or(Value::None);
                match self.type_of(&v) {
                    Some(t) => t,
                    None => {
                        let t = self.type_name(&v);
                        return Err(self.exc(Exc::NotImplementedError, &format!("type() of a '{t}' is not available in the playground")));
                    }
                }
            }
            B::Cycle => {
                let items = self.iterate(&arg(0).unwrap_or(Value::None))?;
                self.alloc(Obj::Iter(Iter::Cycle { items, at: 0 }))?
            }
            B::Count => {
                let start = self.as_int(&Self::kwarg(&kw, "start").cloned().or(arg(0)).unwrap_or(Value::Int(0)))?;
                let step = self.as_int(&Self::kwarg(&kw, "step").cloned().or(arg(1)).unwrap_or(Value::Int(1)))?;
                if step == 0 {
                    return Err(self.exc(Exc::ValueError, "itertools.count(step=0) is not available here (it would give its start for ever)"));
                }
                let stop = if step > 0 { i64::MAX } else { i64::MIN };
                self.alloc(Obj::Iter(Iter::Range { next: start, stop, step }))?
            }
            B::Isqrt => {
                let n = self.as_int(&arg(0).unwrap_or(Value::Int(0)))?;
                if n < 0 {
                    return Err(self.exc(Exc::ValueError, "isqrt() argument must be nonnegative"));
                }
                Value::Int(isqrt(n as u64) as i64)
            }
            B::Hex | B::Bin | B::Oct => {
                let n = match arg(0) {
                    Some(Value::Int(n)) => n,
                    Some(Value::Bool(b)) => b as i64,
                    other => {
                        let t = other.map(|v| self.type_name(&v)).unwrap_or_default();
                        return Err(self.type_error(format!("'{t}' object cannot be interpreted as an integer")));
                    }
                };
                let (sign, a) = (if n < 0 { "-" } else { "" }, n.unsigned_abs());
                Value::str(&match b {
                    B::Hex => format!("{sign}0x{a:x}"),
                    B::Bin => format!("{sign}0b{a:b}"),
                    _ => format!("{sign}0o{a:o}"),
                })
            }
            B::Chr => {
                let n = self.as_int(&arg(0).unwrap_or(Value::None))?;
                match u32::try_from(n).ok().and_then(char::from_u32) {
                    Some(c) => Value::str(c.encode_utf8(&mut [0; 4])),
                    None => return Err(self.exc(Exc::ValueError, "chr() arg not in range(0x110000)")),
                }
            }
            B::Ord => match arg(0) {
                Some(Value::Str(s)) if s.chars().count() == 1 => Value::Int(s.chars().next().map_or(0, |c| c as i64)),
                Some(Value::Str(s)) => return Err(self.type_error(format!("ord() expected a character, but string of length {} found", s.chars().count()))),
                other => {
                    let t = other.map(|v| self.type_name(&v)).unwrap_or_default();
                    return Err(self.type_error(format!("ord() expected string of length 1, but {t} found")));
                }
            },
            B::Pow => {
                let (x, y) = (arg(0).unwrap_or(Value::None), arg(1).unwrap_or(Value::None));
                match arg(2) {
                    None | Some(Value::None) => self.binary(super::ast::BinOp::Pow, &x, &y)?,
                    Some(m) => {
                        let (x, y, m) = (self.as_int(&x)?, self.as_int(&y)?, self.as_int(&m)?);
                        if m == 0 {
                            return Err(self.exc(Exc::ValueError, "pow() 3rd argument cannot be 0"));
                        }
                        if y < 0 {
                            return Err(self.exc(Exc::ValueError, "pow() 2nd argument cannot be negative when 3rd argument specified"));
                        }
                        let (mut base, mut e, m) = ((x as i128).rem_euclid(m as i128), y as u64, m as i128);
                        let mut acc: i128 = 1 % m;
                        while e > 0 {
                            if e & 1 == 1 {
                                acc = acc * base % m;
                            }
                            base = base * base % m;
                            e >>= 1;
                        }
                        // CPython's result takes the modulus's sign.
                        Value::Int((if acc != 0 && m < 0 { acc + m } else { acc }) as i64)
                    }
                }
            }
            B::Floor | B::Ceil => match arg(0) {
                Some(Value::Int(n)) => Value::Int(n),
                Some(Value::Bool(x)) => Value::Int(x as i64),
                Some(v) => {
                    let f = self.as_float(&v)?;
                    let r = if b == B::Floor { f.floor() } else { f.ceil() };
                    if !r.is_finite() || r.abs() >= 9.2e18 {
                        return Err(self.overflow());
                    }
                    Value::Int(r as i64)
                }
                None => return Err(self.type_error(format!("{}() takes exactly one argument (0 given)", b.name()))),
            },
            B::Gcd => {
                let mut g: i64 = 0;
                for v in &args {
                    let mut n = self.as_int(v)?.checked_abs().ok_or_else(|| self.overflow())?;
                    while n != 0 {
                        (g, n) = (n, g % n);
                    }
                }
                Value::Int(g)
            }
            B::Log => {
                let x = self.as_float(&arg(0).unwrap_or(Value::None))?;
                if x <= 0.0 {
                    return Err(self.exc(Exc::ValueError, "math domain error"));
                }
                match arg(1) {
                    None => Value::Float(x.ln()),
                    Some(b) => {
                        let b = self.as_float(&b)?;
                        if b <= 0.0 || b == 1.0 {
                            return Err(self.exc(Exc::ValueError, "math domain error"));
                        }
                        Value::Float(x.ln() / b.ln())
                    }
                }
            }
            B::Sqrt => {
                let f = self.as_float(&arg(0).unwrap_or(Value::Int(0)))?;
                if f < 0.0 {
                    return Err(self.exc(Exc::ValueError, "math domain error"));
                }
                Value::Float(f.sqrt())
            }
            B::CurrentThread => Value::Obj(self.threads[a].obj),
            B::MainThread => Value::Obj(self.threads[0].obj),
            B::GetIdent => match &self.heap[self.threads[a].obj as usize].obj {
                Obj::Thread(t) => t.actor.map(|x| Value::Int(x as i64)).unwrap_or(Value::Int(a as i64)),
                _ => Value::Int(a as i64),
            },
            // Which threads are alive is shared state: reading it is a step.
            B::ActiveCount | B::EnumerateThreads => {
                if !granted {
                    return Ok(Out::Yield(Op::Py, None));
                }
                let mut alive = Vec::new();
                for (k, t) in self.threads.iter().enumerate() {
                    let running = k == 0 || t.done_event.is_some_and(|d| !is_set(r, d));
                    // (MainThread is alive while a thread asks; an ended
                    // thread's frames are gone.)
                    if running && (k == 0 || !t.frames.is_empty() || t.boot.is_some()) {
                        let owner = match &self.heap[t.obj as usize].obj {
                            Obj::Thread(th) => th.owner,
                            _ => None,
                        };
                        alive.push(Value::Obj(owner.unwrap_or(t.obj)));
                    }
                }
                if b == B::ActiveCount {
                    Value::Int(alive.len() as i64)
                } else {
                    self.alloc(Obj::List(alive))?
                }
            }
            B::Thread => {
                let t = self.new_thread_obj(&args, &kw, None)?;
                self.alloc(Obj::Thread(Box::new(t)))?
            }
            // `threading.Thread.__init__(self, ...)` in a class deriving from it.
            B::ThreadInit => match args.first().and_then(|v| self.thread_of(v)) {
                Some(th) => {
                    self.init_thread(th, &args[1..], &kw)?;
                    Value::None
                }
                None => return Err(self.type_error("Thread.__init__(self, ...): self must be a Thread".into())),
            },
            B::Lock
            | B::RLock
            | B::Semaphore
            | B::BoundedSemaphore
            | B::Event
            | B::Barrier
            | B::Queue
            | B::LifoQueue
            | B::PriorityQueue
            | B::Condition => {
                return self.make_prim(a, b, &args, &kw).map(Out::Value);
            }
        };
        Ok(Out::Value(v))
    }

    /// A new thread from `Thread(...)`'s arguments (CPython's: `group`,
    /// `target`, then by keyword `name`, `args`, `kwargs`, `daemon`), named
    /// `Thread-N` unless it is given a name.
    fn new_thread_obj(&mut self, args: &[Value], kw: &[(Arc<str>, Value)], owner: Option<u32>) -> Res<ThreadObj> {
        self.started += 1;
        let mut t = ThreadObj {
            target: Value::None,
            args: vec![],
            kwargs: vec![],
            name: Arc::from(format!("Thread-{}", self.started).as_str()),
            daemon: false,
            actor: None,
            done: None,
            owner,
        };
        self.thread_fields(&mut t, args, kw)?;
        Ok(t)
    }

    /// What `Thread(...)` or `Thread.__init__(self, ...)` sets.
    fn thread_fields(&mut self, t: &mut ThreadObj, args: &[Value], kw: &[(Arc<str>, Value)]) -> Res<()> {
        if let Some(target) = Self::kwarg(kw, "target").cloned().or(args.get(1).cloned()) {
            t.target = target;
        }
        if let Some(v) = Self::kwarg(kw, "args") {
            t.args = self.iterate(v)?;
        }
        if let Some(Obj::Dict(kv)) = Self::kwarg(kw, "kwargs").and_then(|v| self.obj(v)) {
            t.kwargs = kv
                .iter()
                .filter_map(|(k, v)| match k {
                    Value::Str(s) => Some((s.clone(), v.clone())),
                    _ => None,
                })
                .collect();
        }
        match Self::kwarg(kw, "name") {
            Some(Value::Str(s)) => t.name = s.clone(),
            Some(v) if !matches!(v, Value::None) => t.name = Arc::from(self.to_str(v).as_str()),
            _ => {}
        }
        if let Some(d) = Self::kwarg(kw, "daemon") {
            t.daemon = matches!(d, Value::Bool(true));
        }
        Ok(())
    }

    /// `Thread.__init__` on a thread not yet started: sets what it is given.
    fn init_thread(&mut self, th: u32, args: &[Value], kw: &[(Arc<str>, Value)]) -> Res<()> {
        let Obj::Thread(t) = &self.heap[th as usize].obj else { return Ok(()) };
        if t.actor.is_some() {
            return Err(self.exc(Exc::RuntimeError, "thread.__init__() called on a started thread"));
        }
        let mut t = (**t).clone();
        // `args` as Thread() takes them (after `self`): group, target.
        self.thread_fields(&mut t, args, kw)?;
        self.heap[th as usize].obj = Obj::Thread(Box::new(t));
        Ok(())
    }

    /// The thread `v` is: a `Thread`, or an instance of a class deriving from it.
    fn thread_of(&self, v: &Value) -> Option<u32> {
        match (v, self.obj(v)?) {
            (Value::Obj(i), Obj::Thread(_)) => Some(*i),
            _ => self.instance_thread(v),
        }
    }

    /// The thread an instance of a class deriving from `Thread` keeps.
    fn instance_thread(&self, v: &Value) -> Option<u32> {
        let Some(Obj::Instance { attrs, .. }) = self.obj(v) else { return None };
        attrs.iter().find(|(s, _)| *s == self.sym_thread).and_then(|(_, t)| match t {
            Value::Obj(i) => Some(*i),
            _ => None,
        })
    }

    #[inline(never)]
    fn make_prim(&mut self, a: ActorId, b: Builtin, args: &[Value], kw: &[(Arc<str>, Value)]) -> Res<Value> {
        use Builtin as B;
        let first = args.first().cloned();
        let count = |w: &mut World, name: &str, default: i64| -> Res<u32> {
            let v = Self::kwarg(kw, name).cloned().or(first.clone()).unwrap_or(Value::Int(default));
            let n = w.as_int(&v)?;
            if !(0..=1_000_000).contains(&n) {
                return Err(w.exc(Exc::ValueError, &format!("{name} must be between 0 and 1000000")));
            }
            Ok(n as u32)
        };
        let (kind, pk) = match b {
            B::Lock => (ObjectKind::Mutex, PrimKind::Lock),
            B::RLock => (ObjectKind::RLock, PrimKind::RLock),
            B::Semaphore => (ObjectKind::Semaphore { permits: count(self, "value", 1)? }, PrimKind::Semaphore),
            B::BoundedSemaphore => (ObjectKind::BoundedSemaphore { permits: count(self, "value", 1)? }, PrimKind::BoundedSemaphore),
            B::Event => (ObjectKind::Event, PrimKind::Event),
            B::Barrier => {
                let n = count(self, "parties", 1)?;
                if n == 0 {
                    return Err(self.exc(Exc::ValueError, "parties must be > 0"));
                }
                (ObjectKind::Barrier { parties: n }, PrimKind::Barrier)
            }
            B::Queue => (ObjectKind::Queue { capacity: count(self, "maxsize", 0)? }, PrimKind::Queue),
            B::LifoQueue => (ObjectKind::Queue { capacity: count(self, "maxsize", 0)? }, PrimKind::LifoQueue),
            B::PriorityQueue => (ObjectKind::Queue { capacity: count(self, "maxsize", 0)? }, PrimKind::PriorityQueue),
            B::Condition => {
                let lock = Self::kwarg(kw, "lock").cloned().or(first.clone());
                let lock_id = match lock.as_ref().and_then(|l| self.obj(l)) {
                    Some(Obj::Prim { id, kind: PrimKind::Lock | PrimKind::RLock }) => *id,
                    Some(_) => return Err(self.type_error("Condition(lock): the lock must be a Lock or an RLock".into())),
                    // Its own RLock (CPython's `c._lock`), named after the
                    // condition, which keeps the name the program gave it.
                    None => {
                        let base = self.binding_name(a).map(|c| format!("{c}._lock")).unwrap_or_else(|| format!("condition_lock{}", self.next_obj));
                        self.new_object_as(ObjectKind::RLock, a, base)
                    }
                };
                (ObjectKind::Condvar { mutex: lock_id }, PrimKind::Condition(lock_id))
            }
            _ => unreachable!("only primitives"),
        };
        let id = self.new_object(kind, a, pk.class_name().to_lowercase().as_str());
        self.alloc(Obj::Prim { id, kind: pk })
    }

    #[inline(never)]
    fn param(&mut self, a: ActorId, args: &[Value], kw: &[(Arc<str>, Value)]) -> Res<Value> {
        // (A child process runs the module again: its problems were said once.)
        let said = self.problems.len();
        let v = self.param_read(args, kw)?;
        if self.threads[a].proc != 0 && self.problems.len() > said {
            Arc::make_mut(&mut self.problems).truncate(said);
        }
        Ok(v)
    }

    fn param_read(&mut self, args: &[Value], kw: &[(Arc<str>, Value)]) -> Res<Value> {
        let (Some(Value::Str(name)), Some(default)) = (args.first().cloned(), args.get(1).cloned()) else {
            return Err(self.type_error("param(name, default, low=..., high=..., choices=[...], explore=...) needs a name and a default".into()));
        };
        let low = Self::kwarg(kw, "low").cloned();
        let high = Self::kwarg(kw, "high").cloned();
        let choices = match Self::kwarg(kw, "choices") {
            Some(c) => self.iterate(&c.clone())?,
            None => vec![],
        };
        let choice_words: Vec<String> = choices.iter().map(|c| self.to_str(c)).collect();
        let given = self.given.iter().find(|(k, _)| **k == *name).map(|(_, v)| v.clone());
        let mut value = default.clone();
        if let Some(raw) = given {
            let parsed = match &default {
                Value::Int(_) => raw.trim().parse::<i64>().ok().map(Value::Int),
                Value::Float(_) => raw.trim().parse::<f64>().ok().filter(|f| f.is_finite()).map(Value::Float),
                Value::Bool(_) => match raw.trim() {
                    "1" | "true" | "on" | "yes" => Some(Value::Bool(true)),
                    "0" | "false" | "off" | "no" => Some(Value::Bool(false)),
                    _ => None,
                },
                _ => Some(Value::str(&raw)),
            };
            match parsed {
                None => {
                    let problem = format!("{name} must be {}; got {raw:?}, so it is {}", self.type_word(&default), self.to_str(&default));
                    Arc::make_mut(&mut self.problems).push(problem)
                }
                Some(p) => {
                    let below = match &low {
                        Some(l) => self.compare(super::ast::CmpOp::Lt, &p, l)?,
                        None => false,
                    };
                    let above = match &high {
                        Some(h) => self.compare(super::ast::CmpOp::Gt, &p, h)?,
                        None => false,
                    };
                    let word = self.to_str(&p);
                    if below || above {
                        let (l, h) = (low.as_ref().map(|v| self.to_str(v)).unwrap_or_default(), high.as_ref().map(|v| self.to_str(v)).unwrap_or_default());
                        Arc::make_mut(&mut self.problems).push(format!("{name} must be between {l} and {h}; got {word}"));
                    } else if !choices.is_empty() && !choice_words.contains(&word) {
                        Arc::make_mut(&mut self.problems).push(format!("{name} must be one of {}; got {word}", choice_words.join(", ")));
                    } else {
                        value = p;
                    }
                }
            }
        }
        // `explore=`: the value a search suggests (a small version of the
        // lesson, [`crate::py::lessons::small_version`]); it must be one the
        // parameter could take.
        if let Some(x) = Self::kwarg(kw, "explore").cloned() {
            let same_type = std::mem::discriminant(&x) == std::mem::discriminant(&default);
            let below = same_type && matches!(&low, Some(l) if self.compare(super::ast::CmpOp::Lt, &x, l)?);
            let above = same_type && matches!(&high, Some(h) if self.compare(super::ast::CmpOp::Gt, &x, h)?);
            let word = self.to_str(&x);
            if !same_type || below || above || (!choices.is_empty() && !choice_words.contains(&word)) {
                Arc::make_mut(&mut self.problems).push(format!("{name}: explore={word} is not a value {name} can take"));
            }
        }
        let num = |w: &World, v: &Option<Value>| v.as_ref().and_then(|v| w.as_float(v).ok());
        let decl = ParamDecl {
            name: name.to_string(),
            default: self.to_str(&default),
            value: self.to_str(&value),
            low: num(self, &low),
            high: num(self, &high),
            choices: choice_words,
        };
        if !self.params.iter().any(|p| p.name == decl.name) {
            Arc::make_mut(&mut self.params).push(decl);
        }
        Ok(value)
    }

    fn type_word(&self, v: &Value) -> &'static str {
        match v {
            Value::Int(_) => "a whole number",
            Value::Float(_) => "a number",
            Value::Bool(_) => "on or off",
            _ => "text",
        }
    }

    fn call_method(&mut self, a: ActorId, this: Value, n: u32, mut args: Vec<Value>, kw: Vec<(Arc<str>, Value)>, granted: bool, r: &Resume) -> Res<Out> {
        let name = self.name(n).to_string();
        // (Generators are rare: asked about only when an argument is one.)
        if args.iter().any(|v| matches!(self.obj(v), Some(Obj::Generator(_))))
            && matches!(name.as_str(), "join" | "extend" | "update" | "union" | "intersection" | "difference" | "symmetric_difference" | "issubset" | "issuperset" | "isdisjoint" | "intersection_update" | "difference_update" | "symmetric_difference_update")
        {
            if let Some(out) = self.drain_argument(a, &mut args, kw.len(), granted)? {
                return Ok(out);
            }
        }
        if let Value::Obj(g) = this {
            if matches!(self.heap[g as usize].obj, Obj::Generator(_)) {
                if self.heap[g as usize].shared && !granted {
                    return Ok(Out::Yield(Op::Py, None));
                }
                return self.generator_method(a, g, &name, &args);
            }
        }
        let arg = |i: usize| args.get(i).cloned();
        if let Value::Str(s) = &this {
            if name == "format" {
                return Ok(Out::Value(Value::str(&self.str_format(s, &args, &kw)?)));
            }
            return self.str_method(s.clone(), &name, &args).map(Out::Value);
        }
        let Value::Obj(i) = this else { return Err(self.type_error(format!("no method {name}"))) };
        let shared = self.heap[i as usize].shared;
        // A list's or dict's method works on it in place (a clone would cost its length).
        if matches!(self.heap[i as usize].obj, Obj::List(_) | Obj::Dict(_) | Obj::Set(_)) {
            if shared && !granted {
                return Ok(Out::Yield(Op::Py, None));
            }
            if shared {
                args.iter().for_each(|v| self.publish(v));
                if self.telling(a) {
                    let shown: Vec<String> = args.iter().map(|v| self.short(v)).collect();
                    let what = format!("calls .{name}({}) on a shared {}", shown.join(", "), self.type_name(&Value::Obj(i)));
                    self.note(a, what);
                }
            }
            if name == "sort" && !kw.is_empty() && matches!(self.heap[i as usize].obj, Obj::List(_)) {
                // list.sort(key=..., reverse=...): in place, as sorted().
                let reverse = Self::kwarg(&kw, "reverse").is_some_and(|v| self.truthy(v));
                let Obj::List(items) = self.heap[i as usize].obj.clone() else { unreachable!("a list's sort") };
                return match self.key_function(&kw)? {
                    Some(key) => self.keyed(a, Box::new(Keyed { op: KeyedOp::SortList { list: i, reverse }, key, items, keys: vec![] })),
                    None => {
                        let mut v = items;
                        self.sort(&mut v, reverse)?;
                        if let Obj::List(xs) = &mut self.heap[i as usize].obj {
                            *xs = v;
                        }
                        Ok(Out::Value(Value::None))
                    }
                };
            }
            return self.container_method(i, &name, &args).map(Out::Value);
        }
        let obj = self.heap[i as usize].obj.clone();
        match obj {
            Obj::Tuple(items) => match name.as_str() {
                "count" => {
                    let x = arg(0).unwrap_or(Value::None);
                    let mut c = 0;
                    for v in &items {
                        c += self.equal(v, &x) as i64;
                    }
                    Ok(Out::Value(Value::Int(c)))
                }
                "index" => {
                    let x = arg(0).unwrap_or(Value::None);
                    for (k, v) in items.iter().enumerate() {
                        if self.equal(v, &x) {
                            return Ok(Out::Value(Value::Int(k as i64)));
                        }
                    }
                    Err(self.exc(Exc::ValueError, "tuple.index(x): x not in tuple"))
                }
                _ => Err(self.type_error(format!("no method {name}"))),
            },
            Obj::Prim { id, kind } => self.prim_method(a, id, kind, &name, &args, &kw, granted, r),
            Obj::Thread(t) => match name.as_str() {
                "start" => {
                    if t.actor.is_some() {
                        return Err(self.exc(Exc::RuntimeError, "threads can only be started once"));
                    }
                    if self.threads.len() > MAX_THREADS {
                        return Err(self.exc(Exc::RuntimeError, &format!("the playground starts at most {MAX_THREADS} threads beside the main thread, ended ones included")));
                    }
                    if !granted {
                        return Ok(Out::Yield(Op::Py, None));
                    }
                    let name: Arc<str> = t.name.clone();
                    // What Thread.run() does: a subclass's own run(), else the
                    // target, else nothing.
                    let run = t.owner.and_then(|o| match &self.heap[o as usize].obj {
                        Obj::Instance { class, .. } => self.class_attr(*class, self.sym_run).filter(|f| matches!(self.obj(f), Some(Obj::Function { .. }))).map(|f| (o, f)),
                        _ => None,
                    });
                    let boot = match run {
                        Some((o, func)) => (self.alloc(Obj::Bound { this: Value::Obj(o), func })?, vec![], vec![]),
                        None if matches!(t.target, Value::None) => (Value::Builtin(Builtin::ObjectInit), vec![], vec![]),
                        None => (t.target.clone(), t.args.clone(), t.kwargs.clone()),
                    };
                    let proc = self.threads[a].proc;
                    self.add_thread(a, i, name.clone(), boot, vec![], proc);
                    self.note(a, format!("starts thread {name}"));
                    Ok(Out::Value(Value::None))
                }
                "join" => {
                    // CPython's order: a thread joining itself (MainThread
                    // too, which was never start()ed here) is told so first.
                    if t.actor == Some(a) {
                        return Err(self.exc(Exc::RuntimeError, "cannot join current thread"));
                    }
                    let Some(done) = t.done else {
                        return Err(self.exc(
                            Exc::RuntimeError,
                            if t.actor.is_some() { JOIN_MAIN } else { "cannot join thread before it is started" },
                        ));
                    };
                    let timeout = match Self::kwarg(&kw, "timeout").cloned().or(arg(0)) {
                        None | Some(Value::None) => None,
                        Some(v) => Some(self.seconds_ms(&v)?),
                    };
                    if !granted {
                        return Ok(Out::Yield(Op::EventWait { event: done, timeout_ms: timeout }, None));
                    }
                    Ok(Out::Value(Value::None))
                }
                "is_alive" => {
                    let alive = t.done.is_some_and(|d| !is_set(r, d));
                    Ok(Out::Value(Value::Bool(alive)))
                }
                "getName" => Ok(Out::Value(Value::Str(t.name.clone()))),
                "__init__" => {
                    self.init_thread(i, &args, &kw)?;
                    Ok(Out::Value(Value::None))
                }
                "run" => self.call(a, t.target.clone(), None, t.args.clone(), t.kwargs.clone(), granted, r),
                _ => Err(self.exc(Exc::AttributeError, &format!("'Thread' object has no attribute '{name}' in the playground"))),
            },
            // `super().__init__(message)` in an exception class's own
            // `__init__`: BaseException's, which sets its args.
            Obj::Exception { .. } if name == "__init__" => {
                if let Obj::Exception { args: mine, .. } = &mut self.heap[i as usize].obj {
                    *mine = args;
                }
                Ok(Out::Value(Value::None))
            }
            Obj::Exception { .. } => Err(self.exc(Exc::AttributeError, &format!("exceptions have no method '{name}' here"))),
            _ => {
                let t = self.type_name(&Value::Obj(i));
                Err(self.exc(Exc::AttributeError, &format!("'{t}' object has no attribute '{name}'")))
            }
        }
    }

    /// `cond.wait_for(predicate, timeout=None)`, as CPython's loop: ask
    /// the predicate; while it is false (and, with a timeout, time is
    /// left), wait (for what is left), then ask again; return its last answer.
    #[inline(never)]
    fn wait_for(&mut self, a: ActorId, cv: ObjId, args: &[Value], kw: &[(Arc<str>, Value)], granted: bool, r: &Resume) -> Res<Out> {
        let pred = Self::kwarg(kw, "predicate").cloned().or(args.first().cloned()).unwrap_or(Value::None);
        let is_function = |w: &World, v: &Value| match w.obj(v) {
            Some(Obj::Function { .. }) => true,
            Some(Obj::Bound { func, .. }) => matches!(w.obj(func), Some(Obj::Function { .. })),
            _ => false,
        };
        if !is_function(self, &pred) {
            return Err(self.exc(Exc::NotImplementedError, "wait_for(predicate): the predicate must be a function or a lambda in the playground"));
        }
        let state = self.threads[a].wait_for;
        match state {
            Some(w) if w.wait_next && !granted => {
                // Wait (for what is left of the time), then ask again.
                let op = match w.deadline {
                    None => Op::Wait { condvar: cv },
                    Some(d) => Op::WaitTimed { condvar: cv, timeout_ms: (d - self.now).max(0.0).ceil() as u32 },
                };
                return Ok(Out::Yield(op, None));
            }
            Some(w) if granted => {
                self.threads[a].wait_for = Some(WaitFor { waited: true, wait_next: false, ..w });
            }
            _ => {
                let timeout = match Self::kwarg(kw, "timeout").cloned().or(args.get(1).cloned()) {
                    None | Some(Value::None) => None,
                    Some(v) => Some(self.as_float(&v)?.max(0.0) * 1000.0),
                };
                let deadline = timeout.map(|t| self.now + t);
                self.threads[a].wait_for = Some(WaitFor { deadline, waited: false, wait_next: false });
            }
        }
        let call = self.call_on_stack(a);
        let depth = self.threads[a].frames.len();
        match self.call(a, pred, None, vec![], vec![], false, r)? {
            Out::Pushed => {
                if self.threads[a].frames.len() > depth {
                    if let Some(f) = self.threads[a].frames.last_mut() {
                        f.kind = FrameKind::WaitFor { call };
                    }
                }
                Ok(Out::Pushed)
            }
            other => {
                self.threads[a].wait_for = None;
                Ok(other)
            }
        }
    }

    /// `key=` of `sorted`, `min`, `max` or `list.sort`: None (or absent)
    /// is no key; otherwise it must be something the playground can call
    /// for each item: a function or lambda of the program (its frames run
    /// as any call's), a bound method of the program's, a builtin that only
    /// computes (`len`, `abs`, `str`, ...), or a list's, dict's or
    /// string's method (`counts.get`).
    fn key_function(&mut self, kw: &[(Arc<str>, Value)]) -> Res<Option<Value>> {
        let key = match Self::kwarg(kw, "key") {
            None | Some(Value::None) => return Ok(None),
            Some(k) => k.clone(),
        };
        let callable = match &key {
            Value::Builtin(b) => KEY_BUILTINS.contains(b),
            _ => match self.obj(&key) {
                Some(Obj::Function { .. }) => true,
                Some(Obj::Bound { func, .. }) => matches!(self.obj(func), Some(Obj::Function { .. })),
                Some(Obj::BoundBuiltin { this, .. }) => matches!(this, Value::Str(_)) || matches!(self.obj(this), Some(Obj::List(_) | Obj::Dict(_))),
                _ => false,
            },
        };
        if !callable {
            let t = self.type_name(&key);
            return Err(self.exc(Exc::NotImplementedError, &format!("a '{t}' cannot be a key= in the playground; give a function, a lambda, a builtin such as len, or a dict's get")));
        }
        Ok(Some(key))
    }

    /// Carries on a keyed call: asks `job.key` for the key of each item it
    /// has none for yet. A function of the program's is entered (its frame
    /// brings the key back through [`World::do_return`], which calls this
    /// again); anything else answers at once. With every key known, the
    /// call's result.
    #[inline(never)]
    fn keyed(&mut self, a: ActorId, mut job: Box<Keyed>) -> Res<Out> {
        while job.keys.len() < job.items.len() {
            let item = job.items[job.keys.len()].clone();
            let (func, this) = match self.obj(&job.key) {
                Some(Obj::Bound { this, func }) => (func.clone(), Some(this.clone())),
                _ => (job.key.clone(), None),
            };
            if let Some(Obj::Function { code, defaults, env }) = self.obj(&func).cloned() {
                let args = this.into_iter().chain([item]).collect();
                if self.enter_function(a, code, &defaults, env, args, vec![], FrameKind::Keyed(job))?.is_some() {
                    return Err(self.type_error("a generator function as a key= is not available here".into()));
                }
                return Ok(Out::Pushed);
            }
            let k = match (&job.key, self.obj(&job.key).cloned()) {
                (Value::Builtin(b), _) => {
                    // These only compute (KEY_BUILTINS): granted, they
                    // read no object the scheduler must know of.
                    let none: Vec<Object> = Vec::new();
                    let r = Resume { reg: 0, ok: false, now: self.now, objects: &none };
                    match self.call_builtin(a, *b, vec![item], vec![], true, &r)? {
                        Out::Value(v) => v,
                        _ => unreachable!("a key builtin answers at once"),
                    }
                }
                (_, Some(Obj::BoundBuiltin { this: Value::Str(s), name })) => {
                    let name = self.name(name).to_string();
                    self.str_method(s, &name, &[item])?
                }
                (_, Some(Obj::BoundBuiltin { this: Value::Obj(i), name })) => {
                    let name = self.name(name).to_string();
                    self.container_method(i, &name, &[item])?
                }
                _ => unreachable!("key_function let only callables through"),
            };
            job.keys.push(k);
        }
        let Keyed { op, items, keys, .. } = *job;
        let v = match op {
            KeyedOp::Sorted { reverse } => {
                let order = self.sorted_order(&keys, reverse)?;
                self.alloc(Obj::List(order.into_iter().map(|i| items[i].clone()).collect()))?
            }
            KeyedOp::SortList { list, reverse } => {
                let order = self.sorted_order(&keys, reverse)?;
                let sorted = order.into_iter().map(|i| items[i].clone()).collect();
                if let Obj::List(xs) = &mut self.heap[list as usize].obj {
                    *xs = sorted;
                }
                Value::None
            }
            KeyedOp::Min | KeyedOp::Max => {
                let cmp = if op == KeyedOp::Min { super::ast::CmpOp::Lt } else { super::ast::CmpOp::Gt };
                let mut best = 0;
                for i in 1..keys.len() {
                    if self.compare(cmp, &keys[i], &keys[best])? {
                        best = i;
                    }
                }
                items[best].clone()
            }
        };
        Ok(Out::Value(v))
    }

    /// The program's own `__str__` (or, without one, `__repr__`) of an
    /// instance, and its symbol; with `repr`, its `__repr__` only.
    fn own_text_method(&self, v: &Value, repr: bool) -> Option<(Value, u32)> {
        if self.sym_str == u32::MAX && self.sym_repr == u32::MAX {
            return None;
        }
        let Some(Obj::Instance { class, .. }) = self.obj(v) else { return None };
        let class = *class;
        let syms = if repr { [self.sym_repr, u32::MAX] } else { [self.sym_str, self.sym_repr] };
        syms.into_iter()
            .filter(|s| *s != u32::MAX)
            .find_map(|s| self.class_attr(class, s).filter(|f| matches!(self.obj(f), Some(Obj::Function { .. }))).map(|f| (f, s)))
    }

    /// The program's own special method `sym` of an instance's class
    /// (`__getitem__`, ...), if it has one.
    fn dunder(&self, v: &Value, sym: u32) -> Option<Value> {
        if sym == u32::MAX {
            return None;
        }
        let Some(Obj::Instance { class, .. }) = self.obj(v) else { return None };
        self.class_attr(*class, sym).filter(|f| matches!(self.obj(f), Some(Obj::Function { .. })))
    }

    /// Calls the special method `f` of `this` for an operator; its value
    /// is pushed, or becomes what `then` says.
    fn call_dunder(&mut self, a: ActorId, f: Value, this: Value, args: Vec<Value>, then: Option<Then>, r: &Resume) -> Res<Option<(Op, Option<i64>)>> {
        let depth = self.threads[a].frames.len();
        match self.call(a, f, Some(this), args, vec![], false, r)? {
            Out::Value(v) => match then {
                None => self.push(a, v),
                Some(Then::Discard) => {}
                Some(Then::Truth(not)) => {
                    let t = self.truthy(&v) != not;
                    self.push(a, Value::Bool(t));
                }
                Some(Then::Iter) => {
                    let it = self.get_iter(&v)?;
                    self.push(a, it);
                }
                Some(Then::Replace { .. }) => unreachable!("a call's argument is replaced through convert_argument"),
            },
            Out::Pushed => {
                if let (Some(then), Some(fr)) = (then, self.threads[a].frames.get_mut(depth)) {
                    fr.kind = FrameKind::Dunder(then);
                }
            }
            Out::Yield(..) => return Err(self.type_error("a special method cannot wait here".into())),
        }
        Ok(None)
    }

    /// `list(obj)`, `sorted(obj)`, `dict(obj)`, ... of an instance whose
    /// class has `__iter__` (for `dict`, `items`): that method is called
    /// first, in a frame, and the call runs again with its value in the
    /// object's place. None: nothing to call.
    fn convert_argument(&mut self, a: ActorId, b: Builtin, args: &mut [Value], nkw: usize, r: &Resume) -> Res<Option<Out>> {
        let items = if b == Builtin::Dict { self.dn.items } else { self.dn.iter };
        let Some((i, f)) = args.iter().enumerate().find_map(|(i, v)| self.dunder(v, items).map(|f| (i, f))) else {
            return Ok(None);
        };
        let Some((call, at)) = self.place_on_stack(a, args, i, nkw) else { return Ok(None) };
        let depth = self.threads[a].frames.len();
        match self.call(a, f, Some(args[i].clone()), vec![], vec![], false, r)? {
            Out::Pushed if self.threads[a].frames.len() > depth => {
                if let Some(top) = self.threads[a].frames.last_mut() {
                    top.kind = FrameKind::Dunder(Then::Replace { call, at });
                }
                Ok(Some(Out::Pushed))
            }
            Out::Value(v) => {
                // (A generator function's generator: the call goes on with
                // it, in the object's place on the stack too.)
                if let Some(top) = self.threads[a].frames.last_mut() {
                    let k = top.stack.len() - call.len() + at;
                    top.stack[k] = v.clone();
                }
                args[i] = v;
                Ok(None)
            }
            other => Ok(Some(other)),
        }
    }

    /// `print(x)`, `str(x)`, `repr(x)`, `logging.info(x)` of an object with
    /// its own `__str__`/`__repr__`: that method is called first, in a frame
    /// (its reads are steps as anywhere), and the call then runs again with
    /// the text in the object's place. None: nothing to call.
    fn stringify_argument(&mut self, a: ActorId, b: Builtin, args: &[Value], nkw: usize, r: &Resume) -> Res<Option<Out>> {
        let repr = b == Builtin::Repr;
        let Some((i, (f, method))) = args.iter().enumerate().find_map(|(i, v)| self.own_text_method(v, repr).map(|m| (i, m))) else {
            return Ok(None);
        };
        let Some((call, at)) = self.place_on_stack(a, args, i, nkw) else { return Ok(None) };
        let depth = self.threads[a].frames.len();
        match self.call(a, f, Some(args[i].clone()), vec![], vec![], false, r)? {
            Out::Pushed if self.threads[a].frames.len() > depth => {
                // `repr(x)`'s result is the text itself (at: none).
                let (call, at) = if repr { (vec![], usize::MAX) } else { (call, at) };
                if let Some(top) = self.threads[a].frames.last_mut() {
                    top.kind = FrameKind::Stringify { call, at, spec: None, method };
                }
                Ok(Some(Out::Pushed))
            }
            other => Ok(Some(other)),
        }
    }

    /// The call on `a`'s stack (callee, receiver, arguments) and the place
    /// in it of argument `i` of `args` (the builtin's, `nkw` of them by
    /// keyword), when that call is the one carrying `args` and not one made
    /// some other way (a key function's, a thread's target).
    fn place_on_stack(&self, a: ActorId, args: &[Value], i: usize, nkw: usize) -> Option<(Vec<Value>, usize)> {
        let call = self.call_on_stack(a);
        let at = call.len().checked_sub(nkw + args.len()).map(|s| s + i).filter(|&at| at > 0 && at < call.len())?;
        matches!((&call[at], &args[i]), (Value::Obj(x), Value::Obj(y)) if x == y).then_some((call, at))
    }

    /// What `a`'s stack holds for the call its top frame is carrying out
    /// (the callee, its receiver and its arguments).
    fn call_on_stack(&self, a: ActorId) -> Vec<Value> {
        let Some(f) = self.threads[a].frames.last() else { return vec![] };
        let Some(&ins) = f.pc.checked_sub(1).and_then(|pc| self.prog.codes[f.code as usize].ins.get(pc)) else { return vec![] };
        let (argc, kw, method) = match ins {
            Ins::Call(argc, kw) => (argc, kw, false),
            Ins::CallMethod(argc, kw) => (argc, kw, true),
            Ins::CallSpread(kw, method, _) => (1, kw, method),
            _ => return vec![],
        };
        let dstar = matches!(ins, Ins::CallSpread(_, _, true));
        let nkw = if kw == u32::MAX { 0 } else { self.prog.kwnames[kw as usize].len() } + dstar as usize;
        let n = argc as usize + nkw + 1 + method as usize;
        f.stack[f.stack.len().saturating_sub(n)..].to_vec()
    }

    fn new_object_named(&mut self, kind: ObjectKind, name: String) -> ObjId {
        let id = self.next_obj;
        self.next_obj += 1;
        Arc::make_mut(&mut self.object_names).push(name.clone());
        self.created.push(ObjectDecl { name, kind, line: 0, items: vec![] });
        id
    }

    #[allow(clippy::too_many_arguments)]
    #[inline(never)]
    fn prim_method(&mut self, a: ActorId, id: ObjId, kind: PrimKind, name: &str, args: &[Value], kw: &[(Arc<str>, Value)], granted: bool, r: &Resume) -> Res<Out> {
        let arg = |i: usize| args.get(i).cloned();
        let timeout = |w: &mut World, pos: usize| -> Res<Option<u32>> {
            match Self::kwarg(kw, "timeout").cloned().or(arg(pos)) {
                None | Some(Value::None) => Ok(None),
                Some(v) => {
                    let f = w.as_float(&v)?;
                    if f < 0.0 {
                        return Ok(None);
                    }
                    Ok(Some(w.seconds_ms(&v)?))
                }
            }
        };
        let blocking = match Self::kwarg(kw, "blocking").cloned().or(arg(0)) {
            Some(v) if !matches!(v, Value::None) => self.truthy(&v),
            _ => true,
        };
        let unsupported = |w: &mut World| -> Res<Out> {
            Err(w.exc(Exc::AttributeError, &format!("'{}' object has no method '{name}' in the playground", kind.class_name())))
        };
        let (op, result): (Op, fn(&Resume) -> Value) = match (kind, name) {
            (PrimKind::Lock | PrimKind::RLock, "acquire") | (PrimKind::Condition(_), "acquire") => {
                let mutex = match kind {
                    PrimKind::Condition(l) => l,
                    _ => id,
                };
                let t = timeout(self, 1)?;
                match (blocking, t) {
                    (true, None) => (Op::Lock { mutex }, |_| Value::Bool(true)),
                    (false, _) => (Op::TryLock { mutex, timeout_ms: 0 }, |r| Value::Bool(r.ok)),
                    (true, Some(ms)) => (Op::TryLock { mutex, timeout_ms: ms }, |r| Value::Bool(r.ok)),
                }
            }
            (PrimKind::Lock | PrimKind::RLock, "release") => (Op::Unlock { mutex: id }, |_| Value::None),
            (PrimKind::Condition(l), "release") => (Op::Unlock { mutex: l }, |_| Value::None),
            (PrimKind::Lock | PrimKind::RLock, "locked") => {
                let held = r.objects.state(id).and_then(|s| s.holder()).flatten().is_some();
                return Ok(Out::Value(Value::Bool(held)));
            }
            (PrimKind::Condition(_), "wait") => match timeout(self, 0)? {
                // As in CPython, a negative timeout does not wait at all.
                None if Self::kwarg(kw, "timeout").cloned().or(arg(0)).is_some_and(|v| !matches!(v, Value::None)) => {
                    (Op::WaitTimed { condvar: id, timeout_ms: 0 }, |r| Value::Bool(r.ok))
                }
                None => (Op::Wait { condvar: id }, |_| Value::Bool(true)),
                // True if notified, False if its time was up first.
                Some(ms) => (Op::WaitTimed { condvar: id, timeout_ms: ms }, |r| Value::Bool(r.ok)),
            },
            (PrimKind::Condition(_), "wait_for") => return self.wait_for(a, id, args, kw, granted, r),
            (PrimKind::Condition(_), "notify") => {
                if let Some(n) = arg(0) {
                    if self.as_int(&n)? != 1 {
                        return Err(self.exc(Exc::NotImplementedError, "notify(n) for n other than 1 is not available; use notify_all()"));
                    }
                }
                (Op::NotifyOne { condvar: id }, |_| Value::None)
            }
            (PrimKind::Condition(_), "notify_all" | "notifyAll") => (Op::NotifyAll { condvar: id }, |_| Value::None),
            (PrimKind::Semaphore | PrimKind::BoundedSemaphore, "acquire") => {
                let t = timeout(self, 1)?;
                match (blocking, t) {
                    (true, None) => (Op::Acquire { sem: id, timeout_ms: None }, |_| Value::Bool(true)),
                    (false, _) => (Op::Acquire { sem: id, timeout_ms: Some(0) }, |r| Value::Bool(r.ok)),
                    (true, Some(ms)) => (Op::Acquire { sem: id, timeout_ms: Some(ms) }, |r| Value::Bool(r.ok)),
                }
            }
            (PrimKind::Semaphore | PrimKind::BoundedSemaphore, "release") => {
                if arg(0).is_some() {
                    return Err(self.exc(Exc::NotImplementedError, "release(n) is not available; release one at a time"));
                }
                (Op::Release { sem: id }, |_| Value::None)
            }
            (PrimKind::Event, "set") => (Op::EventSet { event: id }, |_| Value::None),
            (PrimKind::Event, "clear") => (Op::EventClear { event: id }, |_| Value::None),
            (PrimKind::Event, "wait") => {
                let t = timeout(self, 0)?;
                match t {
                    None => (Op::EventWait { event: id, timeout_ms: None }, |_| Value::Bool(true)),
                    Some(ms) => (Op::EventWait { event: id, timeout_ms: Some(ms) }, |r| Value::Bool(r.ok)),
                }
            }
            (PrimKind::Event, "is_set" | "isSet") => {
                if !granted {
                    return Ok(Out::Yield(Op::Py, None));
                }
                return Ok(Out::Value(Value::Bool(is_set(r, id))));
            }
            (PrimKind::Barrier, "wait") => {
                if timeout(self, 0)?.is_some() {
                    return Err(self.exc(Exc::NotImplementedError, "Barrier.wait(timeout) is not available in the playground yet"));
                }
                (Op::BarrierWait { barrier: id }, |_| Value::Int(0))
            }
            (k, "put" | "put_nowait") if k.is_queue() => {
                // put(item, block=True, timeout=None); put_nowait(item) is put(item, False).
                let block = name == "put"
                    && match Self::kwarg(kw, "block").cloned().or(arg(1)) {
                        Some(v) => self.truthy(&v),
                        None => true,
                    };
                let t = if !block {
                    Some(0)
                } else {
                    match Self::kwarg(kw, "timeout").cloned().or(arg(2)) {
                        None | Some(Value::None) => None,
                        Some(v) => {
                            if self.as_float(&v)? < 0.0 {
                                return Err(self.exc(Exc::ValueError, "'timeout' must be a non-negative number"));
                            }
                            Some(self.seconds_ms(&v)?)
                        }
                    }
                };
                let op = match t {
                    None => Op::Put { queue: id },
                    Some(ms) => Op::PutTimed { queue: id, timeout_ms: ms },
                };
                if !granted {
                    let item = arg(0).unwrap_or(Value::None);
                    self.publish(&item);
                    let place = match k {
                        PrimKind::PriorityQueue => Place::Sorted(Arc::new(self.sort_key(&item, 0))),
                        PrimKind::LifoQueue => Place::Front,
                        _ => Place::Back,
                    };
                    let b = self.new_box(item);
                    self.threads[a].place = place;
                    self.threads[a].put_box = Some(b);
                    return Ok(Out::Yield(op, Some(b)));
                }
                let mine = self.threads[a].put_box.take();
                if t.is_some() && !r.ok && mine == Some(r.reg) {
                    // Its time ran out with the queue still full: nothing was put.
                    self.take_box(r.reg);
                    return Err(self.exc(Exc::QueueFull, ""));
                }
                if !r.ok && k == PrimKind::PriorityQueue {
                    // Nothing was put: its item cannot be compared with
                    // the one the register names, as `heapq` found.
                    let mine = mine.map(|b| self.take_box(b)).unwrap_or(Value::None);
                    let theirs = usize::try_from(r.reg).ok().and_then(|i| self.boxes.get(i).cloned().flatten());
                    let theirs = theirs.unwrap_or(Value::None);
                    let msg = match self.sort_key(&mine, 0).less(&self.sort_key(&theirs, 0)) {
                        Err(m) => m,
                        Ok(_) => format!("'<' not supported between instances of '{}' and '{}'", self.type_name(&mine), self.type_name(&theirs)),
                    };
                    return Err(self.type_error(msg));
                }
                (op, |_| Value::None)
            }
            (k, "task_done") if k.is_queue() => {
                if !granted {
                    return Ok(Out::Yield(Op::TaskDone { queue: id }, None));
                }
                if !r.ok {
                    return Err(self.exc(Exc::ValueError, crate::prims::queue::TOO_MANY_TASK_DONE));
                }
                return Ok(Out::Value(Value::None));
            }
            (k, "join") if k.is_queue() => (Op::QueueJoin { queue: id }, |_| Value::None),
            (k, "get" | "get_nowait") if k.is_queue() => {
                // get(block=True, timeout=None); get_nowait() is get(False).
                let block = name == "get"
                    && match Self::kwarg(kw, "block").cloned().or(arg(0)) {
                        Some(v) => self.truthy(&v),
                        None => true,
                    };
                let t = if block { timeout(self, 1)? } else { Some(0) };
                if granted {
                    if t.is_some() && !r.ok {
                        return Err(self.exc(Exc::QueueEmpty, ""));
                    }
                    let v = self.take_box(r.reg);
                    return Ok(Out::Value(v));
                }
                match t {
                    None => (Op::Get { queue: id }, |_| Value::None),
                    Some(ms) => (Op::GetTimed { queue: id, timeout_ms: ms }, |_| Value::None),
                }
            }
            (k, "qsize" | "empty" | "full") if k.is_queue() => {
                if !granted {
                    return Ok(Out::Yield(Op::Py, None));
                }
                let (len, cap) = match r.objects.state(id) {
                    Some(ObjectState::Queue { len, capacity }) => (len, capacity),
                    _ => (0, 0),
                };
                return Ok(Out::Value(match name {
                    "qsize" => Value::Int(len as i64),
                    "empty" => Value::Bool(len == 0),
                    _ => Value::Bool(cap > 0 && len >= cap),
                }));
            }
            _ => return unsupported(self),
        };
        if !granted {
            return Ok(Out::Yield(op, None));
        }
        Ok(Out::Value(result(r)))
    }

    /// A set's method, as CPython's (`add`, `discard`, `remove`, `pop`,
    /// `update`, `union`, `issubset`, ...).
    #[inline(never)]
    fn set_method(&mut self, i: u32, name: &str, args: &[Value]) -> Res<Value> {
        let Obj::Set(mut mine) = self.heap[i as usize].obj.clone() else { unreachable!("a set's method") };
        let arg = args.first().cloned().unwrap_or(Value::None);
        let has = |w: &World, xs: &[Value], v: &Value| xs.iter().any(|x| w.equal(x, v));
        let mut others = Vec::new();
        if !matches!(name, "add" | "discard" | "remove" | "pop" | "clear" | "copy") {
            for a in args {
                let items = self.iterate(a)?;
                others.push(items);
            }
        }
        let all_others: Vec<Value> = others.iter().flatten().cloned().collect();
        let mut changed = true;
        let v = match name {
            "add" => {
                self.hashable(&arg)?;
                if !has(self, &mine, &arg) {
                    mine.push(arg);
                }
                Value::None
            }
            "discard" | "remove" => {
                match mine.iter().position(|x| self.equal(x, &arg)) {
                    Some(p) => {
                        mine.remove(p);
                    }
                    None if name == "remove" => {
                        return Err(self.key_error(arg.clone()));
                    }
                    None => {}
                }
                Value::None
            }
            "pop" => {
                if mine.is_empty() {
                    return Err(self.exc(Exc::KeyError, "pop from an empty set"));
                }
                mine.remove(0)
            }
            "clear" => {
                mine.clear();
                Value::None
            }
            // The others as one set (`update`, `union`, `symmetric_difference`
            // take their items together), or one by one (`intersection` and
            // `difference` with each), combined as the operators combine sets.
            "update" | "intersection_update" | "difference_update" => {
                mine = self.set_fold(name, mine, others)?;
                Value::None
            }
            _ => {
                changed = false;
                match name {
                    "copy" => self.alloc(Obj::Set(mine.clone()))?,
                    "union" | "intersection" | "difference" | "symmetric_difference" => {
                        let items = self.set_fold(name, mine.clone(), others)?;
                        self.alloc(Obj::Set(items))?
                    }
                    "issubset" => Value::Bool(mine.iter().all(|v| has(self, &all_others, v))),
                    "issuperset" => Value::Bool(all_others.iter().all(|v| has(self, &mine, v))),
                    "isdisjoint" => Value::Bool(!mine.iter().any(|v| has(self, &all_others, v))),
                    _ => return Err(self.exc(Exc::AttributeError, &format!("'set' object has no attribute '{name}' in the playground"))),
                }
            }
        };
        if changed {
            self.heap[i as usize].obj = Obj::Set(mine);
        }
        Ok(v)
    }

    /// `p | q`, `p & q`, `p - q`, `p ^ q` of two sets' items, in the order
    /// they came (the operators and the methods alike).
    fn set_combine(&self, op: super::ast::BinOp, p: &[Value], q: &[Value]) -> Vec<Value> {
        use super::ast::BinOp as B;
        let has = |xs: &[Value], v: &Value| xs.iter().any(|x| self.equal(x, v));
        match op {
            B::BitOr => p.iter().cloned().chain(q.iter().filter(|v| !has(p, v)).cloned()).collect(),
            B::BitAnd => p.iter().filter(|v| has(q, v)).cloned().collect(),
            B::Sub => p.iter().filter(|v| !has(q, v)).cloned().collect(),
            _ => p.iter().filter(|v| !has(q, v)).chain(q.iter().filter(|v| !has(p, v))).cloned().collect(),
        }
    }

    /// A set method that combines `mine` with its arguments' items.
    fn set_fold(&mut self, name: &str, mine: Vec<Value>, others: Vec<Vec<Value>>) -> Res<Vec<Value>> {
        use super::ast::BinOp as B;
        let op = match name {
            "update" | "union" => B::BitOr,
            "intersection" | "intersection_update" => B::BitAnd,
            "difference" | "difference_update" => B::Sub,
            _ => B::BitXor,
        };
        if op == B::BitOr || op == B::BitXor {
            let theirs = self.set_of(others.into_iter().flatten().collect())?;
            return Ok(self.set_combine(op, &mine, &theirs));
        }
        let mut acc = mine;
        for o in others {
            let o = self.set_of(o)?;
            acc = self.set_combine(op, &acc, &o);
        }
        Ok(acc)
    }

    #[inline(never)]
    fn container_method(&mut self, i: u32, name: &str, args: &[Value]) -> Res<Value> {
        if matches!(self.heap[i as usize].obj, Obj::Set(_)) {
            return self.set_method(i, name, args);
        }
        let arg = |k: usize| args.get(k).cloned().unwrap_or(Value::None);
        let mut obj = std::mem::replace(&mut self.heap[i as usize].obj, Obj::Free);
        let r = (|| -> Res<Value> {
            match (&mut obj, name) {
                (Obj::List(xs), "append") => {
                    xs.push(arg(0));
                    Ok(Value::None)
                }
                (Obj::List(xs), "pop") => {
                    if xs.is_empty() {
                        return Err(self.exc(Exc::IndexError, "pop from empty list"));
                    }
                    let at = match args.first() {
                        Some(v) => self.as_int(v)?,
                        None => -1,
                    };
                    let n = xs.len() as i64;
                    let k = if at < 0 { at + n } else { at };
                    if k < 0 || k >= n {
                        return Err(self.exc(Exc::IndexError, "pop index out of range"));
                    }
                    Ok(xs.remove(k as usize))
                }
                (Obj::List(xs), "remove") => {
                    let x = arg(0);
                    let pos = xs.iter().position(|v| self.equal(v, &x));
                    match pos {
                        Some(p) => {
                            xs.remove(p);
                            Ok(Value::None)
                        }
                        None => Err(self.exc(Exc::ValueError, "list.remove(x): x not in list")),
                    }
                }
                (Obj::List(xs), "insert") => {
                    let at = self.as_int(&arg(0))?;
                    let n = xs.len() as i64;
                    let k = if at < 0 { (at + n).max(0) } else { at.min(n) };
                    xs.insert(k as usize, arg(1));
                    Ok(Value::None)
                }
                (Obj::List(xs), "extend") => {
                    let items = self.iterate(&arg(0))?;
                    xs.extend(items);
                    Ok(Value::None)
                }
                (Obj::List(xs), "clear") => {
                    xs.clear();
                    Ok(Value::None)
                }
                (Obj::List(xs), "index") => {
                    let x = arg(0);
                    match xs.iter().position(|v| self.equal(v, &x)) {
                        Some(p) => Ok(Value::Int(p as i64)),
                        None => Err(self.exc(Exc::ValueError, &format!("{} is not in list", self.repr(&x)))),
                    }
                }
                (Obj::List(xs), "count") => {
                    let x = arg(0);
                    Ok(Value::Int(xs.iter().filter(|v| self.equal(v, &x)).count() as i64))
                }
                (Obj::List(xs), "sort") => {
                    let mut v = std::mem::take(xs);
                    let r = self.sort(&mut v, false);
                    *xs = v;
                    r.map(|_| Value::None)
                }
                (Obj::List(xs), "reverse") => {
                    xs.reverse();
                    Ok(Value::None)
                }
                (Obj::List(xs), "copy") => {
                    let c = xs.clone();
                    self.alloc(Obj::List(c))
                }
                (Obj::Dict(kv), "get") => {
                    let k = arg(0);
                    Ok(kv.iter().find(|(x, _)| self.equal(x, &k)).map(|(_, v)| v.clone()).unwrap_or_else(|| arg(1)))
                }
                (Obj::Dict(kv), "keys" | "values" | "items") => {
                    let items: Vec<Value> = match name {
                        "keys" => kv.iter().map(|(k, _)| k.clone()).collect(),
                        "values" => kv.iter().map(|(_, v)| v.clone()).collect(),
                        _ => {
                            let pairs = kv.clone();
                            let mut out = Vec::new();
                            for (k, v) in pairs {
                                out.push(self.alloc(Obj::Tuple(vec![k, v]))?);
                            }
                            out
                        }
                    };
                    self.alloc(Obj::List(items))
                }
                (Obj::Dict(kv), "pop") => {
                    let k = arg(0);
                    match kv.iter().position(|(x, _)| self.equal(x, &k)) {
                        Some(p) => Ok(kv.remove(p).1),
                        None if args.len() > 1 => Ok(arg(1)),
                        None => Err(self.key_error(k.clone())),
                    }
                }
                (Obj::Dict(kv), "setdefault") => {
                    let k = arg(0);
                    match kv.iter().find(|(x, _)| self.equal(x, &k)) {
                        Some((_, v)) => Ok(v.clone()),
                        None => {
                            kv.push((k, arg(1)));
                            Ok(arg(1))
                        }
                    }
                }
                (Obj::Dict(kv), "update") => {
                    if let Some(Obj::Dict(other)) = self.obj(&arg(0)).cloned() {
                        for (k, v) in other {
                            self.dict_insert(kv, k, v)?;
                        }
                    }
                    Ok(Value::None)
                }
                (Obj::Dict(kv), "clear") => {
                    kv.clear();
                    Ok(Value::None)
                }
                _ => Err(self.exc(Exc::AttributeError, &format!("no method '{name}' here"))),
            }
        })();
        self.heap[i as usize].obj = obj;
        r
    }

    #[inline(never)]
    fn str_method(&mut self, s: Arc<str>, name: &str, args: &[Value]) -> Res<Value> {
        let sarg = |w: &mut World, k: usize| -> Res<String> {
            match args.get(k) {
                Some(Value::Str(x)) => Ok(x.to_string()),
                Some(v) => Err(w.type_error(format!("expected a string, not '{}'", w.type_name(v)))),
                None => Err(w.type_error(format!("str.{name}() needs an argument"))),
            }
        };
        Ok(match name {
            "upper" => Value::str(&s.to_uppercase()),
            "lower" => Value::str(&s.to_lowercase()),
            "strip" | "lstrip" | "rstrip" => {
                // With characters to strip, or whitespace.
                let chars: Option<Vec<char>> = match args.first() {
                    None | Some(Value::None) => None,
                    Some(_) => Some(sarg(self, 0)?.chars().collect()),
                };
                let strip = |c: char| match &chars {
                    Some(cs) => cs.contains(&c),
                    None => c.is_whitespace(),
                };
                Value::str(match name {
                    "strip" => s.trim_matches(strip),
                    "lstrip" => s.trim_start_matches(strip),
                    _ => s.trim_end_matches(strip),
                })
            }
            "replace" => {
                let (x, y) = (sarg(self, 0)?, sarg(self, 1)?);
                Value::str(&s.replace(&x, &y))
            }
            "startswith" | "endswith" => {
                // One string, or a tuple of them.
                let options = match args.first().and_then(|v| self.obj(v)) {
                    Some(Obj::Tuple(xs)) => xs.clone(),
                    _ => vec![Value::str(&sarg(self, 0)?)],
                };
                let mut found = false;
                for o in options {
                    let Value::Str(o) = o else {
                        let t = self.type_name(&o);
                        return Err(self.type_error(format!("tuple for {name} must only contain str, not {t}")));
                    };
                    found |= if name == "startswith" { s.starts_with(&*o) } else { s.ends_with(&*o) };
                }
                Value::Bool(found)
            }
            "split" | "rsplit" => {
                let max = match args.get(1) {
                    Some(v) => self.as_int(v)?,
                    None => -1,
                };
                let max = if max < 0 { usize::MAX } else { max as usize };
                let mut parts: Vec<&str> = match args.first() {
                    None | Some(Value::None) => {
                        // Runs of whitespace, at most `max` splits.
                        let mut out = Vec::new();
                        let mut rest = if name == "split" { s.trim_start() } else { s.trim_end() };
                        while !rest.is_empty() {
                            if out.len() == max {
                                out.push(rest);
                                break;
                            }
                            if name == "split" {
                                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                                out.push(&rest[..end]);
                                rest = rest[end..].trim_start();
                            } else {
                                let start = rest.rfind(char::is_whitespace).map(|i| i + rest[i..].chars().next().map_or(1, char::len_utf8)).unwrap_or(0);
                                out.push(&rest[start..]);
                                rest = rest[..start].trim_end();
                            }
                        }
                        out
                    }
                    Some(_) => {
                        let sep = sarg(self, 0)?;
                        if sep.is_empty() {
                            return Err(self.exc(Exc::ValueError, "empty separator"));
                        }
                        let n = max.saturating_add(1);
                        if name == "split" { s.splitn(n, sep.as_str()).collect() } else { s.rsplitn(n, sep.as_str()).collect() }
                    }
                };
                if name == "rsplit" {
                    parts.reverse();
                }
                let parts = parts.into_iter().map(Value::str).collect();
                self.alloc(Obj::List(parts))?
            }
            "splitlines" => {
                let parts = s.lines().map(Value::str).collect();
                self.alloc(Obj::List(parts))?
            }
            "partition" | "rpartition" => {
                let sep = sarg(self, 0)?;
                if sep.is_empty() {
                    return Err(self.exc(Exc::ValueError, "empty separator"));
                }
                let at = if name == "partition" { s.find(&sep) } else { s.rfind(&sep) };
                let parts = match at {
                    Some(i) => [&s[..i], sep.as_str(), &s[i + sep.len()..]],
                    None if name == "partition" => [&*s, "", ""],
                    None => ["", "", &*s],
                };
                let parts = parts.iter().map(|p| Value::str(p)).collect();
                self.alloc(Obj::Tuple(parts))?
            }
            "title" | "capitalize" | "swapcase" | "casefold" => {
                let mut out = String::with_capacity(s.len());
                let mut prev_cased = false;
                for (i, c) in s.chars().enumerate() {
                    match name {
                        "title" => {
                            if prev_cased { out.extend(c.to_lowercase()) } else { out.extend(c.to_uppercase()) }
                            prev_cased = c.is_lowercase() || c.is_uppercase();
                        }
                        "capitalize" => {
                            if i == 0 { out.extend(c.to_uppercase()) } else { out.extend(c.to_lowercase()) }
                        }
                        "swapcase" => {
                            if c.is_uppercase() { out.extend(c.to_lowercase()) } else { out.extend(c.to_uppercase()) }
                        }
                        _ => out.extend(c.to_lowercase()),
                    }
                }
                Value::str(&out)
            }
            "isalpha" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphabetic)),
            "isalnum" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphanumeric)),
            "isspace" => Value::Bool(!s.is_empty() && s.chars().all(char::is_whitespace)),
            "isnumeric" | "isdecimal" => Value::Bool(!s.is_empty() && s.chars().all(char::is_numeric)),
            "isupper" | "islower" => {
                let cased: Vec<char> = s.chars().filter(|c| c.is_uppercase() || c.is_lowercase()).collect();
                let want_upper = name == "isupper";
                Value::Bool(!cased.is_empty() && cased.iter().all(|c| c.is_uppercase() == want_upper))
            }
            "zfill" => {
                let w = self.as_int(&args.first().cloned().unwrap_or(Value::Int(0)))?.clamp(0, 10_000) as usize;
                let n = s.chars().count();
                let (sign, rest) = match s.chars().next() {
                    Some(c @ ('+' | '-')) => (c.to_string(), &s[1..]),
                    _ => (String::new(), &*s),
                };
                Value::str(&format!("{sign}{}{rest}", "0".repeat(w.saturating_sub(n))))
            }
            "removeprefix" => {
                let p = sarg(self, 0)?;
                Value::str(s.strip_prefix(p.as_str()).unwrap_or(&s))
            }
            "removesuffix" => {
                let p = sarg(self, 0)?;
                Value::str(s.strip_suffix(p.as_str()).unwrap_or(&s))
            }
            "rfind" | "index" | "rindex" => {
                let sub = sarg(self, 0)?;
                let at = if name == "index" { s.find(sub.as_str()) } else { s.rfind(sub.as_str()) };
                match at {
                    Some(p) => Value::Int(s[..p].chars().count() as i64),
                    None if name == "rfind" => Value::Int(-1),
                    None => return Err(self.exc(Exc::ValueError, "substring not found")),
                }
            }
            "join" => {
                let items = self.iterate(&args.first().cloned().unwrap_or(Value::None))?;
                let mut parts = Vec::new();
                for v in items {
                    match v {
                        Value::Str(x) => parts.push(x.to_string()),
                        other => return Err(self.type_error(format!("sequence item: expected str instance, {} found", self.type_name(&other)))),
                    }
                }
                Value::str(&parts.join(&s))
            }
            "format" => Value::str(&self.str_format(&s, args, &[])?),
            "isdigit" => Value::Bool(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit())),
            "count" => Value::Int(s.matches(sarg(self, 0)?.as_str()).count() as i64),
            "find" => Value::Int(s.find(sarg(self, 0)?.as_str()).map(|p| s[..p].chars().count() as i64).unwrap_or(-1)),
            "center" | "ljust" | "rjust" => {
                let w = self.as_int(&args.first().cloned().unwrap_or(Value::Int(0)))?.clamp(0, 10_000) as usize;
                let fill = match args.get(1) {
                    None => " ".to_string(),
                    Some(Value::Str(f)) if f.chars().count() == 1 => f.to_string(),
                    Some(_) => return Err(self.type_error("The fill character must be exactly one character long".into())),
                };
                let n = s.chars().count();
                let pad = w.saturating_sub(n);
                // CPython's centre: the odd space goes left when the width is odd.
                let left = pad / 2 + (pad & w & 1);
                let v = match name {
                    "ljust" => format!("{s}{}", fill.repeat(pad)),
                    "rjust" => format!("{}{s}", fill.repeat(pad)),
                    _ => format!("{}{s}{}", fill.repeat(left), fill.repeat(pad - left)),
                };
                Value::str(&v)
            }
            _ => return Err(self.exc(Exc::AttributeError, &format!("'str' object has no attribute '{name}' in the playground"))),
        })
    }

    fn make_exception(&mut self, _a: ActorId, v: Value, _granted: bool, _r: &Resume) -> Res<Value> {
        match &v {
            Value::ExcClass(k) => Ok(self.alloc(Obj::Exception { class: Value::ExcClass(*k), args: vec![], attrs: None })?),
            Value::Obj(_) => match self.obj(&v) {
                Some(Obj::Exception { .. }) => Ok(v),
                Some(Obj::Class { .. }) if self.exception_base(&v).is_some() => {
                    Ok(self.alloc(Obj::Exception { class: v.clone(), args: vec![], attrs: None })?)
                }
                _ => Err(self.type_error("exceptions must derive from BaseException".into())),
            },
            _ => Err(self.type_error("exceptions must derive from BaseException".into())),
        }
    }

    /// The built-in exception a user class derives from, if any.
    fn exception_base(&self, class: &Value) -> Option<Exc> {
        let mut todo = vec![class.clone()];
        let mut n = 0;
        while let Some(c) = todo.pop() {
            n += 1;
            if n > 64 {
                return None;
            }
            match c {
                Value::ExcClass(e) => return Some(e),
                Value::Obj(i) => {
                    if let Obj::Class { bases, .. } = &self.heap[i as usize].obj {
                        todo.extend(bases.iter().cloned());
                    }
                }
                _ => {}
            }
        }
        None
    }

    fn class_of_exc(&self, e: &Value) -> Value {
        match self.obj(e) {
            Some(Obj::Exception { class, .. }) => class.clone(),
            _ => Value::ExcClass(Exc::Exception),
        }
    }

    /// Whether class `sub` is `sup` or derives from it.
    fn subclass(&self, sub: &Value, sup: &Value) -> bool {
        let mut todo = vec![sub.clone()];
        let mut n = 0;
        while let Some(c) = todo.pop() {
            n += 1;
            if n > 64 {
                return false;
            }
            match (&c, sup) {
                (Value::ExcClass(x), Value::ExcClass(y)) if x.is(*y) => return true,
                (Value::Builtin(x), Value::Builtin(y)) if x == y => return true,
                (Value::Obj(x), Value::Obj(y)) if x == y => return true,
                (Value::Obj(i), _) => {
                    if let Obj::Class { bases, .. } = &self.heap[*i as usize].obj {
                        todo.extend(bases.iter().cloned());
                    }
                }
                _ => {}
            }
        }
        false
    }

    fn exc_matches(&mut self, e: &Value, class: &Value) -> Res<bool> {
        let classes = match self.obj(class) {
            Some(Obj::Tuple(cs)) => cs.clone(),
            _ => vec![class.clone()],
        };
        let ec = self.class_of_exc(e);
        for c in classes {
            match &c {
                Value::ExcClass(_) => {}
                Value::Obj(_) if matches!(self.obj(&c), Some(Obj::Class { .. })) => {}
                _ => return Err(self.type_error("catching classes that do not inherit from BaseException is not allowed".into())),
            }
            if self.subclass(&ec, &c) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn isinstance(&mut self, v: &Value, c: &Value) -> Res<bool> {
        Ok(match c {
            Value::Builtin(b) => match (b, v) {
                (Builtin::Int, Value::Int(_) | Value::Bool(_)) => true,
                (Builtin::Float, Value::Float(_)) => true,
                (Builtin::Str, Value::Str(_)) => true,
                (Builtin::Bool, Value::Bool(_)) => true,
                (Builtin::List, Value::Obj(_)) => matches!(self.obj(v), Some(Obj::List(_))),
                (Builtin::Set, Value::Obj(_)) => matches!(self.obj(v), Some(Obj::Set(_))),
                (Builtin::Tuple, Value::Obj(_)) => matches!(self.obj(v), Some(Obj::Tuple(_))),
                (Builtin::Dict, Value::Obj(_)) => matches!(self.obj(v), Some(Obj::Dict(_))),
                (Builtin::Object, _) => true,
                (Builtin::Thread, Value::Obj(_)) => self.thread_of(v).is_some(),
                _ => false,
            },
            Value::ExcClass(_) => {
                let ec = self.class_of_exc(v);
                matches!(self.obj(v), Some(Obj::Exception { .. })) && self.subclass(&ec, c)
            }
            Value::Obj(_) => match self.obj(v) {
                Some(Obj::Instance { class, .. }) => self.subclass(&Value::Obj(*class), c),
                Some(Obj::Exception { class, .. }) => self.subclass(&class.clone(), c),
                _ => false,
            },
            _ => return Err(self.type_error("isinstance() arg 2 must be a type or tuple of types".into())),
        })
    }

    // ---- operations on values ----

    pub fn truthy(&self, v: &Value) -> bool {
        if let Some(b) = v.truthy_simple() {
            return b;
        }
        match self.obj(v) {
            Some(Obj::List(x)) | Some(Obj::Tuple(x)) | Some(Obj::Set(x)) => !x.is_empty(),
            Some(Obj::Dict(x)) => !x.is_empty(),
            _ => true,
        }
    }

    fn as_int(&mut self, v: &Value) -> Res<i64> {
        match v {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(*b as i64),
            _ => Err(self.type_error(format!("'{}' object cannot be interpreted as an integer", self.type_name(v)))),
        }
    }

    fn as_float(&self, v: &Value) -> Res<f64> {
        match v {
            Value::Int(i) => Ok(*i as f64),
            Value::Bool(b) => Ok(*b as i64 as f64),
            Value::Float(f) => Ok(*f),
            _ => Err(Value::None),
        }
    }

    fn len(&mut self, v: &Value) -> Res<usize> {
        match v {
            Value::Str(s) => Ok(s.chars().count()),
            _ => match self.obj(v) {
                Some(Obj::List(x)) | Some(Obj::Tuple(x)) | Some(Obj::Set(x)) => Ok(x.len()),
                Some(Obj::Dict(x)) => Ok(x.len()),
                _ => Err(self.type_error(format!("object of type '{}' has no len()", self.type_name(v)))),
            },
        }
    }

    /// All items of an iterable (a snapshot).
    fn iterate(&mut self, v: &Value) -> Res<Vec<Value>> {
        match v {
            Value::Str(s) => Ok(s.chars().map(|c| Value::str(c.encode_utf8(&mut [0; 4]))).collect()),
            _ => match self.obj(v).cloned() {
                Some(Obj::List(x)) | Some(Obj::Tuple(x)) | Some(Obj::Set(x)) => Ok(x),
                Some(Obj::Dict(kv)) => Ok(kv.into_iter().map(|(k, _)| k).collect()),
                Some(Obj::Generator(_)) => Err(self.type_error(
                    "a generator's items are taken here by a `for`, `next()` or a call such as `list(g)`; write `list(g)` first".into(),
                )),
                Some(Obj::Iter(Iter::Enumerate { it, .. })) if matches!(self.heap[it as usize].obj, Obj::Generator(_)) => Err(self.type_error(
                    "an enumerate over a generator is taken here only by a `for`; write `list(enumerate(g))` as a `for`".into(),
                )),
                Some(Obj::Iter(Iter::Cycle { items, .. })) if !items.is_empty() => {
                    Err(self.exc(Exc::MemoryError, "an itertools.cycle never ends: taking all its items would fill the memory"))
                }
                Some(Obj::Iter(_)) => {
                    let Value::Obj(i) = v else { unreachable!("an iterator is an object") };
                    let mut out = Vec::new();
                    while let Some(x) = self.iter_next(*i) {
                        out.push(x);
                        if out.len() > 10_000_000 {
                            return Err(self.exc(Exc::MemoryError, "too many items"));
                        }
                    }
                    Ok(out)
                }
                _ => Err(self.type_error(format!("'{}' object is not iterable", self.type_name(v)))),
            },
        }
    }

    fn get_iter(&mut self, v: &Value) -> Res<Value> {
        let it = match v {
            Value::Str(s) => Iter::Str { s: s.clone(), at: 0 },
            Value::Obj(i) => match &self.heap[*i as usize].obj {
                Obj::List(_) | Obj::Tuple(_) => Iter::Seq { seq: *i, at: 0 },
                // (Over the set as it is now, as a dict's keys.)
                Obj::Set(xs) => Iter::Items { items: xs.clone(), at: 0 },
                Obj::Dict(kv) => Iter::Items { items: kv.iter().map(|(k, _)| k.clone()).collect(), at: 0 },
                // A coroutine is driven by await (or a loop's send), not iterated.
                Obj::Generator(g) if self.prog.codes[g.code as usize].coroutine => {
                    return Err(self.type_error("'coroutine' object is not iterable".into()))
                }
                Obj::Iter(_) | Obj::Generator(_) => return Ok(v.clone()),
                _ => return Err(self.type_error(format!("'{}' object is not iterable", self.type_name(v)))),
            },
            _ => return Err(self.type_error(format!("'{}' object is not iterable", self.type_name(v)))),
        };
        self.alloc(Obj::Iter(it))
    }

    fn iter_next(&mut self, i: u32) -> Option<Value> {
        let (seq, at) = match &mut self.heap[i as usize].obj {
            Obj::Iter(Iter::Range { next, stop, step }) => {
                if (*step > 0 && *next < *stop) || (*step < 0 && *next > *stop) {
                    let v = *next;
                    *next += *step;
                    return Some(Value::Int(v));
                }
                return None;
            }
            Obj::Iter(Iter::Str { s, at }) => {
                let c = s[*at..].chars().next()?;
                *at += c.len_utf8();
                return Some(Value::str(c.encode_utf8(&mut [0; 4])));
            }
            Obj::Iter(Iter::Items { items, at }) => {
                let v = items.get(*at).cloned();
                *at += 1;
                return v;
            }
            Obj::Iter(Iter::Cycle { items, at }) => {
                let v = items.get(*at).cloned();
                *at = (*at + 1) % items.len().max(1);
                return v;
            }
            Obj::Iter(Iter::Enumerate { it, next }) => {
                let (it, n) = (*it, *next);
                *next += 1;
                let v = self.iter_next(it)?;
                return self.alloc(Obj::Tuple(vec![Value::Int(n), v])).ok();
            }
            Obj::Iter(Iter::Seq { seq, at }) => {
                let r = (*seq, *at);
                *at += 1;
                r
            }
            _ => return None,
        };
        match &self.heap[seq as usize].obj {
            Obj::List(x) | Obj::Tuple(x) => x.get(at).cloned(),
            _ => None,
        }
    }

    fn index(&mut self, len: usize, v: &Value) -> Res<usize> {
        let i = self.as_int(v)?;
        let k = if i < 0 { i + len as i64 } else { i };
        if k < 0 || k >= len as i64 {
            return Err(self.exc(Exc::IndexError, "list index out of range"));
        }
        Ok(k as usize)
    }

    fn slice_range(len: usize, lo: Option<i64>, hi: Option<i64>, step: Option<i64>) -> Vec<usize> {
        let n = len as i64;
        let step = step.unwrap_or(1);
        if step == 0 {
            return vec![];
        }
        let fix = |x: i64, dflt: i64| -> i64 {
            let x = if x < 0 { x + n } else { x };
            if step > 0 { x.clamp(0, n) } else { x.clamp(-1, n - 1) }.min(n).max(if step > 0 { 0 } else { -1 }).max(dflt.min(-1))
        };
        let (mut i, end) = if step > 0 {
            (lo.map(|x| fix(x, 0)).unwrap_or(0), hi.map(|x| fix(x, 0)).unwrap_or(n))
        } else {
            (lo.map(|x| fix(x, -1)).unwrap_or(n - 1), hi.map(|x| fix(x, -1)).unwrap_or(-1))
        };
        let mut out = Vec::new();
        while (step > 0 && i < end) || (step < 0 && i > end) {
            if i >= 0 && i < n {
                out.push(i as usize);
            }
            i += step;
        }
        out
    }

    fn subscript(&mut self, c: &Value, index: &Value) -> Res<Value> {
        if let Some(Obj::Slice(lo, hi, step)) = self.obj(index).cloned() {
            return match c {
                Value::Str(s) => {
                    let chars: Vec<char> = s.chars().collect();
                    let idx = Self::slice_range(chars.len(), lo, hi, step);
                    Ok(Value::str(&idx.iter().map(|&i| chars[i]).collect::<String>()))
                }
                _ => match self.obj(c).cloned() {
                    Some(Obj::List(xs)) => {
                        let v = Self::slice_range(xs.len(), lo, hi, step).into_iter().map(|i| xs[i].clone()).collect();
                        self.alloc(Obj::List(v))
                    }
                    Some(Obj::Tuple(xs)) => {
                        let v = Self::slice_range(xs.len(), lo, hi, step).into_iter().map(|i| xs[i].clone()).collect();
                        self.alloc(Obj::Tuple(v))
                    }
                    _ => Err(self.type_error(format!("'{}' object is not subscriptable", self.type_name(c)))),
                },
            };
        }
        match c {
            Value::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                let k = self.index(chars.len(), index).map_err(|_| self.exc(Exc::IndexError, "string index out of range"))?;
                Ok(Value::str(chars[k].encode_utf8(&mut [0; 4])))
            }
            _ => match self.obj(c) {
                Some(Obj::List(xs)) | Some(Obj::Tuple(xs)) => {
                    let n = xs.len();
                    let k = self.index(n, index)?;
                    match self.obj(c) {
                        Some(Obj::List(xs)) | Some(Obj::Tuple(xs)) => Ok(xs[k].clone()),
                        _ => unreachable!("checked above"),
                    }
                }
                Some(Obj::Dict(kv)) => match kv.iter().find(|(k, _)| self.equal(k, index)) {
                    Some((_, v)) => Ok(v.clone()),
                    None => Err(self.key_error(index.clone())),
                },
                _ => Err(self.type_error(format!("'{}' object is not subscriptable", self.type_name(c)))),
            },
        }
    }

    fn store_subscript(&mut self, c: &Value, index: Value, v: Value) -> Res<()> {
        let Value::Obj(i) = c else { return Err(self.type_error(format!("'{}' object does not support item assignment", self.type_name(c)))) };
        let mut obj = std::mem::replace(&mut self.heap[*i as usize].obj, Obj::Free);
        let r = match &mut obj {
            Obj::List(xs) => self.index(xs.len(), &index).map(|k| xs[k] = v),
            Obj::Dict(kv) => self.dict_insert(kv, index, v),
            _ => Err(self.type_error("this object does not support item assignment".into())),
        };
        self.heap[*i as usize].obj = obj;
        r
    }

    fn del_subscript(&mut self, c: &Value, index: &Value) -> Res<()> {
        let Value::Obj(i) = c else { return Err(self.type_error("this object does not support item deletion".into())) };
        let mut obj = std::mem::replace(&mut self.heap[*i as usize].obj, Obj::Free);
        let slice = match self.obj(index) {
            Some(Obj::Slice(lo, hi, st)) => Some((*lo, *hi, *st)),
            _ => None,
        };
        let r = match &mut obj {
            // `del xs[a:b]`, `del xs[::2]`: each place the slice names.
            Obj::List(xs) if slice.is_some() => {
                let (lo, hi, st) = slice.expect("a slice");
                let mut places = Self::slice_range(xs.len(), lo, hi, st);
                places.sort_unstable();
                places.dedup();
                for k in places.into_iter().rev() {
                    xs.remove(k);
                }
                Ok(())
            }
            Obj::List(xs) => self.index(xs.len(), index).map(|k| {
                xs.remove(k);
            }),
            Obj::Dict(kv) => match kv.iter().position(|(k, _)| self.equal(k, index)) {
                Some(p) => {
                    kv.remove(p);
                    Ok(())
                }
                None => Err(self.key_error(index.clone())),
            },
            _ => Err(self.type_error("this object does not support item deletion".into())),
        };
        self.heap[*i as usize].obj = obj;
        r
    }

    /// A dict's key or a set's item must be hashable, as in CPython.
    fn hashable(&mut self, k: &Value) -> Res<()> {
        match k {
            Value::Obj(_) if !matches!(self.obj(k), Some(Obj::Tuple(_)) | Some(Obj::Instance { .. }) | Some(Obj::Prim { .. }) | Some(Obj::Thread(_))) => {
                Err(self.type_error(format!("unhashable type: '{}'", self.type_name(k))))
            }
            _ => Ok(()),
        }
    }

    /// `items` as a set's: each once, in the order they first came.
    fn set_of(&mut self, items: Vec<Value>) -> Res<Vec<Value>> {
        let mut out: Vec<Value> = Vec::with_capacity(items.len());
        for v in items {
            self.hashable(&v)?;
            if !out.iter().any(|x| self.equal(x, &v)) {
                out.push(v);
            }
        }
        Ok(out)
    }

    fn dict_insert(&mut self, kv: &mut Vec<(Value, Value)>, k: Value, v: Value) -> Res<()> {
        self.hashable(&k)?;
        match kv.iter_mut().find(|(x, _)| self.equal(x, &k)) {
            Some(slot) => slot.1 = v,
            None => kv.push((k, v)),
        }
        Ok(())
    }

    pub fn equal(&self, x: &Value, y: &Value) -> bool {
        match (x, y) {
            (Value::None, Value::None) => true,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Int(_) | Value::Bool(_) | Value::Float(_), Value::Int(_) | Value::Bool(_) | Value::Float(_)) => {
                match (x, y) {
                    (Value::Float(_), _) | (_, Value::Float(_)) => self.as_float(x).ok() == self.as_float(y).ok(),
                    _ => self.as_float(x).ok().map(|_| num_i(x)) == Some(num_i(y)),
                }
            }
            (Value::Obj(a), Value::Obj(b)) => {
                if a == b {
                    return true;
                }
                match (&self.heap[*a as usize].obj, &self.heap[*b as usize].obj) {
                    (Obj::List(p), Obj::List(q)) | (Obj::Tuple(p), Obj::Tuple(q)) => {
                        p.len() == q.len() && p.iter().zip(q).all(|(u, v)| self.equal(u, v))
                    }
                    (Obj::Set(p), Obj::Set(q)) => p.len() == q.len() && p.iter().all(|u| q.iter().any(|v| self.equal(u, v))),
                    (Obj::Dict(p), Obj::Dict(q)) => {
                        p.len() == q.len() && p.iter().all(|(k, v)| q.iter().any(|(k2, v2)| self.equal(k, k2) && self.equal(v, v2)))
                    }
                    _ => false,
                }
            }
            (Value::Builtin(a), Value::Builtin(b)) => a == b,
            (Value::ExcClass(a), Value::ExcClass(b)) => a == b,
            (Value::Module(a), Value::Module(b)) => a == b,
            _ => false,
        }
    }

    fn order(&mut self, x: &Value, y: &Value) -> Res<std::cmp::Ordering> {
        use std::cmp::Ordering;
        match (x, y) {
            (Value::Int(_) | Value::Bool(_), Value::Int(_) | Value::Bool(_)) => Ok(num_i(x).cmp(&num_i(y))),
            (Value::Int(_) | Value::Bool(_) | Value::Float(_), Value::Int(_) | Value::Bool(_) | Value::Float(_)) => {
                let (a, b) = (self.as_float(x).unwrap_or(0.0), self.as_float(y).unwrap_or(0.0));
                Ok(a.partial_cmp(&b).unwrap_or(Ordering::Equal))
            }
            (Value::Str(a), Value::Str(b)) => Ok(a.cmp(b)),
            (Value::Obj(a), Value::Obj(b)) => {
                let pair = match (&self.heap[*a as usize].obj, &self.heap[*b as usize].obj) {
                    (Obj::List(p), Obj::List(q)) | (Obj::Tuple(p), Obj::Tuple(q)) => Some((p.clone(), q.clone())),
                    _ => None,
                };
                match pair {
                    Some((p, q)) => {
                        for (u, v) in p.iter().zip(&q) {
                            if !self.equal(u, v) {
                                return self.order(u, v);
                            }
                        }
                        Ok(p.len().cmp(&q.len()))
                    }
                    None => Err(self.type_error(format!("'<' not supported between instances of '{}' and '{}'", self.type_name(x), self.type_name(y)))),
                }
            }
            _ => Err(self.type_error(format!("'<' not supported between instances of '{}' and '{}'", self.type_name(x), self.type_name(y)))),
        }
    }

    fn sort(&mut self, items: &mut [Value], reverse: bool) -> Res<()> {
        let order = self.sorted_order(items, reverse)?;
        let sorted: Vec<Value> = order.into_iter().map(|i| items[i].clone()).collect();
        items.clone_from_slice(&sorted);
        Ok(())
    }

    /// The places of `keys` in sorted order, as CPython's sort: stable
    /// (equal keys keep their order, also with `reverse`), compared with
    /// `<` (which can fail: `TypeError`).
    fn sorted_order(&mut self, keys: &[Value], reverse: bool) -> Res<Vec<usize>> {
        if keys.len() > 100_000 {
            return Err(self.exc(Exc::MemoryError, "sorting more than 100000 items is not available here"));
        }
        // Merge sort (n log n) of the places, through `order`.
        let mut places: Vec<Value> = (0..keys.len()).map(|i| Value::Int(i as i64)).collect();
        let at = |v: &Value| match v {
            Value::Int(i) => *i as usize,
            _ => unreachable!("a place"),
        };
        let mut err = None;
        merge_sort(&mut places, &mut |x, y| {
            let (x, y) = if reverse { (at(y), at(x)) } else { (at(x), at(y)) };
            match self.order(&keys[x], &keys[y]) {
                Ok(o) => o,
                Err(e) => {
                    err.get_or_insert(e);
                    std::cmp::Ordering::Equal
                }
            }
        });
        match err {
            Some(e) => Err(e),
            None => Ok(places.iter().map(at).collect()),
        }
    }

    fn compare(&mut self, op: super::ast::CmpOp, x: &Value, y: &Value) -> Res<bool> {
        use super::ast::CmpOp as C;
        use std::cmp::Ordering as O;
        Ok(match op {
            C::Eq => self.equal(x, y),
            C::NotEq => !self.equal(x, y),
            C::Is => match (x, y) {
                (Value::Obj(a), Value::Obj(b)) => a == b,
                _ => self.equal(x, y) && std::mem::discriminant(x) == std::mem::discriminant(y),
            },
            C::IsNot => !self.compare(C::Is, x, y)?,
            C::In | C::NotIn => {
                let found = match y {
                    Value::Str(s) => match x {
                        Value::Str(n) => s.contains(&**n),
                        _ => return Err(self.type_error("'in <string>' requires string as left operand".into())),
                    },
                    _ => match self.obj(y) {
                        Some(Obj::List(xs)) | Some(Obj::Tuple(xs)) | Some(Obj::Set(xs)) => xs.iter().any(|v| self.equal(v, x)),
                        Some(Obj::Dict(kv)) => kv.iter().any(|(k, _)| self.equal(k, x)),
                        _ => return Err(self.type_error(format!("argument of type '{}' is not iterable", self.type_name(y)))),
                    },
                };
                found == matches!(op, C::In)
            }
            // Sets: subset and superset.
            C::Lt | C::LtE | C::Gt | C::GtE if matches!((self.obj(x), self.obj(y)), (Some(Obj::Set(_)), Some(Obj::Set(_)))) => {
                let (Some(Obj::Set(p)), Some(Obj::Set(q))) = (self.obj(x), self.obj(y)) else { unreachable!("two sets") };
                let within = |a: &[Value], b: &[Value]| a.iter().all(|u| b.iter().any(|v| self.equal(u, v)));
                match op {
                    C::Lt => p.len() < q.len() && within(p, q),
                    C::LtE => within(p, q),
                    C::Gt => p.len() > q.len() && within(q, p),
                    _ => within(q, p),
                }
            }
            C::Lt => self.order(x, y)? == O::Less,
            C::LtE => self.order(x, y)? != O::Greater,
            C::Gt => self.order(x, y)? == O::Greater,
            C::GtE => self.order(x, y)? != O::Less,
        })
    }

    fn binary(&mut self, op: super::ast::BinOp, x: &Value, y: &Value) -> Res<Value> {
        use super::ast::BinOp as B;
        // (Numbers first: a set is an object, and only these four combine sets.)
        let sets = matches!(x, Value::Obj(_)) && matches!(op, B::BitOr | B::BitAnd | B::Sub | B::BitXor);
        if let (true, Some(Obj::Set(p)), Some(Obj::Set(q))) = (sets, self.obj(x), self.obj(y)) {
            let items = self.set_combine(op, p, q);
            return self.alloc(Obj::Set(items));
        }
        let is_num = |v: &Value| matches!(v, Value::Int(_) | Value::Bool(_) | Value::Float(_));
        if is_num(x) && is_num(y) {
            let float = matches!(x, Value::Float(_)) || matches!(y, Value::Float(_));
            if float || op == B::Div {
                let (a, b) = (self.as_float(x).unwrap_or(0.0), self.as_float(y).unwrap_or(0.0));
                if b == 0.0 && matches!(op, B::Div | B::FloorDiv | B::Mod) {
                    return Err(self.exc(Exc::ZeroDivisionError, "division by zero"));
                }
                let v = match op {
                    B::Add => a + b,
                    B::Sub => a - b,
                    B::Mult => a * b,
                    B::Div => a / b,
                    B::FloorDiv => (a / b).floor(),
                    B::Mod => a - b * (a / b).floor(),
                    B::Pow => a.powf(b),
                    _ => return Err(self.type_error(format!("unsupported operand type(s) for {}: 'float'", op.symbol()))),
                };
                return Ok(Value::Float(v));
            }
            let (a, b) = (num_i(x), num_i(y));
            let ov = |w: &mut World| w.overflow();
            let v = match op {
                B::Add => a.checked_add(b),
                B::Sub => a.checked_sub(b),
                B::Mult => a.checked_mul(b),
                B::FloorDiv | B::Mod => {
                    if b == 0 {
                        return Err(self.exc(Exc::ZeroDivisionError, "integer division or modulo by zero"));
                    }
                    let q = a.checked_div_euclid(b);
                    let (q, r) = match q {
                        Some(_) => {
                            let mut q = a / b;
                            let mut r = a % b;
                            if r != 0 && ((r < 0) != (b < 0)) {
                                q -= 1;
                                r += b;
                            }
                            (q, r)
                        }
                        None => return Err(ov(self)),
                    };
                    Some(if op == B::FloorDiv { q } else { r })
                }
                B::Pow => {
                    if b < 0 {
                        return Ok(Value::Float((a as f64).powf(b as f64)));
                    }
                    u32::try_from(b).ok().and_then(|e| a.checked_pow(e))
                }
                B::LShift => u32::try_from(b).ok().filter(|s| *s < 63).and_then(|s| a.checked_shl(s)).filter(|v| v >> b == a),
                B::RShift => Some(if b >= 64 { if a < 0 { -1 } else { 0 } } else { a >> b.max(0) }),
                B::BitAnd => Some(a & b),
                B::BitOr => Some(a | b),
                B::BitXor => Some(a ^ b),
                B::Div => unreachable!("handled as float"),
            };
            return v.map(Value::Int).ok_or_else(|| ov(self));
        }
        match (op, x, y) {
            (B::Add, Value::Str(a), Value::Str(b)) => {
                if a.len() + b.len() > 10_000_000 {
                    return Err(self.exc(Exc::MemoryError, "the string would be too long"));
                }
                Ok(Value::str(&format!("{a}{b}")))
            }
            (B::Mult, Value::Str(s), Value::Int(n)) | (B::Mult, Value::Int(n), Value::Str(s)) => {
                let n = (*n).max(0) as usize;
                if s.len().saturating_mul(n) > 10_000_000 {
                    return Err(self.exc(Exc::MemoryError, "the string would be too long"));
                }
                Ok(Value::str(&s.repeat(n)))
            }
            (B::Mod, Value::Str(s), _) => {
                let s = s.clone();
                self.percent(&s, y)
            }
            _ => {
                let pair = match (self.obj(x), self.obj(y)) {
                    (Some(Obj::List(p)), Some(Obj::List(q))) => Some((p.clone(), q.clone(), true)),
                    (Some(Obj::Tuple(p)), Some(Obj::Tuple(q))) => Some((p.clone(), q.clone(), false)),
                    _ => None,
                };
                if let (B::Add, Some((mut p, q, list))) = (op, pair) {
                    p.extend(q);
                    return self.alloc(if list { Obj::List(p) } else { Obj::Tuple(p) });
                }
                if op == B::Mult {
                    let rep = match (self.obj(x), y, self.obj(y), x) {
                        (Some(Obj::List(p)), Value::Int(n), _, _) | (_, _, Some(Obj::List(p)), Value::Int(n)) => Some((p.clone(), *n)),
                        _ => None,
                    };
                    if let Some((p, n)) = rep {
                        let n = n.max(0) as usize;
                        if p.len().saturating_mul(n) > 10_000_000 {
                            return Err(self.exc(Exc::MemoryError, "the list would be too long"));
                        }
                        let v: Vec<Value> = std::iter::repeat_n(p, n).flatten().collect();
                        return self.alloc(Obj::List(v));
                    }
                }
                Err(self.type_error(format!(
                    "unsupported operand type(s) for {}: '{}' and '{}'",
                    op.symbol(),
                    self.type_name(x),
                    self.type_name(y)
                )))
            }
        }
    }

    // ---- text ----

    pub fn type_name(&self, v: &Value) -> String {
        match v {
            Value::None => "NoneType".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Float(_) => "float".into(),
            Value::Str(_) => "str".into(),
            Value::Builtin(_) | Value::Method(_) => "builtin_function_or_method".into(),
            Value::Module(_) => "module".into(),
            Value::ExcClass(_) => "type".into(),
            Value::Absent => "NoneType".into(),
            Value::Obj(i) => match &self.heap[*i as usize].obj {
                Obj::List(_) => "list".into(),
                Obj::Set(_) => "set".into(),
                Obj::Tuple(_) => "tuple".into(),
                Obj::Dict(_) => "dict".into(),
                Obj::Instance { class, .. } => self.class_name(&Value::Obj(*class)),
                Obj::Class { .. } => "type".into(),
                Obj::Function { .. } => "function".into(),
                Obj::Bound { .. } | Obj::BoundBuiltin { .. } => "method".into(),
                Obj::Exception { class, .. } => self.class_name(class),
                Obj::Prim { kind, .. } => kind.class_name().into(),
                Obj::Thread(_) => "Thread".into(),
                Obj::Iter(_) => "iterator".into(),
                Obj::Property(_) => "property".into(),
                Obj::ClassMethod(_) => "classmethod".into(),
                Obj::StaticMethod(_) => "staticmethod".into(),
                Obj::Local(_) => "_thread._local".into(),
                Obj::Generator(g) if self.prog.codes[g.code as usize].coroutine => "coroutine".into(),
                Obj::Generator(_) => "generator".into(),
                Obj::Super { .. } => "super".into(),
                Obj::Slice(..) => "slice".into(),
                Obj::Env { .. } | Obj::Free => "cell".into(),
            },
        }
    }

    /// `type(v)` (and `v.__class__`): the class of an instance or an
    /// exception, the builtin of a number, string, list, tuple or dict.
    fn type_of(&self, v: &Value) -> Option<Value> {
        Some(match v {
            Value::Bool(_) => Value::Builtin(Builtin::Bool),
            Value::Int(_) => Value::Builtin(Builtin::Int),
            Value::Float(_) => Value::Builtin(Builtin::Float),
            Value::Str(_) => Value::Builtin(Builtin::Str),
            Value::Obj(i) => match &self.heap[*i as usize].obj {
                Obj::List(_) => Value::Builtin(Builtin::List),
                Obj::Set(_) => Value::Builtin(Builtin::Set),
                Obj::Tuple(_) => Value::Builtin(Builtin::Tuple),
                Obj::Dict(_) => Value::Builtin(Builtin::Dict),
                Obj::Instance { class, .. } => Value::Obj(*class),
                Obj::Exception { class, .. } => class.clone(),
                Obj::Generator(g) if self.prog.codes[g.code as usize].coroutine => Value::Builtin(Builtin::CoroutineType),
                Obj::Generator(_) => Value::Builtin(Builtin::GeneratorType),
                _ => return None,
            },
            _ => return None,
        })
    }

    /// `x.__name__` of a class, builtin or function.
    fn name_of(&self, v: &Value) -> Option<String> {
        Some(match v {
            Value::Builtin(b) => b.name().to_string(),
            Value::ExcClass(e) => e.name().to_string(),
            Value::Obj(i) => match &self.heap[*i as usize].obj {
                Obj::Class { name, .. } => name.to_string(),
                Obj::Function { code, .. } => self.prog.codes[*code as usize].name.clone(),
                _ => return None,
            },
            _ => return None,
        })
    }

    fn class_name(&self, c: &Value) -> String {
        match c {
            Value::ExcClass(e) => e.name().into(),
            Value::Obj(i) => match &self.heap[*i as usize].obj {
                Obj::Class { name, .. } => name.to_string(),
                _ => "object".into(),
            },
            _ => "object".into(),
        }
    }

    pub fn to_str(&self, v: &Value) -> String {
        match v {
            Value::Str(s) => s.to_string(),
            Value::Obj(i) => match &self.heap[*i as usize].obj {
                Obj::Exception { args, .. } => match args.as_slice() {
                    [] => String::new(),
                    // (A KeyError shows its key as written: `KeyError: 'k'`.)
                    [x] if self.exception_base(&self.class_of_exc(v)).is_some_and(|k| k.is(Exc::KeyError)) => self.repr(x),
                    [x] => self.to_str(x),
                    // An assertion's message and detail: the message.
                    [x, _] if matches!(self.class_of_exc(v), Value::ExcClass(Exc::AssertionError)) => self.to_str(x),
                    xs => format!("({})", xs.iter().map(|x| self.repr(x)).collect::<Vec<_>>().join(", ")),
                },
                _ => self.repr(v),
            },
            _ => self.repr(v),
        }
    }

    pub fn repr(&self, v: &Value) -> String {
        let mut out = String::new();
        self.repr_into(v, &mut out, 0);
        out
    }

    fn repr_into(&self, v: &Value, out: &mut String, depth: usize) {
        if depth > 20 || out.len() > 100_000 {
            out.push_str("...");
            return;
        }
        match v {
            Value::None | Value::Absent => out.push_str("None"),
            Value::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
            Value::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Value::Float(f) => out.push_str(&float_repr(*f)),
            Value::Str(s) => out.push_str(&str_repr(s)),
            Value::Builtin(b) => {
                let _ = write!(out, "<built-in function {}>", b.name());
            }
            Value::Method(n) => {
                let _ = write!(out, "<built-in method {}>", self.name(*n));
            }
            Value::Module(m) => {
                let _ = write!(out, "<module '{}'>", m.name());
            }
            Value::ExcClass(e) => {
                let _ = write!(out, "<class '{}'>", e.name());
            }
            Value::Obj(i) => match &self.heap[*i as usize].obj {
                Obj::List(xs) | Obj::Tuple(xs) => {
                    let list = matches!(self.heap[*i as usize].obj, Obj::List(_));
                    out.push(if list { '[' } else { '(' });
                    for (k, x) in xs.iter().enumerate() {
                        if k > 0 {
                            out.push_str(", ");
                        }
                        self.repr_into(x, out, depth + 1);
                    }
                    if !list && xs.len() == 1 {
                        out.push(',');
                    }
                    out.push(if list { ']' } else { ')' });
                }
                Obj::Set(xs) if xs.is_empty() => out.push_str("set()"),
                Obj::Set(xs) => {
                    out.push('{');
                    for (k, x) in xs.iter().enumerate() {
                        if k > 0 {
                            out.push_str(", ");
                        }
                        self.repr_into(x, out, depth + 1);
                    }
                    out.push('}');
                }
                Obj::Dict(kv) => {
                    out.push('{');
                    for (k, (key, val)) in kv.iter().enumerate() {
                        if k > 0 {
                            out.push_str(", ");
                        }
                        self.repr_into(key, out, depth + 1);
                        out.push_str(": ");
                        self.repr_into(val, out, depth + 1);
                    }
                    out.push('}');
                }
                Obj::Instance { class, .. } => {
                    let _ = write!(out, "<{} object>", self.class_name(&Value::Obj(*class)));
                }
                Obj::Class { name, .. } => {
                    let _ = write!(out, "<class '{name}'>");
                }
                Obj::Function { code, .. } => {
                    let _ = write!(out, "<function {}>", self.prog.codes[*code as usize].name);
                }
                Obj::Bound { .. } | Obj::BoundBuiltin { .. } => out.push_str("<bound method>"),
                Obj::Exception { class, args, .. } => {
                    let _ = write!(out, "{}(", self.class_name(class));
                    for (k, x) in args.iter().enumerate() {
                        if k > 0 {
                            out.push_str(", ");
                        }
                        self.repr_into(x, out, depth + 1);
                    }
                    out.push(')');
                }
                Obj::Prim { kind, .. } => {
                    let _ = write!(out, "<{} object>", kind.class_name());
                }
                Obj::Thread(t) => {
                    let state = if t.actor.is_some() { "started" } else { "initial" };
                    let _ = write!(out, "<Thread({}, {state})>", t.name);
                }
                Obj::Iter(_) => out.push_str("<iterator>"),
                Obj::Property(_) => out.push_str("<property>"),
                Obj::ClassMethod(_) => out.push_str("<classmethod>"),
                Obj::StaticMethod(_) => out.push_str("<staticmethod>"),
                Obj::Local(_) => out.push_str("<_thread._local object>"),
                Obj::Generator(g) => {
                    let code = &self.prog.codes[g.code as usize];
                    let kind = if code.coroutine { "coroutine" } else { "generator" };
                    let _ = write!(out, "<{kind} object {}>", code.name);
                }
                Obj::Super { .. } => out.push_str("<super>"),
                Obj::Slice(a, b, c) => {
                    let _ = write!(out, "slice({a:?}, {b:?}, {c:?})");
                }
                Obj::Env { .. } | Obj::Free => out.push_str("<cell>"),
            },
        }
    }

    /// `format(v, spec)`, an f-string's `{v:spec}`, `str.format`'s fields.
    fn format_spec(&mut self, v: &Value, spec: &str) -> Res<String> {
        use super::format as F;
        let sp = match F::Spec::parse(spec) {
            Ok(sp) => sp,
            Err(e) => return Err(self.format_error(e, v, spec)),
        };
        if matches!(self.obj(v), Some(Obj::Instance { .. })) && !spec.is_empty() {
            let t = self.type_name(v);
            return Err(self.type_error(format!("unsupported format string passed to {t}.__format__")));
        }
        let r = match v {
            Value::Int(n) => F::int(*n, &sp),
            // A bool is an int, but with no spec its str().
            Value::Bool(_) if spec.is_empty() => return Ok(self.to_str(v)),
            Value::Bool(b) => F::int(*b as i64, &sp),
            Value::Float(f) => F::float(*f, &sp),
            _ => F::text(&self.to_str(v), &sp),
        };
        r.map_err(|e| self.format_error(e, v, spec))
    }

    fn format_error(&mut self, e: super::format::Error, v: &Value, spec: &str) -> Value {
        use super::format::Error as E;
        let t = self.type_name(v);
        match e {
            E::UnknownCode(c) => self.exc(Exc::ValueError, &format!("Unknown format code '{c}' for object of type '{t}'")),
            E::Value(m) if m == "Invalid format specifier" => self.exc(Exc::ValueError, &format!("Invalid format specifier '{spec}' for object of type '{t}'")),
            E::Value(m) => self.exc(Exc::ValueError, &m),
        }
    }

    /// `text % args`, printf-style, as CPython: `%s`, `%r`, `%d`, `%5.2f`,
    /// `%-10s`, `%(name)s` with a dict, `%%`.
    fn percent(&mut self, text: &str, y: &Value) -> Res<Value> {
        use super::format::{self as F, Piece};
        let pieces = match F::percent_pieces(text) {
            Ok(p) => p,
            Err(e) => return Err(self.format_error(e, y, "")),
        };
        let keyed = pieces.iter().any(|p| matches!(p, Piece::Field { key: Some(_), .. }));
        let args = match self.obj(y) {
            Some(Obj::Tuple(xs)) if !keyed => xs.clone(),
            _ => vec![y.clone()],
        };
        if keyed && !matches!(self.obj(y), Some(Obj::Dict(_))) {
            return Err(self.type_error("format requires a mapping".into()));
        }
        let mut k = 0;
        let mut out = String::new();
        for p in pieces {
            let (key, mut spec, width_star, precision_star, ty) = match p {
                Piece::Text(t) => {
                    out.push_str(t);
                    continue;
                }
                Piece::Field { key, spec, width_star, precision_star, ty } => (key, spec, width_star, precision_star, ty),
            };
            let mut next = |w: &mut World| -> Res<Value> {
                k += 1;
                args.get(k - 1).cloned().ok_or_else(|| w.type_error("not enough arguments for format string".into()))
            };
            if width_star {
                let n = next(self)?;
                let n = self.as_int(&n)?;
                if n < 0 {
                    spec.align = Some('<');
                }
                spec.width = (n.unsigned_abs() as usize).min(10_000);
            }
            if precision_star {
                let n = next(self)?;
                spec.precision = Some(self.as_int(&n)?.clamp(0, 10_000) as usize);
            }
            let v = match key {
                Some(name) => {
                    let Some(Obj::Dict(kv)) = self.obj(y) else { unreachable!("checked: a mapping") };
                    let name = Value::str(name);
                    match kv.iter().find(|(x, _)| self.equal(x, &name)).map(|(_, v)| v.clone()) {
                        Some(v) => v,
                        None => {
                            return Err(self.key_error(name.clone()));
                        }
                    }
                }
                None => next(self)?,
            };
            let s = match ty {
                's' | 'r' | 'a' => {
                    let s = if ty == 's' { self.to_str(&v) } else { self.repr(&v) };
                    spec.zero = false;
                    spec.align.get_or_insert('>');
                    F::text(&s, &spec).map_err(|e| self.format_error(e, &v, ""))?
                }
                'c' => {
                    let c = match &v {
                        Value::Str(s) if s.chars().count() == 1 => s.to_string(),
                        Value::Int(n) => F::int(*n, &F::Spec { ty: Some('c'), ..Default::default() }).map_err(|e| self.format_error(e, &v, ""))?,
                        _ => return Err(self.type_error(format!("%c requires an int or a unicode character, not {}", self.type_name(&v)))),
                    };
                    spec.zero = false;
                    spec.align.get_or_insert('>');
                    F::text(&c, &F::Spec { precision: None, ..spec }).map_err(|e| self.format_error(e, &v, ""))?
                }
                _ => {
                    let (n, f) = match (&v, ty) {
                        (Value::Int(n), _) => (Some(*n), *n as f64),
                        (Value::Bool(b), _) => (Some(*b as i64), *b as i64 as f64),
                        (Value::Float(f), 'd' | 'i' | 'u') if f.is_finite() && f.abs() < 9.2e18 => (Some(f.trunc() as i64), *f),
                        (Value::Float(_), 'o' | 'x' | 'X') => return Err(self.type_error(format!("%{ty} format: an integer is required, not float"))),
                        (Value::Float(f), _) => (None, *f),
                        _ if matches!(ty, 'o' | 'x' | 'X') => return Err(self.type_error(format!("%{ty} format: an integer is required, not {}", self.type_name(&v)))),
                        _ if matches!(ty, 'd' | 'i' | 'u') => return Err(self.type_error(format!("%{ty} format: a real number is required, not {}", self.type_name(&v)))),
                        _ => return Err(self.type_error(format!("must be real number, not {}", self.type_name(&v)))),
                    };
                    F::percent_number(n, f, ty, &spec).map_err(|e| self.format_error(e, &v, ""))?
                }
            };
            out.push_str(&s);
        }
        if !keyed && k < args.len() {
            return Err(self.type_error("not all arguments converted during string formatting".into()));
        }
        Ok(Value::str(&out))
    }

    /// `text.format(*args, **kw)`, as CPython: `{}`, `{0}`, `{name}`,
    /// `{0[1]}`, `{p.x}`, `{!r}`, `{:>8.2f}` and specs with fields in them
    /// (`{:{width}}`), `{{` and `}}`.
    fn str_format(&mut self, text: &str, args: &[Value], kw: &[(Arc<str>, Value)]) -> Res<String> {
        let mut auto: Option<usize> = None;
        let mut manual = false;
        self.str_format_in(text, args, kw, &mut auto, &mut manual, 0)
    }

    fn str_format_in(&mut self, text: &str, args: &[Value], kw: &[(Arc<str>, Value)], auto: &mut Option<usize>, manual: &mut bool, depth: u8) -> Res<String> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(p) = rest.find(['{', '}']) {
            out.push_str(&rest[..p]);
            let c = rest.as_bytes()[p];
            let after = &rest[p + 1..];
            if after.as_bytes().first() == Some(&c) {
                out.push(c as char);
                rest = &after[1..];
                continue;
            }
            if c == b'}' {
                return Err(self.exc(Exc::ValueError, "Single '}' encountered in format string"));
            }
            // The field, to its matching '}'.
            let mut level = 1;
            let mut end = None;
            for (i, ch) in after.char_indices() {
                match ch {
                    '{' => level += 1,
                    '}' => {
                        level -= 1;
                        if level == 0 {
                            end = Some(i);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let Some(end) = end else {
                let msg = if after.is_empty() { "Single '{' encountered in format string" } else { "expected '}' before end of string" };
                return Err(self.exc(Exc::ValueError, msg));
            };
            let field = &after[..end];
            rest = &after[end + 1..];
            let (name, conv_spec) = match field.find(['!', ':']) {
                Some(i) => (&field[..i], &field[i..]),
                None => (field, ""),
            };
            let (conv, spec) = match conv_spec.strip_prefix('!') {
                Some(c) => {
                    let mut ch = c.chars();
                    let conv = ch.next();
                    let tail = ch.as_str();
                    if !matches!(conv, Some('r' | 's' | 'a')) || !(tail.is_empty() || tail.starts_with(':')) {
                        let c = conv.map(String::from).unwrap_or_default();
                        return Err(self.exc(Exc::ValueError, &format!("Unknown conversion specifier {c}")));
                    }
                    (conv, tail.strip_prefix(':').unwrap_or(""))
                }
                None => (None, conv_spec.strip_prefix(':').unwrap_or("")),
            };
            // The argument: by place (counted or given) or by name, then
            // `.attr` and `[key]` after it.
            let first_end = name.find(['.', '[']).unwrap_or(name.len());
            let (head, mut access) = name.split_at(first_end);
            let mut v = if head.is_empty() || head.bytes().all(|b| b.is_ascii_digit()) {
                let i = if head.is_empty() {
                    if *manual {
                        return Err(self.exc(Exc::ValueError, "cannot switch from manual field specification to automatic field numbering"));
                    }
                    let i = auto.map_or(0, |i| i + 1);
                    *auto = Some(i);
                    i
                } else {
                    if auto.is_some() {
                        return Err(self.exc(Exc::ValueError, "cannot switch from automatic field numbering to manual field specification"));
                    }
                    *manual = true;
                    head.parse::<usize>().unwrap_or(usize::MAX)
                };
                match args.get(i) {
                    Some(v) => v.clone(),
                    None => return Err(self.exc(Exc::IndexError, &format!("Replacement index {i} out of range for positional args tuple"))),
                }
            } else {
                match kw.iter().find(|(k, _)| &**k == head) {
                    Some((_, v)) => v.clone(),
                    None => return Err(self.key_error(Value::str(head))),
                }
            };
            while !access.is_empty() {
                if let Some(r) = access.strip_prefix('.') {
                    let end = r.find(['.', '[']).unwrap_or(r.len());
                    let attr = &r[..end];
                    access = &r[end..];
                    let found = match self.obj(&v) {
                        Some(Obj::Instance { attrs, .. }) => attrs.iter().find(|(s, _)| self.name(*s) == attr).map(|(_, x)| x.clone()),
                        _ => None,
                    };
                    v = match found {
                        Some(x) => x,
                        None => {
                            let t = self.type_name(&v);
                            return Err(self.exc(Exc::AttributeError, &format!("'{t}' object has no attribute '{attr}'")));
                        }
                    };
                } else if let Some(r) = access.strip_prefix('[') {
                    let Some(close) = r.find(']') else {
                        return Err(self.exc(Exc::ValueError, "Missing ']' in format string"));
                    };
                    let key = &r[..close];
                    access = &r[close + 1..];
                    let key = match key.parse::<i64>() {
                        Ok(n) => Value::Int(n),
                        Err(_) => Value::str(key),
                    };
                    v = match self.obj(&v).cloned() {
                        Some(Obj::List(xs) | Obj::Tuple(xs)) => {
                            let i = self.index(xs.len(), &key)?;
                            xs[i].clone()
                        }
                        Some(Obj::Dict(kv)) => match kv.iter().find(|(x, _)| self.equal(x, &key)) {
                            Some((_, x)) => x.clone(),
                            None => {
                                return Err(self.key_error(key.clone()));
                            }
                        },
                        _ => {
                            let t = self.type_name(&v);
                            return Err(self.type_error(format!("'{t}' object is not subscriptable")));
                        }
                    };
                } else {
                    return Err(self.exc(Exc::ValueError, "Only '.' or '[' may follow ']' in format field specifier"));
                }
            }
            let v = match conv {
                Some('r' | 'a') => Value::str(&self.repr(&v)),
                Some(_) => Value::str(&self.to_str(&v)),
                None => v,
            };
            // A spec may hold fields of its own (`{:{width}.{p}f}`), once.
            let spec = if spec.contains('{') {
                if depth >= 1 {
                    return Err(self.exc(Exc::ValueError, "Max string recursion exceeded"));
                }
                self.str_format_in(spec, args, kw, auto, manual, depth + 1)?
            } else {
                spec.to_string()
            };
            let s = if spec.is_empty() { self.to_str(&v) } else { self.format_spec(&v, &spec)? };
            out.push_str(&s);
        }
        out.push_str(rest);
        Ok(out)
    }
}

enum Attr {
    Value(Value),
    Property(Value),
    /// Not found: the class's own `__getattr__`, to be called with the name.
    Missing(Value),
}

fn num_i(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        _ => 0,
    }
}

/// The methods the playground knows on built-in objects.
fn method_known(obj: Option<&Obj>, v: &Value, name: &str) -> bool {
    match (obj, v) {
        (None, Value::Str(_)) => matches!(
            name,
            "upper" | "lower" | "strip" | "lstrip" | "rstrip" | "replace" | "startswith" | "endswith" | "split" | "rsplit" | "splitlines" | "join"
                | "format" | "isdigit" | "count" | "find" | "rfind" | "index" | "rindex" | "center" | "ljust" | "rjust" | "partition" | "rpartition"
                | "title" | "capitalize" | "swapcase" | "casefold" | "isalpha" | "isalnum" | "isspace" | "isnumeric" | "isdecimal" | "isupper"
                | "islower" | "zfill" | "removeprefix" | "removesuffix"
        ),
        (Some(Obj::List(_)), _) => {
            matches!(name, "append" | "pop" | "remove" | "insert" | "extend" | "clear" | "index" | "count" | "sort" | "reverse" | "copy")
        }
        (Some(Obj::Dict(_)), _) => matches!(name, "get" | "keys" | "values" | "items" | "pop" | "setdefault" | "update" | "clear"),
        (Some(Obj::Set(_)), _) => matches!(
            name,
            "add" | "discard" | "remove" | "pop" | "clear" | "copy" | "update" | "union" | "intersection" | "difference" | "symmetric_difference"
                | "intersection_update" | "difference_update" | "issubset" | "issuperset" | "isdisjoint"
        ),
        (Some(Obj::Tuple(_)), _) => matches!(name, "count" | "index"),
        (Some(Obj::Prim { kind, .. }), _) => match kind {
            PrimKind::Lock | PrimKind::RLock => matches!(name, "acquire" | "release" | "locked"),
            PrimKind::Condition(_) => {
                matches!(name, "acquire" | "release" | "wait" | "wait_for" | "notify" | "notify_all" | "notifyAll")
            }
            PrimKind::Semaphore | PrimKind::BoundedSemaphore => matches!(name, "acquire" | "release"),
            PrimKind::Event => matches!(name, "set" | "clear" | "wait" | "is_set" | "isSet"),
            PrimKind::Barrier => matches!(name, "wait"),
            PrimKind::Queue | PrimKind::LifoQueue | PrimKind::PriorityQueue => {
                matches!(name, "put" | "put_nowait" | "get" | "get_nowait" | "qsize" | "empty" | "full" | "task_done" | "join")
            }
        },
        (Some(Obj::Thread(_)), _) => matches!(name, "start" | "join" | "is_alive" | "getName" | "run"),
        (Some(Obj::Generator(_)), _) => matches!(name, "send" | "throw" | "close" | "__next__"),
        _ => false,
    }
}

fn isqrt(n: u64) -> u64 {
    let mut r = (n as f64).sqrt() as u64;
    while r.saturating_mul(r) > n {
        r -= 1;
    }
    while (r + 1).saturating_mul(r + 1) <= n {
        r += 1;
    }
    r
}

/// Python's `repr` of a float: the shortest text that reads back, with a `.0`
/// on whole numbers, and exponents outside 1e-4 .. 1e16.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let a = f.abs();
    if a != 0.0 && !(1e-4..1e16).contains(&a) {
        let s = format!("{f:e}");
        // Rust: 1e-5, 1.5e20; Python: 1e-05, 1.5e+20.
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let e: i32 = e.parse().unwrap_or(0);
        return format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    }
    let s = format!("{f}");
    if s.contains('.') { s } else { format!("{s}.0") }
}

fn str_repr(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c)
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

fn merge_sort(v: &mut Vec<Value>, cmp: &mut dyn FnMut(&Value, &Value) -> std::cmp::Ordering) {
    if v.len() <= 1 {
        return;
    }
    let right = v.split_off(v.len() / 2);
    let mut left = std::mem::take(v);
    let mut right = right;
    merge_sort(&mut left, cmp);
    merge_sort(&mut right, cmp);
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        if cmp(&right[j], &left[i]) == std::cmp::Ordering::Less {
            v.push(right[j].clone());
            j += 1;
        } else {
            v.push(left[i].clone());
            i += 1;
        }
    }
    v.extend_from_slice(&left[i..]);
    v.extend_from_slice(&right[j..]);
}

#[cfg(test)]
mod sizes {
    /// A search clones frames and heap cells by the million: a kind of
    /// frame or object that grows them (a generator's drain, an
    /// exception's attributes) is boxed instead. Measured 2026-12-07: one
    /// unboxed made a search of the race lesson 1.6% slower (callgrind).
    #[test]
    fn frames_and_heap_cells_stay_small() {
        assert!(std::mem::size_of::<super::Frame>() <= 120, "Frame: {} bytes", std::mem::size_of::<super::Frame>());
        assert!(std::mem::size_of::<super::Obj>() <= 64, "Obj: {} bytes", std::mem::size_of::<super::Obj>());
    }
}
