// Specification of the charts' inspect side in C++ (issue 12 §2-3): ChartTimeSync's
// shared range and cursor, ChartFeeder's zoom/pan/box/fit on it (linked and unlinked),
// valuesAt() reading the nearest stored sample (not the decimated picture), the legend's
// visible min/max/mean (mean from the background pass), ticks applied to QValueAxis
// axes, SeriesPalette's name-stable colours, and a zoom step drawn coarse first then
// refined over the next frames to the exact picture. The pointer side is tst_chartinspect.qml.
#include "chartfeeder.h"
#include "charttimesync.h"
#include "seriespalette.h"
#include "seriesstore.h"

#include <QSignalSpy>
#include <QTest>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <cmath>

class tst_ChartInspect : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void syncRangeAndCursor();
    void zoomAroundACentre();
    void linkedChartsShareTheRange();
    void unlinkedChartKeepsItsOwn();
    void valueZoomAndFit();
    void valuesAtIsTheNearestStoredSample();
    void legendStatsOfTheVisibleRange();
    void valueAxesGetTheTicks();
    void paletteIsStablePerName();
    void zoomDrawsCoarseThenRefines();
};

namespace {
void fill(SeriesStore &store, const QString &name, qint64 t0, int n, qint64 step, double (*f)(int))
{
    SampleBatch b;
    for (int i = 0; i < n; ++i)
        b.append(Sample{name, t0 + i * step, f(i)});
    store.appendBatch(b);
}
} // namespace

void tst_ChartInspect::syncRangeAndCursor()
{
    ChartTimeSync sync;
    QSignalSpy live(&sync, &ChartTimeSync::liveChanged);
    QSignalSpy range(&sync, &ChartTimeSync::rangeChanged);
    QVERIFY(sync.isLive() && !sync.hasRange() && !sync.hasCursor());
    sync.setRange(2000, 1000);   // reversed: swapped
    QVERIFY(!sync.isLive() && sync.hasRange());
    QCOMPARE(sync.start(), 1000);
    QCOMPARE(sync.end(), 2000);
    QCOMPARE(live.count(), 1);
    sync.setRange(1000, 1001);   // below the minimum span: widened around the centre
    QCOMPARE(sync.end() - sync.start(), ChartTimeSync::MinSpanMs);
    sync.setRange(qQNaN(), 5);   // ignored
    QCOMPARE(sync.end() - sync.start(), ChartTimeSync::MinSpanMs);
    sync.setRange(0, 1e14);      // 3,000 years: clamped to the maximum span
    QCOMPARE(double(sync.end() - sync.start()), double(ChartTimeSync::MaxSpanMs));
    const qint64 kept = sync.start();
    sync.setRange(0, 1e30);      // beyond what a time can be: ignored
    QCOMPARE(sync.start(), kept);
    sync.setCursorMs(1500);
    QVERIFY(sync.hasCursor());
    sync.setCursorMs(qInf());
    QVERIFY(!sync.hasCursor());
    sync.goLive();
    QVERIFY(sync.isLive() && !sync.hasRange());
    QCOMPARE(live.count(), 2);
    QVERIFY(range.count() >= 4);
}

void tst_ChartInspect::zoomAroundACentre()
{
    SeriesStore store;
    ChartFeeder feeder;
    feeder.setActive(false);
    feeder.setStore(&store);
    feeder.setWindowMs(10'000);
    QLineSeries line;
    feeder.attach("a", &line);
    fill(store, "a", 0, 601, 100, [](int i) { return double(i); });
    feeder.refresh();
    QCOMPARE(feeder.xStartMs(), 50'000.0);
    QCOMPARE(feeder.xEndMs(), 60'000.0);
    // Zoom in by half around t = 52,000: the centre keeps its place (20 % from the left).
    feeder.zoomTime(52'000, 0.5);
    feeder.refresh();
    QVERIFY(feeder.isPaused());
    QCOMPARE(feeder.xStartMs(), 51'000.0);
    QCOMPARE(feeder.xEndMs(), 56'000.0);
    feeder.panTime(-1'000);
    feeder.refresh();
    QCOMPARE(feeder.xStartMs(), 50'000.0);
    QCOMPARE(feeder.xEndMs(), 55'000.0);
    // New samples do not move a zoomed view.
    fill(store, "a", 60'100, 10, 100, [](int) { return 1.0; });
    feeder.refresh();
    QCOMPARE(feeder.xEndMs(), 55'000.0);
    feeder.goLive();
    feeder.refresh();
    QCOMPARE(feeder.xEndMs(), 61'000.0);
    QVERIFY(!feeder.isPaused());
    feeder.zoomTime(qQNaN(), 0.5);   // hostile input: nothing happens
    feeder.zoomTime(1000, -1);
    QVERIFY(!feeder.isPaused());
}

void tst_ChartInspect::linkedChartsShareTheRange()
{
    SeriesStore store;
    ChartTimeSync sync;
    ChartFeeder one, two;
    QLineSeries a, b;
    for (ChartFeeder *f : {&one, &two}) {
        f->setActive(false);
        f->setStore(&store);
        f->setTimeSync(&sync);
    }
    one.attach("a", &a);
    two.attach("b", &b);
    fill(store, "a", 0, 100, 1000, [](int i) { return double(i); });
    fill(store, "b", 0, 90, 1000, [](int i) { return double(-i); });
    one.refresh();
    two.refresh();
    QCOMPARE(one.xEndMs(), 99'000.0);   // live: each ends at its own newest sample
    QCOMPARE(two.xEndMs(), 89'000.0);
    one.setTimeRange(10'000, 20'000);   // a gesture on one chart...
    one.refresh();
    two.refresh();
    QVERIFY(!sync.isLive());
    QVERIFY(one.isPaused() && two.isPaused());   // ...pauses both on one time axis
    QCOMPARE(two.xStartMs(), 10'000.0);
    QCOMPARE(two.xEndMs(), 20'000.0);
    two.zoomTime(15'000, 2);
    one.refresh();
    QCOMPARE(one.xStartMs(), 5'000.0);
    QCOMPARE(one.xEndMs(), 25'000.0);
    sync.goLive();
    one.refresh();
    two.refresh();
    QVERIFY(!one.isPaused() && !two.isPaused());
    QCOMPARE(two.xEndMs(), 89'000.0);
}

void tst_ChartInspect::unlinkedChartKeepsItsOwn()
{
    SeriesStore store;
    ChartTimeSync sync;
    ChartFeeder one, two;
    QLineSeries a, b;
    for (ChartFeeder *f : {&one, &two}) {
        f->setActive(false);
        f->setStore(&store);
        f->setTimeSync(&sync);
    }
    one.attach("a", &a);
    two.attach("a", &b);
    fill(store, "a", 0, 100, 1000, [](int i) { return double(i); });
    one.setTimeRange(10'000, 20'000);
    QSignalSpy linked(&two, &ChartFeeder::linkedChanged);
    two.setLinked(false);   // keeps showing 10..20 s, now as its own range
    QCOMPARE(linked.count(), 1);
    two.refresh();
    QCOMPARE(two.xStartMs(), 10'000.0);
    one.setTimeRange(30'000, 40'000);
    one.refresh();
    two.refresh();
    QCOMPARE(one.xStartMs(), 30'000.0);
    QCOMPARE(two.xStartMs(), 10'000.0);   // not moved by the shared axis
    two.panTime(5'000);
    two.refresh();
    one.refresh();
    QCOMPARE(two.xStartMs(), 15'000.0);
    QCOMPARE(one.xStartMs(), 30'000.0);   // and its gestures stay its own
    two.setLinked(true);
    two.refresh();
    QCOMPARE(two.xStartMs(), 30'000.0);
}

void tst_ChartInspect::valueZoomAndFit()
{
    SeriesStore store;
    ChartFeeder feeder;
    feeder.setActive(false);
    feeder.setStore(&store);
    feeder.setWindowMs(10'000);
    QLineSeries line;
    feeder.attach("a", &line);
    fill(store, "a", 0, 100, 1000, [](int i) { return double(i); });
    feeder.setValueRange(40, 60);
    feeder.refresh();
    QVERIFY(feeder.valueZoomed());
    QCOMPARE(feeder.yMin(), 40.0);
    QCOMPARE(feeder.yMax(), 60.0);
    feeder.zoomValue(50, 0.5);
    feeder.refresh();
    QCOMPARE(feeder.yMin(), 45.0);
    QCOMPARE(feeder.yMax(), 55.0);
    feeder.setValueRange(qInf(), 3);   // ignored
    feeder.refresh();
    QCOMPARE(feeder.yMin(), 45.0);
    feeder.zoomToFit();               // all history, Y follows the data again
    feeder.refresh();
    QVERIFY(!feeder.valueZoomed());
    QCOMPARE(feeder.xStartMs(), 0.0);
    QCOMPARE(feeder.xEndMs(), 99'000.0);
    QVERIFY(feeder.yMin() <= 0 && feeder.yMax() >= 99);
    QCOMPARE(feeder.yMin(), 0.0);     // never-negative data: no axis below 0
}

void tst_ChartInspect::valuesAtIsTheNearestStoredSample()
{
    SeriesStore store;
    ChartFeeder feeder;
    feeder.setActive(false);
    feeder.setStore(&store);
    feeder.setWindowMs(0);
    feeder.setPlotWidth(100);   // 1M points into 100 columns: the picture holds ~200
    QLineSeries a, b, c;
    feeder.attach("a", &a);
    feeder.attach("b", &b);
    feeder.attach("empty", &c);
    SampleBatch batch;
    for (int i = 0; i < 200'000; ++i)
        batch.append(Sample{"a", qint64(i) * 5, std::sin(i * 0.37) * 1000 + i});
    store.appendBatch(batch);
    fill(store, "b", 0, 3, 400'000, [](int i) { return 7.0 + i; });   // at 0, 400 s, 800 s
    feeder.refresh();
    QVERIFY(a.count() < 1000);   // decimated on screen...
    const QVariantList v = feeder.valuesAt(500'002);   // ...exact at the cursor
    QCOMPARE(v.size(), 3);
    const QVariantMap va = v.at(0).toMap();
    QCOMPARE(va.value("name").toString(), QStringLiteral("a"));
    QCOMPARE(va.value("t").toDouble(), 500'000.0);     // sample i = 100,000
    QCOMPARE(va.value("value").toDouble(), std::sin(100'000 * 0.37) * 1000 + 100'000);
    const QVariantMap vb = v.at(1).toMap();
    QCOMPARE(vb.value("t").toDouble(), 400'000.0);      // far from any sample: the nearest
    QCOMPARE(vb.value("value").toDouble(), 8.0);
    QVERIFY(!v.at(2).toMap().contains("value"));        // no data: no value
    QCOMPARE(feeder.valuesAt(-1e9).at(1).toMap().value("value").toDouble(), 7.0);   // before all
    QCOMPARE(feeder.valuesAt(1e12).at(1).toMap().value("value").toDouble(), 9.0);   // after all
    QVERIFY(feeder.valuesAt(qQNaN()).isEmpty());
}

void tst_ChartInspect::legendStatsOfTheVisibleRange()
{
    SeriesStore store;
    ChartFeeder feeder;
    feeder.setStore(&store);
    feeder.setFrameIntervalMs(16);
    feeder.setWindowMs(0);
    QLineSeries line;
    feeder.attach("a", &line);
    fill(store, "a", 0, 1000, 10, [](int i) { return double(i % 10); });   // mean 4.5
    QSignalSpy computed(&feeder, &ChartFeeder::statsComputed);
    QTRY_VERIFY(computed.count() >= 1);
    QTRY_COMPARE(feeder.legend()->row(0).mean, 4.5);
    QCOMPARE(feeder.legend()->row(0).min, 0.0);
    QCOMPARE(feeder.legend()->row(0).max, 9.0);
    // Paused on a part: values 0..4 only (t 0..40 ms of each 100 ms) -> mean 2
    feeder.setTimeRange(1000, 1040);
    QTRY_COMPARE(feeder.legend()->row(0).mean, 2.0);
    QCOMPARE(feeder.legend()->row(0).min, 0.0);
    QCOMPARE(feeder.legend()->row(0).max, 4.0);
    const QModelIndex i = feeder.legend()->index(0);
    QCOMPARE(feeder.legend()->data(i, ChartLegendModel::MeanRole).toDouble(), 2.0);
}

void tst_ChartInspect::valueAxesGetTheTicks()
{
    SeriesStore store;
    ChartFeeder feeder;
    feeder.setActive(false);
    feeder.setStore(&store);
    feeder.setWindowMs(60'000);
    feeder.setPlotWidth(800);
    feeder.setPlotHeight(200);
    feeder.setFontHeight(16);
    QValueAxis x, y;
    feeder.setAxisX(&x);
    feeder.setAxisY(&y);
    QLineSeries line;
    feeder.attach("a", &line);
    fill(store, "a", 1'700'000'000'000, 601, 100, [](int i) { return 1284.87 + (i % 64) / 100.0; });
    feeder.refresh();
    QCOMPARE(x.min(), feeder.xStartMs());   // epoch ms on a value axis
    QCOMPARE(x.max(), feeder.xEndMs());
    QCOMPARE(x.tickType(), QValueAxis::TicksDynamic);
    QCOMPARE(x.tickAnchor(), feeder.xTicks().constFirst().toMap().value("value").toDouble());
    QCOMPARE(qint64(x.tickAnchor()) % qint64(x.tickInterval()), 0);   // round instants
    QCOMPARE(y.tickType(), QValueAxis::TicksDynamic);
    QCOMPARE(y.min(), feeder.yMin());
    QCOMPARE(y.tickAnchor(), feeder.yMin());     // widened: first tick at the bottom
    QCOMPARE(y.tickInterval(), 0.2);             // 1284.87..1285.50 at 200 px: step 0.2
    QVERIFY(feeder.yTicks().size() >= 4 && feeder.yTicks().size() <= 8);
    feeder.setUnit("$");
    feeder.refresh();
    QVERIFY(feeder.yTicks().constFirst().toMap().value("label").toString().startsWith('$'));
}

void tst_ChartInspect::paletteIsStablePerName()
{
    SeriesPalette palette;
    const QColor light = palette.color("BTCUSD.price", false);
    const QColor dark = palette.color("BTCUSD.price", true);
    QVERIFY(light != dark);                                   // a variant per theme...
    QCOMPARE(palette.color("BTCUSD.price", false), light);    // ...and back again
    QCOMPARE(SeriesPalette::hueOf("BTCUSD.price"), SeriesPalette::hueOf(QString("BTCUSD") + ".price"));
    QCOMPARE(SeriesPalette::hueOf("BTCUSD.price"), 5);        // FNV-1a: the same in every run
    int used[SeriesPalette::Hues] = {};
    for (int i = 0; i < 1000; ++i)
        ++used[SeriesPalette::hueOf(QStringLiteral("series%1").arg(i))];
    for (int n : used)
        QVERIFY(n > 50);   // names spread over every hue
    QSignalSpy changed(&palette, &SeriesPalette::overridesChanged);
    QVERIFY(palette.setHue("BTCUSD.price", 2));
    QCOMPARE(palette.color("BTCUSD.price", true), SeriesPalette::hueColor(2, true));
    QVERIFY(palette.setHue("BTCUSD.price", -1));   // back to its own
    QCOMPARE(palette.color("BTCUSD.price", false), light);
    QCOMPARE(changed.count(), 2);
    for (int i = 0; i < SeriesPalette::MaxOverrides; ++i)
        QVERIFY(palette.setHue(QStringLiteral("n%1").arg(i), 1));
    QVERIFY(!palette.setHue("one too many", 1));   // bounded
    QVERIFY(!palette.setHue(QString(), 1));
}

void tst_ChartInspect::zoomDrawsCoarseThenRefines()
{
    // 400k points into 800 columns: a zoom step decimates a part of the window per frame
    // (the rest as coarse columns holding the same min and max), the following frames
    // refine it, and the picture ends equal to a full decimation of the same window.
    SeriesStore store;
    fill(store, "a", 0, 400'000, 10, [](int i) { return std::sin(i * 0.01) * 100 + (i % 977 == 0 ? 500 : 0); });
    ChartFeeder feeder;
    feeder.setActive(false);
    feeder.setStore(&store);
    feeder.setWindowMs(0);
    feeder.setPlotWidth(800);
    QLineSeries line;
    feeder.attach("a", &line);
    feeder.refresh();
    QVERIFY(!feeder.isPaused());
    const int liveFrames = feeder.framesDrawn();
    feeder.refresh();
    QCOMPARE(feeder.framesDrawn(), liveFrames);   // live, nothing new: no frame
    feeder.zoomTime(1'000'000, 0.7);              // pauses: coarse first
    QVERIFY(feeder.isPaused());
    feeder.refresh();
    const QList<QPointF> first = line.points();
    double lo = 1e300, hi = -1e300;
    for (const QPointF &p : first)
        lo = std::min(lo, p.y()), hi = std::max(hi, p.y());
    int frames = 0;
    for (int before = -1; before != feeder.framesDrawn() && frames < 100; ++frames) {
        before = feeder.framesDrawn();
        feeder.refresh();
    }
    QVERIFY2(frames > 2, "the zoom step was not drawn coarse first");
    QVERIFY(frames < 20);
    SeriesView full;
    full.setWindow(qint64(feeder.xStartMs()), qint64(feeder.xEndMs()), 800);
    QVERIFY(store.updateView("a", full));
    QCOMPARE(line.points(), full.points());
    QVERIFY(first.size() < full.points().size());
    QCOMPARE(lo, full.min());   // the coarse frame already held the visible extremes
    QCOMPARE(hi, full.max());
}

QTEST_MAIN(tst_ChartInspect)
#include "tst_chartinspect.moc"
