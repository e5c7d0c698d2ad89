# A worker pool (seed 004 section 16.2.3, TaskQueue and WorkerPool): a fixed
# set of workers takes tasks from one queue until it meets the None sentinel;
# a task that raises is caught and logged, and the worker goes on. Every
# task is marked done (task_done), so wait_completion (the queue's join)
# returns when all are; every FAIL_EVERY-th task raises (0: none does).
import threading
import queue
import time
import logging

from interleave import param, report

JOBS = param("jobs", 10, low=1, high=100, explore=3)
WORKERS = param("workers", 3, low=1, high=16, explore=2)
FAIL_EVERY = param("fail_every", 4, low=0, high=20)

JOB_TIME = 0.03  # how long process_task takes

logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(threadName)s] %(message)s")


class TaskQueue:
    def __init__(self, maxsize=0):
        self._queue = queue.Queue(maxsize=maxsize)
        self._shutdown = threading.Event()

    def submit(self, task):
        if not self._shutdown.is_set():
            self._queue.put(task)
            return True
        return False

    def get(self, timeout=1.0):
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            return None

    def task_done(self):
        self._queue.task_done()

    def shutdown(self):
        self._shutdown.set()

    def join(self):
        self._queue.join()

    @property
    def size(self):
        return self._queue.qsize()


class WorkerPool:
    def __init__(self, num_workers, task_handler):
        self._task_queue = TaskQueue(maxsize=100)
        self._workers = []
        self._handler = task_handler
        for i in range(num_workers):
            t = threading.Thread(target=self._worker_loop, name=f"Worker-{i}", daemon=True)
            t.start()
            self._workers.append(t)

    def _worker_loop(self):
        while True:
            task = self._task_queue.get()
            if task is None:
                break
            try:
                self._handler(task)
                results.append(task)
            except Exception as e:
                logging.error(f"任务处理失败: {e}")
                errors.append(task)
            finally:
                self._task_queue.task_done()

    def submit(self, task):
        self._task_queue.submit(task)

    def wait_completion(self):
        self._task_queue.join()

    def shutdown(self):
        self._task_queue.shutdown()
        for _ in self._workers:
            self._task_queue._queue.put(None)
        for t in self._workers:
            t.join()


def process_task(task):
    task_id, data = task
    time.sleep(JOB_TIME)  # the notes: random.uniform(0.1, 0.5)
    if FAIL_EVERY > 0 and task_id % FAIL_EVERY == 0:
        raise ValueError(f"任务 {task_id} 出错")
    result = data * 2
    logging.info(f"任务 {task_id}: {data} → {result}")


results = []  # tasks processed
errors = []  # tasks that raised, reported on the error path

pool = WorkerPool(num_workers=WORKERS, task_handler=process_task)
for i in range(1, JOBS + 1):
    pool.submit((i, i * 10))
pool.wait_completion()
logging.info(f"所有任务完成: {len(results)} 个成功, {len(errors)} 个失败")
pool.shutdown()

report("processed", len(results), label="processed (jobs)")
report("failed", len(errors), label="reported failed (jobs)")
assert sorted(results + errors) == [(i, i * 10) for i in range(1, JOBS + 1)], "every job is processed or reported exactly once"
