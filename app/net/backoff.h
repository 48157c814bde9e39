// Backoff: capped exponential delay with full jitter (AWS architecture blog, 2015):
//   ceiling_n = max(floor, min(cap, base * 2^n)),  delay_n = max(floor, uniform[0, ceiling_n]).
// The floor (at least 1 ms) means a reconnect loop can never spin; the attempt counter
// only goes back to 0 through reset(), which FeedClient calls after a connection stayed
// up long enough, so a server that accepts and drops at once keeps backing off.
// Defaults: base 500 ms, doubling, cap 30 s, floor 100 ms. Used by FeedClient only.
#pragma once
#include <QRandomGenerator>
#include <QtGlobal>

struct BackoffPolicy
{
    int baseMs = 500;
    int capMs = 30'000;
    int floorMs = 100;
};

class Backoff
{
public:
    explicit Backoff(BackoffPolicy policy = {}, quint32 seed = 0); // seed 0 = random
    int nextDelayMs();          // jittered delay for the next attempt, then advances
    int currentCeilingMs() const; // max(floor, min(cap, base*2^attempt)) for the next call
    int attempt() const { return m_attempt; }
    void reset() { m_attempt = 0; }
    void reseed(quint32 seed);  // 0 = random
    const BackoffPolicy &policy() const { return m_policy; } // sanitized copy

private:
    BackoffPolicy m_policy;
    QRandomGenerator m_rng;
    int m_attempt = 0;
};
