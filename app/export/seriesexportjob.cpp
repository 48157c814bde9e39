#include "seriesexportjob.h"

#include "seriesstore.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <vector>

namespace {

QString writeError(const QSaveFile &file)
{
    const QString why = file.errorString();
    if (file.error() == QFileDevice::ResourceError)
        return QStringLiteral("Could not write %1: %2. Free some disk space or choose another folder; "
                              "the file was not changed.").arg(QDir::toNativeSeparators(file.fileName()), why);
    return QStringLiteral("Could not write %1: %2. Choose another folder; the file was not changed.")
        .arg(QDir::toNativeSeparators(file.fileName()), why);
}

} // namespace

QString SeriesExportJob::checkPath(const QString &path)
{
    if (path.trimmed().isEmpty())
        return QStringLiteral("Choose a file to export to.");
    if (path.contains(QChar(0)))
        return QStringLiteral("The file name contains a NUL character; choose another name.");
    const QFileInfo info(path);
    if (info.fileName().isEmpty() || info.isDir())
        return QStringLiteral("%1 is a folder; choose a file name inside it.").arg(QDir::toNativeSeparators(path));
    if (info.exists() && !info.isFile())
        return QStringLiteral("%1 is not a regular file (a device or a pipe); choose a normal file.")
            .arg(QDir::toNativeSeparators(path));
    const QFileInfo dir(info.absolutePath());
    if (!dir.isDir())
        return QStringLiteral("The folder %1 does not exist; create it or choose another.")
            .arg(QDir::toNativeSeparators(info.absolutePath()));
    return QString();
}

ExportResult SeriesExportJob::run(const SeriesStore &store, const ExportRequest &request,
                                  const std::atomic<bool> *cancel, const Progress &progress)
{
    ExportResult result;
    result.error = checkPath(request.path);
    if (!result.error.isEmpty())
        return result;

    QSaveFile file(request.path);
    if (!file.open(QIODevice::WriteOnly)) {
        result.error = QStringLiteral("Could not create %1: %2. Choose a folder you can write to.")
                           .arg(QDir::toNativeSeparators(request.path), file.errorString());
        return result;
    }

    // Totals first, for the progress fraction (points arriving meanwhile may add a few).
    qint64 total = 0;
    for (const QString &name : request.series)
        total += store.countPoints(name, request.fromMs, request.toMs);

    QByteArray buffer;
    buffer.reserve(WriteBufferBytes + 4096);
    buffer.append(ExportFormat::header(request.kind));
    auto flush = [&]() {
        if (buffer.isEmpty())
            return true;
        if (file.write(buffer) != buffer.size())
            return false;
        result.bytes += buffer.size();
        buffer.clear();
        return true;
    };

    ExportFormat::IsoCache iso;
    std::vector<SeriesBuffer::Point> chunk;
    for (const QString &name : request.series) {
        const QByteArray field = ExportFormat::seriesField(request.kind, name);
        SeriesStore::ChunkCursor cursor;
        cursor.t = request.fromMs;
        for (;;) {
            if (cancel && cancel->load(std::memory_order_relaxed)) {
                file.cancelWriting();
                result.cancelled = true;
                result.error = QStringLiteral("Export cancelled; no file was written.");
                return result;
            }
            if (!store.copyChunk(name, request.toMs, &cursor, ChunkPoints, &chunk) || chunk.empty())
                break;
            for (const SeriesBuffer::Point &p : chunk) {
                ExportFormat::appendRow(request.kind, &buffer, field, p.t, p.v, &iso);
                if (buffer.size() >= WriteBufferBytes && !flush()) {
                    result.error = writeError(file);
                    file.cancelWriting();
                    return result;
                }
            }
            result.points += qint64(chunk.size());
            if (progress)
                progress(total > 0 ? std::min(1.0, double(result.points) / double(total)) : 1.0);
        }
    }
    if (!flush() || !file.commit()) {
        result.error = writeError(file);
        file.cancelWriting();
        return result;
    }
    if (progress)
        progress(1.0);
    result.ok = true;
    return result;
}
