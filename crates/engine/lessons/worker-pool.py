# A worker pool (seed 004 section 16.2.3, TaskQueue and WorkerPool): a fixed
# set of workers takes jobs from one queue until it meets the None sentinel;
# a job that raises is caught and logged, and the worker goes on. Jobs
# 1..JOBS and one sentinel per worker are queued before the workers start;
# every FAIL_EVERY-th job raises (0: none does).
import threading
import queue
import time
import logging

from interleave import param, report

JOBS = param("jobs", 10, low=1, high=100)
WORKERS = param("workers", 3, low=1, high=16)
FAIL_EVERY = param("fail_every", 4, low=0, high=20)

JOB_TIME = 0.03  # how long process_task takes

logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(threadName)s] %(message)s")


class TaskQueue:
    def __init__(self, maxsize=0):
        self._queue = queue.Queue(maxsize=maxsize)

    def submit(self, task):
        self._queue.put(task)

    def get(self):
        return self._queue.get()


class WorkerPool:
    def __init__(self, num_workers, task_handler, task_queue):
        self._task_queue = task_queue
        self._workers = []
        self._handler = task_handler
        for i in range(num_workers):
            t = threading.Thread(target=self._worker_loop, name=f"worker{i}")
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

    def shutdown(self):
        for t in self._workers:
            t.join()


def process_task(task):
    time.sleep(JOB_TIME)  # process(job)
    if FAIL_EVERY > 0 and task % FAIL_EVERY == 0:
        raise ValueError(f"任务 {task} 出错")
    logging.info(f"任务 {task} 完成")


results = []  # jobs processed
errors = []  # jobs that raised, reported on the error path

tasks = TaskQueue()
for job in range(1, JOBS + 1):
    tasks.submit(job)
for _ in range(WORKERS):
    tasks.submit(None)  # one sentinel per worker, queued before the workers start
pool = WorkerPool(num_workers=WORKERS, task_handler=process_task, task_queue=tasks)
pool.shutdown()
logging.info(f"所有任务完成: {len(results)} 个成功, {len(errors)} 个失败 {errors}")

report("processed", len(results), label="processed (jobs)")
report("failed", len(errors), label="reported failed (jobs)")
assert sorted(results + errors) == list(range(1, JOBS + 1)), "every job is processed or reported exactly once"
