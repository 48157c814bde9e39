// FeedEndpoint: everything needed to open (and re-open) one feed connection.
// Plain value type, filled from the command line, a profile or the UI.
#pragma once
#include "backoff.h"
#include <QByteArray>
#include <QList>
#include <QPair>
#include <QStringList>
#include <QUrl>

// How a feed's messages arrive. Auto picks from the URL scheme: ws/wss = WebSocket,
// socketio/socketios = Socket.IO v4 (Engine.IO over WebSocket), http/https = decided by the
// first response's Content-Type (text/event-stream = SSE, anything else = polling).
enum class FeedTransport { Auto, WebSocket, SocketIo, Sse, HttpPoll };

struct FeedEndpoint
{
    QUrl url;                                          // ws/wss, socketio/socketios, http/https
    FeedTransport transport = FeedTransport::Auto;
    int pollIntervalMs = 5'000;                        // HttpPoll: time between GETs (backoff on errors)
    QString socketIoNamespace = QStringLiteral("/");   // SocketIo: namespace joined with "40"
    QByteArray socketIoAuth;                           // SocketIo: JSON object sent with the connect packet; empty = none
    bool useSystemProxy = true;                        // QNetworkProxyFactory::systemProxyForQuery (HTTP CONNECT, also for wss)
    bool offerDeflate = true;                          // WebSocket: offer permessage-deflate (RFC 7692)
    QUrl proxy;                                        // explicit http://[user:pass@]host:port or socks5://; empty = application/system proxy
    QList<QPair<QByteArray, QByteArray>> headers;      // extra request headers, e.g. Authorization
    QStringList subprotocols;                          // Sec-WebSocket-Protocol offers
    QStringList onConnect;                             // text frames sent after every (re)connect
    QByteArray pinnedSha256;                           // hex SHA-256 of the server cert (DER); empty = normal CA verification
    bool verifyTls = true;                             // false only with an explicit pin (pin replaces CA check)
    qint64 maxMessageBytes = 16 * 1024 * 1024;         // incoming message limit (Qt default is ~2 GiB)
    qint64 maxFrameBytes = 16 * 1024 * 1024;           // incoming frame limit
    int pingIntervalMs = 10'000;                       // heartbeat period; 0 disables
    int missedPongsForDead = 2;                        // pongs missed before the link is declared dead
    int handshakeTimeoutMs = 15'000;                   // connecting longer than this counts as a failure
    int stableAfterMs = 10'000;                        // connected this long => backoff resets
    bool autoReconnect = true;
    BackoffPolicy backoff;
};
