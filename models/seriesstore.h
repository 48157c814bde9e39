// SeriesStore: every series' bounded history, shared by the ingest threads (writers)
// and the GUI (reader, at frame rate). Thread-safe; a single mutex guards the map and
// is held only for O(batch) appends and decimated reads that cost
// O(columns * log n + n/64) (about 2 ms for 1M points into 1000 columns, Debug build).
// Writers: FeedPipeline (one per connection, on its ingest thread).
// Readers: SeriesListModel, ChartFeeder, TickerModel (GUI thread), alert engine.
//
// Bounds and refusals (documented, tested in tst_seriesstore):
//  - maxPointsPerSeries / maxAgeMs bound each SeriesBuffer (see seriesbuffer.h);
//  - at most maxSeries series: a sample for a new series beyond that is refused and
//    counted in refusedSeries() (per refused sample, not per distinct name);
//  - non-finite values (NaN, +-inf) and unusable names (empty, or longer than
//    MaxNameLength) are refused and counted in refusedInvalid().
// Series are kept in arrival order: names() and allStats() list them in the order
// they first appeared, so a list model can append new rows at the end.
#pragma once
#include "sample.h"
#include "seriesbuffer.h"
#include "seriesview.h"

#include <QObject>
#include <QHash>
#include <QMutex>
#include <QPointF>
#include <QStringList>
#include <QtQml/qqmlregistration.h>
#include <QElapsedTimer>
#include <atomic>
#include <functional>
#include <limits>
#include <vector>
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

    static constexpr qsizetype MaxNameLength = 1024;

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
    // Brings a chart's cached picture of `series` up to date (see seriesview.h): only
    // the columns that changed since its last update are computed. Returns false and
    // clears the view when the series does not exist.
    bool updateView(const QString &series, SeriesView &view) const;
    // Raw points in [t0, t1] (for small windows, tests).
    QList<QPointF> points(const QString &series, qint64 t0, qint64 t1) const;
    // Export reads a long history in bounded chunks, so the lock is held for one chunk
    // at a time (copyChunk; ~1 ms per 64k points). The cursor is the time of the last
    // point taken and how many points at exactly that time were taken, so a chunk edge
    // inside equal timestamps neither repeats nor drops a point, and evicting older
    // points between chunks does not move it.
    struct ChunkCursor { qint64 t = std::numeric_limits<qint64>::min(); qsizetype taken = 0; };
    // Copies into *out (cleared first) at most maxPoints points with time <= t1 that come
    // after *cursor, and advances it. Returns false when the series does not exist.
    bool copyChunk(const QString &series, qint64 t1, ChunkCursor *cursor, qsizetype maxPoints,
                   std::vector<SeriesBuffer::Point> *out) const;
    // Points held with time in [t0, t1] (0 when the series does not exist).
    qsizetype countPoints(const QString &series, qint64 t0, qint64 t1) const;

    int seriesCount() const;

    // Grows by the number of stored samples on every append (and by one on clear());
    // readers poll it at frame rate to skip idle frames.
    quint64 generation() const { return m_generation.load(std::memory_order_acquire); }
    qint64 refusedSeries() const { return m_refusedSeries.load(std::memory_order_relaxed); }
    qint64 refusedInvalid() const { return m_refusedInvalid.load(std::memory_order_relaxed); }
    qint64 bytesUsed() const;

    // Monotonic milliseconds used for ratePerSec. Tests inject a fake clock; the
    // default is a steady clock started with the store. Call before any append.
    using Clock = std::function<qint64()>;
    void setClock(Clock clock);

Q_SIGNALS:
    // Emitted once per new series, from the writer's thread after the mutex is released
    // (receivers on the GUI thread get it queued through the default AutoConnection).
    void seriesAdded(const QString &name);

private:
    struct Entry;
    // m_mutex held. Returns nullptr (and counts) when the sample is refused; appends
    // the name to *added when the series is new.
    Entry *entryFor(const QString &series, QStringList *added);
    bool appendLocked(const QString &series, qint64 t, double v, qint64 now, QStringList *added);
    SeriesStats statsLocked(const Entry &e, qint64 now) const;
    qint64 now() const;

    Limits m_limits;
    mutable QMutex m_mutex;
    QHash<QString, std::shared_ptr<Entry>> m_series;
    QList<std::shared_ptr<Entry>> m_order;   // arrival order
    Clock m_clock;
    QElapsedTimer m_elapsed;
    std::atomic<quint64> m_generation{0};
    std::atomic<qint64> m_refusedSeries{0};
    std::atomic<qint64> m_refusedInvalid{0};
};
