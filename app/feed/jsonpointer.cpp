#include "jsonpointer.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {

// RFC 6901 section 4: array-index = %x30 / ( %x31-39 *%x30-39 ); anything else (and
// anything that does not fit an int) can only name an object member.
int arrayIndexOf(const QString &token)
{
    if (token.isEmpty() || token.size() > 9)
        return -1;
    if (token.size() > 1 && token.front() == u'0')
        return -1;
    int value = 0;
    for (QChar c : token) {
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c.unicode() - u'0');
    }
    return value;
}

} // namespace

JsonPointer JsonPointer::parse(const QString &text, QString *error)
{
    JsonPointer p;
    if (text.isEmpty())
        return p;
    auto fail = [&](const QString &why) {
        p.m_valid = false;
        p.m_tokens.clear();
        p.m_indices.clear();
        p.m_utf8.clear();
        p.m_invalidText = text;
        if (error)
            *error = QStringLiteral("\"%1\" is not a JSON Pointer: %2").arg(text, why);
        return p;
    };
    if (text.front() != u'/')
        return fail(QStringLiteral("it must start with \"/\" (e.g. \"/%1\"), or be \"\" for the whole document")
                        .arg(text));
    QString token;
    for (qsizetype i = 1; i <= text.size(); ++i) {
        if (i == text.size() || text.at(i) == u'/') {
            p.m_indices.append(arrayIndexOf(token));
            p.m_tokens.append(token);
            p.m_utf8.append(token.toUtf8());
            p.m_utf8Exact = p.m_utf8Exact && QStringView(token).isValidUtf16();
            token.clear();
            continue;
        }
        const QChar c = text.at(i);
        if (c != u'~') {
            token.append(c);
            continue;
        }
        const QChar next = i + 1 < text.size() ? text.at(i + 1) : QChar();
        if (next == u'0')
            token.append(u'~');
        else if (next == u'1')
            token.append(u'/');
        else
            return fail(QStringLiteral("\"~\" must be followed by 0 or 1 (write ~0 for \"~\" and ~1 for \"/\")"));
        ++i;
    }
    return p;
}

JsonPointer JsonPointer::parseRelative(const QString &text, QString *error)
{
    int up = 0;
    QStringView rest(text);
    while (rest.startsWith(QLatin1String("../"))) {
        if (++up > kMaxUp) {
            JsonPointer p;
            p.m_valid = false;
            p.m_invalidText = text;
            if (error)
                *error = QStringLiteral("\"%1\" climbs more than %2 levels with \"../\"").arg(text).arg(kMaxUp);
            return p;
        }
        rest = rest.sliced(3);
    }
    // "../ts" is the pointer "/ts" one level up.
    JsonPointer p = parse(up > 0 ? u'/' + rest.toString() : rest.toString(), error);
    if (!p.isValid()) {
        p.m_invalidText = text;
        if (up > 0 && error)
            *error = QStringLiteral("\"%1\" is not a JSON Pointer after \"../\": %2").arg(text, *error);
    }
    p.m_up = up;
    return p;
}

QString JsonPointer::escapeToken(const QString &token)
{
    if (!token.contains(u'~') && !token.contains(u'/'))
        return token;
    QString out = token;
    out.replace(u'~', QLatin1String("~0"));   // first, so the "~" of "~1" is not re-escaped
    out.replace(u'/', QLatin1String("~1"));
    return out;
}

QString JsonPointer::toString() const
{
    if (!m_valid)
        return m_invalidText;
    QString out = m_up > 0 ? QStringLiteral("../").repeated(m_up - 1) + QStringLiteral("..") : QString();
    for (const QString &t : m_tokens) {
        out.append(u'/');
        out.append(escapeToken(t));
    }
    return out;
}

QJsonValue JsonPointer::resolve(const QJsonValue &document) const
{
    if (!m_valid)
        return QJsonValue(QJsonValue::Undefined);
    QJsonValue current = document;
    for (qsizetype i = 0; i < m_tokens.size(); ++i) {
        if (current.isObject()) {
            const QJsonObject object = current.toObject();
            const auto it = object.constFind(m_tokens.at(i));
            if (it == object.constEnd())
                return QJsonValue(QJsonValue::Undefined);
            current = it.value();
        } else if (current.isArray()) {
            const QJsonArray array = current.toArray();
            const int index = m_indices.at(i);
            if (index < 0 || index >= array.size())
                return QJsonValue(QJsonValue::Undefined);
            current = array.at(index);
        } else {
            return QJsonValue(QJsonValue::Undefined);
        }
    }
    return current;
}
