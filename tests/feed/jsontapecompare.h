// JsonTape held to QJsonDocument, shared by tst_jsontape (edge cases, generated
// documents) and fuzz_jsontape (libFuzzer): the same texts are valid, and a valid one read
// from the tape equals Qt's parse. Allowed differences, documented in jsontape.h: TooLarge
// (the mapper falls back to Qt), numbers overflowing a double (Qt refuses the text, the
// tape reads "not a number"), and Qt 6.4's handling of keys starting with U+FEFF and of
// keys kept once as UTF-8 and once as UTF-16.
#pragma once

#include "jsontape.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QString>

namespace JsonTapeCompare {

// Structural rebuild: arrays element by element, objects via keys read from Qt's own
// parse of the same text (to walk), values compared through member() lookups.
inline bool sameValue(const JsonTape &tape, int node, const QJsonValue &expected, QString *where, const QString &path)
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
        for (qsizetype i = 0; i < array.size(); ++i)
            if (!sameValue(tape, tape.element(node, i), array.at(i), where, path + u'/' + QString::number(i)))
                return false;
        return true;
    }
    default: {
        const QJsonValue mine = tape.value(node);
        if (mine != expected || mine.type() != expected.type())
            return fail(QStringLiteral("value %1 vs %2")
                            .arg(QString::fromUtf8(QJsonDocument(QJsonArray{ mine }).toJson(QJsonDocument::Compact)),
                                 QString::fromUtf8(QJsonDocument(QJsonArray{ expected }).toJson(QJsonDocument::Compact))));
        return true;
    }
    }
}

// Parses utf8 into tape and compares it with QJsonDocument on the same bytes: an empty
// string when they agree, else where and how they differ.
inline QString compareWithQt(JsonTape &tape, const QByteArray &utf8)
{
    const JsonTape::Status status = tape.parse(QByteArrayView(utf8));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(utf8, &error);
    const bool qtValid = error.error == QJsonParseError::NoError && (doc.isObject() || doc.isArray());
    if (status == JsonTape::Status::TooLarge)
        return QString();
    const bool tapeValid = status == JsonTape::Status::Ok;
    if (!qtValid && tapeValid && error.error == QJsonParseError::IllegalNumber)
        return QString();    // documented: overflowing numbers are read as "not a number" later
    if (qtValid != tapeValid)
        return QStringLiteral("validity: tape %1, Qt %2 (%3)").arg(tapeValid).arg(qtValid).arg(error.errorString());
    if (!qtValid)
        return QString();
    QString where;
    const QJsonValue expected = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
    return sameValue(tape, JsonTape::root(), expected, &where, QString()) ? QString() : where;
}

} // namespace JsonTapeCompare
