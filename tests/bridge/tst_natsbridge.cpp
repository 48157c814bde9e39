// Hubs bridged over a real nats-server (JetStream on, temporary store): clients on two
// hubs see each other's room messages in one order with no loss or duplicate, also
// across a restart of the NATS server and of one hub; presence and topics cross; hostile
// payloads on the bridge's subjects are dropped with a counted reason while the hubs keep
// serving; the outbox and the live inbound queue hold their bounds. Skips only when
// nats-server is not installed.
#include "historystore.h"
#include "hubdispatcher.h"
#include "hubrooms.h"
#include "hubserver.h"
#include "hubtestclient.h"
#include "natsbridge.h"
#include "natsserverprocess.h"
#include "pythonpeer.h"

#include <QTemporaryDir>
#include <QtTest>
#include <memory>
#include <thread>
#include <nats/nats.h>

namespace {
// One hub (HubServer on 127.0.0.1:0) with its bridge; destroyed = the hub process gone.
struct BridgedHub
{
    BridgedHub(const QString &natsUrl, const QString &dataDir, NatsBridgeConfig cfg = {})
    {
        HubConfig hc;
        hc.dataDir = dataDir;
        hc.rateMessagesPerSec = 10'000;
        hc.rateBurst = 10'000;
        server.setConfig(hc);
        cfg.urls = QStringList{natsUrl};
        cfg.reconnectWaitMs = 100;
        cfg.resendAfterMs = 500;
        bridge = std::make_unique<NatsBridge>(&server, cfg);
    }
    bool start()
    {
        QString error;
        if (!server.listen(QHostAddress::LocalHost, 0, &error) || !bridge->start(&error)) {
            qWarning() << error;
            return false;
        }
        return true;
    }
    QList<HistoryMessage> history(const QString &room) { return server.dispatcher().history().after(room, 0, 1000); }

    HubServer server;
    std::unique_ptr<NatsBridge> bridge;
};

// A raw NATS client (the C library directly): the hostile publisher.
struct RawNats
{
    explicit RawNats(const QString &url) { natsConnection_ConnectTo(&nc, url.toUtf8().constData()); }
    ~RawNats() { natsConnection_Destroy(nc); }
    void pub(const QByteArray &subject, const QByteArray &data)
    {
        natsConnection_Publish(nc, subject.constData(), data.constData(), int(data.size()));
        natsConnection_FlushTimeout(nc, 2000);
    }
    natsConnection *nc = nullptr;
};

// `pulseboard --headless --host 127.0.0.1:0 --nats URL`: the product binary, bridged.
struct HubProcess
{
    bool start(const QStringList &extra)
    {
        proc.setProgram(QStringLiteral(PULSEBOARD_BINARY));
        proc.setArguments(QStringList{"--headless", "--host", "127.0.0.1:0"} + extra);
        proc.start();
        return proc.waitForStarted(5000);
    }
    // Waits for `line` on stderr; port is read from the "listening" line on the way.
    bool waitFor(const QByteArray &line)
    {
        QElapsedTimer t;
        t.start();
        static const QRegularExpression re(QStringLiteral("listening on ws://[^:]+:(\\d+)/"));
        while (t.elapsed() < 15000) {
            err += proc.readAllStandardError();
            if (const auto m = re.match(QString::fromUtf8(err)); m.hasMatch())
                port = quint16(m.captured(1).toUInt());
            if (err.contains(line))
                return true;
            if (proc.state() != QProcess::Running)
                return false;
            QSignalSpy more(&proc, &QProcess::readyReadStandardError);
            more.wait(500);
        }
        return false;
    }
    ~HubProcess()
    {
        proc.kill();
        proc.waitForFinished(5000);
    }
    QProcess proc;
    QByteArray err;
    quint16 port = 0;
};

QJsonObject say(const QString &room, const QString &text, const QString &id)
{
    return {{"type", "say"}, {"room", room}, {"text", text}, {"id", id}};
}

QList<qint64> seqs(const QList<QJsonObject> &msgs)
{
    QList<qint64> out;
    for (const QJsonObject &m : msgs)
        out << m.value("seq").toInteger();
    return out;
}

QStringList texts(const QList<QJsonObject> &msgs)
{
    QStringList out;
    for (const QJsonObject &m : msgs)
        out << m.value("text").toString();
    return out;
}

QStringList texts(const QList<HistoryMessage> &msgs)
{
    QStringList out;
    for (const HistoryMessage &m : msgs)
        out << QString::number(m.seq) + u':' + m.text;
    return out;
}

template<typename Pred>
bool anyOf(const QList<QJsonObject> &list, Pred pred)
{
    return std::any_of(list.cbegin(), list.cend(), pred);
}

bool joinRoom(HubTestClient &c, const QString &room)
{
    c.send({{"type", "join"}, {"room", room}, {"id", "j-" + room}});
    return !c.next("joined").isEmpty();
}
} // namespace

class tst_NatsBridge : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (NatsServerProcess::program().isEmpty())
            QSKIP("nats-server is not installed (Debian: apt-get install nats-server); the NATS bridge is untested here");
    }

    void roomsPresenceAndTopicsAcrossHubs()
    {
        NatsServerProcess nats;
        QVERIFY2(nats.start(), nats.log().constData());
        BridgedHub h1(nats.url(), {}), h2(nats.url(), {});
        QVERIFY(h1.start());
        QVERIFY(h2.start());
        QTRY_VERIFY_WITH_TIMEOUT(h1.bridge->isStreaming() && h2.bridge->isStreaming(), 10000);

        HubTestClient a, b;
        QVERIFY(a.open(h1.server.port()) && a.login("alice"));
        QVERIFY(b.open(h2.server.port()) && b.login("bob"));
        QVERIFY(joinRoom(a, "lobby"));
        QTRY_COMPARE(h2.bridge->remoteMembers("lobby"), QStringList{"alice"});
        QVERIFY(joinRoom(b, "lobby"));
        // Presence crosses: alice (hub 1) sees bob (hub 2) join.
        QTRY_VERIFY(!a.ofType("presence").isEmpty());
        QCOMPARE(a.ofType("presence").constFirst().value("nick").toString(), QStringLiteral("bob"));
        QCOMPARE(b.ofType("joined").constFirst().value("members").toArray(), (QJsonArray{"alice", "bob"}));

        // Interleaved from both hubs: one order, seq 1..N, the same on both sides.
        const int n = 60;
        for (int i = 0; i < n; ++i) {
            a.send(say("lobby", QStringLiteral("a%1").arg(i), QStringLiteral("a-%1").arg(i)));
            b.send(say("lobby", QStringLiteral("b%1").arg(i), QStringLiteral("b-%1").arg(i)));
        }
        QTRY_COMPARE_WITH_TIMEOUT(a.ofType("msg").size(), 2 * n, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(b.ofType("msg").size(), 2 * n, 10000);
        QList<qint64> expected;
        for (int i = 1; i <= 2 * n; ++i)
            expected << i;
        QCOMPARE(seqs(a.ofType("msg")), expected);
        QCOMPARE(texts(a.ofType("msg")), texts(b.ofType("msg")));
        QCOMPARE(texts(h1.history("lobby")), texts(h2.history("lobby")));
        QTRY_COMPARE(a.ofType("ack").size(), n);   // each sender acked once per message
        QCOMPARE(h1.bridge->outboxSize(), 0);
        // alice's own messages keep her order within the single order.
        QStringList own;
        for (const QString &t : texts(b.ofType("msg")))
            if (t.startsWith(u'a'))
                own << t;
        QCOMPARE(own.size(), n);
        for (int i = 0; i < n; ++i)
            QCOMPARE(own.at(i), QStringLiteral("a%1").arg(i));

        // A resend of an acked id is answered as a duplicate, stored nowhere again.
        a.send(say("lobby", "a0", "a-0"));
        QTRY_VERIFY(a.ofType("ack").constLast().value("duplicate").toBool());
        QCOMPARE(h2.history("lobby").size(), 2 * n);

        // Topics: a publication on hub 1 (client and in-process) reaches a subscriber on hub 2.
        b.send({{"type", "subscribe"}, {"topic", "market/btc.usd"}, {"id", "s1"}});
        QVERIFY(!b.next("subscribed").isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT([&] {   // the subscription is live once one sample crosses
            h1.server.publish("market/btc.usd", "{\"p\":1}");
            return !b.ofType("sample").isEmpty();
        }(), 5000);
        a.send({{"type", "publish"}, {"topic", "market/btc.usd"}, {"data", QJsonObject{{"p", 42}}}});
        QTRY_VERIFY(anyOf(b.ofType("sample"), [](const QJsonObject &s) {
            return s.value("from") == QJsonValue("alice") && s.value("data").toObject().value("p").toInt() == 42;
        }));
        // Typing crosses; a leave crosses as presence.
        a.send({{"type", "typing"}, {"room", "lobby"}, {"active", true}});
        QTRY_VERIFY(!b.ofType("typing").isEmpty());
        a.send({{"type", "leave"}, {"room", "lobby"}, {"id", "l1"}});
        QTRY_VERIFY(anyOf(b.ofType("presence"), [](const QJsonObject &p) {
            return p.value("nick") == QJsonValue("alice") && p.value("event") == QJsonValue("leave");
        }));
        QCOMPARE(h1.bridge->droppedTotal() + h2.bridge->droppedTotal(), quint64(0));
    }

    void natsRestartLosesNothingAndOutboxIsBounded()
    {
        NatsServerProcess nats;
        QVERIFY2(nats.start(), nats.log().constData());
        NatsBridgeConfig cfg;
        cfg.outboxLimit = 6;
        BridgedHub h1(nats.url(), {}, cfg), h2(nats.url(), {}, cfg);
        QVERIFY(h1.start());
        QVERIFY(h2.start());
        QTRY_VERIFY_WITH_TIMEOUT(h1.bridge->isStreaming() && h2.bridge->isStreaming(), 10000);
        HubTestClient a, b;
        QVERIFY(a.open(h1.server.port()) && a.login("alice") && joinRoom(a, "ops"));
        QVERIFY(b.open(h2.server.port()) && b.login("bob") && joinRoom(b, "ops"));
        for (int i = 0; i < 5; ++i)
            a.send(say("ops", QStringLiteral("before%1").arg(i), QStringLiteral("x%1").arg(i)));
        QTRY_COMPARE(b.ofType("msg").size(), 5);

        nats.stop();
        QTRY_VERIFY_WITH_TIMEOUT(!h1.bridge->isConnected() && !h2.bridge->isConnected(), 10000);
        // The hubs keep serving their own users: ping works, says wait in the bounded outbox.
        for (int i = 0; i < 6; ++i) {
            a.send(say("ops", QStringLiteral("down-a%1").arg(i), QStringLiteral("da%1").arg(i)));
            b.send(say("ops", QStringLiteral("down-b%1").arg(i), QStringLiteral("db%1").arg(i)));
        }
        a.send(say("ops", "one too many", "over"));
        const QJsonObject err = a.next("error");
        QCOMPARE(err.value("code").toString(), QStringLiteral("unavailable"));
        QCOMPARE(err.value("re").toString(), QStringLiteral("over"));
        QCOMPARE(h1.bridge->outboxSize(), 6);
        a.send({{"type", "ping"}, {"id", "p"}});
        QVERIFY(!a.next("pong").isEmpty());

        QVERIFY2(nats.start(), nats.log().constData());
        QTRY_VERIFY_WITH_TIMEOUT(h1.bridge->isStreaming() && h2.bridge->isStreaming(), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(a.ofType("msg").size(), 17, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(b.ofType("msg").size(), 17, 15000);
        QList<qint64> expected;
        for (int i = 1; i <= 17; ++i)
            expected << i;
        QCOMPARE(seqs(a.ofType("msg")), expected);
        QCOMPARE(texts(a.ofType("msg")), texts(b.ofType("msg")));
        QCOMPARE(texts(h1.history("ops")), texts(h2.history("ops")));
        QCOMPARE(h1.bridge->outboxSize(), 0);
        QCOMPARE(h2.bridge->outboxSize(), 0);
    }

    void hubRestartCatchesUpFromItsPosition()
    {
        NatsServerProcess nats;
        QVERIFY2(nats.start(), nats.log().constData());
        QTemporaryDir dir2;
        BridgedHub h1(nats.url(), {});
        QVERIFY(h1.start());
        auto h2 = std::make_unique<BridgedHub>(nats.url(), dir2.path());
        QVERIFY(h2->start());
        QTRY_VERIFY_WITH_TIMEOUT(h1.bridge->isStreaming() && h2->bridge->isStreaming(), 10000);
        HubTestClient a;
        QVERIFY(a.open(h1.server.port()) && a.login("alice") && joinRoom(a, "lab"));
        for (int i = 0; i < 10; ++i)
            a.send(say("lab", QStringLiteral("m%1").arg(i), QStringLiteral("m%1").arg(i)));
        QTRY_COMPARE(h2->history("lab").size(), 10);
        h2.reset();   // hub 2 goes away (its history and stream position are on disk)
        for (int i = 10; i < 25; ++i)
            a.send(say("lab", QStringLiteral("m%1").arg(i), QStringLiteral("m%1").arg(i)));
        QTRY_COMPARE(a.ofType("ack").size(), 25);
        h2 = std::make_unique<BridgedHub>(nats.url(), dir2.path());
        QVERIFY(h2->start());
        QTRY_COMPARE_WITH_TIMEOUT(h2->history("lab").size(), 25, 10000);
        QCOMPARE(texts(h2->history("lab")), texts(h1.history("lab")));
        QCOMPARE(h2->bridge->appliedCount(), quint64(15));   // only what it missed
        // A client of the restarted hub resumes with `since` and gets exactly the missed ones.
        HubTestClient c;
        QVERIFY(c.open(h2->server.port()) && c.login("carol"));
        c.send({{"type", "join"}, {"room", "lab"}, {"since", 10}, {"id", "j"}});
        QCOMPARE(c.next("joined").value("replay").toInt(), 15);
        QTRY_COMPARE(c.ofType("msg").size(), 15);
        QCOMPARE(c.ofType("msg").constFirst().value("seq").toInteger(), 11);
    }

    void hostilePayloadsAreDroppedAndCounted()
    {
        NatsServerProcess nats;
        QVERIFY2(nats.start(), nats.log().constData());
        BridgedHub h1(nats.url(), {}), h2(nats.url(), {});
        QVERIFY(h1.start());
        QVERIFY(h2.start());
        QTRY_VERIFY_WITH_TIMEOUT(h1.bridge->isStreaming() && h2.bridge->isStreaming(), 10000);
        HubTestClient a, b;
        QVERIFY(a.open(h1.server.port()) && a.login("alice") && joinRoom(a, "lobby"));
        QVERIFY(b.open(h2.server.port()) && b.login("bob") && joinRoom(b, "lobby"));
        QTRY_COMPARE(a.ofType("presence").size(), 1);   // bob
        b.send({{"type", "subscribe"}, {"topic", "t"}, {"id", "s"}});
        QVERIFY(!b.next("subscribed").isEmpty());

        RawNats evil(nats.url());
        QVERIFY(evil.nc);
        const QByteArray origin1 = h1.bridge->origin().toUtf8();
        // Into the room stream (every hub sees these, and drops them the same way).
        evil.pub("pulseboard.room.lobby", "not json at all");
        evil.pub("pulseboard.room.lobby", "{\"type\":\"msg\",\"room\":\"lobby\",\"ts\":1,\"from\":\"eve\",\"text\":7,\"origin\":\"x1\"}");
        evil.pub("pulseboard.room.lobby", "{\"type\":\"msg\",\"room\":\"other\",\"ts\":1,\"from\":\"eve\",\"text\":\"hi\",\"origin\":\"x1\"}");
        evil.pub("pulseboard.room.lobby", "{\"type\":\"sample\",\"room\":\"lobby\",\"origin\":\"x1\"}");
        evil.pub("pulseboard.room.lobby", "{\"type\":\"msg\",\"room\":\"lobby\",\"ts\":1,\"from\":\"eve\",\"text\":\"a\\u0001b\",\"origin\":\"x1\"}");
        // Live subjects.
        evil.pub("pulseboard.topic.t", QByteArray(200 * 1024, 'x'));
        evil.pub("pulseboard.topic.t", "{\"type\":\"sample\",\"topic\":\"u\",\"from\":\"eve\",\"data\":{},\"origin\":\"x1\"}");
        evil.pub("pulseboard.presence.lobby", "{\"type\":\"presence\",\"room\":\"lobby\",\"nick\":\"ghost\",\"event\":\"join\",\"origin\":\"" + origin1 + "\"}");
        evil.pub("pulseboard.roster", "{\"type\":\"roster\",\"rooms\":{\"lobby\":[1,2]},\"origin\":\"x1\"}");
        evil.pub("pulseboard.typing.lobby", "{\"type\":\"typing\",\"room\":\"lobby\",\"nick\":\"eve\",\"active\":\"yes\",\"origin\":\"x1\"}");

        QTRY_COMPARE(h2.bridge->dropped(DropReason::NotJson), quint64(1));
        QTRY_COMPARE(h1.bridge->dropped(DropReason::NotJson), quint64(1));
        QTRY_COMPARE(h2.bridge->dropped(DropReason::BadField), quint64(2 + 2));   // text 7, control char; roster, typing
        QTRY_COMPARE(h2.bridge->dropped(DropReason::SubjectMismatch), quint64(2));  // room other, topic u
        QTRY_COMPARE(h2.bridge->dropped(DropReason::WrongType), quint64(1));
        QTRY_COMPARE(h2.bridge->dropped(DropReason::Oversized), quint64(1));
        QTRY_COMPARE(h1.bridge->dropped(DropReason::OwnOrigin), quint64(1));       // spoofed hub 1 id
        QCOMPARE(h2.bridge->dropped(DropReason::OwnOrigin), quint64(0));

        // Both hubs moved past the bad stream entries identically and keep serving.
        a.send(say("lobby", "still here", "ok1"));
        QTRY_COMPARE(b.ofType("msg").size(), 1);
        QCOMPARE(b.ofType("msg").constFirst().value("seq").toInteger(), 1);
        QCOMPARE(texts(h1.history("lobby")), texts(h2.history("lobby")));
        QCOMPARE(b.ofType("sample").size(), 0);
        QCOMPARE(a.ofType("presence").size(), 1);   // bob only: the spoofed "ghost" never joined
        QCOMPARE(h1.bridge->remoteMembers("lobby"), QStringList{"bob"});
    }

    void headlessHubsWithAnIndependentClient()
    {
        // Two product processes bridged by --nats; the Python client (written from
        // docs/protocol.md) on each sees one gap-free, duplicate-free order.
        NatsServerProcess nats;
        QVERIFY2(nats.start(), nats.log().constData());
        QTemporaryDir d1, d2;   // each hub its own history (the default data dir is shared)
        HubProcess p1, p2;
        QVERIFY(p1.start({"--data-dir", d1.path(), "--nats", nats.url()}));
        QVERIFY(p2.start({"--data-dir", d2.path(), "--nats", "nats://127.0.0.1:1," + nats.url()}));
        QVERIFY2(p1.waitFor("nats: bridged"), p1.err.constData());
        QVERIFY2(p2.waitFor("nats: bridged"), p2.err.constData());
        PythonPeer a, b;
        QVERIFY(a.start(QStringLiteral("ws://127.0.0.1:%1/").arg(p1.port), "ann"));
        QVERIFY(b.start(QStringLiteral("ws://127.0.0.1:%1/").arg(p2.port), "ben"));
        QVERIFY(a.waitEvent("welcome") >= 0 && b.waitEvent("welcome") >= 0);
        a.command({{"cmd", "join"}, {"room", "lab"}});
        b.command({{"cmd", "join"}, {"room", "lab"}});
        QVERIFY(a.waitRx("joined") >= 0 && b.waitRx("joined") >= 0);
        for (int i = 0; i < 20; ++i) {
            a.command({{"cmd", "say"}, {"room", "lab"}, {"text", QStringLiteral("ann %1").arg(i)}, {"id", QStringLiteral("a%1").arg(i)}});
            b.command({{"cmd", "say"}, {"room", "lab"}, {"text", QStringLiteral("ben %1").arg(i)}, {"id", QStringLiteral("b%1").arg(i)}});
        }
        QTRY_COMPARE_WITH_TIMEOUT(a.rx("msg").size(), 40, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(b.rx("msg").size(), 40, 15000);
        QCOMPARE(texts(a.rx("msg")), texts(b.rx("msg")));
        QCOMPARE(seqs(a.rx("msg")).constLast(), qint64(40));
        QCOMPARE(a.events("gap") + a.events("duplicate") + b.events("gap") + b.events("duplicate"), 0);
    }

    void tlsWithAPrivateCa()
    {
        // nats-server with TLS (a self-signed certificate made here with openssl), hubs on
        // tls:// URLs trusting it through --nats-ca.
        QTemporaryDir dir;
        QProcess openssl;
        openssl.start("openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                                  "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", dir.filePath("key.pem"),
                                  "-out", dir.filePath("cert.pem")});
        if (!openssl.waitForFinished(20000) || openssl.exitCode() != 0)
            QSKIP("openssl could not make a test certificate");
        NatsServerProcess nats;
        QVERIFY2(nats.start({"--tls", "--tlscert", dir.filePath("cert.pem"), "--tlskey", dir.filePath("key.pem")}),
                 nats.log().constData());
        const QString url = QStringLiteral("tls://127.0.0.1:%1").arg(nats.port);
        NatsBridgeConfig cfg;
        cfg.caFile = dir.filePath("cert.pem");
        BridgedHub h1(url, {}, cfg), h2(url, {}, cfg);
        QVERIFY(h1.start());
        QVERIFY(h2.start());
        QTRY_VERIFY_WITH_TIMEOUT(h1.bridge->isStreaming() && h2.bridge->isStreaming(), 10000);
        HubTestClient a, b;
        QVERIFY(a.open(h1.server.port()) && a.login("alice") && joinRoom(a, "sec"));
        QVERIFY(b.open(h2.server.port()) && b.login("bob") && joinRoom(b, "sec"));
        a.send(say("sec", "over tls", "t1"));
        QTRY_COMPARE(b.ofType("msg").size(), 1);
        QCOMPARE(b.ofType("msg").constFirst().value("text").toString(), QStringLiteral("over tls"));
    }

    void badNatsOptionsAreClearErrors()
    {
        QTemporaryDir dir;
        HubProcess p;
        QVERIFY(p.start({"--data-dir", dir.path(), "--nats", "nats://127.0.0.1:4222", "--nats-creds", dir.filePath("none.creds")}));
        QVERIFY(p.proc.waitForFinished(10000));
        QCOMPARE(p.proc.exitCode(), 1);
        QVERIFY2(p.proc.readAllStandardError().contains("none.creds: check the path given to --nats-creds"), "no clear error");
        HubServer hub;
        NatsBridgeConfig cfg;
        NatsBridge none(&hub, cfg);
        QString error;
        QVERIFY(!none.start(&error));
        QVERIFY2(error.contains("--nats needs at least one URL"), qPrintable(error));
        cfg.urls = QStringList{"nats://127.0.0.1:4222"};
        cfg.caFile = dir.filePath("ca.pem");
        NatsBridge noCa(&hub, cfg);
        QVERIFY(!noCa.start(&error));
        QVERIFY2(error.contains("ca.pem") && error.contains("--nats-ca"), qPrintable(error));
        QCOMPARE(hub.bridge(), nullptr);
    }

    void liveInboundQueueIsBounded()
    {
        NatsServerProcess nats;
        QVERIFY2(nats.start(), nats.log().constData());
        NatsBridgeConfig cfg;
        cfg.maxInFlight = 16;
        cfg.maxRemoteHubs = 2;
        BridgedHub h(nats.url(), {}, cfg);
        QVERIFY(h.start());
        QTRY_VERIFY_WITH_TIMEOUT(h.bridge->isStreaming(), 10000);
        HubTestClient b;
        QVERIFY(b.open(h.server.port()) && b.login("bob"));
        b.send({{"type", "subscribe"}, {"topic", "flood"}, {"id", "s"}});
        QVERIFY(!b.next("subscribed").isEmpty());
        // Published and flushed without returning to the event loop: the hub's thread does
        // not take any of them until we are done, so all but 16 must be dropped, not queued.
        RawNats p(nats.url());
        const int n = 500;
        for (int i = 0; i < n; ++i)
            natsConnection_PublishString(p.nc, "pulseboard.topic.flood",
                                         QStringLiteral("{\"type\":\"sample\",\"topic\":\"flood\",\"from\":\"x\",\"data\":{\"i\":%1},\"origin\":\"x1\"}")
                                             .arg(i).toUtf8().constData());
        natsConnection_FlushTimeout(p.nc, 5000);
        // Still without the event loop: wait for the client's thread to have seen all 500.
        QDeadlineTimer deadline(10000);
        while (quint64(h.bridge->inboundWaiting()) + h.bridge->dropped(DropReason::InboundOverflow) < quint64(n)
               && !deadline.hasExpired())
            std::this_thread::yield();
        QCOMPARE(h.bridge->inboundWaiting(), 16);
        QCOMPARE(h.bridge->dropped(DropReason::InboundOverflow), quint64(n - 16));
        QTRY_COMPARE(b.ofType("sample").size(), 16);   // the 16 that waited are delivered
        QCOMPARE(h.bridge->inboundWaiting(), 0);

        // Presence of other hubs: at most maxRemoteHubs origins are tracked.
        for (int i = 0; i < 5; ++i)
            p.pub("pulseboard.presence.lobby", QStringLiteral("{\"type\":\"presence\",\"room\":\"lobby\",\"nick\":\"n%1\","
                                                              "\"event\":\"join\",\"origin\":\"hub%1\"}").arg(i).toUtf8());
        QTRY_COMPARE(h.bridge->dropped(DropReason::TooManyHubs), quint64(3));
        QCOMPARE(h.bridge->remoteHubCount(), 2);
        QCOMPARE(h.bridge->remoteMembers("lobby"), (QStringList{"n0", "n1"}));
    }
};

QTEST_MAIN(tst_NatsBridge)
#include "tst_natsbridge.moc"
