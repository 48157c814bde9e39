// SecretEntry: the keychain value of one saved connection, a small JSON object
//   {"version": 1,
//    "headers": [["Authorization", "Bearer …"]],                 editor header lines
//    "url":     {"password": "…", "query": [["token", "…"]]},    percent-encoded
//    "onConnect": [[2, "{\"type\":\"auth\",…}"]],                on-connect message 2 as typed
//    "socketIoAuth": "{\"token\":\"…\"}",                         the Socket.IO auth object text
//    "proxy":   {"user": "…", "password": "…"},                  the manual proxy's login
//    "profile": {"headers": [[name, value]], "url": {…},        the profile's "connection":
//                "onConnect": [[1, {…}]], "socketIoAuth": {…}}}  messages as JSON values
// made from what SecretPolicy removed from the workspace file. decode() treats the
// keychain as untrusted input: at most MaxBytes, every value bounded and free of control
// characters, wrong types refuse the whole entry, unknown fields are dropped and named.
// restore*() put values back, but only the secrets the workspace file says exist
// (its "secrets" list), so a keychain entry can never add a header the user did not save.
// Pure functions; used by ConnectionSpec.
#pragma once
#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

class SecretEntry
{
public:
    static constexpr int Version = 1;
    static constexpr qsizetype MaxBytes = 256 * 1024;
    static constexpr int MaxItems = 64;              // pairs per list
    static constexpr int MaxValueChars = 8 * 1024;   // = ConnectionSpec::MaxHeaderValueChars
    // A message with a secret is kept whole: at most this long (as compact JSON for the
    // profile's). A longer one is left out of the entry (and is then missing on restart).
    static constexpr int MaxMessageChars = 16 * 1024;

    static QByteArray encode(const QJsonObject &values);
    // false + *error ("not JSON: …", "larger than 64 KiB", "\"headers\" is not a list of
    // [name, value] pairs", ...) when the entry cannot be used; *ignored lists dropped fields.
    static bool decode(const QByteArray &data, QJsonObject *values, QString *error, QStringList *ignored);

    // Each returns the text with the declared secrets put back; *restored gets their
    // descriptions (the same words SecretPolicy used: "header Authorization", ...).
    static QString restoreHeaders(const QString &lines, const QJsonObject &values,
                                  const QStringList &declared, QStringList *restored);
    static QString restoreUrl(const QString &url, const QJsonObject &urlValues, const QString &prefix,
                              const QStringList &declared, QStringList *restored);
    static QString restoreProfile(const QString &profileText, const QJsonObject &values,
                                  const QStringList &declared, QStringList *restored);
    static QStringList restoreOnConnect(const QStringList &messages, const QJsonObject &values,
                                        const QStringList &declared, QStringList *restored);
    static QString restoreSocketIoAuth(const QString &auth, const QJsonObject &values,
                                       const QStringList &declared, QStringList *restored);
    // "proxy login": both fields, only when declared.
    static void restoreProxy(const QJsonObject &values, const QStringList &declared, QString *user,
                             QString *password, QStringList *restored);
};
