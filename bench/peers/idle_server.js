// Node peer for figure 4 (memory per idle connection): a minimal `ws` server that accepts
// connections and keeps them open, doing nothing with what they send. Prints
// {"port":P,"pid":N}; a "gc" line on stdin runs a full garbage collection (node
// --expose-gc) and answers "gc-done", so the harness reads RSS after it.
//   node --expose-gc idle_server.js [PORT=0]
'use strict';
const { WebSocketServer } = require('ws');

const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.argv[2] || 0),
                                  maxPayload: 64 * 1024 });
wss.on('connection', (ws) => { ws.on('message', () => {}); });
wss.on('listening', () => console.log(JSON.stringify({ port: wss.address().port, pid: process.pid })));
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  for (const line of chunk.split('\n')) {
    if (line.trim() === 'gc') {
      if (global.gc) global.gc();
      console.log(JSON.stringify({ gc: true, clients: wss.clients.size }));
    }
  }
});
process.stdin.on('end', () => process.exit(0));
