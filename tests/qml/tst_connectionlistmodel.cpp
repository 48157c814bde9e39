// Specification of ConnectionListModel against real connections: a live one (the hub's
// topic stream on 127.0.0.1) and a refused one (reconnecting with a countdown). Stats are
// coalesced into at most one dataChanged per refresh; totals and the overall state follow.
// Runs under QAbstractItemModelTester.
#include "connectionlistmodel.h"
#include "hubserver.h"
#include "seriesstore.h"

#include <QAbstractItemModelTester>
#include <QHostAddress>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <memory>

namespace {

FeedProfile profileFor(const QString &name, const QUrl &url)
{
    FeedProfile p;
    p.name = name;
    p.endpoint.url = url;
    p.endpoint.backoff.baseMs = 2000;   // a visible countdown
    p.endpoint.backoff.capMs = 4000;
    return p;
}

quint16 refusedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();   // closed when server goes out of scope
}

} // namespace

class tst_ConnectionListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void liveConnectionRolesAndTotals();
    void refusedConnectionCountsDown();
    void coalescedDataChanged();
    void removeAndSavedMessages();
    void urlShownWithoutCredentials();

private:
    SeriesStore m_store;
};

void tst_ConnectionListModel::liveConnectionRolesAndTotals()
{
    HubServer hub;
    QString error;
    QVERIFY2(hub.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    ConnectionListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.overallState(), QStringLiteral("No connections"));

    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/topics/t").arg(hub.port()));
    FeedConnection connection(QStringLiteral("feed"), profileFor(QStringLiteral("feed"), url), &m_store);
    ConnectionSpec spec;
    spec.savedMessages = {QStringLiteral("{\"op\":1}")};
    model.append(&connection, spec);
    connection.start();
    const auto role = [&](const char *name) {
        return model.data(model.index(0), model.roleNames().key(name));
    };
    QTRY_VERIFY_WITH_TIMEOUT(role("live").toBool(), 10000);
    QCOMPARE(role("name").toString(), QStringLiteral("feed"));
    QCOMPARE(role("url").toString(), url.toString());
    QCOMPARE(role("state").toString(), QStringLiteral("Live"));
    QTRY_COMPARE(role("stateText").toString(), QStringLiteral("live"));
    QCOMPARE(role("connection").value<QObject *>(), &connection);
    QCOMPARE(role("savedMessages").toStringList(), spec.savedMessages);
    QTRY_COMPARE(model.liveCount(), 1);
    QCOMPARE(model.overallState(), QStringLiteral("Live"));
    QCOMPARE(model.overallLevel(), 0);

    for (int i = 0; i < 20; ++i)
        QVERIFY(hub.publish(QStringLiteral("t"), QByteArrayLiteral("{\"v\":1}")));
    QTRY_COMPARE_WITH_TIMEOUT(model.totalMessages(), qint64(20), 5000);
    QTRY_COMPARE(role("messages").toLongLong(), qint64(20));
    model.removeAt(0);   // before the connection goes away
}

void tst_ConnectionListModel::refusedConnectionCountsDown()
{
    ConnectionListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/x").arg(refusedPort()));
    FeedConnection connection(QStringLiteral("down"), profileFor(QStringLiteral("down"), url), &m_store);
    model.append(&connection, ConnectionSpec{});
    connection.start();
    const auto role = [&](const char *name) {
        return model.data(model.index(0), model.roleNames().key(name));
    };
    QTRY_COMPARE_WITH_TIMEOUT(role("state").toString(), QStringLiteral("Reconnecting"), 10000);
    QTRY_VERIFY(role("stateText").toString().startsWith(QStringLiteral("reconnecting in ")));
    QVERIFY(role("stateText").toString().endsWith(QStringLiteral(" s")));
    const qint64 first = role("retryInMs").toLongLong();
    QVERIFY(first >= 0);
    QVERIFY(first <= 4000);
    QVERIFY(!role("lastError").toString().isEmpty());   // says why
    QTRY_VERIFY(model.overallLevel() >= 1);
    QVERIFY(model.overallState().contains(QStringLiteral("0 of 1 live")) || model.overallState() == QStringLiteral("Connecting…"));
    model.removeAt(0);
}

void tst_ConnectionListModel::coalescedDataChanged()
{
    HubServer hub;
    QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
    ConnectionListModel model;
    model.setRefreshIntervalMs(1'000'000);   // refresh only when the test says so
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    std::vector<std::unique_ptr<FeedConnection>> connections;
    for (int i = 0; i < 3; ++i) {
        const QUrl url(QStringLiteral("ws://127.0.0.1:%1/topics/t%2").arg(hub.port()).arg(i));
        connections.push_back(std::make_unique<FeedConnection>(QStringLiteral("c%1").arg(i),
                                                               profileFor(QStringLiteral("c"), url), &m_store));
        model.append(connections.back().get(), ConnectionSpec{});
        connections.back()->start();
    }
    // Many stats updates from three connections (each every ~250 ms) ...
    QTRY_VERIFY_WITH_TIMEOUT(connections[0]->isLive() && connections[1]->isLive() && connections[2]->isLive(), 10000);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy stats(connections[0].get(), &FeedConnection::statsChanged);
    QTRY_VERIFY(stats.count() >= 3);
    QCOMPARE(changed.count(), 0);     // ... reach the view only on refresh
    model.refresh();
    QCOMPARE(changed.count(), 1);     // as one signal over the changed rows
    model.refresh();
    QCOMPARE(changed.count(), 1);     // nothing new, nothing emitted
    while (model.count() > 0)
        model.removeAt(0);
}

void tst_ConnectionListModel::removeAndSavedMessages()
{
    ConnectionListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    FeedConnection a(QStringLiteral("a"), profileFor(QStringLiteral("a"), QUrl(QStringLiteral("ws://127.0.0.1:9/"))), &m_store);
    FeedConnection b(QStringLiteral("b"), profileFor(QStringLiteral("b"), QUrl(QStringLiteral("ws://127.0.0.1:9/"))), &m_store);
    model.append(&a, ConnectionSpec{});
    model.append(&b, ConnectionSpec{});
    QCOMPARE(model.rowOf(QStringLiteral("b")), 1);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setSavedMessages(1, {QStringLiteral("hello")});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.specAt(1).savedMessages, QStringList{"hello"});
    model.setSavedMessages(5, {QStringLiteral("ignored")});
    model.removeAt(0);
    QCOMPARE(model.count(), 1);
    QCOMPARE(model.connectionAt(0), &b);
    QCOMPARE(model.connectionAt(3), nullptr);
    QCOMPARE(model.data(model.index(0), ConnectionListModel::NameRole).toString(), QStringLiteral("b"));
    model.removeAt(0);
    QCOMPARE(model.count(), 0);
}

void tst_ConnectionListModel::urlShownWithoutCredentials()
{
    // The card shows the URL; a token or password in it must not be on screen.
    ConnectionListModel model;
    const QUrl url(QStringLiteral("wss://user:hunter2@feed.example:9443/v1?symbols=BTC&token=s3cr3t&api_key=k"));
    FeedConnection connection(QStringLiteral("c"), profileFor(QStringLiteral("c"), url), &m_store);
    model.append(&connection, ConnectionSpec{});
    const QString shown = model.data(model.index(0), ConnectionListModel::UrlRole).toString();
    QVERIFY2(!shown.contains(QLatin1String("hunter2")) && !shown.contains(QLatin1String("s3cr3t"))
                     && !shown.contains(QLatin1String("api_key")),
             qPrintable(shown));
    QVERIFY2(shown.contains(QLatin1String("feed.example:9443/v1")) && shown.contains(QLatin1String("symbols=BTC")),
             qPrintable(shown));
}

QTEST_MAIN(tst_ConnectionListModel)
#include "tst_connectionlistmodel.moc"
