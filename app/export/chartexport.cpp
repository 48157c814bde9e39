#include "chartexport.h"

#include "seriesexporter.h"
#include "seriesexportjob.h"

#include <QBuffer>
#include <QDir>
#include <QQuickItem>
#include <QQuickItemGrabResult>
#include <QQuickWindow>
#include <QSaveFile>

ChartExport::ChartExport(QObject *parent)
    : QObject(parent)
{
}

QString ChartExport::writeFile(const QString &path, const QByteArray &bytes)
{
    const QString why = SeriesExportJob::checkPath(path);
    if (!why.isEmpty())
        return why;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("Could not create %1: %2. Choose a folder you can write to.")
            .arg(QDir::toNativeSeparators(path), file.errorString());
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        const QString e = file.errorString();
        file.cancelWriting();
        return QStringLiteral("Could not write %1: %2. Free some disk space or choose another folder; "
                              "the file was not changed.").arg(QDir::toNativeSeparators(path), e);
    }
    return QString();
}

QString ChartExport::savePng(QQuickItem *item, const QVariant &file)
{
    if (m_busy)
        return QStringLiteral("An image is already being saved.");
    if (!item || !item->window() || item->width() < 1 || item->height() < 1)
        return QStringLiteral("The chart is not on screen; show it and try again.");
    const QString path = SeriesExporter::localPath(file);
    const QString why = SeriesExportJob::checkPath(path);
    if (!why.isEmpty())
        return why;
    const qreal dpr = item->window()->effectiveDevicePixelRatio();
    const QSize size(qRound(item->width() * dpr), qRound(item->height() * dpr));
    const QSharedPointer<QQuickItemGrabResult> grab = item->grabToImage(size);
    if (!grab)
        return QStringLiteral("The chart could not be captured (no graphics output); try SVG instead.");
    m_busy = true;
    Q_EMIT busyChanged();
    QPointer<ChartExport> self(this);
    connect(grab.data(), &QQuickItemGrabResult::ready, this, [self, grab, path, dpr] {
        if (!self)
            return;
        QImage image = grab->image();
        image.setDevicePixelRatio(dpr);
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QString error = image.isNull() || !image.save(&buffer, "PNG")
            ? QStringLiteral("The chart could not be captured; try SVG instead.")
            : writeFile(path, png);
        self->m_busy = false;
        Q_EMIT self->busyChanged();
        Q_EMIT self->finished(error.isEmpty(), error.isEmpty()
            ? QStringLiteral("Saved %1 (%2 x %3 pixels).").arg(QDir::toNativeSeparators(path)).arg(image.width()).arg(image.height())
            : error);
    });
    return QString();
}

QString ChartExport::saveSvg(const QVariant &file, SeriesStore *store, const QStringList &series, qint64 fromMs,
                             qint64 toMs, int width, int height, const QString &title, const QVariantList &colors)
{
    QString error;
    const QString path = SeriesExporter::localPath(file);
    if (!store)
        error = QStringLiteral("There is no data to draw.");
    else if (series.isEmpty())
        error = QStringLiteral("Choose at least one series to draw.");
    if (error.isEmpty()) {
        SvgChartSpec spec;
        spec.title = title;
        spec.series = series;
        for (const QVariant &c : colors)
            spec.colors.append(c.value<QColor>());
        spec.fromMs = fromMs;
        spec.toMs = toMs;
        spec.width = width;
        spec.height = height;
        error = writeFile(path, SvgChartWriter::write(*store, spec));
    }
    Q_EMIT finished(error.isEmpty(), error.isEmpty() ? QStringLiteral("Saved %1.").arg(QDir::toNativeSeparators(path)) : error);
    return error;
}
