import threading
import time

def timer(fn):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        result = fn(*args, **kwargs)
        took = time.perf_counter() - start
        print(f"{fn.__name__} took {'no' if took < 10 else 'much'} time")
        return result
    return wrapper

@timer
def add(a, b, scale=1):
    return (a + b) * scale

print(add(1, 2), add(1, 2, scale=3), add(*[4, 5]), add(**{"a": 1, "b": 1}))

def show(first, *rest, **named):
    return first, rest, sorted(named.items())

print(show(1), show(1, 2, 3), show(1, x=2, y=3), show(*range(4), **{"k": "v"}))

def log_call(fn, *args, **kwargs):
    return fn(*args, **kwargs)

print(log_call(max, 3, 9, 4), log_call(sorted, [3, 1, 2], reverse=True), log_call(show, 0, z=1))
lock = threading.Lock()
results = []
def locked(fn):
    def inner(*args):
        with lock:
            results.append(fn(*args))
    return inner

@locked
def square(n):
    return n * n

ts = [threading.Thread(target=square, args=(i,)) for i in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(results))
f = lambda *xs: sum(xs)
print(f(1, 2, 3), f())
for bad in [lambda: show(), lambda: add(1, 2, 3, 4), lambda: add(1, 2, c=3), lambda: show(**{1: 2}), lambda: add(*3)]:
    try:
        bad()
    except TypeError as e:
        print("TypeError")
