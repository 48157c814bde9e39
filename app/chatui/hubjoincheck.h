// HubJoinCheck: what the Join dialog asks before it lets ChatClient connect. Says in
// words what is wrong with a typed hub URL or nickname; tells whether a wss:// hub's
// certificate is already pinned in KnownHosts (trusted / unknown / CHANGED); fetches the
// certificate a hub presents (probe) so an unknown fingerprint can be shown and trusted
// by the user before anything is sent to it; pins it on request. The dialog then hands
// the trusted fingerprint to ChatClient::expectedFingerprint, which enforces it.
// Owns only its short-lived probe socket; no model state.
#pragma once
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

class QSslSocket;

class HubJoinCheck : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString knownHostsFile READ knownHostsFile WRITE setKnownHostsFile NOTIFY knownHostsFileChanged)
    Q_PROPERTY(bool probing READ isProbing NOTIFY probingChanged)
    Q_PROPERTY(int probeTimeoutMs READ probeTimeoutMs WRITE setProbeTimeoutMs NOTIFY probingChanged)
public:
    static constexpr int MaxUrlLength = 2048;

    explicit HubJoinCheck(QObject *parent = nullptr);
    ~HubJoinCheck() override;

    // "" when `url` is a usable ws:// or wss:// hub address, else what to fix.
    Q_INVOKABLE QString urlError(const QString &url) const;
    // "" when `nick` is a valid nickname (docs/protocol.md §2.1), else the rule.
    Q_INVOKABLE QString nickError(const QString &nick) const;
    // {state: "plain"|"trusted"|"unknown"|"changed"|"invalid", pinned, announced, warning}.
    // `announced` is the fingerprint discovery reported (may be empty).
    Q_INVOKABLE QVariantMap pinStatus(const QString &url, const QString &announcedFingerprint) const;
    // Connect with TLS, read the certificate's SHA-256, disconnect: probeFinished() follows.
    Q_INVOKABLE void probe(const QString &url);
    Q_INVOKABLE void cancelProbe();
    // Pin `fingerprint` for the url's host:port in knownHostsFile. "" or a readable error.
    Q_INVOKABLE QString trust(const QString &url, const QString &fingerprint);
    // Drop the pin of the url's host:port (after the host confirmed a new certificate).
    Q_INVOKABLE QString forget(const QString &url);
    Q_INVOKABLE static QString displayFingerprint(const QString &hex);

    QString knownHostsFile() const { return m_knownHostsFile; }
    void setKnownHostsFile(const QString &f);
    bool isProbing() const { return m_probe != nullptr; }
    int probeTimeoutMs() const { return m_probeTimeoutMs; }
    void setProbeTimeoutMs(int ms);

Q_SIGNALS:
    void knownHostsFileChanged();
    void probingChanged();
    void probeFinished(const QString &url, const QString &fingerprint, const QString &error);

private:
    void finishProbe(const QString &fingerprint, const QString &error);

    QString m_knownHostsFile;
    QPointer<QSslSocket> m_probe;
    QString m_probeUrl;
    QTimer m_probeTimer;
    int m_probeTimeoutMs = 8'000;
};
