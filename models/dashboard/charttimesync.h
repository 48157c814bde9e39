// ChartTimeSync: the one time axis and crosshair the charts of a pane share (as in
// PlotJuggler). ChartPane creates one; every ChartCard hands it to its ChartFeeder.
// Live (the default): each chart ends at its newest sample. A zoom, pan or box-zoom on
// any linked chart sets a range here, which pauses every linked chart on that same range
// until goLive(). pause() stops following the data without a range yet: each chart
// freezes where it is. cursorMs is the crosshair's time (NaN: none), set by the chart the
// pointer is over and drawn by all. A chart can be unlinked (ChartFeeder::linked) and
// then keeps its own range. Only user gestures change it: nothing per message.
// Bounds: a range is clamped to [MinSpanMs, MaxSpanMs].
#pragma once
#include <QObject>
#include <QtQml/qqmlregistration.h>
#include <cmath>

class ChartTimeSync : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool live READ isLive WRITE setLive NOTIFY liveChanged)
    Q_PROPERTY(bool hasRange READ hasRange NOTIFY rangeChanged)
    Q_PROPERTY(double startMs READ startMs NOTIFY rangeChanged)
    Q_PROPERTY(double endMs READ endMs NOTIFY rangeChanged)
    Q_PROPERTY(double cursorMs READ cursorMs WRITE setCursorMs NOTIFY cursorChanged)
    Q_PROPERTY(bool hasCursor READ hasCursor NOTIFY cursorChanged)
public:
    static constexpr qint64 MinSpanMs = 10;
    static constexpr qint64 MaxSpanMs = 100LL * 365 * 24 * 3600 * 1000;

    explicit ChartTimeSync(QObject *parent = nullptr);

    bool isLive() const { return m_live; }
    void setLive(bool live);   // true = goLive(), false = pause()
    bool hasRange() const { return m_hasRange; }
    qint64 start() const { return m_start; }
    qint64 end() const { return m_end; }
    double startMs() const { return double(m_start); }
    double endMs() const { return double(m_end); }
    double cursorMs() const { return m_cursor; }
    bool hasCursor() const { return !std::isnan(m_cursor); }
    void setCursorMs(double ms);

    // Shows [t0, t1] on every linked chart (paused). Non-finite input is ignored.
    Q_INVOKABLE void setRange(double t0, double t1);
    Q_INVOKABLE void pause();
    Q_INVOKABLE void goLive();
    Q_INVOKABLE void clearCursor() { setCursorMs(std::nan("")); }

    // [t0, t1] clamped to the span bounds around its centre; false for non-finite input.
    static bool clampRange(double &t0, double &t1);

Q_SIGNALS:
    void liveChanged();
    void rangeChanged();
    void cursorChanged();

private:
    bool m_live = true;
    bool m_hasRange = false;
    qint64 m_start = 0, m_end = 0;
    double m_cursor = std::nan("");
};
