#include "messagelog.h"

#include <QMutexLocker>
#include <algorithm>

MessageLog::MessageLog(QObject *parent)
    : MessageLog(Limits{}, parent)
{
}

MessageLog::MessageLog(Limits limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
{
    m_limits.maxEntries = std::max<qsizetype>(1, m_limits.maxEntries);
    m_limits.maxEntryChars = std::max<qsizetype>(16, m_limits.maxEntryChars);
    m_limits.maxTotalChars = std::max(m_limits.maxEntryChars, m_limits.maxTotalChars);
}

quint64 MessageLog::append(qint64 t, Direction direction, Kind kind, const QString &text)
{
    Entry e;
    e.t = t;
    e.direction = direction;
    e.kind = kind;
    if (text.size() > m_limits.maxEntryChars) {
        qsizetype cut = m_limits.maxEntryChars;
        if (text.at(cut - 1).isHighSurrogate())
            --cut;   // never leave half a surrogate pair
        e.text = text.left(cut);   // copies only the kept part
        e.truncated = true;
    } else {
        e.text = text;             // shared, no copy
    }
    return push(std::move(e));
}

quint64 MessageLog::append(qint64 t, Direction direction, Kind kind, const QByteArray &utf8)
{
    Entry e;
    e.t = t;
    e.direction = direction;
    e.kind = kind;
    if (utf8.size() > m_limits.maxEntryChars) {
        qsizetype cut = m_limits.maxEntryChars;
        while (cut > 0 && (uchar(utf8.at(cut)) & 0xc0) == 0x80)
            --cut;                 // never split a UTF-8 sequence
        e.utf8 = utf8.left(cut);
        e.truncated = true;
    } else {
        e.utf8 = utf8;             // shared with the frame, no copy
    }
    return push(std::move(e));
}

quint64 MessageLog::push(Entry e)
{
    QMutexLocker lock(&m_mutex);
    e.seq = ++m_lastSeq;
    const int dir = int(e.direction);
    if (dir >= 0 && dir < 3)
        ++m_totals[dir];
    if (e.truncated)
        ++m_truncated;
    m_heldChars += e.text.size() + e.utf8.size();
    if (qsizetype(m_count) >= m_limits.maxEntries)
        evictFront();              // full: the oldest makes room (as pushing, then dropping it)
    if (m_count == m_ring.size()) {
        // Still growing towards maxEntries: make the ring one run from index 0, then grow.
        std::rotate(m_ring.begin(), m_ring.begin() + qsizetype(m_head), m_ring.end());
        m_head = 0;
        m_ring.push_back(std::move(e));
    } else {
        m_ring[(m_head + m_count) % m_ring.size()] = std::move(e);
    }
    ++m_count;
    while (m_heldChars > m_limits.maxTotalChars && m_count > 1)
        evictFront();
    return m_lastSeq;
}

void MessageLog::evictFront()
{
    Entry &front = m_ring[m_head];
    m_heldChars -= front.text.size() + front.utf8.size();
    front = Entry();               // its text released now, its slot reused later
    m_head = (m_head + 1) % m_ring.size();
    --m_count;
}

void MessageLog::clear()
{
    QMutexLocker lock(&m_mutex);
    std::vector<Entry>().swap(m_ring);
    m_head = m_count = 0;
    m_heldChars = 0;
}

QList<MessageLog::Entry> MessageLog::snapshot(quint64 sinceSeq) const
{
    QList<Entry> out;
    {
        QMutexLocker lock(&m_mutex);
        if (m_count == 0 || sinceSeq >= m_lastSeq)
            return out;
        // Sequence numbers are contiguous inside the ring.
        const quint64 frontSeq = m_ring[m_head].seq;
        const size_t skip = sinceSeq < frontSeq ? 0 : size_t(sinceSeq - frontSeq + 1);
        out.reserve(qsizetype(m_count - skip));
        for (size_t k = skip; k < m_count; ++k)
            out.append(m_ring[(m_head + k) % m_ring.size()]);
    }
    // Decoded outside the lock, so the ingest thread never waits for it.
    for (Entry &e : out)
        if (!e.utf8.isEmpty() && e.text.isEmpty())
            e.text = QString::fromUtf8(e.utf8);
    return out;
}

qsizetype MessageLog::size() const
{
    QMutexLocker lock(&m_mutex);
    return qsizetype(m_count);
}

quint64 MessageLog::lastSeq() const
{
    QMutexLocker lock(&m_mutex);
    return m_lastSeq;
}

quint64 MessageLog::total() const
{
    QMutexLocker lock(&m_mutex);
    return m_lastSeq;   // one sequence number per append
}

quint64 MessageLog::totalFor(Direction direction) const
{
    QMutexLocker lock(&m_mutex);
    const int dir = int(direction);
    return dir >= 0 && dir < 3 ? m_totals[dir] : 0;
}

quint64 MessageLog::truncatedCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_truncated;
}

qint64 MessageLog::heldChars() const
{
    QMutexLocker lock(&m_mutex);
    return m_heldChars;
}
