// TlsPin: the TLS trust decisions of FeedClient, kept apart so they can be read and
// tested on their own: parsing a SHA-256 pin, formatting a certificate fingerprint, and
// turning QSslErrors into one sentence that names the problem and the way out.
// Pure functions, no state; used by FeedClient's sslErrors/connected handlers.
#pragma once
#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslError>
#include <QString>

class TlsPin
{
public:
    // "AB:cd:..." / "abcd..." / with spaces -> 32 raw bytes; empty on anything else.
    static QByteArray parse(const QByteArray &hex);
    // SHA-256 of the DER certificate as lower-case colon-separated hex ("ab:cd:...").
    static QString fingerprint(const QSslCertificate &cert);
    static bool matches(const QSslCertificate &cert, const QByteArray &pinRaw);

    // The server's certificate as seen in sslErrors: the leaf if known, else the first
    // certificate an error refers to.
    static QSslCertificate peerCertificate(const QSslCertificate &leaf, const QList<QSslError> &errors);

    // "certificate for localhost is self-signed", "... has expired", ...
    static QString describe(const QList<QSslError> &errors, const QString &host);

    // Full refusal text when no pin is configured.
    static QString refusedText(const QList<QSslError> &errors, const QString &host,
                               const QSslCertificate &cert);
    // Full refusal text when the pin does not match the server's certificate.
    static QString mismatchText(const QString &host, const QSslCertificate &cert,
                                const QByteArray &pinRaw);
};
