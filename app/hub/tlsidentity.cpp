#include "tlsidentity.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QObject>
#include <QSaveFile>

#ifdef PULSEBOARD_HAVE_OPENSSL
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#endif

namespace {
QByteArray readAll(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QObject::tr("Cannot read %1: %2").arg(path, f.errorString());
        return {};
    }
    return f.read(1024 * 1024);   // certificates and keys are small; refuse to slurp more
}

QSslKey parseKey(const QByteArray &pem)
{
    for (QSsl::KeyAlgorithm alg : {QSsl::Ec, QSsl::Rsa, QSsl::Dsa}) {
        QSslKey k(pem, alg, QSsl::Pem, QSsl::PrivateKey);
        if (!k.isNull())
            return k;
    }
    return {};
}

#ifdef PULSEBOARD_HAVE_OPENSSL
QByteArray bioToBytes(BIO *bio)
{
    char *data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(n));
}

// Self-signed EC P-256 certificate; returns false on any OpenSSL failure.
bool generate(const QString &commonName, QByteArray *certPem, QByteArray *keyPem)
{
    bool ok = false;
    EVP_PKEY *pkey = nullptr;
    X509 *x509 = nullptr;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nullptr);
    BIO *certBio = BIO_new(BIO_s_mem());
    BIO *keyBio = BIO_new(BIO_s_mem());
    do {
        if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0
            || EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx, NID_X9_62_prime256v1) <= 0
            || EVP_PKEY_keygen(ctx, &pkey) <= 0)
            break;
        x509 = X509_new();
        if (!x509 || !X509_set_version(x509, 2))
            break;
        unsigned char serial[16];
        if (RAND_bytes(serial, sizeof serial) != 1)
            break;
        serial[0] &= 0x7f;   // positive
        BIGNUM *bn = BN_bin2bn(serial, sizeof serial, nullptr);
        ASN1_INTEGER *sn = BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x509));
        BN_free(bn);
        if (!sn)
            break;
        X509_gmtime_adj(X509_getm_notBefore(x509), -24L * 3600);
        X509_gmtime_adj(X509_getm_notAfter(x509), 10L * 365 * 24 * 3600);
        X509_set_pubkey(x509, pkey);
        X509_NAME *name = X509_get_subject_name(x509);
        const QByteArray cn = commonName.left(64).toUtf8();
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char *>(cn.constData()), int(cn.size()), -1, 0);
        X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char *>("Pulseboard"), -1, -1, 0);
        X509_set_issuer_name(x509, name);
        if (X509_sign(x509, pkey, EVP_sha256()) <= 0)
            break;
        if (PEM_write_bio_X509(certBio, x509) != 1
            || PEM_write_bio_PrivateKey(keyBio, pkey, nullptr, nullptr, 0, nullptr, nullptr) != 1)
            break;
        *certPem = bioToBytes(certBio);
        *keyPem = bioToBytes(keyBio);
        ok = true;
    } while (false);
    BIO_free(certBio);
    BIO_free(keyBio);
    X509_free(x509);
    EVP_PKEY_free(pkey);
    EVP_PKEY_CTX_free(ctx);
    return ok;
}
#endif

bool writeFile(const QString &path, const QByteArray &data, QFileDevice::Permissions perms, QString *error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.setPermissions(perms) || !f.commit()) {
        if (error)
            *error = QObject::tr("Cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}
} // namespace

TlsIdentity TlsIdentity::load(const QString &certFile, const QString &keyFile, QString *error)
{
    TlsIdentity id;
    const QByteArray certPem = readAll(certFile, error);
    if (certPem.isEmpty())
        return id;
    const QByteArray keyPem = readAll(keyFile, error);
    if (keyPem.isEmpty())
        return id;
    const QList<QSslCertificate> certs = QSslCertificate::fromData(certPem, QSsl::Pem);
    if (certs.isEmpty() || certs.first().isNull()) {
        if (error)
            *error = QObject::tr("%1 holds no PEM certificate.").arg(certFile);
        return id;
    }
    const QSslKey key = parseKey(keyPem);
    if (key.isNull()) {
        if (error)
            *error = QObject::tr("%1 holds no unencrypted PEM private key (EC, RSA or DSA).").arg(keyFile);
        return id;
    }
    id.m_cert = certs.first();
    id.m_key = key;
    return id;
}

bool TlsIdentity::canGenerate()
{
#ifdef PULSEBOARD_HAVE_OPENSSL
    return true;
#else
    return false;
#endif
}

TlsIdentity TlsIdentity::loadOrCreate(const QString &dataDir, const QString &commonName, QString *error)
{
    const QDir dir(dataDir);
    const QString certPath = dir.filePath(QStringLiteral("hub-cert.pem"));
    const QString keyPath = dir.filePath(QStringLiteral("hub-key.pem"));
    if (QFile::exists(certPath) && QFile::exists(keyPath))
        return load(certPath, keyPath, error);
    TlsIdentity id;
#ifdef PULSEBOARD_HAVE_OPENSSL
    if (!QDir().mkpath(dataDir)) {
        if (error)
            *error = QObject::tr("Cannot create the data directory %1.").arg(dataDir);
        return id;
    }
    QByteArray certPem, keyPem;
    if (!generate(commonName, &certPem, &keyPem)) {
        if (error)
            *error = QObject::tr("Could not generate a self-signed certificate (OpenSSL failure); "
                                 "pass --tls-cert and --tls-key.");
        return id;
    }
    if (!writeFile(keyPath, keyPem, QFileDevice::ReadOwner | QFileDevice::WriteOwner, error)
        || !writeFile(certPath, certPem, QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                             | QFileDevice::ReadGroup | QFileDevice::ReadOther, error))
        return id;
    id = load(certPath, keyPath, error);
    id.m_generated = id.isValid();
#else
    Q_UNUSED(commonName)
    if (error)
        *error = QObject::tr("This build cannot generate certificates (no OpenSSL); pass --tls-cert and --tls-key.");
#endif
    return id;
}

QSslConfiguration TlsIdentity::serverConfiguration() const
{
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setLocalCertificate(m_cert);
    c.setPrivateKey(m_key);
    c.setPeerVerifyMode(QSslSocket::VerifyNone);
    c.setProtocol(QSsl::TlsV1_2OrLater);
    return c;
}

QString TlsIdentity::fingerprintOf(const QSslCertificate &cert)
{
    return cert.isNull() ? QString() : QString::fromLatin1(cert.digest(QCryptographicHash::Sha256).toHex());
}

QString TlsIdentity::displayFingerprint(const QString &hex)
{
    QString out;
    for (qsizetype i = 0; i < hex.size(); i += 2) {
        if (!out.isEmpty())
            out += u':';
        out += hex.mid(i, 2).toUpper();
    }
    return out;
}
