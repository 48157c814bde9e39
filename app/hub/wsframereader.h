// WsFrameReader: the server side of RFC 6455 framing (section 5) for RawWsLink. It reads
// client frames from a byte buffer one at a time and gives back whole messages and control
// frames, or the close code that fails the connection:
//  * 1002: unmasked frame, RSV bits (no extension is ever negotiated), reserved opcode,
//    control frame over 125 bytes or fragmented, continuation without a start, a new data
//    message inside a fragmented one, a 64-bit length with its top bit set, a bad close
//    frame (1-byte payload, a code that may not be sent);
//  * 1009: a frame over maxFrameBytes or a message over maxMessageBytes, decided from the
//    frame header before its payload is buffered;
//  * 1007: a text message (whole, across fragments) or a close reason that is not UTF-8.
// Bounds: a fragmented message is held until its last fragment, at most maxMessageBytes;
// the caller holds at most one incomplete frame (header + maxFrameBytes).
#pragma once
#include <QByteArray>
#include <QString>
#include <QtGlobal>

class WsFrameReader
{
public:
    enum class Kind {
        NeedMore,   // the buffer does not hold a whole frame yet (consumed == 0)
        Fragment,   // a non-final data fragment was absorbed (consumed > 0)
        Text, Binary, Ping, Pong, Close,
        Fail        // closeCode/reason say why; the connection must be failed
    };
    struct Result
    {
        Kind kind = Kind::NeedMore;
        qsizetype consumed = 0;
        QByteArray payload;        // message, ping/pong data, or close reason (UTF-8)
        int closeCode = 0;         // Close: the peer's code (1005 when none); Fail: ours
        QString reason;            // Fail: readable reason for the log
    };

    WsFrameReader(qint64 maxFrameBytes, qint64 maxMessageBytes)
        : m_maxFrame(maxFrameBytes), m_maxMessage(maxMessageBytes) {}

    // Reads at most one frame from data[0, size).
    Result read(const char *data, qsizetype size);
    bool inMessage() const { return m_opcode != 0; }

    // Close codes a peer may send (RFC 6455 7.4.1 and the IANA registry; 1004-1006 and
    // 1015 are reserved, 1016-2999 unassigned, 3000-4999 registered/private).
    static bool isValidCloseCode(int code);

private:
    Result fail(int code, const QString &reason);

    qint64 m_maxFrame;
    qint64 m_maxMessage;
    int m_opcode = 0;              // opcode of the fragmented message in progress, 0 = none
    QByteArray m_message;          // its fragments so far (released when it completes)
};
