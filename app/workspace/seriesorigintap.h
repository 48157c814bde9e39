// SeriesOriginTap: which connection a new series came from, for the charts the Workspace
// makes for command-line connections (the SeriesStore keeps names, not origins). It is
// the SampleSink of those connections: on each ingest thread it notes names it has not
// seen for that connection, then hands the batch on to the next sink (the alerts'). The
// Workspace takes the new names on the GUI thread a few times per second (never per
// message). Bound: at most MaxPerConnection names noted per connection; after that a
// batch costs one flag check.
#pragma once
#include "samplesink.h"

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QStringList>

class SeriesOriginTap : public SampleSink
{
public:
    static constexpr int MaxPerConnection = 64;

    explicit SeriesOriginTap(SampleSink *next = nullptr) : m_next(next) {}

    void consume(const QString &connection, const SampleBatch &batch) override;
    void connectionState(const QString &connection, FeedState state, const QString &reason) override;

    // Names first seen since the last call, in arrival order (GUI thread).
    QStringList takeNew(const QString &connection);
    void forget(const QString &connection);
    int noted(const QString &connection) const;

private:
    struct Origin
    {
        QSet<QString> seen;
        QStringList fresh;
        bool full = false;
    };
    SampleSink *m_next;
    mutable QMutex m_mutex;
    QHash<QString, Origin> m_origins;
};
