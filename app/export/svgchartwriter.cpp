#include "svgchartwriter.h"

#include "seriesstore.h"

#include <QDateTime>
#include <cmath>

namespace SvgChartWriter {

namespace {
constexpr int Left = 72, Right = 20, Top = 40, Bottom = 44;
const char *const Palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"};

QString num(double v)
{
    return QString::number(v, 'f', 1);
}
} // namespace

QString escape(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        switch (c.unicode()) {
        case '&': out += QLatin1String("&amp;"); break;
        case '<': out += QLatin1String("&lt;"); break;
        case '>': out += QLatin1String("&gt;"); break;
        case '"': out += QLatin1String("&quot;"); break;
        case '\'': out += QLatin1String("&apos;"); break;
        default:
            // XML 1.0 forbids most control characters even as references: show a space.
            out += (c.unicode() < 0x20 && c != QLatin1Char('\t')) || c.unicode() == 0xFFFE || c.unicode() == 0xFFFF
                ? QChar(QLatin1Char(' ')) : c;
        }
    }
    return out;
}

QList<double> valueTicks(double lo, double hi, int wanted)
{
    QList<double> ticks;
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi))
        return {lo};
    const double raw = (hi - lo) / std::max(1, wanted);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        step = m * mag;
        if (step >= raw)
            break;
    }
    for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9 && ticks.size() < 50; v += step)
        ticks.append(std::abs(v) < step * 1e-9 ? 0.0 : v);
    return ticks;
}

QList<qint64> timeTicks(qint64 t0, qint64 t1, int wanted, qint64 *stepMs)
{
    static const qint64 steps[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 15000, 30000,
                                   60000, 120000, 300000, 600000, 900000, 1800000, 3600000, 7200000, 10800000,
                                   21600000, 43200000, 86400000, 172800000, 604800000};
    const qint64 span = std::max<qint64>(1, t1 - t0);
    qint64 step = steps[std::size(steps) - 1];
    for (qint64 s : steps) {
        if (span / s <= wanted) {
            step = s;
            break;
        }
    }
    *stepMs = step;
    // Round instants in local time (what the chart shows): offset by the UTC offset.
    const qint64 offset = qint64(QDateTime::fromMSecsSinceEpoch(t0).offsetFromUtc()) * 1000;
    QList<qint64> ticks;
    qint64 first = ((t0 + offset) / step) * step - offset;
    if (first < t0)
        first += step;
    for (qint64 t = first; t <= t1 && ticks.size() < 50; t += step)
        ticks.append(t);
    return ticks;
}

QByteArray write(const SeriesStore &store, const SvgChartSpec &spec)
{
    const int w = std::clamp(spec.width, 200, 10000), h = std::clamp(spec.height, 150, 10000);
    const int plotW = w - Left - Right, plotH = h - Top - Bottom;
    qint64 t0 = spec.fromMs, t1 = spec.toMs;
    if (t0 == 0 && t1 == 0) {
        t0 = std::numeric_limits<qint64>::max();
        t1 = std::numeric_limits<qint64>::min();
        for (const QString &s : spec.series) {
            const SeriesStats st = store.stats(s);
            if (st.count > 0) {
                t0 = std::min(t0, st.firstT);
                t1 = std::max(t1, st.lastT);
            }
        }
        if (t0 > t1)
            t0 = t1 = 0;
    }
    QList<QList<QPointF>> data;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const QString &s : spec.series) {
        data.append(store.decimated(s, t0, t1, plotW));
        for (const QPointF &p : data.last()) {
            lo = std::min(lo, p.y());
            hi = std::max(hi, p.y());
        }
    }
    if (!std::isfinite(lo)) {
        lo = 0;
        hi = 1;
    } else if (hi == lo) {
        lo -= 1;
        hi += 1;
    }
    const QList<double> yTicks = valueTicks(lo, hi, std::max(2, plotH / 60));
    lo = std::min(lo, yTicks.first());
    hi = std::max(hi, yTicks.last());
    const double tSpan = std::max<double>(1, double(t1 - t0));
    auto x = [&](double t) { return Left + (t - double(t0)) / tSpan * plotW; };
    auto y = [&](double v) { return Top + (hi - v) / (hi - lo) * plotH; };

    QString svg;
    svg += QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%2\" viewBox=\"0 0 %1 %2\" "
                          "font-family=\"sans-serif\" font-size=\"12\">\n").arg(w).arg(h);
    svg += QStringLiteral("<rect width=\"%1\" height=\"%2\" fill=\"#ffffff\"/>\n").arg(w).arg(h);
    svg += QStringLiteral("<text x=\"%1\" y=\"22\" font-size=\"15\" font-weight=\"bold\" fill=\"#222\">%2</text>\n")
               .arg(Left).arg(escape(spec.title));
    // Grid and value axis.
    svg += QStringLiteral("<g class=\"y-axis\" fill=\"#555\" text-anchor=\"end\">\n");
    for (double v : yTicks) {
        const QString yy = num(y(v));
        svg += QStringLiteral("<line x1=\"%1\" x2=\"%2\" y1=\"%3\" y2=\"%3\" stroke=\"#e4e4e4\"/>"
                              "<text x=\"%4\" y=\"%3\" dy=\"4\">%5</text>\n")
                   .arg(Left).arg(Left + plotW).arg(yy).arg(Left - 6).arg(QLocale::c().toString(v, 'g', 10));
    }
    svg += QStringLiteral("</g>\n");
    qint64 step = 0;
    const QList<qint64> xTicks = timeTicks(t0, t1, std::max(2, plotW / 110), &step);
    const QDateTime first = QDateTime::fromMSecsSinceEpoch(t0), last = QDateTime::fromMSecsSinceEpoch(t1);
    const bool showDate = first.date() != last.date() || first.date() != QDate::currentDate() || step >= 86400000;
    const QString fmt = step >= 86400000 ? QStringLiteral("yyyy-MM-dd")
                      : step % 60000 == 0 ? QStringLiteral("HH:mm")
                      : step % 1000 == 0 ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm:ss.zzz");
    svg += QStringLiteral("<g class=\"x-axis\" fill=\"#555\" text-anchor=\"middle\">\n");
    for (qint64 t : xTicks) {
        const QString xx = num(x(double(t)));
        const QDateTime dt = QDateTime::fromMSecsSinceEpoch(t);
        svg += QStringLiteral("<line x1=\"%1\" x2=\"%1\" y1=\"%2\" y2=\"%3\" stroke=\"#e4e4e4\"/>"
                              "<text x=\"%1\" y=\"%4\">%5</text>\n")
                   .arg(xx).arg(Top).arg(Top + plotH).arg(Top + plotH + 16).arg(dt.toString(fmt));
    }
    if (showDate && step < 86400000)
        svg += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"start\">%3</text>\n")
                   .arg(Left).arg(Top + plotH + 34).arg(first.toString(QStringLiteral("yyyy-MM-dd"))
                        + (first.date() != last.date() ? QStringLiteral(" – ") + last.toString(QStringLiteral("yyyy-MM-dd")) : QString()));
    svg += QStringLiteral("</g>\n<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"none\" stroke=\"#999\"/>\n")
               .arg(Left).arg(Top).arg(plotW).arg(plotH);
    // Series and legend.
    for (int i = 0; i < spec.series.size(); ++i) {
        const QString color = spec.colors.isEmpty() ? QString::fromLatin1(Palette[i % std::size(Palette)])
                                                    : spec.colors.at(i % spec.colors.size()).name();
        QString pts;
        pts.reserve(data[i].size() * 14);
        for (const QPointF &p : data[i])
            pts += num(x(p.x())) + QLatin1Char(',') + num(y(p.y())) + QLatin1Char(' ');
        svg += QStringLiteral("<polyline class=\"series\" fill=\"none\" stroke=\"%1\" stroke-width=\"1.5\" "
                              "stroke-linejoin=\"round\" points=\"%2\"><title>%3</title></polyline>\n")
                   .arg(color, pts.trimmed(), escape(spec.series[i]));
        const int ly = Top + 8 + i * 16;
        svg += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"10\" height=\"10\" fill=\"%3\"/>"
                              "<text x=\"%4\" y=\"%5\" fill=\"#222\" text-anchor=\"end\">%6</text>\n")
                   .arg(Left + plotW - 14).arg(ly).arg(color).arg(Left + plotW - 20).arg(ly + 9)
                   .arg(escape(spec.series[i]));
    }
    svg += QStringLiteral("</svg>\n");
    return svg.toUtf8();
}

} // namespace SvgChartWriter
