import threading
import logging

class Account:
    def __init__(self, owner, balance):
        self.owner = owner
        self.balance = balance

    def __repr__(self):
        return f"Account({self.owner!r}, {self.balance})"

    def __str__(self):
        return f"{self.owner}: {self.balance}"

class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __repr__(self):
        return "Point(%d, %d)" % (self.x, self.y)

class Base:
    def __str__(self):
        return "base " + type(self).__name__

class Child(Base):
    pass

class Plain:
    pass

a = Account("ann", 10)
p = Point(1, 2)
print(a, p, Child())
print(str(a), repr(a), str(p), repr(p), f"{a}", f"{a!r}", f"{p!s:>12}|", f"[{a!r:^22}]")
s = str(a) + " / " + repr(p)
print(s, len(str(Child())))
print("x", a, sep=" | ", end=" .\n")
print(type(Plain()).__name__, str(3), repr("q"))
lock = threading.Lock()
out = []
def show(acct):
    with lock:
        out.append(str(acct))
ts = [threading.Thread(target=show, args=(Account(n, i),)) for i, n in enumerate("xyz")]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(out))

class Bad:
    def __str__(self):
        return 42
try:
    str(Bad())
except TypeError as e:
    print("TypeError", e)
try:
    f"{p:>12}"
except TypeError as e:
    print("TypeError", e)
