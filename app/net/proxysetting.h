// ProxySetting: a connection's proxy as a person chooses it (connection editor, --proxy,
// workspace file): no proxy, the system's (the default: http_proxy/https_proxy/no_proxy or
// the desktop's settings) or a manual address http://host:port (socks5://host:port too).
// The address is untrusted text: checked for length, control characters, scheme, host,
// port and extra parts, each refusal one sentence that says what to type instead.
// apply() puts the choice into a FeedEndpoint, which every transport honours: WsClient
// (ws/wss and Socket.IO, HTTP CONNECT via ProxyTunnel) and HttpFeedRequest (SSE and
// polling, QNetworkAccessManager::setProxy).
// Pure functions; used by ConnectionSpec and CommandLine.
#pragma once
#include "feedendpoint.h"

#include <QString>
#include <QUrl>

class ProxySetting
{
public:
    enum class Mode { System, None, Manual };
    static constexpr int MaxAddressChars = 2048;
    static constexpr int MaxLoginChars = 256;     // user and password each

    // "system", "none", "manual" (workspace file, QML form).
    static QString modeName(Mode mode);
    static bool modeFromName(const QString &name, Mode *out);

    // A manual address: "" when usable, *out = the URL (scheme lower-case). allowLogin:
    // user:password@ may be part of it (command line); the editor has fields for them.
    static QString checkAddress(const QString &text, bool allowLogin, QUrl *out);
    // The editor's user and password fields: bounded, no control characters.
    static QString checkLogin(const QString &user, const QString &password);
    // --proxy VALUE: "none", "system" or an address (login allowed).
    static QString parse(const QString &text, Mode *mode, QUrl *url);

    static void apply(Mode mode, const QUrl &url, FeedEndpoint *endpoint);
    // "system proxy", "no proxy", "proxy http://host:port" (never the login).
    static QString describe(const FeedEndpoint &endpoint);
};
