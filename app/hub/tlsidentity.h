// TlsIdentity: the certificate and private key the hub serves wss:// with. Either loaded
// from PEM files (--tls-cert/--tls-key) or, on first host, generated self-signed
// (EC P-256, 10 years, OpenSSL) into the data dir and reused afterwards, so the
// fingerprint that joiners pin stays the same. The fingerprint is the SHA-256 of the
// DER certificate. Used by HubServer::host(); pure value + static loaders.
#pragma once
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QString>

class TlsIdentity
{
public:
    static TlsIdentity load(const QString &certFile, const QString &keyFile, QString *error);
    // <dataDir>/hub-cert.pem + hub-key.pem: loaded if present, else generated (key 0600).
    static TlsIdentity loadOrCreate(const QString &dataDir, const QString &commonName, QString *error);
    static bool canGenerate();    // false when built without OpenSSL

    bool isValid() const { return !m_cert.isNull() && !m_key.isNull(); }
    const QSslCertificate &certificate() const { return m_cert; }
    const QSslKey &key() const { return m_key; }
    bool wasGenerated() const { return m_generated; }
    QString fingerprint() const { return fingerprintOf(m_cert); }     // 64 lower-case hex digits
    QSslConfiguration serverConfiguration() const;

    static QString fingerprintOf(const QSslCertificate &cert);
    static QString displayFingerprint(const QString &hex);               // "AB:CD:..."

private:
    QSslCertificate m_cert;
    QSslKey m_key;
    bool m_generated = false;
};
