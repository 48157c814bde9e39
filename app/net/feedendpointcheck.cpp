#include "feedendpointcheck.h"

#include "tlspin.h"

#include <QSslSocket>

namespace {
// RFC 7230 token: header names and subprotocol names.
bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                     || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}
} // namespace

QString FeedEndpointCheck::displayUrl(const QUrl &url)
{
    return url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
}

QString FeedEndpointCheck::hostPort(const QUrl &url)
{
    const int defaultPort = url.scheme() == QLatin1String("wss") ? 443 : 80;
    const QString host = url.host().contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(url.host()) : url.host();
    return QStringLiteral("%1:%2").arg(host).arg(url.port(defaultPort));
}

QString FeedEndpointCheck::sizeText(qint64 bytes)
{
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        return QStringLiteral("%1 MiB").arg(bytes / (1024 * 1024));
    if (bytes >= 1024 && bytes % 1024 == 0)
        return QStringLiteral("%1 KiB").arg(bytes / 1024);
    return QStringLiteral("%1 bytes").arg(bytes);
}

QString FeedEndpointCheck::problem(const FeedEndpoint &endpoint)
{
    const QUrl &u = endpoint.url;
    if (u.isEmpty())
        return QStringLiteral("No feed URL given: enter a ws:// or wss:// address.");
    if (!u.isValid())
        return QStringLiteral("Feed URL \"%1\" is not valid (%2).").arg(displayUrl(u), u.errorString());
    const QString scheme = u.scheme().toLower();
    if (scheme != QLatin1String("ws") && scheme != QLatin1String("wss")) {
        return QStringLiteral("Feed URL \"%1\" must start with ws:// or wss:// (got \"%2\"); "
                              "WebSocket servers reached over http(s) use ws:// or wss://.")
            .arg(displayUrl(u), scheme.isEmpty() ? QStringLiteral("no scheme") : scheme + QStringLiteral("://"));
    }
    if (u.host().isEmpty())
        return QStringLiteral("Feed URL \"%1\" has no host name.").arg(displayUrl(u));
    if (scheme == QLatin1String("wss") && !QSslSocket::supportsSsl()) {
        return QStringLiteral("wss:// needs TLS, but no TLS backend is available (%1). Install OpenSSL "
                              "or use ws://.")
            .arg(QSslSocket::sslLibraryBuildVersionString());
    }
    for (const auto &[name, value] : endpoint.headers) {
        if (!isToken(name))
            return QStringLiteral("Request header name \"%1\" is not valid: use letters, digits and - only.")
                .arg(QString::fromLatin1(name.left(80)));
        if (value.contains('\r') || value.contains('\n') || value.contains('\0'))
            return QStringLiteral("Request header %1 contains a line break or NUL: not sent.")
                .arg(QString::fromLatin1(name));
    }
    for (const QString &protocol : endpoint.subprotocols) {
        if (!isToken(protocol.toLatin1()) || protocol.toLatin1() != protocol.toUtf8())
            return QStringLiteral("Subprotocol \"%1\" is not a valid name (no spaces, commas or quotes).")
                .arg(protocol.left(80));
    }
    if (!endpoint.pinnedSha256.isEmpty() && TlsPin::parse(endpoint.pinnedSha256).isEmpty()) {
        return QStringLiteral("Certificate pin \"%1\" is not a SHA-256 fingerprint: expected 64 hex "
                              "digits (colons allowed).")
            .arg(QString::fromLatin1(endpoint.pinnedSha256.left(120)));
    }
    if (!endpoint.verifyTls && endpoint.pinnedSha256.isEmpty()) {
        return QStringLiteral("TLS verification can only be turned off by pinning the server's "
                              "certificate: give its SHA-256 fingerprint.");
    }
    return {};
}
