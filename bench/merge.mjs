// The last step of `make bench`: reads target/bench/native.json (crates/engine/examples/bench.rs
// suite) and target/bench/browser.json (bench/browser.mjs), writes target/bench/report.json (one
// flat object; the key names are a contract, see README "Benchmarks") and target/bench/speedup.svg,
// and prints the table with each target and PASS / MISS.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'target', 'bench');
const native = JSON.parse(fs.readFileSync(path.join(dir, 'native.json'), 'utf8'));
const browser = JSON.parse(fs.readFileSync(path.join(dir, 'browser.json'), 'utf8'));

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const WORKERS = Object.keys(browser.primes).map(Number).sort((a, b) => a - b);
const hw = Math.min(browser.hardware_concurrency, native.native_threads);
const kMax = Math.max(...WORKERS.filter((k) => k <= hw), WORKERS[0]);

const r = {};
// Primes: the makespan each run's trace gives (its longest actor life), medians over the reps.
const wasm = (k) => median(browser.primes[k].wasm_makespan_ms);
const nat = (k) => median(browser.primes[k].native_makespan_ms);
r.primes_wasm_vs_native_1 = wasm(1) / nat(1);
r.primes_wasm_vs_native_1_wall = median(browser.primes[1].wasm_ms) / median(browser.primes[1].native_ms);
for (const k of WORKERS) r[`primes_speedup_wasm_${k}`] = wasm(1) / wasm(k);
for (const k of WORKERS) r[`primes_speedup_native_${k}`] = nat(1) / nat(k);
r.primes_speedup_ratio_max = r[`primes_speedup_wasm_${kMax}`] / r[`primes_speedup_native_${kMax}`];
r.primes_speedup_ratio_at_workers = kMax;
r.primes_wasm_1_ms = wasm(1);
r.primes_native_1_ms = nat(1);
// Responsiveness.
r.frame_gap_workers_ms = median(browser.primes[kMax].frame_gap_ms);
r.frame_gap_workers_max_ms = Math.max(...WORKERS.flatMap((k) => browser.primes[k].frame_gap_ms));
r.frame_gap_eventloop_work_ms = median(browser.eventloop_gap_ms);
r.frame_p95_live_ms = median(browser.live_p95_ms);
r.frame_live_frames = median(browser.live_frames);
r.frame_live_wall_ms = median(browser.live_wall_ms);
r.frame_live_trace_events = median(browser.live_events);
r.frame_live_emitted_events = median(browser.live_emitted ?? browser.live_events);
r.frame_max_task_live_ms = Math.max(...browser.live_max_task_ms);
r.frame_p95_saturated_ms = median(browser.saturated_p95_ms);
r.frame_max_task_saturated_ms = Math.max(...browser.saturated_max_task_ms);
r.frame_saturated_trace_events = median(browser.saturated_events);
r.frame_saturated_emitted_events = median(browser.saturated_emitted ?? browser.saturated_events);
// Tracing and the simulator (native).
r.trace_overhead = native.trace_overhead;
r.trace_on_ms = native.trace_on_ms;
r.trace_off_ms = native.trace_off_ms;
r.sim_steps_per_s = native.sim_steps_per_s;
r.sim_vs_native_threads = native.sim_vs_native_threads;
r.sim_steps_per_s_wasm = median(browser.sim_wasm_steps_per_s);
r.sim_wasm_vs_native_steps = r.sim_steps_per_s_wasm / r.sim_steps_per_s;
// The playground's Python (issue 13), native: compile, and the interpreted
// race against its built model on the same run.
for (const k of ['py_compile_lines', 'py_compile_200_lines_ms', 'py_sim_steps_per_s', 'py_sim_steps_per_run', 'py_sim_ms', 'py_vs_model_sim', 'py_threads_ms', 'py_vs_model_threads']) r[k] = native[k];
// The same 200 lines compiled in the page (each key typed in the editor), and
// the first compile, as a link opens (cold code).
r.py_compile_200_lines_wasm_ms = median(browser.py_compile_wasm_ms ?? []);
r.py_compile_200_lines_wasm_first_ms = median(browser.py_compile_wasm_first_ms ?? []);
r.py_compile_wasm_vs_native = r.py_compile_200_lines_wasm_ms / r.py_compile_200_lines_ms;
// Explore (issue 14) against loom (bench/loom), on the same models, in the same sitting.
const loom = fs.existsSync(path.join(dir, 'loom.json')) ? JSON.parse(fs.readFileSync(path.join(dir, 'loom.json'), 'utf8')) : {};
for (const m of ['race_2x2', 'philosophers_3']) {
  r[`explore_${m}_executions`] = native[`explore_${m}_executions`];
  r[`explore_${m}_per_s`] = native[`explore_${m}_per_s`];
  r[`loom_${m}_executions`] = loom[`loom_${m}_executions`];
  r[`loom_${m}_per_s`] = loom[`loom_${m}_per_s`];
  r[`explore_vs_loom_${m}_executions`] = r[`explore_${m}_executions`] / r[`loom_${m}_executions`];
  r[`explore_${m}_cached_executions`] = native[`explore_${m}_cached_executions`];
  r[`explore_${m}_cached_states`] = native[`explore_${m}_cached_states`];
  r[`explore_${m}_cached_ms`] = native[`explore_${m}_cached_ms`];
  r[`explore_${m}_ms`] = native[`explore_${m}_ms`];
}
r.explore_program_per_s = native.explore_program_race_2x2_per_s;
r.explore_page_per_s = median(browser.explore_page_per_s);
r.explore_page_ms = median(browser.explore_page_ms);
r.explore_program_cached_ms = native.explore_program_race_2x2_cached_ms;
r.explore_page_vs_loom_rate = r.explore_page_per_s / r.loom_race_2x2_per_s;
r.explore_page_warm_per_s = median(browser.explore_page_warm_per_s ?? []);
r.explore_page_warm_ms = median(browser.explore_page_warm_ms ?? []);
r.explore_page_warm_vs_loom_rate = r.explore_page_warm_per_s / r.loom_race_2x2_per_s;
r.explore_threads = native.explore_threads;
r.explore_page_split_threads = browser.explore_page_split_threads;
r.explore_page_threads_speedup = median(browser.explore_page_split_pairs.map(([one, all]) => one / all));
r.explore_page_split_ms = median(browser.explore_page_split_pairs.map(([, all]) => all));
r.explore_page_warm_threads_speedup = median(browser.explore_page_split_warm_pairs.map(([one, all]) => one / all));
r.explore_page_split_warm_ms = median(browser.explore_page_split_warm_pairs.map(([, all]) => all));
r.explore_threads_speedup = native.explore_threads_speedup;
// Size and load.
r.bundle_gzip_bytes = browser.bundle_gzip_bytes;
r.bundle_raw_bytes = browser.bundle_raw_bytes;
r.editor_gzip_bytes = browser.editor_gzip_bytes;
r.load_app_ms = median(browser.load_app_ms);
r.load_blank_ms = median(browser.load_blank_ms);
r.load_to_ready_ratio = r.load_app_ms / r.load_blank_ms;
// The run itself.
r.reps = browser.reps;
r.trace_reps = native.trace_reps;
r.hardware_concurrency = browser.hardware_concurrency;
r.native_threads = native.native_threads;
r.cpu_model = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? os.cpus()[0]?.model ?? '?';
r.date = new Date().toISOString();

fs.writeFileSync(path.join(dir, 'report.json'), JSON.stringify(r, null, 2) + '\n');

// ---- The chart: speed-up against workers, log-log, with the linear limit.
function svg() {
  const W = 600, H = 380, L = 60, R = 175, T = 40, B = 50;
  const xs = (k) => L + (Math.log2(k) / Math.log2(WORKERS.at(-1))) * (W - L - R);
  const yMax = WORKERS.at(-1);
  const yMin = 0.5;
  const ys = (v) => T + (1 - (Math.log2(Math.max(v, yMin)) - Math.log2(yMin)) / (Math.log2(yMax) - Math.log2(yMin))) * (H - T - B);
  const line = (pts, attrs) => `<polyline fill="none" ${attrs} points="${pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}"/>`;
  const dots = (pts, color) => pts.map(([x, y]) => `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3.5" fill="${color}"/>`).join('');
  const series = (key) => WORKERS.map((k) => [xs(k), ys(r[`primes_speedup_${key}_${k}`])]);
  const parts = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${L}" y="22" font-size="14" font-weight="bold">primes (20 numbers): speed-up against workers</text>`);
  for (const v of [0.5, 1, 2, 4, 8].filter((v) => v <= yMax)) {
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${ys(v)}" y2="${ys(v)}" stroke="#ddd"/><text x="${L - 8}" y="${ys(v) + 4}" text-anchor="end">${v}×</text>`);
  }
  for (const k of WORKERS) {
    parts.push(`<line x1="${xs(k)}" x2="${xs(k)}" y1="${T}" y2="${H - B}" stroke="#eee"/><text x="${xs(k)}" y="${H - B + 18}" text-anchor="middle">${k}</text>`);
  }
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 10}" text-anchor="middle">workers (log scale; ${hw} hardware threads)</text>`);
  parts.push(`<text transform="translate(16 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">speed-up over 1 worker (log scale)</text>`);
  parts.push(line(WORKERS.map((k) => [xs(k), ys(k)]), 'stroke="#999" stroke-dasharray="5 4"'));
  parts.push(line(WORKERS.map((k) => [xs(k), ys(Math.min(k, hw))]), 'stroke="#bbb" stroke-dasharray="2 3"'));
  parts.push(line(series('native'), 'stroke="#1f77b4" stroke-width="2"') + dots(series('native'), '#1f77b4'));
  parts.push(line(series('wasm'), 'stroke="#d62728" stroke-width="2"') + dots(series('wasm'), '#d62728'));
  const lx = W - R + 12;
  const legend = [['#d62728', '', 'wasm (Web Workers)'], ['#1f77b4', '', 'native threads'], ['#999', '5 4', 'linear limit'], ['#bbb', '2 3', `${hw} cores`]];
  legend.forEach(([c, dash, label], i) => {
    const y = T + 10 + i * 20;
    parts.push(`<line x1="${lx}" x2="${lx + 22}" y1="${y}" y2="${y}" stroke="${c}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''}/><text x="${lx + 28}" y="${y + 4}">${label}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
fs.writeFileSync(path.join(dir, 'speedup.svg'), svg());

// ---- The table.
const f = (v, d = 2) => (typeof v === 'number' ? (Number.isInteger(v) && Math.abs(v) > 999 ? String(v) : v.toFixed(d)) : String(v));
const rows = [
  ['primes_wasm_vs_native_1', f(r.primes_wasm_vs_native_1), '<= 1.5', r.primes_wasm_vs_native_1 <= 1.5, `makespan, ${browser.reps} runs each; wall-time ratio ${f(r.primes_wasm_vs_native_1_wall)}`],
  ...WORKERS.map((k) => [`primes_speedup_wasm_${k} / native_${k}`, `${f(r[`primes_speedup_wasm_${k}`])} / ${f(r[`primes_speedup_native_${k}`])}`, '', null, `${browser.reps} runs each`]),
  ['primes_speedup_ratio_max', f(r.primes_speedup_ratio_max), '>= 0.9', r.primes_speedup_ratio_max >= 0.9, `at ${kMax} workers`],
  ['frame_gap_workers_ms', f(r.frame_gap_workers_ms, 1), '< 50', r.frame_gap_workers_ms < 50, `primes on ${kMax} workers, ${browser.reps} runs`],
  ['frame_gap_eventloop_work_ms', f(r.frame_gap_eventloop_work_ms, 1), '', null, `primes on the event loop, ${browser.eventloop_gap_ms.length} runs`],
  ['frame_p95_live_ms', f(r.frame_p95_live_ms, 1), '<= 16.7', r.frame_p95_live_ms <= 16.7, `race 16 threads, ${r.frame_live_trace_events} of ${r.frame_live_emitted_events} events recorded, ${browser.live_p95_ms.length} runs, ~${r.frame_live_frames} frames each`],
  ['frame_max_task_live_ms', f(r.frame_max_task_live_ms, 0), '<= 50', r.frame_max_task_live_ms <= 50, 'longest main-thread task (Long Tasks API; 0: none over 50 ms) in those runs'],
  ['frame_p95_saturated_ms', f(r.frame_p95_saturated_ms, 1), '—', null, `16 threads on one lock, 160,000 increments; ${r.frame_saturated_trace_events} of ${r.frame_saturated_emitted_events} events recorded; longest task ${f(r.frame_max_task_saturated_ms, 0)} ms`],
  ['trace_overhead', f(r.trace_overhead), '<= 1.3', r.trace_overhead <= 1.3, `native, ${native.trace_reps} pairs (${f(native.trace_on_ms, 0)} / ${f(native.trace_off_ms, 0)} ms)`],
  ['sim_steps_per_s', f(Math.round(r.sim_steps_per_s)), '', null, `native, ${native.sim_reps} runs`],
  ['sim_vs_native_threads', f(r.sim_vs_native_threads), '', null, 'race 4x10000 locked: sim wall / native threads wall'],
  ['sim_steps_per_s_wasm', f(Math.round(r.sim_steps_per_s_wasm)), '', null, `in the page (paced per frame), ${browser.sim_wasm_steps_per_s.length} runs`],
  ['py_compile_200_lines_ms', f(r.py_compile_200_lines_ms, 2), '', null, `native: parse and compile ${r.py_compile_lines} lines of the lessons' Python`],
  ['py_compile_200_lines_wasm_ms', f(r.py_compile_200_lines_wasm_ms, 2), '', null, `the same ${browser.py_compile_wasm_lines} lines in the page, compiled as each key is typed in the editor (${(browser.py_compile_wasm_ms ?? []).length} keys); the first, as the link opens: ${f(r.py_compile_200_lines_wasm_first_ms, 1)} ms; wasm / native ${f(r.py_compile_wasm_vs_native)}`],
  ['py_vs_model_sim', f(r.py_vs_model_sim), '', null, `race 4x10000 locked, interpreted / built model on the simulator (${f(Math.round(r.py_sim_steps_per_s))} steps/s)`],
  ['py_vs_model_threads', f(r.py_vs_model_threads), '', null, 'the same, on 4 native threads'],
  ['explore_vs_loom_race_2x2_executions', f(r.explore_vs_loom_race_2x2_executions), '<= 1', r.explore_vs_loom_race_2x2_executions <= 1, `executions for a complete search, 2 threads x 2 unsafe increments: ${r.explore_race_2x2_executions} / loom ${r.loom_race_2x2_executions}`],
  ['explore_vs_loom_philosophers_3_executions', f(r.explore_vs_loom_philosophers_3_executions, 5), '<= 1', r.explore_vs_loom_philosophers_3_executions <= 1, `3 philosophers, ordered: ${r.explore_philosophers_3_executions} / loom ${r.loom_philosophers_3_executions}`],
  ['explore_cached_race_2x2 / philosophers_3', `${r.explore_race_2x2_cached_executions} / ${r.explore_philosophers_3_cached_executions}`, '', null, `executions with the cache of states (as the page searches): ${r.explore_race_2x2_cached_states} and ${r.explore_philosophers_3_cached_states} states, ${f(r.explore_race_2x2_cached_ms, 2)} and ${f(r.explore_philosophers_3_cached_ms, 2)} ms (without: ${f(r.explore_race_2x2_ms, 2)} and ${f(r.explore_philosophers_3_ms, 2)} ms)`],
  ['explore_page_complete_ms', f(r.explore_page_ms, 0), '', null, `the race lesson's Python, 2 x 2, bound 8, in the page with the cache: complete ${browser.explore_page_complete}, ${browser.explore_page_executions} executions, ${browser.explore_page_states} states (natively ${f(r.explore_program_cached_ms, 1)} ms; without the cache it stops at 100,000 executions, incomplete)`],
  ['explore_per_s / loom_per_s', `${f(Math.round(r.explore_race_2x2_per_s))} / ${f(Math.round(r.loom_race_2x2_per_s))}`, '', null, 'native executions per second on the race 2x2 (built model / loom)'],
  ['explore_threads_speedup', f(r.explore_threads_speedup), `> 1 (${r.explore_threads} threads)`, r.explore_threads < 2 ? null : r.explore_threads_speedup > 1, `the race lesson's Python, bound 8, split across ${r.explore_threads} threads against one, natively, same sitting (loom explores on one thread)`],
  ['explore_page_threads_speedup', f(r.explore_page_threads_speedup), `> 1 (${r.explore_page_split_threads} workers)`, r.explore_page_split_threads < 2 ? null : r.explore_page_threads_speedup > 1, `the race lesson's Python, 3 x 2, bound 3, in the page: split across ${r.explore_page_split_threads} Web Workers (one a core) against cores=1, in pairs side by side, median of the ratios (complete in ${f(r.explore_page_split_ms, 0)} ms); each worker allocates from its own cache of blocks`],
  ['explore_page_warm_threads_speedup', f(r.explore_page_warm_threads_speedup), `> 1 (${r.explore_page_split_threads} workers)`, r.explore_page_split_threads < 2 ? null : r.explore_page_warm_threads_speedup > 1, `the same pairs, the third search in each page (warm: the row above is the first search of a fresh page, while V8 still compiles the hot functions beside the workers; complete in ${f(r.explore_page_split_warm_ms, 0)} ms)`],
  ['explore_page_vs_loom_rate', f(r.explore_page_vs_loom_rate), '>= 1', r.explore_page_vs_loom_rate >= 1, `the page's first search (race lesson's Python, bound 8, on one Web Worker: cores=1), fresh page, median of ${browser.explore_page_ms.length} pages (${f(Math.min(...browser.explore_page_ms), 0)}-${f(Math.max(...browser.explore_page_ms), 0)} ms): ${f(Math.round(r.explore_page_per_s))} schedules settled/s (run to the end, or cut at a state already explored); natively, without the cache, ${f(Math.round(r.explore_program_per_s))} executions/s`],
  ['explore_page_warm_vs_loom_rate', f(r.explore_page_warm_vs_loom_rate), '>= 1', r.explore_page_warm_vs_loom_rate >= 1, `the same search, the third in the same page (V8 has optimized the explorer's code by then; the first runs mostly in its baseline tier): ${f(Math.round(r.explore_page_warm_per_s))} schedules settled/s in ${f(r.explore_page_warm_ms, 0)} ms`],
  ['bundle_gzip_bytes', String(r.bundle_gzip_bytes), '<= 300000', r.bundle_gzip_bytes <= 300_000, `${browser.bundle_files.length} files, gzip -9 each`],
  ['editor_gzip_bytes', String(r.editor_gzip_bytes), '', null, 'editor.js (CodeMirror 6, Python mode, lint), fetched when an editor first opens'],
  ['load_to_ready_ratio', f(r.load_to_ready_ratio, 1), '', null, `${f(r.load_app_ms, 0)} ms / ${f(r.load_blank_ms, 1)} ms blank, ${browser.load_app_ms.length} loads each`],
];
const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((row) => String(i === 3 ? 'MISS' : row[i]).length), ['figure', 'value', 'target', 'status', 'notes'][i].length));
const cells = (c) => `| ${c.map((x, i) => String(x).padEnd(widths[i])).join(' | ')} |`;
console.log(`\nInterleave benchmarks, ${new Date().toISOString()} — ${r.cpu_model}, ${os.cpus().length} CPUs (nproc), hardwareConcurrency ${r.hardware_concurrency}`);
console.log(cells(['figure', 'value', 'target', 'status', 'notes']));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const [name, value, target, pass, notes] of rows) {
  console.log(cells([name, value, target || '—', pass === null ? '—' : pass ? 'PASS' : 'MISS', notes]));
}
console.log(`\nwrote ${path.relative(root, path.join(dir, 'report.json'))} and ${path.relative(root, path.join(dir, 'speedup.svg'))}`);
