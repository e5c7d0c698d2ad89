import threading

players = [("ann", [3, 4]), ("bob", [10]), ("cy", [1, 1, 5]), ("dee", [7])]
scores = {name: 0 for name, _ in players}
lock = threading.Lock()

def play(name, points):
    for p in points:
        with lock:
            scores[name] = scores[name] + p

threads = [threading.Thread(target=play, args=(n, ps), name=n) for n, ps in players]
for t in threads:
    t.start()
for t in threads:
    t.join()

def by_score(name):
    return scores[name]

ranking = sorted(scores, key=by_score, reverse=True)
print(ranking)
print(max(scores, key=scores.get), min(scores, key=lambda n: scores[n]))
pairs = [(1, "b"), (0, "a"), (1, "a"), (0, "c")]
print(sorted(pairs, key=lambda p: p[0]), sorted(pairs, key=lambda p: p[0], reverse=True))
words = ["pear", "fig", "banana", "kiwi"]
words.sort(key=len)
print(words)
words.sort(key=len, reverse=True)
print(words)
nums = [3, -1, 2, -5]
nums.sort(reverse=True)
print(nums, sorted(nums, key=abs), max(nums, key=abs), min([], default="none"), max(3, 9, 4, key=lambda x: -x))
print(sorted([1, 1.0, True], reverse=True) == [1, 1.0, True])
try:
    sorted([1, 2, 0], key=lambda x: 10 // x)
except ZeroDivisionError as e:
    print("caught", e)
print(sorted(["b", "A", "c"], key=str), min(["aa", "b"], key=len))
