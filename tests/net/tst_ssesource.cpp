// tst_ssesource: SseSource over loopback against tests/peers/http_feed_server.js (Node's
// http): events as pipeline messages, headers and Accept sent, Last-Event-ID on reconnect,
// the server's retry, backoff after HTTP errors, a stalled stream, a non-event-stream
// answer, TLS (self-signed refused with its fingerprint, accepted when pinned, a wrong pin
// refused), and the message form of SseParser::message().
#include "ssesource.h"
#include "nodepeer.h"

#include <QCryptographicHash>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

class tst_SseSource : public QObject
{
    Q_OBJECT

    NodePeer m_server;

    FeedEndpoint endpoint(const QString &pathAndQuery)
    {
        FeedEndpoint e;
        e.url = QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.port()).arg(pathAndQuery));
        e.transport = FeedTransport::Sse;
        e.backoff = BackoffPolicy{50, 200, 10};
        e.handshakeTimeoutMs = 5000;
        e.useSystemProxy = false;
        return e;
    }

private Q_SLOTS:
    void init()
    {
        if (QByteArray(QTest::currentTestFunction()) == "messageForm"
            || QByteArray(QTest::currentTestFunction()) == "tlsRefusedOrPinned")
            return;
        const QString why = NodePeer::unavailable(QString());
        if (!why.isEmpty())
            QSKIP(qPrintable(why));
        QVERIFY(m_server.start(QStringLiteral("http_feed_server.js")));
    }
    void cleanup() { m_server.stop(); }

    void messageForm_data()
    {
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("unnamed object") << QByteArray("message") << QByteArray("{\"p\":1}") << QByteArray("{\"p\":1}");
        QTest::newRow("unnamed array") << QByteArray("message") << QByteArray("[1,2]") << QByteArray("[1,2]");
        QTest::newRow("unnamed number") << QByteArray("message") << QByteArray("42") << QByteArray("{\"event\":\"message\",\"data\":42}");
        QTest::newRow("unnamed text") << QByteArray("message") << QByteArray("hello \"you\"") << QByteArray("{\"event\":\"message\",\"data\":\"hello \\\"you\\\"\"}");
        QTest::newRow("named object") << QByteArray("tick") << QByteArray("{\"p\":1}") << QByteArray("{\"event\":\"tick\",\"data\":{\"p\":1}}");
        QTest::newRow("named two values") << QByteArray("t") << QByteArray("1,2") << QByteArray("{\"event\":\"t\",\"data\":\"1,2\"}");
        QTest::newRow("named broken json") << QByteArray("t") << QByteArray("{\"a\":") << QByteArray("{\"event\":\"t\",\"data\":\"{\\\"a\\\":\"}");
        QTest::newRow("name escaped") << QByteArray("a\"b") << QByteArray("1") << QByteArray("{\"event\":\"a\\\"b\",\"data\":1}");
    }
    void messageForm()
    {
        QFETCH(QByteArray, type);
        QFETCH(QByteArray, data);
        QFETCH(QByteArray, message);
        QCOMPARE(SseParser::message(SseEvent{type, data, {}}), message);
    }

    void eventsHeadersAndEnd()
    {
        FeedEndpoint e = endpoint(QStringLiteral("/sse?count=3&named=1"));
        e.headers = {{"Authorization", "Bearer t0k"}};
        SseSource source(e);
        QSignalSpy messages(&source, &FeedSource::textMessage);
        source.open();
        QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 3, 10000);
        QCOMPARE(source.state(), FeedState::Live);
        QCOMPARE(messages.at(0).at(0).toByteArray(), QByteArray("{\"event\":\"tick\",\"data\":{\"seq\":1,\"price\":101}}"));
        const QJsonObject request = m_server.events(QStringLiteral("request")).first();
        QCOMPARE(request.value("accept").toString(), QStringLiteral("text/event-stream"));
        QCOMPARE(request.value("auth").toString(), QStringLiteral("Bearer t0k"));
        QVERIFY(request.value("lastEventId").isNull());
        m_server.command({{"cmd", "push"}, {"data", "{\"a\":1}\n"}, {"id", "9"}});
        QTRY_COMPARE(messages.size(), 4);
        QCOMPARE(messages.last().at(0).toByteArray(), QByteArray("{\"a\":1}\n")); // two data lines joined with LF
        QCOMPARE(source.lastEventId(), QByteArray("9"));
        QCOMPARE(source.stats().messages, 4);
        QVERIFY(source.stats().bytes > 100);
        QVERIFY(source.stats().rttMs >= 0);
        source.close();
        QCOMPARE(source.state(), FeedState::Closed);
    }

    void reconnectSendsLastEventIdAfterRetry()
    {
        SseSource source(endpoint(QStringLiteral("/sse?count=2&end=1&retry=150")));
        QSignalSpy messages(&source, &FeedSource::textMessage);
        QSignalSpy scheduled(&source, &FeedSource::reconnectScheduled);
        source.open();
        QTRY_VERIFY_WITH_TIMEOUT(messages.size() >= 6, 10000); // three streams: 1-2, 3-4, 5-6
        QCOMPARE(messages.at(2).at(0).toByteArray(), QByteArray("{\"seq\":3,\"price\":103}"));
        QCOMPARE(messages.at(5).at(0).toByteArray(), QByteArray("{\"seq\":6,\"price\":106}"));
        const auto requests = m_server.events(QStringLiteral("request"));
        QVERIFY(requests.size() >= 3);
        QCOMPARE(requests.at(1).value("lastEventId").toString(), QStringLiteral("2"));
        QCOMPARE(requests.at(2).value("lastEventId").toString(), QStringLiteral("4"));
        QCOMPARE(scheduled.first().at(1).toInt(), 150); // the server's retry, not the backoff
        QVERIFY(source.stats().lastError.contains(QLatin1String("ended the event stream")));
        QVERIFY(source.stats().reconnects >= 2);
    }

    void retryIsBounded()
    {
        SseSource source(endpoint(QStringLiteral("/sse?count=1&end=1&retry=999999999")));
        QSignalSpy scheduled(&source, &FeedSource::reconnectScheduled);
        source.open();
        QTRY_COMPARE_WITH_TIMEOUT(scheduled.size(), 1, 10000);
        QCOMPARE(scheduled.first().at(1).toInt(), SseSource::kMaxRetryMs);
        QCOMPARE(source.state(), FeedState::Reconnecting);
        source.reconnectNow(); // the card's button does not wait 5 minutes
        QTRY_COMPARE_WITH_TIMEOUT(m_server.count(QStringLiteral("request")), 2, 10000);
    }

    void serverErrorsBackOff()
    {
        m_server.commandAndWait({{"cmd", "fail"}, {"count", 3}, {"status", 503}});
        SseSource source(endpoint(QStringLiteral("/sse?count=1")));
        QSignalSpy messages(&source, &FeedSource::textMessage);
        QSignalSpy scheduled(&source, &FeedSource::reconnectScheduled);
        QSignalSpy errors(&source, &FeedSource::errorText);
        source.open();
        QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 1, 10000);
        QCOMPARE(scheduled.size(), 3);
        QCOMPARE(scheduled.at(0).at(0).toInt(), 1);
        QCOMPARE(scheduled.at(2).at(0).toInt(), 3); // attempts count up: the delay ceiling doubles
        QVERIFY2(errors.first().at(0).toString().startsWith(QLatin1String("HTTP 503")), qPrintable(errors.first().at(0).toString()));
        QVERIFY(errors.first().at(0).toString().contains(QLatin1String("retrying")));
        QCOMPARE(source.state(), FeedState::Live);
    }

    void stallDetected()
    {
        FeedEndpoint e = endpoint(QStringLiteral("/sse-stall"));
        e.pingIntervalMs = 100;
        e.missedPongsForDead = 1; // stall after 200 ms without a byte
        SseSource source(e);
        QSignalSpy messages(&source, &FeedSource::textMessage);
        source.open();
        QTRY_VERIFY_WITH_TIMEOUT(source.stats().lastError.contains(QLatin1String("stalled")), 10000);
        QVERIFY(source.stats().lastError.contains(QLatin1String("200 ms")));
        QTRY_VERIFY_WITH_TIMEOUT(m_server.count(QStringLiteral("request")) >= 2, 10000);
        QCOMPARE(m_server.events(QStringLiteral("request")).at(1).value("lastEventId").toString(), QStringLiteral("1"));
    }

    void notAnEventStream()
    {
        SseSource source(endpoint(QStringLiteral("/poll")));
        QSignalSpy messages(&source, &FeedSource::textMessage);
        source.open();
        QTRY_VERIFY_WITH_TIMEOUT(source.stats().lastError.contains(QLatin1String("not text/event-stream")), 10000);
        QVERIFY(source.stats().lastError.contains(QLatin1String("application/json")));
        QCOMPARE(messages.size(), 0);
    }

    void refusedUrlAndNotFound()
    {
        FeedEndpoint bad = endpoint(QString());
        bad.url = QUrl(QStringLiteral("ws://127.0.0.1/x"));
        SseSource wrongScheme(bad);
        wrongScheme.open();
        QCOMPARE(wrongScheme.state(), FeedState::Failed);
        QVERIFY(wrongScheme.stats().lastError.contains(QLatin1String("http://")));

        SseSource missing(endpoint(QStringLiteral("/nope")));
        missing.open();
        QTRY_VERIFY_WITH_TIMEOUT(missing.stats().lastError.startsWith(QLatin1String("HTTP 404")), 10000);
        QVERIFY(missing.stats().lastError.contains(QLatin1String("check the URL")));
    }

    void tlsRefusedOrPinned()
    {
        const QString why = NodePeer::unavailable(QString());
        if (!why.isEmpty())
            QSKIP(qPrintable(why));
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        QTemporaryDir dir;
        const QString cert = dir.filePath(QStringLiteral("cert.pem"));
        const QString key = dir.filePath(QStringLiteral("key.pem"));
        QProcess openssl;
        openssl.setProcessChannelMode(QProcess::MergedChannels);
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                       QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                       QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                       QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert});
        QVERIFY2(openssl.waitForFinished(30000) && openssl.exitCode() == 0, openssl.readAll().constData());
        const QByteArray fingerprint = QSslCertificate::fromPath(cert).first().digest(QCryptographicHash::Sha256).toHex(':');
        QVERIFY(m_server.start(QStringLiteral("http_feed_server.js"), {QStringLiteral("--cert"), cert, QStringLiteral("--key"), key}));
        FeedEndpoint e = endpoint(QStringLiteral("/sse?count=2"));
        e.url.setScheme(QStringLiteral("https"));
        e.url.setHost(QStringLiteral("localhost"));

        SseSource refused(e);
        refused.open();
        QTRY_COMPARE_WITH_TIMEOUT(refused.state(), FeedState::Failed, 10000); // retrying cannot help
        QVERIFY2(refused.stats().lastError.contains(QLatin1String("self-signed")), qPrintable(refused.stats().lastError));
        QVERIFY(refused.stats().lastError.contains(QString::fromLatin1(fingerprint)));
        QCOMPARE(m_server.count(QStringLiteral("request")), 0); // not one request byte to an untrusted server

        e.pinnedSha256 = fingerprint;
        SseSource pinned(e);
        QSignalSpy messages(&pinned, &FeedSource::textMessage);
        pinned.open();
        QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 2, 10000);

        e.pinnedSha256 = QByteArray(64, 'a');
        SseSource wrongPin(e);
        wrongPin.open();
        QTRY_COMPARE_WITH_TIMEOUT(wrongPin.state(), FeedState::Failed, 10000);
        QVERIFY(wrongPin.stats().lastError.contains(QLatin1String("does not match the pinned fingerprint")));
    }

    void garbageAndHugeLinesBounded()
    {
        FeedEndpoint e = endpoint(QStringLiteral("/sse?count=0"));
        e.maxMessageBytes = 4096; // the event bound follows the message limit
        SseSource source(e);
        QSignalSpy messages(&source, &FeedSource::textMessage);
        source.open();
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), FeedState::Live, 10000);
        m_server.command({{"cmd", "push"}, {"data", QString(10000, QLatin1Char('x'))}});
        m_server.command({{"cmd", "push"}, {"data", QStringLiteral("{\"ok\":1}")}});
        QTRY_COMPARE(messages.size(), 1);
        QCOMPARE(messages.first().at(0).toByteArray(), QByteArray("{\"ok\":1}"));
        QCOMPARE(source.stats().dropped, 1);
        QVERIFY(source.stats().lastError.contains(QLatin1String("larger than 4096")));
    }
};

QTEST_GUILESS_MAIN(tst_SseSource)
#include "tst_ssesource.moc"
