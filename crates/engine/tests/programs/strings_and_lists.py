import math
words = "the quick  brown fox".split()
print(words, "-".join(w.title() for w in words), "abc".isalpha(), "42".zfill(5), "a,b".partition(","), "Hi".center(6, "*"), "x".join("abc"))
nums = list(range(10))
del nums[0]
del nums[-2:]
d = {"a": 1, "b": 2}
del d["a"]
print(nums, d, nums.pop(0), nums[::3])
for i in range(3):
    if i == 5:
        break
else:
    print("no break")
n = 0
while n < 3:
    n += 1
else:
    print("while else", n)
try:
    x = 1
except ValueError:
    pass
else:
    print("try else")
finally:
    print("finally")
print(math.floor(2.7), math.ceil(2.1), math.gcd(12, 18), math.gcd(0, -4), math.log(8, 2), math.floor(-2.5), math.inf > 1e308, 1 < 2 < 3, 3 if n > 2 else 4, -7 % 3, 2 ** 0.5)
print(*[1, 2, 3], sep=", ")
print("end", end="!\n")
s = "hello world"
print(s.count("o"), s.index("w"), s.rfind("o"), s.title(), s.capitalize(), s.swapcase(), s[1:-1], s.encode() if False else "", s.isupper(), " ".isspace(), "Ab1".isalnum())
print(list(reversed([1, 2, 3])), sorted("bca"), max("abc"), min([3, 1], default=0), abs(-2.5), pow(2, 10), hex(255), bin(5), oct(8), chr(65), ord("A"))
print("  x y  ".split(None, 1), "a b c".rsplit(None, 1), "a,b,c".rsplit(",", 1), "a\nb\r\nc".splitlines(), "ab".center(5, "-"), "a".center(4), "xxhixx".strip("x"), "they're bill's".title(), "-42".zfill(6), "ab".rjust(4, "0"))
print(pow(3, 4, 5), pow(-3, 3, 7), pow(2, -1), "py".startswith(("a", "p")), "test.py".endswith((".py", ".txt")), "a b".rpartition(" "), "abc".removeprefix("a"), "a1".isupper(), "A1".isupper(), "x".ljust(3) + "|")
xs = list(range(10))
del xs[::3]
print(xs)
