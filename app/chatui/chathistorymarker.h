// ChatHistoryMarker: where the chat pane draws its "history" divider. When ChatClient
// joins a room for the first time, the hub replays the room's last messages (history,
// docs/protocol.md §5.1); every later message is live. This records, per room, the
// `lastSeq` of that first `joined` reply: messages with seq <= boundary are history, the
// first live one has seq == boundary + 1 (sequence numbers grow by exactly one).
// It listens to the envelopes of ChatClient's ChatConnection, after ChatClient has
// handled them; it never sends. Interim glue until ChatMessageModel has a history role.
// Bound: at most MaxRooms marks (ChatClient's own room bound); when full, marks of
// rooms the client has left are dropped first.
#pragma once
#include "chatclient.h"
#include "chatroommodel.h"

#include <QHash>
#include <QJsonObject>
#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

class ChatHistoryMarker : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ChatClient *client READ client WRITE setClient NOTIFY clientChanged)
    Q_PROPERTY(qint64 currentBoundary READ currentBoundary NOTIFY boundaryChanged)
    Q_PROPERTY(int currentHistoryCount READ currentHistoryCount NOTIFY boundaryChanged)
public:
    static constexpr int MaxRooms = ChatRoomModel::MaxRooms;

    explicit ChatHistoryMarker(QObject *parent = nullptr);

    ChatClient *client() const { return m_client; }
    void setClient(ChatClient *client);

    // 0: no history divider for this room (private, not joined yet, or empty history).
    Q_INVOKABLE qint64 boundary(const QString &room) const;
    Q_INVOKABLE int historyCount(const QString &room) const;
    qint64 currentBoundary() const;
    int currentHistoryCount() const;
    int markCount() const { return int(m_marks.size()); }

Q_SIGNALS:
    void clientChanged();
    void boundaryChanged();

private:
    void onEnvelope(const QJsonObject &o);
    void prune();
    struct Mark { qint64 lastSeq = 0; int replayed = 0; };

    QPointer<ChatClient> m_client;
    QMetaObject::Connection m_envelopes, m_room;
    QHash<QString, Mark> m_marks;
};
