x = 1234567.891
print(f"{x:,.2f}", f"{0.256:.1%}", f"{42:08.3f}", f"{'hi':^6}|", f"{12:x}", f"{5:b}", f"{7:+d}", f"{3.5:e}", f"{1e20:g}", f"{255:#x}", f"{-3:05d}", f"{'ab':*<5}", f"{2/3:.3}", f"{1000000:_}", f"{12.0:g}", f"{True:d}", f"{[1, 2]!r:>10}", f"{True}", f"{True:>6}", f"{None}", f"{None!r:>6}")
print('%5.1f|%-6s|%03d|%x|%r|%c|%+d|%.3d|%e|%g|%10.4s|' % (3.14159, 'ab', 7, 255, 'q', 65, 5, 7, 12345.678, 0.00001234, 'abcdefg'), '%(a)s-%(b)d' % {'a': 1, 'b': 2.7}, '%s' % [1, 2], '%s %s' % ('a', (1, 2)), '%d' % 3.9, '%i' % True, '%.2f%%' % 50, '%*d|%-*d|' % (4, 7, 3, 8), '%.*f' % (2, 3.14159), "%#x %#o %5.2e %G" % (255, 8, 1234.5, 1e-10))
print('{0}{1}{0}|{x:>4}'.format('a', 'b', x=7), '{:{w}.{p}f}'.format(3.14159, w=8, p=2), '{0[1]} {1[k]} {{}}'.format([1, 2], {'k': 'v'}), '{!r:>6}'.format('a'), '{:,}'.format(10 ** 6), "{} and {}".format(1, "b"), format(3.14159, ".2f"), format(42), format(7, "03"))
print("Run child process %s (%s)..." % ("test", 42), "Thread %s: %d items in %.3f s" % ("w1", 10, 0.5))
class P:
    def __init__(self):
        self.x = 3
print("{p.x} {0.x}".format(P(), p=P()))
for e in [
    lambda: "%d" % "x",
    lambda: "%s %s" % (1,),
    lambda: "%s" % (1, 2),
    lambda: "%x" % 2.5,
    lambda: format(2.5, "d"),
    lambda: format("s", "d"),
    lambda: format(3, ".2d"),
    lambda: format("s", "+"),
    lambda: "{} {0}".format(1, 2),
    lambda: "{2}".format(1),
    lambda: "{x}".format(y=1),
    lambda: "{".format(),
    lambda: "%(a)s" % {},
    lambda: "%z" % 1,
    lambda: "{:q}".format(3),
    lambda: format(3, ",x"),
    lambda: "}".format(),
    lambda: "{0!x}".format(1),
]:
    try:
        e()
        print('no error')
    except Exception as ex:
        print(type(ex).__name__, ex)
