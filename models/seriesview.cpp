#include "seriesview.h"

#include <QtNumeric>
#include <algorithm>

namespace {

constexpr qint64 I64Max = std::numeric_limits<qint64>::max();
constexpr qint64 I64Min = std::numeric_limits<qint64>::min();

// Last timestamp of grid column k (inclusive), saturating.
qint64 columnEnd(qint64 k, qint64 step)
{
    if (k == I64Max)
        return I64Max;
    const qint64 next = SeriesView::columnStart(k + 1, step);
    return next == I64Max || next == I64Min ? next : next - 1;
}

// The points [i, j) of one column, reduced. Inner columns: min and max in time order
// (first occurrence; every point when there are at most 2): two points per column draw
// the same pixels as M4 at this width, for half the points. Edge columns (keepEnds): M4,
// first, min, max and last (every point when at most 4), so the line starts at the
// window's first point and ends at its newest one.
template<typename Out>
void reduce(const SeriesBuffer &b, qsizetype i, qsizetype j, bool keepEnds, Out &&out)
{
    if (j - i <= (keepEnds ? 4 : 2)) {
        for (qsizetype q = i; q < j; ++q)
            out(b.at(q));
        return;
    }
    const auto [mn, mx] = b.minMaxIndex(i, j);
    qsizetype idx[4] = {mn, mx, i, j - 1};
    const int n = keepEnds ? 4 : 2;
    std::sort(idx, idx + n);
    const qsizetype *end = std::unique(idx, idx + n);
    for (const qsizetype *it = idx; it != end; ++it)
        out(b.at(*it));
}

} // namespace

qint64 SeriesView::gridStep(qint64 t0, qint64 t1, int columns)
{
    if (t1 <= t0)
        return 1;
    const quint64 span = quint64(t1) - quint64(t0);
    const quint64 c = quint64(std::clamp(columns, 1, MaxColumns));
    quint64 raw = std::max<quint64>(1, span / c + (span % c ? 1 : 0));
    raw = std::min<quint64>(raw, quint64(1) << 62);
    if (raw >= 16) {
        int bits = 0;
        for (quint64 v = raw; v; v >>= 1)
            ++bits;
        const quint64 unit = quint64(1) << (bits - 4);
        raw = (raw + unit - 1) & ~(unit - 1);   // round up to 4 significant bits
    }
    return qint64(raw);
}

qint64 SeriesView::columnStart(qint64 k, qint64 step)
{
    qint64 r;
    if (qMulOverflow(k, step, &r))
        return k < 0 ? I64Min : I64Max;
    return r;
}

qint64 SeriesView::columnOf(qint64 t, qint64 step)
{
    qint64 q = t / step;
    if (t % step != 0 && t < 0)
        --q;
    return q;
}

void SeriesView::setWindow(qint64 t0, qint64 t1, int columns)
{
    m_columns = std::clamp(columns, 1, MaxColumns);
    m_t0 = t0;
    m_t1 = t1;
    if (t1 < t0)
        return;
    const qint64 step = gridStep(t0, t1, columns);
    if (step != m_step) {
        m_step = step;
        m_cols.clear();
        m_stepChanged = true;
    }
}

void SeriesView::clear()
{
    m_cols.clear();
    m_useCoarse.clear();
    m_refined = true;
    m_bufferId = 0;
    m_computed = 0;
    assemble();
}

int SeriesView::columnsCached() const
{
    return int(std::count_if(m_cols.cbegin(), m_cols.cend(), [](const Column &c) { return c.final; }));
}

bool SeriesView::isEdge(qint64 k) const
{
    return k == m_edge0 || k == m_edge1;
}

bool SeriesView::fullyInside(qint64 k) const
{
    return columnStart(k, m_step) >= m_t0 && columnEnd(k, m_step) <= m_t1;
}

void SeriesView::update(const SeriesBuffer &buffer)
{
    const bool defer = m_stepChanged && m_budget > 0;   // see the coarse-first loop below
    m_stepChanged = false;
    m_computed = 0;
    m_refined = true;
    m_useCoarse.clear();
    if (buffer.id() != m_bufferId) {
        m_cols.clear();
        m_bufferId = buffer.id();
    }
    if (buffer.isEmpty() || m_t1 < m_t0) {
        m_cols.clear();
        assemble();
        return;
    }
    m_firstT = buffer.first().t;
    m_lastT = buffer.last().t;
    const auto [begin, end] = buffer.range(m_t0, m_t1);
    if (end - begin <= 2 * qsizetype(m_columns)) {
        // Few points: all of them (cheap, and exact). The cache stays for later frames:
        // its validity is checked against the buffer, not against what was drawn.
        QList<QPointF> pts;
        pts.reserve(end - begin);
        for (qsizetype i = begin; i < end; ++i) {
            const SeriesBuffer::Point p = buffer.at(i);
            pts.append(QPointF(double(p.t), p.v));
        }
        setPoints(std::move(pts));
        return;
    }
    m_edge0 = columnOf(buffer.at(begin).t, m_step);
    m_edge1 = columnOf(buffer.at(end - 1).t, m_step);
    const qint64 k0 = columnOf(m_t0, m_step);
    const qint64 k1 = columnOf(m_t1, m_step);
    m_begin = begin;
    m_end = end;
    m_cursor = begin;
    m_stride = std::max<qsizetype>(1, (end - begin) / qsizetype(std::min<qint64>(k1 - k0 + 1, MaxColumns + 2)));
    rebase(k0, k1);
    if (m_budget <= 0) {
        computeRuns(buffer, k0, k1);
        assemble();
        return;
    }
    // Coarse first: whole groups of CoarseFactor columns are refined while the budget
    // lasts; a group needing more is drawn as one coarse column this time.
    const qint64 g0 = columnOf(k0, CoarseFactor), g1 = columnOf(k1, CoarseFactor);
    m_gBase = g0;
    m_coarse.assign(size_t(g1 - g0 + 1), Column{});
    m_useCoarse.assign(size_t(g1 - g0 + 1), false);
    qint64 budget = m_budget;
    // A new step (a zoom) has nothing cached: that frame is drawn from coarse columns
    // only (they already hold the window's envelope), and the refining starts with the
    // next update. The zoom frame then decimates about columns / CoarseFactor columns
    // instead of that plus the budget (bench figure 3b: half the views' time).
    bool forced = defer;
    for (qint64 g = g0; g <= g1; ++g) {
        const qint64 ka = std::max(k0, columnStart(g, CoarseFactor));
        const qint64 kb = std::min(k1, columnEnd(g, CoarseFactor));
        qint64 missing = 0;
        bool edgesOnly = true;   // a live frame's newest column costs no budget
        for (qint64 k = ka; k <= kb; ++k) {
            if (!cached(k)) {
                ++missing;
                edgesOnly = edgesOnly && isEdge(k);
            }
        }
        // One group over the budget is refined per update anyway: groups that hold a
        // never-cached column (the window's clipped ends) would otherwise stall a small
        // budget.
        const bool fits = missing == 0 || edgesOnly || (!defer && missing <= budget);
        if (fits || !forced) {
            forced = forced || !fits;
            if (!edgesOnly)
                budget -= missing;
            computeRuns(buffer, ka, kb);
        } else {
            m_useCoarse[size_t(g - g0)] = true;
            m_refined = false;
            computeCoarse(buffer, g, ka, kb);
        }
    }
    assemble();
}

bool SeriesView::cached(qint64 k) const
{
    const Column &c = m_cols[size_t(k - m_kBase)];
    return c.final && c.ends == isEdge(k) && fullyInside(k) && columnStart(k, m_step) > m_firstT;
}

void SeriesView::computeRuns(const SeriesBuffer &buffer, qint64 kFrom, qint64 kTo)
{
    bool inRun = false;
    qint64 runFrom = 0;
    for (qint64 k = kFrom; k <= kTo; ++k) {
        const bool valid = cached(k);
        if (!valid && !inRun) {
            inRun = true;
            runFrom = k;
        } else if (valid && inRun) {
            compute(buffer, runFrom, k - 1);
            inRun = false;
        }
    }
    if (inRun)
        compute(buffer, runFrom, kTo);
}

void SeriesView::computeCoarse(const SeriesBuffer &buffer, qint64 g, qint64 ka, qint64 kb)
{
    Column &c = m_coarse[size_t(g - m_gBase)];
    const qint64 lo = std::max(m_t0, columnStart(ka, m_step));
    const qint64 hi = std::min(m_t1, columnEnd(kb, m_step));
    ++m_computed;
    if (hi < m_firstT || lo > m_lastT)
        return;   // empty
    const qsizetype i = locate(buffer, lo);
    const qsizetype j = hi >= m_lastT ? m_end : buffer.lowerBoundAhead(hi + 1, i, m_end, m_stride * CoarseFactor);
    m_cursor = j;
    c.ends = (m_edge0 >= ka && m_edge0 <= kb) || (m_edge1 >= ka && m_edge1 <= kb);
    reduce(buffer, i, j, c.ends,
           [&c](SeriesBuffer::Point p) { c.p[c.count++] = QPointF(double(p.t), p.v); });
}

void SeriesView::rebase(qint64 k0, qint64 k1)
{
    const qint64 want = k1 - k0 + 1;   // <= columns + 2 by gridStep()
    const qint64 have = qint64(m_cols.size());
    if (have == 0 || k0 > m_kBase + have - 1 || k1 < m_kBase) {
        m_cols.assign(size_t(want), Column{});
        m_kBase = k0;
        return;
    }
    while (m_kBase < k0) {
        m_cols.pop_front();
        ++m_kBase;
    }
    while (m_kBase > k0) {
        m_cols.push_front(Column{});
        --m_kBase;
    }
    m_cols.resize(size_t(want));
}

void SeriesView::compute(const SeriesBuffer &buffer, qint64 kFrom, qint64 kTo)
{
    // Columns wholly before the oldest or after the newest point are empty: no search.
    const qint64 kData0 = columnOf(std::max(m_t0, m_firstT), m_step);
    const qint64 kData1 = columnOf(std::min(m_t1, m_lastT), m_step);
    for (qint64 k = kFrom; k <= kTo; ++k) {
        if (k < kData0 || k > kData1)
            m_cols[size_t(k - m_kBase)] = Column{};
    }
    const qint64 a = std::max(kFrom, kData0);
    const qint64 b = std::min(kTo, kData1);
    if (a > b)
        return;
    qsizetype i = locate(buffer, std::max(m_t0, columnStart(a, m_step)));
    qsizetype stride = m_stride;
    for (qint64 k = a; k <= b; ++k) {
        const qint64 hiT = std::min(m_t1, columnEnd(k, m_step));
        // The next column ends about one column's width on: search from here, not
        // across the whole buffer (lowerBoundAhead).
        const qsizetype j = hiT >= m_lastT ? m_end : buffer.lowerBoundAhead(hiT + 1, i, m_end, stride);
        stride = std::max<qsizetype>(1, j - i);
        Column &c = m_cols[size_t(k - m_kBase)];
        c.count = 0;
        c.ends = isEdge(k);
        reduce(buffer, i, j, c.ends,
               [&c](SeriesBuffer::Point p) { c.p[c.count++] = QPointF(double(p.t), p.v); });
        c.final = fullyInside(k) && columnStart(k, m_step) > m_firstT
            && columnEnd(k, m_step) < m_lastT;
        ++m_computed;
        i = j;
    }
    m_cursor = i;
}

qsizetype SeriesView::locate(const SeriesBuffer &buffer, qint64 t)
{
    // Columns and groups are computed left to right, so the answer is usually just after
    // the last one; a jump back (rare) starts again from the window's first point.
    if (m_cursor > m_begin && buffer.at(m_cursor - 1).t >= t)
        m_cursor = m_begin;
    m_cursor = buffer.lowerBoundAhead(t, m_cursor, m_end, m_stride);
    return m_cursor;
}

void SeriesView::assemble()
{
    qsizetype total = 0;
    for (const Column &c : m_cols)
        total += c.count;
    QList<QPointF> pts;
    pts.reserve(total);
    auto add = [&pts](const Column &c) {
        for (int q = 0; q < c.count; ++q)
            pts.append(c.p[q]);
    };
    if (m_useCoarse.empty()) {
        for (const Column &c : m_cols)
            add(c);
    } else {
        const qint64 k0 = m_kBase, k1 = m_kBase + qint64(m_cols.size()) - 1;
        for (size_t gi = 0; gi < m_useCoarse.size(); ++gi) {
            const qint64 g = m_gBase + qint64(gi);
            if (m_useCoarse[gi]) {
                add(m_coarse[gi]);
                continue;
            }
            const qint64 kb = std::min(k1, columnEnd(g, CoarseFactor));
            for (qint64 k = std::max(k0, columnStart(g, CoarseFactor)); k <= kb; ++k)
                add(m_cols[size_t(k - m_kBase)]);
        }
    }
    setPoints(std::move(pts));
}

void SeriesView::setPoints(QList<QPointF> pts)
{
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (const QPointF &p : std::as_const(pts)) {
        lo = std::min(lo, p.y());
        hi = std::max(hi, p.y());
    }
    const bool any = !pts.isEmpty();
    m_min = any ? lo : std::numeric_limits<double>::quiet_NaN();
    m_max = any ? hi : std::numeric_limits<double>::quiet_NaN();
    m_points = std::move(pts);
}
