# The spinner (seed 002 section 19.2.1, seed 000 section 2.1): Fluent
# Python's first concurrency example. slow() works or sleeps for 3 s and
# returns 42 while a spinner thread draws a frame every 0.1 s until it is
# told to stop.
import threading
import time

from interleave import param, burn_cpu, report

SLOW = param("slow", "work", choices=["work", "sleep"])

SLOW_SECONDS = 3.0  # the seeds' time.sleep(3)


def spin(msg, done):
    frames = "\\|/-"  # itertools.cycle(r'\|/-') in the notes
    ticks = 0
    status = ""
    while not done.is_set():
        char = frames[ticks % len(frames)]
        status = f"\r{char} {msg}"
        print(status, end="", flush=True)
        ticks += 1  # draw the next frame: | / - \
        time.sleep(0.1)
    blanks = " " * len(status)
    print(f"\r{blanks}\r", end="")


def slow():
    if SLOW == "work":
        burn_cpu(SLOW_SECONDS)  # really computes
    else:
        time.sleep(SLOW_SECONDS)  # waits without the CPU
    return 42


def supervisor():
    done = threading.Event()
    spinner = threading.Thread(target=spin, args=("thinking!", done), name="spin")
    print(f"spinner object: {spinner}")
    spinner.start()
    result = slow()  # blocks the main thread
    done.set()  # stops the spinner's loop
    spinner.join()
    return result


result = supervisor()
print(f"Answer: {result}")
report("answer", result)

assert result == 42, "slow() answers 42"
