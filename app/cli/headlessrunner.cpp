#include "headlessrunner.h"

#include "alertsink.h"
#include "demopublisher.h"
#include "feedconnection.h"
#include "hubserver.h"
#include "ndjsonwriter.h"
#include "seriesstore.h"
#include "signalwatcher.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

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
        auto connection = std::make_unique<FeedConnection>(name, profile, m_store.get(), sink);
        connection->start();
        m_connections.push_back(std::move(connection));
    }
    return true;
}

bool HeadlessRunner::startHub(QString *error, int *exitCode)
{
    HubConfig config;
    config.dataDir = m_options.dataDir;
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
    m_hub = new HubServer(this);
    m_hub->setConfig(config);
    if (!m_options.tlsCert.isEmpty()) {
        QFile certFile(m_options.tlsCert);
        QFile keyFile(m_options.tlsKey);
        const QList<QSslCertificate> chain = certFile.open(QIODevice::ReadOnly)
            ? QSslCertificate::fromData(certFile.readAll(), QSsl::Pem) : QList<QSslCertificate>{};
        if (chain.isEmpty()) {
            *error = QStringLiteral("pulseboard: --tls-cert %1: no PEM certificate found in this file").arg(m_options.tlsCert);
            *exitCode = 2;
            return false;
        }
        QSslKey key;
        if (keyFile.open(QIODevice::ReadOnly)) {
            const QByteArray pem = keyFile.readAll();
            key = QSslKey(pem, QSsl::Rsa, QSsl::Pem);
            if (key.isNull())
                key = QSslKey(pem, QSsl::Ec, QSsl::Pem);
        }
        if (key.isNull()) {
            *error = QStringLiteral("pulseboard: --tls-key %1: no unencrypted PEM RSA or EC private key found").arg(m_options.tlsKey);
            *exitCode = 2;
            return false;
        }
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificateChain(chain);
        tls.setPrivateKey(key);
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_hub->setTlsConfiguration(tls);
    }
    QString listenError;
    if (!m_hub->listen(m_options.hostAddress, m_options.hostPort, &listenError)) {
        *error = QStringLiteral("pulseboard: --host: ") + listenError;
        *exitCode = 1;
        return false;
    }
    std::fprintf(stderr, "pulseboard: hub listening on %s://%s:%u/\n", m_hub->usesTls() ? "wss" : "ws",
                 qPrintable(m_hub->serverAddress().toString()), unsigned(m_hub->port()));
    std::fflush(stderr);
    if (m_options.demo) {
        m_demo = new DemoPublisher(this);
        connect(m_demo, &DemoPublisher::message, m_hub, [this](const QString &topic, const QByteArray &json) {
            m_hub->publish(topic, json);
        });
        m_demo->start();
        std::fprintf(stderr, "pulseboard: demo topics: /topics/market and /topics/sensors\n");
    }
    return true;
}

quint16 HeadlessRunner::hubPort() const
{
    return m_hub ? m_hub->port() : 0;
}

void HeadlessRunner::shutdown()
{
    if (m_demo)
        m_demo->stop();
    if (m_hub && m_hub->isListening())
        m_hub->stop(QStringLiteral("host shutting down"));
    // Connections first (joins ingest threads, so nothing writes any more), then flush.
    m_connections.clear();
    m_alertClock.stop();
    if (m_writer)
        m_writer->flush();
    m_flushTimer.stop();
}
