// bench_ingest: the Pulseboard side of the ingest figures (bench/README.md, figure 1).
//   --mode pipeline    real FeedConnection (ingest thread: FeedClient -> FeedPipeline ->
//                      SampleMapper -> SeriesStore + MessageLog) against --url
//   --mode raw         a bare QWebSocket counting textMessageReceived: the receive ceiling
//   --mode socketless  FeedPipeline::ingestUtf8() in a loop (parse + map + store + log)
//   --mode map         SampleMapper::map on the UTF-8 bytes only (JsonTape parse + map, no store/log)
// --profile auto (or none) maps by auto-discovery, the default path of a new user.
//   --mode json        QJsonDocument::fromJson alone (what a DOM parse would cost per frame)
// Socket modes count from the first message, skip --warmup seconds, then measure for
// --seconds. Prints one JSON line with msgsPerSec.
#include "benchproc.h"
#include "benchticks.h"
#include "feedconnection.h"
#include "feedpipeline.h"
#include "messagelog.h"
#include "samplemapper.h"
#include "seriesstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTimer>
#include <QWebSocket>
#include <cstdio>
#include <functional>

namespace {

struct Window
{
    double warmup = 1.0, seconds = 5.0;
    QElapsedTimer clock;
    bool started = false;
    double t0 = 0, t1 = 0;
    qint64 c0 = 0, c1 = 0;
};

// Polls `counter` every 10 ms; calls done() when the measurement window has passed.
void measure(Window *w, std::function<qint64()> counter, std::function<void()> done,
             double timeoutSeconds)
{
    auto *timer = new QTimer(QCoreApplication::instance());
    timer->setTimerType(Qt::PreciseTimer);
    QElapsedTimer *total = new QElapsedTimer;
    total->start();
    QObject::connect(timer, &QTimer::timeout, timer, [=] {
        const qint64 c = counter();
        if (!w->started) {
            if (c > 0) {
                w->started = true;
                w->clock.start();
            } else if (total->elapsed() > timeoutSeconds * 1000) {
                std::fprintf(stderr, "bench_ingest: no message within %.0f s\n", timeoutSeconds);
                QCoreApplication::exit(1);
            }
            return;
        }
        const double t = double(w->clock.nsecsElapsed()) / 1e9;
        if (w->t0 == 0 && t >= w->warmup) {
            w->t0 = t;
            w->c0 = c;
        } else if (w->t0 > 0 && t >= w->warmup + w->seconds) {
            w->t1 = t;
            w->c1 = c;
            timer->stop();
            done();
        }
    });
    timer->start(10);
}

bool loadProfile(const QString &path, const QString &url, FeedProfile *profile)
{
    QString error;
    if (path.isEmpty() || path == QLatin1String("auto")) {
        profile->name = QStringLiteral("auto-discovery");   // no rules: every numeric leaf
    } else if (!FeedProfile::load(path, profile, &error)) {
        std::fprintf(stderr, "bench_ingest: %s\n", qPrintable(error));
        return false;
    }
    if (!url.isEmpty())
        profile->endpoint.url = QUrl(url);
    return true;
}

QJsonObject result(const QString &mode, double messages, double seconds)
{
    return QJsonObject{{"mode", mode}, {"messages", messages}, {"seconds", seconds},
                       {"msgsPerSec", seconds > 0 ? messages / seconds : 0.0}};
}

int socketless(const QString &mode, const FeedProfile &profile, double seconds)
{
    const std::vector<std::string> ticks = BenchTicks::make(65536);
    QList<QByteArray> utf8;
    for (const std::string &t : ticks)
        utf8.append(QByteArray::fromStdString(t));
    SeriesStore store;
    MessageLog log;
    FeedPipeline pipeline(QStringLiteral("bench"), profile, &store, &log);
    SampleMapper mapper(profile);
    SampleBatch batch;
    qint64 sink = 0;
    QElapsedTimer clock;
    clock.start();
    qint64 n = 0;
    const qint64 limitNs = qint64(seconds * 1e9);
    const qsizetype count = utf8.size();
    while (clock.nsecsElapsed() < limitNs) {
        for (int k = 0; k < 4096; ++k, ++n) {
            const qsizetype i = n % count;
            if (mode == QLatin1String("socketless")) {
                pipeline.ingestUtf8(utf8.at(i));
            } else if (mode == QLatin1String("json")) {
                sink += QJsonDocument::fromJson(utf8.at(i)).isObject();
            } else {
                batch.clear();
                mapper.map(QByteArrayView(utf8.at(i)), 0, &batch);
                sink += batch.size();
            }
        }
    }
    const double s = double(clock.nsecsElapsed()) / 1e9;
    QJsonObject r = result(mode, double(n), s);
    if (mode == QLatin1String("socketless")) {
        r.insert("samples", double(pipeline.stats().samples));
        r.insert("series", store.seriesCount());
        r.insert("unparsed", double(pipeline.stats().unparsed));
    } else {
        r.insert("check", double(sink));
    }
    BenchProc::emitJson(r);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addOptions({{"mode", "pipeline|raw|socketless|json|map|info", "mode", "pipeline"},
                  {"url", "feed URL", "url"},
                  {"profile", "profile file", "file"},
                  {"warmup", "seconds skipped after the first message", "s", "1"},
                  {"seconds", "measured seconds", "s", "5"}});
    p.addHelpOption();
    p.process(app);
    const QString mode = p.value("mode");
    if (mode == QLatin1String("info")) {   // what the harness records about this build
        BenchProc::emitJson({{"qtRuntime", QString::fromLatin1(qVersion())},
                             {"qtCompiled", QStringLiteral(QT_VERSION_STR)},
#if defined(__clang__)
                             {"compiler", QStringLiteral("Clang " __clang_version__)},
#elif defined(__GNUC__)
                             {"compiler", QStringLiteral("GCC " __VERSION__)},
#else
                             {"compiler", QStringLiteral("unknown")},
#endif
#ifdef NDEBUG
                             {"assertions", false}});
#else
                             {"assertions", true}});
#endif
        return 0;
    }
    Window w;
    w.warmup = p.value("warmup").toDouble();
    w.seconds = p.value("seconds").toDouble();

    FeedProfile profile;
    if (mode != QLatin1String("raw") && !loadProfile(p.value("profile"), p.value("url"), &profile))
        return 2;
    if (mode == QLatin1String("socketless") || mode == QLatin1String("json") || mode == QLatin1String("map"))
        return socketless(mode, profile, w.seconds);

    if (mode == QLatin1String("raw")) {
        QWebSocket socket;
        socket.setMaxAllowedIncomingMessageSize(16 * 1024 * 1024);
        socket.setMaxAllowedIncomingFrameSize(16 * 1024 * 1024);
        qint64 count = 0;
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket, [&count] { ++count; });
        socket.open(QUrl(p.value("url")));
        measure(&w, [&count] { return count; }, [&] {
            BenchProc::emitJson(result(mode, double(w.c1 - w.c0), w.t1 - w.t0));
            QCoreApplication::exit(0);
        }, 10);
        return app.exec();
    }

    if (mode != QLatin1String("pipeline")) {
        std::fprintf(stderr, "bench_ingest: unknown mode %s\n", qPrintable(mode));
        return 2;
    }
    SeriesStore store;
    auto *conn = new FeedConnection(QStringLiteral("bench"), profile, &store);
    conn->start();
    measure(&w, [&store] { return qint64(store.generation()); }, [&] {
        const FeedStats s = conn->stats();   // the latest 250 ms snapshot
        const double perMessage = s.messages > 0 ? double(s.samples) / double(s.messages) : 0;
        QJsonObject r = result(mode, perMessage > 0 ? double(w.c1 - w.c0) / perMessage : 0, w.t1 - w.t0);
        r.insert("samplesPerSec", double(w.c1 - w.c0) / (w.t1 - w.t0));
        r.insert("samplesPerMessage", perMessage);
        r.insert("series", store.seriesCount());
        r.insert("unparsed", double(s.unparsed));
        r.insert("dropped", double(s.dropped));
        r.insert("state", feedStateName(s.state));
        BenchProc::emitJson(r);
        delete conn;   // stops the pipeline and joins the ingest thread
        QCoreApplication::exit(0);
    }, 10);
    return app.exec();
}
