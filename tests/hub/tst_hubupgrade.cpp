// RFC 6455 opening handshake of the hub, transport-agnostic: raw HTTP upgrade requests to
// a HubServer on 127.0.0.1 (default HubConfig). A valid request gets 101 with the right
// headers and no extension; each malformed one gets an HTTP error, never 101, and the
// connection ends; a request trickled in byte by byte still works. After every case a
// peer logged in before it (the keeper) is still served (cleanup()).
// Framing after the upgrade is specified in tst_hubframing.cpp.
#include "hubserver.h"
#include "hubkeeper.h"
#include "rawwsclient.h"

#include <QtTest>
#include <memory>

class tst_HubUpgrade : public QObject
{
    Q_OBJECT
private:
    HubKeeper m_fixture;
    // Value of header `name` (case-insensitive) in a response head; null when absent.
    static QByteArray header(const QByteArray &head, const QByteArray &name)
    {
        const QList<QByteArray> lines = head.split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0 && lines.at(i).left(colon).trimmed().toLower() == name.toLower())
                return lines.at(i).mid(colon + 1).trimmed();
        }
        return {};
    }
    // A valid upgrade request with header `without` left out and line `with` added.
    static QByteArray request(const QByteArray &without = {}, const QByteArray &with = {},
                              const QByteArray &method = "GET")
    {
        QByteArray r = method + " / HTTP/1.1\r\n";
        for (const char *h : {"Host: 127.0.0.1", "Upgrade: websocket", "Connection: Upgrade",
                              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"}) {
            if (without.isEmpty() || !QByteArray(h).startsWith(without + ':'))
                r += QByteArray(h) + "\r\n";
        }
        if (!with.isEmpty())
            r += with + "\r\n";
        return r + "\r\n";
    }
    bool welcomed(RawWsClient &raw, const QByteArray &nick)
    {
        raw.sendText("{\"type\":\"hello\",\"version\":1,\"nick\":\"" + nick + "\"}");
        return raw.readEnvelope(QStringLiteral("welcome")).value("nick").toString() == QLatin1String(nick);
    }

private Q_SLOTS:
    void init()
    {
        const QString failed = m_fixture.start();   // ws:// or, with HUB_TEST_TLS=1, wss://
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }
    void cleanup()
    {
        QVERIFY2(m_fixture.keeperServed(), "the keeper was not served after the case");
        m_fixture.stop();
    }

    // Case 1: RFC 6455 section 1.3's example key; permessage-deflate offered, not taken.
    void validUpgrade()
    {
        RawWsClient raw;
        QVERIFY(raw.connectTo(m_fixture.hub->port()));
        const QByteArray status = raw.upgrade("/", "Sec-WebSocket-Extensions: permessage-deflate; "
                                                   "client_max_window_bits\r\n");
        QVERIFY2(status.startsWith("HTTP/1.1 101 "), status.constData());
        QCOMPARE(header(raw.responseHead, "upgrade").toLower(), QByteArray("websocket"));
        QVERIFY(header(raw.responseHead, "connection").toLower().contains("upgrade"));
        QCOMPARE(header(raw.responseHead, "sec-websocket-accept"), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
        QVERIFY2(header(raw.responseHead, "sec-websocket-extensions").isNull(), raw.responseHead.constData());
        QVERIFY(welcomed(raw, "plain"));
    }

    // Case 2: malformed requests get an HTTP error, no 101, and the connection ends.
    // Qt 6.4's QWebSocketServer (which served wss:// before) failed all but POST: it
    // upgraded with any non-empty key, closed without a response when a header was
    // missing, answered version 8 with 400.
    void badUpgradeIsRefused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        const QByteArray key = "Sec-WebSocket-Key";
        QTest::newRow("no key") << request(key) << 400;
        QTest::newRow("key of 5 bytes") << request(key, key + ": c2hvcnQ=") << 400;
        QTest::newRow("key not base64") << request(key, key + ": %%%%%%%%%%%%%%%%%%%%%%==") << 400;
        QTest::newRow("version 8") << request("Sec-WebSocket-Version", "Sec-WebSocket-Version: 8") << 426;
        QTest::newRow("no Upgrade") << request("Upgrade") << 400;
        QTest::newRow("Upgrade: h2c") << request("Upgrade", "Upgrade: h2c") << 400;
        QTest::newRow("Connection: keep-alive") << request("Connection", "Connection: keep-alive") << 400;
        QTest::newRow("POST") << request({}, {}, "POST") << 400;
    }
    void badUpgradeIsRefused()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        RawWsClient raw;
        QVERIFY(raw.connectTo(m_fixture.hub->port()));
        const QByteArray line = raw.upgradeWith(bytes);
        QVERIFY2(!line.startsWith("HTTP/1.1 101"), line.constData());
        QVERIFY(raw.waitClosed());
        QTRY_COMPARE(m_fixture.hub->connectionCount(), 1);
        QTRY_COMPARE(m_fixture.hub->pendingHandshakeCount(), 0);
        if (status == 426)   // RFC 6455 section 4.4: name the versions the server speaks
            QCOMPARE(header(raw.responseHead, "sec-websocket-version"), QByteArray("13"));
        QCOMPARE(line.left(12), "HTTP/1.1 " + QByteArray::number(status));
    }

    // Case 2, last: one byte per write still upgrades (well within the handshake timeout).
    void trickledRequestIsUpgraded()
    {
        RawWsClient raw;
        QVERIFY(raw.connectTo(m_fixture.hub->port()));
        QCOMPARE(raw.upgradeWith(RawWsClient::request("/"), 1), QByteArray("HTTP/1.1 101 Switching Protocols"));
        QCOMPARE(header(raw.responseHead, "sec-websocket-accept"), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
        QVERIFY(welcomed(raw, "trickle"));
        QTRY_COMPARE(m_fixture.hub->connectionCount(), 2);
    }
};

QTEST_GUILESS_MAIN(tst_HubUpgrade)
#include "tst_hubupgrade.moc"
