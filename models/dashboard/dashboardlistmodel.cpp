#include "dashboardlistmodel.h"

#include <QJsonObject>
#include <algorithm>

DashboardListModel::DashboardListModel(QObject *parent)
    : QAbstractListModel(parent)
{
    // Never empty: Workspace::charts always has a current dashboard to point at.
    Item main;
    main.name = QStringLiteral("Main");
    main.charts = newCharts();
    m_items.append(main);
}

DashboardListModel::~DashboardListModel() = default;

ChartListModel *DashboardListModel::newCharts()
{
    auto *charts = new ChartListModel(this);
    connect(charts, &ChartListModel::edited, this, &DashboardListModel::edited);
    connect(charts, &ChartListModel::countChanged, this, [this, charts] {
        for (int i = 0; i < m_items.size(); ++i)
            if (m_items.at(i).charts == charts)
                Q_EMIT dataChanged(index(i), index(i), {ChartCountRole});
    });
    return charts;
}

void DashboardListModel::setCurrentIndex(int row)
{
    if (!valid(row) || row == m_current)
        return;
    const int old = m_current;
    const QString oldLayout = currentLayout();
    m_current = row;
    Q_EMIT dataChanged(index(old), index(old), {CurrentRole});
    Q_EMIT dataChanged(index(row), index(row), {CurrentRole});
    Q_EMIT currentChanged();
    if (oldLayout != currentLayout())
        Q_EMIT currentLayoutChanged();
    Q_EMIT edited();
}

ChartListModel *DashboardListModel::chartsAt(int row) const
{
    return valid(row) ? m_items.at(row).charts : nullptr;
}

QString DashboardListModel::nameAt(int row) const
{
    return valid(row) ? m_items.at(row).name : QString();
}

QString DashboardListModel::layoutAt(int row) const
{
    return valid(row) ? m_items.at(row).layout : QString();
}

bool DashboardListModel::isTransient(int row) const
{
    return valid(row) && m_items.at(row).transient;
}

QString DashboardListModel::cleanLayout(const QString &layout)
{
    return layout == QLatin1String("stacked") ? layout : QStringLiteral("tiled");
}

QString DashboardListModel::uniqueName(const QString &wanted, int exceptRow) const
{
    QString base = wanted.simplified().left(MaxNameLength);
    if (base.isEmpty())
        base = tr("Dashboard");
    QString name = base;
    for (int n = 2;; ++n) {
        bool taken = false;
        for (int i = 0; i < m_items.size() && !taken; ++i)
            taken = i != exceptRow && m_items.at(i).name == name;
        if (!taken)
            return name;
        name = QStringLiteral("%1 %2").arg(base.left(MaxNameLength - 4)).arg(n);
    }
}

int DashboardListModel::insert(Item item, int row)
{
    if (m_items.size() >= MaxDashboards) {
        if (item.charts)
            item.charts->deleteLater();
        return -1;
    }
    row = qBound(0, row, int(m_items.size()));
    beginInsertRows({}, row, row);
    m_items.insert(row, item);
    if (m_current >= row)
        ++m_current;   // the same dashboard stays current until we switch below
    endInsertRows();
    Q_EMIT countChanged();
    if (!item.transient)
        Q_EMIT edited();
    setCurrentIndex(row);
    return row;
}

int DashboardListModel::addDashboard(const QString &name)
{
    if (m_items.size() >= MaxDashboards)
        return -1;
    Item item;
    item.name = uniqueName(name);
    item.charts = newCharts();
    return insert(item, int(m_items.size()));
}

int DashboardListModel::addTransient(const QString &name)
{
    if (m_items.size() >= MaxDashboards)
        return -1;
    Item item;
    item.name = uniqueName(name);
    item.charts = newCharts();
    item.transient = true;
    return insert(item, int(m_items.size()));
}

int DashboardListModel::duplicate(int row)
{
    if (!valid(row) || m_items.size() >= MaxDashboards)
        return -1;
    const Item &from = m_items.at(row);
    Item item;
    item.name = uniqueName(tr("%1 copy").arg(from.name));
    item.layout = from.layout;
    item.charts = newCharts();
    item.charts->fromJson(from.charts->toJson());
    return insert(item, row + 1);
}

QString DashboardListModel::rename(int row, const QString &name)
{
    if (!valid(row))
        return tr("There is no such dashboard.");
    const QString simple = name.simplified();
    if (simple.isEmpty())
        return tr("A dashboard needs a name.");
    if (simple.size() > MaxNameLength)
        return tr("A dashboard name has at most %1 characters (this one has %2).").arg(MaxNameLength).arg(simple.size());
    if (std::any_of(name.cbegin(), name.cend(), [](QChar c) { return c.category() == QChar::Other_Control; }))
        return tr("A dashboard name cannot hold control characters (tabs, line breaks and the like).");
    const QString clean = uniqueName(simple, row);
    if (clean == m_items.at(row).name)
        return QString();
    m_items[row].name = clean;
    m_items[row].transient = false;   // named by the user: worth keeping
    Q_EMIT dataChanged(index(row), index(row), {NameRole, TransientRole});
    Q_EMIT edited();
    return QString();
}

void DashboardListModel::setLayout(int row, const QString &layout)
{
    if (!valid(row) || m_items.at(row).layout == cleanLayout(layout))
        return;
    m_items[row].layout = cleanLayout(layout);
    Q_EMIT dataChanged(index(row), index(row), {LayoutRole});
    if (row == m_current)
        Q_EMIT currentLayoutChanged();
    Q_EMIT edited();
}

bool DashboardListModel::close(int row)
{
    if (!valid(row) || m_items.size() <= 1)
        return false;
    const QString oldLayout = currentLayout();
    const bool wasCurrent = row == m_current;
    // Switch away first, so the pane never shows a model that is going away.
    if (wasCurrent)
        setCurrentIndex(row + 1 < m_items.size() ? row + 1 : row - 1);
    beginRemoveRows({}, row, row);
    Item item = m_items.takeAt(row);
    if (m_current > row)
        --m_current;
    endRemoveRows();
    if (m_closed)
        m_closed->charts->deleteLater();   // only the last close can be undone (bounded)
    m_closed = std::make_unique<Item>(item);
    m_closedRow = row;
    Q_EMIT countChanged();
    Q_EMIT undoChanged();
    if (oldLayout != currentLayout())
        Q_EMIT currentLayoutChanged();
    Q_EMIT edited();
    return true;
}

int DashboardListModel::undoClose()
{
    if (!m_closed || m_items.size() >= MaxDashboards)
        return -1;
    Item item = *m_closed;
    m_closed.reset();
    Q_EMIT undoChanged();
    item.name = uniqueName(item.name);
    return insert(item, m_closedRow);
}

void DashboardListModel::move(int from, int to)
{
    if (!valid(from) || !valid(to) || from == to)
        return;
    if (!beginMoveRows({}, from, from, {}, to > from ? to + 1 : to))
        return;
    ChartListModel *current = currentCharts();
    m_items.move(from, to);
    for (int i = 0; i < m_items.size(); ++i)
        if (m_items.at(i).charts == current)
            m_current = i;
    endMoveRows();
    Q_EMIT edited();
}

QJsonArray DashboardListModel::toJson() const
{
    QJsonArray out;
    for (const Item &item : m_items) {
        if (item.transient)
            continue;
        out.append(QJsonObject{{QStringLiteral("name"), item.name},
                               {QStringLiteral("layout"), item.layout},
                               {QStringLiteral("charts"), item.charts->toJson()}});
    }
    return out;
}

int DashboardListModel::savedCurrentIndex() const
{
    int saved = 0;
    for (int i = 0; i < m_current && i < m_items.size(); ++i)
        if (!m_items.at(i).transient)
            ++saved;
    return isTransient(m_current) ? 0 : saved;
}

void DashboardListModel::resetTo(QList<Item> items, int current)
{
    const bool countMoved = items.size() != m_items.size();
    beginResetModel();
    for (const Item &old : std::as_const(m_items))
        old.charts->deleteLater();   // QML may still hold it until currentChanged lands
    m_items = std::move(items);
    m_current = qBound(0, current, int(m_items.size()) - 1);
    endResetModel();
    if (m_closed) {   // another workspace's dashboard is not this one's to bring back
        m_closed->charts->deleteLater();
        m_closed.reset();
        Q_EMIT undoChanged();
    }
    if (countMoved)
        Q_EMIT countChanged();
    Q_EMIT currentChanged();
    Q_EMIT currentLayoutChanged();
}

QString DashboardListModel::fromJson(const QJsonArray &dashboards, int current)
{
    QList<Item> items;
    int skipped = 0;
    for (const QJsonValue &v : dashboards) {
        const QJsonObject o = v.toObject();
        if (!v.isObject() || items.size() >= MaxDashboards || !o.value(QLatin1String("charts")).isArray()) {
            ++skipped;
            continue;
        }
        Item item;
        QString name = o.value(QLatin1String("name")).toString().simplified().left(MaxNameLength);
        if (name.isEmpty())
            name = tr("Dashboard");
        for (int n = 2; std::any_of(items.begin(), items.end(), [&](const Item &i) { return i.name == name; }); ++n)
            name = QStringLiteral("%1 %2").arg(name.left(MaxNameLength - 4)).arg(n);
        item.name = name;
        item.layout = cleanLayout(o.value(QLatin1String("layout")).toString());
        item.charts = newCharts();
        item.charts->fromJson(o.value(QLatin1String("charts")).toArray());
        items.append(item);
    }
    if (items.isEmpty()) {
        Item main;
        main.name = QStringLiteral("Main");
        main.charts = newCharts();
        items.append(main);
    }
    resetTo(items, current);
    return skipped == 0 ? QString()
                        : tr("%n dashboard(s) could not be read (not an object with a charts list, or over "
                             "the limit of %1) and were left out.", nullptr, skipped).arg(MaxDashboards);
}

void DashboardListModel::fromLegacyCharts(const QJsonArray &charts)
{
    Item main;
    main.name = QStringLiteral("Main");
    main.charts = newCharts();
    main.charts->fromJson(charts);
    resetTo({main}, 0);
}

int DashboardListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant DashboardListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Item &item = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return item.name;
    case LayoutRole: return item.layout;
    case ChartCountRole: return item.charts->count();
    case CurrentRole: return index.row() == m_current;
    case TransientRole: return item.transient;
    default: return {};
    }
}

QHash<int, QByteArray> DashboardListModel::roleNames() const
{
    return {{NameRole, "name"}, {LayoutRole, "layout"}, {ChartCountRole, "chartCount"},
            {CurrentRole, "current"}, {TransientRole, "isTransient"}};
}
