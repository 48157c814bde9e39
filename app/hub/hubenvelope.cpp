#include "hubenvelope.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <cmath>

namespace {
constexpr double kMaxSafeInteger = 9007199254740991.0;   // 2^53 - 1

bool isInteger(const QJsonValue &v)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    return std::isfinite(d) && std::floor(d) == d && std::fabs(d) <= kMaxSafeInteger;
}
} // namespace

namespace HubEnvelope {

Envelope parse(const QByteArray &utf8)
{
    Envelope e;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(utf8, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        e.error = {QStringLiteral("bad_json"), {},
                   pe.error != QJsonParseError::NoError
                       ? QStringLiteral("not JSON: %1 at offset %2").arg(pe.errorString()).arg(pe.offset)
                       : QStringLiteral("an envelope must be a JSON object")};
        return e;
    }
    e.object = doc.object();
    const QJsonValue id = e.object.value(QLatin1String("id"));
    if (!id.isUndefined()) {
        const bool okString = id.isString() && !id.toString().isEmpty() && id.toString().size() <= 64;
        if (!okString && !isInteger(id)) {
            e.error = {QStringLiteral("invalid_field"), QStringLiteral("id"),
                       QStringLiteral("id must be a string of 1-64 characters or an integer")};
            return e;
        }
        e.id = id;
    }
    const QJsonValue type = e.object.value(QLatin1String("type"));
    if (type.isUndefined()) {
        e.error = {QStringLiteral("missing_field"), QStringLiteral("type"), QStringLiteral("type is required")};
    } else if (!type.isString() || type.toString().isEmpty() || type.toString().size() > 32) {
        e.error = {QStringLiteral("invalid_field"), QStringLiteral("type"),
                   QStringLiteral("type must be a non-empty string")};
    } else {
        e.type = type.toString();
    }
    return e;
}

QByteArray serialize(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject errorObject(const HubError &e, const QJsonValue &re)
{
    QJsonObject o{{QLatin1String("type"), QLatin1String("error")},
                  {QLatin1String("code"), e.code},
                  {QLatin1String("message"), e.message}};
    if (!e.field.isEmpty())
        o.insert(QLatin1String("field"), e.field);
    if (!re.isUndefined())
        o.insert(QLatin1String("re"), re);
    if (e.retryAfterMs >= 0)
        o.insert(QLatin1String("retryAfterMs"), e.retryAfterMs);
    return o;
}

} // namespace HubEnvelope

void EnvelopeReader::fail(const QString &code, const char *field, const QString &message)
{
    if (ok())
        m_error = {code, QString::fromLatin1(field), message};
}

bool EnvelopeReader::present(const char *field, bool required)
{
    if (!ok())
        return false;
    if (m_o.contains(QLatin1String(field)))
        return true;
    if (required)
        fail(QStringLiteral("missing_field"), field, QStringLiteral("%1 is required").arg(QLatin1String(field)));
    return false;
}

QString EnvelopeReader::string(const char *field, bool required, int maxChars,
                               bool (*check)(const QString &), const char *rule)
{
    if (!present(field, required))
        return {};
    const QJsonValue v = m_o.value(QLatin1String(field));
    if (!v.isString()) {
        fail(QStringLiteral("invalid_field"), field, QStringLiteral("%1 must be a string").arg(QLatin1String(field)));
        return {};
    }
    const QString s = v.toString();
    if (s.size() > maxChars || (check && !check(s))) {
        fail(QStringLiteral("invalid_field"), field,
             rule ? QStringLiteral("%1 %2").arg(QLatin1String(field), QLatin1String(rule))
                  : QStringLiteral("%1 is longer than %2 characters").arg(QLatin1String(field)).arg(maxChars));
        return {};
    }
    return s;
}

std::optional<qint64> EnvelopeReader::integer(const char *field, bool required, qint64 min, qint64 max)
{
    if (!present(field, required))
        return std::nullopt;
    const QJsonValue v = m_o.value(QLatin1String(field));
    if (!isInteger(v) || qint64(v.toDouble()) < min || qint64(v.toDouble()) > max) {
        fail(QStringLiteral("invalid_field"), field,
             QStringLiteral("%1 must be an integer from %2 to %3").arg(QLatin1String(field)).arg(min).arg(max));
        return std::nullopt;
    }
    return qint64(v.toDouble());
}

std::optional<bool> EnvelopeReader::boolean(const char *field, bool required)
{
    if (!present(field, required))
        return std::nullopt;
    const QJsonValue v = m_o.value(QLatin1String(field));
    if (!v.isBool()) {
        fail(QStringLiteral("invalid_field"), field, QStringLiteral("%1 must be true or false").arg(QLatin1String(field)));
        return std::nullopt;
    }
    return v.toBool();
}

QJsonValue EnvelopeReader::structure(const char *field)
{
    if (!present(field, true))
        return {};
    const QJsonValue v = m_o.value(QLatin1String(field));
    if (!v.isObject() && !v.isArray()) {
        fail(QStringLiteral("invalid_field"), field,
             QStringLiteral("%1 must be a JSON object or array").arg(QLatin1String(field)));
        return {};
    }
    return v;
}

QByteArray EnvelopeReader::base64(const char *field, int minBytes, int maxBytes)
{
    const QString s = string(field, true, (maxBytes + 2) / 3 * 4);
    if (!ok())
        return {};
    const auto decoded = QByteArray::fromBase64Encoding(s.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() < minBytes || decoded.decoded.size() > maxBytes) {
        fail(QStringLiteral("invalid_field"), field,
             QStringLiteral("%1 must be base64 of %2-%3 bytes").arg(QLatin1String(field)).arg(minBytes).arg(maxBytes));
        return {};
    }
    return decoded.decoded;
}
