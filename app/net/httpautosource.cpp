#include "httpautosource.h"

#include "feedendpointcheck.h"
#include "httpfeedrequest.h"
#include "httppollsource.h"
#include "ssesource.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

HttpAutoSource::HttpAutoSource(FeedEndpoint endpoint, QObject *parent)
    : FeedSource(parent)
    , m_endpoint(std::move(endpoint))
    , m_nam(new QNetworkAccessManager(this))
    , m_backoff(m_endpoint.backoff)
    , m_retryTimer(this)
    , m_timeoutTimer(this)
{
    HttpFeedRequest::configure(m_nam, m_endpoint);
    m_retryTimer.setSingleShot(true);
    m_timeoutTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        ++m_stats.reconnects;
        probe();
    });
    connect(&m_timeoutTimer, &QTimer::timeout, this, [this] {
        m_probeError = QStringLiteral("no response from %1 within %2 ms")
                           .arg(FeedEndpointCheck::displayUrl(m_endpoint.url)).arg(m_endpoint.handshakeTimeoutMs);
        if (m_probe)
            m_probe->abort();
    });
}

HttpAutoSource::~HttpAutoSource()
{
    if (m_probe) {
        m_probe->disconnect(this);
        m_probe->abort();
    }
}

FeedState HttpAutoSource::state() const
{
    return m_inner ? m_inner->state() : m_state;
}

FeedStats HttpAutoSource::stats() const
{
    if (!m_inner) {
        FeedStats s = m_stats;
        s.state = m_state;
        return s;
    }
    FeedStats s = m_inner->stats();
    s.reconnects += m_stats.reconnects;
    return s;
}

bool HttpAutoSource::sendText(const QString &message)
{
    return m_inner && m_inner->sendText(message);
}

void HttpAutoSource::setState(FeedState state, const QString &reason)
{
    if (m_state == state && state != FeedState::Reconnecting)
        return;
    m_state = state;
    Q_EMIT stateChanged(state, reason);
}

void HttpAutoSource::open()
{
    if (m_inner) {
        m_inner->open();
        return;
    }
    if (m_wantOpen)
        return;
    const QString why = HttpFeedRequest::problem(m_endpoint);
    if (!why.isEmpty()) {
        m_stats.lastError = why;
        Q_EMIT errorText(why);
        setState(FeedState::Failed, why);
        return;
    }
    m_wantOpen = true;
    m_backoff.reset();
    probe();
}

void HttpAutoSource::close()
{
    if (m_inner) {
        m_inner->close();
        return;
    }
    const bool wasActive = m_wantOpen;
    m_wantOpen = false;
    m_retryTimer.stop();
    m_timeoutTimer.stop();
    if (m_probe) {
        m_probe->disconnect(this);
        m_probe->abort();
        m_probe->deleteLater();
    }
    m_stats.nextRetryMs = -1;
    if (wasActive || m_state != FeedState::Closed)
        setState(FeedState::Closed, QStringLiteral("closed by client"));
}

void HttpAutoSource::reconnectNow()
{
    if (m_inner) {
        m_inner->reconnectNow();
        return;
    }
    if (m_state != FeedState::Reconnecting || !m_retryTimer.isActive())
        return;
    m_retryTimer.stop();
    ++m_stats.reconnects;
    probe();
}

void HttpAutoSource::probe()
{
    m_probeError.clear();
    m_stats.nextRetryMs = -1;
    setState(FeedState::Connecting, FeedEndpointCheck::displayUrl(m_endpoint.url));
    m_probe = m_nam->get(HttpFeedRequest::build(m_endpoint, "text/event-stream, application/json;q=0.9, */*;q=0.5"));
    HttpFeedRequest::guardTls(m_probe, m_endpoint);
    connect(m_probe, &QNetworkReply::metaDataChanged, this, &HttpAutoSource::onProbeHeaders);
    connect(m_probe, &QNetworkReply::finished, this, &HttpAutoSource::onProbeFinished);
    if (m_endpoint.handshakeTimeoutMs > 0)
        m_timeoutTimer.start(m_endpoint.handshakeTimeoutMs);
}

void HttpAutoSource::onProbeHeaders()
{
    if (!m_probe || !m_probeError.isEmpty())
        return;
    const int status = HttpFeedRequest::status(m_probe);
    if (status < 200 || (status >= 300 && status < 400))
        return; // no headers yet, or a redirect being followed
    if (status >= 300) {
        m_probeError = HttpFeedRequest::errorText(m_probe, m_endpoint);
        HttpFeedRequest::abortLater(m_probe);
        return;
    }
    choose(HttpFeedRequest::contentType(m_probe) == "text/event-stream" ? FeedTransport::Sse : FeedTransport::HttpPoll);
}

void HttpAutoSource::onProbeFinished()
{
    QNetworkReply *reply = m_probe;
    if (!reply || sender() != reply)
        return;
    m_timeoutTimer.stop();
    if (m_probeError.isEmpty() && HttpFeedRequest::status(reply) >= 200 && HttpFeedRequest::status(reply) < 300) {
        onProbeHeaders(); // headers and end in one go (a short JSON answer)
        if (m_inner)
            return;
    }
    QString reason = m_probeError.isEmpty() ? HttpFeedRequest::errorText(reply, m_endpoint) : m_probeError;
    if (reason.isEmpty())
        reason = QStringLiteral("%1 answered HTTP %2").arg(FeedEndpointCheck::displayUrl(m_endpoint.url))
                     .arg(HttpFeedRequest::status(reply));
    const bool tls = !reply->property("pulseboardTlsRefusal").toString().isEmpty();
    reply->disconnect(this);
    reply->deleteLater();
    m_probe = nullptr;
    if (tls || !m_endpoint.autoReconnect) {
        m_wantOpen = false;
        m_stats.lastError = reason;
        Q_EMIT errorText(reason);
        setState(FeedState::Failed, reason);
        return;
    }
    probeFailed(reason);
}

void HttpAutoSource::probeFailed(const QString &reason)
{
    if (!m_wantOpen)
        return;
    const int delay = m_backoff.nextDelayMs();
    m_stats.lastError = reason;
    m_stats.nextRetryMs = delay;
    Q_EMIT errorText(reason);
    setState(FeedState::Reconnecting, reason);
    Q_EMIT reconnectScheduled(m_backoff.attempt(), delay);
    m_retryTimer.start(delay);
}

void HttpAutoSource::choose(FeedTransport transport)
{
    m_timeoutTimer.stop();
    if (m_probe) {
        m_probe->disconnect(this);
        QNetworkReply *probe = m_probe;
        m_probe = nullptr;
        QMetaObject::invokeMethod(probe, [probe] { // not inside its own signal (see abortLater)
            probe->abort();
            probe->deleteLater();
        }, Qt::QueuedConnection);
    }
    m_chosen = transport;
    FeedEndpoint e = m_endpoint;
    e.transport = transport;
    if (transport == FeedTransport::Sse)
        m_inner = new SseSource(e, this);
    else
        m_inner = new HttpPollSource(e, this);
    connect(m_inner, &FeedSource::stateChanged, this, &FeedSource::stateChanged);
    connect(m_inner, &FeedSource::textMessage, this, &FeedSource::textMessage);
    connect(m_inner, &FeedSource::binaryMessage, this, &FeedSource::binaryMessage);
    connect(m_inner, &FeedSource::errorText, this, &FeedSource::errorText);
    connect(m_inner, &FeedSource::reconnectScheduled, this, &FeedSource::reconnectScheduled);
    connect(m_inner, &FeedSource::rttMeasured, this, &FeedSource::rttMeasured);
    m_inner->open();
}
