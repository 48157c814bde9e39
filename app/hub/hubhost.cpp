#include "hubhost.h"
#include "chatclient.h"
#include "discoveryannouncer.h"
#include "tlsidentity.h"
#ifdef PULSEBOARD_HAVE_NATS
#include "natsbridge.h"
#endif

#include <QDir>
#include <QStandardPaths>

HubHost::HubHost(QObject *parent)
    : QObject(parent), m_server(new HubServer(this)), m_announcer(new DiscoveryAnnouncer(this))
{
    connect(m_server, &HubServer::listeningChanged, this, &HubHost::hostingChanged);
}

HubHost::~HubHost() = default;

void HubHost::setTls(TlsMode mode, const QString &certFile, const QString &keyFile)
{
    m_tlsMode = mode;
    m_certFile = certFile;
    m_keyFile = keyFile;
    Q_EMIT settingsChanged();
}

void HubHost::setAddressText(const QString &a)
{
    const QHostAddress addr(a.trimmed() == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : a.trimmed());
    if (!addr.isNull()) {
        m_address = addr;
        Q_EMIT settingsChanged();
    }
}

bool HubHost::wantsTls(TlsMode mode, const QHostAddress &address)
{
    switch (mode) {
    case TlsMode::On: return true;
    case TlsMode::Off: return false;
    case TlsMode::Auto: break;
    }
    return !address.isLoopback();
}

QString HubHost::defaultDataDir()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("hub"));
}

void HubHost::setLastError(const QString &e)
{
    if (m_lastError != e) {
        m_lastError = e;
        Q_EMIT lastErrorChanged();
    }
}

bool HubHost::start()
{
    QString error;
    const bool ok = start(m_address, m_port, &error);
    setLastError(ok ? QString() : error);
    return ok;
}

bool HubHost::start(const QHostAddress &address, quint16 port, QString *error)
{
    if (isHosting()) {
        if (error)
            *error = tr("Already hosting on %1; stop first.").arg(url());
        return false;
    }
    if (!m_certFile.isEmpty() != !m_keyFile.isEmpty()) {
        if (error)
            *error = tr("Give both a TLS certificate and its private key (--tls-cert and --tls-key).");
        return false;
    }
#ifndef PULSEBOARD_HAVE_NATS
    if (!m_nats.urls.isEmpty()) {
        if (error)
            *error = tr("This build has no NATS support (it needs the NATS C client, libnats-dev, at build "
                        "time); host without --nats or use a build that has it.");
        return false;
    }
#endif
    m_fingerprint.clear();
    const bool tls = wantsTls(m_tlsMode, address) || !m_certFile.isEmpty();
    if (tls) {
        const QString certDir = m_config.dataDir.isEmpty() ? defaultDataDir() : m_config.dataDir;
        const TlsIdentity id = m_certFile.isEmpty()
                                   ? TlsIdentity::loadOrCreate(certDir, QStringLiteral("Pulseboard hub"), error)
                                   : TlsIdentity::load(m_certFile, m_keyFile, error);
        if (!id.isValid())
            return false;
        m_server->setTlsConfiguration(id.serverConfiguration());
        m_fingerprint = id.fingerprint();
    } else {
        m_server->clearTls();
    }
    m_server->setConfig(m_config);
    if (!m_server->listen(address, port, error))
        return false;
#ifdef PULSEBOARD_HAVE_NATS
    if (!m_nats.urls.isEmpty()) {
        NatsBridgeConfig nats = m_nats;
        nats.roomBound = m_config.roomHistoryBound;
        m_bridge = new NatsBridge(m_server, nats, this);
        if (!m_bridge->start(error)) {
            delete m_bridge;
            m_bridge = nullptr;
            m_server->stop();
            return false;
        }
    }
#endif
    // A loopback-only hub is unreachable from the LAN: nothing to announce.
    if (m_announce && !address.isLoopback()) {
        m_announcer->setInfo({m_config.sessionName, m_server->port(), m_server->usesTls(), m_fingerprint,
                              !m_config.password.isEmpty()});
        QString why;
        if (!m_announcer->start(&why))
            setLastError(why);   // hosting works without discovery; say so
    }
    Q_EMIT hostingChanged();
    return true;
}

void HubHost::stop(const QString &reason)
{
    m_announcer->stop();
#ifdef PULSEBOARD_HAVE_NATS
    delete m_bridge;   // leaves the cluster before the peers are told
    m_bridge = nullptr;
#endif
    m_server->stop(reason);
    Q_EMIT hostingChanged();
}

QString HubHost::url() const
{
    if (!isHosting())
        return {};
    const QHostAddress a = m_server->serverAddress();
    QString host = a.toString();
    if (a == QHostAddress::Any || a == QHostAddress::AnyIPv4 || a == QHostAddress::AnyIPv6)
        host = QStringLiteral("0.0.0.0");
    if (a.protocol() == QAbstractSocket::IPv6Protocol && a != QHostAddress::Any)
        host = u'[' + host + u']';
    return QStringLiteral("%1://%2:%3/").arg(m_server->usesTls() ? QStringLiteral("wss") : QStringLiteral("ws"),
                                            host).arg(m_server->port());
}

void HubHost::lendCredential(ChatClient *client) const
{
    if (client)
        client->setPassword(m_config.password);
}

QString HubHost::fingerprintDisplay() const
{
    return TlsIdentity::displayFingerprint(m_fingerprint);
}
