#include "wsdeflate.h"
#include "peertext.h"

#include <QList>
#include <zlib.h>

namespace {
constexpr qsizetype kStep = 16 * 1024;   // inflate/deflate output grows by this much per call
const char kTail[4] = {'\x00', '\x00', '\xff', '\xff'};

// A window-bits value: 8..15 digits, nothing else.
int windowBits(const QByteArray &value)
{
    bool ok = false;
    const int bits = value.toInt(&ok);
    return ok && value.size() <= 2 && bits >= 8 && bits <= 15 ? bits : -1;
}
} // namespace

struct WsDeflate::Streams
{
    z_stream in{};
    z_stream out{};
    bool inOk = false;
    bool outOk = false;
};

QByteArray WsDeflate::offer()
{
    return "permessage-deflate; client_max_window_bits";
}

bool WsDeflate::negotiate(const QByteArray &header, bool offered, bool *accepted, Params *params,
                          QString *error)
{
    *accepted = false;
    *params = Params();
    if (header.trimmed().isEmpty())
        return true;
    for (const QByteArray &extension : header.split(',')) {
        const QList<QByteArray> parts = extension.split(';');
        const QByteArray name = parts.first().trimmed().toLower();
        if (name.isEmpty())
            continue;
        if (name != "permessage-deflate" || !offered) {
            *error = QStringLiteral("the server chose the extension \"%1\", which was not offered")
                         .arg(PeerText::printable(name, 60));
            return false;
        }
        if (*accepted) {
            *error = QStringLiteral("the server chose permessage-deflate twice");
            return false;
        }
        *accepted = true;
        QList<QByteArray> seen;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray param = parts.at(i).trimmed();
            const qsizetype eq = param.indexOf('=');
            const QByteArray key = (eq < 0 ? param : param.left(eq)).trimmed().toLower();
            QByteArray value = eq < 0 ? QByteArray() : param.mid(eq + 1).trimmed();
            if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
                value = value.mid(1, value.size() - 2);
            if (seen.contains(key)) {
                *error = QStringLiteral("permessage-deflate parameter %1 given twice").arg(PeerText::printable(key, 40));
                return false;
            }
            seen.append(key);
            const bool noValue = eq < 0;
            if (key == "server_no_context_takeover" && noValue) {
                params->serverNoContextTakeover = true;
            } else if (key == "client_no_context_takeover" && noValue) {
                params->clientNoContextTakeover = true;
            } else if (key == "server_max_window_bits" && windowBits(value) > 0) {
                params->serverMaxWindowBits = windowBits(value);
            } else if (key == "client_max_window_bits" && windowBits(value) > 0) {
                params->clientMaxWindowBits = windowBits(value);
                if (params->clientMaxWindowBits == 8) {
                    *error = QStringLiteral("the server asked for client_max_window_bits=8, which zlib cannot honour");
                    return false;
                }
            } else {
                *error = QStringLiteral("invalid permessage-deflate parameter \"%1\"")
                             .arg(PeerText::printable(param, 60));
                return false;
            }
        }
    }
    return true;
}

WsDeflate::WsDeflate(const Params &params)
    : m_params(params)
    , m_z(std::make_unique<Streams>())
{
    // Raw deflate (negative window bits). The inflater takes the largest window: any
    // server window up to it decodes, and an 8-bit one is valid for zlib's inflate too.
    m_z->inOk = inflateInit2(&m_z->in, -15) == Z_OK;
    m_z->outOk = deflateInit2(&m_z->out, Z_DEFAULT_COMPRESSION, Z_DEFLATED,
                              -m_params.clientMaxWindowBits, 8, Z_DEFAULT_STRATEGY) == Z_OK;
}

WsDeflate::~WsDeflate()
{
    if (m_z->inOk)
        inflateEnd(&m_z->in);
    if (m_z->outOk)
        deflateEnd(&m_z->out);
}

WsDeflate::Inflated WsDeflate::inflate(const QByteArray &compressed, qint64 limit, QByteArray *out)
{
    if (!m_z->inOk)
        return Inflated::Corrupt;
    z_stream &z = m_z->in;
    out->clear();
    // The message and then the 4-byte tail the sender removed (RFC 7692 7.2.2).
    const QByteArrayView inputs[2] = {QByteArrayView(compressed), QByteArrayView(kTail, 4)};
    Inflated result = Inflated::Ok;
    bool ended = false;   // a block with BFINAL set: the stream restarts with the next message
    for (const QByteArrayView &input : inputs) {
        z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.data()));
        z.avail_in = uInt(input.size());
        bool full = true;   // zlib may hold output back while the last buffer was full
        while ((z.avail_in > 0 || full) && result == Inflated::Ok && !ended) {
            const qsizetype have = out->size();
            const qsizetype room = qMin<qint64>(kStep, limit + 1 - have);   // one byte over = too big
            if (room <= 0) {
                result = Inflated::TooBig;
                break;
            }
            out->resize(have + room);
            z.next_out = reinterpret_cast<Bytef *>(out->data() + have);
            z.avail_out = uInt(room);
            const int rc = ::inflate(&z, Z_SYNC_FLUSH);
            full = z.avail_out == 0;
            out->resize(have + room - qsizetype(z.avail_out));
            if (rc == Z_STREAM_END)
                ended = true;
            else if (rc == Z_NEED_DICT || rc == Z_DATA_ERROR || rc == Z_MEM_ERROR || rc == Z_STREAM_ERROR)
                result = Inflated::Corrupt;
            else if (rc == Z_BUF_ERROR)
                break;   // no progress possible: this input is used up
            if (out->size() > limit)
                result = Inflated::TooBig;
        }
        if (result != Inflated::Ok || ended)
            break;
    }
    if (result != Inflated::Ok) {
        inflateReset(&z);   // the connection is failed anyway; leave a clean stream
        if (result == Inflated::Corrupt)
            out->clear();   // TooBig keeps what was inflated (at most limit + 1 bytes)
        return result;
    }
    if (ended || m_params.serverNoContextTakeover)
        inflateReset(&z);
    return Inflated::Ok;
}

QByteArray WsDeflate::deflate(QByteArrayView message)
{
    QByteArray out;
    if (!m_z->outOk)
        return out;
    z_stream &z = m_z->out;
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(message.data()));
    z.avail_in = uInt(message.size());
    do {
        const qsizetype have = out.size();
        out.resize(have + qMax<qsizetype>(kStep, message.size() / 2 + 64));
        z.next_out = reinterpret_cast<Bytef *>(out.data() + have);
        z.avail_out = uInt(out.size() - have);
        ::deflate(&z, Z_SYNC_FLUSH);
        out.resize(out.size() - qsizetype(z.avail_out));
    } while (z.avail_out == 0);
    if (out.endsWith(QByteArrayView(kTail, 4)))
        out.chop(4);
    if (m_params.clientNoContextTakeover)
        deflateReset(&z);
    return out;
}
