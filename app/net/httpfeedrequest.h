// HttpFeedRequest: what SseSource, HttpPollSource and HttpAutoSource share about one HTTP
// GET: checking the endpoint (http/https, headers, pin), building the request (headers,
// Accept, no cache, redirects only to equally safe URLs), the proxy (explicit, system or
// none, per FeedEndpoint), TLS trust like FeedClient's (CA verification, or exactly the
// pinned certificate, checked before any request byte is sent), and readable error texts.
// Stateless helpers; the sources own their QNetworkAccessManager and replies.
#pragma once
#include "feedendpoint.h"

#include <QByteArray>
#include <QNetworkRequest>
#include <QString>

class QNetworkAccessManager;
class QNetworkReply;

class HttpFeedRequest
{
public:
    static QString problem(const FeedEndpoint &endpoint);   // empty = usable
    static void configure(QNetworkAccessManager *nam, const FeedEndpoint &endpoint);
    static QNetworkRequest build(const FeedEndpoint &endpoint, const QByteArray &accept);
    // Connects the reply's TLS checks: with a pin, exactly that certificate is accepted
    // (also when CA-valid); without, Qt's CA verification stands. A refusal aborts the
    // reply and its text is stored in the reply's "pulseboardTlsRefusal" property.
    static void guardTls(QNetworkReply *reply, const FeedEndpoint &endpoint);
    // What went wrong with a finished/aborted reply, in words a user can act on; empty
    // when it succeeded with a 2xx/304 status.
    static QString errorText(QNetworkReply *reply, const FeedEndpoint &endpoint);
    static int status(QNetworkReply *reply);
    // Aborts on the next event-loop turn: aborting inside the reply's own metaDataChanged
    // or readyRead makes Qt 6.4 report the error twice.
    static void abortLater(QNetworkReply *reply);
    static QByteArray contentType(QNetworkReply *reply);   // lower-case, without parameters
};
