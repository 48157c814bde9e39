// HubRooms: rooms and chat on the hub (docs/protocol.md §5, §6.1-6.2, §6.4): who is in
// which room (presence), join with history replay and resume, leave, the room list,
// stored and sequenced room messages (idempotent resend), typing indicators.
// Owns the HistoryStore (written before anything is relayed). HubDispatcher routes the
// envelopes here after rate limiting and the session check; replies go through HubServer.
#pragma once
#include "historystore.h"
#include "hubenvelope.h"

#include <QHash>
#include <QList>
#include <QString>

class HubServer;
struct HubPeer;

class HubRooms
{
public:
    explicit HubRooms(HubServer &server) : m_server(server) {}

    bool open(QString *error);                     // the history (data dir or in memory)
    const HistoryStore &history() const { return m_history; }
    int roomCount() const;                         // rooms with members or history

    void onJoin(HubPeer &p, const Envelope &e);
    void onLeave(HubPeer &p, const Envelope &e);
    void onRooms(HubPeer &p, const Envelope &e);
    void onSay(HubPeer &p, const Envelope &e);
    void onTyping(HubPeer &p, const Envelope &e);
    void leaveAll(HubPeer &p);                     // disconnect: presence "leave" everywhere

    // From the cluster bridge (docs/nats.md), in the cluster's order: store `m` (its seq is
    // assigned here, the same on every hub that applied the same stream), remember the
    // stream position in the same transaction, ack `ackPeer` (0 = none) and relay to the
    // room. false when it could not be stored (the bridge retries it later).
    bool applyBridged(HistoryMessage m, quint64 streamSeq, quint64 ackPeer, const QJsonValue &re);
    void remotePresence(const QString &room, const QString &nick, bool joined);
    void remoteTyping(const QString &room, const QString &nick, bool active);
    HistoryStore &history() { return m_history; }

private:
    // One serialisation and one frame for every member (except `except`).
    void sendToRoom(const QString &room, const QJsonObject &o, quint64 except = 0);
    void leaveRoom(HubPeer &p, const QString &room, bool notifySelf, const QJsonValue &re);

    HubServer &m_server;
    HistoryStore m_history;
    QHash<QString, QList<quint64>> m_members;      // room -> peer ids, join order
};
