// In-browser benchmark (not a test) behind the collection's storage decision (README,
// "Collection"): extension `storage.local` against IndexedDB, in an extension page of the built
// extension, in headless Chromium and Firefox ESR. Markdown table out for BENCHMARKS.md:
//
//   ./build.sh && node tests/bench/storage-bench.mjs            (BENCH_RUNS=N: N runs, medians)
//
// For N articles of S bytes each (the collection's item as stored: JSON text in a string), each
// backend: write them all in one call / transaction; write them one call each (a panel adding one
// card at a time); read the keys only (what a panel needs at start: `storage.local.getKeys()`,
// else `get(null)`; IndexedDB `getAllKeys`); read every item; read one; and two writers at once
// (two panels), 2 × N/2 distinct items: how many are there after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, execSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { ROOT } from '../e2e/server.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES = [[1000, 1400], [1000, 7000]];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Runs in the extension page: one measure of both backends.
async function measure([n, size]) {
  const api = globalThis.browser ?? globalThis.chrome;
  const body = 'x'.repeat(size);
  const items = Object.fromEntries(Array.from({ length: n }, (_, i) => [`c:bench/${i}`, JSON.stringify({ added: i, article: { title: `t${i}`, body: [body] } })]));
  const keys = Object.keys(items);
  const t = async (f) => { const s = performance.now(); await f(); return performance.now() - s; };
  const out = {};
  // storage.local
  await api.storage.local.clear();
  out.localWriteAll = await t(() => api.storage.local.set(items));
  out.localKeys = await t(async () => (api.storage.local.getKeys ? api.storage.local.getKeys() : Object.keys(await api.storage.local.get(null))));
  out.localHasGetKeys = typeof api.storage.local.getKeys === 'function';
  out.localReadAll = await t(() => api.storage.local.get(null));
  out.localReadOne = await t(() => api.storage.local.get(keys[n >> 1]));
  await api.storage.local.clear();
  out.localWriteEach = await t(async () => { for (const k of keys.slice(0, 100)) await api.storage.local.set({ [k]: items[k] }); }) * (n / 100);
  await api.storage.local.clear();
  const half = (a) => Object.fromEntries(Object.entries(items).filter((_, i) => i % 2 === a));
  await Promise.all([0, 1].map(async (a) => { for (const [k, v] of Object.entries(half(a))) api.storage.local.set({ [k]: v }); }));
  await new Promise((r) => setTimeout(r, 200));
  out.localTwoWriters = Object.keys(await api.storage.local.get(null)).length;
  await api.storage.local.clear();
  // IndexedDB
  const req = (r) => new Promise((res, rej) => { r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  const done = (tx) => new Promise((res, rej) => { tx.oncomplete = res; tx.onerror = () => rej(tx.error); tx.onabort = () => rej(tx.error); });
  await req(indexedDB.deleteDatabase('bench'));
  const open = () => { const r = indexedDB.open('bench', 1); r.onupgradeneeded = () => r.result.createObjectStore('items'); return req(r); };
  let db = await open();
  out.idbWriteAll = await t(async () => { const tx = db.transaction('items', 'readwrite'); const s = tx.objectStore('items'); for (const k of keys) s.put(items[k], k); await done(tx); });
  out.idbKeys = await t(() => req(db.transaction('items').objectStore('items').getAllKeys()));
  out.idbReadAll = await t(() => req(db.transaction('items').objectStore('items').getAll()));
  out.idbReadOne = await t(() => req(db.transaction('items').objectStore('items').get(keys[n >> 1])));
  await req(db.transaction('items', 'readwrite').objectStore('items').clear());
  out.idbWriteEach = await t(async () => { for (const k of keys.slice(0, 100)) { const tx = db.transaction('items', 'readwrite'); tx.objectStore('items').put(items[k], k); await done(tx); } }) * (n / 100);
  await req(db.transaction('items', 'readwrite').objectStore('items').clear());
  const db2 = await open();
  await Promise.all([db, db2].map(async (d, a) => { for (const [k, v] of Object.entries(half(a))) { const tx = d.transaction('items', 'readwrite'); tx.objectStore('items').put(v, k); } }));
  await new Promise((r) => setTimeout(r, 500));
  out.idbTwoWriters = (await req(db.transaction('items').objectStore('items').getAllKeys())).length;
  db.close();
  db2.close();
  await req(indexedDB.deleteDatabase('bench'));
  return out;
}

async function chromiumRuns() {
  const EXT = path.join(ROOT, 'dist/chrome');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caixin-bench-storage-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
    args: [`--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`, '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const sw = ctx.serviceWorkers()[0] ?? await ctx.waitForEvent('serviceworker');
    const page = await ctx.newPage();
    await page.goto(`chrome-extension://${new URL(sw.url()).host}/sidebar.html?tab=-1`);
    const out = [];
    for (const s of SIZES) for (let r = 0; r < RUNS; r++) out.push({ size: s, m: await page.evaluate(measure, s) });
    return out;
  } finally {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function firefoxRuns() {
  const port = await new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
  const gecko = process.env.GECKODRIVER ?? execSync('command -v geckodriver', { encoding: 'utf8', shell: '/bin/bash' }).trim();
  const driver = spawn(gecko, ['--port', String(port), '--allow-system-access'], { stdio: 'ignore' });
  const wd = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) { try { await fetch(`${wd}/status`); break; } catch { await new Promise((r) => setTimeout(r, 100)); } }
  const call = async (method, p, body) => {
    const res = await fetch(`${wd}${p}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${p}: ${JSON.stringify(json.value)}`);
    return json.value;
  };
  const EXT = path.join(ROOT, 'dist/firefox');
  const id = JSON.parse(fs.readFileSync(path.join(EXT, 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id;
  const uuid = '5f1d8c2e-0b7a-4c1e-9a57-3c3b1c0d4e22';
  const { sessionId } = await call('POST', '/session', { capabilities: { alwaysMatch: { browserName: 'firefox', 'moz:firefoxOptions': {
    binary: process.env.FIREFOX ?? '/usr/bin/firefox-esr', args: ['-headless'],
    prefs: { 'extensions.webextensions.uuids': JSON.stringify({ [id]: uuid }) } } } } });
  const s = (p) => `/session/${sessionId}${p}`;
  try {
    await call('POST', s('/moz/addon/install'), { path: EXT, temporary: true });
    await call('POST', s('/url'), { url: `moz-extension://${uuid}/sidebar.html?tab=-1` });
    await call('POST', s('/timeouts'), { script: 600_000 });
    const out = [];
    for (const sz of SIZES) {
      for (let r = 0; r < RUNS; r++) {
        const m = await call('POST', s('/execute/async'), { script: `const done = arguments[arguments.length - 1]; (${measure.toString()})(arguments[0]).then(done, (e) => done({ error: String(e) }));`, args: [sz] });
        if (m.error) throw new Error(m.error);
        out.push({ size: sz, m });
      }
    }
    return out;
  } finally {
    await call('DELETE', s('')).catch(() => {});
    driver.kill();
  }
}

const rows = [
  ['write all N in one call / transaction', 'localWriteAll', 'idbWriteAll'],
  ['write N, one call / transaction each (est. from 100)', 'localWriteEach', 'idbWriteEach'],
  ['read the keys only (start of a panel)', 'localKeys', 'idbKeys'],
  ['read every item', 'localReadAll', 'idbReadAll'],
  ['read one item', 'localReadOne', 'idbReadOne'],
];
for (const [browser, runs] of [['Chromium', await chromiumRuns()], ['Firefox ESR', await firefoxRuns()]]) {
  console.log(`\n${browser} (median of ${RUNS}; getKeys: ${runs[0].m.localHasGetKeys ? 'yes' : 'no, get(null)'})\n`);
  console.log(`| operation | ${SIZES.map(([n, sz]) => `storage.local, ${n} × ${(sz / 1000).toFixed(1)} KB | IndexedDB, ${n} × ${(sz / 1000).toFixed(1)} KB`).join(' | ')} |`);
  console.log(`|---|${SIZES.map(() => '---|---|').join('')}`);
  for (const [label, a, b] of rows) {
    const cells = SIZES.flatMap((sz) => [a, b].map((k) => `${median(runs.filter((r) => r.size === sz).map((r) => r.m[k])).toFixed(1)} ms`));
    console.log(`| ${label} | ${cells.join(' | ')} |`);
  }
  const kept = SIZES.flatMap((sz) => ['localTwoWriters', 'idbTwoWriters'].map((k) => `${Math.min(...runs.filter((r) => r.size === sz).map((r) => r.m[k]))} of ${sz[0]}`));
  console.log(`| two writers at once, N/2 distinct items each: items kept (worst run) | ${kept.join(' | ')} |`);
}
