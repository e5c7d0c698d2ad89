# The panels around a run: Explore (every interleaving), Share and Embed,
# Compare, and a program's page (crates/app/src/ui/explore_panel.rs,
# share_panel.rs, compare_view.rs, program_page.rs).

## Explore

pnl-explore-switch = switch; { $step }
pnl-explore-run-ends = The run ends: { $outcome }.
pnl-explore-check-failed = the check failed: { $message }
pnl-explore-title = Every interleaving
pnl-explore-hint = Explore runs it on the simulator in every order its threads can take, within a bound on preemptions (switching away from a thread that could have gone on), and counts how the runs end. Timing is abstracted by default: a sleep, a stretch of work or a timeout may end at any moment, so the search shows what can happen under any timing (choose the simulator's clock to see only the orders its virtual time allows). For a program too large to search, PCT or random runs sample its orders instead: what they find is real, but they prove nothing.
pnl-explore-button = Explore
pnl-explore-stop = Stop exploring
pnl-explore-method-label = How{ " " }
pnl-explore-method-every = every interleaving, within the bound
pnl-explore-method-pct = { $runs } PCT runs (probabilistic)
pnl-explore-method-random = { $runs } random runs
pnl-explore-bound-label = Preemptions at most{ " " }
pnl-explore-timing-label = Timing{ " " }
pnl-explore-timing-any = any timing (a sleep orders nothing)
pnl-explore-timing-virtual = the simulator's clock
pnl-explore-timing-any-said = Searched under any timing: a sleep, a stretch of work or a timeout may end at any moment, so these are the ways the program can end whatever its timings are. A schedule found here opens under any timing too (timing=any).
pnl-explore-timing-virtual-said = Searched on the simulator's clock: sleeps, work and timeouts end at their times, so only the orders of steps ready at the same moment were explored; other timings may allow more.
pnl-explore-livelock-note = {" "}(Step by step walks into the loop.)
pnl-explore-progress = Exploring… { $executions } { $executions ->
        [one] execution
       *[other] executions
    }, { $steps } { $steps ->
        [one] step
       *[other] steps
    }, { $rate } executions/s, { $time }.
pnl-explore-progress-states = Exploring… { $states } distinct { $states ->
        [one] state
       *[other] states
    } ({ $rate } a second), { $executions } { $executions ->
        [one] execution
       *[other] executions
    } run to the end, { $steps } { $steps ->
        [one] step
       *[other] steps
    }, { $time }.
pnl-explore-stopped-pct = Stopped: { $runs } PCT runs in { $time }.
pnl-explore-stopped-random = Stopped: { $runs } random runs in { $time }.
pnl-explore-sampled-pct = Sampled: { $runs } PCT runs in { $time } (not a search of every interleaving).
pnl-explore-sampled-random = Sampled: { $runs } random runs in { $time } (not a search of every interleaving).
pnl-explore-complete = Complete: every interleaving with at most { $bound } { $bound ->
        [one] preemption
       *[other] preemptions
    }, { $executions } { $executions ->
        [one] execution
       *[other] executions
    } in { $time }.
pnl-explore-states = The search went through { $states } { $states ->
        [one] distinct state
       *[other] distinct states
    }. { $merged } { $merged ->
        [one] schedule
       *[other] schedules
    } stopped where they reached a state already explored (everything after it had been seen); the executions above are the schedules run to their end.
pnl-explore-states-full = The search remembers at most { $states } distinct states, and filled them: beyond that it went on without remembering more, so it went through more states than that, some of them perhaps more than once. { $merged } { $merged ->
        [one] schedule
       *[other] schedules
    } stopped where they reached a state it remembered (everything after it had been seen); the executions above are the schedules run to their end.
pnl-explore-livelock = { $livelocks } runs can go on forever (a livelock). The one with the fewest preemptions ({ $preemptions }, { $steps } { $steps ->
        [one] step
       *[other] steps
    }): { $sentence }.
pnl-explore-starvation = In { $starvations } runs a thread starves: it could go on at times, but the others can go round a loop forever without ever letting it (a scheduler fair only to threads that are always ready allows this). The one with the fewest preemptions ({ $preemptions }, { $steps } steps): { $sentence }.
pnl-explore-stopped = Stopped: { $executions } { $executions ->
        [one] execution
       *[other] executions
    } explored in { $time }; not every interleaving was.
pnl-explore-incomplete-steps = Not complete: the page's budget of { $budget } steps ran out after { $executions } { $executions ->
        [one] execution
       *[other] executions
    } in { $time }; what was found is below. Fewer threads or items, a smaller preemption bound, or Timing: the simulator's clock make a smaller search.
pnl-explore-incomplete-executions = Not complete: the page's budget of { $budget } executions ran out in { $time }; what was found is below. Fewer threads or items, a smaller preemption bound, or Timing: the simulator's clock make a smaller search.
pnl-explore-incomplete-memory = Not complete: the search filled the { $budget } MB of memory the page gives it, after { $executions } { $executions ->
        [one] execution
       *[other] executions
    } in { $time }: its runs are long and its state large, and each schedule waiting to be explored keeps a copy of the program. What was found is below. Fewer threads or items, a smaller preemption bound, or Timing: the simulator's clock make a smaller search.
pnl-explore-outcomes-how = How the runs ended
pnl-explore-outcomes-executions = executions
pnl-explore-smaller-before = At this size a search may run out of budget before it ends. The lesson's small version, which a search can finish:
pnl-explore-smaller = Explore a small version, which a search can finish: { $params }
pnl-explore-no-run-ended = No run reached its end before the search stopped: nothing is known yet of how this program ends.
pnl-explore-no-run-fails = No run fails.
pnl-explore-no-interleaving-fails = No explored interleaving fails.
pnl-explore-runs-fail = { $failing } of { $executions } { $executions ->
        [one] run
       *[other] runs
    } fail ({ $share }%).
pnl-explore-interleavings-fail = { $failing } of { $executions } explored interleavings fail ({ $share }%).
pnl-explore-runs-to-end-fail = { $failing } of the { $executions } { $executions ->
        [one] interleaving
       *[other] interleavings
    } run to their end { $failing ->
        [one] fails
       *[other] fail
    } ({ $share }%). Not the share of every interleaving: the { $merged } { $merged ->
        [one] schedule
       *[other] schedules
    } cut at a state already explored were not run again: every way they could go on from there had been explored.
pnl-explore-overlap = In { $overlaps } of { $executions } { $executions ->
        [one] run
       *[other] runs
    } two threads are in the critical section at once. The way there with the fewest preemptions ({ $preemptions }, { $steps } steps) ends with { $sentence }.{ " " }
pnl-explore-open = Open it
pnl-explore-overlap-note = { " " }(step by step on the simulator: Step walks the way in, one step at a time, until the page says both are inside).
pnl-explore-counterexample = The failing run with the fewest preemptions ({ $preemptions }, { $steps } { $steps ->
        [one] step
       *[other] steps
    }) ends: { $outcome }.{ " " }
pnl-explore-counterexample-note = { " " }(on the simulator, replaying this schedule; Step by step walks through it one step at a time).
pnl-explore-story-label = The failing run, step by step

## Share and Embed

pnl-share-label = Share
pnl-share-link-label = Link to this configuration
pnl-share-copy-link = Copy link
pnl-share-link-copied = link copied
pnl-share-copy-failed = select the text and copy it
pnl-share-embed = Embed
pnl-embed-legend = Embed in a course page
pnl-embed-show-view = { " " }show { $view }
pnl-embed-autorun = { " " }run when the page opens
pnl-embed-height = height (px){ " " }
pnl-embed-challenge = as a challenge{ " " }
pnl-embed-challenge-none = no: the lesson as it is
pnl-embed-challenge-fail-check = students schedule it until its check fails (keep threads and increments few)
pnl-embed-challenge-deadlock = students schedule it into a deadlock
pnl-embed-snippet-label = iframe snippet
pnl-embed-copy-snippet = Copy snippet
pnl-embed-snippet-copied = snippet copied
pnl-embed-help-summary = What the snippet does, and what your page receives
pnl-embed-help-paste = Paste the snippet into your course page's HTML. The frame shows this lesson with the parameters above; allow="cross-origin-isolated" lets it use real threads where the browser can give them (where it cannot, the lesson runs on the simulator and says so, with a link that opens it with real threads).
pnl-embed-help-messages = The frame posts messages to your page (window.parent) as objects with a type:
pnl-embed-help-ready = { " " }once the lesson is loaded;{ " " }
pnl-embed-help-resize = { " " }with height, in pixels, whenever its content changes (set the iframe's height to it);
pnl-embed-help-and = { " " }and{ " " }
pnl-embed-help-run-finished = { " " }with the outcome (completed, deadlock, invariant-violated, ...), the check, the numbers and each thread's time;
pnl-embed-help-solved = { " " }when a student solves the challenge, with the schedule they chose;{ " " }
pnl-embed-help-explore-finished = { " " }when a search of every interleaving ends.
pnl-embed-help-commands = Your page can drive the frame: { $call }, with run, stop or reset.

## Compare

pnl-compare-running = running { $n } of { $total }: { $backend }
pnl-compare-press-run = press Run both
pnl-compare-stopped = stopped before the second run
pnl-compare-done = done
pnl-compare-caption = Compare: { $backends } ({ $state })
pnl-compare-two-backends = two backends
pnl-compare-then = { " " }then{ " " }
pnl-compare-canvas-label = The runs one above the other on one time axis: each actor's lane, and the main thread's frames (a block where the page could not draw)
pnl-compare-side-by-side = Side by side
pnl-compare-row-outcome = Outcome
pnl-compare-row-check = Check
pnl-compare-row-time = Time
pnl-compare-row-frame-gap = Longest frame gap
pnl-compare-row-busy = Busy (all actors)
pnl-compare-virtual-time = { $virtual } virtual ({ $real } real)
pnl-compare-virtual = { " " }(virtual)
pnl-compare-run-title = { $n }. On { $backend }

## A program's page

pnl-program-does-not-compile = the program does not compile: { $error }
pnl-program-schedule-refused = { $error }; the run uses seed { $seed } instead
pnl-program-step-refused = That step was refused: { $error }.
pnl-program-title-own = A program of your own
pnl-program-running = Running…
pnl-program-completed = The program ran to its end; every assert held.
pnl-program-about = About this page
pnl-program-edit = Edit the program
pnl-program-intro = This is the program that runs: Python, read by the playground's own interpreter, whose threads can switch at every read and write of shared data and at every lock, queue, event and sleep. Edit it and run it again.
pnl-program-editor-label = The program
pnl-program-compiles-one = { $lines } line; it compiles.
pnl-program-compiles-many = { $lines } lines; it compiles.
pnl-program-run-on = Run on{ " " }
pnl-program-fix-first = fix the marked line first
pnl-program-run = Run
pnl-program-stop = Stop
pnl-program-stepper-label = Step by step
pnl-program-step = Step
pnl-program-step-by-step = Step by step
pnl-program-run-to-end = Run to end
pnl-program-reset-lesson = Reset to the lesson
pnl-program-reset-template = Reset to the template
pnl-program-open-playground = Open in the playground ↗
pnl-program-link = Link to this program
pnl-program-new = New program
pnl-program-next-label = Who runs next
pnl-program-choose-next = Choose who runs next:
pnl-program-actor = actor { $n }
pnl-program-story-label = What each step did, newest first
pnl-program-output-caption = What the program printed
pnl-program-printed-nothing = (it printed nothing)
pnl-explore-on-threads = Split across { $threads } Web Worker threads (one a core): the same outcomes, completeness and fewest preemptions as one thread finds; which thread reaches a state first decides which schedule stops there, so the counts of runs may differ from search to search.
pnl-explore-on-main-thread = On the main thread, a few milliseconds a frame (this page has no Web Worker pool, or the runs are sampled, which is quick).
pnl-explore-on-a-worker = On a Web Worker thread, off the main thread: the page keeps its frames.
