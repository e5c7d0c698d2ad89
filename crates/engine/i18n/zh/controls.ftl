# 课程页面：运行控件、运行状态、挑战、代码视图、事件日志、实时视图的说明，
# 以及描述一次运行的用语。契约用语（结局、后端名、参数名）保留为变量。

## 后端，按选择框中的叫法

ctl-backend-workers = Web Worker（真实线程）
ctl-backend-eventloop = 事件循环（单线程，协作式）
ctl-backend-sim = 单步执行（确定性模拟器）
ctl-backend-unavailable = { $backend }：不可用，{ $why }

## 课程与控件

ctl-lesson-summary = 课程内容
ctl-settings = 设置：{ $values }
ctl-settings-wrong = 设置（有一项的值有误，点开查看原因）：{ $values }
ctl-setting = { $label }：{ $value }
ctl-edit-program = 编辑程序
ctl-edited-note = 你正在运行自己修改过的课程程序：运行、单步执行和探索都使用下面的代码，本页的链接也带着它。
ctl-timing-any = 任意时序（timing=any）：sleep、一段计算或一个超时在调度器选中它的线程时就结束，所以这次运行可能走出时钟本不允许的顺序；虚拟时间保持不动。
ctl-fallback = 真实线程无法在这里运行（{ $reason }），因此本课改在{ $backend }上运行：{ $why }。
ctl-fallback-not-isolated = 此页面没有跨源隔离
ctl-fallback-no-pool = Web Worker 线程池没有启动
ctl-fallback-name-sim = 单步执行模拟器
ctl-fallback-name-eventloop = 事件循环
ctl-fallback-name-workers = Web Worker
ctl-fallback-why-sim = 它以虚拟时间、一次一步地交错执行同样的线程
ctl-fallback-why-eventloop = 它的任务在页面唯一的线程上轮流运行
ctl-open-with-threads = 用真实线程打开 ↗
ctl-threads-offer = 真实线程需要跨源隔离的页面，而此页面没有隔离。事件循环在这里可以使用。
ctl-threads-offer-framed = 真实线程需要跨源隔离的页面，而此页面没有隔离（嵌入它的课程页面没有隔离）。事件循环在这里可以使用。
ctl-workers-not-yet = Web Worker 暂时还不能运行：{ $why }
ctl-workers-not-here = Web Worker 无法在这里运行：请选择事件循环或单步执行，或用真实线程打开此页面。
ctl-backend-note = 在 { $backend } 上：{ $why }
ctl-run = 运行
ctl-run-both = 两个都运行
ctl-run-never-threads = 真实线程无法在这里运行：请选择其他后端
ctl-run-fix-field = 请先修正标出的字段
ctl-stop = 停止
ctl-reset = 重置
ctl-present = 投影模式
ctl-present-leave = 退出投影模式
ctl-present-title = 为投影仪使用大字和粗线（课程会以此模式重新打开：present=1）
ctl-step-by-step = 单步执行
ctl-step = 下一步
ctl-run-to-end = 运行到结束
ctl-seed = 种子
ctl-seed-help = 相同的种子给出相同的运行
ctl-timescale = 时间倍率
ctl-timescale-option = 放慢 { $n } 倍
ctl-timescale-help = 每次休眠、每段计算和每个超时都延长这么多倍，便于观察
ctl-compare = 对比
ctl-compare-none = 不对比（只运行一次）
ctl-compare-help = 之后在另一个后端上运行同一场景，并在同一时间轴上查看两者
ctl-param-kept = { $why }。在修正之前，保留上一个有效值 { $kept }。

## 舞台：旋转指针、帧间隔、单步执行、程序输出

ctl-spinner-label = 旋转指针，由主线程在每个动画帧绘制
ctl-spinner-caption = 主线程的旋转指针：运行期间它一直在转，页面一旦被阻塞它就停下。
ctl-frames-label = 运行期间主线程动画帧之间的间隔，对数刻度
ctl-frames-caption = 运行期间主线程帧之间的间隔（对数刻度）。蓝色：流畅；橙色：超过 { $ms } ms；朱红色：超过 250 ms（页面被冻结）。
ctl-who-runs-next = 下一步谁运行
ctl-choose-next = 选择下一步谁运行：
ctl-actor-n = 执行者 { $n }
ctl-story-label = 每一步做了什么，最新的在前
ctl-output-caption = 程序打印的内容
ctl-output-nothing = （它什么也没有打印）
ctl-output-nothing-yet = （还没有打印任何内容）

## 运行状态

ctl-status-idle = 请按“运行”。
ctl-status-sim-progress = 第 { $steps } 步 · 虚拟时间 { $time }
ctl-status-manual = 单步执行：按“下一步”，或选择下一步谁运行。
ctl-status-simulating = 模拟中…
ctl-status-running = 运行中… { $seconds } s
ctl-status-gap-so-far = 目前最长的帧间隔：{ $ms } ms
ctl-status-finishing = 正在结束…
ctl-answer = 答案：{ $value }
ctl-answer-completed = 已完成。
ctl-answer-cancelled = 已停止。
ctl-answer-deadlock = 死锁。
ctl-answer-invariant-violated = 检查未通过。
ctl-answer-failed = 运行失败。
ctl-wait-for-cycle = 等待环：
ctl-metric-outcome = 结局
ctl-metric-check = 检查
ctl-metric-virtual-time = 虚拟时间
ctl-metric-steps = 步数
ctl-metric-real-time = 模拟所用的真实时间
ctl-metric-wall-time = 实际耗时
ctl-metric-max-gap = 最长帧间隔
ctl-metric-trace-digest = 轨迹摘要
ctl-compared-hint = 每次运行的数据都在上方的对比中，位于其后端名称之下。
ctl-replay = 原样重放这次运行
ctl-replay-schedule = （链接中带有模拟器所采用的调度）
ctl-replay-seed = （它的调度有 { $kib } KiB，太长，放不进链接：这个链接按种子重放，除非有步骤是手动选择的，否则会得到同样的运行）
ctl-results-caption = 本次运行的测量结果
ctl-actors-caption = 每个执行者的时间，ms（占其生命期的比例）
ctl-actors-caption-sim = 每个执行者的时间，虚拟 ms（占其生命期的比例），以及所走的步数
ctl-col-actor = 执行者
ctl-col-busy = 忙碌
ctl-col-blocked = 阻塞
ctl-col-waiting = 等待
ctl-col-sleeping = 休眠
ctl-col-ready = 就绪（等待轮到它）
ctl-col-ready-title = 可以运行，正在等待事件循环唯一的线程
ctl-col-steps = 步数

## 挑战

ctl-challenge-solved = { $solved } 用“探索”可以看到这个程序所有可能的结局。

## 代码视图、事件日志、实时视图

ctl-code-caption = 代码，每个执行者标在它当前所在的行
ctl-code-caption-short = 代码，标出每个执行者所在的行
ctl-code-chip-title = { $state } · 局部变量：{ $locals }
ctl-code-locals-title = { $name } 此刻的局部变量
ctl-shared-label = 线程此刻共享的内容
ctl-shared-caption = 此刻的共享数据（模块变量及其对象的属性；不含大写常量）
ctl-log-all = 全部
ctl-log-actor = 执行者
ctl-log-object = 对象
ctl-log-label = 事件日志
ctl-log-caption = 事件日志，最新的在前：已记录的 { $recorded } 个事件中的最后 { $shown } 个
ctl-log-caption-thinned = 事件日志，最新的在前：已记录的 { $recorded } 个事件中的最后 { $shown } 个（共产生 { $emitted } 个；页面每帧最多记录 8,192 个，其余的不进入日志和时间线；总数和最终视图是准确的）
ctl-log-named = { $name }：{ $state }
ctl-log-actor-line = { $actor }：{ $state }（第 { $line } 行）
ctl-log-virtual = （虚拟时间）
ctl-log-final = （最终，精确）
ctl-log-unrecorded = … { $n } 个事件未记录 …
ctl-timeline-caption = 时间线：每个执行者在做什么
ctl-timeline-instant = 在模拟器上只有 sleep 和计算会花时间，而本次运行没有哪一步花了时间：若按时间画，各条泳道都会停在 0 ms，所以时间线改为按事件绘制。线程的标记是它自己的一个事件（走到另一行，或状态改变）；两个标记之间的浅色条表示它可以继续：它在等轮到自己，或者走了几步却仍在同一行（同一行上的一次读和一次写是两步、一个事件）。用“单步执行”可以一步一步看清每一步。
ctl-timeline-instant-short = 本次运行没有哪一步花了虚拟时间（只有 sleep 和计算才花），所以时间线按事件的先后顺序绘制。
ctl-timeline-tasks = 标有 ↳ 的行是 asyncio 任务。它们的事件循环运行在调用 asyncio.run() 的那个线程里，一次只运行一个任务：一个任务一直运行到 await，事件循环再从就绪队列取下一个（浅色条：已就绪，还没轮到它）。在 asyncio.sleep 上 await 的任务处于睡眠；在 future（另一个任务、锁、事件、队列）上 await 的任务处于等待。阻塞线程的任务（time.sleep、长循环）会拖住所有其他任务。
ctl-timeline-processes = 标有 · pid 1002 的行属于一个子进程：它的主线程（以进程名命名）或它启动的线程。每个进程有自己的内存（在那里 os.getpid() 就是这个数）；没有 pid 的行属于程序自己的进程 1000。
ctl-timeline-label = 时间线：每个执行者一条泳道，按状态着色；下方的事件日志以文字给出同样的内容
ctl-timeline-legend = 时间线图例
ctl-resources-caption = 共享对象随时间的变化（虚线：上限）
ctl-resources-label = 资源图：每个共享对象一行
ctl-graph-caption = 谁持有什么、谁在等待什么（等待图）
ctl-graph-label = 等待图：执行者、对象，以及谁在等待、谁持有什么

## 执行者的状态，用于代码视图的标签和事件日志

ctl-state-idle = 未开始
ctl-state-running = 运行中
ctl-state-working = 计算中（CPU）
ctl-state-sleeping = 休眠
ctl-state-blocked = 阻塞于 { $object }
ctl-state-waiting = 等待 { $object }
ctl-state-done = 已结束
ctl-state-failed = 失败：{ $message }

## 检查的结论

ctl-check-passed = ✓ 通过：{ $name }（{ $detail }）
ctl-check-failed = ✗ 未通过：{ $name }（{ $detail }）

## 两次运行的对比（后端用它们的契约用语）

ctl-compare-froze = 在 { $frozen } 上，页面冻结了 { $time }（没有新的帧，旋转指针停转，“停止”按钮也无效）；在 { $other } 上，最长的帧间隔是 { $gap } ms。
ctl-compare-check = 检查在 { $held } 上通过，在 { $failed } 上未通过。
ctl-compare-outcomes = 两次运行的结局不同：在 { $backend_a } 上为 { $outcome_a }，在 { $backend_b } 上为 { $outcome_b }。
ctl-compare-speed = 速度是另一个问题：{ $fast } 用时 { $fast_time }，{ $slow } 用时 { $slow_time }（是前者的 { $ratio } 倍）。
ctl-compare-speed-blocked = 速度是另一个问题：{ $fast } 用时 { $fast_time }，{ $slow } 用时 { $slow_time }（是前者的 { $ratio } 倍）。{ $fast } 更快，但阻塞了页面；{ $slow } 让页面保持响应。
ctl-compare-virtual = 模拟器的时间是虚拟的：它按建模的代价为每一步计时，没有真实的资源争用。

## 旋转指针一课的结论

ctl-spinner-frozen = 页面冻结了 { $seconds } s：slow() 在事件循环上做它的计算，于是其他任何东西都无法运行，连旋转指针和“停止”按钮也不行。这就是在协程里调用 time.sleep()。
ctl-spinner-workers = 旋转指针一直在转（最长间隔 { $gap } ms）：slow() 运行在一个 Web Worker 线程上，主线程保持空闲。
ctl-spinner-eventloop = 旋转指针一直在转（最长间隔 { $gap } ms）：slow() 等待一个定时器，把事件循环让了出来，就像 asyncio.sleep()。
ctl-check-not-judged = – 未判定：本次运行的结局是“{ $ended }”（{ $name }）
ctl-check-it-held = 成立
ctl-check-all-held = 全部 { $n } 项检查都成立
ctl-numbers = 本次运行的数据
