// HttpPollSource: a JSON URL polled with GET every pollIntervalMs through
// QNetworkAccessManager, with the endpoint's headers, If-None-Match (ETag) and
// If-Modified-Since (Last-Modified): a 304 delivers nothing; a 200 delivers its body as
// one message. Errors (network, HTTP 4xx/5xx, no response within handshakeTimeoutMs, a
// body over maxMessageBytes) say what happened and retry after the backoff (at least the
// poll interval), then polling resumes at the interval. A Content-Type that is not JSON is
// reported (once per type); the body is still handed on (the pipeline counts what does
// not parse). Receive-only: sendText() returns false.
// States: Connecting until the first answer, Live while answers come, Reconnecting while
// waiting after an error.
// Bounds: one response body <= maxMessageBytes (Content-Length checked first, then the
// bytes as they arrive); one request at a time.
// Created by FeedSource::create() (or HttpAutoSource); lives on the ingest thread.
#pragma once
#include "backoff.h"
#include "feedratemeter.h"
#include "feedsource.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>

class QNetworkAccessManager;
class QNetworkReply;

class HttpPollSource : public FeedSource
{
    Q_OBJECT
public:
    static constexpr int kMinIntervalMs = 100;

    explicit HttpPollSource(FeedEndpoint endpoint, QObject *parent = nullptr);
    ~HttpPollSource() override;

    const FeedEndpoint &endpoint() const override { return m_endpoint; }
    FeedState state() const override { return m_state; }
    void open() override;
    void close() override;
    bool sendText(const QString &) override { return false; }
    // messages = 200 responses delivered; bytes = their bodies; rtt = the last request's
    // time to its response headers; reconnects = retries after errors.
    FeedStats stats() const override;
    void reconnectNow() override;

    qint64 polls() const { return m_polls; }
    qint64 notModified() const { return m_notModified; }

private:
    void poll();
    void onMetaData();
    void onReadyRead();
    void onFinished();
    void failed(const QString &reason);
    void fail(const QString &reason);
    void releaseReply();
    void setState(FeedState state, const QString &reason);
    int intervalMs() const;
    qint64 limit() const;

    FeedEndpoint m_endpoint;
    FeedState m_state = FeedState::Idle;
    QNetworkAccessManager *m_nam = nullptr;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_body;
    QByteArray m_etag;
    QByteArray m_lastModified;
    QByteArray m_reportedType;   // the non-JSON content type already reported
    Backoff m_backoff;
    QTimer m_pollTimer;
    QTimer m_timeoutTimer;
    QTimer m_rateTimer;
    QElapsedTimer m_clock;
    qint64 m_requestStartMs = 0;
    FeedRateMeter m_rate;
    FeedStats m_stats;
    QString m_abortReason;
    qint64 m_polls = 0;
    qint64 m_notModified = 0;
    bool m_wantOpen = false;
    bool m_retrying = false;     // the pending poll is a retry after an error
};
