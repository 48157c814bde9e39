#include "connectionspec.h"

#include "secretentry.h"
#include "secretpolicy.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>
#include <QUuid>

namespace {

bool isToken(const QString &s)
{
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    return !s.isEmpty() && token.match(s).hasMatch();
}

QString shortened(const QString &text, int max = 60)
{
    return text.size() <= max ? text : text.left(max) + QStringLiteral("…");
}

} // namespace

ConnectionSpec ConnectionSpec::fromVariant(const QVariantMap &map)
{
    ConnectionSpec s;
    s.name = map.value(QStringLiteral("name")).toString().trimmed();
    s.url = map.value(QStringLiteral("url")).toString().trimmed();
    s.headers = map.value(QStringLiteral("headers")).toString();
    s.subprotocols = map.value(QStringLiteral("subprotocols")).toString();
    s.profileText = map.value(QStringLiteral("profileText")).toString();
    s.profileSource = map.value(QStringLiteral("profileSource")).toString();
    s.pinSha256 = map.value(QStringLiteral("pinSha256")).toString().trimmed();
    s.savedMessages = map.value(QStringLiteral("savedMessages")).toStringList();
    return s;
}

QVariantMap ConnectionSpec::toVariant() const
{
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), name},
        {QStringLiteral("url"), url},
        {QStringLiteral("headers"), headers},
        {QStringLiteral("subprotocols"), subprotocols},
        {QStringLiteral("profileText"), profileText},
        {QStringLiteral("profileSource"), profileSource},
        {QStringLiteral("pinSha256"), pinSha256},
        {QStringLiteral("savedMessages"), savedMessages},
        {QStringLiteral("demo"), demo},
        {QStringLiteral("missingSecrets"), missingSecrets},
    };
}

QString ConnectionSpec::checkUrl(const QString &text, bool required)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return required ? QStringLiteral("Enter the feed's URL, e.g. wss://example.com/stream "
                                         "(or a profile with a \"connection\" section).")
                        : QString();
    if (t.size() > MaxUrlChars)
        return QStringLiteral("The URL is %1 characters long; at most %2 are accepted.").arg(t.size()).arg(MaxUrlChars);
    const QUrl url(t, QUrl::StrictMode);
    if (!url.isValid())
        return QStringLiteral("\"%1\" is not a valid URL (%2).").arg(shortened(t), url.errorString());
    const QString scheme = url.scheme().toLower();
    if (scheme.isEmpty())
        return QStringLiteral("The URL needs a scheme: start it with ws:// or wss://.");
    if (scheme != QLatin1String("ws") && scheme != QLatin1String("wss"))
        return QStringLiteral("The URL must start with ws:// or wss:// (WebSocket), not %1://.").arg(url.scheme());
    if (url.host().isEmpty())
        return QStringLiteral("The URL has no host name; expected e.g. wss://example.com/stream.");
    return QString();
}

QString ConnectionSpec::parseHeaders(const QString &text, QList<QPair<QByteArray, QByteArray>> *out)
{
    static const QStringList reserved = {
        QStringLiteral("host"), QStringLiteral("upgrade"), QStringLiteral("connection"),
        QStringLiteral("content-length"), QStringLiteral("sec-websocket-key"),
        QStringLiteral("sec-websocket-version"), QStringLiteral("sec-websocket-extensions"),
        QStringLiteral("sec-websocket-protocol")};
    const QStringList lines = text.split(QLatin1Char('\n'));
    int count = 0;
    for (int i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i);
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        const QString where = QStringLiteral("Header line %1").arg(i + 1);
        if (++count > MaxHeaders)
            return QStringLiteral("Too many headers: at most %1 are allowed.").arg(MaxHeaders);
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return QStringLiteral("%1: \"%2\" is not \"Name: value\".").arg(where, shortened(line.trimmed()));
        const QString name = line.left(colon).trimmed();
        const QString value = line.mid(colon + 1).trimmed();
        if (!isToken(name))
            return QStringLiteral("%1: \"%2\" is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only).")
                .arg(where, shortened(name));
        if (reserved.contains(name.toLower()))
            return QStringLiteral("%1: %2 is set by the WebSocket handshake itself%3.")
                .arg(where, name, name.compare(QLatin1String("sec-websocket-protocol"), Qt::CaseInsensitive) == 0
                                      ? QStringLiteral("; use the Subprotocols field") : QString());
        if (value.size() > MaxHeaderValueChars)
            return QStringLiteral("%1: the value is longer than %2 characters.").arg(where).arg(MaxHeaderValueChars);
        for (QChar c : value) {
            if (c.unicode() == 0 || c == QLatin1Char('\r'))
                return QStringLiteral("%1: the value contains a control character.").arg(where);
        }
        if (out)
            out->append({name.toLatin1(), value.toUtf8()});
    }
    return QString();
}

QString ConnectionSpec::parseSubprotocols(const QString &text, QStringList *out)
{
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    const QStringList items = text.split(separators, Qt::SkipEmptyParts);
    if (items.size() > MaxSubprotocols)
        return QStringLiteral("Too many subprotocols: at most %1 are allowed.").arg(MaxSubprotocols);
    for (const QString &p : items) {
        if (!isToken(p))
            return QStringLiteral("\"%1\" is not a valid subprotocol name (letters, digits and !#$%&'*+-.^_`|~ only).")
                .arg(shortened(p));
    }
    if (out)
        *out = items;
    return QString();
}

QString ConnectionSpec::parsePin(const QString &text, QByteArray *hexOut)
{
    QString hex = text.trimmed();
    hex.remove(QLatin1Char(':'));
    hex.remove(QLatin1Char(' '));
    if (hex.isEmpty())
        return QString();
    const QString expected = QStringLiteral("The TLS pin must be the SHA-256 fingerprint of the server certificate: "
                                            "64 hex digits (colons allowed)");
    if (hex.size() != 64)
        return QStringLiteral("%1; this one has %2 digits.").arg(expected).arg(hex.size());
    for (QChar c : hex) {
        const QChar l = c.toLower();
        if (!((l >= QLatin1Char('0') && l <= QLatin1Char('9')) || (l >= QLatin1Char('a') && l <= QLatin1Char('f'))))
            return QStringLiteral("%1; \"%2\" is not a hex digit.").arg(expected, QString(c));
    }
    if (hexOut)
        *hexOut = hex.toLower().toLatin1();
    return QString();
}

bool ConnectionSpec::toProfile(FeedProfile *out, QString *error) const
{
    auto fail = [error](const QString &e) {
        if (error)
            *error = e;
        return false;
    };
    FeedProfile profile;
    if (!profileText.trimmed().isEmpty()) {
        const QByteArray utf8 = profileText.toUtf8();
        if (utf8.size() > FeedProfile::kMaxFileBytes)
            return fail(QStringLiteral("The profile is larger than 1 MiB; profiles are small hand-written files."));
        QString profileError;
        const QString source = profileSource.isEmpty() ? QStringLiteral("profile") : profileSource;
        if (!FeedProfile::fromJson(utf8, &profile, &profileError, source))
            return fail(QStringLiteral("Profile: %1").arg(profileError));
    } else {
        profile.name = name;   // auto-discovery: every numeric field becomes a series
    }

    const bool profileHasUrl = !profile.endpoint.url.isEmpty();
    QString e = checkUrl(url, !profileHasUrl);
    if (!e.isEmpty())
        return fail(e);
    if (!url.trimmed().isEmpty())
        profile.endpoint.url = QUrl(url.trimmed(), QUrl::StrictMode);

    QList<QPair<QByteArray, QByteArray>> extraHeaders;
    if (!(e = parseHeaders(headers, &extraHeaders)).isEmpty())
        return fail(e);
    for (const auto &h : std::as_const(extraHeaders)) {
        // A header typed in the editor replaces the profile's header of the same name.
        profile.endpoint.headers.removeIf([&](const QPair<QByteArray, QByteArray> &p) {
            return p.first.compare(h.first, Qt::CaseInsensitive) == 0;
        });
        profile.endpoint.headers.append(h);
    }
    if (profile.endpoint.headers.size() > MaxHeaders)
        return fail(QStringLiteral("Too many headers: at most %1 are allowed.").arg(MaxHeaders));

    QStringList protocols;
    if (!(e = parseSubprotocols(subprotocols, &protocols)).isEmpty())
        return fail(e);
    for (const QString &p : std::as_const(protocols))
        if (!profile.endpoint.subprotocols.contains(p))
            profile.endpoint.subprotocols.append(p);

    QByteArray pin;
    if (!(e = parsePin(pinSha256, &pin)).isEmpty())
        return fail(e);
    if (!pin.isEmpty()) {
        if (profile.endpoint.url.scheme().toLower() != QLatin1String("wss"))
            return fail(QStringLiteral("A TLS pin only applies to wss:// URLs; remove it or use wss://."));
        profile.endpoint.pinnedSha256 = pin;
    }
    profile.name = displayName(profile);
    if (out)
        *out = profile;
    return true;
}

QString ConnectionSpec::displayName(const FeedProfile &profile) const
{
    if (!name.isEmpty())
        return name;
    if (!profile.name.trimmed().isEmpty())
        return profile.name.trimmed();
    const QString host = profile.endpoint.url.host();
    return host.isEmpty() ? QStringLiteral("Feed") : host;
}

QJsonObject ConnectionSpec::toJson() const
{
    QStringList removed = missingSecrets;
    QJsonObject o;
    if (!id.isEmpty())
        o.insert(QLatin1String("id"), id);
    o.insert(QLatin1String("name"), name);
    o.insert(QLatin1String("url"), SecretPolicy::redactUrl(url, &removed));
    o.insert(QLatin1String("headers"), SecretPolicy::redactHeaders(headers, &removed));
    o.insert(QLatin1String("subprotocols"), subprotocols);
    o.insert(QLatin1String("profileText"), SecretPolicy::redactProfile(profileText, &removed));
    o.insert(QLatin1String("profileSource"), profileSource);
    o.insert(QLatin1String("pinSha256"), pinSha256);
    QJsonArray saved;
    for (const QString &m : savedMessages)
        saved.append(m);
    o.insert(QLatin1String("savedMessages"), saved);
    removed.removeDuplicates();
    o.insert(QLatin1String("secrets"), QJsonArray::fromStringList(removed));
    return o;
}

ConnectionSpec ConnectionSpec::fromJson(const QJsonObject &o)
{
    static const QRegularExpression idPattern(QStringLiteral("^[0-9A-Za-z-]{1,64}$"));
    ConnectionSpec s;
    const QString id = o.value(QLatin1String("id")).toString();
    if (idPattern.match(id).hasMatch())
        s.id = id;
    s.name = o.value(QLatin1String("name")).toString().left(200);
    s.url = o.value(QLatin1String("url")).toString().left(MaxUrlChars);
    s.headers = o.value(QLatin1String("headers")).toString();
    s.subprotocols = o.value(QLatin1String("subprotocols")).toString();
    s.profileText = o.value(QLatin1String("profileText")).toString();
    s.profileSource = o.value(QLatin1String("profileSource")).toString();
    s.pinSha256 = o.value(QLatin1String("pinSha256")).toString();
    for (const QJsonValue &v : o.value(QLatin1String("savedMessages")).toArray()) {
        if (s.savedMessages.size() >= MaxSavedMessages)
            break;
        if (v.isString())
            s.savedMessages.append(v.toString().left(MaxSavedMessageChars));
    }
    // "missingSecrets": the name in files written before the keychain support.
    const QJsonValue secrets = o.contains(QLatin1String("secrets")) ? o.value(QLatin1String("secrets"))
                                                                     : o.value(QLatin1String("missingSecrets"));
    for (const QJsonValue &v : secrets.toArray())
        if (v.isString() && s.missingSecrets.size() < 64)
            s.missingSecrets.append(v.toString().left(200));
    return s;
}

void ConnectionSpec::ensureId()
{
    if (id.isEmpty())
        id = QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QJsonObject ConnectionSpec::secretValues() const
{
    QStringList removed;
    QJsonObject values;
    QJsonArray headerValues;
    SecretPolicy::redactHeaders(headers, &removed, &headerValues);
    if (!headerValues.isEmpty())
        values.insert(QLatin1String("headers"), headerValues);
    QJsonObject urlValues;
    SecretPolicy::redactUrl(url, &removed, &urlValues);
    if (!urlValues.isEmpty())
        values.insert(QLatin1String("url"), urlValues);
    QJsonObject profileValues;
    SecretPolicy::redactProfile(profileText, &removed, &profileValues);
    if (!profileValues.isEmpty())
        values.insert(QLatin1String("profile"), profileValues);
    return values;
}

void ConnectionSpec::restoreSecrets(const QJsonObject &values)
{
    QStringList restored;
    headers = SecretEntry::restoreHeaders(headers, values, missingSecrets, &restored);
    url = SecretEntry::restoreUrl(url, values.value(QLatin1String("url")).toObject(), QString(), missingSecrets, &restored);
    profileText = SecretEntry::restoreProfile(profileText, values.value(QLatin1String("profile")).toObject(),
                                              missingSecrets, &restored);
    for (const QString &r : std::as_const(restored))
        missingSecrets.removeAll(r);
}
