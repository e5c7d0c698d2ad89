# asyncio as CPython runs it: await, gather, create_task, wait_for, Lock in
# async with, Event, Queue, and the loop's clock (sleeps overlap).
import asyncio
import time
import threading

async def say(name, delay):
    print(f"{name} starts")
    await asyncio.sleep(delay)
    print(f"{name} done")
    return name.upper()

async def main():
    t0 = time.monotonic()
    r = await say("solo", 0.1)
    print(r)
    results = await asyncio.gather(say("a", 0.3), say("b", 0.1), say("c", 0.2))
    print(results, round(time.monotonic() - t0, 1))
    task = asyncio.create_task(say("task", 0.1))
    print(task.done())
    await task
    print(task.done(), task.result())
    try:
        await asyncio.wait_for(say("slow", 5), timeout=0.2)
    except asyncio.TimeoutError:
        print("timed out")
    lock = asyncio.Lock()
    count = 0
    async def inc():
        nonlocal count
        async with lock:
            v = count
            await asyncio.sleep(0)
            count = v + 1
    await asyncio.gather(*[inc() for _ in range(5)])
    print("count", count)
    ev = asyncio.Event()
    async def waiter(i):
        await ev.wait()
        return i
    ts = [asyncio.create_task(waiter(i)) for i in range(3)]
    await asyncio.sleep(0.1)
    ev.set()
    print(await asyncio.gather(*ts))
    q = asyncio.Queue(maxsize=2)
    async def producer():
        for i in range(5):
            await q.put(i)
        await q.put(None)
    async def consumer():
        got = []
        while (x := await q.get()) is not None:
            got.append(x)
        return got
    _, got = await asyncio.gather(producer(), consumer())
    print(got)
    return "main result"

print(asyncio.run(main()))

# A failing task in a TaskGroup cancels the others; the group raises them together.

async def failing():
    async def boom():
        await asyncio.sleep(0.1)
        raise ValueError("boom")

    async def slow():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            print("slow cancelled")
            raise

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(boom())
            tg.create_task(slow())
    except Exception as eg:
        print("group:", type(eg).__name__, [str(e) for e in eg.exceptions])

asyncio.run(failing())


# An await in a comprehension waits for each in turn; gather waits for all at once.
async def square_later(x):
    await asyncio.sleep(0.01)
    return x * x


async def turns():
    t0 = time.monotonic()
    one_by_one = [await square_later(i) for i in range(10)]
    t1 = time.monotonic()
    together = await asyncio.gather(*[square_later(i) for i in range(10)])
    t2 = time.monotonic()
    print(one_by_one == together, "one by one: 0.1 s or more:", t1 - t0 >= 0.099, "together: under 0.05 s:", t2 - t1 < 0.05)
    print({i: await square_later(i) for i in range(3) if await square_later(i) >= 0})

asyncio.run(turns())

# A blocking call on a thread of the pool (run_in_executor, to_thread): the loop's tasks go on meanwhile.


def blocking_io_task(duration):
    time.sleep(duration)
    return f"阻塞任务完成 ({duration}s) on {threading.current_thread().name}"


async def ticker(n):
    for i in range(n):
        print("tick", i)
        await asyncio.sleep(0.5)


async def bridge_demo():
    loop = asyncio.get_event_loop()
    t0 = time.monotonic()
    result, _ = await asyncio.gather(loop.run_in_executor(None, blocking_io_task, 2), ticker(4))
    print(result, round(time.monotonic() - t0, 1))
    print(await asyncio.to_thread(sum, [1, 2, 3]))

asyncio.run(bridge_demo())
