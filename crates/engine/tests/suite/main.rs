//! The engine's tests, as one test binary (one link instead of fifteen):
//! one module per primitive with litmus-style sets of outcomes on the
//! simulator and on native threads, the classic problems, replay and the
//! pinned replays, the catalogue. The URL decoder's fuzz test stays its own
//! binary (`contract_fuzz`), run at a million inputs in release by `make test`.

mod common;

mod barrier;
mod bounded_semaphore;
mod condvar;
mod counter;
mod deadlock;
mod event;
mod eventloop;
mod explore;
mod kernels;
mod mutex;
mod pins;
mod py_parse;
mod py_run;
mod queue;
mod replay;
mod rlock;
mod scenarios;
mod semaphore;
mod spinner;
mod threads;
