"""Shared pieces of the benchmark driver: process handling with timeouts, /proc readings,
the machine description, a private Xvfb and the real pulseboard window with its frame log."""
import datetime
import json
import os
import platform
import re
import select
import signal
import socket
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


def median_by(results, key):
    return sorted(results, key=lambda r: r[key])[len(results) // 2]


def ratio(a, b):
    return a / b if b else float("nan")


# ---- the window (real binary under Xvfb, frame times from Qt's render-loop log) ---------

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
