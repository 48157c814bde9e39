// The client of figure 10, the same against the hub and the Node peer: C keep-alive
// connections, each loading the page again and again (index.html, then every file it
// needs, one request at a time per connection, full GETs), for S seconds after 1 s of
// warm-up. A response that is not 200 or whose length differs from the file's fails the
// run. Prints {"pages","requests","bytes","seconds","p50ms","p99ms"} (page load times).
// usage: node web_load.js PORT CONNECTIONS SECONDS
'use strict';
const net = require('net');

const [port, connections, seconds] = process.argv.slice(2).map(Number);
const PAGE = ['/', '/style.css', '/vendor/uplot/uPlot.min.css', '/app.js', '/hubsocket.js', '/auth.js',
              '/sha256.js', '/chat.js', '/charts.js', '/vendor/uplot/uPlot.esm.js', '/icon.svg'];
let measuring = false, stopped = false;
let pages = 0, requests = 0, bytes = 0;
const pageMs = [];

// One client: a keep-alive connection loading pages in a loop; when the server ends a
// connection ("Connection: close", e.g. its per-connection request budget) it opens a new
// one and goes on with the next file, as a browser does.
function client() {
  return new Promise((resolve, reject) => {
    let i = 0, pageStart = 0;
    const connect = () => {
      const sock = net.connect(port, '127.0.0.1');
      sock.setNoDelay(true);
      const chunks = [];
      let have = 0, want = null, closing = false;
      const next = () => {
        if (stopped) { sock.destroy(); resolve(); return; }
        if (i === 0) pageStart = performance.now();
        sock.write(`GET ${PAGE[i]} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: */*\r\n\r\n`);
      };
      sock.on('connect', next);
      sock.on('error', reject);
      sock.on('data', (chunk) => {
        chunks.push(chunk);
        have += chunk.length;
        for (;;) {
          let buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, have);
          chunks.length = 0;
          chunks.push(buf);
          if (want === null) {
            const end = buf.indexOf('\r\n\r\n');
            if (end < 0) return;
            const head = buf.subarray(0, end).toString('latin1');
            if (!head.startsWith('HTTP/1.1 200')) { reject(new Error(`${PAGE[i]}: ${head.split('\r\n')[0]}`)); return; }
            want = end + 4 + Number(/content-length:\s*(\d+)/i.exec(head)[1]);
            closing = /\r\nconnection:\s*close/i.test(head);
          }
          if (have < want) return;
          if (measuring) { requests++; bytes += want; }
          buf = buf.subarray(want);
          chunks[0] = buf;
          have = buf.length;
          want = null;
          if (++i === PAGE.length) {
            i = 0;
            if (measuring) { pages++; pageMs.push(performance.now() - pageStart); }
          }
          if (closing) { sock.destroy(); connect(); return; }
          next();
        }
      });
    };
    connect();
  });
}

const all = Array.from({ length: connections }, client);
setTimeout(() => {
  measuring = true;
  const t0 = performance.now();
  setTimeout(() => {
    const s = (performance.now() - t0) / 1000;
    measuring = false;
    stopped = true;
    pageMs.sort((a, b) => a - b);
    const q = (p) => pageMs.length ? pageMs[Math.min(pageMs.length - 1, Math.floor(p * pageMs.length))] : 0;
    console.log(JSON.stringify({ pages, requests, bytes, seconds: s, p50ms: q(0.5), p99ms: q(0.99) }));
    process.exit(0);
  }, seconds * 1000);
}, 1000);
Promise.all(all).catch((e) => { console.error(`web_load: ${e.message}`); process.exit(1); });
