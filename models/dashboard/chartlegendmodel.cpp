#include "chartlegendmodel.h"

ChartLegendModel::ChartLegendModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int ChartLegendModel::indexOf(const QString &name) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).name == name)
            return i;
    }
    return -1;
}

void ChartLegendModel::append(const QString &name, const QColor &color)
{
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(Row{name, color});
    endInsertRows();
    Q_EMIT countChanged();
}

void ChartLegendModel::remove(const QString &name)
{
    const int row = indexOf(name);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    Q_EMIT countChanged();
}

void ChartLegendModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
    Q_EMIT countChanged();
}

void ChartLegendModel::update(const QList<Row> &rows)
{
    if (rows.size() != m_rows.size())
        return;   // the feeder keeps both lists in step; a mismatch is a stale frame
    bool changed = false;
    for (qsizetype i = 0; i < rows.size() && !changed; ++i) {
        const Row &a = rows.at(i);
        const Row &b = m_rows.at(i);
        changed = a.last != b.last || a.min != b.min || a.max != b.max || a.hasData != b.hasData
               || a.color != b.color || !(a.mean == b.mean || (qIsNaN(a.mean) && qIsNaN(b.mean)));
    }
    if (!changed)
        return;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        Row &r = m_rows[i];
        r.color = rows.at(i).color;
        r.last = rows.at(i).last;
        r.min = rows.at(i).min;
        r.max = rows.at(i).max;
        r.hasData = rows.at(i).hasData;
        r.mean = rows.at(i).mean;
    }
    Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1),
                       {ColorRole, LastRole, MinRole, MaxRole, HasDataRole, MeanRole});
}

int ChartLegendModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ChartLegendModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return r.name;
    case ColorRole: return r.color;
    case LastRole: return r.last;
    case MinRole: return r.min;
    case MaxRole: return r.max;
    case HasDataRole: return r.hasData;
    case MeanRole: return r.mean;
    default: return {};
    }
}

QHash<int, QByteArray> ChartLegendModel::roleNames() const
{
    return {{NameRole, "name"}, {ColorRole, "seriesColor"}, {LastRole, "last"},
            {MinRole, "min"}, {MaxRole, "max"}, {HasDataRole, "hasData"}, {MeanRole, "mean"}};
}
