// AlertNotification: what AlertThrottle decided to show as a toast or desktop
// notification: one alert, a rule's coalesced repeats, or a "12 more alerts" summary.
// The UI turns it into QSystemTrayIcon::showMessage() or an in-app toast; rule, kind
// and source say what to focus when it is clicked.
#pragma once
#include "alertrule.h"

#include <QMetaType>
#include <QString>
#include <QtQml/qqmlregistration.h>

class AlertNotification
{
    Q_GADGET
    QML_VALUE_TYPE(alertNotification)
    Q_PROPERTY(Type type MEMBER type)
    Q_PROPERTY(QString title MEMBER title)
    Q_PROPERTY(QString body MEMBER body)
    Q_PROPERTY(AlertRule::Severity severity MEMBER severity)
    Q_PROPERTY(QString rule MEMBER rule)
    Q_PROPERTY(AlertRule::Kind kind MEMBER kind)
    Q_PROPERTY(QString source MEMBER source)
    Q_PROPERTY(int count MEMBER count)
    Q_PROPERTY(qint64 t MEMBER t)
public:
    enum class Type {
        Alert,      // one raised alert
        Repeats,    // `count` more raises of one rule since its last notification
        Overflow    // `count` alerts held back by the per-minute limit
    };
    Q_ENUM(Type)

    Type type = Type::Alert;
    QString title;
    QString body;
    AlertRule::Severity severity = AlertRule::Severity::Warning;  // Overflow: the worst held back
    QString rule;                  // the (latest) rule concerned
    AlertRule::Kind kind = AlertRule::Kind::Above;
    QString source;                // the (latest) series, connection, room or sender
    int count = 1;                 // alerts this notification stands for
    qint64 t = 0;                  // epoch ms
};
Q_DECLARE_METATYPE(AlertNotification)
