# The playground's Python in sentences: syntax errors (crates/engine/src/py/
# lexer.rs, parser.rs, compile.rs), the frames around errors, what a step
# did (py/vm.rs), and a program's parameter problems.
#
# These sentences are made in English where they arise: the English is the
# contract's `message` and what the e2e tests match, so each English message
# here must stay EXACTLY the text the engine writes. The page says them in
# its language with `i18n::said`, which finds the message here whose English
# fits the sentence and fills its translation. Captures named $error,
# $wanted, $found, $after and $kind are phrases, said in turn; $line and
# $column are numbers; every other capture (names, values, Python's own
# exception texts, which CPython gives in English too) stays as it is.
# A test (i18n::tests) fails for an error message in the source that no
# pattern here fits.

## Frames
py-at = line { $line }, column { $column }: { $error }
py-does-not-compile = the program does not compile: { $error }
py-lesson-does-not-compile = the lesson's program does not compile: { $error }
py-raised = { $thread } raised { $error } (line { $line })
py-failed-at = { $thread } failed at line { $line }: { $error }
py-stopped-instructions = stopped after { $steps } steps and { $instructions } instructions: does a loop never end?
py-stopped-steps = stopped after { $steps } steps: does a loop never end?
py-too-long = the program is { $size } bytes long; the playground takes at most { $limit }

## Phrases inside other sentences
py-phrase-name = name `{ $name }`
py-phrase-number = a number
py-phrase-string = a string
py-phrase-newline = newline
py-phrase-indent = indent
py-phrase-dedent = dedent
py-phrase-end-of-file = end of file
py-phrase-expression-end = the end of the expression
py-phrase-a-name = a name
py-phrase-an-expression = an expression
py-phrase-an-index = an index
py-phrase-after-async = `def`, `for` or `with` after `async`
py-phrase-after-decorator = `def` or `class` after a decorator
py-phrase-after-generator = ')' after a generator expression
py-phrase-statement = `{ $word }` statement
py-phrase-clause = `{ $word }` clause
py-phrase-function-definition = function definition
py-phrase-class-definition = class definition
py-phrase-whole-number = a whole number
py-phrase-on-or-off = on or off
py-phrase-text = text

## The lexer
py-line-continuation = unexpected character after line continuation character
py-never-closed = '{ $bracket }' was never closed
py-unexpected-indentation = unexpected indentation
py-unexpected-indentation-capital = Unexpected indentation
py-unindent = unindent does not match any outer indentation level
py-invalid-number = invalid number `{ $number }`
py-leading-zeros = leading zeros in a number are not allowed (write 0o for octal)
py-number-too-large = { $number } is too large for the playground (at most { $limit })
py-unexpected-character = unexpected character `{ $char }`
py-bytes = bytes literals are not available here; use a string
py-missing-quote = missing closing quote in string literal
py-not-python = `{ $char }` is not Python
py-not-python-bang = `!` is not Python: write `not`
py-bracket-mismatch = closing parenthesis '{ $close }' does not match opening parenthesis '{ $open }'
py-unmatched = unmatched '{ $bracket }'
py-escape-cut = an escape sequence is cut short
py-escape-invalid = `{ $escape }` is not a valid escape
py-escape-not-a-character = `{ $escape }` is not a character

## The parser
py-expected-expression = Expected an expression
py-expected-found = Expected { $wanted }, found { $found }
py-too-deep = the program is nested too deeply (more than { $limit } levels)
py-keyword-as-name = `{ $name }` is a keyword and cannot be used as a name
py-without-statement = `{ $name }` without a matching statement before it
py-star-import-colon = `from ... import *` is not available here: name what you import
py-walrus = `:=` (the walrus operator) is not available here
py-assign-call = cannot assign to a function call
py-assign-literal = cannot assign to a literal
py-augmented-target = this expression cannot be the target of an augmented assignment
py-assign-expression = cannot assign to this expression
py-indented-block = Expected an indented block after { $after }
py-not-available = { $code } is not available here
py-star-parameters = `/` in parameters is not available here
py-after-star-parameters = parameters after `*args` or `**kwargs` are not available here
py-bare-star = a bare `*` in parameters is not available here; name it (`*args`)
py-duplicate-parameter = duplicate parameter `{ $name }`
py-default-order = a parameter without a default follows one with a default
py-try-alone = Expected `except` or `finally` after `try` block
py-kwargs-call = one `**` in a call is available here
py-keyword-repeated = keyword argument `{ $name }` repeated
py-positional-after-keyword = a positional argument follows a keyword argument
py-dict-unpack = `**` in a dict display is not available here
py-fstring-single-brace = f-string: single '{ "}" }' is not allowed
py-fstring-expecting-brace = f-string: expecting '{ "}" }'
py-fstring-empty = f-string: valid expression required before '{ "}" }'
py-fstring-conversion = f-string: invalid conversion character: expected 's', 'r', or 'a'
py-fstring-nested = f-string: nested replacement fields in a format spec are not available here

## Lowering (compile.rs)
py-duplicate-argument = duplicate argument '{ $name }' in function definition
py-too-many-locals = a function has too many local variables
py-nonlocal = no binding for nonlocal '{ $name }' found
py-cannot-assign = this cannot be assigned to
py-break-outside = 'break' outside loop
py-continue-outside = 'continue' not properly in loop
py-return-outside = 'return' outside function
py-del-global = `del` of a global or enclosing variable is not available here
py-del-this = `del` of this is not available here
py-import-from-module = `import { $module }` is not available here; import the module itself
py-star-import = `from ... import *` is not available here; name what you import
py-await-outside = 'await' outside async function
py-async-generator = async generators (`yield` in an `async def`) are not available here yet
py-async-for-else = `else` after `async for` is not available here
py-yield = `yield` here needs brackets around it: `(yield x)`
py-yield-outside = 'yield' outside function
py-yield-comprehension = `yield` inside a comprehension is not available (nor in Python 3.8 and later)
py-yield-lambda = `yield` inside a `lambda` is not available here; write a `def`
py-class-decorators = class decorators are not available here
py-starred-assignment = starred assignment target must be in a list or tuple
py-starred-twice = multiple starred expressions in assignment
py-walrus-target = cannot use an assignment expression (`:=`) here: its target must be a name
py-walrus-comprehension = `:=` inside a comprehension is not available here
py-unpack-too-many = too many names to unpack
py-default-order-compile = parameter without a default follows parameter with a default
py-star-unpacking = `*` unpacking here is not available in the playground
py-keyword-repeated-compile = keyword argument repeated: { $name }
py-comprehension-for = a comprehension needs a `for`
py-unknown-module = `import { $module }` is not available here; the playground knows threading, queue, time, random, logging, math, itertools, concurrent.futures, asyncio, multiprocessing, ctypes, os and interleave
py-super-outside = `super()` without arguments works here in a method of a class defined at the top of the program; elsewhere write `super(Class, self)`

## The playground's own errors while a program runs (after the exception's name)
py-run-unknown-module = NameError: `import { $module }` is not available here; the playground knows threading, queue, time, random, logging, math, itertools, concurrent.futures, asyncio, multiprocessing, ctypes, os and interleave
py-run-too-many-objects = MemoryError: the program holds more than { $limit } objects
py-run-sorting = MemoryError: sorting more than { $limit } items is not available here
py-run-too-large = ArithmeticError: the number is too large for the playground (more than 64 bits)
py-run-recursion = RecursionError: maximum recursion depth exceeded (the playground allows { $limit } calls deep)
py-run-too-many-threads = RuntimeError: the playground starts at most { $limit } threads beside the main thread, ended ones included
py-run-join-main = RuntimeError: joining MainThread from another thread is not available here
py-run-subclass-builtin = TypeError: a class cannot derive from `{ $name }` here
py-run-key = NotImplementedError: a '{ $name }' cannot be a key= in the playground; give a function, a lambda, a builtin such as len, or a dict's get
py-run-wait-for-predicate = NotImplementedError: wait_for(predicate): the predicate must be a function or a lambda in the playground
py-run-cycle-whole = MemoryError: an itertools.cycle never ends: taking all its items would fill the memory
py-run-count-zero = ValueError: itertools.count(step=0) is not available here (it would give its start for ever)
py-run-format-width = ValueError: a width or precision over { $limit } is not available here
py-run-type-of = NotImplementedError: type() of a '{ $name }' is not available in the playground
py-run-setattr-name = NotImplementedError: setattr() with a name the program never writes ('{ $name }') is not available in the playground

## A lock or condition used wrongly (the playground's words, after "failed at line")
py-run-unheld = used { $cv } without holding { $lock }
py-run-released-unheld = released { $name }, which it does not hold

## A failed assert's detail
py-assert-failed = the assert at line { $line } failed
py-assert-at = the assert at line { $line }
py-assert-left-right = { $left } (left) against { $right } (right)

## What a step did (beside the actor's line, and in step mode's story)
py-did-ends = ends
py-did-yields = yields: another thread may run now
py-did-yield-back = goes on after its yield
py-did-reads-shared = reads a shared variable = { $value }
py-did-reads = reads { $name } = { $value }
py-did-writes = writes { $name } = { $value }
py-did-writes-lost = writes { $name } = { $value } over { $old_name } = { $old }: { $writer }'s update is lost
py-did-reads-index = reads [{ $index }] = { $value }
py-did-next-item = takes the next item of a shared list: { $value }
py-did-no-next-item = finds no next item in a shared list: its loop ends
py-did-prints = prints { $text }
py-did-calls = calls .{ $method }({ $args }) on a shared { $type }
py-did-starts = starts thread { $name }
py-did-starts-process = starts process { $name }

## A program's parameter it could not use (the program's param(...))
py-param-kind = { $name } must be { $kind }; got { $raw }, so it is { $value }
py-param-range = { $name } must be between { $low } and { $high }; got { $got }
py-param-choice = { $name } must be one of { $choices }; got { $got }

## The explorer
py-livelock = { $threads } can go on forever without getting anywhere: after step { $at }, { $cycle } more steps, in which every thread that could run takes a turn, bring the program back to the same state
py-starvation = { $starved } can starve: after step { $at }, { $cycle } more steps of { $threads } bring the program back to the same state, and { $again } could go on at times in them but is never chosen

## The lessons' own words: each lesson's checks (its asserts' messages) and
## the labels of what it reports, exactly as the lesson files write them, so
## a page in another language says them in it. A student's edit that changes
## one leaves it as written: the program's own words.
py-lesson-barrier-early = no worker starts phase k+1 before every worker finished phase k
py-lesson-barrier-finished = every worker finishes every phase
py-lesson-barrier-waited = phase { $phase }: the first to arrive waited (ms)
py-lesson-buffer-bounds = the buffer never holds fewer than 0 or more than capacity items
py-lesson-buffer-once = every item is consumed exactly once
py-lesson-buffer-order = each producer's items leave in the order it made them
py-lesson-pool-bound = never more connections in use than the pool has
py-lesson-pool-served = every client is served
py-lesson-deadlock-meals = every worker gets both locks every round
py-lesson-deadlock-retries = retries (timeout strategy)
py-lesson-event-early = no worker works before ready is set
py-lesson-event-stopped = every worker stops after shutdown
py-lesson-primes-found = 9 of the 20 numbers are prime
py-lesson-primes-once = every number is checked exactly once
py-lesson-race-lost = no increment is lost
py-lesson-race-expected = expected total
py-lesson-race-actual = actual total
py-lesson-limiter-window = no window of time admits more than burst + rate × its length
py-lesson-limiter-served = every request is served
py-lesson-limiter-at = admitted at (ms)
py-lesson-spinner-answer = slow() answers 42
py-lesson-workers-once = every job is processed or reported exactly once
py-lesson-workers-processed = processed (jobs)
py-lesson-workers-failed = reported failed (jobs)
py-lesson-race-lost-updates = lost updates
py-lesson-primes-checked = numbers checked
py-lesson-primes-primes = primes found
py-lesson-limiter-admitted = admitted
py-lesson-spinner-answer-label = answer
py-lesson-gather-time = tasks that overlap take as long as the longest, and awaited one by one the sum
py-lesson-gather-results = each request's result in its place: its data, its error, or 已取消 when its TaskGroup cancelled it
py-lesson-gather-elapsed = seconds, all the requests
py-lesson-gather-expected = seconds, as the notes reckon
py-lesson-timeout-time = a cancelled task ends after its cleanup, the timeout plus 0.1 s
py-lesson-timeout-cleanup = the cleanup runs exactly when the task is cancelled
py-lesson-timeout-result = a cancelled task gives no result
py-lesson-timeout-elapsed = seconds until the result or the timeout
py-lesson-async-spinner-turns = the spinner turns while slow() awaits, and not at all while it blocks the loop
py-lesson-async-spinner-frames = frames the spinner drew
py-lesson-processes-reaches = every increment reaches the parent
py-lesson-processes-expected = increments made
py-lesson-processes-total = what the parent sees
# A run's checks, one after another.
py-check-list = { $error }; { $found }
# A long value in the shared data, in brief.
py-brief-items = a { $type } of { $n } items

## A schedule in a link that cannot be read (schedule.rs, ScheduleError)
py-schedule-too-long = the schedule is longer than { $max } characters
py-schedule-no-checksum = the schedule has no checksum (was it cut short?)
py-schedule-bad-checksum = the schedule's checksum does not match (it was changed or cut)
py-schedule-bad-run = run { $index } of the schedule cannot be read
py-schedule-too-many-steps = the schedule has more than { $max } steps
