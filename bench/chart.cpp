// bench_chart: chart cost against history (bench/README.md, figure 3). A 1280x720 QML
// ChartView with 10 LineSeries on two ValueAxis (X in epoch ms, as ChartCard) is fed by the real ChartFeeder
// from a real SeriesStore holding H points per series (H = 1k, 100k, 1M), showing the
// whole history (windowMs = 0, the worst case for decimation). Per frame: one sample
// appended to each series, then
//   update = ChartFeeder::redraw(): 10 cached SeriesViews brought up to date
//            (SeriesStore::updateView), the axis ranges applied, 10 x QXYSeries::replace;
//   render = QQuickWindow::grabWindow() (polish, sync, ChartView paint, read-back).
// Also timed alone: the 10 views' update (the store's share of a frame) and a stateless
// decimation of the whole history (a frame without the cache: first frame, view change).
// Prints one JSON line per H with p50/p95/max of both.
// --inspect (issue 12): 10 series x H points (default 1M) while a second thread ingests
// --rate samples/s (default 100,000, one sample per message, stored every 1 ms as the
// pipeline does per socket read); the chart is paused and inspected as a person would:
// zoom frames (ChartFeeder::zoomTime around a point + refresh: a new grid, so every column
// is decimated again; the legend's mean pass is started on its thread), pan frames
// (panTime + refresh) and crosshair frames (valuesAt() for 10 series from the store,
// as the hover does), each followed by grabWindow(). p50/p99/max per kind, against the
// 33 ms frame budget, and the ingest rate reached meanwhile.
//   bench_chart [--sizes 1000,100000,1000000] [--frames 40] [--inspect [--rate N]]
#include "benchproc.h"
#include "chartfeeder.h"
#include "seriesstore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QSGRendererInterface>
#include <QRandomGenerator>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

namespace {

const char *kQml = R"(
import QtQuick
import QtCharts
Item {
    width: 1280; height: 720
    property alias chart: chart
    property alias axisX: axisX
    property alias axisY: axisY
    function seriesAt(i) { return chart.series(i) }
    ChartView {
        id: chart
        anchors.fill: parent
        antialiasing: true
        legend.visible: false
        ValueAxis { id: axisX; labelsVisible: false }   // epoch ms, as in ChartCard.qml
        ValueAxis { id: axisY; labelsVisible: false }   // (its labels are QML Text items)
        LineSeries { objectName: "s0"; axisX: axisX; axisY: axisY }
        LineSeries { objectName: "s1"; axisX: axisX; axisY: axisY }
        LineSeries { objectName: "s2"; axisX: axisX; axisY: axisY }
        LineSeries { objectName: "s3"; axisX: axisX; axisY: axisY }
        LineSeries { objectName: "s4"; axisX: axisX; axisY: axisY }
        LineSeries { objectName: "s5"; axisX: axisX; axisY: axisY }
        LineSeries { objectName: "s6"; axisX: axisX; axisY: axisY }
        LineSeries { objectName: "s7"; axisX: axisX; axisY: axisY }
        LineSeries { objectName: "s8"; axisX: axisX; axisY: axisY }
        LineSeries { objectName: "s9"; axisX: axisX; axisY: axisY }
    }
}
)";

struct Pct { double p50, p95, max, p99; };
Pct percentiles(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    // Nearest rank: p99 of 100 frames is the 99th, not the maximum.
    auto at = [&](double q) {
        const size_t rank = size_t(std::ceil(q * double(v.size())));
        return v[std::min(v.size() - 1, rank > 0 ? rank - 1 : 0)];
    };
    return {at(0.5), at(0.95), v.back(), at(0.99)};
}

// Issue 12's inspect figure (see the header comment). Returns false on failure.
bool inspect(ChartFeeder &feeder, SeriesStore &store, QQuickView &view, qint64 t0, qint64 tEnd, int rate,
             int frames, qint64 history, int plotWidth, bool openGl)
{
    std::atomic<bool> stop{false};
    std::atomic<qint64> ingested{0};
    std::thread ingest([&] {   // rate samples/s, one batch per millisecond
        QElapsedTimer clock;
        clock.start();
        QRandomGenerator rng(3);
        qint64 sent = 0;
        SampleBatch batch;
        QStringList names;
        for (int s = 0; s < 10; ++s)
            names.append(QStringLiteral("series%1").arg(s));
        while (!stop.load()) {
            const qint64 due = clock.nsecsElapsed() / 1000 * rate / 1'000'000;
            batch.clear();
            const qint64 now = tEnd + clock.elapsed();
            for (; sent < due; ++sent)
                batch.append(Sample{names.at(int(sent % 10)), now, 500 + rng.generateDouble()});
            if (!batch.isEmpty())
                store.appendBatch(batch);
            ingested.store(sent);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    });
    QElapsedTimer wall;
    wall.start();
    feeder.setPaused(true);
    feeder.setTimeRange(double(t0), double(tEnd));
    feeder.refresh();
    view.grabWindow();
    QRandomGenerator rng(11);
    std::vector<double> zoom, pan, cross, zoomUpdate, panUpdate;
    for (int f = 0; f < frames * 3; ++f) {
        QElapsedTimer clock;
        clock.start();
        const double x0 = feeder.xStartMs(), x1 = feeder.xEndMs();
        const double at = x0 + rng.generateDouble() * (x1 - x0);
        const int kind = f % 3;
        if (kind == 0) {
            // In while the view is wider than 2 % of the history, out again after.
            const bool in = (x1 - x0) > 0.02 * double(tEnd - t0) && (f / 3) % 8 < 4;
            feeder.zoomTime(at, in ? 0.7 : 1 / 0.7);
            feeder.refresh();
        } else if (kind == 1) {
            feeder.panTime((rng.generateDouble() - 0.5) * 0.2 * (x1 - x0));
            feeder.refresh();
        } else if (feeder.valuesAt(at).size() != 10) {
            qCritical("bench_chart: valuesAt did not answer for 10 series");
            return false;
        }
        if (kind < 2)   // the feeder's share: views, axes, replace()
            (kind == 0 ? zoomUpdate : panUpdate).push_back(double(clock.nsecsElapsed()) / 1e6);
        if (view.grabWindow().isNull())
            return false;
        (kind == 0 ? zoom : kind == 1 ? pan : cross).push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    stop.store(true);
    ingest.join();
    const Pct pz = percentiles(zoom), pp = percentiles(pan), pc = percentiles(cross);
    const Pct pzu = percentiles(zoomUpdate), ppu = percentiles(panUpdate);
    BenchProc::emitJson({{"figure", "inspect"}, {"points", double(history)}, {"series", 10}, {"plotWidth", plotWidth},
                         {"useOpenGL", openGl}, {"ingestTargetPerSec", rate}, {"ingestedPerSec", double(ingested.load()) / seconds},
                         {"zoomP50ms", pz.p50}, {"zoomP99ms", pz.p99}, {"zoomMaxms", pz.max},
                         {"panP50ms", pp.p50}, {"panP99ms", pp.p99}, {"panMaxms", pp.max},
                         {"zoomUpdateP50ms", pzu.p50}, {"zoomUpdateP99ms", pzu.p99},
                         {"panUpdateP50ms", ppu.p50}, {"panUpdateP99ms", ppu.p99},
                         {"crosshairP50ms", pc.p50}, {"crosshairP99ms", pc.p99}, {"crosshairMaxms", pc.max},
                         {"framesPerKind", double(zoom.size())}, {"budgetMs", 33}});
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);   // QtCharts in QML needs Widgets
    QCommandLineParser p;
    p.addOptions({{"sizes", "points per series", "list", "1000,100000,1000000"},
                  {"frames", "frames per size", "n", "40"},
                  {"opengl", "LineSeries.useOpenGL: true (needs a GL context, e.g. Xvfb + GLX)"},
                  {"inspect", "zoom/pan/crosshair frames while ingesting (issue 12)"},
                  {"rate", "samples/s ingested during --inspect", "n", "100000"}});
    p.process(app);
    const bool openGl = p.isSet("opengl");
    const int frames = p.value("frames").toInt();

    QQuickView view;
    QQmlComponent component(view.engine());
    component.setData(kQml, QUrl::fromLocalFile(QStringLiteral("/bench/chart.qml")));
    auto *root = qobject_cast<QQuickItem *>(component.create());
    if (!root) {
        qCritical("bench_chart: %s", qPrintable(component.errorString()));
        return 1;
    }
    view.setContent(QUrl(), &component, root);
    view.resize(1280, 720);
    view.show();
    view.grabWindow();   // first layout, so plotArea is known

    QObject *chart = root->property("chart").value<QObject *>();
    QObject *axisX = root->property("axisX").value<QObject *>();
    QObject *axisY = root->property("axisY").value<QObject *>();
    const int plotWidth = int(chart->property("plotArea").toRectF().width());

    for (const QString &sizeText : p.value("sizes").split(',')) {
        const qint64 history = sizeText.toLongLong();
        SeriesStore store;
        const qint64 t0 = 1'700'000'000'000LL;
        QRandomGenerator rng(7);
        double values[10];
        for (int s = 0; s < 10; ++s)
            values[s] = 100.0 * (s + 1);
        SampleBatch batch;
        qint64 t = t0;
        auto appendRound = [&] {   // one point per series, 10 ms apart
            batch.clear();
            for (int s = 0; s < 10; ++s) {
                values[s] += rng.generateDouble() - 0.5;
                batch.append(Sample{QStringLiteral("series%1").arg(s), t, values[s]});
            }
            t += 10;
            store.appendBatch(batch);
        };
        for (qint64 i = 0; i < history; ++i)
            appendRound();

        ChartFeeder feeder;
        feeder.setActive(false);   // frames are driven here, not by its timer
        feeder.setStore(&store);
        feeder.setWindowMs(0);
        feeder.setPlotWidth(plotWidth);
        feeder.setAxisX(axisX);   // as qml/charts/ChartCard.qml: the feeder sets the ranges
        feeder.setAxisY(axisY);
        for (int s = 0; s < 10; ++s) {
            QVariant series;
            QMetaObject::invokeMethod(root, "seriesAt", Q_RETURN_ARG(QVariant, series), Q_ARG(QVariant, s));
            if (QObject *line = series.value<QObject *>(); line && openGl)
                line->setProperty("useOpenGL", true);
            if (!feeder.attach(QStringLiteral("series%1").arg(s), series.value<QObject *>())) {
                qCritical("bench_chart: cannot attach line series %d", s);
                return 1;
            }
        }

        // Decimation from scratch: 10 stateless decimated reads of the whole history (what
        // a chart pays on its first frame or after a view change, and what every frame
        // paid before the SeriesView cache).
        std::vector<double> decimate;
        for (int f = 0; f < 10; ++f) {
            QElapsedTimer clock;
            clock.start();
            qsizetype n = 0;
            for (int s = 0; s < 10; ++s)
                n += store.decimated(QStringLiteral("series%1").arg(s), t0, t, plotWidth).size();
            decimate.push_back(double(clock.nsecsElapsed()) / 1e6);
            if (n == 0)
                return 1;
        }
        // The store's share of a live frame: 10 cached views brought up to date after one
        // new point per series (what ChartFeeder::redraw does before replace()).
        std::vector<double> viewUpdate;
        {
            std::vector<SeriesView> views(10);
            for (int f = 0; f < 23; ++f) {
                appendRound();
                QElapsedTimer clock;
                clock.start();
                for (int s = 0; s < 10; ++s) {
                    views[size_t(s)].setWindow(t0, t - 10, plotWidth);
                    store.updateView(QStringLiteral("series%1").arg(s), views[size_t(s)]);
                }
                if (f >= 3)
                    viewUpdate.push_back(double(clock.nsecsElapsed()) / 1e6);
            }
        }
        if (p.isSet("inspect")) {
            if (!inspect(feeder, store, view, t0, t, p.value("rate").toInt(), frames, history, plotWidth, openGl))
                return 1;
            feeder.detachAll();
            continue;
        }
        std::vector<double> update, render;
        for (int f = 0; f < frames + 3; ++f) {
            appendRound();
            QElapsedTimer clock;
            clock.start();
            feeder.redraw();   // views, axis ranges, replace()
            const double u = double(clock.nsecsElapsed()) / 1e6;
            clock.restart();
            const QImage image = view.grabWindow();
            const double r = double(clock.nsecsElapsed()) / 1e6;
            if (f >= 3) {   // the first frames allocate the scene's caches
                update.push_back(u);
                render.push_back(r);
            }
            if (image.isNull()) {
                qCritical("bench_chart: grabWindow failed");
                return 1;
            }
        }
        const Pct pu = percentiles(update), pr = percentiles(render), pd = percentiles(decimate);
        const Pct pv = percentiles(viewUpdate);
        BenchProc::emitJson({{"points", double(history)}, {"series", 10}, {"plotWidth", plotWidth},
                             {"useOpenGL", openGl}, {"graphicsApi", int(view.rendererInterface()->graphicsApi())},
                             {"pointsDrawn", feeder.pointsDrawn()}, {"decimateP50ms", pd.p50},
                             {"viewUpdateP50ms", pv.p50}, {"viewUpdateMaxms", pv.max},
                             {"updateP50ms", pu.p50}, {"updateP95ms", pu.p95}, {"updateMaxms", pu.max},
                             {"renderP50ms", pr.p50}, {"renderP95ms", pr.p95}, {"renderMaxms", pr.max}});
        feeder.detachAll();
    }
    return 0;
}
