#include "samplevalue.h"
#include "jsontape.h"

#include <algorithm>
#include <type_traits>
#include <cmath>

namespace {
inline int unit(QChar c) { return c.unicode(); }
inline int unit(char c) { return uchar(c); }
template<typename C> bool isDigit(C c) { return unit(c) >= '0' && unit(c) <= '9'; }

// One parser for UTF-16 text (profiles, the reference path) and UTF-8 bytes (the tape).
template<typename View>
bool parseNumberT(View text, double *out)
{
    const qsizetype n = text.size();
    if (n == 0 || n > SampleValue::kMaxNumberTextLength)
        return false;
    qsizetype i = 0;
    const bool negative = unit(text[0]) == '-';
    if (unit(text[i]) == '+' || unit(text[i]) == '-')
        ++i;
    // Validate and, on the way, collect the significand for the exact fast path below.
    quint64 mantissa = 0;
    int mantissaDigits = 0;      // digits in mantissa, leading zeros not counted
    int exponent10 = 0;          // value = mantissa * 10^exponent10 (while the fast path holds)
    bool fast = true;
    qsizetype digits = 0;
    auto addDigit = [&](auto c, bool fraction) {
        const int d = unit(c) - '0';
        if (mantissa == 0 && d == 0) {
            if (fraction)
                --exponent10;
            return;
        }
        if (++mantissaDigits > 15)
            fast = false;
        mantissa = mantissa * 10 + d;
        if (fraction)
            --exponent10;
    };
    while (i < n && isDigit(text[i])) { addDigit(text[i], false); ++i; ++digits; }
    if (i < n && unit(text[i]) == '.') {
        ++i;
        while (i < n && isDigit(text[i])) { addDigit(text[i], true); ++i; ++digits; }
    }
    if (digits == 0)
        return false;
    if (i < n && (unit(text[i]) == 'e' || unit(text[i]) == 'E')) {
        ++i;
        bool expNegative = false;
        if (i < n && (unit(text[i]) == '+' || unit(text[i]) == '-'))
            expNegative = unit(text[i++]) == '-';
        qsizetype expDigits = 0;
        int e = 0;
        while (i < n && isDigit(text[i])) {
            e = std::min(e * 10 + (unit(text[i]) - '0'), 100000);
            ++i;
            ++expDigits;
        }
        if (expDigits == 0)
            return false;
        exponent10 += expNegative ? -e : e;
    }
    if (i != n)
        return false;
    // Clinger's fast path: a significand below 2^53 and a power of ten up to 1e22 are both
    // exact doubles, so one IEEE multiply/divide gives the correctly rounded result. This
    // covers nearly every price and reading and avoids QLocale's general parser (5x slower).
    static constexpr double kPow10[] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                         1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
    if (fast && exponent10 >= -22 && exponent10 <= 22) {
        double v = double(mantissa);
        v = exponent10 < 0 ? v / kPow10[-exponent10] : v * kPow10[exponent10];
        *out = negative ? -v : v;
        return true;
    }
    bool ok = false;
    // toDouble refuses a leading '+'; it is harmless, so skip it.
    const View body = unit(text[0]) == '+' ? text.sliced(1) : text;
    double v = 0;
    if constexpr (std::is_same_v<View, QByteArrayView>)
        v = body.toByteArray().toDouble(&ok);
    else
        v = body.toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return false;
    *out = v;
    return true;
}
} // namespace

bool SampleValue::parseNumber(QStringView text, double *out)
{
    return parseNumberT(text, out);
}

bool SampleValue::parseNumber(QByteArrayView utf8, double *out)
{
    return parseNumberT(utf8, out);
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

bool SampleValue::toDouble(const JsonTape &tape, int node, bool allowBool, double *out)
{
    switch (tape.kind(node)) {
    case JsonTape::Kind::Number:
        return tape.number(node, out);
    case JsonTape::Kind::String:
        return tape.isEscaped(node) ? parseNumber(QStringView(tape.string(node)), out)
                                    : parseNumber(tape.rawText(node), out);
    case JsonTape::Kind::True:
    case JsonTape::Kind::False:
        if (!allowBool)
            return false;
        *out = tape.kind(node) == JsonTape::Kind::True ? 1.0 : 0.0;
        return true;
    default:
        return false;
    }
}
