// AlertService: the window's side of alerts, created and owned by the Workspace. It owns
// the AlertFeedSink that every FeedConnection is given as its SampleSink (the engine runs
// on the ingest threads under a mutex; events reach the GUI thread in one queued call per
// burst), the NotificationCenter (history), the AlertThrottle (storm control), the
// DesktopNotifier (tray) and the RoomPostLimiter (chat posts). A 1 Hz timer calls
// advanceTime(now) so staleness, durations and held-back summaries happen in silence too.
//
// Who talks to it: the Workspace (sampleSink() for each connection, rulesObject() and
// settings for workspace.json, rulesChanged/settingsChanged to schedule a save), the
// chat client (onChatMessage in; postToRoomRequested out), QML (rules editor, toasts,
// notification center, badge; focusRequested to show what an alert is about).
//
// Time: every input is stamped by clock() (wall clock unless setClock() is given one),
// samples by their own timestamps; tests drive advanceTime() and never sleep.
#pragma once
#include "alertfeedsink.h"
#include "alertnotification.h"
#include "alertruleset.h"
#include "alertthrottle.h"
#include "desktopnotifier.h"
#include "notificationcenter.h"
#include "roompostlimiter.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

class AlertService : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AlertService belongs to the Workspace")
    Q_PROPERTY(NotificationCenter *notificationCenter READ notificationCenter CONSTANT)
    Q_PROPERTY(AlertThrottle *throttle READ throttle CONSTANT)
    Q_PROPERTY(DesktopNotifier *notifier READ notifier CONSTANT)
    Q_PROPERTY(int unacknowledgedCount READ unacknowledgedCount NOTIFY unacknowledgedCountChanged)
    Q_PROPERTY(QString rulesJson READ rulesJson NOTIFY rulesChanged)
    Q_PROPERTY(QVariantList rules READ ruleList NOTIFY rulesChanged)
    Q_PROPERTY(int ruleCount READ ruleCount NOTIFY rulesChanged)
    Q_PROPERTY(QString nickname READ nickname WRITE setNickname NOTIFY nicknameChanged)
    Q_PROPERTY(AlertNotification latestToast READ latestToast NOTIFY toast)
    Q_PROPERTY(qint64 droppedEvents READ droppedEvents NOTIFY droppedEventsChanged)
    Q_PROPERTY(QVariantMap settings READ settings WRITE setSettings NOTIFY settingsChanged)
public:
    static constexpr int TickMs = 1000;
    using Clock = AlertFeedSink::Clock;

    explicit AlertService(QObject *parent = nullptr);
    ~AlertService() override;

    // Give this to every FeedConnection; it stays valid for the service's lifetime, so the
    // service must outlive the connections (the Workspace deletes connections first).
    SampleSink *sampleSink() { return &m_sink; }
    // For tests: the time source of connection states, chat, snoozes and the 1 Hz tick.
    // Set it before connections start (the ingest threads read it).
    void setClock(Clock clock);
    Q_INVOKABLE qint64 now() const { return m_sink.now(); }

    NotificationCenter *notificationCenter() const { return m_center; }
    AlertThrottle *throttle() const { return m_throttle; }
    DesktopNotifier *notifier() const { return m_notifier; }
    int unacknowledgedCount() const;
    qint64 droppedEvents() const { return m_sink.dropped(); }
    AlertNotification latestToast() const { return m_latestToast; }
    QString nickname() const { return m_nickname; }
    void setNickname(const QString &nick);

    // Rules. Each mutator returns "" on success or the readable error from the parser
    // (AlertRuleSet), and leaves the rules as they were on error. Changing the set
    // restarts evaluation (AlertEngine::setRules); enable/mute/snooze do not.
    AlertRuleSet ruleSet() const { return m_rules; }
    QString rulesJson() const;
    QVariantList ruleList() const;       // one map per rule, in the JSON form (docs/alerts.md)
    int ruleCount() const { return int(m_rules.rules.size()); }
    Q_INVOKABLE QString applyRulesJson(const QString &json);
    QJsonObject rulesObject() const;     // for workspace.json ("alerts")
    QString applyRulesObject(const QJsonObject &object);
    // rule: a map in the JSON form, as the editor's form builds it; index -1 = a new rule.
    Q_INVOKABLE QString validateRule(const QVariantMap &rule, int index) const;
    Q_INVOKABLE QString setRule(int index, const QVariantMap &rule);
    Q_INVOKABLE bool removeRule(int index);
    Q_INVOKABLE bool setRuleEnabled(const QString &rule, bool enabled);
    Q_INVOKABLE bool setRuleMuted(const QString &rule, bool muted);
    Q_INVOKABLE bool snoozeRule(const QString &rule, int seconds);   // from now; 0 = unsnooze
    // Import replaces every rule with the file's; export writes them (atomically).
    Q_INVOKABLE QString importRules(const QUrl &file);
    Q_INVOKABLE QString exportRules(const QUrl &file) const;

    // Notification settings (workspace.json "notifications"): desktopEnabled, soundInfo,
    // soundWarning, soundCritical, maxPerMinute, coalesceSeconds, roomPostsPerMinute.
    QVariantMap settings() const;
    void setSettings(const QVariantMap &settings);   // unknown keys ignored, values clamped

    // Inputs from the Workspace and the chat client (GUI thread). Connection states
    // already reach the engine through sampleSink(); this is for other sources.
    void onConnectionState(const QString &connection, FeedState state);
    Q_INVOKABLE void onChatMessage(const QString &room, const QString &sender, const QString &text,
                                   bool isPrivate);

    // What an alert is about, for focusRequested: ("series" | "connection" | "room" |
    // "user" | "notifications", target).
    static QPair<QString, QString> focusTarget(const AlertNotification &n);
    Q_INVOKABLE void activate(const AlertNotification &notification);   // toast clicked
    Q_INVOKABLE void activateEntry(int row);                            // center row clicked
    Q_INVOKABLE void requestFocus(const QString &kind, const QString &target);
    // A notification as plain data for QML (enums as names): title, body, severity
    // ("info" | "warning" | "critical"), type ("alert" | "repeats" | "overflow"), rule,
    // source, count, t, focusKind, focusTarget.
    Q_INVOKABLE QVariantMap describe(const AlertNotification &notification) const;

public Q_SLOTS:
    void advanceTime(qint64 nowMs);
    void deliverPending();   // takes queued events from the sink (the queued wake calls it)

Q_SIGNALS:
    void toast(const AlertNotification &notification);
    void postToRoomRequested(const QString &room, const QString &text);
    void focusRequested(const QString &kind, const QString &target);
    void rulesChanged();
    void settingsChanged();
    void unacknowledgedCountChanged();
    void nicknameChanged();
    void droppedEventsChanged();

private:
    QString replaceRules(const AlertRuleSet &set);
    void syncRulesFromSink();
    void onNotification(const AlertNotification &n);
    void post(const QList<RoomPostLimiter::Post> &posts);

    AlertFeedSink m_sink;
    AlertRuleSet m_rules;                // mirror of the engine's rules (for QML and saving)
    NotificationCenter *m_center;
    AlertThrottle *m_throttle;
    DesktopNotifier *m_notifier;
    RoomPostLimiter m_posts;
    QTimer m_tick;
    QString m_nickname;
    AlertNotification m_latestToast;
    qint64 m_seenDropped = 0;
};
