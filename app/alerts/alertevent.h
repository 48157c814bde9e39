// AlertEvent: one thing a rule reported: raised or cleared, at time t, on a source
// (series, connection, room or sender). Emitted by AlertEngine; consumed by
// NotificationCenter (history), AlertThrottle (desktop/toast notifications), the
// headless --print output (toNdjson) and the chat integration (postToRoom, summary).
#pragma once
#include "alertrule.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QtQml/qqmlregistration.h>

class AlertEvent
{
    Q_GADGET
    QML_VALUE_TYPE(alertEvent)
    Q_PROPERTY(QString rule MEMBER rule)
    Q_PROPERTY(State state MEMBER state)
    Q_PROPERTY(AlertRule::Severity severity MEMBER severity)
    Q_PROPERTY(AlertRule::Kind kind MEMBER kind)
    Q_PROPERTY(QString source MEMBER source)
    Q_PROPERTY(double value MEMBER value)
    Q_PROPERTY(qint64 t MEMBER t)
    Q_PROPERTY(QString detail MEMBER detail)
    Q_PROPERTY(QString postToRoom MEMBER postToRoom)
public:
    enum class State { Raised, Cleared };
    Q_ENUM(State)

    QString rule;                  // the rule's name
    State state = State::Raised;
    AlertRule::Severity severity = AlertRule::Severity::Warning;
    AlertRule::Kind kind = AlertRule::Kind::Above;
    QString source;                // series, connection, room, or sender of a private message
    // The series value (Above/Below/Stale: the sample or last value), the change or
    // per-second rate (Rate), seconds down (connection kinds), 0 for chat.
    double value = 0;
    qint64 t = 0;                  // epoch ms: when the condition was met (see docs/alerts.md)
    QString detail;                // chat: "sender: text" (shortened); otherwise empty
    QString postToRoom;            // copied from the rule

    bool operator==(const AlertEvent &) const = default;

    static QString stateName(State s);   // "raised", "cleared"
    // Exactly {"alert":"<rule>","state":"raised"|"cleared","severity":"...","series":"<source>",
    // "value":<number>,"t":<epoch ms>} with JSON-escaped strings, no trailing newline.
    // A non-finite value is written as null (JSON has no NaN).
    QByteArray toNdjson() const;
    // One human line for toasts and chat posts, e.g. "BTC high raised: BTCUSD.price = 70123".
    QString summary() const;
};
Q_DECLARE_METATYPE(AlertEvent)
