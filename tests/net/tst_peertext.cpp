// PeerText: a peer's own words quoted in an error stay one readable line. Every reader
// that quotes a peer (the client handshake, permessage-deflate negotiation, the proxy's
// CONNECT reply, the hub's upgrade judge) is fed control characters where it quotes:
// found by fuzz_wshandshake, whose first minute had a NUL-filled status line come out in
// the refusal (tests/fuzz/README.md). The end-to-end case (a real client against a raw
// server) is tst_wsclientframing's badHandshake.
#include "peertext.h"
#include "proxytunnel.h"
#include "wsclienthandshake.h"
#include "wsdeflate.h"
#include "wsupgrade.h"

#include <QNetworkProxy>
#include <QTest>

namespace {

const QByteArray kKey = "dGhlIHNhbXBsZSBub25jZQ==";
const QByteArray kAccepted = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                             "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n";

QString controlsIn(const QString &text)
{
    QString found;
    for (QChar c : text)
        if (c.category() == QChar::Other_Control)
            found += QStringLiteral("U+%1 ").arg(c.unicode(), 4, 16, QLatin1Char('0'));
    return found;
}

QByteArray upgradeRequest(const QByteArray &path, const QByteArray &extra)
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: " + kKey + "\r\n" + extra + "\r\n";
}

} // namespace

class tst_PeerText : public QObject
{
    Q_OBJECT
private slots:
    void printable_data()
    {
        QTest::addColumn<QByteArray>("latin1");
        QTest::addColumn<int>("maxChars");
        QTest::addColumn<QString>("expected");
        const QString r(QChar(QChar::ReplacementCharacter));
        QTest::newRow("plain") << QByteArray("Not Found") << 100 << QStringLiteral("Not Found");
        QTest::newRow("cut") << QByteArray("Not Found") << 3 << QStringLiteral("Not");
        QTest::newRow("NUL, CR, LF, tab") << QByteArray("a\0b\rc\nd\te", 9) << 100 << u'a' + r + u'b' + r + u'c' + r + u'd' + r + u'e';
        QTest::newRow("ANSI escape") << QByteArray("\x1b[2Jx") << 100 << r + QStringLiteral("[2Jx");
        QTest::newRow("DEL and C1 CSI") << QByteArray("a\x7f\x9b" "b") << 100 << u'a' + r + r + u'b';
        QTest::newRow("Latin-1 letters and NBSP kept") << QByteArray("caf\xe9\xa0!") << 100 << QStringLiteral("caf\u00e9\u00a0!");
        QTest::newRow("empty") << QByteArray() << 10 << QString();
    }
    void printable()
    {
        QFETCH(QByteArray, latin1);
        QFETCH(int, maxChars);
        QFETCH(QString, expected);
        QCOMPARE(PeerText::printable(latin1, maxChars), expected);
        QCOMPARE(PeerText::printable(QString::fromLatin1(latin1), maxChars), expected);
    }

    // Each refusal quotes the peer's text with U+FFFD for its control characters.
    void refusalsAreOneReadableLine_data()
    {
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("quoted");
        const QString r(QChar(QChar::ReplacementCharacter));
        WsClientHandshake::Offer offer;
        offer.url = QUrl(QStringLiteral("ws://127.0.0.1:9000/"));
        offer.subprotocols = { QStringLiteral("chat") };
        offer.offerDeflate = true;
        auto client = [&](const QByteArray &head) {
            const WsClientHandshake::Answer a = WsClientHandshake::read(head, kKey, offer);
            return a.status == WsClientHandshake::Answer::Status::Refused ? a.error : QStringLiteral("not refused");
        };
        QTest::newRow("status line: NUL and an ANSI escape")
            << client(QByteArray("HTTP/1.1 404 Not\0\x1b[2JFound\r\n\r\n", 30)) << QStringLiteral("404 Not") + r + r + QStringLiteral("[2JFound");
        QTest::newRow("status line: a lone CR")
            << client("HTTP/1.1 403 No\rpe\r\n\r\n") << QStringLiteral("403 No") + r + QStringLiteral("pe");
        QTest::newRow("chosen subprotocol")
            << client(kAccepted + "Sec-WebSocket-Protocol: ev\x07il\r\n\r\n") << QStringLiteral("\"ev") + r + QStringLiteral("il\"");
        QTest::newRow("unoffered extension")
            << client(kAccepted + "Sec-WebSocket-Extensions: x-\x1b[31mred\r\n\r\n") << QStringLiteral("\"x-") + r + QStringLiteral("[31mred\"");
        QTest::newRow("deflate parameter")
            << client(kAccepted + "Sec-WebSocket-Extensions: permessage-deflate; x\x01y\r\n\r\n") << QStringLiteral("\"x") + r + QStringLiteral("y\"");
        QTest::newRow("deflate parameter value")
            << client(kAccepted + "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=1\x9b\r\n\r\n")
            << QStringLiteral("\"server_max_window_bits=1") + r + u'"';

        QNetworkProxy proxy(QNetworkProxy::HttpProxy, QStringLiteral("10.0.0.1"), 3128);
        const ProxyTunnel::Reply reply = ProxyTunnel::read("HTTP/1.1 502 Bad\x1b]0;owned\x07Gateway\r\n\r\n", proxy,
                                                           QStringLiteral("feed.example:443"));
        QTest::newRow("proxy status") << reply.error << QStringLiteral("502 Bad") + r + QStringLiteral("]0;owned") + r + QStringLiteral("Gateway");

        auto hub = [](const QByteArray &request) {
            return WsUpgrade::judge(WsUpgrade::parse(request), { QStringLiteral("https://ok.example") }, true).reason;
        };
        QTest::newRow("hub: path with an escaped ESC")
            << hub(upgradeRequest("/%1b[2Jx", "Sec-WebSocket-Version: 13\r\n")) << QStringLiteral("\"/") + r + QStringLiteral("[2Jx\"");
        QTest::newRow("hub: Origin with BEL")
            << hub(upgradeRequest("/", "Sec-WebSocket-Version: 13\r\nOrigin: https://e\x07vil\r\n"))
            << QStringLiteral("\"https://e") + r + QStringLiteral("vil\"");
        QTest::newRow("hub: version with ESC")
            << hub(upgradeRequest("/", "Sec-WebSocket-Version: 1\x1b" "3\r\n")) << QStringLiteral("\"1") + r + QStringLiteral("3\"");
    }
    void refusalsAreOneReadableLine()
    {
        QFETCH(QString, error);
        QFETCH(QString, quoted);
        QVERIFY2(error.contains(quoted), qPrintable(error.toUtf8().toPercentEncoding(" \"/:;,()")));
        QVERIFY2(controlsIn(error).isEmpty(), qPrintable(controlsIn(error)));
    }
};

QTEST_GUILESS_MAIN(tst_PeerText)
#include "tst_peertext.moc"
