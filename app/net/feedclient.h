// FeedClient: owns one WsClient (our RFC 6455 client on a QSslSocket) and everything about
// that connection: TLS checks (CA verification or a SHA-256 pin, checked before any header
// is sent), headers and subprotocols, proxy (system/explicit, HTTP CONNECT), deflate offer,
// size limits, heartbeat with RTT, auto-reconnect with jittered backoff, on-connect
// messages, counters.
// It does not parse: it hands frames to whoever listens (FeedPipeline, on the same thread).
// Lives on whatever thread it is created/moved to; all its work happens there: the socket
// is created in open(), and every timer is a child of this object, so moveToThread()
// before open() moves everything.
//
// States: Idle -> Connecting -> Live -> Reconnecting (waiting) -> Connecting -> ...
// Failed: a configuration or TLS trust problem (retrying cannot help), or autoReconnect off.
// Closed: close() was called.
#pragma once
#include "backoff.h"
#include "feedendpoint.h"
#include "feedstats.h"
#include "feedratemeter.h"
#include "feedsource.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QSslError;
class WsClient;

class FeedClient : public FeedSource
{
    Q_OBJECT
public:
    explicit FeedClient(FeedEndpoint endpoint, QObject *parent = nullptr);
    ~FeedClient() override;

    const FeedEndpoint &endpoint() const override { return m_endpoint; }
    FeedState state() const override { return m_state; }

    void open() override;                              // connect (and keep reconnecting if enabled)
    void close() override;                             // graceful close, no reconnect
    bool sendText(const QString &message) override;    // false when not Live
    void reconnectNow() override;

    // Counters owned by the client (frames/bytes/rtt/reconnects/lastError/state).
    // The pipeline adds samples/unparsed/unmapped to its own copy.
    // messages/bytes count text and binary messages; bytes are the message's (inflated)
    // UTF-8 bytes.
    // reconnects counts attempts started after a loss; dropped counts oversize messages.
    // Rates are over the last ~1 s, sampled every 500 ms.
    FeedStats stats() const override;

    // For tests/benchmarks: seed the jitter RNG (0 = random).
    void setBackoffSeed(quint32 seed);

private:
    QString hostPort() const;
    void startAttempt();
    void releaseSocket(bool graceful);
    void connectionLost(const QString &reason, bool retry);
    void fail(const QString &reason);
    void setState(FeedState state, const QString &reason);

    // WsClient signal handlers (always for the current one: old ones are disconnected)
    void onConnected();
    void onDisconnected();
    void onSslErrors(const QList<QSslError> &errors);
    void onText(const QByteArray &utf8);
    void onBinary(const QByteArray &message);
    void onPong(const QByteArray &payload);
    // timers
    void onPingTick();
    void onHandshakeTimeout();
    void onRateTick();

    FeedEndpoint m_endpoint;
    FeedState m_state = FeedState::Idle;
    QPointer<WsClient> m_socket;     // the current connection; closing ones stay children until done
    Backoff m_backoff;
    QTimer m_retryTimer;
    QTimer m_pingTimer;
    QTimer m_handshakeTimer;
    QTimer m_stableTimer;
    QTimer m_rateTimer;
    QElapsedTimer m_clock;          // monotonic time base for pings, pongs and rates
    QByteArray m_pin;               // raw 32-byte SHA-256 pin, empty = CA verification
    qint64 m_lastPongMs = 0;        // m_clock time of the last pong (or of connecting)
    int m_missedPongs = 0;
    bool m_pingOutstanding = false;
    bool m_wantOpen = false;
    QString m_tlsRefusal;           // set when the TLS check refused the current socket
    FeedStats m_stats;
    FeedRateMeter m_rateMeter;      // messages/s, bytes/s over the last ~1 s
};
