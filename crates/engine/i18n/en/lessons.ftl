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
