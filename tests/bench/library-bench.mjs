// In-browser benchmark (not a test) of the sidebar's features beyond one page, the built extension
// in headless Chromium, Markdown tables out for BENCHMARKS.md:
//
//   ./build.sh && node tests/bench/library-bench.mjs [fetch] [collection]   (default: both)
//
//  - fetch: "Fetch full articles" on a listing of 20 entries whose pages are served locally (two
//    hosts), for two article pages: a generated full-length one (Caixin Global's markup, 14
//    paragraphs) and the real caixin.com article page of the fixtures (72 KB). Per page, what the
//    sidebar measures around its own work (`caixin-fetched-extract`: the page read by the core
//    and its article found; `caixin-fetched-shown`: then the entry completed and the list shown
//    again), beside the browser's own `DOMParser.parseFromString` of the same HTML in the same
//    page; and the run's wall time, which the 500 ms spacing sets;
//  - collection: 1,000 articles (the generated live page, stories as generated and with bodies
//    made full-length) added in one click; the storage they take; a new panel (on the seed page)
//    reading the collection's index, then its view (items read and the list shown); a filter
//    keystroke in it, beside the same keystroke on the 1,000-story page's own view; each export
//    of the 1,000.
// BENCH_RUNS=N multiplies the runs (default 1). BENCH_OUT=file writes the tables to a file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { serve, fixtures, ROOT } from '../e2e/server.mjs';
import { articleHtml, listingHtml } from '../e2e/pages/site.mjs';

const parts = new Set(process.argv.slice(2));
const want = (p) => parts.size === 0 || parts.has(p);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const EXT = path.join(ROOT, 'dist/chrome');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => (x === undefined || Number.isNaN(x) ? '–' : `${x.toFixed(1)} ms`);
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const out = [];
const print = (s = '') => { out.push(s); console.log(s); };

// Article text as long as a full article: 14 paragraphs of some 70 words.
const WORDS = 'the company said on Tuesday that revenue in the third quarter rose as demand for its services recovered while costs for research and overseas expansion weighed on margins according to analysts who follow the sector and expect growth to continue next year as it enters smaller cities'.split(' ');
const paragraph = (i, k) => Array.from({ length: 70 }, (_, w) => WORDS[(i * 7 + k * 13 + w) % WORDS.length]).join(' ').replace(/^./, (c) => c.toUpperCase()) + '.';
const fullParagraphs = (i) => Array.from({ length: 14 }, (_, k) => paragraph(i, k));

const srv = await serve();

async function browser() {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caixin-bench-lib-'));
  const ctx = await chromium.launchPersistentContext(userDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, viewport: { width: 420, height: 900 }, ignoreHTTPSErrors: true,
    args: [`--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`, '--no-sandbox', '--disable-gpu',
      '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync',
      `--host-resolver-rules=${srv.hosts.map((h) => `MAP ${h} 127.0.0.1:${srv.port}`).join(',')}`,
      '--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable', '--ignore-certificate-errors'],
  });
  const sw = ctx.serviceWorkers()[0] ?? await ctx.waitForEvent('serviceworker');
  const extId = new URL(sw.url()).host;
  return {
    ctx,
    async panelOn(url) {
      const tab = await ctx.newPage();
      await tab.goto(url);
      const tabId = await sw.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, tab.url());
      const panel = await ctx.newPage();
      await panel.goto(`chrome-extension://${extId}/sidebar.html?tab=${tabId}`);
      await panel.waitForFunction(() => globalThis.caixinSidebar && document.documentElement.dataset.scans >= 1, null, { timeout: 60_000 });
      return { tab, panel };
    },
    close: async () => { await ctx.close(); fs.rmSync(userDir, { recursive: true, force: true }); },
  };
}

// 1. Completing entries from their pages.
if (want('fetch')) {
  const finance = fixtures().find((f) => f.name === 'caixin-cn/article-finance-2026-08-06');
  const real = fs.readFileSync(finance.file, 'utf8');
  const series = [
    {
      name: 'generated full-length article page (Caixin Global markup)',
      page: (i, url) => articleHtml({ url, title: `Bench Article ${i}`, summary: 'x', author: 'Ding Yi', paragraphs: fullParagraphs(i) }),
    },
    { name: 'real caixin.com article page (fixture, paywalled)', page: () => real },
  ];
  print('| article page (20 per run, two hosts) | page size | DOMParser.parseFromString | page read by the core, its article found | … then entry completed and list shown again | core ÷ DOMParser | run wall time (20 pages) |');
  print('|---|---|---|---|---|---|---|');
  for (const [s, ser] of series.entries()) {
    const r = { dom: [], extract: [], shown: [], wall: [], size: [] };
    for (let run = 0; run < RUNS; run++) {
      const b = await browser();
      const entries = [];
      for (let i = 0; i < 20; i++) {
        const host = i % 2 ? 'finance.caixin.com' : 'www.caixinglobal.com';
        const url = `https://${host}/2026-11-2${s}/bench-${run}-${i}-${102600000 + s * 1000 + i}.html`;
        const html = ser.page(i, url);
        srv.extra[new URL(url).hostname + new URL(url).pathname] = html;
        entries.push({ url, title: `Bench Article ${i}`, summary: 'A listed article.' });
        r.size.push(Buffer.byteLength(html));
      }
      const listPath = `www.caixinglobal.com/bench/fetch-${s}-${run}/`;
      srv.extra[listPath] = listingHtml('Bench listing', entries);
      const { panel } = await b.panelOn(`http://${listPath}`);
      const t0 = Date.now();
      await panel.click('#fetch');
      await panel.waitForFunction(() => JSON.parse(caixinSidebar.sidebar.fetchState()).state === 'finished', null, { timeout: 120_000 });
      r.wall.push(Date.now() - t0);
      const m = await panel.evaluate(() => ({
        extract: performance.getEntriesByName('caixin-fetched-extract').map((e) => e.duration),
        shown: performance.getEntriesByName('caixin-fetched-shown').map((e) => e.duration),
      }));
      r.extract.push(...m.extract);
      r.shown.push(...m.shown);
      // The browser's own parse of the same pages, in the same page, after the run.
      const html = ser.page(0, entries[0].url);
      r.dom.push(...await panel.evaluate((h) => {
        const t = [];
        for (let i = 0; i < 20; i++) { const s = performance.now(); new DOMParser().parseFromString(h, 'text/html'); t.push(performance.now() - s); }
        return t;
      }, html));
      await b.close();
    }
    print(`| ${ser.name} | ${kb(median(r.size))} | ${ms(median(r.dom))} | ${ms(median(r.extract))} | ${ms(median(r.shown))} | ${(median(r.extract) / median(r.dom)).toFixed(2)}× | ${(median(r.wall) / 1000).toFixed(1)} s |`);
  }
  print();
}

// 2. A collection of 1,000 articles.
const KEYS = ['c', 'ch', 'chi', 'chin', 'china', 'story 1', 'story 19', '', 'zz', ''];
async function keystrokes(panel) {
  const t = [];
  for (let k = 0; k < RUNS; k++) {
    for (const q of KEYS) {
      t.push(await panel.evaluate(async (q) => {
        const input = document.querySelector('#search');
        const s = performance.now();
        input.value = q;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        return performance.now() - s;
      }, q));
    }
  }
  return t;
}

if (want('collection')) {
  const generated = execFileSync('cargo', ['run', '--quiet', '--release', '--bin', 'gen-bench-page', '--', '1000'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  let i = 0;
  // Each story's body made as long as a full article.
  const full = generated.replace(/<p>Paragraph three:[^<]*<\/p>/g, () => fullParagraphs(i++).map((p) => `<p>${p}</p>`).join('\n'));
  const rows = [];
  for (const [name, html] of [['as generated (3 paragraphs)', generated], ['full-length bodies (16 paragraphs)', full]]) {
    const path1 = `www.caixinglobal.com/bench/live-1000-${rows.length}/`;
    srv.extra[path1] = html;
    const r = { add: [], bytes: 0, index: [], view: [], shownBefore: [], shownAfter: [], keysCollection: [], keysPage: [], exports: {} };
    const b = await browser();
    const listShown = (p) => p.evaluate(async () => {
      while (!performance.getEntriesByName('caixin-list-shown').length) await new Promise((r) => setTimeout(r, 2));
      return performance.getEntriesByName('caixin-list-shown')[0].startTime;
    });
    // The panel's open on the seed page with an empty collection, for comparison (the first
    // open of the profile is not counted).
    for (let k = 0; k <= 5 * RUNS; k++) {
      const { panel: p, tab } = await b.panelOn('http://www.caixinglobal.com/live/');
      if (k > 0) r.shownBefore.push(await listShown(p));
      await p.close();
      await tab.close();
    }
    const { panel } = await b.panelOn(`http://${path1}`);
    r.keysPage = await keystrokes(panel);
    await panel.evaluate(() => { const i = document.querySelector('#search'); i.value = ''; i.dispatchEvent(new Event('input', { bubbles: true })); });
    // Add all 1,000: from the click until the count shows them and the storage holds them.
    r.add.push(await panel.evaluate(async () => {
      const s = performance.now();
      document.querySelector('#add').click();
      for (;;) {
        // The collection is its items (schema 2): every one stored.
        if ((await chrome.storage.local.getKeys()).filter((k) => k.startsWith('c:')).length === 1000) break;
        const status = document.querySelector('.status').textContent;
        if (/Could not save/.test(status)) return status;
        await new Promise((r) => setTimeout(r, 5));
      }
      return performance.now() - s;
    }));
    if (typeof r.add[0] === 'string') {
      rows.push({ name, failed: r.add[0] });
      await b.close();
      continue;
    }
    r.bytes = await panel.evaluate(async () => {
      const all = await chrome.storage.local.get(null);
      const items = Object.keys(all).filter((k) => k.startsWith('c:'));
      return { total: await chrome.storage.local.getBytesInUse(null), items: await chrome.storage.local.getBytesInUse(items), seen: await chrome.storage.local.getBytesInUse(Object.keys(all).filter((k) => k.startsWith('s:'))) };
    });
    await panel.close();
    for (let k = 0; k < 5 * RUNS; k++) {
      // A new panel (on the seed page: its own page is listed at once), the collection's index
      // (the count in the header), then its view.
      const { panel: p, tab } = await b.panelOn('http://www.caixinglobal.com/live/');
      r.shownAfter.push(await listShown(p));
      r.index.push(await p.evaluate(async () => {
        for (;;) {
          if (document.querySelector('#view-collection').textContent.endsWith(' 1000')) return performance.now();
          await new Promise((r) => setTimeout(r, 2));
        }
      }));
      r.view.push(await p.evaluate(async () => {
        const s = performance.now();
        document.querySelector('#view-collection').click();
        for (;;) {
          if (document.querySelector('.page-title').textContent === 'Collection' && document.querySelectorAll('.card').length === 40) break;
          await new Promise((r) => setTimeout(r, 2));
        }
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        return performance.now() - s;
      }));
      if (k === 0) {
        await p.waitForTimeout(500);
        r.keysCollection = await keystrokes(p);
        await p.evaluate(() => { const i = document.querySelector('#search'); i.value = ''; i.dispatchEvent(new Event('input', { bubbles: true })); });
        for (const f of ['json', 'csv', 'md', 'ndjson', 'csl']) {
          r.exports[f] = await p.evaluate((f) => {
            const t = [];
            let len = 0;
            for (let j = 0; j < 3; j++) { const s = performance.now(); len = caixinSidebar.sidebar.exportText(f, 'all').length; t.push(performance.now() - s); }
            return { ms: t.sort((a, c) => a - c)[1], len };
          }, f);
        }
      }
      await p.close();
      await tab.close();
    }
    rows.push({ name, r });
    await b.close();
  }
  print('| collection of 1,000 articles | add all 1,000 (click → stored) | storage: items (per article) | seen record of the 1,000-story page | new panel on the seed page: list shown, empty collection → with the 1,000 | … and the count of 1,000 in the header | its view shown (click → 40 cards painted) | filter keystroke → next frame, collection view (median / max) | the same on the page\'s own view (median / max) |');
  print('|---|---|---|---|---|---|---|---|---|');
  for (const { name, r, failed } of rows) {
    if (failed) { print(`| ${name} | ${failed} | | | | | | | |`); continue; }
    print(`| ${name} | ${ms(median(r.add))} | ${kb(r.bytes.items)} (${kb(r.bytes.items / 1000)}) | ${kb(r.bytes.seen)} | ${ms(median(r.shownBefore))} → ${ms(median(r.shownAfter))} | ${ms(median(r.index))} | ${ms(median(r.view))} | ${ms(median(r.keysCollection))} / ${ms(Math.max(...r.keysCollection))} | ${ms(median(r.keysPage))} / ${ms(Math.max(...r.keysPage))} |`);
  }
  print('(Times of the panel open are from the panel document\'s start, medians of the opens; the others medians of the runs.)');
  print();
  print('| export of the 1,000 (median of 3) | JSON | CSV | Markdown | NDJSON | CSL-JSON |');
  print('|---|---|---|---|---|---|');
  for (const { name, r, failed } of rows) {
    if (failed) continue;
    const e = r.exports;
    print(`| ${name} | ${['json', 'csv', 'md', 'ndjson', 'csl'].map((f) => `${ms(e[f].ms)} (${kb(e[f].len)})`).join(' | ')} |`);
  }
  print();
}

await srv.close();
if (process.env.BENCH_OUT) fs.writeFileSync(process.env.BENCH_OUT, `${out.join('\n')}\n`);
