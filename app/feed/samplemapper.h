// SampleMapper: turns one incoming text frame into zero or more samples, following a
// FeedProfile (rules) or auto-discovery (every numeric leaf, named by its JSON Pointer).
// Handles: numbers sent as strings, arrays of records, wrapper objects, several message
// types per connection, non-JSON frames (reported, never fatal).
// Pure and single-threaded: FeedPipeline owns one per connection on the ingest thread.
#pragma once
#include "feedprofile.h"
#include "sample.h"

class SampleMapper
{
public:
    enum class Result { Mapped, NoSamples, NotJson };

    explicit SampleMapper(FeedProfile profile = {});
    const FeedProfile &profile() const { return m_profile; }

    // Appends to *out. arrivalMs is used when the rule has no time field.
    Result map(const QByteArray &utf8, qint64 arrivalMs, SampleBatch *out);
    Result mapDocument(const QJsonValue &doc, qint64 arrivalMs, SampleBatch *out);

    // Limits on auto-discovery so a hostile message cannot explode the series count.
    static constexpr int kMaxLeavesPerMessage = 256;
    static constexpr int kMaxDepth = 32;
    static constexpr int kMaxSeriesNameLength = 200;

private:
    FeedProfile m_profile;
};
