#!/usr/bin/env bash
# Builds the probe; prints the path of its .wasm. (RUSTFLAGS="" leaves out
# the page's thread flags from .cargo/config.toml: one thread, its own memory.)
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR=../../target/wasm-engine
RUSTFLAGS="" cargo build --quiet --release --target wasm32-unknown-unknown
echo "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/wasm_engine_probe.wasm"
