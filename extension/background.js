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

// The panel takes the early read of its tab: answered once, then forgotten. Only the extension's
// own panel page asks (never a page's script: content scripts have another sender URL).
api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (msg?.type !== 'caixin-sidebar/take-read') return undefined;
  if (sender.id !== api.runtime.id || !sender.url?.startsWith(api.runtime.getURL('sidebar.html'))) return undefined;
  const answer = () => {
    const h = held.get(msg.tabId);
    if (!h) return sendResponse(null);
    drop(msg.tabId);
    return h.read.then(sendResponse);
  };
  if (!finding.size && !held.has(msg.tabId)) {
    sendResponse(null);
    return undefined;
  }
  Promise.all(finding).then(answer);
  return true;
});

// For tests and the benchmark: the two handlers (Firefox's click handler opens no sidebar outside a
// gesture, but starts the read as a click does), which one this browser calls, and the tabs whose
// early read is held.
globalThis.caixinBackground = { onPanelOpened, onActionClicked, startsEarlyRead, held: () => [...held.keys()], HOLD_MS };
