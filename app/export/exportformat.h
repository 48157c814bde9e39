// ExportFormat: how one exported point is written, for CSV (RFC 4180) and NDJSON.
// Pure functions over a byte buffer, used by SeriesExportJob on its worker thread and by
// the tests that parse the output back. Why these columns and escapes: docs/recording.md
// ("Export").
//  - CSV: header "series,t,v,time", CRLF line ends (RFC 4180); a field is quoted when it
//    holds a comma, quote, CR or LF (quotes doubled); names are written verbatim.
//    t = epoch milliseconds (integer), v = shortest text that reads back to the same
//    double, time = the same instant as ISO 8601 UTC with milliseconds, for people and
//    spreadsheets (programs should use t).
//  - NDJSON: one {"series":..,"t":..,"v":..} object per line (LF), strings escaped as
//    JSON requires (quote, backslash, control characters as \uXXXX); the flat
//    (string, int64, double) rows load as they are into Parquet, DuckDB or pandas.
#pragma once
#include <QByteArray>
#include <QString>
#include <limits>

namespace ExportFormat {

enum class Kind { Csv, Ndjson };

// "csv" / "ndjson" (also "json", "jsonl"); false for anything else.
bool kindFromName(const QString &name, Kind *out);

QByteArray header(Kind kind);                     // the first line ("" for NDJSON)
// The series column as written once per series: quoted CSV field or JSON string
// (with surrounding quotes).
QByteArray seriesField(Kind kind, const QString &name);
QByteArray csvField(const QByteArray &utf8);
QByteArray jsonString(const QString &text);

// Appends one row. `series` is seriesField()'s result. `isoCache` keeps the formatted
// date and time of the last whole second, so most rows format only the milliseconds.
struct IsoCache { qint64 second = std::numeric_limits<qint64>::min(); char text[24] = {}; int length = 0; };
void appendRow(Kind kind, QByteArray *out, const QByteArray &series, qint64 t, double v, IsoCache *cache);

// ISO 8601 UTC with milliseconds: 2026-12-03T12:42:10.123Z (years 0001..9999).
QByteArray isoTime(qint64 ms);

} // namespace ExportFormat
