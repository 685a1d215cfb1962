#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian 12 machine, from the package registries only.
# Idempotent: each step is skipped when its tool is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n==> %s\n' "$*"; }

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v firefox-esr >/dev/null || need_apt+=(firefox-esr)
# The end-to-end server's self-signed certificate (tests/e2e/server.mjs).
command -v openssl >/dev/null || need_apt+=(openssl)
# Java for Spark in local mode (scripts/test-python.sh; pyspark 4 needs Java 17 or later).
command -v java >/dev/null || need_apt+=(openjdk-17-jre-headless)
# Python virtualenvs (scripts/test-python.sh) when python3 is Debian's.
python3 -c 'import ensurepip, venv' 2>/dev/null || need_apt+=(python3-venv)
# CJK glyphs in the screenshots.
[[ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]] || need_apt+=(fonts-wqy-zenhei)
if ((${#need_apt[@]})); then
  step "apt: ${need_apt[*]}"
  SUDO=""; [[ $(id -u) == 0 ]] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

step "rust: wasm32 target"
rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

# wasm-bindgen-cli (also the wasm-bindgen-test-runner) must match the crate version in Cargo.lock.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [[ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]]; then
  step "cargo install wasm-bindgen-cli $WB_VERSION"
  # Without --locked: with it the install fails, the registry no longer having one of the CLI's
  # locked transitive crates (CONTRIBUTING.md, "Toolchain traps").
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi
if ! command -v geckodriver >/dev/null; then
  step "cargo install geckodriver"
  cargo install geckodriver --locked
fi

# npm ci when node_modules is missing or older than the lock file.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi
