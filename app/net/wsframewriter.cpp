#include "wsframewriter.h"

#include <QRandomGenerator>
#include <QString>
#include <cstring>

namespace WsFrameWriter {

QByteArray clientFrame(quint8 opcode, QByteArrayView payload, bool rsv1)
{
    const qsizetype n = payload.size();
    const qsizetype header = n < 126 ? 2 : n < 65536 ? 4 : 10;
    QByteArray f(header + 4 + n, Qt::Uninitialized);
    auto *u = reinterpret_cast<uchar *>(f.data());
    u[0] = uchar(0x80 | (rsv1 ? 0x40 : 0) | (opcode & 0x0f));
    if (n < 126) {
        u[1] = uchar(0x80 | n);
    } else if (n < 65536) {
        u[1] = 0x80 | 126;
        u[2] = uchar(n >> 8);
        u[3] = uchar(n);
    } else {
        u[1] = 0x80 | 127;
        for (int i = 0; i < 8; ++i)
            u[2 + i] = uchar(quint64(n) >> (8 * (7 - i)));
    }
    const quint32 k = QRandomGenerator::system()->generate();
    std::memcpy(u + header, &k, 4);
    const uchar *key = u + header;
    uchar *out = u + header + 4;
    const auto *in = reinterpret_cast<const uchar *>(payload.data());
    qsizetype i = 0;
    for (; i + 4 <= n; i += 4) {   // word at a time: the key repeats every 4 bytes
        quint32 w;
        std::memcpy(&w, in + i, 4);
        w ^= k;
        std::memcpy(out + i, &w, 4);
    }
    for (; i < n; ++i)
        out[i] = in[i] ^ key[i & 3];
    return f;
}

QByteArray closePayload(int code, const QString &reason)
{
    if (code == 0)
        return {};
    QByteArray p;
    p.append(char(code >> 8)).append(char(code & 0xff));
    QByteArray text = reason.toUtf8();
    if (text.size() > 123) {
        qsizetype cut = 123;
        while (cut > 0 && (uchar(text[cut]) & 0xC0) == 0x80)
            --cut;   // do not split a character: the peer checks the reason is UTF-8
        text.truncate(cut);
    }
    return p + text;
}

} // namespace WsFrameWriter
