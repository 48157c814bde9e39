// Specification of ConnectionSpec's transport and on-connect fields: what the editor's
// choices become in the FeedEndpoint the connection runs with, the workspace-file round
// trip (and files written before the fields existed), and a readable sentence for every
// bad value, including hostile ones (huge, control characters, wrong JSON types).
#include "connectionspec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

QVariantMap base(const QString &url = QStringLiteral("ws://127.0.0.1:9/feed"))
{
    return {{QStringLiteral("url"), url}};
}

QVariantMap with(QVariantMap m, const QString &key, const QVariant &value)
{
    m.insert(key, value);
    return m;
}

} // namespace

class tst_ConnectionSpec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validation_data();
    void validation();
    void endpointGetsTheChoices();
    void autoKeepsTheProfilesTransport();
    void onConnectAfterTheProfiles();
    void fileRoundTrip();
    void oldFileReadsAsAuto();
    void hostileFileValuesAreBounded();
    void proxyReachesTheEndpoint();
    void proxyLoginStaysOutOfTheFile();
};

void tst_ConnectionSpec::validation_data()
{
    QTest::addColumn<QVariantMap>("spec");
    QTest::addColumn<QString>("expected");   // substring of the message; "" = valid

    const QVariantMap ws = base();
    QTest::newRow("auto ws") << ws << "";
    QTest::newRow("auto socketio") << base(QStringLiteral("socketio://127.0.0.1:9/")) << "";
    QTest::newRow("auto http asks for a transport") << base(QStringLiteral("http://example.com/x"))
                                                    << "choose \"Server-Sent Events\" or \"HTTP polling\"";
    QTest::newRow("sse http") << with(base(QStringLiteral("https://example.com/events")), "transport", "sse") << "";
    QTest::newRow("sse ws") << with(ws, "transport", "sse") << "Server-Sent Events needs an http:// or https:// URL";
    QTest::newRow("poll http") << with(base(QStringLiteral("http://example.com/t.json")), "transport", "poll") << "";
    QTest::newRow("poll ftp") << with(base(QStringLiteral("ftp://example.com/t.json")), "transport", "poll")
                              << "HTTP polling needs an http:// or https:// URL, not ftp://";
    QTest::newRow("websocket http") << with(base(QStringLiteral("http://example.com/")), "transport", "websocket")
                                    << "must start with ws:// or wss://";
    QTest::newRow("socketio http") << with(base(QStringLiteral("http://example.com/")), "transport", "socketio") << "";
    QTest::newRow("socketio ftp") << with(base(QStringLiteral("ftp://example.com/")), "transport", "socketio")
                                  << "A Socket.IO URL starts with";
    QTest::newRow("unknown transport") << with(ws, "transport", "carrier-pigeon") << "Unknown transport \"carrier-pigeon\"";

    const QVariantMap poll = with(base(QStringLiteral("http://example.com/t.json")), "transport", "poll");
    QTest::newRow("poll 100 ms") << with(poll, "pollIntervalMs", 100) << "between 0.25 s and 24 h; it is 100 ms";
    QTest::newRow("poll negative") << with(poll, "pollIntervalMs", -5) << "between 0.25 s and 24 h";
    QTest::newRow("poll 2 days") << with(poll, "pollIntervalMs", 2 * 86'400'000) << "between 0.25 s and 24 h";
    QTest::newRow("poll 1 s") << with(poll, "pollIntervalMs", 1000) << "";

    const QVariantMap sio = with(base(QStringLiteral("socketio://127.0.0.1:9/")), "transport", "socketio");
    QTest::newRow("namespace ok") << with(sio, "socketIoNamespace", "/prices") << "";
    QTest::newRow("namespace no slash") << with(sio, "socketIoNamespace", "prices") << "must start with /";
    QTest::newRow("namespace space") << with(sio, "socketIoNamespace", "/a b") << "no spaces or control";
    QTest::newRow("namespace control") << with(sio, "socketIoNamespace", QStringLiteral("/a\x01")) << "no spaces or control";
    QTest::newRow("namespace huge") << with(sio, "socketIoNamespace", QStringLiteral("/") + QString(300, u'a')) << "at most 200";
    QTest::newRow("auth object") << with(sio, "socketIoAuth", "{\"token\": \"abc\"}") << "";
    QTest::newRow("auth syntax") << with(sio, "socketIoAuth", "{\"token\": }") << "Socket.IO auth is not valid JSON (line 1, column";
    QTest::newRow("auth array") << with(sio, "socketIoAuth", "[1]") << "must be a JSON object";
    QTest::newRow("auth string") << with(sio, "socketIoAuth", "\"abc\"") << "must be a JSON object";
    QTest::newRow("auth huge") << with(sio, "socketIoAuth", QStringLiteral("{\"t\":\"%1\"}").arg(QString(9000, u'x')))
                               << "longer than 8192";

    QTest::newRow("on-connect json") << with(ws, "onConnect", QStringList{"{\"op\":\"subscribe\"}", "[1,2]"}) << "";
    QTest::newRow("on-connect text") << with(ws, "onConnect", QStringList{"hello", "SUB ticker"}) << "";
    QTest::newRow("on-connect bad json") << with(ws, "onConnect", QStringList{"ok", "{\"op\": \"sub\",\n \"x\" 1}"})
                                         << "On-connect message 2 is not valid JSON (line 2, column";
    QTest::newRow("on-connect empty") << with(ws, "onConnect", QStringList{"  "}) << "On-connect message 1 is empty";
    QTest::newRow("on-connect huge") << with(ws, "onConnect", QStringList{QString(70'000, u'x')}) << "at most 65536 are sent";
    QStringList many;
    for (int i = 0; i < 65; ++i)
        many.append(QStringLiteral("m%1").arg(i));
    QTest::newRow("on-connect too many") << with(ws, "onConnect", many) << "at most 64";

    // The proxy: the editor's mode box, address, user and password fields.
    const QVariantMap manual = with(ws, "proxyMode", "manual");
    QTest::newRow("proxy system") << with(ws, "proxyMode", "system") << "";
    QTest::newRow("proxy none") << with(ws, "proxyMode", "none") << "";
    QTest::newRow("proxy unknown mode") << with(ws, "proxyMode", "pac\nfile") << "Unknown proxy setting";
    QTest::newRow("proxy manual ok") << with(manual, "proxyUrl", "http://127.0.0.1:3128") << "";
    QTest::newRow("proxy manual empty") << manual << "Enter the proxy's address";
    QTest::newRow("proxy bad scheme") << with(manual, "proxyUrl", "ftp://proxy.example:21") << "not ftp://";
    QTest::newRow("proxy no port") << with(manual, "proxyUrl", "http://proxy.example") << "has no port";
    QTest::newRow("proxy control") << with(manual, "proxyUrl", "http://proxy.example:3128\r\nX: 1") << "control character";
    QTest::newRow("proxy oversized") << with(manual, "proxyUrl", "http://" + QString(3000, u'p') + ":1") << "at most 2048";
    QTest::newRow("proxy login in address") << with(manual, "proxyUrl", "http://u:p@proxy.example:3128") << "in their own fields";
    QTest::newRow("proxy user control") << with(with(manual, "proxyUrl", "http://proxy.example:3128"), "proxyUser", QStringLiteral("a") + QChar(0) + QStringLiteral("b"))
                                        << "control character";
    QTest::newRow("proxy password without user") << with(with(manual, "proxyUrl", "http://proxy.example:3128"), "proxyPassword", "pw")
                                                  << "needs a user name";
}

void tst_ConnectionSpec::validation()
{
    QFETCH(QVariantMap, spec);
    QFETCH(QString, expected);
    QString error;
    const bool ok = ConnectionSpec::fromVariant(spec).toProfile(nullptr, &error);
    if (expected.isEmpty()) {
        QVERIFY2(ok, qPrintable(error));
    } else {
        QVERIFY(!ok);
        QVERIFY2(error.contains(expected), qPrintable(error));
    }
}

void tst_ConnectionSpec::endpointGetsTheChoices()
{
    QVariantMap m = with(base(QStringLiteral("socketio://127.0.0.1:9/")), "transport", "socketio");
    m.insert(QStringLiteral("socketIoNamespace"), QStringLiteral("/live"));
    m.insert(QStringLiteral("socketIoAuth"), QStringLiteral("{ \"token\" : \"t1\" }"));
    m.insert(QStringLiteral("onConnect"), QStringList{QStringLiteral("  {\"a\": 1}  "), QStringLiteral("hello")});
    FeedProfile p;
    QString error;
    QVERIFY2(ConnectionSpec::fromVariant(m).toProfile(&p, &error), qPrintable(error));
    QCOMPARE(p.endpoint.transport, FeedTransport::SocketIo);
    QCOMPARE(p.endpoint.socketIoNamespace, QStringLiteral("/live"));
    QCOMPARE(p.endpoint.socketIoAuth, QByteArray("{\"token\":\"t1\"}"));
    QCOMPARE(p.endpoint.onConnect, (QStringList{QStringLiteral("{\"a\": 1}"), QStringLiteral("hello")}));   // as typed, trimmed

    m = with(base(QStringLiteral("https://example.com/t.json")), "transport", "poll");
    m.insert(QStringLiteral("pollIntervalMs"), 2500);
    QVERIFY2(ConnectionSpec::fromVariant(m).toProfile(&p, &error), qPrintable(error));
    QCOMPARE(p.endpoint.transport, FeedTransport::HttpPoll);
    QCOMPARE(p.endpoint.pollIntervalMs, 2500);
    QCOMPARE(p.endpoint.url, QUrl(QStringLiteral("https://example.com/t.json")));
}

void tst_ConnectionSpec::autoKeepsTheProfilesTransport()
{
    // No transport chosen: a ws:// URL stays Auto (FeedSource picks by scheme).
    FeedProfile p;
    QString error;
    QVERIFY2(ConnectionSpec::fromVariant(base()).toProfile(&p, &error), qPrintable(error));
    QCOMPARE(p.endpoint.transport, FeedTransport::Auto);
    QCOMPARE(p.endpoint.pollIntervalMs, FeedEndpoint().pollIntervalMs);
    QCOMPARE(p.endpoint.socketIoNamespace, QStringLiteral("/"));
}

void tst_ConnectionSpec::onConnectAfterTheProfiles()
{
    QVariantMap m = base();
    m.insert(QStringLiteral("profileText"),
             QStringLiteral("{\"name\":\"P\",\"connection\":{\"url\":\"ws://127.0.0.1:9/\",\"onConnect\":[\"first\"]}}"));
    m.insert(QStringLiteral("onConnect"), QStringList{QStringLiteral("second")});
    FeedProfile p;
    QString error;
    QVERIFY2(ConnectionSpec::fromVariant(m).toProfile(&p, &error), qPrintable(error));
    QCOMPARE(p.endpoint.onConnect, (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
}

void tst_ConnectionSpec::fileRoundTrip()
{
    ConnectionSpec s;
    s.url = QStringLiteral("socketio://127.0.0.1:9/");
    s.transport = FeedTransport::SocketIo;
    s.pollIntervalMs = 1500;
    s.socketIoNamespace = QStringLiteral("/ns");
    s.socketIoAuth = QStringLiteral("{\"room\":\"x\"}");
    s.onConnect = {QStringLiteral("{\"sub\":1}"), QStringLiteral("plain text")};
    const QJsonObject file = QJsonDocument::fromJson(QJsonDocument(s.toJson()).toJson()).object();
    ConnectionSpec r = ConnectionSpec::fromJson(file);
    QCOMPARE(r.transport, FeedTransport::SocketIo);
    QCOMPARE(r.pollIntervalMs, 1500);
    QCOMPARE(r.socketIoNamespace, QStringLiteral("/ns"));
    // The Socket.IO auth object is a secret as a whole: the file keeps its shape only,
    // and the keychain's copy puts it back.
    QCOMPARE(r.socketIoAuth, QStringLiteral("{\"room\":\"\"}"));
    QCOMPARE(r.missingSecrets, QStringList{QStringLiteral("Socket.IO auth")});
    r.restoreSecrets(s.secretValues());
    QCOMPARE(r.socketIoAuth, s.socketIoAuth);
    QVERIFY(r.missingSecrets.isEmpty());
    QCOMPARE(r.onConnect, s.onConnect);
    QCOMPARE(file.value(QLatin1String("transport")).toString(), QStringLiteral("socketio"));

    // Every transport by name, through the file and through the editor's map.
    for (FeedTransport t : {FeedTransport::Auto, FeedTransport::WebSocket, FeedTransport::SocketIo,
                            FeedTransport::Sse, FeedTransport::HttpPoll}) {
        ConnectionSpec one;
        one.transport = t;
        QCOMPARE(ConnectionSpec::fromJson(one.toJson()).transport, t);
        QCOMPARE(ConnectionSpec::fromVariant(one.toVariant()).transport, t);
    }
}

void tst_ConnectionSpec::oldFileReadsAsAuto()
{
    const QJsonObject old = QJsonDocument::fromJson(
        R"({"name":"n","url":"ws://127.0.0.1:9/","headers":"","subprotocols":"","profileText":"","pinSha256":""})").object();
    const ConnectionSpec r = ConnectionSpec::fromJson(old);
    QCOMPARE(r.transport, FeedTransport::Auto);
    QCOMPARE(r.pollIntervalMs, FeedEndpoint().pollIntervalMs);
    QCOMPARE(r.socketIoNamespace, QStringLiteral("/"));
    QVERIFY(r.onConnect.isEmpty());
    QString error;
    QVERIFY2(r.toProfile(nullptr, &error), qPrintable(error));
}

void tst_ConnectionSpec::hostileFileValuesAreBounded()
{
    QJsonArray many;
    for (int i = 0; i < 100; ++i)
        many.append(QString(70'000, u'x'));
    many.append(42);   // wrong type: skipped
    QJsonObject o{{"url", "ws://127.0.0.1:9/"}, {"transport", QJsonArray{1}}, {"pollIntervalMs", "soon"},
                  {"socketIoNamespace", QString(100'000, u'/')}, {"socketIoAuth", QString(100'000, u'{')},
                  {"onConnect", many}};
    const ConnectionSpec r = ConnectionSpec::fromJson(o);
    QCOMPARE(r.onConnect.size(), ConnectionSpec::MaxOnConnect);
    for (const QString &m : r.onConnect)
        QVERIFY(m.size() <= ConnectionSpec::MaxOnConnectChars + 1);
    QVERIFY(r.socketIoNamespace.size() <= ConnectionSpec::MaxUrlChars);
    QVERIFY(r.socketIoAuth.size() <= ConnectionSpec::MaxSocketIoAuthChars + 1);
    QCOMPARE(r.pollIntervalMs, FeedEndpoint().pollIntervalMs);   // not a number: the default
    QCOMPARE(r.transport, FeedTransport::Auto);                  // not a string: Auto
    QString error;
    QVERIFY(!r.toProfile(nullptr, &error));   // the oversized messages are reported, not cut and sent
    QVERIFY2(error.contains(QStringLiteral("On-connect message 1")), qPrintable(error));
}

void tst_ConnectionSpec::proxyReachesTheEndpoint()
{
    QVariantMap m = with(base(QStringLiteral("http://127.0.0.1:9/events")), "transport", "sse");
    FeedProfile p;
    QString error;
    QVERIFY2(ConnectionSpec::fromVariant(m).toProfile(&p, &error), qPrintable(error));
    QVERIFY(p.endpoint.useSystemProxy);             // the default: the system's
    QVERIFY(p.endpoint.proxy.isEmpty());
    m.insert(QStringLiteral("proxyMode"), QStringLiteral("none"));
    m.insert(QStringLiteral("proxyUrl"), QStringLiteral("http://ignored.example:1"));   // only for manual
    QVERIFY2(ConnectionSpec::fromVariant(m).toProfile(&p, &error), qPrintable(error));
    QVERIFY(!p.endpoint.useSystemProxy);
    QVERIFY(p.endpoint.proxy.isEmpty());
    m.insert(QStringLiteral("proxyMode"), QStringLiteral("manual"));
    m.insert(QStringLiteral("proxyUrl"), QStringLiteral(" HTTP://Proxy.Example:3128/ "));
    m.insert(QStringLiteral("proxyUser"), QStringLiteral("pb"));
    m.insert(QStringLiteral("proxyPassword"), QStringLiteral("s3:cr@t"));
    QVERIFY2(ConnectionSpec::fromVariant(m).toProfile(&p, &error), qPrintable(error));
    QVERIFY(!p.endpoint.useSystemProxy);
    QCOMPARE(p.endpoint.proxy.scheme(), QStringLiteral("http"));
    QCOMPARE(p.endpoint.proxy.host(), QStringLiteral("proxy.example"));
    QCOMPARE(p.endpoint.proxy.port(), 3128);
    QCOMPARE(p.endpoint.proxy.userName(), QStringLiteral("pb"));
    QCOMPARE(p.endpoint.proxy.password(), QStringLiteral("s3:cr@t"));
}

void tst_ConnectionSpec::proxyLoginStaysOutOfTheFile()
{
    ConnectionSpec s;
    s.url = QStringLiteral("wss://example.com/feed");
    s.proxyMode = QStringLiteral("manual");
    s.proxyUrl = QStringLiteral("http://proxy.example:3128");
    s.proxyUser = QStringLiteral("pb");
    s.proxyPassword = QStringLiteral("hunter2");
    const QByteArray file = QJsonDocument(s.toJson()).toJson();
    QVERIFY2(!file.contains("hunter2") && !file.contains("\"pb\""), file.constData());
    ConnectionSpec r = ConnectionSpec::fromJson(QJsonDocument::fromJson(file).object());
    QCOMPARE(r.proxyMode, QStringLiteral("manual"));
    QCOMPARE(r.proxyUrl, s.proxyUrl);
    QVERIFY(r.proxyUser.isEmpty() && r.proxyPassword.isEmpty());
    QCOMPARE(r.missingSecrets, QStringList{QStringLiteral("proxy login")});
    r.restoreSecrets(s.secretValues());   // what the keychain holds comes back
    QCOMPARE(r.proxyUser, QStringLiteral("pb"));
    QCOMPARE(r.proxyPassword, QStringLiteral("hunter2"));
    QVERIFY(r.missingSecrets.isEmpty());
    // A login typed into the address (refused by the editor) never reaches the file either.
    s.proxyUrl = QStringLiteral("http://pb:hunter2@proxy.example:3128");
    QVERIFY(!QJsonDocument(s.toJson()).toJson().contains("hunter2"));
    // An old file (no proxy fields) keeps the system's proxy, as before.
    QCOMPARE(ConnectionSpec::fromJson(QJsonObject{{"url", "ws://127.0.0.1:9/"}}).proxyMode, QStringLiteral("system"));
    // A hostile mode is kept (bounded) and reported, never silently replaced.
    const ConnectionSpec bad = ConnectionSpec::fromJson(QJsonObject{{"url", "ws://127.0.0.1:9/"}, {"proxy", QString(500, u'x')},
                                                                    {"proxyUrl", QString(100'000, u'h')}});
    QVERIFY(bad.proxyMode.size() <= 40);
    QVERIFY(bad.proxyUrl.size() <= 2049);
    QString error;
    QVERIFY(!bad.toProfile(nullptr, &error));
    QVERIFY2(error.contains(QLatin1String("Unknown proxy setting")), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_ConnectionSpec)
#include "tst_connectionspec.moc"
