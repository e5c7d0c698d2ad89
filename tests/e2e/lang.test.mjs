// Chinese and English (issue #15, item 1): `lang=zh|en` fixes the page's
// language, the browser's `navigator.languages` chooses it otherwise, and the
// header's switch changes it in place, writing `lang=` into the link. The
// contract's words stay the same in both. No page shows the catalogue's
// missing-text marker. Screenshots in both languages go to tests/artifacts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import zlib from 'node:zlib';
import { artifacts, poolState } from './harness.mjs';
import { isolatedApp } from './fixture.mjs';

const app = isolatedApp();
const MISSING = '⟦missing text⟧';
const HAN = /[\u4e00-\u9fff]/;

async function open(hash, { languages, width = 1280, height = 900 } = {}) {
  const page = await app.browser.context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await page.setViewportSize({ width, height });
  await page.addInitScript((languages) => {
    if (languages) {
      Object.defineProperty(navigator, 'languages', { get: () => languages });
      Object.defineProperty(navigator, 'language', { get: () => languages[0] });
    }
    window.__runs = [];
    window.addEventListener('interleave:run-finished', (e) => window.__runs.push(e.detail));
    window.__explored = [];
    window.addEventListener('interleave:explore-finished', (e) => window.__explored.push(e.detail));
  }, languages);
  await page.goto(`${app.server.url}/${hash}`);
  return page;
}

const text = (page, sel) => page.$eval(sel, (e) => e.textContent.trim());
const bodyText = (page) => page.evaluate(() => document.body.innerText);

test('lang=zh: the gallery speaks Chinese, with the notes\' terms, and says so to the document', async () => {
  const page = await open('#/?lang=zh');
  await page.waitForSelector('#gallery-title');
  assert.equal(await text(page, '#gallery-title'), '课程');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.equal(await text(page, '#open-race h3'), '计数器上的竞态条件');
  assert.equal(await text(page, '#open-deadlock h3'), '死锁');
  assert.match(await text(page, '#group-0'), /线程、进程与协程/);
  assert.match(await text(page, '#gallery-intro'), HAN);
  assert.equal(await page.$eval('#lang', (s) => s.value), 'zh');
  const all = await bodyText(page);
  assert.ok(!all.includes(MISSING), 'no missing text');
  await page.screenshot({ path: path.join(artifacts, 'zh-gallery-1280.png'), fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('without lang=, the browser\'s languages choose: zh-CN gives Chinese, en-US and fr give English', async () => {
  for (const [languages, title, lang] of [[['zh-CN', 'en-US'], '课程', 'zh-CN'], [['en-US', 'zh-CN'], 'Lessons', 'en'], [['fr-FR', 'de'], 'Lessons', 'en']]) {
    const page = await open('#/', { languages });
    await page.waitForSelector('#gallery-title');
    assert.equal(await text(page, '#gallery-title'), title, languages.join(','));
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
    await page.close();
  }
  // The link wins over the browser.
  const page = await open('#/?lang=en', { languages: ['zh-CN'] });
  await page.waitForSelector('#gallery-title');
  assert.equal(await text(page, '#gallery-title'), 'Lessons');
  await page.close();
});

test('a wrong lang= is said in a sentence, and the page goes on in the browser\'s language', async () => {
  const page = await open('#/race?lang=fr', { languages: ['en-US'] });
  await page.waitForSelector('#link-problems');
  assert.match(await text(page, '#link-problems'), /lang must be one of en, zh; got "fr"/);
  assert.equal(await text(page, '#run'), 'Run');
  await page.close();
});

test('in Chinese, what a link could not use is said in Chinese too, and the defaults run', async () => {
  const page = await open('#/race?lang=zh&threads=100&views=nope');
  await page.waitForSelector('#link-problems');
  const said = await text(page, '#link-problems');
  assert.match(said, /threads 必须在 1 到 16 之间；收到的是 100/);
  assert.match(said, /没有名为“nope”的视图/);
  assert.match(said, /已改用默认值/);
  assert.equal(await page.$eval('#param-threads', (e) => e.value), '4');
  // A switch says them again in the other language, the same problems.
  await page.selectOption('#lang', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const again = await text(page, '#link-problems');
  assert.ok(!HAN.test(again), again);
  assert.match(again, /threads must be between 1 and 16; got 100/);
  assert.match(again, /nope/);
  assert.equal(await page.$$eval('#link-problems li', (l) => l.length), 2);
  assert.deepEqual(page.errors, []);
  await page.close();

  // A schedule that cannot be read: why, in Chinese too (it was English inside the Chinese frame).
  const cut = await open('#/race?lang=zh&backend=sim&threads=2&increments=2&seed=3&schedule=zz&autorun=1');
  await cut.waitForSelector('#link-problems');
  const cutSaid = await text(cut, '#link-problems');
  assert.match(cutSaid, /链接中的调度无效（调度没有校验和（是不是被截断了？））；本次运行改用种子 3/, cutSaid);
  await cut.close();

  // A program's link whose code= cannot be read: why, in the language of the moment.
  const program = await open('#/program?lang=zh&code=@@@');
  await program.waitForSelector('#program-link-error');
  assert.match(await text(program, '#program-link-error'), HAN);
  await program.selectOption('#lang', 'en');
  await program.waitForFunction(() => document.documentElement.lang === 'en');
  const why = await text(program, '#program-link-error');
  assert.ok(!HAN.test(why), why);
  assert.match(why, /not base64url/);
  await program.close();
});

test('the switch changes the language in place, writes lang= into the link, and keeps it for the next lesson', async () => {
  const page = await open('#/race?threads=2&increments=50&backend=sim', { languages: ['en-US'] });
  await poolState(page);
  assert.equal(await text(page, '#run'), 'Run');
  await page.selectOption('#lang', 'zh');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.match(await page.evaluate(() => location.hash), /^#\/race\?threads=2&increments=50&backend=sim&lang=zh$/);
  assert.match(await text(page, '#run'), HAN);
  assert.match(await text(page, '#scenario-title'), /竞态条件/);
  // The run still reports in the contract's words.
  await page.click('#run');
  await page.waitForFunction(() => window.__runs.length > 0);
  const run = await page.evaluate(() => window.__runs[0]);
  assert.equal(run.scenario, 'race');
  assert.ok(['completed', 'invariant-violated'].includes(run.outcome), run.outcome);
  assert.ok(!(await bodyText(page)).includes(MISSING), 'no missing text after a run');
  // Another lesson opened from the page keeps the choice, and its links carry it.
  await page.evaluate(() => { location.hash = '#/deadlock?backend=sim'; });
  await page.waitForFunction(() => document.querySelector('#scenario-title')?.textContent.includes('死锁'));
  assert.match(await page.$eval('#share-link', (e) => e.value), /lang=zh/);
  // And back to English.
  await page.selectOption('#lang', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await text(page, '#run'), 'Run');
  assert.match(await page.evaluate(() => location.hash), /lang=en$/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('in Chinese every lesson runs, explores and shows no missing text; screenshots at 1280, 375 and on a projector', async () => {
  const page = await open('#/race?threads=2&increments=2&backend=sim&lang=zh&autorun=1');
  await page.waitForFunction(() => window.__runs.length > 0, null, { timeout: 60_000 });
  assert.match(await text(page, '#run-status'), HAN);
  // The lesson's own words too: its check (its assert's message), the labels
  // of what it reports, and a long value in the shared data.
  // How it ended, in a word of the page's language (the contract's word in data-outcome).
  assert.equal(await text(page, '#outcome'), { completed: '完成', 'invariant-violated': '检查未通过' }[await page.getAttribute('#outcome', 'data-outcome')]);
  const check = await text(page, '#check');
  assert.match(check, /没有任何一次递增丢失/, check);
  assert.ok(!check.includes('no increment is lost'), check);
  const measured = await text(page, '#results');
  assert.match(measured, /期望总数/, measured);
  assert.match(measured, /丢失的更新/, measured);
  await page.screenshot({ path: path.join(artifacts, 'zh-race-1280.png'), fullPage: true });
  await page.click('#explore');
  await page.waitForFunction(() => window.__explored.length > 0, null, { timeout: 120_000 });
  const ex = await page.evaluate(() => window.__explored[0]);
  assert.equal(ex.complete, true);
  assert.ok(ex.failing > 0, 'the lost update is found, whatever the language');
  assert.ok(!(await bodyText(page)).includes(MISSING), 'no missing text in the explore panel');
  const outcomes = await text(page, '.explore-outcomes');
  assert.match(outcomes, /检查未通过：左边是 \d，右边是 4/, outcomes);
  assert.match(outcomes, /完成/, outcomes);
  assert.ok(!outcomes.includes('(left)') && !outcomes.includes('completed'), outcomes);
  await page.screenshot({ path: path.join(artifacts, 'zh-race-explored-1280.png'), fullPage: true });
  await page.close();

  for (const id of ['spinner', 'bounded-buffer', 'deadlock', 'barrier', 'primes', 'connection-pool', 'rate-limiter', 'event', 'worker-pool', 'gather', 'timeout', 'async-spinner', 'processes']) {
    const p = await open(`#/${id}?backend=sim&lang=zh&autorun=1`);
    await p.waitForFunction(() => window.__runs.length > 0, null, { timeout: 120_000 });
    const all = await bodyText(p);
    assert.ok(!all.includes(MISSING), `${id}: no missing text`);
    assert.match(await text(p, '#scenario-title'), HAN, id);
    // The event log says its objects' states and its own words in Chinese
    // ("被 task1 持有", "（虚拟时间）"), not "held by task1", "(virtual)".
    const log = await text(p, '#event-log');
    assert.match(log, /（虚拟时间）/, `${id}: ${log.slice(0, 300)}`);
    const english = /held by|permits left|\d+ waiting|arrived \(round|\d+ of \d+ (items|tokens)|\(virtual\)|\(line \d+\)|: (free|set|clear)\b/.exec(log);
    assert.equal(english?.[0], undefined, `${id}: English in the Chinese event log: ${log.slice(0, 600)}`);
    assert.deepEqual(p.errors, [], id);
    await p.close();
  }

  const phone = await open('#/deadlock?backend=sim&lang=zh&autorun=1', { width: 375, height: 800 });
  await phone.waitForFunction(() => window.__runs.length > 0, null, { timeout: 60_000 });
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `nothing scrolls sideways at 375 px in Chinese (overflow ${overflow} px)`);
  await phone.screenshot({ path: path.join(artifacts, 'zh-deadlock-375.png'), fullPage: true });
  await phone.close();

  const projector = await open('#/deadlock?backend=sim&present=1&lang=zh&autorun=1', { width: 1024, height: 768 });
  await projector.waitForFunction(() => window.__runs.length > 0, null, { timeout: 60_000 });
  await projector.screenshot({ path: path.join(artifacts, 'zh-deadlock-projector.png') });
  await projector.close();

  const program = await open('#/program?lang=zh');
  await program.waitForSelector('#run');
  assert.ok(!(await bodyText(program)).includes(MISSING), 'program page: no missing text');
  await program.screenshot({ path: path.join(artifacts, 'zh-program-1280.png'), fullPage: true });
  await program.close();
});

test('in Chinese, a program\'s own errors are said in Chinese: where it fails to compile, an exception a thread raised, an assert that failed; the report keeps its English', async () => {
  const code = (src) => zlib.deflateRawSync(Buffer.from(src, 'utf8')).toString('base64url');
  const bad = await open(`#/program?lang=zh&code=${code('x = (1,\n')}`);
  await bad.waitForSelector('#program-error.warn');
  const said = await text(bad, '#program-error');
  assert.match(said, /^第 \d+ 行，第 \d+ 列：/, said);
  assert.ok(HAN.test(said.replace(/^第 \d+ 行，第 \d+ 列：/, '')), `the error itself is in Chinese: ${said}`);
  await bad.close();

  const raises = await open(`#/program?lang=zh&backend=sim&autorun=1&code=${code('x = 1 // 0\n')}`);
  await raises.waitForFunction(() => window.__runs.length > 0, null, { timeout: 60_000 });
  const d = await raises.evaluate(() => window.__runs.at(-1));
  assert.equal(d.outcome, 'failed');
  assert.match(d.message, / raised ZeroDivisionError/, 'the report (the contract) keeps its English');
  const outcome = await text(raises, '#program-outcome');
  assert.match(outcome, /抛出了 ZeroDivisionError/, outcome);
  assert.match(outcome, /（第 1 行）/, outcome);
  await raises.close();

  const fails = await open(`#/program?lang=zh&backend=sim&autorun=1&code=${code('x = 2\nassert x == 3\n')}`);
  await fails.waitForFunction(() => window.__runs.length > 0, null, { timeout: 60_000 });
  const outcome2 = await text(fails, '#program-outcome');
  assert.match(outcome2, /第 2 行的 assert/, outcome2);
  assert.ok(!outcome2.includes('the assert'), outcome2);
  assert.deepEqual([...bad.errors, ...raises.errors, ...fails.errors], []);
  await fails.close();
});
