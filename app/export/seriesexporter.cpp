#include "seriesexporter.h"

#include "seriesstore.h"

#include <QDir>
#include <QLocale>

SeriesExporter::SeriesExporter(QObject *parent)
    : QObject(parent)
    , m_progressTimer(this)
{
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this, &SeriesExporter::sampleProgress);
}

SeriesExporter::~SeriesExporter()
{
    if (m_thread) {
        m_cancel->store(true);
        m_thread->wait();
        delete m_thread;
    }
}

void SeriesExporter::setStore(SeriesStore *store)
{
    if (m_store == store)
        return;
    m_store = store;
    Q_EMIT storeChanged();
}

QString SeriesExporter::localPath(const QVariant &file)
{
    if (file.metaType().id() == QMetaType::QUrl) {
        const QUrl url = file.toUrl();
        return url.isLocalFile() ? url.toLocalFile() : QString();
    }
    const QString text = file.toString();
    if (text.startsWith(QLatin1String("file:")))
        return QUrl(text).toLocalFile();
    if (text.contains(QLatin1String("://")))
        return QString();
    return text;
}

QString SeriesExporter::start(const QVariant &file, const QString &format, const QStringList &series,
                              qint64 fromMs, qint64 toMs)
{
    if (m_thread)
        return QStringLiteral("An export is already running; wait for it or cancel it.");
    if (!m_store)
        return QStringLiteral("There is no data to export.");
    ExportRequest request;
    if (!ExportFormat::kindFromName(format, &request.kind))
        return QStringLiteral("Unknown export format \"%1\"; choose CSV or NDJSON.").arg(format);
    request.path = localPath(file);
    if (request.path.isEmpty() && !file.toString().isEmpty())
        return QStringLiteral("Export can only write to a local file, not %1.").arg(file.toString());
    const QString pathError = SeriesExportJob::checkPath(request.path);
    if (!pathError.isEmpty())
        return pathError;
    if (series.isEmpty())
        return QStringLiteral("Choose at least one series to export.");
    if (fromMs != 0 || toMs != 0) {
        if (toMs < fromMs)
            return QStringLiteral("The time range ends before it starts.");
        request.fromMs = fromMs;
        request.toMs = toMs;
    } else {
        // "Everything" is what is held now: points arriving during the export are left out,
        // so the export ends.
        qint64 last = std::numeric_limits<qint64>::min();
        for (const QString &name : series)
            last = std::max(last, m_store->stats(name).lastT);
        request.toMs = last;
    }
    request.series = series;

    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_permille = std::make_shared<std::atomic<int>>(0);
    m_progress = 0;
    Q_EMIT progressChanged();
    QPointer<SeriesStore> store = m_store;
    auto cancel = m_cancel;
    auto permille = m_permille;
    QPointer<SeriesExporter> self(this);
    m_thread = QThread::create([store, request, cancel, permille, self]() {
        ExportResult result;
        if (store) {
            result = SeriesExportJob::run(*store, request, cancel.get(), [permille](double f) {
                permille->store(int(f * 1000), std::memory_order_relaxed);
            });
        }
        QMetaObject::invokeMethod(self, [self, result, path = request.path] {
            if (self)
                self->onDone(result, path);
        }, Qt::QueuedConnection);
    });
    m_thread->setObjectName(QStringLiteral("export"));
    m_thread->start();
    m_progressTimer.start();
    Q_EMIT busyChanged();
    return QString();
}

void SeriesExporter::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void SeriesExporter::sampleProgress()
{
    if (!m_permille)
        return;
    const double p = m_permille->load(std::memory_order_relaxed) / 1000.0;
    if (p != m_progress) {
        m_progress = p;
        Q_EMIT progressChanged();
    }
}

void SeriesExporter::onDone(const ExportResult &result, const QString &path)
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    m_progressTimer.stop();
    sampleProgress();
    m_points = result.points;
    m_error = result.ok ? QString() : result.error;
    const QString message = result.ok
        ? QStringLiteral("Exported %1 points to %2.")
              .arg(QLocale().toString(result.points), QDir::toNativeSeparators(path))
        : result.error;
    Q_EMIT busyChanged();
    Q_EMIT finished(result.ok, message);
}
