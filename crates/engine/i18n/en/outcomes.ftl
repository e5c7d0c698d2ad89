# How a run ended, in sentences (crates/engine/src/outcome.rs). The English is
# the contract's `message` too: change it only with care.

outcome-list-sep = ,{" "}
outcome-clause-sep = ;{" "}
outcome-lost-wakeup = lost wake-up: { $names } all wait on { $conditions }, and nobody is left to notify it (a notify() woke an actor that could not go on, which went back to waiting, and the one that could was never woken){ $joins }
outcome-lost-wakeup-joins = ; { $joining } waits for them to end
outcome-waits-held = { $actor } waits for { $object }, held by { $holder }
outcome-waits-join = { $actor } waits in { $queue }.join(), and no thread left will call { $queue }.task_done()
outcome-waits-on = { $actor } waits on { $object }
outcome-deadlock = deadlock: { $links }
outcome-cancelled = the run was stopped
outcome-invariant = { $check }: { $detail }

# A parameter's value that cannot be used (crates/engine/src/params.rs). The
# English is also what a link's problems say.
param-error-unknown = unknown parameter "{ $name }" was ignored
param-error-not-a-choice = { $name } must be one of { $options }; got "{ $got }"
param-error-not-a-number = { $name } must be a whole number; got "{ $got }"
param-error-out-of-range = { $name } must be between { $min } and { $max }; got { $got }
param-error-repeated = { $name } was given more than once; the last value was used

# What a link could not use (crates/engine/src/contract.rs). The English is
# what the contract's tests read; the page says them in its language.
problem-flag = { $key } must be 1 or 0; got "{ $got }"
problem-no-view = there is no view called "{ $got }"; views are { $views }
problem-link-too-long = the link was longer than { $max } bytes; the rest was ignored
problem-too-many-pairs = only the first { $max } parameters of the link were read
problem-explore = explore must be 1, 0, pct or random; got "{ $got }"
problem-whole-between = { $key } must be a whole number between { $min } and { $max }; got "{ $got }"
problem-one-of = { $key } must be one of { $options }; got "{ $got }"
problem-schedule-too-long = the schedule is longer than { $max } bytes and was ignored
problem-code-too-long = the program in the link is longer than { $max } characters and was ignored
problem-code-not-base64 = the program in the link is damaged (it is not base64url); was the link cut short?
problem-code-too-big = the program in the link is longer than { $max } bytes
problem-code-not-deflate = the program in the link is damaged (it does not decompress); was the link cut short?
problem-code-not-utf8 = the program in the link is not UTF-8 text
problem-compare-program = compare= is not available for programs yet
problem-no-scenario = there is no scenario called "{ $got }"; here are the ones there are
problem-compare-same = compare={ $other } is the backend the run already uses; there is nothing to compare

## How a run ended, in one word (the contract's word in English)
outcome-word-completed = completed
outcome-word-deadlock = deadlock
outcome-word-invariant-violated = invariant-violated
outcome-word-cancelled = cancelled
outcome-word-failed = failed
outcome-word-livelock = livelock
outcome-word-starvation = starvation
# An outcome with what it ended on (Explore's rows: "invariant-violated: 2 (left) against 4 (right)")
outcome-with-detail = { $word }: { $detail }
