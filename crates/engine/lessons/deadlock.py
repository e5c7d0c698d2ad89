# Deadlock (seed 004 section 16.6.1, demonstrate_deadlock and
# avoid_deadlock_with_ordered_locks): task1 holds lock_a and waits for
# lock_b while task2 holds lock_b and waits for lock_a. With more than two
# philosophers, each takes its own fork, then the next one: the same cycle,
# longer. The fixes: take the locks in one global order (ordered), or take
# the second with a timeout and on failure release the first, back off and
# retry (timeout).
import threading
import time

from interleave import param, report

PHILOSOPHERS = param("philosophers", 2, low=2, high=8)
STRATEGY = param("strategy", "naive", choices=["naive", "ordered", "timeout"])

HOLD = 0.1  # the notes' time.sleep(0.1) with the first lock held
TIMEOUT = 0.05  # acquire(timeout=...) of the second lock
ROUNDS = 1  # how many times each worker takes both locks

if PHILOSOPHERS == 2:
    lock_a = threading.Lock()  # the notes' two locks
    lock_b = threading.Lock()
    locks = [lock_a, lock_b]
    lock_names = ["lock_a", "lock_b"]
else:
    forks = [threading.Lock() for _ in range(PHILOSOPHERS)]  # fork i between philosophers i-1 and i
    locks = forks
    lock_names = [f"forks[{i}]" for i in range(PHILOSOPHERS)]
meals = []  # one entry each time a worker holds both locks
retries = []  # one entry each time a worker backs off (timeout strategy)


def task(name, first, second, backoff):
    for _ in range(ROUNDS):
        if STRATEGY == "timeout":
            while True:
                with locks[first]:
                    time.sleep(HOLD)
                    print(f"{name}: 等待{lock_names[second]}...")
                    ok = locks[second].acquire(timeout=TIMEOUT)
                    if ok:
                        print(f"{name}: 获得{lock_names[second]}")
                        meals.append(name)
                        locks[second].release()
                        break
                retries.append(name)  # gave lock_names[first] back
                time.sleep(backoff)
        else:
            with locks[first]:
                time.sleep(HOLD)
                print(f"{name}: 等待{lock_names[second]}...")
                with locks[second]:
                    print(f"{name}: 获得{lock_names[second]}")
                    meals.append(name)


threads = []
for i in range(PHILOSOPHERS):
    first = i
    second = (i + 1) % PHILOSOPHERS
    if STRATEGY == "ordered" and first > second:
        first, second = second, first  # the lower-numbered lock first
    if PHILOSOPHERS == 2:
        name = f"task{i + 1}"
    else:
        name = f"philosopher{i}"
    backoff = (20 + 15 * i) / 1000
    threads.append(threading.Thread(target=task, args=(name, first, second, backoff), name=name))
for t in threads:
    t.start()
for t in threads:
    t.join()  # naive: never returns (the playground reports the deadlock)

if STRATEGY == "timeout":
    print(f"retries: {len(retries)}")
    report("retries", len(retries), label="retries (timeout strategy)")
assert len(meals) == PHILOSOPHERS * ROUNDS, "every worker gets both locks every round"
