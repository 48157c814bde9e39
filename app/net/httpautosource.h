// HttpAutoSource: an http(s) feed whose transport is Auto. The first GET (Accept:
// text/event-stream, application/json) decides by its Content-Type: text/event-stream
// -> SseSource, anything else -> HttpPollSource; the probe is then dropped (its body is
// not read) and the chosen source opens and is forwarded as is (signals, stats, state).
// A probe that fails (network, HTTP error, timeout) is retried with the backoff like any
// other loss and reported in the same words. The decision holds for the object's life.
// Created by FeedSource::create(); lives on the ingest thread.
#pragma once
#include "backoff.h"
#include "feedsource.h"

#include <QPointer>
#include <QTimer>

class QNetworkAccessManager;
class QNetworkReply;

class HttpAutoSource : public FeedSource
{
    Q_OBJECT
public:
    explicit HttpAutoSource(FeedEndpoint endpoint, QObject *parent = nullptr);
    ~HttpAutoSource() override;

    const FeedEndpoint &endpoint() const override { return m_endpoint; }
    FeedState state() const override;
    void open() override;
    void close() override;
    bool sendText(const QString &message) override;
    FeedStats stats() const override;
    void reconnectNow() override;

    // Sse or HttpPoll once decided, Auto before.
    FeedTransport chosen() const { return m_chosen; }

private:
    void probe();
    void onProbeHeaders();
    void onProbeFinished();
    void choose(FeedTransport transport);
    void probeFailed(const QString &reason);
    void setState(FeedState state, const QString &reason);

    FeedEndpoint m_endpoint;
    FeedTransport m_chosen = FeedTransport::Auto;
    FeedSource *m_inner = nullptr;
    QNetworkAccessManager *m_nam = nullptr;
    QPointer<QNetworkReply> m_probe;
    Backoff m_backoff;
    QTimer m_retryTimer;
    QTimer m_timeoutTimer;
    FeedState m_state = FeedState::Idle;
    FeedStats m_stats;
    QString m_probeError;
    bool m_wantOpen = false;
};
