// Specification of AxisTicks: the ranges users reported in issue 12 (64346/64299/64252,
// 1284.87..1285.50, CPU load near 0, 2022 timestamps, a midnight crossing, uneven time
// ticks), locale and units, hostile input, and a property test over random ranges
// (ticks on whole steps of 1/2/2.5/5 x 10^k, 4-8 of them, distinct labels, labels that
// fit between ticks).
#include "axisticks.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>
#include <cmath>

namespace {
double uniform(QRandomGenerator &rng, double a, double b)
{
    return a + rng.generateDouble() * (b - a);
}
const QLocale us(QLocale::English, QLocale::UnitedStates);
const QTimeZone utc = QTimeZone::utc();
qint64 ms(int y, int mo, int d, int h, int mi, int s)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), utc).toMSecsSinceEpoch();
}
QStringList labels(const QList<AxisTick> &ticks)
{
    QStringList out;
    for (const AxisTick &t : ticks)
        out.append(t.label);
    return out;
}
bool niceStep(double step)
{
    const double p = std::pow(10.0, std::floor(std::log10(step)));
    const double m = step / p;
    for (double n : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (std::abs(m - n) < 1e-9 * n)
            return true;
    return false;
}
} // namespace

class tst_AxisTicks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void budgetFromPixels();
    void reportedPriceRange();
    void narrowRangeGetsDecimals();
    void cpuLoadNeverNegative();
    void negativeWhenAsked();
    void unitsAndLocale();
    void hostileValues();
    void insideFixedRange();
    void timeTicksOnRoundInstants();
    void oldTimestampsShowTheDate();
    void midnightCrossingShowsTheDate();
    void todayShowsNoDate();
    void timeLabelsFitTheWidth();
    void subSecondAndDays();
    void propertyValueTicks();
    void propertyTimeTicks();
};

void tst_AxisTicks::budgetFromPixels()
{
    QCOMPARE(AxisTicks::valueTickBudget(10, 16), AxisTicks::MinTicks);
    QCOMPARE(AxisTicks::valueTickBudget(5000, 16), AxisTicks::MaxTicks);
    QCOMPARE(AxisTicks::valueTickBudget(120, 16), 6);   // 120 / 24 + 1
    QCOMPARE(AxisTicks::valueTickBudget(0, 0), AxisTicks::MinTicks);
    // A plot of the minimum height holds MinTicks labels 1.5 font heights apart.
    QCOMPARE(AxisTicks::valueTickBudget(AxisTicks::minimumPlotHeight(16), 16), AxisTicks::MinTicks);
}

void tst_AxisTicks::reportedPriceRange()
{
    // Seen: 64346 / 64299 / 64252 (3 labels, step 47).
    const auto [lo, hi] = AxisTicks::paddedRange(64252, 64346, true);
    const ValueScale s = AxisTicks::valueTicks(lo, hi, 6, us);
    QCOMPARE(s.step, 50.0);
    QCOMPARE(labels(s.ticks), (QStringList{"64,200", "64,250", "64,300", "64,350", "64,400"}));
    QVERIFY(s.lo <= 64252 && s.hi >= 64346);
    const ValueScale tall = AxisTicks::valueTicks(lo, hi, 8, us);
    QCOMPARE(tall.step, 20.0);
    QCOMPARE(labels(tall.ticks), (QStringList{"64,240", "64,260", "64,280", "64,300", "64,320", "64,340", "64,360"}));
}

void tst_AxisTicks::narrowRangeGetsDecimals()
{
    // Seen: 1284.87..1285.50 labelled 1285 / 1286.
    const auto [lo, hi] = AxisTicks::paddedRange(1284.87, 1285.50, true);
    const ValueScale s = AxisTicks::valueTicks(lo, hi, 6, us);
    QCOMPARE(s.step, 0.2);
    QCOMPARE(s.decimals, 1);
    QCOMPARE(labels(s.ticks), (QStringList{"1,284.8", "1,285.0", "1,285.2", "1,285.4", "1,285.6"}));
    const ValueScale q = AxisTicks::valueTicks(0, 1, 5, us);   // step 0.25 needs 2 decimals
    QCOMPARE(labels(q.ticks), (QStringList{"0.00", "0.25", "0.50", "0.75", "1.00"}));
    const ValueScale h = AxisTicks::valueTicks(0, 1, 4, us);   // step 0.5: 1 decimal, widened to 4
    QCOMPARE(labels(h.ticks), (QStringList{"0.0", "0.5", "1.0", "1.5"}));
}

void tst_AxisTicks::cpuLoadNeverNegative()
{
    const auto [lo, hi] = AxisTicks::paddedRange(0.0, 0.3, true);
    QCOMPARE(lo, 0.0);
    const ValueScale s = AxisTicks::valueTicks(lo, hi, 5, us);
    QCOMPARE(s.lo, 0.0);
    for (const AxisTick &t : s.ticks)
        QVERIFY(t.value >= 0);
    QCOMPARE(s.ticks.first().label, QStringLiteral("0.0"));
    // A flat 0 (idle CPU): a band from 0, not -1e-9..1e-9.
    const auto [flo, fhi] = AxisTicks::paddedRange(0, 0, true);
    QCOMPARE(flo, 0.0);
    QCOMPARE(fhi, 0.5);
    const ValueScale f = AxisTicks::valueTicks(flo, fhi, 4, us);
    QCOMPARE(f.ticks.first().value, 0.0);
    QVERIFY(f.ticks.size() >= 4);
}

void tst_AxisTicks::negativeWhenAsked()
{
    const auto [lo, hi] = AxisTicks::paddedRange(0.0, 0.3, false);
    QVERIFY(lo < 0);
    const auto [nlo, nhi] = AxisTicks::paddedRange(-2, 3, true);   // data went below 0
    QVERIFY(nlo < -2);
    const ValueScale s = AxisTicks::valueTicks(-0.0001, 0.0001, 4, us);
    QVERIFY(!labels(s.ticks).contains(QStringLiteral("-0.0000")));
    QVERIFY(labels(s.ticks).contains(QStringLiteral("0.0000")) || labels(s.ticks).contains(QStringLiteral("0.00000")));
}

void tst_AxisTicks::unitsAndLocale()
{
    QCOMPARE(AxisTicks::valueLabel(1284.8, 1, us, "$"), QStringLiteral("$1,284.8"));
    QCOMPARE(AxisTicks::valueLabel(-5, 0, us, "$"), QStringLiteral("-$5"));
    QCOMPARE(AxisTicks::valueLabel(40, 0, us, "%"), QStringLiteral("40%"));
    QCOMPARE(AxisTicks::valueLabel(21.5, 1, us, "°C"), QStringLiteral("21.5°C"));
    QCOMPARE(AxisTicks::valueLabel(3, 0, us, "ms"), QStringLiteral("3 ms"));
    QCOMPARE(AxisTicks::valueLabel(3, 0, us, QString()), QStringLiteral("3"));
    const QLocale de(QLocale::German, QLocale::Germany);
    QCOMPARE(AxisTicks::valueLabel(1284.8, 1, de, QString()), QStringLiteral("1.284,8"));
    QCOMPARE(AxisTicks::timeFormat(de, 1000), QStringLiteral("HH:mm:ss"));
    QVERIFY(AxisTicks::timeFormat(us, 1000).contains(QLatin1String("mm:ss")));
    QVERIFY(AxisTicks::timeFormat(us, 100).contains(QLatin1String("ss.zzz")));
    QVERIFY(!AxisTicks::timeFormat(us, 60000).contains(QLatin1String("ss")));
}

void tst_AxisTicks::hostileValues()
{
    const double nan = std::nan(""), inf = INFINITY;
    for (auto [lo, hi] : {std::pair{nan, 1.0}, {0.0, inf}, {-inf, inf}, {5.0, 5.0}, {9.0, 1.0}, {-1e300, 1e300}, {1e-300, 2e-300}}) {
        const ValueScale s = AxisTicks::valueTicks(lo, hi, 6, us);
        QVERIFY2(s.ticks.size() >= AxisTicks::MinTicks && s.ticks.size() <= AxisTicks::MaxTicks, qPrintable(QString::number(s.ticks.size())));
        QVERIFY(std::isfinite(s.lo) && std::isfinite(s.hi) && s.hi > s.lo);
    }
    const auto [a, b] = AxisTicks::paddedRange(nan, 1, true);
    QVERIFY(std::isfinite(a) && std::isfinite(b));
    const TimeScale t = AxisTicks::timeTicks(10, 10, 0, 0, us, utc, 0);   // empty range, no pixels
    QVERIFY(t.ticks.size() <= AxisTicks::MaxTicks + 2);
}

void tst_AxisTicks::insideFixedRange()
{
    const ValueScale s = AxisTicks::valueTicksInside(3, 97, 6, us);
    QCOMPARE(s.lo, 3.0);
    QCOMPARE(s.hi, 97.0);
    QCOMPARE(labels(s.ticks), (QStringList{"20", "40", "60", "80"}));
}

void tst_AxisTicks::timeTicksOnRoundInstants()
{
    // Seen: :45 :49 :52 :55. A minute from 10:00:45 on a 600 px axis: every 10 s on :x0.
    const qint64 t0 = ms(2026, 5, 4, 10, 0, 45);
    const TimeScale s = AxisTicks::timeTicks(t0, t0 + 60'000, 600, 7, us, utc, t0);
    QCOMPARE(s.step, qint64(10'000));
    QVERIFY(!s.withDate);
    for (const AxisTick &t : s.ticks)
        QCOMPARE(qint64(t.value) % 10'000, 0);
    QCOMPARE(s.ticks.first().label, QStringLiteral("10:00:50 AM"));
    QCOMPARE(s.ticks.size(), 6);
}

void tst_AxisTicks::oldTimestampsShowTheDate()
{
    // Seen: a bare 23:27 beside 09:34 for 2022 data.
    const qint64 t0 = ms(2022, 3, 14, 9, 30, 0);
    const TimeScale s = AxisTicks::timeTicks(t0, t0 + 10 * 60'000, 700, 7, us, utc, ms(2026, 1, 1, 0, 0, 0));
    QVERIFY(s.withDate);
    QCOMPARE(s.ticks.first().label, QStringLiteral("9:30 AM\n3/14/22"));
    for (int i = 1; i < s.ticks.size(); ++i)
        QVERIFY(!s.ticks.at(i).label.contains(QLatin1Char('\n')));   // same day: date once
}

void tst_AxisTicks::midnightCrossingShowsTheDate()
{
    const qint64 t0 = ms(2026, 5, 4, 23, 57, 0);
    const TimeScale s = AxisTicks::timeTicks(t0, t0 + 6 * 60'000, 600, 7, us, utc, t0 + 6 * 60'000);
    QVERIFY(s.withDate);
    int dated = 0;
    for (const AxisTick &t : s.ticks) {
        if (t.label.contains(QLatin1Char('\n')))
            ++dated;
        if (qint64(t.value) == ms(2026, 5, 5, 0, 0, 0))
            QCOMPARE(t.label, QStringLiteral("12:00 AM\n5/5/26"));
    }
    QCOMPARE(dated, 2);   // the first tick and the first one after midnight
}

void tst_AxisTicks::todayShowsNoDate()
{
    const qint64 t0 = ms(2026, 5, 4, 12, 0, 0);
    const TimeScale s = AxisTicks::timeTicks(t0, t0 + 3600'000, 800, 7, QLocale::c(), utc, t0);
    QVERIFY(!s.withDate);
    for (const AxisTick &t : s.ticks)
        QVERIFY(!t.label.contains(QLatin1Char('\n')));
    QCOMPARE(s.ticks.first().label, QStringLiteral("12:00"));
}

void tst_AxisTicks::timeLabelsFitTheWidth()
{
    const qint64 t0 = ms(2026, 5, 4, 12, 0, 0);
    const TimeScale wide = AxisTicks::timeTicks(t0, t0 + 60'000, 1200, 7, us, utc, t0);
    const TimeScale narrow = AxisTicks::timeTicks(t0, t0 + 60'000, 250, 7, us, utc, t0);
    QVERIFY(narrow.step > wide.step);
    QVERIFY(double(narrow.step) / 60'000 * 250 >= 13 * 7);   // "12:00:30 PM" + gap
}

void tst_AxisTicks::subSecondAndDays()
{
    const qint64 t0 = ms(2026, 5, 4, 12, 0, 0);
    const TimeScale sub = AxisTicks::timeTicks(t0, t0 + 2000, 900, 7, QLocale::c(), utc, t0);
    QVERIFY(sub.step < 1000);
    QCOMPARE(sub.ticks.first().label, QStringLiteral("12:00:00.000"));
    const TimeScale days = AxisTicks::timeTicks(t0, t0 + 5LL * 86400'000, 800, 7, us, utc, t0);
    QCOMPARE(days.step, qint64(86400'000));
    QCOMPARE(days.ticks.first().label, QStringLiteral("5/5/26"));
}

void tst_AxisTicks::propertyValueTicks()
{
    QRandomGenerator rng(12);
    for (int i = 0; i < 5000; ++i) {
        const double mag = std::pow(10.0, uniform(rng, -6.0, 9.0));
        const double lo = (rng.bounded(2.0) - 1.0) * mag * rng.bounded(100.0);
        const double hi = lo + mag * uniform(rng, 0.001, 10.0);
        const int budget = 4 + int(rng.bounded(5));
        const auto [plo, phi] = AxisTicks::paddedRange(lo, hi, rng.bounded(2) == 0);
        const ValueScale s = AxisTicks::valueTicks(plo, phi, budget, us);
        const QString what = QStringLiteral("[%1, %2] budget %3 step %4").arg(lo, 0, 'g', 17).arg(hi, 0, 'g', 17).arg(budget).arg(s.step);
        QVERIFY2(s.ticks.size() >= AxisTicks::MinTicks && s.ticks.size() <= budget, qPrintable(what));
        QVERIFY2(niceStep(s.step), qPrintable(what));
        QVERIFY2(s.lo <= plo && s.hi >= phi, qPrintable(what));
        QSet<QString> seen;
        for (const AxisTick &t : s.ticks) {
            const double k = t.value / s.step;
            QVERIFY2(std::abs(k - std::round(k)) < 1e-6, qPrintable(what));
            seen.insert(t.label);
        }
        QVERIFY2(seen.size() == s.ticks.size(), qPrintable(what + " " + labels(s.ticks).join(' ')));
    }
}

void tst_AxisTicks::propertyTimeTicks()
{
    QRandomGenerator rng(34);
    const QList<qint64> steps = AxisTicks::timeSteps();
    for (int i = 0; i < 3000; ++i) {
        const qint64 t0 = ms(2020, 1, 1, 0, 0, 0) + qint64(rng.bounded(2.0e11));
        const qint64 span = qint64(std::pow(10.0, uniform(rng, 1.0, 9.0)));
        const double px = uniform(rng, 200.0, 1600.0);
        const TimeScale s = AxisTicks::timeTicks(t0, t0 + span, px, 7, us, utc, t0);
        const QString what = QStringLiteral("t0 %1 span %2 px %3 step %4").arg(t0).arg(span).arg(px).arg(s.step);
        QVERIFY2(steps.contains(s.step), qPrintable(what));
        QVERIFY2(s.ticks.size() <= AxisTicks::MaxTicks, qPrintable(what));
        // Distinct as read: a time repeats only on another day, and then a date is shown
        // at the day's first tick.
        QSet<QString> seen;
        QString day;
        int widest = 0;
        for (const AxisTick &t : s.ticks) {
            QVERIFY2(t.value >= t0 && t.value <= t0 + span, qPrintable(what));
            if (s.step < 86400'000)
                QVERIFY2(qint64(t.value) % s.step == 0, qPrintable(what));
            if (t.label.contains('\n'))
                day = t.label.section('\n', 1);
            seen.insert(day + '|' + t.label.section('\n', 0, 0));
            for (const QString &line : t.label.split('\n'))
                widest = std::max(widest, int(line.size()));
        }
        QVERIFY2(seen.size() == s.ticks.size(), qPrintable(what));
        QVERIFY2(double(s.step) / double(span) * px >= widest * 7, qPrintable(what));
    }
}

QTEST_GUILESS_MAIN(tst_AxisTicks)
#include "tst_axisticks.moc"
