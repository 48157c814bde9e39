#include "feedratemeter.h"

#include <algorithm>

void FeedRateMeter::sample(qint64 nowMs, FeedStats &stats)
{
    m_samples[2] = m_samples[1];
    m_samples[1] = m_samples[0];
    m_samples[0] = Sample{nowMs, stats.messages, stats.bytes};
    m_count = std::min(m_count + 1, 3);
    if (m_count < 2)
        return;
    const Sample &oldest = m_samples[m_count - 1];
    const double seconds = double(nowMs - oldest.atMs) / 1000.0;
    if (seconds <= 0)
        return;
    stats.messagesPerSec = double(stats.messages - oldest.messages) / seconds;
    stats.bytesPerSec = double(stats.bytes - oldest.bytes) / seconds;
}
