#include "ratewindow.h"

#include <algorithm>

void RateWindow::configure(qint64 windowMs, int buckets)
{
    m_windowMs = std::max<qint64>(windowMs, 1);
    buckets = std::max(buckets, 1);
    m_bucketMs = std::max<qint64>(m_windowMs / buckets, 1);
    m_cap = buckets + 2;
    m_points.clear();
}

qint64 RateWindow::bucketOf(qint64 t) const
{
    // Floor division, so negative times (before 1970) bucket consistently too.
    const qint64 q = t / m_bucketMs;
    return (t % m_bucketMs < 0) ? q - 1 : q;
}

double RateWindow::add(qint64 t, double v)
{
    // Keep exactly one point at or before the window start: it is the value then.
    const qint64 start = t - m_windowMs;
    while (m_points.size() >= 2 && m_points.at(1).t <= start)
        m_points.removeFirst();
    const double change = m_points.isEmpty() ? 0.0 : v - m_points.constFirst().v;

    if (!m_points.isEmpty() && bucketOf(m_points.constLast().t) == bucketOf(t)) {
        m_points.last() = {t, v};
    } else {
        if (m_points.size() >= m_cap)
            m_points.removeFirst();
        m_points.append({t, v});
    }
    return change;
}
