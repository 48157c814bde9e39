#!/usr/bin/python3
"""Independent reader (Python `websockets`) of a raw hub topic stream: connects to the
URL given, prints the first N text messages, one per line, then exits 0."""
import asyncio
import sys

import websockets


async def main(url, n):
    async with websockets.connect(url, ping_interval=None, max_size=2**20) as ws:
        for _ in range(n):
            print(await asyncio.wait_for(ws.recv(), 10), flush=True)


asyncio.run(main(sys.argv[1], int(sys.argv[2])))
