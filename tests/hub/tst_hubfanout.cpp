// Fan-out shared with writer threads (FanoutWriters, HubServer::flushWritten): with the
// threshold lowered so every fan-out of this test is shared, 60 raw-stream subscribers each
// get all 300 publications whole and in order; a subscriber that stops reading is closed
// with 1013 while the others still get everything (60 KB publications until it is); subscribers vanishing mid-stream are
// dropped without disturbing the rest; a chat room broadcast goes the same way. Run with 1
// and 3 worker threads, and with threads off as the reference.
#include "hubserver.h"
#include "hubtestclient.h"
#include "rawwsclient.h"
#include "rejectionlog.h"

#include <QWebSocket>
#include <QtTest>
#include <memory>

namespace {
struct Subscriber
{
    QWebSocket ws;
    QList<int> seq;
    bool closed = false;
};
} // namespace

class tst_HubFanout : public QObject
{
    Q_OBJECT

    static HubConfig config(int threads)
    {
        HubConfig c;
        c.fanoutThreads = threads;
        c.parallelFlushMinPeers = 2;
        c.maxConnectionsPerAddress = 200;
        c.maxPendingHandshakes = 200;
        c.maxUnsentBytes = 256 * 1024;
        return c;
    }
    // `count` raw-stream subscribers of topic "f", each recording the "n" of what it gets.
    std::vector<std::unique_ptr<Subscriber>> subscribe(const HubServer &hub, int count)
    {
        std::vector<std::unique_ptr<Subscriber>> subs;
        for (int i = 0; i < count; ++i) {
            auto s = std::make_unique<Subscriber>();
            Subscriber *raw = s.get();
            connect(&s->ws, &QWebSocket::textMessageReceived, this, [raw](const QString &m) {
                raw->seq.append(QJsonDocument::fromJson(m.toUtf8()).object().value("n").toInt());
            });
            connect(&s->ws, &QWebSocket::disconnected, this, [raw] { raw->closed = true; });
            s->ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/topics/f").arg(hub.port())));
            subs.push_back(std::move(s));
        }
        return subs;
    }
    static bool logged(const HubServer &hub, const char *what, int code)
    {
        for (int i = 0; i < hub.rejections()->rowCount(); ++i) {
            const QModelIndex idx = hub.rejections()->index(i, 0);
            if (hub.rejections()->data(idx, RejectionLog::ReasonRole).toString().contains(QLatin1String(what))
                && hub.rejections()->data(idx, RejectionLog::CloseCodeRole).toInt() == code)
                return true;
        }
        return false;
    }

private Q_SLOTS:
    void everySubscriberGetsEverythingInOrder_data()
    {
        QTest::addColumn<int>("threads");
        QTest::newRow("threads off") << 0;
        QTest::newRow("1 worker") << 1;
        QTest::newRow("3 workers") << 3;
    }
    void everySubscriberGetsEverythingInOrder()
    {
        QFETCH(int, threads);
        HubServer hub;
        hub.setConfig(config(threads));
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        constexpr int kSubscribers = 60, kVanishing = 5, kMessages = 300;
        std::vector<std::unique_ptr<Subscriber>> subs = subscribe(hub, kSubscribers);
        QTRY_COMPARE(hub.connectionCount(), kSubscribers);

        const QByteArray pad(2000, 'x');
        for (int n = 0; n < kMessages; ++n) {
            QVERIFY(hub.publish(QStringLiteral("f"), "{\"n\":" + QByteArray::number(n) + ",\"pad\":\"" + pad + "\"}"));
            if (n == 100)
                for (int v = 0; v < kVanishing; ++v)
                    subs[size_t(v)]->ws.abort();   // gone mid-stream
            if (n % 10 == 0)
                QCoreApplication::processEvents();   // flush turns of various sizes
        }
        for (size_t i = kVanishing; i < subs.size(); ++i) {
            Subscriber &s = *subs[i];
            QTRY_COMPARE_WITH_TIMEOUT(s.seq.size(), qsizetype(kMessages), 20'000);
            for (int n = 0; n < kMessages; ++n)
                QCOMPARE(s.seq.at(n), n);
            QVERIFY(!s.closed);
        }
        QTRY_COMPARE(hub.connectionCount(), kSubscribers - kVanishing);
        if (threads > 0)
            QVERIFY(hub.parallelFlushCount() > 0);
        else
            QCOMPARE(hub.parallelFlushCount(), quint64(0));
    }

    void slowConsumerIsClosedOthersGetEverything()
    {
        HubServer hub;
        hub.setConfig(config(1));
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        std::vector<std::unique_ptr<Subscriber>> fast = subscribe(hub, 6);
        QTRY_COMPARE(hub.connectionCount(), 6);
        RawWsClient stalled;   // subscribes, then never reads
        QVERIFY(stalled.connectTo(hub.port()));
        stalled.socket.setReadBufferSize(4096);
        stalled.socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
        stalled.socket.write(RawWsClient::request("/topics/f"));
        QTRY_COMPARE(hub.connectionCount(), 7);
        const QByteArray pad(60 * 1024 - 100, 'p');
        int published = 0;
        for (; published < 2000 && !logged(hub, "slow consumer", 1013); ++published) {
            QVERIFY(hub.publish(QStringLiteral("f"), "{\"n\":" + QByteArray::number(published) + ",\"pad\":\"" + pad + "\"}"));
            if (published % 4 == 3)
                QCoreApplication::processEvents();
        }
        QVERIFY2(published < 2000, "the slow peer was never detected");
        QTRY_COMPARE(hub.connectionCount(), 6);
        for (auto &s : fast) {
            QTRY_COMPARE_WITH_TIMEOUT(s->seq.size(), qsizetype(published), 20'000);
            for (int n = 0; n < published; ++n)
                QCOMPARE(s->seq.at(n), n);
        }
        QVERIFY(hub.parallelFlushCount() > 0);
    }

    void roomBroadcastIsShared()
    {
        HubServer hub;
        hub.setConfig(config(2));
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        std::vector<std::unique_ptr<HubTestClient>> members;
        for (int i = 0; i < 8; ++i) {
            auto c = std::make_unique<HubTestClient>();
            QVERIFY(c->open(hub.port()) && c->login(QStringLiteral("m%1").arg(i)));
            c->send({{"type", "join"}, {"room", "lobby"}});
            QVERIFY(!c->next("joined").isEmpty());
            members.push_back(std::move(c));
        }
        const quint64 before = hub.parallelFlushCount();
        members[0]->send({{"type", "say"}, {"room", "lobby"}, {"text", "to everyone"}});
        for (auto &c : members)
            QCOMPARE(c->next("msg").value("text").toString(), QStringLiteral("to everyone"));
        QVERIFY(hub.parallelFlushCount() > before);
    }
};

QTEST_GUILESS_MAIN(tst_HubFanout)
#include "tst_hubfanout.moc"
