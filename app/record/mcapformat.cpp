#include "mcapformat.h"

#include <QtEndian>
#include <cstring>

namespace McapFormat {

namespace {

template <typename T>
void put(QByteArray *out, T v)
{
    char b[sizeof(T)];
    qToLittleEndian(v, b);
    out->append(b, sizeof(T));
}

void putString(QByteArray *out, const QByteArray &s)
{
    put<quint32>(out, quint32(s.size()));
    out->append(s);
}

void putMap(QByteArray *out, const StringMap &m)
{
    QByteArray body;
    for (const auto &[k, v] : m) {
        putString(&body, k);
        putString(&body, v);
    }
    putString(out, body);
}

// Writes the opcode and a length placeholder; finish() fills the length in.
qsizetype begin(QByteArray *out, Op op)
{
    out->append(char(op));
    const qsizetype at = out->size();
    put<quint64>(out, 0);
    return at;
}

void finish(QByteArray *out, qsizetype at)
{
    qToLittleEndian<quint64>(quint64(out->size() - at - 8), out->data() + at);
}

} // namespace

void header(QByteArray *out, const QByteArray &profile, const QByteArray &library)
{
    const qsizetype at = begin(out, Header);
    putString(out, profile);
    putString(out, library);
    finish(out, at);
}

void schema(QByteArray *out, quint16 id, const QByteArray &name, const QByteArray &encoding, const QByteArray &data)
{
    const qsizetype at = begin(out, Schema);
    put<quint16>(out, id);
    putString(out, name);
    putString(out, encoding);
    putString(out, data);
    finish(out, at);
}

void channel(QByteArray *out, quint16 id, quint16 schemaId, const QByteArray &topic,
             const QByteArray &messageEncoding, const StringMap &metadata)
{
    const qsizetype at = begin(out, Channel);
    put<quint16>(out, id);
    put<quint16>(out, schemaId);
    putString(out, topic);
    putString(out, messageEncoding);
    putMap(out, metadata);
    finish(out, at);
}

void metadata(QByteArray *out, const QByteArray &name, const StringMap &values)
{
    const qsizetype at = begin(out, Metadata);
    putString(out, name);
    putMap(out, values);
    finish(out, at);
}

void message(QByteArray *out, quint16 channelId, quint32 sequence, quint64 logTimeNs, quint64 publishTimeNs,
             const char *data, qsizetype size)
{
    out->append(char(Message));
    put<quint64>(out, quint64(2 + 4 + 8 + 8 + size));
    put<quint16>(out, channelId);
    put<quint32>(out, sequence);
    put<quint64>(out, logTimeNs);
    put<quint64>(out, publishTimeNs);
    out->append(data, size);
}

void dataEnd(QByteArray *out, quint32 crc)
{
    const qsizetype at = begin(out, DataEnd);
    put<quint32>(out, crc);
    finish(out, at);
}

void footer(QByteArray *out)
{
    const qsizetype at = begin(out, Footer);
    put<quint64>(out, 0);   // summary_start: no summary section
    put<quint64>(out, 0);   // summary_offset_start
    put<quint32>(out, 0);   // summary_crc: none
    finish(out, at);
}

bool FieldReader::take(qsizetype n)
{
    if (!m_ok || n < 0 || n > m_end - m_p) {
        m_ok = false;
        return false;
    }
    return true;
}

quint8 FieldReader::u8()
{
    if (!take(1))
        return 0;
    return quint8(*m_p++);
}

quint16 FieldReader::u16()
{
    if (!take(2))
        return 0;
    const quint16 v = qFromLittleEndian<quint16>(m_p);
    m_p += 2;
    return v;
}

quint32 FieldReader::u32()
{
    if (!take(4))
        return 0;
    const quint32 v = qFromLittleEndian<quint32>(m_p);
    m_p += 4;
    return v;
}

quint64 FieldReader::u64()
{
    if (!take(8))
        return 0;
    const quint64 v = qFromLittleEndian<quint64>(m_p);
    m_p += 8;
    return v;
}

QByteArray FieldReader::string()
{
    const quint32 n = u32();
    if (!take(qsizetype(n)))
        return {};
    QByteArray s(m_p, qsizetype(n));
    m_p += n;
    return s;
}

StringMap FieldReader::map()
{
    const quint32 n = u32();
    StringMap out;
    if (!take(qsizetype(n)))
        return out;
    FieldReader inner(m_p, qsizetype(n));
    m_p += n;
    while (inner.left() > 0 && inner.ok()) {
        QByteArray k = inner.string();
        QByteArray v = inner.string();
        if (inner.ok())
            out.append({k, v});
    }
    if (!inner.ok())
        m_ok = false;
    return out;
}

QByteArray FieldReader::rest()
{
    QByteArray r(m_p, m_end - m_p);
    m_p = m_end;
    return r;
}

} // namespace McapFormat
