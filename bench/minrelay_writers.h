// minrelay_writers.h: the writing half of bench_minrelay (see minrelay.cpp): connections,
// the per-thread Writer that fans a frame out to its subscribers, and the publication ring
// and WriterThread of --threads mode. Bench-only, included by minrelay.cpp alone.
#pragma once
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace minrelay {

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
constexpr uint64_t kRing = 512;          // publications in flight to the writer threads

// Counters written by one thread and read by the "stats" answer on the epoll thread.
struct Counter
{
    std::atomic<uint64_t> v{0};
    void add(uint64_t x) { v.store(v.load(std::memory_order_relaxed) + x, std::memory_order_relaxed); }
    uint64_t get() const { return v.load(std::memory_order_relaxed); }
};

// The subscribers one thread writes to, on that thread's epoll (EPOLLOUT only while a
// subscriber has a backlog). Used by the epoll thread itself (inline mode) or by a writer.
struct Writer
{
    int ep = -1;
    std::vector<Conn *> subs;
    std::vector<Conn *> dead;   // freed after the current epoll batch (it may still be listed)
    Counter writes, writeNs, live;   // live: subs.size(), for the stats answer

    void add(Conn *c)
    {
        subs.push_back(c);
        live.v.store(subs.size(), std::memory_order_relaxed);
    }

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
                live.v.store(subs.size(), std::memory_order_relaxed);
                break;
            }
        }
        dead.push_back(c);
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
        writeNs.add(nowNs() - t0);
        writes.add(1);
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

    void writeAll(const std::string &frame)
    {
        const std::vector<Conn *> targets = subs;   // copy: writeTo may drop
        for (Conn *s : targets) {
            if (s->fd >= 0)
                writeTo(s, frame.data(), frame.size());
        }
    }

    void freeDead()
    {
        for (Conn *c : dead)
            delete c;
        dead.clear();
    }
};

struct FanoutStats
{
    std::mutex m;   // taken once per publication, by whoever finished it last
    uint64_t fanouts = 0, fanoutNs = 0, fanoutMaxNs = 0, ingressNs = 0;

    void record(uint64_t readNs, uint64_t stampNs, uint64_t endNs)
    {
        std::lock_guard<std::mutex> lock(m);
        const uint64_t dt = endNs - readNs;
        ++fanouts;
        fanoutNs += dt;
        fanoutMaxNs = dt > fanoutMaxNs ? dt : fanoutMaxNs;
        ingressNs += stampNs && readNs > stampNs ? readNs - stampNs : 0;
    }
};

struct Slot
{
    std::string frame;
    uint64_t readNs = 0, stampNs = 0;
    std::atomic<int> remaining{0};
};

// The publication ring shared by the writer threads (threaded mode only).
struct Ring
{
    Slot slots[kRing];
    std::atomic<uint64_t> published{0};
};

struct WriterThread
{
    Writer w;
    int doorbell = eventfd(0, EFD_NONBLOCK);
    std::mutex m;
    std::vector<Conn *> incoming;   // handed over by the epoll thread, taken at the next wake
    std::atomic<uint64_t> done{0};
    Counter handoffs, handoffNs;   // publication read -> this writer starts writing it
    std::thread th;

    void run(Ring *ring, FanoutStats *stats)
    {
        w.ep = epoll_create1(0);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.ptr = nullptr;
        epoll_ctl(w.ep, EPOLL_CTL_ADD, doorbell, &ev);
        epoll_event evs[256];
        for (uint64_t mine = 0;;) {
            const int n = epoll_wait(w.ep, evs, 256, -1);
            for (int i = 0; i < n; ++i) {
                auto *c = static_cast<Conn *>(evs[i].data.ptr);
                if (c == nullptr) {
                    uint64_t x;
                    (void)!::read(doorbell, &x, sizeof x);
                    std::vector<Conn *> fresh;
                    {
                        std::lock_guard<std::mutex> lock(m);
                        fresh.swap(incoming);
                    }
                    for (Conn *s : fresh) {
                        epoll_event cev{};
                        cev.events = s->out.empty() ? EPOLLIN : (EPOLLIN | EPOLLOUT);
                        cev.data.ptr = s;
                        s->wantOut = !s->out.empty();
                        epoll_ctl(w.ep, EPOLL_CTL_ADD, s->fd, &cev);
                        w.add(s);
                    }
                    for (; mine < ring->published.load(std::memory_order_acquire); ++mine) {
                        Slot &s = ring->slots[mine % kRing];
                        const uint64_t readNs = s.readNs, stampNs = s.stampNs;
                        handoffNs.add(nowNs() - readNs);
                        handoffs.add(1);
                        w.writeAll(s.frame);
                        const bool last = s.remaining.fetch_sub(1, std::memory_order_acq_rel) == 1;
                        done.store(mine + 1, std::memory_order_release);   // the slot may be reused now
                        if (last)
                            stats->record(readNs, stampNs, nowNs());
                    }
                } else if (c->fd >= 0 && (evs[i].events & EPOLLOUT)) {
                    w.flushOut(c);
                } else if (c->fd >= 0) {   // nothing a subscriber sends matters here: EOF drops it
                    char buf[512];
                    const ssize_t r = ::recv(c->fd, buf, sizeof buf, 0);
                    if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR))
                        w.drop(c);
                }
            }
            w.freeDead();
        }
    }
};

} // namespace minrelay
