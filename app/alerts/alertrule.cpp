#include "alertrule.h"

#include <QMetaEnum>

namespace {
// Enum <-> JSON name via the meta-object: the JSON name is the enumerator with a
// lower-case first letter ("ConnectionLost" <-> "connectionLost").
template<typename E>
QString nameOf(E value)
{
    const char *key = QMetaEnum::fromType<E>().valueToKey(int(value));
    QString s = QString::fromLatin1(key ? key : "");
    if (!s.isEmpty())
        s[0] = s[0].toLower();
    return s;
}

template<typename E>
bool fromName(const QString &name, E *out)
{
    if (name.isEmpty() || !name[0].isLower())
        return false;
    QString key = name;
    key[0] = key[0].toUpper();
    bool ok = false;
    const int v = QMetaEnum::fromType<E>().keyToValue(key.toLatin1().constData(), &ok);
    if (ok && out)
        *out = E(v);
    return ok;
}
} // namespace

QString AlertRule::kindName(Kind kind) { return nameOf(kind); }
bool AlertRule::kindFromName(const QString &name, Kind *out) { return fromName(name, out); }
QString AlertRule::severityName(Severity s) { return nameOf(s); }
bool AlertRule::severityFromName(const QString &name, Severity *out) { return fromName(name, out); }
QString AlertRule::rateModeName(RateMode m) { return nameOf(m); }
bool AlertRule::rateModeFromName(const QString &name, RateMode *out) { return fromName(name, out); }
QString AlertRule::directionName(Direction d) { return nameOf(d); }
bool AlertRule::directionFromName(const QString &name, Direction *out) { return fromName(name, out); }

QString AlertRule::targetField(Kind kind)
{
    switch (kind) {
    case Kind::Above:
    case Kind::Below:
    case Kind::Rate:
    case Kind::Stale:
        return QStringLiteral("series");
    case Kind::ConnectionLost:
    case Kind::ConnectionFailed:
    case Kind::ConnectionRestored:
        return QStringLiteral("connection");
    case Kind::Mention:
    case Kind::RoomMessage:
        return QStringLiteral("room");
    case Kind::PrivateMessage:
        return QStringLiteral("from");
    }
    return QStringLiteral("series");
}
