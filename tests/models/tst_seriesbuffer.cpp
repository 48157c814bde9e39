// Specification of SeriesBuffer: count and age bounds, out-of-order clamp, time-window
// queries at the edges, M4 decimation against a brute-force reference, min/max.
#include "seriesbuffer.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>
#include <cmath>
#include <limits>

namespace {

constexpr qint64 I64Min = std::numeric_limits<qint64>::min();
constexpr qint64 I64Max = std::numeric_limits<qint64>::max();

struct Column { bool any = false; SeriesBuffer::Point first{}, last{}; double min = 0, max = 0; };

// Brute force: bucket every held point of [t0, t1] with the documented column bounds.
QList<Column> referenceColumns(const SeriesBuffer &b, qint64 t0, qint64 t1, int columns)
{
    QList<qint64> starts;
    for (int k = 0; k <= columns; ++k)
        starts.append(SeriesBuffer::columnStart(t0, t1, columns, k));
    QList<Column> cols(columns);
    for (qsizetype i = 0; i < b.size(); ++i) {
        const SeriesBuffer::Point p = b.at(i);
        if (p.t < t0 || p.t > t1)
            continue;
        // last column k with starts[k] <= t (the final column also takes t1)
        int k = int(std::upper_bound(starts.cbegin(), starts.cend() - 1, p.t) - starts.cbegin()) - 1;
        k = std::clamp(k, 0, columns - 1);
        Column &c = cols[k];
        if (!c.any) {
            c.any = true;
            c.first = p;
            c.min = c.max = p.v;
        }
        c.last = p;
        c.min = std::min(c.min, p.v);
        c.max = std::max(c.max, p.v);
    }
    return cols;
}

bool containsPoint(const QList<QPointF> &pts, qint64 t, double v)
{
    return std::any_of(pts.cbegin(), pts.cend(),
                       [&](const QPointF &p) { return qint64(p.x()) == t && p.y() == v; });
}

} // namespace

class tst_SeriesBuffer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void capacityBoundHolds();
    void capacityOfOne();
    void growsLazily();
    void growthKeepsBytesPerPointLow();
    void ageBound();
    void noAgeBoundWhenZero();
    void outOfOrderIsClamped();
    void nonFiniteRefused();
    void rangeEdges();
    void rangeAfterWrap();
    void lowerBoundAheadOnUnevenData();
    void columnStartIsExactAndOverflowFree();
    void decimationMatchesReference_data();
    void decimationMatchesReference();
    void decimationSmallWindows();
    void decimationHostileArguments();
    void minMaxTracksEvictions();
    void clearEmpties();
    void millionPoints();
};

void tst_SeriesBuffer::capacityBoundHolds()
{
    SeriesBuffer b(1000, 0);
    for (int i = 0; i < 3000; ++i)
        b.append(i, i * 0.5);
    QCOMPARE(b.size(), 1000);
    QCOMPARE(b.capacity(), 1000);
    QCOMPARE(b.totalAppended(), 3000);
    QCOMPARE(b.first().t, 2000);
    QCOMPARE(b.last().t, 2999);
    for (qsizetype i = 0; i < b.size(); ++i) {
        QCOMPARE(b.at(i).t, 2000 + i);
        QCOMPARE(b.at(i).v, (2000 + i) * 0.5);
    }
}

void tst_SeriesBuffer::capacityOfOne()
{
    SeriesBuffer b(0, 0);   // clamped to 1
    QCOMPARE(b.capacity(), 1);
    for (int i = 0; i < 10; ++i)
        b.append(i, -i);
    QCOMPARE(b.size(), 1);
    QCOMPARE(b.last().t, 9);
    QCOMPARE(b.min(), -9.0);
    QCOMPARE(b.max(), -9.0);
    QCOMPARE(b.decimated(0, 100, 1).size(), 1);
}

void tst_SeriesBuffer::growthKeepsBytesPerPointLow()
{
    // 1.5x growth: right after any growth step the ring is >= 2/3 full, so a partly
    // filled series costs <= 24 B/point of ring plus ~0.4 B/point of summaries.
    SeriesBuffer b(1'000'000, 0);
    double worst = 0;
    qint64 lastBytes = b.bytesUsed();
    for (int i = 0; i < 1'000'000; ++i) {
        b.append(i, i % 97);
        if (b.bytesUsed() != lastBytes) {   // just grew: the worst point of this step
            lastBytes = b.bytesUsed();
            if (b.size() >= 10'000)
                worst = std::max(worst, double(lastBytes) / double(b.size()));
        }
    }
    qInfo("SeriesBuffer: worst %.2f B/point just after growth, %.2f B/point full", worst,
          double(b.bytesUsed()) / b.size());
    QVERIFY2(worst <= 24.8, qPrintable(QString::number(worst)));
    QVERIFY(double(b.bytesUsed()) / b.size() <= 16.5);
    SeriesBuffer partial(1'000'000, 0);
    for (int i = 0; i < 600'000; ++i)
        partial.append(i, i);
    QVERIFY2(double(partial.bytesUsed()) / 600'000 <= 24.0,
             qPrintable(QString::number(double(partial.bytesUsed()) / 600'000)));
}

void tst_SeriesBuffer::growsLazily()
{
    SeriesBuffer small(1'000'000, 0);
    for (int i = 0; i < 3; ++i)
        small.append(i, i);
    QVERIFY2(small.bytesUsed() < 4096, QByteArray::number(small.bytesUsed()));
    SeriesBuffer full(5000, 0);
    for (int i = 0; i < 5000; ++i)
        full.append(i, i);
    QVERIFY(full.bytesUsed() >= 5000 * 16);
    QVERIFY(full.bytesUsed() <= 5000 * 24);
}

void tst_SeriesBuffer::ageBound()
{
    SeriesBuffer b(100'000, 100);
    for (int t = 0; t < 1000; ++t)
        b.append(t, t);
    QCOMPARE(b.first().t, 899);   // newest (999) - 100
    QCOMPARE(b.size(), 101);
    for (qsizetype i = 0; i < b.size(); ++i)
        QVERIFY(b.at(i).t >= b.last().t - 100);
    b.append(1'000'000, 1);       // a jump evicts everything but the newest point
    QCOMPARE(b.size(), 1);
    QCOMPARE(b.min(), 1.0);
    QCOMPARE(b.max(), 1.0);
    // Extreme timestamps do not overflow the cutoff computation.
    SeriesBuffer e(10, 100);
    e.append(I64Min, 1);
    e.append(I64Min + 5, 2);
    QCOMPARE(e.size(), 2);
    e.append(I64Max, 3);
    QCOMPARE(e.size(), 1);
}

void tst_SeriesBuffer::noAgeBoundWhenZero()
{
    SeriesBuffer b(10, 0);
    b.append(0, 1);
    b.append(I64Max, 2);
    QCOMPARE(b.size(), 2);
}

void tst_SeriesBuffer::outOfOrderIsClamped()
{
    SeriesBuffer b(10, 0);
    b.append(100, 1);
    b.append(50, 2);          // earlier: clamped to 100, value kept
    b.append(200, 3);
    b.append(150, 4);
    QCOMPARE(b.size(), 4);
    QCOMPARE(b.at(1).t, 100);
    QCOMPARE(b.at(1).v, 2.0);
    QCOMPARE(b.at(3).t, 200);
    QCOMPARE(b.at(3).v, 4.0);
    const auto [begin, end] = b.range(100, 100);
    QCOMPARE(begin, 0);
    QCOMPARE(end, 2);
}

void tst_SeriesBuffer::nonFiniteRefused()
{
    SeriesBuffer b(10, 0);
    QVERIFY(b.append(1, 1.0));
    QVERIFY(!b.append(2, std::numeric_limits<double>::quiet_NaN()));
    QVERIFY(!b.append(3, std::numeric_limits<double>::infinity()));
    QVERIFY(!b.append(4, -std::numeric_limits<double>::infinity()));
    QCOMPARE(b.size(), 1);
    QCOMPARE(b.totalAppended(), 1);
    QCOMPARE(b.max(), 1.0);
}

void tst_SeriesBuffer::rangeEdges()
{
    SeriesBuffer b(100, 0);
    QCOMPARE(b.range(I64Min, I64Max), std::make_pair(qsizetype(0), qsizetype(0)));
    QVERIFY(std::isnan(b.min()));
    // t = 10, 20, 20, 20, 30, 40
    for (qint64 t : {10, 20, 20, 20, 30, 40})
        b.append(t, double(t));
    using R = std::pair<qsizetype, qsizetype>;
    QCOMPARE(b.range(10, 40), R(0, 6));
    QCOMPARE(b.range(I64Min, I64Max), R(0, 6));
    QCOMPARE(b.range(20, 20), R(1, 4));
    QCOMPARE(b.range(11, 19), R(1, 1));
    QCOMPARE(b.range(0, 9), R(0, 0));
    QCOMPARE(b.range(41, 50), R(6, 6));
    QCOMPARE(b.range(40, I64Max), R(5, 6));
    QCOMPARE(b.range(I64Min, 10), R(0, 1));
    QCOMPARE(b.range(21, 29), R(4, 4));
    QCOMPARE(b.range(30, 20).first, b.range(30, 20).second);   // t1 < t0: empty
    QCOMPARE(b.points(20, 30).size(), 4);
    QCOMPARE(b.points(20, 30).constFirst(), QPointF(20, 20));
    QCOMPARE(b.points(20, 30).constLast(), QPointF(30, 30));
    QVERIFY(b.points(30, 20).isEmpty());
}

void tst_SeriesBuffer::rangeAfterWrap()
{
    SeriesBuffer b(100, 0);
    QRandomGenerator rng(7);
    qint64 t = 0;
    for (int i = 0; i < 257; ++i) {
        t += rng.bounded(3);
        b.append(t, i);
    }
    QCOMPARE(b.size(), 100);
    for (int q = 0; q < 500; ++q) {
        const qint64 t0 = b.first().t - 5 + rng.bounded(int(b.last().t - b.first().t) + 10);
        const qint64 t1 = t0 + rng.bounded(60);
        qsizetype begin = 0, end = 0;
        for (qsizetype i = 0; i < b.size(); ++i) {
            if (b.at(i).t < t0)
                begin = i + 1;
            if (b.at(i).t <= t1)
                end = i + 1;
        }
        end = std::max(begin, end);
        QCOMPARE(b.range(t0, t1), std::make_pair(begin, end));
    }
}

// The forward search SeriesView walks columns with: the same answer as a linear scan,
// on data that is sparse then dense (a long history and a burst, as while ingesting),
// after the ring wrapped, with strides from 1 to past the end.
void tst_SeriesBuffer::lowerBoundAheadOnUnevenData()
{
    SeriesBuffer b(5000, 0);
    QRandomGenerator rng(17);
    qint64 t = 0;
    for (int i = 0; i < 7000; ++i) {
        t += i < 4000 ? 10 + rng.bounded(20) : (rng.bounded(8) == 0 ? 1 : 0);   // then a burst of equal times
        b.append(t, i);
    }
    QCOMPARE(b.size(), 5000);
    auto linear = [&](qint64 x, qsizetype from, qsizetype to) {
        qsizetype i = from;
        while (i < to && b.at(i).t < x)
            ++i;
        return i;
    };
    for (int q = 0; q < 3000; ++q) {
        const qsizetype from = qsizetype(rng.bounded(int(b.size())));
        const qsizetype to = from + qsizetype(rng.bounded(int(b.size() - from) + 1));
        // A target after at(from - 1), as the caller guarantees.
        const qint64 lo = from > 0 ? b.at(from - 1).t + 1 : b.first().t - 3;
        const qint64 x = lo + rng.bounded(int(b.last().t - lo) + 5);
        const qsizetype stride = qsizetype(rng.bounded(q % 2 ? 4 : 9000)) - 1;   // <= 0 counts as 1
        QCOMPARE(b.lowerBoundAhead(x, from, to, stride), linear(x, from, to));
    }
}

void tst_SeriesBuffer::columnStartIsExactAndOverflowFree()
{
    QCOMPARE(SeriesBuffer::columnStart(0, 1000, 10, 0), 0);
    QCOMPARE(SeriesBuffer::columnStart(0, 1000, 10, 3), 300);
    QCOMPARE(SeriesBuffer::columnStart(0, 1000, 10, 10), 1000);
    QCOMPARE(SeriesBuffer::columnStart(-7, 5, 4, 2), -1);   // -7 + floor(2*12/4)
    for (const auto [t0, t1] : {std::pair{I64Min, I64Max}, std::pair{I64Min, qint64(0)},
                                std::pair{qint64(-5), I64Max}, std::pair{qint64(3), qint64(3)}}) {
        for (int columns : {1, 7, 1000, SeriesBuffer::MaxColumns}) {
            qint64 prev = t0;
            QCOMPARE(SeriesBuffer::columnStart(t0, t1, columns, 0), t0);
            QCOMPARE(SeriesBuffer::columnStart(t0, t1, columns, columns), t1);
            for (int k = 1; k <= columns; k += std::max(1, columns / 50)) {
                const qint64 s = SeriesBuffer::columnStart(t0, t1, columns, k);
                QVERIFY(s >= prev);
                prev = s;
            }
        }
    }
}

void tst_SeriesBuffer::decimationMatchesReference_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<qint64>("maxAge");
    QTest::addColumn<int>("appends");
    QTest::addColumn<int>("columns");
    QTest::addColumn<int>("maxStep");
    QTest::addColumn<quint32>("seed");
    QTest::newRow("dense, no wrap") << 100'000 << qint64(0) << 50'000 << 300 << 2 << 1u;
    QTest::newRow("wrapped ring") << 20'000 << qint64(0) << 75'123 << 257 << 3 << 2u;
    QTest::newRow("age-evicted") << 100'000 << qint64(30'000) << 60'000 << 100 << 2 << 3u;
    QTest::newRow("sparse, gaps") << 50'000 << qint64(0) << 20'000 << 1000 << 400 << 4u;
    QTest::newRow("many equal t") << 10'000 << qint64(0) << 30'000 << 64 << 1 << 5u;
    QTest::newRow("one column") << 10'000 << qint64(0) << 10'000 << 1 << 5 << 6u;
    QTest::newRow("odd capacity") << 4'099 << qint64(0) << 40'000 << 333 << 2 << 7u;
    // Columns spanning many 4096-point coarse blocks (whole history and slices).
    QTest::newRow("many coarse blocks") << 400'000 << qint64(0) << 400'000 << 7 << 2 << 8u;
    // Wrapped ring whose size is not a multiple of the coarse block: coarse summaries
    // across the wrap point and the partial last coarse block.
    QTest::newRow("coarse, wrapped") << 150'001 << qint64(0) << 420'000 << 13 << 3 << 9u;
    QTest::newRow("coarse, uneven") << 300'000 << qint64(0) << 300'000 << 50 << 60 << 10u;
}

void tst_SeriesBuffer::decimationMatchesReference()
{
    QFETCH(int, capacity);
    QFETCH(qint64, maxAge);
    QFETCH(int, appends);
    QFETCH(int, columns);
    QFETCH(int, maxStep);
    QFETCH(quint32, seed);
    QRandomGenerator rng(seed);
    SeriesBuffer b(capacity, maxAge);
    qint64 t = 1'700'000'000'000;
    double v = 0;
    for (int i = 0; i < appends; ++i) {
        t += rng.bounded(maxStep + 1);
        v += rng.generateDouble() - 0.5;
        if (rng.bounded(500) == 0)
            v += rng.bounded(2) ? 1000 : -1000;   // spikes must survive decimation
        b.append(t, v);
    }
    // Windows: the whole history, a middle slice and one with edges outside the data.
    const qint64 first = b.first().t, last = b.last().t, span = last - first;
    const QList<std::pair<qint64, qint64>> windows = {
        {first, last}, {first + span / 3, first + 2 * span / 3}, {first - span / 4, last - span / 5}};
    for (const auto &[t0, t1] : windows) {
        const QList<QPointF> out = b.decimated(t0, t1, columns);
        const auto [begin, end] = b.range(t0, t1);
        QVERIFY(out.size() <= 4 * columns);
        if (end - begin <= 4 * columns) {
            QCOMPARE(out, b.points(t0, t1));
            continue;
        }
        for (qsizetype i = 1; i < out.size(); ++i)
            QVERIFY2(out.at(i - 1).x() <= out.at(i).x(), "output not sorted by time");
        QCOMPARE(qint64(out.constFirst().x()), b.at(begin).t);
        QCOMPARE(out.constFirst().y(), b.at(begin).v);
        QCOMPARE(qint64(out.constLast().x()), b.at(end - 1).t);
        QCOMPARE(out.constLast().y(), b.at(end - 1).v);
        const QList<Column> cols = referenceColumns(b, t0, t1, columns);
        int nonEmpty = 0;
        for (int k = 0; k < columns; ++k) {
            const Column &c = cols.at(k);
            if (!c.any)
                continue;
            ++nonEmpty;
            const qint64 cs = SeriesBuffer::columnStart(t0, t1, columns, k);
            const qint64 ce = SeriesBuffer::columnStart(t0, t1, columns, k + 1);
            QList<QPointF> inColumn;
            for (const QPointF &p : out) {
                const qint64 pt = qint64(p.x());
                if (pt >= cs && (pt < ce || (k == columns - 1 && pt <= ce)))
                    inColumn.append(p);
            }
            QVERIFY2(inColumn.size() <= 4 || c.first.t == c.last.t, qPrintable(QString::number(k)));
            QVERIFY2(containsPoint(inColumn, c.first.t, c.first.v), qPrintable(QString::number(k)));
            QVERIFY2(containsPoint(inColumn, c.last.t, c.last.v), qPrintable(QString::number(k)));
            const auto hasValue = [&](double want) {
                return std::any_of(inColumn.cbegin(), inColumn.cend(),
                                   [want](const QPointF &p) { return p.y() == want; });
            };
            QVERIFY2(hasValue(c.min), qPrintable(QStringLiteral("min missing in column %1").arg(k)));
            QVERIFY2(hasValue(c.max), qPrintable(QStringLiteral("max missing in column %1").arg(k)));
        }
        QVERIFY(out.size() >= nonEmpty);
        // Every output point is a real held point (no invented values).
        for (const QPointF &p : out) {
            const QList<QPointF> raw = b.points(qint64(p.x()), qint64(p.x()));
            QVERIFY(raw.contains(p));
        }
    }
}

void tst_SeriesBuffer::decimationSmallWindows()
{
    SeriesBuffer b(1000, 0);
    QVERIFY(b.decimated(0, 100, 10).isEmpty());            // empty buffer
    b.append(50, 3.5);
    QCOMPARE(b.decimated(0, 100, 10), QList<QPointF>{QPointF(50, 3.5)});   // one point
    QVERIFY(b.decimated(60, 100, 10).isEmpty());           // window without points
    b.clear();
    for (int i = 0; i < 1000; ++i)
        b.append(i, 7.0);                                  // all equal
    const QList<QPointF> flat = b.decimated(0, 999, 10);
    QVERIFY(!flat.isEmpty());
    QVERIFY(flat.size() <= 40);
    for (const QPointF &p : flat)
        QCOMPARE(p.y(), 7.0);
    QCOMPARE(flat.constFirst().x(), 0.0);
    QCOMPARE(flat.constLast().x(), 999.0);
    // Exactly 4*columns points: returned raw.
    QCOMPARE(b.decimated(0, 39, 10).size(), 40);
    QCOMPARE(b.decimated(0, 40, 10).size() <= 40, true);
}

void tst_SeriesBuffer::decimationHostileArguments()
{
    SeriesBuffer b(10'000, 0);
    for (int i = 0; i < 10'000; ++i)
        b.append(i, std::sin(i / 100.0));
    QVERIFY(b.decimated(0, 10'000, 0).isEmpty());
    QVERIFY(b.decimated(0, 10'000, -5).isEmpty());
    QVERIFY(b.decimated(10'000, 0, 10).isEmpty());
    const QList<QPointF> all = b.decimated(I64Min, I64Max, 100);
    QVERIFY(!all.isEmpty());
    QVERIFY(all.size() <= 400);   // the whole data sits in one or two columns of that window
    QCOMPARE(b.decimated(0, 9999, std::numeric_limits<int>::max()).size(), 10'000);  // clamped, raw
}

void tst_SeriesBuffer::minMaxTracksEvictions()
{
    // Rising then falling values: every eviction removes the current extreme.
    SeriesBuffer b(500, 0);
    QRandomGenerator rng(11);
    for (int i = 0; i < 5000; ++i) {
        const double v = (i % 1700 < 850 ? i % 1700 : 1700 - i % 1700) + rng.generateDouble();
        b.append(i, v);
        if (i % 37 == 0 || i > 4900) {
            double mn = b.at(0).v, mx = mn;
            for (qsizetype k = 1; k < b.size(); ++k) {
                mn = std::min(mn, b.at(k).v);
                mx = std::max(mx, b.at(k).v);
            }
            QCOMPARE(b.min(), mn);
            QCOMPARE(b.max(), mx);
        }
    }
}

void tst_SeriesBuffer::clearEmpties()
{
    SeriesBuffer b(100, 0);
    for (int i = 0; i < 150; ++i)
        b.append(i, i);
    b.clear();
    QCOMPARE(b.size(), 0);
    QVERIFY(b.points(I64Min, I64Max).isEmpty());
    b.append(5, 2);   // usable again, no clamp against the cleared history
    QCOMPARE(b.first().t, 5);
    QCOMPARE(b.min(), 2.0);
}

void tst_SeriesBuffer::millionPoints()
{
    constexpr int N = 1'000'000;
    SeriesBuffer b(N, 0);
    QRandomGenerator rng(3);
    for (int i = 0; i < N + N / 2; ++i)   // wrapped: head is mid-ring
        b.append(i, rng.generateDouble());
    QCOMPARE(b.size(), N);
    const double bytesPerPoint = double(b.bytesUsed()) / N;
    qInfo("SeriesBuffer: %.3f bytes/point at 1M points", bytesPerPoint);
    QVERIFY(bytesPerPoint <= 24.0);

    QElapsedTimer timer;
    timer.start();
    const QList<QPointF> out = b.decimated(b.first().t, b.last().t, 1000);
    const qint64 ns = timer.nsecsElapsed();
    qInfo("SeriesBuffer: decimating 1M points into 1000 columns took %.2f ms (%lld points)",
          ns / 1e6, qint64(out.size()));
    QVERIFY(out.size() <= 4000);
    QVERIFY(out.size() >= 2000);
    // Generous bound for a Debug build on a shared machine; a per-column rescan of the
    // whole history (O(n * columns)) would take seconds.
    QVERIFY2(ns < 250'000'000, qPrintable(QString::number(ns / 1e6) + " ms"));

    timer.start();
    b.append(N * 2, 0.5);   // evicts a point; min/max may need the block summary
    const double mn = b.min();
    const double mx = b.max();
    qInfo("SeriesBuffer: min/max after eviction %.3f ms", timer.nsecsElapsed() / 1e6);
    QVERIFY(mn >= 0 && mx < 1 && mn < mx);
}

QTEST_GUILESS_MAIN(tst_SeriesBuffer)
#include "tst_seriesbuffer.moc"
