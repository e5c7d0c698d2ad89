//! Two locks, two tasks (seed 004 §16.6.1): the classic deadlock and its fixes.

use crate::common::*;
use interleave_engine::outcome::Outcome;

#[test]
fn in_opposite_order_two_locks_deadlock_under_some_schedules_and_not_others() {
    let m = lesson("deadlock", &[("strategy", "naive"), ("hold", "0")]);
    assert_eq!(outcome_kinds(&m, 300), set(&["completed", "deadlock"]));
}

#[test]
fn holding_the_first_lock_while_sleeping_always_deadlocks() {
    let m = lesson("deadlock", &[("strategy", "naive"), ("hold", "100")]);
    assert_eq!(outcome_kinds(&m, 100), set(&["deadlock"]));
}

#[test]
fn the_deadlock_names_the_cycle_in_order() {
    let m = lesson("deadlock", &[("strategy", "naive")]);
    let r = interleave_engine::sim::simulate(&m, 1);
    let Outcome::Deadlock { cycle } = &r.outcome else { panic!("{:?}", r.outcome) };
    let links: Vec<(&str, &str, Option<usize>)> =
        cycle.iter().map(|l| (l.actor_name.as_str(), l.object_name.as_str(), l.held_by)).collect();
    assert_eq!(links, vec![("task1", "lock_b", Some(1)), ("task2", "lock_a", Some(0))]);
    assert_eq!(
        r.outcome.message().unwrap(),
        "deadlock: task1 waits for lock_b, held by task2; task2 waits for lock_a, held by task1"
    );
}

#[test]
fn with_ordered_locks_no_schedule_deadlocks() {
    for hold in ["0", "100"] {
        let m = lesson("deadlock", &[("strategy", "ordered"), ("hold", hold), ("rounds", "3")]);
        assert_eq!(outcome_kinds(&m, 2000), set(&["completed"]), "hold {hold}");
    }
}

#[test]
fn with_a_timeout_and_back_off_every_schedule_finishes() {
    for hold in ["0", "100"] {
        let m = lesson("deadlock", &[("strategy", "timeout"), ("hold", hold), ("rounds", "2")]);
        assert_eq!(outcome_kinds(&m, 500), set(&["completed"]), "hold {hold}");
    }
}

#[test]
fn a_lock_taken_twice_by_the_same_task_is_a_cycle_of_one() {
    use interleave_engine::builder::ModelBuilder;
    let mut b = ModelBuilder::new("t");
    let l = b.mutex("lock");
    b.actor("t", |b| {
        b.lock(l).lock(l);
    });
    let r = interleave_engine::sim::simulate(&b.build().unwrap(), 0);
    let Outcome::Deadlock { cycle } = &r.outcome else { panic!("{:?}", r.outcome) };
    assert_eq!(cycle.len(), 1);
    assert_eq!((cycle[0].actor, cycle[0].object, cycle[0].held_by), (0, 0, Some(0)));
}
