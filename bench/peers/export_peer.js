// Peer of figure 8 (NDJSON export): Node writing the rows bench_keep exports, one
// JSON.stringify({series, t, v}) per line, from data already in memory, through a write
// stream in ~1 MiB pieces. Prints one JSON line like bench_keep's.
// usage: node export_peer.js SERIES POINTS OUT
"use strict";
const fs = require("fs");
const [series, points] = process.argv.slice(2, 4).map(Number);
const out = process.argv[4];
const t0 = 1700000000000;
const data = [];
for (let s = 0; s < series; s++) {
  const values = new Float64Array(points);
  for (let i = 0; i < points; i++) values[i] = Math.round((s * 10 + Math.sin(i * 0.001) * 50) * 1e4) / 1e4;
  data.push([`sensor-${s}.value`, values]);
}
const start = process.hrtime.bigint();
const fd = fs.openSync(out, "w");
let bytes = 0;
let parts = [];
let pending = 0;
for (const [name, values] of data) {
  for (let i = 0; i < values.length; i++) {
    const line = JSON.stringify({ series: name, t: t0 + i, v: values[i] }) + "\n";
    parts.push(line);
    pending += line.length;
    if (pending >= 1 << 20) {
      const buf = Buffer.from(parts.join(""));
      fs.writeSync(fd, buf);
      bytes += buf.length;
      parts = [];
      pending = 0;
    }
  }
}
const buf = Buffer.from(parts.join(""));
fs.writeSync(fd, buf);
bytes += buf.length;
fs.closeSync(fd);
const secs = Number(process.hrtime.bigint() - start) / 1e9;
fs.unlinkSync(out);
console.log(JSON.stringify({ peer: "node ndjson", points: series * points, seconds: secs,
                             pointsPerSec: (series * points) / secs, bytes }));
