// ChartListModel: which charts the chart pane shows and which series each one plots,
// with its Y-axis choice (auto-scale or a manual range). The Workspace owns it and saves
// it with the layout; the chart pane's Repeater instantiates one ChartCard per row, and
// changing one chart only signals that row (the other ChartViews are not rebuilt).
// Bounds: at most MaxCharts charts, ChartFeeder::MaxSeries series per chart, series
// names of at most 1,024 characters (SeriesStore::MaxNameLength).
#pragma once
#include <QAbstractListModel>
#include <QJsonArray>
#include <QtQml/qqmlregistration.h>

class ChartListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ChartListModel belongs to the Workspace")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Role { TitleRole = Qt::UserRole, SeriesRole, AutoScaleRole, ManualMinRole, ManualMaxRole };
    Q_ENUM(Role)
    static constexpr int MaxCharts = 8;

    struct Chart
    {
        QString title;
        QStringList series;
        bool autoScale = true;
        double manualMin = 0;
        double manualMax = 100;
    };

    explicit ChartListModel(QObject *parent = nullptr);

    int count() const { return int(m_charts.size()); }
    const Chart &chart(int row) const { return m_charts.at(row); }

    // Returns the new row, or -1 when MaxCharts charts exist already.
    Q_INVOKABLE int addChart(const QString &title, const QStringList &series = {});
    Q_INVOKABLE void removeChart(int row);
    Q_INVOKABLE void moveChart(int from, int to);
    Q_INVOKABLE void setTitle(int row, const QString &title);
    Q_INVOKABLE void setSeries(int row, const QStringList &series);
    Q_INVOKABLE void toggleSeries(int row, const QString &name);
    Q_INVOKABLE void setAutoScale(int row, bool on);
    Q_INVOKABLE void setManualRange(int row, double min, double max);
    Q_INVOKABLE QStringList seriesOf(int row) const;

    QJsonArray toJson() const;
    void fromJson(const QJsonArray &charts);   // one reset; invalid entries are skipped

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();
    void edited();   // anything changed (the Workspace saves, debounced)

private:
    bool valid(int row) const { return row >= 0 && row < m_charts.size(); }
    static QStringList cleanSeries(const QStringList &series);
    void changed(int row, const QList<int> &roles);

    QList<Chart> m_charts;
};
