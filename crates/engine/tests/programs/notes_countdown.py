# The notes (001, 多进程优雅退出): a RawValue flag that the parent clears to
# stop a child's countdown. Adapted: under a main guard (spawn runs the
# module again in the child), and the parent lets three counts pass first.
import ctypes
import time
from multiprocessing import Process, RawValue

class CountdownTask:
    def __init__(self):
        self._running = RawValue(ctypes.c_bool, True)
    def terminate(self):
        self._running.value = False
    def run(self, n):
        while self._running.value and n > 0:
            print('T-minus', n)
            n -= 1
            time.sleep(5)

if __name__ == "__main__":
    c = CountdownTask()
    t = Process(target=c.run, args=(10,))
    t.start()
    time.sleep(12)
    c.terminate() # Signal termination
    t.join() # Wait for actual termination (if needed)
    print("done", t.exitcode)
