"""Figure 10 (issue 13): the hub's web page served per second, page and assets, against
Node's http module serving the same files with the same headers, with one client
(peers/web_load.js) for both in the same run."""
import os
import subprocess

from benchlib import PEERS, BenchError, exe, log, ratio, read_json_line, spawn, stop


def page_loads(server_cmd, connections, seconds):
    server = spawn(server_cmd, stdin=subprocess.PIPE)
    try:
        info = read_json_line(server, 15, "web server")
        load = spawn(["node", os.path.join(PEERS, "web_load.js"), str(info["port"]), str(connections),
                      str(seconds)], stderr=subprocess.PIPE)
        try:
            r = read_json_line(load, seconds + 30, "web load")
        finally:
            stop(load)
        if r["pages"] == 0:
            raise BenchError(f"no page was loaded: {r}")
        r["pagesPerSec"] = r["pages"] / r["seconds"]
        r["mbPerSec"] = r["bytes"] / r["seconds"] / 1e6
        return r
    finally:
        stop(server)


def median_run(runs):
    """The run with the median page rate (the machine is shared: one run can be an outlier)."""
    return sorted(runs, key=lambda r: r["pagesPerSec"])[len(runs) // 2]


def fig_web(build, args):
    """8. Page loads per second (index.html + its 10 files, 11 full GETs, keep-alive),
    hub and Node interleaved --repeat times; the median run of each is reported."""
    out = {}
    for conns in (1, 8):
        hubs, nodes = [], []
        for _ in range(args.repeat):
            hubs.append(page_loads([exe(build, "bench_hubhost")], conns, args.web_seconds))
            nodes.append(page_loads(["node", os.path.join(PEERS, "web_static.js")], conns, args.web_seconds))
        hub, node = median_run(hubs), median_run(nodes)
        log("web page, %d connections: hub %.0f, node %.0f page loads/s (medians of %s and %s)"
            % (conns, hub["pagesPerSec"], node["pagesPerSec"],
               [round(r["pagesPerSec"]) for r in hubs], [round(r["pagesPerSec"]) for r in nodes]))
        out[str(conns)] = {"hub": hub, "node": node, "hubRuns": [r["pagesPerSec"] for r in hubs],
                           "nodeRuns": [r["pagesPerSec"] for r in nodes]}
    return out


def web_rows(fig):
    rows = []
    for conns, f in fig.items():
        h, n = f["hub"], f["node"]
        q = ratio(h["pagesPerSec"], n["pagesPerSec"])
        rows.append((f"10 web page loads/s, {conns} conn (hub vs Node http)", f"{q:.2f}x",
                     f"{h['pagesPerSec']:,.0f} ({h['mbPerSec']:.0f} MB/s, p99 {h['p99ms']:.1f} ms)",
                     f"{n['pagesPerSec']:,.0f} ({n['mbPerSec']:.0f} MB/s, p99 {n['p99ms']:.1f} ms)",
                     ">= 1x", q >= 1))
    return rows
