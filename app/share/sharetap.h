// ShareTap: the SampleSink in front of every window connection's other sinks (series
// origins, alerts), so a connection can be shared with the hosted session from its card
// at any time (Workspace::shareConnection) without restarting the feed. On the ingest
// thread it hands each batch to the connection's FeedSharer, if it has one, then to the
// next sink. The sharers are the Workspace's (GUI thread, the hub's thread); the tap only
// holds them while shared, under its mutex, so a sharer is never used after unshare().
// Bound: one sharer per connection (ConnectionListModel::MaxConnections).
#pragma once
#include "samplesink.h"

#include <QHash>
#include <QMutex>
#include <QString>

class FeedSharer;

class ShareTap : public SampleSink
{
public:
    explicit ShareTap(SampleSink *next = nullptr) : m_next(next) {}

    void consume(const QString &connection, const SampleBatch &batch) override;
    void connectionState(const QString &connection, FeedState state, const QString &reason) override;

    // GUI thread. share() replaces (and returns) the connection's previous sharer, if any;
    // unshare() returns the one it removed. The caller deletes what it gets back.
    FeedSharer *share(const QString &connection, FeedSharer *sharer);
    FeedSharer *unshare(const QString &connection);
    FeedSharer *sharerOf(const QString &connection) const;

private:
    SampleSink *m_next;
    mutable QMutex m_mutex;
    QHash<QString, FeedSharer *> m_sharers;
};
