// Runs the probe's search N times (env N, default 8) in this V8 and prints
// each one's wall time and steps. FN=race_pool: as the page's cores=1 does.
import fs from 'node:fs';
const { instance } = await WebAssembly.instantiate(fs.readFileSync(process.argv[2]), {});
const n = Number(process.env.N) || 8;
const search = instance.exports[process.env.FN || 'race'];
instance.exports.prepare(); // what the page has done before it searches
for (let i = 0; i < n; i++) {
  const t = performance.now();
  const steps = search(1);
  console.log(`search ${i + 1}: ${(performance.now() - t).toFixed(1)} ms, ${steps} steps`);
}
