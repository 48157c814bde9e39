// Node peer for figure 5 (fan-out): the minimal `ws` broadcast relay a user would write
// (the broadcast example of the ws README). Subscribers connect to /topics/<name>; a
// publisher connects to /publish and every message it sends is relayed, as is, to every
// open subscriber. Prints {"port":P} when listening.
//   node relay.js [PORT=0]
'use strict';
const { WebSocketServer, WebSocket } = require('ws');

const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.argv[2] || 0) });
const subscribers = new Set();

wss.on('connection', (ws, req) => {
  if (req.url.startsWith('/topics/')) {
    subscribers.add(ws);
    ws.on('close', () => subscribers.delete(ws));
    return;
  }
  ws.on('message', (data, isBinary) => {
    for (const client of subscribers) {
      if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    }
  });
});
wss.on('listening', () => console.log(JSON.stringify({ port: wss.address().port, pid: process.pid })));
