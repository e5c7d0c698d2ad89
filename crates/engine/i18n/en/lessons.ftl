# English: the source language. Keys are the code's (t("key") in crates/app, crates/engine).
# The lesson texts below are the scenarios' own (scenarios.rs); a test checks they agree.

## Lessons and the gallery's groups
group-0-title = Threads, processes and coroutines
group-0-intro = The notes' first example, the spinner, as a thread and as a coroutine on the event loop: a call that blocks stops the whole loop. (Processes with memory of their own are not in the playground yet.)
group-1-title = CPU-bound work and the GIL
group-1-intro = More workers make CPU-bound work faster only where they run in parallel; under the GIL one thread computes at a time.
group-2-title = Threads that share memory
group-2-intro = Threads share the process's memory: a read and a write that another thread can cut in two lose updates, and a lock makes them one step.
group-3-title = Coordinating threads
group-3-intro = The primitives of threading and queue: threads that wait for a condition, for a permit, for an event, for each other, or for work.
group-4-title = When coordination goes wrong, and patterns that hold
group-4-intro = Two locks taken in opposite orders wait for each other forever; ordered locks and timeouts do not. A token bucket paces requests.
lesson-spinner-title = The spinner
lesson-spinner-summary = A spinner turns while slow() computes for 3 s, unless the work blocks the event loop.
lesson-spinner-chapter = seed 002 §19.2, seed 000 §2: threads, processes and coroutines
lesson-bounded-buffer-title = The bounded buffer
lesson-bounded-buffer-summary = Producers and consumers share a buffer of fixed size through one condition variable.
lesson-bounded-buffer-chapter = seed 004 §16.2.2: Condition (BoundedBuffer)
lesson-deadlock-title = Deadlock
lesson-deadlock-summary = Two locks taken in opposite order (or N philosophers and N forks) wait for each other forever.
lesson-deadlock-chapter = seed 004 §16.6.1: deadlock and lock ordering
lesson-barrier-title = Barrier phases
lesson-barrier-summary = Workers run phases of random length and wait for each other at a barrier between phases.
lesson-barrier-chapter = seed 004 §16.2.2: Barrier (parallel_computation)
lesson-race-title = A race on a counter
lesson-race-summary = Threads increment a shared counter with temp = self.value; self.value = temp + 1, and updates get lost.
lesson-race-chapter = seed 004 §16.2.2: race conditions (UnsafeCounter, SafeCounter)
lesson-primes-title = Primes on k workers
lesson-primes-summary = Workers pull the seed's twenty large numbers from a job queue and check each for primality.
lesson-primes-chapter = seed 002 §19.3, seed 004 §16.1.2: CPU-bound work and the GIL
lesson-connection-pool-title = A connection pool
lesson-connection-pool-summary = More clients than connections: a semaphore makes the rest wait their turn.
lesson-connection-pool-chapter = seed 004 §16.2.2: Semaphore (ConnectionPool)
lesson-rate-limiter-title = A rate limiter
lesson-rate-limiter-summary = Requests take tokens from a bucket that refills at a fixed rate; a burst passes, then they queue.
lesson-rate-limiter-chapter = seed 004 §16.5.2: rate limiting (TokenBucket)
lesson-event-title = Ready and shutdown events
lesson-event-summary = Workers wait for a ready event, work until a shutdown event, then stop.
lesson-event-chapter = seed 004 §16.2.2: Event (ServiceManager)
lesson-worker-pool-title = A worker pool
lesson-worker-pool-summary = Workers take jobs from a queue; failing jobs are reported on the error path.
lesson-worker-pool-chapter = seed 004 §16.2.3: Queue (TaskQueue, WorkerPool)

## The lessons' texts and their parameters (scenarios.rs: Scenario::lesson, ParamSpec::label and ::help)
lesson-spinner-lesson = Fluent Python's first concurrency example (seed 002 §19.2, seed 000 §2): a spinner animates while slow() works for about 3 s, then the page prints Answer: 42. On a Web Worker the main thread stays free and the spinner keeps turning. On the event loop, awaiting a timer (asyncio.sleep) keeps it turning too, but CPU work run inside the loop (time.sleep inside a coroutine) blocks everything: the spinner freezes until the work is done.
param-spinner-backend-label = Runs on
param-spinner-backend-help = workers: real threads of the Web Worker pool; eventloop: tasks on the page's own JS event loop; sim: step by step on a deterministic scheduler (the same seed gives the same run)
param-spinner-slow-label = slow() does
param-spinner-slow-help = work: 3 s of real CPU work (like a computation, or time.sleep in a coroutine); sleep: waits 3 s without using the CPU (like asyncio.sleep or I/O)
lesson-bounded-buffer-lesson = Seed 004 (threading.Condition, BoundedBuffer): producers wait while the buffer is full, consumers while it is empty, and whoever changes it calls notify_all(). The buffer never holds fewer than 0 or more than capacity items, every item is consumed exactly once, and each producer's items leave in the order it made them. With notify() (notify_one) on the one condition that producers and consumers share, a wake-up can go to an actor of the wrong kind, which waits again: everyone ends up waiting and nobody is left to notify (a lost wake-up).
param-bounded-buffer-backend-label = Runs on
param-bounded-buffer-backend-help = workers: real threads of the Web Worker pool; eventloop: tasks on the page's own JS event loop; sim: step by step on a deterministic scheduler (the same seed gives the same run)
param-bounded-buffer-producers-label = Producers
param-bounded-buffer-producers-help = threads that put items
param-bounded-buffer-consumers-label = Consumers
param-bounded-buffer-consumers-help = threads that take items
param-bounded-buffer-capacity-label = Capacity
param-bounded-buffer-capacity-help = how many items the buffer holds
param-bounded-buffer-items-label = Items per producer
param-bounded-buffer-items-help = how many items each producer makes
param-bounded-buffer-produce_ms-label = Produce (ms)
param-bounded-buffer-produce_ms-help = how long making one item takes (outside the lock)
param-bounded-buffer-consume_ms-label = Consume (ms)
param-bounded-buffer-consume_ms-help = how long using one item takes (outside the lock)
param-bounded-buffer-wakeup-label = Wake-up
param-bounded-buffer-wakeup-help = notify_all: wake every waiter (each re-checks its condition); notify_one: wake one, which may be of the wrong kind (the lost wake-up)
lesson-deadlock-lesson = Seed 004 §16.6.1: task1 holds lock_a and waits for lock_b while task2 holds lock_b and waits for lock_a; with N philosophers each holding its left fork, the cycle is longer but the same. The fixes of the seed: take the locks in one global order (ordered: never deadlocks), or acquire(timeout=...) the second, and on failure release the first, back off and retry (timeout: always finishes, and the retries are counted).
param-deadlock-backend-label = Runs on
param-deadlock-backend-help = workers: real threads of the Web Worker pool; eventloop: tasks on the page's own JS event loop; sim: step by step on a deterministic scheduler (the same seed gives the same run)
param-deadlock-philosophers-label = Philosophers
param-deadlock-philosophers-help = 2: the seed's two tasks and two locks; more: dining philosophers, each needing two forks
param-deadlock-strategy-label = Locking
param-deadlock-strategy-help = naive: each takes its own lock first, then the next one (a cycle); ordered: lower-numbered lock first; timeout: the second lock with a timeout, backing off and retrying on failure
lesson-barrier-lesson = Seed 004 (threading.Barrier, parallel_computation): every worker finishes phase k before any starts phase k+1, whatever each phase's random duration; the price is that the fastest worker waits for the slowest, phase after phase (the wait cost shown per phase). The durations come from the run's seed.
param-barrier-backend-label = Runs on
param-barrier-backend-help = workers: real threads of the Web Worker pool; eventloop: tasks on the page's own JS event loop; sim: step by step on a deterministic scheduler (the same seed gives the same run)
param-barrier-workers-label = Workers
param-barrier-workers-help = parties of the barrier
param-barrier-phases-label = Phases
param-barrier-phases-help = how many phases each worker runs
lesson-race-lesson = Seed 004 (UnsafeCounter vs SafeCounter): value = temp + 1 after temp = value is not one step; another thread can write in between, and its increment is lost (expected vs actual, the difference are the lost updates). A pause between the read and the write (here a yield) makes the window wide. Under a lock (SafeCounter), or with one indivisible step, nothing is lost.
param-race-backend-label = Runs on
param-race-backend-help = workers: real threads of the Web Worker pool; eventloop: tasks on the page's own JS event loop; sim: step by step on a deterministic scheduler (the same seed gives the same run)
param-race-threads-label = Threads
param-race-threads-help = how many threads increment the counter
param-race-increments-label = Increments
param-race-increments-help = how many times each thread increments
param-race-mode-label = Counter
param-race-mode-help = unsafe: UnsafeCounter (temp = self.value; time.sleep(PAUSE); self.value = temp + 1); locked: SafeCounter, the same under its lock; atomic: one indivisible list.append per increment
param-race-pause_ms-label = Pause (ms)
param-race-pause_ms-help = how long each thread sleeps between reading self.value and writing it back (0: time.sleep(0), which only lets another thread run); under the lock, the lock is held meanwhile
lesson-primes-lesson = Seed 002 §19.3 (procs.py, PRIME_FIXTURE): CPU-bound work gets faster with more workers only when they really run in parallel; with k = 1 it is sequential. With gil=on every worker must hold one global lock while it computes and give it up every 5 ms (seed 004 §16.1.2, the switch interval), as CPython's threads do: the workers take turns and the speed-up disappears. 9 of the 20 numbers are prime.
param-primes-backend-label = Runs on
param-primes-backend-help = workers: real threads of the Web Worker pool; eventloop: tasks on the page's own JS event loop; sim: step by step on a deterministic scheduler (the same seed gives the same run)
param-primes-workers-label = Workers
param-primes-workers-help = how many workers pull numbers from the job queue (1: sequential)
param-primes-gil-label = GIL
param-primes-gil-help = off: workers compute in parallel; on: a worker computes only while holding the global lock, released every 5 ms
lesson-connection-pool-lesson = Seed 004 (threading.Semaphore, ConnectionPool): a semaphore with as many permits as connections caps how many clients use one at a time; the others block in acquire() until a connection is released. Never more than `connections` are in use.
param-connection-pool-backend-label = Runs on
param-connection-pool-backend-help = workers: real threads of the Web Worker pool; eventloop: tasks on the page's own JS event loop; sim: step by step on a deterministic scheduler (the same seed gives the same run)
param-connection-pool-clients-label = Clients
param-connection-pool-clients-help = threads that each need a connection for one query
param-connection-pool-connections-label = Connections
param-connection-pool-connections-help = the semaphore's permits
param-connection-pool-query_ms-label = Query (ms)
param-connection-pool-query_ms-help = how long each query holds its connection
lesson-rate-limiter-lesson = Seed 004 §16.5.2 (TokenBucket, ThrottledClient): the bucket starts full and refills at `rate` tokens per second up to `burst`; a request that finds no token sleeps and tries again. However the requests arrive, no window of time admits more than burst + rate × its length.
param-rate-limiter-backend-label = Runs on
param-rate-limiter-backend-help = workers: real threads of the Web Worker pool; eventloop: tasks on the page's own JS event loop; sim: step by step on a deterministic scheduler (the same seed gives the same run)
param-rate-limiter-requests-label = Requests
param-rate-limiter-requests-help = concurrent requests (one task each)
param-rate-limiter-rate-label = Rate (per s)
param-rate-limiter-rate-help = tokens added per second
param-rate-limiter-burst-label = Burst
param-rate-limiter-burst-help = the bucket's capacity (and its initial tokens)
lesson-event-lesson = Seed 004 (threading.Event, ServiceManager): workers block in ready.wait() until the initializer calls ready.set(), then work until shutdown.is_set(); the initializer sets shutdown and clears ready. No worker works before ready is set, and every worker stops after shutdown.
param-event-backend-label = Runs on
param-event-backend-help = workers: real threads of the Web Worker pool; eventloop: tasks on the page's own JS event loop; sim: step by step on a deterministic scheduler (the same seed gives the same run)
param-event-workers-label = Workers
param-event-workers-help = service workers
lesson-worker-pool-lesson = Seed 004 (TaskQueue, WorkerPool): a fixed set of workers takes jobs from one queue until it meets the None sentinel; a job that raises is caught and logged, and the worker goes on. Every job is processed or reported exactly once.
param-worker-pool-backend-label = Runs on
param-worker-pool-backend-help = workers: real threads of the Web Worker pool; eventloop: tasks on the page's own JS event loop; sim: step by step on a deterministic scheduler (the same seed gives the same run)
param-worker-pool-jobs-label = Jobs
param-worker-pool-jobs-help = tasks the main thread submits to the running pool
param-worker-pool-workers-label = Workers
param-worker-pool-workers-help = threads of the pool
param-worker-pool-fail_every-label = Fail every
param-worker-pool-fail_every-help = every k-th job raises (0: none does)

## What a backend cannot show of a lesson (Scenario::backend_notes): lesson-<id>-note-<backend>
lesson-primes-note-eventloop = the page freezes for the whole computation, which is the lesson of the spinner; there is no speed-up on one thread
lesson-primes-note-sim = computing takes no virtual time here: every number reads 0.0 ms and there is no speed-up to see; it shows which worker takes which number, and Explore searches those orders
