#include "backoff.h"

#include <algorithm>

Backoff::Backoff(BackoffPolicy policy, quint32 seed)
    : m_policy(policy)
    , m_rng(seed ? seed : QRandomGenerator::global()->generate())
{
}

int Backoff::currentCeilingMs() const
{
    // base * 2^attempt, saturating at cap (no overflow for large attempt counts)
    qint64 ceiling = m_policy.baseMs;
    for (int i = 0; i < m_attempt && ceiling < m_policy.capMs; ++i)
        ceiling *= 2;
    return int(std::min<qint64>(ceiling, m_policy.capMs));
}

int Backoff::nextDelayMs()
{
    const int ceiling = currentCeilingMs();
    ++m_attempt;
    const int jittered = int(m_rng.bounded(quint32(ceiling) + 1)); // full jitter: [0, ceiling]
    return std::max(jittered, std::min(m_policy.floorMs, ceiling));
}
