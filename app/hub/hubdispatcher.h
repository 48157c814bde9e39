// HubDispatcher: the envelope protocol on the hub side (docs/protocol.md §4-§8). HubServer
// hands it every text message of a "/" connection; it rate-limits, validates, and acts:
// hello and challenge-response login, rooms and presence, stored and sequenced room
// messages with replay on join, private messages, typing, topic publish/subscribe.
// It owns the nickname and room registries, the HistoryStore and the AuthGuard, and talks
// back only through HubServer (sendText/closePeer/logRejection), never to sockets.
#pragma once
#include "authguard.h"
#include "historystore.h"
#include "hubenvelope.h"

#include <QHash>
#include <QList>
#include <QString>

class HubServer;
struct HubPeer;

class HubDispatcher
{
public:
    explicit HubDispatcher(HubServer &server);

    bool start(QString *error);                    // open history, derive the password key
    void handle(HubPeer &peer, const QByteArray &utf8);
    void peerGone(HubPeer &peer);                  // leave rooms (presence), free the nickname
    // Fan `data` out to the topic's envelope subscribers and raw streams.
    void deliverSample(const QString &topic, const QString &from, const QJsonValue &data,
                       const QByteArray &rawJson);

    const HistoryStore &history() const { return m_history; }
    QStringList nicknames() const;
    quint64 peerIdForNick(const QString &nick) const;   // 0 = nobody
    int roomCount() const;

private:
    using Handler = void (HubDispatcher::*)(HubPeer &, const Envelope &);
    void onHello(HubPeer &p, const Envelope &e);
    void onAuth(HubPeer &p, const Envelope &e);
    void onJoin(HubPeer &p, const Envelope &e);
    void onLeave(HubPeer &p, const Envelope &e);
    void onRooms(HubPeer &p, const Envelope &e);
    void onUsers(HubPeer &p, const Envelope &e);
    void onSay(HubPeer &p, const Envelope &e);
    void onPm(HubPeer &p, const Envelope &e);
    void onTyping(HubPeer &p, const Envelope &e);
    void onPublish(HubPeer &p, const Envelope &e);
    void onSubscribe(HubPeer &p, const Envelope &e);
    void onUnsubscribe(HubPeer &p, const Envelope &e);
    void onPing(HubPeer &p, const Envelope &e);

    void welcome(HubPeer &p, const QJsonValue &re, const QString &serverProof);
    void send(HubPeer &p, const QJsonObject &o);
    void sendToRoom(const QString &room, const QJsonObject &o, quint64 except = 0);
    void reject(HubPeer &p, const HubError &err, const QJsonValue &re, int closeCode = 0);
    bool checkRate(HubPeer &p);
    bool isMember(const HubPeer &p, const QString &room) const;
    void leaveRoom(HubPeer &p, const QString &room, bool notifySelf, const QJsonValue &re);

    HubServer &m_server;
    HistoryStore m_history;
    AuthGuard m_guard;
    QByteArray m_salt;
    QByteArray m_key;                              // PBKDF2 of the password; empty = open hub
    QHash<QString, quint64> m_nicks;               // nickKey -> peer id (past welcome)
    QHash<QString, QList<quint64>> m_members;      // room -> peer ids, join order
    QHash<QString, Handler> m_handlers;
};
