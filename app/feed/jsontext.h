// JsonText: the two pieces of hand-written JSON output that hot paths need (NDJSON
// samples and alert lines) without building a QJsonDocument per line: a string with
// every control character escaped, and a number in its shortest exact form (null when
// not finite, since JSON has no NaN). Used by NdjsonWriter and AlertEvent.
#pragma once
#include <QByteArray>
#include <QStringView>

namespace JsonText {
void appendString(QByteArray &out, QStringView s);
void appendNumber(QByteArray &out, double v);
}
