// ProxyTunnel: how WsClient reaches a ws:// or wss:// server through a proxy. choose()
// decides the route the way Qt does for its own sockets: an explicit proxy URL first, then
// the application proxy (QNetworkProxy::setApplicationProxy), then, when allowed, the
// system's (QNetworkProxyFactory::systemProxyForQuery: http_proxy/https_proxy/no_proxy,
// libproxy/PAC or the OS settings). An HTTP proxy is tunnelled through with CONNECT
// (RFC 9110 9.3.6) by WsClient itself, TLS running inside the tunnel for wss; a SOCKS5 one
// is handed to QTcpSocket. Pure functions; every refusal is a sentence for the person.
// Bound: the proxy's reply head is read up to kMaxHeadBytes (8 KiB).
#pragma once
#include <QByteArray>
#include <QNetworkProxy>
#include <QString>
#include <QUrl>

namespace ProxyTunnel {

constexpr qsizetype kMaxHeadBytes = 8 * 1024;

struct Route
{
    enum class Kind { Direct, Connect, Socks };
    Kind kind = Kind::Direct;
    QNetworkProxy proxy;           // Connect/Socks: host, port, user, password
    QString problem;               // non-empty: the explicit proxy URL cannot be used
};

// explicitProxy: http://[user:pass@]host[:port] or socks5://...; empty = none.
Route choose(const QUrl &target, bool useSystemProxy, const QUrl &explicitProxy);

// "CONNECT host:port HTTP/1.1" with Host and, when the proxy has a user, Proxy-Authorization: Basic.
QByteArray connectRequest(const QString &host, quint16 port, const QNetworkProxy &proxy);

struct Reply
{
    enum class Status { NeedMore, Open, Refused };
    Status status = Status::NeedMore;
    qsizetype headBytes = 0;       // Open: bytes of the reply head (the tunnel starts after)
    int httpStatus = 0;
    QString error;
};
Reply read(const QByteArray &in, const QNetworkProxy &proxy, const QString &target);

QString describe(const QNetworkProxy &proxy);   // "proxy 10.0.0.1:3128"

} // namespace ProxyTunnel
