#include "httppollsource.h"

#include "feedendpointcheck.h"
#include "httpfeedrequest.h"

#include <QNetworkReply>

HttpPollSource::HttpPollSource(FeedEndpoint endpoint, QObject *parent)
    : HttpFeedSource(std::move(endpoint), parent)
    , m_response(m_endpoint.maxMessageBytes, FeedEndpointCheck::displayUrl(m_endpoint.url))
{
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        if (m_retrying)
            ++m_stats.reconnects;
        request();
    });
    connect(&m_deadlineTimer, &QTimer::timeout, this, [this] {
        m_abortReason = QStringLiteral("no complete response from %1 within %2 ms")
                            .arg(FeedEndpointCheck::displayUrl(m_endpoint.url)).arg(m_endpoint.handshakeTimeoutMs);
        if (m_reply)
            m_reply->abort();
    });
}

HttpPollSource::~HttpPollSource()
{
    m_wantOpen = false;
    releaseReply();
}

int HttpPollSource::intervalMs() const
{
    return std::max(m_endpoint.pollIntervalMs, kMinIntervalMs);
}

void HttpPollSource::open()
{
    if (m_wantOpen || !beginOpen(QStringLiteral("a polled URL only receives")))
        return;
    m_retrying = false;
    setState(FeedState::Connecting, FeedEndpointCheck::displayUrl(m_endpoint.url));
    request();
}

void HttpPollSource::released()
{
    m_response.dropBody();
}

PollResponse::Head HttpPollSource::head() const
{
    PollResponse::Head h;
    h.status = HttpFeedRequest::status(m_reply);
    h.reasonPhrase = m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString().toLatin1();
    h.contentType = m_reply->rawHeader("Content-Type");
    const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
    h.contentLength = length.isValid() ? length.toLongLong() : -1;
    h.etag = m_reply->rawHeader("ETag");
    h.lastModified = m_reply->rawHeader("Last-Modified");
    h.retryAfter = m_reply->rawHeader("Retry-After");
    return h;
}

void HttpPollSource::request()
{
    releaseReply();
    m_abortReason.clear();
    m_response.start();
    m_stats.nextRetryMs = -1;
    QNetworkRequest request = HttpFeedRequest::build(m_endpoint, "application/json, */*;q=0.5");
    if (!m_response.etag().isEmpty())
        request.setRawHeader("If-None-Match", m_response.etag());
    if (!m_response.lastModified().isEmpty())
        request.setRawHeader("If-Modified-Since", m_response.lastModified());
    ++m_polls;
    get(request);
}

void HttpPollSource::onMetaData()
{
    if (!m_reply || !m_abortReason.isEmpty())
        return;
    const PollResponse::Head h = head();
    if (h.status == 0 || (h.status >= 300 && h.status < 400 && h.status != 304))
        return;
    m_stats.rttMs = double(m_clock.elapsed() - m_requestStartMs);
    m_abortReason = m_response.onHead(h, QDateTime::currentDateTimeUtc());
    if (m_abortReason.isEmpty())
        return;
    if (h.status < 400)
        ++m_stats.dropped;   // over the size limit
    HttpFeedRequest::abortLater(m_reply);
}

void HttpPollSource::onReadyRead()
{
    if (!m_reply || !m_abortReason.isEmpty())
        return;
    m_abortReason = m_response.roomFor(m_reply->bytesAvailable());
    if (!m_abortReason.isEmpty()) {
        ++m_stats.dropped;
        HttpFeedRequest::abortLater(m_reply);
        return;
    }
    m_response.append(m_reply->readAll());
}

void HttpPollSource::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (m_abortReason.isEmpty())
        onReadyRead();
    m_deadlineTimer.stop();
    QString reason = m_abortReason;
    if (reason.isEmpty())
        reason = HttpFeedRequest::errorText(reply, m_endpoint);
    if (!reason.isEmpty()) {
        if (!reply->property("pulseboardTlsRefusal").toString().isEmpty())
            fail(reason);
        else
            failed(reason);
        return;
    }
    Q_EMIT rttMeasured(m_stats.rttMs);
    const PollResponse::Result result = m_response.finish(head());
    if (result.notModified)
        ++m_notModified;
    if (!result.typeProblem.isEmpty()) {
        m_stats.lastError = result.typeProblem;
        Q_EMIT errorText(result.typeProblem);
    }
    if (!result.refused.isEmpty()) {
        ++m_stats.dropped;
        failed(result.refused);
        return;
    }
    if (!result.message.isEmpty()) {
        ++m_stats.messages;
        m_stats.bytes += result.message.size();
    }
    releaseReply();
    m_retrying = false;
    m_backoff.reset();
    setState(FeedState::Live, QStringLiteral("polling %1 every %2 ms")
                                  .arg(FeedEndpointCheck::displayUrl(m_endpoint.url)).arg(intervalMs()));
    if (!result.message.isEmpty())
        Q_EMIT textMessage(result.message);
    if (m_wantOpen && !m_reply)
        m_retryTimer.start(intervalMs());
}

void HttpPollSource::failed(const QString &reason)
{
    releaseReply();
    if (!m_wantOpen)
        return;
    if (!m_endpoint.autoReconnect) {
        fail(reason);
        return;
    }
    // The server's Retry-After (429, 503) counts as much as our own backoff.
    const int delay = std::max({m_backoff.nextDelayMs(), intervalMs(), m_response.retryAfterMs()});
    m_retrying = true;
    m_stats.lastError = reason;
    m_stats.nextRetryMs = delay;
    Q_EMIT errorText(reason);
    setState(FeedState::Reconnecting, reason);
    Q_EMIT reconnectScheduled(m_backoff.attempt(), delay);
    m_retryTimer.start(delay);
}
