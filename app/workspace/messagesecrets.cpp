#include "messagesecrets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

const char *const LoginFields[] = {"type", "action", "op", "event", "method", "cmd"};

QJsonValue blank(const QJsonValue &v, bool *changed, bool everything, const QString &keepKey = QString());

QJsonValue blankObject(const QJsonObject &o, bool *changed, bool everything, const QString &keepKey)
{
    QJsonObject out;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!keepKey.isEmpty() && it.key() == keepKey)
            out.insert(it.key(), it.value());
        else
            out.insert(it.key(), blank(it.value(), changed, everything || MessageSecrets::isSecretKey(it.key())));
    }
    return out;
}

// everything: every string below is a secret; else only those under secret keys.
QJsonValue blank(const QJsonValue &v, bool *changed, bool everything, const QString &keepKey)
{
    if (v.isObject())
        return blankObject(v.toObject(), changed, everything, keepKey);
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue &item : v.toArray())
            out.append(blank(item, changed, everything));
        return out;
    }
    if (everything && v.isString() && !v.toString().isEmpty()) {
        *changed = true;
        return QString();
    }
    return v;
}

} // namespace

bool MessageSecrets::isSecretKey(const QString &key)
{
    const QString k = key.toLower();
    for (const char *part : {"token", "secret", "passw", "passphrase", "signature", "credential", "apikey", "api_key",
                             "api-key", "accesskey", "access_key", "privatekey", "private_key", "authsig",
                             "authorization", "cookie", "session"}) {
        if (k.contains(QLatin1String(part)))
            return true;
    }
    // Short names that are credentials only on their own ("key" alone is often a
    // channel name, e.g. Bitfinex's "trade:1m:tBTCUSD", so it is not one).
    for (const char *whole : {"auth", "sign", "sig", "jwt", "bearer", "pass", "pwd", "otp", "pin"}) {
        if (k == QLatin1String(whole))
            return true;
    }
    return false;
}

bool MessageSecrets::isLoginMessage(const QJsonValue &message)
{
    return !loginField(message).isEmpty();
}

QString MessageSecrets::loginField(const QJsonValue &message)
{
    if (!message.isObject())
        return QString();
    const QJsonObject o = message.toObject();
    for (const char *field : LoginFields) {
        const QString value = o.value(QLatin1String(field)).toString().toLower();
        for (const char *word : {"auth", "authenticate", "authorize", "authorization", "login", "logon", "signin",
                                 "sign_in", "sign-in"}) {
            if (value == QLatin1String(word))
                return QLatin1String(field);
        }
    }
    return QString();
}

QJsonValue MessageSecrets::redact(const QJsonValue &message, bool *changed, bool everything)
{
    *changed = false;
    // A login keeps the field that says it is one, so the saved message still reads as one.
    if (const QString keep = everything ? QString() : loginField(message); !keep.isEmpty())
        return blank(message, changed, true, keep);
    return blank(message, changed, everything);
}

QString MessageSecrets::redactText(const QString &text, bool *changed, bool everything)
{
    *changed = false;
    const QString trimmed = text.trimmed();
    if (!trimmed.startsWith(QLatin1Char('{')) && !trimmed.startsWith(QLatin1Char('[')))
        return text;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return text;
    const QJsonValue value = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
    const QJsonValue out = redact(value, changed, everything);
    if (!*changed)
        return text;
    return QString::fromUtf8(out.isObject() ? QJsonDocument(out.toObject()).toJson(QJsonDocument::Compact)
                                            : QJsonDocument(out.toArray()).toJson(QJsonDocument::Compact));
}
