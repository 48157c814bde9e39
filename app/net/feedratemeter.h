// FeedRateMeter: messages/s and bytes/s over the last ~1 s, from three samples taken
// 500 ms apart, exactly as FeedClient computes them, for the sources that are not
// FeedClient (Socket.IO, SSE, HTTP polling). The owner calls sample() from a 500 ms timer.
// Fixed size (3 samples); no allocation.
#pragma once
#include "feedstats.h"

class FeedRateMeter
{
public:
    static constexpr int kIntervalMs = 500;
    void reset() { m_count = 0; }
    void sample(qint64 nowMs, FeedStats &stats);

private:
    struct Sample
    {
        qint64 atMs = 0;
        qint64 messages = 0;
        qint64 bytes = 0;
    };
    Sample m_samples[3];   // newest first
    int m_count = 0;
};
