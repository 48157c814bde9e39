"""Figures of the feed side: ingest (1), UI under load (2), chart cost (3), memory per
stored point (4), start-up and idle (6), soak (7). Each fig_* returns its raw numbers;
each *_rows turns them into table rows (figure, ratio, Pulseboard, peer, target, met)."""
import os
import statistics
import subprocess
import time

from benchlib import (BENCH, PEERS, PROFILE, BenchError, Window, Xvfb, cpu_seconds, exe, log,
                      median_by, pct, ratio, read_json_line, rss_bytes, run_json, spawn, stop)


def fig_ingest(build, args):
    """1. msgs/s: FeedConnection pipeline (with the ticks profile, and with no profile: auto-
    discovery, a new user's default) vs Node ws + JSON.parse vs raw QWebSocket, interleaved."""
    blaster = spawn([exe(build, "bench_blaster"), "--port", "0"])
    try:
        feed = read_json_line(blaster, 10, "bench_blaster")
        url = f"ws://127.0.0.1:{feed['port']}/"
        runs = {"pipeline": [], "auto": [], "node": [], "raw": []}
        secs = str(args.ingest_seconds)
        for i in range(args.repeat):
            runs["pipeline"].append(run_json(
                [exe(build, "bench_ingest"), "--mode", "pipeline", "--url", url,
                 "--profile", PROFILE, "--warmup", "1", "--seconds", secs], 60, "ingest pipeline"))
            runs["node"].append(run_json(
                ["node", os.path.join(PEERS, "ingest_client.js"), url, "1", secs], 60, "ingest node"))
            runs["auto"].append(run_json(
                [exe(build, "bench_ingest"), "--mode", "pipeline", "--url", url,
                 "--profile", "auto", "--warmup", "1", "--seconds", secs], 60, "ingest auto-discovery"))
            runs["raw"].append(run_json(
                [exe(build, "bench_ingest"), "--mode", "raw", "--url", url,
                 "--warmup", "1", "--seconds", secs], 60, "ingest raw"))
            log("ingest run %d: pipeline %.0f, auto-discovery %.0f, node %.0f, raw QWebSocket %.0f msg/s" % (
                i + 1, runs["pipeline"][-1]["msgsPerSec"], runs["auto"][-1]["msgsPerSec"],
                runs["node"][-1]["msgsPerSec"], runs["raw"][-1]["msgsPerSec"]))
    finally:
        stop(blaster)
    out = {"feed": feed, "runs": runs}
    for k, v in runs.items():
        out[k] = median_by(v, "msgsPerSec")
    for mode in ("socketless", "map", "json"):
        out[mode] = run_json([exe(build, "bench_ingest"), "--mode", mode, "--profile", PROFILE,
                              "--seconds", "3"], 60, f"ingest {mode}")
    out["mapAuto"] = run_json([exe(build, "bench_ingest"), "--mode", "map", "--profile", "auto",
                               "--seconds", "3"], 60, "ingest map auto-discovery")
    p = out["pipeline"]
    if p.get("series") != 12 or p.get("unparsed", 1) != 0 or p.get("state") != "Live":
        raise BenchError(f"pipeline run did not map the feed as expected: {p}")
    a = out["auto"]   # /p, /q, /seq, /t: the ticks' numeric leaves
    if a.get("series") != 4 or a.get("unparsed", 1) != 0 or a.get("state") != "Live":
        raise BenchError(f"auto-discovery run did not map the feed as expected: {a}")
    log("ingest socket-less: ingestText %.0f, map %.0f, QJsonDocument parse alone %.0f msg/s" % (
        out["socketless"]["msgsPerSec"], out["map"]["msgsPerSec"], out["json"]["msgsPerSec"]))
    return out


def ingest_rows(fig):
    rows = []
    f = fig
    pb, nd, raw = f["pipeline"]["msgsPerSec"], f["node"]["msgsPerSec"], f["raw"]["msgsPerSec"]
    r = ratio(pb, nd)
    rows.append(("1 ingest msg/s (pipeline vs Node ws+JSON.parse)", f"{r:.2f}x",
                 f"{pb:,.0f}", f"{nd:,.0f}", ">= 1.5x and >= 1,000,000",
                 r >= 1.5 and pb >= 1e6))
    au = f["auto"]["msgsPerSec"]
    ra = ratio(au, nd)
    rows.append(("1 ingest msg/s auto-discovery, no profile (vs Node ws+JSON.parse)", f"{ra:.2f}x",
                 f"{au:,.0f}", f"{nd:,.0f}", ">= 1.5x and >= 1,000,000", ra >= 1.5 and au >= 1e6))
    rows.append(("1 ingest: pipeline / raw QWebSocket ceiling", f"{ratio(pb, raw):.2f}",
                 f"{pb:,.0f}", f"{raw:,.0f} (raw)", "(overhead shown)", None))
    s = f["socketless"]["msgsPerSec"]
    rows.append(("1 ingest socket-less ingestText (parse+map+store+log)", "-", f"{s:,.0f}",
                 f"parse+map {f['map']['msgsPerSec']:,.0f} (auto-discovery {f['mapAuto']['msgsPerSec']:,.0f}); "
                 f"QJsonDocument parse alone {f['json']['msgsPerSec']:,.0f}",
                 ">= 1,000,000", s >= 1e6))
    return rows


def fig_chart(build, args):
    """3. chart update and render time at 1k/10k/100k/1M points per series, 10 series.
    Under Xvfb (GLX, llvmpipe): the product's path (LineSeries.useOpenGL when the scene
    graph runs on OpenGL, qml/charts/ChartCard.qml) and QtCharts' raster fallback.
    10k is the smallest history that fills every pixel column, so 10k/100k/1M draw the
    same number of points and compare like with like; 1k is drawn raw (fewer points)."""
    out = {}
    sizes = (1000, 10000, 100000, 1000000)
    with Xvfb() as x:
        for key, extra in (("opengl", ["--opengl"]), ("raster", [])):
            rows = []
            p = spawn([exe(build, "bench_chart"), "--sizes", ",".join(map(str, sizes)), "--frames", "40",
                       *extra],
                      env={"DISPLAY": x.display, "QT_QPA_PLATFORM": "xcb"}, stderr=subprocess.DEVNULL)
            try:
                for _ in sizes:
                    rows.append(read_json_line(p, 240, "bench_chart"))
                    log("chart %s %.0f points/series: update p50 %.2f ms (views %.2f, from scratch %.2f), "
                        "render p50 %.2f ms, %d points drawn" % (
                            key, rows[-1]["points"], rows[-1]["updateP50ms"], rows[-1]["viewUpdateP50ms"],
                            rows[-1]["decimateP50ms"], rows[-1]["renderP50ms"], rows[-1]["pointsDrawn"]))
            finally:
                stop(p)
            out[key] = rows
    return out


def chart_rows(fig):
    rows = []
    for key, label in (("opengl", "useOpenGL (product path)"), ("raster", "raster fallback")):
        sz = {int(r["points"]): r for r in fig[key]}
        keys = (1000, 10000, 100000, 1000000)
        u = [sz[k]["updateP50ms"] for k in keys]
        v = [sz[k]["viewUpdateP50ms"] for k in keys]
        n = [sz[k]["pointsDrawn"] for k in keys]
        r_ = [sz[k]["renderP50ms"] for k in keys]
        like = max(u[1:]) / min(u[1:])
        rows.append((f"3 chart update 10 series, {label}: 1M/1k | 1M/10k (same points drawn)",
                     f"{u[3] / u[0]:.2f} | {u[3] / u[1]:.2f}",
                     "/".join(f"{x:.2f}" for x in u) + " ms (1k/10k/100k/1M)",
                     "points drawn " + "/".join(f"{x / 1000:.1f}k" for x in n)
                     + "; store share " + "/".join(f"{x:.2f}" for x in v) + " ms",
                     "flat within 20%, <= 20 ms at 1M",
                     like <= 1.2 and u[3] / u[0] <= 1.2 and sz[1000000]["updateP95ms"] <= 20))
        rows.append((f"3 chart update+render, {label} (1k/10k/100k/1M)", f"{(u[3] + r_[3]) / (u[0] + r_[0]):.2f}",
                     "/".join(f"{a + b:.1f}" for a, b in zip(u, r_)) + " ms", "p50", "<= 20 ms at 1M",
                     u[3] + r_[3] <= 20))
    return rows


def fig_store(build, args):
    """4a. RSS growth per stored point."""
    full = run_json([exe(build, "bench_store"), "--series", "10", "--points", "1000000"], 120,
                    "bench_store")
    partial = run_json([exe(build, "bench_store"), "--series", "10", "--points", "600000"], 120,
                       "bench_store")
    log("store: %.2f B/point full rings, %.2f B/point at 60%% fill" % (
        full["bytesPerPoint"], partial["bytesPerPoint"]))
    return {"full": full, "partial": partial}


def store_rows(fig):
    rows = []
    b = fig["full"]["bytesPerPoint"]
    bp = fig["partial"]["bytesPerPoint"]
    rows.append(("4 memory per stored point (full rings | 60% fill)", "-", f"{b:.1f} | {bp:.1f} B",
                 "-", "<= 24 B", b <= 24))
    return rows


def fig_startup(build, args):
    """6. process start -> first frame of the default run, and idle CPU without data."""
    starts, swaps, errors = [], [], []
    with Xvfb() as x:
        for i in range(args.startup_runs):
            w = Window(build, x)
            try:
                starts.append(w.wait_first_frame())
                swaps.append(w.first_swap)
                errors = w.errors()
            finally:
                w.close()
        log("start-up to first frame: " + ", ".join(f"{s * 1000:.0f}" for s in starts) + " ms")
        # Idle: connected to a feed that sends nothing (silent blaster), and the default run.
        silent = spawn([exe(build, "bench_blaster"), "--port", "0", "--rate", "-1"])
        try:
            port = read_json_line(silent, 10, "bench_blaster")["port"]
            idle = {}
            # noData: live connection, nothing arriving (the figure); notLive: the same window
            # whose only feed is refused (so nothing is "live"), to isolate what a live
            # connection's UI costs when idle; defaultRun: the demo feed flowing.
            for name, extra in (("noData", ["--connect", f"ws://127.0.0.1:{port}/", "--profile", PROFILE]),
                                ("notLive", ["--connect", "ws://127.0.0.1:9/", "--profile", PROFILE]),
                                ("defaultRun", [])):
                w = Window(build, x, extra)
                try:
                    w.wait_first_frame()
                    time.sleep(3)
                    if w.proc.poll() is not None:
                        raise BenchError(f"pulseboard {' '.join(extra)} exited: {w.errors()}")
                    c0, t0 = cpu_seconds(w.proc.pid), time.monotonic()
                    time.sleep(args.idle_seconds)
                    c1, t1 = cpu_seconds(w.proc.pid), time.monotonic()
                    idle[name] = {"cpuFraction": (c1 - c0) / (t1 - t0), "seconds": t1 - t0,
                                  "frames": len(w.frames(t0, t1)), "rss": rss_bytes(w.proc.pid)}
                finally:
                    w.close()
                log(f"idle CPU ({name}): {100 * idle[name]['cpuFraction']:.1f} %, "
                    f"{idle[name]['frames']} frames in {idle[name]['seconds']:.0f} s")
        finally:
            stop(silent)
    return {"firstFrameSeconds": starts, "median": statistics.median(starts), "firstSwapSeconds": swaps,
            "idle": idle,
            "appMessages": errors}


def startup_rows(f):
    nd, dr, nl = f["idle"]["noData"], f["idle"]["defaultRun"], f["idle"]["notLive"]
    return [("6 start-up: process start -> first frame (median of %d)" % len(f["firstFrameSeconds"]),
             "-", f"{f['median'] * 1000:.0f} ms", f"min {min(f['firstFrameSeconds']) * 1000:.0f} ms",
             "<= 400 ms", f["median"] <= 0.4),
            ("6 idle CPU, window connected, no data (default run: demo)", "-",
             f"{100 * nd['cpuFraction']:.1f} % ({nd['frames']} frames)",
             f"demo {100 * dr['cpuFraction']:.1f} %; not live {100 * nl['cpuFraction']:.1f} % "
             f"({nl['frames']} frames)", "~ 0", nd["cpuFraction"] <= 0.01)]


def ui_window_run(build, x, rate, warmup, seconds, min_frames=10):
    """The window on a blaster feed at `rate` msg/s (-1: live but silent); frame statistics.
    A silent live window renders only for its clock (about once a second), so the no-data
    run accepts few frames (min_frames=0) and reports None for the interval percentiles."""
    blaster = spawn([exe(build, "bench_blaster"), "--port", "0", "--rate", str(rate)])
    try:
        port = read_json_line(blaster, 10, "bench_blaster")["port"]
        w = Window(build, x, ["--connect", f"ws://127.0.0.1:{port}/", "--profile", PROFILE])
        try:
            w.wait_first_frame()
            time.sleep(warmup)
            c0, t0 = cpu_seconds(w.proc.pid), time.monotonic()
            time.sleep(seconds)
            c1, t1 = cpu_seconds(w.proc.pid), time.monotonic()
            frames = w.frames(t0, t1)
            prepared = w.prepared(t0, t1)
            costs = w.frame_costs(t0, t1)
            rss = rss_bytes(w.proc.pid)
        finally:
            w.close()
        sent = read_json_line(blaster, 10, "bench_blaster (frames sent)")
    finally:
        stop(blaster)
    intervals = [(b - a) * 1000 for a, b in zip(frames, frames[1:])]
    if len(intervals) < min_frames:
        raise BenchError(f"only {len(frames)} frames in {t1 - t0:.0f} s: is the window updating?")

    def p(values, q):
        return pct(values, q) if values else None
    return {"rate": rate, "delivered": sent, "frames": len(frames), "seconds": t1 - t0,
            "intervalP50ms": p(intervals, 0.5), "intervalP99ms": p(intervals, 0.99),
            "intervalMaxms": max(intervals) if intervals else None,
            "cpuFraction": (c1 - c0) / (t1 - t0), "rss": rss,
            "polishP50ms": p([x[0] for x in prepared], 0.5),
            "polishP99ms": p([x[0] for x in prepared], 0.99),
            "blockedForSyncP99ms": p([x[2] for x in prepared], 0.99),
            "renderThreadFrameP50ms": p([c[0] for c in costs], 0.5),
            "renderThreadFrameP99ms": p([c[0] for c in costs], 0.99),
            "renderP50ms": p([c[2] for c in costs], 0.5),
            "swapP50ms": p([c[3] for c in costs], 0.5)}


def fig_ui(build, args):
    """2. frame interval of the real window while 100k msg/s arrive, beside the same window
    live but with no data (the environment's own floor: Xvfb + llvmpipe software GL)."""
    with Xvfb() as x:
        idle = ui_window_run(build, x, -1, 3, args.ui_seconds / 2, min_frames=0)
        out = ui_window_run(build, x, args.ui_rate, args.ui_warmup, args.ui_seconds)
    out["noData"] = idle

    def ms(v):
        return "-" if v is None else "%.0f" % v
    for name, f in (("no data", idle), ("%d msg/s" % args.ui_rate, out)):
        log("UI %s: %d frames, interval p50 %s ms p99 %s ms max %s ms (GUI polish p99 %s ms, "
            "render-thread swap p50 %s ms), delivered %.0f msg/s, CPU %.0f %%" % (
                name, f["frames"], ms(f["intervalP50ms"]), ms(f["intervalP99ms"]), ms(f["intervalMaxms"]),
                ms(f["polishP99ms"]), ms(f["swapP50ms"]), f["delivered"].get("msgsPerSec", 0),
                100 * f["cpuFraction"]))
    return out


def ui_rows(f):
    n = f["noData"]
    return [("2 UI frame interval p50/p99 at %dk msg/s (vs same window, no data)" % (f["rate"] // 1000),
             "-", f"{f['intervalP50ms']:.0f}/{f['intervalP99ms']:.0f} ms ({f['frames']} frames)",
             f"no data: {n['frames']} frames in {n['seconds']:.0f} s, CPU {100 * n['cpuFraction']:.0f} %; delivered "
             f"{f['delivered'].get('msgsPerSec', 0):,.0f} msg/s, CPU {100 * f['cpuFraction']:.0f} %",
             "p99 <= 33 ms", f["intervalP99ms"] <= 33)]


def fig_soak(build, args):
    """7. RSS over --soak-seconds at 50k msg/s through the real app (headless pipeline)."""
    blaster = spawn([exe(build, "bench_blaster"), "--port", "0", "--rate", "50000"])
    app = None
    try:
        feed = read_json_line(blaster, 10, "bench_blaster")
        url = f"ws://127.0.0.1:{feed['port']}/"
        app = spawn([exe(build, "pulseboard"), "--headless", "--connect", url,
                     "--profile", os.path.join(BENCH, "profiles", "ticks-soak.json")],
                    stderr=subprocess.DEVNULL)
        samples, t0 = [], time.monotonic()
        while True:
            t = time.monotonic() - t0
            if app.poll() is not None:
                raise BenchError(f"pulseboard exited with {app.returncode} during the soak")
            samples.append({"t": round(t, 1), "rss": rss_bytes(app.pid), "cpu": cpu_seconds(app.pid)})
            if t >= args.soak_seconds:
                break
            time.sleep(5)
        # The rings (2 series x 1M points) are full after ~20 s at 50k msg/s: judge from 30 s.
        start = next(s for s in samples if s["t"] >= 30)
        end = samples[-1]
        cpu = (end["cpu"] - start["cpu"]) / (end["t"] - start["t"])
        log("soak: RSS %.1f MiB at %.0f s -> %.1f MiB at %.0f s (%+.1f %%), CPU %.0f %%" % (
            start["rss"] / 2**20, start["t"], end["rss"] / 2**20, end["t"],
            100 * (end["rss"] / start["rss"] - 1), 100 * cpu))
        return {"rate": 50000, "process": "pulseboard --headless", "samples": samples,
                "rssStart": start["rss"], "rssStartT": start["t"], "rssEnd": end["rss"],
                "rssEndT": end["t"], "rssFirst": samples[0]["rss"], "cpuFraction": cpu}
    finally:
        if app:
            stop(app)
        stop(blaster)


def soak_rows(f):
    growth = f["rssEnd"] / f["rssStart"] - 1
    return [("7 soak 50k msg/s: RSS change %.0f s -> %.0f s" % (f["rssStartT"], f["rssEndT"]),
             f"{100 * growth:+.1f} %", f"{f['rssStart'] / 2**20:.0f} -> {f['rssEnd'] / 2**20:.0f} MiB",
             f"CPU {100 * f['cpuFraction']:.0f} %", "flat within 5 %", abs(growth) <= 0.05)]
