#include "notificationcenter.h"

#include <QDateTime>
#include <algorithm>

NotificationCenter::NotificationCenter(QObject *parent)
    : QAbstractListModel(parent)
{
}

int NotificationCenter::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant NotificationCenter::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_entries.at(index.row());
    const AlertEvent &e = entry.event;
    switch (role) {
    case Qt::DisplayRole:
    case SummaryRole:
        return e.summary();
    case RuleRole:
        return e.rule;
    case StateRole:
        return AlertEvent::stateName(e.state);
    case SeverityRole:
        return AlertRule::severityName(e.severity);
    case KindRole:
        return AlertRule::kindName(e.kind);
    case SourceRole:
        return e.source;
    case ValueRole:
        return e.value;
    case TimeRole:
        return QDateTime::fromMSecsSinceEpoch(e.t);
    case TimeMsRole:
        return e.t;
    case DetailRole:
        return e.detail;
    case AcknowledgedRole:
        return entry.acknowledged;
    default:
        return {};
    }
}

QHash<int, QByteArray> NotificationCenter::roleNames() const
{
    return {
        {RuleRole, "rule"}, {StateRole, "alertState"}, {SeverityRole, "severity"}, {KindRole, "kind"},
        {SourceRole, "source"}, {ValueRole, "value"}, {TimeRole, "time"}, {TimeMsRole, "timeMs"},
        {DetailRole, "detail"}, {SummaryRole, "summary"}, {AcknowledgedRole, "acknowledged"},
    };
}

AlertEvent NotificationCenter::event(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries.at(row).event : AlertEvent{};
}

bool NotificationCenter::isAcknowledged(int row) const
{
    return row >= 0 && row < m_entries.size() && m_entries.at(row).acknowledged;
}

void NotificationCenter::setMaxEntries(int max)
{
    max = std::max(max, 1);
    if (max == m_maxEntries)
        return;
    m_maxEntries = max;
    if (m_entries.size() > m_maxEntries)
        makeRoom(0);
    Q_EMIT maxEntriesChanged();
}

void NotificationCenter::acknowledge(int row)
{
    if (row < 0 || row >= m_entries.size() || m_entries.at(row).acknowledged)
        return;
    m_entries[row].acknowledged = true;
    --m_unacknowledged;
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i, {AcknowledgedRole});
    Q_EMIT unacknowledgedCountChanged();
}

void NotificationCenter::acknowledgeAll()
{
    if (m_unacknowledged == 0)
        return;
    for (Entry &e : m_entries)
        e.acknowledged = true;
    m_unacknowledged = 0;
    Q_EMIT dataChanged(index(0), index(int(m_entries.size()) - 1), {AcknowledgedRole});
    Q_EMIT unacknowledgedCountChanged();
}

void NotificationCenter::clear(int row)
{
    if (row < 0 || row >= m_entries.size())
        return;
    removeRange(row, row);
}

void NotificationCenter::clearAll()
{
    if (m_entries.isEmpty())
        return;
    const bool hadUnacknowledged = m_unacknowledged > 0;
    beginResetModel();
    m_entries.clear();
    m_unacknowledged = 0;
    endResetModel();
    Q_EMIT countChanged();
    if (hadUnacknowledged)
        Q_EMIT unacknowledgedCountChanged();
}

void NotificationCenter::addEvent(const AlertEvent &event)
{
    addEvents({event});
}

void NotificationCenter::addEvents(const QList<AlertEvent> &events)
{
    if (events.isEmpty())
        return;
    // Only the newest maxEntries of a batch could survive anyway.
    const int n = int(std::min<qsizetype>(events.size(), m_maxEntries));
    const qsizetype from = events.size() - n;
    makeRoom(n);
    beginInsertRows(QModelIndex(), 0, n - 1);
    QList<Entry> fresh;
    fresh.reserve(n + m_entries.size());
    for (qsizetype i = events.size() - 1; i >= from; --i)
        fresh.append(Entry{events.at(i), false});
    fresh.append(m_entries);
    m_entries = std::move(fresh);
    m_unacknowledged += n;
    endInsertRows();
    Q_EMIT countChanged();
    Q_EMIT unacknowledgedCountChanged();
}

// Removes rows so that `needed` more fit under the bound: acknowledged entries from the
// bottom (oldest) up first, in contiguous runs, then the oldest remaining entries.
void NotificationCenter::makeRoom(int needed)
{
    int excess = int(m_entries.size()) + needed - m_maxEntries;
    for (int row = int(m_entries.size()) - 1; row >= 0 && excess > 0;) {
        if (!m_entries.at(row).acknowledged) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && m_entries.at(first - 1).acknowledged && row - first + 1 < excess)
            --first;
        removeRange(first, row);
        excess -= row - first + 1;
        row = first - 1;
    }
    if (excess > 0)
        removeRange(int(m_entries.size()) - excess, int(m_entries.size()) - 1);
}

void NotificationCenter::removeRange(int first, int last)
{
    int unacknowledged = 0;
    for (int i = first; i <= last; ++i)
        unacknowledged += m_entries.at(i).acknowledged ? 0 : 1;
    beginRemoveRows(QModelIndex(), first, last);
    m_entries.remove(first, last - first + 1);
    m_unacknowledged -= unacknowledged;
    endRemoveRows();
    Q_EMIT countChanged();
    if (unacknowledged > 0)
        Q_EMIT unacknowledgedCountChanged();
}
