# 游乐场的 Python 的句子（见 en/python.ftl 的说明：英文是引擎写出的原文，
# 这里是页面显示的译文；Python 自己的异常文字与 CPython 一样保留英文）。

## Frames
py-at = 第 { $line } 行，第 { $column } 列：{ $error }
py-does-not-compile = 程序无法编译：{ $error }
py-lesson-does-not-compile = 课程的程序无法编译：{ $error }
py-raised = { $thread } 抛出了 { $error }（第 { $line } 行）
py-failed-at = { $thread } 在第 { $line } 行失败：{ $error }
py-stopped-instructions = 执行了 { $steps } 步、{ $instructions } 条指令后停止：是不是有个循环永远不会结束？
py-stopped-steps = 执行了 { $steps } 步后停止：是不是有个循环永远不会结束？
py-too-long = 程序有 { $size } 字节；游乐场最多接受 { $limit } 字节

## Phrases inside other sentences
py-phrase-name = 名字 `{ $name }`
py-phrase-number = 数字
py-phrase-string = 字符串
py-phrase-newline = 换行
py-phrase-indent = 缩进
py-phrase-dedent = 缩进结束
py-phrase-end-of-file = 文件结尾
py-phrase-expression-end = 表达式的结尾
py-phrase-a-name = 一个名字
py-phrase-an-expression = 一个表达式
py-phrase-an-index = 一个下标
py-phrase-after-async = `async` 之后的 `def`、`for` 或 `with`
py-phrase-after-decorator = 装饰器之后的 `def` 或 `class`
py-phrase-after-generator = 生成器表达式之后的 ')'
py-phrase-statement = `{ $word }` 语句
py-phrase-clause = `{ $word }` 子句
py-phrase-function-definition = 函数定义
py-phrase-class-definition = 类定义
py-phrase-whole-number = 整数
py-phrase-on-or-off = 开或关
py-phrase-text = 文字

## The lexer
py-line-continuation = 续行符（\）之后出现了意外的字符
py-never-closed = '{ $bracket }' 始终没有闭合
py-unexpected-indentation = 意外的缩进
py-unexpected-indentation-capital = 意外的缩进
py-unindent = 取消缩进后的位置与外层的任何缩进都不对齐
py-invalid-number = 无效的数字 `{ $number }`
py-leading-zeros = 数字不能以 0 开头（八进制请写 0o）
py-number-too-large = { $number } 对游乐场来说太大了（最大为 { $limit }）
py-unexpected-character = 意外的字符 `{ $char }`
py-bytes = 这里不支持 bytes 字面量；请用字符串
py-missing-quote = 字符串字面量缺少结尾的引号
py-not-python = `{ $char }` 不是 Python 的写法
py-not-python-bang = `!` 不是 Python 的写法：请写 `not`
py-bracket-mismatch = 右括号 '{ $close }' 与左括号 '{ $open }' 不匹配
py-unmatched = 多余的 '{ $bracket }'，没有与之配对的左括号
py-escape-cut = 转义序列不完整
py-escape-invalid = `{ $escape }` 不是有效的转义序列
py-escape-not-a-character = `{ $escape }` 不是一个字符

## The parser
py-expected-expression = 这里应是一个表达式
py-expected-found = 这里应是{ $wanted }，却遇到了{ $found }
py-too-deep = 程序嵌套得太深了（超过 { $limit } 层）
py-keyword-as-name = `{ $name }` 是关键字，不能用作名字
py-without-statement = `{ $name }` 之前没有与之配对的语句
py-star-import-colon = 这里不支持 `from ... import *`：请写明要导入的名字
py-walrus = 这里不支持 `:=`（海象运算符）
py-assign-call = 不能给函数调用赋值
py-assign-literal = 不能给字面量赋值
py-augmented-target = 这个表达式不能作为增量赋值的目标
py-assign-expression = 不能给这个表达式赋值
py-indented-block = { $after }之后应有一个缩进的代码块
py-not-available = 这里不支持 { $code }
py-star-parameters = 这里的参数不支持 `/`
py-after-star-parameters = 这里不支持写在 `*args` 或 `**kwargs` 之后的参数
py-bare-star = 这里的参数不支持单独的 `*`；请给它起个名字（`*args`）
py-duplicate-parameter = 参数 `{ $name }` 重复了
py-default-order = 没有默认值的参数跟在了有默认值的参数之后
py-try-alone = `try` 代码块之后应有 `except` 或 `finally`
py-kwargs-call = 这里一次调用只能有一个 `**`
py-keyword-repeated = 关键字参数 `{ $name }` 重复了
py-positional-after-keyword = 位置参数跟在了关键字参数之后
py-dict-unpack = 这里的字典字面量不支持 `**`
py-fstring-single-brace = f-string：不允许单独的 '{ "}" }'
py-fstring-expecting-brace = f-string：这里应有 '{ "}" }'
py-fstring-empty = f-string：'{ "}" }' 之前需要一个有效的表达式
py-fstring-conversion = f-string：无效的转换字符：应为 's'、'r' 或 'a'
py-fstring-nested = f-string：这里不支持格式说明中嵌套的替换字段

## Lowering (compile.rs)
py-duplicate-argument = 函数定义中的参数 '{ $name }' 重复了
py-too-many-locals = 函数的局部变量太多了
py-nonlocal = 找不到 nonlocal '{ $name }' 所绑定的变量
py-cannot-assign = 不能给它赋值
py-break-outside = 'break' 在循环之外
py-continue-outside = 'continue' 不在循环之中
py-return-outside = 'return' 在函数之外
py-del-global = 这里不支持对全局变量或外层变量使用 `del`
py-del-this = 这里不支持对它使用 `del`
py-import-from-module = 这里不支持 `import { $module }`；请导入模块本身
py-star-import = 这里不支持 `from ... import *`；请写明要导入的名字
py-await-outside = 'await' 出现在 async 函数之外
py-async-generator = 这里暂不支持异步生成器（`async def` 里的 `yield`）
py-async-for-else = 这里不支持 `async for` 之后的 `else`
py-yield = 这里的 `yield` 需要加括号：`(yield x)`
py-yield-outside = 'yield' 出现在函数之外
py-yield-comprehension = 推导式里不能用 `yield`（Python 3.8 起也不能）
py-yield-lambda = 这里不支持在 `lambda` 里用 `yield`；请写一个 `def`
py-class-decorators = 这里不支持类装饰器
py-starred-assignment = 带星号的赋值目标必须放在列表或元组里
py-starred-twice = 赋值中有多个带星号的表达式
py-walrus-target = 这里不能用赋值表达式（`:=`）：它的目标必须是一个名字
py-walrus-comprehension = 这里不支持在推导式里使用 `:=`
py-unpack-too-many = 要解包的名字太多
py-default-order-compile = 没有默认值的参数跟在了有默认值的参数之后
py-star-unpacking = 游乐场不支持在这里用 `*` 解包
py-keyword-repeated-compile = 关键字参数重复了：{ $name }
py-comprehension-for = 推导式需要一个 `for`
py-unknown-module = 这里没有 `import { $module }`；游乐场认识 threading、queue、time、random、logging、math、itertools、concurrent.futures、asyncio、multiprocessing、ctypes、os 和 interleave
py-super-outside = 这里只有在程序顶层定义的类的方法中才能使用不带参数的 `super()`；在其他地方请写 `super(Class, self)`

## The playground's own errors while a program runs (after the exception's name)
py-run-unknown-module = NameError：这里没有 `import { $module }`；游乐场认识 threading、queue、time、random、logging、math、itertools、concurrent.futures、asyncio、multiprocessing、ctypes、os 和 interleave
py-run-too-many-objects = MemoryError：程序持有的对象超过了 { $limit } 个
py-run-sorting = MemoryError：这里不支持对超过 { $limit } 个元素排序
py-run-too-large = ArithmeticError：这个数对游乐场来说太大了（超过 64 位）
py-run-recursion = RecursionError：超过了最大递归深度（游乐场最多允许 { $limit } 层调用）
py-run-too-many-threads = RuntimeError：游乐场在主线程之外最多启动 { $limit } 个线程（已结束的也算在内）
py-run-join-main = RuntimeError：游乐场不支持在另一个线程中 join MainThread
py-run-subclass-builtin = TypeError：这里的类不能继承 `{ $name }`
py-run-key = NotImplementedError：游乐场里 '{ $name }' 不能作为 key=；请给一个函数、一个 lambda、len 这样的内置函数，或字典的 get
py-run-wait-for-predicate = NotImplementedError：wait_for(predicate)：在游乐场里 predicate 必须是函数或 lambda
py-run-cycle-whole = MemoryError：itertools.cycle 永远不会结束：取出它的全部元素会占满内存
py-run-count-zero = ValueError：这里不能用 itertools.count(step=0)（它会永远给出起始值）
py-run-format-width = ValueError：这里的宽度或精度不能超过 { $limit }
py-run-type-of = NotImplementedError：游乐场里不能对 '{ $name }' 使用 type()
py-run-setattr-name = NotImplementedError：游乐场里不能用 setattr() 设置程序从未写过的名字（'{ $name }'）

## 锁或条件变量用错了（游乐场自己的话，接在“在第几行失败”之后）
py-run-unheld = 没有持有 { $lock } 就使用了 { $cv }
py-run-released-unheld = 释放了 { $name }，但并没有持有它

## A failed assert's detail
py-assert-failed = 第 { $line } 行的 assert 失败了
py-assert-at = 第 { $line } 行的 assert
py-assert-left-right = 左边是 { $left }，右边是 { $right }

## What a step did (beside the actor's line, and in step mode's story)
py-did-ends = 结束
py-did-yields = 让出：其他线程现在可以运行
py-did-yield-back = 让出之后继续运行
py-did-reads-shared = 读取一个共享变量 = { $value }
py-did-reads = 读取 { $name } = { $value }
py-did-writes = 写入 { $name } = { $value }
py-did-writes-lost = 写入 { $name } = { $value }，覆盖了 { $old_name } = { $old }：{ $writer } 的更新丢失了
py-did-reads-index = 读取 [{ $index }] = { $value }
py-did-next-item = 取出共享列表的下一项：{ $value }
py-did-no-next-item = 共享列表中没有下一项：循环结束
py-did-prints = 打印 { $text }
py-did-calls = 对一个共享的 { $type } 调用 .{ $method }({ $args })
py-did-starts = 启动线程 { $name }
py-did-starts-process = 启动进程 { $name }

## A program's parameter it could not use (the program's param(...))
py-param-kind = { $name } 必须是{ $kind }；收到的是 { $raw }，所以取 { $value }
py-param-range = { $name } 必须在 { $low } 和 { $high } 之间；收到的是 { $got }
py-param-choice = { $name } 必须是 { $choices } 之一；收到的是 { $got }

## The explorer
py-livelock = { $threads } 可能永远进行下去而毫无进展：在第 { $at } 步之后，再走 { $cycle } 步（每个能运行的线程都轮到了）程序又回到同一个状态
py-starvation = { $starved } 可能饿死：在第 { $at } 步之后，{ $threads } 再走 { $cycle } 步，程序又回到同一个状态；其间 { $again } 有时本可以继续运行，却从未被选中

## 各课程自己的话：每个课程的检查（它的 assert 消息）和它报告的数值的标签。
py-lesson-barrier-early = 没有哪个工作线程在所有工作线程完成第 k 阶段之前就开始第 k+1 阶段
py-lesson-barrier-finished = 每个工作线程都完成了每个阶段
py-lesson-barrier-waited = 第 { $phase } 阶段：最先到达者等待的时间（ms）
py-lesson-buffer-bounds = 缓冲区中的数据项从不少于 0 个，也从不多于 capacity 个
py-lesson-buffer-once = 每个数据项恰好被消费一次
py-lesson-buffer-order = 每个生产者的数据项按它生产的顺序离开缓冲区
py-lesson-pool-bound = 同时在用的连接从不多于连接池拥有的连接
py-lesson-pool-served = 每个客户端都得到了服务
py-lesson-deadlock-meals = 每个工作线程在每一轮都拿到了两把锁
py-lesson-deadlock-retries = 重试次数（timeout 策略）
py-lesson-event-early = 在 ready 被设置之前，没有哪个工作线程开始工作
py-lesson-event-stopped = shutdown 之后，每个工作线程都停了下来
py-lesson-primes-found = 20 个数中有 9 个是素数
py-lesson-primes-once = 每个数恰好被检查一次
py-lesson-race-lost = 没有任何一次递增丢失
py-lesson-race-expected = 期望总数
py-lesson-race-actual = 实际总数
py-lesson-limiter-window = 任何一段时间窗口放行的请求都不超过 burst + rate × 窗口长度
py-lesson-limiter-served = 每个请求都得到了服务
py-lesson-limiter-at = 放行时刻（ms）
py-lesson-spinner-answer = slow() 返回 42
py-lesson-workers-once = 每个作业恰好被处理一次或被报告失败一次
py-lesson-workers-processed = 已处理（作业数）
py-lesson-workers-failed = 报告失败（作业数）
py-lesson-race-lost-updates = 丢失的更新
py-lesson-primes-checked = 检查过的数
py-lesson-primes-primes = 找到的素数
py-lesson-limiter-admitted = 放行的请求
py-lesson-spinner-answer-label = 答案
py-lesson-gather-time = 相互重叠的任务总耗时等于最长的那个，逐个 await 则是各自之和
py-lesson-gather-results = 每个请求的结果都在它自己的位置上：它的数据、它的异常，或在 TaskGroup 取消它时为“已取消”
py-lesson-gather-elapsed = 秒，全部请求
py-lesson-gather-expected = 秒，按讲义的算法
py-lesson-timeout-time = 被取消的任务在清理之后才结束，即超时时间再加 0.1 秒
py-lesson-timeout-cleanup = 清理代码恰好在任务被取消时执行
py-lesson-timeout-result = 被取消的任务不给出结果
py-lesson-timeout-elapsed = 秒，直到得到结果或超时
py-lesson-async-spinner-turns = slow() await 时指针在转，slow() 阻塞事件循环时指针一下也不转
py-lesson-async-spinner-frames = 指针画出的帧数
py-lesson-processes-reaches = 每一次递增都传到了父进程
py-lesson-processes-expected = 做了的递增次数
py-lesson-processes-total = 父进程看到的计数
py-check-list = { $error }；{ $found }
py-brief-items = { $type }，共 { $n } 项

## 链接中无法读取的调度
py-schedule-too-long = 调度超过 { $max } 个字符
py-schedule-no-checksum = 调度没有校验和（是不是被截断了？）
py-schedule-bad-checksum = 调度的校验和不匹配（它被改动过或被截断了）
py-schedule-bad-run = 无法读取调度中的第 { $index } 段
py-schedule-too-many-steps = 调度超过 { $max } 步
