#include "profilereader.h"
#include "jsonlocator.h"
#include "samplemapper.h"
#include "seriestemplate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>

namespace {

constexpr int kMaxDetailLength = 400;

} // namespace

QString ProfileReader::kindOf(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("true/false");
    case QJsonValue::Double: return QStringLiteral("a number");
    case QJsonValue::String: return QStringLiteral("a string");
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    default: return QStringLiteral("nothing");
    }
}

namespace {

int editDistance(const QString &a, const QString &b)
{
    QList<int> row(b.size() + 1);
    for (int j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (int i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int up = row[j];
            const bool same = a.at(i - 1).toLower() == b.at(j - 1).toLower();
            row[j] = std::min({ row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1) });
            diagonal = up;
        }
    }
    return row[b.size()];
}

QString quoted(const QString &s) { return u'"' + s + u'"'; }

} // namespace

ProfileReader::ProfileReader(QByteArray text, QString sourceName)
    : m_text(std::move(text)), m_source(std::move(sourceName))
{
}

bool ProfileReader::fail(const QString &path, const QString &what, const QString &anchorPath)
{
    if (!m_error.isEmpty())
        return false;
    const JsonLocator locator(m_text);
    int offset = locator.offsetOf(anchorPath.isNull() ? path : anchorPath);
    if (offset < 0)
        offset = locator.offsetOf(QString());
    // Values from the file are quoted in messages: escape control characters (no terminal
    // escape sequences from a hostile file) and keep the message to one readable line.
    QString detail;
    for (QChar c : what) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            detail.append(QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0')));
        else
            detail.append(c);
    }
    if (detail.size() > kMaxDetailLength)
        detail = detail.left(kMaxDetailLength) + QStringLiteral("...");
    m_error = QStringLiteral("%1:%2: %3: %4")
                      .arg(m_source)
                      .arg(JsonLocator::lineAt(m_text, offset))
                      .arg(path.isEmpty() ? QStringLiteral("(top level)") : path, detail);
    return false;
}

bool ProfileReader::checkKeys(const QJsonObject &object, const QString &path, const QStringList &allowed)
{
    QStringList unknown;
    for (auto it = object.begin(); it != object.end(); ++it)
        if (!allowed.contains(it.key()))
            unknown.append(it.key());
    if (unknown.isEmpty())
        return true;
    // Report the unknown key that comes first in the file, not first alphabetically.
    const JsonLocator locator(m_text);
    const QString first = *std::min_element(unknown.begin(), unknown.end(), [&](const QString &a, const QString &b) {
        return uint(locator.offsetOf(JsonLocator::keyPath(path, a)))
                < uint(locator.offsetOf(JsonLocator::keyPath(path, b)));
    });
    QString hint;
    for (const QString &candidate : allowed) {
        if (first.size() <= 64 && editDistance(first, candidate) <= 2) {
            hint = QStringLiteral(" (did you mean \"%1\"?)").arg(candidate);
            break;
        }
    }
    // A hostile file may hold a megabyte-long key: name it, but not all of it.
    const QString shown = first.size() <= 64 ? first : first.left(60) + QStringLiteral("...");
    return fail(JsonLocator::keyPath(path, shown),
                QStringLiteral("unknown key%1; allowed keys here: %2").arg(hint, allowed.join(QLatin1String(", "))),
                JsonLocator::keyPath(path, first));
}

bool ProfileReader::readString(const QJsonObject &o, const QString &parent, const QString &key,
                               QString *out, bool required)
{
    const QString path = JsonLocator::keyPath(parent, key);
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return !required || fail(path, QStringLiteral("missing; a string is required here"), parent);
    if (!v.isString())
        return fail(path, QStringLiteral("must be a string, got %1").arg(kindOf(v)));
    *out = v.toString();
    return true;
}

bool ProfileReader::readPointer(const QJsonObject &o, const QString &parent, const QString &key,
                                JsonPointer *out, bool *present, int maxUp)
{
    const QJsonValue v = o.value(key);
    if (present)
        *present = !v.isUndefined();
    if (v.isUndefined())
        return true;
    const QString path = JsonLocator::keyPath(parent, key);
    if (!v.isString())
        return fail(path, QStringLiteral("must be a JSON Pointer string such as \"/price\", got %1").arg(kindOf(v)));
    QString error;
    *out = maxUp > 0 ? JsonPointer::parseRelative(v.toString(), &error) : JsonPointer::parse(v.toString(), &error);
    return (out->isValid() || fail(path, error)) && checkUp(*out, maxUp, path);
}

bool ProfileReader::readInt(const QJsonObject &o, const QString &parent, const QString &key,
                            qint64 min, qint64 max, qint64 *out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return true;
    const QString expected = QStringLiteral("must be a whole number from %1 to %2").arg(min).arg(max);
    const QString path = JsonLocator::keyPath(parent, key);
    if (!v.isDouble())
        return fail(path, QStringLiteral("%1, got %2").arg(expected, kindOf(v)));
    const double d = v.toDouble();
    // Range first: converting a double outside qint64's range (1e300, 2^63) is undefined.
    if (!(d >= double(min) && d <= double(max) && d < 9223372036854775808.0) || std::trunc(d) != d)
        return fail(path, QStringLiteral("%1, got %2").arg(expected, QString::number(d, 'g', 17)));
    *out = qint64(d);
    return true;
}

bool ProfileReader::readObject(const QJsonObject &o, const QString &parent, const QString &key,
                               QJsonObject *out, bool *present)
{
    const QJsonValue v = o.value(key);
    *present = !v.isUndefined();
    if (v.isUndefined())
        return true;
    if (!v.isObject())
        return fail(JsonLocator::keyPath(parent, key), QStringLiteral("must be an object { ... }, got %1").arg(kindOf(v)));
    *out = v.toObject();
    return true;
}

bool ProfileReader::readTime(const QJsonObject &o, const QString &path, JsonPointer *time, TimeFormat *format,
                             int maxUp)
{
    bool hasTime = false;
    if (!readPointer(o, path, QStringLiteral("time"), time, &hasTime, maxUp))
        return false;
    const QString formatPath = JsonLocator::keyPath(path, QStringLiteral("timeFormat"));
    const QJsonValue v = o.value(QLatin1String("timeFormat"));
    if (v.isUndefined()) {
        *format = hasTime ? TimeFormat::Auto : TimeFormat::Arrival;
        return true;
    }
    const QString expected = QStringLiteral("expected one of \"%1\"").arg(SampleTime::formatNames().join(QLatin1String("\", \"")));
    if (!v.isString())
        return fail(formatPath, QStringLiteral("must be a string; %1").arg(expected));
    if (!SampleTime::formatFromName(v.toString(), format))
        return fail(formatPath, QStringLiteral("unknown value %1; %2").arg(quoted(v.toString()), expected));
    if (*format == TimeFormat::Arrival && hasTime)
        return fail(JsonLocator::keyPath(path, QStringLiteral("time")),
                    QStringLiteral("not used with timeFormat \"arrival\"; remove it, or set timeFormat to the field's unit"));
    if (*format != TimeFormat::Arrival && !hasTime)
        return fail(JsonLocator::keyPath(path, QStringLiteral("time")),
                    QStringLiteral("missing; timeFormat %1 needs a \"time\" pointer to the timestamp field, e.g. \"/T\"")
                            .arg(quoted(v.toString())),
                    formatPath);
    return true;
}

bool ProfileReader::read(FeedProfile *out)
{
    if (m_text.trimmed().isEmpty()) {
        m_error = QStringLiteral("%1:1: (top level): the file is empty; a profile is a JSON object such as "
                                 "{ \"name\": \"My feed\" }").arg(m_source);
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(m_text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        m_error = QStringLiteral("%1:%2:%3: JSON syntax error: %4")
                          .arg(m_source)
                          .arg(JsonLocator::lineAt(m_text, parseError.offset))
                          .arg(JsonLocator::columnAt(m_text, parseError.offset))
                          .arg(parseError.errorString());
        return false;
    }
    if (!doc.isObject())
        return fail(QString(), QStringLiteral("a profile must be a JSON object { \"name\": ..., ... }, got an array"));
    const QJsonObject root = doc.object();
    if (!checkKeys(root, QString(), { QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("connection"),
                                      QStringLiteral("rules"), QStringLiteral("auto") }))
        return false;
    FeedProfile p;
    if (!readString(root, QString(), QStringLiteral("name"), &p.name, true)
        || !readString(root, QString(), QStringLiteral("description"), &p.description))
        return false;
    if (p.name.trimmed().isEmpty())
        return fail(QStringLiteral("name"), QStringLiteral("must not be empty; it names the feed in the UI"));

    QJsonObject connection;
    bool hasConnection = false;
    if (!readObject(root, QString(), QStringLiteral("connection"), &connection, &hasConnection))
        return false;
    if (hasConnection && !readConnection(connection, &p.endpoint))
        return false;

    const QJsonValue rules = root.value(QLatin1String("rules"));
    if (!rules.isUndefined()) {
        if (!rules.isArray())
            return fail(QStringLiteral("rules"), QStringLiteral("must be an array of rule objects [ { ... } ], got %1").arg(kindOf(rules)));
        const QJsonArray array = rules.toArray();
        if (array.size() > FeedProfile::kMaxRules)
            return fail(QStringLiteral("rules"), QStringLiteral("has %1 rules; at most %2 are allowed").arg(array.size()).arg(FeedProfile::kMaxRules));
        for (int i = 0; i < array.size(); ++i) {
            MappingRule rule;
            if (!readRule(array.at(i), JsonLocator::indexPath(QStringLiteral("rules"), i), &rule))
                return false;
            p.rules.append(rule);
        }
    }

    QJsonObject autoObject;
    bool hasAuto = false;
    if (!readObject(root, QString(), QStringLiteral("auto"), &autoObject, &hasAuto))
        return false;
    if (hasAuto && !p.rules.isEmpty())
        return fail(QStringLiteral("auto"), QStringLiteral("not allowed together with \"rules\": auto-discovery only runs "
                                                           "when there are no rules; remove one of them"));
    if (hasAuto && !readAuto(autoObject, &p))
        return false;
    *out = p;
    return true;
}
