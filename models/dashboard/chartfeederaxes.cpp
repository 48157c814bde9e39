// ChartFeeder's axes: the Y range and both axes' ticks from AxisTicks (see chartfeeder.h).
#include "axisticks.h"
#include "chartfeeder.h"

#include <QDateTime>
#include <cmath>

namespace {

QVariantList toVariant(const QList<AxisTick> &ticks)
{
    QVariantList out;
    out.reserve(ticks.size());
    for (const AxisTick &t : ticks)
        out.append(QVariantMap{{QStringLiteral("value"), t.value}, {QStringLiteral("label"), t.label}});
    return out;
}

} // namespace

void ChartFeeder::setPlotHeight(int px)
{
    px = std::clamp(px, 1, MaxColumns);
    if (px == m_plotHeight)
        return;
    m_plotHeight = px;
    m_axesApplied = false;   // the tick budget changed
    markDirty();
    Q_EMIT plotWidthChanged();
}

void ChartFeeder::setFontHeight(double px)
{
    if (!std::isfinite(px) || px <= 0 || px == m_fontHeight)
        return;
    m_fontHeight = std::min(px, 200.0);
    m_axesApplied = false;
    markDirty();
    Q_EMIT plotWidthChanged();
}

void ChartFeeder::setCharWidth(double px)
{
    if (!std::isfinite(px) || px <= 0 || px == m_charWidth)
        return;
    m_charWidth = std::min(px, 200.0);
    m_axesApplied = false;
    markDirty();
    Q_EMIT plotWidthChanged();
}

void ChartFeeder::setUnit(const QString &unit)
{
    if (unit == m_unit)
        return;
    m_unit = unit.left(32);
    m_axesApplied = false;
    markDirty();
    Q_EMIT plotWidthChanged();
}

// Y: a zoomed or manual range is kept as given (ticks inside it); otherwise the data's
// range with margins, widened to whole tick steps (AxisTicks::valueTicks).
void ChartFeeder::chooseYRange(double lo, double hi, bool neverNegative)
{
    const QLocale locale;
    const int budget = AxisTicks::valueTickBudget(m_plotHeight, m_fontHeight);
    ValueScale s;
    if (m_yZoomed) {
        s = AxisTicks::valueTicksInside(m_yz0, m_yz1, budget, locale, m_unit);
    } else if (!m_autoScale) {
        double a = std::min(m_manualMin, m_manualMax), b = std::max(m_manualMin, m_manualMax);
        if (a == b)
            b = a + 1;
        s = AxisTicks::valueTicksInside(a, b, budget, locale, m_unit);
    } else if (m_hasData) {
        const auto [a, b] = AxisTicks::paddedRange(lo, hi, neverNegative);
        s = AxisTicks::valueTicks(a, b, budget, locale, m_unit);
    } else {
        s = AxisTicks::valueTicksInside(m_y0, m_y1, budget, locale, m_unit);
    }
    m_y0 = s.lo;
    m_y1 = s.hi;
    const QVariantList ticks = toVariant(s.ticks);
    m_yStep = s.step;
    if (ticks != m_yTicks) {
        m_yTicks = ticks;
        Q_EMIT ticksChanged();
    }
}

void ChartFeeder::updateTicks()
{
    const TimeScale t = AxisTicks::timeTicks(m_x0, m_x1, m_plotWidth, m_charWidth, QLocale(), m_zone,
                                             QDateTime::currentMSecsSinceEpoch());
    const QVariantList ticks = toVariant(t.ticks);
    m_xStep = t.step;
    if (ticks != m_xTicks) {
        m_xTicks = ticks;
        Q_EMIT ticksChanged();
    }
}
