// AlertSink: runs one AlertEngine over the samples and connection states of every
// pipeline, then passes them on to the next sink (e.g. the NDJSON writer). Ingest threads
// call consume() concurrently, so the engine is guarded by a mutex (held for one batch).
// advanceTime() is driven by the owner's 1 Hz timer for staleness and durations.
// Alert events are handed to `onEvent` on the thread that caused them.
#pragma once
#include "alertengine.h"
#include "samplesink.h"

#include <QMutex>
#include <functional>

class AlertSink : public SampleSink
{
public:
    AlertSink(const AlertRuleSet &rules, SampleSink *next, std::function<void(const AlertEvent &)> onEvent);
    ~AlertSink() override;

    void consume(const QString &connection, const SampleBatch &batch) override;
    void connectionState(const QString &connection, FeedState state, const QString &reason) override;
    void advanceTime(qint64 nowMs);

private:
    QMutex m_mutex;
    AlertEngine m_engine;
    SampleSink *m_next;
};
