# 中文。键与 en.ftl 相同（测试逐一核对）；术语依照课程讲义：线程、进程、协程、锁、
# 条件变量、信号量、事件、屏障、队列、死锁、竞态条件、事件循环、GIL。

## 课程与课程列表的分组

group-0-title = 线程、进程与协程
group-0-intro = 讲义的第一个例子——旋转指针（spinner）——分别作为线程和作为事件循环上的协程运行：一个阻塞调用会让整个事件循环停下来。（拥有独立内存的进程还没有加入本平台。）
group-1-title = CPU 密集型任务与 GIL
group-1-intro = 只有在真正并行运行时，更多的工作者才能让 CPU 密集型任务变快；在 GIL 之下，同一时刻只有一个线程在计算。
group-2-title = 共享内存的线程
group-2-intro = 线程共享进程的内存：一次读和一次写如果能被另一个线程从中间打断，更新就会丢失；锁让它们成为一步。
group-3-title = 线程间的协调
group-3-intro = threading 与 queue 的同步原语：线程等待条件、等待许可、等待事件、互相等待，或等待任务。
group-4-title = 协调出错时，以及行之有效的模式
group-4-intro = 两把锁以相反的顺序获取，会永远互相等待；按顺序加锁和超时则不会。令牌桶控制请求的节奏。
lesson-spinner-title = 旋转指针（spinner）
lesson-spinner-summary = slow() 计算 3 秒期间，旋转指针一直在转——除非这项工作阻塞了事件循环。
lesson-spinner-chapter = 讲义 002 §19.2、讲义 000 §2：线程、进程与协程
lesson-bounded-buffer-title = 有界缓冲区
lesson-bounded-buffer-summary = 生产者和消费者通过一个条件变量共享一个固定大小的缓冲区。
lesson-bounded-buffer-chapter = 讲义 004 §16.2.2：条件变量 Condition（BoundedBuffer）
lesson-deadlock-title = 死锁
lesson-deadlock-summary = 两把锁以相反的顺序获取（或 N 位哲学家与 N 把叉子），彼此永远等待。
lesson-deadlock-chapter = 讲义 004 §16.6.1：死锁与加锁顺序
lesson-barrier-title = 屏障分阶段
lesson-barrier-summary = 工作者各自运行长度随机的阶段，并在阶段之间于屏障处互相等待。
lesson-barrier-chapter = 讲义 004 §16.2.2：屏障 Barrier（parallel_computation）
lesson-race-title = 计数器上的竞态条件
lesson-race-summary = 多个线程用 temp = self.value; self.value = temp + 1 递增一个共享计数器，更新会丢失。
lesson-race-chapter = 讲义 004 §16.2.2：竞态条件（UnsafeCounter、SafeCounter）
lesson-primes-title = k 个工作者求素数
lesson-primes-summary = 工作者从任务队列中取出讲义里的二十个大数，逐个检查是否为素数。
lesson-primes-chapter = 讲义 002 §19.3、讲义 004 §16.1.2：CPU 密集型任务与 GIL
lesson-connection-pool-title = 连接池
lesson-connection-pool-summary = 客户端比连接多：信号量让其余的客户端排队等候。
lesson-connection-pool-chapter = 讲义 004 §16.2.2：信号量 Semaphore（ConnectionPool）
lesson-rate-limiter-title = 限流器
lesson-rate-limiter-summary = 请求从一个按固定速率补充的桶中取令牌；一阵突发可以通过，之后便要排队。
lesson-rate-limiter-chapter = 讲义 004 §16.5.2：限流（TokenBucket）
lesson-event-title = 就绪事件与关闭事件
lesson-event-summary = 工作者等待就绪事件，一直工作到关闭事件，然后停止。
lesson-event-chapter = 讲义 004 §16.2.2：事件 Event（ServiceManager）
lesson-worker-pool-title = 工作者池
lesson-worker-pool-summary = 工作者从队列中取任务；失败的任务经错误路径报告。
lesson-worker-pool-chapter = 讲义 004 §16.2.3：队列 Queue（TaskQueue、WorkerPool）
