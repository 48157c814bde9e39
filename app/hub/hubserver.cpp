#include "hubserver.h"
#include "handshakegate.h"
#include "hublistener.h"
#include "hubclock.h"
#include "hubclosecodes.h"
#include "hubdispatcher.h"
#include "hubnames.h"
#include "hubpeermodel.h"
#include "rejectionlog.h"
#include "topicrouter.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QWebSocket>
#include <QWebSocketCorsAuthenticator>
#include <QWebSocketServer>

namespace {
constexpr int kAbortAfterCloseMs = 2'000;   // a closed peer that never answers is aborted
constexpr int kRefusedLingerMs = 500;       // time for an HTTP error response to drain

// Close gracefully so a queued HTTP error response still leaves, then free the socket;
// abort after lingerMs so refused connections cannot pile up.
void drop(QTcpSocket *socket, int lingerMs)
{
    socket->disconnectFromHost();
    if (socket->state() == QAbstractSocket::UnconnectedState) {
        socket->deleteLater();
        return;
    }
    QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(lingerMs, socket, [socket] { socket->abort(); });
}
} // namespace

HubServer::HubServer(QObject *parent)
    : QObject(parent),
      m_listener(new HubListener(this)),
      m_upgrader(new QWebSocketServer(QStringLiteral("Pulseboard hub"),
                                      QWebSocketServer::NonSecureMode, this)),
      m_rejections(new RejectionLog(m_config.rejectionLogSize, this)),
      m_topics(new TopicRouter(m_config.maxTopics)),
      m_dispatcher(std::make_unique<HubDispatcher>(*this)),
      m_peerModel(new HubPeerModel(this))
{
    m_sweepTimer.setInterval(500);
    connect(&m_sweepTimer, &QTimer::timeout, this, &HubServer::sweep);
    connect(m_listener, &QTcpServer::newConnection, this, &HubServer::onTcpConnection);
    connect(m_upgrader, &QWebSocketServer::newConnection, this, &HubServer::onWebSocket);
    // Second line of defence: the gate already refused unknown Origins with the address logged.
    connect(m_upgrader, &QWebSocketServer::originAuthenticationRequired, this,
            [this](QWebSocketCorsAuthenticator *auth) {
                auth->setAllowed(auth->origin().isEmpty()
                                 || m_config.allowedOrigins.contains(auth->origin()));
            });
}

HubServer::~HubServer()
{
    for (auto &[id, p] : m_peers) {
        if (p->socket) {
            p->socket->disconnect(this);
            p->socket->abort();
            p->socket->deleteLater();
        }
    }
    m_peers.clear();
    // Sockets still in their handshake have no parent (the gate only watches them).
    for (auto it = m_gates.begin(); it != m_gates.end(); ++it) {
        if (QTcpSocket *s = it.value()) {
            s->disconnect();
            s->abort();
            delete s;
        }
    }
    m_gates.clear();
    delete m_topics;
}

void HubServer::setConfig(const HubConfig &config)
{
    if (isListening())
        return;
    m_config = config;
    m_topics->setMaxTopics(config.maxTopics);
    m_rejections->setCapacity(config.rejectionLogSize);
}

void HubServer::setTlsConfiguration(const QSslConfiguration &tls)
{
    if (!isListening())
        m_listener->setTls(tls);
}

void HubServer::clearTls()
{
    if (!isListening())
        m_listener->clearTls();
}

bool HubServer::usesTls() const { return m_listener->usesTls(); }
bool HubServer::isListening() const { return m_listener->isListening(); }
quint16 HubServer::port() const { return m_listener->serverPort(); }
QHostAddress HubServer::serverAddress() const { return m_listener->serverAddress(); }

bool HubServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (isListening()) {
        if (error)
            *error = tr("The hub is already listening on port %1; stop it first.").arg(this->port());
        return false;
    }
    if (!m_dispatcher->start(error))
        return false;
    if (!m_listener->listen(address, port)) {
        if (error)
            *error = tr("Cannot host on %1 port %2: %3. Choose another port (0 picks a free one) "
                        "or stop the program using it.")
                         .arg(address.toString()).arg(port).arg(m_listener->errorString());
        return false;
    }
    m_sweepTimer.start();
    Q_EMIT listeningChanged();
    return true;
}

void HubServer::stop(const QString &reason)
{
    const QString why = reason.isEmpty() ? tr("hub stopping") : reason;
    for (auto &[id, p] : m_peers)
        closePeer(*p, QWebSocketProtocol::CloseCodeGoingAway, why, false);
    for (auto it = m_gates.begin(); it != m_gates.end(); ++it) {
        if (it.value())
            it.value()->abort();
    }
    m_sweepTimer.stop();
    if (m_listener->isListening()) {
        m_listener->close();
        Q_EMIT listeningChanged();
    }
}

void HubServer::logRejection(const QString &address, const QString &reason, int closeCode)
{
    m_rejections->append({QDateTime::currentDateTime(), address, reason, closeCode});
    Q_EMIT rejectionLogged(address, reason, closeCode);
}

void HubServer::addressDown(const QHostAddress &a)
{
    auto it = m_perAddress.find(a.toString());
    if (it != m_perAddress.end() && --it.value() <= 0)
        m_perAddress.erase(it);
}

void HubServer::onTcpConnection()
{
    while (m_listener->hasPendingConnections()) {
        QTcpSocket *socket = m_listener->nextPendingConnection();
        const QHostAddress addr = socket->peerAddress();
        const QString peerText = addr.toString() + u':' + QString::number(socket->peerPort());
        QString refusal;
        if (m_blocked.contains(addr.toString()))
            refusal = tr("address blocked for this session");
        else if (int(m_peers.size()) + int(m_gates.size()) >= m_config.maxConnections)
            refusal = tr("connection cap reached (%1)").arg(m_config.maxConnections);
        else if (int(m_gates.size()) >= m_config.maxPendingHandshakes)
            refusal = tr("too many pending handshakes (%1)").arg(m_config.maxPendingHandshakes);
        else if (countForAddress(addr) >= m_config.maxConnectionsPerAddress)
            refusal = tr("per-address connection cap reached (%1)").arg(m_config.maxConnectionsPerAddress);
        if (!refusal.isEmpty()) {
            logRejection(peerText, refusal);
            if (!m_listener->usesTls())
                socket->write("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n"
                              "Content-Length: 0\r\n\r\n");
            drop(socket, kRefusedLingerMs);
            continue;
        }
        socket->setParent(nullptr);   // owned by the gate until upgraded, then by its QWebSocket
        auto *gate = new HandshakeGate(socket, m_config.handshakeTimeoutMs,
                                       m_config.maxRequestHeaderBytes, m_config.allowedOrigins, this);
        gate->setRawTopicsAllowed(m_config.password.isEmpty() || m_config.rawTopicsWithPassword);
        m_gates.insert(gate, socket);
        addressUp(addr);
        connect(gate, &HandshakeGate::headerAccepted, this, [this, gate] { onGateAccepted(gate); });
        connect(gate, &HandshakeGate::rejected, this, [this, gate](const QString &why) {
            logRejection(gate->peerText(), why);
            onGateFinished(gate);
        });
        connect(gate, &HandshakeGate::gone, this, [this, gate] { onGateFinished(gate); });
        gate->start();
    }
}

void HubServer::onGateAccepted(HandshakeGate *gate)
{
    m_upgrader->handleConnection(gate->socket());
}

void HubServer::onGateFinished(HandshakeGate *gate)
{
    if (!m_gates.contains(gate))
        return;
    QPointer<QTcpSocket> socket = m_gates.take(gate);
    addressDown(gate->address());
    gate->deleteLater();
    if (socket && !socket->parent())   // never became a WebSocket
        drop(socket, kRefusedLingerMs);
}

void HubServer::onWebSocket()
{
    while (QWebSocket *ws = m_upgrader->nextPendingConnection()) {
        HandshakeGate *gate = nullptr;
        for (auto it = m_gates.begin(); it != m_gates.end(); ++it) {
            if (it.key()->port() == ws->peerPort() && it.key()->address() == ws->peerAddress()) {
                gate = it.key();
                break;
            }
        }
        if (!gate) {   // cannot happen: every upgrade comes through a gate
            ws->abort();
            ws->deleteLater();
            continue;
        }
        QPointer<QTcpSocket> tcp = m_gates.take(gate);
        gate->upgraded();
        gate->deleteLater();
        if (!tcp) {   // cannot happen either: the WebSocket was made from this socket
            addressDown(gate->address());
            ws->abort();
            ws->deleteLater();
            continue;
        }
        ws->setParent(this);
        if (tcp->parent() != ws)
            tcp->setParent(ws);     // the WebSocket owns its transport from now on
        ws->setMaxAllowedIncomingFrameSize(quint64(m_config.maxFrameBytes));
        ws->setMaxAllowedIncomingMessageSize(quint64(m_config.maxMessageBytes));

        auto peer = std::make_unique<HubPeer>();
        peer->id = m_nextPeerId++;
        peer->socket = ws;
        peer->transport = tcp;
        peer->address = gate->address();
        peer->port = gate->port();
        peer->connectedSince = QDateTime::currentDateTime();
        peer->connectedMs = HubClock::nowMs();
        peer->bucket = TokenBucket(m_config.rateMessagesPerSec, m_config.rateBurst,
                                   m_config.rateAbuseWindowMs);
        const quint64 id = peer->id;
        if (gate->route() == HandshakeGate::Route::Topic) {
            peer->kind = HubPeer::Kind::TopicStream;
            peer->phase = HubPeer::Phase::Ready;
            if (!m_topics->subscribe(gate->topic(), id)) {
                logRejection(peer->peerText(), tr("topic cap reached (%1)").arg(m_config.maxTopics),
                             HubCloseCodes::TryAgainLater);
                ws->close(QWebSocketProtocol::CloseCode(HubCloseCodes::TryAgainLater), tr("too many topics"));
                addressDown(peer->address);
                connect(ws, &QWebSocket::disconnected, ws, &QObject::deleteLater);
                continue;
            }
            peer->topics.insert(gate->topic());
        }
        connect(ws, &QWebSocket::textMessageReceived, this,
                [this, id](const QString &m) { onText(id, m); });
        connect(ws, &QWebSocket::binaryMessageReceived, this,
                [this, id](const QByteArray &m) { onBinary(id, m); });
        // Queued: a close() inside a loop over m_peers must never erase from it.
        connect(ws, &QWebSocket::disconnected, this, [this, id] { onDisconnected(id); },
                Qt::QueuedConnection);
        m_peers.emplace(id, std::move(peer));
        Q_EMIT peerConnected(id);
        Q_EMIT connectionCountChanged();
    }
}

HubPeer *HubServer::peer(quint64 id)
{
    auto it = m_peers.find(id);
    return it == m_peers.end() ? nullptr : it->second.get();
}

void HubServer::onText(quint64 id, const QString &message)
{
    HubPeer *p = peer(id);
    if (!p || p->phase == HubPeer::Phase::Closing)
        return;
    ++p->messagesIn;
    p->bytesIn += message.size();
    if (p->kind == HubPeer::Kind::TopicStream) {
        closePeer(*p, QWebSocketProtocol::CloseCodeDatatypeNotSupported,
                  tr("topic streams are read-only"), true);
        return;
    }
    m_dispatcher->handle(*p, message.toUtf8());
}

void HubServer::onBinary(quint64 id, const QByteArray &message)
{
    HubPeer *p = peer(id);
    if (!p || p->phase == HubPeer::Phase::Closing)
        return;
    ++p->messagesIn;
    p->bytesIn += message.size();
    closePeer(*p, QWebSocketProtocol::CloseCodeDatatypeNotSupported,
              p->kind == HubPeer::Kind::TopicStream ? tr("topic streams are read-only")
                                                    : tr("binary frames are not part of the protocol"),
              true);
}

bool HubServer::kick(qint64 peerId, const QString &reason)
{
    return closePeer(quint64(peerId), HubCloseCodes::PolicyViolation,
                     reason.isEmpty() ? tr("kicked by the host") : reason);
}

bool HubServer::block(qint64 peerId, const QString &reason)
{
    const HubPeer *p = peer(quint64(peerId));
    if (!p)
        return false;
    blockAddress(p->address, reason.isEmpty() ? tr("blocked by the host") : reason);
    return true;
}

bool HubServer::closePeer(quint64 peerId, int closeCode, const QString &reason)
{
    HubPeer *p = peer(peerId);
    if (!p || p->phase == HubPeer::Phase::Closing)
        return false;
    closePeer(*p, closeCode, reason, true);
    return true;
}

void HubServer::blockAddress(const QHostAddress &address, const QString &reason)
{
    m_blocked.insert(address.toString());
    for (auto &[id, p] : m_peers) {
        if (p->address == address && p->phase != HubPeer::Phase::Closing)
            closePeer(*p, QWebSocketProtocol::CloseCodePolicyViolated, reason, true);
    }
}

void HubServer::closePeer(HubPeer &p, int closeCode, const QString &reason, bool log)
{
    if (p.phase == HubPeer::Phase::Closing)
        return;
    if (log)
        logRejection(p.peerText(), reason, closeCode);
    p.phase = HubPeer::Phase::Closing;
    for (const QString &t : std::as_const(p.topics))
        m_topics->unsubscribe(t, p.id);
    p.topics.clear();
    m_dispatcher->peerGone(p);
    QPointer<QWebSocket> ws = p.socket;
    ws->close(QWebSocketProtocol::CloseCode(closeCode), reason.left(120));
    QTimer::singleShot(kAbortAfterCloseMs, this, [ws] {
        if (ws)
            ws->abort();
    });
}

void HubServer::onDisconnected(quint64 id)
{
    auto it = m_peers.find(id);
    if (it == m_peers.end())
        return;
    HubPeer &p = *it->second;
    if (p.phase != HubPeer::Phase::Closing
        && p.socket->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData) {
        logRejection(p.peerText(),
                     tr("message or frame larger than %1 bytes").arg(m_config.maxMessageBytes),
                     QWebSocketProtocol::CloseCodeTooMuchData);
    }
    for (const QString &t : std::as_const(p.topics))
        m_topics->unsubscribe(t, p.id);
    m_dispatcher->peerGone(p);
    addressDown(p.address);
    p.socket->disconnect(this);
    p.socket->deleteLater();
    Q_EMIT peerDisconnected(id);    // before erase: listeners may still read the peer
    m_peers.erase(it);
    Q_EMIT connectionCountChanged();
}

QByteArray HubServer::textFrame(const QByteArray &utf8)
{
    const qsizetype n = utf8.size();
    QByteArray f;
    f.reserve(n + 10);
    f.append(char(0x81));                      // FIN + text; servers never mask
    if (n < 126) {
        f.append(char(n));
    } else if (n <= 0xffff) {
        f.append(char(126));
        f.append(char(n >> 8));
        f.append(char(n & 0xff));
    } else {
        f.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            f.append(char((quint64(n) >> shift) & 0xff));
    }
    f.append(utf8);
    return f;
}

bool HubServer::sendFrame(HubPeer &p, const QByteArray &frame)
{
    if (p.phase == HubPeer::Phase::Closing || p.transport->state() != QAbstractSocket::ConnectedState)
        return false;
    if (p.transport->bytesToWrite() + frame.size() > m_config.maxUnsentBytes) {
        p.transport->flush();   // hand what the kernel will take before judging the peer slow
        if (p.transport->bytesToWrite() + frame.size() > m_config.maxUnsentBytes) {
            closePeer(p, HubCloseCodes::TryAgainLater,
                      tr("slow consumer: %1 bytes unsent (cap %2)")
                          .arg(p.transport->bytesToWrite()).arg(m_config.maxUnsentBytes),
                      true);
            return false;
        }
    }
    // Bypasses QWebSocket::sendTextMessage (which converts and frames per call) with the
    // same bytes it would write; frames stay whole and ordered (one thread, one buffer).
    p.transport->write(frame);
    ++p.messagesOut;
    p.bytesOut += frame.size();
    if (!p.flushQueued) {
        p.flushQueued = true;
        m_written.push_back(p.id);
    }
    if (!m_flushPosted) {
        m_flushPosted = true;
        QMetaObject::invokeMethod(this, &HubServer::flushWritten, Qt::QueuedConnection);
    }
    return true;
}

void HubServer::flushWritten()
{
    m_flushPosted = false;
    const std::vector<quint64> written = std::exchange(m_written, {});
    for (quint64 id : written) {
        HubPeer *p = peer(id);
        if (!p)
            continue;
        p->flushQueued = false;
        if (p->transport->state() == QAbstractSocket::ConnectedState)
            p->transport->flush();
    }
}

bool HubServer::publish(const QString &topic, const QByteArray &json, QString *error)
{
    auto fail = [error](const QString &e) {
        if (error)
            *error = e;
        return false;
    };
    if (!HubNames::isValidTopic(topic))
        return fail(tr("invalid topic name \"%1\"").arg(topic.left(200)));
    if (json.size() > m_config.maxMessageBytes)
        return fail(tr("payload of %1 bytes exceeds the %2-byte message limit")
                        .arg(json.size()).arg(m_config.maxMessageBytes));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError)
        return fail(tr("payload is not JSON: %1 at offset %2").arg(pe.errorString()).arg(pe.offset));
    const QJsonValue data = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
    m_dispatcher->deliverSample(topic, QStringLiteral("hub"), data, json);
    return true;
}

void HubServer::sweep()
{
    const qint64 now = HubClock::nowMs();
    for (auto &[id, p] : m_peers) {
        const bool waiting = p->phase == HubPeer::Phase::AwaitHello || p->phase == HubPeer::Phase::AwaitAuth;
        if (waiting && now - p->connectedMs > m_config.helloTimeoutMs)
            closePeer(*p, HubCloseCodes::PolicyViolation,
                      tr("no hello/auth within %1 ms").arg(m_config.helloTimeoutMs), true);
    }
}
