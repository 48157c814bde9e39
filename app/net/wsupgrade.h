// WsUpgrade: the hub's reading of an HTTP/1.1 WebSocket upgrade request (RFC 6455 section
// 4.2) and the answers to it. Pure functions, used by WsServerLink for ws:// and wss://
// alike: parse() reads the request head, judge() decides route, Origin and WebSocket
// headers; the response builders give the exact bytes to send.
#pragma once
#include <QByteArray>
#include <QString>
#include <QStringList>

namespace WsUpgrade {

enum class Route { Chat, Topic };

struct Request
{
    bool ok = false;
    QString error;                 // why !ok (a malformed head)
    QString method, path, origin;
    QByteArray key, version, upgrade, connection, host;
    bool hasHost = false;
};

// The request head, up to and including the blank line.
Request parse(const QByteArray &head);

struct Verdict
{
    int status = 0;                // 0 = accepted; else the HTTP status to answer with
    QByteArray statusText;
    QByteArray extraHeaders;       // e.g. "Sec-WebSocket-Version: 13\r\n" with 426
    QString reason;                // for the rejection log
    Route route = Route::Chat;
    QString topic;
};

// Route "/" (envelope protocol) or "/topics/<name>" (raw stream), Origin allowlist (no
// Origin = native client, allowed), and the WebSocket headers: Upgrade: websocket,
// Connection containing "upgrade", Sec-WebSocket-Version 13 (else 426), a key that is
// the base64 of 16 bytes, a Host header.
Verdict judge(const Request &request, const QStringList &allowedOrigins, bool rawTopicsAllowed);

// "HTTP/1.1 101 Switching Protocols" with Sec-WebSocket-Accept for `key`; no extension and
// no subprotocol is selected.
QByteArray switchingProtocols(const QByteArray &key);
QByteArray acceptKey(const QByteArray &key);   // base64(SHA-1(key + RFC 6455 GUID))
// An error answer with an empty body; the connection is closed after it.
QByteArray errorResponse(int status, const QByteArray &statusText, const QByteArray &extraHeaders = {});

} // namespace WsUpgrade
