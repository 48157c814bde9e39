// SeriesTemplate: a rule's series-name template, e.g. "{/s}.{value}" or "sensor/{/id}/{value}".
// "{value}" is the value label, "{/pointer}" a field of the record (string, number or bool),
// "{../pointer}" a field one items level up (JsonPointer::parseRelative; resolved by the mappers),
// "{{" and "}}" literal braces. Parsed once by the profile loader and by SampleMapper;
// expand() runs per sample and fails (sample skipped) when a field is missing, null,
// an object/array or empty after control characters are stripped.
#pragma once
#include "jsonpointer.h"

#include <QList>
#include <QString>

class SeriesTemplate
{
public:
    SeriesTemplate() = default;                       // same as "{value}"
    static SeriesTemplate parse(const QString &text, QString *error = nullptr);

    bool isValid() const { return m_valid; }
    bool usesValueLabel() const { return m_usesValue; }
    bool usesRecordFields() const { return m_usesFields; }

    // Appends the name to *out (which the caller clears). False => skip this sample.
    bool expand(const QJsonValue &record, const QString &valueLabel, QString *out) const;
    // The {/pointer} fields in order, and expansion from their fieldText()s (same order),
    // for callers that resolve the fields themselves (RuleMapper on a JsonTape).
    QList<JsonPointer> fieldPointers() const;
    bool expandFields(const QStringList &fieldTexts, const QString &valueLabel, QString *out) const;

    // Removes C0/C1 control characters and bidi/format controls (U+200B..U+200F,
    // U+202A..U+202E, U+2066..U+2069, U+FEFF) in place; they only hide or spoof names.
    static void stripControlCharacters(QString *text);
    // Field text for a JSON scalar; empty when the value cannot name anything.
    static QString fieldText(const QJsonValue &value);

private:
    struct Part
    {
        enum Kind { Literal, Value, Field } kind = Literal;
        QString text;
        JsonPointer pointer;
    };
    QList<Part> m_parts{ Part{ Part::Value, {}, {} } };
    bool m_valid = true;
    bool m_usesValue = true;
    bool m_usesFields = false;
};
