//! The lessons as the course notes' own Python: the files of
//! `crates/engine/lessons/`, compiled into the engine, and the template a
//! new program starts from.

/// The source of lesson `id`'s program, if it has one.
pub fn source(id: &str) -> Option<&'static str> {
    Some(match id {
        "spinner" => include_str!("../../lessons/spinner.py"),
        "race" => include_str!("../../lessons/race.py"),
        "deadlock" => include_str!("../../lessons/deadlock.py"),
        "bounded-buffer" => include_str!("../../lessons/bounded-buffer.py"),
        "primes" => include_str!("../../lessons/primes.py"),
        "worker-pool" => include_str!("../../lessons/worker-pool.py"),
        "barrier" => include_str!("../../lessons/barrier.py"),
        "event" => include_str!("../../lessons/event.py"),
        "connection-pool" => include_str!("../../lessons/connection-pool.py"),
        "rate-limiter" => include_str!("../../lessons/rate-limiter.py"),
        _ => return None,
    })
}

/// What "New program" starts from: two threads and a shared counter.
pub const TEMPLATE: &str = r#"import threading

counter = 0


def work(n):
    global counter
    for _ in range(n):
        counter += 1  # a read, then a write: another thread may run between


threads = [threading.Thread(target=work, args=(100,), name=f"t{i}") for i in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("counter =", counter)
assert counter == 200, "no increment is lost"
"#;
