# Cancelling a task (seed 004 section 16.5.4's timeout pattern and section
# 16.7.1's asyncio.timeout; seed 000 section 2.3 and seed 002 section
# 19.2.3: spinner.cancel()): a slow task of 10 s is cancelled after the
# timeout. The cancellation arrives as CancelledError at the await where the
# task stands, so its cleanup runs (0.1 s more, itself awaiting) before it
# ends, and whoever waits for it gets TimeoutError (wait_for, timeout) or
# CancelledError (cancel). A timeout longer than the work cancels nothing.
# Each task is a row of the timeline.
import asyncio
import time

from interleave import param, report

HOW = param("how", "wait_for", choices=["wait_for", "timeout", "cancel"])
TIMEOUT_MS = param("timeout_ms", 2000, low=100, high=12000)  # the notes' timeout=2.0

TIMEOUT = TIMEOUT_MS / 1000
WORK = 10  # the notes' cancellable_task("SlowTask", 10)
CLEANUP = 0.1  # the notes' await asyncio.sleep(0.1) in the except

cleaned = []  # tasks whose cleanup ran to its end


async def cancellable_task(name, duration):
    try:
        print(f"{name} 开始")
        await asyncio.sleep(duration)
        print(f"{name} 完成")
        return f"{name}-结果"
    except asyncio.CancelledError:
        print(f"{name} 被取消,执行清理...")
        await asyncio.sleep(CLEANUP)
        print(f"{name} 清理完成")
        cleaned.append(name)
        raise


async def timeout_pattern():
    try:
        return await asyncio.wait_for(cancellable_task("SlowTask", WORK), timeout=TIMEOUT)
    except asyncio.TimeoutError:
        print("任务超时,已取消")


async def timeout_block():
    try:
        async with asyncio.timeout(TIMEOUT):
            return await cancellable_task("SlowTask", WORK)
    except TimeoutError:
        print("SlowTask任务超时")


async def cancel_pattern():
    task = asyncio.create_task(cancellable_task("SlowTask", WORK))
    # The loop calls task.cancel() after TIMEOUT (nothing, if it has ended).
    asyncio.get_running_loop().call_later(TIMEOUT, task.cancel)
    try:
        return await task
    except asyncio.CancelledError:
        print("任务已取消")


async def main():
    start = time.perf_counter()
    if HOW == "wait_for":
        result = await timeout_pattern()
    elif HOW == "timeout":
        result = await timeout_block()
    else:
        result = await cancel_pattern()
    elapsed = time.perf_counter() - start
    print(f"结果: {result}, 耗时: {elapsed:.1f}s")
    return result, elapsed


result, elapsed = asyncio.run(main())
report("elapsed_s", round(elapsed, 2), label="seconds until the result or the timeout")

cancelled = TIMEOUT < WORK
expected = TIMEOUT + CLEANUP if cancelled else WORK
report("expected_s", expected, label="seconds, as the notes reckon")
assert abs(elapsed - expected) < 0.3, "a cancelled task ends after its cleanup, the timeout plus 0.1 s"
assert cleaned == (["SlowTask"] if cancelled else []), "the cleanup runs exactly when the task is cancelled"
assert result == (None if cancelled else "SlowTask-结果"), "a cancelled task gives no result"
