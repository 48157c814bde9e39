#include "localaddresses.h"

#include <QHostAddress>
#include <QNetworkInterface>
#include <QUrl>

LocalAddresses::LocalAddresses(QObject *parent) : QObject(parent)
{
    refresh();
}

void LocalAddresses::refresh()
{
    QStringList out;
    const auto interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &i : interfaces) {
        const auto flags = i.flags();
        if (!(flags & QNetworkInterface::IsUp) || !(flags & QNetworkInterface::IsRunning)
            || (flags & QNetworkInterface::IsLoopBack))
            continue;
        for (const QNetworkAddressEntry &e : i.addressEntries()) {
            const QHostAddress a = e.ip();
            if (a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLoopback() && out.size() < MaxAddresses)
                out << a.toString();
        }
    }
    if (out != m_lan) {
        m_lan = out;
        Q_EMIT changed();
    }
}

bool LocalAddresses::isValid(const QString &address) const
{
    const QString a = address.trimmed();
    return a == QLatin1String("localhost") || !QHostAddress(a).isNull();
}

bool LocalAddresses::isLoopback(const QString &address) const
{
    const QString a = address.trimmed();
    return a == QLatin1String("localhost") || QHostAddress(a).isLoopback();
}

static bool isWildcard(const QString &host)
{
    const QHostAddress a(host);
    return a == QHostAddress::AnyIPv4 || a == QHostAddress::AnyIPv6 || a == QHostAddress::Any;
}

QString LocalAddresses::reachableUrl(const QString &text) const
{
    QUrl url(text);
    if (!url.isValid() || !isWildcard(url.host()))
        return text;
    url.setHost(m_lan.isEmpty() ? QStringLiteral("127.0.0.1") : m_lan.constFirst());
    return url.toString();
}

QString LocalAddresses::loopbackUrl(const QString &text) const
{
    QUrl url(text);
    if (!url.isValid() || !isWildcard(url.host()))
        return text;
    url.setHost(QStringLiteral("127.0.0.1"));
    return url.toString();
}
