// Runs in the page (isolated world, through scripting.executeScript): its HTML, URL and a key made
// of both (the URL, the length and a hash of the HTML). When the key equals `known` the HTML is not
// sent back: the sidebar already shows it. One definition for both readers of a tab: the panel
// (sidebar.js) and the toolbar button's early read (background.js).
export function readPage(known) {
  const html = document.documentElement.outerHTML;
  const url = location.href;
  // cyrb53: two 32-bit multiplicative hashes over the UTF-16 units, a few ms for 2 MB.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < html.length; i++) {
    const c = html.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const key = `${url} ${html.length}:${(h1 >>> 0).toString(36)}:${(h2 >>> 0).toString(36)}`;
  return key === known ? { url, key, same: true } : { url, key, html };
}
