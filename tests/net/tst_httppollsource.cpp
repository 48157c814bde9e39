// tst_httppollsource: HttpPollSource and HttpAutoSource over loopback against
// tests/peers/http_feed_server.js (Node's http): polling with headers, ETag/If-None-Match
// (304 = no message) and Last-Modified, backoff after HTTP errors and timeouts with
// readable texts, size bounds (Content-Length and chunked), non-JSON content types,
// invalid UTF-8; Auto choosing SSE or polling by Content-Type; FeedSource::create's dispatch.
#include "feedclient.h"
#include "httpautosource.h"
#include "httppollsource.h"
#include "nodepeer.h"
#include "socketiosource.h"
#include "ssesource.h"

#include <QSignalSpy>
#include <QTest>

class tst_HttpPollSource : public QObject
{
    Q_OBJECT

    NodePeer m_server;

    FeedEndpoint endpoint(const QString &pathAndQuery, FeedTransport transport = FeedTransport::HttpPoll)
    {
        FeedEndpoint e;
        e.url = QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.port()).arg(pathAndQuery));
        e.transport = transport;
        e.pollIntervalMs = 100;
        e.backoff = BackoffPolicy{50, 200, 10};
        e.handshakeTimeoutMs = 5000;
        e.useSystemProxy = false;
        return e;
    }

private Q_SLOTS:
    void init()
    {
        if (QByteArray(QTest::currentTestFunction()) == "createDispatch")
            return;
        const QString why = NodePeer::unavailable(QString());
        if (!why.isEmpty())
            QSKIP(qPrintable(why));
        QVERIFY(m_server.start(QStringLiteral("http_feed_server.js")));
    }
    void cleanup() { m_server.stop(); }

    void createDispatch_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("transport");
        QTest::addColumn<QString>("className");
        QTest::newRow("ws auto") << "ws://h/" << int(FeedTransport::Auto) << "FeedClient";
        QTest::newRow("wss auto") << "wss://h/" << int(FeedTransport::Auto) << "FeedClient";
        QTest::newRow("socketio auto") << "socketio://h/" << int(FeedTransport::Auto) << "SocketIoSource";
        QTest::newRow("socketios auto") << "socketios://h/" << int(FeedTransport::Auto) << "SocketIoSource";
        QTest::newRow("http auto") << "http://h/" << int(FeedTransport::Auto) << "HttpAutoSource";
        QTest::newRow("https auto") << "https://h/" << int(FeedTransport::Auto) << "HttpAutoSource";
        QTest::newRow("http socketio") << "http://h/" << int(FeedTransport::SocketIo) << "SocketIoSource";
        QTest::newRow("http sse") << "http://h/" << int(FeedTransport::Sse) << "SseSource";
        QTest::newRow("http poll") << "http://h/" << int(FeedTransport::HttpPoll) << "HttpPollSource";
        QTest::newRow("ws forced") << "ws://h/" << int(FeedTransport::WebSocket) << "FeedClient";
    }
    void createDispatch()
    {
        QFETCH(QString, url);
        QFETCH(int, transport);
        QFETCH(QString, className);
        FeedEndpoint e;
        e.url = QUrl(url);
        e.transport = FeedTransport(transport);
        std::unique_ptr<FeedSource> source(FeedSource::create(e));
        QCOMPARE(QString::fromLatin1(source->metaObject()->className()), className);
        QCOMPARE(source->endpoint().url, e.url);
    }

    void pollsWithEtagAndLastModified()
    {
        FeedEndpoint e = endpoint(QStringLiteral("/poll"));
        e.headers = {{"Authorization", "Bearer p"}};
        HttpPollSource source(e);
        QSignalSpy messages(&source, &FeedSource::textMessage);
        source.open();
        QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 1, 10000);
        QCOMPARE(messages.first().at(0).toByteArray(), QByteArray("{\"seq\":1,\"price\":101}"));
        QCOMPARE(source.state(), FeedState::Live);
        // Unchanged: 304s, no message.
        QTRY_VERIFY_WITH_TIMEOUT(source.notModified() >= 2, 10000);
        QCOMPARE(messages.size(), 1);
        const auto requests = m_server.events(QStringLiteral("request"));
        QVERIFY(requests.first().value("ifNoneMatch").isNull());
        QCOMPARE(requests.at(1).value("ifNoneMatch").toString(), QStringLiteral("\"v1\""));
        QCOMPARE(requests.at(1).value("ifModifiedSince").toString(), QStringLiteral("Thu, 01 Jan 2026 00:00:01 GMT"));
        QCOMPARE(requests.at(1).value("auth").toString(), QStringLiteral("Bearer p"));
        QVERIFY(requests.at(1).value("accept").toString().startsWith(QLatin1String("application/json")));
        // Changed: one new message.
        m_server.commandAndWait({{"cmd", "bump"}});
        QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 2, 10000);
        QCOMPARE(messages.last().at(0).toByteArray(), QByteArray("{\"seq\":2,\"price\":102}"));
        QCOMPARE(source.stats().messages, 2);
        QVERIFY(source.stats().rttMs >= 0);
        source.close();
        QCOMPARE(source.state(), FeedState::Closed);
    }

    void serverErrorsBackOffThenResume()
    {
        m_server.commandAndWait({{"cmd", "fail"}, {"count", 3}, {"status", 500}});
        HttpPollSource source(endpoint(QStringLiteral("/poll")));
        QSignalSpy messages(&source, &FeedSource::textMessage);
        QSignalSpy scheduled(&source, &FeedSource::reconnectScheduled);
        QSignalSpy errors(&source, &FeedSource::errorText);
        source.open();
        QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 1, 10000);
        QCOMPARE(scheduled.size(), 3);
        for (const auto &s : scheduled)
            QVERIFY(s.at(1).toInt() >= 100); // never faster than the poll interval
        QVERIFY2(errors.first().at(0).toString().startsWith(QLatin1String("HTTP 500")), qPrintable(errors.first().at(0).toString()));
        QCOMPARE(source.state(), FeedState::Live);
        QCOMPARE(source.stats().reconnects, 3);
        QCOMPARE(messages.first().at(0).toByteArray().left(8), QByteArray("{\"seq\":1")); // the error pages were not messages
    }

    void rateLimitedSaysSo()
    {
        m_server.commandAndWait({{"cmd", "fail"}, {"count", 1}, {"status", 429}});
        HttpPollSource source(endpoint(QStringLiteral("/poll")));
        source.open();
        QTRY_VERIFY_WITH_TIMEOUT(source.stats().lastError.contains(QLatin1String("raise the poll interval")), 10000);
        QCOMPARE(source.state(), FeedState::Reconnecting);
    }

    // 429/503 with Retry-After: the next try waits that long even when our backoff is shorter.
    void retryAfterHonoured()
    {
        m_server.commandAndWait({{"cmd", "fail"}, {"count", 1}, {"status", 503}, {"retryAfter", "1"}});
        HttpPollSource source(endpoint(QStringLiteral("/poll")));
        QSignalSpy messages(&source, &FeedSource::textMessage);
        QSignalSpy scheduled(&source, &FeedSource::reconnectScheduled);
        source.open();
        QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 1, 10000);
        QCOMPARE(scheduled.size(), 1);
        QCOMPARE(scheduled.first().at(1).toInt(), 1000);   // backoff (<= 200 ms) and interval (100 ms) are shorter
    }

    void slowResponseTimesOut()
    {
        FeedEndpoint e = endpoint(QStringLiteral("/slow"));
        e.handshakeTimeoutMs = 200;
        HttpPollSource source(e);
        QSignalSpy messages(&source, &FeedSource::textMessage);
        source.open();
        QTRY_VERIFY_WITH_TIMEOUT(source.stats().lastError.contains(QLatin1String("within 200 ms")), 10000);
        QCOMPARE(source.state(), FeedState::Reconnecting);
        QCOMPARE(messages.size(), 0);
    }

    void hugeResponsesRefused_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("content-length") << "/huge?bytes=300000";
        QTest::newRow("chunked") << "/huge?bytes=300000&chunked=1";
    }
    void hugeResponsesRefused()
    {
        QFETCH(QString, path);
        FeedEndpoint e = endpoint(path);
        e.maxMessageBytes = 64 * 1024;
        HttpPollSource source(e);
        QSignalSpy messages(&source, &FeedSource::textMessage);
        source.open();
        QTRY_VERIFY_WITH_TIMEOUT(source.stats().lastError.contains(QLatin1String("64 KiB limit")), 10000);
        QVERIFY(source.stats().dropped >= 1);
        QCOMPARE(messages.size(), 0);
        // Under the limit it is delivered.
        FeedEndpoint ok = endpoint(QStringLiteral("/huge?bytes=60000&chunked=1"));
        ok.maxMessageBytes = 64 * 1024;
        HttpPollSource fits(ok);
        QSignalSpy fitsMessages(&fits, &FeedSource::textMessage);
        fits.open();
        QTRY_COMPARE_WITH_TIMEOUT(fitsMessages.size(), 1, 10000);
        QCOMPARE(fitsMessages.first().at(0).toByteArray().size(), 60000);
    }

    void nonJsonAndGarbage()
    {
        HttpPollSource html(endpoint(QStringLiteral("/html")));
        QSignalSpy htmlMessages(&html, &FeedSource::textMessage);
        QSignalSpy htmlErrors(&html, &FeedSource::errorText);
        html.open();
        QTRY_VERIFY_WITH_TIMEOUT(htmlMessages.size() >= 3, 10000);
        QCOMPARE(htmlErrors.size(), 1); // reported once, not per poll
        QVERIFY(htmlErrors.first().at(0).toString().contains(QLatin1String("\"text/html\", not JSON")));
        QCOMPARE(html.state(), FeedState::Live);

        HttpPollSource garbage(endpoint(QStringLiteral("/garbage")));
        QSignalSpy garbageMessages(&garbage, &FeedSource::textMessage);
        garbage.open();
        QTRY_VERIFY_WITH_TIMEOUT(garbageMessages.size() >= 1, 10000);
        const QByteArray body = garbageMessages.first().at(0).toByteArray();
        QVERIFY(QByteArrayView(body).isValidUtf8()); // invalid bytes replaced: nothing downstream sees them
        QVERIFY(body.startsWith("{\"a\":"));
    }

    void refusedConnectionRetried()
    {
        FeedEndpoint e = endpoint(QStringLiteral("/poll"));
        m_server.stop();
        HttpPollSource source(e);
        source.open();
        QTRY_VERIFY_WITH_TIMEOUT(source.stats().lastError.contains(QLatin1String("connection refused")), 10000);
        QCOMPARE(source.state(), FeedState::Reconnecting);
    }

    void autoPicksByContentType()
    {
        HttpAutoSource sse(endpoint(QStringLiteral("/sse?count=2"), FeedTransport::Auto));
        QSignalSpy sseMessages(&sse, &FeedSource::textMessage);
        sse.open();
        QTRY_COMPARE_WITH_TIMEOUT(sseMessages.size(), 2, 10000);
        QCOMPARE(sse.chosen(), FeedTransport::Sse);
        QCOMPARE(sse.state(), FeedState::Live);
        QCOMPARE(sse.stats().messages, 2);

        HttpAutoSource poll(endpoint(QStringLiteral("/poll"), FeedTransport::Auto));
        QSignalSpy pollMessages(&poll, &FeedSource::textMessage);
        poll.open();
        QTRY_COMPARE_WITH_TIMEOUT(pollMessages.size(), 1, 10000);
        QCOMPARE(poll.chosen(), FeedTransport::HttpPoll);
        QCOMPARE(pollMessages.first().at(0).toByteArray(), QByteArray("{\"seq\":1,\"price\":101}"));
        poll.close();
        QCOMPARE(poll.state(), FeedState::Closed);
    }

    void autoRetriesAFailedProbe()
    {
        m_server.commandAndWait({{"cmd", "fail"}, {"count", 2}, {"status", 502}});
        HttpAutoSource source(endpoint(QStringLiteral("/sse?count=1"), FeedTransport::Auto));
        QSignalSpy messages(&source, &FeedSource::textMessage);
        QSignalSpy errors(&source, &FeedSource::errorText);
        source.open();
        QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 1, 10000);
        QCOMPARE(source.chosen(), FeedTransport::Sse);
        QVERIFY(errors.first().at(0).toString().startsWith(QLatin1String("HTTP 502")));
        QCOMPARE(source.stats().reconnects, 2);
    }
};

QTEST_GUILESS_MAIN(tst_HttpPollSource)
#include "tst_httppollsource.moc"
