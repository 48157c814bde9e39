"""Figure 8: fan-out through two hubs bridged by NATS vs one hub (bench/README.md).

The publisher sends hub envelopes to hub A; the subscribers read /topics/bench raw streams
on hub B; A and B are bench_hubhost --nats on one nats-server (Debian's, started here on
127.0.0.1 with a free port). The peer is the one-hub path of figure 5, same run, same
subscriber counts: deliveries/s at the fastest the subscribers drain, and p50/p99 latency
at 10 % of each side's own max, then both at the one-hub 10 % rate.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time

from benchlib import BenchError, exe, log, ratio, read_json_line, run_json, spawn, stop
from figures_hub import fanout_once


def nats_server_path():
    return shutil.which("nats-server") or next(
        (p for p in ("/usr/sbin/nats-server", "/usr/bin/nats-server") if os.path.exists(p)), None)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_nats(store):
    path = nats_server_path()
    if not path:
        raise BenchError("nats-server is not installed (Debian: apt-get install nats-server)")
    port = free_port()
    logfile = os.path.join(store, "nats.log")
    proc = spawn([path, "-a", "127.0.0.1", "-p", str(port), "-js", "-sd", store, "-l", logfile])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and proc.poll() is None:
        if os.path.exists(logfile) and "Server is ready" in open(logfile, errors="replace").read():
            return proc, f"nats://127.0.0.1:{port}"
        time.sleep(0.05)
    stop(proc)
    raise BenchError("nats-server did not start")


def bridged_once(build, nats_url, subs, args, fixed_rate=0):
    hub_a = spawn([exe(build, "bench_hubhost"), "--max-connections", "2000", "--nats", nats_url],
                  stdin=subprocess.PIPE)
    hub_b = spawn([exe(build, "bench_hubhost"), "--max-connections", "2000", "--nats", nats_url],
                  stdin=subprocess.PIPE)
    try:
        a = read_json_line(hub_a, 20, "bridged hub A")
        b = read_json_line(hub_b, 20, "bridged hub B")
        cmd = [exe(build, "bench_wsclients"), "fanout",
               "--sub-url", f"ws://127.0.0.1:{b['port']}/topics/bench",
               "--pub-url", f"ws://127.0.0.1:{a['port']}/",
               "--subs", str(subs), "--warmup", "1", "--seconds", str(args.fanout_seconds),
               "--rate-fraction", "0.1", "--rate-seconds", str(args.fanout_seconds), "--envelope"]
        if fixed_rate:
            cmd += ["--fixed-rate", f"{fixed_rate:.1f}"]
        r = run_json(cmd, 120, f"bridged fan-out {subs}")
        if "error" in r:
            raise BenchError(f"bridged fan-out with {subs} subscribers: {r}")
        return r
    finally:
        stop(hub_a)
        stop(hub_b)


def fig_natsfanout(build, args):
    """8. deliveries/s and latency at 10 % of max: two hubs bridged by NATS vs one hub."""
    out = {}
    store = tempfile.mkdtemp(prefix="pb-bench-nats-")
    nats, url = start_nats(store)
    try:
        for subs in (100, 1000):
            one = fanout_once([exe(build, "bench_hubhost"), "--max-connections", "2000"], "/", True,
                              subs, build, args)
            two = bridged_once(build, url, subs, args)
            two_same = bridged_once(build, url, subs, args, fixed_rate=one["rate"])
            out[str(subs)] = {"oneHub": one, "twoHubsNats": two, "twoHubsAtOneHubRate": two_same}
            log("NATS fan-out %d subscribers: two hubs %.0f, one hub %.0f deliveries/s; p99 %.2f vs %.2f ms"
                % (subs, two["deliveriesPerSec"], one["deliveriesPerSec"], two["p99us"] / 1e3,
                   one["p99us"] / 1e3))
    finally:
        stop(nats)
        shutil.rmtree(store, ignore_errors=True)
    return out


def natsfanout_rows(fig):
    rows = []
    for subs, f in fig.items():
        one, two, same = f["oneHub"], f["twoHubsNats"], f["twoHubsAtOneHubRate"]
        q = ratio(two["deliveriesPerSec"], one["deliveriesPerSec"])
        rows.append((f"8 NATS fan-out {subs} subs deliveries/s (2 hubs via NATS vs 1 hub)", f"{q:.2f}x",
                     f"{two['deliveriesPerSec']:,.0f}", f"{one['deliveriesPerSec']:,.0f}", "(cost of the bridge)", None))
        rows.append((f"8 NATS fan-out {subs} subs p50/p99 at 10% of own max", "-",
                     f"{two['p50us'] / 1e3:.2f}/{two['p99us'] / 1e3:.2f} ms",
                     f"{one['p50us'] / 1e3:.2f}/{one['p99us'] / 1e3:.2f} ms", "p99 <= 5 ms", two["p99us"] <= 5000))
        rows.append((f"8 NATS fan-out {subs} subs p50/p99, both at {one['rate']:.0f} pub/s", "-",
                     f"{same['p50us'] / 1e3:.2f}/{same['p99us'] / 1e3:.2f} ms",
                     f"{one['p50us'] / 1e3:.2f}/{one['p99us'] / 1e3:.2f} ms", "p99 <= 5 ms", same["p99us"] <= 5000))
    return rows
