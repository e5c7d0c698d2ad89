# Primes on k workers (seed 002 section 19.3, procs.py, PRIME_FIXTURE):
# workers take numbers from one job queue until the poison pill 0 and check
# each for primality. With gil=on a worker computes only while it holds one
# global lock (seed 004 section 16.1.2): the workers take turns.
import threading
import queue
import time

from interleave import param, is_prime, report

WORKERS = param("workers", 4, low=1, high=16, explore=2)
GIL = param("gil", "off", choices=["off", "on"])

PRIME_FIXTURE = [
    (2, True),
    (142702110479723, True),
    (299593572317531, True),
    (3333333333333301, True),
    (3333333333333333, False),
    (3333335652092209, False),
    (4444444444444423, True),
    (4444444444444444, False),
    (4444444488888889, False),
    (5555553133149889, False),
    (5555555555555503, True),
    (5555555555555555, False),
    (6666666666666666, False),
    (6666666666666719, True),
    (6666667141414921, False),
    (7777777536340681, False),
    (7777777777777753, True),
    (7777777777777777, False),
    (9999999999999917, True),
    (9999999999999999, False),
]

NUMBERS = [n for n, _ in PRIME_FIXTURE]

if GIL == "on":
    gil = threading.Lock()  # the global interpreter lock, written out
results = []  # (n, prime, elapsed, thread), in the order answered


def check(n):
    t0 = time.perf_counter()
    if GIL == "on":
        with gil:
            res = is_prime(n)
    else:
        res = is_prime(n)
    return (n, res, time.perf_counter() - t0, threading.current_thread().name)


def worker(jobs):
    n = jobs.get()
    while n != 0:  # 0 is the poison pill
        results.append(check(n))
        n = jobs.get()


jobs = queue.Queue()
for n in NUMBERS:
    jobs.put(n)
for _ in range(WORKERS):
    jobs.put(0)

print(f"Checking {len(NUMBERS)} numbers with {WORKERS} workers (GIL {GIL}):")
t0 = time.perf_counter()
threads = [threading.Thread(target=worker, args=(jobs,), name=f"worker{w}") for w in range(WORKERS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - t0
for n, prime, took, who in results:
    label = " "
    if prime:
        label = "P"
    print(f"{n:16}  {label} {took:9.6f}s")
print(f"{len(results)} checks in {elapsed:.2f}s")

found = len([r for r in results if r[1]])
for n, prime, took, who in sorted(results):
    kind = "composite"
    if prime:
        kind = "prime"
    report(f"{n}", f"{kind} · {took * 1000:.1f} ms · {who}")
report("numbers_checked", len(results))
report("primes_found", found)
assert found == 9, "9 of the 20 numbers are prime"
assert sorted([r[0] for r in results]) == sorted(NUMBERS), "every number is checked exactly once"
