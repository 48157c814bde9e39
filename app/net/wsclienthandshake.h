// WsClientHandshake: the client's opening handshake (RFC 6455 section 4.1): the GET
// request with a random 16-byte Sec-WebSocket-Key, Host, optional Origin, the caller's
// headers, subprotocol and extension offers; and the reading of the server's answer:
// 101, Upgrade: websocket, Connection: Upgrade, the Sec-WebSocket-Accept for our key, a
// subprotocol we offered (or none), extensions we offered (WsDeflate::negotiate).
// Pure functions, used by WsClient. Every refusal is a sentence for the person.
// Bound: the response head is read up to kMaxHeadBytes (16 KiB); a longer one is refused
// without buffering more.
#pragma once
#include "wsdeflate.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace WsClientHandshake {

constexpr qsizetype kMaxHeadBytes = 16 * 1024;

struct Offer
{
    QUrl url;                                          // ws:// or wss://
    QList<QPair<QByteArray, QByteArray>> headers;      // sent as given (checked by the caller)
    QStringList subprotocols;
    QByteArray origin;                                 // empty = no Origin header
    bool offerDeflate = false;
};

QByteArray randomKey();                                // base64 of 16 random bytes
QByteArray request(const Offer &offer, const QByteArray &key);

struct Answer
{
    enum class Status { NeedMore, Accepted, Refused };
    Status status = Status::NeedMore;
    qsizetype headBytes = 0;       // Accepted: bytes of the head (frames may follow)
    int httpStatus = 0;
    QString error;                 // Refused: what happened, what to do
    QString subprotocol;           // Accepted: the server's choice, empty = none
    bool deflate = false;
    WsDeflate::Params deflateParams;
};

// Reads the head at the start of `in` (which may hold more bytes after it).
Answer read(const QByteArray &in, const QByteArray &key, const Offer &offer);

} // namespace WsClientHandshake
