#include "mcapreader.h"

#include <QDir>
#include <QtEndian>
#include <cstring>

QByteArray McapReader::ChannelInfo::value(const QByteArray &key) const
{
    for (const auto &[k, v] : metadata) {
        if (k == key)
            return v;
    }
    return {};
}

QString McapReader::ChannelInfo::connection() const
{
    const QByteArray name = value("pulseboard.connection");
    return QString::fromUtf8(name.isEmpty() ? topic : name);
}

bool McapReader::open(const QString &path, QString *error)
{
    m_file.setFileName(path);
    const QString shown = QDir::toNativeSeparators(path);
    if (!m_file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("Cannot open the recording %1: %2.").arg(shown, m_file.errorString());
        return false;
    }
    m_size = m_file.size();
    char magic[McapFormat::MagicSize];
    if (!readExact(magic, McapFormat::MagicSize) || std::memcmp(magic, McapFormat::Magic, McapFormat::MagicSize) != 0) {
        *error = QStringLiteral("%1 is not an MCAP recording (it does not start with the MCAP magic bytes).").arg(shown);
        return false;
    }
    char head[McapFormat::RecordHeaderSize];
    if (!readExact(head, McapFormat::RecordHeaderSize) || quint8(head[0]) != McapFormat::Header) {
        *error = QStringLiteral("%1 is not a usable MCAP recording: the header record is missing.").arg(shown);
        return false;
    }
    const quint64 len = qFromLittleEndian<quint64>(head + 1);
    if (len > quint64(MaxRecordBytes) || qint64(len) > m_size - m_pos) {
        *error = QStringLiteral("%1 is not a usable MCAP recording: its header record is damaged.").arg(shown);
        return false;
    }
    QByteArray content(qsizetype(len), Qt::Uninitialized);
    if (!readExact(content.data(), qint64(len))) {
        *error = QStringLiteral("%1: cannot read the header record.").arg(shown);
        return false;
    }
    McapFormat::FieldReader r(content.constData(), content.size());
    r.string();
    r.string();
    if (!r.ok()) {
        *error = QStringLiteral("%1 is not a usable MCAP recording: its header record is damaged.").arg(shown);
        return false;
    }
    return true;
}

bool McapReader::readExact(char *into, qint64 n)
{
    if (n == 0)
        return true;
    const qint64 got = m_file.read(into, n);
    if (got > 0)
        m_pos += got;
    return got == n;
}

McapReader::Next McapReader::fail(const QString &what)
{
    m_done = true;
    m_error = QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(m_file.fileName()), what);
    return Next::Error;
}

McapReader::Next McapReader::next(Message *out)
{
    while (!m_done) {
        quint8 op = 0;
        QByteArray content;       // a record read from the file
        QByteArrayView record;    // its content: in `content`, or in place in m_chunk (no copy)
        if (m_chunkPos < m_chunk.size()) {
            // Records inside an uncompressed chunk.
            McapFormat::FieldReader r(m_chunk.constData() + m_chunkPos, m_chunk.size() - m_chunkPos);
            op = r.u8();
            const quint64 len = r.u64();
            if (!r.ok() || len > quint64(r.left()))
                return fail(QStringLiteral("a chunk's records overrun the chunk; the file is damaged."));
            record = QByteArrayView(m_chunk.constData() + m_chunkPos + McapFormat::RecordHeaderSize, qsizetype(len));
            m_chunkPos += McapFormat::RecordHeaderSize + qsizetype(len);
        } else {
            const qint64 start = m_pos;
            if (m_size - m_pos == 0) {
                m_done = true;
                return Next::End;   // cut exactly between records: everything before is whole
            }
            char head[McapFormat::RecordHeaderSize];
            if (m_size - m_pos < McapFormat::RecordHeaderSize || !readExact(head, McapFormat::RecordHeaderSize)) {
                m_done = true;
                m_error = QStringLiteral("The recording ends inside a record at byte %1 of %2 (it was cut, "
                                         "e.g. by a crash or a full disk); everything before that was replayed.")
                              .arg(start).arg(m_size);
                return Next::Truncated;
            }
            op = quint8(head[0]);
            const quint64 len = qFromLittleEndian<quint64>(head + 1);
            if (len > quint64(MaxRecordBytes)) {
                return fail(QStringLiteral("a record at byte %1 claims %2 bytes, more than the %3 MiB "
                                           "a recording may hold per record; the file is damaged or not a recording.")
                                .arg(start).arg(len).arg(MaxRecordBytes >> 20));
            }
            if (qint64(len) > m_size - m_pos) {
                m_done = true;
                m_error = QStringLiteral("The recording ends inside a record at byte %1 of %2 (it was cut, "
                                         "e.g. by a crash or a full disk); everything before that was replayed.")
                              .arg(start).arg(m_size);
                return Next::Truncated;
            }
            content.resize(qsizetype(len));
            if (!readExact(content.data(), qint64(len)))
                return fail(QStringLiteral("read error at byte %1: %2").arg(m_pos).arg(m_file.errorString()));
            record = content;
        }
        const Next n = handle(op, record, out);
        if (m_chunkPos >= m_chunk.size() && !m_chunk.isEmpty()) {   // the chunk is used up (after handle: `record` pointed into it)
            m_chunk.clear();
            m_chunkPos = 0;
        }
        if (n != Next::End || m_done)
            return n;
    }
    return m_error.isEmpty() ? Next::End : Next::Error;
}

// Returns Message when *out was filled, End to go on reading (or, with m_done, the end).
McapReader::Next McapReader::handle(quint8 op, QByteArrayView content, Message *out)
{
    McapFormat::FieldReader r(content.constData(), content.size());
    switch (op) {
    case McapFormat::Channel:
        return handleChannel(content);
    case McapFormat::Message: {
        out->channel = r.u16();
        out->sequence = r.u32();
        out->logTimeNs = r.u64();
        r.u64();   // publish time
        if (!r.ok())
            return fail(QStringLiteral("a message record is too short; the file is damaged."));
        if (!m_channels.contains(out->channel))
            return fail(QStringLiteral("a message refers to channel %1, which was never declared; "
                                       "the file is damaged or not a recording.").arg(out->channel));
        out->data = r.rest();
        return Next::Message;
    }
    case McapFormat::Chunk: {
        r.u64();   // message start time
        r.u64();   // message end time
        const quint64 uncompressed = r.u64();
        r.u32();   // crc
        const QByteArray compression = r.string();
        const quint64 recordsLen = r.u64();
        if (!r.ok() || recordsLen != quint64(r.left()))
            return fail(QStringLiteral("a chunk record is damaged."));
        if (!compression.isEmpty())
            return fail(QStringLiteral("this recording uses %1-compressed chunks, which Pulseboard does not read; "
                                       "write it without compression (e.g. `mcap compress --compression none`).")
                            .arg(QString::fromLatin1(compression.left(16))));
        if (uncompressed != recordsLen)
            return fail(QStringLiteral("a chunk's size fields disagree; the file is damaged."));
        m_chunk = r.rest();
        m_chunkPos = 0;
        return Next::End;
    }
    case McapFormat::Footer:
        m_complete = true;
        m_done = true;
        return Next::End;
    case McapFormat::Header:
        return fail(QStringLiteral("a second header record; the file is damaged or two files were joined."));
    default:
        return Next::End;   // Schema, Metadata, indexes, DataEnd, unknown: nothing to replay
    }
}

McapReader::Next McapReader::handleChannel(QByteArrayView content)
{
    McapFormat::FieldReader r(content.constData(), content.size());
    ChannelInfo c;
    c.id = r.u16();
    r.u16();   // schema id
    c.topic = r.string();
    c.messageEncoding = r.string();
    c.metadata = r.map();
    if (!r.ok())
        return fail(QStringLiteral("a channel record is damaged."));
    if (!m_channels.contains(c.id) && m_channels.size() >= MaxChannels)
        return fail(QStringLiteral("more than %1 channels; not a Pulseboard recording.").arg(MaxChannels));
    m_channels.insert(c.id, c);
    return Next::End;
}
