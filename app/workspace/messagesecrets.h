// MessageSecrets: finds the credentials inside messages a connection sends on its own
// (on-connect messages, the Socket.IO connect "auth" payload), so SecretPolicy can keep
// them out of the workspace file. Two rules, both on JSON only (plain-text messages are
// saved as written; docs/workspaces.md says so):
//  - a login message, i.e. an object whose "type", "action", "op", "event", "method" or
//    "cmd" is "auth", "authenticate", "authorize", "login", ... (Home Assistant, Alpaca,
//    Polygon, OKX, Bitfinex): every string in it except that field is a secret;
//  - in any other message, the strings under a credential-like key ("access_token",
//    "apiKey", "secret", "passphrase", "signature", "password", ...), at any depth.
// Redaction blanks those strings to "" so the saved message keeps its shape and the user
// sees what to re-enter. Pure functions; used by SecretPolicy.
#pragma once
#include <QJsonValue>
#include <QString>

class MessageSecrets
{
public:
    static bool isSecretKey(const QString &key);
    static bool isLoginMessage(const QJsonValue &message);
    // The field that makes it a login message ("type", "action", ...), "" when it is not one.
    static QString loginField(const QJsonValue &message);

    // The message with its secrets blanked; *changed tells whether anything was.
    // everything = true blanks every string (the Socket.IO auth payload is all secret).
    static QJsonValue redact(const QJsonValue &message, bool *changed, bool everything = false);
    // The same on message text: text that is not a JSON object or array comes back as is.
    // Changed text is written back as compact JSON.
    static QString redactText(const QString &text, bool *changed, bool everything = false);
};
