// Backoff: capped exponential delay with full jitter (AWS architecture blog, 2015):
//   delay_n = uniform(0, min(cap, base * 2^n)), with a floor so it never busy-loops.
// Defaults: base 500 ms, doubling, cap 30 s, floor 100 ms. Reset after a stable connection.
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
    int currentCeilingMs() const; // min(cap, base*2^attempt) for the next call
    int attempt() const { return m_attempt; }
    void reset() { m_attempt = 0; }
    const BackoffPolicy &policy() const { return m_policy; }

private:
    BackoffPolicy m_policy;
    QRandomGenerator m_rng;
    int m_attempt = 0;
};
