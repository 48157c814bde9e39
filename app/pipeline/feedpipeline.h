// FeedPipeline: the ingest side of one connection. Lives on that connection's ingest
// thread and owns the FeedSource (socket) and the SampleMapper. For every frame (UTF-8
// bytes, parsed and logged as bytes, never decoded to a QString on this thread):
// map -> MessageLog, then SeriesStore::appendBatch -> optional SampleSink, all on the
// ingest thread, so the GUI thread only ever reads coalesced state at frame rate.
// Frames from the socket are mapped as they arrive and their samples stored once per
// event-loop turn (one store lock for everything one socket read delivered), or as
// soon as kMaxPendingSamples are waiting; ingestText() stores at once.
// Stats are merged and published to the GUI every statsIntervalMs (default 250 ms).
// Created and driven by FeedConnection; tests and benchmarks may drive it directly.
#pragma once
#include "feedsource.h"
#include "feedprofile.h"
#include "samplemapper.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class SeriesStore;
class MessageLog;
class SampleSink;

class FeedPipeline : public QObject
{
    Q_OBJECT
public:
    FeedPipeline(QString connectionName, FeedProfile profile, SeriesStore *store,
                 MessageLog *log = nullptr, SampleSink *sink = nullptr, QObject *parent = nullptr);
    ~FeedPipeline() override;

    FeedSource *client() const { return m_client; }
    FeedStats stats() const;
    const QString &connectionName() const { return m_name; }
    // The arrival time the frame being delivered was mapped with (the socket read's
    // clock, or a replay's recorded time); SessionRecorder records frames with it.
    qint64 frameArrivalMs() const { return m_frameArrivalMs; }

public Q_SLOTS:
    void start();
    void stop();
    void sendText(const QString &message);
    void setStatsInterval(int ms);

    // The per-frame path, storing at once; public so tests and benchmarks can feed
    // frames without a socket. ingestUtf8 is what the feed source delivers; ingestText
    // is for callers holding text (mapped as its UTF-8).
    void ingestUtf8(const QByteArray &message);
    void ingestText(const QString &message);
    void ingestBinary(const QByteArray &message);

Q_SIGNALS:
    void statsChanged(const FeedStats &stats);
    void stateChanged(FeedState state, const QString &reason);

public:
    static constexpr qsizetype kMaxPendingSamples = 4096;

private:
    void onTextMessage(const QByteArray &utf8);
    void mapFrame(const QByteArray &utf8, qint64 now);
    void flushBatch();
    void storeBatch();
    void publishStats();

    QString m_name;
    SampleMapper m_mapper;
    QPointer<SeriesStore> m_store;
    MessageLog *m_log = nullptr;
    SampleSink *m_sink = nullptr;
    FeedSource *m_client = nullptr;
    QTimer m_statsTimer;
    SampleBatch m_batch;     // samples not yet stored; reused to avoid reallocations
    bool m_flushQueued = false;   // also: m_turnClock is valid for this event-loop turn
    qint64 m_turnClock = 0;       // arrival time of the frames of one socket read
    qint64 m_frameArrivalMs = 0;  // arrival time the last frame was mapped with
    qint64 m_samples = 0;
    qint64 m_unparsed = 0;
    qint64 m_unmapped = 0;
    qint64 m_dropped = 0;
};
