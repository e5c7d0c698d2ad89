# Tasks on one event loop (seed 004 section 16.4.2: gather, create_task
# and TaskGroup; section 16.4.7's await one by one): three requests that
# wait 2, 1 and 3 s. Gathered, or in a TaskGroup, they wait at the same
# time, and the whole takes as long as the longest (the notes: "总耗时
# 约等于最长任务"); awaited one after another, the sum. With a task that
# fails (the notes' failing_task): gather(return_exceptions=True) gives the
# error in its place among the results, a TaskGroup cancels the other tasks
# and raises the error in an ExceptionGroup, and awaiting one by one stops
# at the error. Each task is a row of the timeline.
import asyncio
import time

from interleave import param, report

MODE = param("mode", "gather", choices=["gather", "taskgroup", "sequential"])
FAIL = param("fail", "no", choices=["no", "yes"])

REQUESTS = [("API-A", 2), ("API-B", 1), ("API-C", 3)]  # the notes' names and seconds
FAIL_AFTER = 0.5  # the notes' failing_task: asyncio.sleep(0.5), then ValueError


async def fetch_data(name, delay):
    print(f"{name} 开始请求")
    await asyncio.sleep(delay)
    print(f"{name} 完成")
    return f"{name} 的数据"


async def failing_task():
    await asyncio.sleep(FAIL_AFTER)
    raise ValueError("任务失败")


def requests():
    coros = [fetch_data(name, delay) for name, delay in REQUESTS]
    if FAIL == "yes":
        coros.append(failing_task())
    return coros


async def gather_demo():
    return await asyncio.gather(*requests(), return_exceptions=True)


async def taskgroup_demo():
    tasks = []
    try:
        async with asyncio.TaskGroup() as tg:
            for coro in requests():
                tasks.append(tg.create_task(coro))
    except Exception as eg:  # the notes: except* ValueError as eg
        print(f"TaskGroup捕获: {eg.exceptions}")
    return [outcome(t) for t in tasks]


def outcome(task):
    if task.cancelled():
        return "已取消"
    if task.exception() is not None:
        return task.exception()
    return task.result()


async def sequential_demo():
    results = []
    try:
        for coro in requests():
            results.append(await coro)
    except ValueError as e:
        print(f"异常: {e!r}")
        results.append(e)
    return results


async def main():
    start = time.perf_counter()
    if MODE == "gather":
        results = await gather_demo()
    elif MODE == "taskgroup":
        results = await taskgroup_demo()
    else:
        results = await sequential_demo()
    elapsed = time.perf_counter() - start
    print(f"总耗时: {elapsed:.1f}s")
    print(f"结果: {results}")
    return elapsed, results


elapsed, results = asyncio.run(main())
report("elapsed_s", round(elapsed, 2), label="seconds, all the requests")

delays = [delay for _, delay in REQUESTS]
data = [f"{name} 的数据" for name, _ in REQUESTS]
if MODE == "sequential":
    expected = sum(delays) + (FAIL_AFTER if FAIL == "yes" else 0)
elif MODE == "taskgroup" and FAIL == "yes":
    expected = FAIL_AFTER  # the failure cancels the others
else:
    expected = max(delays)
if FAIL == "no":
    wanted = data
elif MODE == "taskgroup":
    wanted = ["已取消"] * len(REQUESTS) + [ValueError("任务失败")]
else:
    wanted = data + [ValueError("任务失败")]  # gather: in its place; one by one: last
report("expected_s", expected, label="seconds, as the notes reckon")

assert abs(elapsed - expected) < 0.3, "tasks that overlap take as long as the longest, and awaited one by one the sum"
assert [repr(r) for r in results] == [repr(w) for w in wanted], "each request's result in its place: its data, its error, or 已取消 when its TaskGroup cancelled it"
