#include "httppollsource.h"

#include "feedendpointcheck.h"
#include "httpfeedrequest.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace {
bool isJsonType(const QByteArray &type)
{
    return type.isEmpty() || type == "application/json" || type == "text/json" || type.endsWith("+json")
        || type == "application/x-ndjson" || type == "application/javascript";
}
} // namespace

HttpPollSource::HttpPollSource(FeedEndpoint endpoint, QObject *parent)
    : FeedSource(parent)
    , m_endpoint(std::move(endpoint))
    , m_nam(new QNetworkAccessManager(this))
    , m_backoff(m_endpoint.backoff)
    , m_pollTimer(this)
    , m_timeoutTimer(this)
    , m_rateTimer(this)
{
    m_clock.start();
    HttpFeedRequest::configure(m_nam, m_endpoint);
    m_pollTimer.setSingleShot(true);
    m_timeoutTimer.setSingleShot(true);
    m_rateTimer.setInterval(FeedRateMeter::kIntervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, [this] {
        if (m_retrying)
            ++m_stats.reconnects;
        poll();
    });
    connect(&m_timeoutTimer, &QTimer::timeout, this, [this] {
        m_abortReason = QStringLiteral("no complete response from %1 within %2 ms")
                            .arg(FeedEndpointCheck::displayUrl(m_endpoint.url)).arg(m_endpoint.handshakeTimeoutMs);
        if (m_reply)
            m_reply->abort();
    });
    connect(&m_rateTimer, &QTimer::timeout, this, [this] { m_rate.sample(m_clock.elapsed(), m_stats); });
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

qint64 HttpPollSource::limit() const
{
    return m_endpoint.maxMessageBytes > 0 ? m_endpoint.maxMessageBytes : 16 * 1024 * 1024;
}

void HttpPollSource::open()
{
    if (m_wantOpen)
        return;
    const QString why = HttpFeedRequest::problem(m_endpoint);
    if (!why.isEmpty()) {
        fail(why);
        return;
    }
    m_wantOpen = true;
    m_retrying = false;
    m_backoff.reset();
    m_rate.reset();
    m_rate.sample(m_clock.elapsed(), m_stats);
    m_rateTimer.start();
    if (!m_endpoint.onConnect.isEmpty())
        Q_EMIT errorText(QStringLiteral("on-connect messages are not sent: a polled URL only receives"));
    setState(FeedState::Connecting, FeedEndpointCheck::displayUrl(m_endpoint.url));
    poll();
}

void HttpPollSource::close()
{
    const bool wasActive = m_wantOpen;
    m_wantOpen = false;
    m_pollTimer.stop();
    m_rateTimer.stop();
    releaseReply();
    m_stats.messagesPerSec = 0;
    m_stats.bytesPerSec = 0;
    m_stats.nextRetryMs = -1;
    if (wasActive || m_state != FeedState::Closed)
        setState(FeedState::Closed, QStringLiteral("closed by client"));
}

FeedStats HttpPollSource::stats() const
{
    FeedStats s = m_stats;
    s.state = m_state;
    return s;
}

void HttpPollSource::reconnectNow()
{
    if (m_state != FeedState::Reconnecting || !m_pollTimer.isActive())
        return;
    m_pollTimer.stop();
    ++m_stats.reconnects;
    poll();
}

void HttpPollSource::setState(FeedState state, const QString &reason)
{
    if (m_state == state && state != FeedState::Reconnecting)
        return;
    m_state = state;
    Q_EMIT stateChanged(state, reason);
}

void HttpPollSource::fail(const QString &reason)
{
    m_wantOpen = false;
    m_pollTimer.stop();
    releaseReply();
    m_stats.lastError = reason;
    m_stats.nextRetryMs = -1;
    Q_EMIT errorText(reason);
    setState(FeedState::Failed, reason);
}

void HttpPollSource::releaseReply()
{
    m_timeoutTimer.stop();
    m_body.clear();
    m_body.squeeze();
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void HttpPollSource::poll()
{
    releaseReply();
    m_abortReason.clear();
    m_stats.nextRetryMs = -1;
    QNetworkRequest request = HttpFeedRequest::build(m_endpoint, "application/json, */*;q=0.5");
    if (!m_etag.isEmpty())
        request.setRawHeader("If-None-Match", m_etag);
    if (!m_lastModified.isEmpty())
        request.setRawHeader("If-Modified-Since", m_lastModified);
    ++m_polls;
    m_requestStartMs = m_clock.elapsed();
    m_reply = m_nam->get(request);
    HttpFeedRequest::guardTls(m_reply, m_endpoint);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &HttpPollSource::onMetaData);
    connect(m_reply, &QNetworkReply::readyRead, this, &HttpPollSource::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &HttpPollSource::onFinished);
    if (m_endpoint.handshakeTimeoutMs > 0)
        m_timeoutTimer.start(m_endpoint.handshakeTimeoutMs);
}

void HttpPollSource::onMetaData()
{
    if (!m_reply || !m_abortReason.isEmpty())
        return;
    const int status = HttpFeedRequest::status(m_reply);
    if (status == 0 || (status >= 300 && status < 400 && status != 304))
        return;
    m_stats.rttMs = double(m_clock.elapsed() - m_requestStartMs);
    if (status >= 400) { // do not read an error page: the status says it
        m_abortReason = HttpFeedRequest::errorText(m_reply, m_endpoint);
        HttpFeedRequest::abortLater(m_reply);
        return;
    }
    const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
    if (length.isValid() && length.toLongLong() > limit()) {
        m_abortReason = QStringLiteral("response from %1 is %2, over the %3 limit: raise the size limit if such "
                                       "responses are expected")
                            .arg(FeedEndpointCheck::displayUrl(m_endpoint.url),
                                 FeedEndpointCheck::sizeText(length.toLongLong()),
                                 FeedEndpointCheck::sizeText(limit()));
        ++m_stats.dropped;
        HttpFeedRequest::abortLater(m_reply);
    }
}

void HttpPollSource::onReadyRead()
{
    if (!m_reply || !m_abortReason.isEmpty())
        return;
    if (m_body.size() + m_reply->bytesAvailable() > limit()) {
        m_abortReason = QStringLiteral("response from %1 grew over the %2 limit: raise the size limit if such "
                                       "responses are expected")
                            .arg(FeedEndpointCheck::displayUrl(m_endpoint.url), FeedEndpointCheck::sizeText(limit()));
        ++m_stats.dropped;
        HttpFeedRequest::abortLater(m_reply);
        return;
    }
    m_body += m_reply->readAll();
}

void HttpPollSource::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply || sender() != reply)
        return;
    if (m_abortReason.isEmpty())
        onReadyRead();
    m_timeoutTimer.stop();
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
    const int status = HttpFeedRequest::status(reply);
    Q_EMIT rttMeasured(m_stats.rttMs);
    const QString okReason = QStringLiteral("polling %1 every %2 ms")
                                 .arg(FeedEndpointCheck::displayUrl(m_endpoint.url)).arg(intervalMs());
    if (status == 304) {
        ++m_notModified;
    } else {
        const QByteArray etag = reply->rawHeader("ETag");
        const QByteArray modified = reply->rawHeader("Last-Modified");
        if (!etag.isEmpty())
            m_etag = etag.left(1024);
        if (!modified.isEmpty())
            m_lastModified = modified.left(200);
        const QByteArray type = HttpFeedRequest::contentType(reply);
        if (!isJsonType(type) && type != m_reportedType) {
            m_reportedType = type;
            m_stats.lastError = QStringLiteral("%1 answers with Content-Type \"%2\", not JSON: its messages may not "
                                               "parse (check the URL)")
                                    .arg(FeedEndpointCheck::displayUrl(m_endpoint.url), QString::fromLatin1(type.left(80)));
            Q_EMIT errorText(m_stats.lastError);
        }
        QByteArray body = std::exchange(m_body, {});
        if (!QByteArrayView(body).isValidUtf8())
            body = QString::fromUtf8(body).toUtf8();
        if (!body.trimmed().isEmpty()) {
            ++m_stats.messages;
            m_stats.bytes += body.size();
        }
        releaseReply();
        m_retrying = false;
        m_backoff.reset();
        setState(FeedState::Live, okReason);
        if (!body.trimmed().isEmpty())
            Q_EMIT textMessage(body);
        if (m_wantOpen && !m_reply)
            m_pollTimer.start(intervalMs());
        return;
    }
    releaseReply();
    m_retrying = false;
    m_backoff.reset();
    setState(FeedState::Live, okReason);
    if (m_wantOpen)
        m_pollTimer.start(intervalMs());
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
    const int delay = std::max(m_backoff.nextDelayMs(), intervalMs());
    m_retrying = true;
    m_stats.lastError = reason;
    m_stats.nextRetryMs = delay;
    Q_EMIT errorText(reason);
    setState(FeedState::Reconnecting, reason);
    Q_EMIT reconnectScheduled(m_backoff.attempt(), delay);
    m_pollTimer.start(delay);
}
