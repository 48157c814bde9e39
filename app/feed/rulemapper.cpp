#include "rulemapper.h"
#include "jsontape.h"
#include "samplemapper.h"
#include "sampletime.h"
#include "samplevalue.h"

RuleMapper::RuleMapper(const QList<MappingRule> &rules)
{
    for (const MappingRule &mapping : rules) {
        Rule rule;
        rule.rule = mapping;
        if (!mapping.seriesTemplate.isEmpty())
            rule.series = SeriesTemplate::parse(mapping.seriesTemplate);
        rule.fields = rule.series.fieldPointers();
        if (rule.series.isValid() && !rule.series.usesRecordFields()) {
            for (const auto &value : mapping.values) {
                QString name;
                rule.series.expandFields({}, value.first, &name);
                rule.fixedNames.append(SampleMapper::finishSeriesName(&name) ? name : QString());
            }
        }
        for (const auto &condition : mapping.match) {
            // A lone surrogate has no UTF-8 form (toUtf8 writes '?', which would match "?"):
            // a null entry makes matches() compare that string as a QJsonValue.
            const QString text = condition.second.toString();
            rule.matchStrings.append(condition.second.isString() && text.isValidUtf16() ? text.toUtf8() : QByteArray());
        }
        m_rules.append(rule);
    }
}

void RuleMapper::map(const JsonTape &tape, qint64 arrivalMs, SampleBatch *out)
{
    for (Rule &rule : m_rules) {
        if (!matches(rule, tape))
            continue;
        if (!rule.series.isValid())
            return;
        const qsizetype limit = out->size() + SampleMapper::kMaxSamplesPerMessage;
        m_levels[0] = JsonTape::root();
        m_records = 0;
        if (rule.rule.items.isEmpty())
            mapRecord(rule, tape, 0, arrivalMs, out, limit);
        else
            walkItems(rule, tape, 0, arrivalMs, out, limit);
        return;
    }
}

// Level `level` of items, relative to the record m_levels[level]: each record found there
// becomes m_levels[level + 1], then either the next level is walked or it is mapped.
void RuleMapper::walkItems(Rule &rule, const JsonTape &tape, int level, qint64 arrivalMs, SampleBatch *out,
                           qsizetype limit)
{
    const int records = tape.resolve(rule.rule.items.at(level), m_levels[level]);
    if (records < 0)
        return;
    const bool last = level + 1 == rule.rule.items.size();
    auto visit = [&](int record) {
        m_levels[level + 1] = record;
        if (last)
            mapRecord(rule, tape, level + 1, arrivalMs, out, limit);
        else
            walkItems(rule, tape, level + 1, arrivalMs, out, limit);
    };
    if (tape.kind(records) != JsonTape::Kind::Array) {
        visit(records);
        return;
    }
    for (int r = tape.firstChild(records);
         r >= 0 && m_records < SampleMapper::kMaxRecordsPerMessage && out->size() < limit;
         r = tape.nextSibling(records, r)) {
        ++m_records;
        visit(r);
    }
}

int RuleMapper::at(const JsonPointer &pointer, const JsonTape &tape, int depth) const
{
    return pointer.up() > depth ? -1 : tape.resolve(pointer, m_levels[depth - pointer.up()]);
}

bool RuleMapper::matches(const Rule &rule, const JsonTape &tape)
{
    for (qsizetype i = 0; i < rule.rule.match.size(); ++i) {
        const auto &condition = rule.rule.match.at(i);
        const int node = tape.resolve(condition.first);
        if (node < 0)
            return false;
        if (condition.second.isString() && !rule.matchStrings.at(i).isNull()) {
            if (!tape.stringEquals(node, rule.matchStrings.at(i)))
                return false;
        } else if (tape.value(node) != condition.second) {
            return false;
        }
    }
    return true;
}

void RuleMapper::mapRecord(Rule &rule, const JsonTape &tape, int depth, qint64 arrivalMs, SampleBatch *out,
                           qsizetype limit)
{
    const MappingRule &mapping = rule.rule;
    qint64 t = arrivalMs;
    if (mapping.timeFormat != TimeFormat::Arrival
        && !SampleTime::toEpochMs(tape, at(mapping.time, tape, depth), mapping.timeFormat, &t))
        return;   // the record says when, but unreadably: skip rather than invent a time
    const QStringList *names = rule.fields.isEmpty() ? &rule.fixedNames : namesFor(rule, tape, depth);
    if (!names)
        return;
    for (qsizetype k = 0; k < mapping.values.size() && out->size() < limit; ++k) {
        const QString &name = names->at(k);
        if (name.isEmpty())
            continue;
        const int node = at(mapping.values.at(k).second, tape, depth);
        double v = 0;
        if (node >= 0 && SampleValue::toDouble(tape, node, true, &v))
            out->append(Sample{ name, t, v });
    }
}

// Names for this record's field values: from the cache, or built and cached. The key
// is each field's kind and text, length-prefixed, so different values never collide.
const QStringList *RuleMapper::namesFor(Rule &rule, const JsonTape &tape, int depth)
{
    m_key.resize(0);
    m_fieldNodes.resize(0);
    bool cacheable = true;
    for (const JsonPointer &pointer : std::as_const(rule.fields)) {
        const int node = at(pointer, tape, depth);
        if (node < 0)
            return nullptr;              // a missing field names nothing
        m_fieldNodes.append(node);
        char kind;
        switch (tape.kind(node)) {
        case JsonTape::Kind::String: kind = 's'; break;
        case JsonTape::Kind::Number: kind = 'n'; break;
        case JsonTape::Kind::True: kind = 't'; break;
        case JsonTape::Kind::False: kind = 'f'; break;
        default: return nullptr;         // null, object, array: no field text
        }
        const QByteArrayView raw = tape.rawText(node);
        if (raw.size() > 0xffff || tape.isEscaped(node)) {
            cacheable = false;           // rare: build the names directly
            continue;
        }
        m_key.append(kind);
        m_key.append(char(raw.size() >> 8));
        m_key.append(char(raw.size() & 0xff));
        m_key.append(raw);
    }
    if (!cacheable) {
        m_uncached = buildNames(rule, tape, m_fieldNodes);
        return &m_uncached;
    }
    auto it = rule.names.constFind(m_key);
    if (it != rule.names.constEnd())
        return &it.value();
    if (rule.names.size() >= kMaxCachedRecords)
        rule.names.clear();
    return &rule.names.insert(m_key, buildNames(rule, tape, m_fieldNodes)).value();
}

QStringList RuleMapper::buildNames(const Rule &rule, const JsonTape &tape, const QList<int> &fieldNodes) const
{
    QStringList texts;
    for (int node : fieldNodes)
        texts.append(SeriesTemplate::fieldText(tape.value(node)));
    QStringList names;
    for (const auto &value : rule.rule.values) {
        QString name;
        if (!rule.series.expandFields(texts, value.first, &name) || !SampleMapper::finishSeriesName(&name))
            name.clear();
        names.append(name);
    }
    return names;
}
