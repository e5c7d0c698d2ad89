//! The bounded queue: `put` blocks while full, `get` while empty; FIFO.

use crate::common::*;
use interleave_engine::builder::ModelBuilder;
use interleave_engine::outcome::Outcome;
use interleave_engine::sim::simulate;
use std::collections::BTreeSet;

fn pipeline(capacity: u32) -> interleave_engine::model::Model {
    let mut b = ModelBuilder::new("t");
    let q = b.queue("q", capacity);
    let in_queue = b.counter("in_queue", 0);
    let sum = b.counter("sum", 0);
    let order_ok = b.counter("order_ok", 0);
    b.actor("producer", |b| {
        for i in 1..=5 {
            b.set(i).put(q).add(in_queue, 1);
        }
    });
    b.actor("consumer", |b| {
        for i in 1..=5 {
            b.get(q).add(in_queue, -1);
            // item == i ?  (load the expected value into a counter and compare)
            b.store(sum, 0);
            b.if_(interleave_engine::builder::ActorBuilder::counter_is(sum, interleave_engine::model::Cmp::Eq, i), |b| {
                b.add(order_ok, 1);
            });
        }
    });
    b.check_counter_equals("items come out in the order they went in", order_ok, 5);
    b.build().unwrap()
}

#[test]
fn items_come_out_in_the_order_they_went_in() {
    for cap in [1, 2, 5] {
        assert_eq!(outcome_kinds(&pipeline(cap), 300), set(&["completed"]), "capacity {cap}");
    }
}

#[test]
fn the_queue_never_holds_more_than_its_capacity() {
    let m = pipeline(2);
    let ends: BTreeSet<i64> = runs(&m, 300).map(|r| r.counter("in_queue").unwrap()).collect();
    assert_eq!(ends, BTreeSet::from([0]));
    for seed in 0..100 {
        let mut sim = interleave_engine::sim::Sim::new(&m, interleave_engine::sim::SimConfig::seeded(seed));
        while sim.step_random().is_some() {
            for o in sim.trace().objects() {
                if let interleave_engine::trace::ObjectState::Queue { len, capacity } = o {
                    assert!(len <= capacity);
                }
            }
        }
    }
}

#[test]
fn a_consumer_with_no_producer_is_reported_stuck_on_the_queue() {
    let mut b = ModelBuilder::new("t");
    let q = b.queue("q", 1);
    b.actor("consumer", |b| {
        b.get(q);
    });
    let r = simulate(&b.build().unwrap(), 0);
    let Outcome::Deadlock { cycle } = r.outcome else { panic!("{:?}", r.outcome) };
    assert_eq!((cycle[0].actor_name.as_str(), cycle[0].object_name.as_str()), ("consumer", "q"));
}

#[test]
fn on_real_threads_items_come_out_in_order() {
    for cap in [1, 3] {
        assert_eq!(threads_outcomes(&pipeline(cap), 3), set(&["completed"]), "capacity {cap}");
    }
}
