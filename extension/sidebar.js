// Glue between the browser and the Rust sidebar (pkg/caixin_sidebar.js): loads the wasm, reads
// the tab's HTML with scripting.executeScript, and hands the Rust UI the few browser APIs it
// needs. All extraction, filtering, rendering and exporting happens in Rust.
import init, { Sidebar, isCaixinUrl } from './pkg/caixin_sidebar.js';

const api = globalThis.browser ?? globalThis.chrome;
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

await init({ module_or_path: api.runtime.getURL('pkg/caixin_sidebar_bg.wasm') });
performance.mark('caixin-wasm-ready');

const host = {
  t: (key) => api.i18n.getMessage(key) || undefined,
  scrollTo: (url, title) => {
    if (currentTab === null) return;
    // args must be JSON-serialisable: never undefined (Chromium throws).
    api.scripting.executeScript({ target: { tabId: currentTab }, func: scrollToArticle, args: [url ?? '', title ?? ''] })
      .catch(() => {});
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
};

const sidebar = new Sidebar(document.getElementById('app'), host);
const saved = await api.storage.local.get('format');
if (saved?.format) sidebar.setFormat(saved.format);

async function targetTab() {
  if (fixedTab !== null) return api.tabs.get(fixedTab);
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab;
}

// Reads the tab and shows it. A request during a scan is served by one more scan after it, so a
// page that grew while it was being read is read again.
async function scan() {
  if (scanning) {
    scanAgain = true;
    return scanning;
  }
  scanning = (async () => {
    try {
      const tab = await targetTab();
      currentTab = tab?.id ?? null;
      // Without host permission the URL is hidden from us: that is a non-Caixin tab.
      if (!tab?.url || !isCaixinUrl(tab.url)) {
        sidebar.showMessage(t('notCaixin'));
        return 0;
      }
      // A long page takes a moment: say so on the first scan (rescans keep the list meanwhile).
      if (!document.documentElement.dataset.scans) sidebar.showMessage(t('reading'));
      performance.mark('caixin-read-start');
      const [result] = await api.scripting.executeScript({
        target: { tabId: tab.id },
        func: () => ({ html: document.documentElement.outerHTML, url: location.href }),
      });
      const { html, url } = result.result;
      performance.mark('caixin-read-done');
      const n = sidebar.showPage(html, url, new Date().toLocaleTimeString());
      performance.mark('caixin-list-shown');
      watchGrowth(tab.id);
      document.documentElement.dataset.scans = String(Number(document.documentElement.dataset.scans ?? 0) + 1);
      return n;
    } catch (e) {
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

// Runs in the page: scrolls to the article (its headline link, else a heading with its title)
// and outlines it for a moment.
function scrollToArticle(url, title) {
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const key = (u) => { try { const x = new URL(u, location.href); return x.hostname + x.pathname.replace(/^\/m\//, '/').replace(/_\d+\.html$/, '.html'); } catch { return ''; } };
  let target = null;
  if (url) {
    const want = key(url);
    const links = [...document.querySelectorAll('a[href]')].filter((a) => key(a.href) === want && norm(a.textContent));
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
globalThis.caixinSidebar = { sidebar, scan, ready: scan() };
