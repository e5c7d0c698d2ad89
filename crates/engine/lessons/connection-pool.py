# A connection pool (seed 004 section 16.2.2, threading.Semaphore,
# ConnectionPool): a semaphore with as many permits as connections caps how
# many clients use one at a time; the others block in acquire() until a
# connection is released.
import threading
import time
import logging

from interleave import param

CLIENTS = param("clients", 8, low=1, high=16, explore=3)
CONNECTIONS = param("connections", 3, low=1, high=8, explore=2)
QUERY_MS = param("query_ms", 100, low=0, high=2000)

logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(threadName)s] %(message)s")


class ConnectionPool:
    def __init__(self, max_connections=3):
        self._semaphore = threading.Semaphore(max_connections)
        self._connections = []
        self._lock = threading.Lock()
        self.most_in_use = 0  # the largest len(self._connections) seen
        self.served = 0  # clients that gave their connection back

    def acquire(self):
        self._semaphore.acquire()
        with self._lock:
            conn = f"Connection-{len(self._connections)}"
            self._connections.append(conn)
            if len(self._connections) > self.most_in_use:
                self.most_in_use = len(self._connections)
            logging.info(f"获取连接: {conn}")
            return conn

    def release(self, conn):
        with self._lock:
            self._connections.remove(conn)
            self.served += 1
            logging.info(f"释放连接: {conn}")
        self._semaphore.release()


pool = ConnectionPool(max_connections=CONNECTIONS)


def use_connection(name, duration):
    conn = pool.acquire()
    try:
        logging.info(f"{name} 使用 {conn}")
        time.sleep(duration)  # the query
    finally:
        pool.release(conn)


threads = [
    threading.Thread(target=use_connection, args=(f"client{i}", QUERY_MS / 1000), name=f"client{i}")
    for i in range(CLIENTS)
]
for t in threads:
    t.start()
for t in threads:
    t.join()

assert pool.most_in_use <= CONNECTIONS, "never more connections in use than the pool has"
assert pool.served == CLIENTS, "every client is served"
