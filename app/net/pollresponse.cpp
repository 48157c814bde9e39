#include "pollresponse.h"

#include "feedendpointcheck.h"
#include "httpfeedresponse.h"
#include "peertext.h"

PollResponse::PollResponse(qint64 limitBytes, QString where)
    : m_limit(limitBytes > 0 ? limitBytes : 16 * 1024 * 1024)
    , m_where(std::move(where))
{
}

void PollResponse::start()
{
    dropBody();
    m_retryAfterMs = -1;
}

void PollResponse::dropBody()
{
    m_body.clear();
    m_body.squeeze();
}

QString PollResponse::onHead(const Head &head, const QDateTime &nowUtc)
{
    if (head.status >= 400) {   // do not read an error page: the status says it
        m_retryAfterMs = (head.status == 429 || head.status == 503)
            ? HttpFeedResponse::retryAfterMs(head.retryAfter, nowUtc) : -1;
        return HttpFeedResponse::statusText(head.status, head.reasonPhrase, m_where);
    }
    m_retryAfterMs = -1;
    if (head.contentLength > m_limit) {
        return QStringLiteral("response from %1 is %2, over the %3 limit: raise the size limit if such "
                              "responses are expected")
            .arg(m_where, FeedEndpointCheck::sizeText(head.contentLength), FeedEndpointCheck::sizeText(m_limit));
    }
    return QString();
}

QString PollResponse::roomFor(qint64 available) const
{
    if (m_body.size() + available <= m_limit)
        return QString();
    return QStringLiteral("response from %1 grew over the %2 limit: raise the size limit if such responses are expected")
        .arg(m_where, FeedEndpointCheck::sizeText(m_limit));
}

PollResponse::Result PollResponse::finish(const Head &head)
{
    Result r;
    QByteArray body = std::exchange(m_body, {});
    if (head.status == 304) {
        r.notModified = true;
        return r;
    }
    const QByteArray etag = HttpFeedResponse::validator(head.etag, HttpFeedResponse::kMaxEtagBytes);
    const QByteArray modified = HttpFeedResponse::validator(head.lastModified, HttpFeedResponse::kMaxDateBytes);
    if (!etag.isEmpty())
        m_etag = etag;
    if (!modified.isEmpty())
        m_lastModified = modified;
    const QByteArray type = HttpFeedResponse::mediaType(head.contentType);
    if (!HttpFeedResponse::isJsonType(type) && type != m_reportedType) {
        m_reportedType = type.left(200);
        r.typeProblem = QStringLiteral("%1 answers with Content-Type \"%2\", not JSON: its messages may not parse "
                                       "(check the URL)")
                            .arg(m_where, PeerText::printable(QByteArrayView(type), 80));
    }
    if (!QByteArrayView(body).isValidUtf8()) {
        body = QString::fromUtf8(body).toUtf8();
        // U+FFFD takes 3 bytes where a bad byte took 1: the limit holds for what is handed on.
        if (body.size() > m_limit) {
            r.refused = QStringLiteral("response from %1 is not valid UTF-8 and over the %2 limit once repaired: "
                                       "dropped").arg(m_where, FeedEndpointCheck::sizeText(m_limit));
            return r;
        }
    }
    if (!body.trimmed().isEmpty())
        r.message = std::move(body);
    return r;
}
