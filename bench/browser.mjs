// The browser half of `make bench` (issue #7): the release build in target/site, served with the
// cross-origin isolation headers, driven in Debian's headless Chromium through the automation
// contract only (tests/e2e/harness.mjs). Native timings of the same primes model are taken here
// too, alternating with the browser runs, by the engine's example binary (crates/engine/examples/
// bench.rs), so both halves of every ratio see the same machine noise.
//
// Writes target/bench/browser.json (raw samples and medians); bench/merge.mjs makes the report.
// REPS (default 5) sets how often each timing is repeated.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { serveDir, launch, runViaContract, dist, root } from '../tests/e2e/harness.mjs';

const REPS = Number(process.env.REPS ?? 5);
const WORKERS = [1, 2, 4, 8];
const outDir = path.join(root, 'target', 'bench');
const nativeBin = path.join(root, 'target', 'release', 'examples', 'bench');
fs.mkdirSync(outDir, { recursive: true });

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const percentile = (v, p) => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const log = (...a) => console.log('[bench]', ...a);

// ---- Sizes: the .wasm and .js the page loads (named in index.html, plus the worker snippets),
// each gzipped at level 9, summed. Only what index.html names: a stale file left by another build
// does not count.
function bundle() {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const named = new Set([...html.matchAll(/[\w./-]+\.(?:wasm|js)\b/g)].map((m) => m[0].replace(/^\.?\//, '')));
  const files = [...named].map((f) => path.join(dist, f)).filter((f) => fs.existsSync(f));
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(wasm|js)$/.test(e.name)) files.push(p);
    }
  };
  walk(path.join(dist, 'snippets'));
  // index.html may name a snippet too (its modulepreload): count each file once.
  files.splice(0, files.length, ...new Set(files));
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const b = fs.readFileSync(f);
    raw += b.length;
    gz += zlib.gzipSync(b, { level: 9 }).length;
  }
  // The program editor (CodeMirror), loaded only when a program page opens: not in the first load.
  const editor = path.join(dist, 'editor.js');
  const editorGz = fs.existsSync(editor) ? zlib.gzipSync(fs.readFileSync(editor), { level: 9 }).length : null;
  return { bundle_files: files.map((f) => path.relative(dist, f)), bundle_raw_bytes: raw, bundle_gzip_bytes: gz, editor_gzip_bytes: editorGz };
}

function nativePrimes(k) {
  const out = execFileSync(nativeBin, ['primes', String(k)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

/** The longest actor life in a report (busy + blocked + waiting): the run's makespan as its trace saw it. */
const makespan = (actors) => Math.max(...actors.map((a) => a.busy_ms + a.blocked_ms + a.waiting_ms));

/** Steps in a printed schedule (crates/engine/src/schedule.rs: runs `a` or `a*n`, base 36, joined by `.`, then `~sum`). */
function scheduleSteps(text) {
  const body = text.slice(0, text.lastIndexOf('~'));
  if (!body) return 0;
  return body.split('.').reduce((n, run) => {
    const star = run.indexOf('*');
    return n + (star < 0 ? 1 : parseInt(run.slice(star + 1), 36));
  }, 0);
}

async function contract(context, base, hash, timeout = 180_000) {
  const { page, detail } = await runViaContract(context, base, hash, { timeout });
  if (detail.outcome !== 'completed') {
    await page.close();
    throw new Error(`${hash}: the run ended as ${detail.outcome}: ${detail.message}`);
  }
  return { page, detail };
}

const BLANK = '/__bench_blank.html';
const server = await serveDir(dist, {
  headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
  pages: { [BLANK]: '<!doctype html><html lang="en"><meta charset="utf-8"><title>blank</title><body></body></html>' },
});
const browser = await launch();
const { context } = browser;
const out = { reps: REPS, ...bundle() };
log(`bundle: ${out.bundle_gzip_bytes} bytes gzipped (${out.bundle_files.length} files)`);

try {
  // ---- Load: navigation start to the pool ready and the gallery drawn, against a blank page.
  const probe = await context.newPage();
  await probe.goto(server.origin + BLANK);
  out.hardware_concurrency = await probe.evaluate(() => navigator.hardwareConcurrency);
  out.cross_origin_isolated = await probe.evaluate(() => crossOriginIsolated);
  await probe.close();
  const loadApp = [];
  const loadBlank = [];
  for (let i = 0; i < REPS + 2; i++) {
    const blank = await context.newPage();
    await blank.goto(server.origin + BLANK, { waitUntil: 'load' });
    loadBlank.push(await blank.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return nav.loadEventEnd - nav.startTime;
    }));
    await blank.close();
    const app = await context.newPage();
    await app.addInitScript(() => {
      // The moment (ms from navigation start) the pool is ready and the gallery is in the DOM.
      const check = () => {
        if (window.__readyAt !== undefined) return;
        const pool = document.getElementById('pool-status');
        if (pool && pool.dataset.state === 'ready' && document.querySelector('.gallery')) {
          window.__readyAt = performance.now();
          obs.disconnect();
        }
      };
      const obs = new MutationObserver(check);
      obs.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'class'] });
    });
    await app.goto(`${server.origin}/#/`);
    await app.waitForFunction(() => window.__readyAt !== undefined, null, { timeout: 60_000 });
    loadApp.push(await app.evaluate(() => window.__readyAt));
    await app.close();
  }
  out.load_app_ms = loadApp;
  out.load_blank_ms = loadBlank;
  log(`load to ready: app ${median(loadApp).toFixed(0)} ms, blank ${median(loadBlank).toFixed(1)} ms (${loadApp.length} each)`);

  // ---- Primes on k workers (wasm) and k native threads, alternating.
  out.primes = {};
  for (const k of WORKERS) {
    out.primes[k] = { wasm_ms: [], wasm_makespan_ms: [], native_ms: [], native_makespan_ms: [], frame_gap_ms: [] };
  }
  const native = (s, k) => {
    const n = nativePrimes(k);
    s.native_ms.push(n.ms);
    s.native_makespan_ms.push(n.makespan_ms);
  };
  for (let r = 0; r < REPS; r++) {
    for (const k of WORKERS) {
      const s = out.primes[k];
      const wasmFirst = r % 2 === 0;
      if (!wasmFirst) native(s, k);
      const { page, detail } = await contract(context, server.origin, `#/primes?backend=workers&workers=${k}&gil=off&autorun=1`);
      await page.close();
      s.wasm_ms.push(detail.wall_ms);
      s.frame_gap_ms.push(detail.max_frame_gap_ms);
      s.wasm_makespan_ms.push(makespan(detail.actors));
      if (wasmFirst) native(s, k);
      log(`primes k=${k}: wasm ${detail.wall_ms.toFixed(0)} ms wall, ${s.wasm_makespan_ms.at(-1).toFixed(0)} ms makespan (gap ${detail.max_frame_gap_ms.toFixed(0)} ms); `
        + `native ${s.native_ms.at(-1).toFixed(0)} ms wall, ${s.native_makespan_ms.at(-1).toFixed(0)} ms makespan`);
    }
  }

  // ---- The same work on the event loop: the frame gap it causes.
  out.eventloop_gap_ms = [];
  out.eventloop_wall_ms = [];
  for (let r = 0; r < REPS; r++) {
    const { page, detail } = await contract(context, server.origin, '#/primes?backend=eventloop&workers=1&gil=off&autorun=1');
    await page.close();
    out.eventloop_gap_ms.push(detail.max_frame_gap_ms);
    out.eventloop_wall_ms.push(detail.wall_ms);
    log(`primes on the event loop: gap ${detail.max_frame_gap_ms.toFixed(0)} ms, wall ${detail.wall_ms.toFixed(0)} ms`);
  }

  // ---- Frame times with 16 actors and a live trace: rAF intervals and long tasks recorded in the
  // page during the run. The workload: 16 actors and about 100,000 trace events, live for
  // long enough to have frames to count (race, unsafe, a 1 ms pause between read and write: 16 x 1300
  // increments, 5 events each, about 1.5 s). The saturated case (16 threads on one lock, 160,000
  // increments in about 0.3 s, more events than the page records) is measured too and reported
  // beside it: on a 2-core machine the workers then take the cores from the main thread.
  const liveRun = async (hash) => {
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__frames = [];
      window.__long = [];
      window.__finishedAt = undefined;
      const tick = (t) => { window.__frames.push(t); requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); })
        .observe({ type: 'longtask', buffered: true });
      window.addEventListener('interleave:run-finished', (e) => {
        window.__finishedAt = performance.now();
        window.__detail = e.detail;
      });
    });
    await page.goto(`${server.origin}/${hash}`);
    await page.waitForFunction(() => window.__detail !== undefined, null, { timeout: 300_000 });
    await page.waitForTimeout(100);
    const { frames, finishedAt, detail, long } = await page.evaluate(() => ({
      frames: window.__frames, finishedAt: window.__finishedAt, detail: window.__detail, long: window.__long,
    }));
    // "the last 200 of 104,016 recorded events (640,016 emitted; ...)": what the page recorded,
    // and what the run emitted when the page thinned them.
    const caption = await page.textContent('#event-log figcaption');
    await page.close();
    if (!['completed', 'invariant-violated'].includes(detail.outcome)) throw new Error(`${hash}: the run ended as ${detail.outcome}`);
    const from = finishedAt - detail.wall_ms;
    const inRun = frames.filter((t) => t >= from && t <= finishedAt);
    const intervals = inRun.slice(1).map((t, i) => t - inRun[i]);
    const tasks = long.filter(([t, d]) => t + d >= from && t <= finishedAt).map(([, d]) => d);
    return {
      p95: percentile(intervals, 95),
      frames: intervals.length,
      wall: detail.wall_ms,
      events: Number((/of ([\d,]+) recorded events/.exec(caption)?.[1] ?? 'NaN').replaceAll(',', '')),
      emitted: Number((/\(([\d,]+) emitted/.exec(caption)?.[1] ?? /of ([\d,]+) recorded events/.exec(caption)?.[1] ?? 'NaN').replaceAll(',', '')),
      maxTask: Math.max(0, ...tasks),
    };
  };
  for (const [key, hash] of [
    ['live', '#/race?backend=workers&threads=16&increments=1300&mode=unsafe&pause_ms=1&autorun=1'],
    ['saturated', '#/race?backend=workers&threads=16&increments=10000&mode=locked&autorun=1'],
  ]) {
    for (const k of ['p95_ms', 'frames', 'wall_ms', 'events', 'emitted', 'max_task_ms']) out[`${key}_${k}`] = [];
    for (let r = 0; r < REPS; r++) {
      const m = await liveRun(hash);
      out[`${key}_p95_ms`].push(m.p95);
      out[`${key}_frames`].push(m.frames);
      out[`${key}_wall_ms`].push(m.wall);
      out[`${key}_events`].push(m.events);
      out[`${key}_emitted`].push(m.emitted);
      out[`${key}_max_task_ms`].push(m.maxTask);
      log(`race, 16 actors (${key}): p95 frame ${m.p95.toFixed(1)} ms over ${m.frames} frames, longest task ${m.maxTask.toFixed(0)} ms, `
        + `${m.events} of ${m.emitted} events recorded, wall ${m.wall.toFixed(0)} ms`);
    }
  }

  // ---- The simulator in the page: steps from the printed schedule, over the run's wall time.
  out.sim_wasm_steps_per_s = [];
  out.sim_wasm_steps = 0;
  for (let r = 0; r < REPS; r++) {
    const { page, detail } = await contract(context, server.origin, `#/race?backend=sim&mode=locked&threads=4&increments=10000&seed=${r}&autorun=1`);
    await page.close();
    const steps = scheduleSteps(detail.schedule);
    out.sim_wasm_steps = steps;
    out.sim_wasm_steps_per_s.push(steps / (detail.wall_ms / 1000));
    log(`simulator in the page: ${steps} steps in ${detail.wall_ms.toFixed(0)} ms`);
  }

  // ---- Compiling a program in the page (issue 13, item 7): the 200 lines the
  // native side compiles (bench.rs: bounded-buffer, race and barrier joined),
  // opened as a program link. The page records each compile of the editor's
  // text as the User Timing measure `interleave:compile`: the first is the
  // one that opens the link (cold code), then one per key typed.
  {
    const src = ['bounded-buffer', 'race', 'barrier']
      .map((id) => fs.readFileSync(path.join(root, 'crates', 'engine', 'lessons', `${id}.py`), 'utf8'))
      .join('\n').split('\n').slice(0, 200).join('\n');
    const code = zlib.deflateRawSync(Buffer.from(src)).toString('base64url');
    out.py_compile_wasm_first_ms = [];
    out.py_compile_wasm_ms = [];
    for (let r = 0; r < REPS; r++) {
      const page = await context.newPage();
      await page.goto(`${server.origin}/#/program?code=${code}&lang=en`);
      await page.waitForSelector('.editor[data-editor="codemirror"] .cm-content', { timeout: 60_000 });
      await page.click('.cm-content');
      await page.keyboard.press('Control+End');
      for (let k = 0; k < 10; k++) {
        if (k % 2) await page.keyboard.press('Backspace');
        else await page.keyboard.type(' ');
        await page.waitForFunction((n) => performance.getEntriesByName('interleave:compile').length >= n, k + 2, { timeout: 30_000 });
      }
      await page.waitForFunction(() => performance.getEntriesByName('interleave:compile').length >= 11, null, { timeout: 30_000 });
      const ms = await page.evaluate(() => performance.getEntriesByName('interleave:compile').map((e) => e.duration));
      out.py_compile_wasm_first_ms.push(ms[0]);
      out.py_compile_wasm_ms.push(...ms.slice(1));
      await page.close();
    }
    out.py_compile_wasm_lines = src.split('\n').length;
    log(`compile in the page: first ${median(out.py_compile_wasm_first_ms).toFixed(2)} ms, then ${median(out.py_compile_wasm_ms).toFixed(2)} ms (${out.py_compile_wasm_lines} lines)`);
  }

  // ---- Explore in the page (issue 14): the race lesson's Python, 2 x 2, bound 8,
  // searched on one Web Worker of the pool (cores=1, as loom searches on one
  // thread), with its cache of states: schedules
  // settled (run to their end, or cut at a state already explored) over the
  // search's own elapsed time, and the time to a complete search.
  out.explore_page_per_s = [];
  out.explore_page_warm_per_s = [];
  out.explore_page_warm_ms = [];
  out.explore_page_ms = [];
  out.explore_page_executions = 0;
  // A first search takes 0.1-0.2 s and moves by half from page to page (V8
  // compiles beside it, so it depends on what else the two cores do): more
  // pages than the other rows, for a median that holds still.
  const FIRST_REPS = Math.max(REPS, 11);
  for (let r = 0; r < FIRST_REPS; r++) {
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__explored = [];
      window.addEventListener('interleave:explore-finished', (e) => window.__explored.push(e.detail));
    });
    await page.goto(`${server.origin}/#/race?threads=2&increments=2&mode=unsafe&explore=1&bound=8&cores=1`);
    await page.waitForFunction(() => window.__explored.length > 0, null, { timeout: 180_000 });
    const d = await page.evaluate(() => window.__explored[0]);
    // The same search twice more in the same page: the third runs on code
    // V8 has optimized (the first runs mostly in its baseline tier, which
    // compiles a function at once and optimizes the hot ones while they run).
    for (let again = 2; again <= 3; again++) {
      await page.waitForFunction(() => !document.querySelector('#explore').disabled, null, { timeout: 60_000 });
      await page.click('#explore');
      await page.waitForFunction((n) => window.__explored.length >= n, again, { timeout: 180_000 });
    }
    const warm = await page.evaluate(() => window.__explored[2]);
    await page.close();
    out.explore_page_warm_per_s.push((warm.executions + (warm.merged ?? 0)) / (warm.elapsed_ms / 1000));
    out.explore_page_warm_ms.push(warm.elapsed_ms);
    out.explore_page_executions = d.executions;
    out.explore_page_merged = d.merged;
    out.explore_page_states = d.states;
    out.explore_page_complete = d.complete;
    out.explore_page_ms.push(d.elapsed_ms);
    out.explore_page_per_s.push((d.executions + (d.merged ?? 0)) / (d.elapsed_ms / 1000));
    log(`explore in the page: ${d.executions} executions, ${d.merged} merged, ${d.states} states in ${d.elapsed_ms.toFixed(0)} ms (complete: ${d.complete}); the third in the same page ${warm.elapsed_ms.toFixed(0)} ms`);
  }

  // ---- Explore split across the pool in the page: the race lesson's Python,
  // 3 x 2, bound 3 (about 40,000 states), on one Web Worker (cores=1) and on
  // one a core (no cores=), in pairs side by side; the speedup is the median
  // of the pairs' time ratios. The first search of a fresh page, and the
  // third in the same page (warm: on a fresh page V8 compiles the hot
  // functions on background threads while the workers run, and on 2 cores
  // those compiles take a core from one of the two workers).
  out.explore_page_split_pairs = [];
  out.explore_page_split_warm_pairs = [];
  const searchMs = async (extra) => {
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__explored = [];
      window.addEventListener('interleave:explore-finished', (e) => window.__explored.push(e.detail));
    });
    await page.goto(`${server.origin}/#/race?threads=3&increments=2&mode=unsafe&explore=1&bound=3${extra}`);
    await page.waitForFunction(() => window.__explored.length > 0, null, { timeout: 300_000 });
    for (let again = 2; again <= 3; again++) {
      await page.waitForFunction(() => !document.querySelector('#explore').disabled, null, { timeout: 60_000 });
      await page.click('#explore');
      await page.waitForFunction((n) => window.__explored.length >= n, again, { timeout: 300_000 });
    }
    const [d, , warm] = await page.evaluate(() => window.__explored);
    await page.close();
    for (const x of [d, warm]) if (!x.complete) throw new Error(`the 3 x 2 search did not complete: ${JSON.stringify(x)}`);
    return { ...d, warm_ms: warm.elapsed_ms };
  };
  for (let r = 0; r < REPS; r++) {
    const one = await searchMs('&cores=1');
    const all = await searchMs('');
    out.explore_page_split_threads = all.threads;
    out.explore_page_split_pairs.push([one.elapsed_ms, all.elapsed_ms]);
    out.explore_page_split_warm_pairs.push([one.warm_ms, all.warm_ms]);
    log(`explore split in the page: 1 worker ${one.elapsed_ms.toFixed(0)} ms, ${all.threads} workers ${all.elapsed_ms.toFixed(0)} ms; `
      + `the third in the page ${one.warm_ms.toFixed(0)} and ${all.warm_ms.toFixed(0)} ms`);
  }
} finally {
  await browser.close();
  await server.close();
}

fs.writeFileSync(path.join(outDir, 'browser.json'), JSON.stringify(out, null, 2));
log(`wrote ${path.relative(root, path.join(outDir, 'browser.json'))}`);
