"""Figure 9 (issue 12 §3): export of 10 series x 1M points as CSV and NDJSON (points/s,
against Python's csv module and Node writing NDJSON, same rows, same run), and replay of
a recording at max speed through the pipeline (msgs/s, against the live ingest pipeline
of figure 1 measured again in this figure, so the two come from the same run)."""
import os
import shutil
import tempfile

from benchlib import PEERS, PROFILE, BenchError, exe, log, median_by, ratio, run_json, spawn, read_json_line, stop


def fig_keep(build, args):
    out = {}
    scratch = tempfile.mkdtemp(prefix="bench_keep")
    series, points = "10", "1000000"
    for fmt in ("csv", "ndjson"):
        runs = [run_json([exe(build, "bench_keep"), "--mode", "export", "--format", fmt, "--series", series,
                          "--points", points, "--out", os.path.join(scratch, "export." + fmt)], 300, f"export {fmt}")
                for _ in range(max(1, min(args.repeat, 3)))]
        out["export_" + fmt] = median_by(runs, "pointsPerSec")
        log("export %s: %.0f points/s (%.1f s for %d points)" % (
            fmt, out["export_" + fmt]["pointsPerSec"], out["export_" + fmt]["seconds"], out["export_" + fmt]["points"]))
    # Peers: the same rows (the Python one writes 1/10 of them: its rate is per point).
    out["peer_csv"] = run_json(["/usr/bin/python3", os.path.join(PEERS, "export_peer.py"), series, "100000",
                                os.path.join(scratch, "peer.csv")], 300, "export peer python csv")
    out["peer_ndjson"] = run_json(["node", os.path.join(PEERS, "export_peer.js"), series, points,
                                   os.path.join(scratch, "peer.ndjson")], 300, "export peer node ndjson")
    log("export peers: python csv %.0f, node ndjson %.0f points/s" % (
        out["peer_csv"]["pointsPerSec"], out["peer_ndjson"]["pointsPerSec"]))

    frames = "1000000"
    runs = [run_json([exe(build, "bench_keep"), "--mode", "replay", "--profile", PROFILE, "--frames", frames,
                      "--out", os.path.join(scratch, "replay.mcap")], 300, "replay")
            for _ in range(max(1, min(args.repeat, 3)))]
    out["replay"] = median_by(runs, "msgsPerSec")
    if out["replay"].get("series") != 12 or out["replay"].get("state") != "Closed":
        raise BenchError(f"replay did not map the recording as expected: {out['replay']}")
    blaster = spawn([exe(build, "bench_blaster"), "--port", "0"])
    try:
        feed = read_json_line(blaster, 10, "bench_blaster")
        live = [run_json([exe(build, "bench_ingest"), "--mode", "pipeline", "--url", f"ws://127.0.0.1:{feed['port']}/",
                          "--profile", PROFILE, "--warmup", "1", "--seconds", str(args.ingest_seconds)], 60, "ingest")
                for _ in range(max(1, min(args.repeat, 3)))]
    finally:
        stop(blaster)
    out["live"] = median_by(live, "msgsPerSec")
    log("replay max speed %.0f msg/s (recording written at %.0f msg/s); live ingest %.0f msg/s" % (
        out["replay"]["msgsPerSec"], out["replay"]["recordMsgsPerSec"], out["live"]["msgsPerSec"]))
    shutil.rmtree(scratch, ignore_errors=True)
    return out


def keep_rows(f):
    rows = []
    csv, nd = f["export_csv"]["pointsPerSec"], f["export_ndjson"]["pointsPerSec"]
    pc, pn = f["peer_csv"]["pointsPerSec"], f["peer_ndjson"]["pointsPerSec"]
    rows.append(("9 export CSV points/s, 10 x 1M (vs Python csv)", f"{ratio(csv, pc):.1f}x", f"{csv:,.0f}",
                 f"{pc:,.0f}", ">= 2,000,000", csv >= 2e6))
    rows.append(("9 export NDJSON points/s, 10 x 1M (vs Node JSON.stringify)", f"{ratio(nd, pn):.1f}x", f"{nd:,.0f}",
                 f"{pn:,.0f}", ">= 2,000,000", nd >= 2e6))
    r, live = f["replay"]["msgsPerSec"], f["live"]["msgsPerSec"]
    rows.append(("9 replay at max speed msg/s (vs live ingest pipeline, same run)", f"{ratio(r, live):.2f}", f"{r:,.0f}",
                 f"{live:,.0f}", ">= live ingest", r >= live))
    return rows
