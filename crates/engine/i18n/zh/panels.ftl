# 运行周围的面板：探索（所有交错执行）、分享与嵌入、对比，以及程序页面。

## 探索

pnl-explore-switch = 切换；{ $step }
pnl-explore-run-ends = 运行结束：{ $outcome }。
pnl-explore-check-failed = 检查未通过：{ $message }
pnl-explore-title = 所有交错执行
pnl-explore-hint = “探索”在模拟器上按线程可能采取的每一种顺序运行程序（抢占次数不超过上限；抢占即在一个本可继续运行的线程处切走），并统计各次运行的结局。默认抽象掉时序：sleep、一段计算或一个超时可能在任何时刻结束，所以搜索展示的是在任意时序下可能发生的事（选择“模拟器的时钟”则只看其虚拟时间允许的顺序）。对于大到无法穷举搜索的程序，可改用 PCT 或随机运行来抽样其顺序：它们发现的问题是真实的，但不能证明任何事。
pnl-explore-button = 探索
pnl-explore-stop = 停止探索
pnl-explore-method-label = 方式{ " " }
pnl-explore-method-every = 抢占上限内的所有交错执行
pnl-explore-method-pct = { $runs } 次 PCT 运行（概率性）
pnl-explore-method-random = { $runs } 次随机运行
pnl-explore-bound-label = 抢占上限{ " " }
pnl-explore-timing-label = 时序{ " " }
pnl-explore-timing-any = 任意时序（sleep 不保证任何顺序）
pnl-explore-timing-virtual = 模拟器的时钟
pnl-explore-timing-any-said = 在任意时序下搜索：sleep、一段计算或一个超时可能在任何时刻结束，所以这些就是无论时序如何程序可能的结局。在这里找到的调度也在任意时序下打开（timing=any）。
pnl-explore-timing-virtual-said = 按模拟器的时钟搜索：sleep、计算和超时在各自的时刻结束，所以只探索了同一时刻就绪的各步的顺序；其他时序可能允许更多顺序。
pnl-explore-livelock-note = {" "}（单步执行会走进这个循环。）
pnl-explore-progress = 正在探索…… { $executions } 次执行，{ $steps } 步，每秒 { $rate } 次执行，{ $time }。
pnl-explore-progress-states = 正在探索…… { $states } 个不同的状态（每秒 { $rate } 个），{ $executions } 次执行运行到底，{ $steps } 步，{ $time }。
pnl-explore-stopped-pct = 已停止：{ $time } 内完成 { $runs } 次 PCT 运行。
pnl-explore-stopped-random = 已停止：{ $time } 内完成 { $runs } 次随机运行。
pnl-explore-sampled-pct = 抽样完成：{ $time } 内完成 { $runs } 次 PCT 运行（并非对所有交错执行的穷举搜索）。
pnl-explore-sampled-random = 抽样完成：{ $time } 内完成 { $runs } 次随机运行（并非对所有交错执行的穷举搜索）。
pnl-explore-complete = 已穷举：抢占不超过 { $bound } 次的所有交错执行，共 { $executions } 次执行，用时 { $time }。
pnl-explore-states = 搜索共经过 { $states } 个不同的状态。有 { $merged } 个调度在到达已探索过的状态时停止（其后的一切都已见过）；上面的执行次数只计跑到结局的调度。
pnl-explore-states-full = 搜索最多记住 { $states } 个不同的状态，而且已经记满：之后它继续搜索但不再记住新的状态，所以实际经过的状态比这更多，其中有些可能被探索了不止一次。有 { $merged } 个调度在到达它记住的状态时停止（其后的一切都已见过）；上面的执行次数只计跑到结局的调度。
pnl-explore-livelock = 有 { $livelocks } 次运行可能永远进行下去（活锁）。抢占最少的一次（{ $preemptions } 次抢占，{ $steps } 步）：{ $sentence }。
pnl-explore-starvation = 有 { $starvations } 次运行中某个线程会饿死：它有时本可以继续运行，但其他线程可以永远绕着一个循环走下去而从不让它运行（只对一直就绪的线程公平的调度器允许这样）。抢占最少的一次（{ $preemptions } 次抢占，{ $steps } 步）：{ $sentence }。
pnl-explore-stopped = 已停止：{ $time } 内探索了 { $executions } 次执行；并未覆盖所有交错执行。
pnl-explore-incomplete-steps = 未完成：页面 { $budget } 步的预算在 { $executions } 次执行后耗尽，用时 { $time }；已发现的结果见下。减少线程或数据项、降低抢占上限，或把时序设为“模拟器的时钟”，搜索的范围就会变小。
pnl-explore-incomplete-executions = 未完成：页面 { $budget } 次执行的预算已耗尽，用时 { $time }；已发现的结果见下。减少线程或数据项、降低抢占上限，或把时序设为“模拟器的时钟”，搜索的范围就会变小。
pnl-explore-incomplete-memory = 未完成：搜索用满了页面给它的 { $budget } MB 内存，此时已完成 { $executions } 次执行，用时 { $time }：这个程序的运行很长、状态很大，而每个等待探索的调度都保留一份程序的副本。已发现的结果见下。减少线程或数据项、降低抢占上限，或把时序设为“模拟器的时钟”，搜索的范围就会变小。
pnl-explore-outcomes-how = 运行的结局
pnl-explore-outcomes-executions = 执行次数
pnl-explore-smaller-before = 按这样的规模，搜索可能在结束前耗尽预算。课程的小版本可以搜索完：
pnl-explore-smaller = 探索一个小版本，搜索可以走完：{ $params }
pnl-explore-no-run-ended = 搜索停止前没有一次运行走到结尾：这个程序会怎样结束，目前还一无所知。
pnl-explore-no-run-fails = 没有一次运行失败。
pnl-explore-no-interleaving-fails = 探索过的交错执行全部没有失败。
pnl-explore-runs-fail = { $executions } 次运行中有 { $failing } 次失败（{ $share }%）。
pnl-explore-interleavings-fail = 探索过的 { $executions } 种交错执行中有 { $failing } 种失败（{ $share }%）。
pnl-explore-runs-to-end-fail = 运行到底的 { $executions } 种交错执行中有 { $failing } 种失败（{ $share }%）。这不是所有交错执行中失败的比例：有 { $merged } 条调度在到达已探索过的状态时被截断，没有再运行：从那里往下的每一种走法都已经探索过。
pnl-explore-overlap = { $executions } 次运行中有 { $overlaps } 次出现两个线程同时处于临界区。抢占最少的到达路径（{ $preemptions } 次抢占，{ $steps } 步）最终：{ $sentence }。
pnl-explore-open = 打开
pnl-explore-overlap-note = （在模拟器上单步执行：每次单步前进一步，沿这条路径进入，直到页面显示两个线程都已在临界区内）。
pnl-explore-counterexample = 抢占最少的失败运行（{ $preemptions } 次抢占，{ $steps } 步）的结局：{ $outcome }。
pnl-explore-counterexample-note = （在模拟器上重放这个调度顺序；单步执行可一步一步地走完它）。
pnl-explore-story-label = 失败的运行，单步执行

## 分享与嵌入

pnl-share-label = 分享
pnl-share-link-label = 此配置的分享链接
pnl-share-copy-link = 复制链接
pnl-share-link-copied = 链接已复制
pnl-share-copy-failed = 请选中文本后自行复制
pnl-share-embed = 嵌入
pnl-embed-legend = 嵌入课程页面
pnl-embed-show-view = { " " }显示 { $view }
pnl-embed-autorun = { " " }页面打开时自动运行
pnl-embed-height = 高度（像素）{ " " }
pnl-embed-challenge = 作为挑战{ " " }
pnl-embed-challenge-none = 否：保持课程原样
pnl-embed-challenge-fail-check = 学生安排调度顺序，直到检查失败（线程数和自增次数宜少）
pnl-embed-challenge-deadlock = 学生安排调度顺序，使其陷入死锁
pnl-embed-snippet-label = iframe 代码片段
pnl-embed-copy-snippet = 复制代码片段
pnl-embed-snippet-copied = 代码片段已复制
pnl-embed-help-summary = 这段代码做什么，你的页面会收到什么
pnl-embed-help-paste = 把这段代码粘贴到课程页面的 HTML 中。框架会按上面的参数显示本课；allow="cross-origin-isolated" 让它在浏览器允许时使用真实线程（不允许时，本课在模拟器上运行并说明这一点，同时给出一个用真实线程打开它的链接）。
pnl-embed-help-messages = 框架会向你的页面（window.parent）发送消息，每条消息是一个带 type 的对象：
pnl-embed-help-ready = { " " }在课程加载完成时发送；
pnl-embed-help-resize = { " " }在内容变化时发送，附带以像素为单位的 height（把 iframe 的高度设为它）；
pnl-embed-help-and = { " " }和{ " " }
pnl-embed-help-run-finished = { " " }附带结局（completed、deadlock、invariant-violated 等）、检查结果、各项数字以及每个线程的用时；
pnl-embed-help-solved = { " " }在学生完成挑战时发送，附带其选择的调度顺序；
pnl-embed-help-explore-finished = { " " }在一次对所有交错执行的穷举搜索结束时发送。
pnl-embed-help-commands = 你的页面可以控制框架：{ $call }，命令可为 run、stop 或 reset。

## 对比

pnl-compare-running = 正在运行第 { $n } 个（共 { $total } 个）：{ $backend }
pnl-compare-press-run = 按运行按钮开始
pnl-compare-stopped = 第二次运行前已停止
pnl-compare-done = 已完成
pnl-compare-caption = 对比：{ $backends }（{ $state }）
pnl-compare-two-backends = 两种后端
pnl-compare-then = ，然后{ " " }
pnl-compare-canvas-label = 各次运行上下排列在同一时间轴上：每个执行者一条泳道，以及主线程的帧（页面无法绘制处显示为色块）
pnl-compare-side-by-side = 并排对比
pnl-compare-row-outcome = 结局
pnl-compare-row-check = 检查
pnl-compare-row-time = 时间
pnl-compare-row-frame-gap = 最长帧间隔
pnl-compare-row-busy = 忙碌时间（所有执行者）
pnl-compare-virtual-time = 虚拟 { $virtual }（实际 { $real }）
pnl-compare-virtual = （虚拟）
pnl-compare-run-title = { $n }. 运行于 { $backend }

## 程序页面

pnl-program-does-not-compile = 程序无法编译：{ $error }
pnl-program-schedule-refused = { $error }；本次运行改用种子 { $seed }
pnl-program-step-refused = 这一步被拒绝：{ $error }。
pnl-program-title-own = 你自己的程序
pnl-program-running = 运行中…
pnl-program-completed = 程序运行到了结尾；每个 assert 都成立。
pnl-program-about = 关于本页
pnl-program-edit = 编辑程序
pnl-program-intro = 这就是实际运行的程序：Python，由演练场自己的解释器读取，其中的线程可能在每次读写共享数据时、在每个锁、队列、事件和 sleep 处切换。编辑它，再运行一次。
pnl-program-editor-label = 程序
pnl-program-compiles-one = 共 { $lines } 行，可以编译。
pnl-program-compiles-many = 共 { $lines } 行，可以编译。
pnl-program-run-on = 运行于{ " " }
pnl-program-fix-first = 请先修正标出的那一行
pnl-program-run = 运行
pnl-program-stop = 停止
pnl-program-stepper-label = 单步执行
pnl-program-step = 单步
pnl-program-step-by-step = 单步执行
pnl-program-run-to-end = 运行到结束
pnl-program-reset-lesson = 恢复为课程中的程序
pnl-program-reset-template = 恢复为模板
pnl-program-open-playground = 在演练场中打开 ↗
pnl-program-link = 此程序的链接
pnl-program-new = 新程序
pnl-program-next-label = 下一步谁运行
pnl-program-choose-next = 选择下一步由谁运行：
pnl-program-actor = 执行者 { $n }
pnl-program-story-label = 每一步做了什么（最新的在前）
pnl-program-output-caption = 程序的输出
pnl-program-printed-nothing = （没有任何输出）
pnl-explore-on-threads = 分布在 { $threads } 个 Web Worker 线程上（每个核心一个）：结局、是否完整以及最少抢占次数都与单线程搜索相同；哪个线程先到达某个状态，决定了哪条调度在那里停下，所以各次搜索的运行计数可能不同。
pnl-explore-on-main-thread = 在主线程上运行，每帧几毫秒（此页面没有 Web Worker 线程池，或者这是抽样运行）。
pnl-explore-on-a-worker = 在一个 Web Worker 线程上运行，不占用主线程：页面保持流畅。
