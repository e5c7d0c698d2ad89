//! Pinned replays: for every scenario, a few configurations and seeds, the
//! simulator's trace digest and its printed schedule (hashed, with its
//! length) as literal values. Share links replay through exactly these runs:
//! a change that moves any of them breaks old links and must fail here. If a
//! semantic change is truly needed, the pins change in a commit of their own
//! that says why. `PIN_PRINT=1 cargo test -p interleave-engine --test suite pinned -- --nocapture` prints
//! the table afresh.

use interleave_engine::digest::Fnv64;
use interleave_engine::lessons::build_from_pairs_seeded;
use interleave_engine::sim::simulate;

/// (scenario, parameters, seed, trace digest, schedule steps, schedule text hash)
type Pin = (&'static str, &'static str, u64, &'static str, usize, &'static str);

const CONFIGS: &[(&str, &str)] = &[
    ("spinner", "slow=work"),
    ("spinner", "slow=sleep"),
    ("bounded-buffer", ""),
    ("bounded-buffer", "wakeup=notify_one&producers=1&consumers=3&items=4"),
    ("deadlock", "strategy=naive"),
    ("deadlock", "strategy=ordered&philosophers=3"),
    ("deadlock", "strategy=timeout"),
    ("barrier", ""),
    ("race", "threads=3&increments=3"),
    ("race", "mode=locked&threads=3&increments=20"),
    ("race", "mode=atomic&threads=4&increments=50"),
    ("race", "threads=2&increments=5&pause_ms=1"),
    ("primes", "workers=2"),
    ("connection-pool", ""),
    ("rate-limiter", ""),
    ("event", ""),
    ("worker-pool", ""),
];

/// Lessons that are only their program (no model in Rust): pinned as programs.
const PROGRAM_ONLY_CONFIGS: &[(&str, &str)] =
    &[("gather", ""), ("gather", "mode=taskgroup&fail=yes"), ("gather", "mode=sequential"), ("timeout", ""), ("timeout", "how=cancel&timeout_ms=12000"),
        ("async-spinner", ""), ("async-spinner", "slow=block"), ("processes", ""), ("processes", "unit=thread&lock=no"), ("processes", "share=value&lock=no")];

const SEEDS: [u64; 3] = [0, 1, 42];

fn run(id: &str, query: &str, seed: u64) -> (String, usize, String) {
    let pairs: Vec<(&str, &str)> = query.split('&').filter(|p| !p.is_empty()).filter_map(|p| p.split_once('=')).collect();
    let model = build_from_pairs_seeded(id, &pairs, seed).expect("builds");
    fingerprint(simulate(&model, seed))
}

/// What a pin holds of a run: its trace digest, and its printed schedule's
/// length and hash.
fn fingerprint(r: interleave_engine::outcome::RunResult) -> (String, usize, String) {
    let schedule = r.schedule.clone().expect("the simulator prints its schedule");
    let mut h = Fnv64::new();
    h.str(&schedule);
    let steps = interleave_engine::schedule::Schedule::parse(&schedule).expect("parses").len();
    (r.summary.digest, steps, format!("{:016x}", h.finish()))
}

/// Prints the table afresh (`PIN_PRINT=1`), or checks every pin of `pins`
/// against `run`; `what` says what a moved pin breaks.
fn check_pins(pins: &[Pin], configs: &[&[(&str, &str)]], run: fn(&str, &str, u64) -> (String, usize, String), what: &str) {
    let n: usize = configs.iter().map(|c| c.len()).sum();
    if std::env::var_os("PIN_PRINT").is_some() {
        for (id, q) in configs.iter().flat_map(|c| c.iter()) {
            for seed in SEEDS {
                let (d, n, s) = run(id, q, seed);
                println!("    ({id:?}, {q:?}, {seed}, {d:?}, {n}, {s:?}),");
            }
        }
        return;
    }
    assert_eq!(pins.len(), n * SEEDS.len(), "every configuration and seed is pinned");
    let mut moved = Vec::new();
    for &(id, q, seed, digest, steps, sched) in pins {
        let got = run(id, q, seed);
        if got != (digest.to_string(), steps, sched.to_string()) {
            moved.push(format!("{id}?{q} seed {seed}: pinned ({digest}, {steps}, {sched}), now {got:?}"));
        }
    }
    assert!(moved.is_empty(), "{what}:\n{}", moved.join("\n"));
}

/// A lesson page's run since version 2: the lesson's program.
fn run_program(id: &str, query: &str, seed: u64) -> (String, usize, String) {
    let interleave_engine::contract::Opened::Scenario { params, .. } = interleave_engine::contract::open(&format!("#/{id}?{query}")) else {
        panic!("{id} is a lesson")
    };
    let world = interleave_engine::py::lessons::world(id, &params, seed).expect("compiles");
    fingerprint(interleave_engine::sim::simulate_program(id, world, seed))
}

/// The lessons' pages run their programs (version 2 and on): these are the
/// runs that links naming each lesson's current version replay. The model pins above stay as the
/// models' own (the bench compares the two), not as links' runs.
#[test]
fn every_pinned_program_replay_is_unchanged() {
    check_pins(PROGRAM_PINS, &[CONFIGS, PROGRAM_ONLY_CONFIGS], run_program, "program replays changed (links naming the lesson's current version would replay differently)");
}

const PROGRAM_PINS: &[Pin] = &[
    ("spinner", "slow=work", 0, "b7dbeeef232317c8", 134, "9d86baf175b187cd"),
    ("spinner", "slow=work", 1, "b798d7b1ca6e4167", 130, "dcc76b697e0f7245"),
    ("spinner", "slow=work", 42, "a900355bf053e141", 130, "b4743a605a2a36cd"),
    ("spinner", "slow=sleep", 0, "6c0cbf4262a8e415", 134, "9d86baf175b187cd"),
    ("spinner", "slow=sleep", 1, "c2fcea94bc5637bb", 130, "dcc76b697e0f7245"),
    ("spinner", "slow=sleep", 42, "b151e3e42b9d0479", 130, "b4743a605a2a36cd"),
    ("bounded-buffer", "", 0, "bd191004ba9b269b", 453, "05f98c273574292c"),
    ("bounded-buffer", "", 1, "346c8035f8435592", 461, "60e30d701283444b"),
    ("bounded-buffer", "", 42, "e6b4593103a99812", 453, "dad2e16bdc5006dd"),
    ("bounded-buffer", "wakeup=notify_one&producers=1&consumers=3&items=4", 0, "2c6e2998f3d5b5d9", 214, "b11838bafda96a65"),
    ("bounded-buffer", "wakeup=notify_one&producers=1&consumers=3&items=4", 1, "bddfaa0cbee7f009", 214, "e25e8076a0d2a67a"),
    ("bounded-buffer", "wakeup=notify_one&producers=1&consumers=3&items=4", 42, "74488fe4a4d47003", 214, "3177f1a42a740e7a"),
    ("deadlock", "strategy=naive", 0, "b23098f40ab87cf5", 22, "e6e8891c4c0390ad"),
    ("deadlock", "strategy=naive", 1, "9c6f7ed81154ec6d", 22, "6c61b791599219fe"),
    ("deadlock", "strategy=naive", 42, "4f0e0db9a59a20b1", 22, "43462351e5ede4f4"),
    ("deadlock", "strategy=ordered&philosophers=3", 0, "3a915b0a9ea7d1b7", 60, "ae9fb4941615f43e"),
    ("deadlock", "strategy=ordered&philosophers=3", 1, "4580525c035ea8e9", 60, "b706c413e918c8a3"),
    ("deadlock", "strategy=ordered&philosophers=3", 42, "1603b5010b184e79", 60, "48907024b2e21523"),
    ("deadlock", "strategy=timeout", 0, "dfa5c3b731d9c243", 82, "74e78f56cc48f538"),
    ("deadlock", "strategy=timeout", 1, "3244ae88f6cc815b", 58, "529ecc3ed69492a3"),
    ("deadlock", "strategy=timeout", 42, "2ab7958ceca6f5e0", 58, "cd4428ee2bd691f7"),
    ("barrier", "", 0, "ede3ec6c65fd39c2", 130, "568081d4e18954f3"),
    ("barrier", "", 1, "c8bd0e8e4fcd80cb", 130, "e0e59c6e13a37d75"),
    ("barrier", "", 42, "b07901ad06a565d2", 130, "072a593fc371a431"),
    ("race", "threads=3&increments=3", 0, "b105a98be9a7a8de", 56, "f524acb9cf96064d"),
    ("race", "threads=3&increments=3", 1, "15c31be935f94f0c", 56, "8b5b530c5b67ce77"),
    ("race", "threads=3&increments=3", 42, "7f83e4b5498e7326", 56, "edac553ef0e966f1"),
    ("race", "mode=locked&threads=3&increments=20", 0, "bf64bdba9f9cae2a", 386, "a60260a6cf825c76"),
    ("race", "mode=locked&threads=3&increments=20", 1, "af388bb09505964d", 386, "a4b8a3f446cc6b87"),
    ("race", "mode=locked&threads=3&increments=20", 42, "295f68ad635dc572", 386, "a6a80d6fb49331cc"),
    ("race", "mode=atomic&threads=4&increments=50", 0, "86824a8b91eabfe1", 428, "b6c0d211b4c36bf6"),
    ("race", "mode=atomic&threads=4&increments=50", 1, "e7cd7ffeea6d2f1d", 428, "048747079c26ce2d"),
    ("race", "mode=atomic&threads=4&increments=50", 42, "95746c4b0c3b4b6e", 428, "4db6f200685e73e1"),
    ("race", "threads=2&increments=5&pause_ms=1", 0, "80602f51c8fc8148", 55, "f07637dedd2a12d2"),
    ("race", "threads=2&increments=5&pause_ms=1", 1, "b8e68209d6b7b410", 55, "593a2e30734f869d"),
    ("race", "threads=2&increments=5&pause_ms=1", 42, "7f7b7d6a5ae5ded4", 55, "a11dfa5bd830b79b"),
    ("primes", "workers=2", 0, "ef2bff87bdf80c82", 228, "b282a3c5f5793de5"),
    ("primes", "workers=2", 1, "db030f1e07bfe7f7", 228, "13dc4fd467f46125"),
    ("primes", "workers=2", 42, "bcc01cebc9a6d217", 228, "0a77b0f6cb38e1aa"),
    ("connection-pool", "", 0, "b10126ab6e15247e", 229, "dc2cc667aabe789f"),
    ("connection-pool", "", 1, "b36a5ed96b03bb95", 229, "cfb01a4329c524bf"),
    ("connection-pool", "", 42, "072090c83dfb2fd4", 229, "eb72f8048a3f60e9"),
    ("rate-limiter", "", 0, "d767b08280972561", 513, "751f022211258c1a"),
    ("rate-limiter", "", 1, "4f8de6068648aad6", 513, "f0cc1bc781fa925d"),
    ("rate-limiter", "", 42, "a645509b2c12fb93", 513, "7cda10af58a19978"),
    ("event", "", 0, "058b59db5fb22a78", 119, "295387e7fef2c662"),
    ("event", "", 1, "b2e77be834654420", 125, "37a62d1152b7da00"),
    ("event", "", 42, "2212848d36bf0a45", 125, "a4dc7d6170db94fd"),
    // Version 3 (2026-12-02: the notes' TaskQueue with task_done/join and
    // workers started by the pool). Version 2 pinned fb5e424b6202f241,
    // f170e852620444df, a69d21bdb12b87d4 (106 steps): links naming version 2
    // now say that their seed runs the lesson as it is.
    ("worker-pool", "", 0, "13bb6e607a13dec5", 157, "5e825ae1f0d7edd2"),
    ("worker-pool", "", 1, "77b39141cd160af0", 157, "1f2ed61e389eb1f6"),
    ("worker-pool", "", 42, "64a5e391294655fb", 157, "600b7f848d9bfdc0"),
    // The gather lesson (2026-12-07): one thread, so every seed takes the one schedule.
    ("gather", "", 0, "aa0ccb851b28bd7e", 35, "d08ad9d63ee3c706"),
    ("gather", "", 1, "aa0ccb851b28bd7e", 35, "d08ad9d63ee3c706"),
    ("gather", "", 42, "aa0ccb851b28bd7e", 35, "d08ad9d63ee3c706"),
    ("gather", "mode=taskgroup&fail=yes", 0, "94e72762db696161", 34, "7f339d1609d0deef"),
    ("gather", "mode=taskgroup&fail=yes", 1, "94e72762db696161", 34, "7f339d1609d0deef"),
    ("gather", "mode=taskgroup&fail=yes", 42, "94e72762db696161", 34, "7f339d1609d0deef"),
    ("gather", "mode=sequential", 0, "2c83d0b3a48a379d", 35, "d08ad9d63ee3c706"),
    ("gather", "mode=sequential", 1, "2c83d0b3a48a379d", 35, "d08ad9d63ee3c706"),
    ("gather", "mode=sequential", 42, "2c83d0b3a48a379d", 35, "d08ad9d63ee3c706"),
    ("timeout", "", 0, "7a3d3513b375ac56", 12, "ece5eef501589f26"),
    ("timeout", "", 1, "7a3d3513b375ac56", 12, "ece5eef501589f26"),
    ("timeout", "", 42, "7a3d3513b375ac56", 12, "ece5eef501589f26"),
    ("timeout", "how=cancel&timeout_ms=12000", 0, "1887a6f5a2cb981b", 7, "3092b063c4520d6b"),
    ("timeout", "how=cancel&timeout_ms=12000", 1, "1887a6f5a2cb981b", 7, "3092b063c4520d6b"),
    ("timeout", "how=cancel&timeout_ms=12000", 42, "1887a6f5a2cb981b", 7, "3092b063c4520d6b"),
    ("async-spinner", "", 0, "b9ba92f269a76248", 131, "eea974ba441ee0b6"),
    ("async-spinner", "", 1, "b9ba92f269a76248", 131, "eea974ba441ee0b6"),
    ("async-spinner", "", 42, "b9ba92f269a76248", 131, "eea974ba441ee0b6"),
    ("async-spinner", "slow=block", 0, "35ce313c9fbbafc5", 12, "ece5eef501589f26"),
    ("async-spinner", "slow=block", 1, "35ce313c9fbbafc5", 12, "ece5eef501589f26"),
    ("async-spinner", "slow=block", 42, "35ce313c9fbbafc5", 12, "ece5eef501589f26"),
    ("processes", "", 0, "20249c0090260a88", 1715, "b4ed48e9e11b7d18"),
    ("processes", "", 1, "bb8d9f9b96b436af", 1715, "929a77c22f64cd86"),
    ("processes", "", 42, "88dde7985cbf4b77", 1715, "72146eb4ef434538"),
    ("processes", "unit=thread&lock=no", 0, "59a9b80f931aac5d", 835, "0c6edb8c841ba9f9"),
    ("processes", "unit=thread&lock=no", 1, "08b3d057e8eb3b8a", 835, "f0988feb8dd845a9"),
    ("processes", "unit=thread&lock=no", 42, "ae80598787c08c1b", 835, "f06bc99f0bc45a26"),
    ("processes", "share=value&lock=no", 0, "61e666aa343cbc73", 899, "aec26adb95ab7dea"),
    ("processes", "share=value&lock=no", 1, "f33ceb09ee879a23", 899, "cbf400d0f829cc6a"),
    ("processes", "share=value&lock=no", 42, "57292d303411fd27", 899, "97ffd00594e0a4b6"),
];

#[test]
fn every_pinned_replay_is_unchanged() {
    check_pins(PINS, &[CONFIGS], run, "replays changed (old links would replay differently)");
}

const PINS: &[Pin] = &[
    ("spinner", "slow=work", 0, "34e67d89b389a299", 97, "013f2e6367d6f402"),
    ("spinner", "slow=work", 1, "35654fd11a4489c9", 97, "ff75fbf36498f615"),
    ("spinner", "slow=work", 42, "35654fd11a4489c9", 97, "ff75fbf36498f615"),
    ("spinner", "slow=sleep", 0, "547fff192d58eaae", 97, "013f2e6367d6f402"),
    ("spinner", "slow=sleep", 1, "bab45bd2c6ea05ac", 97, "ff75fbf36498f615"),
    ("spinner", "slow=sleep", 42, "bab45bd2c6ea05ac", 97, "ff75fbf36498f615"),
    ("bounded-buffer", "", 0, "067bcce18cc5b062", 182, "675b206668eac3dc"),
    ("bounded-buffer", "", 1, "f6e179c1e48be6db", 182, "435da761a687bc2f"),
    ("bounded-buffer", "", 42, "b1a7042584b244d7", 182, "a8f06efafc3ac203"),
    ("bounded-buffer", "wakeup=notify_one&producers=1&consumers=3&items=4", 0, "2a13bbe7abf26e5c", 78, "3ca6f48c1937e45b"),
    ("bounded-buffer", "wakeup=notify_one&producers=1&consumers=3&items=4", 1, "376d795712885dd8", 80, "45277473031b5e10"),
    ("bounded-buffer", "wakeup=notify_one&producers=1&consumers=3&items=4", 42, "e1d9aad51deb914d", 78, "a2ca170ee39a79ee"),
    ("deadlock", "strategy=naive", 0, "10e4010f68eb46ac", 6, "bb0daa32ff8d8367"),
    ("deadlock", "strategy=naive", 1, "e7ea32276e33414c", 6, "77c0a6646eb8a3de"),
    ("deadlock", "strategy=naive", 42, "10e4010f68eb46ac", 6, "bb0daa32ff8d8367"),
    ("deadlock", "strategy=ordered&philosophers=3", 0, "4dfbf78a2b8ac9f7", 21, "d9f5113442b1014d"),
    ("deadlock", "strategy=ordered&philosophers=3", 1, "ef4c4781d5f6da85", 21, "614544679f13ed71"),
    ("deadlock", "strategy=ordered&philosophers=3", 42, "1312f3a1b9aa74c2", 21, "4172a9901fb65c57"),
    ("deadlock", "strategy=timeout", 0, "0b89c7eefafceb0c", 38, "ea90b8a578398cd4"),
    ("deadlock", "strategy=timeout", 1, "0bdbfffb3fa8618d", 22, "9391ef523fbbf239"),
    ("deadlock", "strategy=timeout", 42, "99b61f3714f6a94c", 38, "128cc22a6b4997cd"),
    ("barrier", "", 0, "e4999d7c98b35187", 38, "004a81e77abff644"),
    ("barrier", "", 1, "7b30a721a87434d4", 38, "d73822ad6ad3ccca"),
    ("barrier", "", 42, "4ca9c9a48c46e865", 38, "9942ba134ed94cd7"),
    ("race", "threads=3&increments=3", 0, "9045752aa21da664", 36, "0bd6d78aab32484e"),
    ("race", "threads=3&increments=3", 1, "2efde6e7ca7495a3", 36, "93b009c9bc882697"),
    ("race", "threads=3&increments=3", 42, "5c0f483f994dd684", 36, "103338229e268d85"),
    ("race", "mode=locked&threads=3&increments=20", 0, "fc0eb58d47c41410", 360, "6c6d7268c11404b1"),
    ("race", "mode=locked&threads=3&increments=20", 1, "f3d99a6554b47931", 360, "39a2d24ba4f123f0"),
    ("race", "mode=locked&threads=3&increments=20", 42, "f59b764f9b1163dc", 360, "a914f51c04978eb1"),
    ("race", "mode=atomic&threads=4&increments=50", 0, "b0c3c5dd9af07cfd", 200, "79c80e883b504532"),
    ("race", "mode=atomic&threads=4&increments=50", 1, "74488ee25615ad51", 200, "7fb283e0318e1f3a"),
    ("race", "mode=atomic&threads=4&increments=50", 42, "c67ca730ddcb223d", 200, "c0839e1e2c0c7653"),
    ("race", "threads=2&increments=5&pause_ms=1", 0, "9eccb9935fa567d3", 40, "428df9165c9e48e8"),
    ("race", "threads=2&increments=5&pause_ms=1", 1, "836076fd270e3d27", 40, "06f92d23af068e5d"),
    ("race", "threads=2&increments=5&pause_ms=1", 42, "b42583fed36de9ef", 40, "3aa505ee4d01df26"),
    ("primes", "workers=2", 0, "130ef710f749171d", 287, "324f6d18e891edfe"),
    ("primes", "workers=2", 1, "55721c2c407a5c53", 287, "25a9002465813018"),
    ("primes", "workers=2", 42, "130ef710f749171d", 287, "324f6d18e891edfe"),
    ("connection-pool", "", 0, "4c0fc287d902b1b3", 56, "1c74b1cda76923a3"),
    ("connection-pool", "", 1, "53dc841173fa83c3", 56, "b3303c78c4fad81a"),
    ("connection-pool", "", 42, "be382d5faec9aa53", 56, "eeb17b71cdcce133"),
    ("rate-limiter", "", 0, "6f57b4232ccb469a", 70, "adb21700814a8aee"),
    ("rate-limiter", "", 1, "121f05282ad0a428", 70, "dd3030c89e5bf101"),
    ("rate-limiter", "", 42, "52b1e5e0c924f4a4", 70, "7ab7b152d26f012a"),
    ("event", "", 0, "8fafe42d0c795dd1", 49, "558e6068a5690ac9"),
    ("event", "", 1, "56b24d01e2651e49", 55, "badb97007cca8c57"),
    ("event", "", 42, "dec0107f3f20feaf", 49, "064350ee9a149a3f"),
    ("worker-pool", "", 0, "15c095168f9b3e1d", 53, "277ca52cc8956322"),
    ("worker-pool", "", 1, "2b97afe92e0ca52b", 53, "9cb96d6890db0ea0"),
    ("worker-pool", "", 42, "cde4c27dfe843bb7", 53, "16b4ff4a33888360"),
];
