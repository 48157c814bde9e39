// bench_keep: the Pulseboard side of figure 9 (export and replay, issue 12 §3).
//   --mode export --format csv|ndjson --series 10 --points 1000000 --out FILE
//        fills a SeriesStore with series x points (1 ms apart, varying values), then
//        times SeriesExportJob::run (chunked reads, formatting, QSaveFile), with the
//        progress callback a dialog would use; prints {points, seconds, pointsPerSec,
//        bytes, progressCalls}.
//   --mode replay --profile ticks.json --frames 1000000 --out FILE
//        writes a recording of `frames` bench ticks (RecordingFile, as the recorder
//        does), then replays it at max speed through a real FeedConnection (ingest
//        thread: ReplaySource -> FeedPipeline -> SampleMapper -> SeriesStore + log);
//        prints {messages, seconds, msgsPerSec, samples, series, recordSeconds}.
// The peers (bench/peers/export_peer.py, export_peer.js) write the same rows.
#include "benchproc.h"
#include "benchticks.h"
#include "feedconnection.h"
#include "recordingfile.h"
#include "recordinginfo.h"
#include "seriesexportjob.h"
#include "seriesstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>
#include <cmath>
#include <cstdio>

namespace {

int exportMode(const QString &format, int seriesCount, qint64 points, const QString &out)
{
    SeriesStore::Limits limits;
    limits.maxPointsPerSeries = points;
    limits.maxAgeMs = 0;
    SeriesStore store(limits);
    QStringList names;
    const qint64 t0 = 1'700'000'000'000;
    for (int s = 0; s < seriesCount; ++s) {
        names.append(QStringLiteral("sensor-%1.value").arg(s));
        SampleBatch batch;
        batch.reserve(4096);
        for (qint64 i = 0; i < points; ++i) {
            // The peers compute the same values: round(sin-ish walk, 4 decimals).
            batch.append({names.last(), t0 + i, double(std::llround((s * 10.0 + std::sin(double(i) * 0.001) * 50.0) * 1e4)) / 1e4});
            if (batch.size() == 4096) {
                store.appendBatch(batch);
                batch.clear();
            }
        }
        store.appendBatch(batch);
    }
    ExportRequest req;
    req.path = out;
    ExportFormat::kindFromName(format, &req.kind);
    req.series = names;
    int calls = 0;
    QElapsedTimer clock;
    clock.start();
    const ExportResult r = SeriesExportJob::run(store, req, nullptr, [&calls](double) { ++calls; });
    const double secs = double(clock.nsecsElapsed()) / 1e9;
    if (!r.ok) {
        std::fprintf(stderr, "bench_keep: %s\n", qPrintable(r.error));
        return 1;
    }
    QFile::remove(out);   // before the JSON line: the driver stops the process once it has read it
    BenchProc::emitJson(QJsonObject{{"mode", "export"}, {"format", format}, {"points", double(r.points)},
                                    {"seconds", secs}, {"pointsPerSec", double(r.points) / secs},
                                    {"bytes", double(r.bytes)}, {"progressCalls", calls}});
    return 0;
}

int replayMode(QCoreApplication &app, const QString &profilePath, int frames, const QString &out)
{
    const std::vector<std::string> ticks = BenchTicks::make(65536);
    QElapsedTimer clock;
    clock.start();
    {
        RecordingFile file;
        const QString error = file.open(out);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "bench_keep: %s\n", qPrintable(error));
            return 1;
        }
        FeedProfile profile;
        QString perr;
        if (!FeedProfile::load(profilePath, &profile, &perr)) {
            std::fprintf(stderr, "bench_keep: %s\n", qPrintable(perr));
            return 1;
        }
        const quint16 ch = file.addConnection(QStringLiteral("bench"), {}, QString());
        const qint64 t0 = 1'700'000'000'000;
        for (int i = 0; i < frames; ++i)
            file.record(ch, t0 + i / 100, QByteArray::fromStdString(ticks[size_t(i) % ticks.size()]));
        file.close();
    }
    const double recordSecs = double(clock.nsecsElapsed()) / 1e9;
    RecordingInfo info;
    QString error;
    FeedProfile profile;
    if (!FeedProfile::load(profilePath, &profile, &error) || !RecordingInfo::read(out, &info, &error)) {
        std::fprintf(stderr, "bench_keep: %s\n", qPrintable(error));
        return 1;
    }
    profile.name = QStringLiteral("bench");
    FeedProfile replay;
    RecordingInfo::replayProfile(out, info.connections.first(), 0, &replay, &error);
    profile.endpoint = replay.endpoint;   // the bench profile's mapping, the recording as source
    SeriesStore store;
    auto *conn = new FeedConnection(QStringLiteral("bench"), profile, &store);
    QElapsedTimer run;
    QObject::connect(conn, &FeedConnection::stateChanged, &app, [&](FeedState s) {
        if (s != FeedState::Closed && s != FeedState::Failed)
            return;
        const double secs = double(run.nsecsElapsed()) / 1e9;
        const qint64 stored = qint64(store.generation());
        QJsonObject r{{"mode", "replay"}, {"messages", double(frames)}, {"seconds", secs},
                      {"msgsPerSec", double(frames) / secs}, {"samples", double(stored)},
                      {"series", store.seriesCount()}, {"recordSeconds", recordSecs},
                      {"recordMsgsPerSec", double(frames) / recordSecs},
                      {"fileBytes", double(QFile(out).size())}, {"state", feedStateName(s)}};
        delete conn;
        QFile::remove(out);
        BenchProc::emitJson(r);
        QCoreApplication::exit(s == FeedState::Closed ? 0 : 1);
    }, Qt::QueuedConnection);
    run.start();
    conn->start();
    return app.exec();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addOptions({{"mode", "export|replay", "mode", "export"},
                  {"format", "csv|ndjson", "format", "csv"},
                  {"series", "series count", "n", "10"},
                  {"points", "points per series", "n", "1000000"},
                  {"frames", "frames to record and replay", "n", "1000000"},
                  {"profile", "feed profile for replay", "file"},
                  {"out", "scratch file", "file", "/tmp/bench_keep.out"}});
    p.process(app);
    if (p.value("mode") == QLatin1String("export"))
        return exportMode(p.value("format"), p.value("series").toInt(), p.value("points").toLongLong(), p.value("out"));
    if (p.value("mode") == QLatin1String("replay"))
        return replayMode(app, p.value("profile"), p.value("frames").toInt(), p.value("out"));
    std::fprintf(stderr, "bench_keep: unknown mode\n");
    return 2;
}
