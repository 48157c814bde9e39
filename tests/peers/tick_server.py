#!/usr/bin/python3
"""A feed server for Pulseboard's end-to-end tests, built on Python `websockets`
(Debian's python3-websockets), i.e. not Pulseboard code.

Listens on 127.0.0.1 (port from --port, 0 = any), prints "PORT <n>" on stdout, then
for every connection: waits for the first client message (the subscription), prints
"RECV <message>" for every message it receives, and sends --count ticks:
    {"type":"tick","symbol":"<SYM>","price":"<100+i/4 as string>","ts":<base+i>}
alternating symbols AAA and BBB (--shape ramp: 100, 100.25, ...; triangle: 100 up
to 110 and back), preceded by a status message (no samples), one
non-JSON text frame and one binary frame. Then it keeps the connection open.
"""
import argparse
import asyncio
import sys

import websockets


def tick(i, base, count, shape):
    sym = "AAA" if i % 2 == 0 else "BBB"
    if shape == "triangle":   # up from 100 to 110 and back down to 100
        v = 100 + 10 * (1 - abs(2 * i / max(1, count - 1) - 1))
    else:
        v = 100 + i / 4
    return '{"type":"tick","symbol":"%s","price":"%s","ts":%d}' % (sym, repr(v), base + i)


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--base", type=int, default=1700000000000)
    ap.add_argument("--shape", choices=["ramp", "triangle"], default="ramp")
    args = ap.parse_args()

    async def handler(ws, path=None):
        try:
            async for message in ws:
                print("RECV", message, flush=True)
                if message.startswith("{\"op\":\"subscribe\""):
                    await ws.send('{"type":"status","msg":"subscribed"}')
                    await ws.send("this is not json")
                    await ws.send(b"\x00\x01binary")
                    for i in range(args.count):
                        await ws.send(tick(i, args.base, args.count, args.shape))
        except websockets.ConnectionClosed:
            pass

    async with websockets.serve(handler, "127.0.0.1", args.port, ping_interval=None) as server:
        port = server.sockets[0].getsockname()[1]
        print("PORT", port, flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
