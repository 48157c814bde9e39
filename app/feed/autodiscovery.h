// AutoDiscovery: SampleMapper's mode for profiles without rules. Every numeric leaf
// (number or numeric string; never booleans or null) becomes a series named by its JSON
// Pointer ("/price", "/data/0/p"). With split keys, each record (the walked value, or
// each element when it is an array) is named "<key values joined by />/<pointer>", e.g.
// "BTCUSD/price", the key fields are not series, and records without any key are skipped.
// Bounded per message by SampleMapper's kMaxLeavesPerMessage, kMaxNodesPerMessage, kMaxDepth.
// Two walks with the same results: over a QJsonValue (the reference, autodiscovery.cpp)
// and over a JsonTape (the ingest path, autodiscoverytape.cpp), which visits object
// members in QJsonObject's order (sorted by key, the last of duplicate keys) so the leaf
// limit keeps the same leaves. The tape walk builds no names per message: each distinct
// path (record prefix + member keys / indices) is an entry of a path tree made once, with
// its finished series name, looked up by (parent entry, raw key bytes).
// An object's entry also remembers its members' order (at most kMaxListedChildren members,
// kMaxLayoutKeyBytes of keys), so a feed sending the same members sorts them once.
// Bound: the path tree is emptied before a message when it holds more than
// kMaxCachedPaths entries; one message adds at most kMaxNodesPerMessage + kMaxRecordsPerMessage.
#pragma once
#include "feedprofile.h"
#include "sample.h"

#include <QHash>

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

class JsonTape;

class AutoDiscovery
{
public:
    explicit AutoDiscovery(const FeedProfile &profile = {});
    static constexpr int kMaxCachedPaths = 8192;
    int cachedPaths() const { return int(m_paths.size()); }   // for the bound's test
    void map(const QJsonValue &doc, qint64 arrivalMs, SampleBatch *out);
    void map(const JsonTape &tape, qint64 arrivalMs, SampleBatch *out);

private:
    // One distinct path under one record prefix (the tape walk's cache).
    struct PathEntry
    {
        QString path;            // "/a/0/b" (escaped, control characters removed)
        QString name;            // finished series name; empty = this leaf gives no sample
        qsizetype base = 0;      // prefix length + path length, for the name-length check
        bool tooLong = false;    // its name would pass kMaxSeriesNameLength: skipped unbuilt
        // Children by raw key: the first kMaxListedChildren here (a steady feed finds each
        // at the same position every message), the rest in m_children.
        std::vector<std::pair<QByteArray, int>> children;
        // An object's members as last seen here, in message order, with their entries (-1:
        // not looked up yet), and the order to visit them in (sorted, duplicates dropped):
        // a steady feed sends the same members in the same order, so it sorts once.
        struct Member { QByteArray key; int entry = -1; };
        struct Step { quint8 member; quint8 position; };
        std::vector<Member> layout;
        std::vector<Step> order;
    };
    static constexpr int kMaxListedChildren = 32;   // also: objects with more members sort each time
    static constexpr int kMaxLayoutKeyBytes = 512;  // objects with longer keys together sort each time
    void mapRecord(const JsonTape &tape, int record, int depth, const QString &prefix, qint64 arrivalMs,
                   SampleBatch *out);
    void walk(const JsonTape &tape, int node, int entry, int depth, const QString &prefix, qint64 t,
              SampleBatch *out);
    // *entry: the child's entry when known (else -1), set when visit() looks it up.
    bool visit(const JsonTape &tape, int child, QByteArrayView key, bool escaped, int parent, qsizetype position,
               int depth, const QString &prefix, qint64 t, SampleBatch *out, int *entry);
    void walkObject(const JsonTape &tape, int node, int entry, int depth, const QString &prefix, qint64 t,
                    SampleBatch *out);
    int childEntry(int parent, QByteArrayView key, bool escaped, const QString &prefix, qsizetype position);
    int rootEntry(const QString &prefix);
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
    std::vector<PathEntry> m_paths;                  // the path tree (tape walk)
    std::unordered_map<std::string, int> m_children; // (parent id, raw key) -> entry
    QHash<QString, int> m_roots;                     // record prefix -> its root entry
    int m_plainRoot = -1;                            // root entry without split keys (-1: none yet)
    std::string m_probe;                             // reused lookup key
};
