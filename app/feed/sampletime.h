// SampleTime: turns a record's time field into epoch milliseconds (UTC) for SampleMapper.
// Epoch numbers may be JSON numbers or numeric strings, integral or fractional; the
// sub-millisecond part is dropped (floor). ISO 8601 text is parsed here (not with
// QDateTime: faster, exact fractions, and a missing offset means UTC, not local time).
// Times outside years 0001..9999 are refused so a unit mistake cannot poison a chart.
#pragma once
#include <QJsonValue>
#include <QStringList>
#include <QStringView>

class JsonTape;

enum class TimeFormat { Arrival, EpochSeconds, EpochMillis, EpochMicros, EpochNanos, Iso8601, Auto };

class SampleTime
{
public:
    static constexpr qint64 kMinMs = -62135596800000LL;   // 0001-01-01T00:00:00Z
    static constexpr qint64 kMaxMs = 253402300799999LL;   // 9999-12-31T23:59:59.999Z

    // False when the value is missing, of the wrong kind or out of range (and for Arrival).
    // Auto: numbers by magnitude (< 1e11 s, < 1e14 ms, < 1e17 us, else ns), other text ISO 8601.
    static bool toEpochMs(const QJsonValue &value, TimeFormat format, qint64 *outMs);
    // The same on a JsonTape node (the ingest path; -1 = missing): an epoch number written
    // as a plain integer is read from its bytes, anything else as tape.value(node).
    static bool toEpochMs(const JsonTape &tape, int node, TimeFormat format, qint64 *outMs);

    // YYYY-MM-DD[(T|t| )hh:mm[:ss[(.|,)fraction]]][Z|z|(+|-)hh[[:]mm]]; no offset = UTC.
    static bool parseIso8601(QStringView text, qint64 *outMs);

    static QString formatName(TimeFormat format);           // "s", "ms", ..., "arrival", "auto"
    static bool formatFromName(QStringView name, TimeFormat *out);
    static QStringList formatNames();
};
