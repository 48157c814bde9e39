#include "ssesource.h"

#include "feedendpointcheck.h"
#include "httpfeedrequest.h"
#include "httpfeedresponse.h"

#include <QNetworkReply>

SseSource::SseSource(FeedEndpoint endpoint, QObject *parent)
    : HttpFeedSource(std::move(endpoint), parent)
    , m_parser(SseParser::kDefaultMaxLineBytes,
               std::clamp<qint64>(m_endpoint.maxMessageBytes, 1024, 16 * 1024 * 1024))
    , m_stableTimer(this)
{
    m_stableTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        ++m_stats.reconnects;
        request();
    });
    // The handshake deadline, then the stall limit.
    connect(&m_deadlineTimer, &QTimer::timeout, this, [this] {
        m_lossReason = m_streaming
            ? QStringLiteral("no data from %1 for %2 ms (not even a keep-alive comment): stream stalled")
                  .arg(FeedEndpointCheck::displayUrl(m_endpoint.url)).arg(stallMs())
            : QStringLiteral("no response from %1 within %2 ms")
                  .arg(FeedEndpointCheck::displayUrl(m_endpoint.url)).arg(m_endpoint.handshakeTimeoutMs);
        if (m_reply)
            m_reply->abort(); // -> onFinished with m_lossReason
    });
    connect(&m_stableTimer, &QTimer::timeout, this, [this] { m_backoff.reset(); });
}

SseSource::~SseSource()
{
    m_wantOpen = false;
    releaseReply();
}

int SseSource::stallMs() const
{
    return m_endpoint.pingIntervalMs > 0 ? m_endpoint.pingIntervalMs * (std::max(1, m_endpoint.missedPongsForDead) + 1) : 0;
}

void SseSource::open()
{
    if (m_wantOpen || !beginOpen(QStringLiteral("Server-Sent Events only receive")))
        return;
    request();
}

void SseSource::released()
{
    m_stableTimer.stop();
    m_streaming = false;
}

void SseSource::request()
{
    releaseReply();
    m_lossReason.clear();
    m_parser.endOfStream();
    m_stats.nextRetryMs = -1;
    QNetworkRequest request = HttpFeedRequest::build(m_endpoint, "text/event-stream");
    if (!m_parser.lastEventId().isEmpty())
        request.setRawHeader("Last-Event-ID", m_parser.lastEventId());
    setState(FeedState::Connecting, FeedEndpointCheck::displayUrl(m_endpoint.url));
    get(request);
}

void SseSource::onMetaData()
{
    if (!m_reply || m_streaming || !m_lossReason.isEmpty())
        return;
    QString reason;
    const HttpFeedResponse::SseHead head = HttpFeedResponse::judgeSse(
        HttpFeedRequest::status(m_reply),
        m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString().toLatin1(),
        m_reply->rawHeader("Content-Type"), FeedEndpointCheck::displayUrl(m_endpoint.url), &reason);
    if (head == HttpFeedResponse::SseHead::Wait)
        return;
    if (head == HttpFeedResponse::SseHead::Refused) {
        m_lossReason = reason;
        HttpFeedRequest::abortLater(m_reply);
        return;
    }
    m_streaming = true;
    m_stats.rttMs = double(m_clock.elapsed() - m_requestStartMs);
    Q_EMIT rttMeasured(m_stats.rttMs);
    m_deadlineTimer.stop();
    if (stallMs() > 0)
        m_deadlineTimer.start(stallMs());
    m_stableTimer.start(std::max(0, m_endpoint.stableAfterMs));
    setState(FeedState::Live, QStringLiteral("event stream from %1%2")
                                  .arg(FeedEndpointCheck::displayUrl(m_endpoint.url),
                                       m_parser.lastEventId().isEmpty()
                                           ? QString()
                                           : QStringLiteral(" (resumed after event id %1)")
                                                 .arg(QString::fromUtf8(m_parser.lastEventId().left(60)))));
}

void SseSource::onReadyRead()
{
    if (!m_reply || !m_lossReason.isEmpty())
        return;
    if (!m_streaming) {
        onMetaData();
        if (!m_streaming)
            return; // an error body: read at finish (and bounded there by Qt's buffer)
    }
    const QByteArray chunk = m_reply->readAll();
    m_stats.bytes += chunk.size();
    if (stallMs() > 0)
        m_deadlineTimer.start(stallMs());
    m_parser.feed(chunk);
    const QStringList problems = m_parser.takeErrors();
    m_stats.dropped = m_parser.dropped();
    for (const QString &problem : problems) {
        m_stats.lastError = problem;
        Q_EMIT errorText(QStringLiteral("event stream: %1").arg(problem));
    }
    const QList<SseEvent> events = m_parser.takeEvents();
    for (const SseEvent &event : events) {
        ++m_stats.messages;
        Q_EMIT textMessage(SseParser::message(event));
        if (!m_reply)
            return; // a listener closed us
    }
}

void SseSource::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (m_streaming && reply->bytesAvailable() > 0)
        onReadyRead();
    const int status = HttpFeedRequest::status(reply);
    QString reason = m_lossReason;
    bool error = true;
    if (reason.isEmpty()) {
        reason = HttpFeedRequest::errorText(reply, m_endpoint);
        if (!reply->property("pulseboardTlsRefusal").toString().isEmpty()) {
            fail(reason);
            return;
        }
    }
    if (reason.isEmpty() && status == 204) {
        fail(QStringLiteral("%1 answered 204 No Content: the server asks clients to stop reconnecting")
                 .arg(FeedEndpointCheck::displayUrl(m_endpoint.url)));
        return;
    }
    if (reason.isEmpty()) {
        if (m_streaming) {
            reason = QStringLiteral("%1 ended the event stream").arg(FeedEndpointCheck::displayUrl(m_endpoint.url));
            error = false;
        } else {
            reason = QStringLiteral("%1 answered HTTP %2 without an event stream")
                         .arg(FeedEndpointCheck::displayUrl(m_endpoint.url)).arg(status);
        }
    }
    lost(reason, error);
}

void SseSource::lost(const QString &reason, bool error)
{
    const bool wasStreaming = m_streaming;
    releaseReply();
    m_parser.endOfStream();
    if (!m_wantOpen)
        return;
    if (!m_endpoint.autoReconnect) {
        fail(reason);
        return;
    }
    // The backoff advances only when it is used.
    const int retry = m_parser.retryMs();
    const int delay = HttpFeedResponse::sseRetryDelayMs(
        error, wasStreaming, retry, m_backoff.policy().floorMs,
        HttpFeedResponse::sseWaitsForServer(error, wasStreaming, retry) ? 0 : m_backoff.nextDelayMs());
    m_stats.lastError = reason;
    m_stats.nextRetryMs = delay;
    Q_EMIT errorText(reason);
    setState(FeedState::Reconnecting, reason);
    Q_EMIT reconnectScheduled(m_backoff.attempt(), delay);
    m_retryTimer.start(delay);
}
