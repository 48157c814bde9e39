// FeedProfile: how one feed's messages become samples, loaded from a JSON file
// (format: docs/profiles.md). Parsing reports the first problem with file, line and
// field so the command line and the connection editor can show it verbatim.
#pragma once
#include "feedendpoint.h"
#include "jsonpointer.h"

#include <QList>
#include <QString>

enum class TimeFormat { Arrival, EpochSeconds, EpochMillis, EpochMicros, EpochNanos, Iso8601 };

struct MappingRule
{
    QString name;                         // optional label, for errors/UI
    QList<QPair<JsonPointer, QJsonValue>> match;   // all must equal (string "42" matches number 42? no: exact JSON equality)
    JsonPointer items;                    // optional: array of records, each mapped separately ("" = the message itself)
    QList<QPair<QString, JsonPointer>> values;     // value label -> pointer (relative to the record)
    QString seriesTemplate;               // e.g. "{/s}.{value}"; {value} = value label, {/ptr} = field of the record
    JsonPointer time;                     // relative to the record; invalid/empty => arrival time
    TimeFormat timeFormat = TimeFormat::Arrival;
};

struct FeedProfile
{
    QString name;
    QString sourceFile;
    FeedEndpoint endpoint;                // url may be empty when the profile is only a mapping
    QList<MappingRule> rules;             // empty => auto-discovery
    // Auto-discovery options (used when rules is empty):
    QList<JsonPointer> splitKeys;         // string fields whose value prefixes series names (e.g. /symbol)
    JsonPointer autoRoot;                 // where to start walking ("" = whole message)

    bool isAutoDiscovery() const { return rules.isEmpty(); }

    // Returns false and sets *error ("file:line: field 'rules[0].values': must be ...").
    static bool fromJson(const QByteArray &json, FeedProfile *out, QString *error,
                         const QString &sourceName = QStringLiteral("<profile>"));
    static bool load(const QString &path, FeedProfile *out, QString *error);
};
