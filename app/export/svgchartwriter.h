// SvgChartWriter: draws a chart as SVG text from the store: one <polyline> per series
// (the same min/max-per-pixel-column picture the chart shows, SeriesStore::decimated),
// value and time axes with 1-2-5 ticks and labels, a title and a legend. Written by hand
// rather than with QSvgGenerator: the chart on screen is a QtCharts scene-graph item
// that cannot paint into a QPainter, so it would have to be redrawn anyway, and
// QSvgGenerator would add the Qt SVG module as a dependency for ~150 lines of text; the
// result here is small, editable SVG with real <text> labels. Every name is XML-escaped.
// Used by ChartExport; pure (no file I/O).
#pragma once
#include <QByteArray>
#include <QColor>
#include <QList>
#include <QStringList>

class SeriesStore;

struct SvgChartSpec
{
    QString title;
    QStringList series;
    QList<QColor> colors;       // per series; cycled; empty = a default palette
    qint64 fromMs = 0;          // both 0: the series' whole held range
    qint64 toMs = 0;
    int width = 960;
    int height = 480;
};

namespace SvgChartWriter {
QByteArray write(const SeriesStore &store, const SvgChartSpec &spec);
// Nice ticks (1, 2, 5 x 10^k) covering [lo, hi], about `wanted` of them.
QList<double> valueTicks(double lo, double hi, int wanted);
// Round time ticks (1 s .. 1 day steps) in [t0, t1], about `wanted` of them.
QList<qint64> timeTicks(qint64 t0, qint64 t1, int wanted, qint64 *stepMs);
QString escape(const QString &text);
}
