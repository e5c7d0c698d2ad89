#!/usr/bin/env node
// What V8 compiles while the probe's first search runs, and what each
// compile cost: node --trace-wasm-compilation-times over one search
// (FN=race_pool by default, as the page's cores=1 searches), summed by tier,
// then the optimizing tier's compiles by time, named from the module's name
// section. A fresh page's first search pays for these: Liftoff's compiles on
// the searching thread itself (lazily, at each function's first call),
// TurboFan's on V8's background threads, which on a 2-core machine take
// their CPU from the search.
//   node bench/wasm-engine/compiles.mjs [probe.wasm] [top]
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const wasm = process.argv[2] ?? execFileSync(path.join(here, 'build.sh'), { cwd: here, encoding: 'utf8' }).trim();
const file = path.resolve(here, wasm);
const top = Number(process.argv[3]) || 12;
const trace = execFileSync(process.execPath, ['--trace-wasm-compilation-times', path.join(here, 'run.mjs'), file],
  { env: { ...process.env, N: '1', FN: process.env.FN ?? 'race_pool' }, encoding: 'utf8', maxBuffer: 1 << 28 });

// Function names: the name section's subsection 1 (index -> name).
const names = new Map();
const section = WebAssembly.Module.customSections(new WebAssembly.Module(fs.readFileSync(file)), 'name')[0];
if (section) {
  const b = new Uint8Array(section);
  let i = 0;
  const leb = () => { let r = 0, s = 0, x; do { x = b[i++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return r; };
  while (i < b.length) {
    const id = b[i++], size = leb(), end = i + size;
    if (id === 1) {
      for (let n = leb(); n > 0; n--) {
        const idx = leb(), len = leb();
        names.set(idx, new TextDecoder().decode(b.subarray(i, i + len)));
        i += len;
      }
    }
    i = end;
  }
}
const short = (n) => (n ?? '?').replace(/^_R[A-Za-z0-9_]*?17interleave_engine/, '').slice(0, 80);

const tiers = { Liftoff: [], TurboFan: [] };
for (const line of trace.split('\n')) {
  const m = line.match(/#(\d+) using (\w+), took (\d+) (μs|ms).*bodysize (\d+)/);
  if (m && tiers[m[2]]) tiers[m[2]].push({ f: Number(m[1]), us: Number(m[3]) * (m[4] === 'ms' ? 1000 : 1), body: Number(m[5]) });
}
const sum = (xs, k) => xs.reduce((a, x) => a + x[k], 0);
for (const [tier, xs] of Object.entries(tiers)) {
  console.log(`${tier}: ${xs.length} functions, ${sum(xs, 'body')} bytes of code, ${(sum(xs, 'us') / 1000).toFixed(0)} ms`);
}
for (const x of tiers.TurboFan.sort((a, b) => b.us - a.us).slice(0, top)) {
  console.log(`  ${(x.us / 1000).toFixed(0).padStart(5)} ms ${String(x.body).padStart(6)} B  ${short(names.get(x.f))}`);
}
