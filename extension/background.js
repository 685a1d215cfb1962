// Opens the sidebar from the toolbar button. Nothing else runs in the background: the page is
// read and parsed in the sidebar page itself: Chromium blocks WebAssembly in a content script on
// pages with a strict CSP (CONTRIBUTING.md, "Toolchain traps").
const api = globalThis.browser ?? globalThis.chrome;

if (api.sidePanel?.setPanelBehavior) {
  // Chrome: the action button opens the side panel (needs no user-gesture handler of our own).
  api.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => {});
} else if (api.sidebarAction?.toggle) {
  // Firefox: toggle() must run inside the click handler (a user gesture).
  api.action.onClicked.addListener(() => api.sidebarAction.toggle());
}
