//! Values and the heap of the playground's Python.
//!
//! Small values (None, bools, ints, floats, strings, built-in functions,
//! classes of exceptions) are held by value; everything else (lists,
//! tuples, dicts, instances, classes, functions, environments, threads,
//! synchronization objects, iterators) lives on the [`Heap`] and is named by
//! its index. Each heap cell knows whether another thread can reach it
//! (`shared`): only operations on shared cells are steps.

use crate::model::{ActorId, ObjId};
use std::sync::Arc;

/// A Python value.
#[derive(Clone, Debug)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Arc<str>),
    /// A heap object.
    Obj(u32),
    /// A built-in function or class.
    Builtin(Builtin),
    /// A built-in method of the receiver beside it (after `LoadMethod`).
    Method(u32),
    /// A module.
    Module(Module),
    /// A built-in exception class.
    ExcClass(Exc),
    /// Where `LoadMethod` found no receiver (a plain callable).
    Absent,
}

/// A value's part of a state's fingerprint ([`crate::explore`]'s cache):
/// equal values hash equally (a float by its bits, so `0.0` and `-0.0`
/// differ, which only costs the cache a merge).
impl std::hash::Hash for Value {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        std::mem::discriminant(self).hash(h);
        match self {
            Value::None | Value::Absent => {}
            Value::Bool(b) => b.hash(h),
            Value::Int(i) => i.hash(h),
            Value::Float(f) => f.to_bits().hash(h),
            Value::Str(s) => s.hash(h),
            Value::Obj(o) | Value::Method(o) => o.hash(h),
            Value::Builtin(b) => b.hash(h),
            Value::Module(m) => m.hash(h),
            Value::ExcClass(e) => e.hash(h),
        }
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Arc::from(s))
    }
    pub fn truthy_simple(&self) -> Option<bool> {
        Some(match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Obj(_) => return None,
            _ => true,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Module {
    Threading,
    Queue,
    Time,
    Random,
    Logging,
    Math,
    Itertools,
    Interleave,
    /// The package `concurrent` (`import concurrent.futures` binds it).
    Concurrent,
    /// `concurrent.futures`: Python of the playground's own (`futures.py`),
    /// its names read from its globals.
    Futures,
    /// `asyncio`: Python of the playground's own (`asyncio.py`), as `Futures`.
    Asyncio,
    /// `multiprocessing`: Python of the playground's own (`multiprocessing.py`), as `Futures`.
    Multiprocessing,
    /// `ctypes`: only its type names, as `multiprocessing.Value`'s typecodes.
    Ctypes,
    /// `os`: only `getpid()` and `getppid()`.
    Os,
}

impl Module {
    pub fn by_name(n: &str) -> Option<Module> {
        Some(match n {
            "threading" => Module::Threading,
            "queue" => Module::Queue,
            "time" => Module::Time,
            "random" => Module::Random,
            "logging" => Module::Logging,
            "math" => Module::Math,
            "itertools" => Module::Itertools,
            "concurrent" => Module::Concurrent,
            "concurrent.futures" => Module::Futures,
            "asyncio" => Module::Asyncio,
            "multiprocessing" => Module::Multiprocessing,
            "ctypes" => Module::Ctypes,
            "os" => Module::Os,
            "interleave" => Module::Interleave,
            _ => return None,
        })
    }
    pub fn name(self) -> &'static str {
        match self {
            Module::Threading => "threading",
            Module::Queue => "queue",
            Module::Time => "time",
            Module::Random => "random",
            Module::Logging => "logging",
            Module::Math => "math",
            Module::Itertools => "itertools",
            Module::Concurrent => "concurrent",
            Module::Futures => "concurrent.futures",
            Module::Asyncio => "asyncio",
            Module::Multiprocessing => "multiprocessing",
            Module::Ctypes => "ctypes",
            Module::Os => "os",
            Module::Interleave => "interleave",
        }
    }
}

/// Built-in exception classes, with their bases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Exc {
    BaseException,
    Exception,
    ValueError,
    TypeError,
    RuntimeError,
    AssertionError,
    KeyError,
    IndexError,
    LookupError,
    ZeroDivisionError,
    ArithmeticError,
    NameError,
    AttributeError,
    TimeoutError,
    OSError,
    StopIteration,
    RecursionError,
    MemoryError,
    /// `queue.Empty`.
    QueueEmpty,
    /// `queue.Full`.
    QueueFull,
    /// `threading.BrokenBarrierError`.
    BrokenBarrierError,
    NotImplementedError,
    /// What `generator.close()` raises inside the generator.
    GeneratorExit,
    /// What an asynchronous iterator's `__anext__` raises at its end.
    StopAsyncIteration,
    /// What `Connection.recv()` raises when the other end is closed and nothing is left.
    EOFError,
}

impl Exc {
    pub fn name(self) -> &'static str {
        match self {
            Exc::BaseException => "BaseException",
            Exc::Exception => "Exception",
            Exc::ValueError => "ValueError",
            Exc::TypeError => "TypeError",
            Exc::RuntimeError => "RuntimeError",
            Exc::AssertionError => "AssertionError",
            Exc::KeyError => "KeyError",
            Exc::IndexError => "IndexError",
            Exc::LookupError => "LookupError",
            Exc::ZeroDivisionError => "ZeroDivisionError",
            Exc::ArithmeticError => "ArithmeticError",
            Exc::NameError => "NameError",
            Exc::AttributeError => "AttributeError",
            Exc::TimeoutError => "TimeoutError",
            Exc::OSError => "OSError",
            Exc::StopIteration => "StopIteration",
            Exc::RecursionError => "RecursionError",
            Exc::MemoryError => "MemoryError",
            Exc::QueueEmpty => "Empty",
            Exc::QueueFull => "Full",
            Exc::BrokenBarrierError => "BrokenBarrierError",
            Exc::NotImplementedError => "NotImplementedError",
            Exc::GeneratorExit => "GeneratorExit",
            Exc::StopAsyncIteration => "StopAsyncIteration",
            Exc::EOFError => "EOFError",
        }
    }
    pub fn base(self) -> Option<Exc> {
        Some(match self {
            Exc::BaseException => return None,
            Exc::Exception | Exc::GeneratorExit => Exc::BaseException,
            Exc::KeyError | Exc::IndexError => Exc::LookupError,
            Exc::ZeroDivisionError => Exc::ArithmeticError,
            Exc::TimeoutError => Exc::OSError,
            Exc::RecursionError | Exc::NotImplementedError => Exc::RuntimeError,
            _ => Exc::Exception,
        })
    }
    /// Whether `self` is `other` or derives from it.
    pub fn is(self, other: Exc) -> bool {
        let mut k = Some(self);
        while let Some(x) = k {
            if x == other {
                return true;
            }
            k = x.base();
        }
        false
    }
    pub fn by_name(n: &str) -> Option<Exc> {
        const ALL: [Exc; 23] = [
            Exc::EOFError,
            Exc::GeneratorExit,
            Exc::StopAsyncIteration,
            Exc::BaseException,
            Exc::Exception,
            Exc::ValueError,
            Exc::TypeError,
            Exc::RuntimeError,
            Exc::AssertionError,
            Exc::KeyError,
            Exc::IndexError,
            Exc::LookupError,
            Exc::ZeroDivisionError,
            Exc::ArithmeticError,
            Exc::NameError,
            Exc::AttributeError,
            Exc::TimeoutError,
            Exc::OSError,
            Exc::StopIteration,
            Exc::RecursionError,
            Exc::MemoryError,
            Exc::NotImplementedError,
            Exc::BrokenBarrierError,
        ];
        ALL.iter().copied().find(|e| e.name() == n && *e != Exc::BrokenBarrierError)
    }
}

/// Built-in functions and classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builtin {
    Print,
    Len,
    Range,
    Sorted,
    Min,
    Max,
    Sum,
    Abs,
    Str,
    Int,
    Float,
    Bool,
    List,
    Tuple,
    Dict,
    Isinstance,
    Enumerate,
    Zip,
    Repr,
    Round,
    Any,
    All,
    Reversed,
    Property,
    Object,
    Divmod,
    Next,
    Iter,
    Type,
    Format,
    Set,
    ClassMethod,
    StaticMethod,
    ActiveCount,
    EnumerateThreads,
    MainThread,
    GetIdent,
    GetAttr,
    HasAttr,
    SetAttr,
    /// `object.__setattr__(obj, name, v)`: an attribute written without
    /// the class's own `__setattr__` (reached only through `object`).
    ObjectSetAttr,
    Local,
    Hex,
    Bin,
    Oct,
    Chr,
    Ord,
    Pow,
    Floor,
    Ceil,
    Gcd,
    Log,
    Super,
    /// `threading.Thread.__init__(self, ...)`, from a class deriving from it.
    ThreadInit,
    /// `object.__init__`, which a `super().__init__(...)` reaches when no
    /// class of the program's defines one: it does nothing.
    ObjectInit,
    /// The type of a generator (`type(g)`): not a name a program can use.
    GeneratorType,
    /// The type of a coroutine (`type(c)`), as `GeneratorType`.
    CoroutineType,
    // interleave
    Param,
    BurnCpu,
    Report,
    CriticalSection,
    IsPrime,
    /// asyncio's task rows (`py/tasks.rs`): `_task_row(name)`, `_task_state(row, word)`.
    TaskRow,
    TaskState,
    /// multiprocessing's own (`py/process.rs`): `_start_process(name,
    /// bootstrap, payload)`, `_pickle(x)`, `_unpickle(p)`.
    StartProcess,
    Pickle,
    Unpickle,
    /// `_share(x)`: `x` crosses between processes as itself.
    Share,
    /// `os.getpid()`, `os.getppid()`: the playground's process numbers.
    GetPid,
    GetPpid,
    CpuCount,
    // time
    Sleep,
    PerfCounter,
    // random
    RandInt,
    Random,
    Uniform,
    Choice,
    Seed,
    // logging
    LogInfo,
    LogWarning,
    LogError,
    LogDebug,
    BasicConfig,
    // math
    Isqrt,
    Sqrt,
    /// `itertools.cycle(iterable)`, `itertools.count(start=0, step=1)`.
    Cycle,
    Count,
    // threading
    Thread,
    Lock,
    RLock,
    Condition,
    Semaphore,
    BoundedSemaphore,
    Event,
    Barrier,
    CurrentThread,
    // queue
    Queue,
    LifoQueue,
    PriorityQueue,
}

impl Builtin {
    pub fn name(self) -> &'static str {
        use Builtin::*;
        match self {
            Print => "print",
            Len => "len",
            Range => "range",
            Sorted => "sorted",
            Min => "min",
            Max => "max",
            Sum => "sum",
            Abs => "abs",
            Str => "str",
            Int => "int",
            Float => "float",
            Bool => "bool",
            List => "list",
            Set => "set",
            Tuple => "tuple",
            Dict => "dict",
            Isinstance => "isinstance",
            Enumerate => "enumerate",
            Zip => "zip",
            Repr => "repr",
            Round => "round",
            Any => "any",
            All => "all",
            Reversed => "reversed",
            Property => "property",
            Object => "object",
            Divmod => "divmod",
            Next => "next",
            Iter => "iter",
            Type => "type",
            Format => "format",
            ClassMethod => "classmethod",
            ActiveCount => "active_count",
            EnumerateThreads => "enumerate",
            MainThread => "main_thread",
            GetIdent => "get_ident",
            StaticMethod => "staticmethod",
            GetAttr => "getattr",
            HasAttr => "hasattr",
            SetAttr => "setattr",
            ObjectSetAttr => "object.__setattr__",
            Local => "local",
            Hex => "hex",
            Bin => "bin",
            Oct => "oct",
            Chr => "chr",
            Ord => "ord",
            Pow => "pow",
            Floor => "floor",
            Ceil => "ceil",
            Gcd => "gcd",
            Log => "log",
            Super => "super",
            ObjectInit => "object.__init__",
            GeneratorType => "generator",
            CoroutineType => "coroutine",
            ThreadInit => "Thread.__init__",
            Param => "param",
            BurnCpu => "burn_cpu",
            Report => "report",
            CriticalSection => "critical_section",
            IsPrime => "is_prime",
            TaskRow => "_task_row",
            TaskState => "_task_state",
            StartProcess => "_start_process",
            Pickle => "_pickle",
            Unpickle => "_unpickle",
            Share => "_share",
            GetPid => "getpid",
            GetPpid => "getppid",
            CpuCount => "cpu_count",
            Sleep => "sleep",
            PerfCounter => "perf_counter",
            RandInt => "randint",
            Random => "random",
            Uniform => "uniform",
            Choice => "choice",
            Seed => "seed",
            LogInfo => "info",
            LogWarning => "warning",
            LogError => "error",
            LogDebug => "debug",
            BasicConfig => "basicConfig",
            Isqrt => "isqrt",
            Sqrt => "sqrt",
            Cycle => "cycle",
            Count => "count",
            Thread => "Thread",
            Lock => "Lock",
            RLock => "RLock",
            Condition => "Condition",
            Semaphore => "Semaphore",
            BoundedSemaphore => "BoundedSemaphore",
            Event => "Event",
            Barrier => "Barrier",
            CurrentThread => "current_thread",
            Queue => "Queue",
            LifoQueue => "LifoQueue",
            PriorityQueue => "PriorityQueue",
        }
    }

    pub fn global(n: &str) -> Option<Builtin> {
        use Builtin::*;
        Some(match n {
            "print" => Print,
            "len" => Len,
            "range" => Range,
            "sorted" => Sorted,
            "min" => Min,
            "max" => Max,
            "sum" => Sum,
            "abs" => Abs,
            "str" => Str,
            "int" => Int,
            "float" => Float,
            "bool" => Bool,
            "list" => List,
            "set" => Set,
            "tuple" => Tuple,
            "dict" => Dict,
            "isinstance" => Isinstance,
            "enumerate" => Enumerate,
            "zip" => Zip,
            "repr" => Repr,
            "round" => Round,
            "any" => Any,
            "all" => All,
            "reversed" => Reversed,
            "property" => Property,
            "object" => Object,
            "divmod" => Divmod,
            "next" => Next,
            "iter" => Iter,
            "type" => Type,
            "format" => Format,
            "classmethod" => ClassMethod,
            "staticmethod" => StaticMethod,
            "getattr" => GetAttr,
            "hasattr" => HasAttr,
            "setattr" => SetAttr,
            "hex" => Hex,
            "bin" => Bin,
            "oct" => Oct,
            "chr" => Chr,
            "ord" => Ord,
            "pow" => Pow,
            "super" => Super,
            _ => return None,
        })
    }

    /// `module.name`.
    pub fn of(m: Module, n: &str) -> Option<Builtin> {
        use Builtin::*;
        Some(match (m, n) {
            (Module::Interleave, "param") => Param,
            (Module::Interleave, "burn_cpu") => BurnCpu,
            (Module::Interleave, "report") => Report,
            (Module::Interleave, "critical_section") => CriticalSection,
            (Module::Interleave, "is_prime") => IsPrime,
            (Module::Interleave, "_task_row") => TaskRow,
            (Module::Interleave, "_task_state") => TaskState,
            (Module::Interleave, "_start_process") => StartProcess,
            (Module::Interleave, "_pickle") => Pickle,
            (Module::Interleave, "_unpickle") => Unpickle,
            (Module::Interleave, "_share") => Share,
            (Module::Os, "getpid") => GetPid,
            (Module::Os, "getppid") => GetPpid,
            (Module::Os, "cpu_count") => CpuCount,
            (Module::Time, "sleep") => Sleep,
            (Module::Time, "perf_counter" | "time" | "monotonic") => PerfCounter,
            (Module::Random, "randint") => RandInt,
            (Module::Random, "random") => Random,
            (Module::Random, "uniform") => Uniform,
            (Module::Random, "choice") => Choice,
            (Module::Random, "seed") => Seed,
            (Module::Logging, "info") => LogInfo,
            (Module::Logging, "warning") => LogWarning,
            (Module::Logging, "error") => LogError,
            (Module::Logging, "debug") => LogDebug,
            (Module::Logging, "basicConfig") => BasicConfig,
            (Module::Math, "isqrt") => Isqrt,
            (Module::Math, "sqrt") => Sqrt,
            (Module::Math, "floor") => Floor,
            (Module::Math, "ceil") => Ceil,
            (Module::Math, "gcd") => Gcd,
            (Module::Math, "log") => Log,
            (Module::Itertools, "cycle") => Cycle,
            (Module::Itertools, "count") => Count,
            (Module::Threading, "Thread") => Thread,
            (Module::Threading, "local") => Local,
            (Module::Threading, "Lock") => Lock,
            (Module::Threading, "RLock") => RLock,
            (Module::Threading, "Condition") => Condition,
            (Module::Threading, "Semaphore") => Semaphore,
            (Module::Threading, "BoundedSemaphore") => BoundedSemaphore,
            (Module::Threading, "Event") => Event,
            (Module::Threading, "Barrier") => Barrier,
            (Module::Threading, "current_thread") => CurrentThread,
            (Module::Threading, "active_count") => ActiveCount,
            (Module::Threading, "enumerate") => EnumerateThreads,
            (Module::Threading, "main_thread") => MainThread,
            (Module::Threading, "get_ident") => GetIdent,
            (Module::Queue, "Queue") => Queue,
            // (A FIFO without maxsize: a Queue serves.)
            (Module::Queue, "SimpleQueue") => Queue,
            (Module::Queue, "LifoQueue") => LifoQueue,
            (Module::Queue, "PriorityQueue") => PriorityQueue,
            _ => return None,
        })
    }
}

/// The kinds of synchronization object a program can make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrimKind {
    Lock,
    RLock,
    /// Bound to its lock's object.
    Condition(ObjId),
    Semaphore,
    BoundedSemaphore,
    Event,
    Barrier,
    Queue,
    LifoQueue,
    PriorityQueue,
}

impl PrimKind {
    /// Whether it is one of `queue`'s classes.
    pub fn is_queue(self) -> bool {
        matches!(self, PrimKind::Queue | PrimKind::LifoQueue | PrimKind::PriorityQueue)
    }

    pub fn class_name(self) -> &'static str {
        match self {
            PrimKind::Lock => "lock",
            PrimKind::RLock => "RLock",
            PrimKind::Condition(_) => "Condition",
            PrimKind::Semaphore => "Semaphore",
            PrimKind::BoundedSemaphore => "BoundedSemaphore",
            PrimKind::Event => "Event",
            PrimKind::Barrier => "Barrier",
            PrimKind::Queue => "Queue",
            PrimKind::LifoQueue => "LifoQueue",
            PrimKind::PriorityQueue => "PriorityQueue",
        }
    }
}

/// An iterator's state.
#[derive(Clone, Debug, Hash)]
pub enum Iter {
    Range { next: i64, stop: i64, step: i64 },
    /// Over a list or tuple (by index, so appends during the loop are seen, as in Python).
    Seq { seq: u32, at: usize },
    Str { s: Arc<str>, at: usize },
    /// Over a snapshot (dict keys, zip, enumerate: built eagerly).
    Items { items: Vec<Value>, at: usize },
    /// `itertools.cycle`: its items (taken when made), again and again.
    Cycle { items: Vec<Value>, at: usize },
    /// `enumerate` over an iterator (which may never end): the iterator
    /// (a heap object) and the next count.
    Enumerate { it: u32, next: i64 },
}

/// A heap object.
#[derive(Clone, Debug, Hash)]
pub enum Obj {
    List(Vec<Value>),
    /// A set: its items in the order they came (CPython's order is its
    /// hashes'; a program cannot rely on either).
    Set(Vec<Value>),
    Tuple(Vec<Value>),
    Dict(Vec<(Value, Value)>),
    Instance { class: u32, attrs: Vec<(u32, Value)> },
    Class { name: Arc<str>, bases: Vec<Value>, attrs: Vec<(u32, Value)> },
    Function { code: u32, defaults: Vec<Value>, env: Option<u32> },
    /// A method bound to its instance (when read without calling it).
    Bound { this: Value, func: Value },
    /// `super()` in a method of `class`: reads the methods of `class`'s bases, bound to `this`.
    Super { class: u32, this: Value },
    /// A builtin method bound to its receiver.
    BoundBuiltin { this: Value, name: u32 },
    /// A function's variables; `parent`: the enclosing function's.
    Env { vals: Vec<Option<Value>>, parent: Option<u32>, captured: bool },
    /// An exception: its class (a built-in one or a user class deriving from one) and arguments.
    /// `attrs`: what its class's own `__init__` stored (`self.code = code`);
    /// boxed, as few exceptions have any (every heap cell is as large as
    /// the largest kind of object).
    Exception { class: Value, args: Vec<Value>, attrs: Option<Box<Vec<(u32, Value)>>> },
    Prim { id: ObjId, kind: PrimKind },
    Thread(Box<ThreadObj>),
    Iter(Iter),
    Property(Value),
    /// `@classmethod`: read from a class or its instance, bound to the class.
    ClassMethod(Value),
    /// `@staticmethod`: read as the function itself.
    StaticMethod(Value),
    /// `threading.local()`: each thread's own attributes (by actor). Not
    /// shared: reading or writing one is no step, and what a thread stores
    /// there no other thread can reach through it.
    Local(Vec<(u32, Vec<(u32, Value)>)>),
    Slice(Option<i64>, Option<i64>, Option<i64>),
    /// A generator: the frame of its function between two items.
    Generator(Box<super::vm::Gen>),
    Free,
}

#[derive(Clone, Debug, Hash)]
pub struct ThreadObj {
    pub target: Value,
    pub args: Vec<Value>,
    pub kwargs: Vec<(Arc<str>, Value)>,
    pub name: Arc<str>,
    pub daemon: bool,
    pub actor: Option<ActorId>,
    /// The event its end sets (what `join` waits for).
    pub done: Option<ObjId>,
    /// The instance this thread is, for a class deriving from
    /// `threading.Thread` (its `run()` is what `start()` runs).
    pub owner: Option<u32>,
}

#[derive(Clone, Debug, Hash)]
pub struct Cell {
    pub obj: Obj,
    pub shared: bool,
}
