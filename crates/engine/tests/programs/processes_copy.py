# What crosses to a process is a copy: a list, an object of the program's
# class (found again by its name in the child), a dict; what cannot be
# pickled is refused in the parent, as CPython refuses it.
import multiprocessing
import threading


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def moved(self):
        return Point(self.x + 1, self.y)


def child(items, point, q):
    items.append(99)
    point.x = 1000
    print("child sees", items, point.x, multiprocessing.current_process().name, __name__)
    q.put(point.moved())
    q.put({"k": [1, 2], "t": (3, "s"), "same": [items, items]})


def fails():
    raise ValueError("bad")


if __name__ == "__main__":
    items = [1, 2]
    point = Point(1, 2)
    q = multiprocessing.Queue()
    p = multiprocessing.Process(target=child, args=(items, point, q))
    print(p.exitcode, p.is_alive(), __name__)
    p.start()
    got = q.get()
    print("got", type(got).__name__, got.x, got.y)
    d = q.get()
    print("got", d["k"], d["t"], d["same"][0] is d["same"][1])
    p.join()
    print("parent sees", items, point.x, p.exitcode, p.is_alive(), multiprocessing.current_process().name)
    try:
        multiprocessing.Process(target=lambda: 1).start()
    except Exception as e:
        print("lambda:", type(e).__name__)
    try:
        multiprocessing.Process(target=print, args=(threading.Lock(),)).start()
    except Exception as e:
        print("lock:", type(e).__name__, e)
    print(multiprocessing.get_start_method(), len(multiprocessing.active_children()))
