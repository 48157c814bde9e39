// Specification of DashboardListModel: an honest model under QAbstractItemModelTester
// through add / rename / duplicate / close / undo / move / reset; the current dashboard
// (and Workspace::charts through it) follows closes and moves; the bounds (dashboards,
// name length, one undo) hold; the JSON round trip leaves transient dashboards out and
// skips hostile entries with a readable note; an old "charts" list becomes "Main".
#include "dashboardlistmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

class tst_DashboardListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void startsWithMain();
    void editsUnderTheTester();
    void currentFollowsCloseAndMove();
    void closeAndUndo();
    void bounds();
    void jsonRoundTrip();
    void hostileJson_data();
    void hostileJson();
    void legacyCharts();
};

void tst_DashboardListModel::startsWithMain()
{
    DashboardListModel m;
    QCOMPARE(m.count(), 1);
    QCOMPARE(m.nameAt(0), QStringLiteral("Main"));
    QVERIFY(m.currentCharts());
    QCOMPARE(m.currentLayout(), QStringLiteral("tiled"));
    QVERIFY(!m.close(0));   // never the last one
    QCOMPARE(m.count(), 1);
}

void tst_DashboardListModel::editsUnderTheTester()
{
    DashboardListModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy edited(&m, &DashboardListModel::edited);
    QCOMPARE(m.addDashboard(QStringLiteral("Markets")), 1);
    QCOMPARE(m.currentIndex(), 1);
    QCOMPARE(m.addDashboard(QStringLiteral("Markets")), 2);
    QCOMPARE(m.nameAt(2), QStringLiteral("Markets 2"));   // names stay unique
    m.chartsAt(1)->addChart(QStringLiteral("BTC"), {QStringLiteral("BTCUSD")});
    QCOMPARE(m.data(m.index(1), DashboardListModel::ChartCountRole).toInt(), 1);
    m.rename(1, QStringLiteral("  Crypto   prices "));
    QCOMPARE(m.nameAt(1), QStringLiteral("Crypto prices"));
    QCOMPARE(m.rename(1, QStringLiteral("   ")), QStringLiteral("A dashboard needs a name."));   // blank: refused
    QCOMPARE(m.nameAt(1), QStringLiteral("Crypto prices"));
    QCOMPARE(m.duplicate(1), 2);
    QCOMPARE(m.nameAt(2), QStringLiteral("Crypto prices copy"));
    QCOMPARE(m.chartsAt(2)->count(), 1);
    QVERIFY(m.chartsAt(2) != m.chartsAt(1));             // its own charts
    m.chartsAt(2)->addChart(QStringLiteral("ETH"));
    QCOMPARE(m.chartsAt(1)->count(), 1);
    m.setLayout(2, QStringLiteral("stacked"));
    QCOMPARE(m.layoutAt(2), QStringLiteral("stacked"));
    m.setLayout(2, QStringLiteral("<script>"));          // anything else is tiled
    QCOMPARE(m.layoutAt(2), QStringLiteral("tiled"));
    m.move(0, 3);
    QCOMPARE(m.nameAt(3), QStringLiteral("Main"));
    QVERIFY(m.close(1));
    QCOMPARE(m.undoClose(), 1);
    m.fromJson(m.toJson(), 2);
    QCOMPARE(m.count(), 4);
    QVERIFY(edited.count() > 8);
}

void tst_DashboardListModel::currentFollowsCloseAndMove()
{
    DashboardListModel m;
    m.addDashboard(QStringLiteral("B"));
    m.addDashboard(QStringLiteral("C"));
    m.setCurrentIndex(1);
    ChartListModel *b = m.currentCharts();
    QSignalSpy current(&m, &DashboardListModel::currentChanged);
    m.move(1, 2);                              // the current one moves: still current
    QCOMPARE(m.currentIndex(), 2);
    QCOMPARE(m.currentCharts(), b);
    m.move(0, 1);                              // another one moves past it
    QCOMPARE(m.currentCharts(), b);
    QVERIFY(m.close(m.currentIndex()));        // closing the current one shows a neighbour
    QCOMPARE(current.count(), 1);
    QVERIFY(m.currentCharts() != b);
    QVERIFY(m.currentIndex() >= 0 && m.currentIndex() < m.count());
    QCOMPARE(m.data(m.index(m.currentIndex()), DashboardListModel::CurrentRole).toBool(), true);
    const int before = m.currentIndex();
    m.next();
    QCOMPARE(m.currentIndex(), (before + 1) % m.count());
    m.previous();
    m.previous();
    QCOMPARE(m.currentIndex(), (before + m.count() - 1) % m.count());
}

void tst_DashboardListModel::closeAndUndo()
{
    DashboardListModel m;
    m.addDashboard(QStringLiteral("One"));
    m.chartsAt(1)->addChart(QStringLiteral("kept"), {QStringLiteral("x")});
    m.addDashboard(QStringLiteral("Two"));
    QVERIFY(!m.canUndoClose());
    QVERIFY(m.close(1));
    QVERIFY(m.canUndoClose());
    QCOMPARE(m.closedName(), QStringLiteral("One"));
    QVERIFY(m.close(1));                       // "Two": only the last close can be undone
    QCOMPARE(m.closedName(), QStringLiteral("Two"));
    QCOMPARE(m.undoClose(), 1);
    QCOMPARE(m.nameAt(1), QStringLiteral("Two"));
    QCOMPARE(m.currentIndex(), 1);
    QVERIFY(!m.canUndoClose());
    QCOMPARE(m.undoClose(), -1);
    QCOMPARE(m.count(), 2);
}

void tst_DashboardListModel::bounds()
{
    DashboardListModel m;
    for (int i = 1; i < DashboardListModel::MaxDashboards; ++i)
        QVERIFY(m.addDashboard(QString::number(i)) >= 0);
    QCOMPARE(m.count(), DashboardListModel::MaxDashboards);
    QCOMPARE(m.addDashboard(QStringLiteral("one too many")), -1);
    QCOMPARE(m.duplicate(0), -1);
    QCOMPARE(m.addTransient(QStringLiteral("cli")), -1);
    QCOMPARE(m.count(), DashboardListModel::MaxDashboards);
    const QString before = m.nameAt(0);
    QVERIFY(m.rename(0, QString(10'000, QLatin1Char('x'))).contains(QStringLiteral("at most 60 characters")));
    QCOMPARE(m.nameAt(0), before);                       // refused, not cut
    QCOMPARE(m.rename(0, QString(DashboardListModel::MaxNameLength, QLatin1Char('x'))), QString());
    QCOMPARE(m.nameAt(0).size(), DashboardListModel::MaxNameLength);
    QVERIFY(m.rename(0, QStringLiteral("bell") + QChar(7)).contains(QStringLiteral("control characters")));
    QVERIFY(m.rename(0, QStringLiteral("nul") + QChar(0) + QStringLiteral("x")).contains(QStringLiteral("control characters")));
    QVERIFY(m.rename(0, QStringLiteral("a\tb")).contains(QStringLiteral("control characters")));
    QCOMPARE(m.nameAt(0).size(), DashboardListModel::MaxNameLength);
    QVERIFY(!m.rename(99, QStringLiteral("x")).isEmpty());
}

void tst_DashboardListModel::jsonRoundTrip()
{
    DashboardListModel m;
    m.chartsAt(0)->addChart(QStringLiteral("A"), {QStringLiteral("a")});
    m.addDashboard(QStringLiteral("Second"));
    m.setLayout(1, QStringLiteral("stacked"));
    m.chartsAt(1)->addChart(QStringLiteral("B"), {QStringLiteral("b1"), QStringLiteral("b2")});
    m.addTransient(QStringLiteral("Command line"));
    QCOMPARE(m.isTransient(2), true);
    m.setCurrentIndex(1);
    const QJsonArray json = m.toJson();
    QCOMPARE(json.size(), 2);                  // the transient one is not saved
    QCOMPARE(m.savedCurrentIndex(), 1);

    DashboardListModel back;
    QAbstractItemModelTester tester(&back, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(back.fromJson(json, m.savedCurrentIndex()), QString());
    QCOMPARE(back.count(), 2);
    QCOMPARE(back.currentIndex(), 1);
    QCOMPARE(back.nameAt(1), QStringLiteral("Second"));
    QCOMPARE(back.currentLayout(), QStringLiteral("stacked"));
    QCOMPARE(back.chartsAt(1)->seriesOf(0), (QStringList{"b1", "b2"}));
    QCOMPARE(back.chartsAt(0)->chart(0).title, QStringLiteral("A"));
    // Renaming a transient dashboard keeps it.
    m.rename(2, QStringLiteral("Mine now"));
    QCOMPARE(m.toJson().size(), 3);
}

void tst_DashboardListModel::hostileJson_data()
{
    QTest::addColumn<QJsonArray>("json");
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("noted");
    QJsonArray many;
    for (int i = 0; i < 1000; ++i)
        many.append(QJsonObject{{"name", QString::number(i)}, {"charts", QJsonArray()}});
    QTest::newRow("empty") << QJsonArray() << 1 << false;
    QTest::newRow("not objects") << QJsonArray{1, "two", QJsonArray()} << 1 << true;
    QTest::newRow("charts not a list") << QJsonArray{QJsonObject{{"name", "x"}, {"charts", "nope"}}} << 1 << true;
    QTest::newRow("1000 dashboards") << many << int(DashboardListModel::MaxDashboards) << true;
    QTest::newRow("same names") << QJsonArray{QJsonObject{{"name", "a"}, {"charts", QJsonArray()}},
                                              QJsonObject{{"name", "a"}, {"charts", QJsonArray()}}} << 2 << false;
    QTest::newRow("huge name, odd layout") << QJsonArray{QJsonObject{{"name", QString(100'000, 'n')},
                                                                     {"layout", 42}, {"charts", QJsonArray{1, 2}}}}
                                           << 1 << false;
}

void tst_DashboardListModel::hostileJson()
{
    QFETCH(QJsonArray, json);
    QFETCH(int, count);
    QFETCH(bool, noted);
    DashboardListModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString note = m.fromJson(json, 99);
    QCOMPARE(m.count(), count);
    QCOMPARE(!note.isEmpty(), noted);
    QVERIFY(m.currentCharts());
    QVERIFY(m.currentIndex() >= 0 && m.currentIndex() < m.count());
    QSet<QString> names;
    for (int i = 0; i < m.count(); ++i) {
        QVERIFY(m.nameAt(i).size() <= DashboardListModel::MaxNameLength);
        QVERIFY(m.layoutAt(i) == QLatin1String("tiled") || m.layoutAt(i) == QLatin1String("stacked"));
        names.insert(m.nameAt(i));
    }
    QCOMPARE(names.size(), m.count());
}

void tst_DashboardListModel::legacyCharts()
{
    DashboardListModel m;
    m.addDashboard(QStringLiteral("gone"));
    m.fromLegacyCharts(QJsonArray{QJsonObject{{"title", "Old"}, {"series", QJsonArray{"s"}}}});
    QCOMPARE(m.count(), 1);
    QCOMPARE(m.nameAt(0), QStringLiteral("Main"));
    QCOMPARE(m.currentCharts()->chart(0).title, QStringLiteral("Old"));
}

QTEST_GUILESS_MAIN(tst_DashboardListModel)
#include "tst_dashboardlistmodel.moc"
