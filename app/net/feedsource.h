// FeedSource: what the ingest pipeline needs from any feed connection, whatever carries
// it (WebSocket, Socket.IO, Server-Sent Events, HTTP polling). A source owns its socket or
// requests, reconnects by itself and counts its traffic; it does not parse: it hands each
// complete message, as UTF-8 bytes, to whoever listens (FeedPipeline, on the same thread).
// create() picks the implementation from FeedEndpoint::transport and the URL scheme.
// States and their meaning are FeedState's (feedstats.h), the same for every transport.
#pragma once
#include "feedendpoint.h"
#include "feedstats.h"

#include <QByteArray>
#include <QObject>
#include <QString>

class FeedSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~FeedSource() override = default;

    // The implementation for endpoint (FeedClient for ws/wss); never null.
    static FeedSource *create(const FeedEndpoint &endpoint, QObject *parent = nullptr);

    virtual const FeedEndpoint &endpoint() const = 0;
    virtual FeedState state() const = 0;
    virtual void open() = 0;                            // connect, and keep reconnecting if enabled
    virtual void close() = 0;                           // graceful close, no reconnect
    virtual bool sendText(const QString &message) = 0;  // false when the source cannot send now
    virtual FeedStats stats() const = 0;                // counters; the pipeline adds its own
    // While waiting to retry (Reconnecting): try now instead of at the end of the backoff
    // delay; the backoff itself is kept (a failure waits as long as it would have). No-op
    // in any other state.
    virtual void reconnectNow() = 0;
    // The arrival time (epoch ms) of the message being delivered right now, or -1 when
    // it arrived now (live sources). A replay (ReplaySource) returns the recorded time, so
    // the pipeline stamps samples timed by arrival with the original times.
    virtual qint64 recordedArrivalMs() const { return -1; }

Q_SIGNALS:
    void stateChanged(FeedState state, const QString &reason);
    void textMessage(const QByteArray &utf8);           // one whole message, valid UTF-8
    void binaryMessage(const QByteArray &message);
    void errorText(const QString &message);             // human-readable: what happened, what to do
    void reconnectScheduled(int attempt, int delayMs);
    void rttMeasured(double ms);
};
