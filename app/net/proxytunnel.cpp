#include "proxytunnel.h"
#include "peertext.h"

#include <QList>
#include <QNetworkProxyFactory>

namespace ProxyTunnel {
namespace {
Route fromProxy(const QNetworkProxy &p)
{
    Route r;
    r.proxy = p;
    if (p.type() == QNetworkProxy::HttpProxy)
        r.kind = Route::Kind::Connect;
    else if (p.type() == QNetworkProxy::Socks5Proxy)
        r.kind = Route::Kind::Socks;
    return r;
}
} // namespace

QString describe(const QNetworkProxy &proxy)
{
    return QStringLiteral("proxy %1:%2").arg(proxy.hostName()).arg(proxy.port());
}

Route choose(const QUrl &target, bool useSystemProxy, const QUrl &explicitProxy)
{
    if (!explicitProxy.isEmpty()) {
        const QString scheme = explicitProxy.scheme().toLower();
        Route r;
        if (!explicitProxy.isValid() || explicitProxy.host().isEmpty()
            || (scheme != QLatin1String("http") && scheme != QLatin1String("socks5"))) {
            r.problem = QStringLiteral("proxy \"%1\" is not an http:// or socks5:// address with a host")
                            .arg(explicitProxy.toString(QUrl::RemoveUserInfo).left(200));
            return r;
        }
        const bool http = scheme == QLatin1String("http");
        return fromProxy(QNetworkProxy(http ? QNetworkProxy::HttpProxy : QNetworkProxy::Socks5Proxy,
                                       explicitProxy.host(), quint16(explicitProxy.port(http ? 8080 : 1080)),
                                       explicitProxy.userName(), explicitProxy.password()));
    }
    // An application proxy set with QNetworkProxy::setApplicationProxy. (When Qt itself uses
    // the system configuration, applicationProxy() reports the system's proxy, which only
    // counts when useSystemProxy allows it.)
    if (!QNetworkProxyFactory::usesSystemConfiguration()) {
        const QNetworkProxy app = QNetworkProxy::applicationProxy();
        if (app.type() == QNetworkProxy::HttpProxy || app.type() == QNetworkProxy::Socks5Proxy)
            return fromProxy(app);
    }
    if (!useSystemProxy)
        return {};
    // Ask as a browser would for this WebSocket URL: ws -> http, wss -> https.
    QUrl asked = target;
    asked.setScheme(target.scheme() == QLatin1String("wss") ? QStringLiteral("https") : QStringLiteral("http"));
    const QList<QNetworkProxy> proxies = QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(asked));
    for (const QNetworkProxy &p : proxies) {
        if (p.type() == QNetworkProxy::NoProxy || p.type() == QNetworkProxy::DefaultProxy)
            return {};
        if (p.type() == QNetworkProxy::HttpProxy || p.type() == QNetworkProxy::Socks5Proxy)
            return fromProxy(p);
        // HttpCaching/FtpCaching proxies cannot carry a WebSocket: try the next one.
    }
    return {};
}

QByteArray connectRequest(const QString &host, quint16 port, const QNetworkProxy &proxy)
{
    QByteArray authority = host.toLatin1();
    if (authority.contains(':'))
        authority = '[' + authority + ']';
    authority += ':' + QByteArray::number(port);
    QByteArray r = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n";
    if (!proxy.user().isEmpty())
        r += "Proxy-Authorization: Basic "
             + (proxy.user() + QLatin1Char(':') + proxy.password()).toUtf8().toBase64() + "\r\n";
    return r + "\r\n";
}

Reply read(const QByteArray &in, const QNetworkProxy &proxy, const QString &target)
{
    Reply r;
    const QString who = describe(proxy);
    const qsizetype end = in.indexOf("\r\n\r\n");
    if (end < 0 || end + 4 > kMaxHeadBytes) {
        if (in.size() >= kMaxHeadBytes) {
            r.status = Reply::Status::Refused;
            r.error = QStringLiteral("%1 sent a reply head over %2 KiB to CONNECT: is it an HTTP proxy?")
                          .arg(who).arg(kMaxHeadBytes / 1024);
        }
        return r;
    }
    const QByteArray line = in.left(in.indexOf("\r\n"));
    const QList<QByteArray> parts = line.split(' ');
    bool numeric = false;
    r.httpStatus = parts.size() >= 2 && parts.at(0).startsWith("HTTP/1.") ? parts.at(1).toInt(&numeric) : 0;
    if (!numeric) {
        r.status = Reply::Status::Refused;
        r.error = QStringLiteral("%1 did not answer CONNECT with HTTP: is it an HTTP proxy?").arg(who);
        return r;
    }
    if (r.httpStatus >= 200 && r.httpStatus < 300) {
        r.status = Reply::Status::Open;
        r.headBytes = end + 4;
        return r;
    }
    r.status = Reply::Status::Refused;
    const QString status = PeerText::printable(line.mid(parts.at(0).size() + 1), 100);
    switch (r.httpStatus) {
    case 401:   // tinyproxy answers a wrong password with 401
    case 407:
        r.error = proxy.user().isEmpty()
            ? QStringLiteral("%1 needs a login (HTTP %2): put user:password in the proxy address").arg(who, status)
            : QStringLiteral("%1 refused the login for user \"%2\" (HTTP %3): check the proxy password")
                  .arg(who, proxy.user().left(60), status);
        break;
    case 403:
        r.error = QStringLiteral("%1 does not allow connections to %2 (HTTP %3): ask the network "
                                 "administrator, or turn the system proxy off for this feed").arg(who, target, status);
        break;
    case 500: case 502: case 503: case 504:
        r.error = QStringLiteral("%1 could not reach %2 (HTTP %3): check the feed's host and port")
                      .arg(who, target, status);
        break;
    default:
        r.error = QStringLiteral("%1 refused CONNECT to %2 with HTTP %3").arg(who, target, status);
    }
    return r;
}

} // namespace ProxyTunnel
