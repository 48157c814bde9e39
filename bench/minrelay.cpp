// bench_minrelay: the floor of figure 5 on this machine. A minimal C-style epoll relay
// (no Qt, no framework) speaking just enough RFC 6455 for bench_wsclients: subscribers on
// /topics/<anything>, a publisher anywhere else; every text frame the publisher sends is
// framed once and written to every subscriber with one write() each, at once (the least
// work any server can do per delivery without coalescing). It times its own write()
// calls, so the kernel's loopback cost per delivery is measured, not assumed.
//   bench_minrelay [--port 0]
// Prints {"port":P,"pid":N}. A "stats" line on stdin answers {"writes":..,"writeNsPerCall":..,
// "fanouts":..,"fanoutUsMean":..,"fanoutUsMax":..}; serves until stdin closes.
// Bench-only: the upgrade response is canned (bench_wsclients sends a fixed key).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

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

enum class Role { Unknown, Subscriber, Publisher };

struct Conn
{
    int fd = -1;
    Role role = Role::Unknown;
    bool upgraded = false;
    bool wantOut = false;
    std::string in, out;     // out: only what the kernel did not take (bounded below)
};

constexpr size_t kMaxUnsent = 1 << 20;   // like the hub: a subscriber this far behind is dropped

struct Relay
{
    int ep = -1;
    std::vector<Conn *> subs;
    std::vector<Conn *> dead;
    uint64_t writes = 0, writeNs = 0, fanouts = 0, fanoutNs = 0, fanoutMaxNs = 0;

    void setOut(Conn *c, bool want)
    {
        if (c->wantOut == want)
            return;
        c->wantOut = want;
        epoll_event ev{};
        ev.events = want ? (EPOLLIN | EPOLLOUT) : EPOLLIN;
        ev.data.ptr = c;
        epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
    }

    void drop(Conn *c)
    {
        epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, nullptr);
        ::close(c->fd);
        c->fd = -1;
        for (size_t i = 0; i < subs.size(); ++i) {
            if (subs[i] == c) {
                subs[i] = subs.back();
                subs.pop_back();
                break;
            }
        }
        dead.push_back(c);   // freed after the current epoll batch (it may still be listed)
    }

    // Returns false when the connection was dropped.
    bool writeTo(Conn *c, const char *p, size_t n)
    {
        if (!c->out.empty()) {
            c->out.append(p, n);
            return c->out.size() <= kMaxUnsent || (drop(c), false);
        }
        const uint64_t t0 = nowNs();
        const ssize_t w = ::send(c->fd, p, n, MSG_NOSIGNAL);
        writeNs += nowNs() - t0;
        ++writes;
        if (w == ssize_t(n))
            return true;
        if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return drop(c), false;
        c->out.assign(p + (w > 0 ? w : 0), n - size_t(w > 0 ? w : 0));
        setOut(c, true);
        return true;
    }

    void flushOut(Conn *c)
    {
        while (!c->out.empty()) {
            const ssize_t w = ::send(c->fd, c->out.data(), c->out.size(), MSG_NOSIGNAL);
            if (w < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK)
                    return;
                drop(c);
                return;
            }
            c->out.erase(0, size_t(w));
        }
        setOut(c, false);
    }

    void fanOut(const char *payload, size_t n)
    {
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
        const uint64_t t0 = nowNs();
        const std::vector<Conn *> targets = subs;   // copy: writeTo may drop
        for (Conn *s : targets) {
            if (s->fd >= 0)
                writeTo(s, frame.data(), frame.size());
        }
        const uint64_t dt = nowNs() - t0;
        ++fanouts;
        fanoutNs += dt;
        if (dt > fanoutMaxNs)
            fanoutMaxNs = dt;
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
                drop(c);   // not in this benchmark
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
                drop(c);
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
                drop(c);
                return;
            }
            if (r < 0)
                break;
            c->in.append(buf, size_t(r));
            if (c->in.size() > kMaxUnsent) {
                drop(c);
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
            if (!writeTo(c, kResponse, sizeof kResponse - 1))
                return;
            if (sub)
                subs.push_back(c);
        }
        readFrames(c);
    }
};

} // namespace

int main(int argc, char **argv)
{
    int port = 0;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--port") == 0 && i + 1 < argc)
            port = std::atoi(argv[++i]);
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
    relay.ep = epoll_create1(0);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = &relay;   // the listening socket
    epoll_ctl(relay.ep, EPOLL_CTL_ADD, ls, &ev);
    fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
    epoll_event sin{};
    sin.events = EPOLLIN;
    sin.data.ptr = nullptr;  // stdin
    epoll_ctl(relay.ep, EPOLL_CTL_ADD, 0, &sin);

    std::printf("{\"port\":%d,\"pid\":%d}\n", int(ntohs(a.sin_port)), int(getpid()));
    std::fflush(stdout);

    epoll_event evs[512];
    for (;;) {
        const int n = epoll_wait(relay.ep, evs, 512, -1);
        for (int i = 0; i < n; ++i) {
            void *tag = evs[i].data.ptr;
            if (tag == nullptr) {
                char buf[256];
                const ssize_t r = ::read(0, buf, sizeof buf);
                if (r == 0 || (r < 0 && errno != EAGAIN))
                    return 0;
                if (r > 0 && std::string(buf, size_t(r)).find("stats") != std::string::npos) {
                    std::printf("{\"writes\":%llu,\"writeNsPerCall\":%.0f,\"fanouts\":%llu,"
                                "\"fanoutUsMean\":%.1f,\"fanoutUsMax\":%.1f,\"subscribers\":%zu}\n",
                                static_cast<unsigned long long>(relay.writes),
                                relay.writes ? double(relay.writeNs) / double(relay.writes) : 0.0,
                                static_cast<unsigned long long>(relay.fanouts),
                                relay.fanouts ? double(relay.fanoutNs) / double(relay.fanouts) / 1e3 : 0.0,
                                double(relay.fanoutMaxNs) / 1e3, relay.subs.size());
                    std::fflush(stdout);
                }
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
                    epoll_ctl(relay.ep, EPOLL_CTL_ADD, fd, &cev);
                }
                continue;
            }
            auto *c = static_cast<Conn *>(tag);
            if (c->fd < 0)
                continue;
            if (evs[i].events & EPOLLOUT) {
                relay.flushOut(c);
                continue;   // a dropped connection must not be read; EPOLLIN comes again
            }
            if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
                relay.onReadable(c);
        }
        for (Conn *c : relay.dead)
            delete c;
        relay.dead.clear();
    }
}
