#include "feedclient.h"

#include "feedendpointcheck.h"
#include "tlspin.h"

#include "wsclient.h"

#include <QSslError>
#include <QtEndian>

namespace {
constexpr qint64 kDefaultLimit = 16 * 1024 * 1024;
} // namespace

FeedClient::FeedClient(FeedEndpoint endpoint, QObject *parent)
    : FeedSource(parent)
    , m_endpoint(std::move(endpoint))
    , m_backoff(m_endpoint.backoff)
    , m_retryTimer(this)
    , m_pingTimer(this)
    , m_handshakeTimer(this)
    , m_stableTimer(this)
    , m_rateTimer(this)
{
    m_clock.start();
    m_retryTimer.setSingleShot(true);
    m_handshakeTimer.setSingleShot(true);
    m_stableTimer.setSingleShot(true);
    m_rateTimer.setInterval(FeedRateMeter::kIntervalMs);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        ++m_stats.reconnects;
        startAttempt();
    });
    connect(&m_pingTimer, &QTimer::timeout, this, &FeedClient::onPingTick);
    connect(&m_handshakeTimer, &QTimer::timeout, this, &FeedClient::onHandshakeTimeout);
    connect(&m_stableTimer, &QTimer::timeout, this, [this] { m_backoff.reset(); });
    connect(&m_rateTimer, &QTimer::timeout, this, &FeedClient::onRateTick);
}

FeedClient::~FeedClient()
{
    m_wantOpen = false;
    releaseSocket(true);
}

void FeedClient::setBackoffSeed(quint32 seed)
{
    m_backoff.reseed(seed);
}

QString FeedClient::hostPort() const
{
    return FeedEndpointCheck::hostPort(m_endpoint.url);
}

void FeedClient::reconnectNow()
{
    if (m_state != FeedState::Reconnecting || !m_retryTimer.isActive())
        return;
    m_retryTimer.stop();
    ++m_stats.reconnects;
    startAttempt();
}

void FeedClient::open()
{
    if (m_wantOpen)
        return; // already connecting, live or waiting to retry
    const QString problem = FeedEndpointCheck::problem(m_endpoint);
    if (!problem.isEmpty()) {
        fail(problem);
        return;
    }
    m_pin = TlsPin::parse(m_endpoint.pinnedSha256);
    m_wantOpen = true;
    m_backoff.reset();
    m_rateMeter.reset();
    onRateTick();
    m_rateTimer.start();
    startAttempt();
}

void FeedClient::close()
{
    const bool wasActive = m_wantOpen || m_socket;
    m_wantOpen = false;
    m_retryTimer.stop();
    releaseSocket(true);
    m_rateTimer.stop();
    m_rateMeter.reset();
    m_stats.messagesPerSec = 0;
    m_stats.bytesPerSec = 0;
    m_stats.nextRetryMs = -1;
    if (wasActive || m_state != FeedState::Closed)
        setState(FeedState::Closed, QStringLiteral("closed by client"));
}

bool FeedClient::sendText(const QString &message)
{
    if (m_state != FeedState::Live || !m_socket)
        return false;
    return m_socket->sendText(message.toUtf8());
}

FeedStats FeedClient::stats() const
{
    FeedStats s = m_stats;
    s.state = m_state;
    return s;
}

void FeedClient::setState(FeedState state, const QString &reason)
{
    if (m_state == state && state != FeedState::Reconnecting)
        return;
    m_state = state;
    Q_EMIT stateChanged(state, reason);
}

void FeedClient::fail(const QString &reason)
{
    m_wantOpen = false;
    m_stats.lastError = reason;
    m_stats.nextRetryMs = -1;
    Q_EMIT errorText(reason);
    setState(FeedState::Failed, reason);
}

void FeedClient::startAttempt()
{
    releaseSocket(false);
    m_tlsRefusal.clear();
    m_stats.nextRetryMs = -1;

    auto *socket = new WsClient(this);
    m_socket = socket;
    WsClient::Options o;
    o.offer.url = m_endpoint.url;
    o.offer.headers = m_endpoint.headers;
    o.offer.subprotocols = m_endpoint.subprotocols;
    o.offer.offerDeflate = m_endpoint.offerDeflate;
    o.maxMessageBytes = m_endpoint.maxMessageBytes > 0 ? m_endpoint.maxMessageBytes : kDefaultLimit;
    o.maxFrameBytes = m_endpoint.maxFrameBytes > 0 ? m_endpoint.maxFrameBytes : kDefaultLimit;
    o.useSystemProxy = m_endpoint.useSystemProxy;
    o.proxy = m_endpoint.proxy;
    o.peerCheck = [this](const QSslCertificate &peer) {
        // A CA-valid certificate never reaches onSslErrors: the pin still has to hold, and
        // is checked before the request (with its Authorization header) goes out.
        if (!m_pin.isEmpty() && !TlsPin::matches(peer, m_pin))
            m_tlsRefusal = TlsPin::mismatchText(m_endpoint.url.host(), peer, m_pin);
        return m_tlsRefusal;
    };

    connect(socket, &WsClient::connected, this, &FeedClient::onConnected);
    connect(socket, &WsClient::disconnected, this, &FeedClient::onDisconnected);
    connect(socket, &WsClient::sslErrors, this, &FeedClient::onSslErrors);
    connect(socket, &WsClient::textMessage, this, &FeedClient::onText);
    connect(socket, &WsClient::binaryMessage, this, &FeedClient::onBinary);
    connect(socket, &WsClient::pong, this, &FeedClient::onPong);

    setState(FeedState::Connecting, FeedEndpointCheck::displayUrl(m_endpoint.url));
    if (m_endpoint.handshakeTimeoutMs > 0)
        m_handshakeTimer.start(m_endpoint.handshakeTimeoutMs);
    socket->open(o);
}

void FeedClient::releaseSocket(bool graceful)
{
    m_handshakeTimer.stop();
    m_pingTimer.stop();
    m_stableTimer.stop();
    WsClient *socket = m_socket;
    m_socket = nullptr;
    if (!socket)
        return;
    socket->disconnect(this);
    if (graceful && socket->isOpen()) {
        // The close handshake finishes on its own (at most WsClient::kCloseTimeoutMs); the
        // client stays our child meanwhile, so deleting us still frees it.
        connect(socket, &WsClient::disconnected, socket, &QObject::deleteLater);
        socket->close(1000, QStringLiteral("client closing"));
        return;
    }
    socket->abort();
    socket->deleteLater();
}

void FeedClient::connectionLost(const QString &reason, bool retry)
{
    releaseSocket(false);
    if (!m_wantOpen)
        return;
    if (!retry || !m_endpoint.autoReconnect) {
        fail(reason);
        return;
    }
    m_stats.lastError = reason;
    Q_EMIT errorText(reason);
    const int delay = m_backoff.nextDelayMs();
    m_stats.nextRetryMs = delay;
    setState(FeedState::Reconnecting, reason);
    Q_EMIT reconnectScheduled(m_backoff.attempt(), delay);
    m_retryTimer.start(delay);
}

void FeedClient::onConnected()
{
    m_handshakeTimer.stop();
    m_missedPongs = 0;
    m_pingOutstanding = false;
    m_lastPongMs = m_clock.elapsed();
    if (m_endpoint.pingIntervalMs > 0)
        m_pingTimer.start(m_endpoint.pingIntervalMs);
    m_stableTimer.start(std::max(0, m_endpoint.stableAfterMs));
    const QString protocol = m_socket ? m_socket->subprotocol() : QString();
    QString text = protocol.isEmpty()
        ? QStringLiteral("connected to %1").arg(hostPort())
        : QStringLiteral("connected to %1 (subprotocol %2)").arg(hostPort(), protocol);
    if (m_socket && m_socket->deflateOn())
        text += QStringLiteral(", compressed");
    setState(FeedState::Live, text);
    for (const QString &message : std::as_const(m_endpoint.onConnect)) {
        if (m_socket)
            m_socket->sendText(message.toUtf8());
    }
}

void FeedClient::onText(const QByteArray &utf8)
{
    ++m_stats.messages;
    m_stats.bytes += utf8.size();
    Q_EMIT textMessage(utf8);   // validated UTF-8 from WsFrameReader: no QString round trip
}

void FeedClient::onBinary(const QByteArray &message)
{
    ++m_stats.messages;
    ++m_stats.binaryFrames;
    m_stats.bytes += message.size();
    Q_EMIT binaryMessage(message);
}

void FeedClient::onRateTick()
{
    m_rateMeter.sample(m_clock.elapsed(), m_stats);
}

// ---- losing the link ---------------------------------------------------------------

void FeedClient::onDisconnected()
{
    WsClient *socket = m_socket;
    if (!socket)
        return;
    if (!m_tlsRefusal.isEmpty()) {   // a trust problem needs a person, not a retry loop
        connectionLost(m_tlsRefusal, false);
        return;
    }
    switch (socket->ending()) {
    case WsClient::Ending::FailedByUs:
        if (socket->closeCode() == 1009) {
            ++m_stats.dropped;
            const bool frame = socket->closeReason().startsWith(QLatin1String("frame"));
            connectionLost(QStringLiteral("message larger than %1 limit, closed by client (1009); "
                                          "raise the size limit if such messages are expected")
                               .arg(FeedEndpointCheck::sizeText(frame ? socket->maxFrameBytes()
                                                                      : socket->maxMessageBytes())),
                           true);
            return;
        }
        connectionLost(socket->errorString(), true);
        return;
    case WsClient::Ending::ClosedByPeer: {
        const QString reason = socket->closeReason();
        const int code = socket->closeCode();
        connectionLost(reason.isEmpty()
                           ? QStringLiteral("server %1 closed the connection (code %2)").arg(hostPort()).arg(code)
                           : QStringLiteral("server %1 closed the connection (code %2: %3)")
                                 .arg(hostPort()).arg(code).arg(reason.left(200)),
                       true);
        return;
    }
    default:
        connectionLost(socket->errorString(), true);
        return;
    }
}

void FeedClient::onHandshakeTimeout()
{
    connectionLost(QStringLiteral("no WebSocket handshake from %1 within %2 ms")
                       .arg(hostPort()).arg(m_endpoint.handshakeTimeoutMs),
                   true);
}

// ---- TLS ---------------------------------------------------------------------------

void FeedClient::onSslErrors(const QList<QSslError> &errors)
{
    if (!m_socket || sender() != m_socket)
        return;
    const QString host = m_endpoint.url.host();
    const QSslCertificate cert = TlsPin::peerCertificate(m_socket->peerCertificate(), errors);
    if (!m_pin.isEmpty()) {
        if (TlsPin::matches(cert, m_pin)) {
            m_socket->ignoreSslErrors(errors); // exactly this certificate is trusted
            return;
        }
        m_tlsRefusal = TlsPin::mismatchText(host, cert, m_pin);
    } else {
        m_tlsRefusal = TlsPin::refusedText(errors, host, cert);
    }
    // Not ignoring makes Qt abort the handshake; onDisconnected() then reports m_tlsRefusal.
}

// ---- heartbeat ---------------------------------------------------------------------

void FeedClient::onPingTick()
{
    if (!m_socket)
        return;
    if (m_pingOutstanding && ++m_missedPongs >= std::max(1, m_endpoint.missedPongsForDead)) {
        connectionLost(QStringLiteral("no pong for %1 ms").arg(m_clock.elapsed() - m_lastPongMs), true);
        return;
    }
    // The payload is the send time, so any pong (even a late one) yields its own RTT.
    const qint64 sentNs = m_clock.nsecsElapsed();
    QByteArray payload(sizeof(qint64), Qt::Uninitialized);
    qToBigEndian(sentNs, payload.data());
    m_pingOutstanding = true;
    m_socket->ping(payload);
}

void FeedClient::onPong(const QByteArray &payload)
{
    m_pingOutstanding = false;
    m_missedPongs = 0;
    m_lastPongMs = m_clock.elapsed();
    if (payload.size() != sizeof(qint64))
        return; // unsolicited pong: proves liveness, carries no timing
    const qint64 sentNs = qFromBigEndian<qint64>(payload.constData());
    const qint64 rttNs = m_clock.nsecsElapsed() - sentNs;
    if (rttNs < 0 || sentNs <= 0)
        return;
    m_stats.rttMs = double(rttNs) / 1e6;
    Q_EMIT rttMeasured(m_stats.rttMs);
}
