// Specification of ChartListModel: chart choices with their bounds (MaxCharts, series per
// chart, name length), per-row signals, moves, and the workspace-file round trip with
// hostile input. Runs under QAbstractItemModelTester.
#include "chartfeeder.h"
#include "chartlistmodel.h"
#include "seriesstore.h"

#include <QAbstractItemModelTester>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

class tst_ChartListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addRemoveAndBound();
    void seriesAreCleanedAndBounded();
    void oneRowSignalledPerEdit();
    void manualRange();
    void move();
    void jsonRoundTrip();
    void hostileJson();
};

void tst_ChartListModel::addRemoveAndBound()
{
    ChartListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int i = 0; i < ChartListModel::MaxCharts; ++i)
        QCOMPARE(model.addChart(QStringLiteral("c%1").arg(i)), i);
    QCOMPARE(model.addChart(QStringLiteral("one too many")), -1);
    QCOMPARE(model.count(), ChartListModel::MaxCharts);
    model.removeChart(0);
    model.removeChart(99);   // ignored
    QCOMPARE(model.count(), ChartListModel::MaxCharts - 1);
    QCOMPARE(model.data(model.index(0), ChartListModel::TitleRole).toString(), QStringLiteral("c1"));
}

void tst_ChartListModel::seriesAreCleanedAndBounded()
{
    ChartListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QStringList many;
    for (int i = 0; i < 100; ++i)
        many << QStringLiteral("s%1").arg(i);
    many << QStringLiteral("s1") << QString() << QString(SeriesStore::MaxNameLength + 1, QLatin1Char('x'));
    const int row = model.addChart(QStringLiteral("t"), many);
    QCOMPARE(model.seriesOf(row).size(), ChartFeeder::MaxSeries);
    model.setSeries(row, {QStringLiteral("a"), QStringLiteral("a"), QString()});
    QCOMPARE(model.seriesOf(row), QStringList{"a"});
    model.toggleSeries(row, QStringLiteral("b"));
    QCOMPARE(model.seriesOf(row), (QStringList{"a", "b"}));
    model.toggleSeries(row, QStringLiteral("a"));
    QCOMPARE(model.seriesOf(row), QStringList{"b"});
    QCOMPARE(model.seriesOf(7), QStringList{});
}

void tst_ChartListModel::oneRowSignalledPerEdit()
{
    ChartListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addChart(QStringLiteral("a"));
    model.addChart(QStringLiteral("b"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy edited(&model, &ChartListModel::edited);
    model.setSeries(1, {QStringLiteral("x")});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 1);
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 1);
    QCOMPARE(edited.count(), 1);
    model.setSeries(1, {QStringLiteral("x")});   // no change, no signal
    model.setTitle(1, QStringLiteral("b"));
    model.setAutoScale(1, true);
    QCOMPARE(changed.count(), 1);
}

void tst_ChartListModel::manualRange()
{
    ChartListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addChart(QStringLiteral("a"));
    model.setManualRange(0, -1, 1);
    QCOMPARE(model.chart(0).manualMin, -1.0);
    QCOMPARE(model.chart(0).manualMax, 1.0);
    model.setManualRange(0, 5, 5);           // empty range refused
    model.setManualRange(0, 7, 3);           // inverted refused
    model.setManualRange(0, qQNaN(), 3);     // NaN refused
    model.setManualRange(0, 0, qInf());      // infinity refused
    QCOMPARE(model.chart(0).manualMin, -1.0);
    QCOMPARE(model.chart(0).manualMax, 1.0);
    model.setAutoScale(0, false);
    QCOMPARE(model.data(model.index(0), ChartListModel::AutoScaleRole).toBool(), false);
}

void tst_ChartListModel::move()
{
    ChartListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addChart(QStringLiteral("a"));
    model.addChart(QStringLiteral("b"));
    model.addChart(QStringLiteral("c"));
    model.moveChart(0, 2);
    QCOMPARE(model.chart(0).title, QStringLiteral("b"));
    QCOMPARE(model.chart(2).title, QStringLiteral("a"));
    model.moveChart(2, 0);
    QCOMPARE(model.chart(0).title, QStringLiteral("a"));
    model.moveChart(0, 5);   // ignored
    QCOMPARE(model.chart(0).title, QStringLiteral("a"));
}

void tst_ChartListModel::jsonRoundTrip()
{
    ChartListModel a;
    a.addChart(QStringLiteral("Prices"), {QStringLiteral("BTCUSD"), QStringLiteral("ETHUSD")});
    a.addChart(QStringLiteral("Temp"), {QStringLiteral("lab-1.temperature")});
    a.setAutoScale(1, false);
    a.setManualRange(1, 10, 30);
    ChartListModel b;
    QAbstractItemModelTester tester(&b, QAbstractItemModelTester::FailureReportingMode::QtTest);
    b.fromJson(a.toJson());
    QCOMPARE(b.count(), 2);
    QCOMPARE(b.chart(0).series, (QStringList{"BTCUSD", "ETHUSD"}));
    QCOMPARE(b.chart(1).autoScale, false);
    QCOMPARE(b.chart(1).manualMin, 10.0);
    QCOMPARE(b.chart(1).manualMax, 30.0);
}

void tst_ChartListModel::hostileJson()
{
    QJsonArray charts;
    charts.append(42);                                  // not an object
    charts.append(QJsonObject{{QStringLiteral("title"), QString(10'000, QLatin1Char('t'))},
                              {QStringLiteral("series"), QJsonArray{1, true, QStringLiteral("ok")}},
                              {QStringLiteral("manualMin"), 5}, {QStringLiteral("manualMax"), 1}});
    for (int i = 0; i < 50; ++i)
        charts.append(QJsonObject{{QStringLiteral("title"), QStringLiteral("c")}});
    ChartListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.fromJson(charts);
    QCOMPARE(model.count(), ChartListModel::MaxCharts);
    QCOMPARE(model.chart(0).title.size(), 200);
    QCOMPARE(model.chart(0).series, QStringList{"ok"});
    QCOMPARE(model.chart(0).manualMin, 0.0);            // inverted range ignored
    QCOMPARE(model.chart(0).manualMax, 100.0);
}

QTEST_MAIN(tst_ChartListModel)
#include "tst_chartlistmodel.moc"
