import threading

s = {3, 1, 2, 3}
s.add(4)
s.discard(1)
s.discard(99)
print(sorted(s), len(s), 2 in s, 9 not in s, s == {2, 3, 4}, {1} < {1, 2}, {1, 2} <= {1, 2}, {1, 2} > {2})
print(sorted(s | {9}), sorted(s & {2, 3, 7}), sorted(s - {2}), sorted(s ^ {4, 5}))
e = set()
print(e, len(e), bool(e), bool(s), set([1, 1, 2]) == {1, 2}, repr({5}), set("aab") == {"a", "b"})
sq = {x * x for x in range(-3, 4)}
print(sorted(sq), sorted({c for c in "hello" if c != "l"}))
u = {1, 2}
u.update([2, 3], (4,))
print(sorted(u), sorted(u.union({9})), sorted(u.intersection([1, 2, 7])), sorted(u.difference({1})), u.issubset({1, 2, 3, 4, 5}), u.issuperset([1]), u.isdisjoint({8}))
alias = u
u |= {10}
u -= {1}
print(sorted(alias), alias is u)
try:
    u.remove(42)
except KeyError as k:
    print("KeyError", k)
try:
    {[1]}
except TypeError as t:
    print(t)
try:
    set().pop()
except KeyError as k:
    print("empty", k)
print(isinstance(u, set), type(u).__name__, f"{len({1, 2})}")
seen = set()
lock = threading.Lock()
def crawl(urls):
    for url in urls:
        with lock:
            if url in seen:
                continue
            seen.add(url)
ts = [threading.Thread(target=crawl, args=(["a", "b", "c"],)), threading.Thread(target=crawl, args=(["b", "c", "d"],))]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(seen), len(seen))
