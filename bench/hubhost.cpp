// bench_hubhost: hosts Pulseboard's real HubServer for the hub figures (bench/README.md,
// figures 4 and 5) on 127.0.0.1, with the product defaults except the admission and
// rate bounds a 10,000-connection / 1,000-subscriber benchmark would otherwise hit:
// total and per-address connections, pending handshakes, and the per-connection message
// rate of the one publisher. Raises its own open-file limit (the app never does).
//   bench_hubhost [--port 0] [--max-connections 12000] [--plain | --tcp]
// --plain hosts a bare QWebSocketServer instead (accepts, keeps the sockets, nothing else):
// the floor any QWebSocket-based server pays per connection, next to the hub's figure.
// --tcp goes one layer lower: a QTcpServer whose sockets read the upgrade request and
// write a canned 101 response (enough for bench_wsclients idle), then stay idle.
// Hosts the hub the way `pulseboard --headless --host` does: Qt's UNIX event dispatcher
// (QT_NO_GLIB=1 before the application object, as app/main.cpp sets it for --headless).
// --nats URL bridges the hub to a NATS server (figure 8, docs/nats.md); it announces once
// the bridge follows the room stream.
// Prints {"port":P,"pid":N,"fileLimit":L,"dispatcher":CLASS}; serves until stdin closes.
#include "benchproc.h"
#include "hubserver.h"
#ifdef PULSEBOARD_HAVE_NATS
#include "natsbridge.h"
#include <QEventLoop>
#include <QTimer>
#endif

#include <QAbstractEventDispatcher>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>
#include <cstdio>
#include <functional>
#include <memory>
#include <unistd.h>

namespace {
// The floors (--tcp, --plain): listen, announce, serve until stdin closes.
template <class Server>
int serveFloor(QCoreApplication &app, Server &server, const QString &port,
               const std::function<void(quint16)> &announce)
{
    if (!server.listen(QHostAddress::LocalHost, quint16(port.toUInt()))) {
        std::fprintf(stderr, "bench_hubhost: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    announce(server.serverPort());
    QSocketNotifier stdinWatch(0, QSocketNotifier::Read);
    QObject::connect(&stdinWatch, &QSocketNotifier::activated, &app, [] {
        char buf[256];
        if (::read(0, buf, sizeof buf) <= 0)
            QCoreApplication::quit();
    });
    return app.exec();
}
} // namespace

int main(int argc, char **argv)
{
    const int fileLimit = BenchProc::raiseFileLimit();
    // Same dispatcher as headless hosting (app/main.cpp); an explicit QT_NO_GLIB still wins.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    const QString dispatcher = QString::fromLatin1(app.eventDispatcher()->metaObject()->className());
    QCommandLineParser p;
    p.addOptions({{"port", "port", "port", "0"},
                  {"max-connections", "connection cap", "n", "12000"},
                  {"plain", "bare QWebSocketServer instead of the hub"},
                  {"tcp", "bare QTcpServer writing a canned 101 response"},
                  {"nats", "bridge the hub over NATS (figure 8)", "url"}});
    p.process(app);
    const auto announce = [&](quint16 port) {
        BenchProc::emitJson({{"port", port}, {"pid", qint64(getpid())}, {"fileLimit", fileLimit}, {"dispatcher", dispatcher}});
    };

    if (p.isSet("tcp")) {
        QTcpServer server;
        server.setMaxPendingConnections(256);
        QObject::connect(&server, &QTcpServer::newConnection, &server, [&] {
            while (QTcpSocket *s = server.nextPendingConnection()) {
                QObject::connect(s, &QTcpSocket::readyRead, s, [s] {
                    const QByteArray request = s->readAll();
                    if (request.startsWith("GET "))
                        s->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                 "Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n");
                });
            }
        });
        return serveFloor(app, server, p.value("port"), announce);
    }
    if (p.isSet("plain")) {
        QWebSocketServer server(QStringLiteral("plain"), QWebSocketServer::NonSecureMode);
        server.setMaxPendingConnections(256);
        QList<QWebSocket *> sockets;
        QObject::connect(&server, &QWebSocketServer::newConnection, &server, [&] {
            while (QWebSocket *s = server.nextPendingConnection()) {
                s->setMaxAllowedIncomingMessageSize(64 * 1024);
                s->setMaxAllowedIncomingFrameSize(64 * 1024);
                QObject::connect(s, &QWebSocket::textMessageReceived, s, [] {});
                sockets.append(s);
            }
        });
        return serveFloor(app, server, p.value("port"), announce);
    }

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
#ifdef PULSEBOARD_HAVE_NATS
    std::unique_ptr<NatsBridge> bridge;
    if (p.isSet("nats")) {
        NatsBridgeConfig nats;
        nats.urls = QStringList{p.value("nats")};
        bridge = std::make_unique<NatsBridge>(&hub, nats);
        QEventLoop wait;
        QObject::connect(bridge.get(), &NatsBridge::streamingChanged, &wait, &QEventLoop::quit);
        QTimer::singleShot(15000, &wait, &QEventLoop::quit);
        if (!bridge->start(&error) || (wait.exec(), !bridge->isStreaming())) {
            std::fprintf(stderr, "bench_hubhost: --nats: %s\n", qPrintable(error.isEmpty() ? bridge->lastError() : error));
            return 1;
        }
    }
#else
    if (p.isSet("nats")) {
        std::fprintf(stderr, "bench_hubhost: --nats: this build has no NATS client (libnats-dev)\n");
        return 1;
    }
#endif
    announce(hub.port());

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
