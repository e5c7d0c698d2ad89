# The notes' processes (004 §16.3.1 and §16.3.2), one after another: a
# child's global is its own; a Value and an Array are shared, with a lock.
import ctypes
import multiprocessing

global_var = 0


def modify_global():
    global global_var
    global_var = 100
    print(f"子进程 global_var = {global_var}")


def worker(shared_value, shared_array, lock):
    with lock:
        shared_value.value += 1
        for i in range(len(shared_array)):
            shared_array[i] += 1


if __name__ == "__main__":
    p = multiprocessing.Process(target=modify_global)
    p.start()
    p.join()
    print(f"主进程 global_var = {global_var}")
    print(p.name, p.exitcode, p.is_alive())

    lock = multiprocessing.Lock()
    value = multiprocessing.Value(ctypes.c_int, 0)
    array = multiprocessing.Array(ctypes.c_int, [0, 0, 0, 0, 0])
    processes = []
    for _ in range(5):
        p = multiprocessing.Process(target=worker, args=(value, array, lock))
        processes.append(p)
        p.start()
    for p in processes:
        p.join()
    print(f"Value: {value.value}")
    print(f"Array: {list(array)}")
