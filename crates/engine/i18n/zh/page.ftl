# 课程之外的页面部分：页头、链接中的问题、课程列表、线程池标记。

tagline = 并发演练场：真实线程、事件循环、单步执行
link-problems-title = 链接中有些内容无法使用：
link-problems-defaults = 已改用默认值。
dismiss = 关闭

gallery-title = 课程
gallery-intro = 每一课都是课程讲义中的一个论断，在这里变得可见、可检验：打开一课，选择它的运行方式（Web Worker 上的真实线程、页面事件循环上的任务，或在确定性模拟器上单步执行，由你决定下一步谁运行），然后观察。你读到的就是实际运行的 Python 程序；你可以编辑它，探索它所有可能的结局，并分享一个能原样重现同一次运行的链接。
gallery-own-title = 你自己的程序
gallery-own-card = 自己写一个程序
gallery-own-summary = 用 Python 编写线程，使用锁、条件变量、信号量、事件和队列，并在真实线程、事件循环或单步模式下运行。

pool-starting = 正在启动 { $threads } 个 Web Worker 线程…
pool-ready = Web Worker 线程池：{ $threads } 个线程，{ $cores } 个核心
pool-still-starting = Web Worker 线程池仍在启动
pool-unavailable = 真实线程不可用
pool-not-isolated = 真实线程不可用：此页面没有跨源隔离（服务器未发送 Cross-Origin-Opener-Policy: same-origin 和 Cross-Origin-Embedder-Policy: require-corp），因此浏览器不会与 Web Worker 共享内存。事件循环仍然可用。

# 运行控制器的句子。
story-step = 第 { $k } 步：{ $actor }
story-line = ，第 { $line } 行 `{ $text }`
story-now = 现在{ $state }
story-parts = ：{ $parts }
story-parts-sep = ；
story-early = 它的等待提前结束（任意时序）
story-end = 。
story-could-not-run = 无法运行
story-running = 运行中… { $elapsed }
story-refused = 这一步被拒绝：{ $why }。
problem-schedule-version-1 = 链接中的调度记录于本课的第 { $recorded } 版（那时它还没有以讲义的 Python 运行），而本课现在是第 { $now } 版，调度已不再适用；本次运行改用种子 { $seed }
problem-schedule-version = 链接中的调度记录于本课的第 { $recorded } 版，而本课现在是第 { $now } 版，调度已不再适用；本次运行改用种子 { $seed }
problem-schedule-invalid = 链接中的调度无效（{ $why }）；本次运行改用种子 { $seed }
problem-seed-version = 这个链接生成于本课的第 { $recorded } 版，而本课现在是第 { $now } 版：种子 { $seed } 运行的是本课现在的样子，而不是链接记录的那次运行
problem-challenge-backend = 挑战在模拟器上单步进行，因此 backend={ $word } 被忽略
result-speedup = 相对一个工作者的加速比（本次会话在 { $backend }{ $same } 上测得）：{ $workers } 个工作者时为 { $speedup }×。
result-speedup-hint = 先用 { $count }=1 运行一次（相同后端{ $same }），即可测得相对一个工作者的加速比。
# The word that joins two names in a list ("t0 and t1").
list-and = 和
