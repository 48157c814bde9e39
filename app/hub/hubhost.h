// HubHost: one hosted session, for the host view (QML) and the headless CLI. It decides
// the transport (TLS policy: wss by default on a non-loopback address), loads the given
// certificate or creates/reuses the self-signed one in the data dir, starts the
// HubServer and (M6) the LAN discovery announcer, and exposes what joiners need: URL,
// scheme, SHA-256 fingerprint, password-required. HubServer stays the network engine.
#pragma once
#include "hubconfig.h"
#include "natsbridgeconfig.h"
#include "hubserver.h"

#include <QHostAddress>
#include <QObject>
#include <QtQml/qqmlregistration.h>

class ChatClient;
class DiscoveryAnnouncer;
class NatsBridge;

class HubHost : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString sessionName READ sessionName WRITE setSessionName NOTIFY settingsChanged)
    Q_PROPERTY(QString password WRITE setPassword READ passwordMask NOTIFY settingsChanged)
    Q_PROPERTY(QString address READ addressText WRITE setAddressText NOTIFY settingsChanged)
    Q_PROPERTY(int port READ port WRITE setPort NOTIFY settingsChanged)
    Q_PROPERTY(TlsMode tlsMode READ tlsMode WRITE setTlsMode NOTIFY settingsChanged)
    Q_PROPERTY(QString certFile READ certFile WRITE setCertFile NOTIFY settingsChanged)
    Q_PROPERTY(QString keyFile READ keyFile WRITE setKeyFile NOTIFY settingsChanged)
    Q_PROPERTY(QString dataDir READ dataDir WRITE setDataDir NOTIFY settingsChanged)
    Q_PROPERTY(bool announce READ announce WRITE setAnnounce NOTIFY settingsChanged)
    Q_PROPERTY(bool hosting READ isHosting NOTIFY hostingChanged)
    Q_PROPERTY(QString url READ url NOTIFY hostingChanged)
    Q_PROPERTY(QString fingerprint READ fingerprint NOTIFY hostingChanged)
    Q_PROPERTY(QString fingerprintDisplay READ fingerprintDisplay NOTIFY hostingChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    Q_PROPERTY(HubServer *server READ server CONSTANT)
public:
    enum class TlsMode { Auto, On, Off };
    Q_ENUM(TlsMode)

    explicit HubHost(QObject *parent = nullptr);
    ~HubHost() override;

    // C++ (CLI) configuration: everything HubConfig holds, plus transport choices.
    void setConfig(const HubConfig &config) { m_config = config; Q_EMIT settingsChanged(); }
    const HubConfig &config() const { return m_config; }
    void setTls(TlsMode mode, const QString &certFile = {}, const QString &keyFile = {});
    // Will this address be served with TLS under `mode`? (Auto: yes unless loopback.)
    static bool wantsTls(TlsMode mode, const QHostAddress &address);
    // Bridge this hub with others over NATS when config.urls is not empty (docs/nats.md).
    void setNats(const NatsBridgeConfig &config) { m_nats = config; }
    NatsBridge *natsBridge() const { return m_bridge; }

    bool start(const QHostAddress &address, quint16 port, QString *error);
    Q_INVOKABLE bool start();                 // from the properties; lastError on failure
    Q_INVOKABLE void stop(const QString &reason = QString());

    bool isHosting() const { return m_server->isListening(); }
    QString url() const;                      // ws[s]://<address>:<port>/
    QString fingerprint() const { return m_fingerprint; }
    QString fingerprintDisplay() const;
    QString lastError() const { return m_lastError; }
    HubServer *server() const { return m_server; }

    QString sessionName() const { return m_config.sessionName; }
    void setSessionName(const QString &s) { m_config.sessionName = s; Q_EMIT settingsChanged(); }
    void setPassword(const QString &p) { m_config.password = p; Q_EMIT settingsChanged(); }
    QString passwordMask() const { return m_config.password.isEmpty() ? QString() : QStringLiteral("********"); }
    QString addressText() const { return m_address.toString(); }
    void setAddressText(const QString &a);
    int port() const { return m_port; }
    void setPort(int p) { m_port = quint16(qBound(0, p, 65535)); Q_EMIT settingsChanged(); }
    TlsMode tlsMode() const { return m_tlsMode; }
    void setTlsMode(TlsMode m) { m_tlsMode = m; Q_EMIT settingsChanged(); }
    QString certFile() const { return m_certFile; }
    void setCertFile(const QString &f) { m_certFile = f; Q_EMIT settingsChanged(); }
    QString keyFile() const { return m_keyFile; }
    void setKeyFile(const QString &f) { m_keyFile = f; Q_EMIT settingsChanged(); }
    QString dataDir() const { return m_config.dataDir; }
    void setDataDir(const QString &d) { m_config.dataDir = d; Q_EMIT settingsChanged(); }
    bool announce() const { return m_announce; }
    void setAnnounce(bool a) { m_announce = a; Q_EMIT settingsChanged(); }
    DiscoveryAnnouncer *announcer() const { return m_announcer; }

    // The hosting desktop joins its own session without typing the password: the client
    // gets this session's password in memory (never shown, never saved) and still answers
    // the hub's challenge like any joiner, so the login path stays the one tested.
    Q_INVOKABLE void lendCredential(ChatClient *client) const;

    // Where the self-signed certificate lives when no data dir is set.
    static QString defaultDataDir();

Q_SIGNALS:
    void settingsChanged();
    void hostingChanged();
    void lastErrorChanged();

private:
    void setLastError(const QString &e);

    HubServer *m_server;
    DiscoveryAnnouncer *m_announcer = nullptr;
    NatsBridgeConfig m_nats;
    NatsBridge *m_bridge = nullptr;
    HubConfig m_config;
    QHostAddress m_address = QHostAddress::Any;
    quint16 m_port = 8765;
    TlsMode m_tlsMode = TlsMode::Auto;
    QString m_certFile, m_keyFile;
    bool m_announce = true;
    QString m_fingerprint;
    QString m_lastError;
};
