// Specification of MessageLogModel: an honest model (QAbstractItemModelTester, Fatal),
// capped refresh with one insert/remove range per tick, the log's bound, pause with
// pendingCount, substring and regex filters, readable regex errors.
#include "messagelogmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <memory>

class tst_MessageLogModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void rolesAndPreview();
    void newEntriesAsOneInsertRange();
    void boundedAtTheLogsBound();
    void pauseFreezesRowsAndCountsPending();
    void substringFilter();
    void regexFilter();
    void invalidRegexShowsEverything();
    void clearEmptiesModelAndLog();
    void deletedLogEmptiesModel();

private:
    void add(int n, const QString &prefix = QStringLiteral("msg"));

    std::unique_ptr<MessageLog> m_log;
    std::unique_ptr<MessageLogModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_MessageLogModel::init()
{
    MessageLog::Limits l;
    l.maxEntries = 50;
    m_log = std::make_unique<MessageLog>(l);
    m_model = std::make_unique<MessageLogModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void tst_MessageLogModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_log.reset();
}

void tst_MessageLogModel::add(int n, const QString &prefix)
{
    for (int i = 0; i < n; ++i)
        m_log->append(1000 + i, MessageLog::Incoming, MessageLog::Json,
                      QStringLiteral("%1 %2").arg(prefix).arg(i));
}

void tst_MessageLogModel::rolesAndPreview()
{
    const QHash<int, QByteArray> roles = m_model->roleNames();
    QCOMPARE(roles.value(Qt::UserRole), QByteArray("time"));
    for (const char *name : {"direction", "kind", "text", "preview", "truncated", "seq"})
        QVERIFY2(std::find(roles.cbegin(), roles.cend(), QByteArray(name)) != roles.cend(), name);
    m_model->setLog(m_log.get());
    QString text = QStringLiteral("first line\r\nsecond line");
    m_log->append(42, MessageLog::Outgoing, MessageLog::Text, text);
    m_log->append(43, MessageLog::Event, MessageLog::Error, QString(100'000, QLatin1Char('x')));
    const MessageLog::Limits defaults;
    m_model->refresh();
    QCOMPARE(m_model->rowCount(), 2);
    const QModelIndex i = m_model->index(0);
    QCOMPARE(i.data(MessageLogModel::TimeRole).toLongLong(), 42);
    QCOMPARE(i.data(MessageLogModel::DirectionRole).toInt(), int(MessageLog::Outgoing));
    QCOMPARE(i.data(MessageLogModel::KindRole).toInt(), int(MessageLog::Text));
    QCOMPARE(i.data(MessageLogModel::TextRole).toString(), text);
    QCOMPARE(i.data(MessageLogModel::PreviewRole).toString(), QStringLiteral("first line"));
    QCOMPARE(i.data(MessageLogModel::TruncatedRole).toBool(), false);
    QCOMPARE(i.data(MessageLogModel::SeqRole).toULongLong(), 1ull);
    const QModelIndex big = m_model->index(1);
    QCOMPARE(big.data(MessageLogModel::PreviewRole).toString().size(), 200);
    QCOMPARE(big.data(MessageLogModel::TruncatedRole).toBool(), true);
    QCOMPARE(big.data(MessageLogModel::TextRole).toString().size(), defaults.maxEntryChars);
}

void tst_MessageLogModel::newEntriesAsOneInsertRange()
{
    m_model->setLog(m_log.get());
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    add(10);
    QCOMPARE(m_model->rowCount(), 0);        // nothing until the timer ticks
    QTRY_COMPARE(m_model->rowCount(), 10);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 9);
    add(5, QStringLiteral("more"));
    m_model->refresh();
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 10);
    QCOMPARE(inserted.at(1).at(2).toInt(), 14);
    m_model->refresh();                       // nothing new: no signal
    QCOMPARE(inserted.count(), 2);
}

void tst_MessageLogModel::boundedAtTheLogsBound()
{
    m_model->setLog(m_log.get());
    add(40);
    m_model->refresh();
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    add(30);
    m_model->refresh();
    QCOMPARE(m_model->rowCount(), 50);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(2).toInt(), 19);   // rows 0..19 left in one range
    QCOMPARE(m_model->index(0).data(MessageLogModel::SeqRole).toULongLong(), 21ull);
    add(500);                                     // far past the bound between two ticks
    m_model->refresh();
    QCOMPARE(m_model->rowCount(), 50);
    QCOMPARE(m_model->index(49).data(MessageLogModel::SeqRole).toULongLong(), 570ull);
}

void tst_MessageLogModel::pauseFreezesRowsAndCountsPending()
{
    m_model->setLog(m_log.get());
    add(10);
    m_model->refresh();
    QSignalSpy pausedSpy(m_model.get(), &MessageLogModel::pausedChanged);
    m_model->setPaused(true);
    QCOMPARE(pausedSpy.count(), 1);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    add(30);
    QTRY_COMPARE(m_model->pendingCount(), 30);    // counted by the timer
    add(100);                                      // past the log's bound: still counted
    m_model->refresh();
    QCOMPARE(m_model->pendingCount(), 130);
    QCOMPARE(m_model->rowCount(), 10);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(m_log->total(), quint64(140));       // the log kept capturing
    m_model->setPaused(false);
    QCOMPARE(m_model->pendingCount(), 0);
    QCOMPARE(m_model->rowCount(), 50);
    QCOMPARE(m_model->index(49).data(MessageLogModel::SeqRole).toULongLong(), 140ull);
}

void tst_MessageLogModel::substringFilter()
{
    m_model->setLog(m_log.get());
    m_log->append(1, MessageLog::Incoming, MessageLog::Text, QStringLiteral("all good"));
    m_log->append(2, MessageLog::Event, MessageLog::Error, QStringLiteral("An ERROR occurred"));
    m_log->append(3, MessageLog::Incoming, MessageLog::Text, QStringLiteral("error again"));
    m_model->refresh();
    QSignalSpy filterChanged(m_model.get(), &MessageLogModel::filterChanged);
    m_model->setFilterText(QStringLiteral("error"));
    QCOMPARE(filterChanged.count(), 1);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->index(0).data(MessageLogModel::SeqRole).toULongLong(), 2ull);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    m_log->append(4, MessageLog::Incoming, MessageLog::Text, QStringLiteral("fine"));
    m_log->append(5, MessageLog::Incoming, MessageLog::Text, QStringLiteral("eRRor three"));
    m_model->refresh();
    QCOMPARE(m_model->rowCount(), 3);             // new entries are filtered on arrival
    QCOMPARE(inserted.count(), 1);
    m_model->setFilterText(QStringLiteral("e.r"));  // not a regex in substring mode
    QCOMPARE(m_model->rowCount(), 0);
    m_model->setFilterText(QString());
    QCOMPARE(m_model->rowCount(), 5);
}

void tst_MessageLogModel::regexFilter()
{
    m_model->setLog(m_log.get());
    add(20, QStringLiteral("tick"));
    m_model->refresh();
    m_model->setFilterRegex(true);
    QCOMPARE(m_model->rowCount(), 20);            // empty pattern: everything
    m_model->setFilterText(QStringLiteral("^TICK 1\\d$"));   // case-insensitive
    QCOMPARE(m_model->rowCount(), 10);
    QVERIFY(m_model->filterError().isEmpty());
    m_model->setFilterRegex(false);               // same text as a substring: no match
    QCOMPARE(m_model->rowCount(), 0);
}

void tst_MessageLogModel::invalidRegexShowsEverything()
{
    m_model->setLog(m_log.get());
    add(7);
    m_model->refresh();
    m_model->setFilterRegex(true);
    QSignalSpy errorChanged(m_model.get(), &MessageLogModel::filterErrorChanged);
    m_model->setFilterText(QStringLiteral("(["));
    QCOMPARE(errorChanged.count(), 1);
    QVERIFY(!m_model->filterError().isEmpty());
    QVERIFY2(m_model->filterError().contains(QStringLiteral("regular expression")),
             qPrintable(m_model->filterError()));
    QCOMPARE(m_model->rowCount(), 7);
    add(3);
    m_model->refresh();
    QCOMPARE(m_model->rowCount(), 10);
    m_model->setFilterText(QStringLiteral("msg [12]$"));
    QCOMPARE(errorChanged.count(), 2);
    QVERIFY(m_model->filterError().isEmpty());
    QCOMPARE(m_model->rowCount(), 4);             // msg 1, msg 2 from both batches
}

void tst_MessageLogModel::clearEmptiesModelAndLog()
{
    m_model->setLog(m_log.get());
    add(5);
    m_model->refresh();
    m_model->clear();
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_log->size(), 0);
    add(2);
    m_model->refresh();
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->index(0).data(MessageLogModel::SeqRole).toULongLong(), 6ull);
}

void tst_MessageLogModel::deletedLogEmptiesModel()
{
    m_model->setLog(m_log.get());
    add(5);
    m_model->refresh();
    m_log.reset();
    QTRY_COMPARE(m_model->rowCount(), 0);
}

QTEST_MAIN(tst_MessageLogModel)
#include "tst_messagelogmodel.moc"
