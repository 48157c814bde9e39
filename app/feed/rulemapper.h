// RuleMapper: applies a profile's rules to one message parsed into a JsonTape (the
// ingest hot path; SampleMapper::mapDocument does the same on a QJsonDocument and is
// the reference the tests compare against). The first rule whose match holds maps the
// message. Series names built from record fields ("{/s}.{value}") are cached per rule
// and per distinct field values, so a steady feed allocates no names at all.
// Bound: kMaxCachedRecords distinct field-value combinations per rule; the cache is
// emptied when it is full (a feed with more distinct keys rebuilds names, nothing else).
// Nested items: at most SampleMapper::kMaxRecordsPerMessage array elements are visited
// per message over all levels together, and at most kMaxSamplesPerMessage samples made.
#pragma once
#include "feedprofile.h"
#include "sample.h"
#include "seriestemplate.h"

#include <QHash>

class JsonTape;

class RuleMapper
{
public:
    explicit RuleMapper(const QList<MappingRule> &rules = {});

    static constexpr int kMaxCachedRecords = 4096;

    void map(const JsonTape &tape, qint64 arrivalMs, SampleBatch *out);

private:
    struct Rule
    {
        MappingRule rule;
        SeriesTemplate series;
        QList<JsonPointer> fields;          // the template's {/pointer} fields
        QStringList fixedNames;             // per value label, when there are no fields
        QList<QByteArray> matchStrings;     // expected UTF-8 of string match conditions (null: compared as QJsonValue)
        QHash<QByteArray, QStringList> names;   // field values (raw UTF-8) -> names per value label ("" = skip)
    };
    // The records of each items level being mapped: m_levels[0] is the message,
    // m_levels[k] the current record of level k (a "../" pointer climbs this).
    int at(const JsonPointer &pointer, const JsonTape &tape, int depth) const;
    static bool matches(const Rule &rule, const JsonTape &tape);
    void walkItems(Rule &rule, const JsonTape &tape, int level, qint64 arrivalMs, SampleBatch *out, qsizetype limit);
    void mapRecord(Rule &rule, const JsonTape &tape, int depth, qint64 arrivalMs, SampleBatch *out,
                   qsizetype limit);
    const QStringList *namesFor(Rule &rule, const JsonTape &tape, int depth);
    QStringList buildNames(const Rule &rule, const JsonTape &tape, const QList<int> &fieldNodes) const;

    QList<Rule> m_rules;
    int m_levels[FeedProfile::kMaxItemLevels + 1] = {};
    int m_records = 0;                      // elements visited this message, all levels
    QByteArray m_key;                       // reused lookup key
    QList<int> m_fieldNodes;                // reused
    QStringList m_uncached;                 // names of the record being mapped when not cacheable
};
