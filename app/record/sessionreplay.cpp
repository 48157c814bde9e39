#include "sessionreplay.h"

#include "feedconnection.h"
#include "feedpipeline.h"
#include "replaysource.h"
#include "seriesexporter.h"
#include "workspace.h"

#include <QDateTime>
#include <QDir>
#include <QLocale>

SessionReplay::SessionReplay(QObject *parent)
    : QObject(parent)
{
}

void SessionReplay::setWorkspace(Workspace *workspace)
{
    if (m_workspace == workspace)
        return;
    m_workspace = workspace;
    Q_EMIT workspaceChanged();
}

QStringList SessionReplay::connectionNames() const
{
    QStringList names;
    for (const RecordedConnection &c : m_info.connections)
        names.append(c.name);
    return names;
}

double SessionReplay::progress() const
{
    if (m_progress.isEmpty())
        return 0;
    double sum = 0;
    for (double p : m_progress)
        sum += p;
    return sum / double(m_progress.size());
}

QString SessionReplay::inspect(const QVariant &file)
{
    m_path = SeriesExporter::localPath(file);
    m_info = RecordingInfo{};
    m_summary.clear();
    QString error;
    if (m_path.isEmpty())
        error = QStringLiteral("Choose a recording (a local .mcap file).");
    else if (!RecordingInfo::read(m_path, &m_info, &error))
        m_info = RecordingInfo{};
    if (error.isEmpty()) {
        const qint64 secs = (m_info.lastMs - m_info.firstMs) / 1000;
        m_summary = QStringLiteral("%1 connection(s), %2 messages over %3 min %4 s, recorded %5.")
                        .arg(m_info.connections.size())
                        .arg(QLocale().toString(m_info.messages))
                        .arg(secs / 60).arg(secs % 60)
                        .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(m_info.firstMs), QLocale::ShortFormat));
        if (!m_info.cutNote.isEmpty())
            m_summary += QLatin1Char(' ') + m_info.cutNote;
    }
    Q_EMIT inspected();
    return error;
}

QString SessionReplay::start(const QString &speedText)
{
    if (!m_workspace)
        return QStringLiteral("No workspace to replay into.");
    if (m_running > 0)
        return QStringLiteral("A replay is running; stop it first.");
    if (m_info.connections.isEmpty())
        return QStringLiteral("Choose a recording first.");
    double speed = 1;
    if (!ReplaySource::parseSpeed(speedText, &speed))
        return QStringLiteral("Unknown speed \"%1\"; choose 1x, 10x or max.").arg(speedText);
    m_connections.clear();
    m_sources.clear();
    m_progress.clear();
    m_endings.clear();
    m_paused = false;
    for (const RecordedConnection &c : std::as_const(m_info.connections)) {
        FeedProfile profile;
        QString error;
        if (!RecordingInfo::replayProfile(m_path, c, speed, &profile, &error))
            return error;
        ConnectionListModel *model = m_workspace->connections();
        error = m_workspace->addProfile(profile);
        if (!error.isEmpty())
            return error;
        FeedConnection *connection = model->connectionAt(model->count() - 1);
        auto *source = connection ? qobject_cast<ReplaySource *>(connection->pipeline()->client()) : nullptr;
        if (!source)
            return QStringLiteral("The replay of \"%1\" could not be started.").arg(c.name);
        const int index = int(m_sources.size());
        m_connections.append(connection);
        m_sources.append(source);
        m_progress.append(0);
        ++m_running;
        // Queued to this (GUI) thread: the sources live on the ingest threads.
        connect(source, &ReplaySource::progressChanged, this, [this, index](double p) {
            m_progress[index] = p;
            Q_EMIT progressChanged();
        }, Qt::QueuedConnection);
        connect(source, &ReplaySource::finished, this, [this, index, name = connection->name()](bool, const QString &message) {
            m_progress[index] = 1;
            m_endings.append(name + QStringLiteral(": ") + message);
            m_running = std::max(0, m_running - 1);
            m_status = m_endings.join(QLatin1Char('\n'));
            Q_EMIT progressChanged();
            Q_EMIT stateChanged();
        }, Qt::QueuedConnection);
    }
    m_status = QStringLiteral("Replaying %1 at %2…").arg(QDir::toNativeSeparators(m_path),
                                                        speed <= 0 ? QStringLiteral("maximum speed") : QStringLiteral("%1x").arg(speed));
    Q_EMIT stateChanged();
    Q_EMIT progressChanged();
    return QString();
}

void SessionReplay::setPaused(bool paused)
{
    if (m_running == 0 || paused == m_paused)
        return;
    m_paused = paused;
    for (const auto &s : std::as_const(m_sources)) {
        if (s)
            QMetaObject::invokeMethod(s, "setPaused", Qt::QueuedConnection, Q_ARG(bool, paused));
    }
    Q_EMIT stateChanged();
}

void SessionReplay::stop()
{
    for (const auto &c : std::as_const(m_connections)) {
        if (c)
            c->stop();
    }
    if (m_running > 0) {
        m_running = 0;
        m_paused = false;
        m_status = QStringLiteral("Replay stopped.");
        Q_EMIT stateChanged();
    }
}
