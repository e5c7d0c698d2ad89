# multiprocessing.Pool: map, starmap, apply, apply_async, imap,
# imap_unordered, callbacks, a worker's error raised again by get(), and a
# pool closed and joined, or ended by its with, as CPython (spawn) runs them.
import multiprocessing
from multiprocessing import Pool


def square(x):
    return x * x


def add(a, b):
    return a + b


def fail(x):
    if x == 3:
        raise ValueError(f"bad {x}")
    return x


def whoami(x):
    return multiprocessing.current_process().name.startswith("SpawnPoolWorker-")


if __name__ == "__main__":
    with Pool(3) as pool:
        print(pool.map(square, range(10)))
        print(pool.starmap(add, [(1, 2), (3, 4)]))
        print(pool.apply(square, (7,)))
        r = pool.apply_async(square, (8,))
        print(r.get(), r.ready(), r.successful())
        print(list(pool.imap(square, range(5))))
        print(sorted(pool.imap_unordered(square, range(5))))
        try:
            pool.map(fail, range(5))
        except ValueError as e:
            print("ValueError:", e)
        got = []
        r = pool.map_async(square, [1, 2, 3], callback=got.append)
        r.wait()
        print(r.get(), got)
        e = pool.apply_async(fail, (3,), error_callback=lambda ex: print("error_callback:", ex))
        e.wait()
        print(e.ready(), e.successful())
        print(all(pool.map(whoami, range(6))))
        try:
            pool.apply_async(lambda x: x, (1,)).get()
        except Exception as ex:
            print(type(ex).__name__)
    other = Pool(2)
    print(other.map(square, [5, 6], chunksize=1))
    try:
        other.join()
    except ValueError as ex:
        print("ValueError:", ex)
    other.close()
    other.join()
    try:
        other.map(square, [1])
    except ValueError as ex:
        print("ValueError:", ex)
