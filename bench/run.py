#!/usr/bin/python3
"""Pulseboard benchmark driver (issue 6). Started by bench/run.sh after the Release build.

Runs every figure of bench/README.md against its peer in the same run, loopback only,
each step bounded by a timeout; prints a table (ratios first) and writes
bench/results/latest.json. Standard library only (Debian's /usr/bin/python3).
"""
import argparse
import datetime
import json
import os
import platform
import re
import select
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
PEERS = os.path.join(BENCH, "peers")
PROFILE = os.path.join(BENCH, "profiles", "ticks.json")

_children = []   # every process this driver started, ended by pid on exit


class BenchError(Exception):
    pass


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---- processes ------------------------------------------------------------------------

def spawn(cmd, env=None, stdin=subprocess.DEVNULL, stderr=None):
    e = dict(os.environ)
    if env:
        e.update(env)
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=stdin, stderr=stderr, env=e,
                         text=True, bufsize=1)
    _children.append(p)
    return p


def read_json_line(proc, timeout, what):
    """Next stdout line of proc that parses as a JSON object, within timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise BenchError(f"{what}: no result within {timeout:.0f} s")
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if not ready:
            continue
        line = proc.stdout.readline()
        if not line:
            raise BenchError(f"{what}: exited (code {proc.poll()}) without a result")
        line = line.strip()
        if line.startswith("{"):
            return json.loads(line)


def stop(proc, grace=3.0):
    if proc.poll() is None:
        try:
            if proc.stdin:
                proc.stdin.close()
        except OSError:
            pass
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc in _children:
        _children.remove(proc)


def run_json(cmd, timeout, what, env=None):
    p = spawn(cmd, env=env)
    try:
        return read_json_line(p, timeout, what)
    finally:
        stop(p)


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise BenchError(f"no VmRSS for pid {pid}")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks   # utime + stime


# ---- machine --------------------------------------------------------------------------

def machine_info(build):
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    info = run_json([exe(build, "bench_ingest"), "--mode", "info"], 20, "build info")
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    with open(os.path.join(BENCH, "node_modules", "ws", "package.json")) as f:
        ws_version = json.load(f)["version"]
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "kernel": platform.release(),
        "os": platform.freedesktop_os_release().get("PRETTY_NAME", platform.system())
        if hasattr(platform, "freedesktop_os_release") else platform.system(),
        "qt": info["qtRuntime"],
        "qtCompiled": info["qtCompiled"],
        "compiler": info["compiler"],
        "buildType": "Release",
        "assertions": info["assertions"],
        "node": node,
        "ws": ws_version,
        "loadAvgAtStart": [round(x, 2) for x in os.getloadavg()],
    }


def exe(build, name):
    if name == "pulseboard":
        return os.path.join(build, "app", "pulseboard")
    return os.path.join(build, "bench", name)


# ---- figures --------------------------------------------------------------------------

def median_by(results, key):
    return sorted(results, key=lambda r: r[key])[len(results) // 2]


def fig_ingest(build, args):
    """1. msgs/s: FeedConnection pipeline vs Node ws + JSON.parse vs raw QWebSocket."""
    blaster = spawn([exe(build, "bench_blaster"), "--port", "0"])
    try:
        feed = read_json_line(blaster, 10, "bench_blaster")
        url = f"ws://127.0.0.1:{feed['port']}/"
        runs = {"pipeline": [], "node": [], "raw": []}
        secs = str(args.ingest_seconds)
        for i in range(args.repeat):
            runs["pipeline"].append(run_json(
                [exe(build, "bench_ingest"), "--mode", "pipeline", "--url", url,
                 "--profile", PROFILE, "--warmup", "1", "--seconds", secs], 60, "ingest pipeline"))
            runs["node"].append(run_json(
                ["node", os.path.join(PEERS, "ingest_client.js"), url, "1", secs], 60, "ingest node"))
            runs["raw"].append(run_json(
                [exe(build, "bench_ingest"), "--mode", "raw", "--url", url,
                 "--warmup", "1", "--seconds", secs], 60, "ingest raw"))
            if i == 0:   # the DOM-less prototype (bench/protomapper.cpp), end to end once
                out_proto = run_json(
                    [exe(build, "bench_ingest"), "--mode", "rawproto", "--url", url,
                     "--profile", PROFILE, "--warmup", "1", "--seconds", secs], 60, "ingest rawproto")
            log("ingest run %d: pipeline %.0f, node %.0f, raw QWebSocket %.0f msg/s" % (
                i + 1, runs["pipeline"][-1]["msgsPerSec"], runs["node"][-1]["msgsPerSec"],
                runs["raw"][-1]["msgsPerSec"]))
    finally:
        stop(blaster)
    out = {"feed": feed, "runs": runs, "rawproto": out_proto}
    for k, v in runs.items():
        out[k] = median_by(v, "msgsPerSec")
    for mode in ("socketless", "map", "json", "proto"):
        out[mode] = run_json([exe(build, "bench_ingest"), "--mode", mode, "--profile", PROFILE,
                              "--seconds", "3"], 60, f"ingest {mode}")
    p = out["pipeline"]
    if p.get("series") != 12 or p.get("unparsed", 1) != 0 or p.get("state") != "Live":
        raise BenchError(f"pipeline run did not map the feed as expected: {p}")
    log("ingest socket-less: ingestText %.0f, map %.0f, parse %.0f msg/s" % (
        out["socketless"]["msgsPerSec"], out["map"]["msgsPerSec"], out["json"]["msgsPerSec"]))
    return out


def fig_chart(build, args):
    """3. chart update and render time at 1k/100k/1M points per series, 10 series.
    Under Xvfb (GLX, llvmpipe): the product's path (LineSeries.useOpenGL when the scene
    graph runs on OpenGL, qml/charts/ChartCard.qml) and QtCharts' raster fallback."""
    out = {}
    with Xvfb() as x:
        for key, extra in (("opengl", ["--opengl"]), ("raster", [])):
            rows = []
            p = spawn([exe(build, "bench_chart"), "--sizes", "1000,100000,1000000", "--frames", "40", *extra],
                      env={"DISPLAY": x.display, "QT_QPA_PLATFORM": "xcb"}, stderr=subprocess.DEVNULL)
            try:
                for _ in range(3):
                    rows.append(read_json_line(p, 240, "bench_chart"))
                    log("chart %s %.0f points/series: update p50 %.2f ms (decimate %.2f), render p50 %.2f ms" % (
                        key, rows[-1]["points"], rows[-1]["updateP50ms"], rows[-1]["decimateP50ms"],
                        rows[-1]["renderP50ms"]))
            finally:
                stop(p)
            out[key] = rows
    return out


def fig_store(build, args):
    """4a. RSS growth per stored point."""
    full = run_json([exe(build, "bench_store"), "--series", "10", "--points", "1000000"], 120,
                    "bench_store")
    partial = run_json([exe(build, "bench_store"), "--series", "10", "--points", "600000"], 120,
                       "bench_store")
    log("store: %.2f B/point full rings, %.2f B/point at 60%% fill" % (
        full["bytesPerPoint"], partial["bytesPerPoint"]))
    return {"full": full, "partial": partial}


def idle_connections(server_cmd, url_path, hub, count, build, gc=False):
    server = spawn(server_cmd, stdin=subprocess.PIPE)
    opener = None
    try:
        info = read_json_line(server, 15, "idle server")
        pid = info["pid"]

        def settle():
            time.sleep(1.5)
            if gc:   # Node: collect garbage first, so RSS is what the connections hold
                server.stdin.write("gc\n")
                server.stdin.flush()
                read_json_line(server, 10, "node gc")
            return rss_bytes(pid)

        rss0 = settle()
        cmd = [exe(build, "bench_wsclients"), "idle", "--url",
               f"ws://127.0.0.1:{info['port']}{url_path}", "--count", str(count), "--hello"]
        if hub:
            cmd.append("--await-reply")
        opener = spawn(cmd, stdin=subprocess.PIPE)
        ready = read_json_line(opener, 150, "idle opener")
        if ready["ready"] != count:
            raise BenchError(f"only {ready['ready']} of {count} idle connections opened: {ready}")
        rss1 = settle()
        return {"connections": ready["ready"], "openSeconds": ready["seconds"],
                "rssBefore": rss0, "rssAfter": rss1,
                "bytesPerConnection": (rss1 - rss0) / ready["ready"]}
    finally:
        if opener:
            stop(opener)
        stop(server)


def fig_idle(build, args):
    """4b. RSS per idle connection: the hub vs a minimal Node ws server."""
    n = args.idle_connections
    hub = idle_connections([exe(build, "bench_hubhost"), "--max-connections", str(n + 100)], "/",
                           True, n, build)
    plain = idle_connections([exe(build, "bench_hubhost"), "--plain"], "/", False, n, build)
    tcp = idle_connections([exe(build, "bench_hubhost"), "--tcp"], "/", False, n, build)
    node = idle_connections(["node", "--expose-gc", os.path.join(PEERS, "idle_server.js")], "/",
                            False, n, build, gc=True)
    log("idle connections: hub %.0f B, bare QWebSocketServer %.0f B, bare QTcpServer %.0f B, "
        "node %.0f B per connection" % (hub["bytesPerConnection"], plain["bytesPerConnection"],
                                        tcp["bytesPerConnection"], node["bytesPerConnection"]))
    return {"hub": hub, "qtPlain": plain, "qtTcp": tcp, "node": node}


def fanout_once(server_cmd, pub_path, envelope, subs, build, args, fixed_rate=0):
    server = spawn(server_cmd, stdin=subprocess.PIPE)
    try:
        info = read_json_line(server, 15, "fan-out server")
        cmd = [exe(build, "bench_wsclients"), "fanout",
               "--sub-url", f"ws://127.0.0.1:{info['port']}/topics/bench",
               "--pub-url", f"ws://127.0.0.1:{info['port']}{pub_path}",
               "--subs", str(subs), "--warmup", "1", "--seconds", str(args.fanout_seconds),
               "--rate-fraction", "0.1", "--rate-seconds", str(args.fanout_seconds)]
        if envelope:
            cmd.append("--envelope")
        if fixed_rate:
            cmd += ["--fixed-rate", f"{fixed_rate:.1f}"]
        r = run_json(cmd, 120, f"fan-out {subs}")
        if "error" in r:
            raise BenchError(f"fan-out with {subs} subscribers: {r}")
        return r
    finally:
        stop(server)


def fig_fanout(build, args):
    """5. deliveries/s and latency at 10 % of max: hub vs Node ws relay."""
    out = {}
    for subs in (100, 1000):
        hub = fanout_once([exe(build, "bench_hubhost"), "--max-connections", "2000"], "/", True,
                          subs, build, args)
        relay = fanout_once(["node", os.path.join(PEERS, "relay.js")], "/publish", False, subs,
                            build, args)
        # The same absolute load for both: the hub at the relay's 10 % rate.
        hub_same = fanout_once([exe(build, "bench_hubhost"), "--max-connections", "2000"], "/", True,
                               subs, build, args, fixed_rate=relay["rate"])
        out[str(subs)] = {"hub": hub, "relay": relay, "hubAtRelayRate": hub_same}
        log("fan-out %d subscribers: hub %.0f, relay %.0f deliveries/s; p99 hub %.2f ms, "
            "relay %.2f ms" % (subs, hub["deliveriesPerSec"], relay["deliveriesPerSec"],
                               hub["p99us"] / 1e3, relay["p99us"] / 1e3))
    return out


# ---- window figures (real binary under Xvfb, frame times from Qt's render-loop log) ------

FRAME_RE = re.compile(r"^\s*(\d+\.\d+) qt\.scenegraph\.time\.renderloop .*frame rendered in (\d+)ms"
                      r"(?:, sync=(\d+), render=(\d+), swap=(\d+))?")
PREPARED_RE = re.compile(r"^\s*(\d+\.\d+) qt\.scenegraph\.time\.renderloop .*Frame prepared, "
                         r"polish=(\d+) ms, lock=(\d+) ms, blockedForSync=(\d+) ms, animations=(\d+) ms")


class Xvfb:
    """A private X server for the window figures (display number chosen by Xvfb)."""

    def __enter__(self):
        r, w = os.pipe()
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1920x1080x24",
                                      "-nolisten", "tcp", "-noreset"], pass_fds=(w,),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _children.append(self.proc)
        os.close(w)
        ready, _, _ = select.select([r], [], [], 15)
        if not ready:
            raise BenchError("Xvfb did not start within 15 s")
        self.display = ":" + os.read(r, 64).decode().strip()
        self.displayfd = r   # kept open: Xvfb may write to it again, and dies of SIGPIPE if closed
        # The display number can arrive before the socket accepts: wait until it does.
        path = f"/tmp/.X11-unix/X{self.display[1:]}"
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.socket(socket.AF_UNIX) as s:
                    s.connect(path)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise BenchError(f"Xvfb {self.display} does not accept connections")
                time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        stop(self.proc)
        os.close(self.displayfd)


class Window:
    """The real pulseboard window; every stderr line is kept with its arrival time."""

    def __init__(self, build, xvfb, extra_args=(), env=None):
        e = {"DISPLAY": xvfb.display, "QT_QPA_PLATFORM": "xcb",
             "QT_LOGGING_RULES": "qt.scenegraph.time.renderloop=true",
             "QT_MESSAGE_PATTERN": "%{time boot} %{category} %{message}"}
        if env:
            e.update(env)
        self.spawned = time.monotonic()   # CLOCK_MONOTONIC, the clock of Qt's %{time boot}
        self.proc = spawn([exe(build, "pulseboard"), *extra_args], env=e, stderr=subprocess.PIPE)
        self.lines = []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        for line in self.proc.stderr:
            self.lines.append(line)

    def frames(self, t0=0.0, t1=float("inf")):
        out = []
        for line in list(self.lines):
            m = FRAME_RE.match(line)
            if m and t0 <= float(m.group(1)) <= t1:
                out.append(float(m.group(1)))
        return out

    def frame_costs(self, t0, t1):
        """(total, sync, render, swap) ms of each frame rendered by the render thread."""
        out = []
        for line in list(self.lines):
            m = FRAME_RE.match(line)
            if m and m.group(3) and t0 <= float(m.group(1)) <= t1:
                out.append(tuple(int(m.group(k)) for k in (2, 3, 4, 5)))
        return out

    def prepared(self, t0, t1):
        out = []
        for line in list(self.lines):
            m = PREPARED_RE.match(line)
            if m and t0 <= float(m.group(1)) <= t1:
                out.append(tuple(int(x) for x in m.groups()[1:]))
        return out

    def wait_first_frame(self, timeout=20):
        """Seconds from spawn to the first frame with the window's content: the GUI thread's
        first "Frame prepared" (logged once its first polish+sync has been rendered). The
        threaded render loop's earlier empty exposure frame does not count."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                m = PREPARED_RE.match(line)
                if m:
                    f = self.frames()
                    self.first_swap = (f[0] - self.spawned) if f else None
                    return float(m.group(1)) - self.spawned
            if self.proc.poll() is not None:
                raise BenchError("pulseboard exited before its first frame: "
                                 + "".join(self.lines[-5:]).strip())
            time.sleep(0.005)
        raise BenchError(f"no frame within {timeout} s")

    def errors(self):
        return [l.strip() for l in self.lines if " default " in l and "XDG_RUNTIME_DIR" not in l][:5]

    def close(self):
        stop(self.proc)


def pct(values, q):
    v = sorted(values)
    return v[min(len(v) - 1, int(q * len(v)))] if v else float("nan")


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


def ui_window_run(build, x, rate, warmup, seconds):
    """The window on a blaster feed at `rate` msg/s (-1: live but silent); frame statistics."""
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
    if len(intervals) < 10:
        raise BenchError(f"only {len(frames)} frames in {t1 - t0:.0f} s: is the window updating?")
    return {"rate": rate, "delivered": sent, "frames": len(frames), "seconds": t1 - t0,
            "intervalP50ms": pct(intervals, 0.5), "intervalP99ms": pct(intervals, 0.99),
            "intervalMaxms": max(intervals), "cpuFraction": (c1 - c0) / (t1 - t0), "rss": rss,
            "polishP50ms": pct([p[0] for p in prepared], 0.5),
            "polishP99ms": pct([p[0] for p in prepared], 0.99),
            "blockedForSyncP99ms": pct([p[2] for p in prepared], 0.99),
            "renderThreadFrameP50ms": pct([c[0] for c in costs], 0.5),
            "renderThreadFrameP99ms": pct([c[0] for c in costs], 0.99),
            "renderP50ms": pct([c[2] for c in costs], 0.5),
            "swapP50ms": pct([c[3] for c in costs], 0.5)}


def fig_ui(build, args):
    """2. frame interval of the real window while 100k msg/s arrive, beside the same window
    live but with no data (the environment's own floor: Xvfb + llvmpipe software GL)."""
    with Xvfb() as x:
        idle = ui_window_run(build, x, -1, 3, args.ui_seconds / 2)
        out = ui_window_run(build, x, args.ui_rate, args.ui_warmup, args.ui_seconds)
    out["noData"] = idle
    for name, f in (("no data", idle), ("%d msg/s" % args.ui_rate, out)):
        log("UI %s: %d frames, interval p50 %.0f ms p99 %.0f ms max %.0f ms (GUI polish p99 %.0f ms, "
            "render-thread swap p50 %.0f ms), delivered %.0f msg/s, CPU %.0f %%" % (
                name, f["frames"], f["intervalP50ms"], f["intervalP99ms"], f["intervalMaxms"],
                f["polishP99ms"], f["swapP50ms"], f["delivered"].get("msgsPerSec", 0),
                100 * f["cpuFraction"]))
    return out


def ui_rows(f):
    n = f["noData"]
    return [("2 UI frame interval p50/p99 at %dk msg/s (vs same window, no data)" % (f["rate"] // 1000),
             "-", f"{f['intervalP50ms']:.0f}/{f['intervalP99ms']:.0f} ms ({f['frames']} frames)",
             f"no data {n['intervalP50ms']:.0f}/{n['intervalP99ms']:.0f} ms; delivered "
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
        cpu0 = None
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


# ---- report ---------------------------------------------------------------------------

def ratio(a, b):
    return a / b if b else float("nan")


def rows_from(figs):
    """(figure, ratio text, pulseboard, peer, target, ok) rows, ratios first."""
    rows = []
    if "ingest" in figs:
        f = figs["ingest"]
        pb, nd, raw = f["pipeline"]["msgsPerSec"], f["node"]["msgsPerSec"], f["raw"]["msgsPerSec"]
        r = ratio(pb, nd)
        rows.append(("1 ingest msg/s (pipeline vs Node ws+JSON.parse)", f"{r:.2f}x",
                     f"{pb:,.0f}", f"{nd:,.0f}", ">= 1.5x and >= 1,000,000",
                     r >= 1.5 and pb >= 1e6))
        rows.append(("1 ingest: pipeline / raw QWebSocket ceiling", f"{ratio(pb, raw):.2f}",
                     f"{pb:,.0f}", f"{raw:,.0f} (raw)", "(overhead shown)", None))
        s = f["socketless"]["msgsPerSec"]
        rows.append(("1 ingest socket-less ingestText (parse+map+store)", "-", f"{s:,.0f}",
                     f"map {f['map']['msgsPerSec']:,.0f} / parse {f['json']['msgsPerSec']:,.0f}",
                     ">= 1,000,000", s >= 1e6))
        pr, rp = f["proto"]["msgsPerSec"], f["rawproto"]["msgsPerSec"]
        rows.append(("1 ingest with DOM-less prototype (bench only): socket-less | socket",
                     f"{ratio(rp, nd):.2f}x", f"{pr:,.0f} | {rp:,.0f}", f"{nd:,.0f}",
                     "(what a fix gives)", None))
    if "chart" in figs:
        for key, label in (("opengl", "useOpenGL (product path)"), ("raster", "raster fallback")):
            sz = {int(r["points"]): r for r in figs["chart"][key]}
            u = [sz[k]["updateP50ms"] for k in (1000, 100000, 1000000)]
            d = [sz[k]["decimateP50ms"] for k in (1000, 100000, 1000000)]
            r_ = [sz[k]["renderP50ms"] for k in (1000, 100000, 1000000)]
            flat = max(u) / min(u)
            rows.append((f"3 chart update 10 series, {label}: 1M/1k | 1M/100k",
                         f"{u[2] / u[0]:.2f} | {u[2] / u[1]:.2f}",
                         "/".join(f"{v:.1f}" for v in u) + " ms",
                         "decimate " + "/".join(f"{v:.1f}" for v in d) + " ms",
                         "flat within 20%, <= 20 ms at 1M", flat <= 1.2 and sz[1000000]["updateP95ms"] <= 20))
            rows.append((f"3 chart update+render, {label} (1k/100k/1M)", f"{(u[2] + r_[2]) / (u[0] + r_[0]):.2f}",
                         "/".join(f"{a + b:.1f}" for a, b in zip(u, r_)) + " ms", "p50", "<= 20 ms at 1M",
                         u[2] + r_[2] <= 20))
    if "store" in figs:
        b = figs["store"]["full"]["bytesPerPoint"]
        bp = figs["store"]["partial"]["bytesPerPoint"]
        rows.append(("4 memory per stored point (full rings | 60% fill)", "-", f"{b:.1f} | {bp:.1f} B",
                     "-", "<= 24 B", b <= 24))
    if "idle" in figs:
        h, n = figs["idle"]["hub"]["bytesPerConnection"], figs["idle"]["node"]["bytesPerConnection"]
        q = figs["idle"]["qtPlain"]["bytesPerConnection"]
        t_ = figs["idle"]["qtTcp"]["bytesPerConnection"]
        rows.append(("4 memory per idle connection (hub vs Node ws)", f"{ratio(h, n):.2f}",
                     f"{h / 1024:.1f} KiB",
                     f"{n / 1024:.1f} KiB (bare QWebSocketServer {q / 1024:.1f}, QTcpServer {t_ / 1024:.1f})",
                     "<= 12 KiB", h <= 12 * 1024))
    if "fanout" in figs:
        for subs, f in figs["fanout"].items():
            h, r = f["hub"], f["relay"]
            q = ratio(h["deliveriesPerSec"], r["deliveriesPerSec"])
            rows.append((f"5 fan-out {subs} subs deliveries/s (hub vs relay)", f"{q:.2f}x",
                         f"{h['deliveriesPerSec']:,.0f}", f"{r['deliveriesPerSec']:,.0f}", ">= 3x", q >= 3))
            rows.append((f"5 fan-out {subs} subs p50/p99 at 10% of own max", "-",
                         f"{h['p50us'] / 1e3:.2f}/{h['p99us'] / 1e3:.2f} ms",
                         f"{r['p50us'] / 1e3:.2f}/{r['p99us'] / 1e3:.2f} ms", "p99 <= 5 ms",
                         h["p99us"] <= 5000))
            s_ = f["hubAtRelayRate"]
            rows.append((f"5 fan-out {subs} subs p50/p99, both at {r['rate']:.0f} pub/s", "-",
                         f"{s_['p50us'] / 1e3:.2f}/{s_['p99us'] / 1e3:.2f} ms",
                         f"{r['p50us'] / 1e3:.2f}/{r['p99us'] / 1e3:.2f} ms", "p99 <= 5 ms",
                         s_["p99us"] <= 5000))
    for key, fn in EXTRA_ROWS:
        if key in figs:
            rows.extend(fn(figs[key]))
    return rows


EXTRA_ROWS = [("ui", ui_rows), ("startup", startup_rows), ("soak", soak_rows)]   # (figure key, rows function)


def print_table(rows, machine):
    head = ("figure", "ratio", "Pulseboard", "peer", "target", "met")
    table = [head] + [(a, b, c, d, e, "-" if ok is None else ("yes" if ok else "NO"))
                      for a, b, c, d, e, ok in rows]
    widths = [max(len(str(r[i])) for r in table) for i in range(len(head))]
    line = "| " + " | ".join("-" * w for w in widths) + " |"
    out = []
    for i, r in enumerate(table):
        out.append("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |")
        if i == 0:
            out.append(line)
    print()
    print(f"Pulseboard benchmarks, {machine['date']}: {machine['cpu']}, {machine['cores']} cores, "
          f"Qt {machine['qt']}, {machine['compiler']}, Node {machine['node']} + ws {machine['ws']}, "
          f"load {machine['loadAvgAtStart']} -> {machine.get('loadAvgAtEnd')}")
    print("\n".join(out))
    return "\n".join(out)


FIGURES = [("ingest", fig_ingest), ("chart", fig_chart), ("store", fig_store),
           ("idle", fig_idle), ("fanout", fig_fanout), ("startup", fig_startup), ("ui", fig_ui),
           ("soak", fig_soak)]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--build", required=True)
    ap.add_argument("--only", default="", help="comma-separated figure keys")
    ap.add_argument("--soak", action="store_true", help="also run the 5-minute soak (figure 7)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ingest-seconds", type=float, default=4)
    ap.add_argument("--fanout-seconds", type=float, default=3)
    ap.add_argument("--idle-connections", type=int, default=10000)
    ap.add_argument("--soak-seconds", type=float, default=300)
    ap.add_argument("--startup-runs", type=int, default=5)
    ap.add_argument("--idle-seconds", type=float, default=10)
    ap.add_argument("--ui-rate", type=int, default=100000)
    ap.add_argument("--ui-warmup", type=float, default=5)
    ap.add_argument("--ui-seconds", type=float, default=10)
    ap.add_argument("--output", default=os.path.join(BENCH, "results", "latest.json"))
    args = ap.parse_args()
    build = os.path.abspath(args.build)

    machine = machine_info(build)
    if machine["assertions"]:
        log("warning: the bench build has assertions on (not a Release build)")
    only = set(filter(None, args.only.split(",")))
    figs, errors = {}, {}
    started = time.monotonic()
    for key, fn in FIGURES:
        if only and key not in only:
            continue
        if key == "soak" and not args.soak and "soak" not in only:
            continue
        log(f"figure {key} ...")
        t0 = time.monotonic()
        try:
            figs[key] = fn(build, args)
        except BenchError as e:
            errors[key] = str(e)
            log(f"figure {key} FAILED: {e}")
        log(f"figure {key} took {time.monotonic() - t0:.0f} s")
    machine["loadAvgAtEnd"] = [round(x, 2) for x in os.getloadavg()]
    machine["suiteSeconds"] = round(time.monotonic() - started, 1)
    rows = rows_from(figs)
    table = print_table(rows, machine)
    result = {"machine": machine, "figures": figs, "errors": errors, "table": table,
              "targets": [{"figure": a, "ratio": b, "pulseboard": c, "peer": d, "target": e, "met": ok}
                          for a, b, c, d, e, ok in rows]}
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    md = os.path.splitext(args.output)[0] + ".md"
    with open(md, "w") as f:
        f.write(f"Measured {machine['date']} on {machine['cpu']} ({machine['cores']} cores, "
                f"{machine['os']}, kernel {machine['kernel']}), Qt {machine['qt']}, {machine['compiler']}, "
                f"Release; peers: Node {machine['node']} with ws {machine['ws']}. Load average "
                f"{machine['loadAvgAtStart'][0]} at start, {machine['loadAvgAtEnd'][0]} at end; "
                f"suite {machine['suiteSeconds']:.0f} s.\n\n{table}\n")
        for key, err in errors.items():
            f.write(f"\nFigure {key} failed: {err}\n")
    print(f"\nwritten {os.path.relpath(args.output, ROOT)} and {os.path.relpath(md, ROOT)}; "
          f"suite took {machine['suiteSeconds']:.0f} s")
    return 1 if errors else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        for p in list(_children):
            stop(p)
