#include "hubpeermodel.h"
#include "hublink.h"
#include "hubclock.h"
#include "hubserver.h"

#include <QWebSocket>
#include <algorithm>

HubPeerModel::HubPeerModel(HubServer *server)
    : QAbstractListModel(server), m_server(server)
{
    connect(server, &HubServer::peerConnected, this, &HubPeerModel::onConnected);
    connect(server, &HubServer::peerDisconnected, this, &HubPeerModel::onDisconnected);
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &HubPeerModel::refresh);
    m_timer.start();
    m_lastRefreshMs = HubClock::nowMs();
}

void HubPeerModel::onConnected(quint64 id)
{
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
    m_rows.append({id, 0, 0});
    endInsertRows();
    Q_EMIT countChanged();
}

void HubPeerModel::onDisconnected(quint64 id)
{
    const auto it = std::find_if(m_rows.begin(), m_rows.end(), [id](const Row &r) { return r.id == id; });
    if (it == m_rows.end())
        return;
    const int row = int(it - m_rows.begin());
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    Q_EMIT countChanged();
}

void HubPeerModel::refresh()
{
    const qint64 now = HubClock::nowMs();
    const double seconds = std::max<qint64>(1, now - m_lastRefreshMs) / 1000.0;
    m_lastRefreshMs = now;
    for (Row &r : m_rows) {
        if (const HubPeer *p = m_server->peer(r.id)) {
            r.messagesPerSec = (p->messagesIn - r.lastMessages) / seconds;
            r.lastMessages = p->messagesIn;
        }
    }
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1),
                           {NicknameRole, MessagesPerSecRole, UnsentBytesRole, RoomsRole, TopicsRole});
}

int HubPeerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant HubPeerModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    const HubPeer *p = m_server->peer(r.id);
    if (!p)
        return {};
    switch (role) {
    case PeerIdRole: return QVariant::fromValue(r.id);
    case AddressRole: return p->peerText();
    case Qt::DisplayRole:
    case NicknameRole: return p->nick;
    case KindRole:
        return p->kind == HubPeer::Kind::TopicStream ? QStringLiteral("topic stream") : QStringLiteral("chat");
    case ConnectedSinceRole: return p->connectedSince;
    case MessagesPerSecRole: return r.messagesPerSec;
    case UnsentBytesRole: return p->link ? p->link->bytesToWrite() : 0;
    case RoomsRole: {
        QStringList rooms(p->rooms.begin(), p->rooms.end());
        rooms.sort();
        return rooms;
    }
    case TopicsRole: {   // subscribed topics, or the one a raw topic stream reads
        QStringList topics(p->topics.begin(), p->topics.end());
        topics.sort();
        return topics;
    }
    }
    return {};
}

QHash<int, QByteArray> HubPeerModel::roleNames() const
{
    return {{PeerIdRole, "peerId"}, {AddressRole, "address"}, {NicknameRole, "nickname"},
            {KindRole, "kind"}, {ConnectedSinceRole, "connectedSince"},
            {MessagesPerSecRole, "messagesPerSec"}, {UnsentBytesRole, "unsentBytes"},
            {RoomsRole, "rooms"}, {TopicsRole, "topics"}};
}
