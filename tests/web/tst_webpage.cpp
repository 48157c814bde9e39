// The hub's web page on its WebSocket port (WebResponder, WebAssets, OriginRule): plain
// HTTP requests to a HubServer on 127.0.0.1 port 0, over ws:// or (HUB_TEST_TLS=1) wss://.
// Every file of resources/web is served byte for byte with its type, a strict CSP and
// revalidation headers; keep-alive and pipelining work; hostile requests (methods,
// traversal, NUL, long or oversized heads, bodies, foreign Host names) get the right
// error, are logged, and the hub keeps serving the keeper; the WebSocket accepts the
// hub's own page as Origin only under a trusted name (no DNS rebinding).
#include "hubkeeper.h"
#include "httpprobe.h"
#include "originrule.h"
#include "rawwsclient.h"
#include "webassets.h"
#include "wsserverlink.h"

#include <QFile>
#include <QRegularExpression>
#include <QtTest>

class tst_WebPage : public QObject
{
    Q_OBJECT
private:
    HubKeeper m_fixture;
    quint16 port() const { return m_fixture.hub->port(); }
    QByteArray hostHeader() const { return "127.0.0.1:" + QByteArray::number(port()); }
    QByteArray get(const QByteArray &path, const QByteArray &extra = {}, const QByteArray &method = "GET") const
    {
        return method + ' ' + path + " HTTP/1.1\r\nHost: " + hostHeader() + "\r\n" + extra + "\r\n";
    }
    static QByteArray sourceFile(const QString &relative)
    {
        QFile f(QStringLiteral(PULSEBOARD_PEERS_DIR "/../../resources/web/") + relative);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    HttpResponse fetch(const QByteArray &request, bool headOnly = false)
    {
        HttpProbe probe;
        if (!probe.connectTo(port()))
            return {};
        probe.send(request);
        return probe.read(headOnly);
    }
    // The WebSocket upgrade's status line for this Origin and Host.
    QByteArray upgradeStatus(const QByteArray &origin, const QByteArray &host)
    {
        RawWsClient raw;
        if (!raw.connectTo(port()))
            return "no connection";
        QByteArray req = RawWsClient::request("/", "Origin: " + origin + "\r\n");
        req.replace("Host: 127.0.0.1\r\n", "Host: " + host + "\r\n");
        return raw.upgradeWith(req);
    }

private Q_SLOTS:
    void init()
    {
        const QString failed = m_fixture.start();
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }
    void cleanup()
    {
        QVERIFY2(m_fixture.keeperServed(), "the keeper was not served after the case");
        QTRY_COMPARE(m_fixture.hub->pendingHandshakeCount(), 0);
        m_fixture.stop();
    }

    void indexHasStrictHeaders()
    {
        const HttpResponse r = fetch(get("/"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("content-type"), QByteArray("text/html; charset=utf-8"));
        const QByteArray csp = r.header("content-security-policy");
        for (const char *part : {"default-src 'none'", "script-src 'self'", "style-src 'self'",
                                 "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'"})
            QVERIFY2(csp.contains(part), csp.constData());
        QVERIFY2(!csp.contains("unsafe"), csp.constData());
        const QByteArray wsSource = (HubTransport::tls() ? "wss://" : "ws://") + hostHeader();
        QVERIFY2(csp.contains("connect-src 'self' " + wsSource), csp.constData());
        QCOMPARE(r.header("x-content-type-options"), QByteArray("nosniff"));
        QCOMPARE(r.header("x-frame-options"), QByteArray("DENY"));
        QCOMPARE(r.header("cache-control"), QByteArray("no-cache"));
        QVERIFY(r.header("etag").startsWith('"'));
        QCOMPARE(r.body, sourceFile(QStringLiteral("index.html")));
        // No inline script or style anywhere in the page: every <script> has a src.
        QVERIFY(!r.body.contains("<style"));
        QVERIFY(!r.body.contains(" style="));
        const QRegularExpression script(QStringLiteral("<script(?![^>]*\\ssrc=)"));
        QVERIFY(!script.match(QString::fromUtf8(r.body)).hasMatch());
    }

    void everyAssetIsServed_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("type");
        QTest::newRow("app.js") << "app.js" << QByteArray("text/javascript; charset=utf-8");
        QTest::newRow("auth.js") << "auth.js" << QByteArray("text/javascript; charset=utf-8");
        QTest::newRow("sha256.js") << "sha256.js" << QByteArray("text/javascript; charset=utf-8");
        QTest::newRow("hubsocket.js") << "hubsocket.js" << QByteArray("text/javascript; charset=utf-8");
        QTest::newRow("chat.js") << "chat.js" << QByteArray("text/javascript; charset=utf-8");
        QTest::newRow("charts.js") << "charts.js" << QByteArray("text/javascript; charset=utf-8");
        QTest::newRow("style.css") << "style.css" << QByteArray("text/css; charset=utf-8");
        QTest::newRow("icon.svg") << "icon.svg" << QByteArray("image/svg+xml");
        QTest::newRow("uPlot") << "vendor/uplot/uPlot.esm.js" << QByteArray("text/javascript; charset=utf-8");
        QTest::newRow("uPlot css") << "vendor/uplot/uPlot.min.css" << QByteArray("text/css; charset=utf-8");
        QTest::newRow("uPlot licence") << "vendor/uplot/LICENSE" << QByteArray("text/plain; charset=utf-8");
    }
    void everyAssetIsServed()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, type);
        const HttpResponse r = fetch(get('/' + file.toUtf8()));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("content-type"), type);
        QVERIFY(!r.header("content-security-policy").isEmpty());
        QCOMPARE(r.body, sourceFile(file));
        QVERIFY(!r.body.isEmpty());
    }

    void headAndRevalidation()
    {
        const HttpResponse head = fetch(get("/app.js", {}, "HEAD"), true);
        QCOMPARE(head.status, 200);
        QCOMPARE(head.header("content-length").toLongLong(), sourceFile(QStringLiteral("app.js")).size());
        const QByteArray etag = head.header("etag");
        QVERIFY(!etag.isEmpty());
        HttpProbe probe;
        QVERIFY(probe.connectTo(port()));
        probe.send(get("/app.js", "If-None-Match: " + etag + "\r\n"));
        const HttpResponse again = probe.read();
        QCOMPARE(again.status, 304);
        QCOMPARE(again.header("etag"), etag);
        QVERIFY(again.body.isEmpty());
        probe.send(get("/app.js", "If-None-Match: \"0000000000000000\"\r\n"));   // another version: sent again
        QCOMPARE(probe.read().status, 200);
    }

    // Pipelined requests on one connection are answered in order; "Connection: close"
    // ends it; a keep-alive that then sits idle is closed without a rejection.
    void keepAliveAndPipelining()
    {
        HttpProbe probe;
        QVERIFY(probe.connectTo(port()));
        probe.send(get("/style.css") + get("/icon.svg") + get("/", "Connection: close\r\n"));
        const HttpResponse a = probe.read(), b = probe.read(), c = probe.read();
        QCOMPARE(a.header("content-type"), QByteArray("text/css; charset=utf-8"));
        QCOMPARE(a.header("connection"), QByteArray("keep-alive"));
        QCOMPARE(b.header("content-type"), QByteArray("image/svg+xml"));
        QCOMPARE(c.status, 200);
        QCOMPARE(c.header("connection"), QByteArray("close"));
        QVERIFY(probe.waitClosed());
        QCOMPARE(m_fixture.hub->rejections()->rowCount(), 0);   // nothing refused
    }

    // The per-connection request budget: the last allowed answer says close.
    void requestBudgetPerConnection()
    {
        HttpProbe probe;
        QVERIFY(probe.connectTo(port()));
        QByteArray many;
        for (int i = 0; i < WsServerLink::kMaxHttpRequests + 5; ++i)
            many += get("/icon.svg", {}, "HEAD");
        probe.send(many);
        int answered = 0;
        HttpResponse r;
        while ((r = probe.read(true)).status == 200) {
            ++answered;
            if (r.header("connection") == "close")
                break;
        }
        QCOMPARE(answered, WsServerLink::kMaxHttpRequests);
        QVERIFY(probe.waitClosed());
    }

    void hostileRequests_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        const auto req = [](const QByteArray &line, const QByteArray &headers = "Host: 127.0.0.1:PORT\r\n") {
            return line + "\r\n" + headers + "\r\n";
        };
        QTest::newRow("POST") << req("POST / HTTP/1.1") << 405;
        QTest::newRow("HEAD of a missing file") << req("HEAD /nope.js HTTP/1.1") << 404;
        QTest::newRow("PUT") << req("PUT /app.js HTTP/1.1") << 405;
        QTest::newRow("DELETE") << req("DELETE / HTTP/1.1") << 405;
        QTest::newRow("OPTIONS") << req("OPTIONS * HTTP/1.1") << 405;
        QTest::newRow("TRACE") << req("TRACE / HTTP/1.1") << 405;
        QTest::newRow("lower-case get") << req("get / HTTP/1.1") << 405;
        QTest::newRow("../") << req("GET /../../etc/passwd HTTP/1.1") << 400;
        QTest::newRow("%2e%2e") << req("GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1") << 400;
        QTest::newRow("%2E%2E inside") << req("GET /vendor/%2E%2E/app.js HTTP/1.1") << 400;
        QTest::newRow("./") << req("GET /./app.js HTTP/1.1") << 400;
        QTest::newRow("%5c backslash") << req("GET /..%5c..%5capp.js HTTP/1.1") << 400;
        QTest::newRow("raw backslash") << req("GET /vendor\\..\\app.js HTTP/1.1") << 400;
        QTest::newRow("%00") << req("GET /app.js%00.txt HTTP/1.1") << 400;
        QTest::newRow("raw NUL") << req(QByteArray("GET /app", 8) + '\0' + ".js HTTP/1.1") << 400;
        QTest::newRow("double slash") << req("GET //etc/passwd HTTP/1.1") << 400;
        QTest::newRow("directory") << req("GET /vendor/uplot/ HTTP/1.1") << 400;
        QTest::newRow("not a file") << req("GET /secret.html HTTP/1.1") << 404;
        QTest::newRow("%252e (double-encoded)") << req("GET /%252e%252e/app.js HTTP/1.1") << 404;
        QTest::newRow("source outside web") << req("GET /hubserver.cpp HTTP/1.1") << 404;
        QTest::newRow("absolute-form") << req("GET http://evil.example/ HTTP/1.1") << 400;
        QTest::newRow("long URL") << req("GET /" + QByteArray(3000, 'a') + " HTTP/1.1") << 414;
        QTest::newRow("URL beyond the head bound") << req("GET /" + QByteArray(9000, 'a') + " HTTP/1.1") << 431;
        QTest::newRow("oversized head") << req("GET / HTTP/1.1", "Host: 127.0.0.1:PORT\r\n" + QByteArray("X-Pad: ").append(QByteArray(200, 'x')).append("\r\n").repeated(50)) << 431;
        QTest::newRow("HTTP/2.0") << req("GET / HTTP/2.0") << 400;
        QTest::newRow("no version") << req("GET /") << 400;
        QTest::newRow("header without colon") << req("GET / HTTP/1.1", "Host: 127.0.0.1:PORT\r\nnonsense\r\n") << 400;
        QTest::newRow("no Host") << req("GET / HTTP/1.1", "Accept: */*\r\n") << 400;
        QTest::newRow("two Hosts") << req("GET / HTTP/1.1", "Host: 127.0.0.1:PORT\r\nHost: 127.0.0.1:PORT\r\n") << 400;
        QTest::newRow("GET with a body") << req("GET / HTTP/1.1", "Host: 127.0.0.1:PORT\r\nContent-Length: 5\r\n") << 400;
        QTest::newRow("chunked GET") << req("GET / HTTP/1.1", "Host: 127.0.0.1:PORT\r\nTransfer-Encoding: chunked\r\n") << 400;
        QTest::newRow("rebinding Host") << req("GET / HTTP/1.1", "Host: evil.example:PORT\r\n") << 421;
        QTest::newRow("other port in Host") << req("GET / HTTP/1.1", "Host: 127.0.0.1:1\r\n") << 421;
        QTest::newRow("short IPv4 in Host") << req("GET / HTTP/1.1", "Host: 127.1:PORT\r\n") << 421;
        QTest::newRow("Host with a path") << req("GET / HTTP/1.1", "Host: 127.0.0.1:PORT/x\r\n") << 421;
    }
    void hostileRequests()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        request.replace("PORT", QByteArray::number(port()));
        HttpProbe probe;
        QVERIFY(probe.connectTo(port()));
        probe.send(request);
        const bool head = request.startsWith("HEAD ");
        const HttpResponse r = probe.read(head);
        QCOMPARE(r.status, status);
        QVERIFY(!r.body.contains("<"));   // plain text, nothing a browser would run
        if (head)
            QVERIFY2(probe.leftover().isEmpty() && probe.waitClosed() && probe.leftover().isEmpty(),
                     "an answer to HEAD carries no body");
        if (status == 405)
            QCOMPARE(r.header("allow"), QByteArray("GET, HEAD"));
        if (status != 431)   // 431 comes before the head is read: no body to protect
            QVERIFY(!r.header("content-security-policy").isEmpty());
        QVERIFY(probe.waitClosed());
        QTRY_VERIFY(m_fixture.hub->rejections()->rowCount() >= 1);   // logged for the host
    }

    void originRule_data()
    {
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<bool>("accepted");
        const QByteArray page = HubTransport::tls() ? "https://" : "http://";
        const QByteArray other = HubTransport::tls() ? "http://" : "https://";
        QTest::newRow("own page by IP") << page + "127.0.0.1:PORT" << QByteArray("127.0.0.1:PORT") << true;
        QTest::newRow("own page by localhost") << page + "localhost:PORT" << QByteArray("localhost:PORT") << true;
        QTest::newRow("own page, upper case") << page + "LOCALHOST:PORT" << QByteArray("localhost:PORT") << true;
        QTest::newRow("foreign origin") << QByteArray("http://evil.example") << QByteArray("127.0.0.1:PORT") << false;
        QTest::newRow("rebinding: Origin = Host = evil name")
            << page + "evil.example:PORT" << QByteArray("evil.example:PORT") << false;
        QTest::newRow("Origin host differs from Host")
            << page + "127.0.0.1:PORT" << QByteArray("localhost:PORT") << false;
        QTest::newRow("other port") << page + "127.0.0.1:1" << QByteArray("127.0.0.1:1") << false;
        QTest::newRow("other scheme") << other + "127.0.0.1:PORT" << QByteArray("127.0.0.1:PORT") << false;
        QTest::newRow("null origin") << QByteArray("null") << QByteArray("127.0.0.1:PORT") << false;
        QTest::newRow("origin with a path") << page + "127.0.0.1:PORT/x" << QByteArray("127.0.0.1:PORT") << false;
    }
    void originRule()
    {
        QFETCH(QByteArray, origin);
        QFETCH(QByteArray, host);
        QFETCH(bool, accepted);
        const QByteArray p = QByteArray::number(port());
        const QByteArray status = upgradeStatus(origin.replace("PORT", p), host.replace("PORT", p));
        if (accepted)
            QCOMPARE(status, QByteArray("HTTP/1.1 101 Switching Protocols"));
        else
            QVERIFY2(status.startsWith("HTTP/1.1 403"), status.constData());
    }

    // A name the host put on the allowlist (any port there: the listener's is checked) is
    // trusted for the page; other names are not.
    void allowlistedNameServesPage()
    {
        m_fixture.stop();
        m_fixture.hub = std::make_unique<HubServer>();
        HubTransport::apply(*m_fixture.hub);
        HubConfig config;
        config.allowedOrigins = {QStringLiteral("http://lab.example")};
        m_fixture.hub->setConfig(config);
        QVERIFY(m_fixture.hub->listen(QHostAddress::LocalHost, 0));
        m_fixture.keeper = std::make_unique<HubTestClient>();
        QVERIFY(m_fixture.keeper->open(port()) && m_fixture.keeper->login(QStringLiteral("keeper")));
        const QByteArray p = QByteArray::number(port());
        QCOMPARE(fetch("GET / HTTP/1.1\r\nHost: lab.example:" + p + "\r\n\r\n").status, 200);
        QCOMPARE(fetch("GET / HTTP/1.1\r\nHost: other.example:" + p + "\r\n\r\n").status, 421);
    }

    void trustedHosts_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<bool>("trusted");
        QTest::newRow("IPv4") << QByteArray("192.168.1.20:8765") << true;
        QTest::newRow("IPv6") << QByteArray("[::1]:8765") << true;
        QTest::newRow("IPv6 full") << QByteArray("[fe80::1]:8765") << true;
        QTest::newRow("localhost") << QByteArray("localhost:8765") << true;
        QTest::newRow("default port") << QByteArray("127.0.0.1") << false;   // 80 is not the listener's
        QTest::newRow("name") << QByteArray("evil.example:8765") << false;
        QTest::newRow("decimal IPv4") << QByteArray("2130706433:8765") << false;
        QTest::newRow("hex IPv4") << QByteArray("0x7f.0.0.1:8765") << false;
        QTest::newRow("IPv6 unbracketed") << QByteArray("::1:8765") << false;
        QTest::newRow("port too big") << QByteArray("127.0.0.1:98765") << false;
        QTest::newRow("port sign") << QByteArray("127.0.0.1:+8765") << false;
        QTest::newRow("empty") << QByteArray("") << false;
        QTest::newRow("user info") << QByteArray("a@127.0.0.1:8765") << false;
    }
    void trustedHosts()
    {
        QFETCH(QByteArray, host);
        QFETCH(bool, trusted);
        QCOMPARE(OriginRule::isTrustedHost(host, {false, 8765}, {}), trusted);
    }
};

QTEST_GUILESS_MAIN(tst_WebPage)
#include "tst_webpage.moc"
