# Generators, as the notes' chapter on coroutines (003) has them: yield,
# next(), send(), yield from, throw() and close(), and generators given to
# for loops, list(), sum(), join() and threads.
import threading
import queue


def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return "done"


for x in count_up(3):
    print("for", x)
g = count_up(2)
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("stop", e.value, e.args)
print(next(g, "over"), list(g))
print(list(count_up(5)), sum(count_up(5)), sorted(count_up(4), reverse=True))
print(next(count_up(0), "empty"), type(g).__name__)
print(", ".join(str(x) for x in count_up(3)), max(x * x for x in range(5)), any(x > 3 for x in count_up(5)))
print(dict(zip(count_up(3), "abc")), dict([("a", 1), ("b", 2)]), tuple(count_up(2)), set(count_up(3)))
for i, v in enumerate(count_up(3), 1):
    print(i, v)


# 003, 1: the averager, a coroutine made of a generator.
def averager():
    total = 0.0
    count = 0
    average = None
    while True:
        term = yield average
        total += term
        count += 1
        average = total / count


coro_avg = averager()
print(next(coro_avg))
print(coro_avg.send(10))
print(coro_avg.send(30))
print(coro_avg.send(5))


# 003, 2: yield from, PEP 380's grouper.
def averager2():
    total = 0.0
    count = 0
    average = None
    while True:
        term = yield
        if term is None:
            break
        total += term
        count += 1
        average = total / count
    return (count, average)


def grouper(results, key):
    while True:
        results[key] = yield from averager2()


data = {
    "girls;kg": [40.9, 38.5, 44.3, 42.2, 45.2, 41.7, 44.5, 38.0, 40.6, 44.5],
    "boys;m": [1.38, 1.5, 1.32, 1.25, 1.37, 1.48, 1.25, 1.49, 1.46, 1.49],
}


def main(data):
    results = {}
    for key, values in data.items():
        group = grouper(results, key)
        next(group)
        for value in values:
            group.send(value)
        group.send(None)
    for key in sorted(results):
        count, average = results[key]
        group, unit = key.split(";")
        print("{:2} {:5} averaging {:.2f}{}".format(count, group, average, unit))


main(data)


def chain(*iterables):
    for it in iterables:
        r = yield from it
    return r


print(list(chain([1, 2], "ab", count_up(2))))


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


f = fib()
print([next(f) for _ in range(10)])
for n in fib():
    if n > 50:
        break
    print(n, end=" ")
print()


# throw() and close(), also through a yield from.
def inner():
    try:
        try:
            while True:
                x = yield
                print("inner got", x)
        except ValueError as e:
            print("inner caught", e)
            yield "inner recovered"
    finally:
        print("inner finally")


def outer():
    r = yield from inner()
    print("outer after", r)


o = outer()
next(o)
o.send(1)
print(o.throw(ValueError("v")))
o.close()
o.close()
try:
    next(o)
except StopIteration:
    print("closed for good")


def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2


s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print("RuntimeError", e)


def bad():
    yield 1
    raise StopIteration


try:
    list(bad())
except RuntimeError as e:
    print("RuntimeError", e)

fresh = count_up(3)
try:
    fresh.send(5)
except TypeError as e:
    print("TypeError", e)
try:
    fresh.throw(KeyError("k"))
except KeyError as e:
    print("KeyError", e, list(fresh))


def handler():
    try:
        raise KeyError("in gen")
    except KeyError:
        yield 1
        raise


it = handler()
print(next(it))
try:
    raise ValueError("caller")
except ValueError:
    try:
        next(it)
    except KeyError as e:
        print("gen re-raised", repr(e))
    try:
        raise
    except ValueError as e:
        print("caller still handles", repr(e))


# A generator in each thread, its items through a queue.
def squares(n):
    for i in range(n):
        yield i * i


results = queue.Queue()


def worker(name, n):
    for sq in squares(n):
        results.put((name, sq))


threads = [threading.Thread(target=worker, args=(f"w{k}", k + 2)) for k in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
got = []
while not results.empty():
    got.append(results.get())
print(sorted(got))

# A generator expression is a generator: next() takes from it, lazily.
squares_ahead = (n * n for n in range(5) if n != 2)
print(next(squares_ahead), next(squares_ahead), list(squares_ahead), list(squares_ahead))
print(sum(x for x in range(10)), "-".join(c.upper() for c in "abc"), type(x for x in "").__name__)
print(sorted((x % 3, x) for x in range(6)), max(len(w) for w in ["a", "abc", "ab"]))
