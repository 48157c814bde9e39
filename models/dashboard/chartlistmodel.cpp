#include "chartlistmodel.h"

#include "chartfeeder.h"
#include "seriesstore.h"

#include <QJsonObject>
#include <cmath>

ChartListModel::ChartListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

QStringList ChartListModel::cleanSeries(const QStringList &series)
{
    QStringList out;
    for (const QString &s : series) {
        if (s.isEmpty() || s.size() > SeriesStore::MaxNameLength || out.contains(s))
            continue;
        if (out.size() >= ChartFeeder::MaxSeries)
            break;
        out.append(s);
    }
    return out;
}

void ChartListModel::changed(int row, const QList<int> &roles)
{
    Q_EMIT dataChanged(index(row), index(row), roles);
    Q_EMIT edited();
}

int ChartListModel::addChart(const QString &title, const QStringList &series)
{
    if (m_charts.size() >= MaxCharts)
        return -1;
    const int row = int(m_charts.size());
    beginInsertRows({}, row, row);
    m_charts.append(Chart{title.left(200), cleanSeries(series)});
    endInsertRows();
    Q_EMIT countChanged();
    Q_EMIT edited();
    return row;
}

void ChartListModel::removeChart(int row)
{
    if (!valid(row))
        return;
    beginRemoveRows({}, row, row);
    m_charts.removeAt(row);
    endRemoveRows();
    Q_EMIT countChanged();
    Q_EMIT edited();
}

void ChartListModel::moveChart(int from, int to)
{
    if (!valid(from) || !valid(to) || from == to)
        return;
    // beginMoveRows wants the destination as "insert before" in the old numbering.
    if (!beginMoveRows({}, from, from, {}, to > from ? to + 1 : to))
        return;
    m_charts.move(from, to);
    endMoveRows();
    Q_EMIT edited();
}

void ChartListModel::setTitle(int row, const QString &title)
{
    if (!valid(row) || m_charts.at(row).title == title.left(200))
        return;
    m_charts[row].title = title.left(200);
    changed(row, {TitleRole});
}

void ChartListModel::setSeries(int row, const QStringList &series)
{
    const QStringList clean = cleanSeries(series);
    if (!valid(row) || m_charts.at(row).series == clean)
        return;
    m_charts[row].series = clean;
    changed(row, {SeriesRole});
}

void ChartListModel::toggleSeries(int row, const QString &name)
{
    if (!valid(row))
        return;
    QStringList series = m_charts.at(row).series;
    if (series.contains(name))
        series.removeAll(name);
    else
        series.append(name);
    setSeries(row, series);
}

void ChartListModel::setAutoScale(int row, bool on)
{
    if (!valid(row) || m_charts.at(row).autoScale == on)
        return;
    m_charts[row].autoScale = on;
    changed(row, {AutoScaleRole});
}

void ChartListModel::setManualRange(int row, double min, double max)
{
    if (!valid(row) || !std::isfinite(min) || !std::isfinite(max) || min >= max)
        return;
    Chart &c = m_charts[row];
    if (c.manualMin == min && c.manualMax == max)
        return;
    c.manualMin = min;
    c.manualMax = max;
    changed(row, {ManualMinRole, ManualMaxRole});
}

QStringList ChartListModel::seriesOf(int row) const
{
    return valid(row) ? m_charts.at(row).series : QStringList{};
}

QJsonArray ChartListModel::toJson() const
{
    QJsonArray out;
    for (const Chart &c : m_charts) {
        out.append(QJsonObject{
            {QStringLiteral("title"), c.title},
            {QStringLiteral("series"), QJsonArray::fromStringList(c.series)},
            {QStringLiteral("autoScale"), c.autoScale},
            {QStringLiteral("manualMin"), c.manualMin},
            {QStringLiteral("manualMax"), c.manualMax},
        });
    }
    return out;
}

void ChartListModel::fromJson(const QJsonArray &charts)
{
    QList<Chart> loaded;
    for (const QJsonValue &v : charts) {
        if (!v.isObject() || loaded.size() >= MaxCharts)
            continue;
        const QJsonObject o = v.toObject();
        Chart c;
        c.title = o.value(QLatin1String("title")).toString().left(200);
        QStringList series;
        for (const QJsonValue &s : o.value(QLatin1String("series")).toArray())
            if (s.isString())
                series.append(s.toString());
        c.series = cleanSeries(series);
        c.autoScale = o.value(QLatin1String("autoScale")).toBool(true);
        const double lo = o.value(QLatin1String("manualMin")).toDouble(0);
        const double hi = o.value(QLatin1String("manualMax")).toDouble(100);
        if (std::isfinite(lo) && std::isfinite(hi) && lo < hi) {
            c.manualMin = lo;
            c.manualMax = hi;
        }
        loaded.append(c);
    }
    const bool countMoved = loaded.size() != m_charts.size();
    beginResetModel();
    m_charts = std::move(loaded);
    endResetModel();
    if (countMoved)
        Q_EMIT countChanged();
}

int ChartListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_charts.size());
}

QVariant ChartListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Chart &c = m_charts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole: return c.title;
    case SeriesRole: return c.series;
    case AutoScaleRole: return c.autoScale;
    case ManualMinRole: return c.manualMin;
    case ManualMaxRole: return c.manualMax;
    default: return {};
    }
}

QHash<int, QByteArray> ChartListModel::roleNames() const
{
    return {{TitleRole, "title"}, {SeriesRole, "series"}, {AutoScaleRole, "autoScale"},
            {ManualMinRole, "manualMin"}, {ManualMaxRole, "manualMax"}};
}
