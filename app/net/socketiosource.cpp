#include "socketiosource.h"

#include "feedclient.h"
#include "feedendpointcheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace {
constexpr int kMaxReportsPerConnection = 10;

bool isEnginePath(const QString &path)
{
    return path.endsWith(QLatin1String("/socket.io")) || path.endsWith(QLatin1String("/socket.io/"));
}
} // namespace

SocketIoSource::SocketIoSource(FeedEndpoint endpoint, QObject *parent)
    : FeedSource(parent)
    , m_endpoint(std::move(endpoint))
    , m_nsp(namespaceFor(m_endpoint))
    , m_backoff(m_endpoint.backoff)
    , m_retryTimer(this)
    , m_deadTimer(this)
    , m_stableTimer(this)
    , m_rateTimer(this)
{
    m_clock.start();
    m_retryTimer.setSingleShot(true);
    m_deadTimer.setSingleShot(true);
    m_stableTimer.setSingleShot(true);
    m_rateTimer.setInterval(FeedRateMeter::kIntervalMs);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        ++m_ownReconnects;
        if (m_ws)
            m_ws->open();
    });
    connect(&m_deadTimer, &QTimer::timeout, this, [this] {
        if (!m_open.sid.isEmpty()) {
            drop(QStringLiteral("no Engine.IO ping from %1 for %2 ms (pingInterval %3 + pingTimeout %4): link dead")
                     .arg(FeedEndpointCheck::hostPort(engineUrl(m_endpoint)))
                     .arg(m_open.pingIntervalMs + m_open.pingTimeoutMs)
                     .arg(m_open.pingIntervalMs).arg(m_open.pingTimeoutMs));
        } else {
            drop(QStringLiteral("no Engine.IO open packet from %1 within %2 ms: is this a Socket.IO v4 server "
                                "(and the path right)?")
                     .arg(FeedEndpointCheck::hostPort(engineUrl(m_endpoint))).arg(m_endpoint.handshakeTimeoutMs));
        }
    });
    connect(&m_stableTimer, &QTimer::timeout, this, [this] { m_backoff.reset(); });
    connect(&m_rateTimer, &QTimer::timeout, this, [this] { m_rate.sample(m_clock.elapsed(), m_stats); });
}

SocketIoSource::~SocketIoSource() = default;

QString SocketIoSource::namespaceFor(const FeedEndpoint &endpoint)
{
    if (!endpoint.socketIoNamespace.isEmpty() && endpoint.socketIoNamespace != QLatin1String("/"))
        return endpoint.socketIoNamespace;
    const QString path = endpoint.url.path();
    if (path.isEmpty() || path == QLatin1String("/") || isEnginePath(path))
        return QStringLiteral("/");
    return path.endsWith(QLatin1Char('/')) ? path.chopped(1) : path;
}

QUrl SocketIoSource::engineUrl(const FeedEndpoint &endpoint)
{
    QUrl url = endpoint.url;
    const QString scheme = url.scheme().toLower();
    const bool secure = scheme == QLatin1String("socketios") || scheme == QLatin1String("https")
                     || scheme == QLatin1String("wss");
    url.setScheme(secure ? QStringLiteral("wss") : QStringLiteral("ws"));
    const QString path = url.path();
    const bool customNamespace = !endpoint.socketIoNamespace.isEmpty() && endpoint.socketIoNamespace != QLatin1String("/");
    if (isEnginePath(path) || (customNamespace && !path.isEmpty() && path != QLatin1String("/")))
        url.setPath(path.endsWith(QLatin1Char('/')) ? path : path + QLatin1Char('/'));
    else
        url.setPath(QStringLiteral("/socket.io/"));
    QUrlQuery query(url);
    query.removeAllQueryItems(QStringLiteral("EIO"));
    query.removeAllQueryItems(QStringLiteral("transport"));
    query.addQueryItem(QStringLiteral("EIO"), QStringLiteral("4"));
    query.addQueryItem(QStringLiteral("transport"), QStringLiteral("websocket"));
    url.setQuery(query);
    url.setFragment(QString());
    return url;
}

QString SocketIoSource::problem(const FeedEndpoint &endpoint)
{
    const QString scheme = endpoint.url.scheme().toLower();
    static const QStringList schemes{QStringLiteral("socketio"), QStringLiteral("socketios"), QStringLiteral("ws"),
                                     QStringLiteral("wss"), QStringLiteral("http"), QStringLiteral("https")};
    if (!endpoint.url.isValid() || endpoint.url.host().isEmpty() || !schemes.contains(scheme)) {
        return QStringLiteral("Socket.IO URL \"%1\" must be socketio://host:port (or socketios://, or http(s)/ws(s) "
                              "with transport Socket.IO).")
            .arg(FeedEndpointCheck::displayUrl(endpoint.url));
    }
    const QString nspProblem = EngineIoParser::namespaceProblem(namespaceFor(endpoint));
    if (!nspProblem.isEmpty())
        return nspProblem;
    if (!endpoint.socketIoAuth.trimmed().isEmpty()) {
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(endpoint.socketIoAuth, &err);
        if (err.error != QJsonParseError::NoError || !doc.isObject())
            return QStringLiteral("Socket.IO auth must be a JSON object such as {\"token\": \"...\"} (%1).")
                .arg(err.error != QJsonParseError::NoError ? err.errorString() : QStringLiteral("not an object"));
    }
    FeedEndpoint inner = endpoint;
    inner.url = engineUrl(endpoint);
    return FeedEndpointCheck::problem(inner);
}

void SocketIoSource::open()
{
    if (m_wantOpen)
        return;
    const QString why = problem(m_endpoint);
    if (!why.isEmpty()) {
        fail(why);
        return;
    }
    m_wantOpen = true;
    m_backoff.reset();
    m_rate.reset();
    m_rate.sample(m_clock.elapsed(), m_stats);
    m_rateTimer.start();
    if (!m_ws) {
        FeedEndpoint inner = m_endpoint;
        inner.url = engineUrl(m_endpoint);
        inner.transport = FeedTransport::WebSocket;
        inner.onConnect.clear(); // sent as events after joining the namespace
        inner.subprotocols.clear();
        m_ws = new FeedClient(inner, this);
        connect(m_ws, &FeedSource::stateChanged, this, &SocketIoSource::onInnerState);
        connect(m_ws, &FeedSource::textMessage, this, &SocketIoSource::onFrame);
        connect(m_ws, &FeedSource::binaryMessage, this, [this](const QByteArray &frame) {
            m_stats.bytes += frame.size();
            ++m_stats.binaryFrames;
            ++m_stats.dropped;
            report(QStringLiteral("binary Engine.IO frame (%1 bytes) ignored: Pulseboard charts JSON events only")
                       .arg(frame.size()));
        });
        connect(m_ws, &FeedSource::errorText, this, [this](const QString &message) {
            m_stats.lastError = message;
            Q_EMIT errorText(message);
        });
        connect(m_ws, &FeedSource::reconnectScheduled, this, [this](int attempt, int delayMs) {
            m_stats.nextRetryMs = delayMs;
            Q_EMIT reconnectScheduled(attempt, delayMs);
        });
        connect(m_ws, &FeedSource::rttMeasured, this, [this](double ms) {
            m_stats.rttMs = ms;
            Q_EMIT rttMeasured(ms);
        });
    }
    m_ws->open();
}

void SocketIoSource::close()
{
    const bool wasActive = m_wantOpen;
    m_wantOpen = false;
    m_joined = false;
    m_retryTimer.stop();
    m_deadTimer.stop();
    m_stableTimer.stop();
    m_rateTimer.stop();
    if (m_ws) {
        if (m_ws->state() == FeedState::Live)
            m_ws->sendText(QStringLiteral("41") + (m_nsp == QLatin1String("/") ? QString() : m_nsp + QLatin1Char(',')));
        m_ws->close();
    }
    m_stats.messagesPerSec = 0;
    m_stats.bytesPerSec = 0;
    m_stats.nextRetryMs = -1;
    if (wasActive || m_state != FeedState::Closed)
        setState(FeedState::Closed, QStringLiteral("closed by client"));
}

bool SocketIoSource::sendText(const QString &message)
{
    if (m_state != FeedState::Live)
        return false;
    return sendPacket(EngineIoParser::eventPacket(m_nsp, eventPayload(message)));
}

QByteArray SocketIoSource::eventPayload(const QString &message) const
{
    const QByteArray utf8 = message.toUtf8();
    const QByteArray trimmed = utf8.trimmed();
    QJsonParseError err{};
    const QJsonDocument asArray = QJsonDocument::fromJson("[" + trimmed + "]", &err);
    const bool json = err.error == QJsonParseError::NoError && asArray.array().size() == 1;
    if (json && trimmed.startsWith('[') && asArray.array().first().toArray().first().isString())
        return trimmed; // ["event", args...]
    if (json)
        return "[\"message\"," + trimmed + "]";
    return QJsonDocument(QJsonArray{QStringLiteral("message"), message}).toJson(QJsonDocument::Compact);
}

FeedStats SocketIoSource::stats() const
{
    FeedStats s = m_stats;
    s.state = m_state;
    s.reconnects = m_ownReconnects + (m_ws ? m_ws->stats().reconnects : 0);
    return s;
}

void SocketIoSource::reconnectNow()
{
    if (m_state != FeedState::Reconnecting)
        return;
    if (m_retryTimer.isActive()) {
        m_retryTimer.stop();
        ++m_ownReconnects;
        m_ws->open();
    } else if (m_ws) {
        m_ws->reconnectNow();
    }
}

void SocketIoSource::setState(FeedState state, const QString &reason)
{
    if (m_state == state && state != FeedState::Reconnecting)
        return;
    m_state = state;
    Q_EMIT stateChanged(state, reason);
}

void SocketIoSource::fail(const QString &reason)
{
    m_wantOpen = false;
    m_joined = false;
    m_retryTimer.stop();
    m_deadTimer.stop();
    m_stableTimer.stop();
    if (m_ws)
        m_ws->close();
    m_stats.lastError = reason;
    m_stats.nextRetryMs = -1;
    Q_EMIT errorText(reason);
    setState(FeedState::Failed, reason);
}

void SocketIoSource::report(const QString &message)
{
    if (++m_reportedErrors > kMaxReportsPerConnection)
        return; // still counted in dropped; the log is not flooded by a broken server
    m_stats.lastError = message;
    Q_EMIT errorText(message);
}

bool SocketIoSource::sendPacket(const QByteArray &packet)
{
    return m_ws && m_ws->sendText(QString::fromUtf8(packet));
}

void SocketIoSource::onInnerState(FeedState state, const QString &reason)
{
    if (!m_wantOpen)
        return;
    switch (state) {
    case FeedState::Connecting:
        m_joined = false;
        m_open = {};
        m_reportedErrors = 0;
        setState(FeedState::Connecting, reason);
        break;
    case FeedState::Live:
        // The WebSocket is up; Socket.IO is not until the namespace accepted us.
        if (m_endpoint.handshakeTimeoutMs > 0)
            m_deadTimer.start(m_endpoint.handshakeTimeoutMs);
        break;
    case FeedState::Reconnecting:
        m_joined = false;
        m_deadTimer.stop();
        m_stableTimer.stop();
        setState(FeedState::Reconnecting, reason);
        break;
    case FeedState::Failed:
        fail(reason);
        break;
    case FeedState::Idle:
    case FeedState::Closed:
        break; // our own close() or drop(); reported by us
    }
}

void SocketIoSource::onFrame(const QByteArray &utf8)
{
    m_stats.bytes += utf8.size();
    const EngineIoPacket packet = EngineIoParser::parsePacket(utf8);
    switch (packet.type) {
    case EngineIoPacket::Open: {
        m_open = EngineIoParser::parseOpen(packet.data);
        if (!m_open.error.isEmpty()) {
            const QString why = m_open.error;
            m_open = {};
            drop(why);
            return;
        }
        m_deadTimer.start(m_open.pingIntervalMs + m_open.pingTimeoutMs);
        sendPacket(EngineIoParser::connectPacket(m_nsp, m_endpoint.socketIoAuth));
        return;
    }
    case EngineIoPacket::Ping:
        if (!m_open.sid.isEmpty())
            m_deadTimer.start(m_open.pingIntervalMs + m_open.pingTimeoutMs);
        sendPacket(EngineIoParser::pong());
        return;
    case EngineIoPacket::Close:
        drop(QStringLiteral("Socket.IO server %1 closed the session").arg(FeedEndpointCheck::hostPort(engineUrl(m_endpoint))));
        return;
    case EngineIoPacket::Message:
        onSocketIo(packet.data);
        return;
    case EngineIoPacket::Pong:
    case EngineIoPacket::Upgrade:
    case EngineIoPacket::Noop:
        return;
    case EngineIoPacket::Invalid:
        ++m_stats.dropped;
        report(packet.error);
        return;
    }
}

void SocketIoSource::onSocketIo(QByteArrayView data)
{
    const SocketIoPacket packet = EngineIoParser::parseSocketIo(data);
    if (packet.type == SocketIoPacket::Invalid) {
        ++m_stats.dropped;
        report(packet.error);
        return;
    }
    if (packet.nsp != m_nsp)
        return; // another namespace on the same connection: not ours
    switch (packet.type) {
    case SocketIoPacket::Event: {
        QString error;
        const QByteArray message = EngineIoParser::eventMessage(packet.payload, &error);
        if (packet.ackId >= 0)
            sendPacket(EngineIoParser::ackPacket(m_nsp, packet.ackId));
        if (message.isEmpty()) {
            ++m_stats.dropped;
            report(error);
            return;
        }
        ++m_stats.messages;
        Q_EMIT textMessage(message);
        return;
    }
    case SocketIoPacket::Connect:
        onJoined();
        return;
    case SocketIoPacket::ConnectError:
        fail(QStringLiteral("Socket.IO server refused namespace %1: %2. Check the namespace and the auth "
                            "payload (e.g. {\"token\": \"...\"}).")
                 .arg(m_nsp, EngineIoParser::connectErrorText(packet.payload)));
        return;
    case SocketIoPacket::Disconnect:
        drop(QStringLiteral("Socket.IO server disconnected this client from namespace %1").arg(m_nsp));
        return;
    default:
        return; // acks for us never happen: we never ask for one
    }
}

void SocketIoSource::onJoined()
{
    m_joined = true;
    m_stats.nextRetryMs = -1;
    m_stableTimer.start(std::max(0, m_endpoint.stableAfterMs));
    setState(FeedState::Live, QStringLiteral("joined Socket.IO namespace %1 on %2 (sid %3)")
                                  .arg(m_nsp, FeedEndpointCheck::hostPort(engineUrl(m_endpoint)), m_open.sid));
    for (const QString &message : std::as_const(m_endpoint.onConnect))
        sendText(message);
}

void SocketIoSource::drop(const QString &reason)
{
    m_joined = false;
    m_deadTimer.stop();
    m_stableTimer.stop();
    m_open = {};
    if (m_ws)
        m_ws->close();
    if (!m_wantOpen)
        return;
    if (!m_endpoint.autoReconnect) {
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
