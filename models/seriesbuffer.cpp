#include "seriesbuffer.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

namespace {
constexpr qsizetype InitialRing = 16;   // first allocation of a new series (256 bytes)

quint64 nextBufferId()
{
    static std::atomic<quint64> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
}
}

SeriesBuffer::SeriesBuffer(qsizetype capacity, qint64 maxAgeMs)
    : m_capacity(std::max<qsizetype>(1, capacity))
    , m_maxAgeMs(maxAgeMs)
    , m_id(nextBufferId())
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
    std::vector<Coarse>().swap(m_coarse);
    m_head = 0;
    m_size = 0;
    m_extremaDirty = true;
    m_id = nextBufferId();
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

qsizetype SeriesBuffer::lowerBoundNear(qint64 t, qsizetype from, qsizetype to) const
{
    if (from >= to || m_ring[physical(from)].t >= t)
        return from;
    const qint64 ta = m_ring[physical(from)].t;
    const qint64 tb = m_ring[physical(to - 1)].t;
    if (tb < t)
        return to;
    // ta < t <= tb: the answer is in [from + 1, to - 1]. Guess by linear interpolation,
    // then gallop from the guess to a bracket [lo, hi] with at(hi).t >= t.
    qsizetype lo = from + 1;
    qsizetype hi = to - 1;
    const double frac = (double(t) - double(ta)) / (double(tb) - double(ta));
    const qsizetype g = std::clamp<qsizetype>(from + qsizetype(frac * double(to - 1 - from)),
                                              lo, hi);
    if (m_ring[physical(g)].t < t) {
        lo = g + 1;
        for (qsizetype step = 1;; step *= 2) {
            const qsizetype q = lo + step - 1;
            if (q >= hi)
                break;
            if (m_ring[physical(q)].t < t) {
                lo = q + 1;
            } else {
                hi = q;
                break;
            }
        }
    } else {
        hi = g;
        for (qsizetype step = 1;; step *= 2) {
            const qsizetype q = hi - step;
            if (q < lo)
                break;
            if (m_ring[physical(q)].t >= t) {
                hi = q;
            } else {
                lo = q + 1;
                break;
            }
        }
    }
    return lowerBound(t, lo, hi);
}

qsizetype SeriesBuffer::lowerBoundAhead(qint64 t, qsizetype from, qsizetype to, qsizetype stride) const
{
    stride = std::max<qsizetype>(1, stride);
    while (from < to) {
        const qsizetype q = to - from > stride ? from + stride : to;   // bracket [from, q]
        if (q == to || m_ring[physical(q - 1)].t >= t)
            return lowerBoundNear(t, from, q);
        from = q;
        stride *= 2;
    }
    return to;
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
    const qsizetype n = qsizetype(m_ring.size());
    for (int k = 0; k < columns && i < end; ++k) {
        // The next column edge is about one column width ahead, on another page: fetch
        // its 64-point block early so its scan does not wait on memory (with 1M points
        // this is most of decimation's cost).
#if defined(__GNUC__) || defined(__clang__)
        if (k + 2 < columns) {
            const qsizetype guess = i + 2 * (end - i) / (columns - k);
            if (guess < end) {
                const qsizetype p = physical(guess) / BlockSize * BlockSize;
                for (qsizetype q = p; q < std::min(n, p + BlockSize); q += 4)
                    __builtin_prefetch(&m_ring[size_t(q)]);
            }
        }
#endif
        const qsizetype j = k == columns - 1
            ? end
            : lowerBoundNear(columnStart(t0, t1, columns, k + 1), i, end);
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
    // One pass over [begin, end), jumping over whole 4096-point and 64-point blocks via
    // their summaries: O(size/4096 + 2*64 + 2*64) reads.
    const qsizetype n = qsizetype(m_ring.size());
    double mn = std::numeric_limits<double>::infinity();
    double mx = -mn;
    qsizetype mnI = begin, mxI = begin;
    qsizetype l = begin;
    qsizetype p = physical(begin);
    while (l < end) {
        if (p % CoarseSize == 0 && end - l >= CoarseSize) {
            const Coarse &c = m_coarse[p / CoarseSize];
            if (c.valid) {
                if (c.min < mn) { mn = c.min; mnI = l + c.minOff; }
                if (c.max > mx) { mx = c.max; mxI = l + c.maxOff; }
                l += CoarseSize;
                p += CoarseSize;
                if (p >= n)
                    p -= n;
                continue;
            }
        }
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
        // Single points up to the next block boundary, the range's end or the ring's
        // wrap, whichever is first: one tight loop (a column's two ragged edges are most
        // of its reads; bench figure 3b).
        const qsizetype stop = std::min({p + (end - l), n, (p / BlockSize + 1) * BlockSize});
        const Point *ring = m_ring.data();
        for (; p < stop; ++p, ++l) {
            const double v = ring[p].v;
            if (v < mn) { mn = v; mnI = l; }
            if (v > mx) { mx = v; mxI = l; }
        }
        if (p == n)
            p = 0;
    }
    return {mnI, mxI};
}

void SeriesBuffer::writeSlot(qsizetype p, Point pt)
{
    m_ring[p] = pt;
    const qsizetype bi = p / BlockSize;
    Block &b = m_blocks[bi];
    const auto off = quint8(p % BlockSize);
    if (off == 0) {
        b = Block{pt.v, pt.v, 0, 0, 1};
        m_coarse[bi / BlocksPerCoarse].valid = false;
    } else if (b.filled == off) {
        if (pt.v < b.min) { b.min = pt.v; b.minOff = off; }
        if (pt.v > b.max) { b.max = pt.v; b.maxOff = off; }
        ++b.filled;
    } else {
        b.filled = 0;   // not written in order since its first slot: summary unusable
        m_coarse[bi / BlocksPerCoarse].valid = false;
    }
    if (b.filled == BlockSize && bi % BlocksPerCoarse == BlocksPerCoarse - 1)
        completeCoarse(bi / BlocksPerCoarse);
}

void SeriesBuffer::completeCoarse(qsizetype coarse)
{
    Coarse &c = m_coarse[coarse];
    c.valid = false;
    const qsizetype first = coarse * BlocksPerCoarse;
    for (qsizetype k = 0; k < BlocksPerCoarse; ++k) {
        const Block &b = m_blocks[first + k];
        if (b.filled != BlockSize)
            return;
        if (k == 0 || b.min < c.min) { c.min = b.min; c.minOff = quint16(k * BlockSize + b.minOff); }
        if (k == 0 || b.max > c.max) { c.max = b.max; c.maxOff = quint16(k * BlockSize + b.maxOff); }
    }
    c.valid = true;
}

void SeriesBuffer::grow()
{
    // 1.5x (not 2x): a ring that just grew holds >= 2/3 of its slots, so memory stays
    // <= ~24.6 B/point; sizes past one block are whole blocks so every block summarises.
    const qsizetype n = qsizetype(m_ring.size());
    qsizetype newSize = std::max(InitialRing, n + n / 2);
    if (newSize > BlockSize)
        newSize = (newSize + BlockSize - 1) / BlockSize * BlockSize;
    newSize = std::min(m_capacity, newSize);
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
    const size_t coarse = (m_ring.size() + CoarseSize - 1) / CoarseSize;
    std::vector<Coarse>(coarse, Coarse{0, 0, 0, 0, false}).swap(m_coarse);
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
        + qint64(m_blocks.capacity() * sizeof(Block))
        + qint64(m_coarse.capacity() * sizeof(Coarse));
}
