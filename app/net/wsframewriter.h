// WsFrameWriter: RFC 6455 frames as the client sends them (section 5.3): always masked,
// with a fresh random 32-bit key per frame from the system CSPRNG, so bytes chosen by the
// application can never appear unmasked on the wire (the cache-poisoning attack 10.3
// guards against). Used by WsClient; the hub's unmasked server frames are
// WsServerLink::frame. Stateless.
#pragma once
#include <QByteArray>
#include <QByteArrayView>

namespace WsFrameWriter {

enum Opcode : quint8 { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

// One final frame with `payload`, masked; rsv1 marks a permessage-deflate message.
QByteArray clientFrame(quint8 opcode, QByteArrayView payload, bool rsv1 = false);
// A close frame payload: the code (big-endian) and a reason cut to fit 123 bytes on a
// UTF-8 character boundary. code 0 = no code (empty payload).
QByteArray closePayload(int code, const QString &reason);

} // namespace WsFrameWriter
