#include "backoff.h"

#include <algorithm>
#include <limits>

namespace {
// Nonsense policies (negative values, cap below floor) are clamped rather than trusted:
// a zero ceiling would mean reconnecting in a tight loop.
BackoffPolicy sanitized(BackoffPolicy p)
{
    p.floorMs = std::max(p.floorMs, 1);
    p.baseMs = std::max(p.baseMs, 1);
    p.capMs = std::max(p.capMs, p.floorMs);
    return p;
}

quint32 seedOrRandom(quint32 seed)
{
    return seed ? seed : QRandomGenerator::global()->generate();
}
} // namespace

Backoff::Backoff(BackoffPolicy policy, quint32 seed)
    : m_policy(sanitized(policy))
    , m_rng(seedOrRandom(seed))
{
}

void Backoff::reseed(quint32 seed)
{
    m_rng.seed(seedOrRandom(seed));
}

int Backoff::currentCeilingMs() const
{
    // base * 2^attempt, saturating at cap: stops doubling as soon as the cap is reached,
    // so a large attempt count neither overflows nor loops long.
    qint64 ceiling = m_policy.baseMs;
    for (int i = 0; i < m_attempt && ceiling < m_policy.capMs; ++i)
        ceiling *= 2;
    return int(std::clamp<qint64>(ceiling, m_policy.floorMs, m_policy.capMs));
}

int Backoff::nextDelayMs()
{
    const int ceiling = currentCeilingMs();
    if (m_attempt < std::numeric_limits<int>::max())
        ++m_attempt;
    const int jittered = int(m_rng.bounded(quint32(ceiling) + 1)); // full jitter: [0, ceiling]
    return std::max(jittered, m_policy.floorMs);
}
