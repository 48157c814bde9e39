// AutoDiscovery: SampleMapper's mode for profiles without rules. Every numeric leaf
// (number or numeric string; never booleans or null) becomes a series named by its JSON
// Pointer ("/price", "/data/0/p"). With split keys, each record (the walked value, or
// each element when it is an array) is named "<key values joined by />/<pointer>", e.g.
// "BTCUSD/price", the key fields are not series, and records without any key are skipped.
// Bounded per message by SampleMapper's kMaxLeavesPerMessage, kMaxNodesPerMessage, kMaxDepth.
// Two walks with the same results: over a QJsonValue (the reference) and over a JsonTape
// (the ingest path), which visits object members in QJsonObject's order (sorted by key,
// the last of duplicate keys) so the leaf limit keeps the same leaves.
#pragma once
#include "feedprofile.h"
#include "sample.h"

#include <functional>

class JsonTape;

class AutoDiscovery
{
public:
    explicit AutoDiscovery(const FeedProfile &profile = {});
    void map(const QJsonValue &doc, qint64 arrivalMs, SampleBatch *out);
    void map(const JsonTape &tape, qint64 arrivalMs, SampleBatch *out);

private:
    void mapRecord(const JsonTape &tape, int record, int depth, const QString &prefix, qint64 arrivalMs,
                   SampleBatch *out);
    void walk(const JsonTape &tape, int node, int depth, QString *path, const QString &prefix, qint64 t,
              SampleBatch *out);
    bool descend(QStringView token, const JsonTape &tape, int child, int depth, QString *path,
                 const QString &prefix, qint64 t, SampleBatch *out);
    bool splitPrefix(const std::function<QJsonValue(const JsonPointer &)> &fieldOf, QString *prefix) const;
    void emitLeaf(double v, const QString &path, const QString &prefix, qint64 t, SampleBatch *out);

    void mapRecord(const QJsonValue &record, int depth, const QString &prefix, qint64 arrivalMs, SampleBatch *out);
    void walk(const QJsonValue &value, int depth, QString *path, const QString &prefix, qint64 t, SampleBatch *out);
    bool descend(const QString &token, const QJsonValue &child, int depth, QString *path,
                 const QString &prefix, qint64 t, SampleBatch *out);
    bool exhausted() const;

    JsonPointer m_root;
    QString m_rootName;
    QList<JsonPointer> m_splitKeys;
    QStringList m_excluded;          // record-relative pointers that are keys or time, not series
    JsonPointer m_time;
    TimeFormat m_timeFormat = TimeFormat::Arrival;
    int m_leaves = 0;                // per map() call
    int m_nodes = 0;
};
