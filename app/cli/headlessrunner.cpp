#include "headlessrunner.h"

#include "alertsink.h"
#include "demopublisher.h"
#include "feedconnection.h"
#include "feedsharer.h"
#include "hubhost.h"
#include "hubserver.h"
#ifdef PULSEBOARD_HAVE_NATS
#include "natsbridge.h"
#endif
#include "ndjsonwriter.h"
#include "seriesstore.h"
#include "sessionrecorder.h"
#include "signalwatcher.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QSslCertificate>

HeadlessRunner::HeadlessRunner(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_flushTimer(this)
    , m_alertClock(this)
{
}

HeadlessRunner::~HeadlessRunner()
{
    shutdown();
}

bool HeadlessRunner::start(QString *error, int *exitCode)
{
    m_signals = new SignalWatcher(this);
    connect(m_signals, &SignalWatcher::terminationRequested, this, [this](int) {
        shutdown();
        Q_EMIT finished(0);
    });

    m_store = std::make_unique<SeriesStore>();
    m_writer = std::make_unique<NdjsonWriter>(stdout, stderr, m_options.print);
    m_flushTimer.setInterval(100);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { m_writer->flush(); });
    m_flushTimer.start();

    if (m_options.host && !startHub(error, exitCode))
        return false;

    SampleSink *sink = m_writer.get();
    if (!m_options.alertsFile.isEmpty()) {
        AlertRuleSet rules;
        if (!AlertRuleSet::load(m_options.alertsFile, &rules, error)) {
            *error = QStringLiteral("pulseboard: --alerts ") + *error;
            *exitCode = 2;
            return false;
        }
        NdjsonWriter *writer = m_writer.get();
        m_alerts = std::make_unique<AlertSink>(rules, writer, [writer](const AlertEvent &e) {
            writer->writeLine(e.toNdjson());
        });
        sink = m_alerts.get();
        m_alertClock.setInterval(1000);
        connect(&m_alertClock, &QTimer::timeout, this, [this] {
            m_alerts->advanceTime(QDateTime::currentMSecsSinceEpoch());
        });
        m_alertClock.start();
    }

    int index = 0;
    for (const FeedProfile &profile : std::as_const(m_options.feeds)) {
        const QString name = profile.name.isEmpty() ? QStringLiteral("feed%1").arg(++index) : profile.name;
        SampleSink *feedSink = sink;
        if (!m_options.shares.isEmpty() && m_hubHost && m_hubHost->server()) {
            // --share: this feed's samples also go to a hub topic (FeedSharer coalesces
            // them on the hub's thread), then on to the common sink unchanged.
            const qsizetype i = &profile - m_options.feeds.constData();
            auto *sharer = new FeedSharer(m_hubHost->server(), m_options.shares.at(i), name, sink, 100, this);
            connect(sharer, &FeedSharer::publishFailed, this, [](const QString &e) {
                std::fprintf(stderr, "pulseboard: --share: %s\n", qPrintable(e));
            });
            std::fprintf(stderr, "pulseboard: sharing %s on topic %s\n", qPrintable(name), qPrintable(sharer->topic()));
            feedSink = sharer;
        }
        auto connection = std::make_unique<FeedConnection>(name, profile, m_store.get(), feedSink);
        connection->start();
        m_connections.push_back(std::move(connection));
    }
    return startRecordReplay(error, exitCode);
}

bool HeadlessRunner::startRecordReplay(QString *error, int *exitCode)
{
    if (!m_options.recordFile.isEmpty()) {
        QList<FeedConnection *> connections;
        for (const auto &c : m_connections)
            connections.append(c.get());
        m_recorder = new SessionRecorder(this);
        const QString why = m_recorder->startWith(m_options.recordFile, connections);
        if (!why.isEmpty()) {
            *error = QStringLiteral("pulseboard: --record: ") + why;
            *exitCode = 1;
            return false;
        }
        std::fprintf(stderr, "pulseboard: recording to %s\n", qPrintable(m_options.recordFile));
    }
    if (!m_options.replayFile.isEmpty()) {
        // Each replayed connection ends Closed (finished or cut) or Failed; then we exit.
        auto remaining = std::make_shared<int>(int(m_connections.size()));
        auto failed = std::make_shared<bool>(false);
        for (const auto &c : m_connections) {
            connect(c.get(), &FeedConnection::stateChanged, this,
                    [this, remaining, failed](FeedState state, const QString &reason) {
                if (state != FeedState::Closed && state != FeedState::Failed)
                    return;
                *failed = *failed || state == FeedState::Failed;
                std::fprintf(stderr, "pulseboard: %s\n", qPrintable(reason));
                if (--*remaining == 0) {
                    // Not from inside the connection's own signal: shutdown() deletes it.
                    QMetaObject::invokeMethod(this, [this, failed] {
                        shutdown();
                        Q_EMIT finished(*failed ? 1 : 0);
                    }, Qt::QueuedConnection);
                }
            });
        }
    }
    return true;
}

bool HeadlessRunner::startHub(QString *error, int *exitCode)
{
    HubConfig config;
    config.dataDir = m_options.dataDir.isEmpty()
        ? QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("hub"))
        : m_options.dataDir;
    if (!QDir().mkpath(config.dataDir)) {
        *error = QStringLiteral("pulseboard: --data-dir %1: cannot create this folder").arg(config.dataDir);
        *exitCode = 2;
        return false;
    }
    if (!m_options.sessionName.isEmpty())
        config.sessionName = m_options.sessionName.trimmed();
    config.allowedOrigins = m_options.allowedOrigins;
    config.rawTopicsWithPassword = m_options.rawTopics;
    if (!m_options.passwordFile.isEmpty()) {
        QFile f(m_options.passwordFile);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("pulseboard: --password-file %1: %2").arg(f.fileName(), f.errorString());
            *exitCode = 2;
            return false;
        }
        config.password = QString::fromUtf8(f.readLine(4096)).trimmed();
        if (config.password.isEmpty()) {
            *error = QStringLiteral("pulseboard: --password-file %1: the first line is empty").arg(f.fileName());
            *exitCode = 2;
            return false;
        }
    }
    if (!m_options.tlsCert.isEmpty()) {
        // Checked here so a bad file is a usage error (exit 2) with the option's name.
        QFile certFile(m_options.tlsCert);
        if (!certFile.open(QIODevice::ReadOnly) || QSslCertificate::fromData(certFile.readAll(), QSsl::Pem).isEmpty()) {
            *error = QStringLiteral("pulseboard: --tls-cert %1: no PEM certificate found in this file").arg(m_options.tlsCert);
            *exitCode = 2;
            return false;
        }
    }
    // HubHost: wss by default off loopback (self-signed identity kept in the data dir),
    // LAN discovery announcements, and the HubServer itself.
    m_hubHost = new HubHost(this);
    m_hubHost->setConfig(config);
    m_hubHost->setNats(m_options.nats);
    m_hubHost->setTls(m_options.tlsCert.isEmpty() ? HubHost::TlsMode::Auto : HubHost::TlsMode::On,
                      m_options.tlsCert, m_options.tlsKey);
    QString hostError;
    if (!m_hubHost->start(m_options.hostAddress, m_options.hostPort, &hostError)) {
        *error = QStringLiteral("pulseboard: --host: ") + hostError;
        *exitCode = 1;
        return false;
    }
    HubServer *hub = m_hubHost->server();
    const QByteArray url = m_hubHost->url().toUtf8();
    std::fprintf(stderr, "pulseboard: hub listening on %s\n", url.constData());
    if (hub->usesTls())
        std::fprintf(stderr, "pulseboard: hub certificate SHA-256 %s\n", qPrintable(m_hubHost->fingerprintDisplay()));
    std::fflush(stderr);
#ifdef PULSEBOARD_HAVE_NATS
    if (NatsBridge *bridge = m_hubHost->natsBridge()) {
        connect(bridge, &NatsBridge::streamingChanged, this, [](bool on) {
            std::fputs(on ? "pulseboard: nats: bridged (following the room stream)\n"
                          : "pulseboard: nats: cluster unreachable; serving local users, room messages wait\n",
                       stderr);
            std::fflush(stderr);
        });
    }
#endif
    if (m_options.demo) {
        m_demo = new DemoPublisher(this);
        connect(m_demo, &DemoPublisher::message, hub, [hub](const QString &topic, const QByteArray &json) {
            hub->publish(topic, json);
        });
        m_demo->start();
        std::fprintf(stderr, "pulseboard: demo topics: /topics/market and /topics/sensors\n");
    }
    return true;
}

void HeadlessRunner::shutdown()
{
    if (m_demo)
        m_demo->stop();
    if (m_hubHost && m_hubHost->isHosting())
        m_hubHost->stop(QStringLiteral("host shutting down"));
    if (m_recorder) {
        const QString summary = m_recorder->stop();
        if (!summary.isEmpty())
            std::fprintf(stderr, "pulseboard: %s\n", qPrintable(summary));
    }
    // Connections first (joins ingest threads, so nothing writes any more), then flush.
    m_connections.clear();
    m_alertClock.stop();
    if (m_writer)
        m_writer->flush();
    m_flushTimer.stop();
}
