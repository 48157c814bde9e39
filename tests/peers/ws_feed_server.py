#!/usr/bin/python3
"""A WebSocket feed server for FeedClient tests, built on the Python `websockets`
library (10.4, Debian's python3-websockets), so the client is tested against a peer
this project did not write.  Run with /usr/bin/python3.

It listens on 127.0.0.1 (port 0 = any free port) and prints `PORT <n>` on stdout, then
one line per event so the test can see what the server saw:
    CONNECT {"path": ..., "subprotocol": ..., "headers": {...}}
    RECV <text>            a text message from the client (control messages included)
    CLOSED <code>
Behaviour on every connection is set by flags; more is triggered by control messages
the client sends (text starting with "ctl:"):
    ctl:ticks N            send N JSON ticks
    ctl:stream RATE SECS   send RATE ticks per second for SECS seconds
    ctl:big BYTES          send one text message of BYTES bytes
    ctl:binary N           send N binary frames
    ctl:malformed          send 3 text frames that are not valid JSON
    ctl:freeze             stop reading the socket: pings go unanswered, link stays open
    ctl:echo TEXT          send TEXT back
    ctl:close CODE REASON  close the connection with that close code and reason
"""
import argparse
import asyncio
import json
import ssl
import sys

import websockets

SEQ = 0


def log(*parts):
    print(*parts, flush=True)


def tick():
    global SEQ
    SEQ += 1
    return json.dumps({"type": "tick", "symbol": "ABC", "seq": SEQ, "price": 100.0 + SEQ * 0.25})


async def control(ws, text):
    cmd, _, arg = text[4:].partition(" ")
    if cmd == "ticks":
        for _ in range(int(arg)):
            await ws.send(tick())
    elif cmd == "stream":
        rate, secs = (float(x) for x in arg.split())
        loop = asyncio.get_running_loop()
        start = loop.time()
        sent = 0
        while loop.time() - start < secs:
            due = int((loop.time() - start) * rate)
            while sent < due:
                await ws.send(tick())
                sent += 1
            await asyncio.sleep(0.005)
    elif cmd == "big":
        await ws.send("x" * int(arg))
    elif cmd == "binary":
        for i in range(int(arg)):
            await ws.send(bytes([0, 1, 2, 255, i % 256]))
    elif cmd == "malformed":
        for bad in ('{"type": "tick", "price": ', "not json at all", '{"unterminated": "str'):
            await ws.send(bad)
    elif cmd == "freeze":
        ws.transport.pause_reading()
        log("FROZEN")
    elif cmd == "echo":
        await ws.send(arg)
    elif cmd == "close":
        code, _, reason = arg.partition(" ")
        await ws.close(int(code), reason)


async def handler(ws, path, opts):
    log("CONNECT " + json.dumps({
        "path": path,
        "subprotocol": ws.subprotocol,
        "headers": {k: v for k, v in ws.request_headers.raw_items()},
    }))
    try:
        if opts.close_immediately:
            await ws.close(1000, "closing at once (test)")
            return
        for _ in range(opts.ticks):
            await ws.send(tick())
        async for message in ws:
            if isinstance(message, str):
                log("RECV " + message.replace("\n", " "))
                if message.startswith("ctl:"):
                    await control(ws, message)
    except websockets.ConnectionClosed:
        pass
    finally:
        log("CLOSED %s" % ws.close_code)


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--subprotocols", default="")
    p.add_argument("--ticks", type=int, default=0, help="ticks sent on every connection")
    p.add_argument("--close-immediately", action="store_true")
    p.add_argument("--deflate", action="store_true", help="negotiate permessage-deflate (websockets' default settings)")
    opts = p.parse_args()

    context = None
    if opts.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(opts.tls[0], opts.tls[1])
    subprotocols = [s for s in opts.subprotocols.split(",") if s] or None
    server = await websockets.serve(
        lambda ws, path: handler(ws, path, opts), "127.0.0.1", opts.port,
        ssl=context, subprotocols=subprotocols, ping_interval=None,
        max_size=1 << 20, compression="deflate" if opts.deflate else None)
    log("PORT %d" % server.sockets[0].getsockname()[1])
    await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
