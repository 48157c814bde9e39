#!/usr/bin/env node
// HTTP feed test server (Node's own http module; our script) for Pulseboard's SSE and
// polling tests.   node http_feed_server.js [--port 0] [--cert cert.pem --key key.pem (https)]
// Routes:
//   /sse?count=N&retry=MS&end=1&named=1   an event stream: "retry" (if given), then N events
//        id: k / data: {"seq":k,"price":100+k} continuing after Last-Event-ID; end=1 ends the
//        response after them, else it stays open for pushed events; named=1 adds "event: tick".
//   /sse-stall            one event, then silence on an open response
//   /poll                 {"seq":V,"price":..} with ETag "vV" and Last-Modified; 304 when matched
//   /huge?bytes=N&chunked=1   a JSON body of N bytes (with Content-Length unless chunked)
//   /slow                 headers, then never the end of the body
//   /html                 text/html body;  /garbage  application/json with invalid UTF-8 bytes
// Every request first obeys a pending {"cmd":"fail"} (answers its status instead).
// stdout: {"event":"listening","port":N}, {"event":"request","path":..,"lastEventId":..,
//         "ifNoneMatch":..,"ifModifiedSince":..,"accept":..,"auth":..}
// stdin:  {"cmd":"push","data":"..","event":"x","id":"7"}  to every open /sse stream
//         {"cmd":"endAll"}  end every open stream;  {"cmd":"bump"}  new /poll version
//         {"cmd":"fail","count":N,"status":503[,"retryAfter":"2"]}  the next N requests answer that status
'use strict';
const fs = require('fs');
const http = require('http');
const https = require('https');
const readline = require('readline');

const i = process.argv.indexOf('--port');
const port = i > 0 ? Number(process.argv[i + 1]) : 0;
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const streams = new Set();
let version = 1;
let failCount = 0;
let failStatus = 503;
let failRetryAfter = null;

const certIndex = process.argv.indexOf('--cert');
const keyIndex = process.argv.indexOf('--key');
const tls = certIndex > 0 && keyIndex > 0
  ? { cert: fs.readFileSync(process.argv[certIndex + 1]), key: fs.readFileSync(process.argv[keyIndex + 1]) } : null;
const handler = (req, res) => {
  const url = new URL(req.url, 'http://x');
  out({ event: 'request', path: url.pathname, lastEventId: req.headers['last-event-id'] || null,
        ifNoneMatch: req.headers['if-none-match'] || null, ifModifiedSince: req.headers['if-modified-since'] || null,
        accept: req.headers.accept || null, auth: req.headers.authorization || null });
  if (failCount > 0) {
    failCount -= 1;
    res.writeHead(failStatus, Object.assign({ 'Content-Type': 'text/html' },
                                            failRetryAfter ? { 'Retry-After': failRetryAfter } : {}));
    res.end('<html><body>' + 'error '.repeat(1000) + '</body></html>');
    return;
  }
  const q = url.searchParams;
  if (url.pathname === '/sse' || url.pathname === '/sse-stall') {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
    res.flushHeaders();
    if (q.get('retry')) res.write(`retry: ${q.get('retry')}\n\n`);
    const start = Number(req.headers['last-event-id'] || 0);
    const count = url.pathname === '/sse-stall' ? 1 : Number(q.get('count') || 3);
    for (let k = start + 1; k <= start + count; ++k)
      res.write(`${q.get('named') ? 'event: tick\n' : ''}id: ${k}\ndata: {"seq":${k},"price":${100 + k}}\n\n`);
    if (q.get('end')) { res.end(); return; }
    streams.add(res);
    req.on('close', () => streams.delete(res));
    return;
  }
  if (url.pathname === '/poll') {
    const etag = `"v${version}"`;
    const modified = new Date(Date.UTC(2026, 0, 1, 0, 0, version)).toUTCString();
    if (req.headers['if-none-match'] === etag) { res.writeHead(304, { ETag: etag }); res.end(); return; }
    res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag, 'Last-Modified': modified });
    res.end(JSON.stringify({ seq: version, price: 100 + version }));
    return;
  }
  if (url.pathname === '/huge') {
    const n = Number(q.get('bytes') || 1000);
    const body = '{"x":"' + 'a'.repeat(Math.max(0, n - 8)) + '"}';
    const headers = { 'Content-Type': 'application/json' };
    if (!q.get('chunked')) headers['Content-Length'] = Buffer.byteLength(body);
    res.writeHead(200, headers);
    for (let k = 0; k < body.length; k += 65536) res.write(body.slice(k, k + 65536));
    res.end();
    return;
  }
  if (url.pathname === '/slow') { res.writeHead(200, { 'Content-Type': 'application/json' }); res.write('{"a":'); return; }
  if (url.pathname === '/html') { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end('<html>hi</html>'); return; }
  if (url.pathname === '/garbage') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xff, 0xfe, 0x7d]));
    return;
  }
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('not found');
};
const server = tls ? https.createServer(tls, handler) : http.createServer(handler);

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) return;
  const c = JSON.parse(line);
  if (c.cmd === 'push') {
    const text = `${c.event ? `event: ${c.event}\n` : ''}${c.id ? `id: ${c.id}\n` : ''}` +
                 String(c.data).split('\n').map((l) => `data: ${l}\n`).join('') + '\n';
    for (const s of streams) s.write(text);
  } else if (c.cmd === 'endAll') {
    for (const s of streams) s.end();
    streams.clear();
  } else if (c.cmd === 'bump') {
    version += 1;
  } else if (c.cmd === 'fail') {
    failCount = c.count || 1;
    failStatus = c.status || 503;
    failRetryAfter = c.retryAfter || null;
  }
  out({ event: 'done', cmd: c.cmd });
});
process.stdin.on('end', () => process.exit(0));
server.listen(port, '127.0.0.1', () => out({ event: 'listening', port: server.address().port }));
