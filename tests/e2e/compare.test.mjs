// Compare (issue #5): one scenario on two backends, one after the other, on
// one time axis. Driven as a student would (choose a second backend, press
// "Run both", read the table), and through the contract
// (`compare=` and `interleave:compare-finished`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve, launch, openPage, poolState, dist, artifacts } from './harness.mjs';

let server, plain, browser;
before(async () => {
  server = await serve(dist, { isolated: true });
  plain = await serve(dist, { isolated: false });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await plain?.close();
});

async function listen(page) {
  await page.evaluate(() => {
    window.__runs = [];
    window.__compared = [];
    window.addEventListener('interleave:run-finished', (e) => window.__runs.push(e.detail));
    window.addEventListener('interleave:compare-finished', (e) => window.__compared.push(e.detail));
  });
}
const compared = (page, timeout = 120_000) =>
  page.waitForFunction(() => window.__compared.length > 0, null, { timeout }).then(() => page.evaluate(() => window.__compared[0]));

/** Pixels of the compare canvas in a colour (r, g, b), within a tolerance. */
const pixelsOf = (page, [r, g, b]) => page.evaluate(([r, g, b]) => {
  const c = document.getElementById('compare-canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (Math.abs(d[i] - r) < 8 && Math.abs(d[i + 1] - g) < 8 && Math.abs(d[i + 2] - b) < 8 && d[i + 3] > 200) n++;
  }
  return n;
}, [r, g, b]);
const VERMILLION = [0xd5, 0x5e, 0x00];

test('primes on workers, then on the event loop: only the event loop freezes the page, on one axis', async () => {
  const page = await openPage(browser.context, `${server.url}/#/primes?backend=workers&workers=2&gil=off&compare=eventloop`);
  await poolState(page);
  await listen(page);
  assert.equal((await page.textContent('#run')).trim(), 'Run both');
  await page.click('#run');
  // While the first run goes, the compare view says which one.
  await page.waitForFunction(() => document.querySelector('#compare-view figcaption')?.textContent.includes('running'));
  const d = await compared(page);
  assert.equal(d.scenario, 'primes');
  assert.deepEqual(d.runs.map((r) => r.backend), ['workers', 'eventloop']);
  const [w, e] = d.runs;
  for (const r of d.runs) {
    assert.equal(r.outcome, 'completed', r.message);
    assert.equal(r.check.held, true, r.check.detail);
    assert.match(r.check.name, /^9 of the 20 numbers are prime/);
  }
  // Both runs also fired the ordinary event, in order.
  assert.deepEqual((await page.evaluate(() => window.__runs)).map((r) => r.backend), ['workers', 'eventloop']);
  // The lesson: the event loop blocks the page for most of its run; workers do not.
  assert.ok(e.max_frame_gap_ms > 250, `event loop froze: ${e.max_frame_gap_ms} ms`);
  assert.ok(e.max_frame_gap_ms > 0.5 * e.wall_ms, `for most of its run (${e.max_frame_gap_ms} of ${e.wall_ms} ms)`);
  assert.ok(w.max_frame_gap_ms < e.max_frame_gap_ms / 2, `workers ${w.max_frame_gap_ms} ms vs ${e.max_frame_gap_ms} ms`);
  // The table and the sentence say the same.
  const headers = await page.$$eval('#compare-table thead th', (th) => th.map((t) => t.textContent));
  assert.deepEqual(headers.slice(1), ['workers', 'eventloop']);
  const verdict = await page.textContent('#compare-verdict');
  assert.match(verdict, /On eventloop the page froze for/, verdict);
  await page.waitForTimeout(300);
  // The freeze is drawn as a vermillion block: wide (hundreds of ms on the axis), once.
  assert.ok(await pixelsOf(page, VERMILLION) > 2000, 'the frozen block is drawn');
  await page.locator('#compare-view').screenshot({ path: path.join(artifacts, 'compare-primes-workers-eventloop.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a student chooses the second backend from the page; the link keeps it and reopens it', async () => {
  const page = await openPage(browser.context, `${server.url}/#/race?backend=sim&threads=2&increments=200&mode=unsafe`);
  await poolState(page);
  await listen(page);
  // The chooser offers the other two backends, not the chosen one.
  const offered = await page.$$eval('#compare option', (o) => o.map((x) => x.value));
  assert.deepEqual(offered, ['', 'workers', 'eventloop']);
  await page.focus('#compare');
  await page.selectOption('#compare', 'workers');
  assert.match(page.url(), /compare=workers/);
  assert.equal((await page.textContent('#run')).trim(), 'Run both');
  await page.keyboard.press('Tab'); // the controls work from the keyboard too
  await page.focus('#run');
  await page.keyboard.press('Enter');
  const d = await compared(page);
  assert.deepEqual(d.runs.map((r) => r.backend), ['sim', 'workers']);
  for (const r of d.runs) assert.equal(r.params.backend, r.backend, 'each report names its own backend');
  // Unsafe increments lose updates on both; the simulator's times are virtual.
  assert.equal(d.runs[0].outcome, 'invariant-violated');
  const verdict = await page.textContent('#compare-verdict');
  assert.match(verdict, /virtual/, verdict);
  await page.locator('#compare-view').screenshot({ path: path.join(artifacts, 'compare-race-sim-workers.png') });
  // Reopening the link restores the comparison.
  const again = await openPage(browser.context, page.url());
  await poolState(again);
  assert.equal(await again.$eval('#compare', (s) => s.value), 'workers');
  // Choosing the compared backend as the main one drops the comparison.
  await again.selectOption('#param-backend', 'workers');
  assert.doesNotMatch(again.url(), /compare=/);
  assert.equal((await again.textContent('#run')).trim(), 'Run');
  assert.deepEqual(page.errors, []);
  await again.close();
  await page.close();
});

test('Stop during the first run ends the comparison: no second run starts', async () => {
  const page = await openPage(browser.context, `${server.url}/#/spinner?backend=workers&slow=sleep&compare=eventloop`);
  await poolState(page);
  await listen(page);
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#run-status')?.dataset.state === 'running');
  await page.waitForTimeout(300);
  await page.click('#stop');
  const d = await compared(page);
  assert.equal(d.runs.length, 1);
  assert.equal(d.runs[0].outcome, 'cancelled');
  await page.waitForTimeout(500);
  assert.equal((await page.evaluate(() => window.__runs)).length, 1, 'the event loop run never started');
  assert.match(await page.textContent('#compare-view figcaption'), /stopped before the second run/);
  await page.close();
});

test('a bad compare= is named and ignored; workers are greyed out with the reason where there are no threads', async () => {
  const page = await openPage(browser.context, `${server.url}/#/race?backend=eventloop&compare=gpu`);
  await page.waitForSelector('#link-problems');
  assert.match(await page.textContent('#link-problems'), /compare must be one of workers, eventloop, sim; got "gpu"/);
  assert.equal((await page.textContent('#run')).trim(), 'Run');
  await page.close();

  const same = await openPage(browser.context, `${server.url}/#/race?backend=sim&compare=sim`);
  await same.waitForSelector('#link-problems');
  assert.match(await same.textContent('#link-problems'), /nothing to compare/);
  await same.close();

  // Not cross-origin isolated: no real threads. Both choosers grey the option out and say why.
  const bare = await openPage(browser.context, `${plain.url}/#/race?backend=eventloop`);
  await bare.waitForSelector('#param-backend');
  for (const sel of ['#param-backend', '#compare']) {
    const opt = await bare.$eval(`${sel} option[value="workers"]`, (o) => ({ disabled: o.disabled, text: o.textContent, title: o.title }));
    assert.ok(opt.disabled, `${sel}: workers disabled`);
    assert.match(opt.text, /unavailable, .*isolated/, `${sel}: ${opt.text}`);
  }
  await bare.close();
});
