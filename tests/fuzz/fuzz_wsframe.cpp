// libFuzzer target: WsFrameReader, the RFC 6455 frame reader, both roles: the hub reads
// masked client frames (Role::Server), WsClient unmasked server frames (Role::Client).
// The first input byte picks the role (top bit) and small limits so the 1009 paths are
// reached; the rest is fed as a byte stream cut at varying points, the way a socket
// delivers it. Checks: consumed is within what was given, NeedMore consumes nothing,
// every Text message is valid UTF-8, and a Fail ends the stream with a close code.
#include "wsframereader.h"

#include <QByteArray>
#include <QStringDecoder>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const uint8_t config = data[0];
    const qint64 maxFrame = (config & 0x0f) ? 16 << (config & 0x0f) : 1 << 20;   // 32 B .. 512 KiB
    const qint64 maxMessage = maxFrame * (1 + ((config >> 4) & 7));
    const auto role = (config & 0x80) ? WsFrameReader::Role::Client : WsFrameReader::Role::Server;
    WsFrameReader reader(maxFrame, maxMessage, role);

    QByteArray buffer;
    const char *in = reinterpret_cast<const char *>(data + 1);
    qsizetype left = qsizetype(size - 1);
    qsizetype chunk = 1 + (config % 7) * 3;   // delivery size, 1..19 bytes, varies below
    while (left > 0 || !buffer.isEmpty()) {
        const qsizetype n = std::min(chunk, left);
        buffer.append(in, n);
        in += n;
        left -= n;
        chunk = chunk * 5 % 97 + 1;
        for (;;) {
            const WsFrameReader::Result r = reader.read(buffer.constData(), buffer.size());
            if (r.consumed < 0 || r.consumed > buffer.size())
                std::abort();
            if (r.kind == WsFrameReader::Kind::NeedMore) {
                if (r.consumed != 0)
                    std::abort();
                break;
            }
            if (r.kind == WsFrameReader::Kind::Fail) {
                if (r.closeCode != 1002 && r.closeCode != 1007 && r.closeCode != 1009)
                    std::abort();
                return 0;   // the connection is failed: nothing more is read
            }
            if (r.consumed == 0)
                std::abort();   // a whole frame was reported but nothing consumed: a busy loop
            if (r.kind == WsFrameReader::Kind::Text) {
                QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
                (void)utf8.decode(r.payload);
                if (utf8.hasError())
                    std::abort();
            }
            if ((r.kind == WsFrameReader::Kind::Text || r.kind == WsFrameReader::Kind::Binary)
                && r.payload.size() > maxMessage)
                std::abort();
            buffer.remove(0, r.consumed);
        }
        if (left == 0)
            break;
    }
    return 0;
}
