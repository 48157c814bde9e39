// Every hardening rule of the hub (docs/protocol.md §1), each shown as a rejection that
// is logged with the peer address while another peer keeps being served: rate limit and
// abuse close, connection caps (total, per address), pending handshakes, handshake
// timeout, header size, Origin allowlist, binary and invalid-UTF-8 frames, slow
// consumers in a room, kick/block, stop, and the bound of the rejection log itself.
#include "hubdispatcher.h"
#include "hubserver.h"
#include "hubtestclient.h"
#include "rawwsclient.h"
#include "rejectionlog.h"

#include <QNetworkRequest>
#include <QtTest>

class tst_HubHardening : public QObject
{
    Q_OBJECT
private:
    static bool logged(const HubServer &hub, const QString &needle, int code = -1,
                       const QString &address = QStringLiteral("127.0.0.1"))
    {
        for (const Rejection &r : hub.rejections()->rows()) {
            if (r.reason.contains(needle) && (code < 0 || r.closeCode == code) && r.address.startsWith(address))
                return true;
        }
        return false;
    }
    static bool stillServed(HubTestClient &c)
    {
        c.send({{"type", "ping"}, {"id", "alive"}});
        return c.next("pong").value("re").toString() == QLatin1String("alive");
    }

private Q_SLOTS:
    void rateLimitErrorsThenClosesOnAbuse()
    {
        HubServer hub;
        HubConfig cfg;
        cfg.rateMessagesPerSec = 5;
        cfg.rateBurst = 5;
        cfg.rateAbuseStrikes = 20;
        hub.setConfig(cfg);
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient flood, calm;
        QVERIFY(flood.open(hub.port()) && calm.open(hub.port()));
        QVERIFY(flood.login("flood"));   // 1 token
        QVERIFY(calm.login("calm"));
        for (int i = 0; i < 10; ++i)
            flood.send({{"type", "ping"}, {"id", i}});
        const QJsonObject err = flood.next("error");
        QCOMPARE(err.value("code").toString(), QStringLiteral("rate_limited"));
        QVERIFY(err.value("retryAfterMs").toInteger() > 0);
        // Every request gets exactly one answer: a pong, or a rate_limited error carrying
        // its `re` (docs/protocol.md §3), so the client knows which ones were dropped.
        QTRY_COMPARE(flood.ofType("pong").size() + flood.ofType("error").size(), qsizetype(10));
        const int pongs = int(flood.ofType("pong").size());
        QVERIFY2(pongs >= 4 && pongs <= 6, qPrintable(QString::number(pongs)));  // burst 5 minus hello
        QSet<int> answered;
        for (const QJsonObject &o : flood.ofType("pong") + flood.ofType("error")) {
            QVERIFY(o.contains(QLatin1String("re")));
            QVERIFY(o.value("re").isDouble());
            answered.insert(o.value("re").toInt());
        }
        QCOMPARE(answered.size(), 10);
        for (const QJsonObject &o : flood.ofType("error"))
            QCOMPARE(o.value("code").toString(), QStringLiteral("rate_limited"));
        QVERIFY(logged(hub, "rate_limited"));
        QVERIFY(stillServed(calm));

        for (int i = 0; i < 40; ++i)
            flood.send({{"type", "ping"}});
        QTRY_VERIFY(flood.closed);
        QCOMPARE(int(flood.ws.closeCode()), 1008);
        QVERIFY(logged(hub, "sustained rate abuse", 1008));
        QVERIFY(stillServed(calm));
    }

    void totalConnectionCap()
    {
        HubServer hub;
        HubConfig cfg;
        cfg.maxConnections = 3;
        hub.setConfig(cfg);
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient a, b, c;
        QVERIFY(a.open(hub.port()) && b.open(hub.port()) && c.open(hub.port()));
        RawWsClient extra;
        QVERIFY(extra.connectTo(hub.port()));
        QCOMPARE(extra.upgrade("/"), QByteArray("HTTP/1.1 503 Service Unavailable"));
        QVERIFY(extra.waitClosed());
        QVERIFY(logged(hub, "connection cap reached (3)"));
        QVERIFY(a.login("a"));
        QVERIFY(stillServed(a));
        c.ws.close();
        QTRY_COMPARE(hub.connectionCount(), 2);
        HubTestClient d;   // a freed slot is usable again
        QVERIFY(d.open(hub.port()) && d.login("d"));
    }

    void perAddressConnectionCap()
    {
        HubServer hub;
        HubConfig cfg;
        cfg.maxConnectionsPerAddress = 2;
        hub.setConfig(cfg);
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient a, b;
        QVERIFY(a.open(hub.port()) && b.open(hub.port()));
        RawWsClient third;
        QVERIFY(third.connectTo(hub.port()));
        QCOMPARE(third.upgrade("/"), QByteArray("HTTP/1.1 503 Service Unavailable"));
        QVERIFY(logged(hub, "per-address connection cap reached (2)"));
        RawWsClient other;   // another address on the loopback network is still welcome
        QVERIFY(other.connectTo(hub.port(), QHostAddress("127.0.0.2")));
        QCOMPARE(other.upgrade("/"), QByteArray("HTTP/1.1 101 Switching Protocols"));
        QTRY_COMPARE(hub.connectionCount(), 3);
        QVERIFY(a.login("a") && stillServed(a));
    }

    void pendingHandshakesAreBoundedAndTimedOut()
    {
        HubServer hub;
        HubConfig cfg;
        cfg.maxPendingHandshakes = 3;
        cfg.handshakeTimeoutMs = 400;
        hub.setConfig(cfg);
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient established;
        QVERIFY(established.open(hub.port()) && established.login("ok"));

        RawWsClient silent[3];
        for (RawWsClient &s : silent)
            QVERIFY(s.connectTo(hub.port()));
        QTRY_COMPARE(hub.pendingHandshakeCount(), 3);
        RawWsClient fourth;
        QVERIFY(fourth.connectTo(hub.port()));
        QCOMPARE(fourth.upgrade("/"), QByteArray("HTTP/1.1 503 Service Unavailable"));
        QVERIFY(logged(hub, "too many pending handshakes (3)"));

        for (RawWsClient &s : silent)   // slow handshakes are dropped...
            QVERIFY(s.waitClosed());
        QVERIFY(logged(hub, "handshake not completed within 400 ms"));
        QTRY_COMPARE(hub.pendingHandshakeCount(), 0);
        HubTestClient later;            // ...which frees room for new ones
        QVERIFY(later.open(hub.port()) && later.login("later"));
        QVERIFY(stillServed(established));
    }

    void slowlorisHeaderIsDropped()
    {
        HubServer hub;
        HubConfig cfg;
        cfg.handshakeTimeoutMs = 300;
        hub.setConfig(cfg);
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        RawWsClient slow;
        QVERIFY(slow.connectTo(hub.port()));
        slow.socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");   // never finishes
        QVERIFY(slow.waitClosed());
        QVERIFY(logged(hub, "handshake not completed"));
    }

    void oversizedUpgradeRequestIs431()
    {
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        RawWsClient big;
        QVERIFY(big.connectTo(hub.port()));
        QCOMPARE(big.upgrade("/", "X-Padding: " + QByteArray(9000, 'a') + "\r\n"),
                 QByteArray("HTTP/1.1 431 Request Header Fields Too Large"));
        QVERIFY(logged(hub, "upgrade request larger than 8192 bytes"));
        RawWsClient garbage;
        QVERIFY(garbage.connectTo(hub.port()));
        garbage.socket.write("POST / HTTP/1.1\r\nHost: x\r\n\r\n");   // plain HTTP: the web page's 405
        QVERIFY(garbage.waitClosed());
        QVERIFY(logged(hub, "HTTP 405: Method POST is not allowed"));
    }

    void originAllowlist()
    {
        HubServer hub;
        HubConfig cfg;
        cfg.allowedOrigins = {QStringLiteral("http://good.example:8000")};
        hub.setConfig(cfg);
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        auto openWithOrigin = [&](QWebSocket &ws, const QByteArray &origin) {
            QNetworkRequest req(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(hub.port())));
            req.setRawHeader("Origin", origin);
            ws.open(req);
        };
        QWebSocket evil, good;
        QSignalSpy evilUp(&evil, &QWebSocket::connected), evilDown(&evil, &QWebSocket::disconnected);
        QSignalSpy goodUp(&good, &QWebSocket::connected);
        openWithOrigin(evil, "http://evil.example");
        QTRY_COMPARE(evilDown.size(), 1);
        QCOMPARE(evilUp.size(), 0);
        QVERIFY(logged(hub, "Origin \"http://evil.example\" is not on the allowlist"));
        openWithOrigin(good, "http://good.example:8000");
        QTRY_COMPARE(goodUp.size(), 1);
        HubTestClient native;   // no Origin header at all: native client, allowed
        QVERIFY(native.open(hub.port()) && native.login("native"));

        HubServer strict;       // default: empty allowlist refuses every browser
        QVERIFY(strict.listen(QHostAddress::LocalHost, 0));
        RawWsClient browser;
        QVERIFY(browser.connectTo(strict.port()));
        QCOMPARE(browser.upgrade("/", "Origin: http://good.example:8000\r\n"), QByteArray("HTTP/1.1 403 Forbidden"));
    }

    void binaryAndInvalidUtf8FramesClose()
    {
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient keeper, binary;
        QVERIFY(keeper.open(hub.port()) && keeper.login("keeper"));
        QVERIFY(binary.open(hub.port()));
        binary.ws.sendBinaryMessage("\x01\x02");
        QTRY_VERIFY(binary.closed);
        QCOMPARE(int(binary.ws.closeCode()), 1003);
        QVERIFY(logged(hub, "binary frames", 1003));

        RawWsClient raw;
        QVERIFY(raw.connectTo(hub.port()));
        QCOMPARE(raw.upgrade("/"), QByteArray("HTTP/1.1 101 Switching Protocols"));
        QTRY_COMPARE(hub.connectionCount(), 2);
        raw.sendText("{\"type\":\"hello\",\"nick\":\"\xff\xfe\"}");   // not UTF-8
        QVERIFY(raw.waitClosed());
        QTRY_COMPARE(hub.connectionCount(), 1);
        QVERIFY(stillServed(keeper));
    }

    void slowConsumerInARoomIsClosedOthersGetEverything()
    {
        HubServer hub;
        HubConfig cfg;
        cfg.maxUnsentBytes = 64 * 1024;
        cfg.rateMessagesPerSec = 1e6;
        cfg.rateBurst = 1'000'000;
        hub.setConfig(cfg);
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));

        RawWsClient slow;   // logs in, joins, then never reads again
        slow.socket.setReadBufferSize(4096);
        slow.socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
        QVERIFY(slow.connectTo(hub.port()));
        QCOMPARE(slow.upgrade("/"), QByteArray("HTTP/1.1 101 Switching Protocols"));
        slow.sendText(R"({"type":"hello","version":1,"nick":"slow"})");
        slow.sendText(R"({"type":"join","room":"r"})");
        HubTestClient sender, reader;
        QVERIFY(sender.open(hub.port()) && sender.login("sender"));
        QVERIFY(reader.open(hub.port()) && reader.login("reader"));
        sender.send({{"type", "join"}, {"room", "r"}});
        reader.send({{"type", "join"}, {"room", "r"}});
        QVERIFY(!reader.next("joined").isEmpty());
        QTRY_COMPARE(hub.dispatcher().nicknames().size(), 3);

        const QString text(3900, u'x');
        int sent = 0;
        for (; sent < 5000 && !logged(hub, "slow consumer", 1013); ++sent) {
            sender.send({{"type", "say"}, {"room", "r"}, {"text", text}, {"id", sent}});
            if (sent % 20 == 19)
                QTRY_COMPARE(sender.ofType("ack").size(), sent + 1);
        }
        QVERIFY2(sent < 5000, "the slow consumer was never detected");
        QTRY_COMPARE(sender.ofType("ack").size(), sent);
        QTRY_COMPARE(reader.ofType("msg").size(), sent);        // nobody else lost anything
        QCOMPARE(reader.ofType("msg").last().value("seq").toInt(), sent);
        QTRY_VERIFY(reader.ofType("presence").size() >= 1);   // slow left the room
        QCOMPARE(reader.ofType("presence").last().value("nick").toString(), QStringLiteral("slow"));
        QVERIFY(stillServed(reader));
    }

    void kickBlockAndStop()
    {
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient a, b;
        QVERIFY(a.open(hub.port()) && a.login("a"));
        QVERIFY(b.open(hub.port()) && b.login("b"));
        QCOMPARE(hub.peers()->rowCount(), 2);
        QVERIFY(hub.kick(qint64(hub.dispatcher().peerIdForNick("b")), "be nice"));
        QTRY_VERIFY(b.closed);
        QCOMPARE(int(b.ws.closeCode()), 1008);
        QCOMPARE(b.ws.closeReason(), QStringLiteral("be nice"));
        QVERIFY(logged(hub, "be nice", 1008));
        QTRY_COMPARE(hub.peers()->rowCount(), 1);

        HubServer other;   // block by address (all our clients are 127.0.0.1)
        QVERIFY(other.listen(QHostAddress::LocalHost, 0));
        HubTestClient c;
        QVERIFY(c.open(other.port()) && c.login("c"));
        QVERIFY(other.block(qint64(other.dispatcher().peerIdForNick("c"))));
        QTRY_VERIFY(c.closed);
        RawWsClient again;
        QVERIFY(again.connectTo(other.port()));
        QCOMPARE(again.upgrade("/"), QByteArray("HTTP/1.1 503 Service Unavailable"));
        QVERIFY(logged(other, "address blocked"));

        hub.stop(QStringLiteral("maintenance"));
        QTRY_VERIFY(a.closed);
        QCOMPARE(int(a.ws.closeCode()), 1001);
        QCOMPARE(a.ws.closeReason(), QStringLiteral("maintenance"));
        QVERIFY(!hub.isListening());
    }

    void rejectionLogIsBounded()
    {
        HubServer hub;
        HubConfig cfg;
        cfg.rejectionLogSize = 5;
        hub.setConfig(cfg);
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        for (int i = 0; i < 8; ++i) {
            RawWsClient c;
            QVERIFY(c.connectTo(hub.port()));
            QCOMPARE(c.upgrade("/nope" + QByteArray::number(i)), QByteArray("HTTP/1.1 404 Not Found"));
        }
        QTRY_COMPARE(hub.rejections()->totalRejections(), qint64(8));
        QCOMPARE(hub.rejections()->rowCount(), 5);
        QVERIFY(hub.rejections()->rows().first().reason.contains("/nope3"));   // oldest dropped first
        QVERIFY(hub.rejections()->rows().last().reason.contains("/nope7"));
        QVERIFY(hub.rejections()->rows().last().address.startsWith("127.0.0.1:"));
    }
};

QTEST_GUILESS_MAIN(tst_HubHardening)
#include "tst_hubhardening.moc"
