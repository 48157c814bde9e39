// TokenBucket: per-connection rate limit over incoming messages. Holds up to `burst`
// tokens, refilled at `ratePerSec`; each message takes one. The caller supplies the clock
// (milliseconds, monotonic) so tests can drive it deterministically.
// Also counts "strikes" (messages refused) inside a sliding window, so the hub can tell
// an occasional burst (error reply) from sustained abuse (close 1008).
#pragma once
#include <QtGlobal>
#include <deque>

class TokenBucket
{
public:
    TokenBucket(double ratePerSec = 50.0, int burst = 100, int strikeWindowMs = 10'000);

    bool take(qint64 nowMs);              // true = allowed; false = refused and a strike counted
    int strikesInWindow(qint64 nowMs);    // refused messages during the last window
    double tokens() const { return m_tokens; }

private:
    void refill(qint64 nowMs);

    double m_rate;
    double m_burst;
    double m_tokens;
    qint64 m_lastMs = -1;
    int m_windowMs;
    std::deque<qint64> m_strikes;         // bounded: trimmed to the window, capped at 4096
};
