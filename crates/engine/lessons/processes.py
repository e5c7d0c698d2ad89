# A process has memory of its own (seed 004 section 16.3.1, seed 002
# section 19.1, seed 003 on multiprocessing): a child process that adds to
# a global adds to its own copy, and its parent's stays 0; threads share
# the one. Processes share what the system shares for them: a
# multiprocessing.Value (with a lock, or they lose updates as threads do)
# or a Queue, where each worker puts its count and what crosses is a copy.
# Each process runs this file again as __mp_main__ before its worker, so
# what is under `if __name__ == "__main__":` runs in the parent only.
import multiprocessing
import threading

from interleave import param, report

UNIT = param("unit", "process", choices=["process", "thread"])
SHARE = param("share", "global", choices=["global", "value", "queue"])
LOCK = param("lock", "yes", choices=["yes", "no"])
WORKERS = param("workers", 4, low=1, high=8, explore=2)
INCREMENTS = param("increments", 100, low=1, high=1000, explore=2)

count = 0  # the notes' global_var


def add_to_global(k, lock):
    global count
    for _ in range(k):
        if lock is None:
            count += 1
        else:
            with lock:
                count += 1
    who = multiprocessing.current_process().name if UNIT == "process" else threading.current_thread().name
    print(f"{who} 看到 count = {count}")


def add_to_value(k, value, use_lock):
    for _ in range(k):
        if use_lock:
            with value.get_lock():
                value.value += 1
        else:
            value.value += 1


def count_and_send(k, q):
    mine = 0
    for _ in range(k):
        mine += 1
    q.put(mine)


if __name__ == "__main__":
    lock = multiprocessing.Lock() if LOCK == "yes" else None
    value = multiprocessing.Value("i", 0)
    q = multiprocessing.Queue()
    if SHARE == "global":
        work, args = add_to_global, (INCREMENTS, lock)
    elif SHARE == "value":
        work, args = add_to_value, (INCREMENTS, value, LOCK == "yes")
    else:
        work, args = count_and_send, (INCREMENTS, q)
    Unit = multiprocessing.Process if UNIT == "process" else threading.Thread
    workers = [Unit(target=work, args=args, name=f"worker-{i}") for i in range(WORKERS)]
    for w in workers:
        w.start()
    if SHARE == "queue":
        total = sum(q.get() for _ in range(WORKERS))
    for w in workers:
        w.join()
    if SHARE == "global":
        total = count
    elif SHARE == "value":
        total = value.value
    expected = WORKERS * INCREMENTS
    print(f"主进程 count = {total}, 期望 {expected}")
    report("expected", expected, label="increments made")
    report("total", total, label="what the parent sees")
    assert total == expected, "every increment reaches the parent"
