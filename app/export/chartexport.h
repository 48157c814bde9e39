// ChartExport: saves a chart as an image (QML_ELEMENT, used by ExportDialog.qml).
// PNG: grabs the chart item as it is on screen (QQuickItem::grabToImage) at the window's
// device pixel ratio, so a 2x screen gives a 2x image; asynchronous, ends in finished().
// SVG: drawn from the store's data for the visible range by SvgChartWriter (vector,
// with axes, labels and legend); synchronous. Both write through QSaveFile (the target
// appears whole or not at all) and report errors as sentences.
#pragma once
#include "svgchartwriter.h"

#include <QObject>
#include <QPointer>
#include <QVariant>
#include <QtQml/qqmlregistration.h>

#include <QQuickItem>
#include "seriesstore.h"

class ChartExport : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
public:
    explicit ChartExport(QObject *parent = nullptr);

    bool busy() const { return m_busy; }

    // "" when the grab started (finished() follows), else why not.
    Q_INVOKABLE QString savePng(QQuickItem *item, const QVariant &file);
    // "" when written, else why not (finished() is emitted either way).
    Q_INVOKABLE QString saveSvg(const QVariant &file, SeriesStore *store, const QStringList &series,
                                qint64 fromMs, qint64 toMs, int width, int height, const QString &title,
                                const QVariantList &colors = {});

    static QString writeFile(const QString &path, const QByteArray &bytes);

Q_SIGNALS:
    void busyChanged();
    void finished(bool ok, const QString &message);

private:
    bool m_busy = false;
};
