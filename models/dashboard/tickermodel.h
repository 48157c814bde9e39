// TickerModel: the ticker table, one row per series of a SeriesStore: last value,
// change and change % since the oldest point held, high and low over the held history,
// updates/s, a short sparkline and a flash direction the delegate animates.
// Wire rate in, frame rate out: a QTimer (refreshIntervalMs, default and minimum 100 ms,
// i.e. at most 10 Hz) polls SeriesStore::generation(); a refresh emits at most one
// beginInsertRows range (new series), one layout change (when the sort order moved) and
// one dataChanged over all rows.
// Sorting is internal (sortKey + sortOrder) so the view does not need a proxy.
// Bounds: at most MaxRows rows (further series are counted in hiddenCount); the sparkline
// holds at most SparklineColumns points over the last sparklineWindowMs of each series,
// recomputed only for rows that received samples, and at most once per
// sparklineIntervalMs (default 1 s: a one-minute line about 50 px wide moves by about a
// pixel a second). The dataChanged of a refresh names the sparkline role only when
// sparklines changed, so the delegates repaint them at that rate, not at 10 Hz.
#pragma once
#include <QAbstractListModel>
#include <QElapsedTimer>
#include <cmath>
#include <QPointer>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include "seriesstore.h"

class TickerModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(SeriesStore *store READ store WRITE setStore NOTIFY storeChanged)
    Q_PROPERTY(int refreshIntervalMs READ refreshIntervalMs WRITE setRefreshIntervalMs
                   NOTIFY refreshIntervalMsChanged)
    Q_PROPERTY(QString sortKey READ sortKey WRITE setSortKey NOTIFY sortChanged)
    Q_PROPERTY(Qt::SortOrder sortOrder READ sortOrder WRITE setSortOrder NOTIFY sortChanged)
    Q_PROPERTY(int sparklineWindowMs READ sparklineWindowMs WRITE setSparklineWindowMs
                   NOTIFY sparklineWindowMsChanged)
    Q_PROPERTY(int sparklineIntervalMs READ sparklineIntervalMs WRITE setSparklineIntervalMs
                   NOTIFY sparklineIntervalMsChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int hiddenCount READ hiddenCount NOTIFY countChanged)
public:
    enum Role { NameRole = Qt::UserRole, LastRole, ChangeRole, ChangePercentRole, HighRole,
                LowRole, RateRole, SparklineRole, FlashRole, FlashSerialRole, CountRole };
    Q_ENUM(Role)
    static constexpr int MinRefreshIntervalMs = 100;
    static constexpr int MaxRows = 2'000;
    static constexpr int SparklineColumns = 16;   // M4: at most 4 points per column
    static constexpr int MaxSparklinePoints = 4 * SparklineColumns;

    struct Row
    {
        QString name;
        double last = 0, first = 0, high = 0, low = 0, rate = 0;
        qint64 count = 0;
        qint64 total = 0;          // samples ever appended: tells whether the row moved
        qint64 lastT = 0;
        int arrival = 0;           // position in the store's arrival order (the unsorted order)
        QList<qreal> sparkline;    // x0, y0, x1, y1 ... normalised to [0, 1]
        bool sparklineStale = false;   // samples arrived since the sparkline was computed
        int flash = 0;             // +1 up, -1 down, 0 unchanged since the previous refresh
        int flashSerial = 0;       // grows on every change of last; the delegate animates on it
        double change() const { return last - first; }
        double changePercent() const { return first != 0 ? (last - first) / std::abs(first) * 100.0 : 0.0; }
    };

    explicit TickerModel(QObject *parent = nullptr);

    SeriesStore *store() const { return m_store; }
    void setStore(SeriesStore *store);
    int refreshIntervalMs() const { return m_timer.interval(); }
    void setRefreshIntervalMs(int ms);
    QString sortKey() const { return m_sortKey; }
    void setSortKey(const QString &key);      // a role name: "name", "last", "changePercent", ...
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    void setSortOrder(Qt::SortOrder order);
    int sparklineWindowMs() const { return m_sparklineWindowMs; }
    void setSparklineWindowMs(int ms);
    int sparklineIntervalMs() const { return m_sparklineIntervalMs; }
    void setSparklineIntervalMs(int ms);   // >= 0; 0 recomputes on every refresh
    int count() const { return int(m_rows.size()); }
    int hiddenCount() const { return m_hidden; }

    // Clicking a header: same key flips the order, a new key sorts ascending
    // (descending for numbers, where the largest first is what people look for).
    Q_INVOKABLE void sortBy(const QString &key);
    Q_INVOKABLE void refresh();   // the timer calls this; cheap when nothing changed

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void storeChanged();
    void refreshIntervalMsChanged();
    void sortChanged();
    void sparklineWindowMsChanged();
    void sparklineIntervalMsChanged();
    void countChanged();

private:
    void reset();
    void sortRows();
    int sortRoleFor(const QString &key) const;   // -1 arrival order, -2 not sortable
    bool lessThan(const Row &a, const Row &b) const;
    QList<qreal> sparkline(const QString &name, qint64 lastT) const;

    QPointer<SeriesStore> m_store;
    QList<Row> m_rows;               // in display (sorted) order
    QHash<QString, int> m_rowOf;     // name -> row
    QTimer m_timer;
    quint64 m_seenGeneration = 0;
    bool m_anyRate = false;
    QString m_sortKey;               // empty = arrival order
    int m_sortRole = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    int m_sparklineWindowMs = 60'000;
    int m_sparklineIntervalMs = 1000;
    QElapsedTimer m_sinceSparklines;   // since sparklines were last recomputed
    bool m_anyStale = false;           // some row's sparkline waits for the next interval
    int m_hidden = 0;
};
