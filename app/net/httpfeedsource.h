// HttpFeedSource: what SseSource and HttpPollSource share as FeedSources over
// QNetworkAccessManager: the endpoint and its checks, the manager configured once (proxy,
// redirects: HttpFeedRequest), one reply at a time with its TLS guard and its deadline timer,
// the retry timer, the backoff, the rate meter and stats, the state changes, a final
// failure and a graceful close. The subclasses decide what a reply means (readReply...) and
// when to try again; they connect the two timers to their own handlers.
// Lives on the ingest thread like its subclasses.
#pragma once
#include "backoff.h"
#include "feedratemeter.h"
#include "feedsource.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

class HttpFeedSource : public FeedSource
{
    Q_OBJECT
public:
    explicit HttpFeedSource(FeedEndpoint endpoint, QObject *parent = nullptr);
    ~HttpFeedSource() override;

    const FeedEndpoint &endpoint() const override { return m_endpoint; }
    FeedState state() const override { return m_state; }
    void close() override;
    bool sendText(const QString &) override { return false; }
    FeedStats stats() const override;
    // While waiting to retry: count a reconnect and request now.
    void reconnectNow() override;

protected:
    // open()'s common start: false (and Failed) when the endpoint cannot be used; else the
    // rate meter runs and on-connect messages are said to be unsent (`why`: the transport).
    bool beginOpen(const QString &why);
    virtual void request() = 0;                 // start the next GET (retry timer, reconnectNow)
    // Sends the GET with the endpoint's TLS guard and the three reply signals wired to
    // onMetaData / onReadyRead / onFinished; the deadline timer starts.
    void get(const QNetworkRequest &request);
    virtual void onMetaData() = 0;
    virtual void onReadyRead() = 0;
    virtual void onFinished() = 0;
    virtual void released() {}                  // after releaseReply(): the subclass's own reset
    void releaseReply();
    void setState(FeedState state, const QString &reason);
    void fail(const QString &reason);            // Failed, no retry

    FeedEndpoint m_endpoint;
    FeedState m_state = FeedState::Idle;
    QNetworkAccessManager *m_nam = nullptr;
    QPointer<QNetworkReply> m_reply;
    Backoff m_backoff;
    QTimer m_retryTimer;       // single shot: the next request
    QTimer m_deadlineTimer;    // single shot: started with each request (handshakeTimeoutMs)
    QTimer m_rateTimer;
    QElapsedTimer m_clock;
    qint64 m_requestStartMs = 0;
    FeedRateMeter m_rate;
    FeedStats m_stats;
    bool m_wantOpen = false;
};
