import threading
import random
import time

class RequestContext:
    _local = threading.local()

    @classmethod
    def set_request_id(cls, request_id):
        cls._local.request_id = request_id

    @classmethod
    def get_request_id(cls):
        return getattr(cls._local, 'request_id', 'unknown')

    @classmethod
    def set_user(cls, user):
        cls._local.user = user

    @classmethod
    def get_user(cls):
        return getattr(cls._local, 'user', None)

def handle_request(request_id, user):
    RequestContext.set_request_id(request_id)
    RequestContext.set_user(user)
    time.sleep(random.uniform(0.1, 0.3))
    print(f"RequestID={RequestContext.get_request_id()}, "
          f"User={RequestContext.get_user()}, "
          f"Thread={threading.current_thread().name}")

threads = []
for i in range(5):
    t = threading.Thread(
        target=handle_request,
        args=(f"REQ-{i:04d}", f"user_{i}"),
        name=f"Handler-{i}"
    )
    threads.append(t)
    t.start()
for t in threads:
    t.join()
print(RequestContext.get_request_id(), hasattr(RequestContext._local, "user"))

class M:
    @staticmethod
    def twice(x):
        return 2 * x
    @classmethod
    def make(cls):
        return cls()
print(M.twice(4), M().twice(5), type(M.make()).__name__, getattr(M, "twice")(1), hasattr(M(), "nope"))
