# concurrent.futures, as the notes use it (001's pool.map and as_completed,
# 004's 16.2.5 thread pool) and as CPython documents it: submit, map,
# result and exception, done callbacks, as_completed, wait, cancel,
# shutdown, and the pool's thread names.
from concurrent.futures import ThreadPoolExecutor, as_completed, wait, FIRST_COMPLETED, ALL_COMPLETED
import concurrent.futures
import threading
import time


def craw(url):
    time.sleep(0.1)
    return f"<html of {url}>"


urls = [f"https://example.com/{i}" for i in range(5)]

# 001: map gives the results in the order of its arguments; as_completed
# gives each future as it finishes (their order is not fixed: sorted here).
# (The playground starts at most 16 threads in a run: small pools.)
with ThreadPoolExecutor(max_workers=3) as pool:
    for url, html in zip(urls, pool.map(craw, urls)):
        print(url, html)
    futures = {pool.submit(craw, url): url for url in urls}
    for future, url in futures.items():
        print(url, future.result())
    done = []
    for future in as_completed(futures):
        done.append(futures[future])
    print(sorted(done))

with concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="W") as ex:
    f = ex.submit(pow, 2, 10)
    print(f.result(), f.done(), f.cancelled(), f.exception(), f.running())
    g = ex.submit(lambda: 1 / 0)
    try:
        g.result()
    except ZeroDivisionError as e:
        print("raised", e)
    print(type(g.exception()).__name__)
    done, not_done = wait([f, g])
    print(len(done), len(not_done), f in done)
    names = ex.submit(lambda: threading.current_thread().name)
    print(names.result().startswith("W_"))

# Keyword arguments reach the function; results of map come as they are asked for.
def power(base, exp=2):
    return base ** exp


with ThreadPoolExecutor(max_workers=2) as pool:
    print(pool.submit(power, 3, exp=3).result(), list(pool.map(power, [1, 2, 3], [3, 2, 1])))

# A done callback runs once the future is done (at once if it is).
seen = []
with ThreadPoolExecutor(max_workers=1) as pool:
    f = pool.submit(power, 5)
    f.result()
    f.add_done_callback(lambda fut: seen.append(fut.result()))
print(seen)

# Timeouts: result() and as_completed() give up; wait() says what is left.
with ThreadPoolExecutor(max_workers=2) as pool:
    slow = pool.submit(time.sleep, 0.5)
    try:
        slow.result(timeout=0.05)
    except TimeoutError:
        print("result timed out", slow.done())
    quick = pool.submit(power, 7)
    done, not_done = wait([slow, quick], return_when=FIRST_COMPLETED)
    print("first completed:", [d.result() for d in done], len(not_done))
    try:
        for f in as_completed([slow], timeout=0.01):
            print("never")
    except TimeoutError as e:
        print("as_completed:", e)
    done, not_done = wait([slow, quick], return_when=ALL_COMPLETED)
    print(len(done), len(not_done))

# cancel() takes back a future that has not started; shutdown refuses more.
pool = ThreadPoolExecutor(max_workers=1)
blocker = threading.Event()
first = pool.submit(blocker.wait)
second = pool.submit(power, 2)
print("cancel:", second.cancel(), second.cancelled(), second.done())
blocker.set()
print(first.result(), second.cancelled())
pool.shutdown()
try:
    pool.submit(power, 2)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    ThreadPoolExecutor(max_workers=0)
except ValueError as e:
    print("ValueError:", e)
try:
    second.result()
except concurrent.futures.CancelledError:
    print("CancelledError")

# A pool the program never shuts down: its end waits for the work, as CPython's does.
def late_work(i):
    time.sleep(0.1)
    print("late work", i)


late = ThreadPoolExecutor(max_workers=1)
for i in range(3):
    late.submit(late_work, i)
print("main ends")
