// HubDispatcher: the envelope protocol's entry point on the hub (docs/protocol.md §2-§8).
// HubServer hands it every text message of a "/" connection; it rate-limits, parses,
// checks the session phase and routes: the session itself (hello, challenge-response
// login, welcome, nicknames, users, private messages, ping) is handled here, rooms and
// chat by HubRooms, data topics by HubTopics. It owns those two and the AuthGuard, and
// talks back only through HubServer (sendText/closePeer/logRejection), never to sockets.
#pragma once
#include "authguard.h"
#include "hubenvelope.h"
#include "hubrooms.h"
#include "hubtopics.h"

#include <QHash>
#include <QString>
#include <functional>

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
                       const QByteArray &rawJson)
    {
        m_topics.deliverSample(topic, from, data, rawJson);
    }

    const HistoryStore &history() const { return m_rooms.history(); }
    HubRooms &rooms() { return m_rooms; }   // the cluster bridge applies remote events here
    QStringList nicknames() const;
    quint64 peerIdForNick(const QString &nick) const;   // 0 = nobody
    int roomCount() const { return m_rooms.roomCount(); }

private:
    using Handler = std::function<void(HubPeer &, const Envelope &)>;
    void onHello(HubPeer &p, const Envelope &e);
    void onAuth(HubPeer &p, const Envelope &e);
    void onUsers(HubPeer &p, const Envelope &e);
    void onPm(HubPeer &p, const Envelope &e);
    void onPing(HubPeer &p, const Envelope &e);
    void welcome(HubPeer &p, const QJsonValue &re, const QString &serverProof);
    bool checkRate(HubPeer &p, const QJsonValue &re);

    HubServer &m_server;
    HubRooms m_rooms;
    HubTopics m_topics;
    AuthGuard m_guard;
    QByteArray m_salt;
    QByteArray m_key;                              // PBKDF2 of the password; empty = open hub
    QHash<QString, quint64> m_nicks;               // nickKey -> peer id (past welcome)
    QHash<QString, Handler> m_handlers;            // bounded: the protocol's client types
};
