# Ready and shutdown events (seed 004 section 16.2.2, threading.Event,
# ServiceManager): workers block in wait_ready() until the initializer sets
# ready, then work until shutdown is set; the initializer then clears ready.
# The state is written before each event is set, so a worker that saw the
# event sees the state.
import threading
import time
import logging

from interleave import param

WORKERS = param("workers", 2, low=1, high=15, explore=1)

INIT_TIME = 0.2  # the notes' time.sleep(2), / 10
RUN_TIME = 0.3  # the notes' time.sleep(3), / 10
WORK_TIME = 0.05  # the notes' time.sleep(0.5), / 10

STARTING = 0
READY = 1
SHUTDOWN = 2

logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(threadName)s] %(message)s")


class ServiceManager:
    def __init__(self):
        self._ready = threading.Event()
        self._shutdown = threading.Event()
        self.state = STARTING

    def wait_ready(self, timeout=None):
        return self._ready.wait(timeout)

    def mark_ready(self):
        self.state = READY
        self._ready.set()
        logging.info("服务就绪")

    def request_shutdown(self):
        self.state = SHUTDOWN
        self._shutdown.set()
        self._ready.clear()
        logging.info("请求关闭")

    def is_shutdown_requested(self):
        return self._shutdown.is_set()


manager = ServiceManager()
early = []  # workers that worked before ready was set
work_done = []  # one entry per unit of work
stopped = []  # workers that stopped because of shutdown


def service_worker(name):
    logging.info("等待服务就绪...")
    manager.wait_ready()
    logging.info("服务已就绪,开始工作")
    while not manager.is_shutdown_requested():
        if manager.state < READY:  # working before ready?
            early.append(name)
        time.sleep(WORK_TIME)
        work_done.append(name)
        logging.info("工作中...")
    if manager.state == SHUTDOWN:  # stopped because of shutdown
        stopped.append(name)
    logging.info("收到关闭信号,退出")


def service_initializer():
    logging.info("初始化服务...")
    time.sleep(INIT_TIME)
    manager.mark_ready()
    time.sleep(RUN_TIME)
    manager.request_shutdown()


threads = [threading.Thread(target=service_initializer, name="initializer")]
for w in range(WORKERS):
    threads.append(threading.Thread(target=service_worker, args=(f"worker{w}",), name=f"worker{w}"))
for t in threads:
    t.start()
for t in threads:
    t.join()

assert len(early) == 0, "no worker works before ready is set"
assert len(stopped) == WORKERS, "every worker stops after shutdown"
