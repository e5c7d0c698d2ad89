# multiprocessing, as the playground runs it: processes with memory of
# their own, where data crosses only by copy.
#
# A process starts as CPython's "spawn" start method starts one (the
# default on Windows and macOS): it runs the program again as __mp_main__,
# so what stands under `if __name__ == "__main__":` does not run, and its
# globals are its own; then it calls the target with arguments the parent
# pickled. Everything a process is given, sent or put crosses as a pickle
# (_pickle, _unpickle: py/process.rs), a copy made of plain values; a class
# or a function crosses by its name, found again in the receiver's globals.
# What the operating system shares between processes is shared here too:
# the queues, pipes, locks and Values below (each says _mp_shared), and
# nothing else.
#
# What differs from CPython, and why:
# - A process is a thread of the playground's interpreter with globals and
#   objects of its own; on Web Workers it shares the page's wasm memory,
#   which its code cannot reach (no object crosses but by copy).
# - Start methods: spawn only (fork would copy the parent's memory, locks
#   held by other threads included).
# - Queue.put() pickles at once, in the caller, and raises there what
#   cannot be pickled (CPython pickles in a feeder thread, which prints the
#   error and drops the item).
# - A Pipe's end closed in one process is closed in all (CPython gives
#   each process its own handle).
# - ctypes is only its type names (c_int, c_double, c_bool), as typecodes.
# - An Array is a list in memory the processes share (_share): indexing,
#   len() and list() work as CPython's; it has no get_lock() of its own.
# - Process numbers are the playground's: os.getpid() is 1000 in the
#   program's process, 1001, 1002, ... in its children.
# - A Manager's server is a process of the playground's, as CPython's is,
#   serving each connection (a process's thread) in a thread of its own;
#   dict(proxy) asks for items() in one call (CPython: keys(), then each).
# - A daemonic process is abandoned when the program ends (CPython
#   terminates it); the Manager's server is one.
# - Pool.terminate() lets each worker end after its task (CPython kills
#   them); no Process.terminate(), kill() or shared_memory yet.
import os
import threading
import queue
from interleave import _start_process, _pickle, _unpickle, _share


class PicklingError(Exception):
    # pickle's: what a lambda gives, which has no name to be found by.
    pass


def _dumps(obj):
    try:
        return _pickle(obj)
    except AttributeError as e:
        if str(e).startswith("Can't pickle <function <lambda>"):
            raise PicklingError(str(e))
        raise


class _Status:
    # What a child says of itself to its parent: its exit code.
    _mp_shared = True

    def __init__(self):
        self.exitcode = None


class _MainProcess:
    def __init__(self):
        self.name = "MainProcess"
        self.daemon = False
        self.pid = os.getpid()


_current = _MainProcess()
_started = 0
_children = []


class Process:
    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None, daemon=None):
        global _started
        _started += 1
        if name is None:
            if _current.name == "MainProcess":
                name = "Process-" + str(_started)
            else:
                name = _current.name + ":" + str(_started)
        self._target = target
        self._args = tuple(args)
        self._kwargs = {} if kwargs is None else dict(kwargs)
        self.name = name
        self.daemon = bool(daemon)
        self._thread = None
        self.pid = None
        self._status = _Status()

    def run(self):
        if self._target is not None:
            self._target(*self._args, **self._kwargs)

    def start(self):
        if self._thread is not None:
            raise AssertionError("cannot start a process twice")
        # CPython's spawn pickles the Process itself: its target, its
        # arguments and a subclass's run() cross by name.
        payload = _dumps(self)
        self._thread, self.pid = _start_process(self.name, _bootstrap, payload, self)
        _children.append(self)

    def join(self, timeout=None):
        if self._thread is None:
            raise AssertionError("can only join a started process")
        self._thread.join(timeout)

    def is_alive(self):
        return self._thread is not None and self._thread.is_alive()

    @property
    def exitcode(self):
        if self._thread is None or self._thread.is_alive():
            return None
        return self._status.exitcode

    def terminate(self):
        raise NotImplementedError("a process cannot be terminated in the playground; ask it to stop (an Event it checks)")

    def kill(self):
        self.terminate()

    def __repr__(self):
        if self._thread is None:
            state = "initial"
        elif self._thread.is_alive():
            state = "started"
        else:
            state = "stopped"
        return "<Process name='" + self.name + "' " + state + ">"


def _bootstrap(payload):
    # The child's main thread, after the module ran again as __mp_main__.
    global _current
    process = _unpickle(payload)
    process.pid = os.getpid()
    _current = process
    process._status.exitcode = 1
    process.run()
    process._status.exitcode = 0


def current_process():
    return _current


def cpu_count():
    # The playground's, on every device (os.cpu_count()): 4.
    return os.cpu_count()


def parent_process():
    return None


def active_children():
    return [p for p in _children if p.is_alive()]


def get_start_method(allow_none=False):
    return "spawn"


def get_all_start_methods():
    return ["spawn"]


def set_start_method(method, force=False):
    if method != "spawn":
        raise ValueError("the playground starts processes by spawn only (each runs the program again as __mp_main__)")


class Queue:
    _mp_shared = True

    def __init__(self, maxsize=0):
        self._q = queue.Queue(maxsize)

    def put(self, obj, block=True, timeout=None):
        self._q.put(_dumps(obj), block, timeout)

    def get(self, block=True, timeout=None):
        return _unpickle(self._q.get(block, timeout))

    def put_nowait(self, obj):
        self.put(obj, False)

    def get_nowait(self):
        return self.get(False)

    def empty(self):
        return self._q.empty()

    def full(self):
        return self._q.full()

    def qsize(self):
        return self._q.qsize()

    def close(self):
        pass

    def join_thread(self):
        pass


class JoinableQueue(Queue):
    def task_done(self):
        self._q.task_done()

    def join(self):
        self._q.join()


class SimpleQueue(Queue):
    def __init__(self):
        Queue.__init__(self, 0)


class _Buffer:
    # One direction of a pipe: pickles in order, and whether its writing
    # end is closed.
    def __init__(self):
        self._cond = threading.Condition()
        self._items = []
        self._open = True

    def push(self, item):
        with self._cond:
            self._items.append(item)
            self._cond.notify()

    def pop(self):
        with self._cond:
            while not self._items:
                if not self._open:
                    raise EOFError()
                self._cond.wait()
            return self._items.pop(0)

    def ready(self, timeout):
        with self._cond:
            if not self._items and self._open and (timeout is None or timeout > 0):
                self._cond.wait(timeout)
            return len(self._items) > 0 or not self._open

    def close(self):
        with self._cond:
            self._open = False
            self._cond.notify_all()


class Connection:
    _mp_shared = True

    def __init__(self, inbox, outbox):
        self._in = inbox
        self._out = outbox
        self.closed = False
        self.readable = inbox is not None
        self.writable = outbox is not None

    def send(self, obj):
        if self.closed:
            raise OSError("handle is closed")
        if self._out is None:
            raise OSError("connection is read-only")
        self._out.push(_dumps(obj))

    def recv(self):
        if self.closed:
            raise OSError("handle is closed")
        if self._in is None:
            raise OSError("connection is write-only")
        return _unpickle(self._in.pop())

    def poll(self, timeout=0.0):
        if self.closed:
            raise OSError("handle is closed")
        return self._in.ready(timeout)

    def close(self):
        if not self.closed:
            self.closed = True
            if self._out is not None:
                self._out.close()


def Pipe(duplex=True):
    a = _Buffer()
    if not duplex:
        return Connection(a, None), Connection(None, a)
    b = _Buffer()
    return Connection(a, b), Connection(b, a)


class Lock:
    _mp_shared = True

    def __init__(self):
        self._lock = threading.Lock()

    def acquire(self, block=True, timeout=None):
        if timeout is None:
            return self._lock.acquire(block)
        return self._lock.acquire(block, timeout)

    def release(self):
        self._lock.release()

    def __enter__(self):
        return self._lock.acquire()

    def __exit__(self, exc_type, exc_val, exc_tb):
        self._lock.release()


class RLock(Lock):
    def __init__(self):
        self._lock = threading.RLock()


class Semaphore(Lock):
    def __init__(self, value=1):
        self._lock = threading.Semaphore(value)


class BoundedSemaphore(Lock):
    def __init__(self, value=1):
        self._lock = threading.BoundedSemaphore(value)


class Event:
    _mp_shared = True

    def __init__(self):
        self._event = threading.Event()

    def set(self):
        self._event.set()

    def clear(self):
        self._event.clear()

    def is_set(self):
        return self._event.is_set()

    def wait(self, timeout=None):
        return self._event.wait(timeout)


class Value:
    # A number in memory the processes share (CPython: ctypes in shared
    # memory), with a lock of its own: value.value += 1 is a read and a
    # write, so without the lock processes lose updates, as threads do.
    _mp_shared = True

    def __init__(self, typecode_or_type, value=0, lock=True):
        self.value = _convert(typecode_or_type, value)
        if lock is True:
            lock = RLock()
        self._lock = lock

    def get_lock(self):
        if self._lock is False:
            raise AttributeError("this Value has no lock (lock=False)")
        return self._lock

    def get_obj(self):
        return self


def _convert(typecode, value):
    if typecode in ("f", "d"):
        return float(value)
    if typecode in ("b", "B", "h", "H", "i", "I", "l", "L", "q", "Q"):
        return int(value)
    if typecode == "?":
        return bool(value)
    raise TypeError("the playground takes a typecode ('i', 'd', '?') or ctypes.c_int, c_double, c_bool; got " + repr(typecode))


def Array(typecode_or_type, size_or_initializer, lock=True):
    if isinstance(size_or_initializer, int):
        items = [_convert(typecode_or_type, 0) for _ in range(size_or_initializer)]
    else:
        items = [_convert(typecode_or_type, x) for x in size_or_initializer]
    return _share(items)


def RawValue(typecode_or_type, value=0):
    # A Value with no lock of its own (the notes' CountdownTask flag).
    return Value(typecode_or_type, value, lock=False)


def RawArray(typecode_or_type, size_or_initializer):
    return Array(typecode_or_type, size_or_initializer, lock=False)


# Managers (CPython's multiprocessing.managers): a server process holds the
# objects, and a proxy in any process forwards each call to it over a
# connection of its thread's own, as a pickle; what comes back is a copy.
class _Namespace:
    # The server's object behind a Namespace proxy: its attributes.
    def __init__(self, attrs):
        self.attrs = attrs

    def __repr__(self):
        items = [k + "=" + repr(v) for k, v in self.attrs.items()]
        return "Namespace(" + ", ".join(items) + ")"


class _ServerValue:
    # The server's object behind a Manager's Value.
    def __init__(self, typecode, value):
        self._typecode = typecode
        self._value = value

    def get(self):
        return self._value

    def set(self, value):
        self._value = value

    def __repr__(self):
        return type(self).__name__ + "(" + repr(self._typecode) + ", " + repr(self._value) + ")"


_server_objects = []  # in the server's process: every object it holds
_server_connections = []


def _make(typeid, args):
    if typeid == "list":
        return list(*args)
    if typeid == "dict":
        return dict(*args)
    if typeid == "Namespace":
        return _Namespace(dict(args[0]))
    if typeid == "Value":
        return _ServerValue(*args)
    if typeid == "Lock":
        return threading.Lock()
    if typeid == "RLock":
        return threading.RLock()
    if typeid == "Semaphore":
        return threading.Semaphore(*args)
    if typeid == "BoundedSemaphore":
        return threading.BoundedSemaphore(*args)
    if typeid == "Event":
        return threading.Event()
    if typeid == "Queue":
        return queue.Queue(*args)
    raise ValueError("the playground's Manager has no type " + repr(typeid))


def _apply(obj, method, args, kwds):
    # One call a proxy forwarded, carried out on the server's object.
    if method == "__getitem__":
        return obj[args[0]]
    if method == "__setitem__":
        obj[args[0]] = args[1]
        return None
    if method == "__delitem__":
        del obj[args[0]]
        return None
    if method == "__len__":
        return len(obj)
    if method == "__contains__":
        return args[0] in obj
    if method == "__str__":
        return str(obj)
    if method == "__repr__":
        return repr(obj)
    if method == "__getattribute__":
        if args[0] not in obj.attrs:
            raise AttributeError("'Namespace' object has no attribute '" + args[0] + "'")
        return obj.attrs[args[0]]
    if method == "__setattr__":
        obj.attrs[args[0]] = args[1]
        return None
    if method == "_copy":
        return obj
    return getattr(obj, method)(*args, **kwds)


def _serve_client(conn):
    # A thread of the server's: one connection's calls, in order.
    while True:
        try:
            ident, method, args, kwds = conn.recv()
        except EOFError:
            return
        try:
            if ident is None:
                _server_objects.append(_make(method, args))
                reply = ("#RETURN", len(_server_objects) - 1)
            else:
                reply = ("#RETURN", _apply(_server_objects[ident], method, args, kwds))
        except Exception as e:
            reply = ("#ERROR", e)
        conn.send(reply)


def _run_server(listener):
    # The manager's process: it accepts connections until told to shut down.
    while True:
        request = listener.get()
        if request[0] == "shutdown":
            break
        conn = request[1]
        _server_connections.append(conn)
        threading.Thread(target=_serve_client, args=(conn,), daemon=True).start()
    # Each connection's thread reads its end, and ends (EOFError).
    for conn in _server_connections:
        conn._in.close()
        conn._out.close()


_connections = []  # in each process: (listener, thread ident, connection)


def _connection(listener):
    # This thread's connection to the manager that listens on `listener`.
    me = threading.get_ident()
    for l, t, c in _connections:
        if l is listener and t == me:
            return c
    mine, theirs = Pipe()
    listener.put(("connect", theirs))
    _connections.append((listener, me, mine))
    return mine


def _call(listener, ident, method, args=(), kwds=None):
    conn = _connection(listener)
    conn.send((ident, method, tuple(args), {} if kwds is None else kwds))
    kind, result = conn.recv()
    if kind == "#ERROR":
        raise result
    return result


class BaseProxy:
    def __init__(self, listener, ident, typeid):
        object.__setattr__(self, "_listener", listener)
        object.__setattr__(self, "_id", ident)
        object.__setattr__(self, "_typeid", typeid)

    def _callmethod(self, methodname, args=(), kwds=None):
        return _call(self._listener, self._id, methodname, args, kwds)

    def _getvalue(self):
        return self._callmethod("_copy")

    def __str__(self):
        return self._callmethod("__str__")

    def __repr__(self):
        return "<" + type(self).__name__ + " object, typeid '" + self._typeid + "'>"


class _ContainerProxy(BaseProxy):
    # What a list's and a dict's proxies both forward: obj[k], len, in.
    def __getitem__(self, k):
        return self._callmethod("__getitem__", (k,))

    def __setitem__(self, k, v):
        return self._callmethod("__setitem__", (k, v))

    def __delitem__(self, k):
        return self._callmethod("__delitem__", (k,))

    def __len__(self):
        return self._callmethod("__len__")

    def __contains__(self, x):
        return self._callmethod("__contains__", (x,))


class ListProxy(_ContainerProxy):
    def __iter__(self):
        # As CPython's, by index until IndexError: a call for each item.
        i = 0
        while True:
            try:
                x = self._callmethod("__getitem__", (i,))
            except IndexError:
                return
            yield x
            i += 1

    def append(self, x):
        return self._callmethod("append", (x,))

    def extend(self, xs):
        return self._callmethod("extend", (list(xs),))

    def insert(self, i, x):
        return self._callmethod("insert", (i, x))

    def pop(self, *args):
        return self._callmethod("pop", args)

    def remove(self, x):
        return self._callmethod("remove", (x,))

    def index(self, x):
        return self._callmethod("index", (x,))

    def count(self, x):
        return self._callmethod("count", (x,))

    def reverse(self):
        return self._callmethod("reverse")

    def sort(self, key=None, reverse=False):
        return self._callmethod("sort", (), {"key": key, "reverse": reverse})


class DictProxy(_ContainerProxy):
    def __iter__(self):
        return iter(self._callmethod("keys"))

    def get(self, k, default=None):
        return self._callmethod("get", (k, default))

    def keys(self):
        return self._callmethod("keys")

    def values(self):
        return self._callmethod("values")

    def items(self):
        return self._callmethod("items")

    def pop(self, *args):
        return self._callmethod("pop", args)

    def setdefault(self, k, default=None):
        return self._callmethod("setdefault", (k, default))

    def update(self, *args, **kwds):
        return self._callmethod("update", args, kwds)

    def clear(self):
        return self._callmethod("clear")

    def copy(self):
        return self._callmethod("copy")


class NamespaceProxy(BaseProxy):
    def __getattr__(self, key):
        if key[0] == "_":
            raise AttributeError("'NamespaceProxy' object has no attribute '" + key + "'")
        return self._callmethod("__getattribute__", (key,))

    def __setattr__(self, key, value):
        if key[0] == "_":
            return object.__setattr__(self, key, value)
        return self._callmethod("__setattr__", (key, value))


class ValueProxy(BaseProxy):
    def get(self):
        return self._callmethod("get")

    def set(self, value):
        return self._callmethod("set", (value,))

    # (`value` as CPython's property and its setter.)
    def __getattr__(self, key):
        if key == "value":
            return self._callmethod("get")
        raise AttributeError("'ValueProxy' object has no attribute '" + key + "'")

    def __setattr__(self, key, value):
        if key == "value":
            return self._callmethod("set", (value,))
        return object.__setattr__(self, key, value)


class AcquirerProxy(BaseProxy):
    def acquire(self, blocking=True, timeout=None):
        if timeout is None:
            return self._callmethod("acquire", (blocking,))
        return self._callmethod("acquire", (blocking, timeout))

    def release(self):
        return self._callmethod("release")

    def __enter__(self):
        return self._callmethod("acquire")

    def __exit__(self, exc_type, exc_val, exc_tb):
        return self._callmethod("release")


class EventProxy(BaseProxy):
    def is_set(self):
        return self._callmethod("is_set")

    def set(self):
        return self._callmethod("set")

    def clear(self):
        return self._callmethod("clear")

    def wait(self, timeout=None):
        return self._callmethod("wait", (timeout,))


class QueueProxy(BaseProxy):
    def put(self, obj, block=True, timeout=None):
        return self._callmethod("put", (obj, block, timeout))

    def get(self, block=True, timeout=None):
        return self._callmethod("get", (block, timeout))

    def put_nowait(self, obj):
        return self._callmethod("put", (obj, False))

    def get_nowait(self):
        return self._callmethod("get", (False,))

    def qsize(self):
        return self._callmethod("qsize")

    def empty(self):
        return self._callmethod("empty")

    def full(self):
        return self._callmethod("full")

    def task_done(self):
        return self._callmethod("task_done")

    def join(self):
        return self._callmethod("join")


class SyncManager:
    def __init__(self):
        self._listener = None
        self._process = None

    def start(self):
        if self._process is not None:
            raise RuntimeError("Manager has already been started")
        self._listener = Queue()
        self._process = Process(target=_run_server, args=(self._listener,), daemon=True)
        self._process.name = "SyncManager-" + str(_started)
        self._process.start()

    def shutdown(self):
        if self._process is not None and self._process.is_alive():
            self._listener.put(("shutdown",))
            self._process.join()

    def __enter__(self):
        if self._process is None:
            self.start()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.shutdown()

    def _create(self, typeid, proxytype, *args):
        if self._process is None:
            raise RuntimeError("the Manager is not started: use `with Manager() as manager:` or Manager()")
        ident = _call(self._listener, None, typeid, args)
        return proxytype(self._listener, ident, typeid)

    def list(self, sequence=()):
        return self._create("list", ListProxy, list(sequence))

    def dict(self, *args, **kwds):
        return self._create("dict", DictProxy, dict(*args, **kwds))

    def Namespace(self, **kwds):
        return self._create("Namespace", NamespaceProxy, kwds)

    def Value(self, typecode, value, lock=True):
        return self._create("Value", ValueProxy, typecode, value)

    def Lock(self):
        return self._create("Lock", AcquirerProxy)

    def RLock(self):
        return self._create("RLock", AcquirerProxy)

    def Semaphore(self, value=1):
        return self._create("Semaphore", AcquirerProxy, value)

    def BoundedSemaphore(self, value=1):
        return self._create("BoundedSemaphore", AcquirerProxy, value)

    def Event(self):
        return self._create("Event", EventProxy)

    def Queue(self, maxsize=0):
        return self._create("Queue", QueueProxy, maxsize)


def Manager():
    # CPython's Manager() starts its server at once.
    m = SyncManager()
    m.start()
    return m


# Pool (CPython's multiprocessing.pool): worker processes (daemonic, so they
# end with the program) take tasks from one queue and put results on
# another; a thread of the parent's hands each result to its AsyncResult. A
# map is cut into chunks, as CPython cuts it, each one task.
class TimeoutError(Exception):
    pass


def _pool_worker(inqueue, outqueue, initializer, initargs):
    if initializer is not None:
        initializer(*initargs)
    while True:
        task = inqueue.get()
        if task is None:
            return
        job, i, func, args, kwds = task
        try:
            result = (True, func(*args, **kwds))
        except Exception as e:
            result = (False, e)
        outqueue.put((job, i, result))


def _mapstar(func, chunk):
    return [func(x) for x in chunk]


def _starmapstar(func, chunk):
    return [func(*x) for x in chunk]


def _handle_results(outqueue, cache):
    # The parent's result handler: each result to the job waiting for it.
    while True:
        item = outqueue.get()
        if item is None:
            return
        job, i, result = item
        # (A map that failed is gone from the cache: its other chunks'
        # results are dropped, as CPython drops them.)
        if job in cache:
            cache[job]._set(i, result)


class ApplyResult:
    def __init__(self, pool, callback, error_callback):
        self._pool = pool
        self._job = pool._next_job()
        self._event = threading.Event()
        self._callback = callback
        self._error_callback = error_callback
        self._success = None
        self._value = None
        pool._cache[self._job] = self

    def ready(self):
        return self._event.is_set()

    def successful(self):
        if not self.ready():
            raise ValueError(repr(self) + " not ready")
        return self._success

    def wait(self, timeout=None):
        self._event.wait(timeout)

    def get(self, timeout=None):
        self.wait(timeout)
        if not self.ready():
            raise TimeoutError()
        if self._success:
            return self._value
        raise self._value

    def _set(self, i, obj):
        self._success, self._value = obj
        if self._callback is not None and self._success:
            self._callback(self._value)
        if self._error_callback is not None and not self._success:
            self._error_callback(self._value)
        self._event.set()
        del self._pool._cache[self._job]


AsyncResult = ApplyResult


class MapResult(ApplyResult):
    def __init__(self, pool, chunksize, length, callback, error_callback):
        ApplyResult.__init__(self, pool, callback, error_callback)
        self._success = True
        self._value = [None] * length
        self._chunksize = chunksize
        self._number_left = length // chunksize + (1 if length % chunksize else 0)
        if length == 0:
            self._number_left = 0
            self._event.set()
            del pool._cache[self._job]

    def _set(self, i, success_result):
        success, result = success_result
        if success and self._success:
            for k, x in enumerate(result):
                self._value[i * self._chunksize + k] = x
            self._number_left -= 1
            if self._number_left == 0:
                if self._callback is not None:
                    self._callback(self._value)
                del self._pool._cache[self._job]
                self._event.set()
        else:
            if self._success:
                self._success = False
                self._value = result
                if self._error_callback is not None:
                    self._error_callback(self._value)
                del self._pool._cache[self._job]
                self._event.set()


class _IMapResult:
    # The items of imap() and imap_unordered(), as they come.
    def __init__(self, pool, ordered):
        self._pool = pool
        self._job = pool._next_job()
        self._cond = threading.Condition()
        self._ordered = ordered
        self._items = {}
        self._arrived = []
        self._length = None
        pool._cache[self._job] = self

    def _set(self, i, obj):
        with self._cond:
            self._items[i] = obj
            self._arrived.append(i)
            self._cond.notify()

    def _results(self, chunksize):
        # A generator: the items in order (imap) or as they arrive.
        taken = 0
        while True:
            with self._cond:
                while True:
                    if self._length is not None and taken == self._length:
                        if self._job in self._pool._cache:
                            del self._pool._cache[self._job]
                        return
                    if self._ordered and taken in self._items:
                        k = taken
                        break
                    if not self._ordered and self._arrived:
                        k = self._arrived.pop(0)
                        break
                    self._cond.wait()
                success, value = self._items.pop(k)
            taken += 1
            if not success:
                raise value
            for x in value:
                yield x


class Pool:
    def __init__(self, processes=None, initializer=None, initargs=(), maxtasksperchild=None):
        if processes is None:
            processes = os.cpu_count() or 1
        if processes < 1:
            raise ValueError("Number of processes must be at least 1")
        self._processes = processes
        self._inqueue = SimpleQueue()
        self._outqueue = SimpleQueue()
        self._cache = {}
        self._jobs = 0
        self._state = "RUN"
        self._pool = []
        for _ in range(processes):
            _pool_workers[0] += 1
            w = Process(target=_pool_worker, args=(self._inqueue, self._outqueue, initializer, initargs),
                        name="SpawnPoolWorker-" + str(_pool_workers[0]), daemon=True)
            w.start()
            self._pool.append(w)
        self._handler = threading.Thread(target=_handle_results, args=(self._outqueue, self._cache), daemon=True)
        self._handler.start()

    def _next_job(self):
        self._jobs += 1
        return self._jobs - 1

    def _check_running(self):
        if self._state != "RUN":
            raise ValueError("Pool not running")

    def _put(self, result, i, func, args, kwds):
        try:
            self._inqueue.put((result._job, i, func, args, kwds))
        except Exception as e:
            # (What cannot be pickled fails its result, as CPython's task
            # handler does, not the call.)
            result._set(i, (False, e))

    def apply_async(self, func, args=(), kwds={}, callback=None, error_callback=None):
        self._check_running()
        result = ApplyResult(self, callback, error_callback)
        self._put(result, 0, func, tuple(args), dict(kwds))
        return result

    def apply(self, func, args=(), kwds={}):
        return self.apply_async(func, args, kwds).get()

    def _map_async(self, func, iterable, star, chunksize, callback, error_callback):
        self._check_running()
        items = list(iterable)
        if chunksize is None:
            chunksize, extra = divmod(len(items), len(self._pool) * 4)
            if extra:
                chunksize += 1
        if len(items) == 0:
            chunksize = 0
        chunksize = max(chunksize, 1)
        result = MapResult(self, chunksize, len(items), callback, error_callback)
        helper = _starmapstar if star else _mapstar
        for i in range(0, len(items), chunksize):
            self._put(result, i // chunksize, helper, (func, items[i:i + chunksize]), {})
        return result

    def map_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        return self._map_async(func, iterable, False, chunksize, callback, error_callback)

    def map(self, func, iterable, chunksize=None):
        return self._map_async(func, iterable, False, chunksize, None, None).get()

    def starmap_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        return self._map_async(func, iterable, True, chunksize, callback, error_callback)

    def starmap(self, func, iterable, chunksize=None):
        return self._map_async(func, iterable, True, chunksize, None, None).get()

    def _imap(self, func, iterable, chunksize, ordered):
        self._check_running()
        items = list(iterable)
        result = _IMapResult(self, ordered)
        n = 0
        for i in range(0, len(items), chunksize):
            self._put(result, i // chunksize, _mapstar, (func, items[i:i + chunksize]), {})
            n += 1
        with result._cond:
            result._length = n
            result._cond.notify()
        return result._results(chunksize)

    def imap(self, func, iterable, chunksize=1):
        return self._imap(func, iterable, chunksize, True)

    def imap_unordered(self, func, iterable, chunksize=1):
        return self._imap(func, iterable, chunksize, False)

    def close(self):
        if self._state == "RUN":
            self._state = "CLOSE"
            for _ in self._pool:
                self._inqueue.put(None)

    def terminate(self):
        # (CPython kills the workers; here each ends after its task, and
        # tasks not yet taken are dropped.)
        if self._state == "TERMINATE":
            return
        while not self._inqueue.empty():
            self._inqueue.get()
        self.close()
        self._state = "TERMINATE"
        self.join()

    def join(self):
        if self._state == "RUN":
            raise ValueError("Pool is still running")
        for w in self._pool:
            w.join()
        if self._handler.is_alive():
            self._outqueue.put(None)
            self._handler.join()

    def __enter__(self):
        self._check_running()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.terminate()


# How many pool workers this process has started (a list, not a global
# some function rebinds: such a global's every write is a step, and every
# process runs this line).
_pool_workers = [0]
