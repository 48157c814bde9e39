#include "mappingjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace MappingJson {

namespace {

void writeTime(QJsonObject *o, const JsonPointer &time, TimeFormat format)
{
    if (format != TimeFormat::Arrival)
        o->insert(QStringLiteral("time"), time.toString());
    o->insert(QStringLiteral("timeFormat"), SampleTime::formatName(format));
}

// One pointer, or (profiles with nested items) one per level.
QJsonValue items(const JsonPointer &p)
{
    return p.toString();
}

template <typename List>
QJsonValue items(const List &levels)
{
    if (levels.size() == 1)
        return levels.first().toString();
    QJsonArray a;
    for (const JsonPointer &p : levels)
        a.append(p.toString());
    return a;
}

QJsonObject rule(const MappingRule &r)
{
    QJsonObject o;
    if (!r.name.isEmpty())
        o.insert(QStringLiteral("name"), r.name);
    if (!r.match.isEmpty()) {
        QJsonObject match;
        for (const auto &[pointer, value] : r.match)
            match.insert(pointer.toString(), value);
        o.insert(QStringLiteral("match"), match);
    }
    if (r.hasItems)
        o.insert(QStringLiteral("items"), items(r.items));
    if (r.values.size() == 1 && r.values.first().first == r.values.first().second.toString()) {
        o.insert(QStringLiteral("values"), r.values.first().second.toString());   // a pointer is its own label
    } else {
        QJsonObject values;
        for (const auto &[label, pointer] : r.values)
            values.insert(label, pointer.toString());
        o.insert(QStringLiteral("values"), values);
    }
    if (!r.seriesTemplate.isEmpty())
        o.insert(QStringLiteral("series"), r.seriesTemplate);
    writeTime(&o, r.time, r.timeFormat);
    return o;
}

} // namespace

QByteArray write(const FeedProfile &profile)
{
    QJsonObject root;
    root.insert(QStringLiteral("name"), profile.name.trimmed().isEmpty() ? QStringLiteral("recorded") : profile.name);
    if (!profile.description.isEmpty())
        root.insert(QStringLiteral("description"), profile.description);
    if (!profile.rules.isEmpty()) {
        QJsonArray rules;
        for (const MappingRule &r : profile.rules)
            rules.append(rule(r));
        root.insert(QStringLiteral("rules"), rules);
    } else {
        QJsonObject a;
        if (!profile.autoRoot.isRoot())
            a.insert(QStringLiteral("root"), profile.autoRoot.toString());
        if (!profile.splitKeys.isEmpty()) {
            QJsonArray split;
            for (const JsonPointer &p : profile.splitKeys)
                split.append(p.toString());
            a.insert(QStringLiteral("split"), split);
        }
        writeTime(&a, profile.autoTime, profile.autoTimeFormat);
        root.insert(QStringLiteral("auto"), a);
    }
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

} // namespace MappingJson
