// `make serve` is the README's first command: what it serves must be isolated
// (COOP/COEP), start the Web Worker pool and answer 42 on a worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { launch, runViaContract, root } from './harness.mjs';

async function freePort() {
  const srv = net.createServer();
  await new Promise((ok) => srv.listen(0, '127.0.0.1', ok));
  const { port } = srv.address();
  await new Promise((ok) => srv.close(ok));
  return port;
}

let proc, port, browser, log = '';
before(async () => {
  port = await freePort();
  // The same command the Makefile's serve target runs, on a free port.
  proc = spawn('trunk', ['serve', '--release', '--port', String(port)], {
    cwd: root,
    env: { ...process.env, CARGO_UNSTABLE_BUILD_STD: 'panic_abort,std' },
    detached: true,
  });
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/`);
      if (r.ok && (await r.text()).includes('.wasm')) break;
    } catch { /* not up yet */ }
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`trunk serve did not come up:\n${log.slice(-3000)}`);
    await new Promise((ok) => setTimeout(ok, 1000));
  }
  browser = await launch();
});
after(async () => {
  await browser?.close();
  if (proc && proc.exitCode === null) process.kill(-proc.pid, 'SIGTERM');
});

test('make serve sends the cross-origin isolation headers', async () => {
  const r = await fetch(`http://127.0.0.1:${port}/`);
  assert.equal(r.headers.get('cross-origin-opener-policy'), 'same-origin');
  assert.equal(r.headers.get('cross-origin-embedder-policy'), 'require-corp');
  assert.equal(r.headers.get('document-isolation-policy'), 'isolate-and-require-corp', 'frames keep threads in Chromium');
});

test('the served playground starts its pool and answers 42 on a worker', async () => {
  const { page, detail } = await runViaContract(browser.context, `http://127.0.0.1:${port}`, '#/spinner?backend=workers&slow=work&autorun=1');
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
  assert.equal(detail.outcome, 'completed', detail.message ?? '');
  assert.equal(detail.result, 42);
  assert.deepEqual(page.errors, []);
  await page.close();
});
