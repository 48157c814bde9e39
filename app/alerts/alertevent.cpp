#include "alertevent.h"

#include <QLocale>
#include <cmath>
#include <cstdio>

namespace {
void appendJsonString(QByteArray &out, QStringView s)
{
    out.append('"');
    const QByteArray utf8 = s.toUtf8();
    for (char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
            if (u < 0x20 || u == 0x7f) {
                char esc[8];
                std::snprintf(esc, sizeof esc, "\\u%04x", u);
                out.append(esc);
            } else {
                out.append(c);
            }
        }
    }
    out.append('"');
}

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
    appendJsonString(line, rule);
    line.append(",\"state\":");
    line.append(state == State::Raised ? "\"raised\"" : "\"cleared\"");
    line.append(",\"severity\":");
    appendJsonString(line, AlertRule::severityName(severity));
    line.append(",\"series\":");
    appendJsonString(line, source);
    line.append(",\"value\":");
    if (std::isfinite(value))
        line.append(QByteArray::number(value, 'g', QLocale::FloatingPointShortest));
    else
        line.append("null");
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
