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
# - No terminate(), kill(), Pool, Manager or shared_memory yet.
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
        self._thread, self.pid = _start_process(self.name, _bootstrap, payload)
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
