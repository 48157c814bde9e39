#!/usr/bin/env node
// Independent Pulseboard hub client in Node.js (`ws` package), written from
// docs/protocol.md alone. Same stdin/stdout contract as hub_client.py:
//   node hub_client_node.js URL NICK [--password PW]
// stdin: one JSON command per line: {"cmd":"send","msg":{...}} | {"cmd":"join","room":"r"}
//        | {"cmd":"say","room":"r","text":"t","id":"x"} | {"cmd":"close"}
// stdout: {"rx":{...}} per envelope, {"event":"welcome","serverProofOk":bool|null},
//         {"event":"login-failed","code":...}, {"event":"closed","code":n},
//         {"event":"duplicate"|"gap","room":r,"seq":n} when room sequence numbers jump.
'use strict';
const crypto = require('crypto');
const readline = require('readline');
const WebSocket = require('ws');

const [url, nick] = process.argv.slice(2, 4);
const pwIndex = process.argv.indexOf('--password');
const password = pwIndex > 0 ? process.argv[pwIndex + 1] : null;
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');

const ws = new WebSocket(url, { rejectUnauthorized: false, maxPayload: 1 << 20 });
const lastSeq = new Map();
let welcomed = false;
let key = null, nonce = null, cnonce = null;
const send = (o) => ws.send(JSON.stringify(o));
const hmac = (k, s) => crypto.createHmac('sha256', k).update(Buffer.from(s, 'utf8')).digest('base64');

ws.on('open', () => send({ type: 'hello', version: 1, nick, client: 'hub_client_node.js' }));
ws.on('message', (data) => {
  const m = JSON.parse(data.toString('utf8'));
  if (!welcomed) {
    out({ rx: m });
    if (m.type === 'challenge') {
      key = crypto.pbkdf2Sync(Buffer.from(password || '', 'utf8'), Buffer.from(m.salt, 'base64'), m.iterations, 32, 'sha256');
      nonce = m.nonce;
      cnonce = crypto.randomBytes(18).toString('base64');
      send({ type: 'auth', cnonce, proof: hmac(key, `pulseboard-auth-v1\n${nonce}\n${cnonce}\n${nick}`) });
    } else if (m.type === 'welcome') {
      welcomed = true;
      const ok = key ? m.proof === hmac(key, `pulseboard-server-v1\n${nonce}\n${cnonce}\n${nick}`) : null;
      out({ event: 'welcome', serverProofOk: ok });
    } else if (m.type === 'error') {
      out({ event: 'login-failed', code: m.code });
    }
    return;
  }
  if (m.type === 'msg') {
    const last = lastSeq.get(m.room) || 0;
    if (m.seq <= last) { out({ event: 'duplicate', room: m.room, seq: m.seq }); return; }
    if (last && m.seq !== last + 1) out({ event: 'gap', room: m.room, seq: m.seq, last });
    lastSeq.set(m.room, m.seq);
  }
  out({ rx: m });
});
ws.on('close', (code) => { out({ event: 'closed', code }); process.exit(0); });
ws.on('error', (e) => out({ event: 'error', what: String(e.message) }));

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) return;
  const c = JSON.parse(line);
  if (c.cmd === 'send') send(c.msg);
  else if (c.cmd === 'join') {
    const j = { type: 'join', room: c.room, id: 'join-' + c.room };
    if (lastSeq.has(c.room)) { j.since = lastSeq.get(c.room); j.limit = 1000; }
    send(j);
  } else if (c.cmd === 'say') send({ type: 'say', room: c.room, text: c.text, id: c.id || 'node' });
  else if (c.cmd === 'close') ws.close(1000);
}).on('close', () => ws.close(1000));
