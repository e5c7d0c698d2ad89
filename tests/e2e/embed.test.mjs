// Embedding in a course page: the example page under web/course is served
// from another origin (another port) than the playground, without isolation,
// as most course pages are. Both frames must run, resize and report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve, serveDir, launch, openPage, poolState, dist, root, artifacts } from './harness.mjs';

let playground, course, browser;
before(async () => {
  playground = await serve(dist, { isolated: true });
  course = await serve(path.join(root, 'web'), { isolated: false });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await playground?.close();
  await course?.close();
});

const events = (page, frame, type) =>
  page.evaluate(([f, t]) => window.interleaveEvents.filter((e) => e.frame === f && e.type === t), [frame, type]);

test('a course page on another origin embeds two scenarios that run, resize and report to it', async () => {
  const page = await openPage(browser.context, `${course.url}/course/index.html?playground=${encodeURIComponent(playground.url + '/')}`);
  assert.notEqual(new URL(course.url).port, new URL(playground.url).port);
  // The first frame runs by itself (autorun=1); the page runs the second once
  // the first is done (one main thread serves both frames: they share a site).
  await page.waitForFunction(() => window.interleaveEvents.some((e) => e.frame === 'frame-sleep' && e.type === 'interleave:run-finished'),
    null, { timeout: 60_000 });
  await page.waitForFunction(() => window.interleaveEvents.some((e) => e.frame === 'frame-work' && e.type === 'interleave:ready'),
    null, { timeout: 60_000 });
  // A reader scrolls to the second frame and presses its button. Chromium
  // pauses the rendering of an off-screen cross-origin frame (no resize is
  // observed there), so the frame is brought into view first; the button is
  // pressed as a script would, since a mouse click at its coordinates can miss
  // while the frame above is still resizing.
  const press = (frame, command) => page.$eval(`button[data-frame="${frame}"][data-command="${command}"]`, (b) => {
    document.getElementById(b.dataset.frame).scrollIntoView({ block: 'start' });
    b.click();
  });
  await press('frame-work', 'run');
  await page.waitForFunction(() => window.interleaveEvents.some((e) => e.frame === 'frame-work' && e.type === 'interleave:run-finished'),
    null, { timeout: 60_000 });

  const sleep = (await events(page, 'frame-sleep', 'interleave:run-finished'))[0];
  const work = (await events(page, 'frame-work', 'interleave:run-finished'))[0];
  for (const d of [sleep, work]) {
    assert.equal(d.outcome, 'completed');
    assert.equal(d.result, 42);
    assert.equal(d.scenario, 'spinner');
    assert.equal(d.backend, 'eventloop');
  }
  assert.ok(sleep.max_frame_gap_ms < 250, `the timer keeps the frame smooth: ${sleep.max_frame_gap_ms}`);
  assert.ok(work.max_frame_gap_ms > 2000, `CPU work freezes the frame: ${work.max_frame_gap_ms}`);

  // Each frame said it was ready, announced its run, and posted its height; the page applied it.
  for (const id of ['frame-sleep', 'frame-work']) {
    assert.equal((await events(page, id, 'interleave:ready')).length, 1, `${id} ready`);
    assert.ok((await events(page, id, 'interleave:run-started')).length >= 1, `${id} run-started`);
    const sizes = await events(page, id, 'interleave:resize');
    assert.ok(sizes.length >= 1, `${id} posted its height`);
    const last = sizes.at(-1).height;
    assert.ok(last > 300, `${id} content is taller than the initial 300 px frame: ${last}`);
    const applied = await page.$eval(`#${id}`, (f) => f.getBoundingClientRect().height);
    assert.ok(Math.abs(applied - last) <= 2, `${id} resized to ${last}, is ${applied}`);
  }
  assert.ok((await events(page, 'frame-sleep', 'interleave:resize')).at(-1).height >
            (await events(page, 'frame-work', 'interleave:resize')).at(-1).height,
            'the frame with views=spinner is shorter (no frame-gap chart)');
  assert.match(await page.textContent('#log'), /frame-work: completed, answer 42/);
  await page.screenshot({ path: path.join(artifacts, 'course-page.png'), fullPage: true });

  // The framed, non-isolated page offers real threads in a new tab.
  const frame = page.frameLocator('#frame-work');
  await frame.locator('#threads-offer').waitFor();
  assert.match(await frame.locator('#threads-offer').textContent(), /not isolated/);
  const href = await frame.locator('#open-with-threads').getAttribute('href');
  assert.equal(href, `${playground.url}/#/spinner?backend=eventloop&slow=work`, 'same configuration, full page');
  assert.equal(await frame.locator('#open-with-threads').getAttribute('target'), '_blank');

  // The parent drives a frame: run again, then a malformed command is refused.
  await press('frame-sleep', 'run');
  await page.waitForFunction(() => window.interleaveEvents.filter((e) => e.frame === 'frame-sleep' && e.type === 'interleave:run-finished').length >= 2,
    null, { timeout: 30_000 });
  await page.evaluate((origin) => document.getElementById('frame-work').contentWindow
    .postMessage({ type: 'interleave:command', command: '<img src=x onerror=alert(1)>' }, origin), playground.url);
  await page.waitForFunction(() => window.interleaveEvents.some((e) => e.type === 'interleave:error'), null, { timeout: 10_000 });
  const err = (await events(page, 'frame-work', 'interleave:error'))[0];
  assert.match(err.message, /unknown command/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the Embed button writes an iframe snippet for the current configuration', async () => {
  const page = await openPage(browser.context, `${playground.url}/#/spinner?backend=eventloop&slow=sleep`);
  await poolState(page);
  assert.equal(await page.inputValue('#share-link'), `${playground.url}/#/spinner?backend=eventloop&slow=sleep`);
  await page.click('#embed-toggle');
  for (const v of ['frames', 'timeline', 'resources', 'graph', 'code', 'log']) await page.uncheck(`#embed-view-${v}`);
  await page.check('#embed-autorun');
  await page.fill('#embed-height', '480');
  await page.dispatchEvent('#embed-height', 'change');
  const snippet = await page.inputValue('#embed-snippet');
  assert.equal(snippet,
    `<iframe src="${playground.url}/#/spinner?backend=eventloop&amp;slow=sleep&amp;embed=1&amp;views=spinner&amp;autorun=1" ` +
    'title="Interleave: The spinner" width="100%" height="480" style="border:0" loading="lazy" allow="cross-origin-isolated"></iframe>');
  // The panel itself says what the snippet does and what the course page receives.
  assert.match(await page.textContent('#embed-help'), /interleave:run-finished.*interleave:challenge-solved/s);
  assert.equal(await page.$('#embed-challenge'), null, 'the spinner has no challenge to offer');
  await page.screenshot({ path: path.join(artifacts, 'embed-dialog.png'), fullPage: true });
  await page.close();

  // The race offers its challenge: the snippet carries it, and the share link of a challenge keeps it.
  const race = await openPage(browser.context, `${playground.url}/#/race?threads=2&increments=1&challenge=fail-check`);
  await poolState(race);
  assert.match(await race.inputValue('#share-link'), /&challenge=fail-check/);
  await race.click('#embed-toggle');
  assert.equal(await race.inputValue('#embed-challenge'), 'fail-check');
  assert.match(await race.inputValue('#embed-snippet'), /&amp;embed=1&amp;challenge=fail-check"/);
  await race.selectOption('#embed-challenge', '');
  assert.doesNotMatch(await race.inputValue('#embed-snippet'), /challenge=/);
  await race.close();
});

test('framed where real threads cannot be had, a lesson runs on the backend that works there and says so; a link that insists on workers gets the sentence, not a failed run', async () => {
  // The playground without isolation headers, framed by a course page of
  // another origin that sends none either (an LMS, a static course site).
  const bare = await serve(dist, { isolated: false });
  const other = bare.url.replace('127.0.0.1', 'localhost');
  const frame = (id, hash) => `<iframe id="${id}" width="900" height="700" allow="cross-origin-isolated" src="${other}/${hash}"></iframe>`;
  const courses = await serveDir(root, { prefix: '/unused/', pages: {
    '/course.html': `<!doctype html><title>course</title><script>
      window.messages = [];
      addEventListener('message', (e) => { if (typeof e.data === 'object') messages.push({ frame: [...document.querySelectorAll('iframe')].find((f) => f.contentWindow === e.source)?.id, ...e.data }); });
    </script>${frame('free', '#/race?embed=1&amp;autorun=1')}${frame('insists', '#/race?backend=workers&amp;embed=1&amp;autorun=1')}`,
  } });
  try {
    const page = await openPage(browser.context, `${courses.origin}/course.html`);
    await page.waitForFunction(() => window.messages.some((m) => m.frame === 'free' && m.type === 'interleave:run-finished'), null, { timeout: 60_000 });
    await page.waitForFunction(() => window.messages.some((m) => m.frame === 'insists' && m.type === 'interleave:run-unavailable'), null, { timeout: 60_000 });
    const msgs = await page.evaluate(() => window.messages);
    const free = msgs.find((m) => m.frame === 'free' && m.type === 'interleave:run-finished');
    assert.equal(free.backend, 'sim', 'the race runs on the simulator where there are no threads');
    assert.equal(free.outcome, 'invariant-violated', 'and still loses updates');
    assert.ok(free.metrics.lost_updates > 0, JSON.stringify(free.metrics));
    const refused = msgs.find((m) => m.frame === 'insists' && m.type === 'interleave:run-unavailable');
    assert.equal(refused.backend, 'workers');
    assert.match(refused.reason, /not cross-origin isolated/);
    assert.ok(!msgs.some((m) => m.frame === 'insists' && m.type === 'interleave:run-finished'), 'no failed run is reported');

    const f = page.frames().find((x) => x.url().includes('autorun=1') && !x.url().includes('backend=workers'));
    assert.equal(await f.evaluate(() => self.crossOriginIsolated), false);
    const said = await f.textContent('#backend-fallback');
    assert.match(said, /runs on the step-by-step simulator instead/);
    const href = await f.getAttribute('#open-with-threads', 'href');
    assert.match(href, /#\/race\?backend=workers/, 'the full page uses real threads');
    const g = page.frames().find((x) => x.url().includes('backend=workers'));
    assert.match(await g.textContent('#backend-unavailable'), /Web Workers cannot run here/);
    assert.equal(await g.$eval('#run', (b) => b.disabled), true, 'Run cannot help there');
    await page.screenshot({ path: path.join(artifacts, 'embed-without-threads.png'), fullPage: true });
    await page.close();
  } finally {
    await Promise.all([bare.close(), courses.close()]);
  }
});

test('embed=1 is compact: a lesson with two views fits in about 600 px of a 900 px frame before its run, side by side, without sideways scrolling', async () => {
  const page = await openPage(browser.context, `${playground.url}/#/deadlock?embed=1&views=graph,code&backend=sim`);
  try {
    await page.setViewportSize({ width: 900, height: 600 });
    await page.waitForSelector('#run:not([disabled])');
    const size = () => page.evaluate(() => ({ h: document.documentElement.scrollHeight, w: document.documentElement.scrollWidth, vw: innerWidth }));
    const before = await size();
    assert.ok(before.h <= 660, `the embedded lesson is ${before.h} px tall before a run (it was 737 before the settings were folded)`);
    assert.ok(before.w <= before.vw, 'no sideways scrolling');
    // The settings fold under one line that says them; a click opens them,
    // each with its label and without its help line; time scale and compare
    // stay with the full page.
    assert.equal(await page.textContent('#settings-summary'),
      'Settings: Runs on: Step by step (deterministic simulator) · Philosophers: 2 · Locking: naive');
    assert.equal(await page.isVisible('#param-philosophers'), false);
    await page.click('#settings-summary');
    assert.ok(await page.isVisible('#param-philosophers'));
    assert.equal(await page.isVisible('#param-philosophers-help'), false);
    await page.click('#settings-summary');
    assert.equal(await page.isVisible('#timescale'), false);
    // The two views side by side.
    const [graph, code] = await Promise.all(['#graph-view', '#code-view'].map((s) => page.$eval(s, (e) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    })));
    assert.ok(code.right <= graph.left && code.top < graph.bottom && graph.top < code.bottom,
      `side by side: the code ${JSON.stringify(code)}, the graph ${JSON.stringify(graph)}`);
    await page.click('#run');
    await page.waitForSelector('#run-status[data-state="finished"]', { timeout: 60_000 });
    // The report says how the run ended in two lines, its numbers folded
    // under "The run's numbers" (a click opens them); nothing scrolls sideways.
    const after = await size();
    assert.ok(after.w <= after.vw, `no sideways scrolling after the run (${after.w} > ${after.vw})`);
    assert.equal(await page.isVisible('#run-message'), true);
    assert.equal(await page.isVisible('#actor-times'), false, 'the numbers are folded');
    assert.ok(after.h <= 700, `the embedded lesson is ${after.h} px tall after its run (about 1,600 before the numbers were folded, 891 before the shared data folded and the graph was held to 16rem, 812 before what it printed went under the code)`);
    // Beside a tall picture (the graph), what the program printed goes under
    // the code, in the shorter column.
    const [codeBox, outputBox] = await Promise.all(['#code-view', '#output-view'].map((s) => page.$eval(s, (e) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, top: r.top, bottom: r.bottom };
    })));
    assert.ok(outputBox.left === codeBox.left && outputBox.top >= codeBox.bottom, `the output under the code: ${JSON.stringify({ codeBox, outputBox })}`);
    // The graph draws the wait-for cycle; the message says it in words, once.
    assert.equal(await page.isVisible('#deadlock-cycle'), false);
    await page.click('details.numbers > summary');
    assert.equal(await page.isVisible('#actor-times'), true, 'a click opens them');
    await page.click('details.numbers > summary');
    await page.screenshot({ path: path.join(artifacts, 'embed-compact.png'), fullPage: true });
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});

test('a frame of a lesson whose story is its timeline shows the timeline and the code, and stays under 680 px after its run', async () => {
  // They showed the shared-objects chart too (a lock and a condition that
  // tell little here): 916, 927 and 915 px; then 778, 778 and 763 px, before
  // the code was held to 12rem, what it printed to three lines, the folded
  // settings and the check to one and two lines, the legend to its words and
  // ten actors' lanes to 16 px (657 px each).
  for (const id of ['bounded-buffer', 'connection-pool', 'rate-limiter']) {
    const page = await openPage(browser.context, `${playground.url}/#/${id}?embed=1&backend=sim&lang=en`);
    try {
      await page.setViewportSize({ width: 900, height: 600 });
      await page.waitForSelector('#run:not([disabled])');
      assert.deepEqual(await page.$$eval('figure.view', (fs) => fs.map((f) => f.id)), ['timeline-view', 'code-view'], id);
      await page.click('#run');
      await page.waitForSelector('#run-status[data-state="finished"]', { timeout: 60_000 });
      const h = await page.evaluate(() => document.documentElement.scrollHeight);
      assert.ok(h <= 680, `${id}: the frame is ${h} px tall after its run`);
      // The check in two lines, all of it in its title; the legend in words.
      const check = await page.$eval('.check-line', (e) => ({ h: e.getBoundingClientRect().height, title: e.title, lh: parseFloat(getComputedStyle(e).lineHeight) }));
      assert.ok(check.h <= 2 * check.lh + 1 && check.title.startsWith('✓ passed: '), `${id}: ${JSON.stringify(check)}`);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.close();
    }
  }
});

test('a frame of the race with no views= chosen fits in about 600 px, says each number once, and its empty chart says why it is empty', async () => {
  const page = await openPage(browser.context, `${playground.url}/#/race?embed=1&backend=sim&lang=en`);
  try {
    await page.setViewportSize({ width: 900, height: 600 });
    await page.waitForSelector('#run:not([disabled])');
    const height = () => page.evaluate(() => document.documentElement.scrollHeight);
    const before = await height();
    assert.ok(before <= 640, `the race's frame is ${before} px tall before a run (1,571 with every view)`);
    // Only the lesson's own views.
    assert.deepEqual(await page.$$eval('figure.view', (fs) => fs.map((f) => f.id)), ['resources-view', 'code-view']);
    await page.click('#run');
    await page.waitForSelector('#run-status[data-state="finished"]', { timeout: 60_000 });
    const after = await height();
    assert.ok(after <= 680, `the race's frame is ${after} px tall after its run (1,958 with every view; 748 before the shared data folded)`);
    // Its one picture is short: what the program printed stays beside the code.
    const [codeLeft, outputLeft] = await Promise.all(['#code-view', '#output-view'].map((s) => page.$eval(s, (e) => e.getBoundingClientRect().left)));
    assert.ok(outputLeft > codeLeft, `the output beside the code (${outputLeft} against ${codeLeft})`);
    // The shared data folds under its caption; a click opens it.
    assert.equal(await page.isVisible('#shared-data'), false, 'the shared data is folded in a frame');
    await page.click('.shared-fold > summary');
    assert.match(await page.textContent('#shared-data'), /counter\.value\s*\d+/);
    await page.click('.shared-fold > summary');
    // The failed check is said once: the message, not again as a check line.
    const message = await page.textContent('#run-message');
    assert.match(message, /^no increment is lost: \d+ \(left\) against 20000 \(right\)$/);
    assert.equal(await page.$('.check-line'), null, 'the check line would repeat the message');
    // The unsafe counter makes no lock or queue: the chart says so, in words and to a screen reader.
    assert.equal(await page.getAttribute('#resources', 'aria-label'), 'No lock, semaphore, queue or event in this run.');
    // The shared data's caption wraps in its pane; nothing is cut sideways.
    const cut = await page.$eval('.shared-caption', (c) => c.scrollWidth > c.clientWidth + 1);
    assert.equal(cut, false, 'the shared data caption fits its pane');
    await page.screenshot({ path: path.join(artifacts, 'embed-race-900.png'), fullPage: true });
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});
