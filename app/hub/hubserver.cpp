#include "hubserver.h"
#include "fanoutwriters.h"
#include "hublistener.h"
#include "rawwslink.h"
#include "tlswslink.h"
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
#include <QSslSocket>
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

QString HubServer::admissionRefusal(const QHostAddress &addr) const
{
    if (m_blocked.contains(addr.toString()))
        return tr("address blocked for this session");
    if (int(m_peers.size()) + pendingHandshakeCount() >= m_config.maxConnections)
        return tr("connection cap reached (%1)").arg(m_config.maxConnections);
    if (pendingHandshakeCount() >= m_config.maxPendingHandshakes)
        return tr("too many pending handshakes (%1)").arg(m_config.maxPendingHandshakes);
    if (countForAddress(addr) >= m_config.maxConnectionsPerAddress)
        return tr("per-address connection cap reached (%1)").arg(m_config.maxConnectionsPerAddress);
    return {};
}

void HubServer::onPlainConnection(qintptr descriptor)
{
    auto *link = new RawWsLink(descriptor, m_config,
                               m_config.password.isEmpty() || m_config.rawTopicsWithPassword, this);
    if (!link->isValid()) {   // the peer left before we could read its address
        delete link;
        return;
    }
    admit(link, false);
}

void HubServer::onTlsConnection()
{
    while (m_listener->hasPendingConnections()) {
        auto *ssl = qobject_cast<QSslSocket *>(m_listener->nextPendingConnection());
        if (!ssl)
            continue;
        admit(new TlsWsLink(ssl, m_config, m_config.password.isEmpty() || m_config.rawTopicsWithPassword,
                            this),
              true);
    }
}

void HubServer::admit(WsServerLink *link, bool tls)
{
    connect(link, &HubLink::disconnected, link, &QObject::deleteLater, Qt::QueuedConnection);
    const QString refusal = admissionRefusal(link->address());
    if (!refusal.isEmpty()) {
        logRejection(HubPeer::addressText(link->address(), link->port()), refusal);
        if (tls) {
            link->abort();   // no TLS handshake (and its CPU) for a refused connection
        } else {
            link->start();
            link->turnAway(503, "Service Unavailable", refusal);
        }
        return;
    }
    m_pending.insert(link);
    addressUp(link->address());
    connect(link, &WsServerLink::refused, this, [this, link](const QString &why) {
        logRejection(HubPeer::addressText(link->address(), link->port()), why);
    });
    connect(link, &HubLink::disconnected, this, [this, link] {   // gone before upgrading
        if (m_pending.remove(link))
            addressDown(link->address());
    });
    connect(link, &WsServerLink::upgraded, this, [this, link] {
        m_pending.remove(link);
        disconnect(link, nullptr, this, nullptr);   // the pending-phase handlers
        adopt(link, link->address(), link->port(), link->route(), link->topic());
    });
    link->start();
}

void HubServer::adopt(HubLink *link, const QHostAddress &address, quint16 port,
                      WsUpgrade::Route route, const QString &topic)
{
    auto peer = std::make_unique<HubPeer>();
    peer->id = m_nextPeerId++;
    peer->link = link;
    peer->address = address;
    peer->port = port;
    peer->connectedSince = QDateTime::currentDateTime();
    peer->connectedMs = HubClock::nowMs();
    peer->bucket = TokenBucket(m_config.rateMessagesPerSec, m_config.rateBurst,
                               m_config.rateAbuseWindowMs);
    const quint64 id = peer->id;
    if (route == WsUpgrade::Route::Topic) {
        peer->kind = HubPeer::Kind::TopicStream;
        peer->phase = HubPeer::Phase::Ready;
        if (!m_topics->subscribe(topic, id)) {
            logRejection(peer->peerText(), tr("topic cap reached (%1)").arg(m_config.maxTopics),
                         HubCloseCodes::TryAgainLater);
            link->close(HubCloseCodes::TryAgainLater, tr("too many topics"));
            addressDown(address);
            connect(link, &HubLink::disconnected, link, &QObject::deleteLater);
            return;
        }
        peer->topics.insert(topic);
    }
    connect(link, &HubLink::textReceived, this, [this, id](const QByteArray &m) { onText(id, m); });
    connect(link, &HubLink::binaryReceived, this, [this, id](const QByteArray &m) { onBinary(id, m); });
    connect(link, &HubLink::failed, this,
            [this, id](int code, const QString &why) { onLinkFailed(id, code, why); });
    // Queued: a close() inside a loop over m_peers must never erase from it.
    connect(link, &HubLink::disconnected, this, [this, id] { onDisconnected(id); },
            Qt::QueuedConnection);
    m_peers.emplace(id, std::move(peer));
    Q_EMIT peerConnected(id);
    Q_EMIT connectionCountChanged();
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
    p.link->disconnect(this);
    p.link->deleteLater();
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
    if (p.phase == HubPeer::Phase::Closing || !p.link->isOpen())
        return false;
    if (p.link->bytesToWrite() + frame.size() > m_config.maxUnsentBytes) {
        p.link->flush();   // hand what the kernel will take before judging the peer slow
        if (p.link->bytesToWrite() + frame.size() > m_config.maxUnsentBytes) {
            closePeer(p, HubCloseCodes::TryAgainLater,
                      tr("slow consumer: %1 bytes unsent (cap %2)")
                          .arg(p.link->bytesToWrite()).arg(m_config.maxUnsentBytes),
                      true);
            return false;
        }
    }
    // Frames stay whole and ordered: one thread, one queue per link.
    p.link->write(frame);
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
    const bool share = m_writers && int(written.size()) >= m_config.parallelFlushMinPeers;
    std::vector<RawWsLink *> shared;
    for (quint64 id : written) {
        HubPeer *p = peer(id);
        if (!p)
            continue;
        p->flushQueued = false;
        auto *raw = share ? qobject_cast<RawWsLink *>(p->link) : nullptr;
        if (raw)
            shared.push_back(raw);
        else
            p->link->flush();   // TLS links, and every link of a small turn
    }
    if (shared.empty())
        return;
    std::vector<RawWsLink::FlushResult> results(shared.size());
    m_writers->run(shared.size(), [&shared, &results](size_t i) { results[i] = shared[i]->writeQueued(); });
    for (size_t i = 0; i < shared.size(); ++i)
        shared[i]->finishFlush(results[i]);
}

quint64 HubServer::parallelFlushCount() const { return m_writers ? m_writers->runs() : 0; }

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
