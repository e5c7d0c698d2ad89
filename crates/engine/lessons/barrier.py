# Barrier phases (seed 004 section 16.2.2, threading.Barrier,
# parallel_computation): each worker's phase lasts a random time; nobody
# starts phase k+1 before everyone has finished phase k, so the fastest
# worker waits for the slowest, phase after phase.
import threading
import time
import random
import logging

from interleave import param, report

WORKERS = param("workers", 4, low=1, high=16, explore=2)
PHASES = param("phases", 2, low=1, high=10)

PHASE_MS = (50, 150)  # the shortest and longest phase (the notes' 0.5 to 1.5 s, / 10)

logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(threadName)s] %(message)s")

# Every phase's duration, drawn before the workers start (worker by worker).
durations = []
for w in range(WORKERS):
    durations.append([random.randint(PHASE_MS[0], PHASE_MS[1]) / 1000 for _ in range(PHASES)])
finished = []  # one entry per phase a worker has finished
early = []  # one entry each time a worker starts a phase too soon
arrivals = [[] for _ in range(PHASES)]  # when each worker reached the barrier, phase by phase


def parallel_computation(worker_id, barrier):
    for k in range(PHASES):
        if k > 0:
            if len(finished) < k * WORKERS:  # someone is still in phase k
                early.append(worker_id)
        phase_time = durations[worker_id][k]
        logging.info(f"Worker-{worker_id} 阶段{k + 1} (耗时{phase_time:.2f}s)")
        time.sleep(phase_time)
        finished.append(worker_id)
        logging.info(f"Worker-{worker_id} 等待其他worker完成阶段{k + 1}")
        arrivals[k].append(time.perf_counter())
        barrier.wait()
    logging.info(f"Worker-{worker_id} 全部完成")


barrier = threading.Barrier(WORKERS)
threads = [
    threading.Thread(target=parallel_computation, args=(i, barrier), name=f"worker{i}")
    for i in range(WORKERS)
]
for t in threads:
    t.start()
for t in threads:
    t.join()

for k in range(PHASES):
    waited = round((max(arrivals[k]) - min(arrivals[k])) * 1000)
    report(f"phase_{k + 1}_wait_ms", waited, label=f"phase {k + 1}: the first to arrive waited (ms)")

assert len(early) == 0, "no worker starts phase k+1 before every worker finished phase k"
assert len(finished) == WORKERS * PHASES, "every worker finishes every phase"
