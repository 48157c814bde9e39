// AlertRule: one user-written rule (what to watch, when to raise and clear, how loud).
// A plain value type: AlertRuleSet reads and writes it as JSON (docs/alerts.md),
// AlertEngine compiles and evaluates it, the workspace and the rule editor copy it.
// Durations are held in milliseconds; the JSON format speaks seconds.
#pragma once
#include <QMetaType>
#include <QString>
#include <QtQml/qqmlregistration.h>

class AlertRule
{
    Q_GADGET
    QML_VALUE_TYPE(alertRule)
    Q_PROPERTY(QString name MEMBER name)
    Q_PROPERTY(Kind kind MEMBER kind)
    Q_PROPERTY(Severity severity MEMBER severity)
    Q_PROPERTY(bool enabled MEMBER enabled)
    Q_PROPERTY(bool muted MEMBER muted)
    Q_PROPERTY(qint64 snoozeUntilMs MEMBER snoozeUntilMs)
    Q_PROPERTY(QString target MEMBER target)
    Q_PROPERTY(double raise MEMBER raise)
    Q_PROPERTY(bool hasClear MEMBER hasClear)
    Q_PROPERTY(double clear MEMBER clear)
    Q_PROPERTY(qint64 forMs MEMBER forMs)
    Q_PROPERTY(qint64 windowMs MEMBER windowMs)
    Q_PROPERTY(qint64 afterMs MEMBER afterMs)
    Q_PROPERTY(QString postToRoom MEMBER postToRoom)
public:
    enum class Severity { Info, Warning, Critical };
    Q_ENUM(Severity)
    enum class Kind {
        Above, Below, Rate, Stale,                               // on a series
        ConnectionLost, ConnectionFailed, ConnectionRestored,    // on a connection
        Mention, PrivateMessage, RoomMessage                     // on chat
    };
    Q_ENUM(Kind)
    enum class RateMode { Change, PerSecond };
    Q_ENUM(RateMode)
    enum class Direction { Any, Up, Down };
    Q_ENUM(Direction)

    QString name;
    Kind kind = Kind::Above;
    Severity severity = Severity::Warning;
    bool enabled = true;
    bool muted = false;            // silenced until unmuted
    qint64 snoozeUntilMs = 0;      // silenced while event time < this (epoch ms); 0 = not snoozed
    // What the rule watches, by exact name or glob (GlobPattern): the series for series
    // kinds, the connection for connection kinds, the room for Mention/RoomMessage,
    // the sender for PrivateMessage. Empty means "*" where the kind allows it.
    QString target;
    double raise = 0;              // Above/Below: threshold; Rate: limit
    bool hasClear = false;         // without it, clearing happens at the raise level
    double clear = 0;              // hysteresis level (below raise for Above/Rate, above for Below)
    qint64 forMs = 0;              // Above/Below/Rate: condition must hold this long
    qint64 windowMs = 0;           // Rate: look-back window
    RateMode rateMode = RateMode::Change;
    Direction direction = Direction::Any;
    qint64 afterMs = 0;            // Stale: no sample for; ConnectionFailed: down for
    QString postToRoom;            // chat room to post raised/cleared events to; empty = none

    bool operator==(const AlertRule &) const = default;

    bool isSeriesRule() const { return kind <= Kind::Stale; }
    bool isConnectionRule() const { return kind >= Kind::ConnectionLost && kind <= Kind::ConnectionRestored; }
    bool isChatRule() const { return kind >= Kind::Mention; }
    // One-shot rules report a moment (a message arrived, a link came back): they raise
    // and never clear.
    bool isOneShot() const { return kind == Kind::ConnectionRestored || isChatRule(); }
    // Silenced rules are not evaluated: disabled, muted, or snoozed at time t.
    bool silencedAt(qint64 t) const { return !enabled || muted || t < snoozeUntilMs; }
    // The level at which a raised Above/Below/Rate rule clears.
    double clearLevel() const { return hasClear ? clear : raise; }

    static QString kindName(Kind kind);              // "above", "connectionLost", ...
    static bool kindFromName(const QString &name, Kind *out);
    static QString severityName(Severity severity);  // "info", "warning", "critical"
    static bool severityFromName(const QString &name, Severity *out);
    static QString rateModeName(RateMode mode);      // "change", "perSecond"
    static bool rateModeFromName(const QString &name, RateMode *out);
    static QString directionName(Direction d);       // "any", "up", "down"
    static bool directionFromName(const QString &name, Direction *out);
    // The JSON field that holds `target` for a kind: "series", "connection", "room", "from".
    static QString targetField(Kind kind);
};
Q_DECLARE_METATYPE(AlertRule)
