// DashboardListModel: the workspace's named dashboards (the tabs above the chart pane).
// Each dashboard owns its ChartListModel and a layout ("tiled" or "stacked"); one is
// current, and Workspace::charts follows it, so the chart pane and every existing caller
// of workspace.charts work on the current tab. The Workspace owns this model, saves it in
// workspace.json ("dashboards") and migrates the old single "charts" array into one
// dashboard "Main". DashboardTabs.qml shows it.
// Bounds: at most MaxDashboards dashboards (ChartListModel::MaxCharts charts each), names
// of at most MaxNameLength characters, and one closed dashboard kept for undo.
// A transient dashboard (the command line's) is shown but not saved.
#pragma once
#include "chartlistmodel.h"

#include <QAbstractListModel>
#include <QJsonArray>
#include <QtQml/qqmlregistration.h>
#include <memory>

class DashboardListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("DashboardListModel belongs to the Workspace")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int currentIndex READ currentIndex WRITE setCurrentIndex NOTIFY currentChanged)
    Q_PROPERTY(ChartListModel *currentCharts READ currentCharts NOTIFY currentChanged)
    Q_PROPERTY(QString currentLayout READ currentLayout NOTIFY currentLayoutChanged)
    Q_PROPERTY(bool canUndoClose READ canUndoClose NOTIFY undoChanged)
    Q_PROPERTY(QString closedName READ closedName NOTIFY undoChanged)
public:
    enum Role { NameRole = Qt::UserRole, LayoutRole, ChartCountRole, CurrentRole, TransientRole };
    Q_ENUM(Role)
    static constexpr int MaxDashboards = 16;
    static constexpr int MaxNameLength = 60;

    explicit DashboardListModel(QObject *parent = nullptr);
    ~DashboardListModel() override;

    int count() const { return int(m_items.size()); }
    int currentIndex() const { return m_current; }
    void setCurrentIndex(int row);
    ChartListModel *currentCharts() const { return chartsAt(m_current); }
    QString currentLayout() const { return layoutAt(m_current); }
    bool canUndoClose() const { return bool(m_closed); }
    QString closedName() const { return m_closed ? m_closed->name : QString(); }

    Q_INVOKABLE ChartListModel *chartsAt(int row) const;
    Q_INVOKABLE QString nameAt(int row) const;
    Q_INVOKABLE QString layoutAt(int row) const;
    bool isTransient(int row) const;

    // Each returns the new row (made current), or -1 when MaxDashboards exist already.
    Q_INVOKABLE int addDashboard(const QString &name = {});
    Q_INVOKABLE int duplicate(int row);
    int addTransient(const QString &name);   // not saved (the command line's dashboard)
    // "" when renamed (spaces simplified, made unique), else why not, for the tab's editor:
    // a blank name, one over MaxNameLength characters or holding control characters is
    // refused and the old name stays.
    Q_INVOKABLE QString rename(int row, const QString &name);
    Q_INVOKABLE void setLayout(int row, const QString &layout);   // "tiled" | "stacked"
    // Closes a dashboard (never the last one); the last one closed can come back.
    Q_INVOKABLE bool close(int row);
    Q_INVOKABLE int undoClose();
    Q_INVOKABLE void move(int from, int to);
    Q_INVOKABLE void next() { setCurrentIndex((m_current + 1) % count()); }
    Q_INVOKABLE void previous() { setCurrentIndex((m_current + count() - 1) % count()); }

    QJsonArray toJson() const;               // transient dashboards left out
    // One reset. Invalid entries are skipped; an empty result gets one dashboard "Main".
    // Returns a readable note about what was skipped ("" when nothing was).
    QString fromJson(const QJsonArray &dashboards, int current);
    void fromLegacyCharts(const QJsonArray &charts);   // an old file: its charts become "Main"
    int savedCurrentIndex() const;           // the current index among saved dashboards

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();
    void currentChanged();
    void currentLayoutChanged();
    void undoChanged();
    void edited();   // anything that is saved changed (the Workspace saves, debounced)

private:
    struct Item
    {
        QString name;
        QString layout = QStringLiteral("tiled");
        ChartListModel *charts = nullptr;
        bool transient = false;
    };
    bool valid(int row) const { return row >= 0 && row < m_items.size(); }
    QString uniqueName(const QString &wanted, int exceptRow = -1) const;
    static QString cleanLayout(const QString &layout);
    ChartListModel *newCharts();
    int insert(Item item, int row);
    void resetTo(QList<Item> items, int current);

    QList<Item> m_items;
    int m_current = 0;
    std::unique_ptr<Item> m_closed;   // the last closed dashboard (undo); its charts kept alive
    int m_closedRow = -1;
};
