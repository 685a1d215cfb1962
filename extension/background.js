// The panel's opening: at that moment the tab is asked for its HTML, so that the read is under way
// (often done) before the panel's document exists (BENCHMARKS.md, "The
// panel's own part"). The panel takes that read once (sidebar.js, takePreRead) or reads the tab
// itself when there is none (opened another way: Firefox's View menu, a test opening
// sidebar.html?tab=N). Parsing stays in the panel: Chromium blocks WebAssembly in a content script
// on pages with a strict CSP (CONTRIBUTING.md, "Toolchain traps").
import { readPage } from './read-page.js';

const api = globalThis.browser ?? globalThis.chrome;
// How long an early read waits for its panel before it is dropped.
const HOLD_MS = 5000;
// tab id → { read: Promise<readPage's answer | null>, timer }: at most one per tab, held until the
// panel takes it or HOLD_MS pass. Nothing else keeps a page's HTML here.
const held = new Map();

function drop(tabId) {
  const h = held.get(tabId);
  if (!h) return;
  clearTimeout(h.timer);
  held.delete(tabId);
}

// The tab's read, started now. Only a tab whose address we are shown: host permission on the
// Caixin domains (without the `tabs` permission, another site's tab comes without `url`), as the
// panel's own read.
function preRead(tab) {
  const tabId = tab?.id;
  if (typeof tabId !== 'number' || !tab.url) return;
  drop(tabId);
  const read = api.scripting.executeScript({ target: { tabId }, func: readPage, args: [''] })
    .then(([r]) => r?.result ?? null, () => null);
  held.set(tabId, { read, timer: setTimeout(() => drop(tabId), HOLD_MS) });
}

// The panel opens; its tab's read starts here, before the panel's document exists.
// Chrome: the button opens (and closes) the side panel by itself (`openPanelOnActionClick`, the
// browser's own behaviour, kept); `sidePanel.onOpened` (Chrome 141+) tells us the panel opened, in
// which window. Without that event (Chrome 116–140) there is no early read: the panel reads the
// tab itself, as it always did.
// Looking the tab up takes a round trip; a panel asking meanwhile waits for it (`finding`).
const finding = new Set();
function onPanelOpened(info) {
  const { windowId, tabId } = info ?? {};
  const found = typeof tabId === 'number'
    ? api.tabs.get(tabId)
    // The global panel: its tab is the window's active one (sidebar.js, targetTab).
    : api.tabs.query({ active: true, windowId }).then(([tab]) => tab);
  const started = found.then(preRead, () => {}).finally(() => finding.delete(started));
  finding.add(started);
  return started;
}

// Firefox: the button toggles the sidebar, which must happen synchronously inside the click (a
// user gesture); the read starts beside it, and is dropped if this click closed the sidebar.
function onActionClicked(tab) {
  // Only numbers are kept from `tab` (a test's tab object may die with the page that passed it).
  const { id: tabId, windowId } = tab ?? {};
  try {
    api.sidebarAction.toggle()
      .then(() => api.sidebarAction.isOpen({ windowId }))
      .then((open) => { if (!open) drop(tabId); }, () => {});
  } catch { /* outside a gesture (tests): no sidebar, the read still starts */ }
  preRead(tab);
}

// Which of the two starts the early read in this browser (for tests: none in Chrome 116–140).
let startsEarlyRead = null;
if (api.sidePanel?.setPanelBehavior) {
  api.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => {});
  if (api.sidePanel.onOpened) {
    api.sidePanel.onOpened.addListener(onPanelOpened);
    startsEarlyRead = 'sidePanel.onOpened';
  }
} else if (api.sidebarAction?.toggle) {
  api.action.onClicked.addListener(onActionClicked);
  startsEarlyRead = 'action.onClicked';
}

// The early read of `tabId` for the panel asking: a promise of it (null when it failed), taken
// once, then forgotten; null at once when there is none (no read held or being started).
function take(tabId) {
  if (!finding.size && !held.has(tabId)) return null;
  return Promise.all(finding).then(() => {
    const h = held.get(tabId);
    if (!h) return null;
    drop(tabId);
    return h.read;
  });
}

// Only the extension's own panel page asks (never a page's script: content scripts have another
// sender URL, and cannot reach the service worker at all).
const fromPanel = (url) => typeof url === 'string' && url.startsWith(api.runtime.getURL('sidebar.html'));

// Chrome: the background is a service worker, and it controls the extension's pages: the panel
// asks it by `postMessage`, with a port of its own for the answer, and the read goes back over
// that port, a structured clone from this thread to the panel's, instead of as the answer to a
// runtime message, which Chrome serialises on each side and passes through the browser process
// (BENCHMARKS.md, "The panel's own part").
if (typeof ServiceWorkerGlobalScope === 'function' && globalThis instanceof ServiceWorkerGlobalScope) {
  globalThis.addEventListener('message', (e) => {
    const msg = e.data;
    const [port] = e.ports;
    if (msg?.type !== 'caixin-sidebar/take-read' || !port || !fromPanel(e.source?.url)) return;
    e.waitUntil(Promise.resolve(take(msg.tabId)).then((read) => {
      port.postMessage(read);
      port.close();
    }));
  });
}

// Elsewhere (Firefox's background page, or a panel without a controlling worker) by a runtime
// message, the answer being the read.
api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (msg?.type !== 'caixin-sidebar/take-read') return undefined;
  if (sender.id !== api.runtime.id || !fromPanel(sender.url)) return undefined;
  const read = take(msg.tabId);
  if (!read) {
    sendResponse(null);
    return undefined;
  }
  read.then(sendResponse);
  return true;
});

// For tests and the benchmark: the two handlers (Firefox's click handler opens no sidebar outside a
// gesture, but starts the read as a click does), which one this browser calls, and the tabs whose
// early read is held.
globalThis.caixinBackground = { onPanelOpened, onActionClicked, startsEarlyRead, held: () => [...held.keys()], HOLD_MS };
