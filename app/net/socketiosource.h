// SocketIoSource: a Socket.IO v4 feed. Engine.IO v4 over WebSocket
// (/socket.io/?EIO=4&transport=websocket) carried by a FeedClient it owns (composition:
// TLS, pins, headers, proxy, limits, WebSocket ping RTT and reconnect-after-loss are
// FeedClient's). On top it answers the server's Engine.IO ping "2" with "3", declares the
// link dead when no ping came within pingInterval + pingTimeout, joins the namespace
// with "40" + the auth object, and hands each "42" event of that namespace to the
// pipeline as {"event":"<name>","data":<first arg>,"args":[<all args>]} (EngineIoParser).
// Events that ask for an ack get an empty one. sendText() and the on-connect messages are
// emitted as events: a JSON array ["name", args...] as is, anything else as
// ["message", <text>].
// URLs: socketio:// -> ws://, socketios:// -> wss://, http(s)/ws(s) with transport
// SocketIo. Path "" or "/" = the default "/socket.io/"; a path ending in "socket.io[/]" is
// the server's custom Engine.IO path; any other path names the namespace (as the
// Socket.IO client reads io("https://host/prices")) unless socketIoNamespace is set.
// Losses the WebSocket sees are retried by the FeedClient's backoff; losses only
// Socket.IO sees (no ping, server "41"/"1", malformed handshake) close the WebSocket and
// retry with this source's own Backoff (same policy); a refused namespace ("44",
// e.g. bad auth) fails: retrying with the same auth cannot help.
// Created by FeedSource::create(); lives on the ingest thread like FeedClient.
#pragma once
#include "backoff.h"
#include "engineioparser.h"
#include "feedratemeter.h"
#include "feedsource.h"

#include <QElapsedTimer>
#include <QTimer>

class FeedClient;

class SocketIoSource : public FeedSource
{
    Q_OBJECT
public:
    explicit SocketIoSource(FeedEndpoint endpoint, QObject *parent = nullptr);
    ~SocketIoSource() override;

    const FeedEndpoint &endpoint() const override { return m_endpoint; }
    FeedState state() const override { return m_state; }
    void open() override;
    void close() override;
    bool sendText(const QString &message) override;
    // messages = Socket.IO events delivered; bytes = every Engine.IO frame received
    // (pings included); rtt = the WebSocket ping's; reconnects = both layers'.
    FeedStats stats() const override;
    void reconnectNow() override;

    // The WebSocket URL and namespace an endpoint maps to (tested on their own).
    static QUrl engineUrl(const FeedEndpoint &endpoint);
    static QString namespaceFor(const FeedEndpoint &endpoint);
    static QString problem(const FeedEndpoint &endpoint); // empty = usable

private:
    void onInnerState(FeedState state, const QString &reason);
    void onFrame(const QByteArray &utf8);
    void onSocketIo(QByteArrayView data);
    void onJoined();
    void drop(const QString &reason);       // Socket.IO-level loss: close, retry with backoff
    void fail(const QString &reason);
    void setState(FeedState state, const QString &reason);
    void report(const QString &message);
    bool sendPacket(const QByteArray &packet);
    QByteArray eventPayload(const QString &message) const;

    FeedEndpoint m_endpoint;
    QString m_nsp;
    FeedClient *m_ws = nullptr;
    FeedState m_state = FeedState::Idle;
    Backoff m_backoff;
    QTimer m_retryTimer;
    QTimer m_deadTimer;        // handshake deadline, then pingInterval + pingTimeout
    QTimer m_stableTimer;
    QTimer m_rateTimer;
    QElapsedTimer m_clock;
    FeedRateMeter m_rate;
    FeedStats m_stats;
    EngineIoOpen m_open;
    int m_ownReconnects = 0;
    int m_reportedErrors = 0;  // malformed packets reported since Live (reports capped)
    bool m_wantOpen = false;
    bool m_joined = false;
};
