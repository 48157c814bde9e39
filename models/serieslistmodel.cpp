#include "serieslistmodel.h"

#include <algorithm>

namespace {

bool sameValues(const SeriesStats &a, const SeriesStats &b)
{
    return a.count == b.count && a.totalAppended == b.totalAppended && a.last == b.last
        && a.min == b.min && a.max == b.max && a.ratePerSec == b.ratePerSec;
}

bool anyRate(const QList<SeriesStats> &rows)
{
    return std::any_of(rows.cbegin(), rows.cend(),
                       [](const SeriesStats &s) { return s.ratePerSec > 0; });
}

} // namespace

SeriesListModel::SeriesListModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_timer.setInterval(100);
    connect(&m_timer, &QTimer::timeout, this, &SeriesListModel::refresh);
}

void SeriesListModel::setStore(SeriesStore *store)
{
    if (m_store == store)
        return;
    m_store = store;
    m_seenGeneration = store ? store->generation() : 0;
    resetRows(store ? store->allStats() : QList<SeriesStats>{});
    if (store)
        m_timer.start();
    else
        m_timer.stop();
    Q_EMIT storeChanged();
}

void SeriesListModel::setRefreshIntervalMs(int ms)
{
    ms = std::max(ms, MinRefreshIntervalMs);
    if (ms == m_timer.interval())
        return;
    m_timer.setInterval(ms);
    Q_EMIT refreshIntervalMsChanged();
}

void SeriesListModel::resetRows(QList<SeriesStats> rows)
{
    const bool countMoved = rows.size() != m_rows.size();
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    m_anyRate = anyRate(m_rows);
    if (countMoved)
        Q_EMIT countChanged();
}

void SeriesListModel::refresh()
{
    if (!m_store) {
        if (!m_rows.isEmpty())
            resetRows({});   // the store went away
        m_timer.stop();
        return;
    }
    const quint64 generation = m_store->generation();
    if (generation == m_seenGeneration && !m_anyRate)
        return;
    // Read the generation first: appends racing with allStats() show up next tick.
    m_seenGeneration = generation;
    QList<SeriesStats> fresh = m_store->allStats();

    // Rows only ever append; anything else (clear(), refill) is a reset.
    const qsizetype oldCount = m_rows.size();
    bool reset = fresh.size() < oldCount;
    for (qsizetype i = 0; i < oldCount && !reset; ++i)
        reset = fresh.at(i).name != m_rows.at(i).name;
    if (reset) {
        resetRows(std::move(fresh));
        return;
    }

    qsizetype first = -1, last = -1;
    for (qsizetype i = 0; i < oldCount; ++i) {
        if (!sameValues(fresh.at(i), m_rows.at(i))) {
            if (first < 0)
                first = i;
            last = i;
        }
    }
    if (first >= 0) {
        for (qsizetype i = first; i <= last; ++i)
            m_rows[i] = fresh.at(i);
        Q_EMIT dataChanged(index(int(first)), index(int(last)),
                           {LastRole, MinRole, MaxRole, RateRole, CountRole});
    }
    if (fresh.size() > oldCount) {
        beginInsertRows({}, int(oldCount), int(fresh.size() - 1));
        m_rows.append(fresh.mid(oldCount));
        endInsertRows();
        Q_EMIT countChanged();
    }
    m_anyRate = anyRate(m_rows);
}

int SeriesListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant SeriesListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SeriesStats &s = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return s.name;
    case LastRole: return s.last;
    case MinRole: return s.min;
    case MaxRole: return s.max;
    case RateRole: return s.ratePerSec;
    case CountRole: return s.count;
    default: return {};
    }
}

QHash<int, QByteArray> SeriesListModel::roleNames() const
{
    return {
        {NameRole, "name"}, {LastRole, "last"}, {MinRole, "min"},
        {MaxRole, "max"}, {RateRole, "rate"}, {CountRole, "count"},
    };
}
