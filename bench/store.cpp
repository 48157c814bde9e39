// bench_store: memory per stored point (bench/README.md, figure 4). Fills a SeriesStore
// with --series series of --points points each, the way a feed does (batches of one
// sample per series), and reports the process's RSS growth divided by the points held,
// next to SeriesStore::bytesUsed() and the append rate.
//   bench_store [--series 10] [--points 1000000]
#include "benchproc.h"
#include "seriesstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addOptions({{"series", "series", "n", "10"}, {"points", "points per series", "n", "1000000"}});
    p.process(app);
    const int seriesCount = p.value("series").toInt();
    const qint64 points = p.value("points").toLongLong();

    SeriesStore store;
    QStringList names;
    for (int s = 0; s < seriesCount; ++s)
        names.append(QStringLiteral("SYM%1.price").arg(s));
    SampleBatch batch;
    batch.reserve(seriesCount);
    const qint64 rss0 = BenchProc::rssBytes();
    QElapsedTimer clock;
    clock.start();
    const qint64 t0 = 1'700'000'000'000LL;
    for (qint64 i = 0; i < points; ++i) {
        batch.clear();
        for (int s = 0; s < seriesCount; ++s)
            batch.append(Sample{names.at(s), t0 + i, double(i % 1000) + s});
        store.appendBatch(batch);
    }
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    const qint64 rss1 = BenchProc::rssBytes();
    qint64 held = 0;
    for (const SeriesStats &st : store.allStats())
        held += st.count;
    BenchProc::emitJson({{"series", seriesCount}, {"pointsPerSeries", double(points)},
                         {"pointsHeld", double(held)}, {"rssDeltaBytes", double(rss1 - rss0)},
                         {"bytesPerPoint", double(rss1 - rss0) / double(held)},
                         {"storeBytesUsedPerPoint", double(store.bytesUsed()) / double(held)},
                         {"appendSamplesPerSec", double(points * seriesCount) / seconds}});
    return 0;
}
