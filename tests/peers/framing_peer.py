#!/usr/bin/python3
"""Third-party RFC 6455 client for tst_hubframing (Python `websockets`, not Qt): sends
`hello` as a fragmented message (an iterable of str fragments = one text frame and two
continuations), a ping with a payload, a fragmented envelope ping, then closes.

Usage: framing_peer.py URL NICK
Writes one JSON object per line: {"rx": envelope} for every envelope received, and
events {"event": "pong"} (a pong with exactly the ping's payload arrived; websockets only
completes the ping's waiter for that) and {"event": "closed", "code": N}.
"""
import asyncio
import json
import ssl
import sys

import websockets


def out(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()


async def receive(ws):
    out({"rx": json.loads(await asyncio.wait_for(ws.recv(), 5))})


async def main(url, nick):
    tls = None
    if url.startswith("wss:"):   # the test hub's certificate is self-signed
        tls = ssl.create_default_context()
        tls.check_hostname = False
        tls.verify_mode = ssl.CERT_NONE
    async with websockets.connect(url, max_size=1 << 20, ssl=tls) as ws:
        hello = json.dumps({"type": "hello", "version": 1, "nick": nick})
        await ws.send([hello[:9], hello[9:25], hello[25:]])
        await receive(ws)
        await asyncio.wait_for(await ws.ping(b"abc"), 5)
        out({"event": "pong"})
        await ws.send(['{"type":"ping",', '"id":"fragmented"}'])
        await receive(ws)
        await ws.close()
        out({"event": "closed", "code": ws.close_code})


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
