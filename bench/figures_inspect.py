"""Figure 3b (issue 12 §2): inspecting a paused chart of 10 series x 1M points while a
second thread stores 100,000 samples/s: zoom, pan and crosshair frames (each ended by a
render), p50/p99 against the 33 ms frame budget. Under a private Xvfb, on the product
path (LineSeries.useOpenGL) and QtCharts' raster fallback. Beside it, in the same run,
a live frame of the same chart (figure 3's update + render at 1M points): the ratio says
what inspecting costs over watching, less sensitive to the machine's load than the
absolute figures. The load average is recorded with every run."""
import os
import subprocess

from benchlib import BenchError, Xvfb, exe, log, read_json_line, spawn, stop

FRAMES = 100   # per kind: p99 is the 99th of 100 frames, not the maximum


def _run(binary, display, args, what):
    p = spawn([binary, *args], env={"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"},
              stderr=subprocess.DEVNULL)
    try:
        return read_json_line(p, 300, what)
    finally:
        stop(p)


def fig_inspect(build, args):
    chart = exe(build, "bench_chart")
    out = {}
    with Xvfb() as x:
        for key, extra in (("opengl", ["--opengl"]), ("raster", [])):
            load = [round(v, 2) for v in os.getloadavg()]
            r = _run(chart, x.display, ["--sizes", "1000000", "--frames", str(FRAMES), "--inspect", *extra],
                     f"bench_chart --inspect {key}")
            if r.get("figure") != "inspect" or r.get("ingestedPerSec", 0) < 0.9 * r.get("ingestTargetPerSec", 1):
                raise BenchError(f"inspect run did not hold its ingest rate: {r}")
            live = _run(chart, x.display, ["--sizes", "1000000", "--frames", "40", *extra], f"bench_chart live {key}")
            r["loadAvg"] = load
            r["liveFrameP50ms"] = live["updateP50ms"] + live["renderP50ms"]
            out[key] = r
            log("inspect %s (load %s): zoom p50/p99 %.1f/%.1f ms (feeder %.1f/%.1f), pan %.1f/%.1f, "
                "crosshair %.1f/%.1f; live frame p50 %.1f ms; ingest %.0f/s" % (
                    key, load[0], r["zoomP50ms"], r["zoomP99ms"], r["zoomUpdateP50ms"], r["zoomUpdateP99ms"],
                    r["panP50ms"], r["panP99ms"], r["crosshairP50ms"], r["crosshairP99ms"],
                    r["liveFrameP50ms"], r["ingestedPerSec"]))
    return out


def inspect_rows(fig):
    rows = []
    for key, label in (("opengl", "useOpenGL (product path)"), ("raster", "raster fallback")):
        r = fig[key]
        worst = max(r["zoomP99ms"], r["panP99ms"], r["crosshairP99ms"])
        rows.append((f"3b inspect 10 x 1M at {r['ingestedPerSec'] / 1000:.0f}k samples/s, {label}, "
                     f"load {r['loadAvg'][0]}: zoom; pan; crosshair p50/p99 (ratio: p50 / live frame p50)",
                     f"{r['zoomP50ms'] / r['liveFrameP50ms']:.2f}; {r['panP50ms'] / r['liveFrameP50ms']:.2f}; "
                     f"{r['crosshairP50ms'] / r['liveFrameP50ms']:.2f}",
                     f"{r['zoomP50ms']:.1f}/{r['zoomP99ms']:.1f}; {r['panP50ms']:.1f}/{r['panP99ms']:.1f}; "
                     f"{r['crosshairP50ms']:.1f}/{r['crosshairP99ms']:.1f} ms",
                     f"live frame {r['liveFrameP50ms']:.1f} ms", "p99 <= 33 ms", worst <= 33))
    return rows
