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

# 无法使用的参数值。
param-error-unknown = 未知参数“{ $name }”，已忽略
param-error-not-a-choice = { $name } 必须是 { $options } 之一；收到的是“{ $got }”
param-error-not-a-number = { $name } 必须是整数；收到的是“{ $got }”
param-error-out-of-range = { $name } 必须在 { $min } 到 { $max } 之间；收到的是 { $got }
param-error-repeated = { $name } 给出了不止一次；使用了最后一个值
