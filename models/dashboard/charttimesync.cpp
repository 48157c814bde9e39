#include "charttimesync.h"

#include <algorithm>

ChartTimeSync::ChartTimeSync(QObject *parent)
    : QObject(parent)
{
}

void ChartTimeSync::setLive(bool live)
{
    if (live)
        goLive();
    else
        pause();
}

bool ChartTimeSync::clampRange(double &t0, double &t1)
{
    if (!std::isfinite(t0) || !std::isfinite(t1))
        return false;
    if (t1 < t0)
        std::swap(t0, t1);
    const double span = std::clamp(t1 - t0, double(MinSpanMs), double(MaxSpanMs));
    const double mid = t0 / 2 + t1 / 2;
    t0 = std::round(mid - span / 2);
    t1 = t0 + std::round(span);
    // Keep within what a qint64 of ms (and QDateTime) can hold.
    constexpr double limit = 8.0e15;
    return std::abs(t0) < limit && std::abs(t1) < limit;
}

void ChartTimeSync::setRange(double t0, double t1)
{
    if (!clampRange(t0, t1))
        return;
    const bool wasLive = m_live;
    const bool changed = !m_hasRange || qint64(t0) != m_start || qint64(t1) != m_end;
    m_live = false;
    m_hasRange = true;
    m_start = qint64(t0);
    m_end = qint64(t1);
    if (wasLive)
        Q_EMIT liveChanged();
    if (changed)
        Q_EMIT rangeChanged();
}

void ChartTimeSync::pause()
{
    if (!m_live)
        return;
    m_live = false;
    Q_EMIT liveChanged();
}

void ChartTimeSync::goLive()
{
    const bool hadRange = m_hasRange;
    const bool wasLive = m_live;
    m_live = true;
    m_hasRange = false;
    if (!wasLive)
        Q_EMIT liveChanged();
    if (hadRange)
        Q_EMIT rangeChanged();
}

void ChartTimeSync::setCursorMs(double ms)
{
    if (!std::isfinite(ms))
        ms = std::nan("");
    if ((std::isnan(ms) && std::isnan(m_cursor)) || ms == m_cursor)
        return;
    m_cursor = ms;
    Q_EMIT cursorChanged();
}
