#include "sessionrecorder.h"

#include "feedconnection.h"
#include "feedpipeline.h"
#include "mappingjson.h"
#include "recordingfile.h"
#include "seriesexporter.h"
#include "workspace.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLocale>

SessionRecorder::SessionRecorder(QObject *parent)
    : QObject(parent)
    , m_timer(this)
{
    m_timer.setInterval(RecordingFile::FlushIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &SessionRecorder::refresh);
}

SessionRecorder::~SessionRecorder()
{
    stop();
}

void SessionRecorder::setWorkspace(Workspace *workspace)
{
    if (m_workspace == workspace)
        return;
    m_workspace = workspace;
    Q_EMIT workspaceChanged();
}

bool SessionRecorder::isRecording() const
{
    return m_file != nullptr;
}

QString SessionRecorder::start(const QVariant &file, const QStringList &connections)
{
    if (!m_workspace)
        return QStringLiteral("Nothing to record: no workspace.");
    QList<FeedConnection *> chosen;
    ConnectionListModel *model = m_workspace->connections();
    for (int row = 0; row < model->count(); ++row) {
        FeedConnection *c = model->connectionAt(row);
        if (c && (connections.isEmpty() || connections.contains(c->name())))
            chosen.append(c);
    }
    const QString path = SeriesExporter::localPath(file);
    if (path.isEmpty() && !file.toString().isEmpty())
        return QStringLiteral("Recordings can only be written to a local file, not %1.").arg(file.toString());
    return startWith(path, chosen);
}

QString SessionRecorder::startWith(const QString &path, const QList<FeedConnection *> &connections)
{
    if (m_file)
        return QStringLiteral("Already recording to %1; stop that first.").arg(QDir::toNativeSeparators(m_path));
    if (connections.isEmpty())
        return QStringLiteral("There is no connection to record.");
    const QString pathError = SeriesExportJob::checkPath(path);
    if (!pathError.isEmpty())
        return pathError;
    auto file = std::make_shared<RecordingFile>();
    const QString openError = file->open(path);
    if (!openError.isEmpty())
        return openError;
    for (FeedConnection *connection : connections) {
        FeedPipeline *pipeline = connection->pipeline();
        const quint16 channel = file->addConnection(connection->name(), MappingJson::write(connection->profile()),
                                                    connection->url());
        auto *tap = new QObject(this);
        // Direct connections: the slots run on the ingest thread, right after the
        // pipeline's own slot has mapped the frame and set frameArrivalMs().
        FeedSource *source = pipeline->client();
        connect(source, &FeedSource::textMessage, tap, [file, channel, pipeline](const QByteArray &utf8) {
            file->record(channel, pipeline->frameArrivalMs(), utf8);
        }, Qt::DirectConnection);
        connect(source, &FeedSource::binaryMessage, tap, [file, channel](const QByteArray &bytes) {
            file->record(quint16(channel + 1), QDateTime::currentMSecsSinceEpoch(), bytes);
        }, Qt::DirectConnection);
        m_taps.append(tap);
    }
    file->flush();
    m_file = file;
    m_path = path;
    m_error.clear();
    m_timer.start();
    Q_EMIT recordingChanged();
    refresh();
    return QString();
}

void SessionRecorder::refresh()
{
    if (!m_file)
        return;
    m_file->flush();
    const qint64 messages = m_file->messages();
    const qint64 bytes = m_file->bytes();
    const QString error = m_file->error();
    if (messages != m_messages || bytes != m_bytes || error != m_error) {
        m_messages = messages;
        m_bytes = bytes;
        m_error = error;
        Q_EMIT countersChanged();
    }
}

QString SessionRecorder::stop()
{
    if (!m_file)
        return QString();
    // Disconnect first (a frame being recorded right now finishes under the file's mutex).
    qDeleteAll(m_taps);
    m_taps.clear();
    m_timer.stop();
    refresh();
    m_file->close();
    m_bytes = QFileInfo(m_path).size();
    m_file.reset();
    Q_EMIT recordingChanged();
    Q_EMIT countersChanged();
    return QStringLiteral("Recorded %1 messages (%2 bytes) to %3.")
        .arg(QLocale().toString(m_messages), QLocale().toString(m_bytes), QDir::toNativeSeparators(m_path));
}
