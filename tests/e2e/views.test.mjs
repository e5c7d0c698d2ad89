// The live views, driven as a student would: run a deadlock and read it in
// every view, step the simulator by hand choosing who runs next, filter the
// event log, replay a run from its link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { openPage, poolState, artifacts, chooseSteps, root } from './harness.mjs';
import { isolatedApp } from './fixture.mjs';

const app = isolatedApp();

const shot = (page, name, selector) =>
  selector
    ? page.locator(selector).screenshot({ path: path.join(artifacts, `${name}.png`) })
    : page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

async function listen(page) {
  await page.evaluate(() => {
    window.__runs = [];
    window.addEventListener('interleave:run-finished', (e) => window.__runs.push(e.detail));
  });
}
const runs = (page) => page.evaluate(() => window.__runs);
const waitRuns = (page, n, timeout = 60_000) =>
  page.waitForFunction((k) => window.__runs.length >= k, n, { timeout });

/** Reads a canvas's pixels: how many are not blank (something was drawn). */
const inked = (page, id) => page.evaluate((id) => {
  const c = document.getElementById(id);
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
  return n;
}, id);

test('a naive deadlock on real threads shows in every view: cycle, graph, code, log', async () => {
  const page = await openPage(app.browser.context, `${app.server.url}/#/deadlock?backend=workers&philosophers=3&strategy=naive`);
  await poolState(page);
  await listen(page);
  await page.click('#run');
  await waitRuns(page, 1);
  const [d] = await runs(page);
  assert.equal(d.outcome, 'deadlock', d.message);
  assert.equal(d.deadlock_cycle.length, 6, 'three philosophers and three forks');
  const cycleText = await page.textContent('#deadlock-cycle');
  for (const name of d.deadlock_cycle) assert.ok(cycleText.includes(name), `${name} in "${cycleText}"`);
  await page.waitForTimeout(300); // the frame after the run draws its final state
  for (const id of ['timeline', 'resources', 'wait-for-graph']) {
    assert.ok(await inked(page, id) > 500, `${id} has been drawn`);
  }
  // The code view marks each philosopher on the line where it is stuck (the
  // program's `with locks[second]:`), and the main thread on its join.
  const marked = await page.$$eval('#code-view li.current', (lis) => lis.map((li) => li.textContent));
  const stuck = marked.filter((t) => /philosopher\d · blocked/.test(t));
  assert.equal(stuck.length, 1, marked.join(' | '));
  assert.match(stuck[0], /with locks\[second\]:/);
  for (let i = 0; i < 3; i++) assert.match(stuck[0], new RegExp(`philosopher${i} · blocked on forks\\[${(i + 1) % 3}\\]`), stuck[0]);
  assert.ok(marked.some((t) => /t\.join\(\).*MainThread · waiting on philosopher0 ended/.test(t)), marked.join(' | '));
  // The log filtered to one actor shows only that actor's lines.
  await page.selectOption('#log-actor', { label: 'philosopher1' });
  const lines = await page.$$eval('#event-log .log li', (lis) => lis.map((li) => li.textContent));
  assert.ok(lines.length > 0);
  for (const l of lines) assert.match(l, /philosopher1/);
  assert.ok(lines.some((l) => /blocked on fork/.test(l)), lines.join('\n'));
  await shot(page, 'view-deadlock-workers');
  await shot(page, 'view-wait-for-graph', '#graph-view');
  await shot(page, 'view-timeline', '#timeline-view');
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** Steps by hand: at each step, the first runnable actor in `prefer` order. */
async function stepChoosing(page, prefer) {
  await page.click('#step'); // starts the simulator, waiting for steps
  await page.waitForSelector('[id^="step-actor-"]');
  await chooseSteps(page, prefer, () => window.__runs.length > 0, 200);
  await waitRuns(page, 1, 20_000);
  return (await runs(page))[0];
}

test('step by step: who runs next decides whether an update is lost, and the choices are the schedule', async () => {
  const url = `${app.server.url}/#/race?backend=sim&threads=2&increments=1&mode=unsafe`;
  // Actor 0 is the program's main thread; t0 is 1, t1 is 2.
  // t0 reads and writes before t1 reads: nothing is lost.
  let page = await openPage(app.browser.context, url);
  await poolState(page);
  await listen(page);
  const serial = await stepChoosing(page, () => [1, 2, 0]);
  assert.equal(serial.outcome, 'completed', serial.message ?? '');
  assert.equal(serial.check.held, true);
  assert.ok(serial.schedule && serial.schedule.length > 0, 'the choices were recorded');
  await shot(page, 'view-step-by-step');

  // The replay link reopens exactly that run.
  const href = await page.getAttribute('#replay-link', 'href');
  assert.match(href, /schedule=/);
  await page.close();
  const replay = await openPage(app.browser.context, `${app.server.url}/${href}&autorun=1`);
  await replay.waitForSelector('#trace-digest', { timeout: 30_000 });
  assert.equal(await replay.textContent('#trace-digest'), serial.trace_digest, 'same schedule, same trace');
  assert.equal(await replay.getAttribute('#run-status', 'data-outcome'), 'completed');
  await replay.close();

  // Alternate: both read 0, both write 1: one update is lost, and the check says so.
  page = await openPage(app.browser.context, url);
  await poolState(page);
  await listen(page);
  // The main thread first (it starts both and waits in join), then t0 and t1 in turns.
  const interleaved = await stepChoosing(page, (i) => (i % 2 === 0 ? [0, 1, 2] : [0, 2, 1]));
  assert.equal(interleaved.outcome, 'invariant-violated');
  assert.equal(interleaved.check.held, false);
  assert.equal(interleaved.check.detail, '1 (left) against 2 (right)');
  assert.equal(interleaved.metrics.lost_updates, 1);
  await page.close();
});

test('Step, then Run to end, finishes the simulation by the seeded policy', async () => {
  const page = await openPage(app.browser.context, `${app.server.url}/#/race?backend=sim&threads=3&increments=20&mode=unsafe&seed=1`);
  await poolState(page);
  await listen(page);
  await page.click('#step');
  await page.waitForSelector('#step-actor-0');
  for (let i = 0; i < 5; i++) await page.click('#step');
  const before = await page.$$eval('#event-log .log li', (l) => l.length);
  assert.ok(before > 0, 'the steps show in the log');
  await page.click('#run-to-end');
  await waitRuns(page, 1, 20_000);
  const [d] = await runs(page);
  assert.equal(d.backend, 'sim');
  assert.ok(['completed', 'invariant-violated'].includes(d.outcome), d.outcome);
  assert.match(await page.textContent('#check'), /no increment is lost/);
  assert.equal(d.metrics.expected, 60);
  await page.close();
});

test('Stop ends a long run on real threads and the views keep its last state', async () => {
  // 20× slower: the buffer's sleeps alone take about 20 s, so Stop always comes first.
  const page = await openPage(app.browser.context, `${app.server.url}/#/bounded-buffer?backend=workers&timescale=20`);
  await poolState(page);
  await listen(page);
  await page.click('#run');
  await page.waitForTimeout(800);
  await page.click('#stop');
  await waitRuns(page, 1, 20_000);
  const [d] = await runs(page);
  assert.equal(d.outcome, 'cancelled', 'Stop came before the end of the run');
  await page.waitForTimeout(300);
  assert.ok(await inked(page, 'timeline') > 500);
  assert.ok((await page.$$eval('#event-log .log li', (l) => l.length)) > 0);
  await page.close();
});

test('the time scale slows a run down to watch it, and is part of the link', async () => {
  const page = await openPage(app.browser.context, `${app.server.url}/#/bounded-buffer?backend=sim&items=2`);
  await poolState(page);
  await listen(page);
  await page.click('#run');
  await waitRuns(page, 1, 30_000);
  await page.selectOption('#timescale', '10');
  assert.match(page.url(), /timescale=10/);
  await page.click('#run');
  await waitRuns(page, 2, 60_000);
  const [fast, slow] = await runs(page);
  assert.equal(slow.outcome, 'completed');
  assert.equal(slow.check.held, true, 'the lesson holds at any speed');
  // Virtual time is ten times longer, and the paced simulator takes real time to show it.
  const busy = (r) => r.actors.reduce((s, a) => s + a.busy_ms + a.blocked_ms + a.waiting_ms, 0);
  assert.ok(slow.wall_ms > fast.wall_ms, `slowed: ${slow.wall_ms} ms vs ${fast.wall_ms} ms`);
  assert.ok(busy(slow) >= 9 * busy(fast), `virtual times scale: ${busy(slow)} vs ${busy(fast)}`);
  await page.close();
});

test('metrics: the time of each actor with its share, and the throughput from the wall time', async () => {
  const page = await openPage(app.browser.context, `${app.server.url}/#/bounded-buffer?backend=workers&producers=2&consumers=2&items=5&produce_ms=20&consume_ms=40`);
  await poolState(page);
  await listen(page);
  await page.click('#run');
  await waitRuns(page, 1);
  const [d] = await runs(page);
  assert.equal(d.outcome, 'completed', d.message);
  // Ten items over the run's wall time.
  const expected = 10 / (d.wall_ms / 1000);
  assert.ok(Math.abs(d.metrics.throughput_per_s - expected) < 0.01 * expected, `${d.metrics.throughput_per_s} vs ${expected}`);
  const rows = await page.locator('#results tr').allInnerTexts();
  assert.ok(rows.some((r) => /^throughput\s+[\d.]+ items per second$/.test(r)), rows.join(' | '));
  // Shares: a consumer's busy, blocked, waiting and sleeping shares add up to about 100%.
  const cells = await page.locator('#actor-times tbody tr').first().locator('td').allInnerTexts();
  const shares = cells.map((c) => Number(/\((\d+)%\)/.exec(c)?.[1]));
  assert.equal(shares.length, 4, cells.join(' | '));
  const sum = shares.reduce((a, b) => a + b, 0);
  assert.ok(sum >= 97 && sum <= 103, `shares ${shares} add up to ${sum}%`);
  await shot(page, 'view-metrics', '#run-status');
  await page.close();
});

test('following a link leaves the last run behind: blank views, and nothing of it reports into the next page', async () => {
  const page = await openPage(app.browser.context, `${app.server.url}/#/primes?backend=sim&autorun=1`);
  await page.evaluate(() => {
    window.__runs = [];
    window.addEventListener('interleave:run-finished', (e) => window.__runs.push(e.detail));
  });
  await waitRuns(page, 1);
  await page.waitForTimeout(300);
  assert.ok(await inked(page, 'timeline') > 500, 'the primes run is drawn');
  // Through the gallery to another scenario: its views start blank, not with primes' workers.
  await page.evaluate(() => { location.hash = '#/'; });
  await page.click('a[href^="#/race"]');
  await page.waitForSelector('#timeline');
  await page.waitForTimeout(500);
  assert.equal(await inked(page, 'timeline'), 0, 'no lanes left over from primes');
  assert.equal(await page.getAttribute('#run-status', 'data-state'), 'idle');
  // A link followed in the middle of a run: the run stops, and its report does not land here.
  await page.evaluate(() => { location.hash = '#/spinner?backend=workers&slow=sleep&autorun=1'; });
  await page.waitForFunction(() => document.querySelector('#run-status')?.dataset.state === 'running');
  const before = (await runs(page)).length;
  await page.evaluate(() => { location.hash = '#/race?backend=sim'; });
  await page.waitForTimeout(1500);
  assert.equal(await page.getAttribute('#run-status', 'data-state'), 'idle', 'the race page is not told the spinner stopped');
  assert.equal((await runs(page)).length, before, 'no run-finished from the run left behind');
  assert.equal((await page.textContent('h1')).trim(), 'A race on a counter');
  // And the race runs normally afterwards.
  await page.click('#run');
  await waitRuns(page, before + 1);
  assert.equal((await runs(page)).at(-1).scenario, 'race');
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** Where an element is on the page (CSS pixels, document coordinates). */
const box = (page, sel) => page.$eval(sel, (e) => {
  const r = e.getBoundingClientRect();
  return { left: r.left, right: r.right, top: r.top + scrollY, bottom: r.bottom + scrollY, width: r.width };
});

/** `hash` at `width` x `height`, once it has run (on the backend the link says). */
async function ranAt(hash, width, height) {
  const page = await openPage(app.browser.context, `${app.server.url}/${hash}`);
  await page.setViewportSize({ width, height });
  await page.waitForSelector('#run:not([disabled])');
  await listen(page);
  await page.click('#run');
  await waitRuns(page, 1);
  return page;
}

/** How far the page scrolls sideways (0: not at all). */
const sideways = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('a playground\'s layout: on a wide screen the program and the pictures of its run side by side, every line of the code shown; on a phone one column with nothing scrolling sideways', async () => {
  // A classroom projector's 1024 x 768 is wide enough too: side by side.
  for (const [id, width, height] of [['race', 1440, 900], ['bounded-buffer', 1440, 900], ['worker-pool', 1440, 900], ['race', 1024, 768],
    ['race', 1280, 800], ['bounded-buffer', 1280, 800]]) {
    const page = await ranAt(`#/${id}?backend=sim`, width, height);
    const at = `${id} at ${width} px`;
    const code = await box(page, '#code-view');
    const timeline = await box(page, '#timeline-view');
    const controls = await box(page, '#run');
    assert.ok(code.right <= timeline.left, `${at}: the code (${code.left}-${code.right}) is left of the timeline (${timeline.left}-${timeline.right})`);
    assert.ok(code.top < timeline.bottom && timeline.top < code.bottom, `${at}: side by side, not one above the other`);
    assert.ok(controls.bottom <= Math.min(code.top, timeline.top), `${at}: the controls are above both`);
    const overflow = await sideways(page);
    assert.ok(overflow <= 0, `${at}: nothing scrolls sideways (overflow ${overflow} px)`);
    if (width >= 1280) {
      // A laptop's first screen holds the controls and the start of the
      // program and its run (the controls took all 800 px of it, and more,
      // before each help line was held to two lines).
      const status = await box(page, '#run-status');
      assert.ok(code.top + 80 <= height && status.top + 80 <= height,
        `${at}: the code (top ${code.top}) and the run's status (top ${status.top}) begin on the first screen`);
    }
    if (width === 1440) {
      // Every line of the program shown: the code view does not scroll inside.
      const inner = await page.$eval('#code-view .code', (e) => e.scrollHeight - e.clientHeight);
      assert.ok(inner <= 1, `${at}: the code view scrolls ${inner} px inside`);
      const lines = await page.$$eval('#code-view .code li', (l) => l.length);
      assert.ok(lines >= 50, `${at}: ${lines} lines shown`);
    }
    if (id === 'race') await shot(page, width === 1440 ? 'layout-wide-race' : 'layout-1024-race');
    await page.close();
  }
  const phone = await ranAt('#/race?backend=sim', 375, 800);
  const code = await box(phone, '#code-view');
  const timeline = await box(phone, '#timeline-view');
  assert.ok(timeline.bottom <= code.top, 'on a phone the run comes first, then the program');
  const overflow = await sideways(phone);
  assert.ok(overflow <= 0, `nothing scrolls sideways at 375 px (overflow ${overflow} px)`);
  // The program page keeps the same workspace: the editor left, the run right.
  const program = await ranAt('#/program?backend=sim', 1440, 900);
  const editor = await box(program, '.editor');
  const pictures = await box(program, '#timeline-view');
  assert.ok(editor.right <= pictures.left && editor.top < pictures.bottom, 'program page: the editor and the run side by side');
  await shot(program, 'layout-wide-program');
  await phone.close();
  await program.close();
});

test('on the simulator a run whose steps took no time is drawn by event, and says why; one that sleeps keeps its time axis', async () => {
  const open = async (extra) => {
    const page = await openPage(app.browser.context, `${app.server.url}/#/race?backend=sim&views=timeline&threads=2&increments=20&lang=en${extra}`);
    await page.waitForSelector('#run:not([disabled])');
    await page.click('#run');
    await page.waitForSelector('#run-status[data-state="finished"]', { timeout: 60_000 });
    return page;
  };
  const instant = await open('');
  try {
    assert.match(await instant.getAttribute('#timeline', 'aria-label'), /^Timeline, 0 to 0 ms of the run\..* The clock never moved, so the lanes are drawn by event: \d+ events, in order\.$/);
    assert.match(await instant.textContent('#timeline-instant'), /no step of this run has: on a time axis every lane would stand at 0 ms, so the timeline is drawn by event instead\./);
    // Drawn on the axis of events: each thread's events are marks in its
    // lane (the two threads' increments interleave), and the legend names
    // the pale bar between them.
    assert.equal(await instant.getAttribute('#timeline', 'data-axis'), 'events');
    assert.ok((await instant.textContent('#timeline-view .legend')).includes('able to go on (no event of its own)'));
  } finally {
    await instant.close();
  }
  const slept = await open('&pause_ms=2');
  try {
    assert.doesNotMatch(await slept.getAttribute('#timeline', 'aria-label'), /^Timeline, 0 to 0 ms/);
    assert.equal(await slept.$('#timeline-instant'), null);
    assert.equal(await slept.getAttribute('#timeline', 'data-axis'), 'ms');
    assert.ok(!(await slept.textContent('#timeline-view .legend')).includes('able to go on'));
  } finally {
    await slept.close();
  }
});

/** A program of the notes opened by a `code=` link on `backend` and run once, with its report. */
async function runProgram(src, backend) {
  const code = zlib.deflateRawSync(Buffer.from(src, 'utf8')).toString('base64url');
  const page = await openPage(app.browser.context, `${app.server.url}/#/program?code=${code}&backend=${backend}&lang=en`);
  try {
    await poolState(page);
    await listen(page);
    await page.waitForSelector('#run:not([disabled])');
    await page.click('#run');
    await waitRuns(page, 1);
    const [r] = await runs(page);
    return { page, r };
  } catch (e) {
    await page.close();
    throw e;
  }
}

test('asyncio\'s tasks have rows of their own in the timeline, which end as the report says, on the simulator and on real threads', async () => {
  // The notes' gather (004 §16.4.2): fetches of 2, 1 and 3 s overlap, so the
  // whole takes the longest, 3 s.
  const src = fs.readFileSync(path.join(root, 'crates/engine/tests/programs/notes_gather.py'), 'utf8');
  for (const backend of ['sim', 'workers']) {
    const { page, r } = await runProgram(src, backend);
    try {
      assert.equal(r.outcome, 'completed');
      // The report: every task, as CPython names it, with its coroutine.
      assert.deepEqual(r.tasks.map((t) => [t.name, t.coro, t.thread, t.state]), [
        ['Task-1', 'gather_demo', 'MainThread', 'done'],
        ['Task-2', 'fetch_data', 'MainThread', 'done'],
        ['Task-3', 'fetch_data', 'MainThread', 'done'],
        ['Task-4', 'fetch_data', 'MainThread', 'done'],
      ]);
      // Each fetch sleeps its own delay, all from the start: the 1 s one
      // ends first and the 3 s one with the gather.
      const [, a, b, c] = r.tasks;
      assert.ok(b.ended_ms < a.ended_ms && a.ended_ms < c.ended_ms, JSON.stringify(r.tasks));
      if (backend === 'sim') {
        assert.deepEqual([a, b, c].map((t) => [t.sleeping_ms, t.ended_ms]), [[2000, 2000], [1000, 1000], [3000, 3000]]);
      } else {
        for (const [t, ms] of [[a, 2000], [b, 1000], [c, 3000]]) assert.ok(Math.abs(t.sleeping_ms - ms) < 300, JSON.stringify(t));
      }
      // The picture says the same, and the legend explains the rows.
      await page.waitForSelector('#program-outcome');
      assert.equal(await page.getAttribute('#timeline', 'data-tasks'), r.tasks.map((t) => `${t.name} ${t.coro}(): ${t.state}`).join(', '));
      assert.match(await page.getAttribute('#timeline', 'aria-label'), /asyncio tasks, a row each, at the end: Task-1 gather_demo\(\): done, .*Task-4 fetch_data\(\): done\.$/);
      assert.match(await page.textContent('#timeline-tasks'), /The rows marked ↳ are asyncio tasks/);
      assert.ok((await page.textContent('#timeline-view .legend')).includes('cancelled'));
      await shot(page, `asyncio-tasks-${backend}`, '#timeline-view');
    } finally {
      await page.close();
    }
  }
});

test('a Manager\'s server and the processes that use it are rows that say their process: the report\'s pid for each, the same in the picture, and the notes\' counts', async () => {
  // The notes' Manager (004 §16.3.2): a server process holds a Namespace, a
  // list, a dict and a Lock; three worker processes change them through proxies.
  const src = fs.readFileSync(path.join(root, 'crates/engine/tests/programs/notes_manager.py'), 'utf8');
  for (const backend of ['sim', 'workers']) {
    const { page, r } = await runProgram(src, backend);
    try {
      assert.equal(r.outcome, 'completed', r.message ?? '');
      const pid = Object.fromEntries(r.actors.map((a) => [a.name, a.pid]));
      // The program's own process has no pid; the server is the first child
      // (1001), with a thread of its own for each connection; each worker is a process.
      assert.equal(pid.MainThread, undefined);
      assert.equal(pid['SyncManager-1'], 1001);
      assert.deepEqual(['Worker-0', 'Worker-1', 'Worker-2'].map((w) => pid[w]).sort(), [1002, 1003, 1004]);
      const serverThreads = r.actors.filter((a) => a.name.startsWith('Thread-'));
      assert.equal(serverThreads.length, 4, JSON.stringify(r.actors));
      assert.ok(serverThreads.every((a) => a.pid === 1001), JSON.stringify(r.actors));
      await page.waitForSelector('#program-outcome');
      assert.equal(await page.getAttribute('#timeline', 'data-pids'), r.actors.filter((a) => a.pid).map((a) => `${a.name}: ${a.pid}`).join(', '));
      assert.match(await page.textContent('#timeline-processes'), /A row marked · pid 1002 is an actor of a child process/);
      const printed = await page.textContent('#program-output');
      assert.match(printed, /计数: 3\n列表: \['Worker-\d', 'Worker-\d', 'Worker-\d'\]\n字典: \{'Worker-\d': /);
      await shot(page, `manager-processes-${backend}`, '#timeline-view');
    } finally {
      await page.close();
    }
  }
});

test('the style sheet is well formed: every brace closes one it opened (a stray one makes the browser drop the rule after it, silently)', () => {
  const css = fs.readFileSync(path.join(root, 'web', 'style.css'), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  let depth = 0;
  css.split('\n').forEach((line, i) => {
    for (const c of line) {
      depth += c === '{' ? 1 : c === '}' ? -1 : 0;
      assert.ok(depth >= 0, `web/style.css: a brace closes nothing at line ${i + 1}`);
    }
  });
  assert.equal(depth, 0, 'web/style.css: every opened brace is closed');
});
