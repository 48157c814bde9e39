// AlertEngine: evaluates an AlertRuleSet against samples, connection states and chat
// messages, and emits alertEvent() when a rule raises or clears. Deterministic: time is
// whatever the inputs say (sample timestamps, advanceTime()), plus one reading of the
// clock (setClock(), wall clock by default) when rules are set: the engine's start, from
// which a series named exactly in a stale rule that never sends counts its silence. The
// same inputs and start always give the same events, and tests never sleep.
//
// Thread-safety: none. One engine is owned by one thread (the ingest thread, or the GUI
// thread fed one batch per frame); call every method from that thread. It has no timers.
// Do not call setRules() from a slot directly connected to alertEvent().
//
// Cost per sample: one QHash lookup of the series name. The rules that match a name
// (exact names and globs) are worked out once, on the first sample of that name, and
// cached; a series that matches nothing costs that lookup and allocates nothing.
// Bounds (Limits, docs/alerts.md): names cached, (rule, series) states, connections.
#pragma once
#include "alertevent.h"
#include "alertruleset.h"
#include "feedstats.h"
#include "globpattern.h"
#include "ratewindow.h"
#include "sample.h"

#include <QHash>
#include <QObject>
#include <QtQml/qqmlregistration.h>
#include <deque>
#include <functional>

class AlertEngine : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int ruleCount READ ruleCount NOTIFY rulesChanged)
public:
    struct Limits {
        int maxSeriesNames = 100'000;     // names remembered (matching or not)
        int maxSeriesStates = 50'000;     // (rule, series) pairs tracked
        int maxConnections = 1'000;
        int rateBuckets = RateWindow::DefaultBuckets;
    };

    explicit AlertEngine(QObject *parent = nullptr);
    explicit AlertEngine(Limits limits, QObject *parent = nullptr);
    ~AlertEngine() override;

    using Clock = std::function<qint64()>;   // epoch ms
    // Read once per setRules(): the engine's start. Empty = the wall clock.
    void setClock(Clock clock);
    qint64 startedAt() const { return m_startT; }

    // Replaces the rules and forgets all state (nothing is raised afterwards, no events);
    // the engine (re)starts at clock(): see startedAt().
    void setRules(const AlertRuleSet &rules);
    const AlertRuleSet &rules() const { return m_set; }
    int ruleCount() const { return int(m_rules.size()); }
    // For the rule editor and QML: the rules as JSON text (docs/alerts.md), and the
    // reverse, which returns "" on success or the readable error (rules kept as they were).
    Q_INVOKABLE QString rulesJson() const;
    Q_INVOKABLE QString applyRulesJson(const QString &json);

    // Runtime switches from the UI; false if no rule has that name. Disabling, muting
    // or snoozing forgets the rule's raised states without emitting "cleared".
    Q_INVOKABLE bool setRuleEnabled(const QString &rule, bool enabled);
    Q_INVOKABLE bool setRuleMuted(const QString &rule, bool muted);
    Q_INVOKABLE bool snoozeRule(const QString &rule, qint64 untilMs);   // 0 = unsnooze

    Q_INVOKABLE bool isRaised(const QString &rule, const QString &source) const;
    Q_INVOKABLE int raisedCount() const;
    // Glob matches not tracked because Limits were reached; connections ignored likewise.
    qint64 untrackedSeries() const { return m_untrackedSeries; }
    qint64 untrackedConnections() const { return m_untrackedConnections; }

public Q_SLOTS:
    void onSample(const QString &series, qint64 tMs, double v);
    void onSamples(const SampleBatch &batch);
    // Raises what became due by nowMs: staleness, minimum durations, connection
    // "failed for N s", snoozes ending. Samples and state changes do the same for their
    // own rules, so results do not depend on how often this is called.
    void advanceTime(qint64 nowMs);
    void onConnectionState(const QString &connection, FeedState state, qint64 tMs);
    void onChatMessage(const QString &room, const QString &sender, const QString &text,
                       bool isPrivate, qint64 tMs, const QString &myNick);

Q_SIGNALS:
    void alertEvent(const AlertEvent &event);
    void rulesChanged();

private:
    struct Compiled {
        AlertRule rule;
        GlobPattern pattern;
        bool timed = false;               // has deadlines for advanceTime()
    };
    struct SeriesState {
        int rule = 0;
        QString series;
        bool raised = false;
        bool seen = false;                // a sample arrived
        qint64 pendingSince = -1;         // raise condition holding since (ms), -1 = not
        qint64 lastT = 0;
        double lastV = 0;
        double lastMetric = 0;            // Rate: last change (or per-second rate)
        RateWindow window;
    };
    struct ConnectionState {
        FeedState state = FeedState::Idle;
        qint64 downSince = -1;            // start of the current down period, -1 = up
        bool wasLive = false;             // Live since the last deliberate close
        QList<int> rules;                 // matching connection rules
        QList<bool> raised;               // parallel to rules
    };

    const QList<int> &statesFor(const QString &series);
    int addSeriesState(int rule, const QString &series);
    void evaluate(SeriesState &s, qint64 t, double v);
    void step(SeriesState &s, bool cond, bool clearCond, qint64 t, double value);
    void catchUp(SeriesState &s, qint64 now);
    void catchUpRate(SeriesState &s, qint64 now);
    double rateMetric(const AlertRule &r, double change) const;
    ConnectionState *connectionFor(const QString &name);
    void catchUp(ConnectionState &c, const QString &name, qint64 now);
    void resetRule(int rule);
    void emitEvent(int rule, AlertEvent::State state, const QString &source, double value, qint64 t,
                   const QString &detail = {});

    Limits m_limits;
    AlertRuleSet m_set;
    QList<Compiled> m_rules;
    QHash<QString, QList<int>> m_exactSeriesRules;   // used when learning a name
    QList<int> m_globSeriesRules;
    QList<int> m_connectionRules;
    QList<int> m_chatRules;
    QHash<QString, QList<int>> m_bySeries;           // name -> indices into m_states
    std::deque<SeriesState> m_states;                // deque: references survive growth
    QHash<QString, int> m_connectionIndex;
    std::deque<ConnectionState> m_connections;
    QList<QString> m_connectionNames;
    const QList<int> m_noStates;
    Clock m_clock;
    qint64 m_startT = 0;                             // clock() at setRules(): staleness baseline
    qint64 m_untrackedSeries = 0;
    qint64 m_untrackedConnections = 0;
};
