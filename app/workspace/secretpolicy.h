// SecretPolicy: decides what must not be written to the workspace file in clear text.
// Pulseboard has no keychain library, so secrets (Authorization and other credential
// headers, passwords in URLs, token-like query parameters, the same inside a profile's
// "connection" section) are kept in memory only: they are removed before saving and the
// connection is marked as missing them after a restart. No fake encryption.
// Pure functions; used by ConnectionSpec::toJson and the editor's notice.
#pragma once
#include <QString>
#include <QStringList>

class SecretPolicy
{
public:
    static bool isSecretHeader(const QString &name);
    static bool isSecretQueryItem(const QString &name);

    // Each returns the text without secrets and appends a description of every removed
    // secret ("header Authorization", "password in the URL", ...) to *removed.
    static QString redactHeaders(const QString &headerLines, QStringList *removed);
    static QString redactUrl(const QString &url, QStringList *removed);
    static QString redactProfile(const QString &profileText, QStringList *removed);
};
