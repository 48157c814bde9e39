#include "alertthrottle.h"

#include <algorithm>

namespace {
AlertNotification single(const AlertEvent &e)
{
    AlertNotification n;
    n.type = AlertNotification::Type::Alert;
    n.title = e.rule;
    n.body = e.summary();
    n.severity = e.severity;
    n.rule = e.rule;
    n.kind = e.kind;
    n.source = e.source;
    n.count = 1;
    n.t = e.t;
    return n;
}
} // namespace

AlertThrottle::AlertThrottle(QObject *parent)
    : QObject(parent)
{
}

void AlertThrottle::setMaxPerMinute(int n)
{
    n = std::max(n, 1);
    if (n == m_maxPerMinute)
        return;
    m_maxPerMinute = n;
    Q_EMIT settingsChanged();
}

void AlertThrottle::setCoalesceMs(int ms)
{
    ms = std::max(ms, 0);
    if (ms == m_coalesceMs)
        return;
    m_coalesceMs = ms;
    Q_EMIT settingsChanged();
}

void AlertThrottle::onAlertEvent(const AlertEvent &event)
{
    if (event.state != AlertEvent::State::Raised)
        return;
    advanceTime(event.t);   // close windows that ended before this event

    auto it = m_windows.find(event.rule);
    if (it != m_windows.end() && m_now < it->start + m_coalesceMs) {
        ++it->repeats;
        it->last = event;
        return;
    }
    if (m_coalesceMs > 0 && m_windows.size() < MaxCoalescedRules)
        m_windows.insert(event.rule, RuleWindow{m_now, 0, event});
    offer(single(event), event);
}

void AlertThrottle::advanceTime(qint64 nowMs)
{
    if (!m_haveNow || nowMs > m_now) {
        m_haveNow = true;
        m_now = nowMs;
    }
    flushRuleWindows();
    if (m_overflowCount > 0 && slotFree()) {
        AlertNotification n;
        n.type = AlertNotification::Type::Overflow;
        n.count = m_overflowCount;
        n.title = m_overflowCount == 1 ? QStringLiteral("1 more alert")
                                       : QStringLiteral("%1 more alerts").arg(m_overflowCount);
        n.body = QStringLiteral("Latest: %1").arg(m_overflowLatest.summary());
        n.severity = m_overflowWorst;
        n.rule = m_overflowLatest.rule;
        n.kind = m_overflowLatest.kind;
        n.source = m_overflowLatest.source;
        n.t = m_now;
        m_overflowCount = 0;
        m_overflowWorst = AlertRule::Severity::Info;
        send(n);
        Q_EMIT heldBackChanged();
    }
}

// Ends every per-rule window that is over, oldest first (rule name breaks ties, so the
// order never depends on hash order). A window that saw repeats sends one Repeats
// notification and starts a new window; a quiet one is forgotten.
void AlertThrottle::flushRuleWindows()
{
    for (;;) {
        auto due = m_windows.end();
        for (auto it = m_windows.begin(); it != m_windows.end(); ++it) {
            if (it->start + m_coalesceMs > m_now)
                continue;
            if (due == m_windows.end() || it->start < due->start || (it->start == due->start && it.key() < due.key()))
                due = it;
        }
        if (due == m_windows.end())
            return;
        if (due->repeats == 0) {
            m_windows.erase(due);
            continue;
        }
        AlertNotification n = single(due->last);
        n.type = AlertNotification::Type::Repeats;
        n.count = due->repeats;
        n.title = QStringLiteral("%1: %2 more time%3").arg(due->last.rule).arg(due->repeats)
                      .arg(due->repeats == 1 ? QString() : QStringLiteral("s"));
        n.body = QStringLiteral("Raised %1 more time%2 in %3 s. Latest: %4")
                     .arg(due->repeats).arg(due->repeats == 1 ? QString() : QStringLiteral("s"))
                     .arg(m_coalesceMs / 1000).arg(due->last.summary());
        n.t = due->start + m_coalesceMs;
        const AlertEvent latest = due->last;
        due->start += m_coalesceMs;
        due->repeats = 0;
        offer(n, latest);
    }
}

// Once something is held back, later notifications join the summary instead of
// overtaking it, so the summary cannot starve.
void AlertThrottle::offer(const AlertNotification &n, const AlertEvent &latest)
{
    if (m_overflowCount == 0 && slotFree()) {
        send(n);
        return;
    }
    m_overflowCount += n.count;
    m_overflowWorst = std::max(m_overflowWorst, n.severity);
    m_overflowLatest = latest;
    Q_EMIT heldBackChanged();
}

bool AlertThrottle::slotFree()
{
    // The limit holds over any 60 s: (now - 60 s, now].
    while (!m_sent.isEmpty() && m_sent.constFirst() <= m_now - RateWindowMs)
        m_sent.removeFirst();
    return m_sent.size() < m_maxPerMinute;
}

void AlertThrottle::send(const AlertNotification &n)
{
    m_sent.append(m_now);
    Q_EMIT notificationReady(n);
}
