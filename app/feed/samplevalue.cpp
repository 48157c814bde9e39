#include "samplevalue.h"

#include <cmath>

namespace {
bool isDigit(QChar c) { return c >= u'0' && c <= u'9'; }
} // namespace

bool SampleValue::parseNumber(QStringView text, double *out)
{
    const qsizetype n = text.size();
    if (n == 0 || n > kMaxNumberTextLength)
        return false;
    qsizetype i = 0;
    if (text[i] == u'+' || text[i] == u'-')
        ++i;
    qsizetype digits = 0;
    while (i < n && isDigit(text[i])) { ++i; ++digits; }
    if (i < n && text[i] == u'.') {
        ++i;
        while (i < n && isDigit(text[i])) { ++i; ++digits; }
    }
    if (digits == 0)
        return false;
    if (i < n && (text[i] == u'e' || text[i] == u'E')) {
        ++i;
        if (i < n && (text[i] == u'+' || text[i] == u'-'))
            ++i;
        qsizetype expDigits = 0;
        while (i < n && isDigit(text[i])) { ++i; ++expDigits; }
        if (expDigits == 0)
            return false;
    }
    if (i != n)
        return false;
    bool ok = false;
    // QStringView::toDouble refuses a leading '+'; it is harmless, so skip it.
    const double v = (text[0] == u'+' ? text.mid(1) : text).toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return false;
    *out = v;
    return true;
}

bool SampleValue::parseInteger(QStringView text, qint64 *out)
{
    const qsizetype n = text.size();
    if (n == 0 || n > 20)
        return false;
    qsizetype i = (text[0] == u'+' || text[0] == u'-') ? 1 : 0;
    if (i == n)
        return false;
    for (qsizetype j = i; j < n; ++j)
        if (!isDigit(text[j]))
            return false;
    bool ok = false;
    const qint64 v = (text[0] == u'+' ? text.mid(1) : text).toLongLong(&ok);
    if (!ok)
        return false;
    *out = v;
    return true;
}

bool SampleValue::toDouble(const QJsonValue &value, bool allowBool, double *out)
{
    switch (value.type()) {
    case QJsonValue::Double: {
        const double v = value.toDouble();
        if (!std::isfinite(v))
            return false;
        *out = v;
        return true;
    }
    case QJsonValue::String:
        return parseNumber(value.toString(), out);
    case QJsonValue::Bool:
        if (!allowBool)
            return false;
        *out = value.toBool() ? 1.0 : 0.0;
        return true;
    default:
        return false;
    }
}
