#include "chathistorymarker.h"
#include "chatclient.h"
#include "chatconnection.h"

#include <algorithm>

using L = QLatin1String;

ChatHistoryMarker::ChatHistoryMarker(QObject *parent) : QObject(parent) {}

void ChatHistoryMarker::setClient(ChatClient *client)
{
    if (m_client == client)
        return;
    disconnect(m_envelopes);
    disconnect(m_room);
    m_marks.clear();
    m_client = client;
    if (client) {
        // Connected after ChatClient's own handler, so ChatClient has seen each envelope first.
        if (auto *connection = client->findChild<ChatConnection *>(QString(), Qt::FindDirectChildrenOnly))
            m_envelopes = connect(connection, &ChatConnection::envelope, this, &ChatHistoryMarker::onEnvelope);
        m_room = connect(client, &ChatClient::currentRoomChanged, this, &ChatHistoryMarker::boundaryChanged);
    }
    Q_EMIT clientChanged();
    Q_EMIT boundaryChanged();
}

void ChatHistoryMarker::onEnvelope(const QJsonObject &o)
{
    if (o.value(L("type")).toString() != L("joined") || !m_client)
        return;
    const QString room = o.value(L("room")).toString();
    // Same rule as ChatClient: a join with nothing seen yet replays history; a resume
    // (after a reconnect) replays missed lines, which are new, and keeps the old mark.
    // Like ChatClient, ignore a "joined" for a room it did not ask for (hostile hub).
    if (room.startsWith(u'@') || !m_client->rooms()->contains(room) || m_client->lastSeq(room) > 0)
        return;
    if (!m_marks.contains(room) && m_marks.size() >= MaxRooms)
        prune();
    if (!m_marks.contains(room) && m_marks.size() >= MaxRooms)
        return;
    const qint64 lastSeq = qMax<qint64>(0, o.value(L("lastSeq")).toInteger());
    const qint64 replay = std::clamp<qint64>(o.value(L("replay")).toInteger(), 0, 1'000'000);
    m_marks.insert(room, {lastSeq, int(replay)});
    if (room == m_client->currentRoom())
        Q_EMIT boundaryChanged();
}

void ChatHistoryMarker::prune()
{
    for (auto it = m_marks.begin(); it != m_marks.end();) {
        if (m_client->rooms()->contains(it.key()))
            ++it;
        else
            it = m_marks.erase(it);
    }
}

qint64 ChatHistoryMarker::boundary(const QString &room) const
{
    const Mark m = m_marks.value(room);
    return m.replayed > 0 ? m.lastSeq : 0;
}

int ChatHistoryMarker::historyCount(const QString &room) const
{
    return m_marks.value(room).replayed;
}

qint64 ChatHistoryMarker::currentBoundary() const
{
    return m_client ? boundary(m_client->currentRoom()) : 0;
}

int ChatHistoryMarker::currentHistoryCount() const
{
    return m_client ? historyCount(m_client->currentRoom()) : 0;
}
