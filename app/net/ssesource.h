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
// Stats: messages = events delivered; bytes = body bytes received; rtt = time to the
// response headers of the current stream.
// What a response head means is HttpFeedResponse::judgeSse (pure, fuzzed); the request,
// timers and states are HttpFeedSource's.
// Bounds: SseParser's (line 1 MiB; event = maxMessageBytes, at most 16 MiB).
// Created by FeedSource::create() (or HttpAutoSource); lives on the ingest thread.
#pragma once
#include "httpfeedresponse.h"
#include "httpfeedsource.h"
#include "sseparser.h"

class SseSource : public HttpFeedSource
{
    Q_OBJECT
public:
    static constexpr int kMaxRetryMs = HttpFeedResponse::kMaxSseRetryMs;

    explicit SseSource(FeedEndpoint endpoint, QObject *parent = nullptr);
    ~SseSource() override;

    void open() override;

    QByteArray lastEventId() const { return m_parser.lastEventId(); }
    int stallMs() const;

private:
    void request() override;
    void onMetaData() override;
    void onReadyRead() override;
    void onFinished() override;
    void released() override;
    void lost(const QString &reason, bool error);

    SseParser m_parser;
    QTimer m_stableTimer;
    QString m_lossReason;      // set when we abort the reply ourselves
    bool m_streaming = false;  // the current reply is a 200 text/event-stream
};
