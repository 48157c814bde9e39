// ConnectionSpec: one connection as the user described it in the connection editor (or
// as restored from the workspace file): URL, extra headers, subprotocols, a profile (JSON
// text, from a file or edited in place), a TLS pin and saved composer messages.
// toProfile() validates every field and builds the FeedProfile that FeedConnection runs,
// or returns the first problem as a sentence the editor shows under the form.
// Plain value type; Workspace and ConnectionListModel keep one per connection.
#pragma once
#include "feedprofile.h"

#include <QJsonObject>
#include <QStringList>
#include <QVariantMap>

struct ConnectionSpec
{
    QString id;              // stable; names its keychain entry. Made by ensureId() when first kept
    QString name;            // shown in the sidebar; default: the profile's name, else the host
    QString url;             // ws:// or wss://; may be empty when the profile has one
    QString headers;         // "Name: value", one per line
    QString subprotocols;    // separated by commas or spaces
    QString profileText;     // JSON profile (docs/profiles.md); empty = auto-discovery
    QString profileSource;   // file the profile came from, for messages; empty = edited in place
    QString pinSha256;       // hex SHA-256 of the server certificate, colons allowed
    QStringList savedMessages;   // composer messages kept for resending
    bool demo = false;       // one of the embedded demo's connections
    bool transient = false;  // demo or command line: never written to the workspace file
    QStringList missingSecrets;  // secrets the file lists that were not restored (re-enter them)

    static constexpr int MaxHeaders = 64;
    static constexpr int MaxHeaderValueChars = 8 * 1024;
    static constexpr int MaxSubprotocols = 16;
    static constexpr int MaxUrlChars = 8 * 1024;
    static constexpr int MaxSavedMessages = 100;
    static constexpr int MaxSavedMessageChars = 64 * 1024;

    static ConnectionSpec fromVariant(const QVariantMap &map);
    QVariantMap toVariant() const;

    // Everything validated; false + a readable *error naming the field and the fix.
    bool toProfile(FeedProfile *out, QString *error) const;
    QString displayName(const FeedProfile &profile) const;

    // The workspace file form. Secrets are left out (see SecretPolicy); the file's
    // "secrets" lists which exist, and fromJson puts that list in missingSecrets until
    // restoreSecrets() brings them back from the keychain.
    QJsonObject toJson() const;
    static ConnectionSpec fromJson(const QJsonObject &o);
    void ensureId();

    // The secrets toJson leaves out, in SecretEntry form ({} when there are none).
    QJsonObject secretValues() const;
    // Puts back the values of a keychain entry for the secrets listed in missingSecrets;
    // missingSecrets keeps what the entry did not have.
    void restoreSecrets(const QJsonObject &values);

    // Field checks, also used on their own by the editor while typing.
    static QString checkUrl(const QString &url, bool required);
    static QString parseHeaders(const QString &text, QList<QPair<QByteArray, QByteArray>> *out);
    static QString parseSubprotocols(const QString &text, QStringList *out);
    static QString parsePin(const QString &text, QByteArray *hexOut);
};
