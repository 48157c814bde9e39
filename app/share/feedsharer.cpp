#include "feedsharer.h"

#include "hubserver.h"
#include "jsontext.h"

#include <cmath>

FeedSharer::FeedSharer(HubServer *hub, QString topic, QString feedName, SampleSink *next,
                       int intervalMs, QObject *parent)
    : QObject(parent)
    , m_hub(hub)
    , m_topic(std::move(topic))
    , m_feedName(std::move(feedName))
    , m_next(next)
    , m_timer(this)
{
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &FeedSharer::flush);
    m_timer.start();
}

FeedSharer::~FeedSharer() = default;

qint64 FeedSharer::published() const
{
    QMutexLocker lock(&m_lock);
    return m_published;
}

qint64 FeedSharer::dropped() const
{
    QMutexLocker lock(&m_lock);
    return m_dropped;
}

void FeedSharer::consume(const QString &connection, const SampleBatch &batch)
{
    {
        QMutexLocker lock(&m_lock);
        for (const Sample &s : batch) {
            if (!std::isfinite(s.v))
                continue;   // JSON has no NaN/Inf; peers would see a null
            if (m_queue.size() >= size_t(kMaxQueued)) {
                m_queue.pop_front();
                ++m_dropped;
            }
            m_queue.push_back(s);
        }
    }
    if (m_next)
        m_next->consume(connection, batch);
}

void FeedSharer::connectionState(const QString &connection, FeedState state, const QString &reason)
{
    if (m_next)
        m_next->connectionState(connection, state, reason);
}

QByteArray FeedSharer::encode(const QString &feedName, const Sample *samples, qsizetype count)
{
    // Written by hand (JsonText): one pass, no QJsonObject per sample.
    QByteArray out;
    out.reserve(32 + count * 64);
    out += "{\"feed\":";
    JsonText::appendString(out, feedName);
    out += ",\"samples\":[";
    for (qsizetype i = 0; i < count; ++i) {
        const Sample &s = samples[i];
        if (i)
            out += ',';
        out += "{\"series\":";
        JsonText::appendString(out, s.series);
        out += ",\"t\":";
        out += QByteArray::number(s.t);
        out += ",\"v\":";
        JsonText::appendNumber(out, s.v);   // shortest exact form; NaN/Inf never queued
        out += '}';
    }
    out += "]}";
    return out;
}

void FeedSharer::flush()
{
    std::deque<Sample> queued;
    {
        QMutexLocker lock(&m_lock);
        queued.swap(m_queue);
    }
    if (queued.empty() || !m_hub)
        return;
    std::vector<Sample> chunk;
    chunk.reserve(kSamplesPerMessage);
    qint64 sent = 0;
    auto publishChunk = [&] {
        QString error;
        if (m_hub->publish(m_topic, encode(m_feedName, chunk.data(), qsizetype(chunk.size())), &error))
            sent += qint64(chunk.size());
        else
            Q_EMIT publishFailed(error);
        chunk.clear();
    };
    for (Sample &s : queued) {
        chunk.push_back(std::move(s));
        if (chunk.size() == size_t(kSamplesPerMessage))
            publishChunk();
    }
    if (!chunk.empty())
        publishChunk();
    QMutexLocker lock(&m_lock);
    m_published += sent;
}
