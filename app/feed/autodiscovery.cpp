#include "autodiscovery.h"
#include "samplemapper.h"
#include "samplevalue.h"
#include "seriestemplate.h"

#include "jsontape.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QVarLengthArray>

#include <algorithm>
#include <functional>

AutoDiscovery::AutoDiscovery(const FeedProfile &profile)
    : m_root(profile.autoRoot),
      m_rootName(profile.autoRoot.toString()),
      m_splitKeys(profile.splitKeys),
      m_time(profile.autoTime),
      m_timeFormat(profile.autoTimeFormat)
{
    for (const JsonPointer &key : m_splitKeys)
        m_excluded.append(key.toString());
    if (m_timeFormat != TimeFormat::Arrival)
        m_excluded.append(m_time.toString());
}

bool AutoDiscovery::exhausted() const
{
    return m_leaves >= SampleMapper::kMaxLeavesPerMessage || m_nodes >= SampleMapper::kMaxNodesPerMessage;
}

void AutoDiscovery::map(const QJsonValue &doc, qint64 arrivalMs, SampleBatch *out)
{
    m_leaves = 0;
    m_nodes = 0;
    const QJsonValue root = m_root.resolve(doc);
    if (root.isUndefined())
        return;
    if (m_splitKeys.isEmpty()) {
        mapRecord(root, 0, m_rootName, arrivalMs, out);
        return;
    }
    if (!root.isArray()) {
        mapRecord(root, 0, QString(), arrivalMs, out);
        return;
    }
    const QJsonArray records = root.toArray();
    const qsizetype n = std::min<qsizetype>(records.size(), SampleMapper::kMaxRecordsPerMessage);
    for (qsizetype i = 0; i < n && !exhausted(); ++i)
        mapRecord(records.at(i), 1, QString(), arrivalMs, out);
}

// With split keys, *prefix becomes the record's key values joined by "/"; false when the
// record has none (or they make too long a name). fieldOf(pointer) reads one field.
bool AutoDiscovery::splitPrefix(const std::function<QJsonValue(const JsonPointer &)> &fieldOf, QString *prefix) const
{
    if (m_splitKeys.isEmpty())
        return true;
    for (const JsonPointer &key : m_splitKeys) {
        const QString text = SeriesTemplate::fieldText(fieldOf(key));
        if (text.isEmpty())
            continue;
        if (!prefix->isEmpty())
            prefix->append(u'/');
        prefix->append(text);
    }
    return !prefix->isEmpty() && prefix->size() < SampleMapper::kMaxSeriesNameLength;
}

// prefix is null in split mode: the record's key values make it.
void AutoDiscovery::mapRecord(const QJsonValue &record, int depth, const QString &prefix,
                              qint64 arrivalMs, SampleBatch *out)
{
    ++m_nodes;
    qint64 t = arrivalMs;
    if (m_timeFormat != TimeFormat::Arrival && !SampleTime::toEpochMs(m_time.resolve(record), m_timeFormat, &t))
        return;   // a record whose time cannot be read is skipped, not given the arrival time
    QString keyPrefix = prefix;
    if (!splitPrefix([&](const JsonPointer &key) { return key.resolve(record); }, &keyPrefix))
        return;
    QString path;
    path.reserve(64);
    walk(record, depth, &path, keyPrefix, t, out);
}

bool AutoDiscovery::descend(const QString &token, const QJsonValue &child, int depth, QString *path,
                            const QString &prefix, qint64 t, SampleBatch *out)
{
    // Checked before building anything, so a megabyte-long key costs nothing.
    if (prefix.size() + path->size() + 1 + token.size() > SampleMapper::kMaxSeriesNameLength) {
        ++m_nodes;
        return !exhausted();
    }
    const qsizetype mark = path->size();
    QString clean = token;
    SeriesTemplate::stripControlCharacters(&clean);
    path->append(u'/');
    path->append(JsonPointer::escapeToken(clean));
    walk(child, depth, path, prefix, t, out);
    path->truncate(mark);
    return !exhausted();
}

void AutoDiscovery::walk(const QJsonValue &value, int depth, QString *path, const QString &prefix,
                         qint64 t, SampleBatch *out)
{
    if (exhausted())
        return;
    ++m_nodes;
    switch (value.type()) {
    case QJsonValue::Object: {
        if (depth >= SampleMapper::kMaxDepth)
            return;
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            if (!descend(it.key(), it.value(), depth + 1, path, prefix, t, out))
                return;
        return;
    }
    case QJsonValue::Array: {
        if (depth >= SampleMapper::kMaxDepth)
            return;
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            if (!descend(QString::number(i), array.at(i), depth + 1, path, prefix, t, out))
                return;
        return;
    }
    case QJsonValue::Double:
    case QJsonValue::String: {
        double v = 0;
        if (SampleValue::toDouble(value, false, &v))
            emitLeaf(v, *path, prefix, t, out);
        return;
    }
    default:
        return;   // booleans and null are states, not series
    }
}

void AutoDiscovery::emitLeaf(double v, const QString &path, const QString &prefix, qint64 t, SampleBatch *out)
{
    if (m_excluded.contains(path))
        return;
    QString name = prefix + path;
    if (!SampleMapper::finishSeriesName(&name))
        return;
    out->append(Sample{ std::move(name), t, v });
    ++m_leaves;
}
