// bench_hubhost: hosts Pulseboard's real HubServer for the hub figures (bench/README.md,
// figures 4 and 5) on 127.0.0.1, with the product defaults except the admission and
// rate bounds a 10,000-connection / 1,000-subscriber benchmark would otherwise hit:
// total and per-address connections, pending handshakes, and the per-connection message
// rate of the one publisher. Raises its own open-file limit (the app never does).
//   bench_hubhost [--port 0] [--max-connections 12000]
// Prints {"port":P,"pid":N,"fileLimit":L}; serves until stdin closes.
#include "benchproc.h"
#include "hubserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QSocketNotifier>
#include <cstdio>
#include <unistd.h>

int main(int argc, char **argv)
{
    const int fileLimit = BenchProc::raiseFileLimit();
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addOptions({{"port", "port", "port", "0"},
                  {"max-connections", "connection cap", "n", "12000"}});
    p.process(app);

    HubConfig config;
    config.maxConnections = p.value("max-connections").toInt();
    config.maxConnectionsPerAddress = config.maxConnections;   // every bench client is 127.0.0.1
    config.maxPendingHandshakes = 256;
    config.rateMessagesPerSec = 1e9;                            // the fan-out publisher
    config.rateBurst = 1'000'000'000;

    HubServer hub;
    hub.setConfig(config);
    QString error;
    if (!hub.listen(QHostAddress::LocalHost, quint16(p.value("port").toUInt()), &error)) {
        std::fprintf(stderr, "bench_hubhost: %s\n", qPrintable(error));
        return 1;
    }
    BenchProc::emitJson({{"port", hub.port()}, {"pid", qint64(getpid())}, {"fileLimit", fileLimit}});

    int logged = 0;   // the first refusals explain a failed run; the rest are counted
    QObject::connect(&hub, &HubServer::rejectionLogged, &app,
                     [&logged](const QString &address, const QString &reason, int code) {
        if (++logged <= 20)
            std::fprintf(stderr, "bench_hubhost: refused %s: %s (%d)\n", qPrintable(address),
                         qPrintable(reason), code);
    });

    QSocketNotifier stdinWatch(0, QSocketNotifier::Read);
    QObject::connect(&stdinWatch, &QSocketNotifier::activated, &app, [&] {
        char buf[256];
        const ssize_t r = ::read(0, buf, sizeof buf);
        if (r <= 0)
            QCoreApplication::quit();
        else if (QByteArray(buf, int(r)).contains("count"))
            BenchProc::emitJson({{"connections", hub.connectionCount()},
                                 {"rejections", hub.rejections() ? hub.rejections()->property("count").toInt() : 0}});
    });
    return app.exec();
}
