#include "protomapper.h"

#include <charconv>

namespace {

// Index just past the JSON value starting at i (string, number, literal, object, array);
// -1 on malformed input. Strings: *isString set, span excludes the quotes.
qsizetype skipValue(QStringView s, qsizetype i, qsizetype *vb, qsizetype *ve, bool *isString, bool *escaped)
{
    const qsizetype n = s.size();
    *isString = false;
    *escaped = false;
    if (i >= n)
        return -1;
    const QChar c = s[i];
    if (c == u'"') {
        qsizetype j = i + 1;
        while (j < n && s[j] != u'"') {
            if (s[j] == u'\\') {
                *escaped = true;
                ++j;
            }
            ++j;
        }
        if (j >= n)
            return -1;
        *vb = i + 1;
        *ve = j;
        *isString = true;
        return j + 1;
    }
    if (c == u'{' || c == u'[') {
        int depth = 0;
        qsizetype j = i;
        for (; j < n; ++j) {
            const QChar d = s[j];
            if (d == u'"') {
                for (++j; j < n && s[j] != u'"'; ++j)
                    if (s[j] == u'\\')
                        ++j;
            } else if (d == u'{' || d == u'[') {
                ++depth;
            } else if (d == u'}' || d == u']') {
                if (--depth == 0)
                    break;
            }
        }
        if (j >= n)
            return -1;
        *vb = i;
        *ve = j + 1;
        return j + 1;
    }
    qsizetype j = i;
    while (j < n && s[j] != u',' && s[j] != u'}' && s[j] != u']' && !s[j].isSpace())
        ++j;
    *vb = i;
    *ve = j;
    return j;
}

bool toDouble(QStringView v, double *out)
{
    char buf[64];
    if (v.size() == 0 || v.size() >= qsizetype(sizeof buf))
        return false;
    for (qsizetype i = 0; i < v.size(); ++i) {
        const char16_t u = v[i].unicode();
        if (u > 0x7f)
            return false;
        buf[i] = char(u);
    }
    const auto r = std::from_chars(buf, buf + v.size(), *out);
    return r.ec == std::errc() && r.ptr == buf + v.size();
}

QString singleSegment(const JsonPointer &p, bool *ok)
{
    const QString text = p.toString();
    if (text.size() < 2 || text[0] != u'/' || text.indexOf(u'/', 1) >= 0 || text.contains(u'~'))
        *ok = false;
    return text.mid(1);
}

} // namespace

ProtoMapper::ProtoMapper(const FeedProfile &profile)
{
    if (profile.rules.size() != 1)
        return;
    const MappingRule &r = profile.rules.first();
    bool ok = !r.hasItems && r.timeFormat == TimeFormat::EpochMillis;
    for (const auto &[ptr, value] : r.match)
        m_match.append({singleSegment(ptr, &ok), value.toString()});
    for (const auto &[label, ptr] : r.values)
        m_values.append({label, singleSegment(ptr, &ok)});
    m_timeKey = singleSegment(r.time, &ok);
    // "{/field}<sep>{value}"
    const QString t = r.seriesTemplate;
    const qsizetype close = t.indexOf(u'}');
    if (!t.startsWith(QLatin1String("{/")) || close < 0 || !t.endsWith(QLatin1String("{value}")))
        ok = false;
    else {
        m_nameField = t.mid(2, close - 2);
        m_prefixSep = t.mid(close + 1, t.size() - close - 1 - 7);
    }
    m_ok = ok;
}

const ProtoMapper::Member *ProtoMapper::find(QStringView key) const
{
    for (int i = 0; i < m_memberCount; ++i)
        if (m_members[i].key == key)
            return &m_members[i];
    return nullptr;
}

const QStringList &ProtoMapper::namesFor(QStringView fieldValue)
{
    for (const auto &entry : m_nameCache)
        if (entry.first == fieldValue)
            return entry.second;
    QStringList names;
    for (const auto &v : std::as_const(m_values))
        names.append(fieldValue.toString() + m_prefixSep + v.first);
    m_nameCache.append({fieldValue.toString(), names});   // bounded in a real version
    return m_nameCache.last().second;
}

bool ProtoMapper::map(QStringView s, qint64 arrivalMs, SampleBatch *out)
{
    Q_UNUSED(arrivalMs);
    if (!m_ok)
        return false;
    m_memberCount = 0;
    qsizetype i = 0;
    const qsizetype n = s.size();
    while (i < n && s[i].isSpace())
        ++i;
    if (i >= n || s[i] != u'{')
        return false;
    ++i;
    for (;;) {
        while (i < n && (s[i].isSpace() || s[i] == u','))
            ++i;
        if (i >= n)
            return false;
        if (s[i] == u'}')
            break;
        qsizetype kb, ke, vb, ve;
        bool isString, escaped;
        i = skipValue(s, i, &kb, &ke, &isString, &escaped);
        if (i < 0 || !isString || escaped)
            return false;
        while (i < n && (s[i].isSpace() || s[i] == u':'))
            ++i;
        i = skipValue(s, i, &vb, &ve, &isString, &escaped);
        if (i < 0 || m_memberCount == 32)
            return false;
        m_members[m_memberCount++] = Member{s.sliced(kb, ke - kb), s.sliced(vb, ve - vb), isString && !escaped};
    }
    for (const auto &[key, expected] : std::as_const(m_match)) {
        const Member *m = find(key);
        if (!m || !m->string || m->value != expected)
            return false;
    }
    const Member *tm = find(m_timeKey);
    const Member *nm = find(m_nameField);
    double t = 0;
    if (!tm || !nm || !nm->string || !toDouble(tm->value, &t))
        return false;
    const QStringList &names = namesFor(nm->value);
    for (qsizetype k = 0; k < m_values.size(); ++k) {
        const Member *vm = find(m_values.at(k).second);
        double v;
        if (vm && toDouble(vm->value, &v))
            out->append(Sample{names.at(k), qint64(t), v});
    }
    return true;
}
