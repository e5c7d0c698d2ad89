# concurrent.futures, as the playground runs it: CPython's own design
# (Lib/concurrent/futures/_base.py and thread.py), written in the
# playground's Python over its threading and queue, so that every lock,
# wait and queue operation in it is a step like the program's own and a
# search explores it as it does the program. The program's views show a
# thread inside this module at the line of the program that called it.
#
# What differs from CPython, and why:
# - max_workers defaults to 8 (CPython: os.cpu_count() + 4, at most 32):
#   the same pool on every machine, so that a link replays.
# - wait() returns a (done, not_done) tuple of sets, not a named tuple.
# - Keyword-only parameters are not in the subset: map() and the
#   functions below read timeout= from **options.
# - ProcessPoolExecutor is CPython's design cut down: max_workers (default
#   4, not the machine's cores, so that a link replays) processes started
#   by spawn at the first submit, a call queue and a result queue of
#   pickles between them, and one thread of the parent's that sets the
#   futures; a future cancelled after its call was queued still runs.
import itertools
import threading
import queue
import time
import logging
import multiprocessing

FIRST_COMPLETED = "FIRST_COMPLETED"
FIRST_EXCEPTION = "FIRST_EXCEPTION"
ALL_COMPLETED = "ALL_COMPLETED"

_PENDING = "PENDING"
_RUNNING = "RUNNING"
_CANCELLED = "CANCELLED"
_FINISHED = "FINISHED"

TimeoutError = TimeoutError


class Error(Exception):
    pass


class CancelledError(Error):
    pass


class InvalidStateError(Error):
    pass


class BrokenExecutor(RuntimeError):
    pass


class BrokenThreadPool(BrokenExecutor):
    pass


class _Waiter:
    # What as_completed() and wait() wait on: an event that a future sets
    # when it finishes.
    def __init__(self, first=False, stop_on_exception=False):
        self.event = threading.Event()
        self.lock = threading.Lock()
        self.finished_futures = []
        self.first = first
        self.stop_on_exception = stop_on_exception
        self.pending = 0

    def add(self, future, failed):
        with self.lock:
            self.finished_futures.append(future)
            self.pending -= 1
            if self.first or self.pending <= 0 or (failed and self.stop_on_exception):
                self.event.set()


class Future:
    def __init__(self):
        self._condition = threading.Condition()
        self._state = _PENDING
        self._result = None
        self._exception = None
        self._waiters = []
        self._done_callbacks = []

    def _invoke_callbacks(self):
        for callback in self._done_callbacks:
            try:
                callback(self)
            except Exception as e:
                logging.error(f"exception calling callback for {self!r}: {e!r}")

    def cancel(self):
        with self._condition:
            if self._state == _RUNNING or self._state == _FINISHED:
                return False
            if self._state == _CANCELLED:
                return True
            self._state = _CANCELLED
            for waiter in self._waiters:
                waiter.add(self, False)
            self._condition.notify_all()
        self._invoke_callbacks()
        return True

    def cancelled(self):
        with self._condition:
            return self._state == _CANCELLED

    def running(self):
        with self._condition:
            return self._state == _RUNNING

    def done(self):
        with self._condition:
            return self._state == _CANCELLED or self._state == _FINISHED

    def _get_result(self):
        if self._exception is not None:
            raise self._exception
        return self._result

    def add_done_callback(self, fn):
        with self._condition:
            if self._state != _CANCELLED and self._state != _FINISHED:
                self._done_callbacks.append(fn)
                return
        try:
            fn(self)
        except Exception as e:
            logging.error(f"exception calling callback for {self!r}: {e!r}")

    def result(self, timeout=None):
        with self._condition:
            if self._state == _CANCELLED:
                raise CancelledError()
            if self._state == _FINISHED:
                return self._get_result()
            self._condition.wait_for(lambda: self._state == _CANCELLED or self._state == _FINISHED, timeout)
            if self._state == _CANCELLED:
                raise CancelledError()
            if self._state == _FINISHED:
                return self._get_result()
            raise TimeoutError()

    def exception(self, timeout=None):
        with self._condition:
            if self._state == _CANCELLED:
                raise CancelledError()
            if self._state == _FINISHED:
                return self._exception
            self._condition.wait_for(lambda: self._state == _CANCELLED or self._state == _FINISHED, timeout)
            if self._state == _CANCELLED:
                raise CancelledError()
            if self._state == _FINISHED:
                return self._exception
            raise TimeoutError()

    def set_running_or_notify_cancel(self):
        with self._condition:
            if self._state == _CANCELLED:
                return False
            if self._state == _PENDING:
                self._state = _RUNNING
                return True
            raise RuntimeError("Future in unexpected state")

    def set_result(self, result):
        self._finish(result, None)

    def set_exception(self, exception):
        self._finish(None, exception)

    def _finish(self, result, exception):
        with self._condition:
            if self._state == _CANCELLED or self._state == _FINISHED:
                raise InvalidStateError(f"{self._state}: {self!r}")
            self._result = result
            self._exception = exception
            self._state = _FINISHED
            for waiter in self._waiters:
                waiter.add(self, exception is not None)
            self._condition.notify_all()
        self._invoke_callbacks()

def _deadline(options):
    timeout = options.get("timeout")
    if timeout is None:
        return None
    return time.monotonic() + timeout


def _left(end_time, pending, total):
    if end_time is None:
        return None
    left = end_time - time.monotonic()
    if left < 0:
        raise TimeoutError(f"{pending} (of {total}) futures unfinished")
    return left


def _unique(fs):
    out = []
    for f in fs:
        if f not in out:
            out.append(f)
    return out


def _split(fs, waiter=None):
    # The futures that have ended and the others (each of which `waiter`,
    # if given, now waits on), each judged under its own condition.
    done = []
    not_done = []
    for f in fs:
        with f._condition:
            if f._state == _CANCELLED or f._state == _FINISHED:
                done.append(f)
            else:
                if waiter is not None:
                    f._waiters.append(waiter)
                not_done.append(f)
    return done, not_done


def _forget(fs, waiter):
    for f in fs:
        with f._condition:
            if waiter in f._waiters:
                f._waiters.remove(waiter)


def as_completed(fs, **options):
    end_time = _deadline(options)
    fs = _unique(fs)
    total = len(fs)
    waiter = _Waiter(first=True)
    finished, pending = _split(fs, waiter)
    try:
        yield from finished
        while pending:
            waiter.event.wait(_left(end_time, len(pending), total))
            if not waiter.event.is_set():
                raise TimeoutError(f"{len(pending)} (of {total}) futures unfinished")
            with waiter.lock:
                finished = waiter.finished_futures
                waiter.finished_futures = []
                waiter.event.clear()
            for f in finished:
                pending.remove(f)
                yield f
    finally:
        _forget(fs, waiter)


def wait(fs, timeout=None, return_when=ALL_COMPLETED):
    fs = _unique(fs)
    done, not_done = _split(fs)
    failed = any(f._state == _FINISHED and f._exception is not None for f in done)
    if (return_when == FIRST_COMPLETED and done) or (return_when == FIRST_EXCEPTION and failed) or not not_done:
        return (set(done), set(not_done))
    waiter = _Waiter(first=return_when == FIRST_COMPLETED, stop_on_exception=return_when == FIRST_EXCEPTION)
    waiter.pending = len(not_done)
    for f in not_done:
        with f._condition:
            if f._state == _CANCELLED or f._state == _FINISHED:
                waiter.add(f, f._exception is not None)
            else:
                f._waiters.append(waiter)
    waiter.event.wait(timeout)
    _forget(not_done, waiter)
    with waiter.lock:
        done.extend(waiter.finished_futures)
    return (set(done), set(f for f in fs if f not in done))


class _WorkItem:
    def __init__(self, future, fn, args, kwargs):
        self.future = future
        self.fn = fn
        self.args = args
        self.kwargs = kwargs

    def run(self):
        if not self.future.set_running_or_notify_cancel():
            return
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:
            self.future.set_exception(exc)
        else:
            self.future.set_result(result)


# Every pool's threads and queues, told to end when the program does (as
# CPython's threading._register_atexit(_python_exit) does).
_threads_queues = []
_shutdown = False
_global_shutdown_lock = threading.Lock()


def _python_exit():
    global _shutdown
    with _global_shutdown_lock:
        _shutdown = True
    for t, q in _threads_queues:
        q.put(None)
    for t, q in _threads_queues:
        t.join()


def _initialized(initializer, initargs):
    # A pool's initializer, in the worker that runs it: False if it raised.
    if initializer is not None:
        try:
            initializer(*initargs)
        except BaseException as e:
            logging.error(f"Exception in initializer: {e!r}")
            return False
    return True


def _worker(executor, work_queue, initializer, initargs):
    if not _initialized(initializer, initargs):
        executor._initializer_failed()
        return
    while True:
        work_item = work_queue.get()
        if work_item is not None:
            work_item.run()
            work_item = None
            executor._idle_semaphore.release()
            continue
        # None: the pool or the program is shutting down. Wake the next worker.
        work_queue.put(None)
        return


_pool_numbers = itertools.count()


class Executor:
    # What both pools share (CPython's concurrent.futures.Executor).
    def map(self, fn, *iterables, **options):
        end_time = _deadline(options)
        fs = [self.submit(fn, *args) for args in zip(*iterables)]

        def result_iterator():
            try:
                fs.reverse()
                while fs:
                    if end_time is None:
                        yield fs.pop().result()
                    else:
                        yield fs.pop().result(end_time - time.monotonic())
            finally:
                for future in fs:
                    future.cancel()

        return result_iterator()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.shutdown(wait=True)
        return False


class ThreadPoolExecutor(Executor):
    def __init__(self, max_workers=None, thread_name_prefix="", initializer=None, initargs=()):
        if max_workers is None:
            max_workers = 8
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        self._max_workers = max_workers
        self._work_queue = queue.SimpleQueue()
        self._idle_semaphore = threading.Semaphore(0)
        self._threads = []
        self._broken = False
        self._shutdown = False
        self._shutdown_lock = threading.Lock()
        self._thread_name_prefix = thread_name_prefix or ("ThreadPoolExecutor-%d" % next(_pool_numbers))
        self._initializer = initializer
        self._initargs = initargs

    def submit(self, fn, *args, **kwargs):
        with self._shutdown_lock:
            if self._broken:
                raise BrokenThreadPool(self._broken)
            if self._shutdown:
                raise RuntimeError("cannot schedule new futures after shutdown")
            if _shutdown:
                raise RuntimeError("cannot schedule new futures after interpreter shutdown")
            f = Future()
            self._work_queue.put(_WorkItem(f, fn, args, kwargs))
            self._adjust_thread_count()
            return f

    def _adjust_thread_count(self):
        if self._idle_semaphore.acquire(timeout=0):
            return
        num_threads = len(self._threads)
        if num_threads < self._max_workers:
            name = "%s_%d" % (self._thread_name_prefix, num_threads)
            t = threading.Thread(name=name, target=_worker, args=(self, self._work_queue, self._initializer, self._initargs))
            t.start()
            self._threads.append(t)
            with _global_shutdown_lock:
                _threads_queues.append((t, self._work_queue))

    def _initializer_failed(self):
        with self._shutdown_lock:
            self._broken = "A thread initializer failed, the thread pool is not usable anymore"
            while True:
                try:
                    work_item = self._work_queue.get_nowait()
                except queue.Empty:
                    break
                if work_item is not None:
                    work_item.future.set_exception(BrokenThreadPool(self._broken))

    def shutdown(self, wait=True, cancel_futures=False):
        with self._shutdown_lock:
            self._shutdown = True
            if cancel_futures:
                while True:
                    try:
                        work_item = self._work_queue.get_nowait()
                    except queue.Empty:
                        break
                    if work_item is not None:
                        work_item.future.cancel()
            self._work_queue.put(None)
        if wait:
            for t in self._threads:
                t.join()


class BrokenProcessPool(BrokenExecutor):
    pass


def _process_worker(call_queue, result_queue, initializer, initargs):
    # A worker process: calls from the call queue, results (or the
    # exception) to the result queue, until a None says to end.
    if not _initialized(initializer, initargs):
        result_queue.put(("broken", None, None))
        return
    while True:
        call = call_queue.get()
        if call is None:
            result_queue.put(None)
            return
        work_id, fn, args, kwargs = call
        try:
            r = fn(*args, **kwargs)
        except BaseException as e:
            result_queue.put((work_id, None, e))
        else:
            result_queue.put((work_id, r, None))


_process_pool_numbers = itertools.count(1)


class _PoolEnding:
    def __init__(self, pool):
        self.pool = pool

    def put(self, item):
        self.pool.shutdown(wait=False)

    def join(self):
        self.pool.shutdown(wait=True)


class ProcessPoolExecutor(Executor):
    def __init__(self, max_workers=None, mp_context=None, initializer=None, initargs=()):
        if max_workers is None:
            max_workers = 4
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        self._max_workers = max_workers
        self._initializer = initializer
        self._initargs = initargs
        self._call_queue = multiprocessing.Queue()
        self._result_queue = multiprocessing.Queue()
        self._pending = {}
        self._work_ids = itertools.count()
        self._processes = []
        self._handler = None
        self._broken = False
        self._shutdown = False
        self._shutdown_lock = threading.Lock()

    def _start(self):
        for _ in range(self._max_workers):
            name = "SpawnProcess-%d" % next(_process_pool_numbers)
            p = multiprocessing.Process(
                target=_process_worker,
                args=(self._call_queue, self._result_queue, self._initializer, self._initargs),
                name=name,
            )
            p.start()
            self._processes.append(p)
        self._handler = threading.Thread(target=self._handle_results, name="ExecutorManagerThread")
        self._handler.start()
        # (Told to end with the program as a thread pool's are: put(None),
        # then join().)
        ending = _PoolEnding(self)
        with _global_shutdown_lock:
            _threads_queues.append((ending, ending))

    def _handle_results(self):
        ended = 0
        while ended < len(self._processes):
            r = self._result_queue.get()
            if r is None:
                ended += 1
                continue
            work_id, result, exc = r
            if work_id == "broken":
                ended += 1
                with self._shutdown_lock:
                    self._broken = "A child process terminated abruptly, the process pool is not usable anymore"
                for f in self._pending.values():
                    f.set_exception(BrokenProcessPool(self._broken))
                self._pending = {}
                continue
            f = self._pending.pop(work_id)
            if f.cancelled():
                continue
            if exc is None:
                f.set_result(result)
            else:
                f.set_exception(exc)

    def submit(self, fn, *args, **kwargs):
        with self._shutdown_lock:
            if self._broken:
                raise BrokenProcessPool(self._broken)
            if self._shutdown:
                raise RuntimeError("cannot schedule new futures after shutdown")
            if _shutdown:
                raise RuntimeError("cannot schedule new futures after interpreter shutdown")
            if self._handler is None:
                self._start()
            f = Future()
            work_id = next(self._work_ids)
            self._pending[work_id] = f
            f.set_running_or_notify_cancel()
            try:
                self._call_queue.put((work_id, fn, args, kwargs))
            except BaseException as e:
                # (What cannot be pickled fails the future, as CPython's
                # feeder thread does, not the submit.)
                self._pending.pop(work_id)
                f.set_exception(e)
            return f

    def shutdown(self, wait=True, cancel_futures=False):
        with self._shutdown_lock:
            if self._shutdown:
                started = False
            else:
                started = self._handler is not None
            self._shutdown = True
        if started:
            for _ in self._processes:
                self._call_queue.put(None)
        if wait and self._handler is not None:
            self._handler.join()
            for p in self._processes:
                p.join()
