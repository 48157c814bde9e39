// AlertThrottle: storm control between AlertEngine and the desktop/toast notifications.
// Takes every AlertEvent; only "raised" ones may notify. Two limits, both driven by
// event timestamps and advanceTime() (never the wall clock), so tests do not sleep:
//  - per rule: after a rule notifies, its further raises within coalesceMs (default
//    60 s) are counted, and one Repeats notification ("BTC high: 7 more times") is
//    sent when that window ends; a rule that keeps firing notifies once per window.
//  - overall: at most maxPerMinute notifications (default 5) in any 60 s; the rest are
//    counted and summarised as one Overflow notification ("12 more alerts") as soon
//    as the limit allows. The summary counts against the limit too.
// The notification center still receives every event; only notifications are thinned.
// Call advanceTime() about once a second so held-back summaries go out without waiting
// for the next event. Not thread-safe: owned by the GUI thread.
#pragma once
#include "alertevent.h"
#include "alertnotification.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QtQml/qqmlregistration.h>

class AlertThrottle : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int maxPerMinute READ maxPerMinute WRITE setMaxPerMinute NOTIFY settingsChanged)
    Q_PROPERTY(int coalesceMs READ coalesceMs WRITE setCoalesceMs NOTIFY settingsChanged)
    Q_PROPERTY(int heldBack READ heldBack NOTIFY heldBackChanged)
public:
    static constexpr int DefaultMaxPerMinute = 5;
    static constexpr int DefaultCoalesceMs = 60'000;
    static constexpr qint64 RateWindowMs = 60'000;
    static constexpr int MaxCoalescedRules = 10'000;   // beyond: rules are not coalesced

    explicit AlertThrottle(QObject *parent = nullptr);

    int maxPerMinute() const { return m_maxPerMinute; }
    void setMaxPerMinute(int n);       // at least 1
    int coalesceMs() const { return m_coalesceMs; }
    void setCoalesceMs(int ms);        // 0 = no per-rule coalescing
    int heldBack() const { return m_overflowCount; }   // waiting for the Overflow summary

public Q_SLOTS:
    void onAlertEvent(const AlertEvent &event);
    void advanceTime(qint64 nowMs);

Q_SIGNALS:
    void notificationReady(const AlertNotification &notification);
    void settingsChanged();
    void heldBackChanged();

private:
    struct RuleWindow {
        qint64 start = 0;
        int repeats = 0;
        AlertEvent last;
    };
    void flushRuleWindows();
    void offer(const AlertNotification &n, const AlertEvent &latest);
    bool slotFree();
    void send(const AlertNotification &n);

    int m_maxPerMinute = DefaultMaxPerMinute;
    int m_coalesceMs = DefaultCoalesceMs;
    bool m_haveNow = false;
    qint64 m_now = 0;                  // latest time seen: the throttle's clock
    QHash<QString, RuleWindow> m_windows;
    QList<qint64> m_sent;              // times of the notifications in the last minute
    int m_overflowCount = 0;
    AlertRule::Severity m_overflowWorst = AlertRule::Severity::Info;
    AlertEvent m_overflowLatest;
};
