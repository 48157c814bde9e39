#include "wsframereader.h"
#include "wsdeflate.h"

#include <QByteArrayView>
#include <cstring>

namespace {
constexpr int kCont = 0x0, kText = 0x1, kBinary = 0x2, kClose = 0x8, kPing = 0x9, kPong = 0xA;

void unmask(char *p, qsizetype n, const uchar key[4])
{
    // Word at a time: the mask repeats every 4 bytes and p starts at payload offset 0.
    quint32 k;
    std::memcpy(&k, key, 4);
    qsizetype i = 0;
    for (; i + 4 <= n; i += 4) {
        quint32 w;
        std::memcpy(&w, p + i, 4);
        w ^= k;
        std::memcpy(p + i, &w, 4);
    }
    for (; i < n; ++i)
        p[i] = char(p[i] ^ key[i & 3]);
}
} // namespace

bool WsFrameReader::isValidCloseCode(int code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
           || (code >= 3000 && code <= 4999);
}

WsFrameReader::Result WsFrameReader::fail(int code, const QString &reason)
{
    Result r;
    r.kind = Kind::Fail;
    r.closeCode = code;
    r.reason = reason;
    m_message = QByteArray();
    m_opcode = 0;
    m_compressed = false;
    return r;
}

WsFrameReader::Result WsFrameReader::finishMessage(Result r, int opcode, bool compressed)
{
    if (compressed) {
        QByteArray plain;
        switch (m_deflate->inflate(r.payload, m_maxMessage, &plain)) {
        case WsDeflate::Inflated::Ok:
            r.payload = std::move(plain);
            break;
        case WsDeflate::Inflated::TooBig:
            return fail(1009, QStringLiteral("message larger than %1 bytes once inflated").arg(m_maxMessage));
        case WsDeflate::Inflated::Corrupt:
            return fail(1007, QStringLiteral("compressed message is not valid deflate data"));
        }
    }
    if (opcode == kText) {
        if (!QByteArrayView(r.payload).isValidUtf8())
            return fail(1007, QStringLiteral("text message is not UTF-8"));
        r.kind = Kind::Text;
    } else {
        r.kind = Kind::Binary;
    }
    return r;
}

WsFrameReader::Result WsFrameReader::read(const char *data, qsizetype size)
{
    Result r;
    if (size < 2)
        return r;
    const auto *u = reinterpret_cast<const uchar *>(data);
    const bool fin = u[0] & 0x80;
    const int rsv = u[0] & 0x70;
    const int opcode = u[0] & 0x0f;
    const bool masked = u[1] & 0x80;
    quint64 length = u[1] & 0x7f;
    qsizetype header = 2;
    if (length == 126) {
        header = 4;
    } else if (length == 127) {
        header = 10;
    }
    // Everything that can be judged from the first two bytes, before waiting for more.
    const bool compressed = rsv == 0x40 && m_deflate && (opcode == kText || opcode == kBinary);
    if (rsv && !compressed)
        return fail(1002, m_deflate && rsv == 0x40
                              ? QStringLiteral("RSV1 on a frame that is not the start of a data message")
                              : QStringLiteral("reserved bits set without an extension"));
    const bool control = opcode & 0x8;
    if (!(opcode == kCont || opcode == kText || opcode == kBinary || opcode == kClose
          || opcode == kPing || opcode == kPong))
        return fail(1002, QStringLiteral("reserved opcode %1").arg(opcode));
    if (m_role == Role::Server && !masked)
        return fail(1002, QStringLiteral("client frame not masked"));
    if (m_role == Role::Client && masked)
        return fail(1002, QStringLiteral("server frame masked"));
    if (control && !fin)
        return fail(1002, QStringLiteral("fragmented control frame"));
    if (control && length > 125)
        return fail(1002, QStringLiteral("control frame longer than 125 bytes"));
    if (opcode == kCont && m_opcode == 0)
        return fail(1002, QStringLiteral("continuation frame without a message"));
    if ((opcode == kText || opcode == kBinary) && m_opcode != 0)
        return fail(1002, QStringLiteral("new message inside a fragmented one"));
    if (size < header)
        return r;
    if (length == 126) {
        length = (quint64(u[2]) << 8) | u[3];
    } else if (length == 127) {
        length = 0;
        for (int i = 2; i < 10; ++i)
            length = (length << 8) | u[i];
        if (length >> 63)
            return fail(1002, QStringLiteral("frame length with the top bit set"));
    }
    if (!control) {
        if (length > quint64(m_maxFrame))
            return fail(1009, QStringLiteral("frame larger than %1 bytes (%2 declared)")
                                  .arg(m_maxFrame).arg(length));
        if (quint64(m_message.size()) + length > quint64(m_maxMessage))
            return fail(1009, QStringLiteral("message larger than %1 bytes").arg(m_maxMessage));
    }
    const qsizetype keyBytes = masked ? 4 : 0;
    const qsizetype total = header + keyBytes + qsizetype(length);
    if (size < total)
        return r;   // header is fine: wait for the payload (bounded by the checks above)

    uchar key[4] = {0, 0, 0, 0};
    if (masked)
        std::memcpy(key, u + header, 4);
    r.consumed = total;
    const char *payload = data + header + keyBytes;
    const qsizetype n = qsizetype(length);

    if (control) {
        r.payload = QByteArray(payload, n);
        if (masked)
            unmask(r.payload.data(), n, key);
        if (opcode == kPing) {
            r.kind = Kind::Ping;
        } else if (opcode == kPong) {
            r.kind = Kind::Pong;
        } else {
            r.kind = Kind::Close;
            r.closeCode = 1005;
            if (n == 1)
                return fail(1002, QStringLiteral("close frame with a 1-byte payload"));
            if (n >= 2) {
                const int code = (uchar(r.payload[0]) << 8) | uchar(r.payload[1]);
                if (!isValidCloseCode(code))
                    return fail(1002, QStringLiteral("invalid close code %1").arg(code));
                r.closeCode = code;
                r.payload.remove(0, 2);
                if (!QByteArrayView(r.payload).isValidUtf8())
                    return fail(1007, QStringLiteral("close reason is not UTF-8"));
            }
        }
        return r;
    }

    const int messageOpcode = opcode == kCont ? m_opcode : opcode;
    bool messageCompressed = compressed;
    if (fin && opcode != kCont) {
        r.payload = QByteArray(payload, n);   // the common case: one frame, one message
        if (masked)
            unmask(r.payload.data(), n, key);
    } else {
        const qsizetype at = m_message.size();
        m_message.append(payload, n);
        if (masked)
            unmask(m_message.data() + at, n, key);
        if (opcode != kCont)
            m_compressed = compressed;
        if (!fin) {
            m_opcode = messageOpcode;
            r.kind = Kind::Fragment;
            return r;
        }
        r.payload = std::exchange(m_message, QByteArray());
        messageCompressed = std::exchange(m_compressed, false);
        m_opcode = 0;
    }
    return finishMessage(std::move(r), messageOpcode, messageCompressed);
}
