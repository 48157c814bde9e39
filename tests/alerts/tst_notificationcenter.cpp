// NotificationCenter: an honest list model (checked by QAbstractItemModelTester in
// every test), acknowledge/clear, the unacknowledged count and the bound.
#include "notificationcenter.h"

#include <QAbstractItemModelTester>
#include <QtTest>

static AlertEvent alert(qint64 t, const QString &rule = QStringLiteral("r"),
                        AlertEvent::State state = AlertEvent::State::Raised)
{
    AlertEvent e;
    e.rule = rule;
    e.state = state;
    e.severity = AlertRule::Severity::Critical;
    e.kind = AlertRule::Kind::Above;
    e.source = QStringLiteral("BTCUSD.price");
    e.value = 70001.5;
    e.t = t;
    return e;
}

static QList<qint64> times(const NotificationCenter &c)
{
    QList<qint64> out;
    for (int row = 0; row < c.rowCount(); ++row)
        out << c.index(row).data(NotificationCenter::TimeMsRole).toLongLong();
    return out;
}

class TstNotificationCenter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void rolesAndData();
    void newestFirst();
    void batchIsOneInsertion();
    void acknowledge();
    void acknowledgeAll();
    void clearRowAndAll();
    void boundDefaultsToThousand();
    void boundDropsOldestAcknowledgedFirst();
    void loweringTheBoundTrims();
    void hugeBatch();

private:
    NotificationCenter *m_center = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
};

void TstNotificationCenter::init()
{
    m_center = new NotificationCenter(this);
    m_tester = new QAbstractItemModelTester(m_center, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
}

void TstNotificationCenter::cleanup()
{
    delete m_tester;
    delete m_center;
}

void TstNotificationCenter::rolesAndData()
{
    m_center->addEvent(alert(1700000000000));
    const QModelIndex i = m_center->index(0);
    QCOMPARE(i.data(NotificationCenter::RuleRole).toString(), QStringLiteral("r"));
    QCOMPARE(i.data(NotificationCenter::StateRole).toString(), QStringLiteral("raised"));
    QCOMPARE(i.data(NotificationCenter::SeverityRole).toString(), QStringLiteral("critical"));
    QCOMPARE(i.data(NotificationCenter::KindRole).toString(), QStringLiteral("above"));
    QCOMPARE(i.data(NotificationCenter::SourceRole).toString(), QStringLiteral("BTCUSD.price"));
    QCOMPARE(i.data(NotificationCenter::ValueRole).toDouble(), 70001.5);
    QCOMPARE(i.data(NotificationCenter::TimeRole).toDateTime().toMSecsSinceEpoch(), 1700000000000);
    QCOMPARE(i.data(NotificationCenter::TimeMsRole).toLongLong(), 1700000000000);
    QCOMPARE(i.data(NotificationCenter::SummaryRole).toString(), QStringLiteral("r raised: BTCUSD.price = 70001.5"));
    QCOMPARE(i.data(Qt::DisplayRole).toString(), QStringLiteral("r raised: BTCUSD.price = 70001.5"));
    QCOMPARE(i.data(NotificationCenter::AcknowledgedRole).toBool(), false);
    QVERIFY(!m_center->index(1).data(NotificationCenter::RuleRole).isValid());
    const QHash<int, QByteArray> names = m_center->roleNames();
    QCOMPARE(names.value(NotificationCenter::RuleRole), QByteArray("rule"));
    QCOMPARE(names.value(NotificationCenter::AcknowledgedRole), QByteArray("acknowledged"));
    QCOMPARE(names.value(NotificationCenter::TimeRole), QByteArray("time"));
    QCOMPARE(m_center->event(0), alert(1700000000000));
    QCOMPARE(m_center->event(5), AlertEvent{});
}

void TstNotificationCenter::newestFirst()
{
    QSignalSpy count(m_center, &NotificationCenter::countChanged);
    QSignalSpy unack(m_center, &NotificationCenter::unacknowledgedCountChanged);
    m_center->addEvent(alert(1));
    m_center->addEvent(alert(2, "r", AlertEvent::State::Cleared));
    QCOMPARE(times(*m_center), (QList<qint64>{2, 1}));
    QCOMPARE(m_center->count(), 2);
    QCOMPARE(m_center->unacknowledgedCount(), 2);
    QCOMPARE(count.size(), 2);
    QCOMPARE(unack.size(), 2);
    QCOMPARE(m_center->index(0).data(NotificationCenter::StateRole).toString(), QStringLiteral("cleared"));
}

void TstNotificationCenter::batchIsOneInsertion()
{
    m_center->addEvent(alert(0));
    QSignalSpy inserted(m_center, &QAbstractItemModel::rowsInserted);
    m_center->addEvents({alert(1), alert(2), alert(3)});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 2);
    QCOMPARE(times(*m_center), (QList<qint64>{3, 2, 1, 0}));
    m_center->addEvents({});
    QCOMPARE(inserted.size(), 1);
}

void TstNotificationCenter::acknowledge()
{
    m_center->addEvents({alert(1), alert(2), alert(3)});
    QSignalSpy changed(m_center, &QAbstractItemModel::dataChanged);
    QSignalSpy unack(m_center, &NotificationCenter::unacknowledgedCountChanged);
    m_center->acknowledge(1);
    QCOMPARE(m_center->unacknowledgedCount(), 2);
    QVERIFY(m_center->isAcknowledged(1));
    QVERIFY(m_center->index(1).data(NotificationCenter::AcknowledgedRole).toBool());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
    QCOMPARE(unack.size(), 1);
    m_center->acknowledge(1);      // already: nothing
    m_center->acknowledge(-1);
    m_center->acknowledge(3);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(unack.size(), 1);
    QCOMPARE(m_center->count(), 3);
}

void TstNotificationCenter::acknowledgeAll()
{
    m_center->addEvents({alert(1), alert(2), alert(3)});
    m_center->acknowledge(0);
    QSignalSpy changed(m_center, &QAbstractItemModel::dataChanged);
    m_center->acknowledgeAll();
    QCOMPARE(m_center->unacknowledgedCount(), 0);
    QCOMPARE(changed.size(), 1);   // one range, not one signal per row
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 2);
    for (int row = 0; row < 3; ++row)
        QVERIFY(m_center->isAcknowledged(row));
    m_center->acknowledgeAll();
    QCOMPARE(changed.size(), 1);
}

void TstNotificationCenter::clearRowAndAll()
{
    m_center->addEvents({alert(1), alert(2), alert(3), alert(4)});
    m_center->acknowledge(0);
    QSignalSpy unack(m_center, &NotificationCenter::unacknowledgedCountChanged);
    m_center->clear(0);            // acknowledged: count unchanged
    QCOMPARE(times(*m_center), (QList<qint64>{3, 2, 1}));
    QCOMPARE(m_center->unacknowledgedCount(), 3);
    QCOMPARE(unack.size(), 0);
    m_center->clear(1);
    QCOMPARE(times(*m_center), (QList<qint64>{3, 1}));
    QCOMPARE(m_center->unacknowledgedCount(), 2);
    QCOMPARE(unack.size(), 1);
    m_center->clear(7);
    QCOMPARE(m_center->count(), 2);
    QSignalSpy reset(m_center, &QAbstractItemModel::modelReset);
    m_center->clearAll();
    QCOMPARE(reset.size(), 1);
    QCOMPARE(m_center->count(), 0);
    QCOMPARE(m_center->unacknowledgedCount(), 0);
    m_center->clearAll();
    QCOMPARE(reset.size(), 1);
}

void TstNotificationCenter::boundDefaultsToThousand()
{
    QCOMPARE(m_center->maxEntries(), 1000);
    for (int i = 0; i < 1500; ++i)
        m_center->addEvent(alert(i));
    QCOMPARE(m_center->count(), 1000);
    QCOMPARE(m_center->unacknowledgedCount(), 1000);
    QCOMPARE(m_center->event(0).t, 1499);
    QCOMPARE(m_center->event(999).t, 500);
}

void TstNotificationCenter::boundDropsOldestAcknowledgedFirst()
{
    m_center->setMaxEntries(5);
    m_center->addEvents({alert(1), alert(2), alert(3), alert(4), alert(5)});
    QCOMPARE(times(*m_center), (QList<qint64>{5, 4, 3, 2, 1}));
    m_center->acknowledge(1);   // t=4
    m_center->acknowledge(3);   // t=2
    m_center->addEvent(alert(6));
    QCOMPARE(times(*m_center), (QList<qint64>{6, 5, 4, 3, 1}));   // t=2: oldest acknowledged
    m_center->addEvents({alert(7), alert(8)});
    QCOMPARE(times(*m_center), (QList<qint64>{8, 7, 6, 5, 3}));   // t=4, then the oldest (t=1)
    QCOMPARE(m_center->unacknowledgedCount(), 5);
    QCOMPARE(m_center->count(), 5);
}

void TstNotificationCenter::loweringTheBoundTrims()
{
    QSignalSpy max(m_center, &NotificationCenter::maxEntriesChanged);
    m_center->addEvents({alert(1), alert(2), alert(3), alert(4)});
    m_center->acknowledge(0);   // t=4, the newest
    m_center->setMaxEntries(2);
    QCOMPARE(times(*m_center), (QList<qint64>{3, 2}));
    QCOMPARE(m_center->unacknowledgedCount(), 2);
    m_center->setMaxEntries(0);
    QCOMPARE(m_center->maxEntries(), 1);
    QCOMPARE(times(*m_center), (QList<qint64>{3}));
    QCOMPARE(max.size(), 2);
}

void TstNotificationCenter::hugeBatch()
{
    QList<AlertEvent> events;
    for (int i = 0; i < 100'000; ++i)
        events.append(alert(i));
    QSignalSpy inserted(m_center, &QAbstractItemModel::rowsInserted);
    QElapsedTimer timer;
    timer.start();
    m_center->addEvents(events);
    QVERIFY(timer.elapsed() < 5000);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(m_center->count(), 1000);
    QCOMPARE(m_center->event(0).t, 99'999);
    QCOMPARE(m_center->event(999).t, 99'000);
}

QTEST_MAIN(TstNotificationCenter)
#include "tst_notificationcenter.moc"
