// SampleMapper: turns one incoming text frame into zero or more samples, following a
// FeedProfile (rules) or auto-discovery (every numeric leaf, named by its JSON Pointer).
// Handles: numbers sent as strings, arrays of records, wrapper objects, several message
// types per connection, non-JSON frames (reported, never fatal).
// Rules: the first rule whose "match" holds maps the message; no rule => NoSamples.
// A sample is skipped (not named "{/s}") when a template field or the time is missing,
// and when its name is empty or longer than kMaxSeriesNameLength after control
// characters are stripped (skipped rather than truncated: truncation merges series).
// Two paths with the same results: map(QByteArrayView) parses the UTF-8 bytes into a
// JsonTape and maps rules with RuleMapper (no DOM, cached names) or auto-discovery on the
// tape: the ingest path; mapWithQt()/mapDocument() parse with QJsonDocument and are the
// reference the tests hold the fast path to. Documents too large for the tape go through
// QJsonDocument.
// Pure and single-threaded: FeedPipeline owns one per connection on the ingest thread.
#pragma once
#include "autodiscovery.h"
#include "feedprofile.h"
#include "jsontape.h"
#include "rulemapper.h"
#include "sample.h"
#include "seriestemplate.h"

class SampleMapper
{
public:
    enum class Result { Mapped, NoSamples, NotJson };

    explicit SampleMapper(FeedProfile profile = {});
    const FeedProfile &profile() const { return m_profile; }

    // Appends to *out. arrivalMs is used when the rule has no time field.
    Result map(QByteArrayView utf8, qint64 arrivalMs, SampleBatch *out);   // the ingest path
    Result map(QStringView text, qint64 arrivalMs, SampleBatch *out);      // text: mapped as its UTF-8
    Result mapWithQt(const QByteArray &utf8, qint64 arrivalMs, SampleBatch *out);   // via QJsonDocument
    Result mapDocument(const QJsonValue &doc, qint64 arrivalMs, SampleBatch *out);

    // Limits on auto-discovery so a hostile message cannot explode the series count.
    static constexpr int kMaxLeavesPerMessage = 256;     // samples per message (auto-discovery)
    static constexpr int kMaxDepth = 32;                 // containers deeper than this are not entered
    static constexpr int kMaxSeriesNameLength = 200;     // longer names => sample skipped
    static constexpr int kMaxNodesPerMessage = 4096;     // JSON values visited per message (auto-discovery)
    // Limits for rules.
    static constexpr int kMaxRecordsPerMessage = 1024;   // array elements mapped (items / split records)
    static constexpr int kMaxSamplesPerMessage = 4096;

    // Strips control characters; false when the name is then empty or too long.
    static bool finishSeriesName(QString *name);

private:
    struct CompiledRule
    {
        SeriesTemplate series;
        QStringList fixedNames;        // per value label, when the template has no record fields
    };
    static bool matches(const MappingRule &rule, const QJsonValue &doc);
    void mapRule(qsizetype index, const QJsonValue &doc, qint64 arrivalMs, SampleBatch *out);
    void walkItems(const MappingRule &rule, const CompiledRule &compiled, int level, qint64 arrivalMs,
                   SampleBatch *out, qsizetype limit);
    void mapRecord(const MappingRule &rule, const CompiledRule &compiled, int depth,
                   qint64 arrivalMs, SampleBatch *out, qsizetype limit);
    QJsonValue at(const JsonPointer &pointer, int depth) const;

    FeedProfile m_profile;
    QList<CompiledRule> m_compiled;
    QJsonValue m_levels[FeedProfile::kMaxItemLevels + 1];   // reference path: message, then each level's record
    int m_records = 0;
    AutoDiscovery m_auto;
    JsonTape m_tape;
    RuleMapper m_rules;
};
