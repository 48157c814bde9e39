// SeriesView: one chart's decimated picture of one series, kept between frames so that a
// live frame recomputes only the columns that changed, not the whole visible history.
// Owner: ChartFeeder (one per attached series); update() runs under SeriesStore's lock
// (SeriesStore::updateView), everything else on the owner's thread.
//
// Columns lie on a fixed time grid: column k holds t in [k*step, (k+1)*step), aligned to
// multiples of the step and not to the window start, so a column keeps its points while
// the window slides. gridStep() is ceil(span / columns) rounded up to 4 significant
// bits: it changes only when the window's span changes by more than ~6 %, and a window
// never has more than columns + 2 (partly) visible grid columns. Per inner column the
// picture holds its min and max in time order (every point when it holds at most 2):
// at about one column per pixel that draws the same pixels as M4 with half the points.
// The edge columns are clipped to [t0, t1], and the columns of the window's first and
// last point keep M4 (first, min, max, last), so the line starts at the window's first
// point and ends at its newest. A window holding
// at most 2 * columns points is shown raw (every point). So points() equal a
// from-scratch decimation of the same window (tests/models/tst_seriesview.cpp checks it
// against a brute-force scan after appends, evictions, clears and window changes).
//
// A column is kept once it is final: fully inside the window, ending at or before the
// newest point (later appends, whose time is clamped to >= the newest, land in later
// columns) and starting after the oldest point. It stays valid while it is fully inside
// the window and starts after the oldest held point (eviction removes the oldest points
// first, so it cannot have touched it) and the buffer's id() is unchanged. A live frame
// thus computes the two edge columns and the columns that became final since the last
// frame, each O(1) edge probes on evenly spaced data plus O(128 + points/4096).
//
// Coarse first, then refine (zoom and pan, issue 12): with a refine budget B > 0, one
// update() computes from the buffer at most B grid columns that are not cached (plus the
// window's edge columns); each group of CoarseFactor grid columns (aligned: the group is
// one column of the grid of step CoarseFactor * step) that is not wholly cached or
// computed is drawn as that one coarse column, reduced the same way (min and max, M4 at
// the window's edges) over the group's part of the window. Every point the fine picture
// would take as a min or max of the window is then still a min or max of a coarse column
// (the coarse picture holds the same envelope, at 1/CoarseFactor of the resolution), and
// refined() is false until later updates have computed every group (left to right, B
// columns and one more group per update). The update after a new step (a zoom: nothing
// is cached) spends no budget: it draws coarse columns only (plus the edges), so a zoom
// frame decimates ~columns / CoarseFactor columns instead of all of them, and the
// refining starts with the next update. B = 0 (the default): everything at once.
//
// Bounds: at most columns + 2 cached columns (72 bytes each), (columns + 2) / CoarseFactor
// + 2 coarse columns, and 2 * (columns + 2) + 4 points in points(); columns is clamped
// to [1, MaxColumns].
#pragma once
#include "seriesbuffer.h"

#include <QList>
#include <QPointF>
#include <deque>
#include <vector>
#include <limits>

class SeriesView
{
public:
    static constexpr int MaxColumns = SeriesBuffer::MaxColumns;
    static constexpr int CoarseFactor = 8;

    // Width of a grid column for a window [t0, t1] drawn into `columns` columns: >= 1 ms,
    // >= (t1 - t0) / columns, with at most 4 significant bits.
    static qint64 gridStep(qint64 t0, qint64 t1, int columns);
    // First timestamp of grid column k (saturates instead of overflowing).
    static qint64 columnStart(qint64 k, qint64 step);
    // Grid column holding t (floor division).
    static qint64 columnOf(qint64 t, qint64 step);

    // The window to show; t1 < t0 shows nothing. A new step drops the cache.
    void setWindow(qint64 t0, qint64 t1, int columns);
    // Brings points() up to date with `buffer` (call under the store's lock).
    void update(const SeriesBuffer &buffer);
    // The series is gone: empty picture, nothing cached.
    void clear();
    // Grid columns computed from the buffer per update() beyond the cached ones (see
    // above); <= 0: no limit.
    void setRefineBudget(int columns) { m_budget = columns; }
    // false while part of points() is drawn from coarse columns.
    bool refined() const { return m_refined; }

    const QList<QPointF> &points() const { return m_points; }
    double min() const { return m_min; }   // over points(); NaN when empty
    double max() const { return m_max; }
    qint64 step() const { return m_step; }
    qint64 t0() const { return m_t0; }
    qint64 t1() const { return m_t1; }
    int columnsComputed() const { return m_computed; }   // in the last update()
    int columnsCached() const;                             // final columns held now

private:
    struct Column
    {
        QPointF p[4];
        quint8 count = 0;
        bool final = false;
        bool ends = false;   // reduced as an edge column (M4) rather than min/max
    };
    bool fullyInside(qint64 k) const;
    bool isEdge(qint64 k) const;
    bool cached(qint64 k) const;
    void compute(const SeriesBuffer &buffer, qint64 kFrom, qint64 kTo);
    void computeRuns(const SeriesBuffer &buffer, qint64 kFrom, qint64 kTo);
    void computeCoarse(const SeriesBuffer &buffer, qint64 g, qint64 ka, qint64 kb);
    qsizetype locate(const SeriesBuffer &buffer, qint64 t);   // first index with t' >= t, near m_cursor
    void rebase(qint64 k0, qint64 k1);
    void assemble();
    void setPoints(QList<QPointF> pts);

    std::deque<Column> m_cols;   // grid columns m_kBase .. m_kBase + size - 1
    // Per group of CoarseFactor columns from m_gBase (this update only): drawn coarse?
    std::vector<Column> m_coarse;
    std::vector<bool> m_useCoarse;
    qint64 m_gBase = 0;
    int m_budget = 0;
    bool m_refined = true;
    bool m_stepChanged = false;   // the cache was dropped for a new step since the last update()
    qint64 m_kBase = 0;
    quint64 m_bufferId = 0;
    qint64 m_t0 = 0, m_t1 = -1;
    qint64 m_step = 1;
    int m_columns = 1;
    qint64 m_firstT = 0, m_lastT = 0;   // of the buffer during update()
    qint64 m_edge0 = 0, m_edge1 = 0;    // columns of the window's first and last point
    // During update(): the window's index range, where the last search ended, and the
    // window's mean points per column (the first stride of a forward search).
    qsizetype m_begin = 0, m_end = 0, m_cursor = 0, m_stride = 1;
    QList<QPointF> m_points;
    double m_min = std::numeric_limits<double>::quiet_NaN();
    double m_max = std::numeric_limits<double>::quiet_NaN();
    int m_computed = 0;
};
