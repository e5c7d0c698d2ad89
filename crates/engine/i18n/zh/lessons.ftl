# 中文。键与 en.ftl 相同（测试逐一核对）；术语依照课程讲义：线程、进程、协程、锁、
# 条件变量、信号量、事件、栅栏、队列、死锁、竞态条件、事件循环、GIL。

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
lesson-barrier-title = 栅栏分阶段
lesson-barrier-summary = 工作者各自运行长度随机的阶段，并在阶段之间于栅栏处互相等待。
lesson-barrier-chapter = 讲义 004 §16.2.2：栅栏 Barrier（parallel_computation）
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

## 各课的讲解与参数（scenarios.rs：Scenario::lesson、ParamSpec::label 与 ::help）
lesson-spinner-lesson = 《流畅的 Python》中的第一个并发示例（讲义 002 §19.2、讲义 000 §2）：slow() 工作约 3 s，其间旋转指针一直在转，结束后页面打印 Answer: 42。在 Web Worker 上，主线程保持空闲，旋转指针持续转动。在事件循环上，await 一个定时器（asyncio.sleep）同样能让它继续转动；但在事件循环内部运行的 CPU 工作（在协程中调用 time.sleep）会阻塞一切：旋转指针停住不动，直到工作完成。
param-spinner-backend-label = 运行于
param-spinner-backend-help = workers：Web Worker 线程池中的真实线程；eventloop：页面自身 JS 事件循环上的任务；sim：在确定性调度器上单步执行（相同的随机种子得到相同的运行过程）
param-spinner-slow-label = slow() 的工作
param-spinner-slow-help = work：3 s 真正的 CPU 工作（如一次计算，或在协程中调用 time.sleep）；sleep：等待 3 s 而不占用 CPU（如 asyncio.sleep 或 I/O）
lesson-bounded-buffer-lesson = 讲义 004（threading.Condition、BoundedBuffer）：缓冲区满时生产者等待，缓冲区空时消费者等待，谁改变了缓冲区，谁就调用 notify_all()。缓冲区中的数据项永远不会少于 0 个，也不会多于 capacity 个；每个数据项恰好被消费一次；每个生产者的数据项按它生产的顺序离开缓冲区。如果在生产者和消费者共用的那一个条件变量上改用 notify()（notify_one），唤醒可能落到类型不对的一方，它只好再次等待：最后所有人都在等待，再也没有人去通知（唤醒丢失）。
param-bounded-buffer-backend-label = 运行于
param-bounded-buffer-backend-help = workers：Web Worker 线程池中的真实线程；eventloop：页面自身 JS 事件循环上的任务；sim：在确定性调度器上单步执行（相同的随机种子得到相同的运行过程）
param-bounded-buffer-producers-label = 生产者数
param-bounded-buffer-producers-help = 放入数据项的线程
param-bounded-buffer-consumers-label = 消费者数
param-bounded-buffer-consumers-help = 取出数据项的线程
param-bounded-buffer-capacity-label = 容量
param-bounded-buffer-capacity-help = 缓冲区最多能容纳多少个数据项
param-bounded-buffer-items-label = 每个生产者的数据项数
param-bounded-buffer-items-help = 每个生产者生产多少个数据项
param-bounded-buffer-produce_ms-label = 生产耗时（ms）
param-bounded-buffer-produce_ms-help = 生产一个数据项需要多长时间（在锁之外）
param-bounded-buffer-consume_ms-label = 消费耗时（ms）
param-bounded-buffer-consume_ms-help = 使用一个数据项需要多长时间（在锁之外）
param-bounded-buffer-wakeup-label = 唤醒方式
param-bounded-buffer-wakeup-help = notify_all：唤醒所有等待者（每个都会重新检查自己的条件）；notify_one：只唤醒一个，而它可能是类型不对的一方（唤醒丢失）
lesson-deadlock-lesson = 讲义 004 §16.6.1：task1 持有 lock_a 并等待 lock_b，同时 task2 持有 lock_b 并等待 lock_a；换成 N 位哲学家、每位都拿着自己左边的叉子，等待的环更长，道理相同。讲义给出的解决办法：按同一个全局顺序获取锁（ordered：永不死锁）；或者用 acquire(timeout=...) 获取第二把锁，失败时释放第一把，退避后重试（timeout：总能结束，重试次数会被统计）。
param-deadlock-backend-label = 运行于
param-deadlock-backend-help = workers：Web Worker 线程池中的真实线程；eventloop：页面自身 JS 事件循环上的任务；sim：在确定性调度器上单步执行（相同的随机种子得到相同的运行过程）
param-deadlock-philosophers-label = 哲学家数
param-deadlock-philosophers-help = 2：讲义中的两个任务和两把锁；更多：哲学家就餐问题，每位哲学家需要两把叉子
param-deadlock-strategy-label = 加锁策略
param-deadlock-strategy-help = naive：每位先获取自己的锁，再获取下一把（形成环）；ordered：先获取编号较小的锁；timeout：带超时地获取第二把锁，失败时退避并重试
lesson-barrier-lesson = 讲义 004（threading.Barrier、parallel_computation）：无论每个阶段的随机时长是多少，所有工作者都完成第 k 阶段之后，才会有工作者开始第 k+1 阶段；代价是最快的工作者要等最慢的，一个阶段接一个阶段（每个阶段的等待开销都会显示出来）。各阶段的时长由本次运行的随机种子决定。
param-barrier-backend-label = 运行于
param-barrier-backend-help = workers：Web Worker 线程池中的真实线程；eventloop：页面自身 JS 事件循环上的任务；sim：在确定性调度器上单步执行（相同的随机种子得到相同的运行过程）
param-barrier-workers-label = 工作者数
param-barrier-workers-help = 栅栏的参与方数（parties）
param-barrier-phases-label = 阶段数
param-barrier-phases-help = 每个工作者运行多少个阶段
lesson-race-lesson = 讲义 004（UnsafeCounter 对比 SafeCounter）：先 temp = value、再 value = temp + 1，并不是一步；另一个线程可能在两者之间写入，它的那次递增就丢失了（期望值与实际值之差就是丢失的更新）。读与写之间的停顿（这里是一次让出，yield）会让这个窗口变宽。在锁的保护下（SafeCounter），或者用一个不可分割的步骤完成递增，就不会丢失任何更新。
param-race-backend-label = 运行于
param-race-backend-help = workers：Web Worker 线程池中的真实线程；eventloop：页面自身 JS 事件循环上的任务；sim：在确定性调度器上单步执行（相同的随机种子得到相同的运行过程）
param-race-threads-label = 线程数
param-race-threads-help = 有多少个线程递增计数器
param-race-increments-label = 递增次数
param-race-increments-help = 每个线程递增多少次
param-race-mode-label = 计数器
param-race-mode-help = unsafe：UnsafeCounter（temp = self.value; time.sleep(PAUSE); self.value = temp + 1）；locked：SafeCounter，操作相同，但在它的锁之下进行；atomic：每次递增是一次不可分割的 list.append
param-race-pause_ms-label = 停顿（ms）
param-race-pause_ms-help = 每个线程在读取 self.value 与写回之间休眠多久（0：time.sleep(0)，只是让另一个线程有机会运行）；加锁时，这段时间里锁一直被持有
lesson-primes-lesson = 讲义 002 §19.3（procs.py、PRIME_FIXTURE）：只有当工作者真正并行运行时，增加工作者才能让 CPU 密集型任务变快；k = 1 时就是顺序执行。在 gil=on 时，每个工作者计算期间都必须持有一把全局锁，并每 5 ms 释放一次（讲义 004 §16.1.2，切换间隔），正如 CPython 的线程那样：工作者轮流计算，加速效果随之消失。这 20 个数中有 9 个是素数。
param-primes-backend-label = 运行于
param-primes-backend-help = workers：Web Worker 线程池中的真实线程；eventloop：页面自身 JS 事件循环上的任务；sim：在确定性调度器上单步执行（相同的随机种子得到相同的运行过程）
param-primes-workers-label = 工作者数
param-primes-workers-help = 有多少个工作者从任务队列中取数（1：顺序执行）
param-primes-gil-label = GIL
param-primes-gil-help = off：工作者并行计算；on：工作者只有持有全局锁时才能计算，锁每 5 ms 释放一次
lesson-connection-pool-lesson = 讲义 004（threading.Semaphore、ConnectionPool）：一个许可数与连接数相同的信号量，限制了同一时刻使用连接的客户端数量；其余客户端阻塞在 acquire() 中，直到有连接被释放。正在使用的连接永远不会超过 `connections` 个。
param-connection-pool-backend-label = 运行于
param-connection-pool-backend-help = workers：Web Worker 线程池中的真实线程；eventloop：页面自身 JS 事件循环上的任务；sim：在确定性调度器上单步执行（相同的随机种子得到相同的运行过程）
param-connection-pool-clients-label = 客户端数
param-connection-pool-clients-help = 客户端线程，每个都需要一个连接来执行一次查询
param-connection-pool-connections-label = 连接数
param-connection-pool-connections-help = 信号量的许可数
param-connection-pool-query_ms-label = 查询耗时（ms）
param-connection-pool-query_ms-help = 每次查询占用连接多长时间
lesson-rate-limiter-lesson = 讲义 004 §16.5.2（TokenBucket、ThrottledClient）：令牌桶一开始是满的，以每秒 `rate` 个令牌的速度补充，最多补到 `burst` 个；请求拿不到令牌时就休眠，然后再试。无论请求如何到达，任何一段时间窗口放行的请求都不会超过 burst + rate × 窗口长度。
param-rate-limiter-backend-label = 运行于
param-rate-limiter-backend-help = workers：Web Worker 线程池中的真实线程；eventloop：页面自身 JS 事件循环上的任务；sim：在确定性调度器上单步执行（相同的随机种子得到相同的运行过程）
param-rate-limiter-requests-label = 请求数
param-rate-limiter-requests-help = 并发请求（每个请求一个任务）
param-rate-limiter-rate-label = 速率（每秒）
param-rate-limiter-rate-help = 每秒补充的令牌数
param-rate-limiter-burst-label = 突发量
param-rate-limiter-burst-help = 桶的容量（也是初始令牌数）
lesson-event-lesson = 讲义 004（threading.Event、ServiceManager）：工作者阻塞在 ready.wait() 中，直到初始化者调用 ready.set()，然后一直工作到 shutdown.is_set() 为真；初始化者设置 shutdown 并清除 ready。在 ready 被设置之前，没有工作者开始工作；shutdown 之后，每个工作者都会停止。
param-event-backend-label = 运行于
param-event-backend-help = workers：Web Worker 线程池中的真实线程；eventloop：页面自身 JS 事件循环上的任务；sim：在确定性调度器上单步执行（相同的随机种子得到相同的运行过程）
param-event-workers-label = 工作者数
param-event-workers-help = 服务工作者（service_worker）
lesson-worker-pool-lesson = 讲义 004（TaskQueue、WorkerPool）：固定数量的一组工作者从同一个队列中取任务，直到遇到哨兵值 None；抛出异常的任务会被捕获并记录日志，工作者继续工作。每个任务都恰好被处理或报告一次。
param-worker-pool-backend-label = 运行于
param-worker-pool-backend-help = workers：Web Worker 线程池中的真实线程；eventloop：页面自身 JS 事件循环上的任务；sim：在确定性调度器上单步执行（相同的随机种子得到相同的运行过程）
param-worker-pool-jobs-label = 任务数
param-worker-pool-jobs-help = 主线程提交给运行中的工作者池的任务
param-worker-pool-workers-label = 工作者数
param-worker-pool-workers-help = 池中的线程
param-worker-pool-fail_every-label = 失败间隔
param-worker-pool-fail_every-help = 第 k、2k、3k… 个任务抛出异常（0：没有任务抛出异常）

## 某个后端无法展示的部分
lesson-primes-note-eventloop = 整个计算期间页面都会冻结，这正是旋转指针一课要说的；只有一个线程时不会有加速
lesson-primes-note-sim = 这里计算不占用虚拟时间：每个数都显示 0.0 ms，也看不到加速；这里能看到哪个工作线程取走了哪个数，而“探索”会搜索这些顺序
