// AutoDiscovery, continued: the walk over a JsonTape (the ingest path) with its path
// tree, so a steady feed builds no names and allocates nothing per message.
#include "autodiscovery.h"
#include "jsontape.h"
#include "samplemapper.h"
#include "samplevalue.h"
#include "seriestemplate.h"

#include <QVarLengthArray>

#include <algorithm>
#include <cstring>

namespace {
inline bool sameBytes(const QByteArray &a, QByteArrayView b)
{
    return a.size() == b.size() && std::memcmp(a.constData(), b.data(), size_t(b.size())) == 0;
}

// Code point order, as QJsonObject sorts its keys (UTF-16 unit order differs only
// where a surrogate pair meets U+E000..U+FFFF).
bool codePointLess(const QString &a, const QString &b)
{
    const qsizetype n = std::min(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        char16_t x = a[i].unicode(), y = b[i].unicode();
        if (x == y)
            continue;
        auto rank = [](char16_t u) { return u >= 0xe000 ? u - 0x800 : u >= 0xd800 ? u + 0x2000 : u; };
        return rank(x) < rank(y);
    }
    return a.size() < b.size();
}

// UTF-8 byte order is code point order, so raw keys sort without decoding.
inline int compareBytes(QByteArrayView a, QByteArrayView b)
{
    if (!a.isEmpty() && !b.isEmpty() && a.front() != b.front())
        return uchar(a.front()) < uchar(b.front()) ? -1 : 1;   // most keys differ in their first byte
    const int c = std::memcmp(a.data(), b.data(), size_t(std::min(a.size(), b.size())));
    return c != 0 ? c : (a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0);
}

// A raw key longer than this cannot fit a series name: even "\uXXXX" (6 bytes) is one unit.
constexpr qsizetype kMaxUsefulKeyBytes = 6 * SampleMapper::kMaxSeriesNameLength;
} // namespace

int AutoDiscovery::rootEntry(const QString &prefix)
{
    const auto it = m_roots.constFind(prefix);
    if (it != m_roots.constEnd())
        return it.value();
    PathEntry e;
    e.base = prefix.size();
    m_paths.push_back(std::move(e));
    const int id = int(m_paths.size() - 1);
    m_roots.insert(prefix, id);
    return id;
}

int AutoDiscovery::childEntry(int parent, QByteArrayView key, bool escaped, const QString &prefix,
                              qsizetype position)
{
    {
        const auto &listed = m_paths[size_t(parent)].children;
        if (position < qsizetype(listed.size()) && sameBytes(listed[size_t(position)].first, key))
            return listed[size_t(position)].second;   // same place as last time: the usual case
        for (const auto &child : listed)
            if (sameBytes(child.first, key))
                return child.second;
        if (listed.size() >= size_t(kMaxListedChildren)) {
            m_probe.assign(reinterpret_cast<const char *>(&parent), sizeof parent);
            m_probe.append(key.data(), size_t(key.size()));
            const auto it = m_children.find(m_probe);
            if (it != m_children.end())
                return it->second;
        }
    }
    // First time this path is seen under this prefix: build its name once.
    const QString token = escaped ? JsonTape::unescape(key) : QString::fromUtf8(key);
    PathEntry e;
    const PathEntry &up = m_paths[size_t(parent)];
    if (up.base + 1 + token.size() > SampleMapper::kMaxSeriesNameLength) {
        e.tooLong = true;
    } else {
        QString clean = token;
        SeriesTemplate::stripControlCharacters(&clean);
        e.path = up.path + u'/' + JsonPointer::escapeToken(clean);
        e.base = prefix.size() + e.path.size();
        if (!m_excluded.contains(e.path)) {
            e.name = prefix + e.path;
            if (!SampleMapper::finishSeriesName(&e.name))
                e.name.clear();
        }
    }
    m_paths.push_back(std::move(e));
    const int id = int(m_paths.size() - 1);
    auto &listed = m_paths[size_t(parent)].children;
    if (listed.size() < size_t(kMaxListedChildren))
        listed.emplace_back(key.toByteArray(), id);
    else
        m_children.emplace(m_probe, id);
    return id;
}

void AutoDiscovery::map(const JsonTape &tape, qint64 arrivalMs, SampleBatch *out)
{
    m_leaves = 0;
    m_nodes = 0;
    if (m_paths.size() > size_t(kMaxCachedPaths)) {
        m_paths.clear();
        m_children.clear();
        m_roots.clear();
        m_plainRoot = -1;
    }
    const int root = tape.resolve(m_root);
    if (root < 0)
        return;
    if (m_splitKeys.isEmpty()) {
        mapRecord(tape, root, 0, m_rootName, arrivalMs, out);
        return;
    }
    if (tape.kind(root) != JsonTape::Kind::Array) {
        mapRecord(tape, root, 0, QString(), arrivalMs, out);
        return;
    }
    int count = 0;
    for (int r = tape.firstChild(root); r >= 0 && count < SampleMapper::kMaxRecordsPerMessage && !exhausted();
         r = tape.nextSibling(root, r), ++count)
        mapRecord(tape, r, 1, QString(), arrivalMs, out);
}

void AutoDiscovery::mapRecord(const JsonTape &tape, int record, int depth, const QString &prefix,
                              qint64 arrivalMs, SampleBatch *out)
{
    ++m_nodes;
    qint64 t = arrivalMs;
    if (m_timeFormat != TimeFormat::Arrival
        && !SampleTime::toEpochMs(tape, tape.resolve(m_time, record), m_timeFormat, &t))
        return;
    if (m_splitKeys.isEmpty()) {        // one prefix for every message: its root found once
        if (m_plainRoot < 0)
            m_plainRoot = rootEntry(prefix);
        walk(tape, record, m_plainRoot, depth, prefix, t, out);
        return;
    }
    QString keyPrefix = prefix;
    if (!splitPrefix([&](const JsonPointer &key) { return tape.value(tape.resolve(key, record)); }, &keyPrefix))
        return;
    walk(tape, record, rootEntry(keyPrefix), depth, keyPrefix, t, out);
}

// One member or element: what the reference's descend() + walk() do for it. False when
// the message's budget is spent.
bool AutoDiscovery::visit(const JsonTape &tape, int child, QByteArrayView key, bool escaped, int parent,
                          qsizetype position, int depth, const QString &prefix, qint64 t, SampleBatch *out,
                          int *entry)
{
    const JsonTape::Kind kind = tape.kind(child);
    double v = 0;
    if (kind == JsonTape::Kind::Null || kind == JsonTape::Kind::True || kind == JsonTape::Kind::False
        || key.size() > kMaxUsefulKeyBytes
        || ((kind == JsonTape::Kind::Number || kind == JsonTape::Kind::String)
            && !SampleValue::toDouble(tape, child, false, &v))) {
        ++m_nodes;                       // visited, never a series
        return !exhausted();
    }
    if (*entry < 0)
        *entry = childEntry(parent, key, escaped, prefix, position);
    const int id = *entry;
    const PathEntry &e = m_paths[size_t(id)];
    if (e.tooLong) {
        ++m_nodes;
        return !exhausted();
    }
    if (tape.isContainer(child)) {
        walk(tape, child, id, depth, prefix, t, out);
        return !exhausted();
    }
    ++m_nodes;
    if (!e.name.isEmpty()) {
        out->append(Sample{ e.name, t, v });
        ++m_leaves;
    }
    return !exhausted();
}

void AutoDiscovery::walk(const JsonTape &tape, int node, int entry, int depth, const QString &prefix, qint64 t,
                         SampleBatch *out)
{
    if (exhausted())
        return;
    ++m_nodes;
    if (!tape.isContainer(node)) {       // a scalar record: its own leaf, named by the prefix
        double v = 0;
        if (tape.kind(node) != JsonTape::Kind::True && tape.kind(node) != JsonTape::Kind::False
            && SampleValue::toDouble(tape, node, false, &v) && !m_excluded.contains(QString())) {
            QString name = prefix;
            if (SampleMapper::finishSeriesName(&name)) {
                out->append(Sample{ std::move(name), t, v });
                ++m_leaves;
            }
        }
        return;
    }
    if (depth >= SampleMapper::kMaxDepth)
        return;
    if (tape.kind(node) == JsonTape::Kind::Array) {
        char index[24];
        qsizetype i = 0;
        for (int c = tape.firstChild(node); c >= 0; c = tape.nextSibling(node, c), ++i) {
            char *const end = index + sizeof index;
            char *p = end;
            for (quint64 k = quint64(i); p == end || k != 0; k /= 10)
                *--p = char('0' + k % 10);   // the index's decimal text, its member key
            int id = -1;
            if (!visit(tape, c, QByteArrayView(p, end - p), false, entry, i, depth + 1, prefix, t, out, &id))
                return;
        }
        return;
    }
    walkObject(tape, node, entry, depth, prefix, t, out);
}

void AutoDiscovery::walkObject(const JsonTape &tape, int node, int entry, int depth, const QString &prefix,
                               qint64 t, SampleBatch *out)
{
    // The members as this path last had them, in the same order and none escaped: visit
    // them in the order found then, with the entries found then.
    {
        QVarLengthArray<int, kMaxListedChildren> nodes;
        const std::vector<PathEntry::Member> &layout = m_paths[size_t(entry)].layout;
        bool same = !layout.empty();
        for (int c = tape.firstChild(node); same && c >= 0; c = tape.nextSibling(node, c)) {
            same = nodes.size() < qsizetype(layout.size()) && !tape.isKeyEscaped(c)
                   && sameBytes(layout[size_t(nodes.size())].key, tape.rawKey(c));
            nodes.append(c);
        }
        if (same && nodes.size() == qsizetype(layout.size())) {
            // Copied: visits add entries to m_paths, which may move this one's vectors.
            const std::vector<PathEntry::Step> &steps = m_paths[size_t(entry)].order;
            QVarLengthArray<PathEntry::Step, kMaxListedChildren> order(steps.begin(), steps.end());
            for (const PathEntry::Step step : order) {
                const PathEntry::Member &m = m_paths[size_t(entry)].layout[step.member];
                int id = m.entry;
                // The key's bytes stay put while visits add entries (moving m_paths moves
                // the layout's buffer, not the QByteArrays' data).
                const QByteArrayView key(m.key);
                const bool more = visit(tape, nodes[step.member], key, false, entry, step.position,
                                        depth + 1, prefix, t, out, &id);
                m_paths[size_t(entry)].layout[step.member].entry = id;
                if (!more)
                    return;
            }
            return;
        }
    }
    // QJsonObject's order: sorted by key (code point order), only the last of duplicates.
    struct Member { QByteArrayView key; int child; bool escaped; int index; };
    QVarLengthArray<Member, 16> members;
    bool anyEscaped = false;
    for (int c = tape.firstChild(node); c >= 0; c = tape.nextSibling(node, c)) {
        members.append(Member{ tape.rawKey(c), c, tape.isKeyEscaped(c), int(members.size()) });
        anyEscaped |= tape.isKeyEscaped(c);
    }
    if (!anyEscaped) {
        // Insertion sort: stable, and objects are small (a tick has a handful of members).
        for (qsizetype i = 1; i < members.size(); ++i) {
            const Member m = members[i];
            qsizetype j = i;
            for (; j > 0 && compareBytes(m.key, members[j - 1].key) < 0; --j)
                members[j] = members[j - 1];
            members[j] = m;
        }
        // Remembered for the next message: objects of up to kMaxListedChildren members and
        // kMaxLayoutKeyBytes of keys (the path tree's bound covers what it keeps).
        qsizetype keyBytes = 0;
        for (const Member &m : members)
            keyBytes += m.key.size();
        const bool keep = members.size() <= kMaxListedChildren && keyBytes <= kMaxLayoutKeyBytes;
        std::vector<PathEntry::Member> layout;
        std::vector<PathEntry::Step> order;
        if (keep) {
            layout.resize(size_t(members.size()));
            for (const Member &m : members)
                layout[size_t(m.index)].key = m.key.toByteArray();
            for (qsizetype i = 0; i < members.size(); ++i)
                if (!(i + 1 < members.size() && members[i + 1].key == members[i].key))
                    order.push_back(PathEntry::Step{ quint8(members[i].index), quint8(i) });
        }
        bool completed = true;
        for (qsizetype i = 0; i < members.size(); ++i) {
            if (i + 1 < members.size() && members[i + 1].key == members[i].key)
                continue;   // a later duplicate wins
            int id = -1;
            completed = visit(tape, members[i].child, members[i].key, false, entry, i, depth + 1, prefix, t, out, &id);
            if (keep)
                layout[size_t(members[i].index)].entry = id;
            if (!completed)
                break;
        }
        if (keep) {
            m_paths[size_t(entry)].layout = std::move(layout);
            m_paths[size_t(entry)].order = std::move(order);
        }
        return;
    }
    // Rare: escaped keys sort by their decoded text.
    QVarLengthArray<QString, 16> keys;
    for (const Member &m : members)
        keys.append(tape.key(m.child));
    QVarLengthArray<qsizetype, 16> order;
    for (qsizetype i = 0; i < members.size(); ++i)
        order.append(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](qsizetype a, qsizetype b) { return codePointLess(keys[a], keys[b]); });
    for (qsizetype k = 0; k < order.size(); ++k) {
        if (k + 1 < order.size() && keys[order[k + 1]] == keys[order[k]])
            continue;
        const Member &m = members[order[k]];
        int id = -1;
        if (!visit(tape, m.child, m.key, m.escaped, entry, k, depth + 1, prefix, t, out, &id))
            return;
    }
}
