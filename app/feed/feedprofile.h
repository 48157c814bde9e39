// FeedProfile: how one feed's messages become samples, loaded from a JSON file
// (format: docs/profiles.md). Parsing reports the first problem with file, line and
// field so the command line and the connection editor can show it verbatim:
//   "btc.json:12: rules[0].timeFormat: unknown value "msec"; expected one of ...".
// The work is done by ProfileReader; SampleMapper consumes the result.
#pragma once
#include "feedendpoint.h"
#include "jsonpointer.h"
#include "sampletime.h"

#include <QList>
#include <QPair>
#include <QString>

struct MappingRule
{
    QString name;                         // optional label, for errors/UI
    QList<QPair<JsonPointer, QJsonValue>> match;   // all must equal (exact JSON equality: "42" != 42)
    bool hasItems = false;                // false: the whole message is the one record
    // Where the records are, level by level (up to kMaxItemLevels): items[0] relative to
    // the message, items[k] relative to each record of level k-1. At every level an array
    // there => each element, anything else => itself. The records of the last level are mapped.
    QList<JsonPointer> items;
    // Pointers below are relative to the record; with up() > 0 ("../ts") to the record
    // that many levels up (level 0 = the message). Checked when loading: up() <= items.size().
    QList<QPair<QString, JsonPointer>> values;     // value label -> pointer
    QString seriesTemplate;               // e.g. "{/s}.{value}"; {value} = value label, {/ptr} = field of the record; empty = "{value}"
    JsonPointer time;                     // used unless timeFormat is Arrival
    TimeFormat timeFormat = TimeFormat::Arrival;
};

struct FeedProfile
{
    QString name;
    QString description;
    QString sourceFile;
    FeedEndpoint endpoint;                // url may be empty when the profile is only a mapping
    QList<MappingRule> rules;             // empty => auto-discovery
    // Auto-discovery options (used when rules is empty):
    QList<JsonPointer> splitKeys;         // string fields whose value prefixes series names (e.g. /symbol)
    JsonPointer autoRoot;                 // where to start walking ("" = whole message)
    JsonPointer autoTime;                 // relative to the record; used unless autoTimeFormat is Arrival
    TimeFormat autoTimeFormat = TimeFormat::Arrival;

    bool isAutoDiscovery() const { return rules.isEmpty(); }

    static constexpr qint64 kMaxFileBytes = 1024 * 1024;   // profiles larger than 1 MiB are refused
    static constexpr int kMaxRules = 64;
    static constexpr int kMaxValuesPerRule = 64;
    static constexpr int kMaxSplitKeys = 8;
    static constexpr int kMaxItemLevels = 4;               // items: ["/a", "/b", "/c", "/d"] at most

    // Returns false and sets *error ("<file>:<line>: <field path>: <what is wrong, what is expected>").
    static bool fromJson(const QByteArray &json, FeedProfile *out, QString *error,
                         const QString &sourceName = QStringLiteral("<profile>"));
    static bool load(const QString &path, FeedProfile *out, QString *error);
};
