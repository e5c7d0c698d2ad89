#!/usr/bin/env bash
# Where a search's time goes in V8: node --cpu-prof over 40 searches, the
# functions by self time (sampled: proportions, not counts).
#   bench/wasm-engine/profile.sh [--liftoff-only|--no-liftoff] [probe.wasm]
set -euo pipefail
cd "$(dirname "$0")"
tier=${1:---no-liftoff}
wasm=${2:-$(./build.sh)}
dir=$(mktemp -d)
N=40 node "$tier" --cpu-prof --cpu-prof-dir="$dir" run.mjs "$wasm" >/dev/null
node -e '
const fs = require("fs"), dir = process.argv[1];
const p = JSON.parse(fs.readFileSync(dir + "/" + fs.readdirSync(dir)[0]));
const name = new Map(p.nodes.map((n) => [n.id, n.callFrame.functionName || "(anonymous)"]));
const self = new Map();
p.samples.forEach((s, i) => self.set(name.get(s), (self.get(name.get(s)) ?? 0) + p.timeDeltas[i]));
const total = [...self.values()].reduce((a, b) => a + b, 0);
[...self].sort((a, b) => b[1] - a[1]).slice(0, 30)
  .forEach(([f, t]) => console.log(`${(100 * t / total).toFixed(1).padStart(5)}%  ${f.slice(0, 140)}`));
' "$dir"
rm -rf "$dir"
