#!/usr/bin/env bash
# Every test: native core (golden fixtures, exports, CLI, peer comparison), the sidebar UI in
# headless Chromium and Firefox (wasm-bindgen-test), the build with the Firefox lint, the
# extension end to end in Chromium (Playwright) and Firefox (geckodriver), and the Python package
# with the Spark job (pytest, pyspark in local mode).
set -euo pipefail
cd "$(dirname "$0")"
step() { printf '\n==> %s\n' "$*"; }

scripts/install-deps.sh

step "native tests (cargo test)"
cargo test --locked

# The runner gives the whole suite 20 s by default; the storage, fetch and two-panel tests take
# longer on a loaded 2-core machine (each waits on timers), so the suite gets 180 s.
export WASM_BINDGEN_TEST_TIMEOUT=180

step "UI tests in headless Chromium (wasm-bindgen-test)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=$(command -v chromedriver) \
  cargo test --locked --target wasm32-unknown-unknown --test wasm_ui

step "UI tests in headless Firefox (wasm-bindgen-test)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner GECKODRIVER=$(command -v geckodriver) \
  cargo test --locked --target wasm32-unknown-unknown --test wasm_ui

step "build the extension (with web-ext lint)"
./build.sh

step "end to end: Chromium and Firefox"
node --test --test-concurrency=1 tests/e2e/

step "Python package and Spark job (scripts/test-python.sh: maturin wheel, pytest, pyspark local mode)"
scripts/test-python.sh
