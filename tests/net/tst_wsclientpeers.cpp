// Our WebSocket client (FeedClient on WsClient) against peers we did not write:
//  * Node `ws` 8.18 sending every text message one BYTE per fragment (multi-byte UTF-8
//    split across fragments: °C, €, CJK, emoji), a ping between every two fragments, with
//    and without permessage-deflate: every message arrives intact and the connection stays
//    up (QWebSocket closed such a feed with 1007 and looped reconnecting);
//  * permessage-deflate with Node `ws` (perMessageDeflate: true, with and without context
//    takeover) and Python `websockets` (compresses by default): both directions, a deflate
//    bomb closed with 1009 at our limit.
#include "feedclient.h"
#include "feedserverprocess.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

namespace {
FeedEndpoint endpointFor(const QUrl &url)
{
    FeedEndpoint e;
    e.url = url;
    e.pingIntervalMs = 0;
    e.handshakeTimeoutMs = 5000;
    e.useSystemProxy = false;
    e.backoff = BackoffPolicy{50, 400, 20};
    return e;
}

QString node() { return QStandardPaths::findExecutable(QStringLiteral("node")); }
QString nodePeer() { return QStringLiteral(PULSEBOARD_PEERS_DIR "/ws_node_peer.js"); }

const QStringList kTexts = {
    QStringLiteral("{\"sensor\":\"t1\",\"value\":21.5,\"unit\":\"\u00b0C\"}"),
    QStringLiteral("{\"price\":\"12,50 \u20ac\",\"city\":\"Z\u00fcrich\"}"),
    QStringLiteral("{\"name\":\"\u6771\u4eac\u90fd \u4e2d\u6587 \ud55c\uad6d\uc5b4\",\"v\":3}"),
    QStringLiteral("{\"mood\":\"\U0001F600\U0001F389\",\"ok\":true}"),
    QStringLiteral("\u00b0\u20ac\U0001F600"),   // nothing but multi-byte characters
};
} // namespace

class tst_WsClientPeers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void nodeFragmentsEveryByte_data();
    void nodeFragmentsEveryByte();
    void nodeDeflateBothWays_data();
    void nodeDeflateBothWays();
    void nodeDeflateBombClosed1009();
    void noDeflateWhenNotOffered();
    void pythonDeflate();
};

void tst_WsClientPeers::initTestCase()
{
    qRegisterMetaType<FeedState>();
    QString why;
    if (!FeedServerProcess::available(&why))
        QSKIP(qPrintable(why));
    if (node().isEmpty())
        QSKIP("node is not installed");
}

void tst_WsClientPeers::nodeFragmentsEveryByte_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::newRow("fragments + pings") << QStringList{QStringLiteral("--fragment"), QStringLiteral("--ping-between")};
    QTest::newRow("fragments + pings, deflate") << QStringList{QStringLiteral("--fragment"), QStringLiteral("--ping-between"), QStringLiteral("--deflate")};
}

void tst_WsClientPeers::nodeFragmentsEveryByte()
{
    QFETCH(QStringList, flags);
    FeedServerProcess server;
    QVERIFY(server.startScript(node(), nodePeer(), flags));
    FeedClient client(endpointFor(server.url()));
    QSignalSpy texts(&client, &FeedClient::textMessage);
    QSignalSpy states(&client, &FeedClient::stateChanged);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), FeedState::Live, 10000);
    const QByteArray list = QJsonDocument(QJsonArray::fromStringList(kTexts)).toJson(QJsonDocument::Compact);
    constexpr int rounds = 4;
    for (int i = 0; i < rounds; ++i)
        QVERIFY(client.sendText(QStringLiteral("ctl:send ") + QString::fromUtf8(list)));
    QTRY_COMPARE_WITH_TIMEOUT(texts.count(), rounds * int(kTexts.size()), 15000);
    for (int i = 0; i < texts.count(); ++i)
        QCOMPARE(texts.at(i).at(0).toByteArray(), kTexts.at(i % kTexts.size()).toUtf8());
    QCOMPARE(client.state(), FeedState::Live);
    QCOMPARE(states.count(), 2);   // Connecting, Live: no 1007, no reconnect loop
    QCOMPARE(client.stats().reconnects, 0);
    QCOMPARE(server.linesStartingWith(QStringLiteral("CONNECT")).size(), 1);
    QCOMPARE(server.linesStartingWith(QStringLiteral("CLOSED")).size(), 0);
}

void tst_WsClientPeers::nodeDeflateBothWays_data()
{
    QTest::addColumn<bool>("takeover");
    QTest::newRow("context takeover") << true;
    QTest::newRow("no context takeover") << false;
}

void tst_WsClientPeers::nodeDeflateBothWays()
{
    QFETCH(bool, takeover);
    FeedServerProcess server;
    QStringList flags{QStringLiteral("--deflate")};
    if (!takeover)
        flags << QStringLiteral("--no-context-takeover");
    QVERIFY(server.startScript(node(), nodePeer(), flags));
    FeedClient client(endpointFor(server.url()));
    QSignalSpy texts(&client, &FeedClient::textMessage);
    QSignalSpy states(&client, &FeedClient::stateChanged);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), FeedState::Live, 10000);
    QVERIFY2(states.last().at(1).toString().endsWith(QStringLiteral(", compressed")), qPrintable(states.last().at(1).toString()));
    QTRY_VERIFY(!server.lastConnect().isEmpty());   // the peer's stdout line may lag our Live
    const QJsonObject seen = server.lastConnect();
    QCOMPARE(seen.value(QStringLiteral("headers")).toObject().value(QStringLiteral("sec-websocket-extensions")).toString(),
             QStringLiteral("permessage-deflate; client_max_window_bits"));
    QVERIFY(seen.value(QStringLiteral("extensions")).toString().startsWith(QStringLiteral("permessage-deflate")));
    // Our compressed messages (>= 64 bytes) are read by Node; its compressed answers by us.
    // The same long text 30 times: with context takeover the later copies are back-references.
    QString text = QStringLiteral("{\"sym\":\"BTC-EUR\",\"bid\":61234.5,\"ask\":61235.0,\"note\":\"\u20ac \u00b0C \u6771\u4eac\"}");
    for (int i = 0; i < 30; ++i)
        QVERIFY(client.sendText(QStringLiteral("ctl:echo ") + text));
    QTRY_COMPARE_WITH_TIMEOUT(texts.count(), 30, 10000);
    for (const auto &args : texts)
        QCOMPARE(args.at(0).toByteArray(), text.toUtf8());
    QTRY_COMPARE(server.count(QStringLiteral("RECV ctl:echo ") + text), 30);
    // Large, varied messages across several inflate steps.
    QString big;
    for (int i = 0; big.size() < 200'000; ++i)
        big += QStringLiteral("{\"seq\":%1,\"v\":%2},").arg(i).arg(i * 7 % 1000);
    QVERIFY(client.sendText(QStringLiteral("ctl:echo ") + big));
    QTRY_COMPARE_WITH_TIMEOUT(texts.count(), 31, 10000);
    QCOMPARE(texts.last().at(0).toByteArray(), big.toUtf8());
    QCOMPARE(client.state(), FeedState::Live);
    QCOMPARE(client.stats().bytes, 30 * text.toUtf8().size() + big.size());   // inflated bytes
}

void tst_WsClientPeers::nodeDeflateBombClosed1009()
{
    FeedServerProcess server;
    QVERIFY(server.startScript(node(), nodePeer(), {QStringLiteral("--deflate")}));
    FeedEndpoint e = endpointFor(server.url());
    e.maxMessageBytes = 1 << 20;
    e.autoReconnect = false;
    FeedClient client(e);
    QSignalSpy texts(&client, &FeedClient::textMessage);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), FeedState::Live, 10000);
    QVERIFY(client.sendText(QStringLiteral("ctl:bomb %1").arg(1 << 20)));   // exactly the limit: fine
    QTRY_COMPARE_WITH_TIMEOUT(texts.count(), 1, 10000);
    QCOMPARE(texts.first().at(0).toByteArray().size(), 1 << 20);
    // 64 MiB of 'x' is about 64 KiB on the wire: refused at 1 MiB + 1 inflated byte.
    QVERIFY(client.sendText(QStringLiteral("ctl:bomb %1").arg(64 << 20)));
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), FeedState::Failed, 10000);
    QVERIFY2(client.stats().lastError.startsWith(QStringLiteral("message larger than 1 MiB limit, closed by client (1009)")),
             qPrintable(client.stats().lastError));
    QCOMPARE(client.stats().dropped, 1);
    QTRY_COMPARE(server.count(QStringLiteral("CLOSED 1009")), 1);
    QCOMPARE(texts.count(), 1);
}

void tst_WsClientPeers::noDeflateWhenNotOffered()
{
    FeedServerProcess server;
    QVERIFY(server.startScript(node(), nodePeer(), {QStringLiteral("--deflate")}));
    FeedEndpoint e = endpointFor(server.url());
    e.offerDeflate = false;
    FeedClient client(e);
    QSignalSpy texts(&client, &FeedClient::textMessage);
    QSignalSpy states(&client, &FeedClient::stateChanged);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), FeedState::Live, 10000);
    QVERIFY(!states.last().at(1).toString().contains(QStringLiteral("compressed")));
    QTRY_VERIFY(!server.lastConnect().isEmpty());
    QVERIFY(!server.lastConnect().value(QStringLiteral("headers")).toObject().contains(QStringLiteral("sec-websocket-extensions")));
    QVERIFY(client.sendText(QStringLiteral("ctl:echo ") + kTexts.at(2)));
    QTRY_COMPARE(texts.count(), 1);
    QCOMPARE(texts.first().at(0).toByteArray(), kTexts.at(2).toUtf8());
}

void tst_WsClientPeers::pythonDeflate()
{
    // Python websockets 10.4 with its default compression (permessage-deflate, 12-bit windows).
    FeedServerProcess server;
    QVERIFY(server.start({QStringLiteral("--deflate"), QStringLiteral("--ticks"), QStringLiteral("3")}));
    FeedClient client(endpointFor(server.url()));
    QSignalSpy texts(&client, &FeedClient::textMessage);
    QSignalSpy states(&client, &FeedClient::stateChanged);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(texts.count(), 3, 10000);
    QVERIFY2(states.last().at(1).toString().endsWith(QStringLiteral(", compressed")), qPrintable(states.last().at(1).toString()));
    QTRY_VERIFY(!server.lastConnect().isEmpty());
    QVERIFY(server.lastConnect().value(QStringLiteral("headers")).toObject()
                .value(QStringLiteral("Sec-WebSocket-Extensions")).toString().startsWith(QStringLiteral("permessage-deflate")));
    const QString text = QStringLiteral("ctl:echo ") + kTexts.at(0) + kTexts.at(2) + kTexts.at(3);
    for (int i = 0; i < 5; ++i)
        QVERIFY(client.sendText(text));
    QTRY_COMPARE_WITH_TIMEOUT(texts.count(), 8, 10000);
    QCOMPARE(texts.last().at(0).toByteArray(), text.mid(9).toUtf8());
    QCOMPARE(server.count(QStringLiteral("RECV ") + text), 5);
    QVERIFY(client.sendText(QStringLiteral("ctl:big 3000000")));   // 3 MB of 'x', a few KB on the wire
    QTRY_COMPARE_WITH_TIMEOUT(texts.count(), 9, 10000);
    QCOMPARE(texts.last().at(0).toByteArray(), QByteArray(3000000, 'x'));
    QCOMPARE(client.state(), FeedState::Live);
}

QTEST_GUILESS_MAIN(tst_WsClientPeers)
#include "tst_wsclientpeers.moc"
