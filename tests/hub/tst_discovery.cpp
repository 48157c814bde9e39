// LAN discovery: the announcer's datagram, the listener's validation of hostile
// datagrams, expiry, the bound on sessions, and a hosted HubHost found by a listener,
// over real multicast (239.255.77.77 with multicast loopback) and over unicast to
// 127.0.0.1 on a test port (the path that works even without multicast routing).
#include "discoveryannouncer.h"
#include "discoverylistener.h"
#include "hubhost.h"

#include <QNetworkInterface>
#include <QTemporaryDir>
#include <QUdpSocket>
#include <QtTest>

namespace {
quint16 freeUdpPort()
{
    QUdpSocket s;
    s.bind(QHostAddress::LocalHost, 0);
    return s.localPort();
}
} // namespace

class tst_Discovery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void datagramIsSmallAndDocumented()
    {
        const DiscoveryInfo info{QString(200, u'x'), 8765, true, QString(64, u'a'), true};
        const QByteArray d = DiscoveryAnnouncer::datagram(info);
        QVERIFY(d.size() <= DiscoveryAnnouncer::MaxDatagramBytes);
        DiscoveryListener::Announcement a;
        QString why;
        QVERIFY2(DiscoveryListener::parse(d, &a, &why), qPrintable(why));
        QCOMPARE(a.session.size(), 64);   // truncated to the documented maximum
        QCOMPARE(a.port, quint16(8765));
        QVERIFY(a.tls && a.password);
    }

    void hostileDatagramsAreDropped_data()
    {
        QTest::addColumn<QByteArray>("datagram");
        const QByteArray ok = R"({"type":"pulseboard-hub","v":1,"session":"Lab","port":8765,"scheme":"ws","fingerprint":"","password":false})";
        QTest::newRow("not json") << QByteArray("hello");
        QTest::newRow("array") << QByteArray("[1]");
        QTest::newRow("too big") << QByteArray(ok).replace("\"Lab\"", "\"" + QByteArray(1100, 'a') + "\"");
        QTest::newRow("other type") << QByteArray(ok).replace("pulseboard-hub", "printer");
        QTest::newRow("version 2") << QByteArray(ok).replace("\"v\":1", "\"v\":2");
        QTest::newRow("empty session") << QByteArray(ok).replace("\"Lab\"", "\"\"");
        QTest::newRow("control chars") << QByteArray(ok).replace("\"Lab\"", "\"a\\u001b[31m\"");
        QTest::newRow("newline") << QByteArray(ok).replace("\"Lab\"", "\"a\\nb\"");
        QTest::newRow("port 0") << QByteArray(ok).replace("8765", "0");
        QTest::newRow("port huge") << QByteArray(ok).replace("8765", "70000");
        QTest::newRow("port string") << QByteArray(ok).replace("8765", "\"8765\"");
        QTest::newRow("port fraction") << QByteArray(ok).replace("8765", "87.5");
        QTest::newRow("scheme http") << QByteArray(ok).replace("\"ws\"", "\"http\"");
        QTest::newRow("wss without fingerprint") << QByteArray(ok).replace("\"ws\"", "\"wss\"");
        QTest::newRow("ws with fingerprint") << QByteArray(ok).replace("\"fingerprint\":\"\"", "\"fingerprint\":\"" + QByteArray(64, 'a') + "\"");
        QTest::newRow("password string") << QByteArray(ok).replace("false", "\"no\"");
        QTest::newRow("missing password") << QByteArray(ok).replace(",\"password\":false", "");
    }
    void hostileDatagramsAreDropped()
    {
        QFETCH(QByteArray, datagram);
        DiscoveryListener::Announcement a;
        QVERIFY(!DiscoveryListener::parse(datagram, &a, nullptr));

        const quint16 port = freeUdpPort();
        DiscoveryListener listener;
        listener.setEndpoint(QHostAddress::LocalHost, port);
        QVERIFY(listener.start());
        QUdpSocket sender;
        sender.writeDatagram(datagram, QHostAddress::LocalHost, port);
        sender.writeDatagram(DiscoveryAnnouncer::datagram({"control", 1234, false, {}, false}), QHostAddress::LocalHost, port);
        QTRY_COMPARE(listener.rowCount(), 1);
        QCOMPARE(listener.data(listener.index(0), DiscoveryListener::SessionRole).toString(), QStringLiteral("control"));
        QCOMPARE(listener.rejectedDatagrams(), qint64(1));
    }

    void unicastAnnouncementsAppearAndExpire()
    {
        const quint16 port = freeUdpPort();
        DiscoveryListener listener;
        listener.setEndpoint(QHostAddress::LocalHost, port);
        listener.setExpireMs(600);
        QVERIFY(listener.start());
        QSignalSpy found(&listener, &DiscoveryListener::sessionFound);
        DiscoveryAnnouncer announcer;
        announcer.setDestination(QHostAddress::LocalHost, port);
        announcer.setIntervalMs(100);
        announcer.setInfo({"Bench", 9000, true, QString(64, u'f'), true});
        QVERIFY(announcer.start());
        QTRY_COMPARE(listener.rowCount(), 1);
        const QModelIndex i = listener.index(0);
        QCOMPARE(listener.data(i, DiscoveryListener::UrlRole).toString(), QStringLiteral("wss://127.0.0.1:9000/"));
        QCOMPARE(listener.data(i, DiscoveryListener::FingerprintRole).toString(), QString(64, u'f'));
        QCOMPARE(listener.data(i, DiscoveryListener::PasswordRequiredRole).toBool(), true);
        QTRY_VERIFY(announcer.sent() >= 4);
        QCOMPARE(listener.rowCount(), 1);     // repeated announcements refresh, not duplicate
        QCOMPARE(found.size(), 1);
        announcer.stop();
        QTRY_COMPARE_WITH_TIMEOUT(listener.rowCount(), 0, 5000);   // expired
    }

    void sessionsAreBounded()
    {
        const quint16 port = freeUdpPort();
        DiscoveryListener listener;
        listener.setEndpoint(QHostAddress::LocalHost, port);
        QVERIFY(listener.start());
        QUdpSocket sender;
        for (int p = 1; p <= DiscoveryListener::MaxSessions + 20; ++p)
            sender.writeDatagram(DiscoveryAnnouncer::datagram({"s", quint16(p), false, {}, false}), QHostAddress::LocalHost, port);
        QTRY_COMPARE(listener.rowCount() + int(listener.rejectedDatagrams()), DiscoveryListener::MaxSessions + 20);
        QCOMPARE(listener.rowCount(), DiscoveryListener::MaxSessions);
    }

    void hostedHubIsFoundByMulticast()
    {
        // Real multicast on the default discovery group: needs an up, multicast-capable
        // interface (multicast loopback delivers to this host).
        bool lan = false;
        for (const QNetworkInterface &i : QNetworkInterface::allInterfaces()) {
            const auto f = i.flags();
            lan |= (f & QNetworkInterface::IsUp) && (f & QNetworkInterface::IsRunning)
                   && (f & QNetworkInterface::CanMulticast) && !(f & QNetworkInterface::IsLoopBack);
        }
        if (!lan)
            QSKIP("no multicast-capable interface here; the unicast tests cover the same code");
        const quint16 port = freeUdpPort();   // the default group, on a private port
        DiscoveryListener listener;
        listener.setEndpoint(DiscoveryAnnouncer::defaultGroup(), port);
        QVERIFY2(listener.start(), qPrintable(listener.lastError()));

        QTemporaryDir dir;
        HubConfig cfg;
        cfg.dataDir = dir.path();
        cfg.sessionName = "Multicast lab";
        cfg.password = "pw";
        cfg.pbkdf2Iterations = 1000;
        HubHost host;
        host.setConfig(cfg);
        host.announcer()->setDestination(DiscoveryAnnouncer::defaultGroup(), port);
        QString error;
        QVERIFY2(host.start(QHostAddress::AnyIPv4, 0, &error), qPrintable(error));   // not loopback: announced, wss
        QTRY_COMPARE(listener.rowCount(), 1);
        const QModelIndex i = listener.index(0);
        QCOMPARE(listener.data(i, DiscoveryListener::SessionRole).toString(), QStringLiteral("Multicast lab"));
        QCOMPARE(listener.data(i, DiscoveryListener::PortRole).toInt(), int(host.server()->port()));
        QCOMPARE(listener.data(i, DiscoveryListener::SchemeRole).toString(), QStringLiteral("wss"));
        QCOMPARE(listener.data(i, DiscoveryListener::FingerprintRole).toString(), host.fingerprint());
        QCOMPARE(listener.data(i, DiscoveryListener::PasswordRequiredRole).toBool(), true);

        HubHost loopbackOnly;   // loopback hubs are not announced
        loopbackOnly.setConfig(cfg);
        loopbackOnly.announcer()->setDestination(DiscoveryAnnouncer::defaultGroup(), port);
        QVERIFY(loopbackOnly.start(QHostAddress::LocalHost, 0, &error));
        QVERIFY(!loopbackOnly.announcer()->isRunning());
        host.stop();
        QVERIFY(!host.announcer()->isRunning());
    }
};

QTEST_GUILESS_MAIN(tst_Discovery)
#include "tst_discovery.moc"
