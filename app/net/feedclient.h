// FeedClient: owns one QWebSocket and everything about that connection: TLS checks
// (CA verification or a SHA-256 pin), headers and subprotocols, size limits, heartbeat
// with RTT, auto-reconnect with jittered backoff, on-connect messages, counters.
// It does not parse: it hands frames to whoever listens (FeedPipeline, on the same thread).
// Lives on whatever thread it is created/moved to; all its work happens there.
#pragma once
#include "backoff.h"
#include "feedendpoint.h"
#include "feedstats.h"

#include <QAbstractSocket>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QWebSocket;
class QSslError;

class FeedClient : public QObject
{
    Q_OBJECT
public:
    explicit FeedClient(FeedEndpoint endpoint, QObject *parent = nullptr);
    ~FeedClient() override;

    const FeedEndpoint &endpoint() const { return m_endpoint; }
    FeedState state() const { return m_state; }

    void open();                              // connect (and keep reconnecting if enabled)
    void close();                             // graceful close, no reconnect
    bool sendText(const QString &message);    // false when not Live

    // Counters owned by the client (frames/bytes/rtt/reconnects/lastError/state).
    // The pipeline adds samples/unparsed/unmapped to its own copy.
    FeedStats stats() const;

    // For tests/benchmarks: seed the jitter RNG (0 = random).
    void setBackoffSeed(quint32 seed);

Q_SIGNALS:
    void stateChanged(FeedState state, const QString &reason);
    void textFrame(const QString &message);
    void binaryFrame(const QByteArray &message);
    void errorText(const QString &message);     // human-readable: what happened, what to do
    void reconnectScheduled(int attempt, int delayMs);
    void rttMeasured(double ms);

private:
    // implemented in feedclient.cpp
    FeedEndpoint m_endpoint;
    FeedState m_state = FeedState::Idle;
    QPointer<QWebSocket> m_socket;
    Backoff m_backoff;
    QTimer m_retryTimer;
    QTimer m_pingTimer;
    QTimer m_handshakeTimer;
    QTimer m_stableTimer;
    QElapsedTimer m_pingSent;
    int m_missedPongs = 0;
    bool m_wantOpen = false;
    FeedStats m_stats;
};
