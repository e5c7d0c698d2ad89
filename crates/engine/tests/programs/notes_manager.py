# The notes (004 §16.3.2, Manager 托管对象) as printed: a Manager server
# process holds a Namespace, a list, a dict and a Lock that three processes
# change through proxies.
import multiprocessing
import time

def worker(namespace, shared_list, shared_dict, lock):
    with lock:
        namespace.count += 1
        shared_list.append(multiprocessing.current_process().name)
        shared_dict[multiprocessing.current_process().name] = time.time()

if __name__ == "__main__":
    with multiprocessing.Manager() as manager:
        namespace = manager.Namespace()
        namespace.count = 0
        shared_list = manager.list()
        shared_dict = manager.dict()
        lock = manager.Lock()

        processes = []
        for i in range(3):
            p = multiprocessing.Process(
                target=worker,
                args=(namespace, shared_list, shared_dict, lock),
                name=f"Worker-{i}"
            )
            processes.append(p)
            p.start()

        for p in processes:
            p.join()

        print(f"计数: {namespace.count}")
        print(f"列表: {list(shared_list)}")
        print(f"字典: {dict(shared_dict)}")
