#include "originrule.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QRegularExpression>
#include <QUrl>

namespace OriginRule {
namespace {
bool isDottedQuad(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^\\d{1,3}(\\.\\d{1,3}){3}$"));
    return re.match(s).hasMatch() && !QHostAddress(s).isNull();
}

// A DNS name as browsers send it: letters, digits, '-' and '.', no empty label.
bool isHostName(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$"));
    return s.size() <= 253 && re.match(s).hasMatch();
}
} // namespace

HostPort parseHost(const QByteArray &value, bool tls)
{
    HostPort out;
    const QString v = QString::fromLatin1(value.trimmed()).toLower();
    QString host = v;
    QString port;
    if (v.startsWith(QLatin1Char('['))) {
        const qsizetype close = v.indexOf(QLatin1Char(']'));
        if (close < 0)
            return out;
        host = v.left(close + 1);
        const QString rest = v.mid(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(QLatin1Char(':')))
                return out;
            port = rest.mid(1);
        }
        if (QHostAddress(host.mid(1, host.size() - 2)).protocol() != QAbstractSocket::IPv6Protocol)
            return out;
    } else {
        const qsizetype colon = v.lastIndexOf(QLatin1Char(':'));
        if (colon >= 0) {
            host = v.left(colon);
            port = v.mid(colon + 1);
        }
        if (!isDottedQuad(host) && !isHostName(host))
            return out;
    }
    if (port.isNull()) {
        out.port = tls ? 443 : 80;
    } else {
        bool ok = false;
        const uint p = port.toUInt(&ok);
        if (!ok || port.size() > 5 || p == 0 || p > 65535 || !port.front().isDigit())
            return out;
        out.port = quint16(p);
    }
    out.host = host;
    out.ok = true;
    return out;
}

bool isTrustedHost(const QByteArray &host, const Listener &listener, const QStringList &allowedOrigins)
{
    const HostPort h = parseHost(host, listener.tls);
    if (!h.ok || listener.port == 0 || h.port != listener.port)
        return false;
    if (h.host.startsWith(QLatin1Char('[')) || isDottedQuad(h.host) || h.host == QLatin1String("localhost"))
        return true;
    const QString local = QHostInfo::localHostName().toLower();
    if (!local.isEmpty() && (h.host == local || h.host == local + QLatin1String(".local")))
        return true;
    for (const QString &o : allowedOrigins) {
        if (QUrl(o).host().toLower() == h.host)
            return true;
    }
    return false;
}

bool isOwnPage(const QString &origin, const QByteArray &host, const Listener &listener,
               const QStringList &allowedOrigins)
{
    const QLatin1String scheme = listener.tls ? QLatin1String("https://") : QLatin1String("http://");
    if (!origin.startsWith(scheme) || !isTrustedHost(host, listener, allowedOrigins))
        return false;
    const HostPort fromOrigin = parseHost(origin.mid(scheme.size()).toLatin1(), listener.tls);
    const HostPort fromHost = parseHost(host, listener.tls);
    // toLatin1() turns anything non-ASCII into '?', which no host name accepts.
    return fromOrigin.ok && fromOrigin.host == fromHost.host && fromOrigin.port == fromHost.port;
}

} // namespace OriginRule
