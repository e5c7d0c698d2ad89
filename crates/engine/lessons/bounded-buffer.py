# The bounded buffer (seed 004 section 16.2.2, threading.Condition,
# BoundedBuffer): producers wait while the buffer is full, consumers while
# it is empty, on one condition variable. The items are split among the
# consumers as evenly as possible.
import threading
import time
import logging

from interleave import param

PRODUCERS = param("producers", 2, low=1, high=8)
CONSUMERS = param("consumers", 2, low=1, high=8)
CAPACITY = param("capacity", 3, low=1, high=10, explore=1)
ITEMS = param("items", 5, low=1, high=50, explore=1)
PRODUCE_MS = param("produce_ms", 100, low=0, high=1000)
CONSUME_MS = param("consume_ms", 200, low=0, high=1000)
WAKEUP = param("wakeup", "notify_all", choices=["notify_all", "notify_one"])

logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(threadName)s] %(message)s")


class BoundedBuffer:
    def __init__(self, capacity):
        self._buffer = []
        self._capacity = capacity
        self._lock = threading.Lock()
        self._condition = threading.Condition(self._lock)
        self.consumed = []  # every item taken, in the order taken
        self.sizes = []  # len(self._buffer) after every change

    def _notify(self):
        if WAKEUP == "notify_all":
            self._condition.notify_all()
        else:
            self._condition.notify()  # wakes one waiter, maybe of the wrong kind

    def put(self, item):
        with self._condition:
            while len(self._buffer) >= self._capacity:
                logging.info(f"缓冲区满,等待消费... (size={len(self._buffer)})")
                self._condition.wait()
            self._buffer.append(item)
            self.sizes.append(len(self._buffer))
            logging.info(f"生产: {item} (size={len(self._buffer)})")
            self._notify()

    def get(self):
        with self._condition:
            while not self._buffer:
                logging.info("缓冲区空,等待生产...")
                self._condition.wait()
            item = self._buffer.pop(0)
            self.sizes.append(len(self._buffer))
            self.consumed.append(item)
            logging.info(f"消费: {item} (size={len(self._buffer)})")
            self._notify()
            return item


buffer = BoundedBuffer(capacity=CAPACITY)


def producer(pid):
    for i in range(ITEMS):
        item = f"P{pid}-{i}"
        if PRODUCE_MS > 0:
            time.sleep(PRODUCE_MS / 1000)  # making the item
        buffer.put(item)


def consumer(cid, count):
    for _ in range(count):
        item = buffer.get()
        if CONSUME_MS > 0:
            time.sleep(CONSUME_MS / 1000)  # using the item


total = PRODUCERS * ITEMS
threads = []
for i in range(PRODUCERS):
    threads.append(threading.Thread(target=producer, args=(i,), name=f"producer{i}"))
for i in range(CONSUMERS):
    share = total // CONSUMERS
    if i < total % CONSUMERS:
        share += 1
    threads.append(threading.Thread(target=consumer, args=(i, share), name=f"consumer{i}"))
for t in threads:
    t.start()
for t in threads:
    t.join()

made = []  # each producer's items, in the order it made them
for pid in range(PRODUCERS):
    made.append([f"P{pid}-{i}" for i in range(ITEMS)])
everything = []
for items in made:
    everything = everything + items

assert min(buffer.sizes) >= 0 and max(buffer.sizes) <= CAPACITY, "the buffer never holds fewer than 0 or more than capacity items"
assert sorted(buffer.consumed) == sorted(everything), "every item is consumed exactly once"
in_order = True
for items in made:
    if [item for item in buffer.consumed if item in items] != items:
        in_order = False
assert in_order, "each producer's items leave in the order it made them"
