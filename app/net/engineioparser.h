// EngineIoParser: the text packets of Engine.IO v4 over WebSocket and of Socket.IO v4 inside
// them, as pure functions (bytes in, values out, no I/O, no event loop), so they can be
// fuzzed and tested alone. Used by SocketIoSource.
//
// Engine.IO v4 (one packet per WebSocket text frame): "0{open json}" (sid, pingInterval,
// pingTimeout, maxPayload), "1" close, "2" ping (the server's; answered with "3"), "3" pong,
// "4<socket.io packet>", "5" upgrade, "6" noop.
// Socket.IO v4: <type>[<attachments>-][/<namespace>,][<ack id>][<json>] with type 0 connect,
// 1 disconnect, 2 event, 3 ack, 4 connect error; 5/6 (binary event/ack, with attachments
// sent as binary frames) are refused with a clear error: feeds are JSON text.
//
// eventMessage() turns an event's array into the message the pipeline sees:
//   ["tick", {"p":1}, 2]  ->  {"event":"tick","data":{"p":1},"args":[{"p":1},2]}
// (the name and arguments copied byte for byte, so big integers and number text survive).
// Bounds: namespace <= 256 bytes, ack id <= 15 digits; the payload is bounded by the
// WebSocket message limit of the connection (FeedEndpoint::maxMessageBytes).
#pragma once
#include <QByteArray>
#include <QByteArrayView>
#include <QString>

struct EngineIoPacket
{
    enum Type { Open, Close, Ping, Pong, Message, Upgrade, Noop, Invalid };
    Type type = Invalid;
    QByteArrayView data;    // what follows the type digit (a view into the frame)
    QString error;          // set when Invalid
};

struct EngineIoOpen
{
    QString sid;
    int pingIntervalMs = 25'000;
    int pingTimeoutMs = 20'000;
    qint64 maxPayload = 1'000'000;
    QString error;          // empty = valid
};

struct SocketIoPacket
{
    enum Type { Connect = 0, Disconnect, Event, Ack, ConnectError, BinaryEvent, BinaryAck, Invalid };
    Type type = Invalid;
    QString nsp = QStringLiteral("/");
    qint64 ackId = -1;      // -1 = none
    QByteArrayView payload; // the JSON part (may be empty)
    QString error;          // set when Invalid
};

class EngineIoParser
{
public:
    static constexpr int kMaxNamespaceBytes = 256;
    static constexpr int kMaxAckDigits = 15;

    static EngineIoPacket parsePacket(QByteArrayView frame);
    static EngineIoOpen parseOpen(QByteArrayView json);
    static SocketIoPacket parseSocketIo(QByteArrayView data);

    // Client packets, as whole Engine.IO text frames.
    static QByteArray pong() { return QByteArrayLiteral("3"); }
    static QByteArray connectPacket(const QString &nsp, QByteArrayView authJson); // "40[/ns,][auth]"
    static QByteArray eventPacket(const QString &nsp, QByteArrayView jsonArray);  // "42[/ns,][...]"
    static QByteArray ackPacket(const QString &nsp, qint64 ackId);                // "43[/ns,]<id>[]"

    // An event's array as the pipeline message (see above); empty + *error when the
    // payload is not a JSON array starting with a string.
    static QByteArray eventMessage(QByteArrayView payload, QString *error);
    // A connect error's payload ({"message": ...} or a string) as readable text.
    static QString connectErrorText(QByteArrayView payload);
    // "/" or "/name" without control characters or commas; empty = valid.
    static QString namespaceProblem(const QString &nsp);
};
