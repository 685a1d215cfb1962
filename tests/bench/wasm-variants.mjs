// Size or speed (not a test): builds the wasm in several ways and measures each one's size and
// extraction speed in headless Chromium, side by side in one page, run by run, against
// DOMParser.parseFromString on the same HTML. The table in BENCHMARKS.md ("Speed or size").
//
//   ./build.sh && node tests/bench/wasm-variants.mjs [name…]   (default: every variant below)
//
// Builds go to target/variants (not the shipped build's target directory); each variant is the
// wasm-release profile with Cargo `--config` overrides, then wasm-bindgen, then optionally
// wasm-opt (npm `binaryen`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { fixtures, ROOT } from '../e2e/server.mjs';

const HOT = ['html5ever', 'markup5ever', 'tendril', 'scraper', 'selectors', 'cssparser', 'hashbrown', 'ego-tree', 'string_cache', 'phf', 'phf_shared', 'dlmalloc'];
const cfg = (k, v) => ['--config', `profile.wasm-release.${k}=${v}`];
const coldZ = [...cfg('package."*".opt-level', '"z"'), ...HOT.flatMap((c) => cfg(`package.${c}.opt-level`, '3'))];
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];
const VARIANTS = [
  { name: 'shipped: opt-level 3, fat LTO, 1 codegen unit', cargo: [] },
  { name: '+ wasm-opt -O3', cargo: [], opt: ['-O3'] },
  { name: '+ wasm-opt -Oz', cargo: [], opt: ['-Oz'] },
  { name: 'dependencies "z" except the parser\'s (html5ever, selectors, …: 3)', cargo: coldZ },
  { name: 'this crate "s", dependencies 3', cargo: cfg('package.caixin-sidebar.opt-level', '"s"') },
  { name: 'everything "s"', cargo: cfg('opt-level', '"s"') },
  { name: 'everything "z"', cargo: cfg('opt-level', '"z"') },
  { name: 'everything "z" + wasm-opt -Oz', cargo: cfg('opt-level', '"z"'), opt: ['-Oz'] },
  // LLVM's inliner at a lower threshold than opt-level 3's 250 (RUSTFLAGS; each its own target dir).
  { name: 'inline threshold 150', cargo: [], rustflags: '-Cllvm-args=-inline-threshold=150' },
  { name: 'inline threshold 75', cargo: [], rustflags: '-Cllvm-args=-inline-threshold=75' },
  { name: 'inline threshold 25', cargo: [], rustflags: '-Cllvm-args=-inline-threshold=25' },
];
const pick = process.argv.slice(2);
const variants = pick.length ? VARIANTS.filter((v, i) => pick.some((p) => v.name.includes(p) || String(i) === p)) : VARIANTS;

const TARGET = path.join(ROOT, 'target/variants');
// RUSTFLAGS change every crate's build: such a variant gets a target directory of its own.
const target = (v) => (v.rustflags ? `${TARGET}-${v.rustflags.replace(/[^a-z0-9]+/gi, '-')}` : TARGET);
const ext = fs.mkdtempSync(path.join(os.tmpdir(), 'caixin-variants-'));
fs.cpSync(path.join(ROOT, 'dist/chrome'), ext, { recursive: true });
const WASM_BINDGEN = fs.readFileSync(path.join(ROOT, 'Cargo.lock'), 'utf8').match(/name = "wasm-bindgen"\nversion = "([^"]+)"/)[1];
if (!execFileSync('wasm-bindgen', ['--version'], { encoding: 'utf8' }).includes(WASM_BINDGEN)) throw new Error('run ./build.sh first (wasm-bindgen-cli)');

for (const [i, v] of variants.entries()) {
  console.error(`==> building ${v.name}`);
  execFileSync('cargo', ['build', '--quiet', '--lib', '--target', 'wasm32-unknown-unknown', '--profile', 'wasm-release', ...v.cargo],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, CARGO_TARGET_DIR: target(v), RUSTFLAGS: v.rustflags ?? '' } });
  const out = path.join(ext, `pkg-${i}`);
  execFileSync('wasm-bindgen', ['--target', 'web', '--remove-name-section', '--remove-producers-section', '--out-dir', out,
    path.join(target(v), 'wasm32-unknown-unknown/wasm-release/caixin_sidebar.wasm')], { stdio: 'inherit' });
  const wasm = path.join(out, 'caixin_sidebar_bg.wasm');
  if (v.opt) execFileSync(path.join(ROOT, 'node_modules/.bin/wasm-opt'), [...v.opt, ...FEATURES, wasm, '-o', wasm], { stdio: 'inherit' });
  const bytes = fs.readFileSync(wasm);
  v.raw = bytes.length;
  v.gz = zlib.gzipSync(bytes, { level: 9 }).length;
  v.dir = `pkg-${i}`;
}

const big = execFileSync('cargo', ['run', '--quiet', '--release', '--bin', 'gen-bench-page', '--', '2000'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
const seed = fs.readFileSync(fixtures().find((f) => f.name === 'caixin-global/cx-tech-2020-11-27').file, 'utf8');
const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caixin-variants-profile-'));
const ctx = await chromium.launchPersistentContext(userDir, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`, '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const sw = ctx.serviceWorkers()[0] ?? await ctx.waitForEvent('serviceworker');
const page = await ctx.newPage();
await page.goto(`chrome-extension://${new URL(sw.url()).host}/sidebar.html?tab=-1`);
await page.waitForFunction(() => globalThis.caixinSidebar);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = {};
for (const [label, html, runs] of [['seed', seed, 40], ['big', big, 11]]) {
  // Per run: DOMParser, then every variant, in an order rotated each run; the ratio is taken run
  // by run, then the median.
  results[label] = await page.evaluate(async ({ html, runs, dirs }) => {
    const fns = [() => new DOMParser().parseFromString(html, 'text/html')];
    for (const d of dirs) {
      const m = await import(`./${d}/caixin_sidebar.js`);
      await m.default({ module_or_path: `./${d}/caixin_sidebar_bg.wasm` });
      fns.push(() => m.extractJson(html, 'https://www.caixinglobal.com/live/'));
    }
    // Warm-up: a few runs each, then a pause, so that every module has been tiered up (V8
    // compiles hot wasm functions again, optimised, in the background) before anything is timed.
    for (let i = 0; i < 3; i++) for (const f of fns) f();
    await new Promise((r) => setTimeout(r, 2000));
    const t = fns.map(() => []);
    for (let i = 0; i < runs; i++) {
      for (let k = 0; k < fns.length; k++) {
        const n = (i + k) % fns.length;
        const s = performance.now();
        fns[n]();
        t[n].push(performance.now() - s);
      }
    }
    return t;
  }, { html, runs, dirs: variants.map((v) => v.dir) });
}
await ctx.close();
fs.rmSync(userDir, { recursive: true, force: true });
fs.rmSync(ext, { recursive: true, force: true });

const ratio = (t, i) => median(t[i + 1].map((x, r) => x / t[0][r]));
console.log('| build | wasm raw | wasm gzip -9 | extract ÷ DOMParser, seed | extract ÷ DOMParser, 2,000 stories | extract, 2,000 stories |');
console.log('|---|---|---|---|---|---|');
for (const [i, v] of variants.entries()) {
  console.log(`| ${v.name} | ${(v.raw / 1024).toFixed(0)} KB | ${(v.gz / 1024).toFixed(0)} KB | ${ratio(results.seed, i).toFixed(2)}× | ${ratio(results.big, i).toFixed(2)}× | ${median(results.big[i + 1]).toFixed(1)} ms |`);
}
