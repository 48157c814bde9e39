// FeedClient end to end over loopback against tests/peers/ws_feed_server.py (Python
// `websockets`): frames, headers/subprotocols, reconnect with jittered backoff and
// on-connect resend, heartbeat death, size limits, hostile frames, TLS trust, bad input.
#include "feedclient.h"
#include "feedserverprocess.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSslConfiguration>
#include <QJsonArray>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

namespace {
FeedEndpoint endpointFor(const QUrl &url)
{
    FeedEndpoint e;
    e.url = url;
    e.pingIntervalMs = 0;                 // heartbeat only where a test wants it
    e.handshakeTimeoutMs = 5000;
    e.backoff = BackoffPolicy{50, 400, 20};
    return e;
}

bool waitForState(FeedClient &c, FeedState s, int timeoutMs = 10000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (c.state() != s && !deadline.hasExpired())
        QTest::qWait(10);
    return c.state() == s;
}

// Each reconnectScheduled(attempt, delay) must lie within [floor, min(cap, base*2^(attempt-1))].
void verifyScheduled(const QSignalSpy &spy, const BackoffPolicy &p, int firstAttempt = 1)
{
    for (int i = 0; i < spy.count(); ++i) {
        const int attempt = spy.at(i).at(0).toInt();
        const int delay = spy.at(i).at(1).toInt();
        QCOMPARE(attempt, firstAttempt + i);
        const qint64 ceiling = std::max<qint64>(p.floorMs, std::min<qint64>(p.capMs, qint64(p.baseMs) << std::min(attempt - 1, 30)));
        QVERIFY2(delay >= p.floorMs && delay <= ceiling,
                 qPrintable(QStringLiteral("attempt %1: delay %2 not in [%3, %4]").arg(attempt).arg(delay).arg(p.floorMs).arg(ceiling)));
    }
}
} // namespace

class tst_FeedClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void receivesFramesWithContent();
    void sendsHeadersAndSubprotocol();
    void heartbeatMeasuresRtt();
    void reconnectsAfterServerRestart();
    void acceptThenCloseKeepsBackingOff();
    void deadLinkDetected_data();
    void deadLinkDetected();
    void oversizeMessageRefused_data();
    void oversizeMessageRefused();
    void serverCloseIsReported();
    void malformedAndBinaryFramesForwarded();
    void ratesOverSlidingWindow();
    void closeIsGracefulAndFinal();
    void clientsAreIndependent();
    void worksOnWorkerThread();
    void handshakeTimeout();
    void connectionRefusedIsReadable();
    void tls_data();
    void tls();
    void tlsPinAppliesToTrustedCertificates();
    void badEndpoint_data();
    void badEndpoint();

private:
    QTemporaryDir m_certDir;
    QString m_certPath, m_keyPath;
    QString m_fingerprint; // aa:bb:... of the test certificate
};

void tst_FeedClient::initTestCase()
{
    QString why;
    if (!FeedServerProcess::available(&why))
        QSKIP(qPrintable(why));
    qRegisterMetaType<FeedState>();

    QVERIFY(m_certDir.isValid());
    m_certPath = m_certDir.filePath(QStringLiteral("cert.pem"));
    m_keyPath = m_certDir.filePath(QStringLiteral("key.pem"));
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                   QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=localhost"), QStringLiteral("-keyout"), m_keyPath, QStringLiteral("-out"), m_certPath});
    QVERIFY2(openssl.waitForFinished(30000) && openssl.exitCode() == 0, openssl.readAll().constData());
    const auto certs = QSslCertificate::fromPath(m_certPath);
    QCOMPARE(certs.size(), 1);
    m_fingerprint = QString::fromLatin1(certs.first().digest(QCryptographicHash::Sha256).toHex(':'));
}

void tst_FeedClient::receivesFramesWithContent()
{
    FeedServerProcess server;
    QVERIFY(server.start({QStringLiteral("--ticks"), QStringLiteral("5")}));
    FeedClient client(endpointFor(server.url()));
    QSignalSpy frames(&client, &FeedClient::textMessage);
    QSignalSpy states(&client, &FeedClient::stateChanged);
    client.open();
    QCOMPARE(client.state(), FeedState::Connecting);
    QTRY_COMPARE_WITH_TIMEOUT(frames.count(), 5, 10000);
    qint64 bytes = 0;
    for (int i = 0; i < 5; ++i) {
        const QString text = frames.at(i).at(0).toString();
        const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("type")).toString(), QStringLiteral("tick"));
        QCOMPARE(o.value(QStringLiteral("seq")).toInt(), i + 1);
        QCOMPARE(o.value(QStringLiteral("price")).toDouble(), 100.0 + (i + 1) * 0.25);
        bytes += text.size();
    }
    QCOMPARE(client.state(), FeedState::Live);
    QCOMPARE(states.first().at(0).value<FeedState>(), FeedState::Connecting);
    QCOMPARE(states.at(1).at(0).value<FeedState>(), FeedState::Live);
    const FeedStats s = client.stats();
    QCOMPARE(s.state, FeedState::Live);
    QCOMPARE(s.messages, 5);
    QCOMPARE(s.bytes, bytes);
    QCOMPARE(s.binaryFrames, 0);
    QCOMPARE(s.reconnects, 0);
    QCOMPARE(s.nextRetryMs, -1);
    QVERIFY(s.lastError.isEmpty());
    QVERIFY(client.sendText(QStringLiteral("ctl:echo hi")));
    QTRY_COMPARE(frames.count(), 6);
    QCOMPARE(frames.last().at(0).toString(), QStringLiteral("hi"));
    QCOMPARE(feedStateName(FeedState::Live), QStringLiteral("Live"));
    QCOMPARE(feedStateName(FeedState::Reconnecting), QStringLiteral("Reconnecting"));
}

void tst_FeedClient::sendsHeadersAndSubprotocol()
{
    FeedServerProcess server;
    QVERIFY(server.start({QStringLiteral("--subprotocols"), QStringLiteral("pb.v2,pb.v1")}));
    FeedEndpoint e = endpointFor(server.url(QStringLiteral("/feed/v1?symbols=ABC,DEF")));
    e.headers = {{"Authorization", "Bearer t0k3n"}, {"X-Pulseboard-Client", "tst"}};
    e.subprotocols = {QStringLiteral("pb.v1"), QStringLiteral("pb.legacy")};
    FeedClient client(e);
    QSignalSpy states(&client, &FeedClient::stateChanged);
    client.open();
    QVERIFY(waitForState(client, FeedState::Live));
    QTRY_VERIFY(!server.lastConnect().isEmpty());
    const QJsonObject seen = server.lastConnect();
    QCOMPARE(seen.value(QStringLiteral("path")).toString(), QStringLiteral("/feed/v1?symbols=ABC,DEF"));
    QCOMPARE(seen.value(QStringLiteral("subprotocol")).toString(), QStringLiteral("pb.v1"));
    const QJsonObject headers = seen.value(QStringLiteral("headers")).toObject();
    QCOMPARE(headers.value(QStringLiteral("Authorization")).toString(), QStringLiteral("Bearer t0k3n"));
    QCOMPARE(headers.value(QStringLiteral("X-Pulseboard-Client")).toString(), QStringLiteral("tst"));
    QVERIFY(headers.value(QStringLiteral("Sec-WebSocket-Protocol")).toString().contains(QStringLiteral("pb.legacy")));
    QVERIFY(states.last().at(1).toString().contains(QStringLiteral("subprotocol pb.v1")));
    // The query (often an API token) is not echoed into state reasons / logs.
    QCOMPARE(states.first().at(1).toString(), QStringLiteral("ws://127.0.0.1:%1/feed/v1").arg(server.port()));
}

void tst_FeedClient::heartbeatMeasuresRtt()
{
    FeedServerProcess server;
    QVERIFY(server.start({}));
    FeedEndpoint e = endpointFor(server.url());
    e.pingIntervalMs = 100;
    FeedClient client(e);
    QSignalSpy rtts(&client, &FeedClient::rttMeasured);
    QSignalSpy states(&client, &FeedClient::stateChanged);
    client.open();
    QTRY_VERIFY_WITH_TIMEOUT(rtts.count() >= 6, 10000);
    for (const auto &args : rtts) {
        const double ms = args.at(0).toDouble();
        QVERIFY2(ms > 0 && ms < 100, qPrintable(QString::number(ms)));
    }
    QCOMPARE(client.stats().rttMs, rtts.last().at(0).toDouble());
    QCOMPARE(states.count(), 2); // Connecting, Live: a healthy link is never declared dead
    QCOMPARE(client.state(), FeedState::Live);
}

void tst_FeedClient::reconnectsAfterServerRestart()
{
    FeedServerProcess server;
    QVERIFY(server.start({QStringLiteral("--ticks"), QStringLiteral("1")}));
    const quint16 port = server.port();
    FeedEndpoint e = endpointFor(server.url());
    e.onConnect = {QStringLiteral("{\"subscribe\":\"ABC\"}"), QStringLiteral("hello")};
    e.stableAfterMs = 200;
    e.pingIntervalMs = 100;
    FeedClient client(e);
    client.setBackoffSeed(42);
    QSignalSpy scheduled(&client, &FeedClient::reconnectScheduled);
    QSignalSpy rtts(&client, &FeedClient::rttMeasured);
    // Pongs every 100 ms show the link stayed up; 3 of them outlast stableAfterMs.
    auto waitUntilStable = [&] {
        rtts.clear();
        QTRY_VERIFY_WITH_TIMEOUT(rtts.count() >= 3, 5000);
    };
    QSignalSpy frames(&client, &FeedClient::textMessage);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(server.count(QStringLiteral("RECV hello")), 1, 10000);
    QCOMPARE(server.count(QStringLiteral("RECV {\"subscribe\":\"ABC\"}")), 1);
    QTRY_COMPARE(frames.count(), 1);

    // The connection has been stable; losing it now starts the backoff from attempt 1.
    waitUntilStable();
    server.kill();
    QTRY_VERIFY_WITH_TIMEOUT(scheduled.count() >= 4, 10000); // refused attempts keep backing off
    QVERIFY(client.state() == FeedState::Reconnecting || client.state() == FeedState::Connecting);
    QVERIFY(!client.stats().lastError.isEmpty());
    QVERIFY(server.start({QStringLiteral("--ticks"), QStringLiteral("1")}, port));
    QVERIFY(waitForState(client, FeedState::Live));
    verifyScheduled(scheduled, e.backoff);
    QSet<int> delays;
    for (const auto &args : scheduled)
        delays.insert(args.at(1).toInt());
    QVERIFY2(delays.size() > 1, "jitter: delays should differ");
    QVERIFY(client.stats().reconnects >= scheduled.count());

    // The new server process sees the on-connect messages again, and data flows.
    QTRY_COMPARE(server.count(QStringLiteral("RECV hello")), 1);
    QCOMPARE(server.count(QStringLiteral("RECV {\"subscribe\":\"ABC\"}")), 1);
    QTRY_COMPARE(frames.count(), 2);

    // Stable again -> the next loss starts from attempt 1 again.
    waitUntilStable();
    scheduled.clear();
    server.kill();
    QTRY_VERIFY_WITH_TIMEOUT(scheduled.count() >= 1, 10000);
    QCOMPARE(scheduled.first().at(0).toInt(), 1);
}

void tst_FeedClient::acceptThenCloseKeepsBackingOff()
{
    // A server that accepts and closes at once must not cause a tight loop: the backoff
    // is not reset because the connection never stayed up for stableAfterMs.
    FeedServerProcess server;
    QVERIFY(server.start({QStringLiteral("--close-immediately")}));
    FeedEndpoint e = endpointFor(server.url());
    e.stableAfterMs = 2000;
    FeedClient client(e);
    QSignalSpy scheduled(&client, &FeedClient::reconnectScheduled);
    QElapsedTimer t;
    t.start();
    client.open();
    QTRY_VERIFY_WITH_TIMEOUT(scheduled.count() >= 6, 15000);
    verifyScheduled(scheduled, e.backoff); // attempts 1, 2, 3, ... never back to 1
    qint64 sum = 0;
    for (int i = 0; i < scheduled.count() - 1; ++i)
        sum += scheduled.at(i).at(1).toInt();
    QVERIFY(t.elapsed() >= sum);
    QVERIFY2(server.linesStartingWith(QStringLiteral("CONNECT")).size() <= scheduled.count() + 1,
             "one connection per scheduled attempt, no more");
    QVERIFY(client.stats().lastError.contains(QStringLiteral("closed the connection")));
}

void tst_FeedClient::deadLinkDetected_data()
{
    QTest::addColumn<int>("missed");
    QTest::newRow("1 missed pong") << 1;
    QTest::newRow("2 missed pongs") << 2;
}

void tst_FeedClient::deadLinkDetected()
{
    QFETCH(int, missed);
    const int interval = 300;
    FeedServerProcess server;
    QVERIFY(server.start({}));
    FeedEndpoint e = endpointFor(server.url());
    e.pingIntervalMs = interval;
    e.missedPongsForDead = missed;
    FeedClient client(e);
    QSignalSpy rtts(&client, &FeedClient::rttMeasured);
    QSignalSpy states(&client, &FeedClient::stateChanged);
    client.open();
    QTRY_VERIFY_WITH_TIMEOUT(rtts.count() >= 1, 10000);

    QElapsedTimer t;
    qint64 detectedAfter = -1;
    QString reason;
    connect(&client, &FeedClient::stateChanged, this, [&](FeedState s, const QString &why) {
        if (s == FeedState::Reconnecting && detectedAfter < 0) {
            detectedAfter = t.elapsed();
            reason = why;
        }
    });
    t.start();
    QVERIFY(client.sendText(QStringLiteral("ctl:freeze")));
    QTRY_VERIFY_WITH_TIMEOUT(detectedAfter >= 0, 5000);
    QVERIFY2(reason.startsWith(QStringLiteral("no pong for ")), qPrintable(reason));
    // The first unanswered ping goes out within one interval of the freeze; the link is
    // dead `missed` intervals later.
    QVERIFY2(detectedAfter >= missed * interval - 50 && detectedAfter <= (missed + 1) * interval + 250,
             qPrintable(QString::number(detectedAfter)));
    QVERIFY(client.stats().lastError.startsWith(QStringLiteral("no pong for ")));
    // ... and it comes back on a fresh (unfrozen) connection.
    QVERIFY(waitForState(client, FeedState::Live));
    QTRY_COMPARE(server.linesStartingWith(QStringLiteral("CONNECT")).size(), 2);
}

void tst_FeedClient::oversizeMessageRefused_data()
{
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<qint64>("size");
    QTest::addColumn<QString>("error"); // empty = accepted
    QTest::newRow("17 MiB, default 16 MiB limit") << qint64(16 << 20) << qint64(17 << 20)
                                                 << QStringLiteral("message larger than 16 MiB limit, closed by client (1009)");
    QTest::newRow("64 KiB + 1") << qint64(64 << 10) << qint64((64 << 10) + 1)
                                << QStringLiteral("message larger than 64 KiB limit, closed by client (1009)");
    QTest::newRow("exactly 64 KiB") << qint64(64 << 10) << qint64(64 << 10) << QString();
}

void tst_FeedClient::oversizeMessageRefused()
{
    QFETCH(qint64, limit);
    QFETCH(qint64, size);
    QFETCH(QString, error);
    FeedServerProcess server;
    QVERIFY(server.start({QStringLiteral("--ticks"), QStringLiteral("2")}));
    FeedEndpoint e = endpointFor(server.url());
    e.maxMessageBytes = limit;
    FeedClient client(e);
    QSignalSpy frames(&client, &FeedClient::textMessage);
    QSignalSpy errors(&client, &FeedClient::errorText);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(frames.count(), 2, 10000);
    QVERIFY(client.sendText(QStringLiteral("ctl:big %1").arg(size)));
    if (error.isEmpty()) {
        QTRY_COMPARE_WITH_TIMEOUT(frames.count(), 3, 10000);
        QCOMPARE(frames.last().at(0).toString().size(), size);
        QCOMPARE(client.stats().dropped, 0);
        QCOMPARE(errors.count(), 0);
        return;
    }
    QTRY_VERIFY_WITH_TIMEOUT(errors.count() >= 1, 15000);
    QVERIFY2(errors.first().at(0).toString().startsWith(error), qPrintable(errors.first().at(0).toString()));
    QCOMPARE(client.stats().dropped, 1);
    QVERIFY(client.stats().lastError.startsWith(error));
    // It carries on: reconnects and receives the next connection's ticks.
    QTRY_COMPARE_WITH_TIMEOUT(frames.count(), 4, 10000);
    QCOMPARE(client.state(), FeedState::Live);
    for (const auto &args : frames)
        QVERIFY(args.at(0).toString().size() < 1000);
}

void tst_FeedClient::serverCloseIsReported()
{
    // A 1009 sent by the server (our message was too big for it) is not a refused
    // incoming message: reported with the server's reason, not counted as dropped.
    FeedServerProcess server;
    QVERIFY(server.start({}));
    FeedClient client(endpointFor(server.url()));
    QSignalSpy errors(&client, &FeedClient::errorText);
    client.open();
    QVERIFY(waitForState(client, FeedState::Live));
    QVERIFY(client.sendText(QStringLiteral("ctl:close 1009 Received message is too big")));
    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 5000);
    QCOMPARE(errors.first().at(0).toString(),
             QStringLiteral("server 127.0.0.1:%1 closed the connection (code 1009: Received message is too big)")
                 .arg(server.port()));
    QCOMPARE(client.stats().dropped, 0);
    QVERIFY(waitForState(client, FeedState::Live)); // and reconnects

    QVERIFY(client.sendText(QStringLiteral("ctl:close 1001 going away")));
    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 2, 5000);
    QVERIFY(errors.last().at(0).toString().endsWith(QStringLiteral("(code 1001: going away)")));
}

void tst_FeedClient::malformedAndBinaryFramesForwarded()
{
    FeedServerProcess server;
    QVERIFY(server.start({}));
    FeedClient client(endpointFor(server.url()));
    QSignalSpy texts(&client, &FeedClient::textMessage);
    QSignalSpy binaries(&client, &FeedClient::binaryMessage);
    QSignalSpy states(&client, &FeedClient::stateChanged);
    client.open();
    QVERIFY(waitForState(client, FeedState::Live));
    QVERIFY(client.sendText(QStringLiteral("ctl:binary 3")));
    QVERIFY(client.sendText(QStringLiteral("ctl:malformed")));
    QVERIFY(client.sendText(QStringLiteral("ctl:ticks 1")));
    QTRY_COMPARE_WITH_TIMEOUT(texts.count(), 4, 10000);
    QCOMPARE(binaries.count(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(binaries.at(i).at(0).toByteArray(), QByteArray::fromHex("000102ff") + char(i));
    QCOMPARE(texts.at(0).at(0).toString(), QStringLiteral("{\"type\": \"tick\", \"price\": "));
    QCOMPARE(texts.at(1).at(0).toString(), QStringLiteral("not json at all"));
    QVERIFY(texts.at(3).at(0).toString().contains(QStringLiteral("\"tick\"")));
    const FeedStats s = client.stats();
    QCOMPARE(s.binaryFrames, 3);
    QCOMPARE(s.messages, 7);
    QCOMPARE(s.state, FeedState::Live);
    QCOMPARE(states.count(), 2);
}

void tst_FeedClient::ratesOverSlidingWindow()
{
    FeedServerProcess server;
    QVERIFY(server.start({}));
    FeedClient client(endpointFor(server.url()));
    QSignalSpy frames(&client, &FeedClient::textMessage);
    client.open();
    QVERIFY(waitForState(client, FeedState::Live));
    QCOMPARE(client.stats().messagesPerSec, 0.0);
    QVERIFY(client.sendText(QStringLiteral("ctl:stream 400 2.5")));
    QTRY_VERIFY_WITH_TIMEOUT(frames.count() >= 650, 10000); // ~1.6 s into the stream
    const FeedStats s = client.stats();
    QVERIFY2(s.messagesPerSec > 200 && s.messagesPerSec < 600, qPrintable(QString::number(s.messagesPerSec)));
    const double avg = double(s.bytes) / double(s.messages);
    QVERIFY2(qAbs(s.bytesPerSec / s.messagesPerSec - avg) < avg * 0.2, qPrintable(QString::number(s.bytesPerSec)));
    // The window slides: once the stream stops, the rate falls back to 0 within ~1.5 s.
    QTRY_COMPARE_WITH_TIMEOUT(client.stats().messagesPerSec, 0.0, 5000);
    QCOMPARE(client.stats().bytesPerSec, 0.0);
    QCOMPARE(client.stats().messages, qint64(frames.count()));
}

void tst_FeedClient::closeIsGracefulAndFinal()
{
    FeedServerProcess server;
    QVERIFY(server.start({}));
    FeedClient client(endpointFor(server.url()));
    QSignalSpy scheduled(&client, &FeedClient::reconnectScheduled);
    QSignalSpy states(&client, &FeedClient::stateChanged);
    client.open();
    QVERIFY(waitForState(client, FeedState::Live));
    client.close();
    QCOMPARE(client.state(), FeedState::Closed);
    QCOMPARE(states.last().at(0).value<FeedState>(), FeedState::Closed);
    QTRY_COMPARE_WITH_TIMEOUT(server.count(QStringLiteral("CLOSED 1000")), 1, 5000);
    QVERIFY(!client.sendText(QStringLiteral("late")));
    QVERIFY(!scheduled.wait(300)); // no reconnect after close()
    QCOMPARE(client.state(), FeedState::Closed);
    // and it can be opened again
    client.open();
    QVERIFY(waitForState(client, FeedState::Live));
}

void tst_FeedClient::clientsAreIndependent()
{
    FeedServerProcess server;
    QVERIFY(server.start({}));
    FeedClient a(endpointFor(server.url(QStringLiteral("/a"))));
    FeedClient b(endpointFor(server.url(QStringLiteral("/b"))));
    QSignalSpy framesA(&a, &FeedClient::textMessage);
    QSignalSpy framesB(&b, &FeedClient::textMessage);
    a.open();
    b.open();
    QVERIFY(waitForState(a, FeedState::Live));
    QVERIFY(waitForState(b, FeedState::Live));
    QVERIFY(a.sendText(QStringLiteral("ctl:ticks 3")));
    QTRY_COMPARE(framesA.count(), 3);
    a.close();
    QVERIFY(b.sendText(QStringLiteral("ctl:ticks 2")));
    QTRY_COMPARE(framesB.count(), 2);
    QCOMPARE(b.state(), FeedState::Live);
    QCOMPARE(a.stats().messages, 3);
    QCOMPARE(b.stats().messages, 2);
}

void tst_FeedClient::worksOnWorkerThread()
{
    FeedServerProcess server;
    QVERIFY(server.start({QStringLiteral("--ticks"), QStringLiteral("3")}));
    FeedEndpoint e = endpointFor(server.url());
    e.pingIntervalMs = 100;
    QThread thread;
    auto *client = new FeedClient(e);
    client->moveToThread(&thread);
    thread.start();
    QObject receiver;
    int frames = 0, rtts = 0;
    QObject::connect(client, &FeedClient::textMessage, &receiver, [&] { ++frames; });
    QObject::connect(client, &FeedClient::rttMeasured, &receiver, [&] { ++rtts; });
    QMetaObject::invokeMethod(client, [client] { client->open(); });
    QTRY_COMPARE_WITH_TIMEOUT(frames, 3, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(rtts >= 2, 5000); // timers fire on the worker thread
    QMetaObject::invokeMethod(client, [client] { delete client; }, Qt::BlockingQueuedConnection);
    thread.quit();
    QVERIFY(thread.wait(5000));
}

void tst_FeedClient::handshakeTimeout()
{
    QTcpServer silent; // accepts TCP, never answers the HTTP upgrade
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    FeedEndpoint e = endpointFor(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(silent.serverPort())));
    e.handshakeTimeoutMs = 300;
    e.backoff = BackoffPolicy{2000, 2000, 2000}; // stays Reconnecting while we look
    FeedClient client(e);
    QSignalSpy errors(&client, &FeedClient::errorText);
    QSignalSpy scheduled(&client, &FeedClient::reconnectScheduled);
    QElapsedTimer t;
    t.start();
    client.open();
    QTRY_VERIFY_WITH_TIMEOUT(errors.count() >= 1, 5000);
    QVERIFY(t.elapsed() >= 290);
    QCOMPARE(errors.first().at(0).toString(),
             QStringLiteral("no WebSocket handshake from 127.0.0.1:%1 within 300 ms").arg(silent.serverPort()));
    QCOMPARE(scheduled.count(), 1);
    QCOMPARE(client.state(), FeedState::Reconnecting);
    client.close();
}

void tst_FeedClient::connectionRefusedIsReadable()
{
    quint16 port;
    {
        QTcpServer s;
        QVERIFY(s.listen(QHostAddress::LocalHost, 0));
        port = s.serverPort();
    }
    FeedClient client(endpointFor(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port))));
    QSignalSpy errors(&client, &FeedClient::errorText);
    QSignalSpy scheduled(&client, &FeedClient::reconnectScheduled);
    client.open();
    QTRY_VERIFY_WITH_TIMEOUT(scheduled.count() >= 2, 5000);
    const QString text = errors.first().at(0).toString();
    QVERIFY2(text.startsWith(QStringLiteral("cannot connect to 127.0.0.1:%1").arg(port)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("refused"), Qt::CaseInsensitive), qPrintable(text));
    QVERIFY(client.stats().nextRetryMs >= 20 || client.state() == FeedState::Connecting);
    client.close();
}

void tst_FeedClient::tls_data()
{
    QTest::addColumn<int>("pinKind"); // 0 none, 1 right (upper case), 2 wrong
    QTest::newRow("no pin: refused") << 0;
    QTest::newRow("right pin: accepted") << 1;
    QTest::newRow("wrong pin: refused") << 2;
}

void tst_FeedClient::tls()
{
    QFETCH(int, pinKind);
    FeedServerProcess server;
    QVERIFY(server.start({QStringLiteral("--tls"), m_certPath, m_keyPath, QStringLiteral("--ticks"), QStringLiteral("2")}));
    FeedEndpoint e = endpointFor(server.url(QStringLiteral("/"), QStringLiteral("wss"), QStringLiteral("localhost")));
    const QString wrong = QStringLiteral("00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff");
    if (pinKind == 1)
        e.pinnedSha256 = m_fingerprint.toUpper().toLatin1();
    else if (pinKind == 2)
        e.pinnedSha256 = wrong.toLatin1();
    FeedClient client(e);
    QSignalSpy frames(&client, &FeedClient::textMessage);
    QSignalSpy errors(&client, &FeedClient::errorText);
    QSignalSpy scheduled(&client, &FeedClient::reconnectScheduled);
    client.open();
    if (pinKind == 1) {
        QTRY_COMPARE_WITH_TIMEOUT(frames.count(), 2, 10000);
        QCOMPARE(client.state(), FeedState::Live);
        QCOMPARE(errors.count(), 0);
        return;
    }
    QVERIFY(waitForState(client, FeedState::Failed));
    QCOMPARE(errors.count(), 1);
    const QString text = errors.first().at(0).toString();
    QVERIFY2(text.startsWith(QStringLiteral("TLS: certificate for localhost")), qPrintable(text));
    QVERIFY2(text.contains(m_fingerprint), qPrintable(text)); // shows the actual fingerprint
    if (pinKind == 0) {
        QVERIFY2(text.contains(QStringLiteral("is self-signed")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("pin")), qPrintable(text));
    } else {
        QVERIFY2(text.contains(QStringLiteral("does not match the pinned fingerprint")), qPrintable(text));
        QVERIFY2(text.contains(wrong), qPrintable(text));
    }
    QCOMPARE(frames.count(), 0);
    QCOMPARE(scheduled.count(), 0); // a trust problem needs a person, not a retry loop
    QCOMPARE(client.stats().lastError, text);
}

void tst_FeedClient::tlsPinAppliesToTrustedCertificates()
{
    // Trust the test certificate as a CA for this test only: the handshake then raises no
    // sslErrors, and a pin must still be enforced once connected.
    const QSslConfiguration saved = QSslConfiguration::defaultConfiguration();
    const auto restore = qScopeGuard([&] { QSslConfiguration::setDefaultConfiguration(saved); });
    QSslConfiguration trusting = saved;
    trusting.addCaCertificates(QSslCertificate::fromPath(m_certPath));
    QSslConfiguration::setDefaultConfiguration(trusting);

    FeedServerProcess server;
    QVERIFY(server.start({QStringLiteral("--tls"), m_certPath, m_keyPath, QStringLiteral("--ticks"), QStringLiteral("1")}));
    FeedEndpoint e = endpointFor(server.url(QStringLiteral("/"), QStringLiteral("wss"), QStringLiteral("localhost")));
    {
        FeedClient trusted(e); // CA-valid, no pin
        QSignalSpy frames(&trusted, &FeedClient::textMessage);
        trusted.open();
        QTRY_COMPARE_WITH_TIMEOUT(frames.count(), 1, 10000);
    }
    e.pinnedSha256 = QByteArray(64, 'a');
    FeedClient pinned(e);
    QSignalSpy frames(&pinned, &FeedClient::textMessage);
    QSignalSpy errors(&pinned, &FeedClient::errorText);
    pinned.open();
    QVERIFY(waitForState(pinned, FeedState::Failed));
    QCOMPARE(errors.count(), 1);
    const QString text = errors.first().at(0).toString();
    QVERIFY2(text.contains(QStringLiteral("does not match the pinned fingerprint")) && text.contains(m_fingerprint),
             qPrintable(text));
    QCOMPARE(frames.count(), 0);
}

void tst_FeedClient::badEndpoint_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("pin");
    QTest::addColumn<bool>("verifyTls");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QByteArray>("headerName");
    QTest::addColumn<QByteArray>("headerValue");
    QTest::addColumn<QString>("subprotocol");
    QTest::newRow("empty") << QString() << QByteArray() << true << QStringLiteral("No feed URL given") << QByteArray("X-Ok") << QByteArray("fine") << QString();
    QTest::newRow("http") << QStringLiteral("http://127.0.0.1:1/feed") << QByteArray() << true << QStringLiteral("must start with ws:// or wss:// (got \"http://\")") << QByteArray("X-Ok") << QByteArray("fine") << QString();
    QTest::newRow("no scheme") << QStringLiteral("example.com/feed") << QByteArray() << true << QStringLiteral("must start with ws:// or wss://") << QByteArray("X-Ok") << QByteArray("fine") << QString();
    QTest::newRow("no host") << QStringLiteral("ws://") << QByteArray() << true << QStringLiteral("has no host") << QByteArray("X-Ok") << QByteArray("fine") << QString();
    QTest::newRow("garbage") << QStringLiteral("ws://exa mple:99999999/") << QByteArray() << true << QStringLiteral("is not valid") << QByteArray("X-Ok") << QByteArray("fine") << QString();
    QTest::newRow("short pin") << QStringLiteral("wss://localhost:1/") << QByteArray("ab:cd") << true << QStringLiteral("not a SHA-256 fingerprint") << QByteArray("X-Ok") << QByteArray("fine") << QString();
    QTest::newRow("non-hex pin") << QStringLiteral("wss://localhost:1/") << QByteArray(64, 'z') << true << QStringLiteral("not a SHA-256 fingerprint") << QByteArray("X-Ok") << QByteArray("fine") << QString();
    QTest::newRow("verify off, no pin") << QStringLiteral("wss://localhost:1/") << QByteArray() << false << QStringLiteral("only be turned off by pinning") << QByteArray("X-Ok") << QByteArray("fine") << QString();
    const QString ws = QStringLiteral("ws://127.0.0.1:1/");
    QTest::newRow("header injection") << ws << QByteArray() << true << QStringLiteral("contains a line break")
                                      << QByteArray("X-Evil") << QByteArray("a\r\nHost: evil") << QString();
    QTest::newRow("header name with colon") << ws << QByteArray() << true << QStringLiteral("header name")
                                            << QByteArray("X:Evil") << QByteArray("v") << QString();
    QTest::newRow("empty header name") << ws << QByteArray() << true << QStringLiteral("header name")
                                       << QByteArray() << QByteArray("v") << QString();
    QTest::newRow("subprotocol with comma") << ws << QByteArray() << true << QStringLiteral("not a valid name")
                                            << QByteArray("X-Ok") << QByteArray("fine") << QStringLiteral("a,b");
    QTest::newRow("subprotocol non-ascii") << ws << QByteArray() << true << QStringLiteral("not a valid name")
                                           << QByteArray("X-Ok") << QByteArray("fine") << QStringLiteral("pr\u00f6to");
}

void tst_FeedClient::badEndpoint()
{
    QFETCH(QString, url);
    QFETCH(QByteArray, pin);
    QFETCH(bool, verifyTls);
    QFETCH(QString, expected);
    QFETCH(QByteArray, headerName);
    QFETCH(QByteArray, headerValue);
    QFETCH(QString, subprotocol);
    FeedEndpoint e = endpointFor(QUrl(url));
    e.pinnedSha256 = pin;
    e.verifyTls = verifyTls;
    e.headers = {{headerName, headerValue}};
    if (!subprotocol.isEmpty())
        e.subprotocols = {subprotocol};
    FeedClient client(e);
    QSignalSpy errors(&client, &FeedClient::errorText);
    QSignalSpy scheduled(&client, &FeedClient::reconnectScheduled);
    client.open();
    QCOMPARE(client.state(), FeedState::Failed);
    QCOMPARE(errors.count(), 1);
    QVERIFY2(errors.first().at(0).toString().contains(expected), qPrintable(errors.first().at(0).toString()));
    QCOMPARE(client.stats().lastError, errors.first().at(0).toString());
    QVERIFY(!client.sendText(QStringLiteral("x")));
    QVERIFY(!scheduled.wait(100));
    client.close();
    QCOMPARE(client.state(), FeedState::Closed);
}

QTEST_GUILESS_MAIN(tst_FeedClient)
#include "tst_feedclient.moc"
