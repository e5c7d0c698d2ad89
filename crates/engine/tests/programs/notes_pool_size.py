# The notes (004 §16.6.2, 最优工作线程/进程数计算): a pool's size from os.cpu_count(), which
# is 4 in the playground on every device.
import os
import multiprocessing

def optimal_pool_size(task_type="mixed", cpu_count=None):
    cpu_count = cpu_count or os.cpu_count() or 1
    if task_type == "cpu_bound":
        return cpu_count
    elif task_type == "io_bound":
        return min(32, cpu_count * 5)
    else:
        return min(16, cpu_count * 2)

print(f"CPU核心数: {os.cpu_count()}")
print(f"CPU密集型池大小: {optimal_pool_size('cpu_bound')}")
print(f"I/O密集型池大小: {optimal_pool_size('io_bound')}")
print(f"混合型池大小: {optimal_pool_size('mixed')}")
print(multiprocessing.cpu_count())
