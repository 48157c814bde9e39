// WsClientPool: the epoll WebSocket client machinery behind bench_wsclients (see
// wsclients.cpp): non-blocking connects, a minimal RFC 6455 client handshake, masked client
// frames with a zero key, pings answered, text frames counted per connection and, for the
// fan-out latency phase, the send time carried in each message read back. One thread.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

uint64_t nowNs();   // CLOCK_MONOTONIC

struct Url { std::string host = "127.0.0.1"; int port = 0; std::string path = "/"; };
bool parseUrl(const std::string &s, Url *u);   // ws://HOST:PORT/path only

std::string clientFrame(int opcode, const std::string &payload);

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

class WsClientPool
{
public:
    explicit WsClientPool(const Options &o);

    Conn *open(const Url &url, bool publisher);

    // One epoll round; timeoutMs -1 = wait.
    void poll(int timeoutMs);
    void startTimer(uint64_t periodNs);
    void send(Conn *c, const std::string &frame);

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
    bool timerFired = false;           // set by poll() when the startTimer() period elapsed

private:
    void fail(Conn *c, const char *what);
    void closeConn(Conn *c);
    void setWantOut(Conn *c, bool want);
    void flush(Conn *c);
    void markReady(Conn *c);
    void readFrom(Conn *c);
    void parseFrames(Conn *c);
    static uint64_t field(std::string_view s, std::string_view key);
    void latency(const char *p, size_t n, uint64_t now);

    const Options &m_o;
    int m_ep = -1;
    int m_timerFd = -1;
    std::vector<Conn *> m_conns;
    int m_pending = 0, m_ready = 0, m_failed = 0, m_closed = 0;
    std::string m_firstError;
};
