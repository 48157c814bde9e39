// HubAuth: the arithmetic of the hub's challenge-response login (docs/protocol.md §4.2):
// PBKDF2-HMAC-SHA256 key derivation, client and server proofs, constant-time compare,
// random nonces. Shared by the hub (HubDispatcher) and the client (ChatClient) so both
// sides compute the same bytes. Uses OpenSSL's PBKDF2 when built with it (6x faster).
#pragma once
#include <QByteArray>
#include <QString>

namespace HubAuth {
inline constexpr const char *Mechanism = "PBKDF2-SHA256/HMAC-SHA256";
inline constexpr int MinIterations = 1'000;
inline constexpr int MaxIterations = 10'000'000;

QByteArray deriveKey(const QString &password, const QByteArray &salt, int iterations);
// nonce/cnonce are the base64 strings exactly as they appear on the wire.
QByteArray clientProof(const QByteArray &key, const QString &nonce, const QString &cnonce,
                       const QString &nick);
QByteArray serverProof(const QByteArray &key, const QString &nonce, const QString &cnonce,
                       const QString &nick);
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);
QByteArray randomBytes(int count);   // from the system CSPRNG
}
