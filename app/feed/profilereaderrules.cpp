// ProfileReader, continued: the "rules" (match, items levels, values, series, time with
// "../" references to enclosing records) and "auto" sections.
#include "jsonlocator.h"
#include "profilereader.h"
#include "samplemapper.h"
#include "seriestemplate.h"

#include <QJsonArray>

bool ProfileReader::readRule(const QJsonValue &v, const QString &path, MappingRule *out)
{
    if (!v.isObject())
        return fail(path, QStringLiteral("must be a rule object { \"values\": ..., ... }, got %1").arg(kindOf(v)));
    const QJsonObject o = v.toObject();
    if (!checkKeys(o, path, { QStringLiteral("name"), QStringLiteral("match"), QStringLiteral("items"), QStringLiteral("values"),
                              QStringLiteral("series"), QStringLiteral("time"), QStringLiteral("timeFormat") }))
        return false;
    return readString(o, path, QStringLiteral("name"), &out->name) && readMatch(o, path, out)
            && readItems(o, path, out) && readValues(o, path, out) && readSeries(o, path, out)
            && readTime(o, path, &out->time, &out->timeFormat, int(out->items.size()));
}

bool ProfileReader::readMatch(const QJsonObject &o, const QString &path, MappingRule *out)
{
    QJsonObject match;
    bool present = false;
    if (!readObject(o, path, QStringLiteral("match"), &match, &present))
        return false;
    if (!present)
        return true;
    const QString matchPath = JsonLocator::keyPath(path, QStringLiteral("match"));
    for (auto it = match.begin(); it != match.end(); ++it) {
        QString error;
        const JsonPointer pointer = JsonPointer::parse(it.key(), &error);
        if (!pointer.isValid())
            return fail(JsonLocator::keyPath(matchPath, it.key()),
                        QStringLiteral("keys of \"match\" are JSON Pointers into the message; %1").arg(error));
        out->match.append({ pointer, it.value() });
    }
    return true;
}

bool ProfileReader::readItems(const QJsonObject &o, const QString &path, MappingRule *out)
{
    const QJsonValue v = o.value(QLatin1String("items"));
    out->hasItems = !v.isUndefined();
    if (v.isUndefined())
        return true;
    const QString itemsPath = JsonLocator::keyPath(path, QStringLiteral("items"));
    const QString expected = QStringLiteral("a JSON Pointer such as \"/data\", or a list of pointers walked level "
                                            "by level such as [\"/updates\", \"/values\"]");
    QJsonArray levels;
    if (v.isString())
        levels.append(v);
    else if (v.isArray())
        levels = v.toArray();
    else
        return fail(itemsPath, QStringLiteral("must be %1, got %2").arg(expected, kindOf(v)));
    if (levels.isEmpty())
        return fail(itemsPath, QStringLiteral("is an empty list; remove \"items\" (the whole message is the record) "
                                              "or give %1").arg(expected));
    if (levels.size() > FeedProfile::kMaxItemLevels)
        return fail(itemsPath, QStringLiteral("has %1 levels; at most %2 are allowed")
                                       .arg(levels.size()).arg(FeedProfile::kMaxItemLevels));
    for (int i = 0; i < levels.size(); ++i) {
        const QString levelPath = v.isArray() ? JsonLocator::indexPath(itemsPath, i) : itemsPath;
        if (!levels.at(i).isString())
            return fail(levelPath, QStringLiteral("must be a JSON Pointer string such as \"/data\", got %1")
                                           .arg(kindOf(levels.at(i))));
        QString error;
        const JsonPointer pointer = JsonPointer::parse(levels.at(i).toString(), &error);
        if (!pointer.isValid())
            return fail(levelPath, error);
        if (i > 0 && pointer.isRoot())
            return fail(levelPath, QStringLiteral("\"\" only makes sense as the first level (an array at the root); "
                                                  "name the field that holds the next records, e.g. \"/values\""));
        out->items.append(pointer);
    }
    return true;
}

bool ProfileReader::checkUp(const JsonPointer &pointer, int levels, const QString &path)
{
    if (pointer.up() <= levels)
        return true;
    if (levels == 0)
        return fail(path, QStringLiteral("\"%1\" reaches outside the record with \"../\", but the rule has no "
                                         "\"items\": the whole message is the record, so write \"/...\"")
                                  .arg(pointer.toString()));
    return fail(path, QStringLiteral("\"%1\" climbs %2 levels with \"../\", but \"items\" has %3, so at most %3 "
                                     "(the last one reaches the message)")
                              .arg(pointer.toString()).arg(pointer.up()).arg(levels));
}

bool ProfileReader::readValues(const QJsonObject &o, const QString &path, MappingRule *out)
{
    const QString valuesPath = JsonLocator::keyPath(path, QStringLiteral("values"));
    const QJsonValue v = o.value(QLatin1String("values"));
    const QString expected = QStringLiteral("a pointer such as \"/p\", or an object of label -> pointer such as "
                                            "{\"bid\": \"/b\", \"ask\": \"/a\"}");
    if (v.isUndefined())
        return fail(valuesPath, QStringLiteral("missing; every rule needs %1").arg(expected), path);
    QString error;
    if (v.isString()) {
        const JsonPointer pointer = JsonPointer::parseRelative(v.toString(), &error);
        if (!pointer.isValid())
            return fail(valuesPath, error);
        if (!checkUp(pointer, int(out->items.size()), valuesPath))
            return false;
        out->values.append({ v.toString(), pointer });
        return true;
    }
    if (!v.isObject())
        return fail(valuesPath, QStringLiteral("must be %1, got %2").arg(expected, kindOf(v)));
    const QJsonObject labels = v.toObject();
    if (labels.isEmpty())
        return fail(valuesPath, QStringLiteral("is empty; name at least one value, e.g. {\"price\": \"/p\"}"));
    if (labels.size() > FeedProfile::kMaxValuesPerRule)
        return fail(valuesPath, QStringLiteral("has %1 labels; at most %2 are allowed").arg(labels.size()).arg(FeedProfile::kMaxValuesPerRule));
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        const QString labelPath = JsonLocator::keyPath(valuesPath, it.key());
        if (it.key().isEmpty())
            return fail(labelPath, QStringLiteral("a value label must not be empty"));
        if (!it.value().isString())
            return fail(labelPath, QStringLiteral("must be a JSON Pointer string such as \"/p\", got %1").arg(kindOf(it.value())));
        const JsonPointer pointer = JsonPointer::parseRelative(it.value().toString(), &error);
        if (!pointer.isValid())
            return fail(labelPath, error);
        if (!checkUp(pointer, int(out->items.size()), labelPath))
            return false;
        out->values.append({ it.key(), pointer });
    }
    return true;
}

bool ProfileReader::readSeries(const QJsonObject &o, const QString &path, MappingRule *out)
{
    const QString seriesPath = JsonLocator::keyPath(path, QStringLiteral("series"));
    if (!readString(o, path, QStringLiteral("series"), &out->seriesTemplate))
        return false;
    if (out->seriesTemplate.isNull()) {
        if (out->values.size() == 1 && out->values.first().first.isEmpty())
            return fail(seriesPath, QStringLiteral("missing; \"values\" is the whole record (\"\"), so give the series a name, "
                                                   "e.g. \"price\" or \"{/symbol}\""), path);
        if (out->values.size() > 1)
            return fail(seriesPath, QStringLiteral("missing; \"values\" has %1 labels, so a name template with {value} "
                                                   "is needed, e.g. \"{value}\" or \"{/s}.{value}\"").arg(out->values.size()),
                        path);
        return true;
    }
    if (out->seriesTemplate.size() > SampleMapper::kMaxSeriesNameLength)
        return fail(seriesPath, QStringLiteral("is %1 characters long; series names are limited to %2")
                                        .arg(out->seriesTemplate.size()).arg(SampleMapper::kMaxSeriesNameLength));
    QString error;
    const SeriesTemplate parsed = SeriesTemplate::parse(out->seriesTemplate, &error);
    if (!parsed.isValid())
        return fail(seriesPath, error);
    for (const JsonPointer &field : parsed.fieldPointers())
        if (!checkUp(field, int(out->items.size()), seriesPath))
            return false;
    if (out->values.size() > 1 && !parsed.usesValueLabel())
        return fail(seriesPath, QStringLiteral("must contain {value}: \"values\" has %1 labels that would all land "
                                               "in one series").arg(out->values.size()));
    return true;
}

bool ProfileReader::readAuto(const QJsonObject &o, FeedProfile *out)
{
    const QString path = QStringLiteral("auto");
    if (!checkKeys(o, path, { QStringLiteral("root"), QStringLiteral("split"), QStringLiteral("time"), QStringLiteral("timeFormat") })
        || !readPointer(o, path, QStringLiteral("root"), &out->autoRoot)
        || !readTime(o, path, &out->autoTime, &out->autoTimeFormat))
        return false;
    const QJsonValue split = o.value(QLatin1String("split"));
    if (split.isUndefined())
        return true;
    const QString splitPath = JsonLocator::keyPath(path, QStringLiteral("split"));
    if (!split.isArray())
        return fail(splitPath, QStringLiteral("must be an array of pointers to key fields, e.g. [\"/symbol\"], got %1").arg(kindOf(split)));
    const QJsonArray keys = split.toArray();
    if (keys.size() > FeedProfile::kMaxSplitKeys)
        return fail(splitPath, QStringLiteral("has %1 keys; at most %2 are allowed").arg(keys.size()).arg(FeedProfile::kMaxSplitKeys));
    for (int i = 0; i < keys.size(); ++i) {
        const QString keyPath = JsonLocator::indexPath(splitPath, i);
        if (!keys.at(i).isString())
            return fail(keyPath, QStringLiteral("must be a JSON Pointer string such as \"/symbol\", got %1").arg(kindOf(keys.at(i))));
        QString error;
        const JsonPointer pointer = JsonPointer::parse(keys.at(i).toString(), &error);
        if (!pointer.isValid())
            return fail(keyPath, error);
        if (pointer.isRoot())
            return fail(keyPath, QStringLiteral("\"\" is the whole record; name a field, e.g. \"/symbol\""));
        out->splitKeys.append(pointer);
    }
    return true;
}
