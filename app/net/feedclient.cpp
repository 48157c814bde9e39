#include "feedclient.h"

#include "feedendpointcheck.h"
#include "tlspin.h"

#include <QCoreApplication>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSslError>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>
#include <QtEndian>

namespace {
constexpr int kRateSampleMs = 500;
constexpr qint64 kDefaultLimit = 16 * 1024 * 1024;

// QWebSocket closes with 1009 and one of these (translatable) reasons when *it* refuses
// an incoming frame or message; a 1009 with any other reason came from the server.
bool isLocalTooBig(const QString &reason, bool *frame)
{
    static const char *const frameText = "Maximum framesize exceeded.";
    static const char *const messageText = "Received message is too big.";
    *frame = reason == QLatin1String(frameText)
          || reason == QCoreApplication::translate("QWebSocketFrame", frameText);
    const bool message = reason == QLatin1String(messageText)
          || reason == QCoreApplication::translate("QWebSocketDataProcessor", messageText);
    return *frame || message;
}
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
    m_rateTimer.setInterval(kRateSampleMs);
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
    m_rateCount = 0;
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
    m_rateCount = 0;
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
    const qint64 written = m_socket->sendTextMessage(message);
    return written > 0 || message.isEmpty();
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
    m_socketError.clear();
    m_tlsRefusal.clear();
    m_lossQueued = false;
    m_stats.nextRetryMs = -1;

    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket = socket;
    const qint64 maxMessage = m_endpoint.maxMessageBytes > 0 ? m_endpoint.maxMessageBytes : kDefaultLimit;
    const qint64 maxFrame = m_endpoint.maxFrameBytes > 0 ? m_endpoint.maxFrameBytes : kDefaultLimit;
    socket->setMaxAllowedIncomingMessageSize(quint64(maxMessage));
    socket->setMaxAllowedIncomingFrameSize(quint64(maxFrame));

    connect(socket, &QWebSocket::connected, this, &FeedClient::onConnected);
    connect(socket, &QWebSocket::disconnected, this, &FeedClient::onDisconnected);
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    connect(socket, &QWebSocket::errorOccurred, this, &FeedClient::onSocketError);
#else
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            &FeedClient::onSocketError);
#endif
    connect(socket, &QWebSocket::sslErrors, this, &FeedClient::onSslErrors);
    connect(socket, &QWebSocket::textMessageReceived, this, &FeedClient::onText);
    connect(socket, &QWebSocket::binaryMessageReceived, this, &FeedClient::onBinary);
    connect(socket, &QWebSocket::pong, this, &FeedClient::onPong);

    QNetworkRequest request(m_endpoint.url);
    for (const auto &[name, value] : m_endpoint.headers)
        request.setRawHeader(name, value);
    QWebSocketHandshakeOptions options;
    options.setSubprotocols(m_endpoint.subprotocols);

    setState(FeedState::Connecting, FeedEndpointCheck::displayUrl(m_endpoint.url));
    if (m_endpoint.handshakeTimeoutMs > 0)
        m_handshakeTimer.start(m_endpoint.handshakeTimeoutMs);
    socket->open(request, options);
}

void FeedClient::releaseSocket(bool graceful)
{
    m_handshakeTimer.stop();
    m_pingTimer.stop();
    m_stableTimer.stop();
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    if (!socket)
        return;
    socket->disconnect(this);
    if (graceful && socket->state() == QAbstractSocket::ConnectedState)
        socket->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("client closing"));
    else
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
    if (!m_pin.isEmpty() && m_socket) {
        // A CA-valid certificate never reaches onSslErrors: the pin still has to hold.
        const QSslCertificate peer = m_socket->sslConfiguration().peerCertificate();
        if (!peer.isNull() && !TlsPin::matches(peer, m_pin)) {
            m_tlsRefusal = TlsPin::mismatchText(m_endpoint.url.host(), peer, m_pin);
            // Not one frame from an untrusted peer: stop listening now, abort on the next
            // event-loop turn (aborting inside QWebSocket's own signal is not safe).
            m_socket->disconnect(this);
            QPointer<QWebSocket> socket = m_socket;
            QMetaObject::invokeMethod(this, [this, socket] {
                if (socket && socket == m_socket)
                    connectionLost(m_tlsRefusal, false);
            }, Qt::QueuedConnection);
            return;
        }
    }
    m_missedPongs = 0;
    m_pingOutstanding = false;
    m_lastPongMs = m_clock.elapsed();
    if (m_endpoint.pingIntervalMs > 0)
        m_pingTimer.start(m_endpoint.pingIntervalMs);
    m_stableTimer.start(std::max(0, m_endpoint.stableAfterMs));
    const QString protocol = m_socket ? m_socket->subprotocol() : QString();
    setState(FeedState::Live, protocol.isEmpty()
                 ? QStringLiteral("connected to %1").arg(hostPort())
                 : QStringLiteral("connected to %1 (subprotocol %2)").arg(hostPort(), protocol));
    for (const QString &message : std::as_const(m_endpoint.onConnect)) {
        if (m_socket)
            m_socket->sendTextMessage(message);
    }
}

void FeedClient::onText(const QString &message)
{
    ++m_stats.messages;
    m_stats.bytes += message.size();
    Q_EMIT textMessage(message.toUtf8());
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
    const qint64 now = m_clock.elapsed();
    m_rate[2] = m_rate[1];
    m_rate[1] = m_rate[0];
    m_rate[0] = RateSample{now, m_stats.messages, m_stats.bytes};
    m_rateCount = std::min(m_rateCount + 1, 3);
    if (m_rateCount < 2)
        return;
    const RateSample &oldest = m_rate[m_rateCount - 1];
    const double seconds = double(now - oldest.atMs) / 1000.0;
    if (seconds <= 0)
        return;
    m_stats.messagesPerSec = double(m_stats.messages - oldest.messages) / seconds;
    m_stats.bytesPerSec = double(m_stats.bytes - oldest.bytes) / seconds;
}

// ---- losing the link ---------------------------------------------------------------

void FeedClient::onSocketError(QAbstractSocket::SocketError error)
{
    auto *socket = qobject_cast<QWebSocket *>(sender());
    if (!socket || socket != m_socket)
        return;
    if (m_socketError.isEmpty() && m_tlsRefusal.isEmpty()) {
        const QString detail = socket->errorString();
        switch (error) {
        case QAbstractSocket::ConnectionRefusedError:
            m_socketError = m_state == FeedState::Live
                ? QStringLiteral("%1: %2").arg(hostPort(), detail)
                : QStringLiteral("cannot connect to %1: %2 (is the server running?)").arg(hostPort(), detail);
            break;
        case QAbstractSocket::HostNotFoundError:
            m_socketError = QStringLiteral("host %1 not found: check the URL").arg(m_endpoint.url.host());
            break;
        case QAbstractSocket::RemoteHostClosedError:
            m_socketError = QStringLiteral("%1 closed the connection without a WebSocket close").arg(hostPort());
            break;
        case QAbstractSocket::SslHandshakeFailedError:
            m_socketError = QStringLiteral("TLS handshake with %1 failed: %2").arg(hostPort(), detail);
            break;
        default:
            m_socketError = QStringLiteral("%1: %2").arg(hostPort(), detail);
            break;
        }
    }
    // Some failures (e.g. inside QWebSocket::open) never emit disconnected().
    if (socket->state() == QAbstractSocket::UnconnectedState)
        onDisconnected();
}

void FeedClient::onDisconnected()
{
    // Deferred by one event-loop turn: the error() that explains the disconnect can be
    // emitted just after it, and the explanation is what the user needs.
    if (m_lossQueued || !m_socket)
        return;
    m_lossQueued = true;
    QPointer<QWebSocket> socket = m_socket;
    QMetaObject::invokeMethod(this, [this, socket] { finishLoss(socket); }, Qt::QueuedConnection);
}

void FeedClient::finishLoss(QWebSocket *socket)
{
    if (!socket || socket != m_socket)
        return; // already handled (timeout, close(), a newer attempt)
    if (!m_tlsRefusal.isEmpty()) {
        connectionLost(m_tlsRefusal, false);
        return;
    }
    const QWebSocketProtocol::CloseCode code = socket->closeCode();
    bool frame = false;
    if (code == QWebSocketProtocol::CloseCodeTooMuchData && isLocalTooBig(socket->closeReason(), &frame)) {
        ++m_stats.dropped;
        const qint64 limit = frame ? socket->maxAllowedIncomingFrameSize()
                                   : socket->maxAllowedIncomingMessageSize();
        connectionLost(QStringLiteral("message larger than %1 limit, closed by client (1009); "
                                      "raise the size limit if such messages are expected")
                           .arg(FeedEndpointCheck::sizeText(limit)),
                       true);
        return;
    }
    if (!m_socketError.isEmpty()) {
        connectionLost(m_socketError, true);
        return;
    }
    const QString reason = socket->closeReason();
    connectionLost(reason.isEmpty()
                       ? QStringLiteral("server %1 closed the connection (code %2)").arg(hostPort()).arg(int(code))
                       : QStringLiteral("server %1 closed the connection (code %2: %3)")
                             .arg(hostPort()).arg(int(code)).arg(reason.left(200)),
                   true);
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
    auto *socket = qobject_cast<QWebSocket *>(sender());
    if (!socket || socket != m_socket)
        return;
    const QString host = m_endpoint.url.host();
    const QSslCertificate cert = TlsPin::peerCertificate(socket->sslConfiguration().peerCertificate(), errors);
    if (!m_pin.isEmpty()) {
        if (TlsPin::matches(cert, m_pin)) {
            socket->ignoreSslErrors(errors); // exactly this certificate is trusted
            return;
        }
        m_tlsRefusal = TlsPin::mismatchText(host, cert, m_pin);
    } else {
        m_tlsRefusal = TlsPin::refusedText(errors, host, cert);
    }
    // Not ignoring makes Qt abort the handshake; finishLoss() then reports m_tlsRefusal.
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

void FeedClient::onPong(quint64, const QByteArray &payload)
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
