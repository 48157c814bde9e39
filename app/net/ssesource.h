// SseSource: a Server-Sent Events feed (text/event-stream over http/https) through
// QNetworkAccessManager. Sends Accept: text/event-stream, the endpoint's headers and, on
// every reconnect, Last-Event-ID; parses with SseParser and hands each event to the
// pipeline as SseParser::message() (unnamed JSON events as is, others wrapped as
// {"event","data"}). Receive-only: sendText() returns false, on-connect messages are not
// sent (said once in the log).
// Reconnects: after the server ended the stream, after the server's "retry" (clamped to
// [backoff floor, 5 min]) or else the backoff; after an error (network, HTTP status, not
// an event stream, stall) the backoff, at least "retry". HTTP 204 stops (spec: the server
// asks clients to stop). A stall is no byte (events or comments) for
// pingIntervalMs x (missedPongsForDead + 1) (30 s by default); 0 disables.
// Bounds: SseParser's (line 1 MiB; event = maxMessageBytes, at most 16 MiB).
// Created by FeedSource::create() (or HttpAutoSource); lives on the ingest thread.
#pragma once
#include "backoff.h"
#include "feedratemeter.h"
#include "feedsource.h"
#include "sseparser.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>

class QNetworkAccessManager;
class QNetworkReply;

class SseSource : public FeedSource
{
    Q_OBJECT
public:
    static constexpr int kMaxRetryMs = 5 * 60 * 1000;

    explicit SseSource(FeedEndpoint endpoint, QObject *parent = nullptr);
    ~SseSource() override;

    const FeedEndpoint &endpoint() const override { return m_endpoint; }
    FeedState state() const override { return m_state; }
    void open() override;
    void close() override;
    bool sendText(const QString &) override { return false; }
    // messages = events delivered; bytes = body bytes received; rtt = time to the
    // response headers of the current stream.
    FeedStats stats() const override;
    void reconnectNow() override;

    QByteArray lastEventId() const { return m_parser.lastEventId(); }
    int stallMs() const;

private:
    void startAttempt();
    void onMetaData();
    void onReadyRead();
    void onFinished();
    void lost(const QString &reason, bool error);
    void fail(const QString &reason);
    void releaseReply();
    void setState(FeedState state, const QString &reason);

    FeedEndpoint m_endpoint;
    FeedState m_state = FeedState::Idle;
    QNetworkAccessManager *m_nam = nullptr;
    QPointer<QNetworkReply> m_reply;
    SseParser m_parser;
    Backoff m_backoff;
    QTimer m_retryTimer;
    QTimer m_stallTimer;       // handshake deadline, then the stall limit
    QTimer m_stableTimer;
    QTimer m_rateTimer;
    QElapsedTimer m_clock;
    qint64 m_requestStartMs = 0;
    FeedRateMeter m_rate;
    FeedStats m_stats;
    QString m_lossReason;      // set when we abort the reply ourselves
    bool m_wantOpen = false;
    bool m_streaming = false;  // the current reply is a 200 text/event-stream
};
