// The spinner lesson (seeds 000 §2 and 002 §19.2), checked as a student would:
// does the spinner keep turning while slow() works, and does the page answer 42?
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve, launch, openPage, runViaContract, poolState, dist, artifacts } from './harness.mjs';

let isolated, plain, browser;
before(async () => {
  isolated = await serve(dist, { isolated: true });
  plain = await serve(dist, { isolated: false });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await isolated?.close();
  await plain?.close();
});

const shot = (page, name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

test('the page is cross-origin isolated and starts the Web Worker pool, sized beyond the cores', async () => {
  const page = await openPage(browser.context, `${isolated.url}/#/`);
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
  const pool = await poolState(page);
  assert.equal(pool.state, 'ready', pool.text);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  assert.ok(pool.threads >= 17 && pool.threads >= cores, `pool of ${pool.threads} threads`);
  assert.match(pool.text, new RegExp(`${pool.threads} threads`));
  assert.ok(await page.locator('#open-spinner').isVisible(), 'the gallery lists the spinner');
  await shot(page, 'gallery');
  assert.deepEqual(page.errors, []);
  // Nor a warning: the pool's 17 workers once warned each about deprecated
  // init parameters, and the wasm's preload about its ignored integrity.
  assert.deepEqual(page.warnings, []);
  await page.close();
});

// Each variant through the automation contract: the URL configures and runs it,
// the run-finished event reports it.
const variants = [
  { backend: 'workers', slow: 'work', frozen: false },
  { backend: 'workers', slow: 'sleep', frozen: false },
  { backend: 'eventloop', slow: 'sleep', frozen: false },
  { backend: 'eventloop', slow: 'work', frozen: true },
];
const measured = {};

for (const v of variants) {
  const name = `${v.backend} + ${v.slow}`;
  test(`${name}: answers 42 and the spinner ${v.frozen ? 'freezes for the whole computation' : 'keeps turning'}`, async () => {
    const hash = `#/spinner?backend=${v.backend}&slow=${v.slow}&autorun=1`;
    const { page, detail } = await runViaContract(browser.context, isolated.url, hash);
    assert.equal(detail.scenario, 'spinner');
    assert.equal(detail.backend, v.backend);
    assert.deepEqual(detail.params, { backend: v.backend, slow: v.slow });
    assert.equal(detail.outcome, 'completed', detail.message ?? '');
    assert.equal(detail.result, 42);
    assert.ok(detail.wall_ms >= 2900, `slow() took about 3 s: ${detail.wall_ms} ms`);
    if (v.frozen) {
      assert.ok(detail.max_frame_gap_ms > 2000, `frozen: longest gap ${detail.max_frame_gap_ms} ms`);
    } else {
      assert.ok(detail.max_frame_gap_ms < 250, `smooth: longest gap ${detail.max_frame_gap_ms} ms`);
    }
    measured[name] = Math.round(detail.max_frame_gap_ms);
    await page.waitForSelector('#answer');
    assert.equal(await page.textContent('#answer'), 'Answer: 42');
    await shot(page, `spinner-${v.backend}-${v.slow}`);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test('Stop ends a workers run early with the outcome cancelled', async () => {
  const page = await openPage(browser.context, `${isolated.url}/#/spinner?backend=workers&slow=work`);
  await poolState(page);
  await page.evaluate(() => {
    window.__runs = [];
    window.addEventListener('interleave:run-finished', (e) => window.__runs.push(e.detail));
  });
  await page.click('#run');
  await page.waitForSelector('#run-status[data-state="running"]');
  await page.waitForTimeout(300);
  await page.click('#stop');
  await page.waitForFunction(() => window.__runs.length > 0, null, { timeout: 10_000 });
  const detail = await page.evaluate(() => window.__runs[0]);
  assert.equal(detail.outcome, 'cancelled');
  assert.equal(detail.result, null);
  await page.close();
});

test('served without the isolation headers, the page says real threads are unavailable and the event loop still answers 42', async () => {
  const page = await openPage(browser.context, `${plain.url}/#/spinner`);
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), false);
  const pool = await poolState(page);
  assert.equal(pool.state, 'unavailable');
  assert.match(await page.textContent('#pool-reason'), /not cross-origin isolated/);
  // The link chose no backend: the lesson moves to the event loop, and says so.
  assert.match(await page.textContent('#backend-fallback'), /runs on the event loop instead/);
  assert.equal(await page.inputValue('#param-backend'), 'eventloop');
  await shot(page, 'not-isolated');
  await page.close();

  for (const slow of ['sleep', 'work']) {
    const { page: p, detail } = await runViaContract(browser.context, plain.url, `#/spinner?backend=eventloop&slow=${slow}&autorun=1`);
    assert.equal(detail.outcome, 'completed');
    assert.equal(detail.result, 42);
    await p.close();
  }
  // A link that insists on real threads: the sentence and an event, not a failed run.
  const w = await openPage(browser.context, `${plain.url}/#/spinner?backend=workers&slow=work&autorun=1`);
  await w.waitForSelector('#backend-unavailable');
  assert.match(await w.textContent('#backend-unavailable'), /Web Workers cannot run here/);
  assert.equal(await w.$eval('#run', (b) => b.disabled), true);
  await w.close();
});

test('a bad link opens a working page that says what it ignored', async () => {
  const hash = '#/spinner?backend=gpu&slow=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&threads=9&autorun=1';
  const { page, detail } = await runViaContract(browser.context, isolated.url, hash);
  const notice = await page.textContent('#link-problems');
  assert.match(notice, /backend must be one of workers, eventloop, sim; got "gpu"/);
  assert.match(notice, /slow must be one of work, sleep; got "<img src=x onerror=alert\(1\)>"/);
  assert.match(notice, /unknown parameter "threads" was ignored/);
  assert.equal(await page.locator('#link-problems img').count(), 0, 'markup from the URL is shown as text');
  assert.deepEqual(detail.params, { backend: 'workers', slow: 'work' }, 'defaults used instead');
  assert.equal(detail.result, 42);
  await shot(page, 'bad-link');
  await page.close();

  // A truncated schedule: named, ignored, and the run goes on from the seed.
  const cut = await runViaContract(browser.context, isolated.url, '#/race?backend=sim&threads=2&increments=3&seed=4&schedule=0*3.1~&autorun=1');
  assert.match(await cut.page.textContent('#link-problems'), /schedule.*(not valid|cannot be replayed).*uses seed 4 instead/);
  assert.ok(['completed', 'invariant-violated'].includes(cut.detail.outcome), cut.detail.outcome);
  assert.equal(cut.detail.seed, 4);
  await cut.page.close();

  const unknown = await openPage(browser.context, `${isolated.url}/#/no-such-lesson`);
  await unknown.waitForSelector('#link-problems');
  assert.match(await unknown.textContent('#link-problems'), /there is no scenario called "no-such-lesson"/);
  assert.ok(await unknown.locator('#open-spinner').isVisible());
  await unknown.close();
});

after(() => {
  if (Object.keys(measured).length) console.log('longest frame gaps (ms):', JSON.stringify(measured));
});
