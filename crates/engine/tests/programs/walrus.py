import queue
import threading

jobs = queue.Queue()
for n in [3, 5, 0]:
    jobs.put(n)
results = []
def worker():
    while n := jobs.get():
        results.append(n * n)
t = threading.Thread(target=worker)
t.start()
t.join()
print(results)
data = [4, 8, 15]
if (count := len(data)) > 2:
    print(f"{count} items")
def first_big(xs):
    for x in xs:
        if (half := x // 2) > 3:
            return x, half
    return None
print(first_big(data), first_big([1]))
print([y := 5, y * 2], (z := 3) + z)
try:
    print(half)
except NameError:
    print("half stayed in first_big")
