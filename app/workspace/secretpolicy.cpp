#include "secretpolicy.h"

#include "messagesecrets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <QUrlQuery>

namespace {

bool containsAny(const QString &lower, std::initializer_list<const char *> words)
{
    for (const char *w : words)
        if (lower.contains(QLatin1String(w)))
            return true;
    return false;
}

// The profile's own on-connect messages (strings or JSON values) and socketio.auth.
bool redactProfileMessages(QJsonObject *connection, QStringList *removed, QJsonObject *values)
{
    bool any = false;
    QJsonArray messages = connection->value(QLatin1String("onConnect")).toArray();
    QJsonArray originals;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QJsonValue m = messages.at(i);
        bool changed = false;
        const QJsonValue clean = m.isString() ? QJsonValue(MessageSecrets::redactText(m.toString(), &changed))
                                              : MessageSecrets::redact(m, &changed);
        if (!changed)
            continue;
        messages.replace(i, clean);
        originals.append(QJsonArray{int(i + 1), m});
        removed->append(QStringLiteral("profile on-connect message %1").arg(i + 1));
        any = true;
    }
    if (any)
        connection->insert(QLatin1String("onConnect"), messages);
    QJsonObject socketio = connection->value(QLatin1String("socketio")).toObject();
    const QJsonValue auth = socketio.value(QLatin1String("auth"));
    bool authChanged = false;
    const QJsonValue cleanAuth = MessageSecrets::redact(auth, &authChanged, true);
    if (authChanged) {
        socketio.insert(QLatin1String("auth"), cleanAuth);
        connection->insert(QLatin1String("socketio"), socketio);
        removed->append(QStringLiteral("profile Socket.IO auth"));
        if (values)
            values->insert(QLatin1String("socketIoAuth"), auth);
    }
    if (values && !originals.isEmpty())
        values->insert(QLatin1String("onConnect"), originals);
    return any || authChanged;
}

} // namespace

bool SecretPolicy::isSecretHeader(const QString &name)
{
    const QString lower = name.trimmed().toLower();
    return lower == QLatin1String("cookie")
        || containsAny(lower, {"auth", "token", "secret", "password", "passwd", "key", "session", "signature"});
}

bool SecretPolicy::isSecretQueryItem(const QString &name)
{
    const QString lower = name.trimmed().toLower();
    return containsAny(lower, {"token", "secret", "password", "passwd", "key", "auth", "signature", "session", "sig"});
}

QString SecretPolicy::redactHeaders(const QString &headerLines, QStringList *removed, QJsonArray *values)
{
    QStringList kept;
    const QStringList lines = headerLines.split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        const QString name = colon > 0 ? line.left(colon).trimmed() : QString();
        if (!name.isEmpty() && isSecretHeader(name)) {
            removed->append(QStringLiteral("header %1").arg(name));
            if (values)
                values->append(QJsonArray{name, line.mid(colon + 1).trimmed()});
            continue;
        }
        if (!line.trimmed().isEmpty())
            kept.append(line.trimmed());
    }
    return kept.join(QLatin1Char('\n'));
}

QString SecretPolicy::redactUrl(const QString &url, QStringList *removed, QJsonObject *values)
{
    QUrl u(url.trimmed());
    if (!u.isValid())
        return url;
    bool changed = false;
    QJsonArray secretQuery;
    if (!u.password().isEmpty()) {
        if (values)
            values->insert(QLatin1String("password"), u.password(QUrl::FullyEncoded));
        u.setPassword(QString());
        removed->append(QStringLiteral("password in the URL"));
        changed = true;
    }
    if (u.hasQuery()) {
        QUrlQuery query(u);
        const auto items = query.queryItems(QUrl::FullyEncoded);
        QUrlQuery kept;
        for (const auto &item : items) {
            if (isSecretQueryItem(QUrl::fromPercentEncoding(item.first.toUtf8()))) {
                removed->append(QStringLiteral("URL parameter %1").arg(item.first));
                secretQuery.append(QJsonArray{item.first, item.second});
                changed = true;
            } else {
                kept.addQueryItem(item.first, item.second);
            }
        }
        if (changed) {
            if (kept.isEmpty())
                u.setQuery(QString());
            else
                u.setQuery(kept.query(QUrl::FullyEncoded), QUrl::StrictMode);
        }
    }
    if (values && !secretQuery.isEmpty())
        values->insert(QLatin1String("query"), secretQuery);
    return changed ? u.toString(QUrl::FullyEncoded) : url;
}

QString SecretPolicy::redactProfile(const QString &profileText, QStringList *removed, QJsonObject *values)
{
    QJsonParseError error;
    QJsonDocument doc = QJsonDocument::fromJson(profileText.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return profileText;   // not a valid profile: it never ran, nothing to protect
    QJsonObject root = doc.object();
    QJsonObject connection = root.value(QLatin1String("connection")).toObject();
    if (connection.isEmpty())
        return profileText;
    bool changed = false;
    QJsonArray secretHeaders;
    const QJsonValue headers = connection.value(QLatin1String("headers"));
    if (headers.isObject()) {
        QJsonObject h = headers.toObject();
        for (const QString &name : h.keys()) {
            if (isSecretHeader(name)) {
                secretHeaders.append(QJsonArray{name, h.value(name).toString()});
                h.remove(name);
                removed->append(QStringLiteral("profile header %1").arg(name));
                changed = true;
            }
        }
        connection.insert(QLatin1String("headers"), h);
    } else if (headers.isArray()) {
        QJsonArray kept;
        for (const QJsonValue &line : headers.toArray()) {
            const QString text = line.toString();
            const QString name = text.section(QLatin1Char(':'), 0, 0).trimmed();
            if (isSecretHeader(name)) {
                secretHeaders.append(QJsonArray{name, text.mid(text.indexOf(QLatin1Char(':')) + 1).trimmed()});
                removed->append(QStringLiteral("profile header %1").arg(name));
                changed = true;
            } else {
                kept.append(line);
            }
        }
        connection.insert(QLatin1String("headers"), kept);
    }
    const QString url = connection.value(QLatin1String("url")).toString();
    if (!url.isEmpty()) {
        const qsizetype before = removed->size();
        QJsonObject urlValues;
        const QString clean = redactUrl(url, removed, &urlValues);
        if (values && !urlValues.isEmpty())
            values->insert(QLatin1String("url"), urlValues);
        for (qsizetype i = before; i < removed->size(); ++i)
            (*removed)[i].prepend(QStringLiteral("profile "));
        if (clean != url) {
            connection.insert(QLatin1String("url"), clean);
            changed = true;
        }
    }
    if (values && !secretHeaders.isEmpty())
        values->insert(QLatin1String("headers"), secretHeaders);
    changed = redactProfileMessages(&connection, removed, values) || changed;
    if (!changed)
        return profileText;
    root.insert(QLatin1String("connection"), connection);
    return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
}

QStringList SecretPolicy::redactOnConnect(const QStringList &messages, QStringList *removed, QJsonArray *values)
{
    QStringList out;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        bool changed = false;
        out.append(MessageSecrets::redactText(messages.at(i), &changed));
        if (!changed)
            continue;
        removed->append(QStringLiteral("on-connect message %1").arg(i + 1));
        if (values)
            values->append(QJsonArray{int(i + 1), messages.at(i)});
    }
    return out;
}

QString SecretPolicy::redactSocketIoAuth(const QString &auth, QStringList *removed, QString *value)
{
    bool changed = false;
    const QString clean = MessageSecrets::redactText(auth, &changed, true);
    if (changed) {
        removed->append(QStringLiteral("Socket.IO auth"));
        if (value)
            *value = auth;
    }
    return clean;
}
