#include "seriesbuffer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace {
constexpr qsizetype InitialRing = 16;   // first allocation of a new series (256 bytes)
}

SeriesBuffer::SeriesBuffer(qsizetype capacity, qint64 maxAgeMs)
    : m_capacity(std::max<qsizetype>(1, capacity))
    , m_maxAgeMs(maxAgeMs)
{
}

bool SeriesBuffer::append(qint64 t, double v)
{
    if (!std::isfinite(v))
        return false;
    if (m_size > 0) {
        const qint64 newest = m_ring[physical(m_size - 1)].t;
        if (t < newest)
            t = newest;   // clamp: keeps the ring sorted by time
    }
    if (m_size == qsizetype(m_ring.size())) {
        if (m_size < m_capacity)
            grow();
        else
            evictFront();
    }
    writeSlot(physical(m_size), Point{t, v});
    ++m_size;
    ++m_total;
    if (m_size == 1) {
        m_min = m_max = v;
        m_extremaDirty = false;
    } else if (!m_extremaDirty) {
        m_min = std::min(m_min, v);
        m_max = std::max(m_max, v);
    }
    // Age bound. The newest point is never evicted; guard t - maxAge against overflow.
    if (m_maxAgeMs > 0 && t >= std::numeric_limits<qint64>::min() + m_maxAgeMs) {
        const qint64 cutoff = t - m_maxAgeMs;
        while (m_size > 1 && m_ring[m_head].t < cutoff)
            evictFront();
    }
    return true;
}

void SeriesBuffer::clear()
{
    std::vector<Point>().swap(m_ring);
    std::vector<Block>().swap(m_blocks);
    m_head = 0;
    m_size = 0;
    m_extremaDirty = true;
}

SeriesBuffer::Point SeriesBuffer::at(qsizetype i) const
{
    Q_ASSERT(i >= 0 && i < m_size);
    return m_ring[physical(i)];
}

SeriesBuffer::Point SeriesBuffer::first() const
{
    return m_size ? m_ring[m_head] : Point{0, 0.0};
}

SeriesBuffer::Point SeriesBuffer::last() const
{
    return m_size ? m_ring[physical(m_size - 1)] : Point{0, 0.0};
}

qsizetype SeriesBuffer::lowerBound(qint64 t, qsizetype from, qsizetype to) const
{
    while (from < to) {
        const qsizetype mid = from + (to - from) / 2;
        if (m_ring[physical(mid)].t < t)
            from = mid + 1;
        else
            to = mid;
    }
    return from;
}

std::pair<qsizetype, qsizetype> SeriesBuffer::range(qint64 t0, qint64 t1) const
{
    if (m_size == 0 || t1 < t0)
        return {0, 0};
    const qsizetype begin = lowerBound(t0, 0, m_size);
    const qsizetype end = t1 == std::numeric_limits<qint64>::max()
        ? m_size
        : lowerBound(t1 + 1, begin, m_size);
    return {begin, end};
}

QList<QPointF> SeriesBuffer::points(qint64 t0, qint64 t1) const
{
    const auto [begin, end] = range(t0, t1);
    QList<QPointF> out;
    out.reserve(end - begin);
    for (qsizetype i = begin; i < end; ++i) {
        const Point &p = m_ring[physical(i)];
        out.append(QPointF(double(p.t), p.v));
    }
    return out;
}

qint64 SeriesBuffer::columnStart(qint64 t0, qint64 t1, int columns, int k)
{
    Q_ASSERT(columns > 0 && k >= 0 && k <= columns && t0 <= t1);
    // floor(k * (t1 - t0) / columns) without overflow: d = q*columns + r.
    const quint64 d = quint64(t1) - quint64(t0);
    const quint64 c = quint64(columns);
    const quint64 q = d / c;
    const quint64 r = d % c;
    return qint64(quint64(t0) + quint64(k) * q + (quint64(k) * r) / c);
}

QList<QPointF> SeriesBuffer::decimated(qint64 t0, qint64 t1, int columns) const
{
    if (columns < 1 || t1 < t0 || m_size == 0)
        return {};
    columns = std::min(columns, MaxColumns);
    const auto [begin, end] = range(t0, t1);
    if (end - begin <= 4 * qsizetype(columns))
        return points(t0, t1);

    QList<QPointF> out;
    out.reserve(std::min<qsizetype>(end - begin, 4 * qsizetype(columns)));
    qsizetype i = begin;
    for (int k = 0; k < columns && i < end; ++k) {
        const qsizetype j = k == columns - 1
            ? end
            : lowerBound(columnStart(t0, t1, columns, k + 1), i, end);
        if (j == i)
            continue;   // empty column: nothing to draw
        const auto [mn, mx] = minMaxIndex(i, j);
        qsizetype idx[4] = {i, mn, mx, j - 1};
        std::sort(idx, idx + 4);
        const qsizetype *uniqueEnd = std::unique(idx, idx + 4);
        for (const qsizetype *it = idx; it != uniqueEnd; ++it) {
            const Point &p = m_ring[physical(*it)];
            out.append(QPointF(double(p.t), p.v));
        }
        i = j;
    }
    return out;
}

std::pair<qsizetype, qsizetype> SeriesBuffer::minMaxIndex(qsizetype begin, qsizetype end) const
{
    // One pass over [begin, end), jumping over whole 64-point blocks via their summary.
    const qsizetype n = qsizetype(m_ring.size());
    double mn = std::numeric_limits<double>::infinity();
    double mx = -mn;
    qsizetype mnI = begin, mxI = begin;
    qsizetype l = begin;
    qsizetype p = physical(begin);
    while (l < end) {
        if (p % BlockSize == 0 && end - l >= BlockSize) {
            const Block &b = m_blocks[p / BlockSize];
            if (b.filled == BlockSize) {
                if (b.min < mn) { mn = b.min; mnI = l + b.minOff; }
                if (b.max > mx) { mx = b.max; mxI = l + b.maxOff; }
                l += BlockSize;
                p += BlockSize;
                if (p >= n)
                    p -= n;
                continue;
            }
        }
        const double v = m_ring[p].v;
        if (v < mn) { mn = v; mnI = l; }
        if (v > mx) { mx = v; mxI = l; }
        ++l;
        if (++p == n)
            p = 0;
    }
    return {mnI, mxI};
}

void SeriesBuffer::writeSlot(qsizetype p, Point pt)
{
    m_ring[p] = pt;
    Block &b = m_blocks[p / BlockSize];
    const auto off = quint8(p % BlockSize);
    if (off == 0) {
        b = Block{pt.v, pt.v, 0, 0, 1};
    } else if (b.filled == off) {
        if (pt.v < b.min) { b.min = pt.v; b.minOff = off; }
        if (pt.v > b.max) { b.max = pt.v; b.maxOff = off; }
        ++b.filled;
    } else {
        b.filled = 0;   // not written in order since its first slot: summary unusable
    }
}

void SeriesBuffer::grow()
{
    const qsizetype newSize = std::min(m_capacity,
                                       std::max(InitialRing, 2 * qsizetype(m_ring.size())));
    std::vector<Point> ring(size_t(newSize), Point{0, 0.0});
    for (qsizetype i = 0; i < m_size; ++i)
        ring[size_t(i)] = m_ring[physical(i)];
    m_ring.swap(ring);
    m_head = 0;
    rebuildBlocks();
}

void SeriesBuffer::rebuildBlocks()
{
    const size_t blocks = (m_ring.size() + BlockSize - 1) / BlockSize;
    std::vector<Block>(blocks, Block{0, 0, 0, 0, 0}).swap(m_blocks);
    for (qsizetype i = 0; i < m_size; ++i) {
        const qsizetype p = physical(i);
        writeSlot(p, m_ring[p]);
    }
}

void SeriesBuffer::evictFront()
{
    const double v = m_ring[m_head].v;
    if (!m_extremaDirty && (v <= m_min || v >= m_max))
        m_extremaDirty = true;   // an extreme left: recompute on the next min()/max()
    if (++m_head == qsizetype(m_ring.size()))
        m_head = 0;
    --m_size;
}

void SeriesBuffer::recomputeExtrema() const
{
    const auto [mn, mx] = minMaxIndex(0, m_size);
    m_min = m_ring[physical(mn)].v;
    m_max = m_ring[physical(mx)].v;
    m_extremaDirty = false;
}

double SeriesBuffer::min() const
{
    if (m_size == 0)
        return std::numeric_limits<double>::quiet_NaN();
    if (m_extremaDirty)
        recomputeExtrema();
    return m_min;
}

double SeriesBuffer::max() const
{
    if (m_size == 0)
        return std::numeric_limits<double>::quiet_NaN();
    if (m_extremaDirty)
        recomputeExtrema();
    return m_max;
}

qint64 SeriesBuffer::bytesUsed() const
{
    return qint64(sizeof(*this))
        + qint64(m_ring.capacity() * sizeof(Point))
        + qint64(m_blocks.capacity() * sizeof(Block));
}
