#include "httpfeedrequest.h"

#include "feedendpointcheck.h"
#include "httpfeedresponse.h"
#include "tlspin.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QPointer>
#include <QSslConfiguration>

namespace {
const char *const kRefusal = "pulseboardTlsRefusal";

// The system's proxy for each request (QNetworkProxyFactory::systemProxyForQuery).
class SystemProxyFactory : public QNetworkProxyFactory
{
public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override
    {
        return systemProxyForQuery(query);
    }
};
} // namespace

QString HttpFeedRequest::problem(const FeedEndpoint &endpoint)
{
    const QUrl &u = endpoint.url;
    const QString scheme = u.scheme().toLower();
    if (u.isEmpty())
        return QStringLiteral("No feed URL given: enter an http:// or https:// address.");
    if (!u.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) || u.host().isEmpty()) {
        return QStringLiteral("Feed URL \"%1\" must be http://host/... or https://host/... for Server-Sent "
                              "Events or polling.")
            .arg(FeedEndpointCheck::displayUrl(u));
    }
    // The remaining checks (headers, pin, TLS backend) are the WebSocket client's.
    FeedEndpoint probe = endpoint;
    probe.url.setScheme(scheme == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    return FeedEndpointCheck::problem(probe);
}

void HttpFeedRequest::configure(QNetworkAccessManager *nam, const FeedEndpoint &endpoint)
{
    nam->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
    if (endpoint.proxy.isValid() && !endpoint.proxy.host().isEmpty()) {
        const bool socks = endpoint.proxy.scheme().startsWith(QLatin1String("socks"));
        nam->setProxy(QNetworkProxy(socks ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy,
                                    endpoint.proxy.host(), quint16(endpoint.proxy.port(socks ? 1080 : 8080)),
                                    endpoint.proxy.userName(), endpoint.proxy.password()));
    } else if (endpoint.useSystemProxy) {
        nam->setProxyFactory(new SystemProxyFactory); // the manager owns it
    } else {
        nam->setProxy(QNetworkProxy::NoProxy);
    }
}

QNetworkRequest HttpFeedRequest::build(const FeedEndpoint &endpoint, const QByteArray &accept)
{
    QNetworkRequest request(endpoint.url);
    request.setRawHeader("Accept", accept);
    request.setRawHeader("Cache-Control", "no-cache");
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    // One long response per stream: HTTP/2 would multiplex nothing here.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Pulseboard"));
    for (const auto &[name, value] : endpoint.headers)
        request.setRawHeader(name, value);
    return request;
}

void HttpFeedRequest::guardTls(QNetworkReply *reply, const FeedEndpoint &endpoint)
{
    const QByteArray pin = TlsPin::parse(endpoint.pinnedSha256);
    const QString host = endpoint.url.host();
    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [reply, pin, host](const QList<QSslError> &errors) {
        const QSslCertificate cert = TlsPin::peerCertificate(reply->sslConfiguration().peerCertificate(), errors);
        if (!pin.isEmpty() && TlsPin::matches(cert, pin)) {
            reply->ignoreSslErrors(errors); // exactly this certificate is trusted
            return;
        }
        reply->setProperty(kRefusal, pin.isEmpty() ? TlsPin::refusedText(errors, host, cert)
                                                   : TlsPin::mismatchText(host, cert, pin));
    });
    if (pin.isEmpty())
        return;
    // A CA-valid certificate never reaches sslErrors: the pin still has to hold.
    QObject::connect(reply, &QNetworkReply::encrypted, reply, [reply, pin, host] {
        const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
        if (!peer.isNull() && !TlsPin::matches(peer, pin)) {
            reply->setProperty(kRefusal, TlsPin::mismatchText(host, peer, pin));
            reply->abort();
        }
    });
}

void HttpFeedRequest::abortLater(QNetworkReply *reply)
{
    QPointer<QNetworkReply> guard(reply);
    QMetaObject::invokeMethod(reply, [guard] {
        if (guard)
            guard->abort();
    }, Qt::QueuedConnection);
}

int HttpFeedRequest::status(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QByteArray HttpFeedRequest::contentType(QNetworkReply *reply)
{
    return HttpFeedResponse::mediaType(reply->rawHeader("Content-Type"));
}

QString HttpFeedRequest::errorText(QNetworkReply *reply, const FeedEndpoint &endpoint)
{
    const QString refusal = reply->property(kRefusal).toString();
    if (!refusal.isEmpty())
        return refusal;
    const QString where = FeedEndpointCheck::displayUrl(endpoint.url);
    const int code = status(reply);
    if (code >= 400)
        return HttpFeedResponse::statusText(
            code, reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString().toLatin1(), where);
    switch (reply->error()) {
    case QNetworkReply::NoError:
        return {};
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("cannot connect to %1:%2: connection refused (is the server running?)")
            .arg(endpoint.url.host())
            .arg(endpoint.url.port(endpoint.url.scheme().toLower() == QLatin1String("https") ? 443 : 80));
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("host %1 not found: check the URL").arg(endpoint.url.host());
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        return QStringLiteral("no response from %1 in time").arg(where);
    case QNetworkReply::RemoteHostClosedError:
        return QStringLiteral("%1 closed the connection").arg(where);
    default:
        return QStringLiteral("%1: %2").arg(where, reply->errorString());
    }
}
