// Glue between the browser and the Rust sidebar (pkg/caixin_sidebar.js): loads the wasm, reads
// the tab's HTML with scripting.executeScript, and hands the Rust UI the few browser APIs it
// needs. All extraction, filtering, rendering and exporting happens in Rust.
//
// Start-up runs in parallel (BENCHMARKS.md, "Panel open"): the module's compilation, the glue's
// import, the stored format and the first read of the tab all start here, before any of them is
// awaited; the list is shown as soon as both the module and the page's HTML are there.
import { readPage } from './read-page.js';

const api = globalThis.browser ?? globalThis.chrome;
performance.mark('caixin-start');

const WASM_URL = api.runtime.getURL('pkg/caixin_sidebar_bg.wasm');
// Compiled while the bytes stream in; the HTML preloads them (sidebar.html). Without the
// application/wasm type (never for an extension's own file, but cheap to allow) compile the bytes.
const wasmModule = WebAssembly.compileStreaming(fetch(WASM_URL))
  .catch(() => fetch(WASM_URL).then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b)));
const glue = import('./pkg/caixin_sidebar.js');
const savedFormat = api.storage.local.get('format').catch(() => ({}));

const t = (key, subs) => api.i18n.getMessage(key, subs) || key;
// The tab title in the interface language (the Rust UI sets <html lang> to match).
document.title = t('extName');

// Tests and automation open this page as a tab with ?tab=<id>: read that tab, not the active one
// (the real side panel can only be opened by a user gesture).
const fixedTab = new URLSearchParams(location.search).has('tab')
  ? Number(new URLSearchParams(location.search).get('tab'))
  : null;
let currentTab = null;
let scanning = null;
let scanAgain = false;
// What the list shows now: { tab, key } of the page it was extracted from (readPage's key), or
// { tab, read } until the read that came without its key (a first read) is keyed, when the browser
// is idle after the list is shown, or by the next scan. A rescan that finds the same key has
// nothing to do.
let shown = null;
function keyOfShown() {
  if (shown?.read) shown = { tab: shown.tab, key: readPage(null, shown.read) };
  return shown?.key ?? '';
}
// For tests and the benchmark: how many scans extracted a page, and how many found it unchanged;
// preRead: how many reads were the background's early read (background.js).
const stats = { extractions: 0, unchanged: 0, preRead: 0 };

async function targetTab() {
  if (fixedTab !== null) return api.tabs.get(fixedTab);
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab;
}

// The tab and, when we may read it (a tab whose URL we are shown at all: host permission), the
// read of its page under way. When the list shows this tab, the page is given the key of what it
// shows and answers { same } if that has not changed. The first read takes the one the background
// started as the panel opened (background.js), if any.
async function readTab(first = false) {
  const tabFound = targetTab();
  // A page opened for a given tab asks for its HTML at once, beside looking the tab up.
  const early = fixedTab !== null ? readPageOf(fixedTab, first) : null;
  const tab = await tabFound;
  if (!tab?.url) return { tab };
  return { tab, read: early ?? readPageOf(tab.id, first) };
}

// The read the background started for this tab as the panel opened, taken from it (it then drops
// it), or null when there is none. Chrome's background is a service worker that controls this
// page: asked through it, it answers over a port of ours (a structured clone; background.js);
// elsewhere (Firefox's background page) the read is a runtime message's answer.
const worker = (() => {
  // (Some browsers throw on `serviceWorker` where workers are off, e.g. private windows.)
  try { return navigator.serviceWorker?.controller ?? null; } catch { return null; }
})();
// For tests: which way the panel asks.
const handover = worker ? 'service worker' : 'runtime message';
function takePreRead(tabId) {
  const taken = worker ? askWorker(tabId) : Promise.resolve(api.runtime.sendMessage({ type: 'caixin-sidebar/take-read', tabId }));
  return taken.then((r) => (typeof r?.html === 'string' ? r : null), () => null);
}

function askWorker(tabId) {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port1.onmessage = (e) => {
      port1.close();
      resolve(e.data);
    };
    // An answer that cannot be read here: no early read.
    port1.onmessageerror = () => {
      port1.close();
      resolve(null);
    };
    worker.postMessage({ type: 'caixin-sidebar/take-read', tabId }, [port2]);
  });
}

function readPageOf(tabId, first) {
  performance.mark('caixin-read-start');
  const known = shown?.tab === tabId ? keyOfShown() : '';
  const own = () => api.scripting.executeScript({ target: { tabId }, func: readPage, args: [known] }).then(([r]) => r.result);
  const read = (first ? takePreRead(tabId) : Promise.resolve(null))
    .then((pre) => {
      if (!pre) return own();
      stats.preRead++;
      return pre;
    })
    .then((r) => { performance.mark('caixin-read-done'); return r; });
  // Handled where it is awaited; not an unhandled rejection meanwhile.
  read.catch(() => {});
  return read;
}

// The first read starts now, while the module compiles.
const firstRead = readTab(true).catch((e) => ({ error: e }));
// The page's HTML there (or its read failed): what the warm-up runs until.
const firstHtml = firstRead.then((r) => r.read).catch(() => {});
let firstReadDone = false;
firstHtml.then(() => { firstReadDone = true; });

const { default: init, Sidebar, isCaixinUrl, fetchRefusal, articleKey } = await glue;
await init({ module_or_path: wasmModule });
performance.mark('caixin-wasm-ready');

const host = {
  t: (key) => api.i18n.getMessage(key) || undefined,
  // `key` is the article's identity as the Rust side computed it: the page's links are keyed by
  // the same Rust rules (articleKey), never by a copy of them here.
  scrollTo: async (url, title, key) => {
    if (currentTab === null) return;
    const tabId = currentTab;
    try {
      let hrefs = [];
      if (key) {
        const [links] = await api.scripting.executeScript({ target: { tabId }, func: pageLinks });
        hrefs = [...new Set(links?.result ?? [])].filter((h) => articleKey(h) === key);
      } else if (url) {
        hrefs = [url];
      }
      // args must be JSON-serialisable: never undefined (Chromium throws).
      await api.scripting.executeScript({ target: { tabId }, func: scrollToArticle, args: [hrefs, title ?? ''] });
    } catch { /* the tab went away or is not scriptable */ }
  },
  open: (url) => { if (/^https?:\/\//i.test(url)) api.tabs.create({ url }); },
  download: (name, mime, text) => {
    const url = URL.createObjectURL(new Blob([text], { type: mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  },
  copy: (text) => navigator.clipboard.writeText(text).catch(() => {}),
  saveFormat: (format) => api.storage.local.set({ format }),
  rescan: () => scan(),
  // "Fetch full articles": the Rust side chooses the URLs, when each goes (at most 2 at once,
  // 500 ms apart per host, backing off), what may be fetched and read (src/wasm/schedule.rs), and
  // reads the answer; this is only the request, with the browser's cookies for Caixin outside
  // private windows (host permissions let the extension read the answer).
  fetchPage: async (url, signal, withCookies) => {
    // The address as the browser reads it (a backslash is a slash to it) is the one checked and
    // fetched; a refusal is an answer, not an error (it must not count as the site's trouble).
    let href;
    try { href = new URL(url).href; } catch { return { refused: 'bad-address' }; }
    const refused = fetchRefusal(href);
    if (refused) return { refused };
    // A redirect is not followed: what is fetched is what was checked.
    const r = await fetch(href, { credentials: withCookies ? 'include' : 'omit', redirect: 'manual', signal });
    const h = (name) => r.headers.get(name) ?? '';
    return {
      status: r.status, url: r.url || href, redirect: r.type === 'opaqueredirect',
      contentType: h('content-type'), contentLength: h('content-length'), retryAfter: h('retry-after'), response: r,
    };
  },
  // The body of an answer the Rust side judged worth reading, as a stream: at most `max` bytes
  // (null beyond, the rest not read), whatever Content-Length said.
  readBody: async (response, max) => {
    const reader = response.body?.getReader();
    if (!reader) return new Uint8Array();
    const parts = [];
    let n = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      n += value.byteLength;
      if (n > max) { reader.cancel().catch(() => {}); return null; }
      parts.push(value);
    }
    const out = new Uint8Array(n);
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.byteLength; }
    return out;
  },
  discard: (response) => { response?.body?.cancel().catch(() => {}); },
  // Storage for the collection and the seen pages (local) and fetched articles (session); the
  // values are JSON text made in Rust.
  storageGet: (area, keys) => api.storage[area].get(keys),
  storageKeys: async (area) => (api.storage[area].getKeys ? api.storage[area].getKeys() : Object.keys(await api.storage[area].get(null))),
  storageSet: (area, items) => api.storage[area].set(items),
  storageRemove: (area, keys) => api.storage[area].remove(keys),
  // Every change, this panel's and other panels' (two windows), one key at a time.
  watchStorage: (f) => api.storage.onChanged.addListener((changes, area) => {
    for (const [key, { newValue }] of Object.entries(changes)) f(area, key, newValue);
  }),
  // The extension's pages share one lock: two panels starting at once upgrade the storage once.
  withLock: (f) => (navigator.locks ? navigator.locks.request('caixin-sidebar-storage', f) : f()),
};

// The panel itself first (its frame, and its storage started): it is needed whatever the read
// brings, so it is built while the read may still be on its way.
const sidebar = new Sidebar(document.getElementById('app'), host);
const saved = await savedFormat;
if (saved?.format) sidebar.setFormat(saved.format);

// While the tab's HTML is still on its way (asked for: the warm-up must not hold up the request),
// have the code that extracts and lists it compiled: a small page listed out of sight, round after
// round, one turn of the event loop apart, until the HTML is there (at most WARM_UP_ROUNDS). The
// browser compiles a function when it is first called and again, optimised, once it has run a
// while: a panel whose module is new (the first open of a session) otherwise runs the whole page
// in its first code (BENCHMARKS.md, "Where extraction's time goes in a panel that has just opened").
// Each round comes after a turn of the event loop, so that an answer already in (the read) is
// taken before a round starts rather than after it.
const WARM_UP_ROUNDS = 12;
await firstRead;
for (let round = 0; round < WARM_UP_ROUNDS; round++) {
  await Promise.race([firstHtml, new Promise((r) => setTimeout(r, 0))]);
  if (firstReadDone) break;
  Sidebar.warmUp(host);
  performance.mark('caixin-warm');
}

// Reads the tab and shows it (`pending`: a read already under way, the first one). A request
// during a scan is served by one more scan after it, so a page that grew while it was being read
// is read again. An unchanged page is neither extracted nor rendered again.
async function scan(pending) {
  if (scanning) {
    scanAgain = true;
    return scanning;
  }
  scanning = (async () => {
    try {
      const r = await (pending ?? readTab());
      if (r.error) throw r.error;
      const { tab, read } = r;
      currentTab = tab?.id ?? null;
      // A private window's tab: the panel stores nothing of it.
      sidebar.setPrivate(Boolean(tab?.incognito));
      // Without host permission the URL is hidden from us: that is a non-Caixin tab.
      if (!tab?.url || !isCaixinUrl(tab.url)) {
        shown = null;
        sidebar.showMessage(t('notCaixin'));
        return 0;
      }
      // A long page takes a moment: say so on the first scan (rescans keep the list meanwhile).
      // (A read that has already finished runs `then` before the awaited tick: no message then.)
      let done = false;
      read.then(() => { done = true; }, () => {});
      await Promise.resolve();
      if (!done && !shown) sidebar.showMessage(t('reading'));
      const page = await read;
      const time = new Date().toLocaleTimeString();
      if (page.same) {
        stats.unchanged++;
        sidebar.scannedAt(time);
        // The same HTML may be a new document (the tab reloaded): it needs its own watch.
        watchGrowth(tab.id);
        countScan();
        return sidebar.articleCount();
      }
      const n = sidebar.showPage(page.html, page.url, time);
      shown = page.key ? { tab: tab.id, key: page.key } : { tab: tab.id, read: { url: page.url, html: page.html } };
      stats.extractions++;
      performance.mark('caixin-list-shown');
      requestAnimationFrame(() => setTimeout(() => {
        performance.mark('caixin-list-painted');
        // The search texts once the list is on screen (else the first text search makes them).
        (globalThis.requestIdleCallback ?? setTimeout)(() => {
          sidebar.prepareSearch();
          keyOfShown();
        });
      }, 0));
      watchGrowth(tab.id);
      countScan();
      return n;
    } catch (e) {
      shown = null;
      sidebar.showMessage(t('cannotRead', [String(e?.message ?? e)]));
      return 0;
    } finally {
      scanning = null;
      if (scanAgain) {
        scanAgain = false;
        scan();
      }
    }
  })();
  return scanning;
}

// Scans of a Caixin page so far, on the root element: tests wait for it.
function countScan() {
  document.documentElement.dataset.scans = String(Number(document.documentElement.dataset.scans ?? 0) + 1);
}

// "Load More" and infinite scroll add articles: a small observer in the page says when the
// number of links grows, and the sidebar rescans without being asked.
function watchGrowth(tabId) {
  api.scripting.executeScript({ target: { tabId }, func: installGrowthWatch }).catch(() => {});
}

// Runs in the page (isolated world). Only counts links; never reads or sends page content.
function installGrowthWatch() {
  if (globalThis.__caixinSidebarWatch) return;
  const runtime = (globalThis.browser ?? globalThis.chrome).runtime;
  let links = document.links.length;
  let timer = null;
  const obs = new MutationObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const now = document.links.length;
      if (now > links) {
        links = now;
        runtime.sendMessage({ type: 'caixin-sidebar/page-grew' }).catch?.(() => {});
      }
    }, 500);
  });
  obs.observe(document.body, { childList: true, subtree: true });
  globalThis.__caixinSidebarWatch = obs;
}

// Runs in the page: the addresses of its links, as the browser resolved them.
function pageLinks() {
  return [...document.querySelectorAll('a[href]')].map((a) => a.href);
}

// Runs in the page: scrolls to the article (its headline link, else a heading with its title)
// and outlines it for a moment. `hrefs` are the addresses of the page's links to the article,
// chosen by its key.
function scrollToArticle(hrefs, title) {
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  let target = null;
  if (hrefs.length) {
    const want = new Set(hrefs);
    const links = [...document.querySelectorAll('a[href]')].filter((a) => want.has(a.href) && norm(a.textContent));
    target = links.find((a) => a.closest('h1,h2,h3,h4,h5,h6') && norm(a.textContent) === norm(title))
      ?? links.find((a) => a.closest('h1,h2,h3,h4,h5,h6'))
      ?? links.find((a) => norm(a.textContent) === norm(title))
      ?? links[0] ?? null;
  }
  if (!target && title) {
    target = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].find((h) => norm(h.textContent) === norm(title)) ?? null;
  }
  if (!target) return { found: false };
  const box = target.closest('h1,h2,h3,h4,h5,h6,li,dl,article') ?? target;
  box.scrollIntoView({ block: 'center' });
  const { outline, outlineOffset } = box.style;
  box.style.outline = '3px solid #f5a623';
  box.style.outlineOffset = '2px';
  box.dataset.caixinSidebarHighlight = '1';
  setTimeout(() => { box.style.outline = outline; box.style.outlineOffset = outlineOffset; delete box.dataset.caixinSidebarHighlight; }, 1600);
  return { found: true, top: Math.round(box.getBoundingClientRect().top) };
}

api.runtime.onMessage.addListener((msg, sender) => {
  if (msg?.type === 'caixin-sidebar/page-grew' && sender.tab?.id === currentTab) scan();
});
// Follow the user: another tab, or this tab navigating.
api.tabs.onActivated.addListener(() => { if (fixedTab === null) scan(); });
api.tabs.onUpdated.addListener((tabId, info) => {
  if (tabId === currentTab && info.status === 'complete') scan();
});

// For tests and scripts driving this page.
globalThis.caixinSidebar = { sidebar, scan, stats, handover, ready: scan(firstRead) };
