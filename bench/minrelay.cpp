// bench_minrelay: the floor of figure 5 on this machine. A minimal C-style epoll relay
// (no Qt, no framework) speaking just enough RFC 6455 for bench_wsclients: subscribers on
// /topics/<anything>, a publisher anywhere else; every text frame the publisher sends is
// framed once and written to every subscriber with one write() each, at once (the least
// work any server can do per delivery without coalescing). It times its own write()
// calls, so the kernel's loopback cost per delivery is measured, not assumed.
//   bench_minrelay [--port 0] [--threads N]
// --threads N (default 0: write inline on the epoll thread) hands every publication to N
// writer threads, each owning a fixed share of the subscribers (dealt round-robin as they
// subscribe) with its own epoll: the frame goes into a ring of kRing slots, each writer is
// woken by its eventfd and writes the slot to its own subscribers; the epoll thread only
// accepts, upgrades and reads the publisher. The ring is the bound: when a writer is
// kRing publications behind, the epoll thread waits (and the publisher's socket fills).
// Prints {"port":P,"pid":N}. A "stats" line on stdin answers {"threads":N,"writes":..,
// "writeNsPerCall":..,"fanouts":..,"fanoutUsMean":..,"fanoutUsMax":..,"ingressUsMean":..,
// "handoffUsMean":..,"subscribers":..}: fanoutUs runs from the publication read to the last
// write() of the last writer, ingressUs from the publisher's "ns" stamp (CLOCK_MONOTONIC) to
// that read, handoffUs from that read to a writer thread starting on it (0 inline).
// Serves until stdin closes.
// Bench-only: the upgrade response is canned (bench_wsclients sends a fixed key).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "minrelay_writers.h"

namespace {
using namespace minrelay;

uint64_t stampOf(const char *p, size_t n)
{
    static const char kKey[] = "\"ns\":";
    const size_t k = std::string_view(p, n).find(kKey);
    if (k == std::string_view::npos)
        return 0;
    uint64_t v = 0;
    for (size_t i = k + sizeof kKey - 1; i < n && p[i] >= '0' && p[i] <= '9'; ++i)
        v = v * 10 + uint64_t(p[i] - '0');
    return v;
}

struct Relay
{
    Writer local;   // the epoll thread's own connections (and, inline, every subscriber)
    std::vector<std::unique_ptr<WriterThread>> writers;
    size_t nextWriter = 0;
    Ring *ring = nullptr;
    FanoutStats stats;

    void startWriters(int n)
    {
        ring = new Ring;
        for (int i = 0; i < n; ++i) {
            writers.push_back(std::make_unique<WriterThread>());
            WriterThread *t = writers.back().get();
            t->th = std::thread([this, t] { t->run(ring, &stats); });
        }
    }

    void addSubscriber(Conn *c)
    {
        if (writers.empty()) {
            local.add(c);
            return;
        }
        epoll_ctl(local.ep, EPOLL_CTL_DEL, c->fd, nullptr);   // the writer owns it from now on
        WriterThread *t = writers[nextWriter++ % writers.size()].get();
        {
            std::lock_guard<std::mutex> lock(t->m);
            t->incoming.push_back(c);
        }
        const uint64_t one = 1;
        (void)!::write(t->doorbell, &one, sizeof one);
    }

    void fanOut(const char *payload, size_t n)
    {
        const uint64_t readNs = nowNs();
        std::string frame;
        frame.push_back(char(0x81));
        if (n < 126) {
            frame.push_back(char(n));
        } else if (n < 65536) {
            frame.push_back(char(126));
            frame.push_back(char(n >> 8));
            frame.push_back(char(n & 0xff));
        } else {
            return;   // the bench never sends that much
        }
        frame.append(payload, n);
        if (writers.empty()) {
            local.writeAll(frame);
            stats.record(readNs, stampOf(payload, n), nowNs());
            return;
        }
        const uint64_t seq = ring->published.load(std::memory_order_relaxed);
        for (auto &t : writers) {   // the bound: wait for a writer kRing publications behind
            while (seq - t->done.load(std::memory_order_acquire) >= kRing)
                usleep(50);
        }
        Slot &s = ring->slots[seq % kRing];
        s.frame.swap(frame);
        s.readNs = readNs;
        s.stampNs = stampOf(payload, n);
        s.remaining.store(int(writers.size()), std::memory_order_relaxed);
        ring->published.store(seq + 1, std::memory_order_release);
        const uint64_t one = 1;
        for (auto &t : writers)
            (void)!::write(t->doorbell, &one, sizeof one);
    }

    void readFrames(Conn *c)
    {
        size_t pos = 0;
        std::string &in = c->in;
        for (;;) {
            const auto *u = reinterpret_cast<unsigned char *>(in.data()) + pos;
            const size_t avail = in.size() - pos;
            if (avail < 2)
                break;
            const int opcode = u[0] & 0x0f;
            const bool masked = u[1] & 0x80;
            uint64_t len = u[1] & 0x7f;
            size_t h = 2;
            if (len == 126) {
                if (avail < 4)
                    break;
                len = (uint64_t(u[2]) << 8) | u[3];
                h = 4;
            } else if (len == 127) {
                local.drop(c);   // not in this benchmark
                return;
            }
            const size_t maskAt = h;
            if (masked)
                h += 4;
            if (avail < h + len)
                break;
            char *payload = in.data() + pos + h;
            if (masked) {
                for (size_t i = 0; i < len; ++i)
                    payload[i] = char(payload[i] ^ u[maskAt + (i & 3)]);
            }
            if (opcode == 0x8) {
                local.drop(c);
                return;
            }
            if (opcode == 0x1 && c->role == Role::Publisher)
                fanOut(payload, size_t(len));
            pos += h + size_t(len);
        }
        in.erase(0, pos);
    }

    void onReadable(Conn *c)
    {
        char buf[65536];
        for (;;) {
            const ssize_t r = ::recv(c->fd, buf, sizeof buf, 0);
            if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
                local.drop(c);
                return;
            }
            if (r < 0)
                break;
            c->in.append(buf, size_t(r));
            if (c->in.size() > kMaxUnsent) {
                local.drop(c);
                return;
            }
        }
        if (!c->upgraded) {
            const size_t end = c->in.find("\r\n\r\n");
            if (end == std::string::npos)
                return;
            const bool sub = c->in.compare(0, 12, "GET /topics/") == 0;
            c->in.erase(0, end + 4);
            c->upgraded = true;
            c->role = sub ? Role::Subscriber : Role::Publisher;
            static const char kResponse[] =
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
            if (!local.writeTo(c, kResponse, sizeof kResponse - 1))
                return;
            if (sub) {
                addSubscriber(c);
                return;
            }
        }
        readFrames(c);
    }

    void printStats()
    {
        uint64_t writes = local.writes.get(), writeNs = local.writeNs.get();
        for (auto &t : writers) {
            writes += t->w.writes.get();
            writeNs += t->w.writeNs.get();
        }
        uint64_t handoffs = 0, handoffNs = 0;
        for (auto &t : writers) {
            handoffs += t->handoffs.get();
            handoffNs += t->handoffNs.get();
        }
        uint64_t subs = local.live.get();
        for (auto &t : writers)
            subs += t->w.live.get();
        std::lock_guard<std::mutex> lock(stats.m);
        const double f = stats.fanouts ? double(stats.fanouts) : 1.0;
        std::printf("{\"threads\":%zu,\"writes\":%llu,\"writeNsPerCall\":%.0f,\"fanouts\":%llu,"
                    "\"fanoutUsMean\":%.1f,\"fanoutUsMax\":%.1f,\"ingressUsMean\":%.1f,\"handoffUsMean\":%.1f,"
                    "\"subscribers\":%llu}\n",
                    writers.size(), static_cast<unsigned long long>(writes),
                    writes ? double(writeNs) / double(writes) : 0.0,
                    static_cast<unsigned long long>(stats.fanouts), double(stats.fanoutNs) / f / 1e3,
                    double(stats.fanoutMaxNs) / 1e3, double(stats.ingressNs) / f / 1e3,
                    handoffs ? double(handoffNs) / double(handoffs) / 1e3 : 0.0,
                    static_cast<unsigned long long>(subs));
        std::fflush(stdout);
    }
};

} // namespace

int main(int argc, char **argv)
{
    int port = 0, threads = 0;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--port") == 0 && i + 1 < argc)
            port = std::atoi(argv[++i]);
        else if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = std::max(0, std::min(64, std::atoi(argv[++i])));
    }
    rlimit rl{};
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);

    const int ls = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(uint16_t(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(ls, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 || ::listen(ls, 1024) != 0) {
        std::fprintf(stderr, "bench_minrelay: cannot listen: %s\n", std::strerror(errno));
        return 1;
    }
    socklen_t al = sizeof a;
    getsockname(ls, reinterpret_cast<sockaddr *>(&a), &al);

    Relay relay;
    relay.local.ep = epoll_create1(0);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = &relay;   // the listening socket
    epoll_ctl(relay.local.ep, EPOLL_CTL_ADD, ls, &ev);
    fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
    epoll_event sin{};
    sin.events = EPOLLIN;
    sin.data.ptr = nullptr;  // stdin
    epoll_ctl(relay.local.ep, EPOLL_CTL_ADD, 0, &sin);
    if (threads > 0)
        relay.startWriters(threads);

    std::printf("{\"port\":%d,\"pid\":%d}\n", int(ntohs(a.sin_port)), int(getpid()));
    std::fflush(stdout);

    epoll_event evs[512];
    for (;;) {
        const int n = epoll_wait(relay.local.ep, evs, 512, -1);
        for (int i = 0; i < n; ++i) {
            void *tag = evs[i].data.ptr;
            if (tag == nullptr) {
                char buf[256];
                const ssize_t r = ::read(0, buf, sizeof buf);
                if (r == 0 || (r < 0 && errno != EAGAIN))
                    _exit(0);   // the writer threads never return: leave without joining
                if (r > 0 && std::string(buf, size_t(r)).find("stats") != std::string::npos)
                    relay.printStats();
                continue;
            }
            if (tag == &relay) {
                for (;;) {
                    const int fd = ::accept4(ls, nullptr, nullptr, SOCK_NONBLOCK);
                    if (fd < 0)
                        break;
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    auto *c = new Conn;
                    c->fd = fd;
                    epoll_event cev{};
                    cev.events = EPOLLIN;
                    cev.data.ptr = c;
                    epoll_ctl(relay.local.ep, EPOLL_CTL_ADD, fd, &cev);
                }
                continue;
            }
            auto *c = static_cast<Conn *>(tag);
            if (c->fd < 0)
                continue;
            if (evs[i].events & EPOLLOUT) {
                relay.local.flushOut(c);
                continue;   // a dropped connection must not be read; EPOLLIN comes again
            }
            if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
                relay.onReadable(c);
        }
        relay.local.freeDead();
    }
}
