#!/usr/bin/env bash
# Instructions one search costs in V8, counted (callgrind counts the code V8
# generates too), in each tier: TurboFan (--no-liftoff) and Liftoff
# (--liftoff-only). Five searches minus one, over four: start-up and
# compilation cancel out. Deterministic to a few parts in a thousand, where
# wall time on these machines moves by a third. Needs valgrind.
#   bench/wasm-engine/count.sh [probe.wasm]   (default: build and count this tree)
set -euo pipefail
cd "$(dirname "$0")"
command -v valgrind >/dev/null || { echo "count.sh needs valgrind (apt-get install valgrind)" >&2; exit 1; }
wasm=${1:-$(./build.sh)}
count() { # tier-flag N
  N=$2 valgrind --tool=callgrind --smc-check=all-non-file --callgrind-out-file=/dev/null \
    node "$1" --single-threaded run.mjs "$wasm" 2>&1 | awk '/Collected/ {print $4}'
}
for tier in --no-liftoff --liftoff-only; do
  one=$(count $tier 1); five=$(count $tier 5)
  echo "$tier: $(( (five - one) / 4 )) instructions a search"
done
