#include "tokenbucket.h"

#include <algorithm>

TokenBucket::TokenBucket(double ratePerSec, int burst, int strikeWindowMs)
    : m_rate(std::max(0.001, ratePerSec)), m_burst(std::max(1, burst)), m_tokens(m_burst),
      m_windowMs(std::max(1, strikeWindowMs))
{
}

void TokenBucket::refill(qint64 nowMs)
{
    if (m_lastMs >= 0 && nowMs > m_lastMs)
        m_tokens = std::min(m_burst, m_tokens + (nowMs - m_lastMs) * m_rate / 1000.0);
    if (nowMs > m_lastMs)
        m_lastMs = nowMs;
}

bool TokenBucket::take(qint64 nowMs)
{
    refill(nowMs);
    if (m_tokens >= 1.0) {
        m_tokens -= 1.0;
        return true;
    }
    m_strikes.push_back(nowMs);
    if (m_strikes.size() > 4096)
        m_strikes.pop_front();
    return false;
}

int TokenBucket::strikesInWindow(qint64 nowMs)
{
    while (!m_strikes.empty() && m_strikes.front() <= nowMs - m_windowMs)
        m_strikes.pop_front();
    return int(m_strikes.size());
}
