// bench_wsclients: the client side of the hub figures (bench/README.md, figures 4 and 5),
// used identically against Pulseboard's hub and against the Node peers. One thread, epoll,
// non-blocking sockets, a minimal RFC 6455 client (masked frames with a zero key, answers
// pings, counts text frames). It holds the connections, so the server process's RSS
// reflects only the server.
//
//   bench_wsclients idle --url ws://127.0.0.1:P/path --count N [--hello] [--await-reply]
//       Opens N connections (at most --inflight handshakes at a time), optionally sends a
//       hub hello with a unique nick and waits for the first reply, prints
//       {"ready":N,...} and keeps them open until stdin closes.
//   bench_wsclients fanout --sub-url ws://.../topics/bench --pub-url ws://.../X --subs N
//                   [--envelope] [--window 256] [--warmup 1] [--seconds 4]
//                   [--rate-fraction 0.1] [--rate-seconds 4]
//       N subscribers and one publisher. Phase 1 (max): publishes whenever the slowest
//       subscriber is fewer than --window publications behind, so the servers run as fast
//       as their subscribers drain; deliveries/s over --seconds after --warmup.
//       Phase 2 (latency): publishes at rate-fraction x the phase-1 publication rate and
//       records send-to-receive latency of every delivery (the send time travels in the
//       message as "ns", CLOCK_MONOTONIC). --fixed-rate R skips phase 1 and measures
//       latency at R publications/s. --envelope wraps publications in the hub's
//       {"type":"publish",...} envelope after a hello; otherwise they are sent raw.
#include "wsclientpool.h"

#include <sys/resource.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

int runIdle(const Options &o)
{
    WsClientPool cl(o);
    const uint64_t t0 = nowNs();
    int opened = 0;
    while (opened < o.count || cl.pending() > 0) {
        while (opened < o.count && cl.pending() < o.inflight) {
            cl.open(o.url, false);
            ++opened;
        }
        cl.poll(5);
        if (nowNs() - t0 > 120'000'000'000ULL)
            break;
    }
    std::printf("{\"ready\":%d,\"failed\":%d,\"seconds\":%.2f,\"error\":\"%s\"}\n", cl.readyCount(),
                cl.failedCount(), double(nowNs() - t0) / 1e9, cl.firstError().c_str());
    std::fflush(stdout);
    // Hold the connections (answering pings) until stdin closes or says quit.
    fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
    for (;;) {
        cl.poll(100);
        char c;
        const ssize_t r = ::read(0, &c, 1);
        if (r == 0 || (r > 0 && c == 'q'))
            break;
    }
    return 0;
}

std::string publication(uint64_t seq, bool envelope)
{
    char data[200];
    const int n = std::snprintf(data, sizeof data,
                                "{\"ns\":%llu,\"seq\":%llu,\"s\":\"BTCUSD\",\"p\":43125.52,\"q\":0.01234,"
                                "\"side\":\"buy\",\"venue\":\"kraken\"}",
                                static_cast<unsigned long long>(nowNs()), static_cast<unsigned long long>(seq));
    std::string payload(data, size_t(n));
    if (envelope)
        payload = "{\"type\":\"publish\",\"topic\":\"bench\",\"data\":" + payload + "}";
    return clientFrame(1, payload);
}

int runFanout(const Options &o)
{
    WsClientPool cl(o);
    const uint64_t t0 = nowNs();
    std::vector<Conn *> subs;
    int opened = 0;
    while (opened < o.count || cl.pending() > 0) {
        while (opened < o.count && cl.pending() < o.inflight) {
            subs.push_back(cl.open(o.subUrl, false));
            ++opened;
        }
        cl.poll(5);
        if (nowNs() - t0 > 60'000'000'000ULL)
            break;
    }
    Conn *pub = cl.open(o.pubUrl, true);
    while (!pub->ready && pub->state != State::Closed && nowNs() - t0 < 70'000'000'000ULL)
        cl.poll(5);
    auto bail = [&](const std::string &why) {
        std::printf("{\"error\":\"%s\",\"subs\":%d,\"ready\":%d,\"failed\":%d,\"firstError\":\"%s\"}\n",
                    why.c_str(), o.count, cl.readyCount(), cl.failedCount(), cl.firstError().c_str());
        return 1;
    };
    if (cl.readyCount() != o.count + 1)
        return bail("not every connection opened");

    uint64_t seq = 0;
    auto minReceived = [&] {
        uint64_t m = UINT64_MAX;
        for (Conn *s : subs)
            m = std::min(m, s->received);
        return m;
    };
    // Probe: one publication must reach every subscriber (subscriptions are live).
    cl.send(pub, publication(seq++, o.envelope));
    const uint64_t probeStart = nowNs();
    while (minReceived() < 1) {
        cl.poll(5);
        if (nowNs() - probeStart > 10'000'000'000ULL || cl.closedCount() > 0)
            return bail("the probe publication did not reach every subscriber");
    }

    // Phase 1: closed loop, as fast as the slowest subscriber drains.
    const uint64_t p1 = nowNs();
    uint64_t d0 = 0, s0 = 0, tA = 0, tB = 0, dB = 0, sB = 0;
    for (; o.fixedRate <= 0;) {
        const uint64_t now = nowNs();
        const double t = double(now - p1) / 1e9;
        if (tA == 0 && t >= o.warmup) {
            tA = now;
            d0 = cl.deliveries;
            s0 = seq;
        } else if (tA != 0 && t >= o.warmup + o.seconds) {
            tB = now;
            dB = cl.deliveries;
            sB = seq;
            break;
        }
        const uint64_t behind = seq - minReceived();
        int published = 0;   // at most 64 per round, then service the sockets again
        for (uint64_t k = behind; k < uint64_t(o.window) && published < 64; ++k, ++published)
            cl.send(pub, publication(seq++, o.envelope));
        cl.poll(published > 0 ? 0 : 1);   // window full: sleep until a delivery arrives
        if (cl.closedCount() > 0)
            return bail("a subscriber was closed by the server during phase 1");
    }
    const double maxSeconds = o.fixedRate > 0 ? 0 : double(tB - tA) / 1e9;
    const double deliveriesPerSec = o.fixedRate > 0 ? 0 : double(dB - d0) / maxSeconds;
    const double pubPerSec = o.fixedRate > 0 ? 0 : double(sB - s0) / maxSeconds;

    // Drain, then phase 2: paced at rateFraction of the phase-1 publication rate.
    const uint64_t drainStart = nowNs();
    while (minReceived() < seq && nowNs() - drainStart < 5'000'000'000ULL)
        cl.poll(1);
    const double rate = o.fixedRate > 0 ? o.fixedRate : std::max(1.0, pubPerSec * o.rateFraction);
    cl.startTimer(200'000);   // 200 us pacing ticks
    const uint64_t p2 = nowNs();
    const uint64_t first = seq;
    bool measuring = false;
    uint64_t sentInPhase = 0;
    for (;;) {
        cl.poll(-1);
        if (!cl.timerFired)
            continue;
        cl.timerFired = false;
        const uint64_t now = nowNs();
        const double t = double(now - p2) / 1e9;
        if (!measuring && t >= 0.5) {
            measuring = true;
            cl.latLo = seq;
            cl.latHi = UINT64_MAX;
            cl.recordLatency = true;
        }
        if (t >= 0.5 + o.rateSeconds) {
            cl.latHi = seq;
            break;
        }
        const uint64_t due = uint64_t(t * rate);
        while (sentInPhase < due) {
            cl.send(pub, publication(seq++, o.envelope));
            ++sentInPhase;
        }
        if (cl.closedCount() > 0)
            return bail("a subscriber was closed by the server during phase 2");
    }
    const uint64_t drain2 = nowNs();
    while (minReceived() < seq && nowNs() - drain2 < 5'000'000'000ULL)
        cl.poll(1);
    (void)first;
    std::vector<uint64_t> &lat = cl.latencies;
    std::sort(lat.begin(), lat.end());
    auto pct = [&](double q) {
        return lat.empty() ? -1.0 : double(lat[std::min(lat.size() - 1, size_t(q * double(lat.size())))]) / 1e3;
    };
    const uint64_t expected = (cl.latHi - cl.latLo) * uint64_t(o.count);
    std::printf("{\"subs\":%d,\"deliveriesPerSec\":%.0f,\"publicationsPerSec\":%.1f,\"maxSeconds\":%.2f,"
                "\"rate\":%.1f,\"latencySamples\":%zu,\"latencyExpected\":%llu,\"p50us\":%.1f,"
                "\"p99us\":%.1f,\"maxus\":%.1f,\"closed\":%d}\n",
                o.count, deliveriesPerSec, pubPerSec, maxSeconds, rate, lat.size(),
                static_cast<unsigned long long>(expected), pct(0.5), pct(0.99),
                lat.empty() ? -1.0 : double(lat.back()) / 1e3, cl.closedCount());
    std::fflush(stdout);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    Options o;
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_wsclients idle|fanout [options]\n");
        return 2;
    }
    o.mode = argv[1];
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
        bool ok = true;
        if (a == "--url") ok = parseUrl(next(), &o.url);
        else if (a == "--sub-url") ok = parseUrl(next(), &o.subUrl);
        else if (a == "--pub-url") ok = parseUrl(next(), &o.pubUrl);
        else if (a == "--count" || a == "--subs") o.count = std::atoi(next().c_str());
        else if (a == "--hello") o.hello = true;
        else if (a == "--await-reply") o.awaitReply = true;
        else if (a == "--envelope") o.envelope = true;
        else if (a == "--inflight") o.inflight = std::max(1, std::atoi(next().c_str()));
        else if (a == "--window") o.window = std::max(1, std::atoi(next().c_str()));
        else if (a == "--warmup") o.warmup = std::atof(next().c_str());
        else if (a == "--seconds") o.seconds = std::atof(next().c_str());
        else if (a == "--rate-fraction") o.rateFraction = std::atof(next().c_str());
        else if (a == "--rate-seconds") o.rateSeconds = std::atof(next().c_str());
        else if (a == "--fixed-rate") o.fixedRate = std::atof(next().c_str());
        else ok = false;
        if (!ok) {
            std::fprintf(stderr, "bench_wsclients: bad option %s\n", a.c_str());
            return 2;
        }
    }
    rlimit rl{};
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    if (o.mode == "idle")
        return runIdle(o);
    if (o.mode == "fanout")
        return runFanout(o);
    std::fprintf(stderr, "bench_wsclients: unknown mode %s\n", o.mode.c_str());
    return 2;
}
