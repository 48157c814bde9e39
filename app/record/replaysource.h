// ReplaySource: a FeedSource that plays one connection of a recording back into the
// normal pipeline (mapping, store, inspector, alerts), as a socket would deliver it.
// Endpoint URL: file:///path/rec.mcap?connection=NAME&speed=1|10|max (FeedSource::create
// picks this source for file: URLs; replayUrl() builds one). Each frame is delivered with
// textMessage/binaryMessage; while it is delivered, recordedArrivalMs() returns the time
// it originally arrived, which the pipeline uses instead of its clock, so samples timed
// by arrival keep their recorded times.
// Pacing: frame k is due at start + (logTime_k - logTime_0) / speed (wall clock, shifted
// by pauses); "max" delivers as fast as the pipeline takes them, MaxPerTurn frames per
// event-loop turn so the thread still stops and reports. Progress (bytes read / file
// size) and the end are reported at most every ProgressIntervalMs; a recording cut by a
// crash replays up to its last whole record and ends in Closed with the reason.
// Lives on the connection's ingest thread; control it with queued calls (setPaused).
#pragma once
#include "feedsource.h"
#include "mcapreader.h"

#include <QElapsedTimer>
#include <QHash>
#include <QTimer>
#include <memory>

class ReplaySource : public FeedSource
{
    Q_OBJECT
public:
    static constexpr int MaxPerTurn = 4096;
    static constexpr int ProgressIntervalMs = 100;

    explicit ReplaySource(FeedEndpoint endpoint, QObject *parent = nullptr);
    ~ReplaySource() override;

    // speed: 1, 10, ... (> 0); 0 = as fast as possible.
    static QUrl replayUrl(const QString &path, const QString &connection, double speed);
    // "1", "10", "max" (also "1x", "10x") -> speed as above; false for anything else.
    static bool parseSpeed(const QString &text, double *speed);

    const FeedEndpoint &endpoint() const override { return m_endpoint; }
    FeedState state() const override { return m_state; }
    void open() override;
    void close() override;
    bool sendText(const QString &message) override;
    FeedStats stats() const override;
    void reconnectNow() override {}
    qint64 recordedArrivalMs() const override { return m_currentArrivalMs; }

    double speed() const { return m_speed; }
    double progress() const;

public Q_SLOTS:
    void setPaused(bool paused);

Q_SIGNALS:
    // Throttled; fraction 0..1 of the file read.
    void progressChanged(double fraction);
    // Once, at the end: complete = the file ended cleanly; message says what was replayed
    // and, for a cut or damaged file, where it stopped.
    void finished(bool complete, const QString &message);

private:
    void pump();
    void setState(FeedState state, const QString &reason);
    void finish(McapReader::Next how);
    void reportProgress(bool force);

    FeedEndpoint m_endpoint;
    QString m_path;
    QString m_connection;
    double m_speed = 1;
    std::unique_ptr<McapReader> m_reader;
    enum class Kind { Other, Text, Binary };
    QHash<quint16, Kind> m_kinds;   // per channel id, learnt on first use
    McapReader::Message m_pending;
    bool m_hasPending = false;
    Kind m_pendingKind = Kind::Other;   // m_pending's channel kind
    bool m_paused = false;
    bool m_started = false;
    qint64 m_firstLogMs = 0;
    QElapsedTimer m_clock;
    qint64 m_clockShiftMs = 0;   // paused time, added to the schedule
    qint64 m_pausedAt = 0;
    QTimer m_timer;
    QElapsedTimer m_progressClock;
    FeedState m_state = FeedState::Idle;
    qint64 m_currentArrivalMs = -1;
    qint64 m_messages = 0;
    qint64 m_bytes = 0;
    qint64 m_binaryFrames = 0;
    QString m_lastError;
};
