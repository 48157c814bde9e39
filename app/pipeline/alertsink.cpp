#include "alertsink.h"

#include <QDateTime>
#include <QMutexLocker>

AlertSink::AlertSink(const AlertRuleSet &rules, SampleSink *next, std::function<void(const AlertEvent &)> onEvent)
    : m_next(next)
{
    m_engine.setRules(rules);
    QObject::connect(&m_engine, &AlertEngine::alertEvent, &m_engine,
                     [onEvent = std::move(onEvent)](const AlertEvent &e) { onEvent(e); }, Qt::DirectConnection);
}

AlertSink::~AlertSink() = default;

void AlertSink::consume(const QString &connection, const SampleBatch &batch)
{
    {
        QMutexLocker lock(&m_mutex);
        m_engine.onSamples(batch);
    }
    if (m_next)
        m_next->consume(connection, batch);
}

void AlertSink::connectionState(const QString &connection, FeedState state, const QString &reason)
{
    {
        QMutexLocker lock(&m_mutex);
        m_engine.onConnectionState(connection, state, QDateTime::currentMSecsSinceEpoch());
    }
    if (m_next)
        m_next->connectionState(connection, state, reason);
}

void AlertSink::advanceTime(qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    m_engine.advanceTime(nowMs);
}
