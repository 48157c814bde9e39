#include "httpfeedsource.h"

#include "httpfeedrequest.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

HttpFeedSource::HttpFeedSource(FeedEndpoint endpoint, QObject *parent)
    : FeedSource(parent)
    , m_endpoint(std::move(endpoint))
    , m_nam(new QNetworkAccessManager(this))
    , m_backoff(m_endpoint.backoff)
    , m_retryTimer(this)
    , m_deadlineTimer(this)
    , m_rateTimer(this)
{
    m_clock.start();
    HttpFeedRequest::configure(m_nam, m_endpoint);
    m_retryTimer.setSingleShot(true);
    m_deadlineTimer.setSingleShot(true);
    m_rateTimer.setInterval(FeedRateMeter::kIntervalMs);
    connect(&m_rateTimer, &QTimer::timeout, this, [this] { m_rate.sample(m_clock.elapsed(), m_stats); });
}

HttpFeedSource::~HttpFeedSource()
{
    m_wantOpen = false;
    releaseReply();
}

bool HttpFeedSource::beginOpen(const QString &why)
{
    const QString problem = HttpFeedRequest::problem(m_endpoint);
    if (!problem.isEmpty()) {
        fail(problem);
        return false;
    }
    m_wantOpen = true;
    m_backoff.reset();
    m_rate.reset();
    m_rate.sample(m_clock.elapsed(), m_stats);
    m_rateTimer.start();
    if (!m_endpoint.onConnect.isEmpty())
        Q_EMIT errorText(QStringLiteral("on-connect messages are not sent: %1").arg(why));
    return true;
}

void HttpFeedSource::close()
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

FeedStats HttpFeedSource::stats() const
{
    FeedStats s = m_stats;
    s.state = m_state;
    return s;
}

void HttpFeedSource::reconnectNow()
{
    if (m_state != FeedState::Reconnecting || !m_retryTimer.isActive())
        return;
    m_retryTimer.stop();
    ++m_stats.reconnects;
    request();
}

void HttpFeedSource::setState(FeedState state, const QString &reason)
{
    if (m_state == state && state != FeedState::Reconnecting)
        return;
    m_state = state;
    Q_EMIT stateChanged(state, reason);
}

void HttpFeedSource::fail(const QString &reason)
{
    m_wantOpen = false;
    m_retryTimer.stop();
    releaseReply();
    m_stats.lastError = reason;
    m_stats.nextRetryMs = -1;
    Q_EMIT errorText(reason);
    setState(FeedState::Failed, reason);
}

void HttpFeedSource::releaseReply()
{
    m_deadlineTimer.stop();
    released();
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void HttpFeedSource::get(const QNetworkRequest &request)
{
    m_requestStartMs = m_clock.elapsed();
    m_reply = m_nam->get(request);
    HttpFeedRequest::guardTls(m_reply, m_endpoint);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] { onMetaData(); });
    connect(m_reply, &QNetworkReply::readyRead, this, [this] { onReadyRead(); });
    // onFinished checks that the reply is still the current one (sender() is unusable from a lambda).
    QNetworkReply *reply = m_reply;
    connect(m_reply, &QNetworkReply::finished, this, [this, reply] {
        if (reply == m_reply)
            onFinished();
    });
    if (m_endpoint.handshakeTimeoutMs > 0)
        m_deadlineTimer.start(m_endpoint.handshakeTimeoutMs);
}
