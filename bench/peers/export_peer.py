#!/usr/bin/python3
"""Peer of figure 8 (CSV export): Python's csv module writing the rows bench_keep
exports (series,t,v,time with ISO 8601 UTC milliseconds), from data already in memory,
through a 1 MiB buffered file. Prints one JSON line like bench_keep's.
usage: export_peer.py SERIES POINTS OUT"""
import csv
import datetime
import json
import math
import os
import sys
import time

series, points, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
t0 = 1_700_000_000_000
data = [(f"sensor-{s}.value", [round(s * 10.0 + math.sin(i * 0.001) * 50.0, 4) for i in range(points)])
        for s in range(series)]
epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
start = time.perf_counter()
with open(out, "w", newline="", buffering=1 << 20) as f:
    w = csv.writer(f)   # RFC 4180 quoting, CRLF line ends: the same dialect as the export
    w.writerow(["series", "t", "v", "time"])
    for name, values in data:
        for i, v in enumerate(values):
            t = t0 + i
            iso = (epoch + datetime.timedelta(milliseconds=t)).strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t % 1000)
            w.writerow((name, t, v, iso))
secs = time.perf_counter() - start
size = os.path.getsize(out)
os.remove(out)
print(json.dumps({"peer": "python csv", "points": series * points, "seconds": secs,
                  "pointsPerSec": series * points / secs, "bytes": size}), flush=True)
