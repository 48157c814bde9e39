#include "ssesource.h"

#include "feedendpointcheck.h"
#include "httpfeedrequest.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

SseSource::SseSource(FeedEndpoint endpoint, QObject *parent)
    : FeedSource(parent)
    , m_endpoint(std::move(endpoint))
    , m_nam(new QNetworkAccessManager(this))
    , m_parser(SseParser::kDefaultMaxLineBytes,
               std::clamp<qint64>(m_endpoint.maxMessageBytes, 1024, 16 * 1024 * 1024))
    , m_backoff(m_endpoint.backoff)
    , m_retryTimer(this)
    , m_stallTimer(this)
    , m_stableTimer(this)
    , m_rateTimer(this)
{
    m_clock.start();
    HttpFeedRequest::configure(m_nam, m_endpoint);
    m_retryTimer.setSingleShot(true);
    m_stallTimer.setSingleShot(true);
    m_stableTimer.setSingleShot(true);
    m_rateTimer.setInterval(FeedRateMeter::kIntervalMs);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        ++m_stats.reconnects;
        startAttempt();
    });
    connect(&m_stallTimer, &QTimer::timeout, this, [this] {
        m_lossReason = m_streaming
            ? QStringLiteral("no data from %1 for %2 ms (not even a keep-alive comment): stream stalled")
                  .arg(FeedEndpointCheck::displayUrl(m_endpoint.url)).arg(stallMs())
            : QStringLiteral("no response from %1 within %2 ms")
                  .arg(FeedEndpointCheck::displayUrl(m_endpoint.url)).arg(m_endpoint.handshakeTimeoutMs);
        if (m_reply)
            m_reply->abort(); // -> onFinished with m_lossReason
    });
    connect(&m_stableTimer, &QTimer::timeout, this, [this] { m_backoff.reset(); });
    connect(&m_rateTimer, &QTimer::timeout, this, [this] { m_rate.sample(m_clock.elapsed(), m_stats); });
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
    if (m_wantOpen)
        return;
    const QString why = HttpFeedRequest::problem(m_endpoint);
    if (!why.isEmpty()) {
        fail(why);
        return;
    }
    m_wantOpen = true;
    m_backoff.reset();
    m_rate.reset();
    m_rate.sample(m_clock.elapsed(), m_stats);
    m_rateTimer.start();
    if (!m_endpoint.onConnect.isEmpty())
        Q_EMIT errorText(QStringLiteral("on-connect messages are not sent: Server-Sent Events only receive"));
    startAttempt();
}

void SseSource::close()
{
    const bool wasActive = m_wantOpen || m_reply;
    m_wantOpen = false;
    m_retryTimer.stop();
    m_rateTimer.stop();
    releaseReply();
    m_stats.messagesPerSec = 0;
    m_stats.bytesPerSec = 0;
    m_stats.nextRetryMs = -1;
    if (wasActive || m_state != FeedState::Closed)
        setState(FeedState::Closed, QStringLiteral("closed by client"));
}

FeedStats SseSource::stats() const
{
    FeedStats s = m_stats;
    s.state = m_state;
    return s;
}

void SseSource::reconnectNow()
{
    if (m_state != FeedState::Reconnecting || !m_retryTimer.isActive())
        return;
    m_retryTimer.stop();
    ++m_stats.reconnects;
    startAttempt();
}

void SseSource::setState(FeedState state, const QString &reason)
{
    if (m_state == state && state != FeedState::Reconnecting)
        return;
    m_state = state;
    Q_EMIT stateChanged(state, reason);
}

void SseSource::fail(const QString &reason)
{
    m_wantOpen = false;
    m_retryTimer.stop();
    releaseReply();
    m_stats.lastError = reason;
    m_stats.nextRetryMs = -1;
    Q_EMIT errorText(reason);
    setState(FeedState::Failed, reason);
}

void SseSource::releaseReply()
{
    m_stallTimer.stop();
    m_stableTimer.stop();
    m_streaming = false;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void SseSource::startAttempt()
{
    releaseReply();
    m_lossReason.clear();
    m_parser.endOfStream();
    m_stats.nextRetryMs = -1;
    QNetworkRequest request = HttpFeedRequest::build(m_endpoint, "text/event-stream");
    if (!m_parser.lastEventId().isEmpty())
        request.setRawHeader("Last-Event-ID", m_parser.lastEventId());
    setState(FeedState::Connecting, FeedEndpointCheck::displayUrl(m_endpoint.url));
    m_requestStartMs = m_clock.elapsed();
    m_reply = m_nam->get(request);
    HttpFeedRequest::guardTls(m_reply, m_endpoint);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &SseSource::onMetaData);
    connect(m_reply, &QNetworkReply::readyRead, this, &SseSource::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &SseSource::onFinished);
    if (m_endpoint.handshakeTimeoutMs > 0)
        m_stallTimer.start(m_endpoint.handshakeTimeoutMs);
}

void SseSource::onMetaData()
{
    if (!m_reply || m_streaming || !m_lossReason.isEmpty())
        return;
    const int status = HttpFeedRequest::status(m_reply);
    if (status == 0 || (status >= 300 && status < 400))
        return; // no headers yet, or a redirect being followed
    if (status >= 400) { // do not buffer an error page: its status says it all
        m_lossReason = HttpFeedRequest::errorText(m_reply, m_endpoint);
        HttpFeedRequest::abortLater(m_reply);
        return;
    }
    if (status != 200)
        return; // 204 and others are handled when the reply finishes
    const QByteArray type = HttpFeedRequest::contentType(m_reply);
    if (type != "text/event-stream") {
        m_lossReason = QStringLiteral("%1 answered with Content-Type \"%2\", not text/event-stream: for a JSON URL "
                                      "choose the polling transport (or Auto)")
                           .arg(FeedEndpointCheck::displayUrl(m_endpoint.url),
                                QString::fromLatin1(type.left(80)));
        HttpFeedRequest::abortLater(m_reply);
        return;
    }
    m_streaming = true;
    m_stats.rttMs = double(m_clock.elapsed() - m_requestStartMs);
    Q_EMIT rttMeasured(m_stats.rttMs);
    m_stallTimer.stop();
    if (stallMs() > 0)
        m_stallTimer.start(stallMs());
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
        m_stallTimer.start(stallMs());
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
    if (!reply || sender() != reply)
        return;
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
    const BackoffPolicy &policy = m_backoff.policy();
    const int retry = m_parser.retryMs() >= 0 ? std::clamp(m_parser.retryMs(), policy.floorMs, kMaxRetryMs) : -1;
    int delay;
    if (!error && wasStreaming && retry >= 0)
        delay = retry;                                   // a clean end: the server's wish
    else
        delay = std::max(m_backoff.nextDelayMs(), retry); // errors back off, never below retry
    m_stats.lastError = reason;
    m_stats.nextRetryMs = delay;
    Q_EMIT errorText(reason);
    setState(FeedState::Reconnecting, reason);
    Q_EMIT reconnectScheduled(m_backoff.attempt(), delay);
    m_retryTimer.start(delay);
}
