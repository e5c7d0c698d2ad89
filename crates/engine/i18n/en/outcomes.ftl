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

# A parameter's value that cannot be used (crates/engine/src/params.rs). The
# English is also what a link's problems say.
param-error-unknown = unknown parameter "{ $name }" was ignored
param-error-not-a-choice = { $name } must be one of { $options }; got "{ $got }"
param-error-not-a-number = { $name } must be a whole number; got "{ $got }"
param-error-out-of-range = { $name } must be between { $min } and { $max }; got { $got }
param-error-repeated = { $name } was given more than once; the last value was used
