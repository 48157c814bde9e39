#include "alertfeedsink.h"

#include <QDateTime>
#include <QMutexLocker>

AlertFeedSink::AlertFeedSink(Clock clock)
{
    setClock(std::move(clock));
    QObject::connect(&m_engine, &AlertEngine::alertEvent, &m_engine,
                     [this](const AlertEvent &e) { queue(e); }, Qt::DirectConnection);
}

AlertFeedSink::~AlertFeedSink() = default;

void AlertFeedSink::setClock(Clock clock)
{
    m_clock = clock ? std::move(clock) : Clock([] { return QDateTime::currentMSecsSinceEpoch(); });
    // The engine reads it at setRules(): its start, for stale rules on silent series.
    QMutexLocker lock(&m_engineMutex);
    m_engine.setClock(m_clock);
}

qint64 AlertFeedSink::now() const
{
    return m_clock();
}

void AlertFeedSink::consume(const QString &connection, const SampleBatch &batch)
{
    Q_UNUSED(connection)
    {
        QMutexLocker lock(&m_engineMutex);
        m_engine.onSamples(batch);
    }
    wakeIfNeeded();
}

void AlertFeedSink::connectionState(const QString &connection, FeedState state, const QString &reason)
{
    Q_UNUSED(reason)
    onConnectionState(connection, state, now());
    wakeIfNeeded();
}

void AlertFeedSink::advanceTime(qint64 nowMs)
{
    QMutexLocker lock(&m_engineMutex);
    m_engine.advanceTime(nowMs);
}

void AlertFeedSink::onConnectionState(const QString &connection, FeedState state, qint64 tMs)
{
    QMutexLocker lock(&m_engineMutex);
    m_engine.onConnectionState(connection, state, tMs);
}

void AlertFeedSink::onChatMessage(const QString &room, const QString &sender, const QString &text,
                                  bool isPrivate, qint64 tMs, const QString &myNick)
{
    QMutexLocker lock(&m_engineMutex);
    m_engine.onChatMessage(room, sender, text, isPrivate, tMs, myNick);
}

void AlertFeedSink::setRules(const AlertRuleSet &rules)
{
    QMutexLocker lock(&m_engineMutex);
    m_engine.setRules(rules);
}

AlertRuleSet AlertFeedSink::rules() const
{
    QMutexLocker lock(&m_engineMutex);
    return m_engine.rules();
}

bool AlertFeedSink::setRuleEnabled(const QString &rule, bool enabled)
{
    QMutexLocker lock(&m_engineMutex);
    return m_engine.setRuleEnabled(rule, enabled);
}

bool AlertFeedSink::setRuleMuted(const QString &rule, bool muted)
{
    QMutexLocker lock(&m_engineMutex);
    return m_engine.setRuleMuted(rule, muted);
}

bool AlertFeedSink::snoozeRule(const QString &rule, qint64 untilMs)
{
    QMutexLocker lock(&m_engineMutex);
    return m_engine.snoozeRule(rule, untilMs);
}

QList<AlertEvent> AlertFeedSink::takePending()
{
    QMutexLocker lock(&m_pendingMutex);
    m_wakeSent = false;
    return std::exchange(m_pending, {});
}

void AlertFeedSink::queue(const AlertEvent &event)
{
    QMutexLocker lock(&m_pendingMutex);
    if (m_pending.size() >= MaxPendingEvents) {
        m_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    m_pending.append(event);
}

void AlertFeedSink::wakeIfNeeded()
{
    bool wake = false;
    {
        QMutexLocker lock(&m_pendingMutex);
        if (!m_pending.isEmpty() && !m_wakeSent) {
            m_wakeSent = true;
            wake = true;
        }
    }
    if (wake && m_wake)
        m_wake();
}
