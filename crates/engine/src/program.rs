//! Walking an actor's program: the control flow shared by every runtime.
//!
//! A [`Cursor`] is an actor's position (program counter and loop counters).
//! [`Cursor::advance`] takes control-flow instructions (jumps, loop heads and
//! tails) until it reaches the next visible operation, so all runtimes agree
//! on what "the next line" of an actor is.

use crate::model::{Cond, Instr, Kernel, Op};
use crate::outcome::Key;

/// Control-flow instructions taken in one [`Cursor::advance`] before it
/// gives up and reports [`Next::Busy`] (a `while` loop with no operation in
/// its body is a busy-wait: it must still let other actors run).
pub const MAX_CONTROL_STEPS: usize = 1024;

/// An actor's position in its program.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    pub pc: usize,
    loops: Vec<u32>,
}

/// What comes next for an actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// The next visible operation and its source line.
    Op(Op, u32),
    /// The program has ended.
    Done,
    /// Spinning in control flow without an operation; try again later.
    Busy,
}

impl Cursor {
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes control flow until the next operation; `eval` tests conditions.
    /// Leaves `pc` on that operation (call [`Cursor::finish_op`] after running it).
    pub fn advance(&mut self, code: &[Instr], eval: &mut dyn FnMut(&Cond) -> bool) -> Next {
        for _ in 0..MAX_CONTROL_STEPS {
            let Some(ins) = code.get(self.pc) else { return Next::Done };
            match ins {
                Instr::Op { op, line } => return Next::Op(*op, *line),
                Instr::Jump { to } => self.pc = *to,
                Instr::JumpUnless { cond, to } => {
                    if eval(cond) {
                        self.pc += 1;
                    } else {
                        self.pc = *to;
                    }
                }
                Instr::LoopBegin { n, end } => {
                    if *n == 0 {
                        self.pc = *end;
                    } else {
                        self.loops.push(*n);
                        self.pc += 1;
                    }
                }
                Instr::LoopEnd { begin } => match self.loops.last_mut() {
                    Some(left) if *left > 1 => {
                        *left -= 1;
                        self.pc = begin + 1;
                    }
                    _ => {
                        self.loops.pop();
                        self.pc += 1;
                    }
                },
            }
        }
        Next::Busy
    }

    /// Moves past the operation just run.
    pub fn finish_op(&mut self) {
        self.pc += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::ModelBuilder;

    #[test]
    fn nested_loops_run_their_bodies_the_product_of_their_counts() {
        let mut m = ModelBuilder::new("t");
        let c = m.counter("c", 0);
        m.actor("a", |b| {
            b.repeat(3, |b| {
                b.repeat(4, |b| {
                    b.add(c, 1);
                });
                b.repeat(0, |b| {
                    b.add(c, 100);
                });
            });
        });
        let model = m.build().unwrap();
        let code = &model.actors[0].code;
        let mut cur = Cursor::new();
        let mut ops = 0;
        while let Next::Op(_, _) = cur.advance(code, &mut |_| true) {
            ops += 1;
            cur.finish_op();
        }
        assert_eq!(ops, 12);
    }

    #[test]
    fn a_busy_wait_is_reported_not_looped_forever() {
        let mut m = ModelBuilder::new("t");
        let e = m.event("e");
        m.actor("a", |b| {
            b.while_(Cond::EventNotSet { event: e }, |_| {});
        });
        let model = m.build().unwrap();
        let mut cur = Cursor::new();
        assert_eq!(cur.advance(&model.actors[0].code, &mut |_| true), Next::Busy);
        assert_eq!(cur.advance(&model.actors[0].code, &mut |_| false), Next::Done);
    }
}

/// A value an actor-local operation produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Local {
    pub key: Key,
    pub value: i64,
    /// It is the scenario's answer ([`Op::Answer`]).
    pub answer: bool,
}

/// Carries out an operation that touches only the actor itself (`Set`,
/// `Compute`, `Answer`, `Emit`), for every runtime; returns what it
/// produced. Other operations are not local: nothing happens.
pub fn local(op: Op, reg: &mut i64) -> Option<Local> {
    local_with(op, reg, Kernel::run)
}

/// [`local`], with `compute` giving a kernel's answer (a search's clones
/// share theirs: `Machine::share_kernel_answers`).
pub fn local_with(op: Op, reg: &mut i64, compute: impl FnOnce(Kernel) -> i64) -> Option<Local> {
    match op {
        Op::Set { value } => {
            *reg = value;
            None
        }
        Op::Compute { kernel } => {
            *reg = compute(kernel);
            Some(Local { key: Key::Kernel(kernel), value: *reg, answer: false })
        }
        Op::Answer { value } => Some(Local { key: Key::Answer, value, answer: true }),
        Op::Emit { label } => Some(Local { key: Key::Item(label), value: *reg, answer: false }),
        _ => None,
    }
}
