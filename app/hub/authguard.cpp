#include "authguard.h"

#include <algorithm>

AuthGuard::AuthGuard(int maxFailures, int windowMs, int maxAddresses)
    : m_maxFailures(std::max(1, maxFailures)), m_windowMs(std::max(1, windowMs)),
      m_maxAddresses(std::max(1, maxAddresses))
{
}

void AuthGuard::configure(int maxFailures, int windowMs)
{
    m_maxFailures = std::max(1, maxFailures);
    m_windowMs = std::max(1, windowMs);
}

void AuthGuard::prune(QList<qint64> &times, qint64 nowMs) const
{
    while (!times.isEmpty() && times.first() <= nowMs - m_windowMs)
        times.removeFirst();
}

void AuthGuard::recordFailure(const QString &address, qint64 nowMs)
{
    auto it = m_failures.find(address);
    if (it == m_failures.end()) {
        if (m_failures.size() >= m_maxAddresses) {
            auto oldest = m_failures.begin();
            for (auto i = m_failures.begin(); i != m_failures.end(); ++i) {
                if (i->last() < oldest->last())
                    oldest = i;
            }
            m_failures.erase(oldest);
        }
        it = m_failures.insert(address, {});
    }
    prune(*it, nowMs);
    it->append(nowMs);
    while (it->size() > m_maxFailures)
        it->removeFirst();
}

qint64 AuthGuard::lockedForMs(const QString &address, qint64 nowMs)
{
    auto it = m_failures.find(address);
    if (it == m_failures.end())
        return 0;
    prune(*it, nowMs);
    if (it->isEmpty()) {
        m_failures.erase(it);
        return 0;
    }
    if (it->size() < m_maxFailures)
        return 0;
    return std::max<qint64>(1, it->first() + m_windowMs - nowMs);
}
