#include "feedpipeline.h"

#include "messagelog.h"
#include "samplesink.h"
#include "seriesstore.h"

#include <QDateTime>

FeedPipeline::FeedPipeline(QString connectionName, FeedProfile profile, SeriesStore *store,
                           MessageLog *log, SampleSink *sink, QObject *parent)
    : QObject(parent)
    , m_name(std::move(connectionName))
    , m_mapper(profile)
    , m_store(store)
    , m_log(log)
    , m_sink(sink)
    , m_statsTimer(this)
{
    m_client = FeedSource::create(profile.endpoint, this);
    connect(m_client, &FeedSource::textMessage, this, &FeedPipeline::onTextMessage);
    connect(m_client, &FeedSource::binaryMessage, this, &FeedPipeline::ingestBinary);
    connect(m_client, &FeedSource::stateChanged, this, [this](FeedState state, const QString &reason) {
        if (m_log) {
            const QString text = reason.isEmpty() ? feedStateName(state)
                                                  : feedStateName(state) + QStringLiteral(": ") + reason;
            m_log->append(QDateTime::currentMSecsSinceEpoch(), MessageLog::Event, MessageLog::Text, text);
        }
        if (m_sink)
            m_sink->connectionState(m_name, state, reason);
        Q_EMIT stateChanged(state, reason);
        publishStats();
    });
    connect(m_client, &FeedSource::errorText, this, [this](const QString &message) {
        if (m_log)
            m_log->append(QDateTime::currentMSecsSinceEpoch(), MessageLog::Event, MessageLog::Error, message);
    });
    m_statsTimer.setInterval(250);
    connect(&m_statsTimer, &QTimer::timeout, this, &FeedPipeline::publishStats);
    m_batch.reserve(64);
}

FeedPipeline::~FeedPipeline() = default;

void FeedPipeline::start()
{
    m_statsTimer.start();
    m_client->open();
}

void FeedPipeline::stop()
{
    flushBatch();
    m_client->close();
    publishStats();
    m_statsTimer.stop();
}

void FeedPipeline::sendText(const QString &message)
{
    const bool sent = m_client->sendText(message);
    if (m_log) {
        m_log->append(QDateTime::currentMSecsSinceEpoch(), MessageLog::Outgoing,
                      sent ? MessageLog::Text : MessageLog::Error,
                      sent ? message : QStringLiteral("not sent (not connected): ") + message);
    }
}

void FeedPipeline::setStatsInterval(int ms)
{
    m_statsTimer.setInterval(ms);
}

void FeedPipeline::ingestUtf8(const QByteArray &message)
{
    mapFrame(message, QDateTime::currentMSecsSinceEpoch());
    flushBatch();
}

void FeedPipeline::ingestText(const QString &message)
{
    ingestUtf8(message.toUtf8());
}

void FeedPipeline::onTextMessage(const QByteArray &utf8)
{
    if (!m_flushQueued) {
        // First frame of this socket read: read the clock once for all of them, and store
        // their samples after the socket has delivered everything it read.
        m_turnClock = QDateTime::currentMSecsSinceEpoch();
        m_flushQueued = true;
        QMetaObject::invokeMethod(this, &FeedPipeline::flushBatch, Qt::QueuedConnection);
    }
    // A replay delivers each frame with the time it was recorded at.
    const qint64 recorded = m_client->recordedArrivalMs();
    m_frameArrivalMs = recorded >= 0 ? recorded : m_turnClock;
    mapFrame(utf8, m_frameArrivalMs);
    if (m_batch.size() >= kMaxPendingSamples)
        storeBatch();
}

void FeedPipeline::mapFrame(const QByteArray &utf8, qint64 now)
{
    const qsizetype before = m_batch.size();
    const SampleMapper::Result result = m_mapper.map(QByteArrayView(utf8), now, &m_batch);
    switch (result) {
    case SampleMapper::Result::Mapped:
        m_samples += m_batch.size() - before;
        break;
    case SampleMapper::Result::NoSamples:
        ++m_unmapped;
        break;
    case SampleMapper::Result::NotJson:
        ++m_unparsed;
        break;
    }
    if (m_log) {
        m_log->append(now, MessageLog::Incoming,
                      result == SampleMapper::Result::NotJson ? MessageLog::Text : MessageLog::Json, utf8);
    }
}

void FeedPipeline::flushBatch()
{
    m_flushQueued = false;
    storeBatch();
}

void FeedPipeline::storeBatch()
{
    if (m_batch.isEmpty())
        return;
    if (m_store)
        m_store->appendBatch(m_batch);
    if (m_sink)
        m_sink->consume(m_name, m_batch);
    m_batch.clear();
}

void FeedPipeline::ingestBinary(const QByteArray &message)
{
    ++m_unparsed;
    if (m_log) {
        // Shown as a hex preview: binary payloads are never interpreted as text or markup.
        const QByteArray head = message.left(64).toHex(' ');
        m_log->append(QDateTime::currentMSecsSinceEpoch(), MessageLog::Incoming, MessageLog::Binary,
                      QStringLiteral("binary frame, %1 bytes: %2%3")
                          .arg(message.size())
                          .arg(QString::fromLatin1(head), message.size() > 64 ? QStringLiteral(" …") : QString()));
    }
}

FeedStats FeedPipeline::stats() const
{
    FeedStats s = m_client->stats();
    s.samples = m_samples;
    s.unparsed = m_unparsed;
    s.unmapped = m_unmapped;
    s.dropped += m_dropped;
    return s;
}

void FeedPipeline::publishStats()
{
    Q_EMIT statsChanged(stats());
}
