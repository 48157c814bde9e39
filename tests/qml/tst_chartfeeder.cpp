// Specification of ChartFeeder (and its ChartLegendModel output): frame-rate redraws
// only when the store moved, decimation bounds the points handed to QXYSeries::replace(),
// the time window, pause and scroll back, auto and manual Y range, attach refusals and
// bounds, series deleted under the feeder. The legend runs under QAbstractItemModelTester.
#include "chartfeeder.h"
#include "seriesstore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QRegularExpression>
#include <QTest>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QLineSeries>
#include <QtCharts/QPieSeries>
#include <QtCharts/QValueAxis>

class tst_ChartFeeder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void attachRefusals();
    void redrawsOnlyWhenTheStoreMoved();
    void timerDrivesFrames();
    void decimationBoundsPoints();
    void timeWindow();
    void allHistoryWindow();
    void pauseFreezesAndScrollBack();
    void autoAndManualScale();
    void setsAttachedAxes();
    void liveFrameReusesColumns();
    void legendValues();
    void deletedSeriesIsSkipped();
    void frameIntervalIsCapped();

private:
    static void fill(SeriesStore *store, const QString &name, qint64 from, qint64 to, qint64 step,
                     double (*f)(qint64))
    {
        SampleBatch batch;
        for (qint64 t = from; t <= to; t += step)
            batch.append(Sample{name, t, f(t)});
        store->appendBatch(batch);
    }
};

void tst_ChartFeeder::attachRefusals()
{
    SeriesStore store;
    ChartFeeder feeder;
    QAbstractItemModelTester tester(feeder.legend(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    feeder.setStore(&store);
    QLineSeries line;
    QPieSeries pie;
    QObject plain;
    QVERIFY(!feeder.attach(QStringLiteral("x"), &pie));      // not an XY series
    QVERIFY(!feeder.attach(QStringLiteral("x"), &plain));
    QVERIFY(!feeder.attach(QStringLiteral("x"), nullptr));
    QVERIFY(!feeder.attach(QString(), &line));
    QVERIFY(feeder.attach(QStringLiteral("x"), &line));
    QVERIFY(feeder.attach(QStringLiteral("x"), &line));      // re-attach: still one row
    QCOMPARE(feeder.seriesNames(), QStringList{"x"});
    QCOMPARE(feeder.legend()->rowCount(), 1);

    std::vector<std::unique_ptr<QLineSeries>> many;
    for (int i = 1; i < ChartFeeder::MaxSeries; ++i) {
        many.push_back(std::make_unique<QLineSeries>());
        QVERIFY(feeder.attach(QStringLiteral("s%1").arg(i), many.back().get()));
    }
    QLineSeries oneTooMany;
    QVERIFY(!feeder.attach(QStringLiteral("over"), &oneTooMany));
    QCOMPARE(feeder.seriesNames().size(), ChartFeeder::MaxSeries);
    feeder.detach(QStringLiteral("x"));
    QCOMPARE(feeder.legend()->rowCount(), ChartFeeder::MaxSeries - 1);
    feeder.detachAll();
    QCOMPARE(feeder.legend()->rowCount(), 0);
}

void tst_ChartFeeder::redrawsOnlyWhenTheStoreMoved()
{
    SeriesStore store;
    ChartFeeder feeder;
    feeder.setActive(false);   // drive frames by hand
    feeder.setStore(&store);
    QLineSeries line;
    feeder.attach(QStringLiteral("a"), &line);
    store.append(QStringLiteral("a"), 1000, 1.0);
    feeder.refresh();
    QCOMPARE(feeder.framesDrawn(), 1);
    QCOMPARE(line.count(), 1);
    feeder.refresh();
    feeder.refresh();
    QCOMPARE(feeder.framesDrawn(), 1);     // idle frames cost nothing
    store.append(QStringLiteral("a"), 2000, 2.0);
    store.append(QStringLiteral("other"), 2000, 2.0);
    feeder.refresh();
    QCOMPARE(feeder.framesDrawn(), 2);     // many samples, one redraw
    QCOMPARE(line.count(), 2);
    feeder.setWindowMs(10'000);            // a view change redraws without new samples
    feeder.refresh();
    QCOMPARE(feeder.framesDrawn(), 3);
    store.append(QStringLiteral("other"), 3000, 3.0);   // not on this chart
    feeder.refresh();
    QCOMPARE(feeder.framesDrawn(), 3);
}

void tst_ChartFeeder::timerDrivesFrames()
{
    SeriesStore store;
    ChartFeeder feeder;
    feeder.setStore(&store);
    QLineSeries line;
    feeder.attach(QStringLiteral("a"), &line);
    QSignalSpy drawn(&feeder, &ChartFeeder::frameDrawn);
    for (int i = 0; i < 50; ++i)
        store.append(QStringLiteral("a"), 1000 + i, i);
    QTRY_COMPARE(line.count(), 50);
    QVERIFY(drawn.count() >= 1);
    QVERIFY(feeder.hasData());
    feeder.setActive(false);
    const int frames = feeder.framesDrawn();
    store.append(QStringLiteral("a"), 5000, 1);
    QVERIFY(!feeder.isTicking());   // inactive: the frame timer is stopped...
    QCoreApplication::processEvents();
    QCOMPARE(feeder.framesDrawn(), frames);   // ...so pending events draw nothing either
    feeder.setActive(true);
    QVERIFY(feeder.isTicking());
    QTRY_VERIFY(feeder.framesDrawn() > frames);   // and it picks up what arrived meanwhile
}

void tst_ChartFeeder::decimationBoundsPoints()
{
    SeriesStore store;
    ChartFeeder feeder;
    feeder.setActive(false);
    feeder.setStore(&store);
    feeder.setWindowMs(0);
    feeder.setPlotWidth(300);
    QLineSeries a, b;
    feeder.attach(QStringLiteral("a"), &a);
    feeder.attach(QStringLiteral("b"), &b);
    fill(&store, QStringLiteral("a"), 0, 499'999, 1, [](qint64 t) { return double(t % 1000); });
    fill(&store, QStringLiteral("b"), 0, 499'999, 5, [](qint64 t) { return -double(t); });
    feeder.refresh();
    QVERIFY(a.count() <= 4 * 300);
    QVERIFY(b.count() <= 4 * 300);
    QVERIFY(a.count() > 300);
    QCOMPARE(feeder.pointsDrawn(), a.count() + b.count());
    // The envelope survives decimation.
    QCOMPARE(feeder.yMin() < -499'000, true);
    QCOMPARE(feeder.legend()->row(0).max, 999.0);
    feeder.setPlotWidth(0);   // clamped to one column, never zero
    QCOMPARE(feeder.plotWidth(), 1);
    feeder.setPlotWidth(1'000'000);
    QCOMPARE(feeder.plotWidth(), ChartFeeder::MaxColumns);
}

void tst_ChartFeeder::timeWindow()
{
    SeriesStore store;
    ChartFeeder feeder;
    feeder.setActive(false);
    feeder.setStore(&store);
    feeder.setWindowMs(10'000);
    QLineSeries line;
    feeder.attach(QStringLiteral("a"), &line);
    fill(&store, QStringLiteral("a"), 100'000, 160'000, 10, [](qint64 t) { return double(t); });
    feeder.refresh();
    QCOMPARE(feeder.xMax().toMSecsSinceEpoch(), 160'000);
    QCOMPARE(feeder.xMin().toMSecsSinceEpoch(), 150'000);
    QCOMPARE(feeder.historyStartMs(), 100'000.0);
    QCOMPARE(feeder.historyEndMs(), 160'000.0);
    for (const QPointF &p : line.points()) {
        QVERIFY(p.x() >= 150'000);
        QVERIFY(p.x() <= 160'000);
    }
    QCOMPARE(line.points().constLast().x(), 160'000.0);
}

void tst_ChartFeeder::allHistoryWindow()
{
    SeriesStore store;
    ChartFeeder feeder;
    feeder.setActive(false);
    feeder.setStore(&store);
    feeder.setWindowMs(0);
    QLineSeries a, b;
    feeder.attach(QStringLiteral("a"), &a);
    feeder.attach(QStringLiteral("b"), &b);
    fill(&store, QStringLiteral("a"), 5'000, 9'000, 100, [](qint64) { return 1.0; });
    fill(&store, QStringLiteral("b"), 7'000, 12'000, 100, [](qint64) { return 2.0; });
    feeder.refresh();
    QCOMPARE(feeder.xMin().toMSecsSinceEpoch(), 5'000);
    QCOMPARE(feeder.xMax().toMSecsSinceEpoch(), 12'000);
}

void tst_ChartFeeder::pauseFreezesAndScrollBack()
{
    SeriesStore store;
    ChartFeeder feeder;
    feeder.setActive(false);
    feeder.setStore(&store);
    feeder.setWindowMs(10'000);
    QLineSeries line;
    feeder.attach(QStringLiteral("a"), &line);
    fill(&store, QStringLiteral("a"), 0, 60'000, 100, [](qint64 t) { return double(t); });
    feeder.refresh();
    QSignalSpy pausedSpy(&feeder, &ChartFeeder::pausedChanged);
    feeder.setPaused(true);
    QCOMPARE(pausedSpy.count(), 1);
    feeder.refresh();
    const int frames = feeder.framesDrawn();
    fill(&store, QStringLiteral("a"), 60'100, 90'000, 100, [](qint64 t) { return double(t); });
    feeder.refresh();
    QCOMPARE(feeder.framesDrawn(), frames);           // capture goes on, the picture holds
    QCOMPARE(feeder.xMax().toMSecsSinceEpoch(), 60'000);

    feeder.scrollBy(0.5);                              // half a window back
    feeder.refresh();
    QCOMPARE(feeder.scrollBackMs(), 5'000);
    QCOMPARE(feeder.xMax().toMSecsSinceEpoch(), 55'000);
    QCOMPARE(line.points().constLast().x(), 55'000.0);
    feeder.scrollBy(-2.0);                             // never past the pause point
    QCOMPARE(feeder.scrollBackMs(), 0);
    feeder.setScrollBackMs(10'000'000);                // never before the oldest point
    QCOMPARE(feeder.scrollBackMs(), 60'000);

    feeder.goLive();
    QVERIFY(!feeder.isPaused());
    QCOMPARE(feeder.scrollBackMs(), 0);
    feeder.refresh();
    QCOMPARE(feeder.xMax().toMSecsSinceEpoch(), 90'000);

    // Scrolling back while live pauses the view.
    feeder.scrollBy(0.1);
    QVERIFY(feeder.isPaused());
    QCOMPARE(feeder.scrollBackMs(), 1'000);
}

void tst_ChartFeeder::autoAndManualScale()
{
    SeriesStore store;
    ChartFeeder feeder;
    feeder.setActive(false);
    feeder.setStore(&store);
    QLineSeries line;
    feeder.attach(QStringLiteral("a"), &line);
    store.append(QStringLiteral("a"), 1000, 10.0);
    store.append(QStringLiteral("a"), 2000, 20.0);
    feeder.refresh();
    // 5 % margins (9.5..20.5) widened to whole ticks: 8 ticks fit 300 px, step 2.
    QCOMPARE(feeder.yMin(), 8.0);
    QCOMPARE(feeder.yMax(), 22.0);
    QCOMPARE(feeder.yTicks().size(), 8);
    QCOMPARE(feeder.yTicks().constFirst().toMap().value("label").toString(), QStringLiteral("8"));
    feeder.setAutoScale(false);
    feeder.setManualMin(-5);
    feeder.setManualMax(5);
    feeder.refresh();
    QCOMPARE(feeder.yMin(), -5.0);
    QCOMPARE(feeder.yMax(), 5.0);
    feeder.setManualMin(qQNaN());    // ignored
    QCOMPARE(feeder.manualMin(), -5.0);
    feeder.setAutoScale(true);
    store.append(QStringLiteral("a"), 3000, 15.0);
    store.clear();
    store.append(QStringLiteral("a"), 1000, 42.0);   // a flat line still gets a band
    feeder.refresh();
    QVERIFY(feeder.yMin() < 42.0);
    QVERIFY(feeder.yMax() > 42.0);
}

void tst_ChartFeeder::setsAttachedAxes()
{
    SeriesStore store;
    ChartFeeder feeder;
    feeder.setActive(false);
    feeder.setStore(&store);
    feeder.setWindowMs(10'000);
    QDateTimeAxis x;
    QValueAxis y;
    QValueAxis notDateTime;
    feeder.setAxisX(&x);
    feeder.setAxisY(&y);
    QCOMPARE(feeder.axisX(), &x);
    QLineSeries line;
    feeder.attach(QStringLiteral("a"), &line);
    fill(&store, QStringLiteral("a"), 100'000, 160'000, 10, [](qint64 t) { return double(t % 100); });
    feeder.refresh();
    QCOMPARE(x.min().toMSecsSinceEpoch(), 150'000);
    QCOMPARE(x.max().toMSecsSinceEpoch(), 160'000);
    QCOMPARE(y.min(), feeder.yMin());
    QCOMPARE(y.max(), feeder.yMax());
    QVERIFY(line.count() > 0);   // emptied for the range change, then filled
    feeder.setAutoScale(false);
    feeder.setManualMin(-3);
    feeder.setManualMax(3);
    feeder.refresh();
    QCOMPARE(y.min(), -3.0);
    QCOMPARE(y.max(), 3.0);
    feeder.setAxisX(nullptr);   // detached axes are left alone
    fill(&store, QStringLiteral("a"), 160'010, 170'000, 10, [](qint64) { return 1.0; });
    feeder.refresh();
    QCOMPARE(x.max().toMSecsSinceEpoch(), 160'000);
    QCOMPARE(feeder.xMax().toMSecsSinceEpoch(), 170'000);
}

void tst_ChartFeeder::liveFrameReusesColumns()
{
    // A live frame over a long history hands QtCharts the same picture as a chart drawn
    // from scratch (a fresh feeder); tst_seriesview counts the columns a frame computes.
    SeriesStore store(SeriesStore::Limits{200'000, 0, 10});
    fill(&store, QStringLiteral("a"), 0, 1'999'990, 10, [](qint64 t) { return std::sin(double(t) / 7e4); });
    ChartFeeder live;
    live.setActive(false);
    live.setStore(&store);
    live.setWindowMs(0);
    live.setPlotWidth(800);
    QLineSeries liveLine;
    live.attach(QStringLiteral("a"), &liveLine);
    live.refresh();
    for (int f = 0; f < 30; ++f) {
        fill(&store, QStringLiteral("a"), 2'000'000 + f * 10, 2'000'000 + f * 10, 10,
             [](qint64 t) { return std::cos(double(t)); });
        live.refresh();
    }
    ChartFeeder fresh;
    fresh.setActive(false);
    fresh.setStore(&store);
    fresh.setWindowMs(0);
    fresh.setPlotWidth(800);
    QLineSeries freshLine;
    fresh.attach(QStringLiteral("a"), &freshLine);
    fresh.refresh();
    QCOMPARE(liveLine.points(), freshLine.points());
    QVERIFY(liveLine.count() <= 2 * 802 + 4);
    QVERIFY(liveLine.count() > 800);
    QCOMPARE(liveLine.points().constLast().x(), 2'000'290.0);   // ends at the newest sample
}

void tst_ChartFeeder::legendValues()
{
    SeriesStore store;
    ChartFeeder feeder;
    feeder.setActive(false);
    ChartLegendModel *legend = feeder.legend();
    QAbstractItemModelTester tester(legend, QAbstractItemModelTester::FailureReportingMode::QtTest);
    feeder.setStore(&store);
    feeder.setWindowMs(0);
    QLineSeries a, b;
    a.setColor(Qt::red);
    feeder.attach(QStringLiteral("a"), &a);
    feeder.attach(QStringLiteral("b"), &b);
    store.append(QStringLiteral("a"), 1000, 3.0);
    store.append(QStringLiteral("a"), 2000, -1.0);
    store.append(QStringLiteral("a"), 3000, 2.0);
    QSignalSpy changed(legend, &QAbstractItemModel::dataChanged);
    feeder.refresh();
    QCOMPARE(changed.count(), 1);                     // one signal for every row
    const auto role = [&](int row, int r) { return legend->data(legend->index(row), r); };
    QCOMPARE(role(0, ChartLegendModel::NameRole).toString(), QStringLiteral("a"));
    QCOMPARE(role(0, ChartLegendModel::LastRole).toDouble(), 2.0);
    QCOMPARE(role(0, ChartLegendModel::MinRole).toDouble(), -1.0);
    QCOMPARE(role(0, ChartLegendModel::MaxRole).toDouble(), 3.0);
    QCOMPARE(role(0, ChartLegendModel::ColorRole).value<QColor>(), QColor(Qt::red));
    QCOMPARE(role(0, ChartLegendModel::HasDataRole).toBool(), true);
    QCOMPARE(role(1, ChartLegendModel::HasDataRole).toBool(), false);   // no samples yet
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("is not valid")));
    QVERIFY(!role(2, ChartLegendModel::NameRole).isValid());

    // At most one legend update per LegendIntervalMs, but the newest values get there.
    store.append(QStringLiteral("a"), 4000, 7.0);
    feeder.refresh();
    feeder.setActive(true);   // the frame timer flushes the pending legend
    QTRY_COMPARE(role(0, ChartLegendModel::LastRole).toDouble(), 7.0);
}

void tst_ChartFeeder::deletedSeriesIsSkipped()
{
    SeriesStore store;
    ChartFeeder feeder;
    feeder.setActive(false);
    feeder.setStore(&store);
    auto *line = new QLineSeries;
    feeder.attach(QStringLiteral("a"), line);
    delete line;   // the ChartView went away first
    store.append(QStringLiteral("a"), 1000, 1.0);
    feeder.refresh();
    QCOMPARE(feeder.framesDrawn(), 1);
}

void tst_ChartFeeder::frameIntervalIsCapped()
{
    ChartFeeder feeder;
    feeder.setFrameIntervalMs(1);
    QCOMPARE(feeder.frameIntervalMs(), ChartFeeder::MinFrameIntervalMs);
}

QTEST_MAIN(tst_ChartFeeder)
#include "tst_chartfeeder.moc"
