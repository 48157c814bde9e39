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
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/resource.h>
#include <unistd.h>
#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

namespace {

uint64_t nowNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return uint64_t(ts.tv_sec) * 1'000'000'000ULL + uint64_t(ts.tv_nsec);
}

struct Url { std::string host = "127.0.0.1"; int port = 0; std::string path = "/"; };

bool parseUrl(const std::string &s, Url *u)
{
    if (s.rfind("ws://", 0) != 0)
        return false;
    const std::string rest = s.substr(5);
    const size_t slash = rest.find('/');
    const std::string hostPort = rest.substr(0, slash);
    u->path = slash == std::string::npos ? "/" : rest.substr(slash);
    const size_t colon = hostPort.rfind(':');
    if (colon == std::string::npos)
        return false;
    u->host = hostPort.substr(0, colon);
    u->port = std::atoi(hostPort.c_str() + colon + 1);
    return u->port > 0;
}

std::string clientFrame(int opcode, const std::string &payload)
{
    std::string f;
    f.push_back(char(0x80 | opcode));
    const size_t n = payload.size();
    if (n < 126) {
        f.push_back(char(0x80 | n));
    } else {
        f.push_back(char(0x80 | 126));
        f.push_back(char(n >> 8));
        f.push_back(char(n & 0xff));
    }
    f.append(4, '\0');   // zero masking key: payload XOR 0 = payload
    f += payload;
    return f;
}

enum class State { Connecting, Handshake, Open, Closed };

struct Conn
{
    int fd = -1;
    int index = 0;
    State state = State::Connecting;
    bool publisher = false;
    bool ready = false;          // usable (handshake done, hello answered when awaited)
    bool wantOut = false;
    std::string in;
    std::string out;
    uint64_t received = 0;       // text frames
};

struct Options
{
    std::string mode;
    Url url, subUrl, pubUrl;
    int count = 0;
    bool hello = false, awaitReply = false, envelope = false;
    int inflight = 48;
    int window = 256;
    double warmup = 1, seconds = 4, rateFraction = 0.1, rateSeconds = 4;
    double fixedRate = 0;   // > 0: skip phase 1, measure latency at this publication rate
};

class Clients
{
public:
    explicit Clients(const Options &o) : m_o(o) { m_ep = epoll_create1(0); }

    Conn *open(const Url &url, bool publisher)
    {
        auto *c = new Conn;
        c->index = int(m_conns.size());
        c->publisher = publisher;
        m_conns.push_back(c);
        c->fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (c->fd < 0) {
            fail(c, "socket");
            return c;
        }
        int one = 1;
        ::setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(uint16_t(url.port));
        inet_pton(AF_INET, url.host.c_str(), &a.sin_addr);
        c->out = "GET " + url.path + " HTTP/1.1\r\nHost: " + url.host + ":" + std::to_string(url.port)
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ++m_pending;
        if (::connect(c->fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 && errno != EINPROGRESS) {
            fail(c, "connect");
            return c;
        }
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLOUT;
        ev.data.ptr = c;
        epoll_ctl(m_ep, EPOLL_CTL_ADD, c->fd, &ev);
        c->wantOut = true;
        return c;
    }

    // One epoll round; timeoutMs -1 = wait.
    void poll(int timeoutMs)
    {
        epoll_event evs[512];
        const int n = epoll_wait(m_ep, evs, 512, timeoutMs);
        for (int i = 0; i < n; ++i) {
            if (evs[i].data.ptr == nullptr) {
                m_timerFired = true;
                uint64_t x;
                (void)!::read(m_timerFd, &x, sizeof x);
                continue;
            }
            auto *c = static_cast<Conn *>(evs[i].data.ptr);
            if (c->state == State::Closed)
                continue;
            if (evs[i].events & (EPOLLERR | EPOLLHUP)) {
                if (c->state == State::Connecting) {
                    fail(c, "connect refused");
                    continue;
                }
            }
            if (evs[i].events & EPOLLOUT) {
                if (c->state == State::Connecting)
                    c->state = State::Handshake;
                flush(c);
            }
            if ((evs[i].events & EPOLLIN) && c->state != State::Closed)
                readFrom(c);
        }
    }

    void startTimer(uint64_t periodNs)
    {
        m_timerFd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
        itimerspec spec{};
        spec.it_interval.tv_nsec = long(periodNs);
        spec.it_value.tv_nsec = long(periodNs);
        timerfd_settime(m_timerFd, 0, &spec, nullptr);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.ptr = nullptr;
        epoll_ctl(m_ep, EPOLL_CTL_ADD, m_timerFd, &ev);
    }

    void send(Conn *c, const std::string &frame)
    {
        if (c->state == State::Closed)
            return;
        c->out += frame;
        if (c->state == State::Open || c->state == State::Handshake)
            flush(c);
    }

    int pending() const { return m_pending; }
    int readyCount() const { return m_ready; }
    int failedCount() const { return m_failed; }
    int closedCount() const { return m_closed; }
    const std::string &firstError() const { return m_firstError; }
    std::vector<Conn *> &conns() { return m_conns; }

    // Latency recording (fanout phase 2): deliveries of publications with seq in [lo, hi).
    bool recordLatency = false;
    uint64_t latLo = 0, latHi = 0;
    std::vector<uint64_t> latencies;
    uint64_t deliveries = 0;           // text frames received by subscribers
    bool pubWelcomed = false;

private:
    void fail(Conn *c, const char *what)
    {
        if (m_firstError.empty())
            m_firstError = std::string(what) + ": " + std::strerror(errno);
        if (c->state == State::Connecting || c->state == State::Handshake)
            --m_pending;
        ++m_failed;
        closeConn(c);
    }

    void closeConn(Conn *c)
    {
        if (c->state == State::Closed)
            return;
        if (c->state == State::Open)
            ++m_closed;
        c->state = State::Closed;
        if (c->fd >= 0) {
            epoll_ctl(m_ep, EPOLL_CTL_DEL, c->fd, nullptr);
            ::close(c->fd);
            c->fd = -1;
        }
    }

    void setWantOut(Conn *c, bool want)
    {
        if (c->wantOut == want)
            return;
        c->wantOut = want;
        epoll_event ev{};
        ev.events = want ? (EPOLLIN | EPOLLOUT) : EPOLLIN;
        ev.data.ptr = c;
        epoll_ctl(m_ep, EPOLL_CTL_MOD, c->fd, &ev);
    }

    void flush(Conn *c)
    {
        if (c->state == State::Connecting || c->state == State::Closed)
            return;
        while (!c->out.empty()) {
            const ssize_t w = ::send(c->fd, c->out.data(), c->out.size(), MSG_NOSIGNAL);
            if (w < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK)
                    break;
                if (errno == EINTR)
                    continue;
                fail(c, "send");
                return;
            }
            c->out.erase(0, size_t(w));
        }
        setWantOut(c, !c->out.empty());
    }

    void markReady(Conn *c)
    {
        if (c->ready)
            return;
        c->ready = true;
        ++m_ready;
        --m_pending;
    }

    void readFrom(Conn *c)
    {
        char buf[65536];
        const ssize_t r = ::recv(c->fd, buf, sizeof buf, 0);
        if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
            if (!c->ready)
                fail(c, r == 0 ? "closed by server during handshake" : "recv");
            else
                closeConn(c);
            return;
        }
        if (r < 0)
            return;
        c->in.append(buf, size_t(r));
        if (c->state == State::Handshake) {
            const size_t end = c->in.find("\r\n\r\n");
            if (end == std::string::npos)
                return;
            if (c->in.compare(0, 12, "HTTP/1.1 101") != 0) {
                errno = 0;
                if (m_firstError.empty())
                    m_firstError = "upgrade refused: " + c->in.substr(0, c->in.find("\r\n"));
                fail(c, "upgrade");
                return;
            }
            c->in.erase(0, end + 4);
            c->state = State::Open;
            if (c->publisher && m_o.envelope) {
                send(c, clientFrame(1, "{\"type\":\"hello\",\"version\":1,\"nick\":\"benchpub\"}"));
            } else if (!c->publisher && m_o.hello) {
                send(c, clientFrame(1, "{\"type\":\"hello\",\"version\":1,\"nick\":\"idle"
                                           + std::to_string(c->index) + "\"}"));
            }
            if (!(c->publisher && m_o.envelope) && !m_o.awaitReply)
                markReady(c);
        }
        parseFrames(c);
    }

    void parseFrames(Conn *c)
    {
        size_t pos = 0;
        const std::string &in = c->in;
        const auto *u = reinterpret_cast<const unsigned char *>(in.data());
        const uint64_t now = nowNs();
        for (;;) {
            if (in.size() - pos < 2)
                break;
            const int opcode = u[pos] & 0x0f;
            uint64_t len = u[pos + 1] & 0x7f;
            size_t h = 2;
            if (len == 126) {
                if (in.size() - pos < 4)
                    break;
                len = (uint64_t(u[pos + 2]) << 8) | u[pos + 3];
                h = 4;
            } else if (len == 127) {
                if (in.size() - pos < 10)
                    break;
                len = 0;
                for (int i = 0; i < 8; ++i)
                    len = (len << 8) | u[pos + 2 + i];
                h = 10;
            }
            if (in.size() - pos < h + len)
                break;
            const char *payload = in.data() + pos + h;
            if (opcode == 0x1 || opcode == 0x0) {
                ++c->received;
                if (!c->ready) {
                    if (c->publisher) {
                        if (std::string_view(payload, size_t(len)).find("\"welcome\"") != std::string_view::npos) {
                            pubWelcomed = true;
                            markReady(c);
                        }
                    } else {
                        markReady(c);
                    }
                } else if (!c->publisher) {
                    ++deliveries;
                    if (recordLatency)
                        latency(payload, size_t(len), now);
                }
            } else if (opcode == 0x9) {
                send(c, clientFrame(0xA, std::string(payload, size_t(len))));
            } else if (opcode == 0x8) {
                closeConn(c);
                return;
            }
            pos += h + size_t(len);
        }
        c->in.erase(0, pos);
    }

    static uint64_t field(std::string_view s, std::string_view key)
    {
        const size_t k = s.find(key);
        if (k == std::string_view::npos)
            return 0;
        uint64_t v = 0;
        for (size_t i = k + key.size(); i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i)
            v = v * 10 + uint64_t(s[i] - '0');
        return v;
    }

    void latency(const char *p, size_t n, uint64_t now)
    {
        const std::string_view s(p, n);
        const uint64_t seq = field(s, "\"seq\":");
        if (seq < latLo || seq >= latHi)
            return;
        const uint64_t sent = field(s, "\"ns\":");
        if (sent > 0 && now >= sent)
            latencies.push_back(now - sent);
    }

    const Options &m_o;
    int m_ep = -1;
    int m_timerFd = -1;
    std::vector<Conn *> m_conns;
    int m_pending = 0, m_ready = 0, m_failed = 0, m_closed = 0;
    std::string m_firstError;
public:
    bool m_timerFired = false;
};

int runIdle(const Options &o)
{
    Clients cl(o);
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
    Clients cl(o);
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
        if (!cl.m_timerFired)
            continue;
        cl.m_timerFired = false;
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
