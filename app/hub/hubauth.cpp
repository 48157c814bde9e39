#include "hubauth.h"

#include <QMessageAuthenticationCode>
#include <QPasswordDigestor>
#include <QRandomGenerator>

#include <algorithm>

#ifdef PULSEBOARD_HAVE_OPENSSL
#include <openssl/evp.h>
#endif

namespace HubAuth {

QByteArray deriveKey(const QString &password, const QByteArray &salt, int iterations)
{
    const QByteArray pw = password.toUtf8();
#ifdef PULSEBOARD_HAVE_OPENSSL
    QByteArray out(32, Qt::Uninitialized);
    if (PKCS5_PBKDF2_HMAC(pw.constData(), int(pw.size()),
                          reinterpret_cast<const unsigned char *>(salt.constData()), int(salt.size()),
                          iterations, EVP_sha256(), int(out.size()),
                          reinterpret_cast<unsigned char *>(out.data())) == 1)
        return out;
#endif
    return QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, pw, salt, iterations, 32);
}

static QByteArray proof(const char *label, const QByteArray &key, const QString &nonce,
                        const QString &cnonce, const QString &nick)
{
    const QByteArray msg = QByteArray(label) + '\n' + nonce.toUtf8() + '\n' + cnonce.toUtf8()
                           + '\n' + nick.toUtf8();
    return QMessageAuthenticationCode::hash(msg, key, QCryptographicHash::Sha256);
}

QByteArray clientProof(const QByteArray &key, const QString &nonce, const QString &cnonce,
                       const QString &nick)
{
    return proof("pulseboard-auth-v1", key, nonce, cnonce, nick);
}

QByteArray serverProof(const QByteArray &key, const QString &nonce, const QString &cnonce,
                       const QString &nick)
{
    return proof("pulseboard-server-v1", key, nonce, cnonce, nick);
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

QByteArray randomBytes(int count)
{
    QByteArray out;
    out.reserve(count);
    while (out.size() < count) {
        const quint32 word = QRandomGenerator::system()->generate();
        out.append(reinterpret_cast<const char *>(&word), std::min<qsizetype>(4, count - out.size()));
    }
    return out;
}

} // namespace HubAuth
