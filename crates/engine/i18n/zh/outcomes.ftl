# 一次运行如何结束。

outcome-list-sep = 、
outcome-clause-sep = ；
outcome-lost-wakeup = 唤醒丢失：{ $names } 都在等待 { $conditions }，却再也没有谁来通知它（某次 notify() 唤醒了一个无法继续的执行者，它又回去等待，而能够继续的那个从未被唤醒）{ $joins }
outcome-lost-wakeup-joins = ；{ $joining } 在等它们结束
outcome-waits-held = { $actor } 等待 { $object }，而它被 { $holder } 持有
outcome-waits-join = { $actor } 在 { $queue }.join() 中等待，而剩下的线程没有谁会调用 { $queue }.task_done()
outcome-waits-on = { $actor } 在等待 { $object }
outcome-deadlock = 死锁：{ $links }
outcome-cancelled = 运行已被停止
outcome-invariant = { $check }：{ $detail }

# 无法使用的参数值。
param-error-unknown = 未知参数“{ $name }”，已忽略
param-error-not-a-choice = { $name } 必须是 { $options } 之一；收到的是“{ $got }”
param-error-not-a-number = { $name } 必须是整数；收到的是“{ $got }”
param-error-out-of-range = { $name } 必须在 { $min } 到 { $max } 之间；收到的是 { $got }
param-error-repeated = { $name } 给出了不止一次；使用了最后一个值

# 链接中无法使用的部分。
problem-flag = { $key } 必须是 1 或 0；收到的是“{ $got }”
problem-no-view = 没有名为“{ $got }”的视图；可用的视图有 { $views }
problem-link-too-long = 链接超过了 { $max } 字节；超出的部分已忽略
problem-too-many-pairs = 只读取了链接中的前 { $max } 个参数
problem-explore = explore 必须是 1、0、pct 或 random；收到的是“{ $got }”
problem-whole-between = { $key } 必须是 { $min } 到 { $max } 之间的整数；收到的是“{ $got }”
problem-one-of = { $key } 必须是 { $options } 之一；收到的是“{ $got }”
problem-schedule-too-long = 调度超过了 { $max } 字节，已忽略
problem-code-too-long = 链接中的程序超过了 { $max } 个字符，已忽略
problem-code-not-base64 = 链接中的程序已损坏（不是 base64url）；链接是不是被截断了？
problem-code-too-big = 链接中的程序超过了 { $max } 字节
problem-code-not-deflate = 链接中的程序已损坏（无法解压）；链接是不是被截断了？
problem-code-not-utf8 = 链接中的程序不是 UTF-8 文本
problem-compare-program = 程序暂时还不能使用 compare=
problem-no-scenario = 没有名为“{ $got }”的课程；下面列出了所有课程
problem-compare-same = compare={ $other } 就是本次运行已经使用的后端；没有可对比的

## 运行的结局，一个词（英文即协议中的词）
outcome-word-completed = 完成
outcome-word-deadlock = 死锁
outcome-word-invariant-violated = 检查未通过
outcome-word-cancelled = 已取消
outcome-word-failed = 失败
outcome-word-livelock = 活锁
outcome-word-starvation = 饥饿
outcome-with-detail = { $word }：{ $detail }
