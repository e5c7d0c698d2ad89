// Explore (issue 14), through the page and the contract: explore=1 searches
// every interleaving within the bound, fires interleave:explore-finished, and
// the failing run with the fewest preemptions opens on the simulator and
// replays to the same failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifacts, runViaContract, chooseSteps } from './harness.mjs';
import zlib from 'node:zlib';
import { isolatedApp } from './fixture.mjs';

const app = isolatedApp();

/** Opens `hash`, recording the contract's run, explore and challenge events. */
async function recording(hash) {
  const page = await app.browser.context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.addInitScript(() => {
    window.__explored = [];
    window.__runs = [];
    window.__solved = [];
    window.addEventListener('interleave:explore-finished', (e) => window.__explored.push(e.detail));
    window.addEventListener('interleave:run-finished', (e) => window.__runs.push(e.detail));
    window.addEventListener('interleave:challenge-solved', (e) => window.__solved.push(e.detail));
  });
  await page.goto(`${app.server.url}/${hash}`);
  return page;
}

async function explored(hash) {
  const page = await recording(hash);
  await page.waitForFunction(() => window.__explored.length > 0, null, { timeout: 120_000 });
  return { page, detail: await page.evaluate(() => window.__explored[0]) };
}

test('with its cache of states, the race lesson\'s own Python is searched completely at bound 8 (on one Web Worker: cores=1), and the page says how many states it went through', async () => {
  // Before the cache this search stopped at the page's 100,000 executions,
  // not complete: each step on shared data commutes with nothing.
  // cores=1: on one Web Worker, not split.
  const { page, detail } = await explored('#/race?threads=2&increments=2&mode=unsafe&explore=1&bound=8&cores=1');
  try {
    assert.equal(detail.complete, true, JSON.stringify(detail));
    assert.equal(detail.bound, 8);
    assert.equal(detail.threads, 1);
    assert.match(await page.textContent('#explore-where'), /^On a Web Worker thread, off the main thread/);
    assert.deepEqual(Object.keys(detail.outcomes).sort(),
      ['completed', 'invariant-violated: 2 (left) against 4 (right)', 'invariant-violated: 3 (left) against 4 (right)']);
    assert.ok(Number.isInteger(detail.states) && detail.states > 0, `states: ${detail.states}`);
    assert.ok(detail.merged > 0, `merged: ${detail.merged}`);
    assert.ok(detail.executions < 100_000, `executions: ${detail.executions}`);
    assert.equal(detail.counterexample.preemptions, 1);
    assert.equal(await page.getAttribute('#explore-states', 'data-states'), String(detail.states));
    assert.equal(detail.states_full, false, 'far below the cache\'s 500,000 states');
    assert.equal(await page.getAttribute('#explore-states', 'data-full'), 'false');
    assert.match(await page.textContent('#explore-states'), /^The search went through [\d,]+ distinct states\. [\d,]+ schedules stopped where they reached a state already explored/);
    // The outcomes as a histogram: a row per outcome with its count, the
    // largest bar full width, a failing outcome's bar in the failure colour.
    const rows = await page.$$eval('.explore-outcomes tbody tr', (trs) => trs.map((tr) => ({
      outcome: tr.dataset.outcome, count: Number(tr.dataset.count),
      width: tr.querySelector('td.bar span').style.width, failed: tr.querySelector('td.bar span').classList.contains('failed') })));
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.outcome, r.count])), detail.outcomes);
    const most = Math.max(...rows.map((r) => r.count));
    for (const r of rows) {
      assert.ok(Math.abs(parseFloat(r.width) - 100 * r.count / most) <= 0.05, JSON.stringify(r));
      assert.equal(r.failed, r.outcome !== 'completed', JSON.stringify(r));
    }
    // The share of failing runs says what it is a share of: with schedules
    // cut at explored states, the runs to the end, not every interleaving.
    assert.match(await page.textContent('#explore-failing'),
      new RegExp(`^${detail.failing} of the ${detail.executions} interleavings run to their end fail \\([\\d.]+%\\)\\. Not the share of every interleaving: the ${detail.merged.toLocaleString('en')} schedules cut at a state already explored were not run again`));
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});

test('explore=1 on the unsafe race, 2 threads x 2 increments, finds every lost update, and its counterexample replays to the same failure', async () => {
  const { page, detail } = await explored('#/race?threads=2&increments=2&mode=unsafe&explore=1&bound=2');
  try {
    assert.equal(detail.scenario, 'race');
    assert.equal(detail.complete, true);
    assert.equal(detail.bound, 2);
    // Split across the pool's Web Workers, one a core (the engine's suite
    // checks that a split search finds what one search finds).
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    assert.equal(detail.threads, cores);
    assert.match(await page.textContent('#explore-where'),
      cores > 1 ? new RegExp(`^Split across ${cores} Web Worker threads`) : /^On a Web Worker thread, off the main thread/);
    // The lesson's program: its assert's two sides name each way it ends.
    assert.deepEqual(Object.keys(detail.outcomes).sort(),
      ['completed', 'invariant-violated: 2 (left) against 4 (right)', 'invariant-violated: 3 (left) against 4 (right)']);
    assert.ok(detail.failing > 0 && detail.failing < detail.executions);
    const c = detail.counterexample;
    assert.equal(c.preemptions, 1);
    assert.equal(c.outcome, 'invariant-violated');
    assert.equal(await page.getAttribute('#explore-results', 'data-complete'), 'true');
    assert.match(await page.textContent('#explore-status'), /^Complete: every interleaving with at most 2 preemptions/);
    // The counterexample, told step by step: a read, a switch, and the lost update.
    const story = await page.locator('#explore-story li').allTextContents();
    assert.ok(story.length >= 4, story.join('\n'));
    assert.ok(story.some((l) => l.startsWith('switch; ')), story.join('\n'));
    assert.ok(story.some((l) => /update is lost/.test(l)), story.join('\n'));
    assert.match(story.at(-1), /^The run ends: the check failed: no increment is lost/);
    await page.screenshot({ path: path.join(artifacts, 'explore-race.png'), fullPage: true });
    // Open it: the simulator replays that schedule to the same failure.
    await page.click('#explore-open');
    await page.waitForFunction(() => location.hash.includes('schedule='));
    await page.click('#run');
    await page.waitForFunction(() => window.__runs.length > 0, null, { timeout: 60_000 });
    const run = await page.evaluate(() => window.__runs[0]);
    assert.equal(run.backend, 'sim');
    assert.equal(run.outcome, 'invariant-violated');
    assert.equal(run.schedule, c.schedule, 'the replay takes the counterexample\'s schedule');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});

test('a lesson\'s program edited (its lock taken away) is explored on the lesson\'s page: the lost update is found, and Open replays the edited program to it', async () => {
  const fs = await import('node:fs');
  const race = fs.readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'crates', 'engine', 'lessons', 'race.py'), 'utf8');
  const unlocked = race.replace(
    '        with self._lock:\n            temp = self._value\n            time.sleep(PAUSE)  # another thread may run here, but not in here\n            self._value = temp + 1\n',
    '        temp = self._value\n        time.sleep(PAUSE)  # another thread may run here, but not in here\n        self._value = temp + 1\n',
  );
  assert.notEqual(unlocked, race);
  const code = zlib.deflateRawSync(Buffer.from(unlocked)).toString('base64url');
  // The locked mode, which the lesson's own program proves safe (the test below).
  const { page, detail } = await explored(`#/race?code=${code}&threads=2&increments=2&mode=locked&explore=1&bound=2`);
  try {
    assert.equal(detail.scenario, 'race');
    assert.equal(detail.complete, true, JSON.stringify(detail));
    assert.ok(detail.failing > 0, JSON.stringify(detail.outcomes));
    assert.ok(Object.keys(detail.outcomes).some((o) => /^invariant-violated: [23] \(left\) against 4/.test(o)), JSON.stringify(detail.outcomes));
    assert.match(await page.textContent('#edited-note'), /your own edit/);
    const open = await page.getAttribute('#explore-open', 'href');
    assert.equal(new URLSearchParams(open.split('?')[1]).get('code'), code, 'the counterexample opens the program that was explored');
    await page.click('#explore-open');
    await page.waitForFunction(() => location.hash.includes('schedule='));
    await page.click('#run');
    await page.waitForFunction(() => window.__runs.length > 0, null, { timeout: 60_000 });
    const run = await page.evaluate(() => window.__runs[0]);
    assert.equal(run.backend, 'sim');
    assert.equal(run.outcome, 'invariant-violated', run.message);
    assert.equal(run.schedule, detail.counterexample.schedule);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});

test('Explore abstracts timing: under any timing the notes\' ServiceManager can strand a late worker (shutdown clears ready before it looked), which the clock never shows; Open replays it under any timing', async () => {
  const { page, detail } = await explored('#/event?workers=1&explore=1');
  try {
    assert.equal(detail.timing, 'any', 'any timing unless the link says otherwise');
    assert.equal(detail.complete, true, JSON.stringify(detail));
    assert.ok(Object.keys(detail.outcomes).includes('completed'), JSON.stringify(detail.outcomes));
    assert.ok(Object.keys(detail.outcomes).some((o) => o.startsWith('deadlock')), JSON.stringify(detail.outcomes));
    assert.equal(detail.counterexample.outcome, 'deadlock');
    assert.equal(await page.getAttribute('#explore-timing-said', 'data-timing'), 'any');
    assert.match(await page.textContent('#explore-timing-said'), /^Searched under any timing/);
    // The story says where a wait ended before its time.
    const story = await page.locator('#explore-story li').allTextContents();
    assert.ok(story.some((l) => /its wait ends before its time \(any timing\)/.test(l)), story.join('\n'));
    const open = await page.getAttribute('#explore-open', 'href');
    assert.equal(new URLSearchParams(open.split('?')[1]).get('timing'), 'any', open);
    await page.click('#explore-open');
    await page.waitForFunction(() => location.hash.includes('schedule='));
    await page.waitForSelector('#timing-any');
    await page.click('#run');
    await page.waitForFunction(() => window.__runs.length > 0, null, { timeout: 60_000 });
    const run = await page.evaluate(() => window.__runs[0]);
    assert.equal(run.backend, 'sim');
    assert.equal(run.outcome, 'deadlock', run.message);
    assert.equal(run.schedule, detail.counterexample.schedule);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
  // On the simulator's clock the same search finds no deadlock.
  const clock = await explored('#/event?workers=1&explore=1&timing=virtual');
  try {
    assert.equal(clock.detail.timing, 'virtual');
    assert.equal(clock.detail.complete, true);
    assert.deepEqual(Object.keys(clock.detail.outcomes).filter((o) => o.startsWith('deadlock')), []);
    assert.equal(await clock.page.$eval('#explore-timing', (s) => s.value), 'virtual');
  } finally {
    await clock.page.close();
  }
});

test('Explore on the race lesson at its default size (4 threads x 5,000) ends when the page\'s memory runs out, says so, and offers the lesson\'s small version, which it searches completely', async () => {
  // Before a search the panel says so, and links the small version.
  const before = await recording('#/race?lang=en');
  try {
    await before.waitForSelector('#explore-smaller-hint');
    assert.match(await before.textContent('#explore-smaller-hint'), /^At this size a search may run out of budget before it ends\. The lesson's small version, which a search can finish: threads = 2, increments = 2$/);
    const link = new URLSearchParams((await before.getAttribute('#explore-smaller-hint-link', 'href')).split('?')[1]);
    assert.deepEqual([link.get('threads'), link.get('increments'), link.get('explore')], ['2', '2', '1']);
  } finally {
    await before.close();
  }
  // Before: each pending schedule kept its whole history, the workers ran
  // out of memory ("RuntimeError: unreachable") and the search never ended.
  const page = await recording('#/race?explore=1');
  try {
    // While it runs, the progress says how many distinct states it has
    // (most schedules stop at one already explored: the states are the progress).
    const running = await page.waitForSelector('#explore-status[data-state="running"][data-states]:not([data-states="0"])', { timeout: 60_000 });
    const states = Number(await running.getAttribute('data-states'));
    const said = await running.textContent();
    assert.ok(states > 0, said);
    const shown = said.match(/^Exploring… ([\d,]+) distinct states \([\d,]+ a second\), [\d,]+ executions? run to the end, [\d,]+ steps?, /);
    assert.ok(shown, said);
    assert.ok(Number(shown[1].replaceAll(',', '')) >= states, `the line (${said}) was drawn after data-states ${states} was read`);
    await page.waitForFunction(() => window.__explored.length > 0, null, { timeout: 120_000 });
    const detail = await page.evaluate(() => window.__explored[0]);
    assert.ok(detail.states >= states, `the count at the end (${detail.states}) is at least what the progress said (${states})`);
    assert.equal(detail.complete, false, JSON.stringify(detail));
    assert.equal(detail.limit, 'memory');
    assert.match(await page.textContent('#explore-status'), /^Not complete: the search filled the 640 MB of memory the page gives it/);
    assert.equal(await page.textContent('#explore-smaller-link'), 'Explore a small version, which a search can finish: threads = 2, increments = 2');
    await page.click('#explore-smaller-link');
    await page.waitForFunction(() => window.__explored.length > 1, null, { timeout: 120_000 });
    const small = await page.evaluate(() => window.__explored[1]);
    assert.deepEqual([small.params.threads, small.params.increments], [2, 2]);
    assert.equal(small.complete, true, JSON.stringify(small));
    assert.equal(small.limit, null);
    assert.ok(small.failing > 0 && small.counterexample, JSON.stringify(small));
    assert.equal(await page.$('#explore-smaller-link'), null, 'a complete search offers nothing smaller');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});

test('primes can be explored: its small version (2 workers, the twenty numbers) is searched completely, every interleaving checking all twenty and finding the nine primes', async () => {
  // Before, every execution of a search computed the 16-digit numbers again
  // (tens of milliseconds each): no search of primes finished, and the
  // lesson named no small version.
  const before = await recording('#/primes?lang=en');
  try {
    await before.waitForSelector('#explore-smaller-hint');
    assert.match(await before.textContent('#explore-smaller-hint'), /The lesson's small version, which a search can finish: workers = 2$/);
  } finally {
    await before.close();
  }
  const { page, detail } = await explored('#/primes?workers=2&explore=1');
  try {
    assert.equal(detail.complete, true, JSON.stringify(detail));
    assert.equal(detail.limit, null);
    assert.equal(detail.failing, 0);
    assert.deepEqual(Object.keys(detail.outcomes), ['completed']);
    // Two workers share twenty jobs in many orders: many interleavings, each
    // one checked (the lesson's asserts: nine primes, every number once).
    assert.ok(detail.executions > 1000, JSON.stringify(detail));
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});

test('explore=1 on the locked race finds no failure and says the search was complete', async () => {
  const { page, detail } = await explored('#/race?threads=2&increments=2&mode=locked&explore=1');
  try {
    assert.equal(detail.complete, true);
    assert.equal(detail.failing, 0);
    assert.equal(detail.counterexample, null);
    assert.deepEqual(Object.keys(detail.outcomes), ['completed']);
    assert.match(await page.textContent('#explore-failing'), /No explored interleaving fails/);
  } finally {
    await page.close();
  }
});

test('Explore on three naive philosophers finds the deadlock; the ordered ones have none within the bound', async () => {
  let { page, detail } = await explored('#/deadlock?philosophers=3&strategy=naive&explore=1');
  assert.ok(detail.failing > 0);
  assert.equal(detail.counterexample.outcome, 'deadlock');
  // Its story tells each lock taken (a step that reads or writes no
  // variable says what it changed), every philosopher holding one.
  const story = await page.locator('#explore-story li').allTextContents();
  for (const [who, lock] of [['philosopher0', 'forks[0]'], ['philosopher1', 'forks[1]'], ['philosopher2', 'forks[2]']]) {
    assert.ok(story.some((l) => l.includes(`${who}, line`) && l.includes(`now ${lock}: held by ${who}`)), `${who} takes ${lock}:\n${story.join('\n')}`);
  }
  assert.ok(!story.some((l) => /`\.$/.test(l)), `no step says only its line:\n${story.join('\n')}`);
  await page.close();
  ({ page, detail } = await explored('#/deadlock?philosophers=3&strategy=ordered&explore=1'));
  assert.equal(detail.complete, true);
  assert.equal(detail.failing, 0);
  await page.close();
});

test('a program explores too: the notes\' UnsafeCounter from its text, 2 threads x 2, and its counterexample replays in the program page', async () => {
  const src = [
    'import threading',
    '',
    'class UnsafeCounter:',
    '    def __init__(self):',
    '        self.value = 0',
    '',
    '    def increment(self):',
    '        temp = self.value',
    '        temp += 1',
    '        self.value = temp',
    '',
    'counter = UnsafeCounter()',
    'threads = [threading.Thread(target=lambda: [counter.increment() for _ in range(2)]) for _ in range(2)]',
    'for t in threads:',
    '    t.start()',
    'for t in threads:',
    '    t.join()',
    'assert counter.value == 4, "no increment is lost"',
    '',
  ].join('\n');
  const code = zlib.deflateRawSync(Buffer.from(src)).toString('base64url');
  const { page, detail } = await explored(`#/program?code=${code}&explore=1&bound=3`);
  try {
    assert.equal(detail.scenario, 'program');
    assert.equal(detail.complete, true);
    assert.deepEqual(Object.keys(detail.outcomes).sort(),
      ['completed', 'invariant-violated: 2 (left) against 4 (right)', 'invariant-violated: 3 (left) against 4 (right)']);
    const c = detail.counterexample;
    assert.equal(c.preemptions, 1);
    const story = await page.locator('#explore-story li').allTextContents();
    assert.ok(story.some((l) => /`self\.value`: reads value = \d/.test(l)), story.join('\n'));
    assert.ok(story.some((l) => /writes value = \d/.test(l)), story.join('\n'));
    assert.match(story.at(-1), /^The run ends: the check failed: no increment is lost/);
    await page.click('#explore-open');
    await page.waitForFunction(() => location.hash.includes('schedule='));
    await page.waitForSelector('#run:not([disabled])');
    await page.click('#run');
    await page.waitForFunction(() => window.__runs.length > 0, null, { timeout: 60_000 });
    const run = await page.evaluate(() => window.__runs[0]);
    assert.equal(run.backend, 'sim');
    assert.equal(run.outcome, 'invariant-violated');
    assert.equal(run.schedule, c.schedule);
    await page.screenshot({ path: path.join(artifacts, 'explore-program.png'), fullPage: true });
  } finally {
    await page.close();
  }
});

/** Opens a challenge link: no Step pressed, it opens step by step, waiting for the student. */
async function challenge(hash) {
  const page = await recording(hash);
  await page.waitForSelector('[id^="step-actor-"]', { timeout: 60_000 });
  return page;
}

const schedule = chooseSteps;

test('challenge=fail-check: the student schedules the race into a lost update, the page says solved and fires challenge-solved, whose schedule replays it', async () => {
  let solvedSchedule, replayHash;
  const page = await challenge('#/race?threads=2&increments=1&backend=workers&challenge=fail-check');
  try {
    assert.match(await page.textContent('#challenge-goal'), /you are the scheduler.*check fails/);
    assert.match(await page.textContent('.notice'), /a challenge is played step by step on the simulator, so backend=workers was set aside/);
    assert.equal(await page.inputValue('#param-backend'), 'sim');
    // Main thread first (it starts both threads and waits), then t0 and t1 in turns.
    await schedule(page, (i) => (i % 2 === 0 ? [0, 1, 2] : [0, 2, 1]), () => window.__solved.length > 0);
    await page.waitForFunction(() => window.__solved.length > 0 && window.__runs.length > 0, null, { timeout: 20_000 });
    const solved = await page.evaluate(() => window.__solved);
    assert.equal(solved.length, 1, 'fired once');
    assert.equal(solved[0].scenario, 'race');
    assert.equal(solved[0].challenge, 'fail-check');
    const run = await page.evaluate(() => window.__runs[0]);
    assert.equal(run.outcome, 'invariant-violated');
    assert.equal(solved[0].schedule, run.schedule, 'the schedule of the run that failed');
    solvedSchedule = solved[0].schedule;
    replayHash = solved[0].replay;
    assert.match(replayHash, /^#\/race\?backend=sim&threads=2&increments=1&.*schedule=.*&version=\d+$/);
    assert.equal(await page.getAttribute('#challenge', 'data-state'), 'solved');
    assert.match(await page.textContent('#challenge-result'), /^Solved in \d+ steps: in this interleaving the check fails\./);
    await page.screenshot({ path: path.join(artifacts, 'challenge-solved.png'), fullPage: true });
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
  // The solved schedule, in a link, replays the failing run.
  const { page: replay, detail } = await runViaContract(app.browser.context, app.server.url, `${replayHash}&autorun=1`);
  assert.equal(detail.outcome, 'invariant-violated');
  assert.equal(detail.schedule, solvedSchedule);
  await replay.close();
});

test('challenge=fail-check missed: a safe order ends the run with the check holding, the page says so, and nothing is solved', async () => {
  const page = await challenge('#/race?threads=2&increments=1&challenge=fail-check');
  try {
    // t0 reads and writes before t1 reads: nothing is lost.
    await schedule(page, () => [1, 2, 0], () => window.__runs.length > 0);
    await page.waitForSelector('#challenge[data-state="missed"]', { timeout: 20_000 });
    assert.match(await page.textContent('#challenge-result'), /the check held: this interleaving is safe/);
    assert.equal(await page.evaluate(() => window.__solved.length), 0);
    // Another try: Reset, then step by step again.
    await page.click('#reset');
    await page.click('#step');
    await page.waitForSelector('#challenge[data-state="open"]');
  } finally {
    await page.close();
  }
});

test('challenge=deadlock: two philosophers each take their first fork, and the page says solved', async () => {
  const page = await challenge('#/deadlock?philosophers=2&strategy=naive&challenge=deadlock');
  try {
    await schedule(page, (i) => (i % 2 === 0 ? [0, 1, 2] : [0, 2, 1]), () => window.__solved.length > 0 || window.__runs.length > 0);
    await page.waitForFunction(() => window.__solved.length > 0, null, { timeout: 20_000 });
    assert.equal((await page.evaluate(() => window.__solved[0])).challenge, 'deadlock');
    assert.match(await page.textContent('#challenge-result'), /the threads deadlock/);
  } finally {
    await page.close();
  }
});

test('challenge=both-in-critical-section on a program: unguarded, two threads reach critical_section() at once', async () => {
  const src = [
    'import threading',
    'from interleave import critical_section',
    '',
    'def worker():',
    '    critical_section()',
    '',
    'threads = [threading.Thread(target=worker, name=f"w{i}") for i in range(2)]',
    'for t in threads:',
    '    t.start()',
    'for t in threads:',
    '    t.join()',
    '',
  ].join('\n');
  const code = zlib.deflateRawSync(Buffer.from(src)).toString('base64url');
  const page = await challenge(`#/program?code=${code}&challenge=both-in-critical-section`);
  try {
    assert.match(await page.textContent('#challenge-goal'), /two threads are in the critical section/);
    await schedule(page, (i) => (i % 2 === 0 ? [0, 1, 2] : [0, 2, 1]), () => window.__solved.length > 0);
    await page.waitForFunction(() => window.__solved.length > 0, null, { timeout: 20_000 });
    const solved = await page.evaluate(() => window.__solved[0]);
    assert.equal(solved.scenario, 'program');
    assert.deepEqual(solved.actors, ['w0', 'w1']);
    // Its replay link opens the same program on the simulator with that schedule.
    assert.match(solved.replay, /^#\/program\?code=[^&]+&backend=sim&/);
    const back = new URLSearchParams(solved.replay.split('?')[1]);
    assert.equal(back.get('schedule'), solved.schedule);
    assert.equal(zlib.inflateRawSync(Buffer.from(back.get('code'), 'base64url')).toString(), src);
    assert.match(await page.textContent('#challenge-result'), /w0 and w1 are in the critical section at once/);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }

  // Explore shows the answer: how many runs put both inside, and the way in,
  // which opens as the challenge, walked by Step until the page says solved.
  const { page: explorer, detail } = await explored(`#/program?code=${code}&explore=1`);
  const cs = detail.critical_section;
  try {
    assert.ok(cs && cs.executions > 0 && cs.executions < detail.executions, JSON.stringify(cs));
    assert.equal(cs.preemptions, 0);
    assert.match(await explorer.textContent('#explore-overlap'), /^In \d+ of \d+ runs two threads are in the critical section at once/);
    await explorer.click('#explore-overlap-open');
    await explorer.waitForSelector('#challenge[data-state="open"]');
    await explorer.waitForSelector('#step-actor-0');
    for (let i = 0; i < cs.steps && (await explorer.evaluate(() => window.__solved.length)) === 0; i++) {
      await explorer.click('#step');
      await explorer.waitForFunction((n) => document.querySelectorAll('#step-story li').length >= n, i + 1);
    }
    await explorer.waitForFunction(() => window.__solved.length > 0, null, { timeout: 10_000 });
    const solved = await explorer.evaluate(() => window.__solved[0]);
    assert.equal(solved.steps, cs.steps, 'the way in, step by step');
    assert.equal(solved.schedule, cs.schedule);
  } finally {
    await explorer.close();
  }
  // The way in, by "Run to end" instead of Step: the two are inside for a
  // moment within the run's many steps, and the page still says solved
  // (it judged only the run's end before, and said missed).
  const ran = await challenge(`#/program?code=${code}&backend=sim&schedule=${cs.schedule}&challenge=both-in-critical-section`);
  try {
    await ran.click('#run-to-end');
    await ran.waitForSelector('#challenge[data-state="solved"]', { timeout: 20_000 });
    const solved = await ran.evaluate(() => window.__solved[0]);
    assert.equal(solved.steps, cs.steps, 'solved at the moment both were inside, not at the end');
    assert.equal(solved.schedule, cs.schedule);
    assert.deepEqual(solved.actors, ['w0', 'w1']);
    assert.deepEqual(ran.errors, []);
  } finally {
    await ran.close();
  }
  // With the lock, no run puts both inside.
  const guarded = src.replace('def worker():\n    critical_section()', 'lock = threading.Lock()\n\ndef worker():\n    with lock:\n        critical_section()');
  assert.notEqual(guarded, src);
  const locked = await explored(`#/program?code=${zlib.deflateRawSync(Buffer.from(guarded)).toString('base64url')}&explore=1`);
  try {
    assert.equal(locked.detail.complete, true);
    assert.equal(locked.detail.critical_section, null);
  } finally {
    await locked.page.close();
  }
});

test('explore=pct samples 1,000 PCT runs of the unsafe race, says what they guarantee, and its failing run replays; the panel runs random runs too', async () => {
  const { page, detail } = await explored('#/race?threads=2&increments=2&mode=unsafe&explore=pct');
  try {
    assert.equal(detail.method, 'pct');
    assert.equal(detail.complete, false, 'sampling is never a proof');
    assert.equal(detail.executions, 1000);
    assert.ok(detail.failing > 0 && detail.failing < 1000, `${detail.failing} failing`);
    assert.match(detail.guarantee, /^These were 1000 PCT runs of depth 3, not a search: .* probability at least 1\/\(n·k\^2\)/);
    for (const k of Object.keys(detail.outcomes)) {
      assert.ok(['completed', 'invariant-violated: 2 (left) against 4 (right)', 'invariant-violated: 3 (left) against 4 (right)'].includes(k), k);
    }
    assert.match(await page.textContent('#explore-status'), /^Sampled: 1,000 PCT runs in /);
    assert.equal(await page.textContent('#explore-guarantee'), detail.guarantee);
    assert.equal(await page.inputValue('#explore-method'), 'pct');
    assert.ok(await page.isDisabled('#explore-bound'), 'no bound for sampled runs');
    await page.screenshot({ path: path.join(artifacts, 'explore-pct.png'), fullPage: true });

    // The same page, random runs from the panel.
    await page.selectOption('#explore-method', 'random');
    await page.click('#explore');
    await page.waitForFunction(() => window.__explored.length > 1, null, { timeout: 120_000 });
    const random = await page.evaluate(() => window.__explored[1]);
    assert.equal(random.method, 'random');
    assert.equal(random.executions, 1000);
    assert.match(random.guarantee, /random scheduler, not a search: every failure they show really happens, but finding none proves nothing/);

    // PCT's failing run, opened, replays to the same failure.
    const c = detail.counterexample;
    const { page: replay, detail: run } = await runViaContract(app.browser.context, app.server.url,
      `#/race?backend=sim&threads=2&increments=2&mode=unsafe&schedule=${encodeURIComponent(c.schedule)}&version=2&autorun=1`);
    assert.equal(run.outcome, 'invariant-violated');
    assert.equal(run.schedule, c.schedule);
    await replay.close();
  } finally {
    await page.close();
  }
});

test('two polite threads that keep stepping aside are found to livelock: the page says which threads dance and in how many steps, in English and in Chinese', async () => {
  const src = [
    'import threading',
    'a = False',
    'b = False',
    'def left():',
    '    global a',
    '    while True:',
    '        a = True',
    '        if not b:',
    '            break',
    '        a = False',
    '    a = False',
    'def right():',
    '    global b',
    '    while True:',
    '        b = True',
    '        if not a:',
    '            break',
    '        b = False',
    '    b = False',
    'def main():',
    '    ts = [threading.Thread(target=left), threading.Thread(target=right)]',
    '    for t in ts:',
    '        t.start()',
    '    for t in ts:',
    '        t.join()',
    'main()',
    '',
  ].join('\n');
  const code = zlib.deflateRawSync(Buffer.from(src)).toString('base64url');
  for (const lang of ['en', 'zh']) {
    const { page, detail } = await explored(`#/program?code=${code}&explore=1&bound=3&lang=${lang}`);
    try {
      assert.equal(detail.complete, true);
      assert.deepEqual(Object.keys(detail.outcomes).sort(), ['completed', 'livelock']);
      const l = detail.livelock;
      assert.ok(l && l.executions === detail.outcomes.livelock, JSON.stringify(l));
      assert.deepEqual(l.actors, ['Thread-1', 'Thread-2']);
      assert.ok(l.cycle > 0 && l.cycle < l.steps, JSON.stringify(l));
      assert.match(l.message, /^Thread-1 and Thread-2 can go on forever without getting anywhere/, 'the contract\'s message stays English');
      const said = await page.textContent('#explore-livelock');
      if (lang === 'en') assert.match(said, /runs can go on forever \(a livelock\)\. .*Thread-1 and Thread-2 can go on forever/);
      else assert.match(said, /可能永远进行下去（活锁）.*Thread-1 和 Thread-2 可能永远进行下去而毫无进展/);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.close();
    }
  }
});

test('a greedy thread that keeps retaking a lock starves a needy one: the page says who starves, in English and in Chinese, and the loop opens step by step', async () => {
  const src = [
    'import threading',
    'lock = threading.Lock()',
    'done = False',
    'def greedy():',
    '    while not done:',
    '        with lock:',
    '            pass',
    'def needy():',
    '    global done',
    '    with lock:',
    '        done = True',
    'ts = [threading.Thread(target=greedy, name="greedy"), threading.Thread(target=needy, name="needy")]',
    'for t in ts:',
    '    t.start()',
    'for t in ts:',
    '    t.join()',
    '',
  ].join('\n');
  const code = zlib.deflateRawSync(Buffer.from(src)).toString('base64url');
  for (const lang of ['en', 'zh']) {
    const { page, detail } = await explored(`#/program?code=${code}&explore=1&lang=${lang}`);
    try {
      assert.equal(detail.complete, true);
      assert.deepEqual(Object.keys(detail.outcomes).sort(), ['completed', 'starvation']);
      assert.equal(detail.livelock, null);
      const s = detail.starvation;
      assert.ok(s && s.executions === detail.outcomes.starvation, JSON.stringify(s));
      assert.deepEqual(s.starved, ['needy']);
      assert.deepEqual(s.actors, ['greedy']);
      assert.match(s.message, /^needy can starve: after step \d+/, 'the contract\'s message stays English');
      const said = await page.textContent('#explore-starvation');
      if (lang === 'en') assert.match(said, /a thread starves: .*needy can starve/);
      else assert.match(said, /某个线程会饿死.*needy 可能饿死/);
      const open = await page.getAttribute('#explore-starvation-open', 'href');
      assert.equal(new URLSearchParams(open.split('?')[1]).get('schedule'), s.schedule);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.close();
    }
  }
});
