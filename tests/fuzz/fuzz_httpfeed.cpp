// libFuzzer target: what the HTTP feed sources do with a server's answer, without the
// network. The input is a response as it comes off the wire ("503 Busy\r\nRetry-After:
// 7\r\n\r\nbody"); a small reader here (test code, not the product's) splits it into the
// status, reason phrase, headers and body that QNetworkReply would hand over.
// First byte: bit 0 picks the source (0 = HttpPollSource's PollResponse, 1 = SseSource's
// head judgement, then the body through SseParser as SseSource feeds it), bits 1-3 the
// size limit, bits 4-7 how the body is cut into reads.
// Polling: two requests on one PollResponse (the second sends back what the first kept).
// Checks: every text for a person is one line without control characters and bounded;
// an error status stops before any body byte, with Retry-After in [-1, 1 h] (and only on
// 429/503); the body held never exceeds the limit; a delivered message is valid UTF-8,
// within the limit, not blank; ETag/Last-Modified kept are clean and bounded; a message is
// then mapped by auto-discovery (SampleMapper, the pipeline's first step). SSE: Stream only
// for 200 text/event-stream, a refusal always says why, the reconnect delay within
// [floor, max(backoff, 5 min)].
#include "httpfeedresponse.h"
#include "pollresponse.h"
#include "samplemapper.h"
#include "sseparser.h"

#include <QStringDecoder>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

struct Wire
{
    PollResponse::Head head;
    QByteArray body;
};

Wire readWire(QByteArrayView in)
{
    Wire w;
    qsizetype end = in.indexOf(QByteArrayView("\r\n\r\n"));
    const QByteArrayView headText = end < 0 ? in : in.first(end);
    if (end >= 0)
        w.body = in.sliced(end + 4).toByteArray();
    const QList<QByteArray> lines = headText.toByteArray().split('\n');
    const QByteArray status = lines.value(0).trimmed();
    const qsizetype space = status.indexOf(' ');
    w.head.status = std::clamp(status.left(space < 0 ? 3 : std::min<qsizetype>(space, 3)).toInt(), 0, 999);
    w.head.reasonPhrase = space < 0 ? QByteArray() : status.mid(space + 1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();   // Qt keeps other bytes as sent
        if (name == "content-type")
            w.head.contentType = value;
        else if (name == "content-length") {
            bool ok = false;
            const qint64 n = value.toLongLong(&ok);
            w.head.contentLength = ok && n >= 0 ? n : -1;
        } else if (name == "etag")
            w.head.etag = value;
        else if (name == "last-modified")
            w.head.lastModified = value;
        else if (name == "retry-after")
            w.head.retryAfter = value;
    }
    return w;
}

[[noreturn]] void fail(const char *what, const QString &text = {})
{
    std::fprintf(stderr, "%s: %s\n", what, text.toUtf8().constData());
    std::abort();
}

void checkText(const QString &text, const char *what, bool mayBeEmpty = false)
{
    if ((text.isEmpty() && !mayBeEmpty) || text.size() > 1000)
        fail(what, text);
    for (QChar c : text)
        if (c.unicode() < 0x20 || (c.unicode() >= 0x7f && c.unicode() < 0xa0))
            fail(what, text);
}

void checkValidator(const QByteArray &v, qsizetype max)
{
    if (v.size() > max)
        std::abort();
    for (char c : v)
        if (uchar(c) < 0x20 || uchar(c) >= 0x7f)
            std::abort();
}

void poll(const Wire &wire, qint64 limit, int cut, SampleMapper &mapper)
{
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);
    PollResponse response(limit, QStringLiteral("http://feed.example/x"));
    for (int request = 0; request < 2; ++request) {
        response.start();
        const QString stop = response.onHead(wire.head, now);
        const int retry = response.retryAfterMs();
        if (retry < -1 || retry > HttpFeedResponse::kMaxRetryAfterMs
            || (retry >= 0 && wire.head.status != 429 && wire.head.status != 503))
            fail("retry-after", QString::number(retry));
        if (wire.head.status >= 400 && stop.isEmpty())
            fail("error status read");
        if (!stop.isEmpty()) {
            checkText(stop, "head refusal");
            continue;
        }
        bool stopped = false;
        for (qsizetype at = 0, n = cut; at < wire.body.size() && !stopped; at += n, n = n * 5 % 97 + 1) {
            const QByteArray chunk = wire.body.mid(at, n);
            const QString room = response.roomFor(chunk.size());
            if (!room.isEmpty()) {
                checkText(room, "body refusal");
                stopped = true;
            } else {
                response.append(chunk);
            }
            if (response.bodyBytes() > limit)
                fail("body over the limit");
        }
        if (stopped)
            continue;
        const PollResponse::Result r = response.finish(wire.head);
        checkText(r.typeProblem, "type problem", true);
        checkText(r.refused, "refused", true);
        if (r.notModified && !r.message.isEmpty())
            fail("304 with a message");
        if (!r.message.isEmpty()) {
            if (!QByteArrayView(r.message).isValidUtf8() || r.message.size() > limit || r.message.trimmed().isEmpty())
                fail("message", QString::number(r.message.size()));
            SampleBatch samples;
            mapper.map(QByteArrayView(r.message), 0, &samples);
            if (samples.size() > SampleMapper::kMaxLeavesPerMessage)
                fail("samples");
        }
        checkValidator(response.etag(), HttpFeedResponse::kMaxEtagBytes);
        checkValidator(response.lastModified(), HttpFeedResponse::kMaxDateBytes);
    }
}

void sse(const Wire &wire, qint64 limit, int cut)
{
    QString reason;
    const HttpFeedResponse::SseHead head = HttpFeedResponse::judgeSse(
        wire.head.status, wire.head.reasonPhrase, wire.head.contentType, QStringLiteral("http://feed.example/s"), &reason);
    if (head == HttpFeedResponse::SseHead::Refused)
        checkText(reason, "sse refusal");
    if (head == HttpFeedResponse::SseHead::Stream
        && (wire.head.status != 200 || HttpFeedResponse::mediaType(wire.head.contentType) != "text/event-stream"))
        fail("stream accepted", QString::number(wire.head.status));
    if (head != HttpFeedResponse::SseHead::Stream)
        return;
    SseParser parser(SseParser::kDefaultMaxLineBytes, std::max<qint64>(limit, 1024));
    for (qsizetype at = 0, n = cut; at < wire.body.size(); at += n, n = n * 5 % 97 + 1) {
        parser.feed(QByteArrayView(wire.body).sliced(at, std::min(n, wire.body.size() - at)));
        for (const SseEvent &e : parser.takeEvents()) {
            const QByteArray m = SseParser::message(e);
            if (!QByteArrayView(m).isValidUtf8())
                fail("sse message utf-8");
        }
        for (const QString &p : parser.takeErrors())
            checkText(p, "sse problem");
    }
    parser.endOfStream();
    for (bool error : {false, true}) {
        for (bool streaming : {false, true}) {
            const int d = HttpFeedResponse::sseRetryDelayMs(error, streaming, parser.retryMs(), 100, 250);
            if (d < 100 || d > HttpFeedResponse::kMaxSseRetryMs)
                fail("reconnect delay", QString::number(d));
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const uint8_t config = data[0];
    const qint64 limit = qint64(16) << ((config >> 1) & 7);   // 16 B .. 2 KiB: limits are reached
    const int cut = 1 + (config >> 4);
    const Wire wire = readWire(QByteArrayView(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1)));
    static SampleMapper mapper;   // auto-discovery, kept across inputs as on a connection
    if (config & 1)
        sse(wire, limit, cut);
    else
        poll(wire, limit, cut, mapper);
    return 0;
}
