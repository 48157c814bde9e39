// SampleValue: the strict "is this a number?" test SampleMapper applies to every value.
// Real feeds send numbers as JSON numbers or as strings ("42000.10"); only plain decimal
// text counts: "NaN", "inf", "", " 42", "12abc", "0x1A" are not numbers, and neither is
// anything that overflows to infinity. Booleans count only where a rule names them (0/1).
#pragma once
#include <QByteArrayView>
#include <QJsonValue>
#include <QStringView>

class JsonTape;

class SampleValue
{
public:
    static constexpr int kMaxNumberTextLength = 64;   // longer numeric strings are refused

    // [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?, finite.
    static bool parseNumber(QStringView text, double *out);
    static bool parseNumber(QByteArrayView utf8, double *out);   // the same on UTF-8 bytes
    // Plain decimal integer [+-]?digits that fits a qint64.
    static bool parseInteger(QStringView text, qint64 *out);

    // Number, or numeric string; booleans give 1/0 only when allowBool.
    static bool toDouble(const QJsonValue &value, bool allowBool, double *out);
    // The same test on a JsonTape node (the ingest path), without building the value.
    static bool toDouble(const JsonTape &tape, int node, bool allowBool, double *out);
};
