// MessageLog: the raw message log of one connection, for the inspector. A thread-safe
// bounded ring: FeedPipeline appends every incoming/outgoing frame and connection event
// from its ingest thread; MessageLogModel (GUI thread) polls lastSeq() at a capped rate
// and copies new entries out with snapshot(sinceSeq). Strings are implicitly shared, so
// a snapshot costs pointers, not text.
//
// Bounds (documented, tested in tst_messagelog):
//  - at most maxEntries entries (default 2,000); the oldest are dropped first;
//  - each entry's text is cut to maxEntryChars UTF-16 code units (default 65,536, i.e.
//    64 Ki characters; never splitting a surrogate pair) and flagged `truncated`;
//  - all held text together stays within maxTotalChars (default 8 Mi code units = 16 MiB),
//    dropping the oldest entries, so 2,000 maximal entries cannot pin 256 MiB.
// Incoming frames arrive as UTF-8 bytes and are kept as bytes (shared with the frame, no
// decoding on the ingest thread); snapshot() decodes them for the inspector, at its
// capped rate. For those, maxEntryChars and maxTotalChars count bytes (a byte is half
// a code unit's memory, so the bounds hold), cut at a character boundary.
// Sequence numbers start at 1 and grow by one per append; the totals keep counting when
// the ring wraps (total() - size() entries were dropped).
#pragma once
#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>
#include <vector>

class MessageLog : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("MessageLog is owned by a FeedConnection")
public:
    enum Direction : int { Incoming, Outgoing, Event };   // int-backed: any int a caller (QML) passes is a valid value
    Q_ENUM(Direction)
    enum Kind : int { Json, Text, Binary, Error };
    Q_ENUM(Kind)

    struct Entry
    {
        qint64 t = 0;             // epoch ms
        Direction direction = Event;
        Kind kind = Text;
        QString text;             // filled by snapshot() from utf8 when the entry was bytes
        QByteArray utf8;          // the frame as received (empty for text entries)
        bool truncated = false;
        quint64 seq = 0;
    };

    struct Limits
    {
        qsizetype maxEntries = 2'000;
        qsizetype maxEntryChars = 64 * 1024;
        qsizetype maxTotalChars = 8 * 1024 * 1024;
    };

    explicit MessageLog(QObject *parent = nullptr);
    explicit MessageLog(Limits limits, QObject *parent = nullptr);

    Limits limits() const { return m_limits; }

    // Any thread. Returns the entry's sequence number.
    quint64 append(qint64 t, Direction direction, Kind kind, const QString &text);
    quint64 append(qint64 t, Direction direction, Kind kind, const QByteArray &utf8);
    void clear();   // drops the entries; sequence numbers and totals keep counting

    // Entries with seq > sinceSeq still held, oldest first.
    QList<Entry> snapshot(quint64 sinceSeq = 0) const;
    qsizetype size() const;
    quint64 lastSeq() const;         // 0 before the first append
    quint64 total() const;           // appended ever
    quint64 totalFor(Direction direction) const;
    quint64 truncatedCount() const;  // entries whose text was cut
    qint64 heldChars() const;

private:
    void evictFront();   // m_mutex held
    quint64 push(Entry e);

    Limits m_limits;
    mutable QMutex m_mutex;
    // A ring in one array (grown up to maxEntries, then reused): appending allocates
    // nothing once it is full. Oldest at m_head, m_count entries.
    std::vector<Entry> m_ring;
    size_t m_head = 0;
    size_t m_count = 0;
    qint64 m_heldChars = 0;
    quint64 m_lastSeq = 0;
    quint64 m_totals[3] = {0, 0, 0};
    quint64 m_truncated = 0;
};
