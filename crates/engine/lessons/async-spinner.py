# The spinner as a coroutine (seed 002 section 19.2.3, seed 000 section
# 2.3): spin() draws a frame every 0.1 s on the event loop while slow()
# waits 3 s, then supervisor() cancels the spinner and the page prints
# Answer: 42. The loop runs one task at a time and switches only at an
# await: slow() awaiting asyncio.sleep lets the spinner turn; slow() calling
# time.sleep (Fluent Python's experiment) blocks the loop, and the spinner
# never draws a frame; asyncio.to_thread runs the blocking call on a thread
# of its own, and the spinner turns again. Each task is a row of the
# timeline.
import asyncio
import itertools
import time

from interleave import param, report

SLOW = param("slow", "await", choices=["await", "block", "thread"])

SLOW_SECONDS = 3  # the notes' asyncio.sleep(3)

frames = []  # every frame spin() drew


async def spin(msg):
    for char in itertools.cycle(r"\|/-"):
        status = f"\r{char} {msg}"
        print(status, end="", flush=True)
        frames.append(char)
        try:
            await asyncio.sleep(0.1)
        except asyncio.CancelledError:
            break
    blanks = " " * len(status)
    print(f"\r{blanks}\r", end="")


async def slow():
    if SLOW == "await":
        await asyncio.sleep(SLOW_SECONDS)
    elif SLOW == "block":
        time.sleep(SLOW_SECONDS)  # blocks the loop: no task runs meanwhile
    else:
        await asyncio.to_thread(time.sleep, SLOW_SECONDS)
    return 42


async def supervisor():
    spinner = asyncio.create_task(spin("thinking!"))
    print(f"spinner object: {spinner.get_name()}")  # the notes print the Task itself
    result = await slow()
    spinner.cancel()
    return result


result = asyncio.run(supervisor())
print(f"Answer: {result}")
report("answer", result)
report("frames", len(frames), label="frames the spinner drew")

assert result == 42, "slow() answers 42"
# About 30 frames in 3 s, one every 0.1 s, when slow() awaits (how many
# depends on the timing; that it turns at all does not).
assert (len(frames) > 0) == (SLOW != "block"), "the spinner turns while slow() awaits, and not at all while it blocks the loop"
