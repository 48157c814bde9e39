// Specification of SeriesView, the cached grid decimation a chart keeps per series: the
// grid step's bounds, the coarse-first picture of a zoom step (every min and max of each
// coarse column kept, refined to the exact picture within a bounded number of updates), the cached picture (min/max per column, M4 at the window's edges)
// equal to a brute-force scan after appends,
// evictions (count and age), clears and window changes, a live frame computing O(1)
// columns whatever the history, and the bounds on columns and points.
#include "seriesview.h"

#include <QHash>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>
#include <cmath>

namespace {

qint64 floorDiv(qint64 t, qint64 step)
{
    return qint64(std::floor(double(t) / double(step)));   // exact for the test's magnitudes
}

// Brute force, independent of the block summaries: scan every held point of [t0, t1],
// bucket by grid column; per bucket min and max in time order (first occurrence; every
// point when <= 2), but M4 (first, min, max, last; every point when <= 4) in the columns
// of the window's first and last point. A window holding at most 2 * columns points is returned raw.
QList<QPointF> reference(const SeriesBuffer &b, qint64 t0, qint64 t1, qint64 step, int columns)
{
    QList<QPointF> out;
    QList<SeriesBuffer::Point> inWindow;
    for (qsizetype i = 0; i < b.size(); ++i) {
        if (b.at(i).t >= t0 && b.at(i).t <= t1)
            inWindow.append(b.at(i));
    }
    if (inWindow.size() <= 2 * qsizetype(columns)) {
        for (const auto &p : inWindow)
            out.append(QPointF(double(p.t), p.v));
        return out;
    }
    QList<SeriesBuffer::Point> bucket;
    qint64 current = 0;
    auto flush = [&] {
        const bool edge = current == floorDiv(inWindow.constFirst().t, step)
            || current == floorDiv(inWindow.constLast().t, step);
        if (bucket.size() <= (edge ? 4 : 2)) {
            for (const auto &p : bucket)
                out.append(QPointF(double(p.t), p.v));
        } else {
            qsizetype mn = 0, mx = 0;
            for (qsizetype i = 1; i < bucket.size(); ++i) {
                if (bucket[i].v < bucket[mn].v) mn = i;
                if (bucket[i].v > bucket[mx].v) mx = i;
            }
            QList<qsizetype> idx{mn, mx};
            if (edge)
                idx << 0 << bucket.size() - 1;
            std::sort(idx.begin(), idx.end());
            idx.erase(std::unique(idx.begin(), idx.end()), idx.end());
            for (qsizetype i : idx)
                out.append(QPointF(double(bucket[i].t), bucket[i].v));
        }
        bucket.clear();
    };
    for (const auto &p : std::as_const(inWindow)) {
        const qint64 k = floorDiv(p.t, step);
        if (!bucket.isEmpty() && k != current)
            flush();
        current = k;
        bucket.append(p);
    }
    flush();
    return out;
}

} // namespace

class tst_SeriesView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void gridStepBounds();
    void equalsBruteForce_data();
    void equalsBruteForce();
    void liveFrameComputesFewColumns();
    void evictedColumnsAreRecomputed();
    void clearedBufferIsNotServedFromCache();
    void emptyAndInvertedWindows();
    void coarseFirstKeepsEveryExtreme_data();
    void coarseFirstKeepsEveryExtreme();
    void zoomFrameIsCoarseOnly();
};

void tst_SeriesView::gridStepBounds()
{
    QRandomGenerator rng(11);
    for (int i = 0; i < 20'000; ++i) {
        const qint64 t0 = qint64(rng.bounded(2'000'000'000)) * 1000 - 1'000'000'000'000;
        const qint64 span = qint64(rng.bounded(1u << 31)) >> rng.bounded(31);
        const int columns = 1 + int(rng.bounded(10'000));
        const qint64 step = SeriesView::gridStep(t0, t0 + span, columns);
        QVERIFY(step >= 1);
        QVERIFY2(step * columns >= span, "more columns than asked for");
        QVERIFY2(step < 16 || step <= (span / columns + 1) * 9 / 8 + 1, "far fewer columns than asked for");
        int bits = 0;
        for (qint64 v = step; v; v >>= 1) ++bits;
        QVERIFY2(bits <= 4 || (step & ((qint64(1) << (bits - 4)) - 1)) == 0, "more than 4 significant bits");
        const qint64 visible = SeriesView::columnOf(t0 + span, step) - SeriesView::columnOf(t0, step) + 1;
        QVERIFY(visible <= columns + 2);
    }
    // A window that slides or grows a little keeps its grid (what makes caching pay).
    QCOMPARE(SeriesView::gridStep(0, 10'000'000, 1000), SeriesView::gridStep(10, 10'000'010, 1000));
    QCOMPARE(SeriesView::gridStep(0, 10'000'000, 1000), SeriesView::gridStep(0, 10'100'000, 1000));
    // Negative times use floor division, and extreme windows do not overflow.
    QCOMPARE(SeriesView::columnOf(-1, 10), -1);
    QCOMPARE(SeriesView::columnOf(-10, 10), -1);
    QCOMPARE(SeriesView::columnOf(-11, 10), -2);
    const qint64 huge = SeriesView::gridStep(std::numeric_limits<qint64>::min(),
                                             std::numeric_limits<qint64>::max(), 1);
    QVERIFY(huge > 0);
    QCOMPARE(SeriesView::columnStart(std::numeric_limits<qint64>::max(), huge),
             std::numeric_limits<qint64>::max());
}

void tst_SeriesView::equalsBruteForce_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<qint64>("maxAge");
    QTest::addColumn<int>("columns");
    QTest::addColumn<quint32>("seed");
    QTest::newRow("growing, few columns") << 200'000 << qint64(0) << 50 << 1u;
    QTest::newRow("full ring evicting") << 5'000 << qint64(0) << 300 << 2u;
    QTest::newRow("odd ring, age bound") << 4'999 << qint64(40'000) << 777 << 3u;
    QTest::newRow("tiny ring") << 7 << qint64(0) << 20 << 4u;
}

void tst_SeriesView::equalsBruteForce()
{
    QFETCH(int, capacity);
    QFETCH(qint64, maxAge);
    QFETCH(int, columns);
    QFETCH(quint32, seed);
    QRandomGenerator rng(seed);
    SeriesBuffer b(capacity, maxAge);
    SeriesView view;
    qint64 t = 1'700'000'000'000;
    double v = 0;
    qint64 windowMs = 30'000;
    int mode = 0;   // 0 live window, 1 whole history, 2 paused in the past, 3 beyond the data
    for (int frame = 0; frame < 400; ++frame) {
        const int appends = int(rng.bounded(frame % 50 == 0 ? 3000 : 40));
        for (int i = 0; i < appends; ++i) {
            const quint32 r = rng.bounded(100);
            t += r < 5 ? 0 : r < 98 ? qint64(rng.bounded(20)) : qint64(rng.bounded(20'000));
            v += rng.generateDouble() - 0.5;
            if (rng.bounded(300) == 0)
                v += rng.bounded(2) ? 500 : -500;
            b.append(r == 99 ? t - 50 : t, v);   // now and then out of order (clamped)
        }
        if (rng.bounded(40) == 0)
            mode = int(rng.bounded(4));
        if (rng.bounded(60) == 0)
            windowMs = 1000 + qint64(rng.bounded(200'000));
        if (rng.bounded(150) == 0)
            b.clear();
        const qint64 last = b.isEmpty() ? t : b.last().t;
        const qint64 first = b.isEmpty() ? t : b.first().t;
        qint64 t1 = last, t0 = last - windowMs;
        if (mode == 1)
            t0 = first;
        else if (mode == 2)
            t1 = last - windowMs / 3, t0 = t1 - windowMs;
        else if (mode == 3)
            t0 = last + 10, t1 = t0 + windowMs;
        const int cols = rng.bounded(100) == 0 ? columns / 2 + 1 : columns;   // resize
        view.setWindow(t0, t1, cols);
        view.update(b);
        const QList<QPointF> expected = reference(b, t0, t1, view.step(), cols);
        QCOMPARE(view.points().size(), expected.size());
        QCOMPARE(view.points(), expected);
        QVERIFY(view.points().size() <= 2 * (cols + 2) + 4);
        QVERIFY(view.columnsCached() <= cols + 2);
        if (!expected.isEmpty()) {   // the line ends at the window's newest point
            const auto [begin, end] = b.range(t0, t1);
            QCOMPARE(view.points().constLast(), QPointF(double(b.at(end - 1).t), b.at(end - 1).v));
            QCOMPARE(view.points().constFirst(), QPointF(double(b.at(begin).t), b.at(begin).v));
        }
        if (!expected.isEmpty()) {
            double lo = expected[0].y(), hi = lo;
            for (const QPointF &p : expected)
                lo = std::min(lo, p.y()), hi = std::max(hi, p.y());
            QCOMPARE(view.min(), lo);
            QCOMPARE(view.max(), hi);
        } else {
            QVERIFY(std::isnan(view.min()));
        }
    }
}

void tst_SeriesView::liveFrameComputesFewColumns()
{
    // 1M points in a full ring (each append evicts one), whole-history and 10-minute
    // live windows: after the first frame a frame computes only a handful of columns.
    for (const qint64 windowMs : {qint64(0), qint64(600'000)}) {
        SeriesBuffer b(1'000'000, 0);
        qint64 t = 0;
        for (int i = 0; i < 1'000'000; ++i, t += 10)
            b.append(t, std::sin(double(i) / 1000));
        SeriesView view;
        auto frame = [&] {
            b.append(t, std::sin(double(t) / 10'000));
            t += 10;
            const qint64 t1 = b.last().t;
            view.setWindow(windowMs ? t1 - windowMs : b.first().t, t1, 1200);
            view.update(b);
        };
        frame();
        QVERIFY(view.columnsComputed() > 1000);
        for (int f = 0; f < 200; ++f) {
            frame();
            QVERIFY2(view.columnsComputed() <= 4, qPrintable(QString::number(view.columnsComputed())));
        }
        const qint64 visible = SeriesView::columnOf(view.t1(), view.step())
            - SeriesView::columnOf(view.t0(), view.step()) + 1;
        QVERIFY(visible > 1000);
        QVERIFY(view.columnsCached() >= visible - 3);
        QCOMPARE(view.points(), reference(b, view.t0(), view.t1(), view.step(), 1200));
    }
}

void tst_SeriesView::evictedColumnsAreRecomputed()
{
    // A fixed window over a ring that evicts: columns whose points left must not be
    // served from the cache.
    SeriesBuffer b(1000, 0);
    for (qint64 t = 0; t < 1000; ++t)
        b.append(t, double(t % 7));
    SeriesView view;
    view.setWindow(0, 1999, 50);   // step 40: data in columns 0..24
    view.update(b);
    QCOMPARE(view.step(), 40);
    QCOMPARE(view.points(), reference(b, 0, 1999, view.step(), 50));
    QCOMPARE(view.columnsCached(), 23);   // 1..23: not the oldest, not the newest
    for (qint64 t = 1000; t < 1350; ++t)
        b.append(t, 100.0 + double(t));   // evicts t = 0..349
    view.update(b);
    QCOMPARE(view.points().constFirst().x(), 350.0);
    QCOMPARE(view.points(), reference(b, 0, 1999, view.step(), 50));
}

void tst_SeriesView::clearedBufferIsNotServedFromCache()
{
    SeriesBuffer b(1000, 0);
    for (qint64 t = 0; t < 500; ++t)
        b.append(t, 1.0);
    SeriesView view;
    view.setWindow(0, 499, 50);
    view.update(b);
    QCOMPARE(view.max(), 1.0);
    b.clear();
    for (qint64 t = 0; t < 500; ++t)
        b.append(t, 2.0);   // same times, same count: only the id tells
    view.update(b);
    QCOMPARE(view.min(), 2.0);
    QCOMPARE(view.points(), reference(b, 0, 499, view.step(), 50));
}

void tst_SeriesView::emptyAndInvertedWindows()
{
    SeriesBuffer b(10, 0);
    SeriesView view;
    view.setWindow(0, 100, 10);
    view.update(b);   // empty buffer
    QVERIFY(view.points().isEmpty());
    QVERIFY(std::isnan(view.max()));
    b.append(50, 3.5);
    view.update(b);
    QCOMPARE(view.points(), QList<QPointF>{QPointF(50, 3.5)});
    view.setWindow(100, 0, 10);   // inverted: nothing
    view.update(b);
    QVERIFY(view.points().isEmpty());
    view.setWindow(0, 100, 10);
    view.update(b);
    QCOMPARE(view.points().size(), 1);
    view.clear();
    QVERIFY(view.points().isEmpty());
}


void tst_SeriesView::coarseFirstKeepsEveryExtreme_data()
{
    QTest::addColumn<int>("budget");
    QTest::addColumn<int>("columns");
    QTest::addColumn<quint32>("seed");
    QTest::newRow("budget 1/8 of the plot") << 100 << 800 << 21u;
    QTest::newRow("budget 1 column") << 1 << 300 << 22u;
    QTest::newRow("budget over the plot") << 5000 << 600 << 23u;
}

void tst_SeriesView::coarseFirstKeepsEveryExtreme()
{
    // Zoom and pan steps over a ring that keeps filling and evicting. Each update with a
    // budget: points in time order, all held points of the window, the window's first and
    // newest point, and for every group of CoarseFactor grid columns its min and max
    // (brute force over the group's part of the window); at most budget + the coarse
    // columns + the edges computed. Once held still, it refines to the exact picture.
    QFETCH(int, budget);
    QFETCH(int, columns);
    QFETCH(quint32, seed);
    QRandomGenerator rng(seed);
    SeriesBuffer b(300'000, 0);
    qint64 t = 1'700'000'000'000;
    double v = 0;
    auto append = [&](int n) {
        for (int i = 0; i < n; ++i) {
            t += qint64(rng.bounded(3));
            v += rng.generateDouble() - 0.5;
            if (rng.bounded(500) == 0)
                v += rng.bounded(2) ? 300 : -300;
            b.append(t, v);
        }
    };
    append(400'000);
    SeriesView view;
    view.setRefineBudget(budget);
    qint64 t0 = b.first().t, t1 = b.last().t;
    for (int step = 0; step < 40; ++step) {
        const qint64 span = t1 - t0;
        const qint64 at = t0 + qint64(rng.bounded(quint32(std::max<qint64>(1, span))));
        if (step % 3 == 2) {   // pan
            const qint64 d = qint64(rng.bounded(quint32(span / 5 + 1))) - span / 10;
            t0 += d, t1 += d;
        } else {               // zoom in or out around `at`
            const double f = step % 6 < 3 ? 0.7 : 1 / 0.7;
            t0 = at - qint64(double(at - t0) * f);
            t1 = at + qint64(double(t1 - at) * f);
        }
        t0 = std::max(t0, b.first().t - 1000);
        t1 = std::max(t1, t0 + 2000);
        append(int(rng.bounded(2000)));   // ingest goes on meanwhile
        view.setWindow(t0, t1, columns);
        view.update(b);
        const qint64 k0 = SeriesView::columnOf(t0, view.step()), k1 = SeriesView::columnOf(t1, view.step());
        QVERIFY(view.columnsComputed()
                <= budget + SeriesView::CoarseFactor + (k1 - k0) / SeriesView::CoarseFactor + 2 + 2);
        const QList<QPointF> &pts = view.points();
        QVERIFY(pts.size() <= 2 * (columns + 2) + 4);
        for (qsizetype i = 1; i < pts.size(); ++i)
            QVERIFY(pts[i - 1].x() <= pts[i].x());
        const auto [begin, end] = b.range(t0, t1);
        if (begin == end) {
            QVERIFY(pts.isEmpty());
            continue;
        }
        QCOMPARE(pts.constFirst(), QPointF(double(b.at(begin).t), b.at(begin).v));
        QCOMPARE(pts.constLast(), QPointF(double(b.at(end - 1).t), b.at(end - 1).v));
        // Every group's min and max, brute force, is in the picture (as a held point).
        const qint64 groupStep = view.step() * SeriesView::CoarseFactor;
        QHash<qint64, std::pair<SeriesBuffer::Point, SeriesBuffer::Point>> extremes;
        for (qsizetype i = begin; i < end; ++i) {
            const SeriesBuffer::Point p = b.at(i);
            const qint64 g = floorDiv(p.t, groupStep);
            auto it = extremes.find(g);
            if (it == extremes.end())
                extremes.insert(g, {p, p});
            else if (p.v < it->first.v)
                it->first = p;
            else if (p.v > it->second.v)
                it->second = p;
        }
        QSet<std::pair<qint64, double>> drawn;
        for (const QPointF &p : pts)
            drawn.insert({qint64(p.x()), p.y()});
        for (auto it = extremes.cbegin(); it != extremes.cend(); ++it) {
            QVERIFY2(drawn.contains({it->first.t, it->first.v}), "a group's minimum is missing");
            QVERIFY2(drawn.contains({it->second.t, it->second.v}), "a group's maximum is missing");
        }
    }
    // Held still: each update refines budget columns and one more group, then it is exact.
    int updates = 0;
    do {
        view.update(b);
        ++updates;
    } while (!view.refined() && updates < 10'000);
    QVERIFY(view.refined());
    const int groups = (columns + 2) / SeriesView::CoarseFactor + 2;
    QVERIFY(updates <= std::min(groups + 1, (columns + 2) / std::max(1, budget - SeriesView::CoarseFactor) + 3));
    QCOMPARE(view.points(), reference(b, t0, t1, view.step(), columns));
}

// A zoom step (a new grid step: nothing cached) is drawn from coarse columns alone, so
// that frame decimates about columns / CoarseFactor columns and not the refine budget
// too; the budget is spent from the next update on, and the picture ends exact. A pan
// (same step) still refines at once.
void tst_SeriesView::zoomFrameIsCoarseOnly()
{
    SeriesBuffer b(200'000, 0);
    QRandomGenerator rng(5);
    double v = 0;
    for (qint64 t = 0; t < 200'000; ++t)
        b.append(t * 10, v += rng.generateDouble() - 0.5);
    const int columns = 1200, budget = columns / SeriesView::CoarseFactor;
    SeriesView view;
    view.setRefineBudget(budget);
    view.setWindow(0, 1'999'990, columns);
    for (int i = 0; i < 100 && (i == 0 || !view.refined()); ++i)
        view.update(b);
    QVERIFY(view.refined());
    view.setWindow(300'000, 1'700'000, columns);   // zoom in: a new step
    view.update(b);
    const int groups = (columns + 2) / SeriesView::CoarseFactor + 2;
    QVERIFY2(view.columnsComputed() <= groups + 2, qPrintable(QString::number(view.columnsComputed())));
    QVERIFY(!view.refined());
    view.update(b);   // held still: now the budget is spent
    QVERIFY2(view.columnsComputed() >= budget, qPrintable(QString::number(view.columnsComputed())));
    int updates = 0;
    while (!view.refined() && ++updates < 100)
        view.update(b);
    QVERIFY(view.refined());
    QCOMPARE(view.points(), reference(b, 300'000, 1'700'000, view.step(), columns));
    const qint64 step = view.step();
    view.setWindow(300'000 + 40 * step, 1'700'000 + 40 * step, columns);   // pan: same step
    view.update(b);
    QCOMPARE(view.step(), step);
    QVERIFY(view.refined());   // 40 new columns fit the budget
    QCOMPARE(view.points(), reference(b, 300'000 + 40 * step, 1'700'000 + 40 * step, view.step(), columns));
}

QTEST_MAIN(tst_SeriesView)
#include "tst_seriesview.moc"
