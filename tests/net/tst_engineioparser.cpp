// tst_engineioparser: Engine.IO v4 / Socket.IO v4 packets as the npm socket.io 4.x server
// writes them (the shapes below are copied from its wire output), the client packets we
// send, the event -> pipeline message form, and malformed, oversized and hostile input.
// (No raw string literals: moc 6.4 misreads some of them and then finds no test class.)
#include "engineioparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

class tst_EngineIoParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void engineIoTypes()
    {
        QCOMPARE(EngineIoParser::parsePacket("0{}").type, EngineIoPacket::Open);
        QCOMPARE(EngineIoParser::parsePacket("1").type, EngineIoPacket::Close);
        QCOMPARE(EngineIoParser::parsePacket("2").type, EngineIoPacket::Ping);
        QCOMPARE(EngineIoParser::parsePacket("3").type, EngineIoPacket::Pong);
        const EngineIoPacket m = EngineIoParser::parsePacket("42[\"a\"]");
        QCOMPARE(m.type, EngineIoPacket::Message);
        QCOMPARE(m.data, QByteArrayView("2[\"a\"]"));
        QCOMPARE(EngineIoParser::parsePacket("6").type, EngineIoPacket::Noop);
        for (const char *bad : {"", "7", "x", "{\"type\":1}", "\xFF"}) {
            const EngineIoPacket p = EngineIoParser::parsePacket(bad);
            QCOMPARE(p.type, EngineIoPacket::Invalid);
            QVERIFY(!p.error.isEmpty());
        }
        QVERIFY(EngineIoParser::parsePacket("{\"hello\":1}").error.contains(QLatin1String("v4")));
    }

    void openPacket()
    {
        const EngineIoOpen o = EngineIoParser::parseOpen(
            "{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
        QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
        QCOMPARE(o.sid, QStringLiteral("lv_VI97HAXpY6yYWAAAC"));
        QCOMPARE(o.pingIntervalMs, 25000);
        QCOMPARE(o.pingTimeoutMs, 20000);
        QCOMPARE(o.maxPayload, 1000000);
        // A maxPayload below one byte would limit every message to 0: ignored, the default
        // stays (tests/fuzz/crashes/fuzz_engineio/open-maxpayload-below-one).
        for (const char *tiny : {"0.1", "0.999", "0", "-5"}) {
            const EngineIoOpen t = EngineIoParser::parseOpen(
                QByteArray("{\"sid\":\"s\",\"pingInterval\":1000,\"pingTimeout\":1000,\"maxPayload\":") + tiny + "}");
            QVERIFY2(t.error.isEmpty(), tiny);
            QCOMPARE(t.maxPayload, EngineIoOpen{}.maxPayload);
        }
        // Nonsense intervals are clamped, not trusted.
        const EngineIoOpen c = EngineIoParser::parseOpen("{\"sid\":\"s\",\"pingInterval\":1e300,\"pingTimeout\":0.001}");
        QVERIFY(c.error.isEmpty());
        QCOMPARE(c.pingIntervalMs, 3'600'000);
        QCOMPARE(c.pingTimeoutMs, 100);
        for (const char *bad : {"", "[]", "{", "{\"pingInterval\":1,\"pingTimeout\":1}",
                                "{\"sid\":\"s\",\"pingInterval\":\"x\",\"pingTimeout\":1}", "{\"sid\":7,\"pingInterval\":1,\"pingTimeout\":1}"})
            QVERIFY2(!EngineIoParser::parseOpen(bad).error.isEmpty(), bad);
    }

    void socketIoPackets_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("nsp");
        QTest::addColumn<qint64>("ackId");
        QTest::addColumn<QByteArray>("payload");
        QTest::newRow("connect ok") << QByteArray("0{\"sid\":\"abc\"}") << 0 << "/" << qint64(-1) << QByteArray("{\"sid\":\"abc\"}");
        QTest::newRow("connect ns") << QByteArray("0/admin,{\"sid\":\"x\"}") << 0 << "/admin" << qint64(-1) << QByteArray("{\"sid\":\"x\"}");
        QTest::newRow("disconnect") << QByteArray("1") << 1 << "/" << qint64(-1) << QByteArray();
        QTest::newRow("disconnect ns") << QByteArray("1/admin,") << 1 << "/admin" << qint64(-1) << QByteArray();
        QTest::newRow("event") << QByteArray("2[\"tick\",{\"p\":1}]") << 2 << "/" << qint64(-1) << QByteArray("[\"tick\",{\"p\":1}]");
        QTest::newRow("event ns ack") << QByteArray("2/prices,12[\"tick\",1]") << 2 << "/prices" << qint64(12) << QByteArray("[\"tick\",1]");
        QTest::newRow("event ack") << QByteArray("27[\"x\"]") << 2 << "/" << qint64(7) << QByteArray("[\"x\"]");
        QTest::newRow("ack") << QByteArray("33[]") << 3 << "/" << qint64(3) << QByteArray("[]");
        QTest::newRow("connect error") << QByteArray("4{\"message\":\"not authorized\"}") << 4 << "/" << qint64(-1) << QByteArray("{\"message\":\"not authorized\"}");
        QTest::newRow("connect error ns") << QByteArray("4/admin,{\"message\":\"Invalid namespace\"}") << 4 << "/admin" << qint64(-1) << QByteArray("{\"message\":\"Invalid namespace\"}");
    }
    void socketIoPackets()
    {
        QFETCH(QByteArray, data);
        QFETCH(int, type);
        QFETCH(QString, nsp);
        QFETCH(qint64, ackId);
        QFETCH(QByteArray, payload);
        const SocketIoPacket p = EngineIoParser::parseSocketIo(data);
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        QCOMPARE(int(p.type), type);
        QCOMPARE(p.nsp, nsp);
        QCOMPARE(p.ackId, ackId);
        QCOMPARE(p.payload.toByteArray(), payload);
    }

    void socketIoRefused_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("says");
        QTest::newRow("binary event") << QByteArray("51-[\"img\",{\"_placeholder\":true,\"num\":0}]") << "binary";
        QTest::newRow("binary ack") << QByteArray("61-0[{\"_placeholder\":true,\"num\":0}]") << "binary";
        QTest::newRow("empty") << QByteArray() << "not a Socket.IO";
        QTest::newRow("type 9") << QByteArray("9") << "not a Socket.IO";
        QTest::newRow("event object") << QByteArray("2{\"a\":1}") << "without a JSON array";
        QTest::newRow("event empty") << QByteArray("2") << "without a JSON array";
        QTest::newRow("connect array") << QByteArray("0[1]") << "not a JSON object";
        QTest::newRow("huge ns") << QByteArray("2/" + QByteArray(300, 'n') + ",[\"a\"]") << "namespace longer";
        QTest::newRow("huge ack") << QByteArray("2" + QByteArray(40, '9') + "[\"a\"]") << "ack id longer";
    }
    void socketIoRefused()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, says);
        const SocketIoPacket p = EngineIoParser::parseSocketIo(data);
        QCOMPARE(p.type, SocketIoPacket::Invalid);
        QVERIFY2(p.error.contains(says), qPrintable(p.error));
    }

    void clientPackets()
    {
        QCOMPARE(EngineIoParser::connectPacket(QStringLiteral("/"), ""), QByteArray("40"));
        QCOMPARE(EngineIoParser::connectPacket(QStringLiteral("/"), "{\"token\":\"t\"}"), QByteArray("40{\"token\":\"t\"}"));
        QCOMPARE(EngineIoParser::connectPacket(QStringLiteral("/admin"), "{\"token\":\"t\"}"), QByteArray("40/admin,{\"token\":\"t\"}"));
        QCOMPARE(EngineIoParser::eventPacket(QStringLiteral("/admin"), " [\"sub\",\"BTC\"] "), QByteArray("42/admin,[\"sub\",\"BTC\"]"));
        QCOMPARE(EngineIoParser::ackPacket(QStringLiteral("/"), 12), QByteArray("4312[]"));
        QCOMPARE(EngineIoParser::ackPacket(QStringLiteral("/a"), 0), QByteArray("43/a,0[]"));
    }

    void eventMessageForm_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("one arg") << QByteArray("[\"tick\",{\"p\":1.50}]") << QByteArray("{\"event\":\"tick\",\"data\":{\"p\":1.50},\"args\":[{\"p\":1.50}]}");
        QTest::newRow("no arg") << QByteArray("[\"hello\"]") << QByteArray("{\"event\":\"hello\",\"data\":null,\"args\":[]}");
        QTest::newRow("three args") << QByteArray(" [ \"m\" , 1 , \"a,]}\" , [2,{\"x\":[3]}] ] ") << QByteArray("{\"event\":\"m\",\"data\":1,\"args\":[1,\"a,]}\",[2,{\"x\":[3]}]]}");
        QTest::newRow("escaped name") << QByteArray("[\"a\\\"b\\\\\",9007199254740993]")
                                      << QByteArray("{\"event\":\"a\\\"b\\\\\",\"data\":9007199254740993,\"args\":[9007199254740993]}");
        QTest::newRow("unicode") << QByteArray("[\"t\xC2\xB0\",\"\xE2\x82\xAC\"]") << QByteArray("{\"event\":\"t\xC2\xB0\",\"data\":\"\xE2\x82\xAC\",\"args\":[\"\xE2\x82\xAC\"]}");
    }
    void eventMessageForm()
    {
        QFETCH(QByteArray, payload);
        QFETCH(QByteArray, message);
        QString error;
        const QByteArray out = EngineIoParser::eventMessage(payload, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(out, message);
        QJsonParseError err{};
        QJsonDocument::fromJson(out, &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
    }

    void eventMessageRefused()
    {
        for (const char *bad : {"[]", "[1,2]", "[{\"a\":1}]", "[\"a\",", "[\"a\"]]", "[\"a\"] x", "[\"a\",\"\xFF\"]", "null"}) {
            QString error;
            QVERIFY2(EngineIoParser::eventMessage(bad, &error).isEmpty(), bad);
            QVERIFY(!error.isEmpty());
        }
        QString error;
        const QByteArray deep = QByteArray("[\"d\",") + QByteArray(100'000, '[') + QByteArray(100'000, ']') + "]";
        QVERIFY(EngineIoParser::eventMessage(deep, &error).isEmpty()); // too deep for the JSON parser: refused, no crash
    }

    void connectErrorText()
    {
        QCOMPARE(EngineIoParser::connectErrorText("{\"message\":\"not authorized\",\"data\":{\"x\":1}}"), QStringLiteral("not authorized"));
        QCOMPARE(EngineIoParser::connectErrorText("\"Invalid namespace\""), QStringLiteral("Invalid namespace"));
        QCOMPARE(EngineIoParser::connectErrorText(""), QStringLiteral("no reason given"));
        QVERIFY(EngineIoParser::connectErrorText(QByteArray(5000, '{')).size() < 100);
    }

    void namespaceChecked()
    {
        QVERIFY(EngineIoParser::namespaceProblem(QStringLiteral("/")).isEmpty());
        QVERIFY(EngineIoParser::namespaceProblem(QStringLiteral("/prices")).isEmpty());
        QVERIFY(!EngineIoParser::namespaceProblem(QStringLiteral("prices")).isEmpty());
        QVERIFY(!EngineIoParser::namespaceProblem(QStringLiteral("/a,b")).isEmpty());
        QVERIFY(!EngineIoParser::namespaceProblem(QStringLiteral("/a\nb")).isEmpty());
        QVERIFY(!EngineIoParser::namespaceProblem(QLatin1Char('/') + QString(300, QLatin1Char('n'))).isEmpty());
    }

    void hostileNeverCrashes()
    {
        QRandomGenerator rng(4);
        const char alphabet[] = "0123456/,[]{}\"\\:ab \xFF";
        for (int i = 0; i < 20'000; ++i) {
            QByteArray frame(int(rng.bounded(40)), Qt::Uninitialized);
            for (char &c : frame)
                c = alphabet[rng.bounded(int(sizeof(alphabet) - 1))];
            const EngineIoPacket e = EngineIoParser::parsePacket(frame);
            if (e.type != EngineIoPacket::Message)
                continue;
            const SocketIoPacket s = EngineIoParser::parseSocketIo(e.data);
            if (s.type != SocketIoPacket::Event)
                continue;
            QString error;
            const QByteArray out = EngineIoParser::eventMessage(s.payload, &error);
            if (out.isEmpty())
                continue;
            QJsonParseError err{};
            QJsonDocument::fromJson(out, &err); // whatever got through is valid JSON
            QCOMPARE(err.error, QJsonParseError::NoError);
        }
    }
};

QTEST_GUILESS_MAIN(tst_EngineIoParser)
#include "tst_engineioparser.moc"
