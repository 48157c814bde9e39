#include "exportformat.h"

#include "jsontext.h"

#include <QDateTime>
#include <charconv>
#include <cstring>

namespace ExportFormat {

bool kindFromName(const QString &name, Kind *out)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("csv")) {
        *out = Kind::Csv;
        return true;
    }
    if (n == QLatin1String("ndjson") || n == QLatin1String("json") || n == QLatin1String("jsonl")) {
        *out = Kind::Ndjson;
        return true;
    }
    return false;
}

QByteArray header(Kind kind)
{
    return kind == Kind::Csv ? QByteArrayLiteral("series,t,v,time\r\n") : QByteArray();
}

QByteArray csvField(const QByteArray &utf8)
{
    bool quote = false;
    for (char c : utf8) {
        if (c == ',' || c == '"' || c == '\r' || c == '\n') {
            quote = true;
            break;
        }
    }
    if (!quote)
        return utf8;
    QByteArray out;
    out.reserve(utf8.size() + 8);
    out.append('"');
    for (char c : utf8) {
        if (c == '"')
            out.append('"');
        out.append(c);
    }
    out.append('"');
    return out;
}

QByteArray jsonString(const QString &text)
{
    QByteArray out;
    out.reserve(text.size() + 2);
    JsonText::appendString(out, text);   // the NDJSON writer's escaping: quotes, backslashes, controls
    // U+2028/U+2029 are valid JSON but break JavaScript line readers: escape them too.
    out.replace("\xe2\x80\xa8", "\\u2028");
    out.replace("\xe2\x80\xa9", "\\u2029");
    return out;
}

QByteArray seriesField(Kind kind, const QString &name)
{
    return kind == Kind::Csv ? csvField(name.toUtf8()) : jsonString(name);
}

QByteArray isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1();
}

namespace {

// Rows are formatted into a stack buffer and appended once: a QByteArray::append per
// field (7-9 per row) was most of an export's CPU (bench figure 8).
struct Row
{
    char text[96];   // ",t,v,time\r\n" or ",\"t\":t,\"v\":v}\n": at most ~80 bytes
    char *end = text;
    void add(const char *s, size_t n) { std::memcpy(end, s, n); end += n; }
    void add(char c) { *end++ = c; }
    void addInt(qint64 n) { end = std::to_chars(end, text + sizeof text, n).ptr; }
    // shortest round-trip form
    void addDouble(double v) { end = std::to_chars(end, text + sizeof text, v).ptr; }
};

void addIso(Row *row, qint64 t, IsoCache *cache)
{
    qint64 second = t >= 0 ? t / 1000 : (t - 999) / 1000;
    const int milli = int(t - second * 1000);
    if (second != cache->second) {
        // "YYYY-MM-DDThh:mm:ss." once per second; QDateTime handles calendars and years.
        const QByteArray iso = QDateTime::fromMSecsSinceEpoch(second * 1000, Qt::UTC)
                                   .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.")).toLatin1();
        const qsizetype n = std::min<qsizetype>(iso.size(), qsizetype(sizeof(cache->text)) - 1);
        std::memcpy(cache->text, iso.constData(), size_t(n));
        cache->text[n] = 0;
        cache->length = int(n);
        cache->second = second;
    }
    row->add(cache->text, size_t(cache->length));
    const char ms3[] = {char('0' + milli / 100), char('0' + milli / 10 % 10), char('0' + milli % 10), 'Z'};
    row->add(ms3, 4);
}

} // namespace

void appendRow(Kind kind, QByteArray *out, const QByteArray &series, qint64 t, double v, IsoCache *cache)
{
    Row row;
    if (kind == Kind::Csv) {
        row.add(',');
        row.addInt(t);
        row.add(',');
        row.addDouble(v);
        row.add(',');
        addIso(&row, t, cache);
        row.add("\r\n", 2);
    } else {
        row.add(",\"t\":", 5);
        row.addInt(t);
        row.add(",\"v\":", 5);
        row.addDouble(v);
        row.add("}\n", 2);
    }
    if (kind == Kind::Ndjson)
        out->append("{\"series\":", 10);
    out->append(series);
    out->append(row.text, row.end - row.text);
}

} // namespace ExportFormat
