// Firefox (issue 15): what a student on Firefox checks first, so nothing breaks
// it silently. Debian's Firefox ESR, driven by puppeteer-core over WebDriver
// BiDi (playwright-core cannot drive this Firefox), launched once for the file,
// against the release build served with the isolation headers: the page is
// cross-origin isolated and the Web Worker pool starts; the race under a lock
// holds on real threads, on the event loop and in the simulator; a naive
// deadlock on real threads is caught and its cycle named; compare shows the
// event loop freezing the page and the workers not. Plus the two things that
// drew wrong in Firefox only: the frame-gap chart's y labels and the width of
// "Compare with". Screenshots go to tests/artifacts/firefox-*.png.
//
// No wall-clock limits: frame gaps are only compared with each other and with
// the page's own thresholds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { serve, serveDir, dist, root, artifacts, QUICK_LESSONS } from './harness.mjs';

let server, browser;
before(async () => {
  server = await serve(dist, { isolated: true });
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
    headless: true,
    protocol: 'webDriverBiDi',
    defaultViewport: { width: 1100, height: 900 },
  });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * A new page at `hash`, with the contract's two events recorded from before
 * the app loads, and its uncaught exceptions and console errors collected in
 * `page.errors`, and its console warnings in `page.warnings`.
 */
async function open(hash) {
  const page = await browser.newPage();
  page.errors = [];
  page.warnings = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(m.text());
    if (m.type() === 'warn' || m.type() === 'warning') page.warnings.push(m.text());
  });
  await page.evaluateOnNewDocument(() => {
    window.__runs = [];
    window.__compared = [];
    window.__solved = [];
    window.addEventListener('interleave:run-finished', (e) => window.__runs.push(e.detail));
    window.addEventListener('interleave:challenge-solved', (e) => window.__solved.push(e.detail));
    window.addEventListener('interleave:compare-finished', (e) => window.__compared.push(e.detail));
  });
  await page.goto(`${server.url}/${hash}`);
  return page;
}

const waitFor = (page, fn, timeout, ...args) => page.waitForFunction(fn, { polling: 100, timeout }, ...args);

/** Waits until the pool badge has left the starting state; returns its state. */
async function poolState(page) {
  await waitFor(page, () => {
    const el = document.getElementById('pool-status');
    return el && el.dataset.state !== 'starting';
  }, 60_000);
  return page.evaluate(() => {
    const el = document.getElementById('pool-status');
    return { state: el.dataset.state, threads: Number(el.dataset.threads), text: el.textContent };
  });
}

/** The first run-finished detail of the page, once the page shows the run as finished. */
async function finished(page, timeout = 180_000) {
  await waitFor(page, () => window.__runs.length > 0, timeout);
  await page.waitForSelector('#run-status[data-state="finished"]', { timeout: 10_000 });
  return page.evaluate(() => window.__runs[0]);
}

const shot = (page, name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

test('Firefox: the page is cross-origin isolated and starts the Web Worker pool', async () => {
  const page = await open('#/');
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
  assert.equal(await page.evaluate(() => typeof SharedArrayBuffer), 'function');
  const pool = await poolState(page);
  assert.equal(pool.state, 'ready', pool.text);
  assert.ok(pool.threads >= 17, `pool of ${pool.threads} threads`);
  assert.match(pool.text, new RegExp(`${pool.threads} threads`));
  assert.ok(await page.$('#open-spinner'), 'the gallery lists the spinner');
  await shot(page, 'firefox-gallery');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.warnings, [], 'no console warning (the workers once warned about deprecated init parameters)');
  await page.close();
});

for (const backend of ['workers', 'eventloop', 'sim']) {
  test(`Firefox: the race under a lock on ${backend}, 4 × 2000: completes and nothing is lost`, async () => {
    const page = await open(`#/race?backend=${backend}&threads=4&increments=2000&mode=locked&autorun=1`);
    const pool = await poolState(page);
    assert.equal(pool.state, 'ready', pool.text);
    const d = await finished(page);
    assert.equal(d.scenario, 'race');
    assert.equal(d.backend, backend);
    assert.equal(d.params.backend, backend);
    assert.equal(d.params.threads, 4);
    assert.equal(d.params.increments, 2000);
    assert.equal(d.params.mode, 'locked');
    assert.equal(d.outcome, 'completed', d.message ?? '');
    assert.equal(d.check.name, 'no increment is lost');
    assert.equal(d.check.judged, true);
    assert.equal(d.check.held, true, d.check.detail);
    assert.equal(d.metrics.lost_updates, 0);
    assert.equal(d.metrics.actual, 8000);
    // The program's main thread, then its four.
    assert.deepEqual(d.actors.map((a) => a.name), ['MainThread', 't0', 't1', 't2', 't3']);
    // Every thread ran: real time on workers and the event loop, steps in the
    // simulator (whose virtual clock an increment does not move).
    const ran = backend === 'sim' ? (a) => a.steps > 0 : (a) => a.busy_ms > 0;
    assert.ok(d.actors.every(ran), `every thread ran: ${JSON.stringify(d.actors)}`);
    if (backend === 'sim') assert.match(d.trace_digest, /^[0-9a-f]{16}$/);
    // The page says the same.
    assert.equal(await page.$eval('#run-status', (e) => e.dataset.outcome), 'completed');
    assert.equal(await page.$eval('#check', (e) => e.dataset.held), 'true');
    if (backend === 'workers') await gapLabelsFit(page);
    await shot(page, `firefox-race-${backend}`);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

/**
 * The frame-gap chart's y labels ("16.7 ms" the widest) are drawn whole: no
 * ink touches the canvas's left edge, and the gridlines start right of the
 * widest label as this browser measures it (Firefox measures text wider than
 * Chromium; a fixed 44 px margin cut "16.7 ms" here).
 */
async function gapLabelsFit(page) {
  await new Promise((ok) => setTimeout(ok, 300)); // a frame or two after the run, to draw the chart
  const c = await page.evaluate(() => {
    const canvas = document.getElementById('gap-chart');
    const ctx = canvas.getContext('2d');
    ctx.save();
    ctx.font = '11px sans-serif';
    const widest = Math.max(...['16.7 ms', '50', '250', '1 s', '10 s'].map((l) => ctx.measureText(l).width));
    ctx.restore();
    const { width, height } = canvas;
    const d = ctx.getImageData(0, 0, width, height).data;
    let minInk = width;
    for (let y = 0; y < height - 14; y++) { // above the x axis's label
      for (let x = 0; x < minInk; x++) if (d[(y * width + x) * 4 + 3] > 40) { minInk = x; break; }
    }
    return { widest, minInk };
  });
  assert.ok(c.minInk >= 2, `the y labels start ${c.minInk} px from the left edge (widest label ${c.widest.toFixed(1)} px)`);
}

test('Firefox: a naive deadlock on real threads ends as a deadlock and names its cycle', async () => {
  const page = await open('#/deadlock?backend=workers&strategy=naive&autorun=1');
  assert.equal((await poolState(page)).state, 'ready');
  const d = await finished(page);
  assert.equal(d.backend, 'workers');
  assert.equal(d.outcome, 'deadlock', d.message ?? '');
  assert.deepEqual(d.deadlock_cycle, ['task1', 'lock_b', 'task2', 'lock_a']);
  assert.equal(d.message, 'deadlock: task1 waits for lock_b, held by task2; task2 waits for lock_a, held by task1');
  assert.equal(d.check.judged, false);
  assert.equal(d.check.held, false);
  assert.match(await page.$eval('#deadlock-cycle', (e) => e.textContent), /task1 → lock_b → task2 → lock_a/);
  await shot(page, 'firefox-deadlock-workers');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Firefox: compare primes on workers with the event loop: only the event loop freezes the page', async () => {
  const page = await open('#/primes?backend=workers&workers=2&compare=eventloop');
  assert.equal((await poolState(page)).state, 'ready');
  assert.equal((await page.$eval('#run', (e) => e.textContent)).trim(), 'Run both');
  await page.click('#run');
  await waitFor(page, () => window.__compared.length > 0, 180_000);
  const c = await page.evaluate(() => window.__compared[0]);
  assert.equal(c.scenario, 'primes');
  assert.deepEqual(c.runs.map((r) => r.backend), ['workers', 'eventloop']);
  for (const r of c.runs) {
    assert.equal(r.outcome, 'completed', r.message ?? '');
    assert.equal(r.check.held, true, r.check.detail);
  }
  const [w, e] = c.runs;
  assert.ok(e.max_frame_gap_ms > 250, `the event loop froze the page: longest frame gap ${e.max_frame_gap_ms} ms`);
  assert.ok(e.max_frame_gap_ms > w.max_frame_gap_ms, `event loop ${e.max_frame_gap_ms} ms against workers ${w.max_frame_gap_ms} ms`);
  assert.match(await page.$eval('#compare-verdict', (el) => el.textContent), /On eventloop the page froze for/);
  await new Promise((ok) => setTimeout(ok, 300)); // the compare canvas is drawn at the next frames
  const view = await page.$('#compare-view');
  await view.screenshot({ path: path.join(artifacts, 'firefox-compare.png') });
  await shot(page, 'firefox-compare-page');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Firefox: "Compare with" is as wide as its text once the pool has started, not as its longer text before', async () => {
  // While the pool starts, the workers option reads "Web Workers (real threads):
  // unavailable, the Web Worker pool is still starting"; then "Web Workers
  // (real threads)". Firefox kept the select as wide as the longer text.
  const page = await open('#/race?backend=eventloop');
  assert.equal((await poolState(page)).state, 'ready');
  await new Promise((ok) => setTimeout(ok, 300)); // a few frames after the new option text
  const { shown, fresh, text } = await page.evaluate(() => {
    const s = document.getElementById('compare');
    const shown = s.getBoundingClientRect().width;
    // A copy of the select (same id, so the same style), laid out from scratch.
    const copy = s.cloneNode(true);
    copy.value = s.value;
    s.after(copy);
    const fresh = copy.getBoundingClientRect().width;
    copy.remove();
    return { shown, fresh, text: [...s.options].map((o) => o.textContent) };
  });
  assert.ok(text.length === 3 && !text.some((t) => /unavailable/.test(t)), `the pool has started: ${JSON.stringify(text)}`);
  assert.ok(Math.abs(shown - fresh) <= 2, `"Compare with" is ${shown.toFixed(0)} px wide, ${fresh.toFixed(0)} px for its text`);
  await page.screenshot({ path: path.join(artifacts, 'firefox-controls.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Firefox: embedded on a course page without isolation, a lesson runs on the simulator and says so; one that insists on workers says why instead of failing', async () => {
  // Firefox has no Document-Isolation-Policy: a frame on an ordinary course
  // page (no headers) is never isolated, so it has no real threads.
  const bare = await serve(dist, { isolated: false });
  const other = bare.url.replace('127.0.0.1', 'localhost');
  const frame = (id, hash) => `<iframe id="${id}" width="900" height="700" allow="cross-origin-isolated" src="${other}/${hash}"></iframe>`;
  const courses = await serveDir(root, { prefix: '/unused/', pages: {
    '/course.html': `<!doctype html><title>course</title><script>
      window.messages = [];
      addEventListener('message', (e) => { if (typeof e.data === 'object') messages.push({ frame: [...document.querySelectorAll('iframe')].find((f) => f.contentWindow === e.source)?.id, ...e.data }); });
    </script>${frame('free', '#/race?embed=1&amp;autorun=1')}${frame('insists', '#/race?backend=workers&amp;embed=1&amp;autorun=1')}`,
  } });
  const page = await browser.newPage();
  try {
    await page.goto(`${courses.origin}/course.html`);
    await waitFor(page, () => window.messages.some((m) => m.frame === 'free' && m.type === 'interleave:run-finished'), 120_000);
    await waitFor(page, () => window.messages.some((m) => m.frame === 'insists' && m.type === 'interleave:run-unavailable'), 60_000);
    const msgs = await page.evaluate(() => window.messages);
    const free = msgs.find((m) => m.frame === 'free' && m.type === 'interleave:run-finished');
    assert.equal(free.backend, 'sim');
    assert.equal(free.outcome, 'invariant-violated', 'the race still loses updates');
    assert.ok(free.metrics.lost_updates > 0, JSON.stringify(free.metrics));
    const refused = msgs.find((m) => m.frame === 'insists' && m.type === 'interleave:run-unavailable');
    assert.equal(refused.backend, 'workers');
    assert.match(refused.reason, /not cross-origin isolated/);
    assert.ok(!msgs.some((m) => m.frame === 'insists' && m.type === 'interleave:run-finished'), 'no failed run');
    await shot(page, 'firefox-embed-without-threads');
  } finally {
    await page.close();
    await Promise.all([bare.close(), courses.close()]);
  }
});

test('Firefox: the race lesson\'s own Python runs from its link on every backend, and taking its lock away loses updates on real threads', async () => {
  const fs = await import('node:fs');
  const zlib = await import('node:zlib');
  const race = fs.readFileSync(path.join(root, 'crates', 'engine', 'lessons', 'race.py'), 'utf8');
  const unlocked = race.replace(
    '        with self._lock:\n            temp = self._value\n            time.sleep(PAUSE)  # another thread may run here, but not in here\n            self._value = temp + 1\n',
    '        temp = self._value\n        time.sleep(PAUSE)  # another thread may run here, but not in here\n        self._value = temp + 1\n',
  );
  assert.notEqual(unlocked, race);
  const code = (src) => zlib.deflateRawSync(Buffer.from(src, 'utf8')).toString('base64url');
  for (const backend of ['workers', 'eventloop', 'sim']) {
    const page = await open(`#/race?code=${code(race)}&backend=${backend}&mode=locked&threads=3&increments=300&autorun=1`);
    try {
      await waitFor(page, () => window.__runs.length > 0, 120_000);
      const d = await page.evaluate(() => window.__runs[0]);
      assert.equal(d.backend, backend);
      assert.equal(d.outcome, 'completed', `${backend}: ${d.message}`);
      assert.match(await page.$eval('#program-output', (e) => e.textContent), /期望值: 900, 实际值: 900, 丢失: 0/);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.close();
    }
  }
  const page = await open(`#/race?code=${code(unlocked)}&backend=workers&mode=locked&threads=4&increments=2000&autorun=1`);
  try {
    await waitFor(page, () => window.__runs.length > 0, 120_000);
    const d = await page.evaluate(() => window.__runs[0]);
    assert.equal(d.outcome, 'invariant-violated', d.message);
    assert.equal(d.check.name, 'no increment is lost');
    await shot(page, 'firefox-program-race-unlocked');
    // The editor (CodeMirror) loads in Firefox too, holds the program, and
    // underlines a mistake typed into it at its place.
    await page.click('#edit-in-place');
    await page.waitForSelector('.editor[data-editor="codemirror"] .cm-content', { timeout: 30_000 });
    assert.equal(await page.$eval('#program-editor', (t) => t.value), unlocked);
    await page.click('.cm-content');
    await page.keyboard.down('Control');
    await page.keyboard.press('End');
    await page.keyboard.up('Control');
    await page.keyboard.type('\nif True\n');
    // The missing ':' is at the line's end: marked as a point there.
    await waitFor(page, () => document.querySelector('.cm-lintPoint-error, .cm-lintRange-error') !== null, 10_000)
      .catch(async (e) => {
        const text = await page.$eval('#program-editor', (t) => t.value);
        const err = await page.$eval('#program-error', (e) => e.textContent);
        throw new Error(`${e.message}; the program ends ${JSON.stringify(text.slice(-40))}; the page says ${JSON.stringify(err)}`);
      });
    assert.match(await page.$eval('#program-error', (e) => e.textContent), /^line \d+, column 8: /);
    assert.ok(await page.$eval('#run', (b) => b.disabled), 'Run waits for the fix');
  } finally {
    await page.close();
  }
});

test('Firefox: every lesson runs on each of its backends through the contract', async (t) => {
  const page = await open('#/');
  try {
    assert.equal((await poolState(page)).state, 'ready');
    for (const [id, params] of Object.entries(QUICK_LESSONS)) {
      for (const backend of ['workers', 'eventloop', 'sim']) {
        await t.test(`${id} on ${backend}`, async () => {
          const n = await page.evaluate(() => window.__runs.length);
          const hash = `#/${id}?backend=${backend}${params ? `&${params}` : ''}&autorun=1`;
          await page.evaluate((h) => { location.hash = h; }, hash);
          await waitFor(page, (k) => window.__runs.length > k, 120_000, n);
          const d = await page.evaluate(() => window.__runs.at(-1));
          assert.equal(d.scenario, id);
          assert.equal(d.backend, backend);
          assert.equal(d.outcome, 'completed', `${id} on ${backend}: ${d.message}`);
          assert.ok(d.actors.length >= 2 || d.tasks?.length >= 2, 'the main thread and the threads (or the asyncio tasks) it started');
        });
      }
    }
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});

test('Firefox: step by step, the student schedules the race into a lost update, with each thread\'s locals beside its line', async () => {
  const page = await open('#/race?backend=sim&threads=2&increments=1&mode=unsafe');
  try {
    await poolState(page);
    await page.click('#step');
    await page.waitForSelector('#step-actor-0');
    // Click the chip of the thread called `name` if it may move now, else the main thread's.
    const stepAs = (name) => page.evaluate((name) => {
      const chips = [...document.querySelectorAll('[id^="step-actor-"]')];
      const chip = chips.find((c) => c.textContent === name) ?? chips.find((c) => c.textContent === 'MainThread');
      chip.click();
      return chip.textContent;
    }, name);
    const latest = () => page.$eval('#step-story li', (l) => l.textContent);
    const until = async (name, re) => {
      for (let i = 0; i < 40; i++) {
        const before = await page.$eval('#step-story li', (l) => l.textContent).catch(() => '');
        const who = await stepAs(name);
        // Each step tells one new sentence, first in the list ("Step N: ...").
        await waitFor(page, (b) => document.querySelector('#step-story li')?.textContent !== b, 10_000, before);
        if (who === name && re.test(await latest())) return;
      }
      throw new Error(`${name} never did ${re}: ${await latest()}`);
    };
    await until('t0', /t0, line \d+ `self\.value`: reads value = 0/);
    await until('t1', /t1, line \d+ `self\.value`: reads value = 0/);
    // Both hold what they read, before either writes: the lost update is already certain.
    const locals = () => page.$$eval('#code-view .locals', (l) => l.map((x) => `${x.dataset.actor}: ${x.textContent}`).sort());
    await waitFor(page, () => document.querySelectorAll('#code-view .locals').length === 2, 10_000);
    assert.deepEqual(await locals(), ['t0: temp = 0', 't1: temp = 0']);
    await until('t0', /t0, line \d+ `self\.value`: writes value = 1/);
    await until('t1', /t1, line \d+ `self\.value`: writes value = 1 over value = 1: t0's update is lost/);
    await shot(page, 'firefox-step-lost-update');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});

test('Firefox: challenge=deadlock opens step by step; the student takes each philosopher\'s first fork and the page says solved', async () => {
  const page = await open('#/deadlock?philosophers=2&strategy=naive&challenge=deadlock');
  try {
    await page.waitForSelector('#step-actor-0', { timeout: 60_000 });
    assert.match(await page.$eval('#challenge-goal', (e) => e.textContent), /you are the scheduler/);
    // The main thread first, then the two philosophers in turns.
    for (let i = 0; i < 200; i++) {
      const done = await page.evaluate((i) => {
        if (window.__solved.length > 0 || window.__runs.length > 0) return true;
        const order = i % 2 === 0 ? [0, 1, 2] : [0, 2, 1];
        const chip = order.map((a) => document.getElementById(`step-actor-${a}`)).find((c) => c)
          ?? document.querySelector('[id^="step-actor-"]');
        chip?.click();
        return !chip;
      }, i);
      if (done) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await waitFor(page, () => window.__solved.length > 0, 20_000);
    const solved = await page.evaluate(() => window.__solved);
    assert.equal(solved.length, 1);
    assert.equal(solved[0].challenge, 'deadlock');
    assert.match(solved[0].replay, /^#\/deadlock\?backend=sim&.*schedule=/);
    await page.waitForSelector('#challenge[data-state="solved"]', { timeout: 10_000 });
    assert.match(await page.$eval('#challenge-result', (e) => e.textContent), /the threads deadlock/);
    await shot(page, 'firefox-challenge-deadlock');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});

test('Firefox: in Chinese (lang=zh) the gallery and a lesson on real threads read in Chinese and run the same; screenshots at 1280, 375 px and on a projector in both languages', async () => {
  const gallery = await open('#/?lang=zh');
  await gallery.setViewport({ width: 1280, height: 900 });
  await gallery.waitForSelector('#gallery-title');
  assert.equal(await gallery.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.equal(await gallery.$eval('#gallery-title', (e) => e.textContent), '课程');
  assert.equal(await gallery.$eval('#open-race h3', (e) => e.textContent), '计数器上的竞态条件');
  await shot(gallery, 'firefox-zh-gallery-1280');
  await gallery.close();

  const page = await open('#/race?threads=2&increments=200&mode=locked&lang=zh&autorun=1');
  await page.setViewport({ width: 375, height: 800 });
  const run = await finished(page);
  assert.equal(run.backend, 'workers');
  assert.equal(run.outcome, 'completed', 'the contract speaks its own words in every language');
  assert.match(await page.$eval('#scenario-title', (e) => e.textContent), /[\u4e00-\u9fff]/);
  const body = await page.evaluate(() => document.body.innerText);
  assert.ok(!body.includes('⟦missing text⟧'), 'no missing text');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `nothing scrolls sideways at 375 px (overflow ${overflow} px)`);
  await shot(page, 'firefox-zh-race-375');
  assert.deepEqual(page.errors, []);
  await page.close();

  // English too, at 375 px and at a laptop's 1280 x 800, where the program
  // and its run begin on the first screen, under controls kept short.
  for (const [width, height] of [[375, 800], [1280, 800]]) {
    const p = await open('#/race?threads=2&increments=200&mode=locked&lang=en&autorun=1');
    await p.setViewport({ width, height });
    await finished(p);
    const over = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(over <= 0, `nothing scrolls sideways at ${width} px in English (overflow ${over} px)`);
    if (width === 1280) {
      const tops = await p.evaluate(() => ['#code-view', '#run-status'].map((s) => document.querySelector(s).getBoundingClientRect().top));
      assert.ok(tops.every((t) => t + 80 <= height), `the code and the run's status begin on the first screen: ${tops}`);
    }
    await shot(p, `firefox-en-race-${width}`);
    assert.deepEqual(p.errors, []);
    await p.close();
  }

  // A projector (1024 x 768) in both languages: the lesson's own views, large.
  for (const lang of ['zh', 'en']) {
    const p = await open(`#/deadlock?backend=sim&present=1&lang=${lang}&autorun=1`);
    await p.setViewport({ width: 1024, height: 768 });
    await finished(p);
    assert.equal(await p.evaluate(() => document.documentElement.lang), lang === 'zh' ? 'zh-CN' : 'en');
    assert.ok(await p.$('#graph-view'), 'the wait-for graph is shown');
    assert.equal(await p.$('#timeline-view'), null, 'only the lesson\'s views');
    await p.screenshot({ path: path.join(artifacts, `firefox-${lang}-deadlock-projector.png`) });
    assert.deepEqual(p.errors, []);
    await p.close();
  }
});
