// SecretPolicy: decides what must not be written to the workspace file in clear text:
// Authorization and other credential headers, passwords in URLs, token-like query
// parameters, credentials inside on-connect messages and the Socket.IO auth payload
// (MessageSecrets says which), and the same inside a profile's "connection" section. They are removed
// before saving; the file only lists which secrets exist ("header Authorization", ...).
// The removed values go to the system keychain (SecretStore, in the SecretEntry form)
// when one is available, else they are kept in memory only. No fake encryption.
// Pure functions; used by ConnectionSpec::toJson / secretValues.
#pragma once
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

class SecretPolicy
{
public:
    static bool isSecretHeader(const QString &name);
    static bool isSecretQueryItem(const QString &name);

    // Each returns the text without secrets and appends a description of every removed
    // secret ("header Authorization", "password in the URL", ...) to *removed. With a
    // values pointer, the removed values are collected too (see SecretEntry for the form):
    // headers as [name, value] pairs, a URL as {"password", "query": [[name, value]]}
    // (percent-encoded as in the URL), a profile as {"headers", "url"}.
    static QString redactHeaders(const QString &headerLines, QStringList *removed, QJsonArray *values = nullptr);
    static QString redactUrl(const QString &url, QStringList *removed, QJsonObject *values = nullptr);
    static QString redactProfile(const QString &profileText, QStringList *removed, QJsonObject *values = nullptr);
    // On-connect messages: "on-connect message N" (1-based); values get [N, original text].
    static QStringList redactOnConnect(const QStringList &messages, QStringList *removed, QJsonArray *values = nullptr);
    // The Socket.IO auth object (all of it is secret): "Socket.IO auth"; *value gets the original.
    static QString redactSocketIoAuth(const QString &auth, QStringList *removed, QString *value = nullptr);
};
