# Only for running the lesson files under CPython, as a test oracle.
# In the playground these names are built-ins of our interpreter: this file
# is never loaded there, and nothing in a lesson may depend on how it is
# written here.
#
#   param(name, default, low=None, high=None, choices=None, explore=None)
#       the lesson's parameter: the default, unless the environment variable
#       INTERLEAVE_<NAME> (upper-case, dashes to underscores) is set; checked
#       against the range or the choices and converted to the default's type.
#       explore: the value of a small version that Explore can search
#       completely (the page offers it when a search runs out of budget).
#   burn_cpu(seconds)
#       really computes for that long (a busy loop on time.perf_counter).
#   is_prime(n)
#       trial division, as the notes' is_prime (seed 002 section 19.3.1).
#   critical_section()
#       marks a critical section (the Deadlock Empire's): in the playground a
#       step of its own, where challenge=both-in-critical-section looks for
#       two threads at once; here it does nothing.

import math
import os
import time


def _env_name(name):
    return "INTERLEAVE_" + name.upper().replace("-", "_")


def _convert(raw, default, name):
    if isinstance(default, bool):
        word = raw.strip().lower()
        if word in ("1", "true", "yes", "on"):
            return True
        if word in ("0", "false", "no", "off"):
            return False
        raise ValueError(f"parameter {name}: {raw!r} is not a bool")
    if isinstance(default, int):
        try:
            return int(raw.strip())
        except ValueError:
            raise ValueError(f"parameter {name}: {raw!r} is not an integer") from None
    if isinstance(default, float):
        try:
            return float(raw.strip())
        except ValueError:
            raise ValueError(f"parameter {name}: {raw!r} is not a number") from None
    return raw


def _validate(value, name, low, high, choices):
    if low is not None and value < low:
        raise ValueError(f"parameter {name}: {value!r} is below {low!r}")
    if high is not None and value > high:
        raise ValueError(f"parameter {name}: {value!r} is above {high!r}")
    if choices is not None and value not in choices:
        raise ValueError(f"parameter {name}: {value!r} is not one of {', '.join(map(str, choices))}")
    return value


def param(name, default, low=None, high=None, choices=None, explore=None):
    _validate(default, name, low, high, choices)
    if explore is not None:
        _validate(explore, name, low, high, choices)
    raw = os.environ.get(_env_name(name))
    if raw is None:
        return default
    return _validate(_convert(raw, default, name), name, low, high, choices)


reported = {}


def report(name, value, label=None):
    """Keeps a figure of the run (the page shows it; the report's metrics hold it)."""
    reported[name] = value


def burn_cpu(seconds):
    """Computes for `seconds` of wall time (the thread keeps the CPU busy)."""
    end = time.perf_counter() + seconds
    x = 0
    while time.perf_counter() < end:
        for i in range(1000):
            x = (x * 31 + i) % 1000003
    return x


def is_prime(n):
    """Trial division by the odd numbers up to the square root (seed 002's is_prime)."""
    if n < 2:
        return False
    if n == 2:
        return True
    if n % 2 == 0:
        return False
    root = math.isqrt(n)
    for i in range(3, root + 1, 2):
        if n % i == 0:
            return False
    return True


def critical_section():
    """Marks the critical section; does nothing under CPython."""
