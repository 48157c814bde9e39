// The client role of our RFC 6455 engine (WsClient through FeedClient) against a
// hand-driven server (RawWsServer): every crafted server frame that breaks the protocol
// fails the connection with the right close code ON THE WIRE (read back from the client's
// masked close frame) and a readable error; a bad handshake answer (Sec-WebSocket-Accept,
// a subprotocol or extension we did not offer, HTTP errors, a huge or truncated head, a
// slowloris server) is refused before Live; fragments with pings between them and UTF-8
// split across fragments are fine; the close handshake works both ways.
#include "feedclient.h"
#include "rawwsserver.h"

#include <QSignalSpy>
#include <QTest>

namespace {
FeedEndpoint endpointFor(const QUrl &url)
{
    FeedEndpoint e;
    e.url = url;
    e.pingIntervalMs = 0;
    e.handshakeTimeoutMs = 5000;
    e.autoReconnect = false;        // one attempt: its error is the one to read
    e.useSystemProxy = false;
    e.offerDeflate = false;
    e.maxFrameBytes = 1024;
    e.maxMessageBytes = 4096;
    return e;
}

QByteArray bytes(std::initializer_list<int> list)
{
    QByteArray b;
    for (int v : list)
        b.append(char(v));
    return b;
}
} // namespace

class tst_WsClientFraming : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<FeedState>(); }
    void badServerFrames_data();
    void badServerFrames();
    void fragmentsPingsAndSplitCharacters();
    void serverCloseIsAnswered_data();
    void serverCloseIsAnswered();
    void clientCloseWaitsForServer();
    void badHandshake_data();
    void badHandshake();
    void slowlorisServerTimesOut();
};

void tst_WsClientFraming::badServerFrames_data()
{
    QTest::addColumn<QByteArray>("frames");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("error");
    const QByteArray text = RawWsServer::frame(0x81, "ok");
    QTest::newRow("masked server frame") << (text + bytes({0x81, 0x82, 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2})) << 1002 << "server frame masked";
    QTest::newRow("RSV1 without extension") << (text + RawWsServer::frame(0xC1, "hi")) << 1002 << "reserved bits";
    QTest::newRow("RSV2") << RawWsServer::frame(0xA1, "hi") << 1002 << "reserved bits";
    QTest::newRow("RSV3") << RawWsServer::frame(0x91, "hi") << 1002 << "reserved bits";
    QTest::newRow("reserved data opcode 3") << RawWsServer::frame(0x83, "") << 1002 << "reserved opcode 3";
    QTest::newRow("reserved control opcode 11") << RawWsServer::frame(0x8B, "") << 1002 << "reserved opcode 11";
    QTest::newRow("fragmented ping") << RawWsServer::frame(0x09, "p") << 1002 << "fragmented control frame";
    QTest::newRow("ping over 125 bytes") << RawWsServer::frame(0x89, QByteArray(126, 'p')) << 1002 << "longer than 125";
    QTest::newRow("continuation without start") << RawWsServer::frame(0x80, "a") << 1002 << "continuation frame without";
    QTest::newRow("new message inside fragmented") << (RawWsServer::frame(0x01, "a") + RawWsServer::frame(0x81, "b")) << 1002 << "new message inside";
    QTest::newRow("64-bit length top bit") << bytes({0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 1}) << 1002 << "top bit";
    // Decided from the header: the 4 KiB payload is never sent.
    QTest::newRow("frame over maxFrameBytes") << bytes({0x81, 0x7E, 0x10, 0x00}) << 1009 << "message larger than 1 KiB limit";
    QTest::newRow("message over maxMessageBytes") << (RawWsServer::frame(0x01, QByteArray(1000, 'a')) + RawWsServer::frame(0x00, QByteArray(1000, 'a'))
                                                      + RawWsServer::frame(0x00, QByteArray(1000, 'a')) + RawWsServer::frame(0x00, QByteArray(1000, 'a'))
                                                      + bytes({0x80, 0x7E, 0x03, 0xE8})) << 1009 << "message larger than 4 KiB limit";
    QTest::newRow("invalid UTF-8") << RawWsServer::frame(0x81, bytes({0xC3, 0x28})) << 1007 << "not UTF-8";
    QTest::newRow("truncated character at message end") << (RawWsServer::frame(0x01, bytes({'a', 0xE2})) + RawWsServer::frame(0x80, bytes({0x82}))) << 1007 << "not UTF-8";
    QTest::newRow("surrogate") << RawWsServer::frame(0x81, bytes({0xED, 0xA0, 0x80})) << 1007 << "not UTF-8";
    QTest::newRow("close code 1005 on the wire") << RawWsServer::frame(0x88, bytes({0x03, 0xED})) << 1002 << "invalid close code 1005";
    QTest::newRow("close code 999") << RawWsServer::frame(0x88, bytes({0x03, 0xE7})) << 1002 << "invalid close code 999";
    QTest::newRow("close code 2000") << RawWsServer::frame(0x88, bytes({0x07, 0xD0})) << 1002 << "invalid close code 2000";
    QTest::newRow("close 1-byte payload") << RawWsServer::frame(0x88, bytes({0x03})) << 1002 << "1-byte payload";
    QTest::newRow("close reason not UTF-8") << RawWsServer::frame(0x88, bytes({0x03, 0xE8, 0xC3, 0x28})) << 1007 << "close reason is not UTF-8";
}

void tst_WsClientFraming::badServerFrames()
{
    QFETCH(QByteArray, frames);
    QFETCH(int, code);
    QFETCH(QString, error);
    RawWsServer server;
    server.afterUpgrade = frames;
    FeedClient client(endpointFor(server.url()));
    QSignalSpy errors(&client, &FeedClient::errorText);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), FeedState::Failed, 5000);
    QTRY_COMPARE(server.closeCode(), code);
    for (const RawWsServer::Frame &f : server.frames())
        QVERIFY2(f.masked, "every client frame is masked");
    QCOMPARE(errors.count(), 1);
    const QString text = errors.first().at(0).toString();
    QVERIFY2(text.contains(error), qPrintable(text));
    if (code != 1009)
        QVERIFY2(text.contains(QStringLiteral("closed with %1").arg(code)), qPrintable(text));
    QCOMPARE(client.stats().dropped, code == 1009 ? 1 : 0);
    QTRY_VERIFY(server.peerClosed());   // and the TCP connection ends
}

void tst_WsClientFraming::fragmentsPingsAndSplitCharacters()
{
    // "°C €" split at every byte, a ping between every two fragments; then a binary message
    // in 3 fragments, and a message with an empty final fragment.
    const QByteArray utf8 = QStringLiteral("21.5 \u00b0C \u20ac \u4e2d \U0001F600").toUtf8();
    QByteArray stream;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const bool first = i == 0, last = i == utf8.size() - 1;
        stream += RawWsServer::frame(quint8((last ? 0x80 : 0) | (first ? 0x1 : 0x0)), utf8.mid(i, 1));
        if (!last)
            stream += RawWsServer::frame(0x89, "p" + QByteArray::number(i));
    }
    stream += RawWsServer::frame(0x02, "ab") + RawWsServer::frame(0x00, "cd") + RawWsServer::frame(0x80, "ef");
    stream += RawWsServer::frame(0x01, "end") + RawWsServer::frame(0x80, "");
    RawWsServer server;
    server.afterUpgrade = stream;
    FeedClient client(endpointFor(server.url()));
    QSignalSpy texts(&client, &FeedClient::textMessage);
    QSignalSpy binaries(&client, &FeedClient::binaryMessage);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(texts.count(), 2, 5000);
    QCOMPARE(texts.at(0).at(0).toByteArray(), utf8);
    QCOMPARE(texts.at(1).at(0).toByteArray(), QByteArray("end"));
    QCOMPARE(binaries.count(), 1);
    QCOMPARE(binaries.at(0).at(0).toByteArray(), QByteArray("abcdef"));
    // Every ping was answered with its own payload, masked.
    QTRY_COMPARE(server.frames().size(), int(utf8.size() - 1));
    for (int i = 0; i < server.frames().size(); ++i) {
        QCOMPARE(server.frames().at(i).opcode, 0xA);
        QVERIFY(server.frames().at(i).masked);
        QCOMPARE(server.frames().at(i).payload, "p" + QByteArray::number(i));
    }
    QCOMPARE(client.state(), FeedState::Live);
    QCOMPARE(client.stats().messages, 3);
    QCOMPARE(client.stats().bytes, utf8.size() + 3 + 6);
}

void tst_WsClientFraming::serverCloseIsAnswered_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("echoed");
    QTest::addColumn<QString>("error");
    QTest::newRow("1000 with reason") << bytes({0x03, 0xE8, 'b', 'y', 'e'}) << 1000 << "(code 1000: bye)";
    QTest::newRow("4001 private") << bytes({0x0F, 0xA1}) << 4001 << "(code 4001)";
    QTest::newRow("no code") << QByteArray() << 0 << "(code 1005)";
}

void tst_WsClientFraming::serverCloseIsAnswered()
{
    QFETCH(QByteArray, payload);
    QFETCH(int, echoed);
    QFETCH(QString, error);
    RawWsServer server;
    server.afterUpgrade = RawWsServer::frame(0x81, "x") + RawWsServer::frame(0x88, payload);
    FeedClient client(endpointFor(server.url()));
    QSignalSpy texts(&client, &FeedClient::textMessage);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), FeedState::Failed, 5000);
    QCOMPARE(texts.count(), 1);
    QTRY_COMPARE(server.closeCode(), echoed);   // RFC 6455 5.5.1: the same code comes back
    QVERIFY2(client.stats().lastError.endsWith(error), qPrintable(client.stats().lastError));
    QVERIFY(client.stats().lastError.startsWith(QStringLiteral("server 127.0.0.1:%1 closed").arg(server.port())));
}

void tst_WsClientFraming::clientCloseWaitsForServer()
{
    RawWsServer server;
    FeedClient client(endpointFor(server.url()));
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), FeedState::Live, 5000);
    client.close();
    QCOMPARE(client.state(), FeedState::Closed);
    QTRY_COMPARE(server.closeCode(), 1000);
    QVERIFY(!server.peerClosed());   // the client waits for the server's close frame ...
    server.send(RawWsServer::frame(0x88, bytes({0x03, 0xE8})));
    QTRY_VERIFY(server.peerClosed());   // ... then the TCP connection ends
    QCOMPARE(server.frames().size(), 1);   // one close frame, nothing after it
}

void tst_WsClientFraming::badHandshake_data()
{
    QTest::addColumn<QByteArray>("response");   // "%ACCEPT%" = the right Sec-WebSocket-Accept
    QTest::addColumn<QString>("error");
    const QByteArray ok = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
    QTest::newRow("wrong accept") << ok + "Sec-WebSocket-Accept: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n" << "Sec-WebSocket-Accept does not match";
    QTest::newRow("no accept") << ok + "\r\n" << "Sec-WebSocket-Accept does not match";
    QTest::newRow("unoffered subprotocol") << ok + "Sec-WebSocket-Accept: %ACCEPT%\r\nSec-WebSocket-Protocol: evil\r\n\r\n" << "subprotocol \"evil\", which was not offered (offered: pb.v1)";
    QTest::newRow("two subprotocols") << ok + "Sec-WebSocket-Accept: %ACCEPT%\r\nSec-WebSocket-Protocol: pb.v1, pb.v2\r\n\r\n" << "more than one subprotocol";
    QTest::newRow("unoffered extension") << ok + "Sec-WebSocket-Accept: %ACCEPT%\r\nSec-WebSocket-Extensions: x-webkit-deflate-frame\r\n\r\n" << "extension \"x-webkit-deflate-frame\", which was not offered";
    QTest::newRow("deflate not offered") << ok + "Sec-WebSocket-Accept: %ACCEPT%\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n" << "extension \"permessage-deflate\", which was not offered";
    QTest::newRow("no Upgrade header") << QByteArray("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %ACCEPT%\r\n\r\n") << "no \"Upgrade: websocket\"";
    QTest::newRow("no Connection header") << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: %ACCEPT%\r\n\r\n") << "no \"Connection: Upgrade\"";
    QTest::newRow("HTTP 404") << QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n") << "refused the WebSocket upgrade with HTTP 404 Not Found: check the path";
    QTest::newRow("HTTP 200") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}") << "plain HTTP resource";
    QTest::newRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n") << "did not answer with HTTP";
    // The server's words are quoted with U+FFFD for control characters (fuzz_wshandshake, PeerText).
    QTest::newRow("status line with an ANSI escape")
        << QByteArray("HTTP/1.1 404 Not\x1b[2JFound\r\n\r\n") << QStringLiteral("HTTP 404 Not\uFFFD[2JFound");
    QTest::newRow("huge head") << ok + "X-Pad: " + QByteArray(20000, 'a') << "response head over 16 KiB";
    QTest::newRow("many header lines") << ok + QByteArray("X-Pad: aaaaaaaaaaaaaaaaaaaa\r\n").repeated(1000) << "response head over 16 KiB";
    QTest::newRow("truncated head") << QByteArray("HTTP/1.1 101 Switching Pro") << "before answering the WebSocket upgrade";
}

void tst_WsClientFraming::badHandshake()
{
    QFETCH(QByteArray, response);
    QFETCH(QString, error);
    RawWsServer server;
    server.answer = [&server, response](const QByteArray &key) {
        QByteArray r = response;
        r.replace("%ACCEPT%", WsUpgrade::acceptKey(key));
        QMetaObject::invokeMethod(&server, [&server] { server.closeTcp(); }, Qt::QueuedConnection);
        return r;
    };
    FeedEndpoint e = endpointFor(server.url());
    e.subprotocols = {QStringLiteral("pb.v1")};
    FeedClient client(e);
    QSignalSpy errors(&client, &FeedClient::errorText);
    QSignalSpy states(&client, &FeedClient::stateChanged);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), FeedState::Failed, 5000);
    QCOMPARE(errors.count(), 1);
    const QString text = errors.first().at(0).toString();
    QVERIFY2(text.contains(error), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("127.0.0.1:%1").arg(server.port())), qPrintable(text));
    for (QChar c : text)   // one readable line
        QVERIFY2(c.category() != QChar::Other_Control, qPrintable(text.toUtf8().toPercentEncoding(" ")));
    for (const auto &args : states)
        QVERIFY(args.at(0).value<FeedState>() != FeedState::Live);   // never Live
    QCOMPARE(server.frames().size(), 0);   // not one frame to a server that failed the handshake
}

void tst_WsClientFraming::slowlorisServerTimesOut()
{
    RawWsServer server;
    QTimer drip;
    int sent = 0;
    const QByteArray head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n";
    server.answer = [&](const QByteArray &) {
        drip.start(50);   // one byte every 50 ms: the head would take seconds
        return QByteArray();
    };
    connect(&drip, &QTimer::timeout, &server, [&] { server.send(head.mid(sent++ % head.size(), 1)); });
    FeedEndpoint e = endpointFor(server.url());
    e.handshakeTimeoutMs = 400;
    FeedClient client(e);
    QSignalSpy errors(&client, &FeedClient::errorText);
    QElapsedTimer t;
    t.start();
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 5000);
    QVERIFY(t.elapsed() >= 390);
    QCOMPARE(errors.first().at(0).toString(),
             QStringLiteral("no WebSocket handshake from 127.0.0.1:%1 within 400 ms").arg(server.port()));
    QVERIFY(sent >= 3);
    QCOMPARE(client.state(), FeedState::Failed);
}

QTEST_GUILESS_MAIN(tst_WsClientFraming)
#include "tst_wsclientframing.moc"
