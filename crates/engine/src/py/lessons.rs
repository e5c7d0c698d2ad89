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
        "gather" => include_str!("../../lessons/gather.py"),
        "timeout" => include_str!("../../lessons/timeout.py"),
        "async-spinner" => include_str!("../../lessons/async-spinner.py"),
        "processes" => include_str!("../../lessons/processes.py"),
        _ => return None,
    })
}

/// The parameters a lesson page gives its program's `param(...)`: every
/// one but the backend, as the link writes them.
pub fn pairs(params: &crate::params::Params) -> Vec<(String, String)> {
    params
        .iter()
        .filter(|(k, _)| *k != crate::scenarios::BACKEND)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Lesson `id`'s program, compiled, ready to run with the page's
/// parameters and seed: what a lesson page runs.
pub fn world(id: &str, params: &crate::params::Params, seed: u64) -> Result<super::vm::World, String> {
    let src = source(id).ok_or_else(|| format!("{id} has no program"))?;
    let prog = super::compile(src).map_err(|e| format!("the lesson's program does not compile: {}", e.sentence(src)))?;
    Ok(super::vm::World::new(prog, &pairs(params), seed))
}

/// Lesson `id`'s program as the page runs it: the lesson's own, or the
/// student's edit of it (`edited`, from the editor or a link's `code=`).
pub fn program_world(id: &str, edited: Option<&str>, params: &crate::params::Params, seed: u64) -> Result<super::vm::World, String> {
    let Some(src) = edited else { return world(id, params, seed) };
    let prog = super::compile(src).map_err(|e| format!("the program does not compile: {}", e.sentence(src)))?;
    Ok(super::vm::World::new(prog, &pairs(params), seed))
}

/// The small version of a program that Explore suggests when a search of
/// it runs out of budget: each module-level `param("name", default, ...,
/// explore=value)` whose two values are literals, as (name, default, the
/// small version's value), in the program's order. (Read from the text, not
/// run: it holds for an edited program too, and costs no run.)
pub fn small_version(src: &str) -> Vec<(String, String, String)> {
    use super::ast::{Expr, ExprKind, StmtKind};
    let literal = |e: &Expr| match &e.kind {
        ExprKind::Int(i) => Some(i.to_string()),
        ExprKind::Float(f) => Some(f.to_string()),
        ExprKind::Str(s) => Some(s.clone()),
        ExprKind::Bool(b) => Some(if *b { "true" } else { "false" }.to_string()),
        _ => None,
    };
    let Ok(module) = super::parse(src) else { return vec![] };
    let mut small = Vec::new();
    for stmt in &module.body {
        let call = match &stmt.kind {
            StmtKind::Assign { value, .. } => value,
            StmtKind::Expr(e) => e,
            _ => continue,
        };
        let ExprKind::Call { func, args, keywords } = &call.kind else { continue };
        if !matches!(&func.kind, ExprKind::Name(n) if n == "param") {
            continue;
        }
        let (Some(ExprKind::Str(name)), Some(default)) = (args.first().map(|a| &a.kind), args.get(1).and_then(literal)) else { continue };
        let Some(value) = keywords.iter().find(|k| k.arg.id == "explore").and_then(|k| literal(&k.value)) else { continue };
        small.push((name.clone(), default, value));
    }
    small
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
