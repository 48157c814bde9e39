#include "seriestemplate.h"

#include <cmath>

SeriesTemplate SeriesTemplate::parse(const QString &text, QString *error)
{
    SeriesTemplate t;
    t.m_parts.clear();
    t.m_usesValue = false;
    auto fail = [&](const QString &why) {
        t.m_valid = false;
        if (error)
            *error = why;
        return t;
    };
    if (text.isEmpty())
        return fail(QStringLiteral("must not be empty; use e.g. \"{value}\" or \"{/symbol}.{value}\""));
    QString literal;
    auto flushLiteral = [&] {
        if (!literal.isEmpty())
            t.m_parts.append(Part{ Part::Literal, literal, {} });
        literal.clear();
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'}') {
            if (i + 1 < text.size() && text.at(i + 1) == u'}') {
                literal.append(u'}');
                ++i;
                continue;
            }
            return fail(QStringLiteral("unmatched \"}\" at position %1; write \"}}\" for a literal brace")
                            .arg(i + 1));
        }
        if (c != u'{') {
            literal.append(c);
            continue;
        }
        if (i + 1 < text.size() && text.at(i + 1) == u'{') {
            literal.append(u'{');
            ++i;
            continue;
        }
        const qsizetype close = text.indexOf(u'}', i + 1);
        const qsizetype nextOpen = text.indexOf(u'{', i + 1);
        if (close < 0 || (nextOpen >= 0 && nextOpen < close))
            return fail(QStringLiteral("unterminated \"{\" at position %1; fields are {value} or {/pointer}")
                            .arg(i + 1));
        const QString field = text.mid(i + 1, close - i - 1);
        flushLiteral();
        if (field == QLatin1String("value")) {
            t.m_parts.append(Part{ Part::Value, {}, {} });
            t.m_usesValue = true;
        } else if (field.startsWith(u'/') || field.startsWith(QLatin1String("../"))) {
            QString pointerError;
            const JsonPointer p = JsonPointer::parseRelative(field, &pointerError);
            if (!p.isValid())
                return fail(QStringLiteral("field {%1}: %2").arg(field, pointerError));
            t.m_parts.append(Part{ Part::Field, {}, p });
            t.m_usesFields = true;
        } else {
            return fail(QStringLiteral("unknown field {%1}; fields are {value} (the value label), "
                                       "{/pointer} (a field of the record, e.g. {/s}) or {../pointer} "
                                       "(a field of the enclosing record or message, e.g. {../channel})")
                            .arg(field));
        }
        i = close;
    }
    flushLiteral();
    return t;
}

QString SeriesTemplate::fieldText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: {
        QString s = value.toString();
        stripControlCharacters(&s);
        return s;
    }
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (!std::isfinite(d))
            return QString();
        if (d == std::floor(d) && std::fabs(d) < 9.0e15)
            return QString::number(qint64(d));
        return QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return QString();
    }
}

bool SeriesTemplate::expand(const QJsonValue &record, const QString &valueLabel, QString *out) const
{
    QStringList texts;
    for (const Part &part : m_parts)
        if (part.kind == Part::Field)
            texts.append(fieldText(part.pointer.resolve(record)));
    return expandFields(texts, valueLabel, out);
}

QList<JsonPointer> SeriesTemplate::fieldPointers() const
{
    QList<JsonPointer> pointers;
    for (const Part &part : m_parts)
        if (part.kind == Part::Field)
            pointers.append(part.pointer);
    return pointers;
}

bool SeriesTemplate::expandFields(const QStringList &fieldTexts, const QString &valueLabel, QString *out) const
{
    qsizetype field = 0;
    for (const Part &part : m_parts) {
        switch (part.kind) {
        case Part::Literal:
            out->append(part.text);
            break;
        case Part::Value:
            out->append(valueLabel);
            break;
        case Part::Field: {
            const QString &text = fieldTexts.at(field++);
            if (text.isEmpty())
                return false;
            out->append(text);
            break;
        }
        }
    }
    return true;
}

void SeriesTemplate::stripControlCharacters(QString *text)
{
    auto isControl = [](QChar c) {
        const char16_t u = c.unicode();
        return u < 0x20 || (u >= 0x7f && u <= 0x9f) || (u >= 0x200b && u <= 0x200f)
                || (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069) || u == 0xfeff;
    };
    bool any = false;
    for (QChar c : std::as_const(*text)) {
        if (isControl(c)) {
            any = true;
            break;
        }
    }
    if (any)
        text->removeIf(isControl);
}
