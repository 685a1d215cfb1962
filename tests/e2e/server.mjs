// Serves the fixture pages on 127.0.0.1 under their real host names (the browser is told to
// resolve www.caixinglobal.com etc. to this server), so the extension sees real Caixin URLs
// without leaving the machine.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.join(ROOT, 'tests/fixtures');

/** Every fixture: { name, url, file }. */
export function fixtures() {
  const out = [];
  for (const site of fs.readdirSync(FIXTURES).sort()) {
    const dir = path.join(FIXTURES, site);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const slug of fs.readdirSync(dir).sort()) {
      const f = path.join(dir, slug);
      if (!fs.existsSync(path.join(f, 'source.html'))) continue;
      out.push({ name: `${site}/${slug}`, url: fs.readFileSync(path.join(f, 'url.txt'), 'utf8').trim(), file: path.join(f, 'source.html') });
    }
  }
  return out;
}

/** Starts the server; resolves to { port, close, hosts }. `extra` maps "host/path" to HTML. */
export async function serve(extra = {}) {
  const byKey = new Map();
  for (const f of fixtures()) {
    const u = new URL(f.url);
    // Several fixtures share a URL (e.g. /live/): the first in name order is served, others by
    // ?fixture=<site>/<slug>.
    if (!byKey.has(u.hostname + u.pathname)) byKey.set(u.hostname + u.pathname, f);
  }
  const server = http.createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const u = new URL(req.url, `http://${host}`);
    if (extra[host + u.pathname] !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(extra[host + u.pathname]);
      return;
    }
    const named = u.searchParams.get('fixture');
    const f = named ? fixtures().find((x) => x.name === named) : byKey.get(host + u.pathname);
    if (!f) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Not found</title><p>Not a fixture.</p>');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(fs.readFileSync(f.file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const hosts = [...new Set([...byKey.keys()].map((k) => k.split('/')[0]))];
  return { port: server.address().port, hosts, close: () => new Promise((r) => server.close(r)) };
}

/** What the CLI exports for this page and URL (the byte-for-byte reference). */
export function cliExport(file, url, format = 'json') {
  return execFileSync('cargo', ['run', '--quiet', '--bin', 'caixin-export', '--', '--format', format, '--url', url, file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
}
