// RecordingFile: the writing end of a recording (MCAP, see mcapformat.h), shared by the
// ingest threads of the connections being recorded. record() appends one Message record
// (log time = arrival time in ns) to a bounded buffer under a mutex; the buffer goes to
// the file when it reaches FlushBytes (on the recording thread) or when flush() is
// called (SessionRecorder's timer, every FlushIntervalMs). Nothing is compressed or
// indexed, so every record is final once written: a crash loses at most the last
// flush interval, and the reader replays what is whole.
// A write error (disk full, file removed) stops the recording: error() says why, later
// frames are counted in lost(), and what was written stays readable.
// Bounds: the buffer holds at most FlushBytes plus one frame (a frame larger than
// FlushBytes is written on its own).
#pragma once
#include <QByteArray>
#include <QFile>
#include <QMutex>
#include <QString>

class RecordingFile
{
public:
    static constexpr qsizetype FlushBytes = 256 * 1024;
    static constexpr int FlushIntervalMs = 100;

    RecordingFile() = default;
    ~RecordingFile();   // close()

    // Creates (or truncates) path and writes the magic and the header. "" or why not.
    QString open(const QString &path);
    // Declares a connection: a text channel (json) and a binary one. Returns the text
    // channel's id; the binary channel is id + 1. mappingJson: see MappingJson.
    quint16 addConnection(const QString &name, const QByteArray &mappingJson, const QString &url);
    void record(quint16 channel, qint64 arrivalMs, const QByteArray &frame);
    // Writes what is buffered; false once the file failed (error()).
    bool flush();
    // Writes the data-end, footer and closing magic; the file is then a complete MCAP file.
    void close();

    bool isOpen() const;
    QString error() const;
    qint64 messages() const;
    qint64 bytes() const;      // written to the file so far
    qint64 lost() const;       // frames not recorded after a write error
    QString path() const;

private:
    bool writeLocked(const QByteArray &bytes);

    mutable QMutex m_mutex;
    QFile m_file;
    QByteArray m_buffer;
    QString m_error;
    quint16 m_nextChannel = 1;
    QList<quint32> m_sequence;   // per channel id
    qint64 m_messages = 0;
    qint64 m_bytes = 0;
    qint64 m_lost = 0;
    bool m_open = false;
};
