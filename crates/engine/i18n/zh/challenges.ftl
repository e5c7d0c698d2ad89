# 挑战。

challenge-fail-check-goal = 挑战：你来当调度器。逐步选择下一个运行的线程，直到本课的检查失败。
challenge-deadlock-goal = 挑战：你来当调度器。逐步选择下一个运行的线程，直到每个线程都永远在等待另一个线程。
challenge-both-in-critical-section-goal = 挑战：你来当调度器。逐步选择下一个运行的线程，直到有两个线程同时处在临界区中（位于 critical_section() 处）。
challenge-steps = { $n } 步
challenge-names-and = 和
challenge-fail-check-solved = 用 { $steps }完成：在这个交错执行中，检查失败了。
challenge-deadlock-solved = 用 { $steps }完成：在这个交错执行中，线程发生了死锁。
challenge-both-in-critical-section-solved = 用 { $steps }完成：{ $names } 同时处在临界区中。
challenge-fail-check-missed = 运行结束了，检查成立：这个交错执行是安全的。点“重置”，再试另一种顺序。
challenge-deadlock-missed = 运行结束了，没有发生死锁。点“重置”，再试另一种顺序。
challenge-both-in-critical-section-missed = 运行结束了，没有两个线程同时处在临界区中。点“重置”，再试另一种顺序。
