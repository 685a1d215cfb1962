// The toolbar button: opens the panel and, at the same moment, asks the tab for its HTML, so that
// the read is under way (often done) before the panel's document exists (BENCHMARKS.md, "The
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

// The click. The panel must be opened synchronously, inside the user gesture; the read starts
// beside it.
function onActionClicked(tab) {
  // Only numbers are kept from `tab` (a test's tab object may die with the page that passed it).
  const { id: tabId, windowId } = tab ?? {};
  try {
    if (api.sidePanel?.open) {
      // Chrome: the global panel, in the window of the click.
      api.sidePanel.open({ windowId }).catch(() => {});
    } else {
      // Firefox: the button toggles the sidebar. Closed by this click: its read is dropped.
      api.sidebarAction.toggle()
        .then(() => api.sidebarAction.isOpen({ windowId }))
        .then((open) => { if (!open) drop(tabId); }, () => {});
    }
  } catch { /* outside a gesture (tests): no panel, the read still starts */ }
  preRead(tab);
}

// Chrome keeps a panel behaviour once set: the button opening the panel by itself (as an earlier
// version set it) would leave no click event to start the read.
api.sidePanel?.setPanelBehavior?.({ openPanelOnActionClick: false }).catch(() => {});
api.action.onClicked.addListener(onActionClicked);

// The panel takes the early read of its tab: answered once, then forgotten. Only the extension's
// own panel page asks (never a page's script: content scripts have another sender URL).
api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (msg?.type !== 'caixin-sidebar/take-read') return undefined;
  if (sender.id !== api.runtime.id || !sender.url?.startsWith(api.runtime.getURL('sidebar.html'))) return undefined;
  const h = held.get(msg.tabId);
  if (!h) {
    sendResponse(null);
    return undefined;
  }
  drop(msg.tabId);
  h.read.then(sendResponse);
  return true;
});

// For tests and the benchmark: the click's own handler (outside a gesture it opens no panel), and
// the tabs whose early read is held.
globalThis.caixinBackground = { onActionClicked, held: () => [...held.keys()], HOLD_MS };
