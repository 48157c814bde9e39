// HttpPollSource: a JSON URL polled with GET every pollIntervalMs through
// QNetworkAccessManager, with the endpoint's headers, If-None-Match (ETag) and
// If-Modified-Since (Last-Modified): a 304 delivers nothing; a 200 delivers its body as
// one message. Errors (network, HTTP 4xx/5xx, no response within handshakeTimeoutMs, a
// body over maxMessageBytes) say what happened and retry after the backoff (at least the
// poll interval, and at least the server's Retry-After on a 429 or 503), then polling
// resumes at the interval. A Content-Type that is not JSON is reported (once per type);
// the body is still handed on (the pipeline counts what does not parse). What an answer
// means is PollResponse's (pure, fuzzed); the request, timers and states are HttpFeedSource's.
// Receive-only: sendText() returns false.
// States: Connecting until the first answer, Live while answers come, Reconnecting while
// waiting after an error.
// Stats: messages = 200 responses delivered; bytes = their bodies; rtt = the last
// request's time to its response headers; reconnects = retries after errors.
// Bounds: one response body <= maxMessageBytes (Content-Length checked first, then the
// bytes as they arrive); one request at a time.
// Created by FeedSource::create() (or HttpAutoSource); lives on the ingest thread.
#pragma once
#include "httpfeedsource.h"
#include "pollresponse.h"

class HttpPollSource : public HttpFeedSource
{
    Q_OBJECT
public:
    static constexpr int kMinIntervalMs = 100;

    explicit HttpPollSource(FeedEndpoint endpoint, QObject *parent = nullptr);
    ~HttpPollSource() override;

    void open() override;

    qint64 polls() const { return m_polls; }
    qint64 notModified() const { return m_notModified; }

private:
    void request() override;
    void onMetaData() override;
    void onReadyRead() override;
    void onFinished() override;
    void released() override;
    void failed(const QString &reason);
    int intervalMs() const;
    PollResponse::Head head() const;

    PollResponse m_response;
    QString m_abortReason;
    qint64 m_polls = 0;
    qint64 m_notModified = 0;
    bool m_retrying = false;     // the pending poll is a retry after an error
};
