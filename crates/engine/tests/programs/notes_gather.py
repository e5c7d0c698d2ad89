import asyncio
import time


async def fetch_data(name, delay):
    print(f"{name} 开始请求")
    await asyncio.sleep(delay)
    print(f"{name} 完成")
    return f"{name} 的数据"


async def gather_demo():
    start = time.perf_counter()
    results = await asyncio.gather(
        fetch_data("API-A", 2),
        fetch_data("API-B", 1),
        fetch_data("API-C", 3),
    )
    elapsed = time.perf_counter() - start
    print(f"总耗时: {elapsed:.1f}s (并行执行,约等于最长任务)")
    print(f"结果: {results}")


asyncio.run(gather_demo())
