// OriginRule: which browser pages may open the hub's WebSocket, and which Host names the
// hub answers its web page for. The hub's own page (served on the same listener by
// WebResponder) is allowed without an allowlist entry, but only under a name that DNS
// rebinding cannot take over: an attacker's page at http://evil.example:8765 whose name
// is re-pointed at the hub sends Origin and Host "evil.example:8765", which match each
// other, so matching alone is not enough. The Host must also be an IP literal, localhost,
// this machine's own host name, or the host of an allowlisted origin.
// Pure functions, used by WsServerLink (the WebSocket's Origin) and WebResponder (HTTP).
#pragma once
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace OriginRule {

// The listener a request arrived on; port 0 = unknown (then nothing counts as own page).
struct Listener
{
    bool tls = false;
    quint16 port = 0;
};

// A Host header value (host[:port]) split and lower-cased; ok is false when malformed.
struct HostPort
{
    bool ok = false;
    QString host;          // IPv6 keeps its brackets: "[::1]"
    quint16 port = 0;      // the scheme's default (80 / 443) when the header has none
};
HostPort parseHost(const QByteArray &value, bool tls);

// `host` names this hub: its port is the listener's, and the name is a dotted-quad IPv4
// or bracketed IPv6 literal, "localhost", this machine's host name (or NAME.local), or
// the host of an origin on `allowedOrigins`.
bool isTrustedHost(const QByteArray &host, const Listener &listener, const QStringList &allowedOrigins);

// `origin` is the page this hub serves: "http://H" on ws (https on wss) where H equals
// the request's Host (default ports made explicit, case-insensitive) and Host is trusted.
bool isOwnPage(const QString &origin, const QByteArray &host, const Listener &listener,
               const QStringList &allowedOrigins);

} // namespace OriginRule
