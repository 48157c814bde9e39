// ChartFeeder's inspect side: the shared or local view range (zoom, pan, box, fit), the
// crosshair's values from the store, and the legend's visible mean computed off the
// frame path (see chartfeeder.h).
#include "chartfeeder.h"

#include <QtCharts/QXYSeries>
#include <cmath>
#include <limits>

namespace {

// Mean of `series` over [t0, t1], read in time slices so the store's lock is held for a
// slice's copy at a time (ingest threads keep going) and memory stays at one slice.
double meanOver(const SeriesStore *store, const QString &series, qint64 t0, qint64 t1)
{
    constexpr int Slices = 32;
    double sum = 0;
    qint64 n = 0;
    const qint64 span = std::max<qint64>(1, (t1 - t0) / Slices + 1);
    for (qint64 a = t0; a <= t1; a += span) {
        const qint64 b = std::min(t1, a + span - 1);
        const QList<QPointF> pts = store->points(series, a, b);
        for (const QPointF &p : pts)
            sum += p.y();
        n += pts.size();
    }
    return n > 0 ? sum / double(n) : std::numeric_limits<double>::quiet_NaN();
}

} // namespace

void ChartFeeder::setTimeSync(ChartTimeSync *sync)
{
    if (sync == m_sync)
        return;
    if (m_sync)
        disconnect(m_sync, nullptr, this, nullptr);
    m_sync = sync;
    if (m_sync) {
        connect(m_sync, &ChartTimeSync::rangeChanged, this, [this] {
            if (m_linked)
                markDirty();
        });
        connect(m_sync, &ChartTimeSync::liveChanged, this, &ChartFeeder::onSyncLive);
        onSyncLive();
    }
    markDirty();
    Q_EMIT timeSyncChanged();
}

void ChartFeeder::onSyncLive()
{
    if (!m_sync || !m_linked)
        return;
    if (m_sync->isLive()) {
        m_yZoomed = false;
        setPaused(false);
    } else {
        setPaused(true);
    }
    markDirty();
}

void ChartFeeder::setLinked(bool linked)
{
    if (linked == m_linked)
        return;
    m_linked = linked;
    if (!linked) {
        // Keep showing what the shared axis showed, now as this chart's own range.
        if (m_sync && m_sync->hasRange()) {
            m_hasLocalRange = true;
            m_localT0 = m_sync->start();
            m_localT1 = m_sync->end();
        }
    } else {
        m_hasLocalRange = false;
        onSyncLive();
    }
    markDirty();
    Q_EMIT linkedChanged();
}

bool ChartFeeder::windowFromRange(qint64 &t0, qint64 &t1) const
{
    if (m_linked && m_sync && m_sync->hasRange()) {
        t0 = m_sync->start();
        t1 = m_sync->end();
        return true;
    }
    if (m_hasLocalRange) {
        t0 = m_localT0;
        t1 = m_localT1;
        return true;
    }
    return false;
}

void ChartFeeder::setTimeRange(double t0, double t1)
{
    if (!ChartTimeSync::clampRange(t0, t1))
        return;
    if (m_linked && m_sync) {
        m_sync->setRange(t0, t1);
    } else {
        m_hasLocalRange = true;
        m_localT0 = qint64(t0);
        m_localT1 = qint64(t1);
        setPaused(true);
    }
    markDirty();
}

void ChartFeeder::zoomTime(double centerMs, double factor)
{
    if (!std::isfinite(centerMs) || !std::isfinite(factor) || factor <= 0)
        return;
    const double x0 = double(m_x0), x1 = double(m_x1);
    setTimeRange(centerMs - (centerMs - x0) * factor, centerMs + (x1 - centerMs) * factor);
}

void ChartFeeder::panTime(double deltaMs)
{
    if (!std::isfinite(deltaMs))
        return;
    setTimeRange(double(m_x0) + deltaMs, double(m_x1) + deltaMs);
}

void ChartFeeder::setValueRange(double lo, double hi)
{
    if (!std::isfinite(lo) || !std::isfinite(hi) || lo == hi)
        return;
    if (hi < lo)
        std::swap(lo, hi);
    const double minSpan = std::max(std::abs(hi) + std::abs(lo), 1e-300) * 1e-12;
    if (hi - lo < minSpan)
        hi = lo + minSpan;
    // Y is each chart's own and does not pause: a live chart can keep a zoomed Y.
    m_yZoomed = true;
    m_yz0 = lo;
    m_yz1 = hi;
    markDirty();
}

void ChartFeeder::zoomValue(double center, double factor)
{
    if (!std::isfinite(center) || !std::isfinite(factor) || factor <= 0)
        return;
    setValueRange(center - (center - m_y0) * factor, center + (m_y1 - center) * factor);
}

void ChartFeeder::zoomToFit()
{
    m_yZoomed = false;
    if (m_historyEnd > m_historyStart)
        setTimeRange(double(m_historyStart), double(m_historyEnd));
    markDirty();
}

QVariantList ChartFeeder::valuesAt(double t) const
{
    QVariantList out;
    if (!m_store || !std::isfinite(t))
        return out;
    const qint64 at = qint64(std::llround(std::clamp(t, -8e15, 8e15)));
    const qint64 pixel = std::max<qint64>(1, (m_x1 - m_x0) / std::max(1, m_plotWidth));
    for (const Attached &a : m_series) {
        QVariantMap row{{QStringLiteral("name"), a.name},
                        {QStringLiteral("color"), a.series ? a.series->color() : QColor()}};
        const SeriesStats st = m_store->stats(a.name);
        if (st.count > 0) {
            // Widen a window around t (a pixel first, x4 each try) until it holds a
            // sample: a few small copies, never the whole history.
            const qint64 c = std::clamp(at, st.firstT, st.lastT);
            QPointF best;
            bool found = false;
            for (qint64 h = pixel; !found && h < (qint64(1) << 60); h *= 4) {
                const QList<QPointF> pts = m_store->points(a.name, c - h, c + h);
                for (const QPointF &p : pts) {
                    if (!found || std::abs(p.x() - double(at)) < std::abs(best.x() - double(at))) {
                        best = p;
                        found = true;
                    }
                }
                if (c - h <= st.firstT && c + h >= st.lastT)
                    break;
            }
            if (found) {
                row.insert(QStringLiteral("value"), best.y());
                row.insert(QStringLiteral("t"), best.x());
            }
        }
        out.append(row);
    }
    return out;
}

// Starts a mean pass when the view moved (at most once a second while live; when paused,
// once the view has held still for StatsSettleMs) and none is running; takes a finished pass's result. Called every frame tick.
void ChartFeeder::pollStats()
{
    if (m_stats.valid() && m_stats.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        StatsResult r = m_stats.get();
        m_mean = std::move(r.mean);
        m_statsX0 = r.x0;
        m_statsX1 = r.x1;
        for (ChartLegendModel::Row &row : m_legendRows)
            row.mean = m_mean.value(row.name, qQNaN());
        m_legendPending = true;
        flushLegend(true);
        Q_EMIT statsComputed();
    }
    if (m_stats.valid() || !m_store || m_series.isEmpty() || !m_hasData)
        return;
    if (m_x0 == m_statsX0 && m_x1 == m_statsX1)
        return;
    if (m_paused) {
        // Zooming or panning: wait until the view has held still for StatsSettleMs, so a
        // gesture's frames do not compete with a pass over the store (bench_chart
        // --inspect: such passes doubled a zoom frame's time on 2 cores).
        if (m_x0 != m_settleX0 || m_x1 != m_settleX1 || !m_settled.isValid()) {
            m_settleX0 = m_x0;
            m_settleX1 = m_x1;
            m_settled.start();
            return;
        }
        if (m_settled.elapsed() < StatsSettleMs)
            return;
    } else if (m_sinceStats.isValid() && m_sinceStats.elapsed() < 1000) {
        return;
    }
    m_sinceStats.start();
    QStringList names = seriesNames();
    const SeriesStore *store = m_store;
    const qint64 x0 = m_x0, x1 = m_x1;
    m_stats = std::async(std::launch::async, [store, names, x0, x1] {
        StatsResult r{x0, x1, {}};
        for (const QString &n : names)
            r.mean.insert(n, meanOver(store, n, x0, x1));
        return r;
    });
}
