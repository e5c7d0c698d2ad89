// Shared pieces of the end-to-end tests: a static server over the build (with or
// without the cross-origin isolation headers), Debian's Chromium driven by
// playwright-core, and the automation contract's run-finished event.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
export const dist = path.join(root, 'target', 'site');
export const artifacts = path.join(root, 'tests', 'artifacts');
fs.mkdirSync(artifacts, { recursive: true });

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain',
};

/** Serves `dir` on a free loopback port. `isolated` adds COOP/COEP. */
export async function serve(dir, { isolated = true } = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.normalize(path.join(dir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { res.writeHead(404).end('not found'); return; }
    const headers = { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' };
    if (isolated) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
    }
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  // Dropping the open connections too: the browser keeps idle ones alive, and
  // close() alone waits for them (a minute and more).
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => { server.close(ok); server.closeAllConnections(); }) };
}

/** Debian's Chromium, headless, with the flags this machine needs. */
export async function launch() {
  const userDataDir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'interleave-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'],
    viewport: { width: 1100, height: 900 },
  });
  return {
    context,
    async close() { await context.close(); fs.rmSync(userDataDir, { recursive: true, force: true }); },
  };
}

/** Opens a page and records console errors and uncaught exceptions. */
export async function openPage(context, url) {
  const page = await context.newPage();
  page.errors = [];
  page.warnings = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(m.text());
    if (m.type() === 'warning') page.warnings.push(m.text());
  });
  await page.goto(url);
  return page;
}

/**
 * Navigates to `hash` (an automation-contract URL) and resolves with the
 * detail of the `interleave:run-finished` event it causes.
 */
export async function runViaContract(context, base, hash, { timeout = 60_000 } = {}) {
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.addInitScript(() => {
    window.__runs = [];
    window.addEventListener('interleave:run-finished', (e) => window.__runs.push(e.detail));
  });
  await page.goto(`${base}/${hash}`);
  await page.waitForFunction(() => window.__runs.length > 0, null, { timeout });
  const detail = await page.evaluate(() => window.__runs[0]);
  return { page, detail };
}

/** Waits until the pool badge has left the starting state; returns its state. */
export async function poolState(page, timeout = 60_000) {
  await page.waitForFunction(() => {
    const el = document.getElementById('pool-status');
    return el && el.dataset.state !== 'starting';
  }, null, { timeout });
  return page.evaluate(() => {
    const el = document.getElementById('pool-status');
    return { state: el.dataset.state, threads: Number(el.dataset.threads), text: el.textContent };
  });
}

/**
 * Serves `dir` under the sub-path `prefix` (e.g. '/some/path/') on a free
 * loopback port, like a plain static host: no special headers unless given in
 * `headers` (added to every response). `pages` maps extra absolute paths
 * outside the prefix to HTML (a course page that frames the app, say).
 * `url` is the origin plus the prefix, without its final slash. `close` also
 * drops open connections, so the browser sees the server gone at once.
 */
export async function serveDir(dir, { prefix = '/', headers = {}, pages = {} } = {}) {
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new Error(`prefix must start and end with "/": ${prefix}`);
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push(url.pathname);
    if (Object.hasOwn(pages, url.pathname)) {
      res.writeHead(200, { 'Content-Type': TYPES['.html'], 'Cache-Control': 'no-store' }).end(pages[url.pathname]);
      return;
    }
    if (url.pathname === prefix.slice(0, -1)) { res.writeHead(301, { Location: prefix }).end(); return; }
    if (!url.pathname.startsWith(prefix)) { res.writeHead(404).end('not found'); return; }
    let file = path.normalize(path.join(dir, decodeURIComponent(url.pathname.slice(prefix.length))));
    if (file !== dir && !file.startsWith(dir + path.sep)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { res.writeHead(404).end('not found'); return; }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store', ...headers,
    });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: origin + prefix.slice(0, -1),
    requests,
    close: () => new Promise((ok) => { server.close(ok); server.closeAllConnections(); }),
  };
}

/** The headers a Netlify / Cloudflare Pages `_headers` file gives the path pattern `pattern`. */
export function headersFileRules(text, pattern = '/*') {
  const rules = {};
  let current = null;
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) { current = line.trim(); rules[current] ??= {}; continue; }
    const m = line.trim().match(/^([^:]+):\s*(.*)$/);
    if (!m || current === null) throw new Error(`bad _headers line: ${line}`);
    rules[current][m[1].trim()] = m[2].trim();
  }
  return rules[pattern] ?? {};
}

/**
 * Every lesson with its defaults, made small where a run is long: the
 * parameters both browsers' suites run each lesson on each backend with.
 */
export const QUICK_LESSONS = {
  spinner: 'slow=sleep', race: 'mode=locked&increments=200', deadlock: 'strategy=ordered',
  'bounded-buffer': 'items=3&produce_ms=20&consume_ms=30', primes: '', 'worker-pool': 'jobs=8',
  barrier: '', event: '', 'connection-pool': '', 'rate-limiter': '', gather: 'mode=taskgroup&fail=yes',
  timeout: 'timeout_ms=300', 'async-spinner': 'slow=block', processes: 'share=queue&increments=20',
};

/**
 * Step by step, as a student schedules: at each step the chip of the first
 * runnable actor in `prefer(i)` (else the first chip), until `done()` (run
 * in the page) holds or no chip is left.
 */
export async function chooseSteps(page, prefer, done, max = 300) {
  for (let i = 0; i < max && !(await page.evaluate(done)); i++) {
    let chip = null;
    for (const a of prefer(i)) {
      chip = await page.$(`#step-actor-${a}`);
      if (chip) break;
    }
    if (!chip) chip = await page.$('[id^="step-actor-"]');
    if (!chip) break;
    await chip.click();
  }
}
