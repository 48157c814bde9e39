#include "axisticks.h"

#include <QDateTime>
#include <algorithm>
#include <cmath>

namespace {

constexpr qint64 Second = 1000;
constexpr qint64 Minute = 60 * Second;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;

// Steps of 1, 2, 2.5 and 5 x 10^k, from just below span / maxTicks upwards. 2.5 is there
// because without it a range can need 3 ticks at one step and 9 at the next one down.
QList<double> candidateSteps(double span, int maxTicks)
{
    QList<double> steps;
    const double raw = span / std::max(1, maxTicks);
    int e = int(std::floor(std::log10(raw))) - 1;
    for (int i = 0; i < 5; ++i, ++e) {
        const double p = std::pow(10.0, e);
        for (double m : {1.0, 2.0, 2.5, 5.0})
            steps.append(m * p);
    }
    return steps;
}

QString withUnit(const QString &text, const QString &unit)
{
    if (unit.isEmpty())
        return text;
    if (unit == QLatin1String("$"))
        return text.startsWith(QLatin1Char('-')) ? QLatin1String("-$") + text.mid(1) : QLatin1Char('$') + text;
    if (unit == QLatin1String("%") || unit == QStringLiteral("°C"))
        return text + unit;
    return text + QLatin1Char(' ') + unit;
}

QDateTime at(qint64 ms, const QTimeZone &zone)
{
    return QDateTime::fromMSecsSinceEpoch(ms, zone);
}

} // namespace

int AxisTicks::valueTickBudget(double lengthPx, double fontHeightPx)
{
    if (!(lengthPx > 0) || !(fontHeightPx > 0))
        return MinTicks;
    const int fit = int(std::floor(lengthPx / (fontHeightPx * 1.5))) + 1;
    return std::clamp(fit, MinTicks, MaxTicks);
}

double AxisTicks::minimumPlotHeight(double fontHeightPx)
{
    return (MinTicks - 1) * fontHeightPx * 1.5;
}

std::pair<double, double> AxisTicks::paddedRange(double lo, double hi, bool dataNeverNegative)
{
    if (!std::isfinite(lo) || !std::isfinite(hi))
        return {0, 1};
    if (hi < lo)
        std::swap(lo, hi);
    double a, b;
    const double span = hi - lo;
    if (!(span > std::abs(hi) * 1e-12)) {
        // A flat line: a band of +-0.5 % around it (a flat 0 gets +-0.5).
        const double half = lo != 0 ? std::abs(lo) * 0.005 : 0.5;
        a = lo - half;
        b = lo + half;
    } else {
        a = lo - span * 0.05;
        b = hi + span * 0.05;
    }
    if (dataNeverNegative && lo >= 0 && a < 0)
        a = 0;
    return {a, b};
}

int AxisTicks::decimalsFor(double step)
{
    if (!(step > 0) || !std::isfinite(step))
        return 0;
    for (int d = 0; d < 15; ++d) {
        const double x = step * std::pow(10.0, d);
        if (std::abs(x - std::round(x)) <= 1e-6 * x)
            return d;
    }
    return 15;
}

QString AxisTicks::valueLabel(double v, int decimals, const QLocale &locale, const QString &unit)
{
    // -0.00 from rounding noise reads as a bug.
    if (std::abs(v) < 0.5 * std::pow(10.0, -decimals))
        v = 0;
    return withUnit(locale.toString(v, 'f', decimals), unit);
}

ValueScale AxisTicks::valueTicks(double lo, double hi, int maxTicks, const QLocale &locale, const QString &unit)
{
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
        lo = 0;
        hi = 1;
    }
    if (hi < lo)
        std::swap(lo, hi);
    if (!(hi - lo > std::abs(hi) * 1e-12))
        std::tie(lo, hi) = paddedRange(lo, lo, false);
    maxTicks = std::clamp(maxTicks, MinTicks, MaxTicks);

    ValueScale s;
    qint64 a = 0, b = 0;
    for (double step : candidateSteps(hi - lo, maxTicks)) {
        a = qint64(std::floor(lo / step + 1e-9));
        b = qint64(std::ceil(hi / step - 1e-9));
        if (b - a + 1 <= maxTicks) {
            s.step = step;
            break;
        }
    }
    // Too few at the sparsest step that fits: widen by whole steps, upwards for data at
    // or above 0 (never below a 0 floor), downwards for data at or below 0.
    while (b - a + 1 < MinTicks) {
        if (a >= 0 || (b > 0 && (b - a) % 2 == 0))
            ++b;
        else
            --a;
    }
    s.decimals = decimalsFor(s.step);
    s.lo = double(a) * s.step;
    s.hi = double(b) * s.step;
    for (qint64 k = a; k <= b; ++k) {
        const double v = double(k) * s.step;
        s.ticks.append(AxisTick{v, valueLabel(v, s.decimals, locale, unit)});
    }
    return s;
}

ValueScale AxisTicks::valueTicksInside(double lo, double hi, int maxTicks, const QLocale &locale, const QString &unit)
{
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo))
        return valueTicks(lo, hi, maxTicks, locale, unit);
    maxTicks = std::clamp(maxTicks, MinTicks, MaxTicks);
    ValueScale s;
    s.lo = lo;
    s.hi = hi;
    qint64 a = 0, b = -1;
    double previous = 0;
    qint64 pa = 0, pb = -1;
    for (double step : candidateSteps(hi - lo, maxTicks)) {
        a = qint64(std::ceil(lo / step - 1e-9));
        b = qint64(std::floor(hi / step + 1e-9));
        if (b - a + 1 <= maxTicks) {
            s.step = step;
            // Fewer than MinTicks: the next denser step, if it is not over MaxTicks.
            if (b - a + 1 < MinTicks && previous > 0 && pb - pa + 1 <= MaxTicks) {
                s.step = previous;
                a = pa;
                b = pb;
            }
            break;
        }
        previous = step;
        pa = a;
        pb = b;
    }
    s.decimals = decimalsFor(s.step);
    for (qint64 k = a; k <= b; ++k) {
        const double v = double(k) * s.step;
        s.ticks.append(AxisTick{v, valueLabel(v, s.decimals, locale, unit)});
    }
    return s;
}

QList<qint64> AxisTicks::timeSteps()
{
    return {1, 2, 5, 10, 20, 50, 100, 200, 500,
            Second, 2 * Second, 5 * Second, 10 * Second, 15 * Second, 30 * Second,
            Minute, 2 * Minute, 5 * Minute, 10 * Minute, 15 * Minute, 30 * Minute,
            Hour, 3 * Hour, 6 * Hour, 12 * Hour,
            Day, 2 * Day, 7 * Day, 14 * Day, 30 * Day, 91 * Day, 182 * Day, 365 * Day,
            2 * 365 * Day, 5 * 365 * Day, 10 * 365 * Day, 100 * 365 * Day};
}

QString AxisTicks::timeFormat(const QLocale &locale, qint64 step)
{
    QString f = locale.timeFormat(QLocale::ShortFormat);
    if (!f.contains(QLatin1String("mm")))
        f = QStringLiteral("HH:mm");
    f.remove(QLatin1String(".zzz"));
    if (step >= Minute)
        f.remove(QLatin1String(":ss"));
    else if (!f.contains(QLatin1String("ss")))
        f.replace(QLatin1String("mm"), QStringLiteral("mm:ss"));
    if (step < Second)
        f.replace(QLatin1String("ss"), QStringLiteral("ss.zzz"));
    return f;
}

TimeScale AxisTicks::timeTicks(qint64 t0, qint64 t1, double lengthPx, double charWidthPx,
                               const QLocale &locale, const QTimeZone &zone, qint64 nowMs)
{
    TimeScale s;
    if (t1 < t0)
        std::swap(t0, t1);
    if (t1 == t0)
        t1 = t0 + 1;
    if (!(lengthPx > 0))
        lengthPx = 1;
    if (!(charWidthPx > 0))
        charWidthPx = 7;
    const double span = double(t1 - t0);
    const QDate today = at(nowMs, zone).date();
    const QDate d0 = at(t0, zone).date();
    const QDate d1 = at(t1, zone).date();
    s.withDate = d0 != d1 || d1 != today;

    const QList<qint64> steps = timeSteps();
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const qint64 step = steps.at(i);
        const bool last = i == steps.size() - 1;
        if (!last && span / double(step) > MaxTicks + 1)
            continue;
        QList<qint64> at_;
        if (step >= Day) {
            // Local midnights whose day number is a multiple of the step.
            const qint64 days = step / Day;
            QDate d = d0;
            if (QDateTime(d, QTime(0, 0), zone).toMSecsSinceEpoch() < t0)
                d = d.addDays(1);
            while (d.toJulianDay() % days != 0)
                d = d.addDays(1);
            for (; at_.size() <= MaxTicks + 1; d = d.addDays(days)) {
                const qint64 t = QDateTime(d, QTime(0, 0), zone).toMSecsSinceEpoch();
                if (t > t1)
                    break;
                at_.append(t);
            }
        } else {
            // Round in local time: shift by the zone's offset at t0 (hours align to
            // local midnight, minutes to :00 even in zones with half-hour offsets).
            const qint64 off = qint64(zone.offsetFromUtc(at(t0, zone))) * 1000;
            const qint64 local0 = t0 + off;
            qint64 first = (local0 / step) * step;
            if (first < local0)
                first += step;
            for (qint64 t = first - off; t <= t1 && at_.size() <= MaxTicks + 1; t += step)
                at_.append(t);
        }
        if (at_.size() > MaxTicks && !last)
            continue;
        // Labels, then: do they fit between two ticks?
        const QString fmt = step >= Day ? QString() : timeFormat(locale, step);
        QList<AxisTick> ticks;
        int widest = 0;
        QDate prev;
        for (qint64 t : std::as_const(at_)) {
            const QDateTime dt = at(t, zone);
            QString label;
            if (step >= Day) {
                label = locale.toString(dt.date(), QLocale::ShortFormat);
            } else {
                label = locale.toString(dt.time(), fmt);
                if (s.withDate && (!prev.isValid() || dt.date() != prev))
                    label += QLatin1Char('\n') + locale.toString(dt.date(), QLocale::ShortFormat);
            }
            prev = dt.date();
            for (const QString &line : label.split(QLatin1Char('\n')))
                widest = std::max(widest, int(line.size()));
            ticks.append(AxisTick{double(t), label});
        }
        const double stepPx = double(step) / span * lengthPx;
        if (!last && stepPx < (widest + 2) * charWidthPx)
            continue;
        s.step = step;
        s.ticks = ticks;
        return s;
    }
    return s;
}
