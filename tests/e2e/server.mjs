// Serves the fixture pages on 127.0.0.1 under their real host names (the browser is told to
// resolve www.caixinglobal.com etc. to this server), so the extension sees real Caixin URLs
// without leaving the machine.
//
// One port speaks HTTP and HTTPS (the first byte of a connection tells a TLS handshake apart), so
// the https:// article addresses a listing links to reach it too: Chromium maps every port of a
// host to it (--host-resolver-rules), Firefox goes through it as its HTTPS proxy (CONNECT). The
// certificate is self-signed, made with openssl for the run; the browsers are told to accept it.
//
// Every request is logged with its times (`log`), so the tests can check how the sidebar spaces
// and limits its requests; `routes` gives a path a sequence of answers (status, delay, headers).
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
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

/** A self-signed certificate and key for this run (PEM). */
function certificate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caixin-e2e-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=caixin-e2e', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts the server; resolves to { port, hosts, close, log, extra, routes }.
 * `extra` maps "host/path" to HTML (the tests may change it while the server runs).
 * `routes` maps "host/path" to a list of answers { status = 200, delay = 0, headers = {}, body },
 * taken in order, the last one repeating; `body` defaults to `extra`'s HTML.
 * `log` holds every request: { host, path, tls, cookie, start, arrived, end, aborted } (ms since
 * epoch; `start`: when the browser began it, see below).
 */
export async function serve(extra = {}) {
  const byKey = new Map();
  for (const f of fixtures()) {
    const u = new URL(f.url);
    // Several fixtures share a URL (e.g. /live/): the first in name order is served, others by
    // ?fixture=<site>/<slug>.
    if (!byKey.has(u.hostname + u.pathname)) byKey.set(u.hostname + u.pathname, f);
  }
  const routes = {};
  const log = [];
  const handler = (tls) => (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const u = new URL(req.url, `http://${host}`);
    const key = host + u.pathname;
    // When the browser began the request: the request's arrival on a connection already used,
    // else the connection's opening (a new connection's handshake delays the request by a few
    // ms, a reused one's does not: arrival times alone would show starts closer than they were).
    const sock = req.socket._parent ?? req.socket;
    const start = sock.servedBefore ? Date.now() : (sock.acceptedAt ?? Date.now());
    sock.servedBefore = true;
    const entry = { host, path: u.pathname + u.search, tls, cookie: req.headers.cookie ?? '', start, arrived: Date.now(), end: null, aborted: false };
    log.push(entry);
    res.on('close', () => { entry.end = Date.now(); entry.aborted = !res.writableFinished; });
    const seq = routes[key];
    const answer = seq?.length ? (seq.length > 1 ? seq.shift() : seq[0]) : {};
    const send = () => {
      if (res.destroyed) return;
      if (answer.status && answer.status !== 200) {
        res.writeHead(answer.status, { 'content-type': 'text/html; charset=utf-8', ...answer.headers });
        res.end(answer.body ?? `<!doctype html><title>${answer.status}</title>`);
        return;
      }
      const html = answer.body ?? extra[key];
      if (html !== undefined) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...answer.headers });
        res.end(html);
        return;
      }
      const named = u.searchParams.get('fixture');
      const f = named ? fixtures().find((x) => x.name === named) : byKey.get(key);
      if (!f) {
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><title>Not found</title><p>Not a fixture.</p>');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...answer.headers });
      res.end(fs.readFileSync(f.file));
    };
    if (answer.delay) setTimeout(send, answer.delay); else send();
  };
  const plain = http.createServer(handler(false));
  const secure = https.createServer(certificate(), handler(true));
  // Firefox's HTTPS proxy: the tunnel ends here, in the TLS server.
  plain.on('connect', (req, sock, head) => {
    // The tunnel's first request is the first on this connection, as its CONNECT was not logged.
    sock.servedBefore = false;
    sock.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head?.length) sock.unshift(head);
    secure.emit('connection', sock);
  });
  const sockets = new Set();
  const tcp = net.createServer((sock) => {
    sock.acceptedAt = Date.now();
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    sock.once('readable', () => {
      const first = sock.read(1);
      if (!first) return;
      sock.unshift(first);
      (first[0] === 0x16 ? secure : plain).emit('connection', sock);
    });
  });
  await new Promise((r) => tcp.listen(0, '127.0.0.1', r));
  const hosts = [...new Set([...byKey.keys(), ...Object.keys(extra)].map((k) => k.split('/')[0]))];
  return {
    port: tcp.address().port,
    hosts,
    log,
    extra,
    routes,
    close: () => new Promise((r) => {
      for (const s of sockets) s.destroy();
      tcp.close(() => r());
    }),
  };
}

/** What the CLI exports for this page and URL (the byte-for-byte reference). */
export function cliExport(file, url, format = 'json') {
  return execFileSync('cargo', ['run', '--quiet', '--bin', 'caixin-export', '--', '--format', format, '--url', url, file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** The CLI's export of HTML given as text (written to a temporary file). */
export function cliExportHtml(html, url, format = 'json') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caixin-e2e-page-'));
  try {
    const file = path.join(dir, 'page.html');
    fs.writeFileSync(file, html);
    return cliExport(file, url, format);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The largest number of requests to `hosts` (all hosts: null) that were under way at once, and
 * the shortest time between two request starts on one host.
 */
export function requestStats(log, filter = () => true) {
  const reqs = log.filter(filter);
  let maxAtOnce = 0;
  for (const r of reqs) {
    const at = reqs.filter((o) => o.start <= r.start && (o.end === null || o.end > r.start)).length;
    maxAtOnce = Math.max(maxAtOnce, at);
  }
  let minGap = Infinity;
  const byHost = new Map();
  for (const r of [...reqs].sort((a, b) => a.start - b.start)) {
    const last = byHost.get(r.host);
    if (last !== undefined) minGap = Math.min(minGap, r.start - last);
    byHost.set(r.host, r.start);
  }
  return { count: reqs.length, maxAtOnce, minGap };
}
