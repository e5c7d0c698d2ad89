import itertools
import threading
from itertools import cycle, count

print([round(x, 2) for x in (2.675, 0.125, 0.375, 1.005, -0.125, 3.14159)], round(2.5), round(3.5), round(1234.5678, -2), round(7, 1))
spokes = cycle("\\|/-")
print([next(spokes) for _ in range(6)])
for i, c in zip(count(), "abc"):
    print(i, c)
n = 0
for k in itertools.count(10, 5):
    n += k
    if k >= 30:
        break
print(n, list(zip(itertools.count(start=1), ["x", "y"])))
total = 0
for c in itertools.cycle([1, 2, 3]):
    total += c
    if total > 20:
        break
print(total, list(itertools.cycle([])))
it = iter([1, 2])
print(next(it), next(it), next(it, "done"))
try:
    next(it)
except StopIteration:
    print("stop")

class Job:
    pass

def work():
    pass

for v in (3, 2.5, "s", [1], (1,), {}, True, Job(), ValueError("x")):
    print(type(v).__name__, v.__class__.__name__, type(v) == type(v))
print(type(3) == int, type("a") is str, work.__name__, Job.__name__, (lambda: 0).__name__, len.__name__)
try:
    int("x")
except Exception as e:
    print(f"{type(e).__name__}: {e}")
t = threading.Thread(target=work, name="w1")
print(t.name)

def main():
    print("main runs", __name__)

if __name__ == "__main__":
    main()
