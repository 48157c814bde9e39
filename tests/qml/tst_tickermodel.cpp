// Specification of TickerModel: rows follow the store at a capped rate, values (change,
// change %, high, low), flash direction, sorting by any column with persistent indexes
// kept, one dataChanged per refresh, the MaxRows and sparkline bounds. Every test runs
// under QAbstractItemModelTester.
#include "seriesstore.h"
#include "tickermodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QRegularExpression>
#include <QTest>

class tst_TickerModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rowsFollowTheStoreWithoutCallingRefresh();
    void valuesChangeAndPercent();
    void flashDirectionAndSerial();
    void sortByEveryColumn();
    void sortKeepsPersistentIndexes();
    void unsortableKeysAreRefused();
    void oneDataChangedPerRefresh();
    void refreshIntervalIsCapped();
    void maxRowsBound();
    void sparklineBoundAndNormalised();
    void sparklineRefreshIsCapped();
    void clearedStoreStartsOver();
    void deletedStoreEmptiesTheModel();
    void hostileNamesAreJustData();

private:
    static QVariant value(const TickerModel &m, int row, const char *role)
    {
        return m.data(m.index(row), m.roleNames().key(role));
    }
    static QStringList names(const TickerModel &m)
    {
        QStringList out;
        for (int i = 0; i < m.rowCount(); ++i)
            out << value(m, i, "name").toString();
        return out;
    }
};

void tst_TickerModel::rowsFollowTheStoreWithoutCallingRefresh()
{
    SeriesStore store;
    TickerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStore(&store);
    QCOMPARE(model.rowCount(), 0);
    store.append(QStringLiteral("BTCUSD"), 1000, 64250.5);
    store.append(QStringLiteral("ETHUSD"), 1000, 3420.0);
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(model.count(), 2);
    QCOMPARE(names(model), (QStringList{"BTCUSD", "ETHUSD"}));   // arrival order by default
    store.append(QStringLiteral("BTCUSD"), 2000, 64300.0);
    QTRY_COMPARE(value(model, 0, "last").toDouble(), 64300.0);
    QCOMPARE(model.rowCount(QModelIndex(model.index(0))), 0);
}

void tst_TickerModel::valuesChangeAndPercent()
{
    SeriesStore store;
    TickerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStore(&store);
    store.append(QStringLiteral("x"), 1000, 100.0);
    store.append(QStringLiteral("x"), 2000, 125.0);
    store.append(QStringLiteral("x"), 3000, 90.0);
    store.append(QStringLiteral("x"), 4000, 110.0);
    model.refresh();
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(value(model, 0, "last").toDouble(), 110.0);
    QCOMPARE(value(model, 0, "change").toDouble(), 10.0);
    QCOMPARE(value(model, 0, "changePercent").toDouble(), 10.0);
    QCOMPARE(value(model, 0, "high").toDouble(), 125.0);
    QCOMPARE(value(model, 0, "low").toDouble(), 90.0);
    QCOMPARE(value(model, 0, "count").toLongLong(), 4);
    QVERIFY(value(model, 0, "rate").toDouble() > 0);

    // A first value of zero has no percentage change (not inf, not NaN).
    store.append(QStringLiteral("zero"), 1000, 0.0);
    store.append(QStringLiteral("zero"), 2000, 5.0);
    model.refresh();
    QCOMPARE(value(model, 1, "change").toDouble(), 5.0);
    QCOMPARE(value(model, 1, "changePercent").toDouble(), 0.0);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("is not valid")));
    QVERIFY(!model.data(model.index(5), TickerModel::LastRole).isValid());
}

void tst_TickerModel::flashDirectionAndSerial()
{
    SeriesStore store;
    TickerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStore(&store);
    store.append(QStringLiteral("s"), 1000, 10.0);
    model.refresh();
    QCOMPARE(value(model, 0, "flash").toInt(), 0);
    const int serial0 = value(model, 0, "flashSerial").toInt();

    store.append(QStringLiteral("s"), 2000, 11.0);
    model.refresh();
    QCOMPARE(value(model, 0, "flash").toInt(), 1);
    QCOMPARE(value(model, 0, "flashSerial").toInt(), serial0 + 1);

    store.append(QStringLiteral("s"), 3000, 10.5);
    model.refresh();
    QCOMPARE(value(model, 0, "flash").toInt(), -1);
    QCOMPARE(value(model, 0, "flashSerial").toInt(), serial0 + 2);

    // Same value again: a new sample, but nothing to flash.
    store.append(QStringLiteral("s"), 4000, 10.5);
    model.refresh();
    QCOMPARE(value(model, 0, "flashSerial").toInt(), serial0 + 2);
}

void tst_TickerModel::sortByEveryColumn()
{
    SeriesStore store;
    TickerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStore(&store);
    // b: +100 %, a: -50 %, c: +10 %
    store.append(QStringLiteral("b"), 1000, 1.0);
    store.append(QStringLiteral("b"), 2000, 2.0);
    store.append(QStringLiteral("a"), 1000, 400.0);
    store.append(QStringLiteral("a"), 2000, 200.0);
    store.append(QStringLiteral("c"), 1000, 100.0);
    store.append(QStringLiteral("c"), 2000, 110.0);
    model.refresh();
    QCOMPARE(names(model), (QStringList{"b", "a", "c"}));

    QSignalSpy sortSpy(&model, &TickerModel::sortChanged);
    model.sortBy(QStringLiteral("name"));
    QCOMPARE(sortSpy.count(), 1);
    QCOMPARE(model.sortOrder(), Qt::AscendingOrder);
    QCOMPARE(names(model), (QStringList{"a", "b", "c"}));
    model.sortBy(QStringLiteral("name"));   // same column flips
    QCOMPARE(model.sortOrder(), Qt::DescendingOrder);
    QCOMPARE(names(model), (QStringList{"c", "b", "a"}));

    model.sortBy(QStringLiteral("last"));   // numbers start largest first
    QCOMPARE(model.sortOrder(), Qt::DescendingOrder);
    QCOMPARE(names(model), (QStringList{"a", "c", "b"}));
    model.sortBy(QStringLiteral("changePercent"));
    QCOMPARE(names(model), (QStringList{"b", "c", "a"}));
    model.sortBy(QStringLiteral("change"));
    QCOMPARE(names(model), (QStringList{"c", "b", "a"}));
    model.sortBy(QStringLiteral("high"));
    QCOMPARE(names(model), (QStringList{"a", "c", "b"}));
    model.sortBy(QStringLiteral("low"));
    model.sortBy(QStringLiteral("low"));
    QCOMPARE(model.sortOrder(), Qt::AscendingOrder);
    QCOMPARE(names(model), (QStringList{"b", "c", "a"}));

    // The order holds as values move: c overtakes a on last price.
    model.sortBy(QStringLiteral("last"));
    QCOMPARE(model.sortOrder(), Qt::DescendingOrder);
    store.append(QStringLiteral("c"), 3000, 1000.0);
    model.refresh();
    QCOMPARE(names(model), (QStringList{"c", "a", "b"}));

    model.setSortKey(QString());   // back to arrival order
    QCOMPARE(names(model), (QStringList{"b", "a", "c"}));
}

void tst_TickerModel::sortKeepsPersistentIndexes()
{
    SeriesStore store;
    TickerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStore(&store);
    store.append(QStringLiteral("z"), 1000, 1.0);
    store.append(QStringLiteral("y"), 1000, 2.0);
    store.append(QStringLiteral("x"), 1000, 3.0);
    model.refresh();
    const QPersistentModelIndex z(model.index(0));
    QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
    model.sortBy(QStringLiteral("name"));
    QCOMPARE(layout.count(), 1);
    QCOMPARE(z.row(), 2);
    QCOMPARE(z.data(TickerModel::NameRole).toString(), QStringLiteral("z"));
    model.sortBy(QStringLiteral("name"));
    QCOMPARE(z.row(), 0);
    // A key giving the same order (equal counts: ties keep arrival order z, y, x)
    // emits no layout change.
    layout.clear();
    model.sortBy(QStringLiteral("count"));
    QCOMPARE(model.sortKey(), QStringLiteral("count"));
    QCOMPARE(layout.count(), 0);
    QCOMPARE(z.row(), 0);
}

void tst_TickerModel::unsortableKeysAreRefused()
{
    SeriesStore store;
    TickerModel model;
    model.setStore(&store);
    QSignalSpy sortSpy(&model, &TickerModel::sortChanged);
    model.sortBy(QStringLiteral("sparkline"));
    model.sortBy(QStringLiteral("no-such-column"));
    model.setSortKey(QStringLiteral("flashSerial"));
    QCOMPARE(sortSpy.count(), 0);
    QCOMPARE(model.sortKey(), QString());
}

void tst_TickerModel::oneDataChangedPerRefresh()
{
    SeriesStore store;
    TickerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStore(&store);
    for (int s = 0; s < 20; ++s)
        store.append(QStringLiteral("s%1").arg(s), 0, s);
    model.refresh();
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    // 20 series x 500 samples each between two refreshes: still one signal.
    for (int i = 1; i <= 500; ++i)
        for (int s = 0; s < 20; ++s)
            store.append(QStringLiteral("s%1").arg(s), i, s + i);
    model.refresh();
    QCOMPARE(changed.count(), 1);
    const QModelIndex topLeft = changed.at(0).at(0).value<QModelIndex>();
    const QModelIndex bottomRight = changed.at(0).at(1).value<QModelIndex>();
    QCOMPARE(topLeft.row(), 0);
    QCOMPARE(bottomRight.row(), 19);
    // No new samples: no signal at all (rates are still non-zero, so it does look).
    changed.clear();
    model.refresh();
    QVERIFY(changed.count() <= 1);   // rates may decay; never one signal per row
}

void tst_TickerModel::refreshIntervalIsCapped()
{
    TickerModel model;
    QCOMPARE(model.refreshIntervalMs(), TickerModel::MinRefreshIntervalMs);
    model.setRefreshIntervalMs(1);
    QCOMPARE(model.refreshIntervalMs(), 100);   // at most 10 Hz
    model.setRefreshIntervalMs(250);
    QCOMPARE(model.refreshIntervalMs(), 250);
}

void tst_TickerModel::maxRowsBound()
{
    SeriesStore store;
    TickerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStore(&store);
    SampleBatch batch;
    for (int i = 0; i < TickerModel::MaxRows + 7; ++i)
        batch.append(Sample{QStringLiteral("k%1").arg(i), 1000, double(i)});
    store.appendBatch(batch);
    model.refresh();
    QCOMPARE(model.rowCount(), TickerModel::MaxRows);
    QCOMPARE(model.hiddenCount(), 7);
}

void tst_TickerModel::sparklineBoundAndNormalised()
{
    SeriesStore store;
    TickerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStore(&store);
    // 100k points over the last minute, a sine wave.
    SampleBatch batch;
    for (int i = 0; i < 100'000; ++i)
        batch.append(Sample{QStringLiteral("wave"), 1'000'000 + i * 6 / 10, std::sin(i / 1000.0) * 50 + 7});
    store.appendBatch(batch);
    model.refresh();
    const QList<qreal> spark = value(model, 0, "sparkline").value<QList<qreal>>();
    QVERIFY(spark.size() >= 8);
    QVERIFY(spark.size() <= 2 * TickerModel::MaxSparklinePoints);
    QCOMPARE(spark.size() % 2, 0);
    qreal ymin = 1, ymax = 0;
    for (qsizetype i = 0; i < spark.size(); ++i) {
        QVERIFY(spark.at(i) >= 0.0);
        QVERIFY(spark.at(i) <= 1.0);
        if (i % 2) {
            ymin = std::min(ymin, spark.at(i));
            ymax = std::max(ymax, spark.at(i));
        }
    }
    QCOMPARE(ymin, 0.0);   // the envelope touches both edges
    QCOMPARE(ymax, 1.0);
    // A flat series sits in the middle instead of dividing by zero.
    store.append(QStringLiteral("flat"), 1000, 3.0);
    store.append(QStringLiteral("flat"), 2000, 3.0);
    model.refresh();
    const QList<qreal> flat = value(model, 1, "sparkline").value<QList<qreal>>();
    QVERIFY(!flat.isEmpty());
    QCOMPARE(flat.at(1), 0.5);
}

void tst_TickerModel::sparklineRefreshIsCapped()
{
    SeriesStore store;
    TickerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.sparklineIntervalMs(), 1000);
    model.setSparklineIntervalMs(3'600'000);   // never due again within this test
    model.setStore(&store);
    qint64 t = 1'000'000;
    auto feed = [&](double v) {
        for (int i = 0; i < 50; ++i)
            store.append(QStringLiteral("a"), t += 100, v + i % 7);
    };
    feed(1);
    model.refresh();                             // row inserted with its sparkline
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    feed(100);
    model.refresh();                             // first change: sparklines are due
    QCOMPARE(changed.count(), 1);
    QVERIFY(changed.at(0).at(2).value<QList<int>>().isEmpty());   // every role
    const QList<qreal> spark = value(model, 0, "sparkline").value<QList<qreal>>();
    feed(-100);
    model.refresh();                             // values move, the sparkline waits
    QCOMPARE(changed.count(), 2);
    const QList<int> roles = changed.at(1).at(2).value<QList<int>>();
    QVERIFY(roles.contains(TickerModel::LastRole));
    QVERIFY(roles.contains(TickerModel::FlashSerialRole));
    QVERIFY(!roles.contains(TickerModel::SparklineRole));
    QCOMPARE(value(model, 0, "sparkline").value<QList<qreal>>(), spark);
    model.setSparklineIntervalMs(0);             // due now: the waiting sparkline is drawn
    model.refresh();                             // even without new samples
    QCOMPARE(changed.count(), 3);
    QVERIFY(changed.at(2).at(2).value<QList<int>>().isEmpty());
    QVERIFY(value(model, 0, "sparkline").value<QList<qreal>>() != spark);
    model.setSparklineIntervalMs(-5);
    QCOMPARE(model.sparklineIntervalMs(), 0);
}

void tst_TickerModel::clearedStoreStartsOver()
{
    SeriesStore store;
    TickerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStore(&store);
    store.append(QStringLiteral("a"), 1, 1);
    store.append(QStringLiteral("b"), 1, 1);
    model.refresh();
    QCOMPARE(model.rowCount(), 2);
    store.clear();
    store.append(QStringLiteral("c"), 1, 1);
    model.refresh();
    QCOMPARE(names(model), QStringList{"c"});
}

void tst_TickerModel::deletedStoreEmptiesTheModel()
{
    auto *store = new SeriesStore;
    TickerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStore(store);
    store->append(QStringLiteral("a"), 1, 1);
    model.refresh();
    QCOMPARE(model.rowCount(), 1);
    delete store;
    QTRY_COMPARE(model.rowCount(), 0);
}

void tst_TickerModel::hostileNamesAreJustData()
{
    SeriesStore store;
    TickerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStore(&store);
    const QString html = QStringLiteral("<b>bold</b><img src=x>");
    store.append(html, 1, 1);
    model.refresh();
    QCOMPARE(value(model, 0, "name").toString(), html);
}

QTEST_MAIN(tst_TickerModel)
#include "tst_tickermodel.moc"
