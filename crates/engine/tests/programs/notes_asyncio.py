# The notes (004, 16.4.3 to 16.7.1): asyncio.Event, a Semaphore behind an
# async context manager, an async iterator, TaskGroup, wait_for cancelling a
# task, and asyncio.timeout, as printed.
import asyncio
import time

# 16.4.3 Event
class AsyncService:
    def __init__(self):
        self._ready = asyncio.Event()
        self._data = {}

    async def initialize(self):
        await asyncio.sleep(1)
        self._data = {"status": "ready", "version": "2.0"}
        self._ready.set()

    async def wait_ready(self):
        await self._ready.wait()
        return self._data


async def service_demo():
    service = AsyncService()

    async def client(name):
        print(f"{name}: 等待服务就绪...")
        data = await service.wait_ready()
        print(f"{name}: 服务就绪,数据={data}")

    await asyncio.gather(
        service.initialize(),
        client("Client-A"),
        client("Client-B"),
    )

asyncio.run(service_demo())

# 16.4.3 Semaphore
class RateLimiter:
    def __init__(self, max_concurrent=3):
        self._semaphore = asyncio.Semaphore(max_concurrent)

    async def __aenter__(self):
        await self._semaphore.acquire()
        return self

    async def __aexit__(self, *args):
        self._semaphore.release()


async def rate_limited_fetch(url, limiter):
    async with limiter:
        print(f"开始请求: {url}")
        await asyncio.sleep(1)
        print(f"完成请求: {url}")
        return f"Response from {url}"


async def rate_limiter_demo():
    limiter = RateLimiter(max_concurrent=2)
    urls = [f"http://api.example.com/{i}" for i in range(6)]
    start = time.perf_counter()
    results = await asyncio.gather(*[rate_limited_fetch(url, limiter) for url in urls])
    elapsed = time.perf_counter() - start
    print(f"6个请求,并发限制2,耗时: {elapsed:.1f}s (约3批次×1s)")

asyncio.run(rate_limiter_demo())

# 16.4.4 async for
class AsyncPageIterator:
    def __init__(self, total_items, page_size=10):
        self._total = total_items
        self._page_size = page_size
        self._current = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self._current >= self._total:
            raise StopAsyncIteration
        start = self._current
        end = min(self._current + self._page_size, self._total)
        self._current = end
        await asyncio.sleep(0.1)
        return list(range(start, end))


async def pagination_demo():
    async for page in AsyncPageIterator(total_items=35, page_size=10):
        print(f"获取页面: {page}")

asyncio.run(pagination_demo())

# 16.5.4 TaskGroup
async def structured_concurrency_demo():
    async def task(name, duration):
        print(f"{name} 开始")
        await asyncio.sleep(duration)
        print(f"{name} 完成")
        return f"{name}-结果"

    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(task("A", 2))
        t2 = tg.create_task(task("B", 1))
        t3 = tg.create_task(task("C", 3))
    print(f"所有结果: {t1.result()}, {t2.result()}, {t3.result()}")

asyncio.run(structured_concurrency_demo())

# 16.5.4 cancellation with wait_for
async def cancellable_task(name, duration):
    try:
        print(f"{name} 开始")
        await asyncio.sleep(duration)
        print(f"{name} 完成")
        return f"{name}-结果"
    except asyncio.CancelledError:
        print(f"{name} 被取消,执行清理...")
        await asyncio.sleep(0.1)
        print(f"{name} 清理完成")
        raise


async def timeout_pattern():
    try:
        result = await asyncio.wait_for(cancellable_task("SlowTask", 10), timeout=2.0)
    except asyncio.TimeoutError:
        print("任务超时,已取消")

asyncio.run(timeout_pattern())

# 16.7.1 asyncio.timeout
async def per_task_timeout_demo():
    async def risky_task(name, duration):
        await asyncio.sleep(duration)
        return f"{name} 完成"

    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(risky_task("Fast", 0.5))
        t2 = tg.create_task(risky_task("Slow", 5.0))
        try:
            async with asyncio.timeout(2.0):
                await t2
        except TimeoutError:
            print("Slow任务超时")
            t2.cancel()
    if t1.done():
        print(f"Fast任务结果: {t1.result()}")

asyncio.run(per_task_timeout_demo())


# 16.4.4 async comprehensions
async def async_transform(x):
    await asyncio.sleep(0.01)
    return x ** 2


async def comprehension_demo():
    result = [await async_transform(i) for i in range(10)]
    print(f"顺序异步推导: {result}")
    result = await asyncio.gather(*[async_transform(i) for i in range(10)])
    print(f"并行异步推导: {result}")

asyncio.run(comprehension_demo())
