// The envelope protocol end to end over loopback (docs/protocol.md): hello, login with
// challenge-response, rooms, presence, history, resume, idempotent resend, private
// messages, typing, topics, and validation of every client envelope. Three clients:
// two C++ (HubTestClient) and one independent Python implementation (hub_client.py).
#include "hubdispatcher.h"
#include "hubserver.h"
#include "hubtestclient.h"
#include "pythonpeer.h"
#include "rejectionlog.h"

#include <QJsonArray>
#include <QtTest>

class tst_HubProtocol : public QObject
{
    Q_OBJECT
private:
    static HubConfig fastConfig(const QString &password = QString())
    {
        HubConfig c;
        c.password = password;
        c.pbkdf2Iterations = 1000;     // keep logins quick in tests
        c.sessionName = QStringLiteral("Test session");
        return c;
    }
    static QString url(const HubServer &hub) { return QStringLiteral("ws://127.0.0.1:%1/").arg(hub.port()); }
    static QJsonObject say(const QString &room, const QString &text, const QString &id)
    {
        return {{"type", "say"}, {"room", room}, {"text", text}, {"id", id}};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(PythonPeer::python()), "python3-websockets is needed (/usr/bin/python3)");
    }

    void helloOnOpenHubGetsWelcome()
    {
        HubServer hub;
        hub.setConfig(fastConfig());
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient c;
        QVERIFY(c.open(hub.port()));
        c.send({{"type", "hello"}, {"version", 1}, {"nick", "Alice"}, {"id", "h1"}});
        const QJsonObject w = c.next("welcome");
        QCOMPARE(w.value("nick").toString(), QStringLiteral("Alice"));
        QCOMPARE(w.value("session").toString(), QStringLiteral("Test session"));
        QCOMPARE(w.value("re").toString(), QStringLiteral("h1"));
        QCOMPARE(w.value("version").toInt(), 1);
        QCOMPARE(w.value("limits").toObject().value("maxMessageBytes").toInt(), 65536);
        QVERIFY(!w.contains("proof"));
    }

    void nicknamesAreValidatedAndUnique()
    {
        HubServer hub;
        hub.setConfig(fastConfig());
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient a, b;
        QVERIFY(a.open(hub.port()) && b.open(hub.port()));
        QVERIFY(a.login("alice"));
        for (const char *bad : {"", "-x", "a b", "hub", "HUB", "ünï", "0123456789012345678901234"}) {
            b.send({{"type", "hello"}, {"version", 1}, {"nick", bad}});
            const QJsonObject e = b.next("error");
            QCOMPARE(e.value("code").toString(), QStringLiteral("invalid_field"));
            QCOMPARE(e.value("field").toString(), QStringLiteral("nick"));
        }
        b.send({{"type", "hello"}, {"version", 1}, {"nick", "ALICE"}});
        QCOMPARE(b.next("error").value("code").toString(), QStringLiteral("nick_taken"));
        QVERIFY(b.login("bob"));    // the connection stayed usable
        a.ws.close();
        QTRY_COMPARE(hub.dispatcher().nicknames(), QStringList{"bob"});
        HubTestClient c;
        QVERIFY(c.open(hub.port()));
        QVERIFY(c.login("alice"));  // freed on disconnect
    }

    void unsupportedVersionCloses1002()
    {
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient c;
        QVERIFY(c.open(hub.port()));
        c.send({{"type", "hello"}, {"version", 2}, {"nick", "x"}});
        const QJsonObject e = c.next("error");
        QCOMPARE(e.value("code").toString(), QStringLiteral("version_unsupported"));
        QCOMPARE(e.value("supported").toArray(), QJsonArray{1});
        QTRY_VERIFY(c.closed);
        QCOMPARE(int(c.ws.closeCode()), 1002);
    }

    void requestsBeforeWelcomeAreRefused()
    {
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient c;
        QVERIFY(c.open(hub.port()));
        c.send({{"type", "join"}, {"room", "general"}, {"id", 3}});
        const QJsonObject e = c.next("error");
        QCOMPARE(e.value("code").toString(), QStringLiteral("bad_state"));
        QCOMPARE(e.value("re").toInt(), 3);
        QVERIFY(c.login("x"));
        c.send({{"type", "hello"}, {"version", 1}, {"nick", "y"}});
        QCOMPARE(c.next("error").value("code").toString(), QStringLiteral("bad_state"));
    }

    void passwordLoginSucceedsAndProvesTheHub()
    {
        HubServer hub;
        hub.setConfig(fastConfig("s3cret"));
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient c;
        QVERIFY(c.open(hub.port()));
        QVERIFY(c.login("alice", "s3cret"));
        const QJsonObject ch = c.lastChallenge;
        QCOMPARE(ch.value("mechanism").toString(), QStringLiteral("PBKDF2-SHA256/HMAC-SHA256"));
        QCOMPARE(ch.value("iterations").toInt(), 1000);
        QCOMPARE(QByteArray::fromBase64(ch.value("nonce").toString().toLatin1()).size(), 32);
        const QByteArray serverProof = HubAuth::serverProof(c.key, ch.value("nonce").toString(), c.cnonce, "alice");
        QCOMPARE(c.welcome.value("proof").toString(), QString::fromLatin1(serverProof.toBase64()));
        // The password itself never appears on the wire.
        for (const QJsonObject &o : c.received)
            QVERIFY(!QJsonDocument(o).toJson().contains("s3cret"));

        PythonPeer py;   // the independent implementation logs in too and checks the hub's proof
        QVERIFY(py.start(url(hub), "pybob", "s3cret"));
        const int w = py.waitEvent("welcome");
        QVERIFY(w >= 0);
        QCOMPARE(py.lines.at(w).value("serverProofOk").toBool(), true);
    }

    void wrongPasswordFailsClosesAndOthersStay()
    {
        HubServer hub;
        hub.setConfig(fastConfig("s3cret"));
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient good;
        QVERIFY(good.open(hub.port()));
        QVERIFY(good.login("good", "s3cret"));
        good.send({{"type", "join"}, {"room", "r"}});
        QVERIFY(!good.next("joined").isEmpty());

        HubTestClient bad;
        QVERIFY(bad.open(hub.port()));
        QVERIFY(!bad.login("bad", "guess"));
        QCOMPARE(bad.ofType("error").value(0).value("code").toString(), QStringLiteral("auth_failed"));
        QTRY_VERIFY(bad.closed);
        QCOMPARE(int(bad.ws.closeCode()), 1008);
        QVERIFY(hub.rejections()->rows().last().reason.contains("auth_failed"));

        PythonPeer py;
        QVERIFY(py.start(url(hub), "pyeve", "wrong"));
        const int f = py.waitEvent("login-failed");
        QVERIFY(f >= 0);
        QCOMPARE(py.lines.at(f).value("code").toString(), QStringLiteral("auth_failed"));

        good.send(say("r", "still here", "s1"));
        QCOMPARE(good.next("ack").value("seq").toInt(), 1);
    }

    void failedLoginsAreRateLimitedPerAddress()
    {
        HubServer hub;
        HubConfig cfg = fastConfig("s3cret");
        cfg.authMaxFailures = 3;
        hub.setConfig(cfg);
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        for (int i = 0; i < 3; ++i) {
            HubTestClient c;
            QVERIFY(c.open(hub.port()));
            QVERIFY(!c.login("eve", "nope"));
            QCOMPARE(c.ofType("error").value(0).value("code").toString(), QStringLiteral("auth_failed"));
        }
        HubTestClient locked;   // even the right password is refused now, without a challenge
        QVERIFY(locked.open(hub.port()));
        QVERIFY(!locked.login("eve", "s3cret"));
        const QJsonObject e = locked.ofType("error").value(0);
        QCOMPARE(e.value("code").toString(), QStringLiteral("auth_locked"));
        QVERIFY(e.value("retryAfterMs").toInteger() > 0);
        QVERIFY(locked.ofType("challenge").isEmpty());
        QTRY_VERIFY(locked.closed);
        QCOMPARE(int(locked.ws.closeCode()), 1008);
    }

    void recordedProofCannotBeReplayed()
    {
        HubServer hub;
        hub.setConfig(fastConfig("s3cret"));
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient honest;
        QVERIFY(honest.open(hub.port()));
        QVERIFY(honest.login("alice", "s3cret"));
        honest.ws.close();
        QTRY_VERIFY(hub.dispatcher().nicknames().isEmpty());

        HubTestClient replay;   // a listener who recorded (cnonce, proof) tries them again
        QVERIFY(replay.open(hub.port()));
        replay.send({{"type", "hello"}, {"version", 1}, {"nick", "alice"}});
        const QJsonObject ch = replay.next("challenge");
        QVERIFY(ch.value("nonce").toString() != honest.lastChallenge.value("nonce").toString());
        replay.send({{"type", "auth"}, {"cnonce", honest.cnonce}, {"proof", QString::fromLatin1(honest.proof.toBase64())}});
        QCOMPARE(replay.next("error").value("code").toString(), QStringLiteral("auth_failed"));
        QTRY_VERIFY(replay.closed);
    }

    void roomsPresenceMessagesWithThreeClients()
    {
        HubServer hub;
        hub.setConfig(fastConfig());
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient a, b;
        QVERIFY(a.open(hub.port()) && b.open(hub.port()));
        QVERIFY(a.login("alice") && b.login("bob"));
        a.send({{"type", "join"}, {"room", "general"}, {"id", "j"}});
        QCOMPARE(a.next("joined").value("members").toArray(), QJsonArray{"alice"});

        PythonPeer py;
        QVERIFY(py.start(url(hub), "carol"));
        QVERIFY(py.waitEvent("welcome") >= 0);
        py.command({{"cmd", "join"}, {"room", "general"}});
        const int j = py.waitRx("joined");
        QVERIFY(j >= 0);
        QCOMPARE(py.lines.at(j).value("rx").toObject().value("members").toArray(), (QJsonArray{"alice", "carol"}));
        const QJsonObject pres = a.next("presence");
        QCOMPARE(pres.value("nick").toString(), QStringLiteral("carol"));
        QCOMPARE(pres.value("event").toString(), QStringLiteral("join"));

        b.send({{"type", "join"}, {"room", "general"}});
        QCOMPARE(b.next("joined").value("members").toArray(), (QJsonArray{"alice", "bob", "carol"}));

        a.send(say("general", "hi @bob", "m1"));
        const QJsonObject ack = a.next("ack");
        QCOMPARE(ack.value("re").toString(), QStringLiteral("m1"));
        QCOMPARE(ack.value("seq").toInt(), 1);
        QJsonObject msg = b.next("msg");
        QCOMPARE(msg.value("from").toString(), QStringLiteral("alice"));
        QCOMPARE(msg.value("text").toString(), QStringLiteral("hi @bob"));
        QCOMPARE(msg.value("seq").toInt(), 1);
        QVERIFY(msg.value("ts").toInteger() > 1600000000000);
        QCOMPARE(a.next("msg").value("seq").toInt(), 1);   // the sender gets it too
        QVERIFY(py.waitRx("msg") >= 0);

        py.command({{"cmd", "say"}, {"room", "general"}, {"text", "from python"}, {"id", "p1"}});
        msg = b.next("msg");
        QCOMPARE(msg.value("from").toString(), QStringLiteral("carol"));
        QCOMPARE(msg.value("seq").toInt(), 2);

        // typing goes to the others only
        b.send({{"type", "typing"}, {"room", "general"}, {"active", true}});
        const QJsonObject typing = a.next("typing");
        QCOMPARE(typing.value("nick").toString(), QStringLiteral("bob"));
        QCOMPARE(typing.value("active").toBool(), true);
        QVERIFY(py.waitRx("typing") >= 0);

        // private message: only the addressee
        a.send({{"type", "pm"}, {"to", "CAROL"}, {"text", "psst"}, {"id", "p"}});
        QCOMPARE(a.next("ack").value("to").toString(), QStringLiteral("carol"));
        const int pm = py.waitRx("pm");
        QVERIFY(pm >= 0);
        QCOMPARE(py.lines.at(pm).value("rx").toObject().value("text").toString(), QStringLiteral("psst"));
        QCOMPARE(py.lines.at(pm).value("rx").toObject().value("from").toString(), QStringLiteral("alice"));
        a.send({{"type", "pm"}, {"to", "nobody"}, {"text", "x"}});
        QCOMPARE(a.next("error").value("code").toString(), QStringLiteral("no_such_user"));

        // lists
        a.send({{"type", "users"}, {"id", 1}});
        QCOMPARE(a.next("users").value("users").toArray(), (QJsonArray{"alice", "bob", "carol"}));
        a.send({{"type", "rooms"}, {"id", 2}});
        const QJsonArray rooms = a.next("rooms").value("rooms").toArray();
        QCOMPARE(rooms.size(), 1);
        QCOMPARE(rooms.at(0).toObject().value("members").toInt(), 3);
        QCOMPARE(rooms.at(0).toObject().value("lastSeq").toInt(), 2);

        // leave and disconnect both produce presence "leave"
        b.send({{"type", "leave"}, {"room", "general"}, {"id", "l"}});
        QCOMPARE(b.next("left").value("re").toString(), QStringLiteral("l"));
        QJsonObject left = a.next("presence");
        QCOMPARE(left.value("nick").toString(), QStringLiteral("bob"));
        QCOMPARE(left.value("event").toString(), QStringLiteral("leave"));
        py.command({{"cmd", "close"}});
        left = a.next("presence");
        QCOMPARE(left.value("nick").toString(), QStringLiteral("carol"));
        QCOMPARE(left.value("event").toString(), QStringLiteral("leave"));
        b.send(say("general", "not a member", "x"));
        QCOMPARE(b.next("error").value("code").toString(), QStringLiteral("not_in_room"));
        QCOMPARE(py.events("duplicate") + py.events("gap"), 0);
    }

    void threeIndependentImplementationsChatWithAPassword()
    {
        if (!PythonPeer::nodeAvailable())
            QSKIP("Node and tests/peers/node_modules/ws are needed: npm install --prefix tests/peers ws@8");
        HubServer hub;
        hub.setConfig(fastConfig("s3cret"));
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient alice;
        QVERIFY(alice.open(hub.port()) && alice.login("alice", "s3cret"));
        alice.send({{"type", "join"}, {"room", "mix"}});
        QVERIFY(!alice.next("joined").isEmpty());
        PythonPeer py, node;
        QVERIFY(py.start(url(hub), "carol", "s3cret"));
        QVERIFY(node.startNode(url(hub), "dave", "s3cret"));
        for (PythonPeer *p : {&py, &node}) {
            const int w = p->waitEvent("welcome");
            QVERIFY(w >= 0);
            QCOMPARE(p->lines.at(w).value("serverProofOk").toBool(), true);   // each checked the hub
            p->command({{"cmd", "join"}, {"room", "mix"}});
            QVERIFY(p->waitRx("joined") >= 0);
        }
        alice.send(say("mix", "from C++", "c"));
        QVERIFY(py.waitRx("msg") >= 0);
        py.command({{"cmd", "say"}, {"room", "mix"}, {"text", "from Python"}, {"id", "p"}});
        QVERIFY(node.waitFor([](const QJsonObject &o) { return o.value("rx").toObject().value("seq").toInt() == 2; }) >= 0);
        node.command({{"cmd", "say"}, {"room", "mix"}, {"text", "from Node"}, {"id", "n"}});
        const QStringList expected{"from C++", "from Python", "from Node"};
        QTRY_COMPARE(alice.ofType("msg").size(), 3);
        for (PythonPeer *p : {&py, &node}) {
            QVERIFY(p->waitFor([](const QJsonObject &o) { return o.value("rx").toObject().value("seq").toInt() == 3; }) >= 0);
            QStringList texts;
            for (const QJsonObject &m : p->rx("msg"))
                texts << m.value("text").toString();
            QCOMPARE(texts, expected);
            QCOMPARE(p->events("duplicate") + p->events("gap"), 0);
        }
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(alice.ofType("msg").at(i).value("text").toString(), expected.at(i));
            QCOMPARE(alice.ofType("msg").at(i).value("seq").toInt(), i + 1);
        }
        PythonPeer wrongNode;
        QVERIFY(wrongNode.startNode(url(hub), "mallory", "guess"));
        const int f = wrongNode.waitEvent("login-failed");
        QVERIFY(f >= 0);
        QCOMPARE(wrongNode.lines.at(f).value("code").toString(), QStringLiteral("auth_failed"));
        QVERIFY(wrongNode.waitFor([](const QJsonObject &o) {
            return o.value("event").toString() == "closed" && o.value("code").toInt() == 1008; }) >= 0);
    }

    void historyOnJoinIsTheLastN()
    {
        HubServer hub;
        HubConfig cfg = fastConfig();
        cfg.rateBurst = 1000;
        hub.setConfig(cfg);
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient a;
        QVERIFY(a.open(hub.port()) && a.login("alice"));
        a.send({{"type", "join"}, {"room", "r"}});
        QVERIFY(!a.next("joined").isEmpty());
        for (int i = 1; i <= 250; ++i)
            a.send(say("r", QString::number(i), QString::number(i)));
        QTRY_COMPARE(a.ofType("ack").size(), 250);

        HubTestClient b;
        QVERIFY(b.open(hub.port()) && b.login("bob"));
        b.send({{"type", "join"}, {"room", "r"}});
        const QJsonObject joined = b.next("joined");
        QCOMPARE(joined.value("lastSeq").toInt(), 250);
        QCOMPARE(joined.value("replay").toInt(), 200);
        QCOMPARE(joined.value("skipped").toInt(), 0);
        QTRY_COMPARE(b.ofType("msg").size(), 200);
        const QList<QJsonObject> msgs = b.ofType("msg");
        for (int i = 0; i < 200; ++i)
            QCOMPARE(msgs.at(i).value("seq").toInt(), 51 + i);
        QCOMPARE(msgs.last().value("text").toString(), QStringLiteral("250"));

        HubTestClient c;   // an explicit limit
        QVERIFY(c.open(hub.port()) && c.login("carol"));
        c.send({{"type", "join"}, {"room", "r"}, {"limit", 5}});
        QCOMPARE(c.next("joined").value("replay").toInt(), 5);
        QTRY_COMPARE(c.ofType("msg").size(), 5);
        QCOMPARE(c.ofType("msg").first().value("seq").toInt(), 246);
    }

    void resumeDeliversExactlyTheMissedMessages()
    {
        HubServer hub;
        hub.setConfig(fastConfig());
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient a;
        QVERIFY(a.open(hub.port()) && a.login("alice"));
        a.send({{"type", "join"}, {"room", "r"}});
        QVERIFY(!a.next("joined").isEmpty());

        PythonPeer py;
        QVERIFY(py.start(url(hub), "carol"));
        QVERIFY(py.waitEvent("welcome") >= 0);
        py.command({{"cmd", "join"}, {"room", "r"}});
        QVERIFY(py.waitRx("joined") >= 0);
        for (int i = 1; i <= 10; ++i)
            a.send(say("r", QString::number(i), "a" + QString::number(i)));
        QVERIFY(py.waitFor([](const QJsonObject &o) { return o.value("rx").toObject().value("seq").toInt() == 10; }) >= 0);

        // The Python client drops its connection, messages 11..30 are sent meanwhile,
        // then it reconnects and joins with since = 10.
        QVERIFY(hub.closePeer(hub.dispatcher().peerIdForNick("carol"), 1001, "test"));   // drop carol
        QVERIFY(py.waitEvent("closed") >= 0);
        for (int i = 11; i <= 30; ++i)
            a.send(say("r", QString::number(i), "a" + QString::number(i)));
        QTRY_COMPARE(a.ofType("ack").size(), 30);
        const int before = int(py.lines.size());
        py.command({{"cmd", "reconnect"}});
        const int j = py.waitRx("joined", before);
        QVERIFY(j >= 0);
        const QJsonObject joined = py.lines.at(j).value("rx").toObject();
        QCOMPARE(joined.value("replay").toInt(), 20);
        QCOMPARE(joined.value("skipped").toInt(), 0);
        QVERIFY(py.waitFor([](const QJsonObject &o) { return o.value("rx").toObject().value("seq").toInt() == 30; }, before) >= 0);
        a.send(say("r", "31", "a31"));
        QVERIFY(py.waitFor([](const QJsonObject &o) { return o.value("rx").toObject().value("seq").toInt() == 31; }, before) >= 0);
        QCOMPARE(py.rx("msg").size(), 31);   // 1..31, each exactly once
        QCOMPARE(py.events("duplicate"), 0);
        QCOMPARE(py.events("gap"), 0);

        // A resume older than the replay limit reports what it skipped.
        HubTestClient late;
        QVERIFY(late.open(hub.port()) && late.login("late"));
        late.send({{"type", "join"}, {"room", "r"}, {"since", 5}, {"limit", 10}});
        const QJsonObject lj = late.next("joined");
        QCOMPARE(lj.value("replay").toInt(), 10);
        QCOMPARE(lj.value("skipped").toInt(), 16);
    }

    void resendWithSameIdIsNotDuplicated()
    {
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient a, b;
        QVERIFY(a.open(hub.port()) && a.login("alice"));
        QVERIFY(b.open(hub.port()) && b.login("bob"));
        a.send({{"type", "join"}, {"room", "r"}});
        b.send({{"type", "join"}, {"room", "r"}});
        QVERIFY(!b.next("joined").isEmpty());
        a.send(say("r", "once", "k-1"));
        QCOMPARE(a.next("ack").value("seq").toInt(), 1);
        a.send(say("r", "once", "k-1"));
        const QJsonObject dup = a.next("ack");
        QCOMPARE(dup.value("seq").toInt(), 1);
        QCOMPARE(dup.value("duplicate").toBool(), true);
        a.send(say("r", "twice", "k-2"));
        QCOMPARE(a.next("ack").value("seq").toInt(), 2);
        QTRY_COMPARE(b.ofType("msg").size(), 2);
        QCOMPARE(b.ofType("msg").at(1).value("text").toString(), QStringLiteral("twice"));
    }

    // docs/protocol.md §2: `re` is present exactly when the request had an `id`; a
    // publish without an id gets no answer at all (fire and forget).
    void repliesCarryReOnlyForRequestsWithAnId()
    {
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient c;
        QVERIFY(c.open(hub.port()) && c.login("no-ids"));
        const int start = int(c.received.size());   // the login itself used ids
        c.send({{"type", "ping"}});
        QVERIFY(!c.next("pong").contains(QLatin1String("re")));
        c.send({{"type", "join"}, {"room", "r"}});
        QVERIFY(!c.next("joined").contains(QLatin1String("re")));
        c.send({{"type", "say"}, {"room", "r"}, {"text", "x"}});
        QVERIFY(!c.next("ack").contains(QLatin1String("re")));
        c.send({{"type", "nonsense"}});
        QVERIFY(!c.next("error").contains(QLatin1String("re")));
        c.send({{"type", "publish"}, {"topic", "lab/quiet"}, {"data", QJsonObject{{"v", 1}}}});
        c.send({{"type", "ping"}, {"id", "after"}});
        QCOMPARE(c.next("pong").value("re").toString(), QStringLiteral("after"));
        QCOMPARE(c.ofType("ack").size(), 1);   // the say's: the publish was not answered
        for (int i = start; i < c.received.size(); ++i) {
            const QJsonObject &o = c.received.at(i);
            if (o.value("re").toString() != QLatin1String("after"))
                QVERIFY2(!o.contains(QLatin1String("re")), qPrintable(QJsonDocument(o).toJson()));
        }
    }

    void topicsPublishSubscribeAndRawStreams()
    {
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient sensor, viewer, raw;
        QVERIFY(sensor.open(hub.port()) && sensor.login("sensor-3"));
        QVERIFY(viewer.open(hub.port()) && viewer.login("viewer"));
        QVERIFY(raw.open(hub.port(), "/topics/lab/temp"));
        viewer.send({{"type", "subscribe"}, {"topic", "lab/temp"}, {"id", "s"}});
        QCOMPARE(viewer.next("subscribed").value("topic").toString(), QStringLiteral("lab/temp"));

        sensor.send({{"type", "publish"}, {"topic", "lab/temp"}, {"data", QJsonObject{{"temp", 21.5}}}, {"id", 7}});
        QCOMPARE(sensor.next("ack").value("re").toInt(), 7);
        const QJsonObject sample = viewer.next("sample");
        QCOMPARE(sample.value("from").toString(), QStringLiteral("sensor-3"));
        QCOMPARE(sample.value("data").toObject().value("temp").toDouble(), 21.5);
        QTRY_COMPARE(raw.received.size(), 1);
        QCOMPARE(raw.received.at(0), (QJsonObject{{"temp", 21.5}}));   // data as is, no envelope

        QVERIFY(hub.publish("lab/temp", R"({"temp":22})"));
        QCOMPARE(viewer.next("sample").value("from").toString(), QStringLiteral("hub"));
        QTRY_COMPARE(raw.received.size(), 2);

        viewer.send({{"type", "unsubscribe"}, {"topic", "lab/temp"}});
        QVERIFY(!viewer.next("unsubscribed").isEmpty());
        sensor.send({{"type", "publish"}, {"topic", "lab/temp"}, {"data", QJsonArray{1, 2}}});
        QTRY_COMPARE(raw.received.size(), 3);
        viewer.send({{"type", "ping"}, {"id", "after"}});
        QVERIFY(!viewer.next("pong").isEmpty());
        QCOMPARE(viewer.ofType("sample").size(), 2);   // nothing after unsubscribe
    }

    void rawTopicStreamsNeedAnOpenHub()
    {
        HubServer hub;
        hub.setConfig(fastConfig("s3cret"));
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        QWebSocket ws;
        QSignalSpy closed(&ws, &QWebSocket::disconnected);
        QSignalSpy connected(&ws, &QWebSocket::connected);
        ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/topics/lab/temp").arg(hub.port())));
        QTRY_COMPARE(closed.size(), 1);
        QCOMPARE(connected.size(), 0);
        QVERIFY(hub.rejections()->rows().last().reason.contains("password"));
    }

    void invalidEnvelopesNameTheFieldAndAreNotRelayed_data()
    {
        QTest::addColumn<QString>("frame");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("field");
        auto row = [](const char *name, const char *frame, const char *code, const char *field) {
            QTest::newRow(name) << QString::fromUtf8(frame) << QString::fromLatin1(code) << QString::fromLatin1(field);
        };
        row("not json", "hello", "bad_json", "");
        row("array", "[1,2]", "bad_json", "");
        row("string", "\"say\"", "bad_json", "");
        row("truncated", "{\"type\":\"say\"", "bad_json", "");
        row("no type", "{\"room\":\"r\"}", "missing_field", "type");
        row("type number", "{\"type\":5}", "invalid_field", "type");
        row("unknown type", "{\"type\":\"shout\"}", "unknown_type", "type");
        row("id object", "{\"type\":\"ping\",\"id\":{}}", "invalid_field", "id");
        row("id too long", ("{\"type\":\"ping\",\"id\":\"" + std::string(65, 'x') + "\"}").c_str(), "invalid_field", "id");
        row("id fraction", "{\"type\":\"ping\",\"id\":1.5}", "invalid_field", "id");
        row("say no room", "{\"type\":\"say\",\"text\":\"x\"}", "missing_field", "room");
        row("say room upper", "{\"type\":\"say\",\"room\":\"R\",\"text\":\"x\"}", "invalid_field", "room");
        row("say room long", "{\"type\":\"say\",\"room\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"text\":\"x\"}", "invalid_field", "room");
        row("say no text", "{\"type\":\"say\",\"room\":\"r\"}", "missing_field", "text");
        row("say text number", "{\"type\":\"say\",\"room\":\"r\",\"text\":1}", "invalid_field", "text");
        row("say empty text", "{\"type\":\"say\",\"room\":\"r\",\"text\":\"\"}", "invalid_field", "text");
        row("say control char", "{\"type\":\"say\",\"room\":\"r\",\"text\":\"a\\u0007b\"}", "invalid_field", "text");
        row("say C1 CSI", "{\"type\":\"say\",\"room\":\"r\",\"text\":\"\\u009b2J\"}", "invalid_field", "text");
        row("say escape seq", "{\"type\":\"say\",\"room\":\"r\",\"text\":\"\\u001b[2J\"}", "invalid_field", "text");
        row("say lone surrogate", "{\"type\":\"say\",\"room\":\"r\",\"text\":\"\\ud800\"}", "invalid_field", "text");
        row("say too long", ("{\"type\":\"say\",\"room\":\"r\",\"text\":\"" + std::string(4001, 'x') + "\"}").c_str(), "invalid_field", "text");
        std::string euros;   // 1,334 characters but 4,002 UTF-8 bytes
        for (int i = 0; i < 1334; ++i)
            euros += "\xe2\x82\xac";
        row("say too long utf8", ("{\"type\":\"say\",\"room\":\"r\",\"text\":\"" + euros + "\"}").c_str(), "invalid_field", "text");
        row("join since negative", "{\"type\":\"join\",\"room\":\"r\",\"since\":-1}", "invalid_field", "since");
        row("join since string", "{\"type\":\"join\",\"room\":\"r\",\"since\":\"3\"}", "invalid_field", "since");
        row("join limit huge", "{\"type\":\"join\",\"room\":\"r\",\"limit\":100000}", "invalid_field", "limit");
        row("typing no active", "{\"type\":\"typing\",\"room\":\"r\"}", "missing_field", "active");
        row("typing active string", "{\"type\":\"typing\",\"room\":\"r\",\"active\":\"yes\"}", "invalid_field", "active");
        row("pm bad nick", "{\"type\":\"pm\",\"to\":\"a b\",\"text\":\"x\"}", "invalid_field", "to");
        row("publish no data", "{\"type\":\"publish\",\"topic\":\"a\"}", "missing_field", "data");
        row("publish scalar", "{\"type\":\"publish\",\"topic\":\"a\",\"data\":3}", "invalid_field", "data");
        row("publish bad topic", "{\"type\":\"publish\",\"topic\":\"../etc\",\"data\":{}}", "invalid_field", "topic");
        row("subscribe no topic", "{\"type\":\"subscribe\"}", "missing_field", "topic");
        row("auth after welcome", "{\"type\":\"auth\",\"cnonce\":\"x\",\"proof\":\"y\"}", "bad_state", "");
    }
    void invalidEnvelopesNameTheFieldAndAreNotRelayed()
    {
        QFETCH(QString, frame);
        QFETCH(QString, code);
        QFETCH(QString, field);
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient a, b;
        QVERIFY(a.open(hub.port()) && a.login("alice"));
        QVERIFY(b.open(hub.port()) && b.login("bob"));
        a.send({{"type", "join"}, {"room", "r"}});
        QVERIFY(!a.next("joined").isEmpty());
        b.send({{"type", "join"}, {"room", "r"}});
        QVERIFY(!b.next("joined").isEmpty());
        QVERIFY(!a.next("presence").isEmpty());
        a.send({{"type", "subscribe"}, {"topic", "a"}});
        QVERIFY(!a.next("subscribed").isEmpty());

        const int bBefore = int(b.received.size());
        b.sendRaw(frame);
        const QJsonObject e = b.next("error");
        QCOMPARE(e.value("code").toString(), code);
        QCOMPARE(e.value("field").toString(), field);
        QVERIFY(!e.value("message").toString().isEmpty());
        QVERIFY(hub.rejections()->rowCount() >= 1);
        // a control message from b reaches a, and it is the only thing a got from b
        b.send(say("r", "control", "c"));
        QCOMPARE(a.next("msg").value("text").toString(), QStringLiteral("control"));
        QCOMPARE(a.ofType("sample").size(), 0);
        QCOMPARE(a.ofType("typing").size(), 0);
        QCOMPARE(a.ofType("msg").size(), 1);
        QCOMPARE(b.ws.state(), QAbstractSocket::ConnectedState);
        Q_UNUSED(bBefore)
    }

    void helloTimeoutCloses1008()
    {
        HubServer hub;
        HubConfig cfg;
        cfg.helloTimeoutMs = 300;
        hub.setConfig(cfg);
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient idle, fine;
        QVERIFY(idle.open(hub.port()));
        QVERIFY(fine.open(hub.port()) && fine.login("fine"));
        QTRY_VERIFY(idle.closed);
        QCOMPARE(int(idle.ws.closeCode()), 1008);
        fine.send({{"type", "ping"}});
        QVERIFY(!fine.next("pong").isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_HubProtocol)
#include "tst_hubprotocol.moc"
