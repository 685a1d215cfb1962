// Writes a sample of what the extension stores (a dump of storage.local), by running the built
// extension in Chromium through what a reader does: cards of the seed listing added to the
// collection, the article page of one of them added whole (merged), two panels adding at the same
// moment, a listing with a query in its address visited twice (seen pages), the export format
// changed. Not a test: it makes tests/fixtures/storage/v<N>.json, the sample each stored version
// keeps for the upgrade tests (tests/fixtures/storage/README.md).
//
//   ./build.sh && node tests/e2e/storage-sample.mjs tests/fixtures/storage/v<N>.json [dist/chrome]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve, ROOT } from './server.mjs';
import { listingHtml } from './pages/site.mjs';

const [out, extArg] = process.argv.slice(2);
if (!out) throw new Error('usage: node tests/e2e/storage-sample.mjs OUT.json [EXTENSION_DIR]');
const EXT = path.resolve(extArg ?? path.join(ROOT, 'dist/chrome'));

const entry = (id, title) => ({ url: `https://www.caixinglobal.com/2026-11-2${id % 10}/sample-story-${id}.html`, title, summary: `Summary of ${title}.` });
const race = (n) => listingHtml(`Race ${n} – Caixin Global`, [1, 2, 3].map((i) => entry(102500400 + n * 10 + i, `Race ${n} Story ${i}`)));
const QUERY_PAGE = 'www.caixinglobal.com/section-news/';
const srv = await serve({
  'www.caixinglobal.com/race-one/': race(1),
  'www.caixinglobal.com/race-two/': race(2),
  [QUERY_PAGE]: listingHtml('Section – Caixin Global', [1, 2, 3, 4].map((i) => entry(102500500 + i, `Section Story ${i}`))),
});
const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caixin-storage-sample-'));
const rules = srv.hosts.map((h) => `MAP ${h} 127.0.0.1:${srv.port}`).join(',');
const ctx = await chromium.launchPersistentContext(userDir, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, ignoreHTTPSErrors: true,
  args: [`--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`, '--no-sandbox', '--disable-gpu', '--no-first-run',
    `--host-resolver-rules=${rules}`, '--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable', '--ignore-certificate-errors'],
});
try {
  const sw = ctx.serviceWorkers()[0] ?? await ctx.waitForEvent('serviceworker');
  const id = new URL(sw.url()).host;
  const count = (p) => p.evaluate(() => Number(document.querySelector('#view-collection').textContent.match(/\d+$/)?.[0] ?? -1));
  async function panel(hostPath) {
    const tab = await ctx.newPage();
    await tab.goto(`http://${hostPath}`);
    const tabId = await sw.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, tab.url());
    const p = await ctx.newPage();
    await p.goto(`chrome-extension://${id}/sidebar.html?tab=${tabId}`);
    await p.waitForFunction(() => globalThis.caixinSidebar && document.documentElement.dataset.scans >= 1);
    // The collection's count is read at start.
    await p.waitForFunction(() => /\d+$/.test(document.querySelector('#view-collection').textContent));
    return { tab, p };
  }
  const settle = () => new Promise((r) => setTimeout(r, 700));

  // Two cards of the seed listing; the export format changed.
  const seed = await panel('www.caixinglobal.com/live/');
  await seed.p.evaluate(() => { for (const i of [1, 2]) document.querySelectorAll('.card .card-collect')[i].click(); });
  await seed.p.waitForFunction(() => document.querySelector('#view-collection').textContent.endsWith(' 2'));
  await seed.p.selectOption('#format', 'csv');
  await settle();
  // The article page of the first: the whole page added (its article merged with the card).
  const article = await panel('www.caixinglobal.com/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html');
  await article.p.evaluate(() => { document.querySelector('#scope').value = 'all'; document.querySelector('#add').click(); });
  await article.p.waitForFunction(() => /Added/.test(document.querySelector('.status').textContent));
  await settle();
  // Two panels add at the same moment (two windows).
  const one = await panel('www.caixinglobal.com/race-one/');
  const two = await panel('www.caixinglobal.com/race-two/');
  await Promise.all([one.p, two.p].map((p) => p.evaluate(() => { document.querySelector('#scope').value = 'all'; document.querySelector('#add').click(); })));
  await settle();
  // A listing whose address has a query, visited twice (its seen record, then the same record
  // grown); the page changes in between.
  const q1 = await panel(`${QUERY_PAGE}?t=5&utm_source=sample`);
  await settle();
  await q1.p.close();
  srv.extra[QUERY_PAGE] = listingHtml('Section – Caixin Global', [5, 1, 2, 3, 4].map((i) => entry(102500500 + i, `Section Story ${i}`)));
  await q1.tab.reload();
  await panel(`${QUERY_PAGE}?t=5&utm_source=sample`);
  await settle();
  const counts = { one: await count(one.p), two: await count(two.p), seed: await count(seed.p) };

  const dump = await sw.evaluate(() => chrome.storage.local.get(null));
  const sorted = Object.fromEntries(Object.keys(dump).sort().map((k) => [k, dump[k]]));
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(sorted, null, 2)}\n`);
  const items = Object.keys(dump).filter((k) => k.startsWith('c:')).length;
  console.log(`${out}: ${Object.keys(dump).length} keys, ${items} collection items; counts the panels showed: ${JSON.stringify(counts)}`);
} finally {
  await ctx.close();
  await srv.close();
  fs.rmSync(userDir, { recursive: true, force: true });
}
