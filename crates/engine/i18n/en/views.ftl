# The live views drawn on canvases (crates/app/src/views.rs, frames.rs).

view-class-idle = not started
view-class-unrecorded = not recorded (events thinned; totals are exact)
view-class-done = done
view-class-cancelled = cancelled
view-class-ready = able to go on (no event of its own)
view-class-sleeping = sleeping (no CPU)
view-class-running = running
view-class-working = working (CPU)
view-class-waiting = waiting (condition, event, barrier)
view-class-blocked = blocked (lock, permit, queue)
view-class-failed = failed
view-expected = expected { $value }
view-value = value
view-thinned = drawn from { $drawn } of { $all } events; totals are exact
view-timeline-label = Timeline, 0 to { $end } of the run. Final states: { $states }.
view-timeline-thinned = The lanes were { $how }.
view-timeline-events = The clock never moved, so the lanes are drawn by event: { $events } { $events ->
        [one] event
       *[other] events
    }, in order.
view-timeline-tasks = asyncio tasks, a row each, at the end: { $tasks }.
view-resources-none = No lock, semaphore, queue or event in this run.
view-axis-run = 0 … { $end } of the run
view-axis-events = events 0 … { $events }, in order
view-graph-deadlock = DEADLOCK: the cycle closed (thick dashed arrows)
view-graph-empty-1 = No lock, queue or condition here: nobody can wait for anybody,
view-graph-empty-2 = so the graph has no edges (and no deadlock is possible).
view-graph-legend = ○ actor  □ object   actor → object: waits for it   object → actor: held by it
view-virtual-time = (virtual time)
view-main-thread = main thread
view-frozen = frozen { $gap }

# An object's state in words (prims::describe): the objects view, the event
# log, and the step stories of step mode and of Explore's failing run.
obj-free = free
obj-held = held by { $holder }
obj-held-deep = held by { $holder } ({ $depth } deep)
obj-held-waiting = { $held }; waiting: { $waiting }
obj-list-sep = {", "}
obj-condvar = { $waiting } waiting
obj-semaphore = { $permits } permits left, { $waiting } waiting
obj-barrier = { $arrived } of { $parties } arrived (round { $round })
obj-queue = { $len } of { $capacity } items
obj-queue-unbounded = { $len } items
obj-event-set = set
obj-event-clear = clear
obj-counter = = { $value }
obj-bucket = { $tokens } of { $burst } tokens
