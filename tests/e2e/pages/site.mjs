// Small Caixin Global pages for the sidebar's "Fetch full articles", collection and "new since
// the last visit" tests: a listing (the home page's list markup: an entry is a <dl> with the
// headline link and a summary) and article pages in the site's article markup (.cons-main,
// #appContent), each at its own address. Two real article pages of the fixtures are linked too
// (their addresses are served from tests/fixtures), one on caixin.com: another host.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, fixtures } from '../server.mjs';

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One generated article: id, slug, title, summary, author, paragraphs; `paid`: a paywall box. */
function article(id, slug, title, author, paragraphs, paid = false) {
  const url = `https://www.caixinglobal.com/2026-11-20/${slug}-${id}.html`;
  return { url, title, summary: paragraphs[0], author, paragraphs, paid };
}

export const ARTICLES = [
  article(102500201, 'banks-raise-deposit-rates', 'Banks Raise Deposit Rates for the First Time in Years', 'Wang Xinyi', [
    'Several midsize lenders raised rates on three-year deposits by 10 basis points this week.',
    'The move reverses a string of cuts that began in 2022 as banks protected their margins.',
    'Analysts said the increase reflects competition for deposits as wealth products lose appeal.',
  ]),
  article(102500202, 'port-traffic-recovers', 'Port Traffic Recovers as Exporters Rush Orders', 'Luo Meihan', [
    'Container throughput at the country’s eight largest ports rose 9% from a year earlier.',
    'Shippers said customers in Europe were placing orders ahead of possible new tariffs.',
  ], true),
  article(102500203, 'ev-exports-surge', 'EV Exports Surge to a Record in October', 'Ding Yi', [
    'Carmakers shipped 180,000 electric vehicles abroad in October, a record.',
    'Southeast Asia overtook Europe as the largest destination.',
    'BYD accounted for almost half of the total.',
  ]),
  article(102500204, 'slow-page-on-local-debt', 'Local Governments Turn to Special Bonds to Repay Debt', 'Cheng Siwei', [
    'Provinces sold a record amount of refinancing bonds in the third quarter.',
    'The Ministry of Finance has allowed them to swap hidden debt for cheaper official bonds.',
  ]),
  article(102500205, 'central-bank-holds-rates', 'Central Bank Holds Loan Prime Rates Steady', 'Zhang Yuzhe', [
    'The one-year loan prime rate was left at 3.1% for the fifth month.',
    'Economists expect a cut before the end of the year if growth slows.',
  ]),
];

/** The two real article pages linked from the listing (served from tests/fixtures). */
export const FIXTURE_ARTICLES = ['caixin-global/article-new-template', 'caixin-cn/article-finance-2026-08-06'].map((name) => {
  const f = fixtures().find((x) => x.name === name);
  return { name, url: f.url.replace(/\?.*$/, ''), file: f.file, html: fs.readFileSync(f.file, 'utf8') };
});

/** The host/path key the server uses for an address. */
export const keyOf = (url) => { const u = new URL(url); return u.hostname + u.pathname; };

/** An article page in Caixin Global's article markup. */
export function articleHtml(a) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(a.title)} - Caixin Global</title>
<meta property="og:title" content="${esc(a.title)}">
<meta name="description" content="${esc(a.summary)}">
<meta name="author" content="${esc(a.author)}">
<link rel="canonical" href="${a.url}">
</head>
<body>
<div class="header"><ul class="nav"><li><a href="/economy/">Economy</a></li><li><a href="/finance/">Finance</a></li></ul></div>
<div class="cons-main">
  <h1 class="cons-title">${esc(a.title)}</h1>
  <div class="cons-date">Published: Nov. 20, 2026 6:30 p.m. GMT+8</div>
  <div id="appContent">
${a.paragraphs.map((p) => `    <p>${esc(p)}</p>`).join('\n')}
    <p>Contact reporter ${esc(a.author)} (reporter@caixin.example)</p>
  </div>
${a.paid ? '  <div class="cons-pay-tip">Subscribe to read the full story</div>\n' : ''}</div>
</body>
</html>
`;
}

/**
 * A listing of entries { url, title, summary, paid }: the home page's list markup, a key icon on
 * paid entries.
 */
export function listingHtml(title, entries) {
  const dl = (e) => `  <dl><dt><a href="${e.url}">${esc(e.title)}</a>${e.paid ? ' <i class="icon_key"></i>' : ''}</dt>
      <dd>${esc(e.summary)}</dd></dl>`;
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${esc(title)}</title></head>
<body>
<div class="rec-news">
${entries.map(dl).join('\n')}
</div>
</body></html>
`;
}

/** The fetch test's listing: the generated articles and the two fixture articles. */
export function fetchListing() {
  const fixtureEntries = FIXTURE_ARTICLES.map((f) => {
    const title = /<title>([^<]*?)(?: - Caixin Global)?<\/title>/.exec(f.html)[1].replace(/_.*$/, '');
    return { url: f.url, title, summary: 'A real article page of the fixtures.' };
  });
  return listingHtml('Fetch test – Caixin Global', [...ARTICLES, ...fixtureEntries]);
}

/** Every generated page, by host/path, for the server's `extra`. */
export function generatedPages() {
  return Object.fromEntries(ARTICLES.map((a) => [keyOf(a.url), articleHtml(a)]));
}

export const FIXTURE_DIR = path.join(ROOT, 'tests/fixtures');
