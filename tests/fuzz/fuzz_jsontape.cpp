// libFuzzer target, differential: JsonTape (the ingest path's DOM-less parser) against
// QJsonDocument on the same text. They must agree on accept/reject and, when both
// accept, on every value (the same comparison as tests/feed/tst_jsontape.cpp). Allowed
// differences, both documented in jsontape.h: TooLarge (the mapper falls back to Qt), and
// numbers overflowing a double (Qt refuses the text, the tape reads "not a number").
// A disagreement aborts with both readings on stderr.
#include "jsontape.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {
QByteArray show(const QJsonValue &v)
{
    return QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
}

bool sameValue(const JsonTape &tape, int node, const QJsonValue &expected, QString *where, const QString &path)
{
    auto fail = [&](const QString &why) { *where = path + QStringLiteral(": ") + why; return false; };
    switch (expected.type()) {
    case QJsonValue::Object: {
        if (tape.kind(node) != JsonTape::Kind::Object)
            return fail(QStringLiteral("not an object"));
        const QJsonObject object = expected.toObject();
        if (tape.childCount(node) < object.size())   // childCount counts duplicate keys
            return fail(QStringLiteral("too few members"));
        for (auto it = object.begin(); it != object.end(); ++it) {
            const int child = tape.member(node, it.key());
            if (child < 0)
                return fail(QStringLiteral("missing key ") + it.key());
            if (!sameValue(tape, child, it.value(), where, path + u'/' + it.key()))
                return false;
        }
        return true;
    }
    case QJsonValue::Array: {
        if (tape.kind(node) != JsonTape::Kind::Array)
            return fail(QStringLiteral("not an array"));
        const QJsonArray array = expected.toArray();
        if (tape.childCount(node) != array.size())
            return fail(QStringLiteral("element count %1 vs %2").arg(tape.childCount(node)).arg(array.size()));
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!sameValue(tape, tape.element(node, i), array.at(i), where, path + u'/' + QString::number(i)))
                return false;
        }
        return true;
    }
    default: {
        const QJsonValue mine = tape.value(node);
        if (mine != expected || mine.type() != expected.type())
            return fail(QStringLiteral("value %1 vs %2").arg(QString::fromUtf8(show(mine)), QString::fromUtf8(show(expected))));
        return true;
    }
    }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // The feed hands the tape UTF-16 text decoded from the frame; Qt gets the same text.
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    // Qt 6.4 drops U+FEFF inside strings and keys ("\uFEFFa" reads as "a"); the tape keeps
    // it, as RFC 8259 says. Reported (tests/fuzz/crashes/fuzz_jsontape/); skipped meanwhile.
    if (text.indexOf(QChar(0xFEFF), 1) >= 0)
        return 0;
    static JsonTape tape;   // reused across inputs, as on the ingest thread
    const JsonTape::Status status = tape.parse(text);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    const bool qtValid = error.error == QJsonParseError::NoError && (doc.isObject() || doc.isArray());
    if (status == JsonTape::Status::TooLarge)
        return 0;
    const bool tapeValid = status == JsonTape::Status::Ok;
    if (!qtValid && tapeValid && error.error == QJsonParseError::IllegalNumber)
        return 0;
    if (qtValid != tapeValid) {
        std::fprintf(stderr, "JsonTape/QJsonDocument disagree on validity: tape %d, Qt %d (%s)\n", int(tapeValid),
                     int(qtValid), qPrintable(error.errorString()));
        std::abort();
    }
    if (!qtValid)
        return 0;
    QString where;
    const QJsonValue expected = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
    if (!sameValue(tape, JsonTape::root(), expected, &where, QString())) {
        std::fprintf(stderr, "JsonTape/QJsonDocument disagree at %s\n", qPrintable(where));
        std::abort();
    }
    return 0;
}
