// WsDeflate: permessage-deflate (RFC 7692) for WsClient: the offer, the reading of the
// server's answer, and one inflater + one deflater for a connection. WsFrameReader inflates
// a message that arrived with RSV1 through it; WsClient deflates what it sends.
// Negotiation: we offer "permessage-deflate; client_max_window_bits"; the server may answer
// with server_no_context_takeover, client_no_context_takeover, server_max_window_bits=8..15
// and client_max_window_bits=9..15 (we cannot honour 8: zlib's raw deflate turns 8 into
// 9). Anything else (an extension we did not offer, a parameter twice, an unknown one, a
// bad value) refuses the handshake, as RFC 7692 section 5 requires.
// Bounds: inflate() stops as soon as the output would pass `limit` (a deflate bomb costs at
// most limit + one 16 KiB step); the zlib windows are at most 2^15 bytes each way.
// Context takeover: the windows persist between messages unless the matching
// *_no_context_takeover was agreed, in which case the stream is reset after each message.
#pragma once
#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <memory>

class WsDeflate
{
public:
    struct Params
    {
        bool serverNoContextTakeover = false;
        bool clientNoContextTakeover = false;
        int serverMaxWindowBits = 15;   // the server's compression window (we inflate with it)
        int clientMaxWindowBits = 15;   // ours
    };
    enum class Inflated { Ok, TooBig, Corrupt };

    static QByteArray offer();   // the Sec-WebSocket-Extensions value we send
    // The server's Sec-WebSocket-Extensions (all header lines joined by ','), empty if none.
    // Returns false with *error when the answer must refuse the handshake; *accepted says
    // whether deflate is on, *params what was agreed.
    static bool negotiate(const QByteArray &header, bool offered, bool *accepted, Params *params,
                          QString *error);

    explicit WsDeflate(const Params &params);
    ~WsDeflate();
    WsDeflate(const WsDeflate &) = delete;
    WsDeflate &operator=(const WsDeflate &) = delete;

    // One whole compressed message (the frames' payloads joined, without the 00 00 ff ff tail).
    // TooBig leaves *out with what was inflated before stopping (at most limit + 1 bytes).
    Inflated inflate(const QByteArray &compressed, qint64 limit, QByteArray *out);
    // One whole message compressed for sending with RSV1 (tail removed).
    QByteArray deflate(QByteArrayView message);
    const Params &params() const { return m_params; }

private:
    struct Streams;
    Params m_params;
    std::unique_ptr<Streams> m_z;
};
