#include "hubserver.h"
#include "fanoutwriters.h"
#include "hublistener.h"
#include "wsserverlink.h"
#include "hubbridge.h"
#include "hubclock.h"
#include "hubclosecodes.h"
#include "hubdispatcher.h"
#include "hubnames.h"
#include "hubpeermodel.h"
#include "rejectionlog.h"
#include "topicrouter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QThread>
#include <QWebSocketProtocol>

HubServer::HubServer(QObject *parent)
    : QObject(parent),
      m_listener(new HubListener(this)),
      m_rejections(new RejectionLog(m_config.rejectionLogSize, this)),
      m_topics(new TopicRouter(m_config.maxTopics)),
      m_dispatcher(std::make_unique<HubDispatcher>(*this)),
      m_peerModel(new HubPeerModel(this))
{
    m_sweepTimer.setInterval(500);
    connect(&m_sweepTimer, &QTimer::timeout, this, &HubServer::sweep);
    connect(m_listener, &QTcpServer::newConnection, this, &HubServer::onTlsConnection);
    connect(m_listener, &HubListener::plainConnection, this, &HubServer::onPlainConnection);
}

HubServer::~HubServer()
{
    for (auto &[id, p] : m_peers) {
        p->link->disconnect(this);
        delete p->link;
    }
    m_peers.clear();
    for (WsServerLink *link : std::as_const(m_pending)) {
        link->disconnect(this);
        delete link;
    }
    m_pending.clear();
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
    const int threads = m_config.fanoutThreads >= 0 ? m_config.fanoutThreads
                                                    : std::min(3, QThread::idealThreadCount() - 1);
    if (threads > 0 && (!m_writers || m_writers->workers() != threads))
        m_writers = std::make_unique<FanoutWriters>(threads);
    else if (threads <= 0)
        m_writers.reset();
    m_sweepTimer.start();
    Q_EMIT listeningChanged();
    return true;
}

void HubServer::stop(const QString &reason)
{
    const QString why = reason.isEmpty() ? tr("hub stopping") : reason;
    for (auto &[id, p] : m_peers)
        closePeer(*p, QWebSocketProtocol::CloseCodeGoingAway, why, false);
    for (WsServerLink *link : std::as_const(m_pending))
        link->abort();   // reports disconnected (queued): removed from m_pending then
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

HubPeer *HubServer::peer(quint64 id)
{
    auto it = m_peers.find(id);
    return it == m_peers.end() ? nullptr : it->second.get();
}

void HubServer::onText(quint64 id, const QByteArray &utf8)
{
    HubPeer *p = peer(id);
    if (!p || p->phase == HubPeer::Phase::Closing)
        return;
    ++p->messagesIn;
    p->bytesIn += utf8.size();
    if (p->kind == HubPeer::Kind::TopicStream) {
        closePeer(*p, QWebSocketProtocol::CloseCodeDatatypeNotSupported,
                  tr("topic streams are read-only"), true);
        return;
    }
    m_dispatcher->handle(*p, utf8);
}

void HubServer::onLinkFailed(quint64 id, int closeCode, const QString &reason)
{
    HubPeer *p = peer(id);
    if (!p || p->phase == HubPeer::Phase::Closing)
        return;
    closePeer(*p, closeCode, reason, true);   // the link already sent its close: logs and detaches
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
    p.link->close(closeCode, reason);
}

void HubServer::onDisconnected(quint64 id)
{
    auto it = m_peers.find(id);
    if (it == m_peers.end())
        return;
    HubPeer &p = *it->second;
    for (const QString &t : std::as_const(p.topics))
        m_topics->unsubscribe(t, p.id);
    m_dispatcher->peerGone(p);
    addressDown(p.address);
    p.link->disconnect(this);   // it deletes itself (admit())
    Q_EMIT peerDisconnected(id);    // before erase: listeners may still read the peer
    m_peers.erase(it);
    Q_EMIT connectionCountChanged();
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
    if (m_bridge)
        m_bridge->localSample(topic, QStringLiteral("hub"), json);
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
