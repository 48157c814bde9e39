#include "chartfeeder.h"

#include "seriesstore.h"

#include "axisticks.h"

#include <QtCharts/QAbstractAxis>
#include <QtCharts/QValueAxis>
#include <QtCharts/QXYSeries>
#include <algorithm>
#include <cmath>
#include <limits>

namespace {

QDateTime utc(qint64 ms)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::UTC);
#else
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
#endif
}

} // namespace

ChartFeeder::ChartFeeder(QObject *parent)
    : QObject(parent)
    , m_legend(new ChartLegendModel(this))
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(33);
    connect(&m_timer, &QTimer::timeout, this, &ChartFeeder::refresh);
}

ChartFeeder::~ChartFeeder() = default;

QDateTime ChartFeeder::xMin() const { return utc(m_x0); }
QDateTime ChartFeeder::xMax() const { return utc(m_x1); }

void ChartFeeder::setStore(SeriesStore *store)
{
    if (m_store == store)
        return;
    if (m_stats.valid())
        m_stats.wait();   // the background mean pass reads the old store
    m_store = store;
    markDirty();
    updateTimer();
    Q_EMIT storeChanged();
}

QStringList ChartFeeder::seriesNames() const
{
    QStringList names;
    names.reserve(m_series.size());
    for (const Attached &a : m_series)
        names.append(a.name);
    return names;
}

void ChartFeeder::setWindowMs(qint64 ms)
{
    ms = std::max<qint64>(0, ms);
    if (ms == m_windowMs)
        return;
    m_windowMs = ms;
    markDirty();
    Q_EMIT windowMsChanged();
}

void ChartFeeder::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (paused) {
        m_pausedEnd = m_historyEnd;
    } else if (m_scrollBackMs != 0) {
        m_scrollBackMs = 0;
        Q_EMIT scrollBackMsChanged();
    }
    markDirty();
    Q_EMIT pausedChanged();
}

void ChartFeeder::setScrollBackMs(qint64 ms)
{
    ms = std::max<qint64>(0, ms);
    if (!m_paused && ms > 0)
        setPaused(true);   // looking at the past freezes the view
    const qint64 span = m_pausedEnd - m_historyStart;
    if (span > 0)
        ms = std::min(ms, span);
    if (ms == m_scrollBackMs)
        return;
    m_scrollBackMs = ms;
    markDirty();
    Q_EMIT scrollBackMsChanged();
}

void ChartFeeder::setAutoScale(bool on)
{
    if (on == m_autoScale)
        return;
    m_autoScale = on;
    markDirty();
    Q_EMIT autoScaleChanged();
}

void ChartFeeder::setManualMin(double v)
{
    if (!std::isfinite(v) || v == m_manualMin)
        return;
    m_manualMin = v;
    markDirty();
    Q_EMIT manualRangeChanged();
}

void ChartFeeder::setManualMax(double v)
{
    if (!std::isfinite(v) || v == m_manualMax)
        return;
    m_manualMax = v;
    markDirty();
    Q_EMIT manualRangeChanged();
}

void ChartFeeder::setPlotWidth(int px)
{
    px = std::clamp(px, 1, MaxColumns);
    if (px == m_plotWidth)
        return;
    m_plotWidth = px;
    markDirty();
    Q_EMIT plotWidthChanged();
}

void ChartFeeder::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    markDirty();
    updateTimer();
    Q_EMIT activeChanged();
}

void ChartFeeder::setFrameIntervalMs(int ms)
{
    ms = std::max(ms, MinFrameIntervalMs);
    if (ms == m_timer.interval())
        return;
    m_timer.setInterval(ms);
    Q_EMIT frameIntervalMsChanged();
}

QObject *ChartFeeder::axisX() const
{
    return m_axisX.data();
}

void ChartFeeder::setAxisX(QObject *axis)
{
    auto *a = qobject_cast<QAbstractAxis *>(axis);
    if (a == m_axisX)
        return;
    m_axisX = a;
    m_axesApplied = false;
    markDirty();
    Q_EMIT axesChanged();
}

QObject *ChartFeeder::axisY() const
{
    return m_axisY.data();
}

void ChartFeeder::setAxisY(QObject *axis)
{
    auto *a = qobject_cast<QAbstractAxis *>(axis);
    if (a == m_axisY)
        return;
    m_axisY = a;
    m_axesApplied = false;
    markDirty();
    Q_EMIT axesChanged();
}

bool ChartFeeder::attach(const QString &name, QObject *series)
{
    auto *xy = qobject_cast<QXYSeries *>(series);
    if (!xy || name.isEmpty() || m_series.size() >= MaxSeries)
        return false;
    for (Attached &a : m_series) {
        if (a.name == name) {
            a.series = xy;   // re-attached (e.g. the ChartView was recreated)
            markDirty();
            return true;
        }
    }
    m_series.append(Attached{name, xy, std::make_shared<SeriesView>()});
    m_legend->append(name, xy->color());
    markDirty();
    updateTimer();
    Q_EMIT seriesNamesChanged();
    return true;
}

void ChartFeeder::detach(const QString &name)
{
    const auto it = std::find_if(m_series.begin(), m_series.end(),
                                 [&](const Attached &a) { return a.name == name; });
    if (it == m_series.end())
        return;
    m_series.erase(it);
    m_legend->remove(name);
    markDirty();
    updateTimer();
    Q_EMIT seriesNamesChanged();
}

void ChartFeeder::detachAll()
{
    if (m_series.isEmpty())
        return;
    m_series.clear();
    m_legend->clear();
    markDirty();
    updateTimer();
    Q_EMIT seriesNamesChanged();
}

void ChartFeeder::scrollBy(double windowFraction)
{
    if (!std::isfinite(windowFraction))
        return;
    if (!m_paused)
        setPaused(true);
    const qint64 window = m_windowMs > 0 ? m_windowMs : std::max<qint64>(1000, m_x1 - m_x0);
    setScrollBackMs(m_scrollBackMs + qint64(std::llround(windowFraction * double(window))));
}

void ChartFeeder::goLive()
{
    // Back to the newest data: no zoomed range (shared or own), Y follows the data.
    m_hasLocalRange = false;
    m_yZoomed = false;
    if (m_linked && m_sync)
        m_sync->goLive();
    setPaused(false);
    markDirty();
}

void ChartFeeder::markDirty()
{
    m_dirty = true;
}

void ChartFeeder::updateTimer()
{
    const bool run = m_active && m_store && !m_series.isEmpty();
    if (run && !m_timer.isActive())
        m_timer.start();
    else if (!run)
        m_timer.stop();
}

void ChartFeeder::refresh()
{
    if (!m_store || m_series.isEmpty())
        return;
    flushLegend(false);
    pollStats();
    const quint64 generation = m_store->generation();
    // Paused: new samples do not move the picture; only view changes redraw.
    if (!m_dirty && (m_paused || generation == m_seenGeneration))
        return;
    m_seenGeneration = generation;
    // The store moved, but maybe only for series this chart does not show.
    const qint64 appended = appendedToAttached();
    if (!m_dirty && appended == m_seenAppended)
        return;
    draw();
}

void ChartFeeder::redraw()
{
    if (m_store)
        m_seenGeneration = m_store->generation();
    draw();
}

qint64 ChartFeeder::appendedToAttached() const
{
    qint64 total = 0;
    for (const Attached &a : m_series)
        total += m_store->stats(a.name).totalAppended;
    return total;
}

void ChartFeeder::draw()
{
    m_dirty = false;
    if (!m_store)
        return;

    // The history span over every attached series.
    qint64 first = std::numeric_limits<qint64>::max();
    qint64 newest = std::numeric_limits<qint64>::min();
    QList<SeriesStats> stats;
    stats.reserve(m_series.size());
    qint64 appended = 0;
    for (const Attached &a : std::as_const(m_series)) {
        SeriesStats s = m_store->stats(a.name);
        appended += s.totalAppended;
        if (s.count > 0) {
            first = std::min(first, s.firstT);
            newest = std::max(newest, s.lastT);
        }
        stats.append(std::move(s));
    }
    const bool hasData = newest != std::numeric_limits<qint64>::min();
    if (!hasData) {
        first = newest = 0;
    }
    m_historyStart = first;
    m_historyEnd = newest;
    m_seenAppended = appended;

    qint64 t0 = 0, t1 = newest;
    if (!windowFromRange(t0, t1)) {
        if (m_paused) {
            if (m_pausedEnd == 0)
                m_pausedEnd = newest;
            t1 = m_pausedEnd - m_scrollBackMs;
        }
        t0 = m_windowMs > 0 ? t1 - m_windowMs : first;
        if (t1 <= t0)
            t0 = t1 - 1000;
    }
    bool neverNegative = true;
    for (const SeriesStats &st : std::as_const(stats))
        neverNegative = neverNegative && (st.count == 0 || st.min >= 0);

    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    int points = 0;
    bool refining = false;
    QList<ChartLegendModel::Row> legend;
    legend.reserve(m_series.size());
    for (qsizetype i = 0; i < m_series.size(); ++i) {
        const Attached &a = m_series.at(i);
        ChartLegendModel::Row row{a.name, a.series ? a.series->color() : QColor()};
        row.mean = m_mean.value(a.name, qQNaN());
        SeriesView &view = *a.view;
        view.setWindow(t0, t1, m_plotWidth);
        // Paused (zoom, pan): coarse first, then refined over the next frames, so a zoom
        // step does not decimate the whole window in one frame (seriesview.h).
        view.setRefineBudget(m_paused ? std::max(SeriesView::CoarseFactor, m_plotWidth / SeriesView::CoarseFactor) : 0);
        if (hasData)
            m_store->updateView(a.name, view);
        else
            view.clear();
        refining = refining || !view.refined();
        const QList<QPointF> &pts = view.points();
        const double slo = view.min();
        const double shi = view.max();
        if (!pts.isEmpty()) {
            row.hasData = true;
            row.min = slo;
            row.max = shi;
            row.last = stats.at(i).count > 0 ? stats.at(i).last : pts.constLast().y();
            lo = std::min(lo, slo);
            hi = std::max(hi, shi);
        }
        points += int(pts.size());
        legend.append(row);
    }

    const qint64 x0 = m_x0, x1 = m_x1;
    const double y0 = m_y0, y1 = m_y1;
    m_x0 = t0;
    m_x1 = t1;
    m_hasData = points > 0;
    chooseYRange(lo, hi, neverNegative);
    if (!m_axesApplied || x0 != m_x0 || x1 != m_x1 || y0 != m_y0 || y1 != m_y1) {
        updateTicks();
        applyAxes(m_x0, m_x1, m_y0, m_y1);
    }
    for (const Attached &a : std::as_const(m_series)) {
        if (a.series)
            a.series->replace(a.view->points());
    }
    m_pointsDrawn = points;
    ++m_framesDrawn;
    m_dirty = refining;   // the next frame refines what this one drew coarse
    Q_EMIT rangeChanged();
    m_legendRows = std::move(legend);
    m_legendPending = true;
    flushLegend(m_paused);
    Q_EMIT frameDrawn();
}

void ChartFeeder::applyAxes(qint64 x0, qint64 x1, double y0, double y1)
{
    if (!m_axisX && !m_axisY)
        return;
    // QtCharts re-projects every point of every series on each axis range change (the
    // OpenGL path converts them all again, the raster path rebuilds the line's geometry)
    // and again on replace(): empty the series first, so a frame projects its points once
    // instead of three times (five with one QML binding per axis end).
    for (const Attached &a : std::as_const(m_series)) {
        if (a.series && a.series->count() > 0)
            a.series->replace(QList<QPointF>());
    }
    // A QValueAxis on X holds epoch ms (the labels are QML's); a DateTimeAxis (bench,
    // older layouts) takes QDateTime. The ticks go in before the range: QtCharts lays
    // the grid out on a range change, while a new interval or anchor alone only
    // invalidates its layout (no new grid until the geometry changes).
    auto ticksTo = [](QValueAxis *axis, const QVariantList &ticks, double step) {
        if (step > 0 && !ticks.isEmpty()) {
            axis->setTickType(QValueAxis::TicksDynamic);
            axis->setTickAnchor(ticks.constFirst().toMap().value(QStringLiteral("value")).toDouble());
            axis->setTickInterval(step);
        }
    };
    if (auto *vx = qobject_cast<QValueAxis *>(m_axisX.data())) {
        ticksTo(vx, m_xTicks, double(m_xStep));
        vx->setRange(double(x0), double(x1));
    } else if (m_axisX) {
        m_axisX->setRange(utc(x0), utc(x1));
    }
    if (auto *vy = qobject_cast<QValueAxis *>(m_axisY.data())) {
        ticksTo(vy, m_yTicks, m_yStep);
        vy->setRange(y0, y1);
    } else if (m_axisY) {
        m_axisY->setRange(y0, y1);
    }
    m_axesApplied = true;
}

void ChartFeeder::flushLegend(bool force)
{
    if (!m_legendPending)
        return;
    if (!force && m_sinceLegend.isValid() && m_sinceLegend.elapsed() < LegendIntervalMs)
        return;
    m_sinceLegend.start();
    m_legendPending = false;
    m_legend->update(m_legendRows);
}
