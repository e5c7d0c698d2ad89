# Challenges (crates/engine/src/challenge.rs): keys challenge-<word>-goal|solved|missed.

challenge-fail-check-goal = Challenge: you are the scheduler. Choose who runs next until the lesson's check fails.
challenge-deadlock-goal = Challenge: you are the scheduler. Choose who runs next until every thread waits for another forever.
challenge-both-in-critical-section-goal = Challenge: you are the scheduler. Choose who runs next until two threads are in the critical section (at critical_section()) at once.
challenge-steps = { $n } { $n ->
        [one] step
       *[other] steps
    }
challenge-names-and = {" "}and{" "}
challenge-fail-check-solved = Solved in { $steps }: in this interleaving the check fails.
challenge-deadlock-solved = Solved in { $steps }: in this interleaving the threads deadlock.
challenge-both-in-critical-section-solved = Solved in { $steps }: { $names } are in the critical section at once.
challenge-fail-check-missed = The run ended and the check held: this interleaving is safe. Reset and try another order.
challenge-deadlock-missed = The run ended without a deadlock. Reset and try another order.
challenge-both-in-critical-section-missed = The run ended without two threads in the critical section at once. Reset and try another order.
