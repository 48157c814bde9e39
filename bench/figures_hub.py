"""Figures of the hub side: memory per idle connection (4) and fan-out (5), each against
its Node peer in the same run, with bench_wsclients as the one client for both."""
import os
import subprocess
import time

from benchlib import PEERS, BenchError, exe, log, ratio, read_json_line, rss_bytes, run_json, spawn, stop


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


def fanout_once(server_cmd, pub_path, envelope, subs, build, args, fixed_rate=0, stats=False):
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
        if stats:   # bench_minrelay: its own timing of every write()
            server.stdin.write("stats\n")
            server.stdin.flush()
            r["server"] = read_json_line(server, 10, "relay stats")
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
        # The floor: a minimal epoll relay, one write() per delivery, at both rates.
        # (bench_minrelay is optional so an older build tree still runs the figure.)
        minrelay = exe(build, "bench_minrelay")
        if os.path.exists(minrelay):
            out[str(subs)]["floorAtRelayRate"] = fanout_once(
                [minrelay], "/publish", False, subs, build, args, fixed_rate=relay["rate"], stats=True)
            out[str(subs)]["floorAtHubRate"] = fanout_once(
                [minrelay], "/publish", False, subs, build, args, fixed_rate=hub["rate"], stats=True)
            # The same floor with one writer thread per core (bench_minrelay --threads): what
            # spreading the write() calls over the cores buys. Kept only if the relay says it
            # ran threaded (an older bench_minrelay ignores the option).
            threaded = fanout_once([minrelay, "--threads", str(os.cpu_count() or 2)], "/publish", False,
                                   subs, build, args, fixed_rate=relay["rate"], stats=True)
            if threaded["server"].get("threads", 0) > 0:
                out[str(subs)]["floorThreadsAtRelayRate"] = threaded
        log("fan-out %d subscribers: hub %.0f, relay %.0f deliveries/s; p99 hub %.2f ms, "
            "relay %.2f ms" % (subs, hub["deliveriesPerSec"], relay["deliveriesPerSec"],
                               hub["p99us"] / 1e3, relay["p99us"] / 1e3))
    return out


def idle_rows(fig):
    rows = []
    h, n = fig["hub"]["bytesPerConnection"], fig["node"]["bytesPerConnection"]
    q = fig["qtPlain"]["bytesPerConnection"]
    t_ = fig["qtTcp"]["bytesPerConnection"]
    rows.append(("4 memory per idle connection (hub vs Node ws)", f"{ratio(h, n):.2f}",
                 f"{h / 1024:.1f} KiB",
                 f"{n / 1024:.1f} KiB (bare QWebSocketServer {q / 1024:.1f}, QTcpServer {t_ / 1024:.1f})",
                 "<= 12 KiB", h <= 12 * 1024))
    return rows


def fanout_rows(fig):
    rows = []
    for subs, f in fig.items():
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
        for key, label in (("floorAtRelayRate", "relay's"), ("floorAtHubRate", "hub's")):
            if key in f:
                m = f[key]
                rows.append((f"5 floor {subs} subs: C epoll relay, 1 write()/delivery, at the {label} "
                             f"{m['rate']:.0f} pub/s", "-",
                             f"{m['p50us'] / 1e3:.2f}/{m['p99us'] / 1e3:.2f} ms",
                             f"write() {m['server']['writeNsPerCall'] / 1e3:.1f} us/call, fan-out "
                             f"{m['server']['fanoutUsMean'] / 1e3:.2f} ms mean", "(floor)", None))
        if "floorThreadsAtRelayRate" in f:
            m = f["floorThreadsAtRelayRate"]
            s_ = m["server"]
            rows.append((f"5 floor {subs} subs: C epoll relay, {s_['threads']} writer threads, at the relay's "
                         f"{m['rate']:.0f} pub/s", "-", f"{m['p50us'] / 1e3:.2f}/{m['p99us'] / 1e3:.2f} ms",
                         f"write() {s_['writeNsPerCall'] / 1e3:.1f} us/call, fan-out {s_['fanoutUsMean'] / 1e3:.2f} ms "
                         f"mean (hand-off {s_['handoffUsMean'] / 1e3:.2f} ms)", "(floor)", None))
    return rows
