// HubPeer: what the hub knows about one established WebSocket connection: its socket,
// address, route, protocol phase, nickname, rooms and topics, rate limiter and counters.
// Owned by HubServer (one per connection); the dispatcher reads and updates it. Not a
// QObject: the link's signals are connected by HubServer with the peer id captured.
#pragma once
#include "tokenbucket.h"

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QSet>
#include <QString>

class HubLink;

struct HubPeer
{
    enum class Kind { Chat, TopicStream };
    enum class Phase { AwaitHello, AwaitAuth, Ready, Closing };

    quint64 id = 0;
    Kind kind = Kind::Chat;
    Phase phase = Phase::AwaitHello;
    HubLink *link = nullptr;           // the connection (RawWsLink for ws, TlsWsLink for wss)
    bool flushQueued = false;          // in HubServer's end-of-turn flush list
    QHostAddress address;
    quint16 port = 0;
    QDateTime connectedSince;
    qint64 connectedMs = 0;            // monotonic clock at upgrade (hello timeout)

    QString nick;                      // set by hello (kept while AwaitAuth)
    QSet<QString> rooms;
    QSet<QString> topics;
    QByteArray serverNonce;            // challenge nonce while AwaitAuth
    TokenBucket bucket;

    qint64 messagesIn = 0;
    qint64 bytesIn = 0;
    qint64 messagesOut = 0;
    qint64 bytesOut = 0;

    QString peerText() const { return addressText(address, port); }
    // "addr:port" ("[v6]:port") for logs and the host view.
    static QString addressText(const QHostAddress &address, quint16 port)
    {
        const QString a = address.toString();
        return (address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + a + u']' : a)
               + u':' + QString::number(port);
    }
};
