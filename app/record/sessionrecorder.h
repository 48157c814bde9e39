// SessionRecorder: records every raw frame of chosen connections, with its arrival
// time, to one MCAP file (RecordingFile; format and crash safety in docs/recording.md).
// For each connection it listens to the FeedSource's frames on that connection's ingest
// thread (a direct connection, after the pipeline's own slot) and records them with
// the exact arrival time the pipeline mapped them with (FeedPipeline::frameArrivalMs),
// so a replay gives the same samples. A 100 ms timer on the recorder's thread flushes
// the buffer and refreshes the counters the UI shows (never per frame).
// QML: RecordBar.qml (workspace given); headless: HeadlessRunner (--record FILE).
// Connections added after start() are not recorded (start a new recording).
#pragma once
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QVariant>
#include <QtQml/qqmlregistration.h>
#include <memory>

class FeedConnection;
class RecordingFile;
#include "workspace.h"

class SessionRecorder : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(Workspace *workspace READ workspace WRITE setWorkspace NOTIFY workspaceChanged)
    Q_PROPERTY(bool recording READ isRecording NOTIFY recordingChanged)
    Q_PROPERTY(QString file READ file NOTIFY recordingChanged)
    Q_PROPERTY(qint64 messages READ messages NOTIFY countersChanged)
    Q_PROPERTY(qint64 bytes READ bytes NOTIFY countersChanged)
    Q_PROPERTY(QString error READ error NOTIFY countersChanged)
public:
    explicit SessionRecorder(QObject *parent = nullptr);
    ~SessionRecorder() override;   // stop()

    Workspace *workspace() const { return m_workspace; }
    void setWorkspace(Workspace *workspace);
    bool isRecording() const;
    QString file() const { return m_path; }
    qint64 messages() const { return m_messages; }
    qint64 bytes() const { return m_bytes; }
    QString error() const { return m_error; }

    // Records the workspace's connections named in `connections` (all when empty) to
    // `file` (file:// URL or local path). "" when started, else why not.
    Q_INVOKABLE QString start(const QVariant &file, const QStringList &connections = {});
    // The same for connections the caller holds (headless runner, tests).
    QString startWith(const QString &path, const QList<FeedConnection *> &connections);
    // Closes the file (complete MCAP with footer). Returns the recording's summary.
    Q_INVOKABLE QString stop();

Q_SIGNALS:
    void workspaceChanged();
    void recordingChanged();
    void countersChanged();

private:
    void refresh();

    QPointer<Workspace> m_workspace;
    std::shared_ptr<RecordingFile> m_file;
    QList<QObject *> m_taps;     // one per connection: deleting it disconnects the frames
    QTimer m_timer;
    QString m_path;
    QString m_error;
    qint64 m_messages = 0;
    qint64 m_bytes = 0;
};
