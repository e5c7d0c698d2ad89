# A Manager's proxies: every call crosses to the server process and back
# as a pickle, so what a proxy gives is a copy; errors cross too.
import multiprocessing
from multiprocessing import Manager, Process


def child(nums, table, ns, v, q, ev, lock):
    with lock:
        nums.append(multiprocessing.current_process().name)
        nums[0] += 1
        table["seen"] = table.get("seen", 0) + 1
        ns.total += 10
        v.value += 1
    q.put(("hello from", multiprocessing.current_process().name))
    ev.wait()


if __name__ == "__main__":
    with Manager() as m:
        nums = m.list([0])
        table = m.dict(a=1)
        ns = m.Namespace(total=5)
        v = m.Value("i", 0)
        q = m.Queue()
        ev = m.Event()
        lock = m.Lock()
        ps = [Process(target=child, args=(nums, table, ns, v, q, ev, lock), name=f"P{i}") for i in range(3)]
        for p in ps:
            p.start()
        got = sorted(q.get() for _ in range(3))
        print(got)
        ev.set()
        for p in ps:
            p.join()
        print(nums[0], len(nums), sorted(nums[1:]), "P1" in nums, "Q" not in nums)
        print(sorted(table.items()), table["seen"], "a" in table, len(table))
        print(ns.total, v.value, v.get())
        print(ns)
        print(repr(nums)[:22])
        # A proxy's item is a copy: changing it changes nothing on the server.
        box = m.list([[1, 2]])
        inner = box[0]
        inner.append(3)
        print(box[0], list(box))
        box[0] = inner
        print(box[0])
        try:
            nums[99]
        except IndexError as e:
            print("IndexError:", e)
        try:
            table["nope"]
        except KeyError as e:
            print("KeyError:", e)
        try:
            ns.nope
        except AttributeError as e:
            print("AttributeError:", e)
        del table["a"]
        print(dict(table), nums.index(3), nums.pop(0), nums.count(1))
        for x in sorted(nums, key=str):
            print("item", x)
        print(len(str(nums)), str(table))
