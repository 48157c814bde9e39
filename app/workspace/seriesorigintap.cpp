#include "seriesorigintap.h"

#include <QMutexLocker>

void SeriesOriginTap::consume(const QString &connection, const SampleBatch &batch)
{
    {
        QMutexLocker lock(&m_mutex);
        Origin &o = m_origins[connection];
        for (const Sample &s : batch) {
            if (o.full)
                break;
            if (o.seen.contains(s.series))
                continue;
            o.seen.insert(s.series);
            o.fresh.append(s.series);
            o.full = o.seen.size() >= MaxPerConnection;
        }
    }
    if (m_next)
        m_next->consume(connection, batch);
}

void SeriesOriginTap::connectionState(const QString &connection, FeedState state, const QString &reason)
{
    if (m_next)
        m_next->connectionState(connection, state, reason);
}

QStringList SeriesOriginTap::takeNew(const QString &connection)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_origins.find(connection);
    return it == m_origins.end() ? QStringList() : std::exchange(it->fresh, {});
}

void SeriesOriginTap::forget(const QString &connection)
{
    QMutexLocker lock(&m_mutex);
    m_origins.remove(connection);
}

int SeriesOriginTap::noted(const QString &connection) const
{
    QMutexLocker lock(&m_mutex);
    return int(m_origins.value(connection).seen.size());
}
