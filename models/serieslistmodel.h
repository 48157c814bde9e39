// SeriesListModel: the list of series in a SeriesStore for QML (sidebar, legend,
// inspector). Wire rate in, frame rate out: a QTimer (refreshIntervalMs, default 100 ms
// = 10 Hz, never below 16 ms) polls store->generation() and, only when it moved, copies
// allStats() and emits one beginInsertRows range for new series plus one dataChanged
// over the span of changed rows. Rows keep the store's arrival order (new series are
// appended at the end; sorting is left to a proxy or to QML). While any shown rate is
// non-zero the model also refreshes without new samples, so rates decay to 0 when a
// feed goes quiet instead of freezing at their last value.
// The store is held in a QPointer: a deleted store empties the model on the next tick.
#pragma once
#include "seriesstore.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

class SeriesListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(SeriesStore *store READ store WRITE setStore NOTIFY storeChanged)
    Q_PROPERTY(int refreshIntervalMs READ refreshIntervalMs WRITE setRefreshIntervalMs
                   NOTIFY refreshIntervalMsChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Role { NameRole = Qt::UserRole, LastRole, MinRole, MaxRole, RateRole, CountRole };
    Q_ENUM(Role)
    static constexpr int MinRefreshIntervalMs = 16;

    explicit SeriesListModel(QObject *parent = nullptr);

    SeriesStore *store() const { return m_store; }
    void setStore(SeriesStore *store);
    int refreshIntervalMs() const { return m_timer.interval(); }
    void setRefreshIntervalMs(int ms);
    int count() const { return int(m_rows.size()); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Pulls the store now (the timer calls this); cheap when nothing changed.
    Q_INVOKABLE void refresh();

Q_SIGNALS:
    void storeChanged();
    void refreshIntervalMsChanged();
    void countChanged();

private:
    void resetRows(QList<SeriesStats> rows);

    QPointer<SeriesStore> m_store;
    QList<SeriesStats> m_rows;
    QTimer m_timer;
    quint64 m_seenGeneration = 0;
    bool m_anyRate = false;
};
