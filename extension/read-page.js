// Runs in the page (isolated world, through scripting.executeScript): its HTML and URL, and, when
// the reader shows a page of this tab (`known`, that page's key), a key made of both (the URL, the
// length and a hash of the HTML); when the keys are equal the HTML is not sent back: the sidebar
// already shows it. With nothing to compare (`known` empty: a first read) the page does not hash
// (10–20 ms for 2 MB, on the way to the list): the reader keys the HTML itself afterwards, with
// this same function given the read (`readPage(null, read)` returns the key). One definition for
// every reader of a tab: the panel (sidebar.js) and the early read as it opens (background.js).
export function readPage(known, given = null) {
  const html = given ? given.html : document.documentElement.outerHTML;
  const url = given ? given.url : location.href;
  if (!given && !known) return { url, html };
  // cyrb53: two 32-bit multiplicative hashes over the UTF-16 units.
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
  if (given) return key;
  return key === known ? { url, key, same: true } : { url, key, html };
}
