// bench_blaster: the local feed source for the ingest, UI and soak figures. A minimal
// WebSocket server (RFC 6455 handshake, unmasked server frames) that sends pre-encoded
// BenchTicks frames to every client, either as fast as the client drains them (blocking
// writes of ~64 KiB runs of whole frames: the receiver sets the pace) or at a fixed
// rate (paced every millisecond). It answers pings and close frames so a real
// FeedClient stays connected for minutes. One thread per connection; loopback only.
//
//   bench_blaster [--port 0] [--rate MSGS_PER_SEC (0 = as fast as drained, -1 = silent)]
//                 [--frames N]
// Prints one JSON line {"port":..,"frames":..,"minBytes":..,"meanBytes":..,"maxBytes":..}
// then serves until killed; when a connection ends, one line with the frames sent to it.
#include "benchticks.h"

#include <QByteArray>
#include <QCryptographicHash>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Feed
{
    std::string bytes;               // all frames back to back
    std::vector<size_t> offsets;     // offsets[i] = start of frame i; offsets[n] = bytes.size()
    std::vector<size_t> chunkEnds;   // frame indexes ending ~64 KiB runs (blast mode)
};

Feed g_feed;
double g_rate = 0;
bool g_silent = false;   // --rate -1: accept and keep the connection, send nothing

bool sendAll(int fd, const char *p, size_t n)
{
    while (n > 0) {
        const ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += w;
        n -= size_t(w);
    }
    return true;
}

bool readHandshake(int fd, std::string *key)
{
    std::string req;
    char buf[2048];
    while (req.find("\r\n\r\n") == std::string::npos) {
        if (req.size() > 16384)
            return false;
        const ssize_t r = ::recv(fd, buf, sizeof buf, 0);
        if (r <= 0)
            return false;
        req.append(buf, size_t(r));
    }
    std::string lower = req;
    for (char &c : lower)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    const size_t k = lower.find("sec-websocket-key:");
    if (k == std::string::npos)
        return false;
    size_t b = k + 18;
    while (b < req.size() && req[b] == ' ')
        ++b;
    const size_t e = req.find("\r\n", b);
    *key = req.substr(b, e - b);
    while (!key->empty() && key->back() == ' ')
        key->pop_back();
    return true;
}

struct Conn
{
    int fd = -1;
    std::mutex writeLock;
    std::atomic<bool> done{false};
};

// Reads client frames (masked): answers ping with pong and close with close.
void readerLoop(Conn *c)
{
    std::string in;
    char buf[4096];
    for (;;) {
        const ssize_t r = ::recv(c->fd, buf, sizeof buf, 0);
        if (r <= 0)
            break;
        in.append(buf, size_t(r));
        for (;;) {
            if (in.size() < 2)
                break;
            const auto *u = reinterpret_cast<const unsigned char *>(in.data());
            const int opcode = u[0] & 0x0f;
            const bool masked = u[1] & 0x80;
            uint64_t len = u[1] & 0x7f;
            size_t pos = 2;
            if (len == 126) {
                if (in.size() < 4)
                    break;
                len = (uint64_t(u[2]) << 8) | u[3];
                pos = 4;
            } else if (len == 127) {
                if (in.size() < 10)
                    break;
                len = 0;
                for (int i = 0; i < 8; ++i)
                    len = (len << 8) | u[2 + i];
                pos = 10;
            }
            const size_t maskPos = pos;
            if (masked)
                pos += 4;
            if (in.size() < pos + len)
                break;
            std::string payload = in.substr(pos, size_t(len));
            if (masked) {
                for (size_t i = 0; i < payload.size(); ++i)
                    payload[i] = char(payload[i] ^ in[maskPos + (i & 3)]);
            }
            in.erase(0, pos + size_t(len));
            if (opcode == 0x9 || opcode == 0x8) {
                std::string f;
                f.push_back(char(opcode == 0x9 ? 0x8a : 0x88));
                f.push_back(char(std::min<size_t>(payload.size(), 125)));
                f.append(payload, 0, std::min<size_t>(payload.size(), 125));
                std::lock_guard lock(c->writeLock);
                sendAll(c->fd, f.data(), f.size());
                if (opcode == 0x8) {
                    c->done = true;
                    ::shutdown(c->fd, SHUT_RDWR);
                    return;
                }
            }
        }
    }
    c->done = true;
}

void writerLoop(Conn *c)
{
    using Clock = std::chrono::steady_clock;
    const auto started = Clock::now();
    uint64_t total = 0;   // frames handed to the kernel
    const size_t frames = g_feed.offsets.size() - 1;
    const char *base = g_feed.bytes.data();
    if (g_rate == 0) {
        size_t chunk = 0, start = 0;
        while (!c->done) {
            const size_t end = g_feed.chunkEnds[chunk];
            const size_t a = g_feed.offsets[start], b = g_feed.offsets[end];
            {
                std::lock_guard lock(c->writeLock);
                if (!sendAll(c->fd, base + a, b - a))
                    break;
            }
            total += end - start;
            start = end;
            if (++chunk == g_feed.chunkEnds.size()) {
                chunk = 0;
                start = 0;
            }
        }
    } else if (!g_silent) {
        const auto t0 = Clock::now();
        uint64_t sent = 0;
        size_t next = 0;   // next frame index
        auto tick = t0;
        while (!c->done) {
            tick += std::chrono::milliseconds(1);
            std::this_thread::sleep_until(tick);
            const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
            uint64_t due = uint64_t(elapsed * g_rate);
            if (due - sent > 100'000)   // far behind (stalled receiver): do not burst unboundedly
                sent = due - 100'000;
            std::lock_guard lock(c->writeLock);
            while (sent < due) {
                const size_t n = std::min<uint64_t>(due - sent, frames - next);
                const size_t a = g_feed.offsets[next], b = g_feed.offsets[next + n];
                if (!sendAll(c->fd, base + a, b - a)) {
                    c->done = true;
                    break;
                }
                sent += n;
                total += n;
                next += n;
                if (next == frames)
                    next = 0;
            }
        }
    }
    while (g_silent && !c->done)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    c->done = true;
    ::shutdown(c->fd, SHUT_RDWR);
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    std::printf("{\"connectionClosed\":true,\"sent\":%llu,\"seconds\":%.3f,\"msgsPerSec\":%.0f}\n",
                static_cast<unsigned long long>(total), seconds, seconds > 0 ? double(total) / seconds : 0.0);
    std::fflush(stdout);
}

void serve(int fd)
{
    std::string key;
    if (!readHandshake(fd, &key)) {
        ::close(fd);
        return;
    }
    const QByteArray accept = QCryptographicHash::hash(
        QByteArray::fromStdString(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
        QCryptographicHash::Sha1).toBase64();
    const std::string resp = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                             "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept.toStdString() + "\r\n\r\n";
    if (!sendAll(fd, resp.data(), resp.size())) {
        ::close(fd);
        return;
    }
    auto *c = new Conn;
    c->fd = fd;
    std::thread reader(readerLoop, c);
    writerLoop(c);
    reader.join();
    ::close(fd);
    delete c;
}

} // namespace

int main(int argc, char **argv)
{
    int port = 0, frames = 65536;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--port")
            port = std::atoi(argv[i + 1]);
        else if (a == "--rate")
            g_rate = std::atof(argv[i + 1]);
        else if (a == "--frames")
            frames = std::max(1024, std::atoi(argv[i + 1]));
        else {
            std::fprintf(stderr, "bench_blaster: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    g_silent = g_rate < 0;
    std::signal(SIGPIPE, SIG_IGN);
    const std::vector<std::string> ticks = BenchTicks::make(frames);
    size_t run = 0;
    for (size_t i = 0; i < ticks.size(); ++i) {
        g_feed.offsets.push_back(g_feed.bytes.size());
        const std::string f = BenchTicks::serverFrame(ticks[i]);
        g_feed.bytes += f;
        run += f.size();
        if (run >= 64 * 1024) {
            g_feed.chunkEnds.push_back(i + 1);
            run = 0;
        }
    }
    g_feed.offsets.push_back(g_feed.bytes.size());
    if (run > 0)
        g_feed.chunkEnds.push_back(ticks.size());

    const int ls = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(uint16_t(port));
    if (::bind(ls, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || ::listen(ls, 64) != 0) {
        std::fprintf(stderr, "bench_blaster: cannot listen on 127.0.0.1:%d: %s\n", port, std::strerror(errno));
        return 1;
    }
    socklen_t len = sizeof addr;
    ::getsockname(ls, reinterpret_cast<sockaddr *>(&addr), &len);
    const BenchTicks::SizeStats s = BenchTicks::sizes(ticks);
    std::printf("{\"port\":%d,\"frames\":%d,\"rate\":%.0f,\"minBytes\":%d,\"meanBytes\":%.1f,\"maxBytes\":%d}\n",
                ntohs(addr.sin_port), frames, g_rate, s.min, s.mean, s.max);
    std::fflush(stdout);
    for (;;) {
        const int fd = ::accept(ls, nullptr, nullptr);
        if (fd < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        std::thread(serve, fd).detach();
    }
    return 0;
}
