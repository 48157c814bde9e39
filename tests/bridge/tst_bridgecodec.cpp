// BridgeCodec: the payloads hubs exchange over NATS (docs/nats.md). What a hub encodes
// decodes to the same event on another hub; every malformed, oversized, mistyped,
// misrouted or spoofed payload is refused with its reason; topic names survive the
// subject encoding ('.' inside a segment, '/' between segments).
#include "bridgecodec.h"
#include "hubbridge.h"

#include <QtTest>

namespace {
const QString P = QStringLiteral("pulseboard");
const QString Self = QStringLiteral("aaaa000011112222");
const QString Other = QStringLiteral("bbbb000011112222");
} // namespace

class tst_BridgeCodec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrips()
    {
        DropReason why = DropReason::Count;
        BridgedSay s{"lobby", "alice", "hi \"there\"\n", "m-1", 1764777000123, 7, {}};
        auto m = BridgeCodec::decode(P, BridgeCodec::roomSubject(P, "lobby"), BridgeCodec::encodeSay(s, Other), Self, &why);
        QVERIFY(m);
        QCOMPARE(m->kind, BridgeEvent::Kind::Msg);
        QCOMPARE(m->text, s.text);
        QCOMPARE(m->clientId, QStringLiteral("m-1"));
        QCOMPARE(m->ts, s.ts);
        QCOMPARE(m->origin, Other);
        QCOMPARE(m->messageKind, QString());   // a person's words: no kind on the wire
        BridgedSay alert = s;
        alert.kind = QStringLiteral("alert");
        const QByteArray alertWire = BridgeCodec::encodeSay(alert, Other);
        QVERIFY(alertWire.contains(R"("kind":"alert")"));
        auto am = BridgeCodec::decode(P, BridgeCodec::roomSubject(P, "lobby"), alertWire, Self, &why);
        QVERIFY(am);
        QCOMPARE(am->messageKind, QStringLiteral("alert"));
        // A room message from this very hub is fine: the stream is how it hears its own.
        QVERIFY(BridgeCodec::decode(P, BridgeCodec::roomSubject(P, "lobby"), BridgeCodec::encodeSay(s, Self), Self, &why));

        auto pr = BridgeCodec::decode(P, BridgeCodec::presenceSubject(P, "lobby"),
                                      BridgeCodec::encodePresence("lobby", "bob", false, Other), Self, &why);
        QVERIFY(pr && pr->kind == BridgeEvent::Kind::Presence && !pr->on && pr->nick == "bob");
        auto ty = BridgeCodec::decode(P, BridgeCodec::typingSubject(P, "lobby"),
                                      BridgeCodec::encodeTyping("lobby", "bob", true, Other), Self, &why);
        QVERIFY(ty && ty->kind == BridgeEvent::Kind::Typing && ty->on);
        const QString topic = QStringLiteral("market/btc.usd/a..b");
        auto sa = BridgeCodec::decode(P, BridgeCodec::topicSubject(P, topic),
                                      BridgeCodec::encodeSample(topic, "hub", R"({"p":1.5,"q":[1,2]})", Other), Self, &why);
        QVERIFY(sa);
        QCOMPARE(sa->topic, topic);
        QCOMPARE(sa->raw, QByteArray(R"({"p":1.5,"q":[1,2]})"));
        QHash<QString, QStringList> roster{{"lobby", {"a", "b"}}, {"ops", {"c"}}};
        auto ro = BridgeCodec::decode(P, BridgeCodec::rosterSubject(P), BridgeCodec::encodeRoster(roster, Other), Self, &why);
        QVERIFY(ro);
        QCOMPARE(ro->roster, roster);
    }

    void topicSubjects_data()
    {
        QTest::addColumn<QString>("topic");
        QTest::addColumn<QString>("subject");
        QTest::newRow("plain") << "market" << "pulseboard.topic.market";
        QTest::newRow("segments") << "a/b/c" << "pulseboard.topic.a.b.c";
        QTest::newRow("dots") << "btc.usd/x..y" << "pulseboard.topic.btc%2Eusd.x%2E%2Ey";
    }
    void topicSubjects()
    {
        QFETCH(QString, topic);
        QFETCH(QString, subject);
        QCOMPARE(BridgeCodec::topicSubject(P, topic), subject);
        QCOMPARE(BridgeCodec::topicFromSubject(P, subject), topic);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("subject");
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<int>("reason");
        const auto r = [](DropReason d) { return int(d); };
        const QByteArray msg = R"({"type":"msg","room":"lobby","ts":1,"from":"eve","text":"hi","origin":"x1"})";
        QTest::newRow("oversized") << "pulseboard.room.lobby" << QByteArray(BridgeCodec::MaxPayloadBytes + 1, ' ') << r(DropReason::Oversized);
        QTest::newRow("not json") << "pulseboard.room.lobby" << QByteArray("{nope") << r(DropReason::NotJson);
        QTest::newRow("array") << "pulseboard.room.lobby" << QByteArray("[1]") << r(DropReason::NotJson);
        QTest::newRow("type on room") << "pulseboard.room.lobby" << QByteArray(R"({"type":"sample","origin":"x1"})") << r(DropReason::WrongType);
        QTest::newRow("no origin") << "pulseboard.room.lobby" << QByteArray(R"({"type":"msg","room":"lobby"})") << r(DropReason::BadField);
        QTest::newRow("origin chars") << "pulseboard.room.lobby" << QByteArray(msg).replace("x1", "x 1") << r(DropReason::BadField);
        QTest::newRow("text number") << "pulseboard.room.lobby" << QByteArray(msg).replace("\"hi\"", "7") << r(DropReason::BadField);
        QTest::newRow("text control") << "pulseboard.room.lobby" << QByteArray(msg).replace("hi", "a\\u0007b") << r(DropReason::BadField);
        QTest::newRow("text too long") << "pulseboard.room.lobby" << QByteArray(msg).replace("hi", QByteArray(4001, 'x')) << r(DropReason::BadField);
        QTest::newRow("ts string") << "pulseboard.room.lobby" << QByteArray(msg).replace("\"ts\":1", "\"ts\":\"1\"") << r(DropReason::BadField);
        QTest::newRow("ts negative") << "pulseboard.room.lobby" << QByteArray(msg).replace("\"ts\":1", "\"ts\":-5") << r(DropReason::BadField);
        QTest::newRow("bad nick") << "pulseboard.room.lobby" << QByteArray(msg).replace("eve", "e v e") << r(DropReason::BadField);
        QTest::newRow("kind unknown") << "pulseboard.room.lobby" << QByteArray(msg).replace("\"ts\"", "\"kind\":\"admin\",\"ts\"") << r(DropReason::BadField);
        QTest::newRow("kind text") << "pulseboard.room.lobby" << QByteArray(msg).replace("\"ts\"", "\"kind\":\"text\",\"ts\"") << r(DropReason::BadField);
        QTest::newRow("kind number") << "pulseboard.room.lobby" << QByteArray(msg).replace("\"ts\"", "\"kind\":1,\"ts\"") << r(DropReason::BadField);
        QTest::newRow("cid number") << "pulseboard.room.lobby" << QByteArray(msg).replace("\"ts\"", "\"cid\":5,\"ts\"") << r(DropReason::BadField);
        QTest::newRow("room mismatch") << "pulseboard.room.other" << msg << r(DropReason::SubjectMismatch);
        QTest::newRow("bad room") << "pulseboard.room.Lobby" << QByteArray(msg).replace("lobby", "Lobby") << r(DropReason::BadField);
        QTest::newRow("spoofed own origin") << "pulseboard.presence.lobby"
            << QByteArray(R"({"type":"presence","room":"lobby","nick":"g","event":"join","origin":"aaaa000011112222"})") << r(DropReason::OwnOrigin);
        QTest::newRow("presence event") << "pulseboard.presence.lobby"
            << QByteArray(R"({"type":"presence","room":"lobby","nick":"g","event":"jump","origin":"x1"})") << r(DropReason::BadField);
        QTest::newRow("typing flag") << "pulseboard.typing.lobby"
            << QByteArray(R"({"type":"typing","room":"lobby","nick":"g","active":1,"origin":"x1"})") << r(DropReason::BadField);
        QTest::newRow("sample data") << "pulseboard.topic.t"
            << QByteArray(R"({"type":"sample","topic":"t","from":"g","data":3,"origin":"x1"})") << r(DropReason::BadField);
        QTest::newRow("sample topic") << "pulseboard.topic.t"
            << QByteArray(R"({"type":"sample","topic":"u","from":"g","data":{},"origin":"x1"})") << r(DropReason::SubjectMismatch);
        QTest::newRow("roster nick") << "pulseboard.roster"
            << QByteArray(R"({"type":"roster","rooms":{"lobby":["ok",""]},"origin":"x1"})") << r(DropReason::BadField);
        QTest::newRow("unknown subject") << "pulseboard.other"
            << QByteArray(R"({"type":"msg","origin":"x1"})") << r(DropReason::WrongType);
    }
    void refusals()
    {
        QFETCH(QString, subject);
        QFETCH(QByteArray, payload);
        QFETCH(int, reason);
        DropReason why = DropReason::Count;
        QVERIFY(!BridgeCodec::decode(P, subject, payload, Self, &why));
        QCOMPARE(BridgeCodec::reasonName(why), BridgeCodec::reasonName(DropReason(reason)));
    }

    void rosterBounds()
    {
        QJsonObject rooms;
        for (int i = 0; i <= BridgeCodec::MaxRosterRooms; ++i)
            rooms.insert(QStringLiteral("r%1").arg(i), QJsonArray{});
        const QByteArray tooMany = QJsonDocument(QJsonObject{{"type", "roster"}, {"rooms", rooms}, {"origin", "x1"}}).toJson(QJsonDocument::Compact);
        DropReason why = DropReason::Count;
        QVERIFY(!BridgeCodec::decode(P, BridgeCodec::rosterSubject(P), tooMany, Self, &why));
        QCOMPARE(int(why), int(DropReason::BadField));
    }
};

QTEST_GUILESS_MAIN(tst_BridgeCodec)
#include "tst_bridgecodec.moc"
