# Exception classes of the program's own: their __init__ runs, super().__init__
# sets the args, and their attributes and methods are there, as in CPython.
class AppError(Exception):
    def __init__(self, code, message):
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message

    def describe(self):
        return f"error {self.code}: {self.message}"

class Plain(Exception):
    pass

class NoSuper(ValueError):
    def __init__(self, x):
        self.x = x

try:
    raise AppError(404, "not found")
except AppError as e:
    print(e, e.code, e.message, e.args, e.describe(), repr(e))
try:
    raise Plain("a", 1)
except Exception as e:
    print(e, e.args)
try:
    raise NoSuper(5)
except ValueError as e:
    print(e, e.args, e.x)
e = AppError(500, "boom")
e.extra = [1, 2]
