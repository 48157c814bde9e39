#!/usr/bin/env node
// A WebSocket feed server on Node `ws` (8.18, not our code) for Pulseboard's client tests,
// speaking the same stdout lines as ws_feed_server.py:
//   PORT <n> | CONNECT {"path","subprotocol","headers","extensions"} | RECV <text> | CLOSED <code>
//   node ws_node_peer.js --port 0 [--deflate] [--no-context-takeover] [--fragment] [--ping-between]
// --deflate          perMessageDeflate: true, every message compressed (threshold 0)
// --no-context-takeover  server_no_context_takeover + client_no_context_takeover
// --fragment         every text message sent as one fragment per BYTE (multi-byte UTF-8
//                    characters split across fragments), via send(chunk, {fin: false})
// --ping-between     a ping between every two fragments
// Control messages from the client (text starting with "ctl:"):
//   ctl:send <JSON array of strings>   send each string as a text message
//   ctl:repeat N <text>                send <text> N times
//   ctl:bomb N                         one text message of N 'x' (tiny once compressed)
//   ctl:echo <text>                    send <text> back
'use strict';
const WebSocket = require('ws');

const argv = process.argv.slice(2);
const has = (f) => argv.includes(f);
const portIndex = argv.indexOf('--port');
const port = portIndex >= 0 ? Number(argv[portIndex + 1]) : 0;
const deflate = has('--deflate');
const noTakeover = has('--no-context-takeover');
const fragment = has('--fragment');
const pingBetween = has('--ping-between');
const out = (line) => process.stdout.write(line + '\n');

const perMessageDeflate = deflate ? {
  threshold: 0,
  serverNoContextTakeover: noTakeover,
  clientNoContextTakeover: noTakeover,
} : false;

const wss = new WebSocket.Server({ host: '127.0.0.1', port, perMessageDeflate, maxPayload: 64 << 20 },
  () => out('PORT ' + wss.address().port));

function sendText(ws, text) {
  if (!fragment) {
    ws.send(text, { binary: false, compress: deflate });
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; ++i) {
    const fin = i === bytes.length - 1;
    ws.send(bytes.subarray(i, i + 1), { binary: false, fin, compress: deflate });
    if (pingBetween && !fin)
      ws.ping(Buffer.from('p' + i));
  }
}

wss.on('connection', (ws, req) => {
  out('CONNECT ' + JSON.stringify({
    path: req.url,
    subprotocol: ws.protocol,
    headers: req.headers,
    extensions: ws.extensions,
  }));
  ws.on('message', (data, isBinary) => {
    const text = isBinary ? '<binary ' + data.length + '>' : data.toString('utf8');
    out('RECV ' + text);
    if (!text.startsWith('ctl:'))
      return;
    const body = text.slice(4);
    const space = body.indexOf(' ');
    const cmd = space < 0 ? body : body.slice(0, space);
    const arg = space < 0 ? '' : body.slice(space + 1);
    if (cmd === 'send') {
      for (const s of JSON.parse(arg))
        sendText(ws, s);
    } else if (cmd === 'repeat') {
      const sp = arg.indexOf(' ');
      const n = Number(arg.slice(0, sp));
      for (let i = 0; i < n; ++i)
        sendText(ws, arg.slice(sp + 1));
    } else if (cmd === 'bomb') {
      ws.send('x'.repeat(Number(arg)), { binary: false, compress: true });
    } else if (cmd === 'echo') {
      sendText(ws, arg);
    }
  });
  ws.on('close', (code) => out('CLOSED ' + code));
});
