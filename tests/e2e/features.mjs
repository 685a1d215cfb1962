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
import { ARTICLES, FIXTURE_ARTICLES, keyOf, articleHtml, fetchListing, generatedPages, listingHtml } from './pages/site.mjs';
import { cliExport, cliExportHtml, fixtures, requestStats } from './server.mjs';

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
  await d.ev(click, '#fetch');
  assert.match(await d.ev(() => document.querySelector('.progress-text').textContent), /full text already/);
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
  // "Add to collection" on two cards.
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
