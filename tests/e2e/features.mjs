// The sidebar's "beyond one page" features end to end, written once for both browsers: each test
// file gives a driver `d` with
//   d.open(hostPath)        open the served page (host/path) in a tab and a sidebar on it (null:
//                           a sidebar on the tab already open)
//   d.ev(fn, arg)           run `fn(arg)` in the sidebar page (fn is sent as source: no closures)
//   d.until(fn, arg, what)  poll `fn(arg)` in the sidebar until it is truthy; its value
//   d.page(fn, arg)         run `fn(arg)` in the page's tab
//   d.reloadPage()          reload the page's tab
//   d.navigate(hostPath)    the page's tab goes to another served page
//   d.reloadPanel()         load the sidebar page again (a new sidebar on the same tab)
//   d.closePanel()          close the sidebar (its tab), keep the page
//   d.shot(name)            a screenshot of the sidebar to docs/screenshots/<name>.png
//   d.a11y(state)           (Chromium) axe-core on the sidebar as it is: no violation
// and the server of tests/e2e/server.mjs (`srv`: its log and routes).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ARTICLES, FIXTURE_ARTICLES, keyOf, articleHtml, fetchListing, generatedPages, listingHtml } from './pages/site.mjs';
import { cliExport, cliExportHtml, fixtures, requestStats, ROOT } from './server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Functions run in the sidebar page.
const click = (sel) => { const e = document.querySelector(sel); if (!e) throw new Error(`no ${sel}`); e.click(); return true; };
const fetchState = () => JSON.parse(caixinSidebar.sidebar.fetchState());
const exportAll = (format) => caixinSidebar.sidebar.exportText(format, 'all');
const exportFiltered = (format) => caixinSidebar.sidebar.exportText(format, 'filtered');
const titles = () => [...document.querySelectorAll('#list .card-title')].map((e) => e.textContent);
const scans = () => Number(document.documentElement.dataset.scans ?? 0);

/** The main article of a page as the CLI reads it. */
function mainOf(json) {
  return JSON.parse(json).articles.find((a) => a.role === 'main');
}

/**
 * "Fetch full articles" on a listing of seven articles on two hosts: at most 2 requests at once,
 * starts 500 ms apart per host, a 429 with Retry-After waited for, a 404 failed then retried, a
 * slow page holding one slot only, a cancel midway, the browser's cookies sent; then the export
 * holds the bodies the CLI reads from each article page, and a second fetch, a rescan or a new
 * sidebar make no request.
 */
export async function fetchFullArticles(d, srv, { shot } = {}) {
  const listing = 'www.caixinglobal.com/fetch-test/';
  Object.assign(srv.extra, generatedPages(), { [listing]: fetchListing() });
  const [, paid, missing, slow, busy] = ARTICLES.map((a) => keyOf(a.url));
  srv.routes[listing] = [{ headers: { 'set-cookie': 'cx_reader=e2e-cookie; Path=/' } }];
  srv.routes[missing] = [{ status: 404 }];
  srv.routes[slow] = [{ delay: 2500 }];
  // Longer than the backoff without Retry-After (2 s): the wait below is the header's.
  srv.routes[busy] = [{ status: 429, headers: { 'retry-after': '3' } }, {}];
  const articlePaths = new Set([...ARTICLES, ...FIXTURE_ARTICLES].map((a) => new URL(a.url).pathname));
  const t0 = Date.now();
  const requests = () => srv.log.filter((r) => r.start >= t0 && r.tls && articlePaths.has(r.path));

  await d.open(listing);
  assert.equal((await d.ev(titles)).length, 7);
  // Nothing is fetched without the click.
  await sleep(800);
  assert.equal(requests().length, 0, 'no request before the click');

  await d.ev(click, '#fetch');
  const first = await d.until((n) => { const s = JSON.parse(caixinSidebar.sidebar.fetchState()); return s.done >= n && s; }, 3, 'three pages fetched');
  assert.equal(first.total, 7);
  await d.ev(click, '#cancel');
  const cancelledAt = Date.now();
  const afterCancel = await d.ev(fetchState);
  assert.equal(afterCancel.state, 'cancelled');
  await sleep(1500);
  assert.deepEqual(requests().filter((r) => r.start > cancelledAt + 50).map((r) => r.path), [], 'no request after Cancel');

  // Again: only what was not fetched goes, the rest of the listing.
  await d.ev(click, '#fetch');
  const second = await d.ev(fetchState);
  assert.equal(second.total, 7 - afterCancel.done, 'fetched pages are not fetched again');
  // While the slow page loads and the busy one waits: the progress bar, named and valued.
  await d.until(() => JSON.parse(caixinSidebar.sidebar.fetchState()).failed >= 1, null, 'the 404 failed');
  const bar = await d.ev(() => { const p = document.querySelector('#fetch-progress'); return { role: p.getAttribute('role'), now: p.getAttribute('aria-valuenow'), max: p.getAttribute('aria-valuemax'), label: p.getAttribute('aria-label'), text: document.querySelector('.progress-text').textContent, hidden: p.closest('.fetchbar').hidden }; });
  assert.equal(bar.role, 'progressbar');
  assert.equal(bar.max, String(second.total));
  assert.ok(bar.label.length > 0 && !bar.hidden, JSON.stringify(bar));
  assert.match(bar.text, /fetched · 1 failed/);
  if (shot) {
    await d.until(() => JSON.parse(caixinSidebar.sidebar.fetchState()).done >= 1, null, 'a page of this run fetched');
    await d.shot(shot);
  }
  const ended = await d.until(() => { const s = JSON.parse(caixinSidebar.sidebar.fetchState()); return s.state !== 'running' && s; }, null, 'the run to end', 30_000);
  assert.deepEqual({ state: ended.state, failed: ended.failed, done: ended.done }, { state: 'finished', failed: 1, done: second.total - 1 });
  const missingTitle = ARTICLES[2].title;
  const failedBadge = await d.ev((t) => [...document.querySelectorAll('.card')].find((c) => c.querySelector('.card-title').textContent === t).querySelector('.badge-failed:not([hidden])')?.textContent, missingTitle);
  assert.equal(failedBadge, 'not fetched: HTTP 404');
  assert.equal(await d.ev(() => !document.querySelector('#retry').hidden), true, 'Retry failed is offered');
  await d.a11y?.('a fetch run ended, one page failed');

  // The page exists now: Retry failed fetches it, and only it.
  delete srv.routes[missing];
  const beforeRetry = requests().length;
  await d.ev(click, '#retry');
  const retried = await d.until(() => { const s = JSON.parse(caixinSidebar.sidebar.fetchState()); return s.state === 'finished' && s; }, null, 'the retry');
  assert.equal(retried.failed, 0);
  assert.deepEqual(requests().slice(beforeRetry).map((r) => r.path), [new URL(ARTICLES[2].url).pathname]);

  // The requests, as the browser sent them (Resource Timing in the sidebar: when each fetch()
  // started and its answer ended): at most 2 at once, starts 500 ms apart per host.
  const sent = await d.ev(() => performance.getEntriesByType('resource')
    .filter((e) => e.initiatorType === 'fetch' && /^https:/.test(e.name))
    .map((e) => ({ host: new URL(e.name).hostname, path: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd })));
  const client = requestStats(sent);
  assert.ok(client.count >= 9, `the fetches are timed: ${client.count}`);
  assert.ok(client.maxAtOnce <= 2, `at most 2 at once (browser): ${client.maxAtOnce}`);
  assert.ok(client.minGap >= 500, `500 ms apart per host (browser): ${client.minGap} ms`);
  // As the server saw them: the same limits. A request reaches the server some ms after the
  // browser starts it, more or less on a loaded machine, so two starts may arrive a little closer
  // than they were sent: the server's gap is checked with that slack.
  const log = requests();
  const stats = requestStats(log);
  const detail = log.map((r) => [r.host, r.path, r.start - t0, r.arrived - t0, r.end - t0, r.aborted].join(' ')).join('\n');
  assert.ok(stats.maxAtOnce <= 2, `at most 2 at once (server): ${stats.maxAtOnce}\n${detail}`);
  assert.ok(stats.minGap >= 400, `500 ms apart per host (server, 100 ms slack): ${stats.minGap} ms\n${detail}`);
  assert.ok(new Set(log.map((r) => r.host)).size === 2, 'two hosts');
  const ok = log.filter((r) => !r.aborted && !['/fetch-test/'].includes(r.path));
  for (const p of articlePaths) {
    const answered = ok.filter((r) => r.path === p).length;
    assert.ok(answered >= 1, `${p} fetched`);
  }
  // Each page answered 200 once: nothing fetched twice.
  const twoHundreds = (p) => ok.filter((r) => r.path === p).length;
  for (const a of [...ARTICLES, ...FIXTURE_ARTICLES]) {
    const p = new URL(a.url).pathname;
    const expected = p === new URL(ARTICLES[2].url).pathname || p === new URL(ARTICLES[4].url).pathname ? 2 : 1;
    assert.equal(twoHundreds(p), expected, p);
  }
  // The 429 said "Retry-After: 3": its host waited 3 s before its next request.
  const busyReq = log.find((r) => r.path === new URL(ARTICLES[4].url).pathname);
  const nextOnHost = log.filter((r) => r.host === busyReq.host && r.start > busyReq.start).sort((a, b) => a.start - b.start)[0];
  assert.ok(nextOnHost.start - busyReq.end >= 3000, `waited ${nextOnHost.start - busyReq.end} ms after the 429`);
  // The slow page held one slot: other requests went on meanwhile.
  const slowReq = log.find((r) => r.path === new URL(ARTICLES[3].url).pathname && !r.aborted);
  assert.ok(slowReq.end - slowReq.start >= 2400, 'the slow page was slow');
  assert.ok(log.some((r) => r !== slowReq && r.start > slowReq.start && r.start < slowReq.end), 'other requests during the slow one');
  // The browser's cookies for the site went along.
  for (const r of log.filter((x) => x.host === 'www.caixinglobal.com')) assert.match(r.cookie, /cx_reader=e2e-cookie/, r.path);

  // The export holds each article's body as the CLI reads it from the article's own page.
  const exported = JSON.parse(await d.ev(exportAll, 'json'));
  const want = [
    ...ARTICLES.map((a) => mainOf(cliExportHtml(articleHtml(a), a.url))),
    ...FIXTURE_ARTICLES.map((f) => mainOf(cliExport(f.file, f.url))),
  ];
  assert.equal(exported.articles.length, want.length);
  for (const [i, w] of want.entries()) {
    const a = exported.articles[i];
    assert.deepEqual(a.body, w.body, w.title);
    assert.ok(a.body.length >= 2, w.title);
    assert.deepEqual([a.authors, a.published, a.contacts, a.truncated], [w.authors, w.published, w.contacts, w.truncated], w.title);
    assert.equal(a.role, 'teaser', 'an entry stays an entry');
  }
  assert.equal(exported.articles[1].truncated, true, 'the paywalled page showed part of the text');
  assert.equal(exported.articles[1].paywalled, true);
  // Each card says "full text", or "part of the text" when its page showed only part of it.
  const partial = exported.articles.filter((a) => a.truncated).length;
  assert.ok(partial >= 1 && partial < 7, `${partial} truncated`);
  assert.equal(await d.ev(() => document.querySelectorAll('.card .badge-full:not([hidden])').length), 7 - partial);
  assert.equal(await d.ev(() => document.querySelectorAll('.card .badge-partial:not([hidden])').length), partial);
  assert.equal(await d.ev(() => document.querySelectorAll('.card .badge-partial ~ .badge-full:not([hidden])').length), 0, 'never both');
  void paid;

  // A second click, a rescan, a new sidebar on the tab: no request.
  const count = requests().length;
  await d.ev(click, '#fetch');
  assert.match(await d.ev(() => document.querySelector('.progress-text').textContent), /full text already/);
  const before = await d.ev(scans);
  await d.ev(click, '#rescan');
  await d.until((n) => Number(document.documentElement.dataset.scans) > n, before, 'the rescan');
  await d.reloadPanel();
  const again = await d.until(() => { const j = JSON.parse(caixinSidebar.sidebar.exportText('json', 'all')); return j.articles.every((a) => a.body.length > 0) && j; }, null, 'the new sidebar completed from the session cache');
  assert.deepEqual(again.articles, exported.articles);
  // (The run begins once the new panel has read the collection: its articles are completed too.)
  await d.ev(click, '#fetch');
  await d.until(() => /full text already/.test(document.querySelector('.progress-text').textContent), null, 'nothing to fetch');
  await sleep(1000);
  assert.equal(requests().length, count, 'no request after the first run');
  await d.closePanel();
}

/**
 * The collection, before a restart: cards added from the seed listing, then an article page
 * whose article is one of them (merged: the page's body and contacts, the listing's section), its
 * collection view with chips, search and "Free only"; returns every export.
 */
export async function collectionBeforeRestart(d, { seedPath, articlePath, shot }) {
  await d.open(seedPath);
  assert.equal(await d.until(() => document.querySelector('#view-collection').textContent.match(/\d+$/)?.[0], null, 'the collection count'), '0');
  // "Add to collection" on two cards (once the list has them: a first open in a fresh profile
  // under load was seen to answer before its cards were there).
  await d.until(() => document.querySelectorAll('.card .card-collect').length >= 3, null, 'the cards of the seed listing');
  await d.ev(() => { for (const i of [1, 2]) document.querySelectorAll('.card .card-collect')[i].click(); return true; });
  await d.until(() => document.querySelector('#view-collection').textContent.endsWith(' 2'), null, 'two collected');
  assert.equal(await d.ev(() => document.querySelectorAll('.card .card-collect')[1].textContent), 'Remove from collection');
  const fromSeed = await d.ev(() => [1, 2].map((i) => document.querySelectorAll('.card-title')[i].textContent));
  await d.closePanel();

  // The article page of the first of them: "Add to collection" for the whole page (its article
  // and the two articles it links).
  await d.open(articlePath);
  await d.ev(() => { document.querySelector('#scope').value = 'all'; return true; });
  await d.ev(click, '#add');
  await d.until(() => document.querySelector('#view-collection').textContent.endsWith(' 4'), null, 'four collected');
  assert.match(await d.ev(() => document.querySelector('.status').textContent), /Added 2 to the collection \(1 already there\)/);

  await d.ev(click, '#view-collection');
  await d.until(() => document.querySelector('#view-collection').getAttribute('aria-pressed') === 'true' && document.querySelectorAll('.card').length === 4, null, 'the collection view');
  assert.equal(await d.ev(() => document.querySelector('.page-title').textContent), 'Collection');
  await d.a11y?.('the collection view');
  const listed = await d.ev(titles);
  assert.deepEqual(listed.slice(0, 2), fromSeed, 'in the order added');
  const json = JSON.parse(await d.ev(exportAll, 'json'));
  assert.equal(json.page.url, 'caixin-sidebar:collection');
  const merged = json.articles[0];
  const page = fixtures().find((f) => f.name === 'caixin-global/article-old-template');
  const own = mainOf(cliExport(page.file, page.url));
  assert.equal(merged.title, own.title);
  assert.equal(merged.section, 'Business & Tech', 'the listing gave the section (the article page shows none)');
  assert.deepEqual(merged.body, own.body, 'the article page gave the body (the richer appearance)');
  assert.equal(merged.paywalled, true, 'the article page marks it paid');
  assert.equal(merged.published, '2020-11-27T19:03:00+08:00');
  // The same chips, search and filters.
  assert.match(await d.ev(() => document.querySelector('.chip[data-section="*"]').textContent), / 4$/);
  await d.ev(() => { const i = document.querySelector('#search'); i.value = 'tiktok'; i.dispatchEvent(new Event('input', { bubbles: true })); return true; });
  assert.deepEqual(await d.ev(titles), ['TikTok Granted One-Week Extension of Forced-Sale Deadline']);
  await d.ev(() => { const i = document.querySelector('#search'); i.value = ''; i.dispatchEvent(new Event('input', { bubbles: true })); return true; });
  await d.ev(click, '#free-only');
  assert.ok(!(await d.ev(titles)).includes(merged.title), 'Free only hides the paywalled article');
  await d.ev(click, '#free-only');
  const exports = {};
  for (const f of ['json', 'csv', 'md', 'ndjson', 'csl']) exports[f] = await d.ev(exportAll, f);
  const csl = JSON.parse(exports.csl);
  assert.equal(csl.length, 4);
  assert.ok(csl.every((it) => it['container-title'] === 'Caixin Global'), 'CSL items carry their publisher');
  if (shot) await d.shot(shot);
  await d.closePanel();
  return exports;
}

/** The collection after a restart of the browser with the same profile: intact, then remove and clear. */
export async function collectionAfterRestart(d, { seedPath, exports }) {
  await d.open(seedPath);
  await d.until(() => document.querySelector('#view-collection').textContent.endsWith(' 4'), null, 'the collection count after the restart');
  await d.ev(click, '#view-collection');
  await d.until(() => document.querySelectorAll('.card').length === 4, null, 'the collection view');
  for (const f of Object.keys(exports)) assert.equal(await d.ev(exportAll, f), exports[f], `${f} export after the restart`);
  // Remove one (its card's button), then clear, with a confirmation ("Keep" keeps).
  const gone = await d.ev(() => { const c = document.querySelectorAll('.card')[1]; const t = c.querySelector('.card-title').textContent; c.querySelector('.card-collect').click(); return t; });
  await d.until(() => document.querySelectorAll('.card').length === 3, null, 'one removed');
  assert.ok(!(await d.ev(titles)).includes(gone));
  assert.match(await d.ev(() => document.querySelector('#view-collection').textContent), / 3$/);
  await d.ev(click, '#clear-collection');
  assert.match(await d.ev(() => !document.querySelector('.confirm').hidden && document.querySelector('.confirm-text').textContent), /Remove all 3 articles/);
  await d.a11y?.('the collection, asking before clearing it');
  await d.ev(click, '#confirm-no');
  assert.equal(await d.ev(() => document.querySelectorAll('.card').length), 3);
  await d.ev(click, '#clear-collection');
  await d.ev(click, '#confirm-yes');
  await d.until(() => document.querySelectorAll('.card').length === 0 && document.querySelector('#view-collection').textContent.endsWith(' 0'), null, 'cleared');
  assert.match(await d.ev(() => document.querySelector('.empty').textContent), /collection is empty/);
  await d.reloadPanel();
  await d.until(() => document.querySelector('#view-collection').textContent.endsWith(' 0'), null, 'still empty');
  await d.closePanel();
}

/** Entries of the "new since the last visit" listing. */
function newsEntry(id, title, paid = false) {
  return { url: `https://www.caixinglobal.com/2026-11-2${id % 10}/story-${id}.html`, title, summary: `Summary of ${title}.`, paid };
}

/**
 * New since the last visit: a first visit badges nothing; the page changes (two entries added, one
 * gone); the next visit badges exactly the two; "New" and "Free only" filter; an entry loaded
 * during the visit is new too; leaving the page and coming back is a visit that badges nothing.
 */
export async function newSinceLastVisit(d, srv, { otherPath }) {
  const path = 'www.caixinglobal.com/new-test/';
  const old = [newsEntry(102500301, 'Old Story One'), newsEntry(102500302, 'Old Story Two', true), newsEntry(102500303, 'Old Story Three'), newsEntry(102500304, 'Old Story Four')];
  srv.extra[path] = listingHtml('New test – Caixin Global', old);
  const badged = () => [...document.querySelectorAll('.card')].filter((c) => c.querySelector('.badge-new:not([hidden])')).map((c) => c.querySelector('.card-title').textContent);

  await d.open(path);
  await d.until(() => document.documentElement.dataset.scans >= 1, null, 'the first scan');
  await sleep(500);
  assert.deepEqual(await d.ev(badged), [], 'a first visit: nothing is new');
  assert.equal(await d.ev(() => document.querySelector('#only-new').hidden), true);
  await d.closePanel();

  // The site changes the page: two stories on top, one gone.
  const fresh = [newsEntry(102500305, 'Fresh Story A'), newsEntry(102500306, 'Fresh Story B', true)];
  srv.extra[path] = listingHtml('New test – Caixin Global', [...fresh, old[0], old[1], old[3]]);
  await d.reloadPage();
  await d.open(null);
  await d.until(() => document.querySelectorAll('.badge-new:not([hidden])').length === 2, null, 'the new entries badged');
  assert.deepEqual(await d.ev(badged), ['Fresh Story A', 'Fresh Story B']);
  assert.equal(await d.ev(() => document.querySelector('#only-new').textContent), 'New 2');
  await d.ev(click, '#only-new');
  assert.deepEqual(await d.ev(titles), ['Fresh Story A', 'Fresh Story B']);
  await d.a11y?.('new entries badged, New on');
  await d.ev(click, '#free-only');
  assert.deepEqual(await d.ev(titles), ['Fresh Story A']);
  assert.deepEqual(JSON.parse(await d.ev(exportFiltered, 'json')).articles.map((a) => a.title), ['Fresh Story A']);
  await d.ev(click, '#only-new');
  assert.deepEqual(await d.ev(titles), ['Fresh Story A', 'Old Story One', 'Old Story Four'], 'Free only alone');
  await d.ev(click, '#free-only');

  // "Load More" during the visit: the entry it brings is new as well.
  const n = await d.ev(scans);
  await d.page(() => {
    const dl = document.querySelector('.rec-news dl').cloneNode(true);
    const a = dl.querySelector('a');
    a.href = 'https://www.caixinglobal.com/2026-11-27/story-102500307.html';
    a.textContent = 'Loaded Later';
    dl.querySelector('i')?.remove();
    document.querySelector('.rec-news').append(dl);
    return true;
  });
  await d.until((k) => Number(document.documentElement.dataset.scans) > k && document.querySelectorAll('.card').length === 6, n, 'the rescan after the page grew');
  assert.deepEqual(await d.ev(badged), ['Fresh Story A', 'Fresh Story B', 'Loaded Later']);

  // The tab goes elsewhere and comes back: a new visit, nothing new since the last one.
  await d.navigate(otherPath);
  await d.until(() => document.querySelector('.card-title') && !document.querySelector('.card-title').textContent.startsWith('Fresh'), null, 'the other page listed');
  await d.navigate(path);
  await d.until(() => document.querySelector('.card-title')?.textContent === 'Fresh Story A', null, 'back on the page');
  await sleep(500);
  assert.deepEqual(await d.ev(badged), [], 'nothing new since the last visit');
  await d.closePanel();
}

// ---------------------------------------------------------------------------------------------
// Stored data and fetch: hostile and unlucky cases (RELIABILITY.md). Each starts and ends with an
// empty storage.local, so the other scenarios of the profile are not touched.

/**
 * Has the panel listed its page and finished its start (the storage's upgrade and read, which run
 * under the extension's storage lock)? A test that then writes storage.local itself cannot race
 * that start (a start reading an empty storage and writing its layout mark over a test's sample).
 */
export const panelReady = async () => {
  if (!(globalThis.caixinSidebar && document.documentElement.dataset.scans >= 1)) return false;
  const locks = await navigator.locks?.query();
  return !locks || locks.held.length + locks.pending.length === 0;
};

const clearStorage = () => (globalThis.browser ?? globalThis.chrome).storage.local.clear().then(() => true);
const storageDump = () => (globalThis.browser ?? globalThis.chrome).storage.local.get(null);

/**
 * Panels opened inside the sidebar page (iframes of sidebar.html on the same tab): each is a
 * panel of its own (its own wasm, its own start), sharing the extension's storage, its change
 * events and its lock, as two windows' panels do. Runs in the sidebar page; resolves when every
 * one has listed its page and read the collection's count.
 */
async function openPanels(n) {
  const tab = new URLSearchParams(location.search).get('tab');
  const frames = Array.from({ length: n }, (_, i) => {
    const f = document.createElement('iframe');
    f.id = `panel-${i}`;
    f.style.cssText = 'width:400px;height:300px';
    f.src = `sidebar.html?tab=${tab}`;
    return f;
  });
  // At once: their starts race.
  document.body.append(...frames);
  for (;;) {
    const ready = frames.every((f) => f.contentWindow?.caixinSidebar && Number(f.contentDocument.documentElement.dataset.scans) >= 1
      && /\d+$/.test(f.contentDocument.querySelector('#view-collection')?.textContent ?? ''));
    if (ready) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** In the sidebar page: what the panels opened by `openPanels` show (their count, their status
 * line). (Each check spells it out: functions are sent to the page as source, one at a time.) */
const panels = () => [0, 1].map((i) => {
  const doc = document.querySelector(`#panel-${i}`).contentDocument;
  return { count: Number(doc.querySelector('#view-collection').textContent.match(/\d+$/)[0]), status: doc.querySelector('.status').textContent };
});

/** Every stored version's sample, oldest first: [version, storage.local as it held it]. */
export function storageSamples() {
  const dir = path.join(ROOT, 'tests/fixtures/storage');
  return fs.readdirSync(dir).filter((f) => /^v\d+\.json$/.test(f)).map((f) => [Number(f.slice(1, -5)), JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))]).sort((a, b) => a[0] - b[0]);
}

/**
 * Every earlier version's stored data (tests/fixtures/storage/v<N>.json) put in the browser's
 * storage, then two panels starting at the same moment: the storage is upgraded once, every
 * article kept (those the old index had lost too) and listed; a third start writes nothing.
 */
export async function upgradeFromEveryStoredVersion(d, { seedPath, samples }) {
  await d.open(seedPath);
  for (const [version, sample] of samples) {
    const items = Object.keys(sample).filter((k) => k.startsWith('c:'));
    await d.ev(clearStorage);
    await d.ev((s) => (globalThis.browser ?? globalThis.chrome).storage.local.set(s).then(() => true), sample);
    await d.ev(openPanels, 2);
    const counts = await d.until((n) => {
      const c = [0, 1].map((i) => Number(document.querySelector(`#panel-${i}`).contentDocument.querySelector('#view-collection').textContent.match(/\d+$/)[0]));
      return c.every((x) => x === n) && c;
    }, items.length, `v${version}: both panels count every article`);
    assert.deepEqual(counts, [items.length, items.length]);
    const after = await d.ev(storageDump);
    assert.equal(after.meta, '{"schema":2}', `v${version}`);
    assert.equal(after.collection, undefined, 'the old index is gone');
    for (const k of items) {
      assert.ok(after[k], `${k} kept`);
      const [was, now] = [JSON.parse(sample[k]), JSON.parse(after[k])];
      assert.deepEqual(now.article, was.article, k);
      assert.equal(typeof now.added, 'number', k);
    }
    assert.ok(!Object.keys(after).some((k) => k.startsWith('s:') && k.includes('?')), 'seen pages keyed without the query');
    // Panel 0's collection view lists them all.
    const titles = await d.until(async (n) => {
      const doc = document.querySelector('#panel-0').contentDocument;
      doc.querySelector('#view-collection').click();
      await new Promise((r) => setTimeout(r, 100));
      const t = [...doc.querySelectorAll('.card-title')].map((e) => e.textContent);
      return t.length === n && t;
    }, items.length, 'the collection view');
    assert.deepEqual([...titles].sort(), items.map((k) => JSON.parse(sample[k]).article.title).sort());
    // A third start: nothing to upgrade, nothing written.
    await d.ev(() => { for (const f of document.querySelectorAll('iframe')) f.remove(); return true; });
    const before = await d.ev(storageDump);
    await d.reloadPanel();
    await d.until((n) => document.querySelector('#view-collection').textContent.endsWith(` ${n}`), items.length, 'the count after a restart');
    await sleep(300);
    const again = await d.ev(storageDump);
    for (const k of Object.keys(before).filter((k) => !k.startsWith('s:') && k !== 'seen')) assert.equal(again[k], before[k], k);
  }
  await d.ev(clearStorage);
  await d.closePanel();
}

/**
 * Two panels (two windows) adding at the same moment keep both additions, and each shows what
 * the other added.
 */
export async function twoPanelsAddingAtOnce(d, { seedPath }) {
  await d.open(seedPath);
  await d.ev(clearStorage);
  await d.reloadPanel();
  await d.ev(openPanels, 2);
  const titles = await d.ev(() => [...document.querySelector('#panel-0').contentDocument.querySelectorAll('.card-title')].map((e) => e.textContent));
  // Different cards in each, in the same task.
  await d.ev(() => {
    const [a, b] = [0, 1].map((i) => document.querySelector(`#panel-${i}`).contentDocument);
    a.querySelectorAll('.card .card-collect')[0].click();
    b.querySelectorAll('.card .card-collect')[1].click();
    return true;
  });
  const counted = (n) => [0, 1].every((i) => document.querySelector(`#panel-${i}`).contentDocument.querySelector('#view-collection').textContent.endsWith(` ${n}`));
  await d.until(counted, 2, 'both panels see both');
  // Everything in one, the Trending stories in the other, at once.
  await d.ev(() => {
    const [a, b] = [0, 1].map((i) => document.querySelector(`#panel-${i}`).contentDocument);
    b.querySelector('.chip[data-section="Trending Stories"]').click();
    b.querySelector('#scope').value = 'filtered';
    a.querySelector('#add').click();
    b.querySelector('#add').click();
    return true;
  });
  const n = titles.length;
  await d.until(counted, n, 'both panels hold every article');
  await sleep(300);
  const stored = await d.ev(storageDump);
  assert.equal(Object.keys(stored).filter((k) => k.startsWith('c:')).length, n, 'every item stored');
  for (const p of await d.ev(panels)) assert.doesNotMatch(p.status, /Could not save/);
  // A third panel reads the same collection.
  await d.ev(() => { for (const f of document.querySelectorAll('iframe')) f.remove(); return true; });
  await d.reloadPanel();
  await d.until((n) => document.querySelector('#view-collection').textContent.endsWith(` ${n}`), n, 'a new panel counts them');
  await d.ev(clearStorage);
  await d.closePanel();
}

/**
 * A site that pushes 30 pages with addresses of kilobytes, each listing 600 articles at addresses
 * of kilobytes, visited one after the other: the seen pages stay within their budget, and a
 * collection filled to its cap afterwards is written whole, under the browser's quota.
 */
export async function longAddressesCannotFillTheQuota(d, srv, { bytesInUse }) {
  // 1,400 stories of full length (some 7 KB each stored): more than the 8 MiB the collection takes.
  const words = 'the company said on Tuesday that revenue in the third quarter rose as demand for its services recovered while costs weighed on margins'.split(' ');
  const paragraph = (i, k) => Array.from({ length: 70 }, (_, w) => words[(i * 7 + k * 13 + w) % words.length]).join(' ') + '.';
  let story = 0;
  const fullPage = execFileSync('cargo', ['run', '--quiet', '--bin', 'gen-bench-page', '--', '1400'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 })
    .replace(/<p>Paragraph three:[^<]*<\/p>/g, () => { story++; return Array.from({ length: 14 }, (_, k) => `<p>${paragraph(story, k)}</p>`).join('\n'); });
  const long = (i) => `www.caixinglobal.com/push/${`page-${i}-`.repeat(150)}/`;
  const entries = (i) => Array.from({ length: 600 }, (_, k) => ({
    url: `https://www.caixinglobal.com/2026-11-2${k % 10}/${'a-very-long-slug-'.repeat(60)}${i}-${k}-${102700000 + i * 1000 + k}.html`,
    title: `Pushed ${i}.${k}`, summary: 's',
  }));
  for (let i = 0; i < 30; i++) srv.extra[long(i)] = listingHtml(`Push ${i} – Caixin Global`, entries(i));
  await d.open(long(0));
  // (After the visit this panel records: the storage is emptied under it.)
  await sleep(500);
  await d.ev(clearStorage);
  await d.reloadPanel();
  for (let i = 1; i < 30; i++) {
    const n = await d.ev(scans);
    await d.navigate(`${long(i)}?q=${'z'.repeat(1500)}`);
    await d.until(([n, t]) => Number(document.documentElement.dataset.scans) > n && document.querySelector('.page-title').textContent === t, [n, `Push ${i} – Caixin Global`], `page ${i} listed`, 30_000);
  }
  await sleep(1000);
  const seen = await d.ev(async () => {
    const all = await (globalThis.browser ?? globalThis.chrome).storage.local.get(null);
    const keys = Object.keys(all).filter((k) => k === 'seen' || k.startsWith('s:'));
    // As Chrome counts: the key and the value as JSON.
    return { pages: keys.length - 1, bytes: keys.reduce((n, k) => n + k.length + JSON.stringify(all[k]).length, 0), longestKey: Math.max(...keys.map((k) => k.length)) };
  });
  assert.equal(seen.pages, 30);
  assert.ok(seen.bytes <= 512 * 1024, `seen pages take ${seen.bytes} bytes`);
  assert.ok(seen.longestKey <= 2 + 160, `page keys are bounded: ${seen.longestKey}`);
  // Now a collection filled to its cap: every write succeeds.
  srv.extra['www.caixinglobal.com/push/full/'] = fullPage;
  const n = await d.ev(scans);
  await d.navigate('www.caixinglobal.com/push/full/');
  await d.until((n) => Number(document.documentElement.dataset.scans) > n && document.querySelectorAll('.card').length > 0 && document.querySelector('.page-meta').textContent.includes('1400'), n, 'the full page listed', 60_000);
  await d.ev(() => { document.querySelector('#scope').value = 'all'; document.querySelector('#add').click(); return true; });
  const status = await d.until(() => { const s = document.querySelector('.status').textContent; return /full|Added|Could not/.test(s) && s; }, null, 'added', 60_000);
  assert.match(status, /full/, 'more than the cap was offered');
  await sleep(1500);
  assert.doesNotMatch(await d.ev(() => document.querySelector('.status').textContent), /Could not save/);
  const stored = await d.ev(async () => {
    const all = await (globalThis.browser ?? globalThis.chrome).storage.local.get(null);
    const size = (ks) => ks.reduce((n, k) => n + k.length + JSON.stringify(all[k]).length, 0);
    const items = Object.keys(all).filter((k) => k.startsWith('c:'));
    return { items: items.length, itemBytes: size(items), total: size(Object.keys(all)) };
  });
  const shown = Number(await d.ev(() => document.querySelector('#view-collection').textContent.match(/\d+$/)[0]));
  assert.equal(stored.items, shown, 'what the panel counts is stored');
  assert.ok(stored.itemBytes <= 8 * 1024 * 1024 && stored.itemBytes > 7.5 * 1024 * 1024, `collection ${stored.itemBytes} bytes`);
  assert.ok(stored.total < 10 * 1024 * 1024, `everything ${stored.total} bytes`);
  if (bytesInUse) assert.ok(await d.ev(() => chrome.storage.local.getBytesInUse(null)) < 10 * 1024 * 1024, 'under QUOTA_BYTES as the browser counts');
  await d.ev(clearStorage);
  await d.closePanel();
}

/**
 * Hostile addresses: a listing whose links carry a user name or a port (each entry is the site's
 * own address, fetched there), one redirected to http (refused, not followed), two off-site
 * look-alikes (refused without a request); then stored articles whose addresses carry a user
 * name, a port or plain http (refused one by one). The run is never stopped.
 */
export async function hostileAddressesRefused(d, srv) {
  const a = (id, slug, title) => ({ url: `https://www.caixinglobal.com/2026-11-20/${slug}-${id}.html`, title, summary: `Summary of ${title}.`, author: 'Ding Yi', paragraphs: [`First paragraph of ${title}.`, `Second paragraph of ${title}.`] });
  const [user, port, moved, big] = [a(102500601, 'with-a-user-name', 'With a User Name'), a(102500602, 'with-a-port', 'With a Port'), a(102500603, 'moved-to-http', 'Moved to Http'), a(102500606, 'too-big', 'Too Big')];
  for (const x of [user, port]) srv.extra[keyOf(x.url)] = articleHtml(x);
  srv.routes[keyOf(moved.url)] = [{ status: 302, headers: { location: moved.url.replace('https://', 'http://') } }];
  // 33.6 MB without Content-Length (chunked), but 11.2 M UTF-16 units: the cap counts bytes.
  srv.routes[keyOf(big.url)] = [{ body: `<!DOCTYPE html><title>Too Big</title><p>${'财'.repeat(11_200_000)}</p>` }];
  const path = 'www.caixinglobal.com/hostile-links/';
  srv.extra[path] = listingHtml('Hostile links – Caixin Global', [
    { ...user, url: user.url.replace('https://', 'https://reader:secret@') },
    { ...port, url: port.url.replace('caixinglobal.com/', 'caixinglobal.com:8443/') },
    moved,
    big,
    { url: 'https://evil.example/2026-11-20/elsewhere-102500604.html', title: 'Elsewhere', summary: 's' },
    { url: 'https://www.caixinglobal.com.evil.example/2026-11-20/look-alike-102500605.html', title: 'Look-alike', summary: 's' },
  ]);
  const t0 = Date.now();
  await d.open(path);
  await d.ev(clearStorage);
  const urls = JSON.parse(await d.ev(exportAll, 'json')).articles.map((x) => x.url);
  assert.deepEqual(urls.slice(0, 3), [user.url, port.url, moved.url], 'the site\'s own addresses');
  await d.ev(click, '#fetch');
  const end = await d.until(() => { const s = JSON.parse(caixinSidebar.sidebar.fetchState()); return s.state !== 'running' && s.state !== 'none' && s; }, null, 'the run', 30_000);
  assert.deepEqual([end.state, end.done, end.failed], ['finished', 2, 4]);
  const badge = (t) => [...document.querySelectorAll('.card')].find((c) => c.querySelector('.card-title').textContent === t)?.querySelector('.badge-failed:not([hidden])')?.textContent ?? null;
  assert.equal(await d.ev(badge, 'Moved to Http'), 'not fetched: the site redirected it (not followed)');
  assert.equal(await d.ev(badge, 'Too Big'), 'not fetched: the page is over 32 MB');
  assert.equal(await d.ev(badge, 'Elsewhere'), 'not fetched: not a Caixin address');
  assert.equal(await d.ev(badge, 'Look-alike'), 'not fetched: not a Caixin address');
  const log = srv.log.filter((r) => r.start >= t0);
  assert.ok(log.some((r) => r.tls && r.path === new URL(user.url).pathname && !r.aborted), 'fetched at the site\'s own address');
  assert.ok(log.some((r) => r.tls && r.path === new URL(port.url).pathname), 'fetched without the port');
  assert.ok(!log.some((r) => !r.tls && r.path === new URL(moved.url).pathname), 'the redirect to http was not followed');
  assert.ok(!log.some((r) => /evil/.test(r.host)), 'nothing asked of another host');
  const exported = JSON.parse(await d.ev(exportAll, 'json')).articles;
  assert.equal(exported[0].body[0], user.paragraphs[0], 'its text, from the site\'s own address');

  // Stored articles with such addresses (an earlier version stored them as the page gave them).
  const stored = [
    ['https://u:p@www.caixinglobal.com/2026-11-20/stored-user-102500611.html', 'the address holds a user name'],
    ['https://www.caixinglobal.com:8443/2026-11-20/stored-port-102500612.html', 'the address names a port'],
    ['http://www.caixinglobal.com/2026-11-20/stored-http-102500613.html', 'not an https address'],
  ];
  await d.ev((items) => (globalThis.browser ?? globalThis.chrome).storage.local.set(Object.fromEntries(items.map(([u], i) => {
    const key = new URL(u).hostname + new URL(u).pathname;
    return [`c:${key}`, JSON.stringify({ article: { url: u, title: `Stored ${i}` }, site: 'caixin-global', added: i + 1 })];
  }))).then(() => true), stored);
  await d.reloadPanel();
  const before = srv.log.length;
  await d.ev(click, '#view-collection');
  await d.until(() => document.querySelectorAll('.card').length === 3, null, 'the stored articles');
  await d.ev(click, '#fetch');
  const run = await d.until(() => { const s = JSON.parse(caixinSidebar.sidebar.fetchState()); return s.state === 'finished' && s; }, null, 'the run of the stored ones');
  assert.deepEqual([run.done, run.failed], [0, 3]);
  for (const [i, [, why]] of stored.entries()) assert.equal(await d.ev(badge, `Stored ${i}`), `not fetched: ${why}`);
  await sleep(500);
  assert.equal(srv.log.length, before, 'no request for them');
  await d.ev(clearStorage);
  await d.closePanel();
}

/**
 * The early read (extension/background.js): the handler the browser calls as the panel opens
 * (Chromium: sidePanel.onOpened for the tab's window; Firefox: the button's click, which outside a
 * gesture opens no sidebar but starts the read as a click does), then the panel page: it takes
 * that read (`stats.preRead`) and lists exactly what a panel reading the tab itself lists. The
 * background holds the HTML until the panel takes it, then drops it; not taken, it is dropped
 * after its hold time, and the next panel reads the tab itself.
 * The driver adds: button() (that handler for the page's tab), held() (the tabs whose read the
 * background holds), holdMs(). `handover`: the way the panel asks for the read in this browser
 * (Chromium: its background is a service worker that controls the panel, asked and answering by
 * postMessage; Firefox: a runtime message).
 */
export async function preReadTaken(d, { seedPath, handover }) {
  const listed = () => ({
    preRead: caixinSidebar.stats.preRead,
    titles: [...document.querySelectorAll('.card-title')].map((e) => e.textContent),
    json: caixinSidebar.sidebar.exportText('json', 'all'),
    csv: caixinSidebar.sidebar.exportText('csv', 'all'),
  });
  // The panel's own read.
  await d.open(seedPath);
  const own = await d.ev(listed);
  assert.equal(own.preRead, 0, 'a panel opened without the button reads the tab itself');
  assert.equal(own.titles.length, 20);
  await d.closePanel();
  assert.deepEqual(await d.held(), [], 'nothing held before the panel opens');

  // The opening, then the panel: the read is taken, the list is the same, nothing is held after.
  await d.button();
  assert.equal((await d.held()).length, 1, 'the early read is held for the panel');
  await d.open(null);
  const taken = await d.ev(listed);
  assert.equal(taken.preRead, 1, 'the panel took the early read');
  assert.equal(await d.ev(() => caixinSidebar.handover), handover, 'the way the panel asks');
  assert.deepEqual(taken.titles, own.titles);
  assert.equal(taken.json, own.json);
  assert.equal(taken.csv, own.csv);
  assert.deepEqual(await d.held(), [], 'dropped once handed over');
  // A rescan reads the tab itself, and finds it unchanged (the same key as the early read).
  const rescan = await d.ev(async () => {
    const before = { ...caixinSidebar.stats };
    await caixinSidebar.scan();
    return { before, after: { ...caixinSidebar.stats } };
  });
  assert.equal(rescan.after.unchanged, rescan.before.unchanged + 1, 'the rescan found the page unchanged');
  assert.equal(rescan.after.preRead, 1);
  await d.closePanel();

  // An opening without a panel taking the read: dropped after its hold time.
  await d.button();
  assert.equal((await d.held()).length, 1);
  const hold = await d.holdMs();
  assert.ok(hold >= 1000 && hold <= 10_000, `held for a few seconds (${hold} ms)`);
  await new Promise((r) => setTimeout(r, hold + 1000));
  assert.deepEqual(await d.held(), [], 'dropped after its hold time');
  await d.open(null);
  const late = await d.ev(listed);
  assert.equal(late.preRead, 0, 'nothing left to take: the panel read the tab itself');
  assert.deepEqual(late.titles, own.titles);
  await d.close();
}
