#include "httpfeedresponse.h"

#include "peertext.h"

#include <QLocale>

#include <algorithm>

namespace HttpFeedResponse {

QByteArray mediaType(const QByteArray &contentType)
{
    QByteArray type = contentType;
    const qsizetype semicolon = type.indexOf(';');
    if (semicolon >= 0)
        type.truncate(semicolon);
    return type.trimmed().toLower();
}

bool isJsonType(const QByteArray &type)
{
    return type.isEmpty() || type == "application/json" || type == "text/json" || type.endsWith("+json")
        || type == "application/x-ndjson" || type == "application/javascript";
}

QString statusText(int status, const QByteArray &reasonPhrase, const QString &where)
{
    QString hint;
    if (status == 401 || status == 403)
        hint = QStringLiteral(": check the credentials (headers) for this feed");
    else if (status == 404 || status == 410)
        hint = QStringLiteral(": check the URL");
    else if (status == 429)
        hint = QStringLiteral(": the server limits requests, raise the poll interval");
    else if (status >= 500)
        hint = QStringLiteral(": the server has a problem, retrying");
    // The phrase is the server's: one line, no control characters (PeerText).
    return QStringLiteral("HTTP %1 %2 from %3%4")
        .arg(status).arg(PeerText::printable(QByteArrayView(reasonPhrase), 80), where, hint);
}

int retryAfterMs(const QByteArray &value, const QDateTime &nowUtc)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty() || v.size() > kMaxDateBytes)
        return -1;
    bool digits = true;
    for (char c : v)
        digits = digits && c >= '0' && c <= '9';
    if (digits) {
        if (v.size() > 7)   // more than 115 days: beyond the cap anyway
            return kMaxRetryAfterMs;
        return int(std::min<qint64>(v.toLongLong() * 1000, kMaxRetryAfterMs));
    }
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" (the obsolete forms are not read).
    QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(v), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!when.isValid())
        return -1;
    when.setTimeSpec(Qt::UTC);
    const qint64 ms = nowUtc.msecsTo(when);
    return int(std::clamp<qint64>(ms, 0, kMaxRetryAfterMs));
}

QByteArray validator(const QByteArray &value, qsizetype maxBytes)
{
    if (value.size() > maxBytes)
        return {};
    for (char c : value)
        if (uchar(c) < 0x20 || uchar(c) >= 0x7f)
            return {};
    return value;
}

SseHead judgeSse(int status, const QByteArray &reasonPhrase, const QByteArray &contentType,
                 const QString &where, QString *reason)
{
    if (status == 0 || (status >= 300 && status < 400))
        return SseHead::Wait;   // no headers yet, or a redirect being followed
    if (status >= 400) {        // do not buffer an error page: its status says it all
        *reason = statusText(status, reasonPhrase, where);
        return SseHead::Refused;
    }
    if (status != 200)
        return SseHead::Wait;   // 204 and others are handled when the reply finishes
    const QByteArray type = mediaType(contentType);
    if (type != "text/event-stream") {
        *reason = QStringLiteral("%1 answered with Content-Type \"%2\", not text/event-stream: for a JSON URL "
                                 "choose the polling transport (or Auto)")
                      .arg(where, PeerText::printable(QByteArrayView(type), 80));
        return SseHead::Refused;
    }
    return SseHead::Stream;
}

bool sseWaitsForServer(bool error, bool wasStreaming, int serverRetryMs)
{
    return !error && wasStreaming && serverRetryMs >= 0;
}

int sseRetryDelayMs(bool error, bool wasStreaming, int serverRetryMs, int floorMs, int backoffMs)
{
    const int retry = serverRetryMs >= 0 ? std::clamp(serverRetryMs, floorMs, kMaxSseRetryMs) : -1;
    if (sseWaitsForServer(error, wasStreaming, serverRetryMs))
        return retry;                      // a clean end: the server's wish
    return std::max(backoffMs, retry);     // errors back off, never below retry
}

} // namespace HttpFeedResponse
