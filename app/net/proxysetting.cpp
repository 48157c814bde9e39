#include "proxysetting.h"

#include "peertext.h"

namespace {
const QString kExample = QStringLiteral("e.g. http://proxy.example:3128");

bool hasControl(const QString &text)
{
    for (QChar c : text)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || (c.unicode() >= 0x80 && c.unicode() < 0xa0))
            return true;
    return false;
}

// The text as it may be quoted back: cut, and never a login.
QString quoted(const QString &text)
{
    QString shown = text;
    const qsizetype at = shown.lastIndexOf(QLatin1Char('@'));
    const qsizetype scheme = shown.indexOf(QLatin1String("://"));
    if (at >= 0)
        shown = (scheme >= 0 && scheme < at ? shown.left(scheme + 3) : QString()) + QStringLiteral("…@") + shown.mid(at + 1);
    return shown.size() <= 80 ? shown : shown.left(80) + QStringLiteral("…");
}
} // namespace

QString ProxySetting::modeName(Mode mode)
{
    switch (mode) {
    case Mode::None: return QStringLiteral("none");
    case Mode::Manual: return QStringLiteral("manual");
    case Mode::System: break;
    }
    return QStringLiteral("system");
}

bool ProxySetting::modeFromName(const QString &name, Mode *out)
{
    for (Mode m : {Mode::System, Mode::None, Mode::Manual}) {
        if (name == modeName(m)) {
            *out = m;
            return true;
        }
    }
    return false;
}

QString ProxySetting::checkAddress(const QString &text, bool allowLogin, QUrl *out)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return QStringLiteral("Enter the proxy's address, %1.").arg(kExample);
    if (t.size() > MaxAddressChars)
        return QStringLiteral("The proxy address is %1 characters long; at most %2 are accepted.")
            .arg(t.size()).arg(MaxAddressChars);
    if (hasControl(t))
        return QStringLiteral("The proxy address contains a control character (line break, tab or NUL): "
                              "type it on one line, %1.").arg(kExample);
    if (!t.contains(QLatin1String("://")))
        return QStringLiteral("The proxy address \"%1\" needs a scheme: start it with http://, %2.").arg(quoted(t), kExample);
    const QUrl url(t, QUrl::StrictMode);
    if (!url.isValid())
        // QUrl's error quotes the whole text ("; source was ..."), login included: not shown.
        return QStringLiteral("\"%1\" is not a valid proxy address (%2); %3.")
            .arg(quoted(t), PeerText::printable(QStringView(url.errorString()).left(url.errorString().indexOf(QLatin1Char(';'))), 100), kExample);
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return QStringLiteral("Pulseboard speaks plain HTTP to the proxy: use http:// for its address (wss:// and "
                              "https:// feeds stay encrypted inside the proxy's tunnel).");
    if (scheme != QLatin1String("http") && scheme != QLatin1String("socks5"))
        return QStringLiteral("A proxy address starts with http:// (or socks5://), not %1://; %2.")
            .arg(PeerText::printable(QStringView(scheme), 20), kExample);
    if (url.host().isEmpty())
        return QStringLiteral("The proxy address has no host name; %1.").arg(kExample);
    if (url.port() <= 0)
        return QStringLiteral("The proxy address has no port: add it, %1 (proxies have no standard port).").arg(kExample);
    if ((!url.path().isEmpty() && url.path() != QLatin1String("/")) || url.hasQuery() || url.hasFragment())
        return QStringLiteral("A proxy address is only scheme://host:port, without a path, query or fragment.");
    if (!url.userInfo().isEmpty()) {
        if (!allowLogin)
            return QStringLiteral("Put the proxy's user and password in their own fields, not in the address.");
        const QString login = checkLogin(url.userName(), url.password());
        if (!login.isEmpty())
            return login;
    }
    if (out) {
        QUrl clean = url;
        clean.setScheme(scheme);
        clean.setPath(QString());
        *out = clean;
    }
    return QString();
}

QString ProxySetting::checkLogin(const QString &user, const QString &password)
{
    if (user.size() > MaxLoginChars || password.size() > MaxLoginChars)
        return QStringLiteral("The proxy user and password are at most %1 characters each.").arg(MaxLoginChars);
    if (hasControl(user) || hasControl(password))
        return QStringLiteral("The proxy user or password contains a control character (line break, tab or NUL).");
    if (user.contains(QLatin1Char(':')))
        return QStringLiteral("The proxy user cannot contain \":\" (Basic authentication separates user and password with it).");
    if (user.isEmpty() && !password.isEmpty())
        return QStringLiteral("A proxy password needs a user name.");
    return QString();
}

QString ProxySetting::parse(const QString &text, Mode *mode, QUrl *url)
{
    const QString t = text.trimmed();
    if (t.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0) {
        *mode = Mode::None;
        *url = QUrl();
        return QString();
    }
    if (t.compare(QLatin1String("system"), Qt::CaseInsensitive) == 0) {
        *mode = Mode::System;
        *url = QUrl();
        return QString();
    }
    const QString e = checkAddress(t, true, url);
    if (e.isEmpty())
        *mode = Mode::Manual;
    return e;
}

void ProxySetting::apply(Mode mode, const QUrl &url, FeedEndpoint *endpoint)
{
    endpoint->proxy = mode == Mode::Manual ? url : QUrl();
    endpoint->useSystemProxy = mode == Mode::System;
}

QString ProxySetting::describe(const FeedEndpoint &endpoint)
{
    if (!endpoint.proxy.isEmpty())
        return QStringLiteral("proxy %1").arg(endpoint.proxy.toString(QUrl::RemoveUserInfo | QUrl::RemovePath));
    return endpoint.useSystemProxy ? QStringLiteral("system proxy") : QStringLiteral("no proxy");
}
