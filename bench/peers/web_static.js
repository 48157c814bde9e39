// The peer of figure 10: Node's own http module serving the hub's web client files
// (resources/web) with the same headers the hub sends (CSP, nosniff, ETag, no-cache),
// keep-alive on, files read once at start. Prints {"port":P,"pid":N}; serves until
// stdin closes.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');

const root = path.join(__dirname, '..', '..', 'resources', 'web');
const types = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8',
                css: 'text/css; charset=utf-8', svg: 'image/svg+xml' };
const files = new Map();
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) { walk(full); continue; }
    const ext = e.name === 'LICENSE' ? 'txt' : path.extname(e.name).slice(1);
    const type = ext === 'txt' ? 'text/plain; charset=utf-8' : types[ext];
    if (!type) continue;
    const body = fs.readFileSync(full);
    const etag = '"' + crypto.createHash('sha256').update(body).digest('hex').slice(0, 16) + '"';
    files.set('/' + path.relative(root, full).split(path.sep).join('/'), { body, type, etag });
  }
})(root);

const server = http.createServer((req, res) => {
  const f = files.get(req.url === '/' ? '/index.html' : req.url.split('?')[0]);
  const headers = {
    'Content-Security-Policy': `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self' ws://${req.headers.host}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Resource-Policy': 'same-origin',
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }); res.end(); return; }
  if (!f) { res.writeHead(404, headers); res.end(); return; }
  res.writeHead(200, { ...headers, 'Content-Type': f.type, 'Cache-Control': 'no-cache', ETag: f.etag,
                       'Content-Length': f.body.length });
  res.end(req.method === 'HEAD' ? undefined : f.body);
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port, pid: process.pid }));
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
