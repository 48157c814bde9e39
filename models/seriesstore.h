// SeriesStore: every series' bounded history, shared by the ingest threads (writers)
// and the GUI (reader, at frame rate). Thread-safe; a single mutex guards the map and
// is held only for O(batch) appends and O(columns) decimated reads.
// Writers: FeedPipeline (one per connection, on its ingest thread).
// Readers: SeriesListModel, ChartFeeder, TickerModel (GUI thread), alert engine.
#pragma once
#include "sample.h"
#include "seriesbuffer.h"

#include <QObject>
#include <QHash>
#include <QMutex>
#include <QPointF>
#include <QStringList>
#include <QtQml/qqmlregistration.h>
#include <atomic>
#include <memory>

struct SeriesStats
{
    QString name;
    qint64 count = 0;       // points currently held
    double last = 0, first = 0, min = 0, max = 0;   // over the held history
    qint64 firstT = 0, lastT = 0;
    double ratePerSec = 0;  // samples/s over the last ~2 s
    qint64 totalAppended = 0;
};

class SeriesStore : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("SeriesStore is owned by the Dashboard")
public:
    struct Limits {
        qsizetype maxPointsPerSeries = 1'000'000;   // ring capacity per series
        qint64 maxAgeMs = 24LL * 3600 * 1000;       // points older than newest-maxAge are dropped
        int maxSeries = 10'000;                      // new series beyond this are refused (counted)
    };

    explicit SeriesStore(QObject *parent = nullptr);
    explicit SeriesStore(Limits limits, QObject *parent = nullptr);
    ~SeriesStore() override;

    Limits limits() const;

    // Writers (any thread).
    void append(const QString &series, qint64 t, double v);
    void appendBatch(const SampleBatch &batch);
    void clear();

    // Readers (any thread). Copies out, never hands out internal pointers.
    QStringList names() const;
    bool contains(const QString &series) const;
    SeriesStats stats(const QString &series) const;
    QList<SeriesStats> allStats() const;
    // Min/max-per-column decimation of [t0, t1] into at most 4*columns points (M4).
    QList<QPointF> decimated(const QString &series, qint64 t0, qint64 t1, int columns) const;
    // Raw points in [t0, t1] (for small windows, export, tests).
    QList<QPointF> points(const QString &series, qint64 t0, qint64 t1) const;

    // Increments on every append; readers poll it at frame rate to skip idle frames.
    quint64 generation() const { return m_generation.load(std::memory_order_acquire); }
    qint64 refusedSeries() const { return m_refusedSeries.load(std::memory_order_relaxed); }
    qint64 bytesUsed() const;

Q_SIGNALS:
    // Emitted (queued, at most once per new series) when a new series appears.
    void seriesAdded(const QString &name);

private:
    SeriesBuffer *bufferFor(const QString &series); // m_mutex held

    Limits m_limits;
    mutable QMutex m_mutex;
    QHash<QString, std::shared_ptr<SeriesBuffer>> m_series;
    std::atomic<quint64> m_generation{0};
    std::atomic<qint64> m_refusedSeries{0};
};
