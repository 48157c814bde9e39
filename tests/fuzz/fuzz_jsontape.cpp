// libFuzzer target, differential: JsonTape (the ingest path's DOM-less parser) against
// QJsonDocument on the same text. They must agree on accept/reject and, when both
// accept, on every value (the same comparison as tests/feed/tst_jsontape.cpp). Allowed
// differences, documented in jsontape.h: TooLarge (the mapper falls back to Qt), numbers
// overflowing a double (Qt refuses the text, the tape reads "not a number"), and a key
// starting with U+FEFF, which Qt 6.4 lists without it (but stores and finds with it).
// Each input is checked twice: as the bytes a feed delivers (the ingest path parses the
// frame's UTF-8, invalid sequences included) and as text decoded from them (U+FFFD for
// invalid UTF-8, one leading BOM dropped), which reaches strings and keys with more
// characters. A disagreement aborts with both readings on stderr.
#include "jsontape.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QHash>
#include <QSet>
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
        // The distinct keys on the tape (childCount counts duplicates).
        // Qt 6.4 lists a key that starts with U+FEFF without it, but stores and finds it
        // with it (jsontape.h): counted as Qt lists it, such a member is looked up with it.
        QSet<QString> tapeKeys, tapeListed;
        for (int c = tape.firstChild(node); c >= 0; c = tape.nextSibling(node, c)) {
            const QString key = tape.key(c);
            tapeKeys.insert(key);
            tapeListed.insert(!tape.isKeyEscaped(c) && key.startsWith(QChar(0xfeff)) ? key.mid(1) : key);
        }
        // Qt 6.4 orders keys kept as UTF-8 (no escapes) and as UTF-16 (escapes) differently
        // above U+D7FF (an escaped pair sorts below a raw U+FFFD), so it can keep two members
        // of one key (jsontape.h): such a key counts once, and the tape's (last) value must be
        // one of Qt's.
        QHash<QString, QList<QJsonValue>> byKey;
        for (auto it = object.begin(); it != object.end(); ++it)
            byKey[it.key()].append(it.value());
        if (tapeListed.size() != byKey.size())
            return fail(QStringLiteral("%1 distinct keys vs %2").arg(tapeListed.size()).arg(byKey.size()));
        const QStringList listed = object.keys();
        auto sameAsOne = [&](int child, const QList<QJsonValue> &values, const QString &at) {
            for (const QJsonValue &v : values)
                if (sameValue(tape, child, v, where, at))
                    return true;
            return false;
        };
        for (auto it = byKey.cbegin(); it != byKey.cend(); ++it) {
            const QString at = path + u'/' + it.key();
            const int child = tape.member(node, it.key());
            if (child >= 0 && sameAsOne(child, it.value(), at))
                continue;
            const int withBom = tape.member(node, QChar(0xfeff) + it.key());
            if (withBom < 0)
                return child < 0 ? fail(QStringLiteral("missing key ") + it.key()) : false;
            if (!sameAsOne(withBom, it.value(), at))
                return false;
        }
        for (const QString &key : tapeKeys)   // and no key Qt lacks
            if (!listed.contains(key) && !(key.startsWith(QChar(0xfeff)) && listed.contains(key.mid(1))))
                return fail(QStringLiteral("extra key ") + key);
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

void check(const QByteArray &utf8, const char *what)
{
    static JsonTape tape;   // reused across inputs, as on the ingest thread
    const JsonTape::Status status = tape.parse(QByteArrayView(utf8));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(utf8, &error);
    const bool qtValid = error.error == QJsonParseError::NoError && (doc.isObject() || doc.isArray());
    if (status == JsonTape::Status::TooLarge)
        return;
    const bool tapeValid = status == JsonTape::Status::Ok;
    if (!qtValid && tapeValid && error.error == QJsonParseError::IllegalNumber)
        return;
    if (qtValid != tapeValid) {
        std::fprintf(stderr, "JsonTape/QJsonDocument disagree on validity (%s): tape %d, Qt %d (%s)\n", what,
                     int(tapeValid), int(qtValid), qPrintable(error.errorString()));
        std::abort();
    }
    if (!qtValid)
        return;
    QString where;
    const QJsonValue expected = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
    if (!sameValue(tape, JsonTape::root(), expected, &where, QString())) {
        std::fprintf(stderr, "JsonTape/QJsonDocument disagree (%s) at %s\n", what, qPrintable(where));
        std::abort();
    }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    check(bytes, "bytes");
    const QByteArray text = QString::fromUtf8(bytes).toUtf8();
    if (text != bytes)
        check(text, "decoded text");
    return 0;
}
