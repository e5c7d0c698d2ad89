# The page around the lessons: the header, the link's problems, the gallery,
# the pool's badge (crates/app/src/ui/app.rs, gallery.rs, pool_badge.rs).

tagline = a concurrency playground: real threads, the event loop, step by step
link-problems-title = Some of the link could not be used:
link-problems-defaults = Defaults were used instead.
dismiss = Dismiss

gallery-title = Lessons
gallery-intro = Each lesson is a claim from the course notes, made visible and checked: open one, choose how it runs (real threads of Web Workers, tasks on the page's event loop, or step by step on a deterministic simulator where you choose who runs next), and watch it. What you read is the Python program that runs; you can edit it, explore every way it can end, and share a link that reopens exactly the same run.
gallery-own-title = Your own program
gallery-own-card = A program of your own
gallery-own-summary = Write threads in Python, with locks, conditions, semaphores, events and queues, and run them on real threads, on the event loop or step by step.

pool-starting = Starting { $threads } Web Worker threads…
pool-ready = Web Worker pool: { $threads } threads on { $cores } cores
pool-still-starting = the Web Worker pool is still starting
pool-unavailable = Real threads unavailable
pool-not-isolated = Real threads are unavailable: this page is not cross-origin isolated (the server did not send Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp), so the browser will not share memory with Web Workers. The event loop still works.

# The run controller's sentences (crates/app/src/ui/controller.rs, state.rs, results.rs).
story-step = Step { $k }: { $actor }
story-line = , line { $line } `{ $text }`
story-now = now { $state }
story-parts = : { $parts }
story-parts-sep = ;{" "}
story-early = its wait ends before its time (any timing)
story-end = .
story-could-not-run = could not run
story-running = running… { $elapsed }
story-refused = That step was refused: { $why }.
problem-schedule-version-1 = the schedule in the link was recorded on version { $recorded } of this lesson (before it ran as the notes' Python), and the lesson is now version { $now }, so it no longer fits; the run uses seed { $seed } instead
problem-schedule-version = the schedule in the link was recorded on version { $recorded } of this lesson, and the lesson is now version { $now }, so it no longer fits; the run uses seed { $seed } instead
problem-schedule-invalid = the schedule in the link is not valid ({ $why }); the run uses seed { $seed } instead
problem-seed-version = the link was made on version { $recorded } of this lesson, and the lesson is now version { $now }: seed { $seed } runs the lesson as it is now, not the run the link recorded
problem-challenge-backend = a challenge is played step by step on the simulator, so backend={ $word } was set aside
result-speedup = Speed-up against one worker (measured in this session on { $backend }{ $same }): { $speedup }× with { $workers } workers.
result-speedup-hint = Run once with { $count }=1 (same backend{ $same }) to measure the speed-up against one worker.
# The word that joins two names in a list ("t0 and t1").
list-and = and
