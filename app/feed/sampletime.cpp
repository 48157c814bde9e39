#include "sampletime.h"
#include "jsontape.h"
#include "samplevalue.h"

#include <cmath>
#include <limits>

namespace {

constexpr qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

bool inRange(qint64 ms) { return ms >= SampleTime::kMinMs && ms <= SampleTime::kMaxMs; }

TimeFormat guessUnit(double magnitude)
{
    if (magnitude < 1e11)
        return TimeFormat::EpochSeconds;
    if (magnitude < 1e14)
        return TimeFormat::EpochMillis;
    if (magnitude < 1e17)
        return TimeFormat::EpochMicros;
    return TimeFormat::EpochNanos;
}

bool fromInteger(qint64 v, TimeFormat f, qint64 *ms)
{
    if (f == TimeFormat::Auto)
        f = guessUnit(std::fabs(double(v)));
    qint64 r = 0;
    switch (f) {
    case TimeFormat::EpochSeconds:
        if (v > SampleTime::kMaxMs / 1000 + 1 || v < SampleTime::kMinMs / 1000 - 1)
            return false;
        r = v * 1000;
        break;
    case TimeFormat::EpochMillis: r = v; break;
    case TimeFormat::EpochMicros: r = floorDiv(v, 1000); break;
    case TimeFormat::EpochNanos: r = floorDiv(v, 1000000); break;
    default: return false;
    }
    if (!inRange(r))
        return false;
    *ms = r;
    return true;
}

bool fromDouble(double v, TimeFormat f, qint64 *ms)
{
    if (!std::isfinite(v))
        return false;
    if (f == TimeFormat::Auto)
        f = guessUnit(std::fabs(v));
    double toMicros = 0;
    switch (f) {
    case TimeFormat::EpochSeconds: toMicros = 1e6; break;
    case TimeFormat::EpochMillis: toMicros = 1e3; break;
    case TimeFormat::EpochMicros: toMicros = 1; break;
    case TimeFormat::EpochNanos: toMicros = 1e-3; break;
    default: return false;
    }
    // Round to whole microseconds first: 1700000000.123 s is 1700000000.12299990654 as a
    // double, and flooring that straight to ms would give ...122.
    const double micros = v * toMicros;
    if (!(std::fabs(micros) < 9.0e18))
        return false;
    const qint64 r = floorDiv(std::llround(micros), 1000);
    if (!inRange(r))
        return false;
    *ms = r;
    return true;
}

// Reads exactly n digits at *pos.
bool digits(QStringView s, qsizetype *pos, int n, int *out)
{
    if (*pos + n > s.size())
        return false;
    int v = 0;
    for (int i = 0; i < n; ++i) {
        const QChar c = s[*pos + i];
        if (c < u'0' || c > u'9')
            return false;
        v = v * 10 + (c.unicode() - u'0');
    }
    *pos += n;
    *out = v;
    return true;
}

bool expect(QStringView s, qsizetype *pos, char16_t c)
{
    if (*pos >= s.size() || s[*pos] != QChar(c))
        return false;
    ++*pos;
    return true;
}

// Howard Hinnant's days_from_civil: days since 1970-01-01 in the proleptic Gregorian calendar.
qint64 daysFromCivil(qint64 y, int m, int d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const qint64 yoe = y - era * 400;
    const qint64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int daysInMonth(int y, int m)
{
    static constexpr int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

} // namespace

bool SampleTime::parseIso8601(QStringView s, qint64 *outMs)
{
    if (s.size() > 64)
        return false;
    qsizetype pos = 0;
    int year, month, day, hour = 0, minute = 0, second = 0, millis = 0;
    if (!digits(s, &pos, 4, &year) || !expect(s, &pos, u'-') || !digits(s, &pos, 2, &month)
        || !expect(s, &pos, u'-') || !digits(s, &pos, 2, &day))
        return false;
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
        return false;
    qint64 offsetMinutes = 0;
    if (pos < s.size()) {
        const QChar sep = s[pos++];
        if (sep != u'T' && sep != u't' && sep != u' ')
            return false;
        if (!digits(s, &pos, 2, &hour) || !expect(s, &pos, u':') || !digits(s, &pos, 2, &minute))
            return false;
        if (pos < s.size() && s[pos] == u':') {
            ++pos;
            if (!digits(s, &pos, 2, &second))
                return false;
            if (pos < s.size() && (s[pos] == u'.' || s[pos] == u',')) {
                ++pos;
                int count = 0, scale = 100;
                while (pos < s.size() && s[pos] >= u'0' && s[pos] <= u'9') {
                    if (count < 3)
                        millis += (s[pos].unicode() - u'0') * scale;
                    scale /= 10;
                    ++count;
                    ++pos;
                }
                if (count == 0)
                    return false;
            }
        }
        if (hour > 23 || minute > 59 || second > 59)
            return false;
        if (pos < s.size()) {
            const QChar z = s[pos++];
            if (z == u'Z' || z == u'z') {
                // UTC
            } else if (z == u'+' || z == u'-') {
                int oh = 0, om = 0;
                if (!digits(s, &pos, 2, &oh))
                    return false;
                if (pos < s.size()) {
                    expect(s, &pos, u':');
                    if (!digits(s, &pos, 2, &om))
                        return false;
                }
                if (oh > 23 || om > 59)
                    return false;
                offsetMinutes = (z == u'-' ? -1 : 1) * (oh * 60 + om);
            } else {
                return false;
            }
        }
    }
    if (pos != s.size())
        return false;
    const qint64 seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60
            + second - offsetMinutes * 60;
    const qint64 ms = seconds * 1000 + millis;
    if (!inRange(ms))
        return false;
    *outMs = ms;
    return true;
}

bool SampleTime::toEpochMs(const QJsonValue &value, TimeFormat format, qint64 *outMs)
{
    if (format == TimeFormat::Arrival)
        return false;
    if (value.isString()) {
        const QString text = value.toString();
        if (format == TimeFormat::Iso8601)
            return parseIso8601(text, outMs);
        qint64 i = 0;
        if (SampleValue::parseInteger(text, &i))
            return fromInteger(i, format, outMs);
        double d = 0;
        if (SampleValue::parseNumber(text, &d))
            return fromDouble(d, format, outMs);
        return format == TimeFormat::Auto && parseIso8601(text, outMs);
    }
    if (value.isDouble() && format != TimeFormat::Iso8601) {
        const double d = value.toDouble();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e18)
            return fromInteger(value.toInteger(), format, outMs);   // exact for big ns values
        return fromDouble(d, format, outMs);
    }
    return false;
}

bool SampleTime::toEpochMs(const JsonTape &tape, int node, TimeFormat format, qint64 *outMs)
{
    if (node >= 0 && tape.kind(node) == JsonTape::Kind::Number && format != TimeFormat::Iso8601
        && format != TimeFormat::Arrival) {
        // -?digits, at most 18 of them: the qint64 tape.value() would hold, below 9e18, so
        // toEpochMs(QJsonValue) would take it through fromInteger too.
        const QByteArrayView raw = tape.rawText(node);
        const bool negative = !raw.isEmpty() && raw.front() == '-';
        const qsizetype digits = raw.size() - (negative ? 1 : 0);
        qint64 v = 0;
        bool plain = digits > 0 && digits <= 18;
        for (qsizetype i = negative ? 1 : 0; plain && i < raw.size(); ++i) {
            const unsigned d = unsigned(raw[i] - '0');
            plain = d < 10;
            v = v * 10 + qint64(d);
        }
        if (plain)
            return fromInteger(negative ? -v : v, format, outMs);
    }
    return toEpochMs(tape.value(node), format, outMs);
}

namespace {
struct FormatName { TimeFormat format; const char16_t *name; };
constexpr FormatName kFormatNames[] = {
    { TimeFormat::EpochSeconds, u"s" },     { TimeFormat::EpochMillis, u"ms" },
    { TimeFormat::EpochMicros, u"us" },     { TimeFormat::EpochNanos, u"ns" },
    { TimeFormat::Iso8601, u"iso8601" },    { TimeFormat::Arrival, u"arrival" },
    { TimeFormat::Auto, u"auto" },
};
} // namespace

QString SampleTime::formatName(TimeFormat format)
{
    for (const auto &f : kFormatNames)
        if (f.format == format)
            return QString::fromUtf16(f.name);
    return QString();
}

bool SampleTime::formatFromName(QStringView name, TimeFormat *out)
{
    for (const auto &f : kFormatNames) {
        if (name == QStringView(f.name)) {
            *out = f.format;
            return true;
        }
    }
    return false;
}

QStringList SampleTime::formatNames()
{
    QStringList names;
    for (const auto &f : kFormatNames)
        names.append(QString::fromUtf16(f.name));
    return names;
}
