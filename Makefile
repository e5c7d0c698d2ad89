# The two commands of the README:
#   make serve   set up what is missing, build the release app, serve it at
#                http://127.0.0.1:$(PORT) with the cross-origin isolation headers
#   make test    set up what is missing (Chromium and Firefox too) and run every test
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
PORT ?= 8080

export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# -Z build-std only for wasm builds (native test builds would rebuild std), with
# std's optimize_for_size (10 KB gzipped of the page; Cargo.toml's profile.web).
WASM := CARGO_UNSTABLE_BUILD_STD=panic_abort,std CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
# wasm tests run in headless Chromium through wasm-bindgen-test-runner.
WASM_TEST := $(WASM) CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=180

# make dist: the static site for any host (service worker, _headers), in dist/.
.PHONY: bench dist serve build test test-fuzz test-native test-wasm test-e2e setup setup-test check-engine-deps

setup:
	@scripts/setup build

setup-test:
	@scripts/setup test

build: setup
	$(WASM) trunk build --release --cargo-profile web

dist: build
	scripts/dist

serve: setup
	$(WASM) trunk serve --release --cargo-profile web --port $(PORT)

test: setup-test
	$(MAKE) --no-print-directory test-native
	$(MAKE) --no-print-directory test-fuzz
	$(MAKE) --no-print-directory test-wasm
	$(MAKE) --no-print-directory dist
	$(MAKE) --no-print-directory test-e2e

test-native: check-engine-deps
	cargo test -p interleave-engine

# The URL decoder, fuzzed with a million inputs per property (about 2 min).
test-fuzz:
	FUZZ_CASES=$${FUZZ_CASES:-1000000} cargo test --release -p interleave-engine --test contract_fuzz -- --nocapture

# Architecture invariant: the engine knows nothing of the browser.
check-engine-deps:
	@if cargo tree -p interleave-engine -e normal,build --prefix none | grep -E '^(wasm-bindgen|web-sys|js-sys|yew)[ -]'; then \
	  echo "interleave-engine must not depend on browser crates (above)"; exit 1; \
	else echo "engine dependency check: no browser crates"; fi

# A wasm test that hangs times out, and chromedriver leaves its Chromium
# renderers spinning (seen 2026-12-06: three took both cores for an hour and
# moved every later figure); whatever the result, they are ended here.
test-wasm:
	@status=0; (cd crates/app && $(WASM_TEST) cargo test --target wasm32-unknown-unknown --test '*' -- --nocapture) || status=$$?; \
	  pkill -f 'org[.]chromium[.]Chromium[.]scoped_dir' || true; exit $$status

test-e2e:
	node --test --test-concurrency=1 tests/e2e/

# make bench: the figures of issue #7, native and in headless Chromium against the release build;
# prints a table, writes target/bench/report.json and target/bench/speedup.svg (README "Benchmarks").
bench: setup-test build
	@awk '$$1 > 1.0 { print "bench: this machine is busy (load " $$1 "); every figure will move. The busiest processes:"; exit 1 }' /proc/loadavg \
	  || ps -eo pcpu,etime,comm --sort=-pcpu | head -5
	cargo build --release -p interleave-engine --example bench
	mkdir -p target/bench
	target/release/examples/bench suite > target/bench/native.json
	cargo run --release -q -p interleave-loom-bench > target/bench/loom.json
	node bench/browser.mjs
	node bench/merge.mjs
