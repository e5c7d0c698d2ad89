# A class of the program with the container and attribute protocols
# (__getitem__, __setitem__, __delitem__, __len__, __contains__,
# __iter__, __getattr__, __setattr__), which the interpreter calls for the
# operators and builtins as CPython does.
class Bag:
    def __init__(self):
        self._items = []
        self.log = []

    def __getitem__(self, i):
        return self._items[i]

    def __setitem__(self, i, v):
        self.log.append(("set", i))
        self._items[i] = v

    def __delitem__(self, i):
        del self._items[i]

    def __len__(self):
        return len(self._items)

    def __contains__(self, x):
        return x in self._items

    def __iter__(self):
        for x in self._items:
            yield x

    def add(self, x):
        self._items.append(x)


class Items:
    def __init__(self, d):
        self._d = d

    def items(self):
        return list(self._d.items())

    def keys(self):
        return list(self._d.keys())

    def __getitem__(self, k):
        return self._d[k]

    def __iter__(self):
        return iter(self._d)


class NS:
    def __init__(self):
        object.__setattr__(self, "_data", {})

    def __getattr__(self, k):
        if k in self._data:
            return self._data[k]
        raise AttributeError(k)

    def __setattr__(self, k, v):
        self._data[k] = v * 10


b = Bag()
for i in range(5):
    b.add(i * i)
b[1] = 100
del b[0]
print(len(b), b[0], b[-1], 9 in b, 7 in b, 7 not in b, 16 not in b)
print(list(b), sorted(b, reverse=True), sum(b), tuple(b), max(b))
for i, x in enumerate(b):
    print(i, x)
print(b.log)
it = Items({"a": 1, "b": 2})
print(dict(it), list(it))
n = NS()
n.count = 1
n.count += 1
print(n.count, getattr(n, "count"), hasattr(n, "zz"))
setattr(n, "y", 3)
print(n.y)
try:
    print(n.missing)
except AttributeError as e:
    print("AttributeError", e)
