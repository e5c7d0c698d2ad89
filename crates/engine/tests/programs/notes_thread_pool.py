# The notes (004, 16.2.5): a ManagedThreadPool over ThreadPoolExecutor, with
# done callbacks and as_completed, as printed (the last line added: which
# threads are left).
from concurrent.futures import ThreadPoolExecutor, as_completed, Future
import threading
import time
import logging

logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(threadName)s] %(message)s")


class ManagedThreadPool:
    def __init__(self, max_workers, thread_name_prefix="Worker"):
        self._executor = ThreadPoolExecutor(
            max_workers=max_workers,
            thread_name_prefix=thread_name_prefix
        )
        self._futures = []
        self._lock = threading.Lock()

    def submit(self, fn, *args, **kwargs) -> Future:
        future = self._executor.submit(fn, *args, **kwargs)
        with self._lock:
            self._futures.append(future)
        future.add_done_callback(self._on_task_done)
        return future

    def _on_task_done(self, future):
        try:
            result = future.result()
            logging.info(f"任务完成: {result}")
        except Exception as e:
            logging.error(f"任务失败: {e}")

    def map_as_completed(self, fn, iterables):
        futures = {self._executor.submit(fn, item): item for item in iterables}
        results = []
        for future in as_completed(futures):
            item = futures[future]
            try:
                results.append((item, future.result()))
            except Exception as e:
                results.append((item, e))
        return results

    def shutdown(self, wait=True):
        self._executor.shutdown(wait=wait)


def fetch_url(url):
    time.sleep(1)
    return f"Response from {url}"


urls = [f"http://api.example.com/data/{i}" for i in range(8)]
pool = ManagedThreadPool(max_workers=4)
futures = [pool.submit(fetch_url, url) for url in urls]
for future in as_completed(futures):
    try:
        print(future.result())
    except Exception as e:
        print(f"Error: {e}")
pool.shutdown()
print(threading.current_thread().name, sorted(t.name for t in threading.enumerate()))
