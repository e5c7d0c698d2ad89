// For everyone (issue #5): every control works from the keyboard with a
// visible focus ring and a name; the page fits 375 px; the dark theme follows
// the system; a projector (1024 x 768, or the page zoomed to 200%) loses
// nothing. Screenshots of each go to tests/artifacts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { poolState, artifacts } from './harness.mjs';
import { isolatedApp } from './fixture.mjs';

const app = isolatedApp();

async function open(hash, { width = 1100, height = 900, scale = 1, scheme = 'light' } = {}) {
  const page = await app.browser.context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.setViewportSize({ width, height });
  await page.emulateMedia({ colorScheme: scheme });
  if (scale !== 1) {
    // Zoom: the page's CSS pixels shrink as a projector user zooms in.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: Math.round(width / scale), height: Math.round(height / scale), deviceScaleFactor: scale, mobile: false });
  }
  await page.addInitScript(() => {
    window.__runs = [];
    window.addEventListener('interleave:run-finished', (e) => window.__runs.push(e.detail));
  });
  await page.goto(`${app.server.url}/${hash}`);
  return page;
}

/** Every focusable control that has no name a screen reader could read. */
const unnamed = (page) => page.evaluate(() => {
  const out = [];
  for (const el of document.querySelectorAll('button, select, input, textarea, a[href], [tabindex]')) {
    if (el.closest('[hidden]') || el.getAttribute('tabindex') === '-1') continue;
    const name = el.getAttribute('aria-label') || (el.labels && [...el.labels].map((l) => l.textContent).join(' ')) || el.textContent || el.title;
    if (!name || !name.trim()) out.push(el.outerHTML.slice(0, 80));
  }
  return out;
});

/** Horizontal overflow of the document, in CSS pixels (0: it fits). */
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** WCAG contrast ratio of an element's text against the page background. */
const contrast = (page, selector) => page.evaluate((selector) => {
  const rgb = (s) => s.match(/[\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const fg = lum(rgb(getComputedStyle(document.querySelector(selector)).color));
  const bg = lum(rgb(getComputedStyle(document.body).backgroundColor));
  return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
}, selector);

test('keyboard only: Tab reaches every control with a visible focus ring, and Enter runs the scenario', async () => {
  const page = await open('#/deadlock?backend=sim&strategy=ordered&compare=eventloop');
  await poolState(page);
  assert.deepEqual(await unnamed(page), [], 'every control has a name');
  const seen = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      return { id: el.id || el.tagName, outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    if (!f) continue;
    seen.push(f.id);
    assert.ok(f.outline !== 'none' && f.width >= 2, `${f.id} shows its focus (${f.outline} ${f.width}px)`);
    if (f.id === 'copy-link') break;
  }
  for (const id of ['param-backend', 'param-philosophers', 'param-strategy', 'run', 'timescale', 'compare', 'step', 'log-actor', 'log-object', 'share-link', 'copy-link']) {
    assert.ok(seen.includes(id), `Tab reaches #${id}: ${seen.join(', ')}`);
  }
  await page.focus('#run');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__runs.length >= 2, null, { timeout: 60_000 });
  const runs = await page.evaluate(() => window.__runs);
  assert.deepEqual(runs.map((r) => [r.backend, r.outcome]), [['sim', 'completed'], ['eventloop', 'completed']]);
  // Step by step from the keyboard: Space on the stepper, then a chosen actor.
  await page.selectOption('#compare', '');
  await page.focus('#step');
  await page.keyboard.press('Space');
  await page.waitForSelector('#step-actor-0');
  await page.focus('#step-actor-0');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#event-log ol li').length > 0);
  // Screen readers: every canvas is an image with a description, the log is a log, the status a status.
  const canvases = await page.$$eval('canvas', (cs) => cs.map((c) => [c.id, c.getAttribute('role'), c.getAttribute('aria-label') ?? '']));
  for (const [id, role, label] of canvases) assert.ok(role === 'img' && label.length > 20, `#${id}: role ${role}, "${label}"`);
  assert.equal(await page.getAttribute('#event-log ol', 'role'), 'log');
  assert.equal(await page.getAttribute('#run-status', 'role'), 'status');
  await page.screenshot({ path: path.join(artifacts, 'access-keyboard.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('375 px wide: the gallery and a scenario page after a run fit without sideways scrolling', async () => {
  const page = await open('#/', { width: 375, height: 800 });
  await page.waitForSelector('.gallery, #gallery, main a[href^="#/"]');
  assert.equal(await overflow(page), 0, 'gallery fits');
  await page.screenshot({ path: path.join(artifacts, 'access-375-gallery.png'), fullPage: true });
  await page.goto(`${app.server.url}/#/bounded-buffer?backend=sim&compare=eventloop&autorun=1`);
  await page.waitForFunction(() => window.__runs.length >= 2, null, { timeout: 60_000 });
  await page.waitForTimeout(300);
  assert.equal(await overflow(page), 0, 'scenario page fits');
  // The canvases are drawn for their displayed size, so their text stays readable.
  const widths = await page.$$eval('.view canvas', (cs) => cs.map((c) => [c.id, c.width, c.getBoundingClientRect().width]));
  for (const [id, w, shown] of widths) assert.ok(w >= shown * 0.95, `#${id}: ${w} px drawn for ${shown.toFixed(0)} px shown`);
  await page.screenshot({ path: path.join(artifacts, 'access-375-scenario.png'), fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the dark theme follows the system, with readable text and canvases drawn in the theme', async () => {
  const light = await open('#/race?backend=sim&autorun=1');
  const dark = await open('#/race?backend=sim&autorun=1', { scheme: 'dark' });
  for (const p of [light, dark]) await p.waitForFunction(() => window.__runs.length >= 1, null, { timeout: 60_000 });
  const bg = (p) => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(await bg(light), await bg(dark));
  const darkBg = (await bg(dark)).match(/\d+/g).slice(0, 3).map(Number);
  assert.ok(Math.max(...darkBg) < 60, `dark background: ${darkBg}`);
  for (const [name, p] of [['light', light], ['dark', dark]]) {
    for (const sel of ['h1', '.lesson', '#run-status']) {
      const c = await contrast(p, sel);
      assert.ok(c >= 7, `${name}: ${sel} contrast ${c.toFixed(1)} (AAA is 7)`);
    }
  }
  // Canvas text uses the theme's ink: the timeline's names are light on dark.
  const ink = await dark.evaluate(() => getComputedStyle(document.getElementById('timeline')).color);
  const v = ink.match(/\d+/g).slice(0, 3).map(Number);
  assert.ok(Math.min(...v) > 180, `dark ink ${ink}`);
  await dark.screenshot({ path: path.join(artifacts, 'access-dark.png'), fullPage: true });
  await light.close();
  await dark.close();
});

test('a projector: 1024 x 768 zoomed to 200% still fits, and every control is still reachable', async () => {
  const page = await open('#/primes?backend=eventloop&workers=2', { width: 1024, height: 768, scale: 2 });
  await page.waitForSelector('#run');
  assert.equal(await page.evaluate(() => window.innerWidth), 512);
  assert.equal(await overflow(page), 0, 'no sideways scrolling at 200%');
  const base = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  assert.ok(base >= 16, `body text ${base}px`);
  await page.screenshot({ path: path.join(artifacts, 'access-projector-200.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('projector mode (present=1, and its button): at 1024 x 768 the charts draw their smallest label at 20 px or more, lines thick, nothing scrolls sideways', async () => {
  // The views are named: without views= the projector shows only the lesson's own (the next test).
  const page = await open('#/deadlock?backend=sim&present=1&views=frames,timeline,resources,graph,code&autorun=1', { width: 1024, height: 768 });
  await page.waitForFunction(() => window.__runs.length > 0, null, { timeout: 60_000 });
  assert.equal(await page.$eval('main', (m) => m.classList.contains('present')), true);
  assert.equal(await page.textContent('#present-toggle'), 'Leave projector mode');
  for (const id of ['timeline', 'resources']) {
    const canvas = await page.$(`canvas#${id}`) ? `canvas#${id}` : `#${id} canvas`;
    const zoom = Number(await page.$eval(canvas, (c) => c.dataset.zoom));
    assert.ok(zoom * 11 >= 20, `${id}: the smallest label is ${zoom * 11} px`);
    // The canvas is drawn at that size: its CSS height is zoom times its logical height.
    const { css, bitmap } = await page.$eval(canvas, (c) => ({ css: c.getBoundingClientRect().height, bitmap: c.height / devicePixelRatio }));
    assert.ok(Math.abs(css - bitmap) <= 1, `${id}: drawn for the size it is shown (${css} vs ${bitmap})`);
  }
  // The frame-gap chart is a fixed bitmap shown at the page's width: its labels are zoom times
  // 11 px in the bitmap, times the bitmap's scale on screen.
  const gap = await page.$eval('#gap-chart', (c) => Number(c.dataset.zoom) * 11 * c.getBoundingClientRect().width / c.width);
  assert.ok(gap >= 20, `frame-gap labels ${gap} px`);
  const body = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main')).fontSize));
  assert.ok(body >= 22, `body type ${body} px`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1), 'no sideways scrolling');
  assert.equal(await page.locator('.share').count() === 0 || !(await page.locator('.share').first().isVisible()), true, 'no share panel on the projector');
  await page.screenshot({ path: path.join(artifacts, 'projector-present-all-views.png'), fullPage: false });
  // The button leaves it: the lesson reopens without present=1.
  await page.click('#present-toggle');
  await page.waitForFunction(() => !location.hash.includes('present=1') && !document.querySelector('main').classList.contains('present'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('projector mode without views= shows only the views that tell the lesson, and leaves the link as it was', async () => {
  for (const [id, want, not] of [['deadlock', ['#graph-view', '#code-view'], ['#timeline-view', '#resources-view', '#gap-chart']],
    ['race', ['#resources-view', '#code-view'], ['#timeline-view', '#graph-view']],
    ['spinner', ['#spinner-canvas', '#gap-chart', '#code-view'], ['#graph-view', '#timeline-view']]]) {
    const page = await open(`#/${id}?backend=sim&present=1&autorun=1`, { width: 1024, height: 768 });
    await page.waitForFunction(() => window.__runs.length > 0, null, { timeout: 60_000 });
    for (const sel of want) assert.ok(await page.$(sel), `${id}: ${sel} is shown`);
    for (const sel of not) assert.equal(await page.$(sel), null, `${id}: ${sel} is not`);
    assert.ok(!(await page.evaluate(() => location.hash)).includes('views='), 'the link says only what someone chose');
    if (id === 'deadlock') await page.screenshot({ path: path.join(artifacts, 'projector-present.png'), fullPage: false });
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});
