#!/usr/bin/python3
"""Pulseboard benchmark driver (issue 6). Started by bench/run.sh after the Release build.

Runs every figure of bench/README.md against its peer in the same run, loopback only,
each step bounded by a timeout; prints a table (ratios first) and writes
bench/results/latest.json. Standard library only (Debian's /usr/bin/python3).
"""
import argparse
import json
import os
import sys
import time

from benchlib import BENCH, ROOT, BenchError, _children, log, machine_info, stop
import figures_feed as feed
import figures_hub as hub
import figures_nats as nats
import figures_inspect as insp
import figures_keep as keep
import figures_web as web

# (key, measure, rows), in the order they run and are tabled.
FIGURES = [("ingest", feed.fig_ingest, feed.ingest_rows), ("chart", feed.fig_chart, feed.chart_rows),
           ("inspect", insp.fig_inspect, insp.inspect_rows), ("keep", keep.fig_keep, keep.keep_rows),
           ("store", feed.fig_store, feed.store_rows), ("idle", hub.fig_idle, hub.idle_rows),
           ("fanout", hub.fig_fanout, hub.fanout_rows), ("natsfanout", nats.fig_natsfanout, nats.natsfanout_rows),
           ("startup", feed.fig_startup, feed.startup_rows),
           ("ui", feed.fig_ui, feed.ui_rows), ("soak", feed.fig_soak, feed.soak_rows),
           ("web", web.fig_web, web.web_rows)]


def rows_from(figs):
    """(figure, ratio text, pulseboard, peer, target, ok) rows, ratios first."""
    rows = []
    for key, _, to_rows in FIGURES:
        if key in figs:
            rows.extend(to_rows(figs[key]))
    return rows


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
    ap.add_argument("--web-seconds", type=float, default=4)
    ap.add_argument("--output", default=os.path.join(BENCH, "results", "latest.json"))
    args = ap.parse_args()
    build = os.path.abspath(args.build)

    machine = machine_info(build)
    if machine["assertions"]:
        log("warning: the bench build has assertions on (not a Release build)")
    only = set(filter(None, args.only.split(",")))
    figs, errors = {}, {}
    started = time.monotonic()
    for key, fn, _ in FIGURES:
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
