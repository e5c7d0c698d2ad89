# asyncio, as the playground runs it: CPython's design (Lib/asyncio: an
# event loop of ready callbacks and timers, futures, and tasks that drive
# coroutines with send() and throw()), written in the playground's Python.
# The loop runs in the thread that called asyncio.run(), and all its tasks
# with it: a task runs until it awaits, and a blocking call (time.sleep, a
# long loop) holds every task up, which is the lesson. The loop's clock is
# time.monotonic(), virtual on the simulator; when nothing is ready it waits
# on a threading.Event until its next timer (or, with no timer and nothing
# to wake it, for ever: the run ends as a deadlock, where CPython would
# hang). The running loop and task are the thread's own (threading.local),
# as in CPython.
#
# What differs from CPython, and why:
# - Keyword-only parameters are not in the subset: gather() and the others
#   read return_exceptions= and the like from **options.
# - A TaskGroup's errors come as one ExceptionGroup of this module (the
#   playground has no except*).
# - Each task tells the page what it is doing (_task_row, _task_state:
#   ready, running, sleeping on a timer, waiting for a future, and how it
#   ended), for its row in the timeline; the calls change nothing else.
import threading
import time
from interleave import _task_row, _task_state

class CancelledError(BaseException):
    pass


TimeoutError = TimeoutError


class InvalidStateError(Exception):
    pass


class QueueEmpty(Exception):
    pass


class QueueFull(Exception):
    pass


class ExceptionGroup(Exception):
    def __init__(self, message, exceptions):
        super().__init__(f"{message} ({len(exceptions)} sub-exception{'s' if len(exceptions) > 1 else ''})")
        self.message = message
        self.exceptions = tuple(exceptions)


_running = threading.local()
# The clock's resolution: a millisecond, as the simulator's virtual time.
_CLOCK_RESOLUTION = 0.001
_PENDING = "PENDING"
_CANCELLED = "CANCELLED"
_FINISHED = "FINISHED"


def get_running_loop():
    loop = getattr(_running, "loop", None)
    if loop is None:
        raise RuntimeError("no running event loop")
    return loop


def get_event_loop():
    return get_running_loop()


def current_task(loop=None):
    return getattr(_running, "task", None)


def all_tasks(loop=None):
    loop = loop or get_running_loop()
    return set(t for t in loop._tasks if not t.done())


def _iscoroutine(obj):
    return type(obj).__name__ == "coroutine"


class Handle:
    def __init__(self, callback, args, when=None):
        self._callback = callback
        self._args = args
        self._cancelled = False
        self._when = when

    def cancel(self):
        self._cancelled = True

    def cancelled(self):
        return self._cancelled

    def when(self):
        return self._when


class _Loop:
    def __init__(self):
        self._ready = []
        self._scheduled = []
        self._tasks = []
        self._task_numbers = 0
        self._wakeup = threading.Event()
        self._default_executor = None

    def time(self):
        return time.monotonic()

    def call_soon(self, callback, *args):
        handle = Handle(callback, args)
        self._ready.append(handle)
        return handle

    def call_soon_threadsafe(self, callback, *args):
        handle = self.call_soon(callback, *args)
        self._wakeup.set()
        return handle

    def call_later(self, delay, callback, *args):
        return self.call_at(self.time() + delay, callback, *args)

    def call_at(self, when, callback, *args):
        handle = Handle(callback, args, when)
        k = len(self._scheduled)
        while k > 0 and self._scheduled[k - 1]._when > when:
            k -= 1
        self._scheduled.insert(k, handle)
        return handle

    def create_future(self):
        return Future(loop=self)

    def create_task(self, coro, name=None):
        if not _iscoroutine(coro):
            raise TypeError(f"a coroutine was expected, got {coro!r}")
        task = Task(coro, loop=self, name=name)
        self._tasks.append(task)
        return task

    def run_in_executor(self, executor, func, *args):
        # `func` runs on a thread of the pool (a default one of the loop's
        # when None); the future it gives is the loop's, set from that
        # thread through call_soon_threadsafe (which wakes the loop).
        if executor is None:
            if self._default_executor is None:
                import concurrent.futures
                self._default_executor = concurrent.futures.ThreadPoolExecutor(thread_name_prefix="asyncio")
            executor = self._default_executor
        done = executor.submit(func, *args)
        future = self.create_future()

        def copy_state(source):
            if future.cancelled():
                return
            exc = source.exception()
            if exc is not None:
                future.set_exception(exc)
            else:
                future.set_result(source.result())

        done.add_done_callback(lambda source: self.call_soon_threadsafe(copy_state, source))
        return future

    def shutdown_default_executor(self):
        if self._default_executor is not None:
            self._default_executor.shutdown(wait=True)
            self._default_executor = None

    def _run_once(self):
        while self._scheduled and self._scheduled[0]._cancelled:
            self._scheduled.pop(0)
        if not self._ready:
            # Nothing to run: wait for the next timer (or a wake-up).
            timeout = None
            if self._scheduled:
                timeout = self._scheduled[0]._when - self.time()
            if timeout is None or timeout >= _CLOCK_RESOLUTION:
                self._wakeup.wait(timeout)
            self._wakeup.clear()
        # (As CPython's: a timer within the clock's resolution is due.)
        end_time = self.time() + _CLOCK_RESOLUTION
        while self._scheduled and self._scheduled[0]._when < end_time:
            handle = self._scheduled.pop(0)
            if not handle._cancelled:
                self._ready.append(handle)
        # As CPython's (a deque it pops from the left): the ready list is
        # never swapped for a new one, since call_soon_threadsafe appends to
        # it from other threads; one swapped after a thread read it would
        # lose that thread's callback, and the loop would wait for ever.
        for _ in range(len(self._ready)):
            handle = self._ready.pop(0)
            if not handle._cancelled:
                handle._callback(*handle._args)

    def run_until_complete(self, future):
        future = ensure_future(future, loop=self)
        while not future.done():
            self._run_once()
        return future.result()


class Future:
    # The rows of the tasks that await it (made ready when it is done), and
    # whether it is a sleep's timer.
    _awaited_by = None
    _sleep = False

    def __init__(self, loop=None):
        self._loop = loop or get_running_loop()
        self._state = _PENDING
        self._result = None
        self._exception = None
        self._callbacks = []

    def _schedule_callbacks(self):
        if self._awaited_by is not None:
            for row in self._awaited_by:
                _task_state(row, "ready")
        callbacks = self._callbacks
        self._callbacks = []
        for callback in callbacks:
            self._loop.call_soon(callback, self)

    def get_loop(self):
        return self._loop

    def cancel(self, msg=None):
        if self._state != _PENDING:
            return False
        self._state = _CANCELLED
        self._schedule_callbacks()
        return True

    def cancelled(self):
        return self._state == _CANCELLED

    def done(self):
        return self._state != _PENDING

    def result(self):
        if self._state == _CANCELLED:
            raise CancelledError()
        if self._state != _FINISHED:
            raise InvalidStateError("Result is not set.")
        if self._exception is not None:
            raise self._exception
        return self._result

    def exception(self):
        if self._state == _CANCELLED:
            raise CancelledError()
        if self._state != _FINISHED:
            raise InvalidStateError("Exception is not set.")
        return self._exception

    def add_done_callback(self, fn):
        if self._state != _PENDING:
            self._loop.call_soon(fn, self)
        else:
            self._callbacks.append(fn)

    def remove_done_callback(self, fn):
        n = len(self._callbacks)
        self._callbacks = [f for f in self._callbacks if f != fn]
        return n - len(self._callbacks)

    def set_result(self, result):
        if self._state != _PENDING:
            raise InvalidStateError(f"{self._state}: {self!r}")
        self._result = result
        self._state = _FINISHED
        self._schedule_callbacks()

    def set_exception(self, exception):
        if self._state != _PENDING:
            raise InvalidStateError(f"{self._state}: {self!r}")
        self._exception = exception
        self._state = _FINISHED
        self._schedule_callbacks()

    def __await__(self):
        if not self.done():
            yield self
        if not self.done():
            raise RuntimeError("await wasn't used with future")
        return self.result()


class Task(Future):
    def __init__(self, coro, loop=None, name=None):
        super().__init__(loop=loop)
        self._coro = coro
        self._fut_waiter = None
        self._must_cancel = False
        self._loop._task_numbers += 1
        self._name = name if name is not None else f"Task-{self._loop._task_numbers}"
        self._row = _task_row(self._name, coro)
        self._loop.call_soon(self._step, None)

    def get_name(self):
        return self._name

    def set_name(self, value):
        self._name = str(value)

    def get_coro(self):
        return self._coro

    def cancel(self, msg=None):
        if self.done():
            return False
        if self._fut_waiter is not None:
            if self._fut_waiter.cancel():
                return True
        self._must_cancel = True
        return True

    def _step(self, exc):
        if self.done():
            return
        if self._must_cancel:
            exc = CancelledError()
            self._must_cancel = False
        self._fut_waiter = None
        _running.task = self
        _task_state(self._row, "running")
        try:
            if exc is None:
                result = self._coro.send(None)
            else:
                result = self._coro.throw(exc)
        except StopIteration as e:
            if self._must_cancel:
                self._must_cancel = False
                _task_state(self._row, "cancelled")
                super().cancel()
            else:
                _task_state(self._row, "done")
                super().set_result(e.value)
        except CancelledError:
            _task_state(self._row, "cancelled")
            super().cancel()
        except BaseException as e:
            _task_state(self._row, "failed")
            super().set_exception(e)
        else:
            if result is None:
                # A bare yield (asyncio.sleep(0)): run again soon.
                _task_state(self._row, "ready")
                self._loop.call_soon(self._step, None)
            elif isinstance(result, Future):
                self._fut_waiter = result
                _task_state(self._row, "sleeping" if result._sleep else "waiting")
                if result._awaited_by is None:
                    result._awaited_by = [self._row]
                else:
                    result._awaited_by.append(self._row)
                result.add_done_callback(self._wakeup)
                if self._must_cancel:
                    if result.cancel():
                        self._must_cancel = False
            else:
                _task_state(self._row, "ready")
                self._loop.call_soon(self._step, RuntimeError(f"Task got bad yield: {result!r}"))
        finally:
            _running.task = None

    def _wakeup(self, future):
        try:
            future.result()
        except BaseException as e:
            self._step(e)
        else:
            self._step(None)


def ensure_future(obj, loop=None):
    if isinstance(obj, Future):
        return obj
    loop = loop or get_running_loop()
    if _iscoroutine(obj):
        return loop.create_task(obj)
    return loop.create_task(_wrap_awaitable(obj))


async def _wrap_awaitable(awaitable):
    return await awaitable


async def to_thread(func, *args, **kwargs):
    return await get_running_loop().run_in_executor(None, lambda: func(*args, **kwargs))


def create_task(coro, name=None):
    return get_running_loop().create_task(coro, name=name)


def run(main, debug=None):
    if getattr(_running, "loop", None) is not None:
        raise RuntimeError("asyncio.run() cannot be called from a running event loop")
    if not _iscoroutine(main):
        raise ValueError(f"a coroutine was expected, got {main!r}")
    loop = _Loop()
    _running.loop = loop
    try:
        return loop.run_until_complete(main)
    finally:
        # As CPython's: the tasks still pending are cancelled and run to their end.
        pending = [t for t in loop._tasks if not t.done()]
        for t in pending:
            t.cancel()
        while any(not t.done() for t in pending):
            loop._run_once()
        loop.shutdown_default_executor()
        _running.loop = None


class _Sleep0:
    def __await__(self):
        yield


def _set_result_unless_cancelled(future, result):
    if not future.cancelled():
        future.set_result(result)


async def sleep(delay, result=None):
    if delay <= 0:
        await _Sleep0()
        return result
    loop = get_running_loop()
    future = loop.create_future()
    future._sleep = True
    handle = loop.call_later(delay, _set_result_unless_cancelled, future, result)
    try:
        return await future
    finally:
        handle.cancel()


def gather(*aws, **options):
    return_exceptions = options.get("return_exceptions", False)
    loop = get_running_loop()
    children = [ensure_future(a, loop=loop) for a in aws]
    outer = loop.create_future()
    if not children:
        outer.set_result([])
        return outer
    finished = [0]

    def on_child_done(fut):
        finished[0] += 1
        if outer.done():
            return
        if not return_exceptions:
            if fut.cancelled():
                outer.set_exception(CancelledError())
                return
            exc = fut.exception()
            if exc is not None:
                outer.set_exception(exc)
                return
        if finished[0] == len(children):
            results = []
            for f in children:
                if f.cancelled():
                    results.append(CancelledError())
                elif f.exception() is not None:
                    results.append(f.exception())
                else:
                    results.append(f.result())
            outer.set_result(results)

    for child in children:
        child.add_done_callback(on_child_done)
    return outer


def _release_waiter(waiter, *args):
    if not waiter.done():
        waiter.set_result(None)


async def _cancel_and_wait(fut):
    waiter = fut._loop.create_future()
    fut.add_done_callback(lambda f: _release_waiter(waiter))
    try:
        fut.cancel()
        await waiter
    finally:
        fut.remove_done_callback(_release_waiter)


async def wait_for(fut, timeout):
    if timeout is None:
        return await fut
    loop = get_running_loop()
    fut = ensure_future(fut, loop=loop)
    if timeout <= 0:
        if fut.done():
            return fut.result()
        await _cancel_and_wait(fut)
        raise TimeoutError()
    waiter = loop.create_future()
    handle = loop.call_later(timeout, _release_waiter, waiter)
    fut.add_done_callback(lambda f: _release_waiter(waiter))
    try:
        try:
            await waiter
        except CancelledError:
            fut.cancel()
            raise
        if fut.done():
            return fut.result()
        await _cancel_and_wait(fut)
        raise TimeoutError()
    finally:
        handle.cancel()


async def _wait_done(fut):
    # Waits for `fut` to end, without raising what it raised.
    if fut.done():
        return
    waiter = fut._loop.create_future()
    fut.add_done_callback(lambda f: _release_waiter(waiter))
    await waiter


def as_completed(fs, timeout=None):
    loop = get_running_loop()
    todo = [ensure_future(f, loop=loop) for f in fs]
    done = Queue()
    timeout_handle = None

    def on_timeout():
        for f in todo:
            f.remove_done_callback(on_completion)
            done.put_nowait(None)
        todo.clear()

    def on_completion(f):
        if not todo:
            return
        todo.remove(f)
        done.put_nowait(f)
        if not todo and timeout_handle is not None:
            timeout_handle.cancel()

    async def wait_for_one():
        f = await done.get()
        if f is None:
            raise TimeoutError()
        return f.result()

    for f in todo:
        f.add_done_callback(on_completion)
    if todo and timeout is not None:
        timeout_handle = loop.call_later(timeout, on_timeout)
    return [wait_for_one() for _ in range(len(todo))]


async def _wait_turn(prim):
    # A Lock's or Semaphore's wait: a future in its waiters until it is
    # given a turn; cancelled, the primitive passes on what it gave.
    fut = get_running_loop().create_future()
    prim._waiters.append(fut)
    try:
        try:
            await fut
        finally:
            prim._waiters.remove(fut)
    except CancelledError:
        prim._gave_up(fut)
        raise


class Lock:
    def __init__(self):
        self._locked = False
        self._waiters = []

    def locked(self):
        return self._locked

    async def acquire(self):
        if not self._locked and all(w.cancelled() for w in self._waiters):
            self._locked = True
            return True
        await _wait_turn(self)
        self._locked = True
        return True

    def _gave_up(self, fut):
        # A waiter cancelled: the lock, if free, goes to the next.
        if not self._locked:
            self._wake_up_first()

    def release(self):
        if not self._locked:
            raise RuntimeError("Lock is not acquired.")
        self._locked = False
        self._wake_up_first()

    def _wake_up_first(self):
        for fut in self._waiters:
            if not fut.done():
                fut.set_result(True)
                return

    async def __aenter__(self):
        await self.acquire()
        return None

    async def __aexit__(self, exc_type, exc, tb):
        self.release()


class Event:
    def __init__(self):
        self._waiters = []
        self._value = False

    def is_set(self):
        return self._value

    def set(self):
        if not self._value:
            self._value = True
            for fut in self._waiters:
                if not fut.done():
                    fut.set_result(True)

    def clear(self):
        self._value = False

    async def wait(self):
        if self._value:
            return True
        fut = get_running_loop().create_future()
        self._waiters.append(fut)
        try:
            await fut
            return True
        finally:
            self._waiters.remove(fut)


class Semaphore:
    def __init__(self, value=1):
        if value < 0:
            raise ValueError("Semaphore initial value must be >= 0")
        self._value = value
        self._waiters = []

    def locked(self):
        return self._value == 0 or any(not w.cancelled() for w in self._waiters)

    async def acquire(self):
        if not self.locked():
            self._value -= 1
            return True
        await _wait_turn(self)
        return True

    def _gave_up(self, fut):
        # A waiter cancelled after its permit was given: the permit goes on.
        if fut.done() and not fut.cancelled():
            self._value += 1
            self._wake_up_next()

    def release(self):
        self._value += 1
        self._wake_up_next()

    def _wake_up_next(self):
        for fut in self._waiters:
            if not fut.done():
                self._value -= 1
                fut.set_result(True)
                return

    async def __aenter__(self):
        await self.acquire()
        return None

    async def __aexit__(self, exc_type, exc, tb):
        self.release()


class BoundedSemaphore(Semaphore):
    def __init__(self, value=1):
        self._bound_value = value
        super().__init__(value)

    def release(self):
        if self._value >= self._bound_value:
            raise ValueError("BoundedSemaphore released too many times")
        super().release()


class Queue:
    def __init__(self, maxsize=0):
        self._maxsize = maxsize
        self._items = []
        self._getters = []
        self._putters = []
        self._unfinished_tasks = 0
        self._finished = Event()
        self._finished.set()

    def _wakeup_next(self, waiters):
        while waiters:
            waiter = waiters.pop(0)
            if not waiter.done():
                waiter.set_result(None)
                break

    def qsize(self):
        return len(self._items)

    @property
    def maxsize(self):
        return self._maxsize

    def empty(self):
        return not self._items

    def full(self):
        if self._maxsize <= 0:
            return False
        return self.qsize() >= self._maxsize

    async def _wait_while(self, blocked, waiters):
        # Waits (as a future in `waiters`) while `blocked()`; a waiter that
        # is woken and then cancelled passes its turn on.
        while blocked():
            waiter = get_running_loop().create_future()
            waiters.append(waiter)
            try:
                await waiter
            except BaseException:
                waiter.cancel()
                if waiter in waiters:
                    waiters.remove(waiter)
                if not blocked() and not waiter.cancelled():
                    self._wakeup_next(waiters)
                raise

    async def put(self, item):
        await self._wait_while(self.full, self._putters)
        return self.put_nowait(item)

    def put_nowait(self, item):
        if self.full():
            raise QueueFull()
        self._items.append(item)
        self._unfinished_tasks += 1
        self._finished.clear()
        self._wakeup_next(self._getters)

    async def get(self):
        await self._wait_while(self.empty, self._getters)
        return self.get_nowait()

    def get_nowait(self):
        if self.empty():
            raise QueueEmpty()
        item = self._items.pop(0)
        self._wakeup_next(self._putters)
        return item

    def task_done(self):
        if self._unfinished_tasks <= 0:
            raise ValueError("task_done() called too many times")
        self._unfinished_tasks -= 1
        if self._unfinished_tasks == 0:
            self._finished.set()

    async def join(self):
        if self._unfinished_tasks > 0:
            await self._finished.wait()


class TaskGroup:
    def __init__(self):
        self._tasks = []
        self._errors = []
        self._aborting = False
        self._loop = None
        self._entered = False
        self._exiting = False

    async def __aenter__(self):
        if self._entered:
            raise RuntimeError(f"TaskGroup {self!r} has already been entered")
        self._entered = True
        self._loop = get_running_loop()
        self._parent_task = current_task()
        return self

    def create_task(self, coro, name=None):
        if not self._entered:
            raise RuntimeError(f"TaskGroup {self!r} has not been entered")
        if self._exiting and not self._tasks:
            raise RuntimeError(f"TaskGroup {self!r} is finished")
        if self._aborting:
            raise RuntimeError(f"TaskGroup {self!r} is shutting down")
        task = self._loop.create_task(coro, name=name)
        self._tasks.append(task)
        task.add_done_callback(self._on_task_done)
        return task

    def _abort(self):
        self._aborting = True
        for t in self._tasks:
            if not t.done():
                t.cancel()

    def _on_task_done(self, task):
        if task.cancelled():
            return
        exc = task.exception()
        if exc is None:
            return
        self._errors.append(exc)
        if not self._aborting:
            self._abort()
            if not self._exiting and self._parent_task is not None:
                # The body of the `async with` is cancelled too.
                self._parent_task.cancel()

    async def __aexit__(self, et, exc, tb):
        self._exiting = True
        if exc is not None and not isinstance(exc, CancelledError):
            self._errors.append(exc)
            if not self._aborting:
                self._abort()
        while any(not t.done() for t in self._tasks):
            for t in list(self._tasks):
                await _wait_done(t)
        if self._errors:
            errors = self._errors
            self._errors = []
            raise ExceptionGroup("unhandled errors in a TaskGroup", errors)
        return False


class Timeout:
    def __init__(self, when):
        self._when = when
        self._handle = None
        self._expired = False
        self._task = None

    def when(self):
        return self._when

    def expired(self):
        return self._expired

    def reschedule(self, when):
        if self._handle is not None:
            self._handle.cancel()
        self._when = when
        if when is not None and self._task is not None:
            self._handle = get_running_loop().call_at(when, self._on_timeout)

    async def __aenter__(self):
        self._task = current_task()
        if self._task is None:
            raise RuntimeError("Timeout should be used inside a task")
        self.reschedule(self._when)
        return self

    def _on_timeout(self):
        self._task.cancel()
        self._expired = True
        self._handle = None

    async def __aexit__(self, exc_type, exc, tb):
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        if self._expired and exc_type is CancelledError:
            raise TimeoutError()
        return False


def timeout(delay):
    loop = get_running_loop()
    return Timeout(None if delay is None else loop.time() + delay)


def timeout_at(when):
    return Timeout(when)
