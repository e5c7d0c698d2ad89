# 画布上的实时视图。

view-class-idle = 未开始
view-class-unrecorded = 未记录（事件已抽稀；总数准确）
view-class-done = 已结束
view-class-cancelled = 已取消
view-class-ready = 可以继续（没有它自己的事件）
view-class-sleeping = 休眠（不占 CPU）
view-class-running = 运行中
view-class-working = 计算中（占用 CPU）
view-class-waiting = 等待（条件变量、事件、栅栏）
view-class-blocked = 阻塞（锁、许可、队列）
view-class-failed = 失败
view-expected = 期望值 { $value }
view-value = 值
view-thinned = 按 { $all } 个事件中的 { $drawn } 个绘制；总数准确
view-timeline-label = 时间线，本次运行的 0 到 { $end }。最终状态：{ $states }。
view-timeline-thinned = 各行{ $how }。
view-timeline-events = 时钟从未走动，所以各条泳道按事件绘制：共 { $events } 个事件，按先后顺序。
view-timeline-tasks = asyncio 任务各占一行，结束时：{ $tasks }。
view-resources-none = 本次运行没有锁、信号量、队列或事件。
view-axis-run = 本次运行的 0 … { $end }
view-axis-events = 第 0 … { $events } 个事件，按先后顺序
view-graph-deadlock = 死锁：等待环已闭合（粗虚线箭头）
view-graph-empty-1 = 这里没有锁、队列或条件变量：谁也不会等待谁，
view-graph-empty-2 = 所以图中没有边（也不可能发生死锁）。
view-graph-legend = ○ 执行者  □ 对象   执行者 → 对象：等待它   对象 → 执行者：被它持有
view-virtual-time = （虚拟时间）
view-main-thread = 主线程
view-frozen = 冻结 { $gap }

# 对象状态的文字（prims::describe）：对象视图、事件日志、单步模式与“探索”失败运行的逐步说明。
obj-free = 空闲
obj-held = 被 { $holder } 持有
obj-held-deep = 被 { $holder } 持有（重入 { $depth } 层）
obj-held-waiting = { $held }；等待中：{ $waiting }
obj-list-sep = {"、"}
obj-condvar = { $waiting } 个在等待
obj-semaphore = 剩余 { $permits } 个许可，{ $waiting } 个在等待
obj-barrier = 已到达 { $arrived }/{ $parties }（第 { $round } 轮）
obj-queue = { $len }/{ $capacity } 项
obj-queue-unbounded = { $len } 项
obj-event-set = 已设置
obj-event-clear = 未设置
obj-counter = = { $value }
obj-bucket = { $tokens }/{ $burst } 个令牌
