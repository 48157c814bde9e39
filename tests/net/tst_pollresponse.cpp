// tst_pollresponse: PollResponse and HttpFeedResponse, what the HTTP sources make of a
// server's answer, as pure functions (fuzz_httpfeed runs the same code on random answers):
// error statuses with their text and Retry-After (seconds, HTTP date, hostile values),
// Content-Length and growing bodies over the limit, a body repaired from invalid UTF-8 that
// no longer fits, ETag/Last-Modified kept only when clean, a non-JSON type reported once,
// 304, and the SSE head judgement and reconnect delay.
#include "httpfeedresponse.h"
#include "pollresponse.h"

#include <QTest>

namespace {
const QDateTime kNow = QDateTime(QDate(2023, 11, 14), QTime(22, 13, 20), Qt::UTC);

PollResponse::Head head(int status, const QByteArray &type = "application/json")
{
    PollResponse::Head h;
    h.status = status;
    h.reasonPhrase = "Reason";
    h.contentType = type;
    return h;
}

bool oneCleanLine(const QString &text)
{
    for (QChar c : text)
        if (c.unicode() < 0x20 || (c.unicode() >= 0x7f && c.unicode() < 0xa0))
            return false;
    return !text.isEmpty();
}
} // namespace

class tst_PollResponse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void retryAfter_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("ms");
        QTest::newRow("absent") << QByteArray() << -1;
        QTest::newRow("seconds") << QByteArray("120") << 120'000;
        QTest::newRow("zero") << QByteArray(" 0 ") << 0;
        QTest::newRow("huge") << QByteArray("99999999999999999999") << HttpFeedResponse::kMaxRetryAfterMs;
        QTest::newRow("two hours") << QByteArray("7200") << HttpFeedResponse::kMaxRetryAfterMs;
        QTest::newRow("date 40 s ahead") << QByteArray("Tue, 14 Nov 2023 22:14:00 GMT") << 40'000;
        QTest::newRow("date in the past") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << 0;
        QTest::newRow("negative") << QByteArray("-5") << -1;
        QTest::newRow("fraction") << QByteArray("1.5") << -1;
        QTest::newRow("garbage") << QByteArray("soon\x1b[2J") << -1;
        QTest::newRow("oversized") << QByteArray(5000, '1') << -1;
    }
    void retryAfter()
    {
        QFETCH(QByteArray, value);
        QFETCH(int, ms);
        QCOMPARE(HttpFeedResponse::retryAfterMs(value, kNow), ms);
    }

    void errorStatusStopsWithItsText()
    {
        PollResponse r(1024, QStringLiteral("http://h/x"));
        r.start();
        PollResponse::Head h = head(503);
        h.reasonPhrase = "Busy\r\n\x1b[31mEvil";
        h.retryAfter = "3";
        const QString stop = r.onHead(h, kNow);
        QVERIFY2(stop.startsWith(QLatin1String("HTTP 503 Busy")) && oneCleanLine(stop), qPrintable(stop));
        QCOMPARE(r.retryAfterMs(), 3000);
        h.status = 500;   // only 429 and 503 carry a Retry-After worth waiting for
        QVERIFY(!r.onHead(h, kNow).isEmpty());
        QCOMPARE(r.retryAfterMs(), -1);
        h.status = 429;
        r.onHead(h, kNow);
        QCOMPARE(r.retryAfterMs(), 3000);
        r.start();        // a new request forgets it
        QCOMPARE(r.retryAfterMs(), -1);
    }

    void limits()
    {
        PollResponse r(10, QStringLiteral("http://h/x"));
        r.start();
        PollResponse::Head h = head(200);
        h.contentLength = 11;
        QVERIFY(r.onHead(h, kNow).contains(QLatin1String("is 11 bytes, over the 10 bytes limit")));
        h.contentLength = -1;
        QCOMPARE(r.onHead(h, kNow), QString());
        QCOMPARE(r.roomFor(10), QString());
        r.append("[1,2,3,4]");
        QVERIFY(r.roomFor(2).contains(QLatin1String("grew over the 10 bytes limit")));
        QCOMPARE(r.bodyBytes(), 9);
        r.start();
        QCOMPARE(r.bodyBytes(), 0);
        // 4 bad bytes become 4 U+FFFD (12 bytes): over the limit once repaired, refused.
        r.append("\"\xff\xff\xff\xff\"");
        const PollResponse::Result bad = r.finish(h);
        QVERIFY(bad.message.isEmpty());
        QVERIFY2(bad.refused.contains(QLatin1String("not valid UTF-8")), qPrintable(bad.refused));
        r.start();
        r.append("\"\xff\"");   // repaired within the limit: handed on
        QCOMPARE(r.finish(h).message, QByteArray("\"\xef\xbf\xbd\""));
    }

    void validatorsAndTypes()
    {
        PollResponse r(1024, QStringLiteral("http://h/x"));
        PollResponse::Head h = head(200, "text/html; charset=utf-8");
        h.etag = "\"v1\"";
        h.lastModified = "Sun, 06 Nov 1994 08:49:37 GMT";
        r.start();
        r.append(" {\"a\":1} ");
        PollResponse::Result res = r.finish(h);
        QCOMPARE(res.message, QByteArray(" {\"a\":1} "));
        QVERIFY(res.typeProblem.contains(QLatin1String("\"text/html\", not JSON")));
        QCOMPARE(r.etag(), QByteArray("\"v1\""));
        QCOMPARE(r.lastModified(), h.lastModified);
        h.etag = "\"v2\x1b[2J\"";                  // not sent back: the old one stays
        h.lastModified = QByteArray(300, 'x');     // too long
        r.start();
        r.append("  \n");
        res = r.finish(h);
        QVERIFY(res.message.isEmpty());            // blank: no message
        QVERIFY(res.typeProblem.isEmpty());        // reported once per type
        QCOMPARE(r.etag(), QByteArray("\"v1\""));
        QCOMPARE(r.lastModified(), QByteArray("Sun, 06 Nov 1994 08:49:37 GMT"));
        r.start();
        res = r.finish(head(304));
        QVERIFY(res.notModified && res.message.isEmpty());
    }

    void sseHead()
    {
        QString why;
        using H = HttpFeedResponse::SseHead;
        QCOMPARE(HttpFeedResponse::judgeSse(0, {}, {}, QStringLiteral("u"), &why), H::Wait);
        QCOMPARE(HttpFeedResponse::judgeSse(302, {}, {}, QStringLiteral("u"), &why), H::Wait);
        QCOMPARE(HttpFeedResponse::judgeSse(204, {}, {}, QStringLiteral("u"), &why), H::Wait);
        QCOMPARE(HttpFeedResponse::judgeSse(200, "OK", "Text/Event-Stream; charset=utf-8", QStringLiteral("u"), &why), H::Stream);
        QCOMPARE(HttpFeedResponse::judgeSse(200, "OK", "text/html\x1b[2J", QStringLiteral("u"), &why), H::Refused);
        QVERIFY2(why.contains(QLatin1String("not text/event-stream")) && oneCleanLine(why), qPrintable(why));
        QCOMPARE(HttpFeedResponse::judgeSse(401, "No\r\nWay", {}, QStringLiteral("u"), &why), H::Refused);
        QVERIFY2(why.startsWith(QLatin1String("HTTP 401 No")) && oneCleanLine(why), qPrintable(why));
        // Reconnect: a clean end waits the server's retry, clamped; errors back off, at least retry.
        QCOMPARE(HttpFeedResponse::sseRetryDelayMs(false, true, 2000, 100, 700), 2000);
        QCOMPARE(HttpFeedResponse::sseRetryDelayMs(false, true, 5, 100, 700), 100);
        QCOMPARE(HttpFeedResponse::sseRetryDelayMs(false, true, 1 << 30, 100, 700), HttpFeedResponse::kMaxSseRetryMs);
        QCOMPARE(HttpFeedResponse::sseRetryDelayMs(true, true, 2000, 100, 700), 2000);
        QCOMPARE(HttpFeedResponse::sseRetryDelayMs(true, false, 300, 100, 700), 700);
        QCOMPARE(HttpFeedResponse::sseRetryDelayMs(false, true, -1, 100, 700), 700);
    }
};

QTEST_GUILESS_MAIN(tst_PollResponse)
#include "tst_pollresponse.moc"
