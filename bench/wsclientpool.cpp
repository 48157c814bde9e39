#include "wsclientpool.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

uint64_t nowNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return uint64_t(ts.tv_sec) * 1'000'000'000ULL + uint64_t(ts.tv_nsec);
}

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

WsClientPool::WsClientPool(const Options &o)
    : m_o(o)
{
    m_ep = epoll_create1(0);
}

Conn *WsClientPool::open(const Url &url, bool publisher)
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

void WsClientPool::poll(int timeoutMs)
{
    epoll_event evs[512];
    const int n = epoll_wait(m_ep, evs, 512, timeoutMs);
    for (int i = 0; i < n; ++i) {
        if (evs[i].data.ptr == nullptr) {
            timerFired = true;
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

void WsClientPool::startTimer(uint64_t periodNs)
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

void WsClientPool::send(Conn *c, const std::string &frame)
{
    if (c->state == State::Closed)
        return;
    c->out += frame;
    if (c->state == State::Open || c->state == State::Handshake)
        flush(c);
}

void WsClientPool::fail(Conn *c, const char *what)
{
    if (m_firstError.empty())
        m_firstError = std::string(what) + ": " + std::strerror(errno);
    if (c->state == State::Connecting || c->state == State::Handshake)
        --m_pending;
    ++m_failed;
    closeConn(c);
}

void WsClientPool::closeConn(Conn *c)
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

void WsClientPool::setWantOut(Conn *c, bool want)
{
    if (c->wantOut == want)
        return;
    c->wantOut = want;
    epoll_event ev{};
    ev.events = want ? (EPOLLIN | EPOLLOUT) : EPOLLIN;
    ev.data.ptr = c;
    epoll_ctl(m_ep, EPOLL_CTL_MOD, c->fd, &ev);
}

void WsClientPool::flush(Conn *c)
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

void WsClientPool::markReady(Conn *c)
{
    if (c->ready)
        return;
    c->ready = true;
    ++m_ready;
    --m_pending;
}

void WsClientPool::readFrom(Conn *c)
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

void WsClientPool::parseFrames(Conn *c)
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

uint64_t WsClientPool::field(std::string_view s, std::string_view key)
{
    const size_t k = s.find(key);
    if (k == std::string_view::npos)
        return 0;
    uint64_t v = 0;
    for (size_t i = k + key.size(); i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i)
        v = v * 10 + uint64_t(s[i] - '0');
    return v;
}

void WsClientPool::latency(const char *p, size_t n, uint64_t now)
{
    const std::string_view s(p, n);
    const uint64_t seq = field(s, "\"seq\":");
    if (seq < latLo || seq >= latHi)
        return;
    const uint64_t sent = field(s, "\"ns\":");
    if (sent > 0 && now >= sent)
        latencies.push_back(now - sent);
}
