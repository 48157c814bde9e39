// WebResponder: the hub's answer to a plain HTTP request (one that is not a WebSocket
// upgrade) on its listener: the browser client's files (WebAssets) for GET and HEAD,
// with a strict Content-Security-Policy, nosniff, no framing, and ETag revalidation;
// a plain-text error that says what to do for anything else. WsServerLink calls it with
// each complete request head (bounded by HubConfig::maxRequestHeaderBytes) and sends the
// answer; the body is the asset's shared bytes, never copied per request. Pure function.
#pragma once
#include "originrule.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

class WebAssets;

namespace WebResponder {

constexpr int kMaxTargetBytes = 2'048;      // longer request target: 414

// The head asks for a WebSocket (an Upgrade or Sec-WebSocket-Key header): WsUpgrade
// judges it. Anything else is plain HTTP for answer().
bool isWebSocketAttempt(const QByteArray &head);

struct Answer
{
    int status = 0;
    QByteArray head;          // status line and headers, up to the blank line
    QByteArray body;          // empty for HEAD, 304 and errors without text
    bool close = true;        // close the connection after sending
    QString reason;           // for the hub's rejection log; empty when the request was fine
};

// `keepAliveAllowed` false forces "Connection: close" (the link's request budget is spent).
Answer answer(const QByteArray &head, const OriginRule::Listener &listener,
              const QStringList &allowedOrigins, bool keepAliveAllowed,
              const WebAssets &assets);

} // namespace WebResponder
