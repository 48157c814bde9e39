// McapFormat: the subset of MCAP (https://mcap.dev/spec, major version 0) that
// Pulseboard recordings use, as record encoders and a record decoder. All integers are
// little-endian; a record is <opcode u8><content length u64><content>. Written records:
// Header, Schema, Channel, Metadata, Message, DataEnd, Footer; no chunks, no summary
// (both optional in the spec), so every record is final the moment it is written and a
// file cut anywhere is still readable up to its last whole record.
// Used by SessionRecorder (write) and McapReader (read). Why MCAP: docs/recording.md.
#pragma once
#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QtGlobal>

namespace McapFormat {

inline constexpr char Magic[8] = {'\x89', 'M', 'C', 'A', 'P', '0', '\r', '\n'};
inline constexpr qsizetype MagicSize = 8;
inline constexpr qsizetype RecordHeaderSize = 9;     // opcode + u64 length

enum Op : quint8 {
    Header = 0x01, Footer = 0x02, Schema = 0x03, Channel = 0x04, Message = 0x05, Chunk = 0x06,
    MessageIndex = 0x07, ChunkIndex = 0x08, Attachment = 0x09, AttachmentIndex = 0x0A,
    Statistics = 0x0B, Metadata = 0x0C, MetadataIndex = 0x0D, SummaryOffset = 0x0E, DataEnd = 0x0F,
};

using StringMap = QList<QPair<QByteArray, QByteArray>>;

// Encoders: each appends one whole record to *out.
void header(QByteArray *out, const QByteArray &profile, const QByteArray &library);
void schema(QByteArray *out, quint16 id, const QByteArray &name, const QByteArray &encoding, const QByteArray &data);
void channel(QByteArray *out, quint16 id, quint16 schemaId, const QByteArray &topic,
             const QByteArray &messageEncoding, const StringMap &metadata);
void metadata(QByteArray *out, const QByteArray &name, const StringMap &values);
void message(QByteArray *out, quint16 channelId, quint32 sequence, quint64 logTimeNs, quint64 publishTimeNs,
             const char *data, qsizetype size);
void dataEnd(QByteArray *out, quint32 crc);
void footer(QByteArray *out);

// Decoding helper over one record's content: reads fields in order and remembers when
// one ran past the end (ok() false), so a malformed record is refused, never over-read.
class FieldReader
{
public:
    FieldReader(const char *data, qsizetype size) : m_p(data), m_end(data + size) {}
    quint8 u8();
    quint16 u16();
    quint32 u32();
    quint64 u64();
    QByteArray string();                 // u32 length + bytes
    StringMap map();                     // u32 byte length + (string, string) pairs
    QByteArray rest();                   // everything left
    bool ok() const { return m_ok; }
    qsizetype left() const { return m_end - m_p; }

private:
    bool take(qsizetype n);
    const char *m_p;
    const char *m_end;
    bool m_ok = true;
};

} // namespace McapFormat
