#!/usr/bin/env node
// Socket.IO 4.x test server (the npm `socket.io` package: not our code) for Pulseboard's
// Socket.IO feed tests. Namespace "/" is open; "/prices" requires auth {"token": TOKEN}.
//   node socketio_server.js [--port 0] [--token secret] [--ping-interval ms] [--ping-timeout ms]
//                           [--tick-ms N]   (emit "tick" {"symbol","price","seq"} on /prices every N ms)
// stdout, one JSON object per line:
//   {"event":"listening","port":N}  {"event":"connect","ns":"/prices","id":..,"auth":{..}}
//   {"event":"refused","ns":..,"auth":{..}}  {"event":"client-event","ns":..,"name":..,"args":[..]}
//   {"event":"disconnect","ns":..,"reason":..}  {"event":"acked","args":[..]}
// stdin, one JSON command per line:
//   {"cmd":"emit","ns":"/prices","event":"tick","args":[...]}   emit to every socket of ns
//   {"cmd":"emitAck","ns":..,"event":..,"args":[..]}            same, asking for an ack
//   {"cmd":"raw","frame":"42[...]"}                             a raw WebSocket text frame to every client
//   {"cmd":"drop"}   close every underlying connection (transport close, no Socket.IO goodbye)
//   {"cmd":"kick"}   disconnect every socket from its namespace ("41" then close)
//   {"cmd":"freeze"} stop sending Engine.IO pings (the client must declare the link dead)
'use strict';
const http = require('http');
const readline = require('readline');
const { Server } = require('socket.io');

const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
};
const port = Number(arg('--port', '0'));
const token = arg('--token', 'secret');
const tickMs = Number(arg('--tick-ms', '0'));
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');

const httpServer = http.createServer();
const io = new Server(httpServer, {
  pingInterval: Number(arg('--ping-interval', '25000')),
  pingTimeout: Number(arg('--ping-timeout', '20000')),
  transports: ['websocket', 'polling'],
});

const watch = (nsp) => nsp.on('connection', (socket) => {
  out({ event: 'connect', ns: nsp.name, id: socket.id, auth: socket.handshake.auth });
  socket.onAny((name, ...args) => out({ event: 'client-event', ns: nsp.name, name, args }));
  socket.on('disconnect', (reason) => out({ event: 'disconnect', ns: nsp.name, reason }));
});
watch(io.of('/'));
const prices = io.of('/prices');
prices.use((socket, next) => {
  if (socket.handshake.auth && socket.handshake.auth.token === token) return next();
  out({ event: 'refused', ns: '/prices', auth: socket.handshake.auth });
  next(new Error('not authorized'));
});
watch(prices);

let seq = 0;
if (tickMs > 0) {
  setInterval(() => {
    seq += 1;
    prices.emit('tick', { symbol: 'BTC', price: 100 + seq, seq });
  }, tickMs);
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) return;
  const c = JSON.parse(line);
  const nsp = io.of(c.ns || '/');
  if (c.cmd === 'emit') nsp.emit(c.event, ...(c.args || []));
  else if (c.cmd === 'emitAck') {
    for (const s of nsp.sockets.values()) s.emit(c.event, ...(c.args || []), (...a) => out({ event: 'acked', args: a }));
  } else if (c.cmd === 'raw') {
    for (const client of Object.values(io.engine.clients)) client.transport.socket.send(c.frame);
  } else if (c.cmd === 'drop') {
    for (const client of Object.values(io.engine.clients)) client.transport.socket.terminate();
  } else if (c.cmd === 'kick') {
    io.of('/').disconnectSockets(true);
    prices.disconnectSockets(true);
  } else if (c.cmd === 'freeze') {
    for (const client of Object.values(io.engine.clients)) {
      clearTimeout(client.pingIntervalTimer);
      clearTimeout(client.pingTimeoutTimer);
      client.schedulePing = () => {};
      client.resetPingTimeout = () => {};
    }
  }
  out({ event: 'done', cmd: c.cmd });
});
process.stdin.on('end', () => process.exit(0));

httpServer.listen(port, '127.0.0.1', () => out({ event: 'listening', port: httpServer.address().port }));
