#include "alertruleparser.h"
#include "alertruleset.h"

#include <QJsonValue>
#include <QMetaEnum>
#include <QStringList>
#include <cmath>

namespace {
using Kind = AlertRule::Kind;

// The JSON names of every enumerator of E, for "must be one of ..." messages.
template<typename E>
QString choicesOf()
{
    const QMetaEnum me = QMetaEnum::fromType<E>();
    QStringList names;
    for (int i = 0; i < me.keyCount(); ++i) {
        QString s = QString::fromLatin1(me.key(i));
        s[0] = s[0].toLower();
        names << s;
    }
    return names.join(QStringLiteral(", "));
}

QStringList fieldsFor(Kind kind)
{
    QStringList f{QStringLiteral("name"), QStringLiteral("kind"), QStringLiteral("severity"),
                  QStringLiteral("enabled"), QStringLiteral("muted"), QStringLiteral("snoozeUntil"),
                  QStringLiteral("postToRoom"), AlertRule::targetField(kind)};
    switch (kind) {
    case Kind::Above:
    case Kind::Below:
        f << QStringLiteral("raise") << QStringLiteral("clear") << QStringLiteral("forSeconds");
        break;
    case Kind::Rate:
        f << QStringLiteral("raise") << QStringLiteral("clear") << QStringLiteral("forSeconds")
          << QStringLiteral("windowSeconds") << QStringLiteral("mode") << QStringLiteral("direction");
        break;
    case Kind::Stale:
    case Kind::ConnectionFailed:
        f << QStringLiteral("afterSeconds");
        break;
    default:
        break;
    }
    return f;
}

// Control characters, and U+FEFF: Qt 6.4's JSON reader drops a U+FEFF that begins an
// escape-free string, so a name starting with one would change between save and load.
bool hasControlCharacter(const QString &s)
{
    for (QChar c : s) {
        if (c.category() == QChar::Other_Control || c == QChar::ByteOrderMark)
            return true;
    }
    return false;
}

// Characters as people count them: a surrogate pair (emoji, other astral characters) is
// one, not two UTF-16 units.
qsizetype codePoints(const QString &s)
{
    qsizetype n = s.size();
    for (qsizetype i = 0; i + 1 < s.size(); ++i) {
        if (s.at(i).isHighSurrogate() && s.at(i + 1).isLowSurrogate()) {
            --n;
            ++i;
        }
    }
    return n;
}

// "an \"above\" rule", "a \"mention\" rule"
QString aKindRule(Kind kind)
{
    const QString name = AlertRule::kindName(kind);
    const bool vowel = QStringLiteral("aeiou").contains(name.at(0));
    return QStringLiteral("%1 \"%2\" rule").arg(vowel ? QStringLiteral("an") : QStringLiteral("a"), name);
}

double toSeconds(qint64 ms) { return double(ms) / 1000.0; }
} // namespace

AlertRuleParser::AlertRuleParser(const QJsonObject &object, int index)
    : m_object(object)
    , m_index(index)
{
}

QString AlertRuleParser::label() const
{
    const QString where = QStringLiteral("rules[%1]").arg(m_index);
    return m_named ? QStringLiteral("rule \"%1\" (%2)").arg(m_rule.name, where) : where;
}

QString AlertRuleParser::printable(const QString &name)
{
    constexpr qsizetype maxShown = 60;
    QString out;
    qsizetype shown = 0;
    for (qsizetype i = 0; i < name.size(); ++i) {
        if (shown == maxShown)
            return out + QStringLiteral("...");
        const QChar c = name.at(i);
        if (c == u'\n')
            out += QStringLiteral("\\n");
        else if (c.category() == QChar::Other_Control || c == QChar::LineSeparator || c == QChar::ParagraphSeparator)
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
        if (!(c.isHighSurrogate() && i + 1 < name.size() && name.at(i + 1).isLowSurrogate()))
            ++shown;
    }
    return out;
}

bool AlertRuleParser::fail(const QString &field, const QString &message)
{
    m_error = QStringLiteral("%1: field \"%2\": %3").arg(label(), printable(field), message);
    return false;
}

bool AlertRuleParser::parse(AlertRule *out, QString *error)
{
    const bool ok = [&] {
        if (!readString(QStringLiteral("name"), true, AlertRuleSet::MaxNameLength, &m_rule.name))
            return false;
        m_named = true;

        const QJsonValue kind = m_object.value(QStringLiteral("kind"));
        if (!kind.isString() || !AlertRule::kindFromName(kind.toString(), &m_rule.kind))
            return fail(QStringLiteral("kind"), QStringLiteral("must be one of %1").arg(choicesOf<Kind>()));
        if (!checkKnownFields())
            return false;

        QString severity;
        if (!readString(QStringLiteral("severity"), false, 20, &severity))
            return false;
        if (!severity.isNull() && !AlertRule::severityFromName(severity, &m_rule.severity))
            return fail(QStringLiteral("severity"),
                        QStringLiteral("must be one of %1").arg(choicesOf<AlertRule::Severity>()));
        if (!readBool(QStringLiteral("enabled"), &m_rule.enabled) || !readBool(QStringLiteral("muted"), &m_rule.muted)
            || !readSnooze(&m_rule.snoozeUntilMs)
            || !readString(QStringLiteral("postToRoom"), false, AlertRuleSet::MaxNameLength, &m_rule.postToRoom))
            return false;

        // Only a room message rule needs its target; the others watch everything by default.
        const QString targetField = AlertRule::targetField(m_rule.kind);
        const bool targetRequired = m_rule.isSeriesRule() || m_rule.kind == Kind::RoomMessage;
        if (!readString(targetField, targetRequired, AlertRuleSet::MaxPatternLength, &m_rule.target))
            return false;
        if (m_rule.target.isEmpty())   // only optional selectors get here empty
            m_rule.target = QStringLiteral("*");

        switch (m_rule.kind) {
        case Kind::Above:
        case Kind::Below:
            return readThresholds();
        case Kind::Rate:
            return readRate();
        case Kind::Stale:
        case Kind::ConnectionFailed:
            return readSeconds(QStringLiteral("afterSeconds"), true, false, &m_rule.afterMs);
        default:
            return true;
        }
    }();
    if (!ok) {
        if (error)
            *error = m_error;
        return false;
    }
    *out = m_rule;
    return true;
}

bool AlertRuleParser::checkKnownFields()
{
    const QStringList known = fieldsFor(m_rule.kind);
    for (auto it = m_object.begin(); it != m_object.end(); ++it) {
        if (!known.contains(it.key()))
            return fail(it.key(), QStringLiteral("unknown field for %1 (known: %2)")
                                      .arg(aKindRule(m_rule.kind), known.join(QStringLiteral(", "))));
    }
    return true;
}

bool AlertRuleParser::readString(const QString &field, bool required, int maxLength, QString *out)
{
    const QJsonValue v = m_object.value(field);
    if (v.isUndefined()) {
        if (required)
            return fail(field, QStringLiteral("required (a non-empty string)"));
        return true;
    }
    if (!v.isString())
        return fail(field, QStringLiteral("must be a string"));
    const QString s = v.toString();
    if (required && s.trimmed().isEmpty())
        return fail(field, QStringLiteral("must be a non-empty string"));
    if (s.size() > maxLength && codePoints(s) > maxLength)
        return fail(field, QStringLiteral("is %1 characters long; the limit is %2").arg(codePoints(s)).arg(maxLength));
    if (hasControlCharacter(s))
        return fail(field, QStringLiteral("must not contain control characters (newlines, tabs, ...) or U+FEFF (byte order mark)"));
    *out = s;
    return true;
}

bool AlertRuleParser::readNumber(const QString &field, bool required, double *out, bool *present)
{
    const QJsonValue v = m_object.value(field);
    if (present)
        *present = !v.isUndefined();
    if (v.isUndefined())
        return required ? fail(field, QStringLiteral("required (a number)")) : true;
    if (!v.isDouble() || !std::isfinite(v.toDouble()))
        return fail(field, QStringLiteral("must be a number"));
    *out = v.toDouble();
    return true;
}

bool AlertRuleParser::readBool(const QString &field, bool *out)
{
    const QJsonValue v = m_object.value(field);
    if (v.isUndefined())
        return true;
    if (!v.isBool())
        return fail(field, QStringLiteral("must be true or false"));
    *out = v.toBool();
    return true;
}

bool AlertRuleParser::readSeconds(const QString &field, bool required, bool allowZero, qint64 *outMs)
{
    double s = 0;
    bool present = false;
    if (!readNumber(field, required, &s, &present))
        return false;
    if (!present)
        return true;
    // 0 means "no wait" where allowed; anything else is at least a millisecond (0.0005
    // would otherwise round to 1 ms, or to 0, silently meaning something else).
    const bool tooShort = s > 0 ? s < 0.001 : !allowZero;
    if (s < 0 || s > AlertRuleSet::MaxSeconds || tooShort)
        return fail(field, QStringLiteral("must be %1a number of seconds from 0.001 to %2")
                               .arg(allowZero ? QStringLiteral("0 (no wait) or ") : QString())
                               .arg(qint64(AlertRuleSet::MaxSeconds)));
    const qint64 ms = std::llround(s * 1000.0);
    *outMs = ms;
    return true;
}

bool AlertRuleParser::readSnooze(qint64 *outMs)
{
    double v = 0;
    bool present = false;
    if (!readNumber(QStringLiteral("snoozeUntil"), false, &v, &present))
        return false;
    if (!present)
        return true;
    constexpr double maxExact = 9007199254740992.0;   // 2^53: every integer below is exact
    if (v < 0 || v > maxExact || std::floor(v) != v)
        return fail(QStringLiteral("snoozeUntil"), QStringLiteral("must be a time in epoch milliseconds (a whole number, 0 = not snoozed)"));
    *outMs = qint64(v);
    return true;
}

bool AlertRuleParser::readThresholds()
{
    if (!readNumber(QStringLiteral("raise"), true, &m_rule.raise)
        || !readNumber(QStringLiteral("clear"), false, &m_rule.clear, &m_rule.hasClear))
        return false;
    if (m_rule.hasClear) {
        const bool above = m_rule.kind == Kind::Above;
        if (above ? m_rule.clear >= m_rule.raise : m_rule.clear <= m_rule.raise)
            return fail(QStringLiteral("clear"), QStringLiteral("must be a number %1 \"raise\" for %2")
                                                     .arg(above ? QStringLiteral("below") : QStringLiteral("above"),
                                                          aKindRule(m_rule.kind)));
    }
    return readSeconds(QStringLiteral("forSeconds"), false, true, &m_rule.forMs);
}

bool AlertRuleParser::readRate()
{
    if (!readNumber(QStringLiteral("raise"), true, &m_rule.raise)
        || !readNumber(QStringLiteral("clear"), false, &m_rule.clear, &m_rule.hasClear))
        return false;
    if (m_rule.raise <= 0)
        return fail(QStringLiteral("raise"), QStringLiteral("must be a positive number (the limit on the change)"));
    if (m_rule.hasClear && (m_rule.clear < 0 || m_rule.clear >= m_rule.raise))
        return fail(QStringLiteral("clear"),
                    QStringLiteral("must be a number from 0 to below \"raise\" for a \"rate\" rule"));
    if (!readSeconds(QStringLiteral("forSeconds"), false, true, &m_rule.forMs)
        || !readSeconds(QStringLiteral("windowSeconds"), true, false, &m_rule.windowMs))
        return false;
    QString mode, direction;
    if (!readString(QStringLiteral("mode"), false, 20, &mode) || !readString(QStringLiteral("direction"), false, 20, &direction))
        return false;
    if (!mode.isNull() && !AlertRule::rateModeFromName(mode, &m_rule.rateMode))
        return fail(QStringLiteral("mode"), QStringLiteral("must be one of %1").arg(choicesOf<AlertRule::RateMode>()));
    if (!direction.isNull() && !AlertRule::directionFromName(direction, &m_rule.direction))
        return fail(QStringLiteral("direction"), QStringLiteral("must be one of %1").arg(choicesOf<AlertRule::Direction>()));
    return true;
}

QJsonObject AlertRuleParser::toJson(const AlertRule &r)
{
    QJsonObject o;
    o.insert(QStringLiteral("name"), r.name);
    o.insert(QStringLiteral("kind"), AlertRule::kindName(r.kind));
    o.insert(QStringLiteral("severity"), AlertRule::severityName(r.severity));
    o.insert(QStringLiteral("enabled"), r.enabled);
    if (r.muted)
        o.insert(QStringLiteral("muted"), true);
    if (r.snoozeUntilMs != 0)
        o.insert(QStringLiteral("snoozeUntil"), double(r.snoozeUntilMs));
    if (!r.postToRoom.isEmpty())
        o.insert(QStringLiteral("postToRoom"), r.postToRoom);
    o.insert(AlertRule::targetField(r.kind), r.target.isEmpty() ? QStringLiteral("*") : r.target);
    switch (r.kind) {
    case Kind::Rate:
        o.insert(QStringLiteral("windowSeconds"), toSeconds(r.windowMs));
        o.insert(QStringLiteral("mode"), AlertRule::rateModeName(r.rateMode));
        o.insert(QStringLiteral("direction"), AlertRule::directionName(r.direction));
        Q_FALLTHROUGH();
    case Kind::Above:
    case Kind::Below:
        o.insert(QStringLiteral("raise"), r.raise);
        if (r.hasClear)
            o.insert(QStringLiteral("clear"), r.clear);
        if (r.forMs != 0)
            o.insert(QStringLiteral("forSeconds"), toSeconds(r.forMs));
        break;
    case Kind::Stale:
    case Kind::ConnectionFailed:
        o.insert(QStringLiteral("afterSeconds"), toSeconds(r.afterMs));
        break;
    default:
        break;
    }
    return o;
}
