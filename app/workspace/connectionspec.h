// ConnectionSpec: one connection as the user described it in the connection editor (or
// as restored from the workspace file): URL, transport (with the poll interval and the
// Socket.IO namespace and auth), extra headers, subprotocols, on-connect messages, a
// profile (JSON text, from a file or edited in place), a TLS pin, the proxy (none, the
// system's or a manual address with an optional login) and saved composer messages.
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
    QString url;             // ws(s)://, socketio(s)://, http(s)://; may be empty when the profile has one
    FeedTransport transport = FeedTransport::Auto;   // Auto keeps the profile's (or picks by URL scheme)
    int pollIntervalMs = FeedEndpoint().pollIntervalMs;   // HttpPoll only
    QString socketIoNamespace = QStringLiteral("/");   // SocketIo only
    QString socketIoAuth;    // SocketIo only: JSON object text; empty = none
    QString unknownTransport;   // a transport name this version does not know (reported by toProfile)
    QStringList onConnect;   // sent after every (re)connect, after the profile's own; JSON or plain text
    QString headers;         // "Name: value", one per line
    QString subprotocols;    // separated by commas or spaces
    QString profileText;     // JSON profile (docs/profiles.md); empty = auto-discovery
    QString profileSource;   // file the profile came from, for messages; empty = edited in place
    QString pinSha256;       // hex SHA-256 of the server certificate, colons allowed
    QString proxyMode = QStringLiteral("system");   // ProxySetting::modeName: system, none, manual
    QString proxyUrl;        // manual: http://host:port (no login)
    QString proxyUser;       // manual, optional; with the password a secret (keychain, never the file)
    QString proxyPassword;
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
    static constexpr int MaxOnConnect = 64;              // profile's and editor's together
    static constexpr int MaxOnConnectChars = 64 * 1024;
    static constexpr int MinPollIntervalMs = 250;
    static constexpr int MaxPollIntervalMs = 24 * 3600 * 1000;
    static constexpr int MaxSocketIoAuthChars = 8 * 1024;

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
    void readTransport(const QString &name, int pollMs, const QString &ns, const QString &auth);

    // The secrets toJson leaves out, in SecretEntry form ({} when there are none).
    QJsonObject secretValues() const;
    // Puts back the values of a keychain entry for the secrets listed in missingSecrets;
    // missingSecrets keeps what the entry did not have.
    void restoreSecrets(const QJsonObject &values);

    // Field checks, also used on their own by the editor while typing.
    static QString checkUrl(const QString &url, bool required, FeedTransport transport = FeedTransport::Auto);
    // "" when the message can be sent: text starting with { or [ must be valid JSON (the
    // user meant JSON); anything else is sent as plain text. index is 0-based, for the message.
    static QString checkOnConnect(const QString &text, int index);
    static QString checkTransportOptions(FeedTransport transport, int pollIntervalMs,
                                         const QString &socketIoNamespace, const QString &socketIoAuth);
    // "auto", "websocket", "socketio", "sse", "poll" (workspace file and QML form).
    static QString transportName(FeedTransport transport);
    static bool transportFromName(const QString &name, FeedTransport *out);
    // "line 2, column 5: missing comma" for text that is not JSON; "" when it is.
    static QString jsonProblem(const QString &text);
    static QString parseHeaders(const QString &text, QList<QPair<QByteArray, QByteArray>> *out);
    static QString parseSubprotocols(const QString &text, QStringList *out);
    static QString parsePin(const QString &text, QByteArray *hexOut);
    // The proxy fields; "" when usable, else what to fix (ProxySetting's checks).
    static QString checkProxy(const QString &mode, const QString &url, const QString &user,
                              const QString &password, FeedEndpoint *apply = nullptr);
};
