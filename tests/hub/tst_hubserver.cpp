// HubServer, milestone 1: listening, raw /topics/<name> streams fed by publish(),
// per-socket limits (1009), read-only streams (1003), unknown paths, slow consumers (1013).
#include "hubserver.h"
#include "rawwslink.h"
#include "rejectionlog.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QWebSocket>
#include <QtTest>

#ifdef Q_OS_UNIX
#  include <netinet/in.h>
#  include <netinet/tcp.h>
#  include <sys/socket.h>
#endif

class tst_HubServer : public QObject
{
    Q_OBJECT
private:
    static QUrl url(const HubServer &hub, const QString &path)
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(hub.port()).arg(path));
    }
    static bool hasRejection(const HubServer &hub, const QString &needle, int code = -1)
    {
        for (const Rejection &r : hub.rejections()->rows()) {
            if (r.reason.contains(needle) && (code < 0 || r.closeCode == code))
                return true;
        }
        return false;
    }

private Q_SLOTS:
    void listenReportsReadableError()
    {
        HubServer a;
        QString error;
        QVERIFY2(a.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        QVERIFY(a.port() != 0);
        HubServer b;
        QVERIFY(!b.listen(QHostAddress::LocalHost, a.port(), &error));
        QVERIFY2(error.contains(QString::number(a.port())), qPrintable(error));
        QVERIFY(!b.isListening());
    }

    void rawTopicStreamReceivesPublishedJson()
    {
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        QWebSocket temp, temp2, other;
        QSignalSpy tempMsgs(&temp, &QWebSocket::textMessageReceived);
        QSignalSpy temp2Msgs(&temp2, &QWebSocket::textMessageReceived);
        QSignalSpy otherMsgs(&other, &QWebSocket::textMessageReceived);
        temp.open(url(hub, "/topics/sensors/temp"));
        temp2.open(url(hub, "/topics/sensors%2Ftemp"));   // percent-encoded slash is the same topic
        other.open(url(hub, "/topics/sensors/humidity"));
        QTRY_COMPARE(hub.connectionCount(), 3);

        const QByteArray json = R"({"t":1700000000000,"temp":21.5,"unit":"°C"})";
        QString error;
        QVERIFY2(hub.publish("sensors/temp", json, &error), qPrintable(error));
        QVERIFY(hub.publish("sensors/temp", "[1,2,3]"));
        QTRY_COMPARE(tempMsgs.size(), 2);
        QTRY_COMPARE(temp2Msgs.size(), 2);
        QCOMPARE(tempMsgs.at(0).at(0).toString(), QString::fromUtf8(json));
        QCOMPARE(tempMsgs.at(1).at(0).toString(), QStringLiteral("[1,2,3]"));
        QCOMPARE(otherMsgs.size(), 0);
        QVERIFY(hub.publish("sensors/humidity", R"({"rh":40})"));
        QTRY_COMPARE(otherMsgs.size(), 1);
        QCOMPARE(tempMsgs.size(), 2);
    }

    void publishRejectsInvalidInput_data()
    {
        QTest::addColumn<QString>("topic");
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("empty topic") << "" << QByteArray("{}");
        QTest::newRow("dotdot") << "a/../b" << QByteArray("{}");
        QTest::newRow("leading slash") << "/a" << QByteArray("{}");
        QTest::newRow("space") << "a b" << QByteArray("{}");
        QTest::newRow("too long") << QString(129, u'a') << QByteArray("{}");
        QTest::newRow("not json") << "a" << QByteArray("{oops");
        QTest::newRow("scalar") << "a" << QByteArray("42");
        QTest::newRow("trailing junk") << "a" << QByteArray("{} x");
        QTest::newRow("too big") << "a" << (QByteArray("[\"") + QByteArray(70000, 'x') + "\"]");
    }
    void publishRejectsInvalidInput()
    {
        QFETCH(QString, topic);
        QFETCH(QByteArray, json);
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        QWebSocket sub;
        QSignalSpy msgs(&sub, &QWebSocket::textMessageReceived);
        sub.open(url(hub, "/topics/a"));
        QTRY_COMPARE(hub.connectionCount(), 1);
        QString error;
        QVERIFY(!hub.publish(topic, json, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(hub.publish("a", "{}"));          // the control message does arrive...
        QTRY_COMPARE(msgs.size(), 1);
        QCOMPARE(msgs.at(0).at(0).toString(), QStringLiteral("{}"));   // ...and only it
    }

    void acceptedSocketsHaveNoDelay()
    {
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        QWebSocket a, b;
        a.open(url(hub, "/topics/a"));
        b.open(url(hub, "/"));
        QTRY_COMPARE(hub.connectionCount(), 2);
        for (quint64 id : {quint64(1), quint64(2)}) {
            HubPeer *p = hub.peer(id);
            QVERIFY(p);
            auto *raw = qobject_cast<RawWsLink *>(p->link);
            QVERIFY(raw);   // plain ws:// is served by the hub's own transport
#ifdef Q_OS_UNIX
            int noDelay = 0;
            socklen_t size = sizeof noDelay;
            QCOMPARE(getsockopt(int(raw->descriptor()), IPPROTO_TCP, TCP_NODELAY, &noDelay, &size), 0);
            QVERIFY(noDelay != 0);
#endif
        }
    }

    void topicStreamIsReadOnly()
    {
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        QWebSocket sub;
        QSignalSpy closed(&sub, &QWebSocket::disconnected);
        sub.open(url(hub, "/topics/a"));
        QTRY_COMPARE(hub.connectionCount(), 1);
        sub.sendTextMessage("hello");
        QTRY_COMPARE(closed.size(), 1);
        QCOMPARE(sub.closeCode(), QWebSocketProtocol::CloseCodeDatatypeNotSupported);
        QVERIFY(hasRejection(hub, "read-only", 1003));
        QTRY_COMPARE(hub.connectionCount(), 0);
    }

    void unknownPathIsRefused()
    {
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        QWebSocket ws;
        QSignalSpy connected(&ws, &QWebSocket::connected);
        QSignalSpy closed(&ws, &QWebSocket::disconnected);
        ws.open(url(hub, "/nope"));
        QTRY_VERIFY(hasRejection(hub, "no such path"));
        QTRY_COMPARE(closed.size(), 1);
        QCOMPARE(connected.size(), 0);
        ws.open(url(hub, "/topics/bad..name/.."));
        QTRY_COMPARE(closed.size(), 2);
        QCOMPARE(connected.size(), 0);
    }

    void oversizedMessageAndFrameCloseWith1009_data()
    {
        QTest::addColumn<qint64>("outgoingFrame");
        QTest::addColumn<int>("size");
        QTest::newRow("message of small frames") << qint64(16 * 1024) << 80 * 1024;
        QTest::newRow("one big frame") << qint64(1024 * 1024) << 80 * 1024;
    }
    void oversizedMessageAndFrameCloseWith1009()
    {
        QFETCH(qint64, outgoingFrame);
        QFETCH(int, size);
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        QWebSocket bad, good;
        QSignalSpy goodMsgs(&good, &QWebSocket::textMessageReceived);
        QSignalSpy badClosed(&bad, &QWebSocket::disconnected);
        bad.setOutgoingFrameSize(quint64(outgoingFrame));
        bad.open(url(hub, "/topics/a"));
        good.open(url(hub, "/topics/a"));
        QTRY_COMPARE(hub.connectionCount(), 2);
        bad.sendTextMessage(QString(size, u'x'));
        QTRY_COMPARE(badClosed.size(), 1);
        QCOMPARE(bad.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
        QTRY_VERIFY(hasRejection(hub, "larger than", 1009));
        QVERIFY(hub.publish("a", "{}"));
        QTRY_COMPARE(goodMsgs.size(), 1);   // the other peer is unaffected
    }

    void frameLimitIsSeparateFromMessageLimit()
    {
        HubServer hub;
        HubConfig cfg;
        cfg.maxFrameBytes = 8 * 1024;
        hub.setConfig(cfg);
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        QWebSocket bad;
        QSignalSpy badClosed(&bad, &QWebSocket::disconnected);
        bad.open(url(hub, "/"));
        QTRY_COMPARE(hub.connectionCount(), 1);
        bad.sendTextMessage(QString(10 * 1024, u'x'));   // one 10 KiB frame, message within 64 KiB
        QTRY_COMPARE(badClosed.size(), 1);
        QCOMPARE(bad.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    }

    void slowConsumerIsClosedWithoutDelayingOthers()
    {
        HubServer hub;
        HubConfig cfg;
        cfg.maxUnsentBytes = 256 * 1024;
        hub.setConfig(cfg);
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));

        // A hand-made WebSocket client that completes the upgrade and then stops reading.
        QTcpSocket slow;
        slow.setReadBufferSize(4096);
        slow.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
        slow.connectToHost(QHostAddress::LocalHost, hub.port());
        QVERIFY(slow.waitForConnected(5000));
        slow.write("GET /topics/flood HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                   "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                   "Sec-WebSocket-Version: 13\r\n\r\n");
        QWebSocket fast;
        QSignalSpy fastMsgs(&fast, &QWebSocket::textMessageReceived);
        fast.open(url(hub, "/topics/flood"));
        QTRY_COMPARE(hub.connectionCount(), 2);

        const QByteArray payload = "[\"" + QByteArray(60 * 1024, 'p') + "\"]";
        int published = 0;
        for (; published < 2000 && !hasRejection(hub, "slow consumer", 1013); ++published) {
            QVERIFY(hub.publish("flood", payload));
            if (published % 4 == 3)
                QCoreApplication::processEvents();
        }
        QVERIFY2(published < 2000, "the slow peer was never detected");
        QTRY_COMPARE(hub.connectionCount(), 1);
        QTRY_COMPARE(fastMsgs.size(), published);    // the fast peer got every message
        QCOMPARE(fast.state(), QAbstractSocket::ConnectedState);
    }
    // Fan-out frames are built once by HubServer::textFrame and shared: every RFC 6455
    // length form (7-bit, 16-bit, 64-bit) must be exact.
    void textFrameUsesEachLengthForm_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<QByteArray>("header");
        QTest::newRow("empty") << 0 << QByteArray::fromHex("8100");
        QTest::newRow("125") << 125 << QByteArray::fromHex("817d");
        QTest::newRow("126") << 126 << QByteArray::fromHex("817e007e");
        QTest::newRow("65535") << 65535 << QByteArray::fromHex("817effff");
        QTest::newRow("65536") << 65536 << QByteArray::fromHex("817f0000000000010000");
    }
    void textFrameUsesEachLengthForm()
    {
        QFETCH(int, size);
        QFETCH(QByteArray, header);
        const QByteArray payload(size, 'x');
        const QByteArray frame = HubServer::textFrame(payload);
        QCOMPARE(frame.left(header.size()).toHex(), header.toHex());
        QCOMPARE(frame.mid(header.size()), payload);
    }

    // Over a real socket: the largest allowed publication (64-bit length) and a 16-bit one
    // arrive whole, and many frames queued in one event-loop turn arrive complete and in order.
    void framesArriveWholeAndInOrder()
    {
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        QWebSocket a, b;
        QSignalSpy aMsgs(&a, &QWebSocket::textMessageReceived);
        QSignalSpy bMsgs(&b, &QWebSocket::textMessageReceived);
        a.open(url(hub, "/topics/seq"));
        b.open(url(hub, "/topics/seq"));
        QTRY_COMPARE(hub.connectionCount(), 2);

        const QByteArray big = "[\"" + QByteArray(hub.config().maxMessageBytes - 4, 'b') + "\"]";
        QCOMPARE(big.size(), hub.config().maxMessageBytes);   // > 65535: the 64-bit form
        const QByteArray medium = "[\"" + QByteArray(1000, 'm') + "\"]";
        QVERIFY(hub.publish("seq", big));
        QVERIFY(hub.publish("seq", medium));
        constexpr int kSmall = 1000;
        for (int i = 0; i < kSmall; ++i)   // one turn: one write per peer at its end
            QVERIFY(hub.publish("seq", QByteArray("[") + QByteArray::number(i) + "]"));
        QTRY_COMPARE(aMsgs.size(), kSmall + 2);
        QTRY_COMPARE(bMsgs.size(), kSmall + 2);
        for (QSignalSpy *spy : {&aMsgs, &bMsgs}) {
            QCOMPARE(spy->at(0).at(0).toString().toUtf8(), big);
            QCOMPARE(spy->at(1).at(0).toString().toUtf8(), medium);
            for (int i = 0; i < kSmall; ++i)
                QCOMPARE(spy->at(i + 2).at(0).toString(), QStringLiteral("[%1]").arg(i));
        }
    }
};

QTEST_GUILESS_MAIN(tst_HubServer)
#include "tst_hubserver.moc"
