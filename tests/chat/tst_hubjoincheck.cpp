// HubJoinCheck, what the Join dialog asks before connecting: readable refusals of
// malformed or hostile addresses and nicknames, the pin verdict from a real known-hosts
// file (plain / unknown / trusted / changed, damaged file reported), trust and forget,
// and probing the certificate of a real wss:// hub (refused port, plain hub, cancel).
// Also LocalAddresses' URL rewriting for the host view.
#include "hubhost.h"
#include "hubjoincheck.h"
#include "hubserver.h"
#include "localaddresses.h"

#include <QFile>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

class tst_HubJoinCheck : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void urlErrors_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expect");   // "" = accepted
        QTest::newRow("ws") << "ws://127.0.0.1:8765/" << "";
        QTest::newRow("wss, no path") << "wss://hub.local:8765" << "";
        QTest::newRow("ipv6") << "wss://[::1]:8765/" << "";
        QTest::newRow("upper-case scheme") << "WSS://hub.local:1/" << "";
        QTest::newRow("spaces around") << "  ws://h:1/  " << "";
        QTest::newRow("empty") << "" << "Enter the hub address";
        QTest::newRow("blank") << "   " << "Enter the hub address";
        QTest::newRow("no scheme") << "192.168.1.20:8765" << "must start with ws:// or wss://";
        QTest::newRow("http") << "http://example.com/" << "must start with ws:// or wss://";
        QTest::newRow("missing colon") << "ws//nope" << "must start with ws:// or wss://";
        QTest::newRow("no host") << "ws://" << "has no host name";
        QTest::newRow("no host, port") << "wss://:8765/" << "has no host name";
        QTest::newRow("port 0") << "ws://h:0/" << "Port 0";
        QTest::newRow("port too big") << "ws://h:70000/" << "not a valid address";
        QTest::newRow("bad character") << "ws://a b/" << "not a valid address";
        QTest::newRow("user info") << "ws://u:p@h:1/" << "Leave the user name and password out";
        QTest::newRow("topic path") << "ws://h:1/topics/lab" << "root path";
        QTest::newRow("query") << "ws://h:1/?x=1" << "no “?” or “#” part";
        QTest::newRow("fragment") << "ws://h:1/#f" << "no “?” or “#” part";
        QTest::newRow("too long") << "ws://h:1/" + QString(3000, u'a') << "at most 2048";
    }
    void urlErrors()
    {
        QFETCH(QString, url);
        QFETCH(QString, expect);
        HubJoinCheck check;
        const QString error = check.urlError(url);
        if (expect.isEmpty()) {
            QCOMPARE(error, QString());
        } else {
            QVERIFY2(error.contains(expect), qPrintable(error));
            QVERIFY2(error.size() < 400, "the message stays short");
        }
    }

    void hostileUrlIsShownEscaped()
    {
        HubJoinCheck check;
        const QString error = check.urlError(QStringLiteral("http://a\x01\x1b[31mred/") + QString(500, u'x'));
        QVERIFY(error.contains(QStringLiteral("\\x01")));
        QVERIFY(error.contains(QStringLiteral("\\x1b")));
        QVERIFY(!error.contains(QChar(0x1b)));
        QVERIFY(error.contains(u'…'));
        QVERIFY(error.size() < 300);
    }

    void nickErrors()
    {
        HubJoinCheck check;
        QCOMPARE(check.nickError("alice"), QString());
        QCOMPARE(check.nickError(" bob.2 "), QString());
        QVERIFY(check.nickError("").contains("Choose"));
        QVERIFY(check.nickError("HUB").contains("reserved"));
        QVERIFY(check.nickError("no spaces").contains("1-24"));
        QVERIFY(check.nickError("_lead").contains("1-24"));
        QVERIFY(check.nickError(QString(25, u'a')).contains("1-24"));
        QVERIFY(check.nickError("é").contains("1-24"));
    }

    void pinVerdictsTrustAndForget()
    {
        QTemporaryDir dir;
        HubJoinCheck check;
        check.setKnownHostsFile(dir.filePath("known_hosts.json"));
        const QString url = "wss://192.168.1.20:8765/";
        const QString a(64, u'a'), b(64, u'b');
        QCOMPARE(check.pinStatus("ws://h:1/", a).value("state").toString(), "plain");
        QCOMPARE(check.pinStatus("nope", a).value("state").toString(), "invalid");
        QCOMPARE(check.pinStatus(url, "").value("state").toString(), "unknown");
        QCOMPARE(check.pinStatus(url, a).value("announced").toString(), a);

        QVERIFY(check.trust(url, "zz").contains("not a SHA-256 fingerprint"));
        QVERIFY(check.trust("ftp://x/", a).contains("ws://"));
        QCOMPARE(check.trust(url, HubJoinCheck::displayFingerprint(a)), QString());   // "AA:AA:…" accepted
        QVariantMap pin = check.pinStatus(url, "");
        QCOMPARE(pin.value("state").toString(), "trusted");
        QCOMPARE(pin.value("pinned").toString(), a);
        QCOMPARE(check.pinStatus(url, a.toUpper()).value("state").toString(), "trusted");
        QCOMPARE(check.pinStatus("wss://192.168.1.20:8766/", "").value("state").toString(), "unknown");   // per port

        pin = check.pinStatus(url, b);
        QCOMPARE(pin.value("state").toString(), "changed");
        QVERIFY(pin.value("warning").toString().contains("CHANGED"));
        QVERIFY(pin.value("warning").toString().contains("192.168.1.20:8765"));

        QCOMPARE(check.forget(url), QString());
        QCOMPARE(check.pinStatus(url, b).value("state").toString(), "unknown");
    }

    void damagedKnownHostsIsReported()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("known_hosts.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{ not json");
        f.close();
        HubJoinCheck check;
        check.setKnownHostsFile(f.fileName());
        const QVariantMap pin = check.pinStatus("wss://h:1/", "");
        QCOMPARE(pin.value("state").toString(), "unknown");
        QVERIFY2(pin.value("warning").toString().contains("damaged"), qPrintable(pin.value("warning").toString()));
        QVERIFY(!check.trust("wss://h:1/", QString(64, u'a')).isEmpty());   // does not overwrite the damaged file
    }

    void probeReadsTheHubCertificate()
    {
        QTemporaryDir dir;
        HubHost host;
        host.setDataDir(dir.filePath("hub"));
        host.setTlsMode(HubHost::TlsMode::On);
        host.setAnnounce(false);
        QString error;
        QVERIFY2(host.start(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        QVERIFY(host.url().startsWith("wss://"));

        HubJoinCheck check;
        QSignalSpy done(&check, &HubJoinCheck::probeFinished);
        check.probe(host.url());
        QVERIFY(check.isProbing());
        QTRY_COMPARE(done.size(), 1);
        QCOMPARE(done.at(0).at(0).toString(), host.url());
        QCOMPARE(done.at(0).at(1).toString(), host.fingerprint());
        QCOMPARE(done.at(0).at(2).toString(), QString());
        QVERIFY(!check.isProbing());
        QVERIFY(host.isHosting());
    }

    void probeErrorsAreReadable()
    {
        HubJoinCheck check;
        check.setProbeTimeoutMs(1500);
        QSignalSpy done(&check, &HubJoinCheck::probeFinished);

        QTcpServer closed;   // a port that was free a moment ago
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 freePort = closed.serverPort();
        closed.close();
        check.probe(QStringLiteral("wss://127.0.0.1:%1/").arg(freePort));
        QTRY_COMPARE(done.size(), 1);
        QVERIFY2(done.at(0).at(2).toString().contains("connection refused"), qPrintable(done.at(0).at(2).toString()));

        HubServer plain;     // a ws:// hub: no TLS handshake
        QVERIFY(plain.listen(QHostAddress::LocalHost, 0));
        check.probe(QStringLiteral("wss://127.0.0.1:%1/").arg(plain.port()));
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 10000);
        QVERIFY(done.at(1).at(1).toString().isEmpty());
        QVERIFY2(done.at(1).at(2).toString().contains("ws://"), qPrintable(done.at(1).at(2).toString()));

        check.probe("ws://127.0.0.1:1/");        // nothing to probe: answered asynchronously
        QCOMPARE(done.size(), 2);
        QTRY_COMPARE(done.size(), 3);
        QVERIFY(done.at(2).at(2).toString().contains("Only wss://"));

        check.probe("not a url");
        QTRY_COMPARE(done.size(), 4);
        QVERIFY(done.at(3).at(2).toString().contains("ws://"));
    }

    void cancelledProbeSaysNothing()
    {
        QTcpServer silent;   // accepts TCP, never answers the TLS hello
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        HubJoinCheck check;
        QSignalSpy done(&check, &HubJoinCheck::probeFinished);
        check.probe(QStringLiteral("wss://127.0.0.1:%1/").arg(silent.serverPort()));
        QTRY_VERIFY(silent.hasPendingConnections());
        check.cancelProbe();
        QVERIFY(!check.isProbing());
        QTest::qWait(0);
        QVERIFY(!QTest::qWaitFor([&] { return done.size() > 0; }, 300));
    }

    void localAddressesRewriteWildcards()
    {
        LocalAddresses a;
        QVERIFY(a.isLoopback("127.0.0.1"));
        QVERIFY(a.isLoopback("localhost"));
        QVERIFY(a.isLoopback("::1"));
        QVERIFY(!a.isLoopback("0.0.0.0"));
        QVERIFY(!a.isLoopback("192.168.1.20"));
        QVERIFY(a.isValid("10.0.0.1"));
        QVERIFY(!a.isValid("10.0.0.300"));
        QCOMPARE(a.loopbackUrl("wss://0.0.0.0:8765/"), "wss://127.0.0.1:8765/");
        QCOMPARE(a.loopbackUrl("ws://192.168.1.20:1/"), "ws://192.168.1.20:1/");
        const QString reachable = a.reachableUrl("ws://0.0.0.0:8765/");
        QCOMPARE(reachable, QStringLiteral("ws://%1:8765/").arg(a.lan().isEmpty() ? "127.0.0.1" : a.lan().first()));
        QVERIFY(a.lan().size() <= LocalAddresses::MaxAddresses);
        for (const QString &ip : a.lan())
            QVERIFY(!a.isLoopback(ip));
    }
};

QTEST_GUILESS_MAIN(tst_HubJoinCheck)
#include "tst_hubjoincheck.moc"
