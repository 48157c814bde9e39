#include "seriesstore.h"

#include <QMutexLocker>
#include <algorithm>
#include <cmath>

namespace {

// Samples per second over the last one to two seconds: two one-second buckets, so an
// append costs a comparison and an add, and a read is O(1).
struct RateMeter
{
    static constexpr qint64 BucketMs = 1000;
    static constexpr qint64 MinWindowMs = 200;   // damps the spike of a brand-new series

    qint64 createdAt = 0;
    qint64 curStart = 0;
    qint64 cur = 0;
    qint64 prev = 0;

    void roll(qint64 now)
    {
        const qint64 gap = now - curStart;
        if (gap < BucketMs)
            return;
        if (gap < 2 * BucketMs) {
            prev = cur;
            curStart += BucketMs;
        } else {
            prev = 0;
            curStart = now - gap % BucketMs;
        }
        cur = 0;
    }
    void add(qint64 now)
    {
        roll(now);
        ++cur;
    }
    double rate(qint64 now) const
    {
        RateMeter m = *this;
        m.roll(now);
        const qint64 from = std::max(m.createdAt, m.curStart - BucketMs);
        const qint64 window = std::max(now - from, MinWindowMs);
        return double(m.prev + m.cur) * 1000.0 / double(window);
    }
};

} // namespace

struct SeriesStore::Entry
{
    Entry(QString n, const Limits &limits, qint64 now)
        : name(std::move(n))
        , buffer(limits.maxPointsPerSeries, limits.maxAgeMs)
    {
        rate.createdAt = now;
        rate.curStart = now;
    }
    QString name;
    SeriesBuffer buffer;
    RateMeter rate;
};

SeriesStore::SeriesStore(QObject *parent)
    : SeriesStore(Limits{}, parent)
{
}

SeriesStore::SeriesStore(Limits limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
{
    m_limits.maxPointsPerSeries = std::max<qsizetype>(1, m_limits.maxPointsPerSeries);
    m_limits.maxSeries = std::max(0, m_limits.maxSeries);
    m_elapsed.start();
}

SeriesStore::~SeriesStore() = default;

SeriesStore::Limits SeriesStore::limits() const
{
    return m_limits;
}

void SeriesStore::setClock(Clock clock)
{
    QMutexLocker lock(&m_mutex);
    m_clock = std::move(clock);
}

qint64 SeriesStore::now() const
{
    return m_clock ? m_clock() : m_elapsed.elapsed();
}

SeriesStore::Entry *SeriesStore::entryFor(const QString &series, QStringList *added)
{
    const auto it = m_series.constFind(series);
    if (it != m_series.constEnd())
        return it->get();
    if (series.isEmpty() || series.size() > MaxNameLength) {
        m_refusedInvalid.fetch_add(1, std::memory_order_relaxed);
        return nullptr;
    }
    if (m_series.size() >= m_limits.maxSeries) {
        m_refusedSeries.fetch_add(1, std::memory_order_relaxed);
        return nullptr;
    }
    auto entry = std::make_shared<Entry>(series, m_limits, now());
    m_series.insert(series, entry);
    m_order.append(entry);
    added->append(series);
    return entry.get();
}

bool SeriesStore::appendLocked(const QString &series, qint64 t, double v, qint64 now,
                               QStringList *added)
{
    if (!std::isfinite(v)) {
        m_refusedInvalid.fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    Entry *e = entryFor(series, added);
    if (!e)
        return false;
    e->buffer.append(t, v);
    e->rate.add(now);
    return true;
}

void SeriesStore::append(const QString &series, qint64 t, double v)
{
    QStringList added;
    {
        QMutexLocker lock(&m_mutex);
        if (appendLocked(series, t, v, now(), &added))
            m_generation.fetch_add(1, std::memory_order_acq_rel);
    }
    for (const QString &name : std::as_const(added))
        Q_EMIT seriesAdded(name);
}

void SeriesStore::appendBatch(const SampleBatch &batch)
{
    if (batch.isEmpty())
        return;
    QStringList added;
    {
        QMutexLocker lock(&m_mutex);
        const qint64 t = now();
        quint64 stored = 0;
        // A batch names a handful of series many times over, and the mappers hand out the
        // same shared QString for a series every time (their name caches): a small table
        // indexed by the name's data pointer skips hashing the name for almost every
        // sample. Equal pointer and length mean equal text (the batch keeps both strings
        // alive and unchanged for this call); a miss (another string of the same text, a
        // slot taken by another name) goes through the hash as before.
        // (Batches of a few samples, a single message's, look every name up.)
        struct Seen { const QChar *data; qsizetype size; Entry *entry; };
        constexpr size_t kSeen = 64;
        Seen seen[kSeen];
        const bool useSeen = batch.size() >= 16;
        if (useSeen)
            std::fill(std::begin(seen), std::end(seen), Seen{ nullptr, 0, nullptr });
        for (const Sample &s : batch) {
            if (!std::isfinite(s.v)) {
                m_refusedInvalid.fetch_add(1, std::memory_order_relaxed);
                continue;
            }
            const QChar *data = s.series.constData();
            const qsizetype size = s.series.size();
            const quintptr bits = reinterpret_cast<quintptr>(data);
            Seen *slot = useSeen ? &seen[((bits >> 4) ^ (bits >> 11)) % kSeen] : nullptr;
            Entry *e = slot && slot->data == data && slot->size == size ? slot->entry : nullptr;
            if (!e) {
                e = entryFor(s.series, &added);
                if (!e)
                    continue;   // refused, and counted per sample
                if (slot)
                    *slot = Seen{ data, size, e };
            }
            e->buffer.append(s.t, s.v);
            e->rate.add(t);
            ++stored;
        }
        if (stored)
            m_generation.fetch_add(stored, std::memory_order_acq_rel);
    }
    for (const QString &name : std::as_const(added))
        Q_EMIT seriesAdded(name);
}

void SeriesStore::clear()
{
    QMutexLocker lock(&m_mutex);
    m_series.clear();
    m_order.clear();
    m_generation.fetch_add(1, std::memory_order_acq_rel);
}

QStringList SeriesStore::names() const
{
    QMutexLocker lock(&m_mutex);
    QStringList out;
    out.reserve(m_order.size());
    for (const auto &e : m_order)
        out.append(e->name);
    return out;
}

bool SeriesStore::contains(const QString &series) const
{
    QMutexLocker lock(&m_mutex);
    return m_series.contains(series);
}

int SeriesStore::seriesCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_order.size());
}

SeriesStats SeriesStore::statsLocked(const Entry &e, qint64 now) const
{
    const SeriesBuffer &b = e.buffer;
    SeriesStats s;
    s.name = e.name;
    s.count = b.size();
    s.totalAppended = b.totalAppended();
    s.ratePerSec = e.rate.rate(now);
    if (!b.isEmpty()) {
        const SeriesBuffer::Point first = b.first();
        const SeriesBuffer::Point last = b.last();
        s.first = first.v;
        s.firstT = first.t;
        s.last = last.v;
        s.lastT = last.t;
        s.min = b.min();
        s.max = b.max();
    }
    return s;
}

SeriesStats SeriesStore::stats(const QString &series) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_series.constFind(series);
    if (it == m_series.constEnd())
        return SeriesStats{};
    return statsLocked(**it, now());
}

QList<SeriesStats> SeriesStore::allStats() const
{
    QMutexLocker lock(&m_mutex);
    const qint64 t = now();
    QList<SeriesStats> out;
    out.reserve(m_order.size());
    for (const auto &e : m_order)
        out.append(statsLocked(*e, t));
    return out;
}

QList<QPointF> SeriesStore::decimated(const QString &series, qint64 t0, qint64 t1, int columns) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_series.constFind(series);
    return it == m_series.constEnd() ? QList<QPointF>{} : (*it)->buffer.decimated(t0, t1, columns);
}

bool SeriesStore::updateView(const QString &series, SeriesView &view) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_series.constFind(series);
    if (it == m_series.constEnd()) {
        view.clear();
        return false;
    }
    view.update((*it)->buffer);
    return true;
}

QList<QPointF> SeriesStore::points(const QString &series, qint64 t0, qint64 t1) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_series.constFind(series);
    return it == m_series.constEnd() ? QList<QPointF>{} : (*it)->buffer.points(t0, t1);
}

bool SeriesStore::copyChunk(const QString &series, qint64 t1, ChunkCursor *cursor, qsizetype maxPoints,
                            std::vector<SeriesBuffer::Point> *out) const
{
    out->clear();
    QMutexLocker lock(&m_mutex);
    const auto it = m_series.constFind(series);
    if (it == m_series.constEnd())
        return false;
    const SeriesBuffer &b = (*it)->buffer;
    auto [i, end] = b.range(cursor->t, t1);
    // Skip the points at exactly cursor->t that an earlier chunk already took.
    for (qsizetype skipped = 0; i < end && skipped < cursor->taken && b.at(i).t == cursor->t; ++skipped)
        ++i;
    const qsizetype n = std::min(std::max<qsizetype>(0, maxPoints), end - i);
    out->reserve(size_t(n));
    for (qsizetype k = 0; k < n; ++k)
        out->push_back(b.at(i + k));
    if (n > 0) {
        const qint64 last = out->back().t;
        qsizetype atLast = 0;
        for (auto p = out->rbegin(); p != out->rend() && p->t == last; ++p)
            ++atLast;
        cursor->taken = (last == cursor->t) ? cursor->taken + atLast : atLast;
        cursor->t = last;
    }
    return true;
}

qsizetype SeriesStore::countPoints(const QString &series, qint64 t0, qint64 t1) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_series.constFind(series);
    if (it == m_series.constEnd())
        return 0;
    const auto [b, e] = (*it)->buffer.range(t0, t1);
    return e - b;
}

qint64 SeriesStore::bytesUsed() const
{
    QMutexLocker lock(&m_mutex);
    qint64 total = sizeof(*this);
    for (const auto &e : m_order)
        total += e->buffer.bytesUsed() + qint64(sizeof(Entry)) + 2 * e->name.size();
    return total;
}
