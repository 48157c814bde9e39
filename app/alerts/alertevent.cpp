#include "alertevent.h"

#include "jsontext.h"

#include <QLocale>
#include <cmath>
#include <cstdio>

namespace {
QString shortNumber(double v)
{
    return std::isfinite(v) ? QString::number(v, 'g', QLocale::FloatingPointShortest) : QStringLiteral("?");
}
} // namespace

QString AlertEvent::stateName(State s)
{
    return s == State::Raised ? QStringLiteral("raised") : QStringLiteral("cleared");
}

QByteArray AlertEvent::toNdjson() const
{
    QByteArray line;
    line.reserve(96 + rule.size() + source.size());
    line.append("{\"alert\":");
    JsonText::appendString(line, rule);
    line.append(",\"state\":");
    line.append(state == State::Raised ? "\"raised\"" : "\"cleared\"");
    line.append(",\"severity\":");
    JsonText::appendString(line, AlertRule::severityName(severity));
    line.append(",\"series\":");
    JsonText::appendString(line, source);
    line.append(",\"value\":");
    JsonText::appendNumber(line, value);
    line.append(",\"t\":");
    line.append(QByteArray::number(t));
    line.append('}');
    return line;
}

QString AlertEvent::summary() const
{
    const QString head = rule + QLatin1Char(' ') + stateName(state);
    switch (kind) {
    case AlertRule::Kind::Above:
    case AlertRule::Kind::Below:
    case AlertRule::Kind::Stale:
        return QStringLiteral("%1: %2 = %3").arg(head, source, shortNumber(value));
    case AlertRule::Kind::Rate:
        return QStringLiteral("%1: %2 changed by %3").arg(head, source, shortNumber(value));
    case AlertRule::Kind::ConnectionLost:
    case AlertRule::Kind::ConnectionFailed:
    case AlertRule::Kind::ConnectionRestored:
        return QStringLiteral("%1: %2 (down %3 s)").arg(head, source, shortNumber(value));
    case AlertRule::Kind::Mention:
    case AlertRule::Kind::PrivateMessage:
    case AlertRule::Kind::RoomMessage:
        return QStringLiteral("%1: %2 %3").arg(head, source, detail);
    }
    return head;
}
