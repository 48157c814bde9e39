// RawWsLink, the hub's own plain ws:// transport, under conditions a conformance case does
// not reach: hundreds of messages of every size, fragmented and cut into random write
// pieces, arrive whole and in order at a subscriber; an idle link keeps no buffers after
// a burst; and descriptors never leak across upgrades, refusals, timeouts, failures and
// closes from either side (counted in /proc/self/fd).
#include "hubserver.h"
#include "hubtestclient.h"
#include "rawwsclient.h"
#include "rawwslink.h"

#include <QDir>
#include <QRandomGenerator>
#include <QtTest>

class tst_RawWsLink : public QObject
{
    Q_OBJECT

    static HubConfig roomyConfig()
    {
        HubConfig c;
        c.rateMessagesPerSec = 1e6;   // this test floods on purpose
        c.rateBurst = 1'000'000;
        c.maxConnectionsPerAddress = 1000;
        c.maxPendingHandshakes = 1000;
        return c;
    }
    static bool login(RawWsClient &raw, quint16 port, const QByteArray &nick)
    {
        if (!raw.connectTo(port) || raw.upgrade("/") != "HTTP/1.1 101 Switching Protocols")
            return false;
        raw.sendText("{\"type\":\"hello\",\"version\":1,\"nick\":\"" + nick + "\"}");
        return !raw.readEnvelope(QStringLiteral("welcome")).isEmpty();
    }
    static int openDescriptors() { return int(QDir(QStringLiteral("/proc/self/fd")).count()); }

private Q_SLOTS:
    void publicationsInRandomPiecesArriveWholeAndInOrder()
    {
        HubServer hub;
        hub.setConfig(roomyConfig());
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient sub;
        QVERIFY(sub.open(hub.port()) && sub.login("sub"));
        sub.send({{"type", "subscribe"}, {"topic", "s/t"}, {"id", 1}});
        QVERIFY(!sub.next("subscribed").isEmpty());
        RawWsClient pub;
        QVERIFY(login(pub, hub.port(), "pub"));

        QRandomGenerator rng(20261125);
        constexpr int kMessages = 400;
        QByteArray stream;
        for (int i = 0; i < kMessages; ++i) {
            const int pad = rng.bounded(8) == 0 ? rng.bounded(40'000) : rng.bounded(200);
            const QByteArray json = "{\"type\":\"publish\",\"topic\":\"s/t\",\"data\":{\"i\":"
                                    + QByteArray::number(i) + ",\"pad\":\"" + QByteArray(pad, 'p') + "\"}}";
            const int fragments = rng.bounded(4) == 0 ? 2 + rng.bounded(3) : 1;
            qsizetype at = 0;
            for (int f = 0; f < fragments; ++f) {
                const bool last = f == fragments - 1;
                const qsizetype len = last ? json.size() - at : rng.bounded(int(json.size() - at) + 1);
                RawWsClient::Spec spec;
                spec.fin = last;
                spec.opcode = f == 0 ? 0x1 : 0x0;
                stream += RawWsClient::frame(json.mid(at, len), spec);
                at += len;
            }
        }
        for (qsizetype at = 0; at < stream.size();) {
            const qsizetype piece = qMin<qsizetype>(stream.size() - at, 1 + rng.bounded(9000));
            pub.sendRaw(stream.mid(at, piece));
            at += piece;
            if (rng.bounded(4) == 0)
                QCoreApplication::processEvents();   // let the hub read mid-frame
        }
        QTRY_COMPARE_WITH_TIMEOUT(sub.ofType("sample").size(), qsizetype(kMessages), 20'000);
        const QList<QJsonObject> samples = sub.ofType("sample");
        for (int i = 0; i < kMessages; ++i)
            QCOMPARE(samples.at(i).value("data").toObject().value("i").toInt(), i);
        QCOMPARE(hub.connectionCount(), 2);
    }

    void idleLinkKeepsNoBuffers()
    {
        HubServer hub;
        hub.setConfig(roomyConfig());
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        RawWsClient raw;
        QVERIFY(login(raw, hub.port(), "idle"));
        HubPeer *p = hub.peer(1);
        QVERIFY(p);
        auto *link = qobject_cast<RawWsLink *>(p->link);
        QVERIFY(link);
        // A burst: a 50 KB message sent in two halves (the link holds the first half; the
        // hub answers it with an error, ids are at most 64 characters), 300 pings answered,
        // then silence.
        const QByteArray big = RawWsClient::frame("{\"type\":\"ping\",\"id\":\"" + QByteArray(50'000, 'b') + "\"}");
        raw.sendRaw(big.left(big.size() / 2));
        QTRY_VERIFY(link->bufferedCapacity() >= big.size() / 2);
        raw.sendRaw(big.mid(big.size() / 2));
        for (int i = 0; i < 300; ++i)
            raw.sendText("{\"type\":\"ping\",\"id\":\"" + QByteArray::number(i) + "\"}");
        QVERIFY(raw.readFrame([](const RawWsClient::Frame &f) { return f.payload.contains("\"re\":\"299\""); })
                    .has_value());
        QCOMPARE(link->bytesToWrite(), 0);
        QVERIFY2(link->bufferedCapacity() <= 16 * qsizetype(sizeof(QByteArray)),
                 qPrintable(QString::number(link->bufferedCapacity())));
    }

    void descriptorsNeverLeak()
    {
#ifndef Q_OS_LINUX
        QSKIP("counts /proc/self/fd");
#endif
        const int before = openDescriptors();
        {
            HubConfig c = roomyConfig();
            c.handshakeTimeoutMs = 300;
            c.maxConnectionsPerAddress = 20;
            HubServer hub;
            hub.setConfig(c);
            QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
            for (int round = 0; round < 3; ++round) {
                std::vector<std::unique_ptr<RawWsClient>> clients;
                for (int i = 0; i < 24; ++i) {   // 20 admitted, 4 over the per-address cap
                    clients.push_back(std::make_unique<RawWsClient>());
                    QVERIFY(clients.back()->connectTo(hub.port()));
                }
                QTRY_COMPARE(hub.pendingHandshakeCount(), 20);
                for (int i = 0; i < 20; ++i) {
                    RawWsClient &c = *clients[size_t(i)];
                    switch (i % 5) {
                    case 0: break;                                                  // never speaks: timed out
                    case 1: c.upgrade("/nowhere"); break;                           // refused: 404
                    case 2: c.upgrade("/"); c.sendRaw(QByteArray("\x81\x05hello", 7)); break;   // unmasked: 1002
                    case 3: c.upgrade("/"); c.sendRaw(RawWsClient::closeFrame(1000)); break;    // closes first
                    case 4: c.upgrade("/"); c.socket.abort(); break;                // vanishes
                    }
                }
                QTRY_COMPARE_WITH_TIMEOUT(hub.pendingHandshakeCount() + hub.connectionCount(), 0, 10'000);
            }
            hub.stop();
        }
        QTRY_COMPARE_WITH_TIMEOUT(openDescriptors(), before, 10'000);
    }
};

QTEST_GUILESS_MAIN(tst_RawWsLink)
#include "tst_rawwslink.moc"
