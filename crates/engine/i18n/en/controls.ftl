# A lesson's page: its run controls, the run's status, the challenge banner,
# the code view, the event log and the live views' captions, and the words
# for what a run did (crates/app/src/ui/scenario_page.rs, run_status.rs,
# challenge.rs, code_view.rs, event_log.rs, live_views.rs, text.rs).
# Contract words (outcomes, backend words, parameter names) stay variables.

## The backends, as the choosers name them (Backend::label)

ctl-backend-workers = Web Workers (real threads)
ctl-backend-eventloop = Event loop (one thread, cooperative)
ctl-backend-sim = Step by step (deterministic simulator)
ctl-backend-unavailable = { $backend }: unavailable, { $why }

## The lesson and its controls

ctl-lesson-summary = The lesson
ctl-settings = Settings: { $values }
ctl-settings-wrong = Settings (one value is wrong; open them to see why): { $values }
ctl-setting = { $label }: { $value }
ctl-edit-program = Edit the program
ctl-edited-note = You are running your own edit of this lesson's program: Run, Step by step and Explore use the text below, and the page's link carries it.
ctl-timing-any = Any timing (timing=any): a sleep, a stretch of work or a timeout ends whenever the scheduler picks its thread, so this run may take orders that the clock would not allow; virtual time stands still.
ctl-fallback = Real threads cannot run here ({ $reason }), so this lesson runs on { $backend } instead: { $why }.
ctl-fallback-not-isolated = the page is not cross-origin isolated
ctl-fallback-no-pool = the Web Worker pool did not start
ctl-fallback-name-sim = the step-by-step simulator
ctl-fallback-name-eventloop = the event loop
ctl-fallback-name-workers = Web Workers
ctl-fallback-why-sim = it interleaves the same threads, one step at a time, in virtual time
ctl-fallback-why-eventloop = its tasks take turns on the page's one thread
ctl-open-with-threads = Open with real threads ↗
ctl-threads-offer = Real threads need a cross-origin isolated page, and this one is not. The event loop works here.
ctl-threads-offer-framed = Real threads need a cross-origin isolated page, and this one is not (the course page that frames it is not isolated). The event loop works here.
ctl-workers-not-yet = Web Workers cannot run yet: { $why }
ctl-workers-not-here = Web Workers cannot run here: choose the event loop or step by step, or open the page with real threads.
ctl-backend-note = On { $backend }: { $why }
ctl-run = Run
ctl-run-both = Run both
ctl-run-never-threads = real threads cannot run here: choose another backend
ctl-run-fix-field = fix the marked field first
ctl-stop = Stop
ctl-reset = Reset
ctl-present = Projector mode
ctl-present-leave = Leave projector mode
ctl-present-title = large type and thick lines for a projector (the lesson reopens in it: present=1)
ctl-step-by-step = Step by step
ctl-step = Step
ctl-run-to-end = Run to end
ctl-seed = Seed
ctl-seed-help = the same seed gives the same run
ctl-timescale = Time scale
ctl-timescale-option = { $n }× slower
ctl-timescale-help = every sleep, stretch of work and timeout takes this many times as long, to watch it
ctl-compare = Compare with
ctl-compare-none = nothing (one run)
ctl-compare-help = run the same scenario on a second backend afterwards, and see both on one time axis
ctl-param-kept = { $why }. The last good value, { $kept }, is kept until this is fixed.

## The stage: the spinner, the frame gaps, stepping, the program's output

ctl-spinner-label = The spinner, drawn by the main thread at every animation frame
ctl-spinner-caption = The main thread's spinner: it turns during a run, and stops whenever the page is blocked.
ctl-frames-label = Gaps between main-thread animation frames during the run, log scale
ctl-frames-caption = Gaps between main-thread frames during the run (log scale). Blue: smooth; orange: longer than { $ms } ms; vermillion: longer than 250 ms (the page was frozen).
ctl-who-runs-next = Who runs next
ctl-choose-next = Choose who runs next:
ctl-actor-n = actor { $n }
ctl-story-label = What each step did, newest first
ctl-output-caption = What the program printed
ctl-output-nothing = (it printed nothing)
ctl-output-nothing-yet = (nothing printed yet)

## The run's status

ctl-status-idle = Press Run.
ctl-status-sim-progress = Step { $steps } · virtual time { $time }
ctl-status-manual = Step by step: press Step, or choose who runs next.
ctl-status-simulating = Simulating…
ctl-status-running = Running… { $seconds } s
ctl-status-gap-so-far = Longest frame gap so far: { $ms } ms
ctl-status-finishing = Finishing…
ctl-answer = Answer: { $value }
ctl-answer-completed = Completed.
ctl-answer-cancelled = Stopped.
ctl-answer-deadlock = Deadlock.
ctl-answer-invariant-violated = The check failed.
ctl-answer-failed = The run failed.
ctl-wait-for-cycle = Wait-for cycle:
ctl-metric-outcome = Outcome
ctl-metric-check = Check
ctl-metric-virtual-time = Virtual time
ctl-metric-steps = Steps
ctl-metric-real-time = Real time to simulate
ctl-metric-wall-time = Wall time
ctl-metric-max-gap = Longest frame gap
ctl-metric-trace-digest = Trace digest
ctl-compared-hint = Each run's numbers are in the comparison above, under its backend's name.
ctl-replay = Replay this exact run
ctl-replay-schedule = (the link carries the schedule the simulator took)
ctl-replay-seed = (its { $kib } KiB schedule is too long for a link: this one replays by its seed, which gives the same run unless steps were chosen by hand)
ctl-results-caption = What this run measured
ctl-actors-caption = Time per actor, ms (share of its life)
ctl-actors-caption-sim = Time per actor, virtual ms (share of its life), and steps taken
ctl-col-actor = actor
ctl-col-busy = busy
ctl-col-blocked = blocked
ctl-col-waiting = waiting
ctl-col-sleeping = sleeping
ctl-col-ready = ready (its turn)
ctl-col-ready-title = able to run, waiting for the loop's one thread
ctl-col-steps = steps

## The challenge

ctl-challenge-solved = { $solved } Explore shows every way this program can end.

## The code view, the event log, the live views

ctl-code-caption = The code, with each actor on its current line
ctl-code-caption-short = The code, each actor on its line
ctl-code-chip-title = { $state } · locals: { $locals }
ctl-code-locals-title = { $name }'s local variables now
ctl-shared-label = What the threads share, now
ctl-shared-caption = Shared data, now (module variables and their objects' attributes; UPPER_CASE constants left out)
ctl-log-all = all
ctl-log-actor = Actor
ctl-log-object = Object
ctl-log-label = Event log
ctl-log-caption = Event log, newest first: the last { $shown } of { $recorded } recorded events
ctl-log-caption-thinned = Event log, newest first: the last { $shown } of { $recorded } recorded events ({ $emitted } emitted; the page records at most 8,192 a frame and leaves the rest out of the log and the timeline; the totals and final views are exact)
ctl-log-named = { $name }: { $state }
ctl-log-actor-line = { $actor }: { $state } (line { $line })
ctl-log-virtual = (virtual)
ctl-log-final = (final, exact)
ctl-log-unrecorded = … { $n } events not recorded …
ctl-timeline-caption = Timeline: what each actor is doing
ctl-timeline-instant = On the simulator only sleeps and work take time, and no step of this run has: on a time axis every lane would stand at 0 ms, so the timeline is drawn by event instead. A thread's mark is an event of its own (it moved to another line, or its state changed); between its marks the pale bar says it could go on: it waited its turn, or took steps that stayed on its line (a read and a write on one line are two steps and one event). "Step by step" shows every step, one at a time.
ctl-timeline-instant-short = No step of this run took virtual time (only sleeps and work do), so the timeline is drawn by event, in order.
ctl-timeline-tasks = The rows marked ↳ are asyncio tasks. Their event loop runs in the thread that called asyncio.run(), one task at a time: a task runs until it awaits, then the loop takes the next from its ready queue (the pale bar: ready, its turn not yet come). A task awaiting asyncio.sleep sleeps; one awaiting a future (another task, a lock, an event, a queue) waits. A task that blocks the thread (time.sleep, a long loop) holds every other task up.
ctl-timeline-processes = A row marked · pid 1002 is an actor of a child process: its main thread (named after the process) or a thread it started. Each process has memory of its own (os.getpid() there is that number); rows with no pid are the program's own process, 1000.
ctl-timeline-label = Timeline: one lane per actor, coloured by state; the event log below has the same in text
ctl-timeline-legend = Timeline legend
ctl-resources-caption = Shared objects over time (dashed: the limit)
ctl-resources-label = Resource charts: one row per shared object
ctl-graph-caption = Who holds and who waits for what (the wait-for graph)
ctl-graph-label = Wait-for graph: actors, objects, and who waits for and holds what

## An actor's state, in the code view's chips and the event log

ctl-state-idle = not started
ctl-state-running = running
ctl-state-working = working (CPU)
ctl-state-sleeping = sleeping
ctl-state-blocked = blocked on { $object }
ctl-state-waiting = waiting on { $object }
ctl-state-done = done
ctl-state-failed = failed: { $message }

## A check's verdict

ctl-check-passed = ✓ passed: { $name } ({ $detail })
ctl-check-failed = ✗ failed: { $name } ({ $detail })

## Two runs compared (the backends are their contract words)

ctl-compare-froze = On { $frozen } the page froze for { $time } (no frame, no spinner, no Stop); on { $other } its longest frame gap was { $gap } ms.
ctl-compare-check = The check held on { $held } and failed on { $failed }.
ctl-compare-outcomes = The runs ended differently: { $outcome_a } on { $backend_a }, { $outcome_b } on { $backend_b }.
ctl-compare-speed = Speed is another question: { $fast } finished in { $fast_time }, { $slow } in { $slow_time } ({ $ratio }× as long).
ctl-compare-speed-blocked = Speed is another question: { $fast } finished in { $fast_time }, { $slow } in { $slow_time } ({ $ratio }× as long). { $fast } was faster but blocked the page; { $slow } kept it responsive.
ctl-compare-virtual = The simulator's times are virtual: it charges each step its modelled cost, with no real contention.

## The spinner lesson's verdict

ctl-spinner-frozen = The page was frozen for { $seconds } s: slow() did its work on the event loop, so nothing else could run, not even the spinner or the Stop button. This is time.sleep() inside a coroutine.
ctl-spinner-workers = The spinner kept turning (longest gap { $gap } ms): slow() ran on a Web Worker thread while the main thread stayed free.
ctl-spinner-eventloop = The spinner kept turning (longest gap { $gap } ms): slow() awaited a timer and gave the event loop back, like asyncio.sleep().
ctl-check-not-judged = – not judged: the run ended as { $ended } ({ $name })
ctl-check-it-held = it held
ctl-check-all-held = all { $n } { $n ->
        [one] check
       *[other] checks
    } held
ctl-numbers = The run's numbers
