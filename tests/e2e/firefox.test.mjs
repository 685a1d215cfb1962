// The same core checks in Firefox ESR through geckodriver (WebDriver over HTTP): the built
// extension (dist/firefox) installed as a temporary add-on, fixture pages served on 127.0.0.1 and
// reached under their real host names (network.dns.localDomains), the sidebar page opened as a
// tab with ?tab=<id>.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import os from 'node:os';
import { spawn, execSync } from 'node:child_process';
import { serve, fixtures, cliExport, ROOT } from './server.mjs';
import {
  fetchFullArticles, collectionBeforeRestart, collectionAfterRestart, newSinceLastVisit,
  upgradeFromEveryStoredVersion, twoPanelsAddingAtOnce, longAddressesCannotFillTheQuota, hostileAddressesRefused, storageSamples, panelReady,
  preReadTaken,
} from './features.mjs';

const EXT = path.join(ROOT, 'dist/firefox');
const XPI = path.join(ROOT, 'dist/caixin-sidebar-firefox.zip');
const GECKO_ID = JSON.parse(fs.readFileSync(path.join(EXT, 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id;
const UUID = '5f1d8c2e-0b7a-4c1e-9a57-3c3b1c0d4e21';
const BASE = `moz-extension://${UUID}`;
const SHOTS = path.join(ROOT, 'docs/screenshots');
let srv, ff;

async function freePort() {
  return new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
}

/**
 * Firefox ESR under its own geckodriver, with the extension. Without `profile`, a fresh profile
 * and the extension as a temporary add-on; with a profile directory, that profile (kept across
 * sessions: a browser restart) and the extension installed for good (ESR accepts an unsigned
 * add-on when xpinstall.signatures.required is off). Caixin hosts resolve to the test server;
 * HTTPS goes through it as a proxy, its certificate accepted.
 */
async function firefox({ profile } = {}) {
  const port = await freePort();
  const wd = `http://127.0.0.1:${port}`;
  const gecko = process.env.GECKODRIVER ?? execSync('command -v geckodriver', { encoding: 'utf8', shell: '/bin/bash' }).trim();
  // --allow-system-access: without it WebDriver refuses moz-extension:// pages (CONTRIBUTING.md, "Toolchain traps").
  const driver = spawn(gecko, ['--port', String(port), '--allow-system-access'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try { await fetch(`${wd}/status`); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  const call = async (method, pathname, body) => {
    const res = await fetch(`${wd}${pathname}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${pathname}: ${JSON.stringify(json.value)}`);
    return json.value;
  };
  const caps = await call('POST', '/session', {
    capabilities: { alwaysMatch: { browserName: 'firefox', acceptInsecureCerts: true, 'moz:firefoxOptions': {
      binary: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
      args: ['-headless', '-width', '420', '-height', '900', ...(profile ? ['-profile', profile] : [])],
      prefs: {
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
        'network.dns.localDomains': srv.hosts.join(','),
        // https:// addresses (the articles a listing links to) go to the test server.
        'network.proxy.type': 1, 'network.proxy.ssl': '127.0.0.1', 'network.proxy.ssl_port': srv.port,
        'browser.shell.checkDefaultBrowser': false, 'app.update.enabled': false,
        'xpinstall.signatures.required': false,
      },
    } } },
  });
  const session = caps.sessionId;
  const s = (p) => `/session/${session}${p}`;
  const f = {
    call,
    s,
    go: (url) => call('POST', s('/url'), { url }),
    run: (script, ...args) => call('POST', s('/execute/async'), { script: `const done = arguments[arguments.length - 1]; (async () => { ${script} })().then(done, (e) => done({ error: String(e) }));`, args }),
    async until(script, what, ms = 15000) {
      const end = Date.now() + ms;
      for (;;) {
        const v = await f.run(script);
        if (v && !v.error) return v;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async quit() {
      await call('DELETE', s('')).catch(() => {});
      driver.kill();
    },
  };
  return f;
}

/** Installs the extension: temporary from dist/firefox, or for good from its zip. */
async function install(f, { permanent = false } = {}) {
  // Allowed in private windows, as a reader may allow it (the panel then stores nothing of them).
  await f.call('POST', f.s('/moz/addon/install'), permanent ? { path: XPI } : { path: EXT, temporary: true, allowPrivateBrowsing: true });
}

before(async () => {
  assert.ok(fs.existsSync(path.join(EXT, 'manifest.json')), 'run ./build.sh first');
  srv = await serve();
  ff = await firefox();
  await install(ff);
});

after(async () => {
  await ff?.quit();
  await srv?.close();
});

const call = (...a) => ff.call(...a);
const s = (p) => ff.s(p);
const go = (url) => ff.go(url);
const run = (...a) => ff.run(...a);
const until = (...a) => ff.until(...a);

const seed = fixtures().find((f) => f.name === 'caixin-global/cx-tech-2020-11-27');

/** Opens `url` in the current tab, then the sidebar page on it in a new tab. */
async function open(url, f = ff) {
  await f.go(url);
  const page = await f.call('GET', f.s('/window'));
  return { page, panel: await panelOn(url, f) };
}

/** A new tab with the sidebar page on the tab showing `url`; it becomes the current window. */
async function panelOn(url, f = ff) {
  const w = await f.call('POST', f.s('/window/new'), { type: 'tab' });
  await f.call('POST', f.s('/window'), { handle: w.handle });
  await f.go(`${BASE}/sidebar.html?tab=-1`);
  const tabId = await f.until(`return (await browser.tabs.query({})).find((t) => t.url === ${JSON.stringify(url)})?.id;`, 'the page tab');
  await f.go(`${BASE}/sidebar.html?tab=${tabId}`);
  await f.until(`return (await (${panelReady})()) || undefined;`, 'the first scan and the start');
  return w.handle;
}

/** The driver of tests/e2e/features.mjs. */
function driver(f = ff) {
  let page = null;
  let panel = null;
  let pageUrl = null;
  const url = (hostPath) => { const i = hostPath.indexOf('/'); return `http://${hostPath.slice(0, i)}:${srv.port}${hostPath.slice(i)}`; };
  const to = (handle) => f.call('POST', f.s('/window'), { handle });
  const ev = (fn, arg) => f.run(`return await (${fn.toString()})(${JSON.stringify(arg ?? null)});`);
  // In the background page, from an extension page of its own opened for the call (the page's tab
  // cannot reach it).
  const bg = async (script) => {
    const w = await f.call('POST', f.s('/window/new'), { type: 'tab' });
    await to(w.handle);
    try {
      await f.go(`${BASE}/sidebar.html?tab=-1`);
      return await f.run(`const bg = await browser.runtime.getBackgroundPage(); const tab = (await browser.tabs.query({})).find((t) => t.url === ${JSON.stringify(pageUrl)}); ${script}`);
    } finally {
      await f.call('DELETE', f.s('/window'));
      await to(panel ?? page);
    }
  };
  return {
    async open(hostPath) {
      if (hostPath !== null) {
        if (page === null) {
          const w = await f.call('POST', f.s('/window/new'), { type: 'tab' });
          page = w.handle;
        }
        await to(page);
        pageUrl = url(hostPath);
        await f.go(pageUrl);
      }
      panel = await panelOn(pageUrl, f);
    },
    ev,
    button: () => bg('if (bg.caixinBackground.startsEarlyRead !== \'action.onClicked\') throw new Error(\'no click listener\'); bg.caixinBackground.onActionClicked(tab); return 1;'),
    held: () => bg('return [...bg.caixinBackground.held()];'),
    holdMs: () => bg('return bg.caixinBackground.HOLD_MS;'),
    async until(fn, arg, what, ms = 15_000) {
      const end = Date.now() + ms;
      for (;;) {
        const v = await ev(fn, arg);
        if (v && !v.error) return v;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async page(fn, arg) {
      await to(page);
      try { return await ev(fn, arg); } finally { if (panel) await to(panel); }
    },
    async reloadPage() {
      await to(page);
      await f.call('POST', f.s('/refresh'), {});
      if (panel) await to(panel);
    },
    async navigate(hostPath) {
      await to(page);
      pageUrl = url(hostPath);
      await f.go(pageUrl);
      if (panel) await to(panel);
    },
    async reloadPanel() {
      await f.call('POST', f.s('/refresh'), {});
      await f.until(`return (await (${panelReady})()) || undefined;`, 'the first scan and the start');
    },
    async closePanel() {
      await f.call('DELETE', f.s('/window'));
      panel = null;
      await to(page);
    },
    async shot(name) {
      fs.writeFileSync(path.join(SHOTS, `${name}.png`), Buffer.from(await f.call('GET', f.s('/screenshot')), 'base64'));
    },
    async close() {
      if (panel) await this.closePanel();
      await to(page);
      await f.call('DELETE', f.s('/window'));
      const [h] = await f.call('GET', f.s('/window/handles'));
      await to(h);
    },
  };
}

test('Firefox: the seed page is listed, chips count, search narrows, click scrolls, exports equal the CLI', async () => {
  const url = `http://www.caixinglobal.com:${srv.port}/live/`;
  const { page, panel } = await open(url);
  const expected = JSON.parse(cliExport(seed.file, url));
  const titles = await run(`return [...document.querySelectorAll('.card-title')].map((e) => e.textContent);`);
  assert.deepEqual(titles, expected.articles.map((a) => a.title));

  const trending = expected.articles.filter((a) => a.section === 'Trending Stories').length;
  const chip = await run(`const c = document.querySelector('.chip[data-section="Trending Stories"]'); c.click(); return [c.textContent, caixinSidebar.sidebar.shownCount()];`);
  assert.deepEqual(chip, [`Trending Stories ${trending}`, trending]);
  await run(`document.querySelector('.chip[data-section="*"]').click(); return 1;`);

  const narrowed = await run(`const i = document.querySelector('#search'); i.value = 'huawei'; i.dispatchEvent(new Event('input', { bubbles: true }));
    return [...document.querySelectorAll('.card')].filter((c) => !c.hidden).map((c) => c.querySelector('.card-title').textContent);`);
  const want = expected.articles.filter((a) => [a.title, a.summary, a.byline, ...a.authors, ...a.body].join('\n').toLowerCase().includes('huawei')).map((a) => a.title);
  assert.deepEqual(narrowed, want);
  await run(`const i = document.querySelector('#search'); i.value = ''; i.dispatchEvent(new Event('input', { bubbles: true })); return 1;`);

  // The JSON the Download button writes (same function, minus the Blob) equals the CLI's.
  for (const format of ['json', 'csv', 'md', 'ndjson', 'csl']) {
    assert.equal(await run(`return caixinSidebar.sidebar.exportText(${JSON.stringify(format)}, 'all');`), cliExport(seed.file, url, format), format);
  }

  // A click on a card scrolls the page tab to the story.
  await run(`document.querySelectorAll('.card')[15].click(); return 1;`);
  const shot = await call('GET', s('/screenshot'));
  fs.writeFileSync(path.join(ROOT, 'docs/screenshots/firefox-panel.png'), Buffer.from(shot, 'base64'));
  await call('POST', s('/window'), { handle: page });
  const where = await until(`const h = document.querySelector('[data-caixin-sidebar-highlight]'); return h ? { y: window.scrollY, text: h.textContent.trim() } : undefined;`, 'the highlight');
  assert.ok(where.y > 1000, `scrolled to ${where.y}`);
  assert.equal(where.text, expected.articles[15].title);

  // The page grows: the sidebar rescans by itself.
  await run(`const list = document.querySelector('.cxtech-list'); const item = list.lastElementChild.cloneNode(true);
    const a = item.querySelector('h2 a'); a.href = 'https://www.caixinglobal.com/2020-11-23/a-story-loaded-later-101632700.html'; a.textContent = 'A Story Loaded Later'; list.append(item); return 1;`);
  await call('POST', s('/window'), { handle: panel });
  await until(`return document.querySelectorAll('.card').length === 21 || undefined;`, 'the rescan after growth');
  await call('DELETE', s('/window'));
  await call('POST', s('/window'), { handle: page });
});

test('Firefox: a caixin.com article page, and a tab that is not Caixin', async () => {
  const f = fixtures().find((x) => x.name === 'caixin-cn/article-finance-2026-08-06');
  const url = `http://finance.caixin.com:${srv.port}/2026-08-06/102472081.html`;
  const { page, panel } = await open(url);
  const expected = JSON.parse(cliExport(f.file, url));
  assert.equal(await run(`return caixinSidebar.sidebar.shownCount();`), expected.articles.length);
  assert.equal(await run(`return document.querySelector('.card-title').textContent;`), '宇树科技IPO估值600亿元 DeepSeek参与战略配售');
  assert.match(await run(`return document.querySelector('.page-meta').textContent;`), /^article/);

  await call('POST', s('/window'), { handle: page });
  await go(`http://127.0.0.1:${srv.port}/elsewhere`);
  await call('POST', s('/window'), { handle: panel });
  await until(`return document.querySelector('.status')?.textContent.includes('not a Caixin page') || undefined;`, 'the not-Caixin message');
  assert.equal(await run(`return document.querySelectorAll('.card').length;`), 0);
});

test('Firefox: the background reads the tab as the panel opens: the panel takes that read, lists the same, and the background drops it after handing it over or after its hold time', async () => {
  await preReadTaken(driver(), { seedPath: 'www.caixinglobal.com/live/', handover: 'runtime message' });
});

test('Firefox: fetch full articles: two at once, 500 ms apart per host, Retry-After, a 404 retried, a slow page, cancel; the export holds the bodies; no second request', async () => {
  const d = driver();
  await fetchFullArticles(d, srv);
  await d.close();
});

test('Firefox: new since the last visit: exactly the new entries badged, New and Free only filters', async () => {
  const d = driver();
  await newSinceLastVisit(d, srv, { otherPath: 'www.caixinglobal.com/' });
  await d.close();
});

test('Firefox: the collection survives a browser restart with the same profile; remove and clear', async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'caixin-firefox-profile-'));
  const seedPath = 'www.caixinglobal.com/live/';
  const articlePath = 'www.caixinglobal.com/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html';
  try {
    let f = await firefox({ profile });
    await install(f, { permanent: true });
    let exports;
    try {
      exports = await collectionBeforeRestart(driver(f), { seedPath, articlePath });
    } finally {
      await f.quit();
    }
    // The same profile again: the browser restarted, the add-on still installed.
    f = await firefox({ profile });
    try {
      await collectionAfterRestart(driver(f), { seedPath, exports });
    } finally {
      await f.quit();
    }
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test('Firefox: stored data: an upgrade from every stored version keeps every article, two panels starting at once upgrade once', async () => {
  const d = driver();
  await upgradeFromEveryStoredVersion(d, { seedPath: 'www.caixinglobal.com/live/', samples: storageSamples() });
  await d.close();
});

test('Firefox: stored data: two panels adding at once keep both', async () => {
  const d = driver();
  await twoPanelsAddingAtOnce(d, { seedPath: 'www.caixinglobal.com/live/' });
  await d.close();
});

test('Firefox: stored data: 30 pages of long addresses cannot push the collection over its quota', async () => {
  const d = driver();
  await longAddressesCannotFillTheQuota(d, srv, { bytesInUse: false });
  await d.close();
});

test('Firefox: fetch: hostile addresses (user name, port, http, a redirect to http, off-site) are refused one by one without stopping the run', async () => {
  const d = driver();
  await hostileAddressesRefused(d, srv);
  await d.close();
});

test('Firefox: a private window: the panel knows the tab is private, lists, filters and exports, and stores nothing', async () => {
  const w = await call('POST', s('/window/new'), { type: 'tab' });
  await call('POST', s('/window'), { handle: w.handle });
  await go(`${BASE}/sidebar.html?tab=-1`);
  const url = `http://www.caixinglobal.com:${srv.port}/live/?in-a-private-window`;
  const tabId = await run(`await browser.storage.local.clear();
    await browser.storage.session.clear();
    const win = await browser.windows.create({ incognito: true, url: ${JSON.stringify(url)} });
    for (;;) { const [t] = await browser.tabs.query({ windowId: win.id }); if (t?.status === 'complete' && t.url === ${JSON.stringify(url)}) return t.id; await new Promise((r) => setTimeout(r, 100)); }`);
  assert.equal(await run(`return (await browser.tabs.get(${tabId})).incognito;`), true);
  await go(`${BASE}/sidebar.html?tab=${tabId}`);
  await until('return (globalThis.caixinSidebar && document.documentElement.dataset.scans >= 1) || undefined;', 'the first scan');
  const note = await until(`const n = document.querySelector('.store-note'); return (!n.hidden && n.textContent) || undefined;`, 'the note');
  assert.match(note, /^Private window: nothing is kept/);
  const expected = JSON.parse(cliExport(seed.file, url));
  assert.equal(await run(`return JSON.parse(caixinSidebar.sidebar.exportText('json', 'all')).articles.length;`), expected.articles.length);
  await run(`document.querySelector('.chip[data-section="Trending Stories"]').click(); return 1;`);
  assert.equal(await run(`return caixinSidebar.sidebar.shownCount();`), expected.articles.filter((a) => a.section === 'Trending Stories').length);
  await run(`document.querySelector('#add').click(); document.querySelector('.card .card-collect').click(); return 1;`);
  assert.match(await run(`return document.querySelector('.status').textContent;`), /^Private window/);
  await new Promise((r) => setTimeout(r, 800));
  const stored = await run(`return Object.keys(await browser.storage.local.get(null));`);
  assert.deepEqual(stored.filter((k) => k.startsWith('c:') || k.startsWith('s:') || k === 'seen'), [], `nothing of the private window stored: ${stored}`);
  assert.deepEqual(Object.keys(await run(`return await browser.storage.session.get(null);`)), []);
  assert.equal(await run(`return caixinSidebar.sidebar.collectionCount();`), 0);
  await run(`const [t] = await browser.tabs.query({}).then((ts) => ts.filter((x) => x.id === ${tabId})); await browser.windows.remove(t.windowId); return 1;`);
  await call('DELETE', s('/window'));
  const [h] = await call('GET', s('/window/handles'));
  await call('POST', s('/window'), { handle: h });
});
