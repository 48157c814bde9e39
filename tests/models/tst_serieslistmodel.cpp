// Specification of SeriesListModel: an honest model (QAbstractItemModelTester, Fatal),
// new series as one insert range, changes as one dataChanged span, capped refresh,
// idle when nothing changes, reset on clear, empty when the store goes away.
#include "serieslistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <memory>

class tst_SeriesListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void rolesAndDefaults();
    void existingSeriesOnSetStore();
    void newSeriesAsOneInsertRange();
    void changesAsOneDataChangedSpan();
    void manySamplesOneSignalPerRefresh();
    void idleRefreshEmitsNothing();
    void rateDecaysThenGoesIdle();
    void clearResets();
    void deletedStoreEmptiesModel();

private:
    qint64 m_now = 0;
    std::unique_ptr<SeriesStore> m_store;
    std::unique_ptr<SeriesListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_SeriesListModel::init()
{
    m_now = 1000;
    m_store = std::make_unique<SeriesStore>();
    m_store->setClock([this] { return m_now; });
    m_model = std::make_unique<SeriesListModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void tst_SeriesListModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_store.reset();
}

void tst_SeriesListModel::rolesAndDefaults()
{
    const QHash<int, QByteArray> roles = m_model->roleNames();
    QCOMPARE(roles.value(Qt::UserRole), QByteArray("name"));
    QCOMPARE(roles.value(SeriesListModel::LastRole), QByteArray("last"));
    QCOMPARE(roles.value(SeriesListModel::MinRole), QByteArray("min"));
    QCOMPARE(roles.value(SeriesListModel::MaxRole), QByteArray("max"));
    QCOMPARE(roles.value(SeriesListModel::RateRole), QByteArray("rate"));
    QCOMPARE(roles.value(SeriesListModel::CountRole), QByteArray("count"));
    QCOMPARE(m_model->refreshIntervalMs(), 100);
    m_model->setRefreshIntervalMs(1);
    QCOMPARE(m_model->refreshIntervalMs(), SeriesListModel::MinRefreshIntervalMs);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(!m_model->data(m_model->index(0), SeriesListModel::NameRole).isValid());
}

void tst_SeriesListModel::existingSeriesOnSetStore()
{
    m_store->append(QStringLiteral("b"), 1, 2.0);
    m_store->append(QStringLiteral("a"), 1, 5.0);
    m_store->append(QStringLiteral("a"), 2, -1.0);
    QSignalSpy storeChanged(m_model.get(), &SeriesListModel::storeChanged);
    m_model->setStore(m_store.get());
    QCOMPARE(storeChanged.count(), 1);
    QCOMPARE(m_model->rowCount(), 2);
    const QModelIndex a = m_model->index(1);
    QCOMPARE(a.data(SeriesListModel::NameRole).toString(), QStringLiteral("a"));   // arrival order
    QCOMPARE(a.data(SeriesListModel::LastRole).toDouble(), -1.0);
    QCOMPARE(a.data(SeriesListModel::MinRole).toDouble(), -1.0);
    QCOMPARE(a.data(SeriesListModel::MaxRole).toDouble(), 5.0);
    QCOMPARE(a.data(SeriesListModel::CountRole).toLongLong(), 2);
    QVERIFY(a.data(SeriesListModel::RateRole).toDouble() > 0);
}

void tst_SeriesListModel::newSeriesAsOneInsertRange()
{
    m_store->append(QStringLiteral("first"), 1, 1);
    m_model->setStore(m_store.get());
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy count(m_model.get(), &SeriesListModel::countChanged);
    SampleBatch batch;
    for (int i = 0; i < 5; ++i)
        batch.append(Sample{QStringLiteral("s%1").arg(i), 2, double(i)});
    m_store->appendBatch(batch);
    QCOMPARE(m_model->rowCount(), 1);          // nothing until the timer ticks
    QTRY_COMPARE(m_model->rowCount(), 6);      // the timer, not a manual refresh
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 1);
    QCOMPARE(inserted.at(0).at(2).toInt(), 5);
    QCOMPARE(count.count(), 1);
    QCOMPARE(m_model->index(5).data(SeriesListModel::NameRole).toString(), QStringLiteral("s4"));
    QCOMPARE(m_model->index(5).data(Qt::DisplayRole).toString(), QStringLiteral("s4"));
}

void tst_SeriesListModel::changesAsOneDataChangedSpan()
{
    for (int i = 0; i < 6; ++i)
        m_store->append(QStringLiteral("s%1").arg(i), 1, 0);
    m_model->setStore(m_store.get());
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    m_store->append(QStringLiteral("s1"), 2, 10);
    m_store->append(QStringLiteral("s3"), 2, -10);
    m_model->refresh();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 3);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(m_model->index(1).data(SeriesListModel::MaxRole).toDouble(), 10.0);
    QCOMPARE(m_model->index(3).data(SeriesListModel::MinRole).toDouble(), -10.0);
    QCOMPARE(m_model->index(3).data(SeriesListModel::LastRole).toDouble(), -10.0);
}

void tst_SeriesListModel::manySamplesOneSignalPerRefresh()
{
    m_model->setStore(m_store.get());
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    for (int i = 0; i < 10'000; ++i)
        m_store->append(QStringLiteral("s%1").arg(i % 20), i, i);
    m_model->refresh();
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(m_model->rowCount(), 20);
    for (int i = 0; i < 10'000; ++i)
        m_store->append(QStringLiteral("s%1").arg(i % 20), 10'000 + i, i);
    m_model->refresh();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_model->index(19).data(SeriesListModel::CountRole).toLongLong(), 1000);
}

void tst_SeriesListModel::idleRefreshEmitsNothing()
{
    m_store->append(QStringLiteral("a"), 1, 1);
    m_model->setStore(m_store.get());
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    for (int i = 0; i < 5; ++i)
        m_model->refresh();   // same generation, same (frozen-clock) rate
    QCOMPARE(changed.count(), 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(reset.count(), 0);
}

void tst_SeriesListModel::rateDecaysThenGoesIdle()
{
    for (int i = 0; i < 50; ++i)
        m_store->append(QStringLiteral("a"), i, i);
    m_model->setStore(m_store.get());
    QVERIFY(m_model->index(0).data(SeriesListModel::RateRole).toDouble() > 0);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_now += 5000;            // the feed went quiet; the generation did not move
    m_model->refresh();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_model->index(0).data(SeriesListModel::RateRole).toDouble(), 0.0);
    m_now += 5000;
    m_model->refresh();       // all rates are zero and nothing new: idle
    QCOMPARE(changed.count(), 1);
}

void tst_SeriesListModel::clearResets()
{
    m_store->append(QStringLiteral("a"), 1, 1);
    m_store->append(QStringLiteral("b"), 1, 1);
    m_model->setStore(m_store.get());
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    m_store->clear();
    m_store->append(QStringLiteral("c"), 1, 1);
    QTRY_COMPARE(reset.count(), 1);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->index(0).data(SeriesListModel::NameRole).toString(), QStringLiteral("c"));
}

void tst_SeriesListModel::deletedStoreEmptiesModel()
{
    m_store->append(QStringLiteral("a"), 1, 1);
    m_model->setStore(m_store.get());
    QCOMPARE(m_model->rowCount(), 1);
    m_store.reset();
    QVERIFY(!m_model->store());
    QTRY_COMPARE(m_model->rowCount(), 0);
}

QTEST_MAIN(tst_SeriesListModel)
#include "tst_serieslistmodel.moc"
