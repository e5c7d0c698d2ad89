# A race on a counter (seed 004 section 16.2.2, UnsafeCounter and
# SafeCounter): temp = value; value = temp + 1 from several threads loses
# updates, because another thread can write in between (a pause there
# widens the window); under a lock, or with one indivisible step, nothing
# is lost.
import threading
import time

from interleave import param, report

THREADS = param("threads", 4, low=1, high=16, explore=2)
INCREMENTS = param("increments", 5000, low=1, high=10000, explore=2)
MODE = param("mode", "unsafe", choices=["unsafe", "locked", "atomic"])
PAUSE_MS = param("pause_ms", 0, low=0, high=20)

PAUSE = PAUSE_MS / 1000  # 0: only yields


class UnsafeCounter:
    def __init__(self):
        self.value = 0

    def increment(self):
        temp = self.value
        time.sleep(PAUSE)  # another thread may run here
        temp += 1
        self.value = temp


class SafeCounter:
    def __init__(self):
        self._value = 0
        self._lock = threading.Lock()

    def increment(self):
        with self._lock:
            temp = self._value
            time.sleep(PAUSE)  # another thread may run here, but not in here
            self._value = temp + 1

    @property
    def value(self):
        with self._lock:
            return self._value


class AtomicCounter:
    # One indivisible step per increment: list.append is a single call that
    # no other thread can cut in two; the value is how many were appended.
    def __init__(self):
        self._increments = []

    def increment(self):
        self._increments.append(1)

    @property
    def value(self):
        return len(self._increments)


if MODE == "unsafe":
    counter = UnsafeCounter()
elif MODE == "locked":
    counter = SafeCounter()
else:
    counter = AtomicCounter()

threads = []
for i in range(THREADS):
    t = threading.Thread(target=lambda: [counter.increment() for _ in range(INCREMENTS)], name=f"t{i}")
    threads.append(t)
    t.start()
for t in threads:
    t.join()

expected = THREADS * INCREMENTS
print(f"期望值: {expected}, 实际值: {counter.value}, 丢失: {expected - counter.value}")
actual = counter.value
report("expected", expected, label="expected total")
report("actual", actual, label="actual total")
report("lost_updates", expected - actual)
assert actual == expected, "no increment is lost"
