// PollResponse: what HttpPollSource makes of each answer to its GET, without the network
// (HttpPollSource feeds it the reply's status, headers and bytes; fuzz_httpfeed feeds it
// anything). A 4xx/5xx head stops the request with its text (and the server's Retry-After,
// honoured for the next try); a Content-Length over the limit stops it before any byte, and
// so does a body growing over it; a finished 2xx body becomes the message for the
// pipeline (invalid UTF-8 replaced, and still within the limit after that; a blank body is
// none); a 304 delivers nothing. ETag and Last-Modified are remembered, when they are clean
// enough to send back, for If-None-Match / If-Modified-Since; a Content-Type that is not
// JSON is reported once per type (the body still goes on: the pipeline counts what does
// not parse).
// Bounds: the body held <= limit bytes; ETag <= 1 KiB, Last-Modified <= 200 bytes.
#pragma once
#include <QByteArray>
#include <QDateTime>
#include <QString>

class PollResponse
{
public:
    struct Head
    {
        int status = 0;                 // 0 = no head yet
        QByteArray reasonPhrase;
        QByteArray contentType;         // as sent
        qint64 contentLength = -1;      // -1 = not given
        QByteArray etag;
        QByteArray lastModified;
        QByteArray retryAfter;
    };
    struct Result
    {
        bool notModified = false;       // 304
        QByteArray message;             // the body for the pipeline; empty = none
        QString typeProblem;            // a non-JSON Content-Type, the first time it is seen
        QString refused;                // the body was dropped (over the limit once repaired)
    };

    PollResponse(qint64 limitBytes, QString where);

    void start();                                       // a new request: no body, no Retry-After yet
    void dropBody();                                    // the request ended: the memory goes
    // "" = go on; else why the request stops (error status, or over the limit). An error
    // status also sets retryAfterMs().
    QString onHead(const Head &head, const QDateTime &nowUtc);
    // Before reading `available` more bytes: "" when they fit, else why the request stops.
    QString roomFor(qint64 available) const;
    void append(const QByteArray &bytes) { m_body += bytes; }
    // A request that finished without error (2xx or 304).
    Result finish(const Head &head);

    QByteArray etag() const { return m_etag; }
    QByteArray lastModified() const { return m_lastModified; }
    int retryAfterMs() const { return m_retryAfterMs; }     // -1 = none
    qint64 bodyBytes() const { return m_body.size(); }
    qint64 limit() const { return m_limit; }

private:
    qint64 m_limit;
    QString m_where;
    QByteArray m_body;
    QByteArray m_etag;
    QByteArray m_lastModified;
    QByteArray m_reportedType;
    int m_retryAfterMs = -1;
};
