// Node peer for figure 1 (ingest): a plain `ws` client doing JSON.parse on every message
// of the same blaster feed that Pulseboard reads. Same window as bench_ingest: count from
// the first message, skip WARMUP seconds, measure SECONDS. Prints one JSON line.
//   node ingest_client.js URL [WARMUP=1] [SECONDS=5]
'use strict';
const WebSocket = require('ws');

const [url, warmupArg, secondsArg] = process.argv.slice(2);
const warmup = Number(warmupArg || 1), seconds = Number(secondsArg || 5);
const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 16 * 1024 * 1024 });
let count = 0, checksum = 0, started = 0n, t0 = 0, c0 = 0;

ws.on('message', (data) => {
  const tick = JSON.parse(data);
  checksum += tick.p;   // use the result so the parse cannot be skipped
  ++count;
});
ws.on('error', (e) => { console.error(`ingest_client: ${e.message}`); process.exit(1); });

const timer = setInterval(() => {
  if (count === 0) return;
  const now = process.hrtime.bigint();
  if (started === 0n) { started = now; return; }
  const t = Number(now - started) / 1e9;
  if (t0 === 0 && t >= warmup) { t0 = t; c0 = count; }
  else if (t0 > 0 && t >= warmup + seconds) {
    clearInterval(timer);
    const messages = count - c0, s = t - t0;
    console.log(JSON.stringify({ mode: 'node-ws', messages, seconds: s, msgsPerSec: messages / s,
                                 check: checksum > 0 }));
    ws.terminate();
    process.exit(0);
  }
}, 10);
