// ChartLegendModel: the legend rows of one chart (name, colour, last value, min, max and
// mean over the visible window; mean is NaN until ChartFeeder's background pass has it). Owned and filled by ChartFeeder at most ~10 times per second
// with one dataChanged over all rows; rows are inserted and removed as series are
// attached and detached. QML's legend delegates bind to it.
#pragma once
#include <QAbstractListModel>
#include <QColor>
#include <QtCore/qnumeric.h>
#include <QtQml/qqmlregistration.h>

class ChartLegendModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ChartLegendModel belongs to a ChartFeeder")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Role { NameRole = Qt::UserRole, ColorRole, LastRole, MinRole, MaxRole, HasDataRole, MeanRole };
    Q_ENUM(Role)

    struct Row
    {
        QString name;
        QColor color;
        double last = 0, min = 0, max = 0;
        double mean = qQNaN();
        bool hasData = false;
    };

    explicit ChartLegendModel(QObject *parent = nullptr);

    int count() const { return int(m_rows.size()); }
    const Row &row(int i) const { return m_rows.at(i); }
    int indexOf(const QString &name) const;

    void append(const QString &name, const QColor &color);
    void remove(const QString &name);
    void clear();
    // Replaces every row's values; one dataChanged when anything differs.
    void update(const QList<Row> &rows);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();

private:
    QList<Row> m_rows;
};
