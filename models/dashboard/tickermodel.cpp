#include "tickermodel.h"

#include "seriesstore.h"

#include <algorithm>
#include <numeric>

TickerModel::TickerModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_timer.setInterval(MinRefreshIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &TickerModel::refresh);
}

void TickerModel::setStore(SeriesStore *store)
{
    if (m_store == store)
        return;
    m_store = store;
    reset();
    if (store) {
        m_timer.start();
        refresh();
    } else {
        m_timer.stop();
    }
    Q_EMIT storeChanged();
}

void TickerModel::setRefreshIntervalMs(int ms)
{
    ms = std::max(ms, MinRefreshIntervalMs);
    if (ms == m_timer.interval())
        return;
    m_timer.setInterval(ms);
    Q_EMIT refreshIntervalMsChanged();
}

int TickerModel::sortRoleFor(const QString &key) const
{
    if (key.isEmpty())
        return -1;   // arrival order
    const int role = roleNames().key(key.toUtf8(), -2);
    return role == SparklineRole || role == FlashSerialRole ? -2 : role;
}

void TickerModel::setSortKey(const QString &key)
{
    const int role = sortRoleFor(key);
    if (role == -2 || key == m_sortKey)
        return;   // not a sortable column, or no change
    m_sortKey = key;
    m_sortRole = role;
    sortRows();
    Q_EMIT sortChanged();
}

void TickerModel::setSortOrder(Qt::SortOrder order)
{
    if (order == m_sortOrder)
        return;
    m_sortOrder = order;
    sortRows();
    Q_EMIT sortChanged();
}

void TickerModel::sortBy(const QString &key)
{
    if (key == m_sortKey) {
        setSortOrder(m_sortOrder == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder);
        return;
    }
    const int role = sortRoleFor(key);
    if (role == -2)
        return;
    m_sortKey = key;
    m_sortRole = role;
    // Names read best A to Z; for numbers the largest first is what people look for.
    m_sortOrder = role == NameRole || role < 0 ? Qt::AscendingOrder : Qt::DescendingOrder;
    sortRows();
    Q_EMIT sortChanged();
}

void TickerModel::setSparklineWindowMs(int ms)
{
    ms = std::clamp(ms, 1000, 24 * 3600 * 1000);
    if (ms == m_sparklineWindowMs)
        return;
    m_sparklineWindowMs = ms;
    for (Row &r : m_rows)
        r.sparklineStale = true;   // recompute every sparkline on the next refresh
    m_anyStale = !m_rows.isEmpty();
    m_sinceSparklines.invalidate();
    m_seenGeneration = 0;
    Q_EMIT sparklineWindowMsChanged();
}

void TickerModel::setSparklineIntervalMs(int ms)
{
    ms = std::max(ms, 0);
    if (ms == m_sparklineIntervalMs)
        return;
    m_sparklineIntervalMs = ms;
    Q_EMIT sparklineIntervalMsChanged();
}

void TickerModel::reset()
{
    const bool countMoved = !m_rows.isEmpty() || m_hidden != 0;
    beginResetModel();
    m_rows.clear();
    m_rowOf.clear();
    m_hidden = 0;
    m_anyRate = false;
    m_seenGeneration = 0;
    endResetModel();
    if (countMoved)
        Q_EMIT countChanged();
}

QList<qreal> TickerModel::sparkline(const QString &name, qint64 lastT) const
{
    const qint64 t0 = lastT - m_sparklineWindowMs;
    const QList<QPointF> pts = m_store->decimated(name, t0, lastT, SparklineColumns);
    QList<qreal> out;
    if (pts.isEmpty())
        return out;
    double lo = pts.constFirst().y(), hi = lo;
    for (const QPointF &p : pts) {
        lo = std::min(lo, p.y());
        hi = std::max(hi, p.y());
    }
    const double span = hi - lo;
    out.reserve(pts.size() * 2);
    for (const QPointF &p : pts) {
        out.append((p.x() - double(t0)) / double(m_sparklineWindowMs));
        out.append(span > 0 ? (p.y() - lo) / span : 0.5);
    }
    return out;
}

void TickerModel::refresh()
{
    if (!m_store) {
        if (!m_rows.isEmpty())
            reset();
        m_timer.stop();
        return;
    }
    const quint64 generation = m_store->generation();
    if (generation == m_seenGeneration && !m_anyRate && !m_anyStale)
        return;
    m_seenGeneration = generation;
    const QList<SeriesStats> all = m_store->allStats();   // arrival order

    // The store only ever appends series; anything else (clear) starts over.
    bool startOver = false;
    for (const Row &r : std::as_const(m_rows)) {
        startOver = r.arrival >= all.size() || all.at(r.arrival).name != r.name;
        if (startOver)
            break;
    }
    if (startOver) {
        reset();
        m_seenGeneration = generation;
    }

    bool changed = false;
    bool sparklinesChanged = false;
    const bool sparklinesDue = !m_sinceSparklines.isValid()
        || m_sinceSparklines.elapsed() >= m_sparklineIntervalMs;
    m_anyRate = false;
    m_anyStale = false;
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const SeriesStats &s = all.at(m_rows.at(i).arrival);
        Row &r = m_rows[i];
        if (s.totalAppended != r.total) {
            if (s.last != r.last) {
                r.flash = s.last > r.last ? 1 : -1;
                ++r.flashSerial;
            }
            r.total = s.totalAppended;
            r.sparklineStale = true;
            changed = true;
        }
        if (r.sparklineStale && sparklinesDue) {
            r.sparkline = sparkline(s.name, s.lastT);
            r.sparklineStale = false;
            sparklinesChanged = true;
        }
        m_anyStale = m_anyStale || r.sparklineStale;
        if (r.last != s.last || r.first != s.first || r.high != s.max || r.low != s.min
            || r.rate != s.ratePerSec || r.count != s.count)
            changed = true;
        r.last = s.last;
        r.first = s.first;
        r.high = s.max;
        r.low = s.min;
        r.rate = s.ratePerSec;
        r.count = s.count;
        r.lastT = s.lastT;
        m_anyRate = m_anyRate || r.rate > 0;
    }

    const qsizetype visible = std::min<qsizetype>(all.size(), MaxRows);
    const int hidden = int(all.size() - visible);
    const bool countMoved = visible != m_rows.size() || hidden != m_hidden;
    if (visible > m_rows.size()) {
        const qsizetype from = m_rows.size();
        beginInsertRows({}, int(from), int(visible - 1));
        for (qsizetype i = from; i < visible; ++i) {
            const SeriesStats &s = all.at(i);
            Row r;
            r.name = s.name;
            r.last = s.last;
            r.first = s.first;
            r.high = s.max;
            r.low = s.min;
            r.rate = s.ratePerSec;
            r.count = s.count;
            r.total = s.totalAppended;
            r.lastT = s.lastT;
            r.arrival = int(i);
            r.sparkline = sparkline(s.name, s.lastT);
            m_anyRate = m_anyRate || r.rate > 0;
            m_rowOf.insert(r.name, int(m_rows.size()));
            m_rows.append(std::move(r));
        }
        endInsertRows();
    }
    m_hidden = hidden;
    if (countMoved)
        Q_EMIT countChanged();
    sortRows();
    if (sparklinesChanged)
        m_sinceSparklines.start();
    if (!m_rows.isEmpty() && sparklinesChanged) {
        Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1));
    } else if (!m_rows.isEmpty() && changed) {
        // Everything but the sparkline: its delegate repaints only when it changed.
        static const QList<int> valueRoles{NameRole, LastRole, ChangeRole, ChangePercentRole,
                                           HighRole, LowRole, RateRole, FlashRole,
                                           FlashSerialRole, CountRole};
        Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1), valueRoles);
    }
}

bool TickerModel::lessThan(const Row &a, const Row &b) const
{
    switch (m_sortRole) {
    case NameRole: {
        const int c = a.name.compare(b.name, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : a.name < b.name;
    }
    case LastRole: return a.last < b.last;
    case ChangeRole: return a.change() < b.change();
    case ChangePercentRole: return a.changePercent() < b.changePercent();
    case HighRole: return a.high < b.high;
    case LowRole: return a.low < b.low;
    case RateRole: return a.rate < b.rate;
    case FlashRole: return a.flash < b.flash;
    case CountRole: return a.count < b.count;
    default: return a.arrival < b.arrival;
    }
}

void TickerModel::sortRows()
{
    const int n = int(m_rows.size());
    QList<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    const bool descending = m_sortOrder == Qt::DescendingOrder && m_sortRole >= 0;
    std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
        const Row &a = m_rows.at(x);
        const Row &b = m_rows.at(y);
        if (descending ? lessThan(b, a) : lessThan(a, b))
            return true;
        if (descending ? lessThan(a, b) : lessThan(b, a))
            return false;
        return a.arrival < b.arrival;   // ties keep a stable, predictable order
    });
    bool identity = true;
    for (int i = 0; i < n && identity; ++i)
        identity = order.at(i) == i;
    if (identity)
        return;

    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    QList<int> newRowOf(n);
    QList<Row> sorted;
    sorted.reserve(n);
    for (int i = 0; i < n; ++i) {
        newRowOf[order.at(i)] = i;
        sorted.append(std::move(m_rows[order.at(i)]));
    }
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex &idx : from)
        to.append(index(newRowOf.at(idx.row()), idx.column()));
    changePersistentIndexList(from, to);
    m_rows = std::move(sorted);
    m_rowOf.clear();
    for (int i = 0; i < n; ++i)
        m_rowOf.insert(m_rows.at(i).name, i);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

int TickerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant TickerModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return r.name;
    case LastRole: return r.last;
    case ChangeRole: return r.change();
    case ChangePercentRole: return r.changePercent();
    case HighRole: return r.high;
    case LowRole: return r.low;
    case RateRole: return r.rate;
    case SparklineRole: return QVariant::fromValue(r.sparkline);
    case FlashRole: return r.flash;
    case FlashSerialRole: return r.flashSerial;
    case CountRole: return r.count;
    default: return {};
    }
}

QHash<int, QByteArray> TickerModel::roleNames() const
{
    return {
        {NameRole, "name"}, {LastRole, "last"}, {ChangeRole, "change"},
        {ChangePercentRole, "changePercent"}, {HighRole, "high"}, {LowRole, "low"},
        {RateRole, "rate"}, {SparklineRole, "sparkline"}, {FlashRole, "flash"},
        {FlashSerialRole, "flashSerial"}, {CountRole, "count"},
    };
}
