// WsFrameReader: RFC 6455 framing (section 5) on the receiving side, for both roles: the
// hub reads client frames with it (WsServerLink, Role::Server) and WsClient reads server
// frames (Role::Client). It reads frames from a byte buffer one at a time and gives back
// whole messages and control frames, or the close code that fails the connection:
//  * 1002: a frame masked the wrong way for the role (client frames must be masked, server
//    frames must not be), RSV bits without a negotiated extension (RSV1 is allowed only on
//    the first frame of a data message once permessage-deflate is on), reserved opcode,
//    control frame over 125 bytes or fragmented, continuation without a start, a new data
//    message inside a fragmented one, a 64-bit length with its top bit set, a bad close
//    frame (1-byte payload, a code that may not be sent);
//  * 1009: a frame over maxFrameBytes or a message over maxMessageBytes, decided from the
//    frame header before its payload is buffered; a compressed message whose inflated size
//    would pass maxMessageBytes (inflating stops at the limit);
//  * 1007: a text message (whole, across fragments, so a character split between two
//    fragments is fine) or a close reason that is not UTF-8; corrupt compressed data.
// Bounds: a fragmented message is held until its last fragment, at most maxMessageBytes
// (compressed or not); the caller holds at most one incomplete frame (header + maxFrameBytes).
#pragma once
#include <QByteArray>
#include <QString>
#include <QtGlobal>

class WsDeflate;

class WsFrameReader
{
public:
    enum class Role { Server, Client };   // which side of the connection reads
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

    WsFrameReader(qint64 maxFrameBytes, qint64 maxMessageBytes, Role role = Role::Server)
        : m_maxFrame(maxFrameBytes), m_maxMessage(maxMessageBytes), m_role(role) {}

    // Reads at most one frame from data[0, size).
    Result read(const char *data, qsizetype size);
    bool inMessage() const { return m_opcode != 0; }
    // permessage-deflate negotiated: RSV1 marks a compressed message, inflated by `deflate`
    // (not owned; null = no extension, RSV1 fails with 1002).
    void setDeflate(WsDeflate *deflate) { m_deflate = deflate; }

    // Close codes a peer may send (RFC 6455 7.4.1 and the IANA registry; 1004-1006 and
    // 1015 are reserved, 1016-2999 unassigned, 3000-4999 registered/private).
    static bool isValidCloseCode(int code);

private:
    Result fail(int code, const QString &reason);
    Result finishMessage(Result r, int opcode, bool compressed);

    qint64 m_maxFrame;
    qint64 m_maxMessage;
    Role m_role;
    WsDeflate *m_deflate = nullptr;
    int m_opcode = 0;              // opcode of the fragmented message in progress, 0 = none
    bool m_compressed = false;     // that message had RSV1 on its first frame
    QByteArray m_message;          // its fragments so far (released when it completes)
};
