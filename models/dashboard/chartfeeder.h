// ChartFeeder: fills the line series of one QML ChartView from the SeriesStore at frame
// rate (the qmloscilloscope / KWeather pattern: QML owns ChartView and LineSeries, this
// helper receives each series with attach() and calls QXYSeries::replace()).
// Wire rate in, frame rate out: a timer (frameIntervalMs, default 33 ms, never below
// 16 ms) checks SeriesStore::generation() and redraws only when samples arrived for an
// attached series or a view setting changed, at most once per tick. Each attached series
// has a SeriesView (models/seriesview.h): M4 columns on a time grid of about one pixel,
// cached between frames, so a live frame computes only the edge columns and those
// completed since the last frame (cost independent of the history held) and hands at
// most ~2 points per pixel column to QXYSeries::replace() (min/max; M4 at the edges).
// While paused (zoom, pan) a view change is drawn coarse first and refined over the next
// frames (SeriesView's refine budget: plotWidth / 8 columns per series per frame).
//
// The window ends at the newest sample of the attached series (live) or, when paused,
// at the newest sample seen when pausing minus scrollBackMs. windowMs = 0 shows all
// history. Y is auto-scaled to the visible points (5 % margin) unless autoScale is off,
// then manualMin/manualMax apply. The legend (last, visible min/max) refreshes at most
// every LegendIntervalMs; the visible mean comes from a background pass over the store
// (chartfeederinspect.cpp), at most one at a time, once per second while live and once
// per view change that held still for StatsSettleMs. Bounds: at most MaxSeries attached series per feeder.
//
// Axes (issue 12): the ticks come from AxisTicks (nice values, round instants) for the
// plot's pixel size and font; the Y range is widened to whole steps. With QValueAxis
// axes (X on epoch ms) the feeder sets TicksDynamic anchor/interval so QtCharts draws the
// grid on those ticks; the labels (xTicks/yTicks) are drawn by QML, which QtCharts'
// DateTimeAxis cannot do on round instants and whose labels it elides when a chart is
// small. Inspect: with a ChartTimeSync the linked charts share one paused/zoomed range;
// zoomTime/panTime/setTimeRange/zoomValue act on it; valuesAt() reads the nearest raw
// sample of each series from the store (not the decimated picture).
#pragma once
#include "chartlegendmodel.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QtQml/qqmlregistration.h>
#include <memory>

#include "seriesstore.h"
#include "charttimesync.h"
#include <QTimeZone>
#include <future>
QT_BEGIN_NAMESPACE
class QAbstractAxis;
class QXYSeries;
QT_END_NAMESPACE

class ChartFeeder : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(SeriesStore *store READ store WRITE setStore NOTIFY storeChanged)
    Q_PROPERTY(QStringList seriesNames READ seriesNames NOTIFY seriesNamesChanged)
    Q_PROPERTY(qint64 windowMs READ windowMs WRITE setWindowMs NOTIFY windowMsChanged)
    Q_PROPERTY(bool paused READ isPaused WRITE setPaused NOTIFY pausedChanged)
    Q_PROPERTY(qint64 scrollBackMs READ scrollBackMs WRITE setScrollBackMs NOTIFY scrollBackMsChanged)
    Q_PROPERTY(bool autoScale READ autoScale WRITE setAutoScale NOTIFY autoScaleChanged)
    Q_PROPERTY(double manualMin READ manualMin WRITE setManualMin NOTIFY manualRangeChanged)
    Q_PROPERTY(double manualMax READ manualMax WRITE setManualMax NOTIFY manualRangeChanged)
    Q_PROPERTY(int plotWidth READ plotWidth WRITE setPlotWidth NOTIFY plotWidthChanged)
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)
    Q_PROPERTY(int frameIntervalMs READ frameIntervalMs WRITE setFrameIntervalMs NOTIFY frameIntervalMsChanged)
    // The chart's axes (a DateTimeAxis and a ValueAxis): when set, every drawn frame
    // applies xMin/xMax and yMin/yMax to them itself (see draw()); when unset, QML binds.
    Q_PROPERTY(QObject *axisX READ axisX WRITE setAxisX NOTIFY axesChanged)
    Q_PROPERTY(QObject *axisY READ axisY WRITE setAxisY NOTIFY axesChanged)
    // Outputs, updated once per drawn frame.
    Q_PROPERTY(QDateTime xMin READ xMin NOTIFY rangeChanged)
    Q_PROPERTY(QDateTime xMax READ xMax NOTIFY rangeChanged)
    Q_PROPERTY(double yMin READ yMin NOTIFY rangeChanged)
    Q_PROPERTY(double yMax READ yMax NOTIFY rangeChanged)
    Q_PROPERTY(double historyStartMs READ historyStartMs NOTIFY rangeChanged)
    Q_PROPERTY(double historyEndMs READ historyEndMs NOTIFY rangeChanged)
    Q_PROPERTY(bool hasData READ hasData NOTIFY rangeChanged)
    Q_PROPERTY(int pointsDrawn READ pointsDrawn NOTIFY frameDrawn)
    Q_PROPERTY(int framesDrawn READ framesDrawn NOTIFY frameDrawn)
    Q_PROPERTY(ChartLegendModel *legend READ legend CONSTANT)
    Q_PROPERTY(ChartTimeSync *timeSync READ timeSync WRITE setTimeSync NOTIFY timeSyncChanged)
    Q_PROPERTY(bool linked READ isLinked WRITE setLinked NOTIFY linkedChanged)
    // Label metrics from QML (plotWidth is the other input of the tick choice).
    Q_PROPERTY(int plotHeight READ plotHeight WRITE setPlotHeight NOTIFY plotWidthChanged)
    Q_PROPERTY(double fontHeight MEMBER m_fontHeight WRITE setFontHeight NOTIFY plotWidthChanged)
    Q_PROPERTY(double charWidth MEMBER m_charWidth WRITE setCharWidth NOTIFY plotWidthChanged)
    Q_PROPERTY(QString unit MEMBER m_unit WRITE setUnit NOTIFY plotWidthChanged)
    Q_PROPERTY(double xStartMs READ xStartMs NOTIFY rangeChanged)
    Q_PROPERTY(double xEndMs READ xEndMs NOTIFY rangeChanged)
    Q_PROPERTY(bool valueZoomed READ valueZoomed NOTIFY rangeChanged)
    Q_PROPERTY(QVariantList xTicks READ xTicks NOTIFY ticksChanged)   // [{value, label}]
    Q_PROPERTY(QVariantList yTicks READ yTicks NOTIFY ticksChanged)
public:
    static constexpr int MinFrameIntervalMs = 16;
    static constexpr int LegendIntervalMs = 100;
    static constexpr int MaxSeries = 32;
    static constexpr int MaxColumns = 8192;
    static constexpr int StatsSettleMs = 250;   // a paused view holds still this long before its mean pass

    explicit ChartFeeder(QObject *parent = nullptr);
    ~ChartFeeder() override;

    SeriesStore *store() const { return m_store; }
    void setStore(SeriesStore *store);
    QStringList seriesNames() const;
    qint64 windowMs() const { return m_windowMs; }
    void setWindowMs(qint64 ms);
    bool isPaused() const { return m_paused; }
    void setPaused(bool paused);
    qint64 scrollBackMs() const { return m_scrollBackMs; }
    void setScrollBackMs(qint64 ms);
    bool autoScale() const { return m_autoScale; }
    void setAutoScale(bool on);
    double manualMin() const { return m_manualMin; }
    void setManualMin(double v);
    double manualMax() const { return m_manualMax; }
    void setManualMax(double v);
    int plotWidth() const { return m_plotWidth; }
    void setPlotWidth(int px);
    bool isActive() const { return m_active; }
    void setActive(bool active);
    int frameIntervalMs() const { return m_timer.interval(); }
    bool isTicking() const { return m_timer.isActive(); }   // false while inactive: no frame work at all
    void setFrameIntervalMs(int ms);
    QObject *axisX() const;
    void setAxisX(QObject *axis);
    QObject *axisY() const;
    void setAxisY(QObject *axis);

    QDateTime xMin() const;
    QDateTime xMax() const;
    double yMin() const { return m_y0; }
    double yMax() const { return m_y1; }
    double historyStartMs() const { return double(m_historyStart); }
    double historyEndMs() const { return double(m_historyEnd); }
    bool hasData() const { return m_hasData; }
    int pointsDrawn() const { return m_pointsDrawn; }
    int framesDrawn() const { return m_framesDrawn; }
    ChartLegendModel *legend() const { return m_legend; }
    ChartTimeSync *timeSync() const { return m_sync; }
    void setTimeSync(ChartTimeSync *sync);
    bool isLinked() const { return m_linked; }
    void setLinked(bool linked);
    int plotHeight() const { return m_plotHeight; }
    void setPlotHeight(int px);
    void setFontHeight(double px);
    void setCharWidth(double px);
    void setUnit(const QString &unit);
    double xStartMs() const { return double(m_x0); }
    double xEndMs() const { return double(m_x1); }
    bool valueZoomed() const { return m_yZoomed; }
    QVariantList xTicks() const { return m_xTicks; }
    QVariantList yTicks() const { return m_yTicks; }

    // series: a QML LineSeries/ScatterSeries (any QXYSeries). Returns false (and does
    // nothing) for a non-XY series, an empty name or beyond MaxSeries.
    Q_INVOKABLE bool attach(const QString &name, QObject *series);
    Q_INVOKABLE void detach(const QString &name);
    Q_INVOKABLE void detachAll();
    // Scrolls back (positive) or forward by a fraction of the window; pauses the view.
    Q_INVOKABLE void scrollBy(double windowFraction);
    Q_INVOKABLE void goLive();      // unpause and jump to the newest data
    Q_INVOKABLE void refresh();     // the timer calls this: redraws only when needed
    Q_INVOKABLE void redraw();      // redraws now regardless of the generation
    // Inspect (chartfeederinspect.cpp). Times in ms since the epoch, as on the X axis.
    Q_INVOKABLE void setTimeRange(double t0, double t1);   // the shared range when linked
    Q_INVOKABLE void zoomTime(double centerMs, double factor);   // factor < 1 zooms in
    Q_INVOKABLE void panTime(double deltaMs);
    Q_INVOKABLE void setValueRange(double lo, double hi);
    Q_INVOKABLE void zoomValue(double center, double factor);
    Q_INVOKABLE void zoomToFit();   // all history, Y follows the data
    // Per attached series: {name, color, value, t} of the sample nearest to t (none
    // when the series has no data).
    Q_INVOKABLE QVariantList valuesAt(double t) const;

Q_SIGNALS:
    void storeChanged();
    void seriesNamesChanged();
    void windowMsChanged();
    void pausedChanged();
    void scrollBackMsChanged();
    void autoScaleChanged();
    void manualRangeChanged();
    void plotWidthChanged();
    void activeChanged();
    void frameIntervalMsChanged();
    void axesChanged();
    void rangeChanged();
    void frameDrawn();
    void timeSyncChanged();
    void linkedChanged();
    void ticksChanged();
    void statsComputed();   // a background mean pass delivered (tests wait on it)

private:
    struct Attached
    {
        QString name;
        QPointer<QXYSeries> series;
        std::shared_ptr<SeriesView> view;   // this chart's cached decimation of the series
    };
    void markDirty();
    void updateTimer();
    void draw();
    qint64 appendedToAttached() const;
    void flushLegend(bool force);
    void applyAxes(qint64 x0, qint64 x1, double y0, double y1);
    bool windowFromRange(qint64 &t0, qint64 &t1) const;   // a sync or local range applies
    void updateTicks();
    void chooseYRange(double lo, double hi, bool neverNegative);
    void pollStats();
    void onSyncLive();
    struct StatsResult { qint64 x0, x1; QHash<QString, double> mean; };

    QPointer<SeriesStore> m_store;
    QPointer<QAbstractAxis> m_axisX, m_axisY;
    bool m_axesApplied = false;   // the axes hold the current m_x0..m_y1
    QList<Attached> m_series;
    ChartLegendModel *m_legend;
    QTimer m_timer;
    QElapsedTimer m_sinceLegend;
    QList<ChartLegendModel::Row> m_legendRows;   // newest legend values, maybe not shown yet
    bool m_legendPending = false;
    quint64 m_seenGeneration = 0;
    qint64 m_seenAppended = -1;    // samples ever appended to the attached series, at the last draw
    bool m_dirty = true;
    bool m_active = true;
    qint64 m_windowMs = 60'000;
    bool m_paused = false;
    qint64 m_pausedEnd = 0;       // newest sample time when the view was paused
    qint64 m_scrollBackMs = 0;
    bool m_autoScale = true;
    double m_manualMin = 0, m_manualMax = 100;
    int m_plotWidth = 600;
    // outputs
    qint64 m_x0 = 0, m_x1 = 0;
    double m_y0 = 0, m_y1 = 1;
    qint64 m_historyStart = 0, m_historyEnd = 0;
    bool m_hasData = false;
    int m_pointsDrawn = 0;
    int m_framesDrawn = 0;
    // axes
    int m_plotHeight = 300;
    double m_fontHeight = 14, m_charWidth = 7;
    QString m_unit;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
    double m_yStep = 0;
    qint64 m_xStep = 0;
    QVariantList m_xTicks, m_yTicks;
    // inspect
    QPointer<ChartTimeSync> m_sync;
    bool m_linked = true;
    bool m_hasLocalRange = false;
    qint64 m_localT0 = 0, m_localT1 = 0;
    bool m_yZoomed = false;
    double m_yz0 = 0, m_yz1 = 1;
    // legend mean: one background pass at a time
    std::future<StatsResult> m_stats;
    QElapsedTimer m_sinceStats, m_settled;
    qint64 m_settleX0 = 0, m_settleX1 = -1;
    qint64 m_statsX0 = 0, m_statsX1 = -1;
    QHash<QString, double> m_mean;
};
