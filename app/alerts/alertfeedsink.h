// AlertFeedSink: the window's bridge between the ingest threads and the alert engine.
// Installed as the SampleSink of every FeedConnection (see FeedConnection's constructor),
// it runs one AlertEngine over all of their batches under a mutex (held for one batch,
// the same cost as the headless AlertSink) and keeps the events it produces in a
// bounded queue. When the queue becomes non-empty it calls `wake` once (AlertService
// turns that into one queued call to the GUI thread), and the GUI takes the whole queue
// with takePending(): one cross-thread hop per burst, never one per event or sample.
//
// Unlike AlertSink, the rules can change at run time (setRules, enable, mute, snooze).
// Every method is thread-safe. `wake` is called on the thread that caused the events,
// with no lock held. Owned by AlertService; must outlive the FeedConnections using it.
// Bound: MaxPendingEvents queued; beyond, events are dropped and counted (dropped()).
#pragma once
#include "alertengine.h"
#include "samplesink.h"

#include <QList>
#include <QMutex>
#include <atomic>
#include <functional>

class AlertFeedSink : public SampleSink
{
public:
    static constexpr int MaxPendingEvents = 10'000;
    using Clock = std::function<qint64()>;   // epoch ms, for connection state changes

    explicit AlertFeedSink(Clock clock = {});
    ~AlertFeedSink() override;

    // Called when the pending queue goes from empty to non-empty (set before use).
    void setWake(std::function<void()> wake) { m_wake = std::move(wake); }
    void setClock(Clock clock);   // before setRules(): the engine's start is read from it

    // SampleSink, called by the ingest threads.
    void consume(const QString &connection, const SampleBatch &batch) override;
    void connectionState(const QString &connection, FeedState state, const QString &reason) override;

    // The same inputs from the GUI thread (or a test). They do not call `wake`: the
    // caller takes the events with takePending() right after.
    void advanceTime(qint64 nowMs);
    void onConnectionState(const QString &connection, FeedState state, qint64 tMs);
    void onChatMessage(const QString &room, const QString &sender, const QString &text, bool isPrivate,
                       qint64 tMs, const QString &myNick);

    void setRules(const AlertRuleSet &rules);
    AlertRuleSet rules() const;
    bool setRuleEnabled(const QString &rule, bool enabled);
    bool setRuleMuted(const QString &rule, bool muted);
    bool snoozeRule(const QString &rule, qint64 untilMs);

    QList<AlertEvent> takePending();
    qint64 dropped() const { return m_dropped.load(std::memory_order_relaxed); }
    qint64 now() const;

private:
    void queue(const AlertEvent &event);   // engine's alertEvent, under m_engineMutex
    void wakeIfNeeded();

    mutable QMutex m_engineMutex;
    AlertEngine m_engine;
    Clock m_clock;
    QMutex m_pendingMutex;
    QList<AlertEvent> m_pending;
    bool m_wakeSent = false;
    std::function<void()> m_wake;
    std::atomic<qint64> m_dropped{0};
};
