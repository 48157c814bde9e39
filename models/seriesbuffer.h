// SeriesBuffer: one series' history as a fixed-capacity ring of (t, v) points,
// 16 bytes per point, bounded by count and by age. Not thread-safe: SeriesStore
// guards it. Provides time-window queries (binary search; timestamps are kept
// non-decreasing) and M4 decimation (first/min/max/last per pixel column).
#pragma once
#include <QList>
#include <QPointF>
#include <QtGlobal>
#include <vector>

class SeriesBuffer
{
public:
    struct Point { qint64 t; double v; };   // 16 bytes

    explicit SeriesBuffer(qsizetype capacity, qint64 maxAgeMs);

    void append(qint64 t, double v);    // t earlier than the newest point is clamped to it
    void clear();

    qsizetype size() const;
    qsizetype capacity() const;
    Point at(qsizetype i) const;        // 0 = oldest
    Point first() const;
    Point last() const;

    // Index range [begin, end) of points with t in [t0, t1].
    std::pair<qsizetype, qsizetype> range(qint64 t0, qint64 t1) const;
    QList<QPointF> points(qint64 t0, qint64 t1) const;
    QList<QPointF> decimated(qint64 t0, qint64 t1, int columns) const;

    // Running min/max over held points (recomputed lazily after evictions).
    double min() const;
    double max() const;
    qint64 totalAppended() const;
    qint64 bytesUsed() const;

private:
    // implemented in seriesbuffer.cpp
    std::vector<Point> m_ring;
    qsizetype m_head = 0;   // index of oldest
    qsizetype m_size = 0;
    qint64 m_maxAgeMs;
    qint64 m_total = 0;
    mutable double m_min = 0, m_max = 0;
    mutable bool m_extremaDirty = true;
};
