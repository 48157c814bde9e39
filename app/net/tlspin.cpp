#include "tlspin.h"

#include <QCryptographicHash>

QByteArray TlsPin::parse(const QByteArray &hex)
{
    QByteArray digits;
    digits.reserve(64);
    for (char c : hex) {
        if (c == ':' || c == ' ' || c == '\t')
            continue;
        const bool isHex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!isHex)
            return {};
        digits.append(c);
    }
    if (digits.size() != 64)
        return {};
    return QByteArray::fromHex(digits);
}

QString TlsPin::fingerprint(const QSslCertificate &cert)
{
    if (cert.isNull())
        return QStringLiteral("unknown");
    return QString::fromLatin1(cert.digest(QCryptographicHash::Sha256).toHex(':'));
}

bool TlsPin::matches(const QSslCertificate &cert, const QByteArray &pinRaw)
{
    return !cert.isNull() && !pinRaw.isEmpty() && cert.digest(QCryptographicHash::Sha256) == pinRaw;
}

QSslCertificate TlsPin::peerCertificate(const QSslCertificate &leaf, const QList<QSslError> &errors)
{
    if (!leaf.isNull())
        return leaf;
    for (const QSslError &e : errors) {
        if (!e.certificate().isNull())
            return e.certificate();
    }
    return QSslCertificate();
}

QString TlsPin::describe(const QList<QSslError> &errors, const QString &host)
{
    QStringList problems;
    for (const QSslError &e : errors) {
        QString p;
        switch (e.error()) {
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
            p = QStringLiteral("is self-signed");
            break;
        case QSslError::HostNameMismatch:
            p = QStringLiteral("was issued for %1, not %2")
                    .arg(e.certificate().subjectInfo(QSslCertificate::CommonName).join(QLatin1Char('/')), host);
            break;
        case QSslError::CertificateExpired:
            p = QStringLiteral("expired on %1").arg(e.certificate().expiryDate().toString(Qt::ISODate));
            break;
        case QSslError::CertificateNotYetValid:
            p = QStringLiteral("is not valid before %1").arg(e.certificate().effectiveDate().toString(Qt::ISODate));
            break;
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::CertificateUntrusted:
            p = QStringLiteral("is signed by an authority this system does not trust");
            break;
        case QSslError::CertificateRevoked:
            p = QStringLiteral("has been revoked");
            break;
        default:
            p = QStringLiteral("failed verification (%1)").arg(e.errorString());
            break;
        }
        if (!problems.contains(p))
            problems.append(p);
    }
    if (problems.isEmpty())
        problems.append(QStringLiteral("failed verification"));
    return QStringLiteral("certificate for %1 %2").arg(host, problems.join(QStringLiteral(" and ")));
}

QString TlsPin::refusedText(const QList<QSslError> &errors, const QString &host,
                            const QSslCertificate &cert)
{
    const QString fp = fingerprint(cert);
    return QStringLiteral("TLS: %1 (SHA-256 %2). Connection refused. To trust exactly this "
                          "certificate, pin its SHA-256 fingerprint (--pin-sha256 %2, or \"TLS pin\" "
                          "in the connection editor).")
        .arg(describe(errors, host), fp);
}

QString TlsPin::mismatchText(const QString &host, const QSslCertificate &cert, const QByteArray &pinRaw)
{
    return QStringLiteral("TLS: certificate for %1 does not match the pinned fingerprint: the server "
                          "presented SHA-256 %2, the pin is %3. Connection refused. If the server's "
                          "certificate was replaced on purpose, update the pin.")
        .arg(host, fingerprint(cert), QString::fromLatin1(pinRaw.toHex(':')));
}
