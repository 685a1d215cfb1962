#!/usr/bin/env bash
# Builds the extension for Chrome and Firefox from one source:
#   crate → wasm32 (size profile) → wasm-bindgen --target web → dist/{chrome,firefox} + dist/*.zip
# Installs what it needs when missing (wasm32 target, wasm-bindgen-cli of the locked version,
# npm packages for web-ext). Usage: ./build.sh [--no-lint]
set -euo pipefail
cd "$(dirname "$0")"
step() { printf '\n==> %s\n' "$*"; }

LINT=1
[[ "${1:-}" == "--no-lint" ]] && LINT=0

step "toolchain"
rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
# The CLI must equal the wasm-bindgen crate version in Cargo.lock, or its glue does not match the
# module (CONTRIBUTING.md, "Toolchain traps").
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [[ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]]; then
  # Without --locked: with it the install fails, the registry no longer having one of the CLI's
  # locked transitive crates (CONTRIBUTING.md, "Toolchain traps").
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

step "wasm (profile wasm-release)"
cargo build --lib --target wasm32-unknown-unknown --profile wasm-release
rm -rf dist/pkg
wasm-bindgen --target web --remove-name-section --remove-producers-section --out-dir dist/pkg \
  target/wasm32-unknown-unknown/wasm-release/caixin_sidebar.wasm
rm -f dist/pkg/*.d.ts

step "assemble dist/chrome and dist/firefox"
for browser in chrome firefox; do
  out="dist/$browser"
  rm -rf "$out"
  mkdir -p "$out"
  cp -r extension/_locales extension/icons extension/background.js extension/read-page.js extension/sidebar.html extension/sidebar.css extension/sidebar.js "$out/"
  cp -r dist/pkg "$out/pkg"
  # One manifest source plus a small per-browser patch (shallow merge; the patch wins).
  python3 - "$browser" > "$out/manifest.json" <<'PY'
import json, sys
browser = sys.argv[1]
base = json.load(open("extension/manifest.json"))
base.update(json.load(open(f"extension/manifest.{browser}.json")))
print(json.dumps(base, indent=2, ensure_ascii=False))
PY
  (cd "$out" && rm -f "../caixin-sidebar-$browser.zip" && zip -qr -X "../caixin-sidebar-$browser.zip" .)
done

step "sizes"
raw=$(stat -c %s dist/pkg/caixin_sidebar_bg.wasm)
gz=$(gzip -9 -c dist/pkg/caixin_sidebar_bg.wasm | wc -c)
echo "wasm: $raw bytes raw, $gz bytes gzip -9"

if [[ $LINT == 1 ]]; then
  step "web-ext lint (Firefox)"
  [[ -x node_modules/.bin/web-ext ]] || npm ci --no-audit --no-fund
  node_modules/.bin/web-ext lint -s dist/firefox --warnings-as-errors
fi
step "done: dist/chrome, dist/firefox, dist/caixin-sidebar-{chrome,firefox}.zip"
