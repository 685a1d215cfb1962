// In-browser benchmark (not a test): the built extension in headless Chromium, figures side by
// side in one run. `./build.sh && node tests/bench/browser-bench.mjs`
//  - extract(): our full extraction (wasm) vs the browser's own DOMParser.parseFromString on the
//    same HTML, seed page and a generated 2,000-story page;
//  - panel open → list shown, with 2,000 articles (wasm init + reading the tab + extract + render);
//  - one filter keystroke → next frame, with 2,000 articles;
//  - the shipped wasm's size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { serve, fixtures, ROOT } from '../e2e/server.mjs';

const EXT = path.join(ROOT, 'dist/chrome');
const big = execFileSync('cargo', ['run', '--quiet', '--release', '--bin', 'gen-bench-page', '--', '2000'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
const seed = fs.readFileSync(fixtures().find((f) => f.name === 'caixin-global/cx-tech-2020-11-27').file, 'utf8');
const srv = await serve({ 'www.caixinglobal.com/bench/live-2000/': big });
const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caixin-bench-'));
const ctx = await chromium.launchPersistentContext(userDir, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, viewport: { width: 420, height: 900 },
  args: [`--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`, '--no-sandbox', '--disable-gpu',
    '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync',
    `--host-resolver-rules=MAP www.caixinglobal.com 127.0.0.1:${srv.port}`, '--disable-features=HttpsUpgrades'],
});
const sw = ctx.serviceWorkers()[0] ?? await ctx.waitForEvent('serviceworker');
const extId = new URL(sw.url()).host;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// 1. extract vs DOMParser, in an extension page (the sidebar's own context).
const panel = await ctx.newPage();
await panel.goto(`chrome-extension://${extId}/sidebar.html?tab=-1`);
await panel.waitForFunction(() => globalThis.caixinSidebar);
const rows = [];
for (const [name, html, runs] of [['seed (CX Tech 2020-11-27)', seed, 30], ['generated 2,000 stories', big, 7]]) {
  const r = await panel.evaluate(async ({ html, runs }) => {
    const { extractJson } = await import('./pkg/caixin_sidebar.js');
    const time = (f) => { const t = performance.now(); f(); return performance.now() - t; };
    const dom = [], ours = [];
    for (let i = 0; i < runs; i++) {
      dom.push(time(() => new DOMParser().parseFromString(html, 'text/html')));
      ours.push(time(() => extractJson(html, 'https://www.caixinglobal.com/live/')));
    }
    return { dom, ours };
  }, { html, runs });
  rows.push({ name, size: html.length, dom: median(r.dom), ours: median(r.ours) });
}

// 2. Panel open → list, 2,000 articles; 3. keystroke → next frame.
const page = await ctx.newPage();
await page.goto('http://www.caixinglobal.com/bench/live-2000/');
const tabId = await panel.evaluate(async () => (await chrome.tabs.query({})).find((t) => t.url?.includes('/bench/'))?.id);
const opens = [], keys = [], steps = [];
for (let i = 0; i < 5; i++) {
  const p = await ctx.newPage();
  if (process.env.BENCH_DEBUG) p.on('console', (m) => console.log(m.text()));
  await p.goto(`chrome-extension://${extId}/sidebar.html?tab=${tabId}`);
  await p.waitForFunction(() => performance.getEntriesByName('caixin-list-shown').length > 0, null, { timeout: 60_000 });
  const marks = await p.evaluate(() => Object.fromEntries(['caixin-wasm-ready', 'caixin-read-start', 'caixin-read-done', 'caixin-list-shown'].map((m) => [m, performance.getEntriesByName(m)[0].startTime])));
  opens.push(marks['caixin-list-shown']);
  steps.push(marks);
  if (i === 0) {
    const n = await p.evaluate(() => caixinSidebar.sidebar.shownCount());
    if (n !== 2000) throw new Error(`expected 2000 articles, got ${n}`);
    for (const q of ['c', 'ch', 'chi', 'chin', 'china', 'story 1', 'story 19', '', 'zz', '']) {
      keys.push(await p.evaluate(async (q) => {
        const input = document.querySelector('#search');
        const t = performance.now();
        input.value = q;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const sync = performance.now() - t;
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        console.log(`key ${JSON.stringify(q)} sync ${sync.toFixed(1)} frame ${(performance.now() - t).toFixed(1)}`);
        return performance.now() - t;
      }, q));
    }
  }
  await p.close();
}
await ctx.close();
await srv.close();
fs.rmSync(userDir, { recursive: true, force: true });

const wasm = fs.readFileSync(path.join(EXT, 'pkg/caixin_sidebar_bg.wasm'));
const gz = zlib.gzipSync(wasm, { level: 9 }).length;
const ms = (x) => `${x.toFixed(1)} ms`;
console.log('| page | size | DOMParser.parseFromString | extract() (wasm) | extract ÷ DOMParser |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.name} | ${(r.size / 1024).toFixed(0)} KB | ${ms(r.dom)} | ${ms(r.ours)} | ${(r.ours / r.dom).toFixed(2)}× |`);
console.log('');
console.log('| measure (2,000 articles) | median | target |');
console.log('|---|---|---|');
console.log(`| panel open → list shown | ${ms(median(opens))} | ≤ 50 ms |`);
const step = (a, b) => median(steps.map((m) => m[b] - (a ? m[a] : 0)));
console.log(`| … of which: page load + wasm start | ${ms(step(null, 'caixin-wasm-ready'))} | |`);
console.log(`| … reading the tab's HTML (executeScript) | ${ms(step('caixin-read-start', 'caixin-read-done'))} | |`);
console.log(`| … extract + render the first 40 cards | ${ms(step('caixin-read-done', 'caixin-list-shown'))} | |`);
console.log(`| filter keystroke → next frame | ${ms(median(keys))} (max ${ms(Math.max(...keys))}) | ≤ 16 ms |`);
console.log(`| shipped wasm | ${(wasm.length / 1024).toFixed(0)} KB raw, ${(gz / 1024).toFixed(0)} KB gzip -9 | ≤ 230 KB gzip |`);
