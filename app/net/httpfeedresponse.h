// HttpFeedResponse: what SseSource and HttpPollSource decide from a server's answer, as
// pure functions of its status and header values (no QNetworkReply), so that the untrusted
// part can be tested and fuzzed without a network (tests/fuzz/fuzz_httpfeed.cpp): the
// media type, the error text of a 4xx/5xx status (the server's reason phrase quoted on one
// line, control characters replaced), Retry-After, header values that may be sent back
// (ETag, Last-Modified: no control characters, bounded), and whether an answer is an event
// stream, and how long SSE waits to reconnect. Used by SseSource, HttpPollSource (through PollResponse) and HttpFeedRequest.
#pragma once
#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace HttpFeedResponse {

constexpr int kMaxRetryAfterMs = 60 * 60 * 1000;   // a Retry-After beyond an hour is taken as an hour
constexpr qsizetype kMaxEtagBytes = 1024;
constexpr qsizetype kMaxDateBytes = 200;

// "application/json; charset=utf-8" -> "application/json" (lower-case, trimmed).
QByteArray mediaType(const QByteArray &contentType);
bool isJsonType(const QByteArray &mediaType);
// "HTTP 503 Service Unavailable from http://host/x: the server has a problem, retrying".
QString statusText(int status, const QByteArray &reasonPhrase, const QString &where);
// Retry-After as delay-seconds or an HTTP date (RFC 9110 10.2.3), in ms from now, clamped to
// [0, kMaxRetryAfterMs]; -1 when absent or unreadable.
int retryAfterMs(const QByteArray &value, const QDateTime &nowUtc);
// A validator to send back (If-None-Match / If-Modified-Since): the value when it is at most
// maxBytes of visible ASCII and spaces, else empty (not remembered).
QByteArray validator(const QByteArray &value, qsizetype maxBytes);

// SSE: what the head of a response means for the stream.
enum class SseHead { Wait, Stream, Refused };
// Wait: no status yet, a redirect being followed, or a non-200 2xx left for the finish
// (204 = stop). Refused: *reason says why (error status, not text/event-stream).
SseHead judgeSse(int status, const QByteArray &reasonPhrase, const QByteArray &contentType,
                 const QString &where, QString *reason);
// SSE: the wait before the next attempt. A clean end of a stream waits the server's
// "retry" (clamped to [floorMs, kMaxSseRetryMs]); anything else backs off (backoffMs),
// never below that retry. serverRetryMs -1 = the server gave none.
constexpr int kMaxSseRetryMs = 5 * 60 * 1000;
bool sseWaitsForServer(bool error, bool wasStreaming, int serverRetryMs);   // backoffMs unused then
int sseRetryDelayMs(bool error, bool wasStreaming, int serverRetryMs, int floorMs, int backoffMs);

} // namespace HttpFeedResponse
