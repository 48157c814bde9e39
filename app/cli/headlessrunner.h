// HeadlessRunner: `pulseboard --headless`. Builds the same pipeline as the window
// (FeedConnection -> SeriesStore), optionally hosts the hub and the demo publisher,
// evaluates alert rules, and prints NDJSON with --print. --record FILE records every
// feed's frames (SessionRecorder); --replay ends the run when every replay has ended. Ends cleanly on SIGINT/SIGTERM.
// Created by main() only.
#pragma once
#include "commandline.h"

#include <QObject>
#include <QTimer>
#include <memory>
#include <vector>

class AlertSink;
class DemoPublisher;
class FeedConnection;
class HubHost;
class NdjsonWriter;
class SeriesStore;
class SessionRecorder;
class SignalWatcher;

class HeadlessRunner : public QObject
{
    Q_OBJECT
public:
    explicit HeadlessRunner(Options options, QObject *parent = nullptr);
    ~HeadlessRunner() override;

    // Starts everything; returns false with a readable *error (exit code 2 or 1).
    bool start(QString *error, int *exitCode);
    void shutdown();

Q_SIGNALS:
    void finished(int exitCode);

private:
    bool startHub(QString *error, int *exitCode);
    bool startRecordReplay(QString *error, int *exitCode);

    Options m_options;
    std::unique_ptr<SeriesStore> m_store;
    std::unique_ptr<NdjsonWriter> m_writer;
    std::unique_ptr<AlertSink> m_alerts;
    QTimer m_alertClock;
    std::vector<std::unique_ptr<FeedConnection>> m_connections;
    SignalWatcher *m_signals = nullptr;
    HubHost *m_hubHost = nullptr;
    DemoPublisher *m_demo = nullptr;
    SessionRecorder *m_recorder = nullptr;   // --record
    QTimer m_flushTimer;
};
