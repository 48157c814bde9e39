#include "sharetap.h"

#include "feedsharer.h"

void ShareTap::consume(const QString &connection, const SampleBatch &batch)
{
    {
        // Held while the sharer queues the batch: unshare() waits for it, so the GUI
        // thread never deletes a sharer an ingest thread is using.
        QMutexLocker lock(&m_mutex);
        if (FeedSharer *sharer = m_sharers.value(connection))
            sharer->consume(connection, batch);
    }
    if (m_next)
        m_next->consume(connection, batch);
}

void ShareTap::connectionState(const QString &connection, FeedState state, const QString &reason)
{
    if (m_next)
        m_next->connectionState(connection, state, reason);
}

FeedSharer *ShareTap::share(const QString &connection, FeedSharer *sharer)
{
    QMutexLocker lock(&m_mutex);
    FeedSharer *previous = m_sharers.value(connection);
    m_sharers.insert(connection, sharer);
    return previous == sharer ? nullptr : previous;
}

FeedSharer *ShareTap::unshare(const QString &connection)
{
    QMutexLocker lock(&m_mutex);
    return m_sharers.take(connection);
}

FeedSharer *ShareTap::sharerOf(const QString &connection) const
{
    QMutexLocker lock(&m_mutex);
    return m_sharers.value(connection);
}
