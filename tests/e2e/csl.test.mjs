// The CSL-JSON export read by citation.js (the CSL engine behind several reference tools): every
// item is accepted, and a bibliography in APA style shows each article's authors, year, title and
// URL. A reference manager that imports CSL-JSON (Zotero does) gets the same fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-csl';
import { fixtures, cliExport } from './server.mjs';

test('CSL-JSON exports parse and format as an APA bibliography', () => {
  let checked = 0;
  for (const name of ['caixin-global/cx-tech-2020-11-27', 'caixin-cn/article-finance-2026-08-06', 'caixin-cn/finance']) {
    const f = fixtures().find((x) => x.name === name);
    const items = JSON.parse(cliExport(f.file, f.url, 'csl'));
    const cite = new Cite(items, { forceType: '@csl/list+object' });
    assert.equal(cite.data.length, items.length, name);
    // The style re-typesets quotation marks inside titles; compare without them.
    const unquote = (t) => t.replace(/[“”‘’"'「」]/g, '');
    const bib = unquote(cite.format('bibliography', { format: 'text', template: 'apa', lang: 'en-US' }));
    for (const it of items.filter((i) => i.author && i.issued)) {
      assert.ok(bib.includes(unquote(it.title)), `${name}: ${it.title}`);
      assert.ok(bib.includes(String(it.issued['date-parts'][0][0])), `${name}: year of ${it.title}`);
      assert.ok(bib.includes(unquote(it.author[0].literal)), `${name}: ${it.author[0].literal}`);
      assert.ok(bib.includes(it.URL), `${name}: ${it.URL}`);
      checked++;
    }
  }
  assert.ok(checked >= 30, `${checked} items checked`);
  assert.ok(plugins.list().includes('@csl'));
});
