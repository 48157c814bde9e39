#include "secretentry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace {

bool isToken(const QString &s)
{
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,200}$"));
    return token.match(s).hasMatch();
}

bool isCleanValue(const QString &s)
{
    if (s.size() > SecretEntry::MaxValueChars)
        return false;
    for (QChar c : s)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return false;
    return true;
}

// A URL-encoded query name or value: no delimiters, spaces or control characters.
bool isEncodedQueryPart(const QString &s)
{
    return isCleanValue(s) && !s.contains(QLatin1Char('&')) && !s.contains(QLatin1Char('#'))
        && !s.contains(QLatin1Char(' '));
}

// [[name, value], ...] with every part checked by the given predicates.
QString checkPairs(const QJsonValue &v, const QString &field, bool (*nameOk)(const QString &),
                   bool (*valueOk)(const QString &))
{
    const QString bad = QStringLiteral("\"%1\" is not a list of [name, value] pairs").arg(field);
    if (!v.isArray() || v.toArray().size() > SecretEntry::MaxItems)
        return bad;
    for (const QJsonValue &p : v.toArray()) {
        const QJsonArray pair = p.toArray();
        if (pair.size() != 2 || !pair.at(0).isString() || !pair.at(1).isString())
            return bad;
        if (!nameOk(pair.at(0).toString()) || !valueOk(pair.at(1).toString()))
            return QStringLiteral("\"%1\" holds a name or value that is too long or contains control characters").arg(field);
    }
    return QString();
}

QString checkUrl(const QJsonValue &v, const QString &field, QStringList *ignored)
{
    if (!v.isObject())
        return QStringLiteral("\"%1\" is not an object").arg(field);
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() == QLatin1String("password")) {
            if (!it.value().isString() || !isEncodedQueryPart(it.value().toString()))
                return QStringLiteral("\"%1.password\" is not a clean string").arg(field);
        } else if (it.key() == QLatin1String("query")) {
            const QString e = checkPairs(it.value(), field + QStringLiteral(".query"), isEncodedQueryPart, isEncodedQueryPart);
            if (!e.isEmpty())
                return e;
        } else {
            ignored->append(field + QLatin1Char('.') + it.key().left(40));
        }
    }
    return QString();
}

// A message as typed: bounded; tabs and line breaks are fine (JSON may be indented).
bool isMessageText(const QString &s)
{
    if (s.size() > SecretEntry::MaxMessageChars)
        return false;
    for (QChar c : s)
        if ((c.unicode() < 0x20 && c != QLatin1Char('\t') && c != QLatin1Char('\n') && c != QLatin1Char('\r'))
            || c.unicode() == 0x7f)
            return false;
    return true;
}

bool isMessageValue(const QJsonValue &v)
{
    if (v.isString())
        return isMessageText(v.toString());
    if (!v.isObject() && !v.isArray())
        return false;
    const QByteArray json = v.isObject() ? QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)
                                         : QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact);
    return json.size() <= SecretEntry::MaxMessageChars;
}

// [[index, message], ...]: index 1-based (at most MaxItems), message text or JSON value.
QString checkMessages(const QJsonValue &v, const QString &field, bool textOnly)
{
    if (!v.isArray() || v.toArray().size() > SecretEntry::MaxItems)
        return QStringLiteral("\"%1\" is not a list of [number, message] pairs").arg(field);
    for (const QJsonValue &p : v.toArray()) {
        const QJsonArray pair = p.toArray();
        const double index = pair.at(0).toDouble(-1);
        if (pair.size() != 2 || !pair.at(0).isDouble() || index < 1 || index > SecretEntry::MaxItems
            || index != double(int(index)))
            return QStringLiteral("\"%1\" is not a list of [number, message] pairs").arg(field);
        if (textOnly ? !(pair.at(1).isString() && isMessageText(pair.at(1).toString())) : !isMessageValue(pair.at(1)))
            return QStringLiteral("\"%1\" holds a message that is too long or not text").arg(field);
    }
    return QString();
}

QJsonObject known(const QJsonObject &o, std::initializer_list<const char *> keys)
{
    QJsonObject out;
    for (const char *k : keys)
        if (o.contains(QLatin1String(k)))
            out.insert(QLatin1String(k), o.value(QLatin1String(k)));
    return out;
}

} // namespace

QByteArray SecretEntry::encode(const QJsonObject &values)
{
    QJsonObject o = values;
    o.insert(QLatin1String("version"), Version);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

bool SecretEntry::decode(const QByteArray &data, QJsonObject *values, QString *error, QStringList *ignored)
{
    auto fail = [error](const QString &e) {
        *error = e;
        return false;
    };
    if (data.size() > MaxBytes)
        return fail(QStringLiteral("larger than %1 KiB").arg(MaxBytes / 1024));
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parse);
    if (parse.error != QJsonParseError::NoError)
        return fail(QStringLiteral("not JSON: %1").arg(parse.errorString()));
    if (!doc.isObject())
        return fail(QStringLiteral("not a JSON object"));
    const QJsonObject o = doc.object();
    if (o.value(QLatin1String("version")).toInt(-1) != Version)
        return fail(QStringLiteral("unknown version %1 (this Pulseboard reads version %2)")
                        .arg(o.value(QLatin1String("version")).toVariant().toString().left(20)).arg(Version));
    QString e;
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString key = it.key();
        if (key == QLatin1String("version"))
            continue;
        if (key == QLatin1String("headers")) {
            e = checkPairs(it.value(), key, isToken, isCleanValue);
        } else if (key == QLatin1String("url")) {
            e = checkUrl(it.value(), key, ignored);
        } else if (key == QLatin1String("onConnect")) {
            e = checkMessages(it.value(), key, true);
        } else if (key == QLatin1String("socketIoAuth")) {
            if (!it.value().isString() || !isMessageText(it.value().toString()))
                e = QStringLiteral("\"socketIoAuth\" is not text of at most %1 characters").arg(MaxMessageChars);
        } else if (key == QLatin1String("proxy")) {
            const QJsonObject login = it.value().toObject();
            const auto part = [&login](const char *name) { return login.value(QLatin1String(name)); };
            if (!it.value().isObject() || !part("user").isString() || !(part("password").isString() || part("password").isUndefined())
                || !isCleanValue(part("user").toString()) || !isCleanValue(part("password").toString())
                || part("user").toString().size() > 256 || part("password").toString().size() > 256)
                e = QStringLiteral("\"proxy\" is not {\"user\", \"password\"} of at most 256 clean characters each");
        } else if (key == QLatin1String("profile")) {
            const QJsonObject p = it.value().toObject();
            if (!it.value().isObject())
                e = QStringLiteral("\"profile\" is not an object");
            for (auto pit = p.begin(); pit != p.end() && e.isEmpty(); ++pit) {
                if (pit.key() == QLatin1String("headers"))
                    e = checkPairs(pit.value(), QStringLiteral("profile.headers"), isToken, isCleanValue);
                else if (pit.key() == QLatin1String("url"))
                    e = checkUrl(pit.value(), QStringLiteral("profile.url"), ignored);
                else if (pit.key() == QLatin1String("onConnect"))
                    e = checkMessages(pit.value(), QStringLiteral("profile.onConnect"), false);
                else if (pit.key() == QLatin1String("socketIoAuth") && !(pit.value().isObject() && isMessageValue(pit.value())))
                    e = QStringLiteral("\"profile.socketIoAuth\" is not a JSON object of at most %1 characters").arg(MaxMessageChars);
                else if (pit.key() == QLatin1String("socketIoAuth"))
                    continue;
                else
                    ignored->append(QStringLiteral("profile.") + pit.key().left(40));
            }
        } else {
            ignored->append(key.left(40));
        }
        if (!e.isEmpty())
            return fail(e);
    }
    // Only the known fields, also inside the URL objects.
    const auto urlPart = [](const QJsonValue &v) { return known(v.toObject(), {"password", "query"}); };
    QJsonObject out = known(o, {"headers", "onConnect", "socketIoAuth"});
    if (o.contains(QLatin1String("proxy")))
        out.insert(QLatin1String("proxy"), known(o.value(QLatin1String("proxy")).toObject(), {"user", "password"}));
    if (o.contains(QLatin1String("url")))
        out.insert(QLatin1String("url"), urlPart(o.value(QLatin1String("url"))));
    const QJsonObject p = o.value(QLatin1String("profile")).toObject();
    QJsonObject profile = known(p, {"headers", "onConnect", "socketIoAuth"});
    if (p.contains(QLatin1String("url")))
        profile.insert(QLatin1String("url"), urlPart(p.value(QLatin1String("url"))));
    if (!profile.isEmpty())
        out.insert(QLatin1String("profile"), profile);
    *values = out;
    return true;
}

QString SecretEntry::restoreHeaders(const QString &lines, const QJsonObject &values, const QStringList &declared,
                                    QStringList *restored)
{
    QStringList out = lines.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QJsonValue &p : values.value(QLatin1String("headers")).toArray()) {
        const QString name = p.toArray().at(0).toString();
        const QString description = QStringLiteral("header %1").arg(name);
        if (!declared.contains(description) || restored->contains(description))
            continue;
        out.append(QStringLiteral("%1: %2").arg(name, p.toArray().at(1).toString()));
        restored->append(description);
    }
    return out.join(QLatin1Char('\n'));
}

QString SecretEntry::restoreUrl(const QString &url, const QJsonObject &urlValues, const QString &prefix,
                                const QStringList &declared, QStringList *restored)
{
    QUrl u(url.trimmed());   // parsed as SecretPolicy::redactUrl did
    if (urlValues.isEmpty() || !u.isValid())
        return url;
    bool changed = false;
    const QString passwordDescription = prefix + QStringLiteral("password in the URL");
    const QString password = urlValues.value(QLatin1String("password")).toString();
    if (!password.isEmpty() && declared.contains(passwordDescription) && u.password().isEmpty()) {
        u.setPassword(password, QUrl::StrictMode);
        restored->append(passwordDescription);
        changed = true;
    }
    QUrlQuery query(u.query(QUrl::FullyEncoded));
    for (const QJsonValue &p : urlValues.value(QLatin1String("query")).toArray()) {
        const QString name = p.toArray().at(0).toString();
        const QString description = prefix + QStringLiteral("URL parameter %1").arg(name);
        if (!declared.contains(description) || restored->contains(description))
            continue;
        query.addQueryItem(name, p.toArray().at(1).toString());
        restored->append(description);
        changed = true;
    }
    if (!changed)
        return url;
    u.setQuery(query.query(QUrl::FullyEncoded), QUrl::StrictMode);
    return u.toString(QUrl::FullyEncoded);
}

QString SecretEntry::restoreProfile(const QString &profileText, const QJsonObject &values, const QStringList &declared,
                                    QStringList *restored)
{
    if (values.isEmpty())
        return profileText;
    const QJsonDocument doc = QJsonDocument::fromJson(profileText.toUtf8());
    if (!doc.isObject())
        return profileText;
    QJsonObject root = doc.object();
    QJsonObject connection = root.value(QLatin1String("connection")).toObject();
    const qsizetype before = restored->size();
    QJsonValue headers = connection.value(QLatin1String("headers"));
    QJsonObject asObject = headers.toObject();
    QJsonArray asArray = headers.toArray();
    for (const QJsonValue &p : values.value(QLatin1String("headers")).toArray()) {
        const QString name = p.toArray().at(0).toString();
        const QString value = p.toArray().at(1).toString();
        const QString description = QStringLiteral("profile header %1").arg(name);
        if (!declared.contains(description) || restored->contains(description))
            continue;
        if (headers.isArray())
            asArray.append(QStringLiteral("%1: %2").arg(name, value));
        else
            asObject.insert(name, value);
        restored->append(description);
    }
    if (restored->size() > before)
        connection.insert(QLatin1String("headers"), headers.isArray() ? QJsonValue(asArray) : QJsonValue(asObject));
    const QString url = connection.value(QLatin1String("url")).toString();
    const QString withSecrets = restoreUrl(url, values.value(QLatin1String("url")).toObject(),
                                           QStringLiteral("profile "), declared, restored);
    if (withSecrets != url)
        connection.insert(QLatin1String("url"), withSecrets);
    QJsonArray messages = connection.value(QLatin1String("onConnect")).toArray();
    const qsizetype beforeMessages = restored->size();
    for (const QJsonValue &p : values.value(QLatin1String("onConnect")).toArray()) {
        const int index = p.toArray().at(0).toInt();
        const QString description = QStringLiteral("profile on-connect message %1").arg(index);
        if (index < 1 || index > messages.size() || !declared.contains(description) || restored->contains(description))
            continue;
        messages.replace(index - 1, p.toArray().at(1));
        restored->append(description);
    }
    if (restored->size() > beforeMessages)
        connection.insert(QLatin1String("onConnect"), messages);
    const QString authDescription = QStringLiteral("profile Socket.IO auth");
    if (values.value(QLatin1String("socketIoAuth")).isObject() && declared.contains(authDescription)
        && connection.value(QLatin1String("socketio")).isObject()) {
        QJsonObject socketio = connection.value(QLatin1String("socketio")).toObject();
        socketio.insert(QLatin1String("auth"), values.value(QLatin1String("socketIoAuth")));
        connection.insert(QLatin1String("socketio"), socketio);
        restored->append(authDescription);
    }
    if (restored->size() == before)
        return profileText;
    root.insert(QLatin1String("connection"), connection);
    return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
}

QStringList SecretEntry::restoreOnConnect(const QStringList &messages, const QJsonObject &values,
                                          const QStringList &declared, QStringList *restored)
{
    QStringList out = messages;
    for (const QJsonValue &p : values.value(QLatin1String("onConnect")).toArray()) {
        const int index = p.toArray().at(0).toInt();
        const QString description = QStringLiteral("on-connect message %1").arg(index);
        if (index < 1 || index > out.size() || !declared.contains(description) || restored->contains(description))
            continue;
        out[index - 1] = p.toArray().at(1).toString();
        restored->append(description);
    }
    return out;
}

QString SecretEntry::restoreSocketIoAuth(const QString &auth, const QJsonObject &values,
                                         const QStringList &declared, QStringList *restored)
{
    const QString description = QStringLiteral("Socket.IO auth");
    if (!values.value(QLatin1String("socketIoAuth")).isString() || !declared.contains(description)
        || restored->contains(description))
        return auth;
    restored->append(description);
    return values.value(QLatin1String("socketIoAuth")).toString();
}

void SecretEntry::restoreProxy(const QJsonObject &values, const QStringList &declared, QString *user,
                               QString *password, QStringList *restored)
{
    const QString description = QStringLiteral("proxy login");
    const QJsonObject login = values.value(QLatin1String("proxy")).toObject();
    if (login.isEmpty() || !declared.contains(description) || restored->contains(description))
        return;
    *user = login.value(QLatin1String("user")).toString();
    *password = login.value(QLatin1String("password")).toString();
    restored->append(description);
}
