import threading
import queue
import time

q = queue.Queue(maxsize=2)
print(q.empty(), q.full(), q.qsize())
q.put(1); q.put(2)
print(q.full(), q.qsize())
try:
    q.put_nowait(3)
except queue.Full:
    print("full")
sq = queue.SimpleQueue()
sq.put("a")
print(sq.get(), sq.empty(), sq.qsize())
lock = threading.Lock()
print(lock.acquire(blocking=False), lock.acquire(blocking=False), lock.locked())
lock.release()
print(lock.acquire(timeout=0.01))
lock.release()
sem = threading.Semaphore(value=2)
print(sem.acquire(), sem.acquire(), sem.acquire(blocking=False))
b = threading.Barrier(2)
print(b is not None)
e = threading.Event()
print(e.wait(0.01), e.is_set())
t = threading.Thread(target=time.sleep, args=(0.05,), daemon=True)
t.start()
t.join(timeout=0.01)
print(t.is_alive(), t.daemon)
t.join()
print(t.is_alive())
c = threading.Condition()
with c:
    c.notify()
    print(c.wait(0.01))
rl = threading.RLock()
with rl:
    with rl:
        print("reentrant")
