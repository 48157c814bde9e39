// SessionReplay: the "Replay a recording…" flow (QML_ELEMENT, ReplayDialog.qml). inspect()
// reads what a recording holds; start() adds one connection per recorded connection to
// the workspace (Workspace::addProfile, so cards, charts, inspector and alerts see it like
// a live feed) whose source is a ReplaySource at the chosen speed. Progress and the end
// arrive from the sources (queued, at most every 100 ms each); pause/resume are queued
// calls to them. Replayed series share names with live ones: replaying a feed that is
// also live mixes both into the same series (stop the live one first).
#pragma once
#include "recordinginfo.h"

#include <QObject>
#include <QPointer>
#include <QVariant>
#include <QtQml/qqmlregistration.h>

class FeedConnection;
class ReplaySource;
#include "workspace.h"

class SessionReplay : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(Workspace *workspace READ workspace WRITE setWorkspace NOTIFY workspaceChanged)
    Q_PROPERTY(QString file READ file NOTIFY inspected)
    Q_PROPERTY(QString summary READ summary NOTIFY inspected)
    Q_PROPERTY(QStringList connections READ connectionNames NOTIFY inspected)
    Q_PROPERTY(bool running READ running NOTIFY stateChanged)
    Q_PROPERTY(bool paused READ paused NOTIFY stateChanged)
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(QString status READ status NOTIFY stateChanged)
public:
    explicit SessionReplay(QObject *parent = nullptr);

    Workspace *workspace() const { return m_workspace; }
    void setWorkspace(Workspace *workspace);
    QString file() const { return m_path; }
    QString summary() const { return m_summary; }
    QStringList connectionNames() const;
    bool running() const { return m_running > 0; }
    bool paused() const { return m_paused; }
    double progress() const;
    QString status() const { return m_status; }

    // Reads the recording (file:// URL or path). "" or why it cannot be replayed.
    Q_INVOKABLE QString inspect(const QVariant &file);
    // speed: "1", "10", "max". "" when started, else why not.
    Q_INVOKABLE QString start(const QString &speed);
    Q_INVOKABLE void setPaused(bool paused);
    Q_INVOKABLE void stop();

Q_SIGNALS:
    void workspaceChanged();
    void inspected();
    void stateChanged();
    void progressChanged();

private:
    QPointer<Workspace> m_workspace;
    QString m_path;
    QString m_summary;
    RecordingInfo m_info;
    QList<QPointer<FeedConnection>> m_connections;
    QList<QPointer<ReplaySource>> m_sources;
    QList<double> m_progress;
    QStringList m_endings;
    int m_running = 0;
    bool m_paused = false;
    QString m_status;
};
