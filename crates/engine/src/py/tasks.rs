//! The rows of asyncio's tasks: what each task of an event loop is doing
//! over time, as the timeline draws it under the thread whose loop runs it.
//!
//! A task is not an actor: the loop and every one of its tasks run in one
//! thread, which the schedulers see and switch. Which task that thread is
//! running is the loop's business (`py/asyncio.py`), so the loop says it:
//! `Task` calls `interleave._task_row(name)` when it is made and
//! `interleave._task_state(row, word)` when it runs, gives the loop back
//! (ready again, waiting for a future, sleeping on a timer) or ends. The
//! world keeps the rows beside its output, stamped with its clock, only
//! when its steps are told (never in a search), and outside the run's
//! digest and its state's fingerprint: they say what the loop did, they do
//! not change it.

/// What a task is doing, as its row shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TaskState {
    /// In the loop's ready queue: it can go on when the loop comes to it.
    Ready,
    /// The loop's thread is running its coroutine.
    Running,
    /// Awaiting a timer (`asyncio.sleep`).
    Sleeping,
    /// Awaiting a future (another task, a lock, an event, a queue, a thread).
    Waiting,
    Done,
    /// It ended with an exception.
    Failed,
    Cancelled,
}

impl TaskState {
    /// Every state, in the order of [`TaskState::word`]'s words.
    pub const ALL: [TaskState; 7] = [
        TaskState::Ready,
        TaskState::Running,
        TaskState::Sleeping,
        TaskState::Waiting,
        TaskState::Done,
        TaskState::Failed,
        TaskState::Cancelled,
    ];

    /// As `asyncio.py` and the report spell it.
    pub fn word(self) -> &'static str {
        match self {
            TaskState::Ready => "ready",
            TaskState::Running => "running",
            TaskState::Sleeping => "sleeping",
            TaskState::Waiting => "waiting",
            TaskState::Done => "done",
            TaskState::Failed => "failed",
            TaskState::Cancelled => "cancelled",
        }
    }

    pub fn parse(word: &str) -> Option<TaskState> {
        TaskState::ALL.into_iter().find(|s| s.word() == word)
    }

    pub fn is_finished(self) -> bool {
        matches!(self, TaskState::Done | TaskState::Failed | TaskState::Cancelled)
    }
}

/// The most rows kept: later tasks run as before, without a row.
pub const MAX_TASK_ROWS: usize = 64;
/// The most changes kept per row; later ones count in the totals and the
/// final state only (the row says how many it dropped).
pub const MAX_TASK_CHANGES: usize = 2_000;

/// One task's row.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskRow {
    /// Its name (`Task-1`, or the one the program gave it).
    pub name: String,
    /// Its coroutine's function (`fetch_data`), if it has one.
    pub coro: String,
    /// The thread whose loop runs it.
    pub thread: crate::model::ActorId,
    /// (time in ms, state) of each change, from its creation.
    pub changes: Vec<(f64, TaskState)>,
    /// Changes not kept (over [`MAX_TASK_CHANGES`]).
    pub dropped: usize,
    /// Its state now, and since when.
    pub state: TaskState,
    pub since_ms: f64,
    /// Milliseconds spent in each state before the current one, in
    /// [`TaskState::ALL`] order: the complete accounting.
    pub totals_ms: [f64; 7],
}

impl TaskRow {
    /// Milliseconds spent in `s` up to `now` (the current state counted to `now`).
    pub fn ms_in(&self, s: TaskState, now: f64) -> f64 {
        let i = TaskState::ALL.iter().position(|x| *x == s).unwrap_or(0);
        self.totals_ms[i] + if self.state == s && !s.is_finished() { (now - self.since_ms).max(0.0) } else { 0.0 }
    }
}

/// Every task's row, in the order the tasks were made.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TaskRows {
    pub rows: Vec<TaskRow>,
    /// Tasks made after [`MAX_TASK_ROWS`], without a row.
    pub unrowed: usize,
}

impl TaskRows {
    /// A new row, ready at `now`; its index, or None past [`MAX_TASK_ROWS`].
    pub fn add(&mut self, name: String, coro: String, thread: crate::model::ActorId, now: f64) -> Option<usize> {
        if self.rows.len() >= MAX_TASK_ROWS {
            self.unrowed += 1;
            return None;
        }
        self.rows.push(TaskRow {
            name,
            coro,
            thread,
            changes: vec![(now, TaskState::Ready)],
            dropped: 0,
            state: TaskState::Ready,
            since_ms: now,
            totals_ms: [0.0; 7],
        });
        Some(self.rows.len() - 1)
    }

    /// Row `row` enters `state` at `now` (nothing if it is in it already,
    /// or has ended).
    pub fn set(&mut self, row: usize, state: TaskState, now: f64) {
        let Some(r) = self.rows.get_mut(row) else { return };
        if r.state == state || r.state.is_finished() {
            return;
        }
        let i = TaskState::ALL.iter().position(|x| *x == r.state).unwrap_or(0);
        r.totals_ms[i] += (now - r.since_ms).max(0.0);
        r.state = state;
        r.since_ms = now;
        if r.changes.len() < MAX_TASK_CHANGES || state.is_finished() {
            r.changes.push((now, state));
        } else {
            r.dropped += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_counts_each_state_and_ends_once() {
        let mut t = TaskRows::default();
        let r = t.add("Task-1".into(), "main".into(), 0, 0.0).unwrap();
        t.set(r, TaskState::Running, 1.0);
        t.set(r, TaskState::Sleeping, 3.0);
        t.set(r, TaskState::Sleeping, 4.0);
        t.set(r, TaskState::Ready, 1003.0);
        t.set(r, TaskState::Running, 1003.0);
        t.set(r, TaskState::Done, 1005.0);
        t.set(r, TaskState::Running, 2000.0);
        let row = &t.rows[r];
        assert_eq!(row.state, TaskState::Done);
        assert_eq!(row.changes.len(), 6);
        assert_eq!(row.ms_in(TaskState::Sleeping, 5000.0), 1000.0);
        assert_eq!(row.ms_in(TaskState::Running, 5000.0), 4.0);
        assert_eq!(row.ms_in(TaskState::Ready, 5000.0), 1.0);
    }

    #[test]
    fn rows_and_changes_are_bounded_and_the_end_is_always_kept() {
        let mut t = TaskRows::default();
        for k in 0..MAX_TASK_ROWS + 3 {
            t.add(format!("Task-{k}"), String::new(), 0, 0.0);
        }
        assert_eq!((t.rows.len(), t.unrowed), (MAX_TASK_ROWS, 3));
        for k in 0..MAX_TASK_CHANGES {
            t.set(0, if k % 2 == 0 { TaskState::Running } else { TaskState::Ready }, k as f64);
        }
        t.set(0, TaskState::Done, 1e6);
        let row = &t.rows[0];
        assert_eq!(row.changes.last(), Some(&(1e6, TaskState::Done)));
        assert!(row.dropped > 0 && row.changes.len() == MAX_TASK_CHANGES + 1);
        let total: f64 = TaskState::ALL.iter().map(|s| row.ms_in(*s, 1e6)).sum();
        assert_eq!(total, 1e6, "the totals cover the row's whole life, dropped changes included");
    }
}
