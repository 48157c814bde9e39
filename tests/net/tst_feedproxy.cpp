// FeedClient through a real HTTP proxy: Debian's tinyproxy, started by the test on
// 127.0.0.1 with a config written here. ws:// and wss:// (TLS inside the CONNECT tunnel,
// the pin still checked against the feed server's certificate), the proxy taken from an
// explicit URL or from the system settings (http_proxy/https_proxy, as Qt reads them),
// Basic credentials from the proxy URL, and readable errors for the proxy's refusals
// (407 login needed, wrong password, 403 port not allowed, 500 target unreachable).
// The proxy a person sets (connection editor: ConnectionSpec; command line: --proxy) on
// every transport: WebSocket and Socket.IO (CONNECT), SSE and polling (forwarded GET), with
// a login, and "none" going direct even when the environment names a proxy.
#include "connectionspec.h"
#include "feedclient.h"
#include "feedserverprocess.h"
#include "nodepeer.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace {
// One tinyproxy process with its own config and log in a temporary directory.
class TinyProxy
{
public:
    static QString program() { return QStandardPaths::findExecutable(QStringLiteral("tinyproxy")); }

    bool start(const QByteArray &extraConfig = {})
    {
        {
            QTcpServer probe;   // a free port for the proxy (it cannot take port 0)
            if (!probe.listen(QHostAddress::LocalHost, 0))
                return false;
            m_port = probe.serverPort();
        }
        QFile conf(m_dir.filePath(QStringLiteral("tinyproxy.conf")));
        if (!conf.open(QIODevice::WriteOnly))
            return false;
        conf.write("Port " + QByteArray::number(m_port) + "\nListen 127.0.0.1\nTimeout 30\nMaxClients 20\n"
                   "Allow 127.0.0.1\nLogLevel Connect\nLogFile \"" + logPath().toUtf8() + "\"\nPidFile \""
                   + m_dir.filePath(QStringLiteral("tp.pid")).toUtf8() + "\"\n" + extraConfig);
        conf.close();
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(program(), {QStringLiteral("-d"), QStringLiteral("-c"), conf.fileName()});
        if (!m_process.waitForStarted(5000))
            return false;
        QDeadlineTimer deadline(5000);
        while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, m_port);
            if (s.waitForConnected(200))
                return true;
            QTest::qWait(20);
        }
        return false;
    }
    ~TinyProxy()
    {
        m_process.kill();
        m_process.waitForFinished(3000);
    }
    quint16 port() const { return m_port; }
    QString url(const QString &userInfo = {}) const
    {
        const QString login = userInfo.isEmpty() ? QString() : userInfo + QLatin1Char('@');
        return QStringLiteral("http://") + login + QStringLiteral("127.0.0.1:") + QString::number(m_port);
    }
    QString logPath() const { return m_dir.filePath(QStringLiteral("tp.log")); }
    // The CONNECT requests the proxy served, as logged.
    int connects(quint16 target, const QByteArray &host = "127.0.0.1") const
    {
        QFile log(logPath());
        if (!log.open(QIODevice::ReadOnly))
            return 0;
        return int(log.readAll().count("CONNECT " + host + ':' + QByteArray::number(target) + " HTTP/1.1"));
    }
    // The plain HTTP requests the proxy forwarded to 127.0.0.1:target, as logged.
    int forwards(quint16 target) const
    {
        QFile log(logPath());
        if (!log.open(QIODevice::ReadOnly))
            return 0;
        return int(log.readAll().count("GET http://127.0.0.1:" + QByteArray::number(target) + '/'));
    }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};

FeedEndpoint endpointFor(const QUrl &url)
{
    FeedEndpoint e;
    e.url = url;
    e.pingIntervalMs = 0;
    e.handshakeTimeoutMs = 5000;
    e.autoReconnect = false;
    e.useSystemProxy = false;
    return e;
}
} // namespace

class tst_FeedProxy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void wsThroughExplicitProxy();
    void wssThroughProxyKeepsPin();
    void systemProxyFromEnvironment();
    void systemProxyOffGoesDirect();
    void proxyRefusals_data();
    void proxyRefusals();
    void badProxyUrl();
    void editorProxyReachesEveryTransport_data();
    void editorProxyReachesEveryTransport();
    void commandLineProxy();

private:
    QTemporaryDir m_certDir;
    QString m_certPath, m_keyPath, m_fingerprint;
};

void tst_FeedProxy::initTestCase()
{
    qRegisterMetaType<FeedState>();
    QString why;
    if (!FeedServerProcess::available(&why))
        QSKIP(qPrintable(why));
    if (TinyProxy::program().isEmpty())
        QSKIP("tinyproxy is not installed (apt-get install tinyproxy)");
    m_certPath = m_certDir.filePath(QStringLiteral("cert.pem"));
    m_keyPath = m_certDir.filePath(QStringLiteral("key.pem"));
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                   QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                   QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                   QStringLiteral("-keyout"), m_keyPath, QStringLiteral("-out"), m_certPath});
    QVERIFY2(openssl.waitForFinished(30000) && openssl.exitCode() == 0, openssl.readAll().constData());
    m_fingerprint = QString::fromLatin1(QSslCertificate::fromPath(m_certPath).value(0).digest(QCryptographicHash::Sha256).toHex(':'));
}

void tst_FeedProxy::init()
{
    qunsetenv("http_proxy");
    qunsetenv("https_proxy");
    qunsetenv("all_proxy");
    qunsetenv("no_proxy");
}

void tst_FeedProxy::cleanup()
{
    init();
}

void tst_FeedProxy::wsThroughExplicitProxy()
{
    TinyProxy proxy;
    QVERIFY(proxy.start());
    FeedServerProcess server;
    QVERIFY(server.start({QStringLiteral("--ticks"), QStringLiteral("3")}));
    FeedEndpoint e = endpointFor(server.url());
    e.proxy = QUrl(proxy.url());
    e.headers = {{"Authorization", "Bearer t0k3n"}};
    FeedClient client(e);
    QSignalSpy texts(&client, &FeedClient::textMessage);
    client.open();
    QTRY_VERIFY2_WITH_TIMEOUT(texts.count() == 3, qPrintable(client.stats().lastError), 10000);
    QCOMPARE(proxy.connects(server.port()), 1);
    QCOMPARE(server.lastConnect().value(QStringLiteral("headers")).toObject().value(QStringLiteral("Authorization")).toString(),
             QStringLiteral("Bearer t0k3n"));
    QVERIFY(client.sendText(QStringLiteral("ctl:echo through the tunnel \u20ac")));
    QTRY_COMPARE(texts.count(), 4);
    QCOMPARE(texts.last().at(0).toByteArray(), QStringLiteral("through the tunnel \u20ac").toUtf8());
}

void tst_FeedProxy::wssThroughProxyKeepsPin()
{
    TinyProxy proxy;
    QVERIFY(proxy.start("BasicAuth pb s3cr3t\n"));
    FeedServerProcess server;
    QVERIFY(server.start({QStringLiteral("--tls"), m_certPath, m_keyPath, QStringLiteral("--ticks"), QStringLiteral("2")}));
    FeedEndpoint e = endpointFor(server.url(QStringLiteral("/"), QStringLiteral("wss"), QStringLiteral("localhost")));
    e.proxy = QUrl(proxy.url(QStringLiteral("pb:s3cr3t")));
    e.pinnedSha256 = m_fingerprint.toLatin1();
    {
        FeedClient client(e);
        QSignalSpy texts(&client, &FeedClient::textMessage);
        client.open();
        QTRY_COMPARE_WITH_TIMEOUT(texts.count(), 2, 10000);
        QCOMPARE(proxy.connects(server.port(), "localhost"), 1);   // the proxy resolves the name
    }
    // A wrong pin is refused inside the tunnel just as without a proxy.
    e.pinnedSha256 = QByteArray(64, 'b');
    FeedClient pinned(e);
    QSignalSpy errors(&pinned, &FeedClient::errorText);
    pinned.open();
    QTRY_COMPARE_WITH_TIMEOUT(pinned.state(), FeedState::Failed, 10000);
    QVERIFY2(errors.first().at(0).toString().contains(QStringLiteral("does not match the pinned fingerprint")),
             qPrintable(errors.first().at(0).toString()));
}

void tst_FeedProxy::systemProxyFromEnvironment()
{
    TinyProxy proxy;
    QVERIFY(proxy.start());
    FeedServerProcess server;
    QVERIFY(server.start({QStringLiteral("--ticks"), QStringLiteral("1")}));
    qputenv("http_proxy", proxy.url().toUtf8());
    FeedEndpoint e = endpointFor(server.url());
    e.useSystemProxy = true;
    FeedClient client(e);
    QSignalSpy texts(&client, &FeedClient::textMessage);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(texts.count(), 1, 10000);
    QCOMPARE(proxy.connects(server.port()), 1);
}

void tst_FeedProxy::systemProxyOffGoesDirect()
{
    TinyProxy proxy;
    QVERIFY(proxy.start());
    FeedServerProcess server;
    QVERIFY(server.start({QStringLiteral("--ticks"), QStringLiteral("1")}));
    qputenv("http_proxy", proxy.url().toUtf8());
    FeedEndpoint e = endpointFor(server.url());
    e.useSystemProxy = false;
    FeedClient client(e);
    QSignalSpy texts(&client, &FeedClient::textMessage);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(texts.count(), 1, 10000);
    QCOMPARE(proxy.connects(server.port()), 0);
}

void tst_FeedProxy::proxyRefusals_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<QString>("userInfo");
    QTest::addColumn<bool>("deadTarget");
    QTest::addColumn<QString>("error");
    QTest::newRow("407 no credentials") << QByteArray("BasicAuth pb s3cr3t\n") << QString() << false
                                        << "needs a login (HTTP 407 Proxy Authentication Required): put user:password in the proxy address";
    QTest::newRow("wrong password") << QByteArray("BasicAuth pb s3cr3t\n") << "pb:wrong" << false
                                    << "refused the login for user \"pb\"";
    QTest::newRow("403 port not allowed") << QByteArray("ConnectPort 443\n") << QString() << false
                                          << "does not allow connections to 127.0.0.1:";
    QTest::newRow("target unreachable") << QByteArray() << QString() << true << "could not reach 127.0.0.1:";
}

void tst_FeedProxy::proxyRefusals()
{
    QFETCH(QByteArray, config);
    QFETCH(QString, userInfo);
    QFETCH(bool, deadTarget);
    QFETCH(QString, error);
    TinyProxy proxy;
    QVERIFY(proxy.start(config));
    FeedServerProcess server;
    QVERIFY(server.start({}));
    quint16 port = server.port();
    if (deadTarget) {
        QTcpServer s;
        QVERIFY(s.listen(QHostAddress::LocalHost, 0));
        port = s.serverPort();
    }
    FeedEndpoint e = endpointFor(QUrl(QStringLiteral("ws://127.0.0.1:%1/feed").arg(port)));
    e.proxy = QUrl(proxy.url(userInfo));
    FeedClient client(e);
    QSignalSpy errors(&client, &FeedClient::errorText);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), FeedState::Failed, 10000);
    const QString text = errors.first().at(0).toString();
    QVERIFY2(text.startsWith(QStringLiteral("proxy 127.0.0.1:%1 ").arg(proxy.port())), qPrintable(text));
    QVERIFY2(text.contains(error), qPrintable(text));
    QVERIFY(server.linesStartingWith(QStringLiteral("CONNECT")).isEmpty());
}

void tst_FeedProxy::badProxyUrl()
{
    FeedEndpoint e = endpointFor(QUrl(QStringLiteral("ws://127.0.0.1:9/feed")));
    e.proxy = QUrl(QStringLiteral("ftp://proxy.example:21"));
    FeedClient client(e);
    QSignalSpy errors(&client, &FeedClient::errorText);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), FeedState::Failed, 5000);
    QVERIFY2(errors.first().at(0).toString().contains(QStringLiteral("is not an http:// or socks5:// address")),
             qPrintable(errors.first().at(0).toString()));
}

void tst_FeedProxy::editorProxyReachesEveryTransport_data()
{
    QTest::addColumn<QString>("transport");
    QTest::addColumn<QString>("mode");
    for (const char *t : {"websocket", "socketio", "sse", "poll"}) {
        for (const char *m : {"manual", "none", "system"})
            QTest::addRow("%s %s", t, m) << QString::fromLatin1(t) << QString::fromLatin1(m);
    }
}

// The editor's fields -> ConnectionSpec::toProfile -> FeedSource::create, as the window runs
// it. The environment always names the proxy: "none" must not use it, "system" must.
void tst_FeedProxy::editorProxyReachesEveryTransport()
{
    QFETCH(QString, transport);
    QFETCH(QString, mode);
    const bool manual = mode == QLatin1String("manual");
    TinyProxy proxy;
    QVERIFY(proxy.start(manual ? "BasicAuth pb s3cr3t\n" : ""));
    qputenv("http_proxy", proxy.url().toUtf8());
    FeedServerProcess wsServer;
    NodePeer node;
    ConnectionSpec spec;
    spec.proxyMode = mode;
    if (manual) {
        spec.proxyUrl = proxy.url();
        spec.proxyUser = QStringLiteral("pb");
        spec.proxyPassword = QStringLiteral("s3cr3t");
    }
    quint16 port = 0;
    if (transport == QLatin1String("websocket")) {
        QVERIFY(wsServer.start({QStringLiteral("--ticks"), QStringLiteral("2")}));
        port = wsServer.port();
        spec.url = wsServer.url().toString();
    } else {
        const bool sio = transport == QLatin1String("socketio");
        const QString why = NodePeer::unavailable(sio ? QStringLiteral("socket.io") : QString());
        if (!why.isEmpty())
            QSKIP(qPrintable(why));
        QVERIFY(sio ? node.start(QStringLiteral("socketio_server.js"), {QStringLiteral("--tick-ms"), QStringLiteral("50")})
                    : node.start(QStringLiteral("http_feed_server.js")));
        port = node.port();
        spec.url = QStringLiteral("%1://127.0.0.1:%2%3")
                       .arg(sio ? QStringLiteral("socketio") : QStringLiteral("http")).arg(port)
                       .arg(sio ? QString() : transport == QLatin1String("sse") ? QStringLiteral("/sse?count=3") : QStringLiteral("/poll"));
        if (sio) {
            spec.socketIoNamespace = QStringLiteral("/prices");
            spec.socketIoAuth = QStringLiteral("{\"token\": \"secret\"}");
        }
    }
    QVERIFY(ConnectionSpec::transportFromName(transport, &spec.transport));
    FeedProfile profile;
    QString error;
    QVERIFY2(spec.toProfile(&profile, &error), qPrintable(error));
    profile.endpoint.autoReconnect = false;
    profile.endpoint.pingIntervalMs = 0;
    profile.endpoint.pollIntervalMs = 200;
    std::unique_ptr<FeedSource> source(FeedSource::create(profile.endpoint));
    QSignalSpy texts(source.get(), &FeedSource::textMessage);
    source->open();
    QTRY_VERIFY2_WITH_TIMEOUT(texts.count() >= 1, qPrintable(source->stats().lastError), 15000);
    const bool tunnelled = transport == QLatin1String("websocket") || transport == QLatin1String("socketio");
    const int viaProxy = tunnelled ? proxy.connects(port) : proxy.forwards(port);
    if (mode == QLatin1String("none"))
        QCOMPARE(viaProxy, 0);
    else
        QVERIFY2(viaProxy >= 1, qPrintable(QStringLiteral("%1 requests through the proxy").arg(viaProxy)));
}

// --proxy on the command line, with a login, for a polled URL (auto-detected from http://).
void tst_FeedProxy::commandLineProxy()
{
    const QString why = NodePeer::unavailable(QString());
    if (!why.isEmpty())
        QSKIP(qPrintable(why));
    TinyProxy proxy;
    QVERIFY(proxy.start("BasicAuth pb s3cr3t\n"));
    NodePeer node;
    QVERIFY(node.start(QStringLiteral("http_feed_server.js")));
    QProcess app;
    app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    app.start(QStringLiteral(PULSEBOARD_BINARY),
              {QStringLiteral("--headless"), QStringLiteral("--print"), QStringLiteral("--connect"),
               QStringLiteral("http://127.0.0.1:%1/poll").arg(node.port()), QStringLiteral("--proxy"),
               proxy.url(QStringLiteral("pb:s3cr3t"))});
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += app.readAllStandardOutput()).contains("/price"), 15000);
    QVERIFY(proxy.forwards(node.port()) >= 1);
    app.kill();
    app.waitForFinished(5000);
}

QTEST_GUILESS_MAIN(tst_FeedProxy)
#include "tst_feedproxy.moc"
