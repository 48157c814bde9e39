// SampleSink: an optional consumer of every mapped batch, called on the ingest
// thread right after the batch is stored. The headless --print writer and the alert
// engine implement it. Implementations must be thread-safe if shared by pipelines.
#pragma once
#include "sample.h"
#include "feedstats.h"

class SampleSink
{
public:
    virtual ~SampleSink() = default;
    virtual void consume(const QString &connection, const SampleBatch &batch) = 0;
    virtual void connectionState(const QString &connection, FeedState state, const QString &reason)
    {
        Q_UNUSED(connection) Q_UNUSED(state) Q_UNUSED(reason)
    }
};
