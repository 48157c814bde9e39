// RFC 6455 framing of the hub, transport-agnostic: every case talks raw bytes to a
// HubServer on 127.0.0.1 (default HubConfig) and parses the frames it sends back. A
// protocol violation must fail the connection with the RFC close code and end TCP; valid
// but unusual framing (fragments, pings between fragments, UTF-8 split across fragments,
// one byte per write, 16- and 64-bit lengths, a third-party client) must work end to end.
// After every case a peer logged in before it (the keeper) is still served (cleanup()).
// The opening handshake is specified in tst_hubupgrade.cpp.
#include "hubserver.h"
#include "hubkeeper.h"
#include "pythonpeer.h"
#include "rawwsclient.h"

#include <QtTest>
#include <memory>

using Spec = RawWsClient::Spec;

class tst_HubFraming : public QObject
{
    Q_OBJECT
private:
    HubKeeper m_fixture;
    static QByteArray f(const QByteArray &payload, const Spec &spec = {})
    {
        return RawWsClient::frame(payload, spec);
    }
    // A raw client past the upgrade and, given a nick, past hello/welcome.
    bool open(RawWsClient &raw, const QByteArray &nick = {})
    {
        if (!raw.connectTo(m_fixture.hub->port()) || raw.upgrade("/") != "HTTP/1.1 101 Switching Protocols")
            return false;
        if (nick.isEmpty())
            return true;
        raw.sendText("{\"type\":\"hello\",\"version\":1,\"nick\":\"" + nick + "\"}");
        return !raw.readEnvelope(QStringLiteral("welcome")).isEmpty();
    }
    // Code of the close frame the hub sent; -1 when none came within 3 s (a conforming hub
    // decides at once: nothing here waits for a timeout of the hub).
    static int closeCode(RawWsClient &raw)
    {
        const std::optional<RawWsClient::Frame> close = raw.readFrame(0x8, 3000);
        return close ? close->closeCode() : -1;
    }
    // After its close frame the hub ended the TCP connection and forgot the peer.
    bool endedAndForgotten(RawWsClient &raw)
    {
        return raw.waitClosed() && QTest::qWaitFor([this] { return m_fixture.hub->connectionCount() == 1; }, 5000);
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
        QCOMPARE(m_fixture.keeper->ofType(QStringLiteral("error")).size(), 0);
        m_fixture.stop();
    }

    // Cases 3-10 and 12 of the conformance list: each must fail the connection.
    void violationFailsTheConnection_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("alternative");   // also conforming; which one is logged
        auto row = [](const char *name, const QByteArray &bytes, int code, int alternative = 0) {
            QTest::newRow(name) << bytes << code << alternative;
        };
        // Qt 6.4's QWebSocket (which served wss:// until both transports shared
        // WsServerLink) failed this row and "2nd fragment header": it took unmasked frames
        // and checked the message size only after the whole fragment.
        row("unmasked client frame", f("{}", {.masked = false}), 1002);
        row("RSV1", f("{}", {.rsv = 0x40}), 1002);
        row("RSV2", f("{}", {.rsv = 0x20}), 1002);
        row("RSV3", f("{}", {.rsv = 0x10}), 1002);
        for (int op : {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF})
            QTest::addRow("reserved opcode 0x%X", op) << f("x", {.opcode = quint8(op)}) << 1002 << 0;
        row("ping of 126 bytes", f(QByteArray(126, 'p'), {.opcode = 0x9}), 1002);
        row("fragmented ping", f("p", {.opcode = 0x9, .fin = false}), 1002);
        row("continuation, no message started", f("{}", {.opcode = 0x0}), 1002);
        row("text inside a fragmented text", f(R"({"type":)", {.fin = false}) + f(R"("ping"})"), 1002);
        row("64-bit length with the MSB set", f({}, {.declared = 0x8000'0000'0000'0010ULL}), 1002, 1009);
        // 1009 must follow the header alone: these never send the payload announced.
        row("frame header over 64 KiB", f({}, {.declared = 70'000}), 1009);
        row("2nd fragment header, message over 64 KiB",
            f(QByteArray(40 * 1024, ' '), {.fin = false}) + f({}, {.opcode = 0x0, .declared = 40 * 1024}), 1009);
        row("whole 70,000-byte frame (64-bit length)", f(QByteArray(70'000, ' ')), 1009);
        row("invalid UTF-8 FF FE", f(QByteArray::fromHex("22fffe22")), 1007);
        row("overlong C0 AF", f(QByteArray::fromHex("22c0af22")), 1007);
        row("surrogate ED A0 80", f(QByteArray::fromHex("22eda08022")), 1007);
        row("above U+10FFFF F4 90 80 80", f(QByteArray::fromHex("22f490808022")), 1007);
        row("truncated E2 82 at message end", f(QByteArray::fromHex("7b7de282")), 1007);
        row("invalid UTF-8 across fragments",
            f(QByteArray::fromHex("22e2"), {.fin = false}) + f(QByteArray::fromHex("2822"), {.opcode = 0x0}), 1007);
        row("close with a 1-byte payload", f("\x03", {.opcode = 0x8}), 1002);
        for (int code : {0, 999, 1004, 1005, 1006, 1016, 2000, 2999})
            QTest::addRow("close code %d", code) << RawWsClient::closeFrame(code) << 1002 << 0;
        row("close reason not UTF-8", RawWsClient::closeFrame(1000, QByteArray::fromHex("ff")), 1007, 1002);
    }
    void violationFailsTheConnection()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, code);
        QFETCH(int, alternative);
        RawWsClient raw;
        QVERIFY(open(raw));
        QTRY_COMPARE(m_fixture.hub->connectionCount(), 2);
        raw.sendRaw(bytes);
        const int got = closeCode(raw);
        if (alternative != 0 && got == alternative)
            qInfo("%s: the hub closed with %d (%d is also accepted)", QTest::currentDataTag(), got, code);
        QVERIFY2(got == code || (alternative != 0 && got == alternative),
                 qPrintable(QStringLiteral("close code %1, expected %2").arg(got).arg(code)));
        QVERIFY(endedAndForgotten(raw));
    }

    // Case 12: a valid close is answered with a close (same code or 1000), then TCP ends.
    void closeHandshakeIsCompleted_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("code");
        QTest::newRow("1000 bye") << RawWsClient::closeFrame(1000, "bye") << 1000;
        QTest::newRow("1001") << RawWsClient::closeFrame(1001) << 1001;
        QTest::newRow("3000") << RawWsClient::closeFrame(3000) << 3000;
        QTest::newRow("4999") << RawWsClient::closeFrame(4999) << 4999;
        QTest::newRow("no status code") << f({}, {.opcode = 0x8}) << 1005;
    }
    void closeHandshakeIsCompleted()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, code);
        RawWsClient raw;
        QVERIFY(open(raw, "closer"));
        raw.sendRaw(bytes);
        const int got = closeCode(raw);
        QVERIFY2(got == code || got == 1000, qPrintable(QStringLiteral("echoed close code %1").arg(got)));
        QVERIFY(endedAndForgotten(raw));
    }

    // Case 11: ping -> pong with the same payload, also between fragments; pongs ignored.
    void pingIsAnsweredUnsolicitedPongIgnored()
    {
        RawWsClient raw;
        QVERIFY(open(raw, "pinger"));
        raw.sendRaw(f("abc", {.opcode = 0x9}));
        std::optional<RawWsClient::Frame> pong = raw.readFrame(0xA);
        QVERIFY(pong);
        QCOMPARE(pong->payload, QByteArray("abc"));
        QVERIFY(pong->fin && !pong->masked && pong->rsv == 0);
        raw.sendRaw(f("unsolicited", {.opcode = 0xA}));
        raw.sendRaw(f(R"({"type":"ping",)", {.fin = false}) + f("between", {.opcode = 0x9})
                    + f(R"("id":"fragmented"})", {.opcode = 0x0}));
        pong = raw.readFrame(0xA);
        QVERIFY(pong);
        QCOMPARE(pong->payload, QByteArray("between"));
        QCOMPARE(raw.readEnvelope(QStringLiteral("pong")).value("re").toString(), QStringLiteral("fragmented"));
        QVERIFY(!raw.readFrame(0x8, 0));
        QCOMPARE(raw.socket.state(), QAbstractSocket::ConnectedState);
    }

    // Case 14: hello and say in 3 fragments each, split inside the JSON, work end to end.
    void fragmentedMessagesAreAssembled()
    {
        RawWsClient raw;
        QVERIFY(open(raw));
        raw.sendRaw(f(R"({"type":"hel)", {.fin = false}) + f(R"(lo","version":1,)", {.opcode = 0x0, .fin = false})
                    + f(R"("nick":"frag"})", {.opcode = 0x0}));
        QCOMPARE(raw.readEnvelope(QStringLiteral("welcome")).value("nick").toString(), QStringLiteral("frag"));
        raw.sendText(R"({"type":"join","room":"r"})");
        QVERIFY(!raw.readEnvelope(QStringLiteral("joined")).isEmpty());
        raw.sendRaw(f(R"({"type":"say",)", {.fin = false})
                    + f(R"("room":"r","id":"s1",)", {.opcode = 0x0, .fin = false})
                    + f(R"("text":"café au lait"})", {.opcode = 0x0}));
        QCOMPARE(raw.readEnvelope(QStringLiteral("ack")).value("re").toString(), QStringLiteral("s1"));
        QCOMPARE(raw.readEnvelope(QStringLiteral("msg")).value("text").toString(), QStringLiteral("café au lait"));
    }

    // Case 10: UTF-8 is checked per message, so a character split across fragments is valid
    // (Qt 6.4's QWebSocket, which served wss:// before, decoded each fragment alone: 1007).
    void utf8SplitAcrossFragmentsIsAccepted()
    {
        RawWsClient raw;
        QVERIFY(open(raw, "split"));
        raw.sendText(R"({"type":"join","room":"r"})");
        QVERIFY(!raw.readEnvelope(QStringLiteral("joined")).isEmpty());
        const QByteArray say = R"({"type":"say","room":"r","id":"s2","text":"café au lait"})";
        const qsizetype cut = say.indexOf('\xC3') + 1;   // between the two bytes of 'é'
        raw.sendRaw(f(say.left(12), {.fin = false}) + f(say.mid(12, cut - 12), {.opcode = 0x0, .fin = false})
                    + f(say.mid(cut), {.opcode = 0x0}));
        QCOMPARE(raw.readEnvelope(QStringLiteral("ack")).value("re").toString(), QStringLiteral("s2"));
        QCOMPARE(raw.readEnvelope(QStringLiteral("msg")).value("text").toString(), QStringLiteral("café au lait"));
    }

    // Case 13: a half-sent frame then a disconnect; a frame written one byte at a time.
    void brokenAndTrickledFrames()
    {
        RawWsClient half;
        QVERIFY(open(half));
        QTRY_COMPARE(m_fixture.hub->connectionCount(), 2);
        half.sendRaw(f(QByteArray(100, ' ')).left(20));
        half.socket.abort();   // well before any read timeout of the hub (Qt's is 5 s)
        QTRY_COMPARE_WITH_TIMEOUT(m_fixture.hub->connectionCount(), 1, 2000);

        RawWsClient slow;
        QVERIFY(open(slow));
        slow.sendRaw(f(R"({"type":"hello","version":1,"nick":"slow"})"), 1);
        QCOMPARE(slow.readEnvelope(QStringLiteral("welcome")).value("nick").toString(), QStringLiteral("slow"));
        slow.sendRaw(f("abc", {.opcode = 0x9}), 1);
        const std::optional<RawWsClient::Frame> pong = slow.readFrame(0xA);
        QVERIFY(pong && pong->payload == "abc");
    }

    // Case 15: 16- and 64-bit lengths both ways; a 60 KiB chat text is a protocol error.
    void largeMessagesUseLongLengthForms()
    {
        RawWsClient pub, sub;
        QVERIFY(open(pub, "pub") && open(sub, "sub"));
        sub.sendText(R"({"type":"subscribe","topic":"big/t","id":1})");
        QVERIFY(!sub.readEnvelope(QStringLiteral("subscribed")).isEmpty());
        const QByteArray text(60 * 1024, 'x');   // 16-bit length form
        pub.sendText("{\"type\":\"say\",\"room\":\"r\",\"id\":\"big\",\"text\":\"" + text + "\"}");
        const QJsonObject error = pub.readEnvelope(QStringLiteral("error"));
        QCOMPARE(error.value("code").toString(), QStringLiteral("invalid_field"));
        QCOMPARE(error.value("field").toString(), QStringLiteral("text"));
        for (qsizetype size : {60 * 1024, 64 * 1024}) {   // 64 KiB: the largest message allowed
            QByteArray publish = "{\"type\":\"publish\",\"topic\":\"big/t\",\"data\":{\"s\":\"";
            const qsizetype filler = size - publish.size() - 3;
            publish += QByteArray(filler, 'y') + "\"}}";
            QCOMPARE(publish.size(), size);
            pub.sendRaw(f(publish));   // 16-bit length form, then 64-bit (65,536 > 65,535)
            const QJsonObject sample = sub.readEnvelope(QStringLiteral("sample"));
            QCOMPARE(sample.value("data").toObject().value("s").toString().size(), filler);
            QCOMPARE(sub.lastText.lengthBytes, size < 64 * 1024 ? 2 : 8);
            QVERIFY(sub.lastText.fin && !sub.lastText.masked);
        }
        QCOMPARE(pub.socket.state(), QAbstractSocket::ConnectedState);
    }

    // Case 16: a third-party client (Python websockets) fragments hello and pings with a payload.
    void thirdPartyClientFragmentsAndPings()
    {
        QVERIFY2(QFile::exists(PythonPeer::python()), "python3-websockets is needed (/usr/bin/python3)");
        PythonPeer py;
        QVERIFY(py.run(PythonPeer::python(), QStringLiteral(PULSEBOARD_PEERS_DIR "/framing_peer.py"),
                       QStringLiteral("%1://127.0.0.1:%2/").arg(HubTransport::scheme()).arg(m_fixture.hub->port()),
                       QStringLiteral("py"), {}));
        QVERIFY(py.waitRx(QStringLiteral("welcome")) >= 0);
        QVERIFY(py.waitEvent(QStringLiteral("pong")) >= 0);
        const int pong = py.waitRx(QStringLiteral("pong"));
        QVERIFY(pong >= 0);
        QCOMPARE(py.lines.at(pong).value("rx").toObject().value("re").toString(), QStringLiteral("fragmented"));
        const int closed = py.waitEvent(QStringLiteral("closed"));
        QVERIFY(closed >= 0);
        QCOMPARE(py.lines.at(closed).value("code").toInt(), 1000);
        QTRY_COMPARE(m_fixture.hub->connectionCount(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_HubFraming)
#include "tst_hubframing.moc"
