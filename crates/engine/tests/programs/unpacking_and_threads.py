a, b, *rest = [1, 2, 3, 4]
first, *middle, last = "hello"
*init, tail = (1, 2)
head, *empty = [9]
print(a, b, rest, first, middle, last, init, tail, head, empty)
for x, *ys in [(1, 2, 3), (4,)]:
    print(x, ys)
def f():
    p, *q = range(3)
    return p, q
print(f())
try:
    x, y, *z = [1]
except ValueError as e:
    print(e)
import threading
import time

print(threading.active_count(), threading.main_thread().name, [t.name for t in threading.enumerate()], threading.get_ident() == threading.current_thread().ident)
go = threading.Event()
def worker():
    go.wait()
ts = [threading.Thread(target=worker, name=f"w{i}") for i in range(3)]
for t in ts:
    t.start()
print(threading.active_count(), sorted(t.name for t in threading.enumerate()), threading.main_thread() is threading.current_thread())
go.set()
for t in ts:
    t.join()
print(threading.active_count(), [t.name for t in threading.enumerate()])
