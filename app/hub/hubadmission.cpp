// HubServer, the way in: every accepted connection is admitted or refused (block list,
// caps in total, per address and for pending openings), becomes a WsServerLink (RawWsLink
// for ws://, TlsWsLink for wss://) that runs the opening under its timer, and once upgraded
// is adopted as a HubPeer with its route (envelope protocol or raw topic stream).
#include "hubserver.h"
#include "hubclock.h"
#include "hubclosecodes.h"
#include "hublistener.h"
#include "rawwslink.h"
#include "tlswslink.h"
#include "topicrouter.h"

#include <QSslSocket>

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
    // Every link deletes itself once disconnected, adopted or not: the one place that frees it.
    connect(link, &HubLink::disconnected, link, &QObject::deleteLater, Qt::QueuedConnection);
    link->setListener({tls, port()});   // the hub's own page origin (OriginRule)
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
