// `make dist`: the static site for any host. Served from a sub-path by a plain
// server that sends no special headers (the GitHub Pages case), the page must
// become cross-origin isolated through its service worker (after one reload),
// run the lesson on Web Workers, and still work after the server is gone.
// Run it with `make dist && node --test tests/e2e/dist.test.mjs`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { launch, runViaContract, poolState, serveDir, headersFileRules, root, dist as testBuild, artifacts } from './harness.mjs';

const site = path.join(root, 'dist');
const PREFIX = '/some/path/';
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Document-Isolation-Policy': 'isolate-and-require-corp',
};
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** Polls `fn` in the page until it returns true; survives the page reloading meanwhile. */
async function until(page, fn, what, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try { if (await page.evaluate(fn)) return; } catch { /* the page is navigating */ }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Fails with the list of the browsers' errors if the page reported any. */
const noErrors = (page) => assert.deepEqual(page.errors, [], 'page errors');

/** Counts the main frame's loads (a reload counts). */
function countLoads(page) {
  const loads = [];
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) loads.push(frame.url()); });
  return loads;
}

// `make test` builds target/site but not dist/: make dist/ from that build when
// it is missing or older (scripts/dist takes a second), so this tests the build.
before(() => {
  const built = fs.statSync(path.join(testBuild, 'index.html')).mtimeMs;
  const made = fs.existsSync(path.join(site, 'sw.js')) ? fs.statSync(path.join(site, 'sw.js')).mtimeMs : 0;
  if (made < built) execFileSync(path.join(root, 'scripts', 'dist'), { stdio: ['ignore', 'pipe', 'inherit'] });
});

test('dist/ has relative URLs only, a _headers file, and a service worker that precaches every file', () => {
  const html = fs.readFileSync(path.join(site, 'index.html'), 'utf8');
  // Every quoted string starting with "/" (bar the "/>" of a void tag) would be a root-absolute URL.
  assert.deepEqual(html.match(/["']\/(?!>)[^"']*["']?/g) ?? [], [], 'no absolute URL in dist/index.html');
  assert.doesNotMatch(html, /\b(?:https?:)?\/\/[\w.-]/, 'no URL with a host');
  const urls = [...html.matchAll(/\b(?:href|src)="([^"]+)"|(?:from|module_or_path:)\s*'([^']+)'/g)].map((m) => m[1] ?? m[2]);
  assert.ok(urls.length >= 6, `found the build's URLs: ${urls}`);
  for (const u of urls) {
    assert.match(u, /^\.\/[\w./-]+$/, `relative URL: ${u}`);
    assert.ok(fs.existsSync(path.join(site, u)), `${u} exists in dist/`);
  }
  assert.ok(urls.includes('./sw-register.js'), 'dist/index.html registers the service worker');
  assert.match(html, /<script type="module">\nawait window.__interleaveSwGate;\nimport init/);
  assert.doesNotMatch(fs.readFileSync(path.join(testBuild, 'index.html'), 'utf8'), /sw-register|serviceWorker/,
    'the test build (target/site) has no service worker');

  const headers = fs.readFileSync(path.join(site, '_headers'), 'utf8');
  assert.deepEqual(headersFileRules(headers, '/*'), ISOLATION);
  assert.ok(fs.existsSync(path.join(site, '.nojekyll')));

  const sw = fs.readFileSync(path.join(site, 'sw.js'), 'utf8');
  const manifest = JSON.parse(sw.match(/^const PRECACHE = (\{.*\});/m)[1]);
  assert.match(manifest.version, /^[0-9a-f]{16}$/);
  const files = fs.readdirSync(site, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(site, path.join(e.parentPath, e.name)))
    .filter((f) => !['sw.js', '_headers', '.nojekyll'].includes(f))
    .sort();
  assert.deepEqual([...manifest.files].sort(), files, 'the precache manifest lists every file of dist/');
});

test('from a sub-path of a host without headers: isolated after one reload, threads answer 42, and it works offline', async () => {
  const server = await serveDir(site, { prefix: PREFIX });
  const browser = await launch();
  let closed = false;
  try {
    const page = await browser.context.newPage();
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(String(e)));
    const loads = countLoads(page);
    await page.goto(`${server.url}/`);
    await until(page, () => self.crossOriginIsolated && navigator.serviceWorker.controller !== null, 'isolation');
    const pool = await poolState(page);
    assert.equal(pool.state, 'ready', pool.text);
    assert.equal(loads.length, 2, `one load and one reload: ${loads}`);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('interleave:sw-reload')), null, 'the reload flag is cleared');
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope);
    assert.equal(scope, `${server.url}/`);
    await page.waitForSelector('#open-spinner');
    await page.screenshot({ path: path.join(artifacts, 'dist-isolated.png'), fullPage: true });
    noErrors(page);
    await page.close();

    // The automation contract, threads, from the sub-path.
    const workers = await runViaContract(browser.context, server.url, '#/spinner?backend=workers&slow=work&autorun=1');
    assert.equal(workers.detail.outcome, 'completed', workers.detail.message ?? '');
    assert.equal(workers.detail.backend, 'workers');
    assert.equal(workers.detail.result, 42);
    assert.equal(await workers.page.evaluate(() => self.crossOriginIsolated), true);
    noErrors(workers.page);

    // Everything is in one versioned cache.
    const cached = await workers.page.evaluate(async () => {
      const names = await caches.keys();
      const cache = await caches.open(names[0]);
      return { names, urls: (await cache.keys()).map((r) => r.url) };
    });
    const sw = fs.readFileSync(path.join(site, 'sw.js'), 'utf8');
    const manifest = JSON.parse(sw.match(/^const PRECACHE = (\{.*\});/m)[1]);
    assert.deepEqual(cached.names, [`interleave:${server.url}/:${manifest.version}`]);
    assert.deepEqual(cached.urls.sort(), manifest.files.map((f) => `${server.url}/${f}`).sort());
    await workers.page.close();

    // The server goes away; the playground does not.
    await server.close();
    closed = true;
    const offline = await runViaContract(browser.context, server.url, '#/spinner?backend=eventloop&slow=sleep&autorun=1');
    assert.equal(offline.detail.outcome, 'completed', offline.detail.message ?? '');
    assert.equal(offline.detail.result, 42);
    assert.equal(await offline.page.evaluate(() => self.crossOriginIsolated), true, 'still isolated offline');
    noErrors(offline.page);
    // A reload, offline, runs the lesson again.
    const loadsOffline = countLoads(offline.page);
    await offline.page.reload();
    await offline.page.waitForFunction(() => window.__runs.length > 0, null, { timeout: 60_000 });
    const again = await offline.page.evaluate(() => window.__runs[0]);
    assert.equal(loadsOffline.length, 1);
    assert.equal(again.outcome, 'completed', again.message ?? '');
    assert.equal(again.result, 42);
    noErrors(offline.page);
    await offline.page.close();
    // And the threads: the pool's workers load the app's JS from the cache too.
    const threads = await runViaContract(browser.context, server.url, '#/spinner?backend=workers&slow=work&autorun=1');
    assert.equal(threads.detail.outcome, 'completed', threads.detail.message ?? '');
    assert.equal(threads.detail.result, 42);
    noErrors(threads.page);
    await threads.page.close();
  } finally {
    await browser.close();
    if (!closed) await server.close();
  }
});

test('a first visit through an autorun link runs once, after the reload, on threads', async () => {
  const server = await serveDir(site, { prefix: PREFIX });
  const browser = await launch();
  try {
    const { page, detail } = await runViaContract(browser.context, server.url, '#/spinner?backend=workers&slow=work&autorun=1');
    assert.equal(detail.outcome, 'completed', detail.message ?? '');
    assert.equal(detail.result, 42);
    assert.deepEqual(await page.evaluate(() => window.__runs.length), 1, 'no run before the reload');
    noErrors(page);
    await page.close();
  } finally {
    await browser.close();
    await server.close();
  }
});

test('framed by a same-origin course page that is not isolated: isolated by Document-Isolation-Policy, threads answer 42', async () => {
  const course = `<!doctype html><title>course</title><script>
    window.messages = [];
    addEventListener('message', (e) => { if (e.data?.type === 'interleave:run-finished') messages.push(e.data); });
  </script><iframe id="playground" width="900" height="700"
    src="${PREFIX}#/spinner?backend=workers&amp;slow=work&amp;autorun=1"></iframe>`;
  const server = await serveDir(site, { prefix: PREFIX, pages: { '/course.html': course } });
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(String(e)));
    await page.goto(`${server.origin}/course.html`);
    await page.waitForFunction(() => window.messages.length > 0, null, { timeout: 60_000 });
    const messages = await page.evaluate(() => window.messages);
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), false, 'the course page is not isolated');
    assert.equal(messages.length, 1, JSON.stringify(messages));
    assert.equal(messages[0].backend, 'workers');
    assert.equal(messages[0].outcome, 'completed', messages[0].message ?? '');
    assert.equal(messages[0].result, 42);
    const frame = page.frames().find((f) => f.url().includes(PREFIX));
    assert.equal(await frame.evaluate(() => self.crossOriginIsolated), true, 'the framed playground is isolated');
    noErrors(page);
    await page.close();
  } finally {
    await browser.close();
    await server.close();
  }
});

test('on a host that sends the _headers: isolated at once, no reload, threads answer 42', async () => {
  const headers = headersFileRules(fs.readFileSync(path.join(site, '_headers'), 'utf8'), '/*');
  const server = await serveDir(site, { prefix: PREFIX, headers });
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    const loads = countLoads(page);
    await page.goto(`${server.url}/`);
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
    assert.equal((await poolState(page)).state, 'ready');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    assert.equal(loads.length, 1, 'no reload');
    await page.close();
    const { page: run, detail } = await runViaContract(browser.context, server.url, '#/spinner?backend=workers&slow=sleep&autorun=1');
    assert.equal(detail.outcome, 'completed', detail.message ?? '');
    assert.equal(detail.result, 42);
    await run.close();
  } finally {
    await browser.close();
    await server.close();
  }
});

test('framed by a course page of another origin that is not isolated: with the _headers, isolated by Document-Isolation-Policy; without, no reload loop', async () => {
  const headers = headersFileRules(fs.readFileSync(path.join(site, '_headers'), 'utf8'), '/*');
  const withHeaders = await serveDir(site, { prefix: PREFIX, headers });
  const without = await serveDir(site, { prefix: PREFIX });
  // Another origin: the same loopback address by another name.
  const other = (s) => s.url.replace('127.0.0.1', 'localhost');
  const course = (src) => `<!doctype html><title>course</title><script>
    window.messages = [];
    addEventListener('message', (e) => { if (e.data?.type === 'interleave:run-finished') messages.push(e.data); });
  </script><iframe width="900" height="700" src="${src}"></iframe>`;
  const courses = await serveDir(site, { prefix: '/unused/', pages: {
    '/with.html': course(`${other(withHeaders)}/#/spinner?backend=workers&amp;slow=sleep&amp;autorun=1`),
    '/without.html': course(`${other(without)}/#/spinner?backend=eventloop&amp;slow=sleep&amp;autorun=1`),
  } });
  const browser = await launch();
  try {
    for (const [name, backend] of [['with', 'workers'], ['without', 'eventloop']]) {
      const page = await browser.context.newPage();
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(String(e)));
      const frameLoads = [];
      page.on('framenavigated', (f) => { if (f !== page.mainFrame()) frameLoads.push(f.url()); });
      await page.goto(`${courses.origin}/${name}.html`);
      await page.waitForFunction(() => window.messages.length > 0, null, { timeout: 60_000 });
      const messages = await page.evaluate(() => window.messages);
      assert.equal(messages.length, 1, `${name}: ${JSON.stringify(messages)}`);
      assert.equal(messages[0].backend, backend);
      assert.equal(messages[0].outcome, 'completed', messages[0].message ?? '');
      assert.equal(messages[0].result, 42);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      const isolated = await frame.evaluate(() => self.crossOriginIsolated);
      if (name === 'with') assert.equal(isolated, true, 'the framed playground is isolated by its headers');
      assert.ok(frameLoads.length <= 2, `${name}: at most one reload of the frame: ${frameLoads}`);
      assert.deepEqual(page.errors, []);
      await page.close();
    }
  } finally {
    await browser.close();
    await Promise.all([withHeaders.close(), without.close(), courses.close()]);
  }
});
