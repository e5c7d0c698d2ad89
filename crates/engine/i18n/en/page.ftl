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
pool-unavailable = Real threads unavailable
pool-not-isolated = Real threads are unavailable: this page is not cross-origin isolated (the server did not send Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp), so the browser will not share memory with Web Workers. The event loop still works.
