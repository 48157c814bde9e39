// HubClock: the hub's monotonic millisecond clock (rate limits, timeouts, lockouts).
#pragma once
#include <QElapsedTimer>

namespace HubClock {
inline qint64 nowMs()
{
    static const QElapsedTimer clock = [] { QElapsedTimer t; t.start(); return t; }();
    return clock.elapsed();
}
}
