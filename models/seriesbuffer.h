// SeriesBuffer: one series' history as a fixed-capacity ring of (t, v) points,
// 16 bytes per point, bounded by count and by age. Not thread-safe: SeriesStore
// guards it. Provides time-window queries (binary search; timestamps are kept
// non-decreasing) and M4 decimation (first/min/max/last per pixel column).
//
// Bounds (documented, tested in tst_seriesbuffer):
//  - at most capacity() points (clamped to >= 1); the oldest is evicted first;
//  - points with t < newest.t - maxAgeMs are evicted on append (maxAgeMs <= 0: no age bound);
//  - memory grows by 1.5x with use (a 3-point series does not allocate the full
//    capacity) up to 16 bytes/point plus a 24-byte summary per 64-point block and a
//    24-byte summary per 4096-point block (~16.4 B/point full; <= ~24.6 B/point right
//    after a growth step, ~20 B/point on average while growing).
// Decimation cost depends on the number of columns, not on history: column edges are
// found by an interpolation-guided search near the previous edge, and each column's
// min/max comes from 4096-point and 64-point summaries with only the edges scanned.
// Out-of-order timestamps are clamped to the newest held timestamp, so binary search
// by time stays valid; the value is kept. Non-finite values are refused (append()
// returns false) because they would poison min/max and the chart's axis range.
#pragma once
#include <QList>
#include <QPointF>
#include <QtGlobal>
#include <utility>
#include <vector>

class SeriesBuffer
{
public:
    struct Point { qint64 t; double v; };   // 16 bytes

    // Upper bound on decimation columns (a plot wider than this gets this many).
    static constexpr int MaxColumns = 100'000;

    explicit SeriesBuffer(qsizetype capacity, qint64 maxAgeMs);

    bool append(qint64 t, double v);    // t earlier than the newest point is clamped to it
    void clear();

    qsizetype size() const { return m_size; }
    qsizetype capacity() const { return m_capacity; }
    qint64 maxAgeMs() const { return m_maxAgeMs; }
    bool isEmpty() const { return m_size == 0; }
    Point at(qsizetype i) const         // 0 = oldest; i must be in [0, size())
    {
        Q_ASSERT(i >= 0 && i < m_size);
        return m_ring[physical(i)];
    }
    Point first() const;                // {0, 0} when empty
    Point last() const;                 // {0, 0} when empty

    // Index range [begin, end) of points with t in [t0, t1] (empty when t1 < t0).
    std::pair<qsizetype, qsizetype> range(qint64 t0, qint64 t1) const;
    QList<QPointF> points(qint64 t0, qint64 t1) const;
    // M4 decimation of [t0, t1] split into `columns` equal time columns (see
    // columnStart()). Per non-empty column: first, min, max, last, deduplicated and in
    // time order, so at most 4*columns points. A window holding <= 4*columns points is
    // returned raw. columns < 1 gives an empty list; columns > MaxColumns is clamped.
    QList<QPointF> decimated(qint64 t0, qint64 t1, int columns) const;
    // First timestamp of column k (0 <= k <= columns) when [t0, t1] is split into
    // `columns` columns: column k holds t in [columnStart(k), columnStart(k+1)), the
    // last column also holds t1. Overflow-free for any t0 <= t1.
    static qint64 columnStart(qint64 t0, qint64 t1, int columns, int k);

    // Running min/max over held points (recomputed lazily after evictions, from the
    // block summaries, so O(size/4096 + 256)). NaN when empty.
    double min() const;
    double max() const;
    qint64 totalAppended() const { return m_total; }
    qint64 bytesUsed() const;

    // Identity of the held history: unique per buffer in the process, renewed by clear().
    // A cache of derived data (SeriesView) is stale when the id changed.
    quint64 id() const { return m_id; }
    // Incremental queries for SeriesView (indices as for at()):
    // first i in [from, to] with at(i).t >= t (to when none); probes near an interpolated
    // guess, so O(1) probes on evenly spaced data, O(log) worst case.
    qsizetype lowerBoundFrom(qint64 t, qsizetype from, qsizetype to) const
    {
        return lowerBoundNear(t, from, to);
    }
    // The same, for a caller walking forward whose answer is near `from` (a chart's next
    // column): probes from + stride, from + 3 * stride, ... (doubling) until one is >= t,
    // then interpolates inside that bracket. Interpolating over [from, to] instead misses
    // badly when the points are unevenly spaced (a burst, a dense recent tail), and every
    // miss is a galloping search with cache misses far from `from`. Needs at(from - 1).t
    // < t (or from == 0): it never looks back.
    qsizetype lowerBoundAhead(qint64 t, qsizetype from, qsizetype to, qsizetype stride) const;
    // Indices of the (first) minimum and maximum value in [begin, end), begin < end;
    // O((end - begin)/4096 + 256) through the block summaries.
    std::pair<qsizetype, qsizetype> minMaxIndex(qsizetype begin, qsizetype end) const;

private:
    static constexpr qsizetype BlockSize = 64;
    static constexpr qsizetype CoarseSize = 4096;   // 64 blocks
    static constexpr qsizetype BlocksPerCoarse = CoarseSize / BlockSize;
    // Min/max summary of BlockSize physical ring slots. Valid only when filled ==
    // BlockSize: ring writes are sequential, and writing a block's first slot resets it.
    struct Block { double min; double max; quint8 minOff; quint8 maxOff; quint8 filled; };
    // Min/max summary of CoarseSize physical slots, computed from its 64 blocks when the
    // last one completes; invalidated when any of its blocks restarts.
    struct Coarse { double min; double max; quint16 minOff; quint16 maxOff; bool valid; };

    qsizetype physical(qsizetype i) const
    {
        const qsizetype p = m_head + i;
        const qsizetype n = qsizetype(m_ring.size());
        return p >= n ? p - n : p;
    }
    qsizetype lowerBound(qint64 t, qsizetype from, qsizetype to) const; // first i with at(i).t >= t
    // Same result as lowerBound, probing first near an interpolated guess (O(1) probes on
    // evenly spaced data, O(log) worst case).
    qsizetype lowerBoundNear(qint64 t, qsizetype from, qsizetype to) const;
    void grow();
    void writeSlot(qsizetype p, Point pt);
    void rebuildBlocks();
    void completeCoarse(qsizetype coarse);
    void evictFront();
    void recomputeExtrema() const;

    std::vector<Point> m_ring;
    std::vector<Block> m_blocks;
    std::vector<Coarse> m_coarse;
    qsizetype m_capacity;
    qsizetype m_head = 0;   // index of oldest
    qsizetype m_size = 0;
    qint64 m_maxAgeMs;
    qint64 m_total = 0;
    quint64 m_id;
    mutable double m_min = 0, m_max = 0;
    mutable bool m_extremaDirty = true;
};
