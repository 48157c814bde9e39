// FeedConnection: the GUI-thread handle of one live feed. It starts an ingest thread,
// creates the FeedPipeline (socket + mapper) there, and mirrors the pipeline's stats as
// QML properties, updated a few times per second (never per message). QML, the headless
// runner and tests create these; the pipeline never touches GUI objects.
#pragma once
#include "feedprofile.h"
#include "feedstats.h"

#include <QObject>
#include <QPointer>
#include <QThread>
#include <QtQml/qqmlregistration.h>

class FeedPipeline;
#include "messagelog.h"
class SampleSink;
class SeriesStore;

class FeedConnection : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Create connections through the Dashboard")
    Q_PROPERTY(QString name READ name CONSTANT)
    Q_PROPERTY(QString url READ url CONSTANT)
    Q_PROPERTY(QString state READ stateName NOTIFY statsChanged)
    Q_PROPERTY(bool live READ isLive NOTIFY statsChanged)
    Q_PROPERTY(double rttMs READ rttMs NOTIFY statsChanged)
    Q_PROPERTY(double messagesPerSec READ messagesPerSec NOTIFY statsChanged)
    Q_PROPERTY(double bytesPerSec READ bytesPerSec NOTIFY statsChanged)
    Q_PROPERTY(qint64 messages READ messages NOTIFY statsChanged)
    Q_PROPERTY(qint64 samples READ samples NOTIFY statsChanged)
    Q_PROPERTY(qint64 unparsed READ unparsed NOTIFY statsChanged)
    Q_PROPERTY(qint64 dropped READ dropped NOTIFY statsChanged)
    Q_PROPERTY(int reconnects READ reconnects NOTIFY statsChanged)
    Q_PROPERTY(int nextRetryMs READ nextRetryMs NOTIFY statsChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY statsChanged)
    Q_PROPERTY(MessageLog *log READ log CONSTANT)
public:
    FeedConnection(QString name, FeedProfile profile, SeriesStore *store,
                   SampleSink *sink = nullptr, QObject *parent = nullptr);
    ~FeedConnection() override;   // stops the pipeline and joins its thread

    QString name() const { return m_name; }
    QString url() const { return m_profile.endpoint.url.toString(); }
    const FeedProfile &profile() const { return m_profile; }
    FeedStats stats() const { return m_stats; }
    QString stateName() const { return feedStateName(m_stats.state); }
    bool isLive() const { return m_stats.state == FeedState::Live; }
    double rttMs() const { return m_stats.rttMs; }
    double messagesPerSec() const { return m_stats.messagesPerSec; }
    double bytesPerSec() const { return m_stats.bytesPerSec; }
    qint64 messages() const { return m_stats.messages; }
    qint64 samples() const { return m_stats.samples; }
    qint64 unparsed() const { return m_stats.unparsed; }
    qint64 dropped() const { return m_stats.dropped; }
    int reconnects() const { return m_stats.reconnects; }
    int nextRetryMs() const { return m_stats.nextRetryMs; }
    QString lastError() const { return m_stats.lastError; }
    MessageLog *log() const { return m_log; }
    // The ingest side (lives on the ingest thread): SessionRecorder listens to its source.
    FeedPipeline *pipeline() const { return m_pipeline; }

    Q_INVOKABLE void start();
    Q_INVOKABLE void stop();
    Q_INVOKABLE void send(const QString &text);
    // A waiting feed retries at once (the card's "Reconnect now"); runs on the ingest thread.
    Q_INVOKABLE void reconnectNow();

Q_SIGNALS:
    void statsChanged();
    void stateChanged(FeedState state, const QString &reason);

private:
    QString m_name;
    FeedProfile m_profile;
    MessageLog *m_log = nullptr;       // owned (child); written by the ingest thread
    QThread m_thread;
    FeedPipeline *m_pipeline = nullptr; // lives on m_thread; deleted when it finishes
    FeedStats m_stats;
};
