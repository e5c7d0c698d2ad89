//! Every interleaving of a model, within a preemption bound: the first
//! layer of issue 14's Explore.
//!
//! The search walks the simulator itself ([`Sim`], cloned at each choice),
//! depth first: at each step it branches on every actor that can run. Two
//! reductions keep it small, as CHESS and loom do:
//! * a **preemption bound**: switching away from an actor that could have
//!   gone on is a preemption, and schedules with more than `preemptions` of
//!   them are not explored (most bugs need one or two);
//! * **sleep sets** (partial-order reduction): after exploring actor `a`
//!   first, a sibling branch does not explore `a` again until something it
//!   depends on has happened, because steps that touch different objects
//!   commute and the two orders reach the same state;
//! * a **cache of states** ([`crate::fingerprint`]): a schedule that
//!   reaches a state already explored, with no fewer preemptions left and
//!   a sleep set no smaller, stops there (everything after it was seen).
//!   Outcomes are never lost (tested against brute force on lessons and on
//!   random programs); counts become schedules run to their end.
//!
//! Timing ([`ExploreConfig::timing`]): under [`Timing::Any`] a sleep, a
//! stretch of work or a timeout may end at any moment, so the search covers
//! every order some timing allows (a sleep orders nothing), an early end
//! counting as a preemption ([`Sim::early`]) so that the bound bounds it; under
//! [`Timing::Virtual`] only the orders the simulator's virtual clock allows
//! (who runs among those ready at the same moment). Either way every
//! counterexample's printed schedule replays on the simulator under the same
//! timing (`backend=sim&timing=...&schedule=`).

use crate::chain::Chain;
use crate::machine::Phase;
use crate::model::{ActorId, CheckKind, Cond, Instr, Model, ObjId, Op, ObjectKind};
use crate::outcome::{Outcome, RunResult};
use crate::sim::{Sim, SimConfig, Timing};
use crate::room;
use std::collections::BTreeMap;

/// How the interleavings are chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Method {
    /// Every schedule within the preemption bound (depth first, reduced).
    #[default]
    Every,
    /// `runs` executions, each scheduled by a seeded random policy.
    Random { runs: u64 },
    /// `runs` executions scheduled by PCT ([`crate::policy::Pct`]) with
    /// this depth; the first one, without a change point, measures how many
    /// steps a run takes.
    Pct { runs: u64, depth: u32 },
}

impl Method {
    /// How many runs it samples (0 for a search).
    pub fn runs(self) -> u64 {
        match self {
            Method::Random { runs } | Method::Pct { runs, .. } => runs,
            Method::Every => 0,
        }
    }

    /// As a link (`explore=`) and the contract's `method` say it.
    pub fn word(self) -> &'static str {
        match self {
            Method::Every => "every",
            Method::Random { .. } => "random",
            Method::Pct { .. } => "pct",
        }
    }
}

/// The budget that ended a search before it was complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// [`ExploreConfig::max_executions`].
    Executions,
    /// [`ExploreConfig::max_total_steps`].
    Steps,
    /// [`ExploreConfig::memory`]: the memory in use reached its limit.
    Memory,
}

impl Limit {
    /// As the contract's `limit` says it.
    pub fn word(self) -> &'static str {
        match self {
            Limit::Executions => "executions",
            Limit::Steps => "steps",
            Limit::Memory => "memory",
        }
    }
}

/// How far the search goes.
#[derive(Clone, Debug, PartialEq)]
pub struct ExploreConfig {
    /// The most preemptions a schedule may have.
    pub preemptions: u32,
    /// The most complete executions to explore (a budget).
    pub max_executions: u64,
    /// Partial-order reduction by sleep sets (off: every order, for tests).
    pub reduce: bool,
    /// The most steps one execution may take (a livelock guard).
    pub max_steps: u64,
    /// The most steps the whole search may take (a budget of work).
    pub max_total_steps: u64,
    /// Every interleaving, or sampled runs (`preemptions` and `reduce` are then unused).
    pub method: Method,
    /// A cache of the states explored ([`crate::fingerprint`]): a schedule
    /// that reaches a state already explored (with no fewer preemptions
    /// left and a sleep set no smaller) stops there, because everything
    /// after it has been seen. Off: every schedule runs to its end.
    pub cache: bool,
    /// The most states the cache keeps; beyond it the search goes on
    /// without caching more (never unsound, only slower).
    pub max_states: usize,
    /// Which timings the schedules may have (the page: any timing).
    pub timing: Timing,
    /// A limit on the memory in use, checked at every step of the search
    /// (none: no limit). A depth-first search keeps a few clones of the
    /// program per step of depth, so long runs over a large state (lists
    /// of thousands of items) can need gigabytes; the page has one.
    pub memory: Option<MemoryGauge>,
}

/// How a search reads the memory in use, and the most it may reach: the
/// page gives its allocator's count of bytes in use.
#[derive(Clone, Copy, Debug)]
pub struct MemoryGauge {
    pub in_use: fn() -> usize,
    pub limit: usize,
}

impl PartialEq for MemoryGauge {
    /// Gauges with the same limit are the same budget.
    fn eq(&self, other: &Self) -> bool {
        self.limit == other.limit
    }
}

impl MemoryGauge {
    fn exceeded(&self) -> bool {
        (self.in_use)() > self.limit
    }
}

impl Default for ExploreConfig {
    fn default() -> Self {
        ExploreConfig {
            preemptions: 2,
            max_executions: 200_000,
            reduce: true,
            max_steps: 20_000,
            max_total_steps: 20_000_000,
            method: Method::Every,
            cache: true,
            max_states: 2_000_000,
            timing: Timing::Virtual,
            memory: None,
        }
    }
}

/// The shortest way found to fail.
#[derive(Clone, Debug, PartialEq)]
pub struct Counterexample {
    /// As the simulator prints it: replays with [`crate::sim::replay`].
    pub schedule: String,
    pub preemptions: u32,
    pub steps: usize,
    pub outcome: Outcome,
}

/// What the search found.
#[derive(Clone, Debug, PartialEq)]
pub struct Exploration {
    /// Every schedule within the bound was explored (the budget was enough).
    pub complete: bool,
    /// The budget that ran out, when one did (then `complete` is false).
    pub limit: Option<Limit>,
    pub bound: u32,
    /// Complete executions explored. With the cache, a schedule that
    /// reaches a state already explored stops there and is not counted:
    /// this counts the schedules run to their end.
    pub executions: u64,
    /// Distinct states the search went through (the cache's size); `None`
    /// where it kept no cache (sampled runs, `cache` off).
    pub states: Option<u64>,
    /// The cache reached its most states (`ExploreConfig::max_states`) and
    /// the search went on without remembering more: `states` is then how
    /// many it remembers, not how many it went through.
    pub states_full: bool,
    /// Schedules cut short because they reached a state already explored.
    pub merged: u64,
    /// Steps taken over the whole search.
    pub steps: u64,
    /// How many executions ended each way: the outcome's word, and for a
    /// check on a counter its final value (`"invariant-violated: n = 3"`).
    pub outcomes: BTreeMap<String, u64>,
    /// Executions that did not complete with every check holding.
    pub failing: u64,
    pub counterexample: Option<Counterexample>,
    pub method: Method,
    /// The most actors one execution had, and the most steps it took
    /// (PCT's `n` and `k`).
    pub actors: usize,
    pub longest: u64,
    /// Executions in which two actors were in the critical section at
    /// once (a program's `critical_section()`), and the schedule with the
    /// fewest preemptions that gets there (it stops there: replayed, the
    /// run pauses with both inside, or goes on by its seed).
    pub overlaps: u64,
    pub overlap: Option<Overlap>,
    /// Schedules that came back to a state they had been in, with every
    /// thread that could run taking a step in the loop (a livelock: the
    /// run can go on forever without getting anywhere; counted in
    /// `outcomes` as `"livelock"` and in `failing`), and the one with the
    /// fewest preemptions. Found only with the cache (it needs the states).
    pub livelocks: u64,
    pub livelock: Option<Livelock>,
    /// Schedules that came back to a state with some thread starved: it
    /// could go on at times in the loop but was never chosen, while every
    /// thread that could go on all along took a step (a scheduler that is
    /// fair only to threads always ready can run the loop forever; counted
    /// in `outcomes` as `"starvation"` and in `failing`), and the one with
    /// the fewest preemptions ([`Livelock::starved`] names who starves).
    pub starvations: u64,
    pub starvation: Option<Livelock>,
    /// Where the counterexample and the overlap are in the depth-first
    /// order (the tie-break that keeps a split search's choice the same).
    pub(crate) counterexample_path: Vec<u16>,
    pub(crate) overlap_path: Vec<u16>,
    pub(crate) livelock_path: Vec<u16>,
    pub(crate) starvation_path: Vec<u16>,
}

/// What a search keeps the shortest of (a counterexample, the way into the
/// critical section, a livelock): fewest preemptions, then fewest steps,
/// then first in depth-first order (its path), so a split search keeps the
/// same one as a single search.
trait Shortest {
    fn rank(&self) -> (u32, usize);
}

/// Whether a find ranked `rank` at `path` beats what `kept` (at `kept_path`) holds.
fn shorter<T: Shortest>(rank: (u32, usize), path: &[u16], kept: &Option<T>, kept_path: &[u16]) -> bool {
    kept.as_ref().is_none_or(|k| (rank.0, rank.1, path) < (k.rank().0, k.rank().1, kept_path))
}

/// [`shorter`] for a node's path, copied out only when the ranks tie (the
/// only time the order looks at it).
fn shorter_at<T: Shortest>(rank: (u32, usize), path: &Chain<u16>, kept: &Option<T>, kept_path: &[u16]) -> bool {
    let copied;
    let path: &[u16] = if kept.as_ref().is_some_and(|k| k.rank() == rank) {
        copied = path.to_vec();
        &copied
    } else {
        &[]
    };
    shorter(rank, path, kept, kept_path)
}

/// Keeps `theirs` (another part of the search's find) if it is shorter.
fn keep_shorter<T: Shortest>(kept: &mut Option<T>, kept_path: &mut Vec<u16>, theirs: Option<T>, theirs_path: Vec<u16>) {
    if let Some(t) = theirs {
        if shorter(t.rank(), &theirs_path, kept, kept_path) {
            *kept = Some(t);
            *kept_path = theirs_path;
        }
    }
}

impl Shortest for Counterexample {
    fn rank(&self) -> (u32, usize) {
        (self.preemptions, self.steps)
    }
}

impl Shortest for Overlap {
    fn rank(&self) -> (u32, usize) {
        (self.preemptions, self.steps)
    }
}

impl Shortest for Livelock {
    fn rank(&self) -> (u32, usize) {
        (self.preemptions, self.steps)
    }
}

/// A loop with no way out along it: the schedule reaches a state, then
/// `cycle` more steps, in which every thread that could run took one,
/// bring it back to that state.
#[derive(Clone, Debug, PartialEq)]
pub struct Livelock {
    /// As the simulator prints it: the way to the loop and once round it.
    pub schedule: String,
    pub preemptions: u32,
    pub steps: usize,
    /// Steps in the loop.
    pub cycle: usize,
    /// The threads that take turns in the loop, by name.
    pub actors: Vec<String>,
    /// Threads that could go on at times in the loop but never do (a
    /// starvation); empty for a livelock.
    pub starved: Vec<String>,
}

impl Livelock {
    /// "t0 and t1 can go on forever: ...".
    pub fn sentence(&self) -> String {
        if !self.starved.is_empty() {
            return format!(
                "{} can starve: after step {}, {} more steps of {} bring the program back to the same state, and {} could go on at times in them but is never chosen",
                self.starved.join(" and "),
                self.steps - self.cycle,
                self.cycle,
                self.actors.join(" and "),
                self.starved.join(" and ")
            );
        }
        format!(
            "{} can go on forever without getting anywhere: after step {}, {} more steps, in which every thread that could run takes a turn, bring the program back to the same state",
            self.actors.join(" and "),
            self.steps - self.cycle,
            self.cycle
        )
    }
}

/// The shortest way into two actors in the critical section at once.
#[derive(Clone, Debug, PartialEq)]
pub struct Overlap {
    /// As the simulator prints it; it stops with both inside.
    pub schedule: String,
    pub preemptions: u32,
    pub steps: usize,
    /// The actors inside, by name.
    pub actors: Vec<String>,
}

impl Overlap {
    /// "w0 and w1 are in the critical section at once".
    pub fn sentence(&self) -> String {
        format!("{} are in the critical section at once", self.actors.join(" and "))
    }
}

impl Exploration {
    /// What sampled runs guarantee, in a sentence (`None` for a search of
    /// every interleaving, whose `complete` says it all).
    pub fn guarantee(&self) -> Option<String> {
        let runs = self.executions;
        match self.method {
            Method::Every => None,
            Method::Random { .. } => Some(format!(
                "These were {runs} runs with a random scheduler, not a search: every failure they show really happens, but finding none proves nothing."
            )),
            Method::Pct { depth, .. } => {
                let (n, k) = (self.actors.max(1) as f64, self.longest.max(1) as f64);
                let p = 1.0 / (n * k.powi(depth as i32 - 1));
                let all = 1.0 - (1.0 - p).powf(runs as f64);
                Some(format!(
                    "These were {runs} PCT runs of depth {depth}, not a search: each run finds any failure that needs {depth} steps in a given order with probability at least 1/(n·k^{}) = {} (n = {} threads, k = {} steps), so all of them with at least {}. Every failure they show really happens; finding none proves nothing with certainty.",
                    depth - 1,
                    fmt_probability(p),
                    self.actors,
                    self.longest,
                    fmt_probability(all)
                ))
            }
        }
    }
}

/// A probability for a sentence: `0.25`, `0.0031`, `2.1e-9`.
fn fmt_probability(p: f64) -> String {
    if p >= 0.01 {
        format!("{:.2}", p)
    } else if p >= 1e-4 {
        format!("{:.4}", p)
    } else {
        format!("{:.1e}", p)
    }
}

/// A pseudo-object: the run's output (the order of produced values).
const OUTPUT: ObjId = usize::MAX;

struct Node {
    sim: Sim,
    sleep: Vec<ActorId>,
    last: Option<ActorId>,
    preemptions: u32,
    /// Two actors were in the critical section at once on the way here.
    overlapped: bool,
    /// Where the node is in the depth-first order: the index of each
    /// choice among its siblings. Ties between equally short schedules go
    /// to the one first in that order, so a search split across threads
    /// picks the same counterexample as one thread does.
    path: Chain<u16>,
    /// The states on the way here (with the cache): a loop back to one of
    /// them is a cycle.
    trail: Option<std::sync::Arc<Trail>>,
}

/// One state on the way to a node.
struct Trail {
    fingerprint: crate::fingerprint::Bits128,
    /// Steps taken before it.
    at: usize,
    /// The actors that could run there (bit `a`; actors from 64 on share bit 63).
    enabled: u64,
    /// The fingerprints on the way to it, its own included.
    on_path: OnPath,
    parent: Option<std::sync::Arc<Trail>>,
}

impl Drop for Trail {
    /// Frees a long path in a loop, not by recursion: the race lesson at its
    /// default size goes tens of thousands of steps deep, and dropping that
    /// path link by link overflowed a Web Worker's stack ("Maximum call
    /// stack size exceeded"), which left the search hanging.
    fn drop(&mut self) {
        let mut next = self.parent.take();
        while let Some(link) = next {
            match std::sync::Arc::try_unwrap(link) {
                Ok(mut only) => next = only.parent.take(),
                Err(_) => break,
            }
        }
    }
}

/// The fingerprints of the states on one path, as a Bloom filter (2,048
/// bits, two of them set for each state): a state whose bits are not both
/// set is on no state of the path, so the walk back along the path that
/// looks for a loop ([`cycle`]) is skipped; set bits only mean "maybe", and
/// the walk decides. Each step of a path copies its parent's filter and adds
/// one state. (The filter of every state the search has expanded, [`Met`],
/// fills up in long searches, and then nearly every node walked back along
/// its path, hundreds of steps: half the time of bounded-buffer's search at
/// the page's defaults, `perf`, 2026-12-06.) A path hundreds of steps long
/// still says "no" to most states; a walk is made only when both say "maybe".
#[derive(Clone, Copy)]
struct OnPath([u64; OnPath::WORDS]);

impl OnPath {
    const WORDS: usize = 32;
    const BITS: u32 = 64 * Self::WORDS as u32;

    fn empty() -> OnPath {
        OnPath([0; Self::WORDS])
    }

    /// The two bits of `fp` (from two parts of the hash).
    fn bits(fp: u128) -> [u32; 2] {
        [fp as u32 % Self::BITS, (fp >> 64) as u32 % Self::BITS]
    }

    fn with(mut self, fp: u128) -> OnPath {
        for b in Self::bits(fp) {
            self.0[(b / 64) as usize] |= 1 << (b % 64);
        }
        self
    }

    fn maybe(&self, fp: u128) -> bool {
        Self::bits(fp).iter().all(|&b| self.0[(b / 64) as usize] & (1 << (b % 64)) != 0)
    }
}

fn bit(a: ActorId) -> u64 {
    1u64 << a.min(63)
}

/// What a loop back to a state on the way says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Loop {
    /// Every actor that could run somewhere in the loop took a step in it.
    Livelock,
    /// Every actor that could run all along the loop took a step, but these
    /// (a bit each), able to run at times in it, never did.
    Starvation(u64),
    /// Some actor could run all along the loop and never did: no scheduler
    /// would keep that up. Cut, not counted.
    Unfair,
}

/// Whether the path to `node`, whose state has `fingerprint`, came back to
/// a state it had been in: what the loop is, and its steps.
fn cycle(node: &Node, fingerprint: u128, enabled_here: u64) -> Option<(Loop, usize)> {
    let (mut sometimes, mut always) = (enabled_here, enabled_here);
    let mut t = node.trail.as_deref();
    while let Some(link) = t {
        sometimes |= link.enabled;
        always &= link.enabled;
        if u128::from(link.fingerprint) == fingerprint {
            let stepped = node.sim.chosen_since(link.at).fold(0u64, |m, a| m | bit(a));
            let kind = match (sometimes & !stepped, always & !stepped) {
                (0, _) => Loop::Livelock,
                (never, 0) => Loop::Starvation(never),
                _ => Loop::Unfair,
            };
            return Some((kind, node.sim.schedule_len() - link.at));
        }
        t = link.parent.as_deref();
    }
    None
}

/// Whether two actors are in the critical section now (a program's
/// `critical_section()`, [`crate::challenge`]).
fn two_in_critical_section(sim: &Sim) -> bool {
    sim.machine().world().is_some_and(|w| w.critical_count() >= 2)
}

/// After a step: a path that has just put two actors in the critical
/// section counts, and the shortest schedule to it is kept.
fn note_overlap(out: &mut Exploration, sim: &Sim, preemptions: u32, overlapped: &mut bool, path: &Chain<u16>) {
    if *overlapped || !two_in_critical_section(sim) {
        return;
    }
    *overlapped = true;
    let steps = sim.steps() as usize;
    if shorter_at((preemptions, steps), path, &out.overlap, &out.overlap_path) {
        out.overlap_path = path.to_vec();
        let inside = sim.machine().world().map(|w| w.in_critical_section()).unwrap_or_default();
        let model = sim.machine().model();
        let actors = inside.iter().filter_map(|&a| model.actors.get(a).map(|x| x.name.clone())).collect();
        out.overlap = Some(Overlap { schedule: sim.schedule().encode(), preemptions, steps, actors });
    }
}

/// A pseudo-object: everything (a Python program's step on shared data,
/// which may touch anything another step touches).
const EVERYTHING: ObjId = usize::MAX - 1;

/// The simulator a search of `model` starts from.
fn model_root(model: &Model, config: &ExploreConfig) -> Sim {
    let mut root = Sim::new(model, SimConfig { seed: 0, max_steps: config.max_steps, window: 0, timing: config.timing });
    root.share_kernel_answers();
    root
}

/// The simulator a search of a Python program starts from.
fn program_root(id: &str, mut world: crate::py::vm::World, config: &ExploreConfig) -> Sim {
    // A search tells no step (a replay of its schedule does): see `untold`.
    world.untold();
    let mut root = Sim::for_program(id, world, SimConfig { seed: 0, max_steps: config.max_steps, window: 0, timing: config.timing });
    root.share_kernel_answers();
    root
}

/// Explores `model`'s interleavings.
pub fn explore(model: &Model, config: &ExploreConfig) -> Exploration {
    let root = model_root(model, config);
    search(root, config)
}

/// Explores a Python program's interleavings (see [`crate::py`]). Its
/// steps on shared data are taken to depend on every other step, so only
/// steps on synchronization objects commute.
pub fn explore_program(id: &str, world: crate::py::vm::World, config: &ExploreConfig) -> Exploration {
    let root = program_root(id, world, config);
    search(root, config)
}

fn search(root: Sim, config: &ExploreConfig) -> Exploration {
    let mut e = Explorer::new(root, config.clone());
    while !e.run(u64::MAX) {}
    e.result()
}

/// A search in progress, resumable: the page runs it in slices (a few
/// milliseconds a frame) and can stop it; [`explore`] runs it to the end.
pub struct Explorer {
    config: ExploreConfig,
    reads: Vec<Vec<ObjId>>,
    stack: Vec<Node>,
    out: Exploration,
    done: bool,
    /// Sampling: the program as it starts, and the execution under way.
    root: Option<Sim>,
    sampling: Option<Sampled>,
    cache: Option<Cache>,
    /// With the cache: the fingerprints expanded (see [`Met`]).
    met: Option<Met>,
}

/// The fingerprints a search has expanded, as a filter (one bit for each
/// value of a fingerprint's low 23 bits, 1 MiB): with a path's own filter
/// ([`OnPath`]), it lets a node skip the walk back along its path. A path's
/// filter is exact enough for paths of hundreds of steps and says "maybe"
/// to everything on a path of thousands (the race lesson at its default
/// size goes 20,000 steps deep: every node walked back along all of them,
/// and its search, which ended in 4 s, ran for minutes); this one is exact
/// until a search has expanded millions of states. A state on the path is
/// in both, so a walk is needed only when both say "maybe".
struct Met(Box<[std::sync::atomic::AtomicU64]>);

impl Met {
    const BITS: usize = 1 << 23;

    fn new() -> Met {
        Met((0..Self::BITS / 64).map(|_| std::sync::atomic::AtomicU64::new(0)).collect())
    }

    fn slot(fp: u128) -> (usize, u64) {
        let b = fp as usize & (Self::BITS - 1);
        (b / 64, 1 << (b % 64))
    }

    /// (A node handed to another thread goes through the pool's lock,
    /// after which that thread sees every bit its path set: relaxed suffices.)
    fn note(&self, fp: u128) {
        let (i, m) = Self::slot(fp);
        if self.0[i].load(std::sync::atomic::Ordering::Relaxed) & m == 0 {
            self.0[i].fetch_or(m, std::sync::atomic::Ordering::Relaxed);
        }
    }

    fn maybe(&self, fp: u128) -> bool {
        let (i, m) = Self::slot(fp);
        self.0[i].load(std::sync::atomic::Ordering::Relaxed) & m != 0
    }
}

/// The states a search has explored: for each (fingerprint, the actor that
/// ran last, whether two actors have been in the critical section), the
/// preemptions and sleep set of each visit that was explored from it.
/// A new visit is covered by an old one with no more preemptions and a
/// sleep set inside its own: the old one explored every step this one
/// would (Godefroid's condition for sleep sets with state caching).
#[derive(Default)]
struct Cache {
    seen: rustc_hash::FxHashMap<CacheKey, Vec<(u32, Vec<ActorId>)>>,
    /// A new state found no room (explored, not remembered).
    full: bool,
}

type CacheKey = (u128, Option<ActorId>, bool);

/// The split search's cache, in shards (by fingerprint) that threads lock
/// one at a time.
const SHARDS: usize = 16;

impl Cache {
    /// What a node is cached under.
    fn key(node: &Node, fingerprint: u128) -> CacheKey {
        (fingerprint, node.last, node.overlapped)
    }

    /// Whether `node` must be explored (false: an earlier visit covers it).
    /// Notes the visit when it is.
    fn visit(&mut self, key: CacheKey, node: &Node, max_states: usize) -> bool {
        let covered = |(p, sleep): &(u32, Vec<ActorId>)| *p <= node.preemptions && sleep.iter().all(|a| node.sleep.contains(a));
        let room = self.seen.len() < max_states;
        match self.seen.get_mut(&key) {
            Some(visits) => {
                if visits.iter().any(covered) {
                    return false;
                }
                // Keep the visits this one does not cover.
                visits.retain(|(p, sleep)| !(node.preemptions <= *p && node.sleep.iter().all(|a| sleep.contains(a))));
                visits.push((node.preemptions, node.sleep.clone()));
            }
            // Full: explored, not remembered.
            None if !room => self.full = true,
            None => {
                self.seen.insert(key, vec![(node.preemptions, node.sleep.clone())]);
            }
        }
        true
    }
}

/// One sampled execution under way.
struct Sampled {
    sim: Sim,
    policy: Box<dyn crate::policy::Policy>,
    last: Option<ActorId>,
    preemptions: u32,
    overlapped: bool,
}

impl Explorer {
    /// A search of `model`'s interleavings, not started yet.
    pub fn new_model(model: &Model, config: ExploreConfig) -> Self {
        let root = model_root(model, &config);
        Self::new(root, config)
    }

    /// A search of a Python program's interleavings (see [`explore_program`]).
    pub fn new_program(id: &str, world: crate::py::vm::World, config: ExploreConfig) -> Self {
        let root = program_root(id, world, &config);
        Self::new(root, config)
    }

    fn new(root: Sim, config: ExploreConfig) -> Self {
        let reads = condition_reads(root.machine().model());
        let out = Exploration::empty(config.preemptions, config.method);
        if config.method != Method::Every {
            return Explorer { config, reads, stack: vec![], out: Exploration { complete: false, ..out }, done: false, root: Some(root), sampling: None, cache: None, met: None };
        }
        let cache = config.cache.then(Cache::default);
        let out = Exploration { states: cache.as_ref().map(|_| 0), ..out };
        let root = Node { sim: root, sleep: vec![], last: None, preemptions: 0, overlapped: false, path: Chain::new(), trail: None };
        let met = cache.as_ref().map(|_| Met::new());
        Explorer { config, reads, stack: vec![root], out, done: false, root: None, sampling: None, cache, met }
    }

    /// Sampled runs: about `budget` more steps; true once all have run (or the budget of steps ran out).
    fn sample(&mut self, budget: u64) -> bool {
        let runs = self.config.method.runs();
        let Some(root) = self.root.as_ref() else { return true };
        let until = self.out.steps.saturating_add(budget);
        while !self.done && self.out.steps < until {
            if self.out.executions >= runs || self.out.steps >= self.config.max_total_steps {
                self.done = true;
                break;
            }
            let run = self.sampling.get_or_insert_with(|| {
                let i = self.out.executions;
                let policy: Box<dyn crate::policy::Policy> = match self.config.method {
                    // The first run has its priorities and no change point
                    // yet: it measures how many steps a run takes.
                    Method::Pct { depth, .. } => {
                        let depth = if self.out.longest > 0 { depth } else { 1 };
                        Box::new(crate::policy::Pct::new(i, depth, self.out.longest))
                    }
                    _ => Box::new(crate::policy::Seeded::new(i)),
                };
                Sampled { sim: root.clone(), policy, last: None, preemptions: 0, overlapped: false }
            });
            let runnable = run.sim.runnable();
            if runnable.is_empty() {
                let run = self.sampling.take().expect("under way");
                let model = run.sim.machine().model();
                self.out.executions += 1;
                self.out.overlaps += run.overlapped as u64;
                self.out.actors = self.out.actors.max(run.sim.machine().actor_count());
                self.out.longest = self.out.longest.max(run.sim.steps());
                record(model, &mut self.out, &run.sim.result(), run.preemptions, run.sim.steps() as usize, &Chain::new());
                continue;
            }
            let Some(a) = run.policy.pick(&runnable) else {
                self.sampling = None;
                self.done = true;
                break;
            };
            if run.last.is_some_and(|l| l != a && runnable.contains(&l) && !run.sim.waits_for_timer(l)) || run.sim.early(a) {
                run.preemptions += 1;
            }
            run.last = Some(a);
            if run.sim.step(a).is_err() {
                self.sampling = None;
                self.done = true;
                break;
            }
            self.out.steps += 1;
            note_overlap(&mut self.out, &run.sim, run.preemptions, &mut run.overlapped, &Chain::new());
        }
        self.done
    }

    /// What it has found so far (all of it, once [`Explorer::run`] says done).
    pub fn progress(&self) -> &Exploration {
        &self.out
    }

    /// Stops the search where it is: the result says it is not complete.
    pub fn stop(&mut self) {
        if !self.done {
            self.done = true;
            self.out.complete = false;
        }
    }

    pub fn result(self) -> Exploration {
        self.out
    }

    /// Explores about `budget` more steps; true once the search is over
    /// (complete, or out of its budget of executions or steps).
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    pub fn run(&mut self, budget: u64) -> bool {
        if self.config.method != Method::Every {
            return self.sample(budget);
        }
        let until = self.out.steps.saturating_add(budget);
        while !self.done && self.out.steps < until {
            let Some(node) = self.stack.pop() else {
                self.done = true;
                break;
            };
            let (cache, max_states) = (&mut self.cache, self.config.max_states);
            let mut visit = |n: &Node, fp: u128| cache.as_mut().is_none_or(|c| c.visit(Cache::key(n, fp), n, max_states));
            // Depth first, in the order `expand` gives.
            expand(node, &self.config, &mut self.reads, &mut self.out, &mut visit, self.met.as_ref(), &mut self.stack);
            if let Some(c) = &self.cache {
                self.out.states = Some(c.seen.len() as u64);
                self.out.states_full = c.full;
            }
            if let Some(limit) = over_budget(&self.config, self.out.executions, self.out.steps) {
                if !self.stack.is_empty() {
                    self.out.complete = false;
                    self.out.limit = Some(limit);
                    self.done = true;
                }
            }
        }
        self.done
    }
}

/// The budget a search with these counts has used up, if any.
fn over_budget(config: &ExploreConfig, executions: u64, steps: u64) -> Option<Limit> {
    if executions >= config.max_executions {
        Some(Limit::Executions)
    } else if steps >= config.max_total_steps {
        Some(Limit::Steps)
    } else if config.memory.is_some_and(|m| m.exceeded()) {
        Some(Limit::Memory)
    } else {
        None
    }
}

/// One node of the search: a finished execution is recorded, or its
/// children are pushed on `stack` so that they pop in the order they are
/// explored (the actor that ran last first, then the others in order),
/// with their sleep sets. The children depend only on the node, never on
/// where or when it is expanded, so any traversal (one stack, or many
/// threads) walks the same tree.
#[cfg_attr(target_arch = "wasm32", optimize(speed))]
fn expand(
    mut node: Node,
    config: &ExploreConfig,
    reads: &mut Vec<Vec<ObjId>>,
    out: &mut Exploration,
    visit: &mut dyn FnMut(&Node, u128) -> bool,
    met: Option<&Met>,
    stack: &mut Vec<Node>,
) {
    let runnable = node.sim.runnable();
    let enabled = runnable.iter().fold(0u64, |m, &a| m | bit(a));
    let fingerprint = (config.cache && !runnable.is_empty()).then(|| node.sim.fingerprint());
    if let Some(fp) = fingerprint {
        // Back to a state on the way here: a loop. Everything after it is
        // explored from its first visit; a fair loop is a livelock.
        let maybe = node.trail.as_ref().is_some_and(|t| t.on_path.maybe(fp)) && met.is_none_or(|m| m.maybe(fp));
        if let Some((kind, steps)) = maybe.then(|| cycle(&node, fp, enabled)).flatten() {
            match kind {
                Loop::Livelock => note_loop(out, &node, steps, 0),
                Loop::Starvation(starved) => note_loop(out, &node, steps, starved),
                Loop::Unfair => out.merged += 1,
            }
            return;
        }
        // A state already explored (the cache's `visit` says): cut here.
        if !visit(&node, fp) {
            out.merged += 1;
            return;
        }
        // On the path of every node below this one.
        if let Some(m) = met {
            m.note(fp);
        }
    }
    if runnable.is_empty() {
        out.executions += 1;
        out.overlaps += node.overlapped as u64;
        out.actors = out.actors.max(node.sim.machine().actor_count());
        out.longest = out.longest.max(node.sim.steps());
        let model = node.sim.machine().model();
        record(model, out, &node.sim.result(), node.preemptions, node.sim.steps() as usize, &node.path);
        return;
    }
    if reads.len() < node.sim.machine().actor_count() {
        reads.resize(node.sim.machine().actor_count(), Vec::new());
    }
    // (Its lists are made in this thread's room, kept from node to node:
    // every node of a search makes them.)
    let mut lent = room::Lent::take(&ROOM);
    let NodeRoom { footprints, ends, choices, explored } = &mut *lent;
    for &a in &runnable {
        footprint(&node.sim, a, &reads[a], footprints);
        ends.push(footprints.len());
    }
    let fp = |i: usize| &footprints[if i == 0 { 0 } else { ends[i - 1] }..ends[i]];
    // The choices to step, each with its count of preemptions. The actor
    // that ran last goes first: the schedules without a preemption come
    // first, and the shortest counterexamples with them.
    let first = node.last.and_then(|l| runnable.iter().position(|&a| a == l));
    let order = first.into_iter().chain((0..runnable.len()).filter(|&i| Some(i) != first));
    choices.extend(order.filter(|&i| !(config.reduce && node.sleep.contains(&runnable[i]))).filter_map(|i| {
        let a = runnable[i];
        // (Under any timing an actor asleep is a choice, and leaving it
        // asleep is no preemption; ending a sleep or timeout early is one.)
        let preempted = node.last.is_some_and(|l| l != a && runnable.contains(&l) && !node.sim.waits_for_timer(l)) || node.sim.early(a);
        let preemptions = node.preemptions + preempted as u32;
        (preemptions <= config.preemptions).then_some((i, preemptions))
    }));
    let at = node.sim.schedule_len();
    // (Pushed in order, then turned around: the first pops first.)
    let base = stack.len();
    // The last choice takes the node's own state instead of a copy of it
    // (the node is done with it): a node with one choice copies nothing.
    let mut own = Some(node.sim);
    if choices.len() > 1 {
        if let Some(sim) = own.as_mut() {
            sim.share();
        }
    }
    let last_choice = choices.len().saturating_sub(1);
    // This state, on the way to every child (one link, which they share).
    let trail = fingerprint.map(|fp| {
        let on_path = node.trail.as_ref().map_or(OnPath::empty(), |t| t.on_path).with(fp);
        std::sync::Arc::new(Trail { fingerprint: fp.into(), at, enabled, on_path, parent: node.trail.clone() })
    });
    for (k, &(i, preemptions)) in choices.iter().enumerate() {
        let a = runnable[i];
        let mut sim = if k == last_choice { own.take().expect("the node's own state, once") } else { own.as_ref().expect("kept until the last choice").clone() };
        if sim.step_from(&runnable, a).is_err() {
            continue;
        }
        out.steps += 1;
        let mut path = node.path.clone();
        path.push((stack.len() - base) as u16);
        let mut overlapped = node.overlapped;
        note_overlap(out, &sim, preemptions, &mut overlapped, &path);
        let sleep = if config.reduce {
            let independent = |j: usize| !overlaps(fp(j), fp(i));
            let mut s: Vec<ActorId> = node
                .sleep
                .iter()
                .copied()
                .filter(|b| runnable.iter().position(|x| x == b).is_some_and(independent))
                .collect();
            s.extend(explored.iter().copied().filter(|&j| independent(j)).map(|j| runnable[j]));
            s
        } else {
            vec![]
        };
        explored.push(i);
        let trail = trail.clone();
        stack.push(Node { sim, sleep, last: Some(a), preemptions, overlapped, path, trail });
    }
    node.sleep.clear();
    stack[base..].reverse();
}

/// The lists [`expand`] makes at every node, kept by each thread between
/// nodes (emptied, [`crate::room`]): the footprints of the node's choices,
/// end to end, and where each ends; the choices to step; those stepped so far.
#[derive(Default)]
struct NodeRoom {
    footprints: Vec<ObjId>,
    ends: Vec<usize>,
    choices: Vec<(usize, u32)>,
    explored: Vec<usize>,
}

impl room::Room for NodeRoom {
    fn clear(&mut self) {
        self.footprints.clear();
        self.ends.clear();
        self.choices.clear();
        self.explored.clear();
    }
    fn bytes(&self) -> usize {
        self.footprints.bytes() + self.ends.bytes() + self.choices.bytes() + self.explored.bytes()
    }
}

thread_local! {
    static ROOM: room::Shelf<NodeRoom> = const { room::Shelf::new() };
}

impl Exploration {
    /// Adds what another part of the same search found (a subtree explored
    /// on another thread): counts add up, the shortest schedules win, ties
    /// going to the one first in depth-first order.
    fn merge(&mut self, other: Exploration) {
        self.complete &= other.complete;
        self.limit = self.limit.or(other.limit);
        self.executions += other.executions;
        self.merged += other.merged;
        self.steps += other.steps;
        for (k, n) in other.outcomes {
            *self.outcomes.entry(k).or_default() += n;
        }
        self.failing += other.failing;
        self.actors = self.actors.max(other.actors);
        self.longest = self.longest.max(other.longest);
        self.overlaps += other.overlaps;
        self.livelocks += other.livelocks;
        keep_shorter(&mut self.livelock, &mut self.livelock_path, other.livelock, other.livelock_path);
        self.starvations += other.starvations;
        keep_shorter(&mut self.starvation, &mut self.starvation_path, other.starvation, other.starvation_path);
        keep_shorter(&mut self.counterexample, &mut self.counterexample_path, other.counterexample, other.counterexample_path);
        keep_shorter(&mut self.overlap, &mut self.overlap_path, other.overlap, other.overlap_path);
    }

    /// Nothing found yet, by a search of `method` within `bound`.
    fn empty(bound: u32, method: Method) -> Exploration {
        Exploration {
            complete: true,
            limit: None,
            bound,
            executions: 0,
            states: None,
            states_full: false,
            merged: 0,
            steps: 0,
            outcomes: BTreeMap::new(),
            failing: 0,
            counterexample: None,
            method,
            actors: 0,
            longest: 0,
            overlaps: 0,
            overlap: None,
            livelocks: 0,
            livelock: None,
            starvations: 0,
            starvation: None,
            counterexample_path: vec![],
            overlap_path: vec![],
            livelock_path: vec![],
            starvation_path: vec![],
        }
    }
}

/// A search of every interleaving split across threads, as loom does not:
/// each thread takes a subtree from a shared pool and explores it depth
/// first, handing the shallow half of its own stack back to the pool when
/// another thread has nothing to do. The tree is the one a single thread
/// walks ([`expand`] depends only on the node), so the result is the same
/// for any number of threads: the same executions, outcomes and
/// counterexample (ties go to the first in depth-first order) as a single
/// search. With the cache ([`ExploreConfig::cache`], shared by the threads
/// in shards) that holds on one thread; on several, which thread reaches a
/// state first decides which schedule is cut there, so the counts may
/// differ from run to run, while the outcomes, completeness and the
/// counterexample's preemptions stay those of the single search.
///
/// The caller supplies the threads (std threads natively, the Web Worker
/// pool in the page): each calls [`Parallel::work`] until it returns.
/// [`Parallel::stop`] ends every thread's search at its next slice.
pub struct Parallel {
    config: ExploreConfig,
    reads: Vec<Vec<ObjId>>,
    shared: std::sync::Mutex<Shared>,
    /// Set by [`Parallel::stop`], or when the budget ran out.
    stopped: std::sync::atomic::AtomicBool,
    /// Executions so far over all threads (the budget's measure).
    executions: std::sync::atomic::AtomicU64,
    steps: std::sync::atomic::AtomicU64,
    /// The budget that ran out first, once one has.
    ran_out: std::sync::OnceLock<Limit>,
    /// The states explored, shared by every thread (`None`: no cache).
    cache: Option<Vec<std::sync::Mutex<Cache>>>,
    met: Option<Met>,
}

struct Shared {
    pool: Vec<Node>,
    /// Threads exploring a subtree now.
    busy: usize,
    /// Threads waiting for work: a busy thread shares its stack with them.
    hungry: usize,
    out: Exploration,
}

impl Parallel {
    /// A split search of `model` (always every interleaving: sampled runs
    /// are independent runs, and need no splitting).
    pub fn new_model(model: &Model, config: ExploreConfig) -> Self {
        Self::split(Explorer::new_model(model, ExploreConfig { method: Method::Every, ..config }))
    }

    pub fn new_program(id: &str, world: crate::py::vm::World, config: ExploreConfig) -> Self {
        Self::split(Explorer::new_program(id, world, ExploreConfig { method: Method::Every, ..config }))
    }

    /// The search `explorer` would make, as a pool of one subtree (its root).
    fn split(explorer: Explorer) -> Self {
        Parallel {
            shared: std::sync::Mutex::new(Shared { pool: explorer.stack, busy: 0, hungry: 0, out: explorer.out }),
            reads: explorer.reads,
            config: explorer.config,
            stopped: std::sync::atomic::AtomicBool::new(false),
            executions: std::sync::atomic::AtomicU64::new(0),
            steps: std::sync::atomic::AtomicU64::new(0),
            ran_out: std::sync::OnceLock::new(),
            cache: explorer.cache.map(|_| (0..SHARDS).map(|_| std::sync::Mutex::new(Cache::default())).collect()),
            met: explorer.met,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// One thread's share of the search: returns when the whole search is
    /// over (or stopped). Call it from as many threads as there are cores.
    pub fn work(&self) {
        use std::sync::atomic::Ordering::Relaxed;
        let mut reads = self.reads.clone();
        loop {
            // Take a subtree, or wait until one is shared or the search ends.
            let node = {
                let mut s = self.lock();
                loop {
                    if self.stopped.load(Relaxed) {
                        return;
                    }
                    if let Some(n) = s.pool.pop() {
                        s.busy += 1;
                        break n;
                    }
                    if s.busy == 0 {
                        return;
                    }
                    s.hungry += 1;
                    drop(s);
                    std::thread::sleep(std::time::Duration::from_micros(100));
                    s = self.lock();
                    s.hungry -= 1;
                }
            };
            // Its own copy of every shared cell: the subtree's clones then
            // share only among themselves, and threads do not count
            // references to the same cells (the cache lines would go back
            // and forth between cores at every clone).
            let mut node = node;
            node.sim.unshare();
            let mut stack = vec![node];
            let mut local = Exploration::empty(self.config.preemptions, self.config.method);
            let mut since_check = 0u32;
            while let Some(n) = stack.pop() {
                let (e0, s0) = (local.executions, local.steps);
                let mut visit = |n: &Node, fp: u128| self.visit(n, fp);
                expand(n, &self.config, &mut reads, &mut local, &mut visit, self.met.as_ref(), &mut stack);
                let done = self.executions.fetch_add(local.executions - e0, Relaxed) + (local.executions - e0);
                let steps = self.steps.fetch_add(local.steps - s0, Relaxed) + (local.steps - s0);
                if let Some(limit) = over_budget(&self.config, done, steps) {
                    // Out of budget: what is left unexplored makes it incomplete.
                    let _ = self.ran_out.set(limit);
                    self.stopped.store(true, Relaxed);
                }
                since_check += 1;
                if since_check >= 64 {
                    since_check = 0;
                    if self.stopped.load(Relaxed) {
                        break;
                    }
                    // Someone is idle: hand over the shallow half of this stack
                    // (the bottom of a depth-first stack holds the big subtrees).
                    if stack.len() > 1 {
                        let mut s = self.lock();
                        if s.hungry > 0 && s.pool.is_empty() {
                            let give = stack.len() / 2;
                            s.pool.extend(stack.drain(..give));
                        }
                    }
                }
            }
            let mut s = self.lock();
            if !stack.is_empty() {
                local.complete = false;
            }
            s.out.merge(local);
            s.busy -= 1;
        }
    }

    /// The shared cache's answer for `node` (true: explore it).
    fn visit(&self, node: &Node, fingerprint: u128) -> bool {
        let Some(shards) = &self.cache else { return true };
        let key = Cache::key(node, fingerprint);
        let shard = &shards[(key.0 as usize) % SHARDS];
        let mut c = shard.lock().unwrap_or_else(|e| e.into_inner());
        c.visit(key, node, self.config.max_states / SHARDS)
    }

    /// Distinct states in the shared cache so far, for a progress line,
    /// without waiting: `None` if it keeps none, or if a worker holds a
    /// shard right now (try again later). A thread that must not block (a
    /// browser's main thread, where a wait on a held lock is an error) can
    /// call it.
    pub fn states_now(&self) -> Option<u64> {
        self.tally(false).map(|(states, _)| states)
    }

    /// The shared cache's distinct states, and whether a shard had no room
    /// for a new one, over every shard (`None`: it keeps none). `wait`:
    /// take each shard's lock; else `None` as soon as a worker holds one.
    fn tally(&self, wait: bool) -> Option<(u64, bool)> {
        use std::sync::TryLockError;
        let (mut states, mut full) = (0, false);
        for shard in self.cache.as_ref()? {
            let c = match shard.try_lock() {
                Ok(c) => c,
                Err(TryLockError::Poisoned(c)) => c.into_inner(),
                Err(TryLockError::WouldBlock) if wait => shard.lock().unwrap_or_else(|e| e.into_inner()),
                Err(TryLockError::WouldBlock) => return None,
            };
            states += c.seen.len() as u64;
            full |= c.full;
        }
        Some((states, full))
    }

    /// [`Parallel::tally`] as an [`Exploration`] says it.
    fn states(&self) -> (Option<u64>, bool) {
        self.tally(true).map_or((None, false), |(states, full)| (Some(states), full))
    }

    /// Ends the search at every thread's next slice; the result says it is
    /// not complete (unless it had finished).
    pub fn stop(&self) {
        self.stopped.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Executions and steps so far, over all threads (for a progress bar).
    pub fn counts(&self) -> (u64, u64) {
        use std::sync::atomic::Ordering::Relaxed;
        (self.executions.load(Relaxed), self.steps.load(Relaxed))
    }

    /// What has been merged so far, marked incomplete (for a caller that
    /// cannot take the search back).
    pub fn snapshot(&self) -> Exploration {
        let (states, states_full) = self.states();
        Exploration { complete: false, states, states_full, limit: self.ran_out.get().copied(), ..self.lock().out.clone() }
    }

    /// The result, once every thread's [`Parallel::work`] has returned.
    pub fn result(self) -> Exploration {
        let (states, states_full) = self.states();
        let limit = self.ran_out.get().copied();
        let s = self.shared.into_inner().unwrap_or_else(|e| e.into_inner());
        // Subtrees nobody took (a stop, or the budget) leave it incomplete;
        // a thread that broke off its own says so in what it merged.
        let complete = s.out.complete && s.pool.is_empty();
        Exploration { complete, limit: if complete { None } else { limit }, states, states_full, ..s.out }
    }
}

/// Explores `model` on `threads` std threads (natively; the page uses its
/// Web Worker pool the same way).
pub fn explore_parallel(model: &Model, config: &ExploreConfig, threads: usize) -> Exploration {
    on_threads(Parallel::new_model(model, config.clone()), threads)
}

/// [`explore_parallel`] for a Python program.
pub fn explore_program_parallel(id: &str, world: crate::py::vm::World, config: &ExploreConfig, threads: usize) -> Exploration {
    on_threads(Parallel::new_program(id, world, config.clone()), threads)
}

fn on_threads(search: Parallel, threads: usize) -> Exploration {
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| search.work());
        }
    });
    search.result()
}

fn overlaps(x: &[ObjId], y: &[ObjId]) -> bool {
    x.contains(&EVERYTHING) || y.contains(&EVERYTHING) || x.iter().any(|o| y.contains(o))
}

/// What actor `a`'s next step touches: its object (a condition and its
/// lock both), the output if it produces a value, and the objects its
/// control flow reads after it.
fn footprint(sim: &Sim, a: ActorId, reads: &[ObjId], f: &mut Vec<ObjId>) {
    let m = sim.machine();
    let model = m.model();
    f.extend_from_slice(reads);
    match m.phase(a) {
        Phase::CvWait { cv, mutex, .. } => f.extend([cv, mutex]),
        Phase::Parked { object, .. } => f.push(object),
        Phase::Timed { .. } => f.push(OUTPUT),
        Phase::Spin => {}
        Phase::Fresh => {
            if let Some(op) = m.next_op(a) {
                if m.world().is_some() && op.object().is_none() {
                    // A program's step on shared data, or its sleep, output or work.
                    f.push(EVERYTHING);
                }
                if let Some(o) = op.object() {
                    f.push(o);
                    if let Some(ObjectKind::Condvar { mutex }) = model.objects.get(o).map(|d| d.kind) {
                        f.push(mutex);
                    }
                }
                if matches!(
                    op,
                    Op::Compute { .. }
                        | Op::Answer { .. }
                        | Op::Emit { .. }
                        | Op::Crunch { .. }
                        | Op::BarrierWait { .. }
                        | Op::TakeToken { .. }
                ) {
                    f.push(OUTPUT);
                }
            }
        }
    }
}

/// For each actor, the shared objects its conditions read.
fn condition_reads(model: &Model) -> Vec<Vec<ObjId>> {
    model
        .actors
        .iter()
        .map(|a| {
            let mut v: Vec<ObjId> = a
                .code
                .iter()
                .filter_map(|i| match i {
                    Instr::JumpUnless { cond: Cond::Counter { counter, .. }, .. } => Some(*counter),
                    Instr::JumpUnless { cond: Cond::EventIsSet { event } | Cond::EventNotSet { event }, .. } => Some(*event),
                    _ => None,
                })
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect()
}

/// How an execution ended, as the histogram counts it.
pub fn outcome_key(model: &Model, r: &RunResult) -> String {
    let word = r.outcome.kind().as_str().to_string();
    let checked: Vec<String> = model
        .checks
        .iter()
        .filter_map(|c| match c.kind {
            CheckKind::CounterEquals { counter, .. } | CheckKind::NoLostUpdates { counter, .. } => {
                let name = model.object_name(counter);
                r.counter(name).map(|v| format!("{name} = {v}"))
            }
            _ => None,
        })
        .collect();
    if checked.is_empty() {
        match &r.outcome {
            // A program's assert: the two sides it compared.
            Outcome::InvariantViolated { detail, .. } if model.checks.iter().all(|c| c.kind == CheckKind::Assert) => {
                format!("{word}: {detail}")
            }
            _ => word,
        }
    } else {
        format!("{word}: {}", checked.join(", "))
    }
}

/// A fair loop: counted as an execution that never ends ("livelock"), and
/// the one with the fewest preemptions kept.
fn note_loop(out: &mut Exploration, node: &Node, cycle: usize, starved: u64) {
    out.executions += 1;
    out.failing += 1;
    let (count, kept, kept_path, word) = if starved == 0 {
        (&mut out.livelocks, &mut out.livelock, &mut out.livelock_path, "livelock")
    } else {
        (&mut out.starvations, &mut out.starvation, &mut out.starvation_path, "starvation")
    };
    *count += 1;
    *out.outcomes.entry(word.to_string()).or_default() += 1;
    let steps = node.sim.schedule_len();
    if shorter_at((node.preemptions, steps), &node.path, kept, kept_path) {
        *kept_path = node.path.to_vec();
        let model = node.sim.machine().model();
        let in_loop = node.sim.chosen_since(steps - cycle).fold(0u64, |m, a| m | bit(a));
        let names = |mask: u64| (0..model.actors.len()).filter(|&a| mask & bit(a) != 0).map(|a| model.actor_name(a).to_string()).collect();
        *kept = Some(Livelock { schedule: node.sim.schedule().encode(), preemptions: node.preemptions, steps, cycle, actors: names(in_loop), starved: names(starved) });
    }
}

fn record(model: &Model, out: &mut Exploration, r: &RunResult, preemptions: u32, steps: usize, path: &Chain<u16>) {
    *out.outcomes.entry(outcome_key(model, r)).or_default() += 1;
    if r.outcome == Outcome::Completed {
        return;
    }
    out.failing += 1;
    if shorter_at((preemptions, steps), path, &out.counterexample, &out.counterexample_path) {
        out.counterexample_path = path.to_vec();
        out.counterexample = Some(Counterexample {
            schedule: r.schedule.clone().unwrap_or_default(),
            preemptions,
            steps,
            outcome: r.outcome.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::OnPath;

    /// A cache that fills says so: its count is then what it remembers.
    #[test]
    fn a_full_cache_says_it_is_full() {
        use super::{explore_program, ExploreConfig};
        use crate::py::{self, vm::World};
        let given: Vec<(String, String)> = [("mode", "unsafe"), ("threads", "2"), ("increments", "2")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let search = |max_states| {
            let world = World::new(py::compile(py::lessons::source("race").unwrap()).unwrap(), &given, 0);
            explore_program("race", world, &ExploreConfig { preemptions: 2, max_states, cache: true, timing: crate::sim::Timing::Any, ..ExploreConfig::default() })
        };
        let roomy = search(500_000);
        assert!(roomy.complete && !roomy.states_full && roomy.states > Some(20), "{roomy:?}");
        let tight = search(20);
        assert_eq!((tight.states, tight.states_full), (Some(20), true));
        // (Explored, not remembered: the same outcomes, found by more runs.)
        assert_eq!(tight.outcomes.keys().collect::<Vec<_>>(), roomy.outcomes.keys().collect::<Vec<_>>());
    }

    /// The progress line's count of states, read while two threads search
    /// (never waiting for their locks): it only grows, and at the end it is
    /// the result's count.
    #[test]
    fn states_now_counts_without_waiting_and_ends_at_the_result() {
        use super::{ExploreConfig, Parallel};
        use crate::py::{self, vm::World};
        let given: Vec<(String, String)> = [("mode", "unsafe"), ("threads", "2"), ("increments", "2")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let world = World::new(py::compile(py::lessons::source("race").unwrap()).unwrap(), &given, 0);
        let search = Parallel::new_program("race", world, ExploreConfig { preemptions: 8, cache: true, timing: crate::sim::Timing::Any, ..ExploreConfig::default() });
        let seen = std::thread::scope(|s| {
            let workers: Vec<_> = (0..2).map(|_| s.spawn(|| search.work())).collect();
            let mut seen = vec![];
            while workers.iter().any(|w| !w.is_finished()) {
                if let Some(n) = search.states_now() {
                    seen.push(n);
                }
                std::thread::yield_now();
            }
            seen
        });
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "the count only grows");
        let last = search.states_now().expect("no worker holds a shard now");
        let result = search.result();
        assert_eq!(Some(last), result.states);
        assert!(result.complete && last > 1_000, "{:?}", result.states);
    }

    /// The filter may say "maybe" of a state not on the path, never "no" of
    /// one on it (a loop would go unseen), and says "no" to most others.
    #[test]
    fn a_path_filter_never_forgets_a_state_on_its_path() {
        let mut x: u128 = 0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C834;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let on: Vec<u128> = (0..500).map(|_| next()).collect();
        let path = on.iter().fold(OnPath::empty(), |p, &fp| p.with(fp));
        assert!(on.iter().all(|&fp| path.maybe(fp)));
        let strangers = (0..10_000).filter(|_| path.maybe(next())).count();
        assert!(strangers < 3_000, "{strangers} of 10,000 states not on a 500-step path said maybe");
        assert!(!OnPath::empty().maybe(next()));
    }
}
