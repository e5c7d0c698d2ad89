# A rate limiter (seed 004 section 16.5.2, TokenBucket and ThrottledClient):
# the bucket starts full and refills at RATE tokens per second up to BURST;
# a request that finds no token sleeps and tries again. No window of time
# admits more than BURST + RATE x its length.
import threading
import time

from interleave import param, report

REQUESTS = param("requests", 10, low=1, high=16, explore=3)
RATE = param("rate", 3, low=1, high=50)
BURST = param("burst", 6, low=1, high=20)

WAIT = ((1000 + RATE - 1) // RATE) / 1000  # 1 / RATE s, rounded up to the ms
REQUEST_TIME = 0.1  # the notes' asyncio.sleep(0.1): the request itself


class TokenBucket:
    def __init__(self, rate, capacity):
        self._rate = rate
        self._capacity = capacity
        self._tokens = capacity
        self._last_refill = time.perf_counter()
        self._lock = threading.Lock()
        self.admitted = []  # when each token was taken

    def acquire(self, tokens=1):
        with self._lock:
            now = time.perf_counter()
            elapsed = now - self._last_refill
            self._tokens = min(self._capacity, self._tokens + elapsed * self._rate)
            self._last_refill = now
            if self._tokens >= tokens:
                self._tokens -= tokens
                self.admitted.append(now)
                return True
            return False

    def wait_and_acquire(self, tokens=1):
        while True:
            if self.acquire(tokens):
                return
            time.sleep(WAIT)  # wait for a token


class ThrottledClient:
    def __init__(self, rate, burst):
        self._bucket = TokenBucket(rate=rate, capacity=burst)
        self.responses = []

    def request(self, url):
        self._bucket.wait_and_acquire()
        time.sleep(REQUEST_TIME)  # the request
        self.responses.append(f"Response from {url}")


client = ThrottledClient(rate=RATE, burst=BURST)
urls = [f"http://api.example.com/{i}" for i in range(REQUESTS)]
start = time.perf_counter()
threads = [
    threading.Thread(target=client.request, args=(urls[i],), name=f"request{i}")
    for i in range(REQUESTS)
]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - start
for r in client.responses:
    print(r)
print(f"{REQUESTS}个请求,{RATE}/s限流,耗时: {elapsed:.1f}s")

times = sorted(client._bucket.admitted)
within = True
for i in range(len(times)):
    for j in range(i, len(times)):
        window = times[j] - times[i] + 0.000002
        if j - i + 1 > BURST + RATE * window + 0.000001:
            within = False
report("admitted", len(times))
report("admitted_at", ", ".join([f"{(t - start) * 1000:.0f}" for t in times]), label="admitted at (ms)")
assert within, "no window of time admits more than burst + rate × its length"
assert len(client.responses) == REQUESTS, "every request is served"
