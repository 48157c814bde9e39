// AxisTicks: where a chart's axes put their ticks and what the labels say. Pure functions
// (no state, no GUI), so the rules are unit-tested on their own (tests/qml/tst_axisticks).
// Called by ChartFeeder once per drawn frame whose range changed; QML draws the labels.
//
// Values: a "nice" step of 1, 2, 2.5 or 5 x 10^k; the axis range is widened to whole
// steps, so the first and last tick sit on the plot's edges and the count is exact.
// maxTicks comes from the pixels (valueTickBudget), clamped to [MinTicks, MaxTicks]: the
// widest-spaced step that still gives >= MinTicks ticks is never denser than the budget.
// Labels carry exactly the decimals that tell adjacent ticks apart (step 0.25 -> 2,
// step 20 -> 0), locale digit grouping, and the profile's unit (none when it has none).
//
// Time: ticks on round instants of the given time zone (1/2/5/10/20/50/100/200/500 ms,
// 1/2/5/10/15/30 s, 1/2/5/10/15/30 min, 1/3/6/12 h, 1/2/7/14 days); the step is the
// smallest whose labels fit the width (timeTickBudget). The locale's short time format,
// with seconds when the step is below a minute and milliseconds below a second. The date
// is shown (second line) on the first tick and where the day changes whenever the range
// crosses midnight or is not today.
#pragma once
#include <QList>
#include <QLocale>
#include <QString>
#include <QTimeZone>

struct AxisTick
{
    double value = 0;   // data value, or ms since the epoch for time
    QString label;      // may hold one '\n' (time above date)
};

struct ValueScale
{
    double lo = 0, hi = 1;   // the axis range: first and last tick
    double step = 1;
    int decimals = 0;
    QList<AxisTick> ticks;
};

struct TimeScale
{
    qint64 step = 1000;
    bool withDate = false;   // some labels have a second (date) line
    QList<AxisTick> ticks;
};

class AxisTicks
{
public:
    static constexpr int MinTicks = 4;
    static constexpr int MaxTicks = 8;

    // Ticks a vertical axis of `lengthPx` can hold with labels of `fontHeightPx`
    // (>= 1.5 font heights apart), clamped to [MinTicks, MaxTicks].
    static int valueTickBudget(double lengthPx, double fontHeightPx);
    // Pixels a plot needs so that MinTicks labels fit (what the layout must allow).
    static double minimumPlotHeight(double fontHeightPx);

    // Range to show for data in [lo, hi]: 5 % margins, a flat line gets a band; never
    // below 0 when the data never went below 0 (dataNeverNegative) unless allowNegative.
    static std::pair<double, double> paddedRange(double lo, double hi, bool dataNeverNegative);
    // Nice ticks covering [lo, hi] with at most maxTicks (and at least MinTicks) ticks.
    static ValueScale valueTicks(double lo, double hi, int maxTicks, const QLocale &locale,
                                 const QString &unit = QString());
    // Ticks inside a fixed range (manual or zoomed Y): the range is not widened.
    static ValueScale valueTicksInside(double lo, double hi, int maxTicks, const QLocale &locale,
                                       const QString &unit = QString());
    static QString valueLabel(double v, int decimals, const QLocale &locale, const QString &unit);
    static int decimalsFor(double step);

    // Ticks on round instants in [t0, t1]; lengthPx / charWidthPx bound how many fit.
    static TimeScale timeTicks(qint64 t0, qint64 t1, double lengthPx, double charWidthPx,
                               const QLocale &locale, const QTimeZone &zone, qint64 nowMs);
    static QList<qint64> timeSteps();
    // The locale's short time format, with seconds / milliseconds as the step needs.
    static QString timeFormat(const QLocale &locale, qint64 step);
};
