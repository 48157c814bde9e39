#!/usr/bin/python3
"""Independent Pulseboard hub client, written from docs/protocol.md alone (Python
`websockets`). Used by the hub tests as a third-party peer.

Usage: hub_client.py URL NICK [--password PW]   (wss:// certificates are not verified here:
the tests check pinning on the C++ side)

Reads commands from stdin, one JSON object per line:
  {"cmd":"send", "msg":{...}}      send an envelope as is
  {"cmd":"join", "room":"r"}       join, resuming from the last seq seen in that room
  {"cmd":"say", "room":"r", "text":"t", "id":"x"}
  {"cmd":"reconnect"}              close, reconnect, log in, re-join every room with since
  {"cmd":"close"}                  close and exit
Writes to stdout, one JSON object per line: every envelope received as {"rx": {...}},
and events {"event": "...", ...}: "welcome" (with "serverProofOk"), "closed" (code,
reason), "duplicate"/"gap" (room, seq) when room sequence numbers are not contiguous.
"""
import asyncio
import base64
import hashlib
import hmac
import json
import os
import ssl
import sys
import threading

import websockets


def out(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()


class Client:
    def __init__(self, url, nick, password):
        self.url, self.nick, self.password = url, nick, password
        self.ws = None
        self.last_seq = {}      # room -> highest seq seen
        self.rooms = set()
        self.reader = None

    async def connect(self):
        kwargs = {"max_size": 1 << 20}
        if self.url.startswith("wss://"):
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE     # tests pin on the C++ side
            kwargs["ssl"] = ctx
        self.ws = await websockets.connect(self.url, **kwargs)
        await self.send({"type": "hello", "version": 1, "nick": self.nick, "client": "hub_client.py"})
        cnonce = None
        key = None
        nonce = None
        while True:
            m = json.loads(await self.ws.recv())
            out({"rx": m})
            if m["type"] == "challenge":
                assert m["mechanism"] == "PBKDF2-SHA256/HMAC-SHA256"
                salt = base64.b64decode(m["salt"])
                key = hashlib.pbkdf2_hmac("sha256", (self.password or "").encode(), salt, m["iterations"], 32)
                nonce = m["nonce"]
                cnonce = base64.b64encode(os.urandom(24)).decode()
                msg = "pulseboard-auth-v1\n" + nonce + "\n" + cnonce + "\n" + self.nick
                proof = base64.b64encode(hmac.new(key, msg.encode(), hashlib.sha256).digest()).decode()
                await self.send({"type": "auth", "cnonce": cnonce, "proof": proof})
            elif m["type"] == "welcome":
                ok = None
                if key is not None:
                    msg = "pulseboard-server-v1\n" + nonce + "\n" + cnonce + "\n" + self.nick
                    want = base64.b64encode(hmac.new(key, msg.encode(), hashlib.sha256).digest()).decode()
                    ok = hmac.compare_digest(want, m.get("proof", ""))
                out({"event": "welcome", "serverProofOk": ok})
                break
            elif m["type"] == "error":
                out({"event": "login-failed", "code": m["code"]})
                break
        self.reader = asyncio.ensure_future(self.read_loop())

    async def send(self, obj):
        await self.ws.send(json.dumps(obj, separators=(",", ":")))

    async def read_loop(self):
        try:
            async for raw in self.ws:
                m = json.loads(raw)
                if m.get("type") == "msg":
                    room, seq = m["room"], m["seq"]
                    last = self.last_seq.get(room, 0)
                    if seq <= last:
                        out({"event": "duplicate", "room": room, "seq": seq})
                        continue
                    if last and seq != last + 1:
                        out({"event": "gap", "room": room, "seq": seq, "last": last})
                    self.last_seq[room] = seq
                out({"rx": m})
        except websockets.ConnectionClosed:
            pass
        out({"event": "closed", "code": self.ws.close_code, "reason": self.ws.close_reason})

    async def join(self, room):
        msg = {"type": "join", "room": room, "id": "join-" + room}
        if room in self.last_seq:
            msg["since"] = self.last_seq[room]
            msg["limit"] = 1000
        self.rooms.add(room)
        await self.send(msg)

    async def reconnect(self):
        if self.ws is not None:
            await self.ws.close()
            if self.reader:
                await self.reader
        await self.connect()
        for room in sorted(self.rooms):
            await self.join(room)


async def main():
    args = sys.argv[1:]
    url, nick = args[0], args[1]
    password = args[args.index("--password") + 1] if "--password" in args else None
    client = Client(url, nick, password)
    loop = asyncio.get_running_loop()
    commands = asyncio.Queue()

    def stdin_thread():
        for line in sys.stdin:
            if line.strip():
                loop.call_soon_threadsafe(commands.put_nowait, json.loads(line))
        loop.call_soon_threadsafe(commands.put_nowait, {"cmd": "close"})

    threading.Thread(target=stdin_thread, daemon=True).start()
    await client.connect()
    while True:
        c = await commands.get()
        try:
            if c["cmd"] == "send":
                await client.send(c["msg"])
            elif c["cmd"] == "join":
                await client.join(c["room"])
            elif c["cmd"] == "say":
                await client.send({"type": "say", "room": c["room"], "text": c["text"], "id": c.get("id", "py")})
            elif c["cmd"] == "reconnect":
                await client.reconnect()
            elif c["cmd"] == "close":
                await client.ws.close()
                if client.reader:
                    await client.reader
                return
        except (websockets.ConnectionClosed, OSError) as e:
            out({"event": "error", "what": str(e)})


if __name__ == "__main__":
    asyncio.run(main())
