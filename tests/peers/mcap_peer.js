// MCAP peer for tst_mcap, built on Foxglove's own TypeScript library (@mcap/core, what
// Foxglove reads recordings with), so Pulseboard's recordings are checked by a reader
// and against a writer this project did not write.
//   node mcap_peer.js read FILE    -> one JSON line per record of interest:
//        {"channel": {id, topic, messageEncoding, schemaId, metadata}} / {"schema": {...}}
//        {"message": {channel, sequence, logTime (string, ns), data (base64)}}
//        and a last line {"done": true|false} (false: the stream ended mid-record)
//   node mcap_peer.js write FILE   -> a chunked (uncompressed) MCAP file with two channels
//        and 20 messages, written by McapWriter with its defaults plus an index.
"use strict";
const fs = require("fs");
const { McapStreamReader, McapWriter } = require("@mcap/core");

function read(file) {
  const reader = new McapStreamReader({ validateCrcs: true });
  reader.append(new Uint8Array(fs.readFileSync(file)));
  const out = [];
  for (let r; (r = reader.nextRecord()); ) {
    if (r.type === "Channel") {
      out.push({ channel: { id: r.id, topic: r.topic, messageEncoding: r.messageEncoding, schemaId: r.schemaId,
                            metadata: Object.fromEntries(r.metadata) } });
    } else if (r.type === "Schema") {
      out.push({ schema: { id: r.id, name: r.name, encoding: r.encoding } });
    } else if (r.type === "Message") {
      out.push({ message: { channel: r.channelId, sequence: r.sequence, logTime: r.logTime.toString(),
                            data: Buffer.from(r.data).toString("base64") } });
    } else if (r.type === "Header") {
      out.push({ header: { profile: r.profile, library: r.library } });
    }
  }
  out.push({ done: reader.done() });
  for (const o of out) process.stdout.write(JSON.stringify(o) + "\n");
}

async function write(file) {
  const chunks = [];
  let pos = 0n;
  const writable = {
    write: async (buf) => { chunks.push(Buffer.from(buf)); pos += BigInt(buf.byteLength); },
    position: () => pos,
  };
  const writer = new McapWriter({ writable, chunkSize: 256 });
  await writer.start({ profile: "", library: "mcap_peer.js" });
  const schemaId = await writer.registerSchema({ name: "x", encoding: "jsonschema", data: new TextEncoder().encode("{}") });
  const a = await writer.registerChannel({ topic: "alpha", messageEncoding: "json", schemaId,
                                           metadata: new Map([["pulseboard.connection", "alpha"]]) });
  const b = await writer.registerChannel({ topic: "beta", messageEncoding: "json", schemaId, metadata: new Map() });
  for (let i = 0; i < 20; i++) {
    await writer.addMessage({ channelId: i % 2 ? b : a, sequence: i, logTime: 1700000000000000000n + BigInt(i) * 1000000n,
                              publishTime: 0n, data: new TextEncoder().encode(JSON.stringify({ i, v: i * 0.5 })) });
  }
  await writer.end();
  fs.writeFileSync(file, Buffer.concat(chunks));
}

const [mode, file] = process.argv.slice(2);
if (mode === "read") read(file);
else if (mode === "write") write(file).catch((e) => { console.error(e); process.exit(1); });
else { console.error("usage: mcap_peer.js read|write FILE"); process.exit(2); }
