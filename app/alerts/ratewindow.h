// RateWindow: the recent history one Rate rule keeps for one series, just enough to
// answer "how much did the value change over the last W ms?". Values are held as a
// step function (a sample's value holds until the next sample), so the reference is
// the last sample at or before t - W, or the oldest one while history is shorter.
// Bounded: samples are kept at most one per bucket of W/buckets ms (the newest in each
// bucket wins), so at most buckets + 2 points, whatever the sample rate. Once grown, add()
// does not allocate. Owned by AlertEngine.
#pragma once
#include <QList>
#include <QtGlobal>

class RateWindow
{
public:
    static constexpr int DefaultBuckets = 256;

    void configure(qint64 windowMs, int buckets = DefaultBuckets);
    // Records (t, v) and returns v minus the value at t - window (0 without history).
    // Callers pass non-decreasing t.
    double add(qint64 t, double v);
    qsizetype size() const { return m_points.size(); }
    qsizetype capacity() const { return m_cap; }

private:
    struct Point
    {
        qint64 t;
        double v;
    };
    qint64 bucketOf(qint64 t) const;

    QList<Point> m_points;
    qint64 m_windowMs = 1;
    qint64 m_bucketMs = 1;
    qsizetype m_cap = DefaultBuckets + 2;
};
