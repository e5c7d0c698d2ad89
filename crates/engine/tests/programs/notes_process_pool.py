# The notes' process pools (004 §16.3.3), smaller: primes in ranges with
# submit and as_completed, and an initializer that gives each worker
# process its own global (claim 52).
import math
from concurrent.futures import ProcessPoolExecutor, as_completed


def is_prime(n):
    if n < 2:
        return False
    if n < 4:
        return True
    if n % 2 == 0 or n % 3 == 0:
        return False
    for i in range(5, int(math.sqrt(n)) + 1, 6):
        if n % i == 0 or n % (i + 2) == 0:
            return False
    return True


def find_primes_in_range(start, end):
    return [n for n in range(start, end) if is_prime(n)]


_shared_data = None


def init_worker(shared_data):
    global _shared_data
    _shared_data = shared_data


def process_chunk(chunk):
    return sum(x * _shared_data for x in chunk)


def fails(x):
    raise ValueError(f"bad {x}")


if __name__ == "__main__":
    ranges = [(i * 50, (i + 1) * 50) for i in range(4)]
    found = {}
    with ProcessPoolExecutor(max_workers=2) as executor:
        futures = {executor.submit(find_primes_in_range, s, e): (s, e) for s, e in ranges}
        for future in as_completed(futures):
            s, e = futures[future]
            found[s] = future.result()
    for s in sorted(found):
        print(f"[{s}, {s + 50}): {len(found[s])} 个素数, 最大 {found[s][-1]}")

    data_chunks = [list(range(10)) for _ in range(3)]
    shared_value = 2
    with ProcessPoolExecutor(max_workers=2, initializer=init_worker, initargs=(shared_value,)) as executor:
        results = list(executor.map(process_chunk, data_chunks))
    print(f"各块结果: {results}")
    print(f"总和: {sum(results)}")
    print(f"主进程 _shared_data = {_shared_data}")

    with ProcessPoolExecutor(max_workers=1) as executor:
        f = executor.submit(fails, 3)
        try:
            f.result()
        except ValueError as e:
            print("子进程的异常传回来了:", e)
