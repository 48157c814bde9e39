// McapReader: reads a recording (MCAP, see mcapformat.h) front to back, one record at
// a time, without trusting it: every length is checked against the file and the bounds
// below before anything is allocated, unknown record types are skipped (as the spec
// asks), uncompressed chunks (what other MCAP writers produce by default) are read, and
// a file that ends inside a record (a recording cut by a crash or a full disk) yields
// every whole message before the cut and then says where it was cut.
// Used by ReplaySource (on an ingest thread; one reader per replayed connection) and by
// RecordingInfo / the command line to list a recording's connections.
// Bounds: one record <= MaxRecordBytes in memory at a time (plus one decoded
// uncompressed chunk <= MaxRecordBytes); at most MaxChannels channels.
#pragma once
#include "mcapformat.h"

#include <QFile>
#include <QHash>
#include <QList>
#include <QString>

class McapReader
{
public:
    static constexpr qint64 MaxRecordBytes = 256LL * 1024 * 1024;
    static constexpr int MaxChannels = 4096;

    struct ChannelInfo
    {
        quint16 id = 0;
        QByteArray topic;
        QByteArray messageEncoding;
        McapFormat::StringMap metadata;
        QByteArray value(const QByteArray &key) const;
        // The recorded connection this channel belongs to: Pulseboard's metadata, or the
        // topic for files other writers made (one connection per topic).
        QString connection() const;
        bool isBinary() const { return value("pulseboard.kind") == "binary"; }
    };
    struct Message
    {
        quint16 channel = 0;
        quint32 sequence = 0;
        quint64 logTimeNs = 0;
        QByteArray data;
    };
    enum class Next { Message, End, Truncated, Error };

    McapReader() = default;
    // Opens and checks the leading magic and the Header record. false + *error when the
    // file cannot be read or is not an MCAP file.
    bool open(const QString &path, QString *error);
    // Reads on to the next message; channels are learnt on the way. End: the file ended
    // cleanly (after the footer, or at a record boundary without one: a recording still
    // being written or cut between records; see isComplete()). Truncated: it ends inside
    // a record (error() says where). Error: malformed (error() says what).
    Next next(Message *out);

    const QHash<quint16, ChannelInfo> &channels() const { return m_channels; }
    QString error() const { return m_error; }
    bool isComplete() const { return m_complete; }
    qint64 position() const { return m_pos; }
    qint64 size() const { return m_size; }
    QString path() const { return m_file.fileName(); }

private:
    Next fail(const QString &what);
    bool readExact(char *into, qint64 n);
    Next handle(quint8 op, QByteArrayView content, Message *out);
    Next handleChannel(QByteArrayView content);

    QFile m_file;
    qint64 m_pos = 0;
    qint64 m_size = 0;
    bool m_complete = false;
    bool m_done = false;
    QString m_error;
    QHash<quint16, ChannelInfo> m_channels;
    QByteArray m_chunk;          // records of an uncompressed chunk still to read
    qsizetype m_chunkPos = 0;
};
